"""Sources: accuracy on the labelled notes, and speed.

- Field-level precision, recall and F1 (family names, title, year, locator),
  kinds, glosses and work grouping on ``tests/sources/labelled`` (the notes the
  parser was developed on) and ``tests/sources/heldout`` (written apart, never
  tuned on).
- The works of a 100,000-word article with 1,000 notes (target: under 200 ms),
  on a parsed article, every cache cold.

- ``--library N``: ``reader sources`` across a generated library of N
  articles (tests/bench/corpus.py, ~5,000 words and ~25 notes each), read from
  the search index (target: under 1 s at 5,000 articles). The index is built
  once and kept in ``/tmp/reader-bench-sources-N``.

Run: .venv/bin/python tests/bench/bench_sources.py [--failures] [--library N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article  # noqa: E402

from reader.core.parse import parse_text  # noqa: E402
from reader.core.sources import works_of  # noqa: E402
from reader.core.sources.citation import read_citations  # noqa: E402
from tests.sources.labelled_set import HELD_OUT, HERE, load, score  # noqa: E402


def accuracy(name: str, folder: Path, show_failures: bool) -> None:
    result = score(load(folder))
    print(f"\n{name}: {result.notes} notes, {result.citations} citations, {result.glosses} glosses")
    print("| field | precision | recall | F1 |")
    print("|---|---|---|---|")
    for field, counts in result.fields.items():
        print(f"| {field} | {counts.precision:.3f} | {counts.recall:.3f} | {counts.f1:.3f} |")
    print(f"kind right: {result.kinds_right}/{result.citations}")
    print(f"glosses said to cite nothing: {result.glosses_right}/{result.glosses}")
    print(f"citations in exactly the right work: {result.grouped_right}/{result.grouped}")
    if show_failures:
        for failure in result.failures:
            print("  ", failure)


def speed() -> None:
    article = parse_text(make_article(100_000, 1_000).encode())
    runs = []
    for _ in range(10):
        read_citations.cache_clear()
        t0 = time.perf_counter()
        works = works_of(article)
        runs.append((time.perf_counter() - t0) * 1000)
    print(
        f"\nworks of a {article.word_count}-word article with {len(article.notes)} notes: "
        f"{len(works)} works, median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms "
        "(target < 200 ms)"
    )


def library(articles: int) -> None:
    import subprocess

    from corpus import make_library

    from reader.core.library import Library
    from reader.core.search.sync import sync
    from reader.core.sources.library import stored_works

    root = make_library(Path(f"/tmp/reader-bench-sources-{articles}"), articles)
    lib = Library(root)
    t0 = time.perf_counter()
    sync(lib, verify=False)
    print(
        f"\nlibrary of {articles} articles indexed (or checked) in {time.perf_counter() - t0:.1f} s"
    )
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        works = stored_works(lib)
        runs.append((time.perf_counter() - t0) * 1000)
    cited = sum(len(w.places) for w in works)
    print(
        f"works from the index: {len(works)} works, {cited} citations, "
        f"median {statistics.median(runs):.0f} ms, max {max(runs):.0f} ms"
    )
    reader = str(ROOT / ".venv" / "bin" / "reader")
    cold = []
    for args in (["sources", "--json"], ["sources"]):
        t0 = time.perf_counter()
        subprocess.run(
            [reader, "--library", str(root), *args], stdout=subprocess.DEVNULL, check=True
        )
        cold.append((time.perf_counter() - t0) * 1000)
    print(
        f"cold 'reader sources --json' / 'reader sources' (index up to date, output "
        f"to /dev/null): {cold[0]:.0f} / {cold[1]:.0f} ms (target < 1 s)"
    )


def main() -> None:
    show = "--failures" in sys.argv
    if "--library" in sys.argv:
        library(int(sys.argv[sys.argv.index("--library") + 1]))
        return
    accuracy("labelled (development)", HERE, show)
    accuracy("held out", HELD_OUT, show)
    speed()


if __name__ == "__main__":
    main()
