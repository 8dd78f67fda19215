"""Sources: accuracy on the labelled notes, and speed.

- Field-level precision, recall and F1 (family names, title, year, locator),
  kinds, glosses and work grouping on ``tests/sources/labelled`` (the notes the
  parser was developed on) and ``tests/sources/heldout`` (written apart, never
  tuned on).
- The works of a 100,000-word article with 1,000 notes (target: under 200 ms),
  on a parsed article, every cache cold.

Run: .venv/bin/python tests/bench/bench_sources.py [--failures]
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


def main() -> None:
    show = "--failures" in sys.argv
    accuracy("labelled (development)", HERE, show)
    accuracy("held out", HELD_OUT, show)
    speed()


if __name__ == "__main__":
    main()
