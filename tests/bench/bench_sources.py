"""Sources: accuracy on the labelled notes, and speed.

- Field-level precision, recall and F1 (family names, title, year, locator),
  kinds, glosses and work grouping on ``tests/sources/labelled`` (the notes the
  parser was developed on) and ``tests/sources/heldout`` (written apart, never
  tuned on).
- The works of a 100,000-word article with 1,000 notes (target: under 200 ms),
  on a parsed article, every cache cold.

- ``--library N``: ``reader sources`` across a generated library of N
  articles (tests/bench/corpus.py, ~5,000 words and ~25 notes each), read from
  the search index (target: under 1 s at 5,000 articles): the works grouped
  afresh, from the cache (``index/sources.cache``), the cache brought up to
  date after one text changed, and the command in a new process. The index is
  built once and kept in ``/tmp/reader-bench-sources-N``.

Run: .venv/bin/python tests/bench/bench_sources.py [--failures] [--library N]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article  # noqa: E402

from reader.core.parse import parse_text  # noqa: E402
from reader.core.sources import works_of  # noqa: E402
from reader.core.sources.citation import read_citations  # noqa: E402
from reader.core.sources.shelf import Shelf  # noqa: E402
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


def _clock(what: str, runs: int, f: Callable[[], object]) -> object:
    """Run ``f`` ``runs`` times; print the wall and CPU times (min–max)."""
    walls, cpus, out = [], [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = f()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    print(
        f"{what}: {min(walls):.0f}–{max(walls):.0f} ms "
        f"(CPU {min(cpus):.0f}–{max(cpus):.0f} ms, {runs} runs)"
    )
    return out


def _cold(root: Path, args: list[str], runs: int = 3) -> None:
    """``reader ARGS`` in a new process each time, output to /dev/null."""
    import resource
    import subprocess

    reader = str(ROOT / ".venv" / "bin" / "reader")
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            [reader, "--library", str(root), *args], stdout=subprocess.DEVNULL, check=True
        )
        walls.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cpus.append(cpu * 1000)
    print(
        f"cold 'reader {' '.join(args)}' (index and cache up to date, output to /dev/null): "
        f"{min(walls):.0f}–{max(walls):.0f} ms (CPU {min(cpus):.0f}–{max(cpus):.0f} ms)"
    )


def library(articles: int) -> None:
    from corpus import make_library

    from reader.core.library import Library
    from reader.core.search.sync import sync
    from reader.core.sources.library import library_shelf
    from reader.core.sources.shelf import CACHE
    from reader.core.sources.store import library_works

    root = make_library(Path(f"/tmp/reader-bench-sources-{articles}"), articles)
    lib = Library(root)
    t0 = time.perf_counter()
    sync(lib, verify=False)
    print(
        f"\nlibrary of {articles} articles indexed (or checked) in {time.perf_counter() - t0:.1f} s"
    )
    (lib.index_dir / CACHE).unlink(missing_ok=True)
    shelf = _clock(
        "works grouped afresh, the cache written (a full build does it)",
        1,
        lambda: library_shelf(lib),
    )
    assert isinstance(shelf, Shelf)
    print(f"  {len(shelf)} works, {sum(shelf.counts)} citations")
    _clock(
        "the library's works from the cache, the 100 most cited made",
        5,
        lambda: library_shelf(lib).works(0, 100),
    )
    _clock("… and every one made (the app, the exports)", 3, lambda: library_shelf(lib).works())
    _cold(root, ["sources"])
    _changed(lib, "no JSON kept")
    _clock("their JSON made and kept (the first --json)", 1, lambda: library_shelf(lib, tails=True))
    _clock("their JSON read", 3, lambda: library_shelf(lib, tails=True).tails())
    _cold(root, ["sources", "--json"])
    _changed(lib, "JSON kept")
    packed = _packed(lib)
    works = _clock(
        "the same works grouped afresh, nothing kept (as before the cache)",
        1,
        lambda: library_works(packed),
    )
    assert works == library_shelf(lib).works(), "the cache and a fresh grouping differ"


def _changed(lib: Any, what: str) -> None:
    """One text changed: only the works it touches are grouped again."""
    from reader.core.search.sync import sync
    from reader.core.sources.library import library_shelf

    path = sorted(lib.texts_dir.glob("*.md"))[len(list(lib.texts_dir.glob("*.md"))) // 2]
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"[^1]:", b"[^1]: Ibid. See also", 1))
        sync(lib, verify=False)
        _clock(
            f"one text changed ({what}): the cache brought up to date",
            1,
            lambda: library_shelf(lib),
        )
    finally:
        path.write_bytes(original)
        sync(lib, verify=False)
    _clock("… and back", 1, lambda: library_shelf(lib))


def _packed(lib: Any) -> list[bytes]:
    from reader.core.search import store

    packed: list[bytes] = []
    with store.open_index(lib.index_dir).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.has_column("sources"):
                column = leaf.column_reader("sources")
                packed.extend(column[docnum] for docnum in leaf.all_doc_ids())
    return packed


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
