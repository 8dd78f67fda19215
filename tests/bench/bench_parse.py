"""Parse time of a 100,000-word article (target: under 200 ms).

Run: .venv/bin/python tests/bench/bench_parse.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article  # noqa: E402

from reader.core.parse import parse_text  # noqa: E402


def main() -> None:
    source = make_article(100_000, 1_000).encode()
    article = parse_text(source)
    runs = []
    for _ in range(15):
        t0 = time.perf_counter()
        parse_text(source)
        runs.append((time.perf_counter() - t0) * 1000)
    print(
        f"article: {article.word_count} words, {len(source) / 1e6:.2f} MB, "
        f"{len(article.paragraphs)} paragraphs, {len(article.notes)} notes, "
        f"{sum(len(p.refs) for p in article.paragraphs)} markers"
    )
    print(
        f"parse: median {statistics.median(runs):.1f} ms, "
        f"min {min(runs):.1f} ms, max {max(runs):.1f} ms (15 runs; target < 200 ms)"
    )


if __name__ == "__main__":
    main()
