"""Parse time of a 100,000-word article (target: under 200 ms), of a
1,000,000-word book typed out as Project Gutenberg does (under 3 s) and of a
10 MB single line holding one marker a million times (under 5 s).

Run: .venv/bin/python tests/bench/bench_parse.py [--books]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article, make_book  # noqa: E402

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


def books(runs: int = 3) -> None:
    source = make_book().encode()
    book = parse_text(source)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parse_text(source)
        times.append(time.perf_counter() - t0)
    print(
        f"book: {book.word_count} words, {len(source) / 1e6:.1f} MB, {len(book.headings)} "
        f"chapters, {len(book.notes)} notes, {len(book.missing)} missing; "
        f"parse median {statistics.median(times):.2f} s (target < 3 s)"
    )
    line = ("word[1] " * 1_250_000 + "\n\n[1] The note.\n").encode()
    t0 = time.perf_counter()
    repeated = parse_text(line)
    took = time.perf_counter() - t0
    print(
        f"one line of {len(line) / 1e6:.0f} MB, {len(repeated.paragraphs[0].refs)} markers: "
        f"parse {took:.2f} s (target < 5 s)"
    )


if __name__ == "__main__":
    main()
    if "--books" in sys.argv:
        books()
