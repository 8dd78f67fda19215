"""How long absurd inputs take to parse (issue 7: "all import in seconds").

Run: .venv/bin/python tests/bench/bench_hostile.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article  # noqa: E402

from reader.core.parse import parse_text  # noqa: E402

CASES: dict[str, Callable[[], bytes]] = {
    "10 MB single line": lambda: ("word " * 2_000_000).encode(),
    "10,000 '[' characters": lambda: ("[" * 10_000).encode(),
    "100,000 markers in one paragraph": lambda: "".join(
        f"w[{i % 900 + 1}] " for i in range(100_000)
    ).encode(),
    "200,000 one-word lines": lambda: ("Heading\n" * 200_000).encode(),
    "50 MB article (55 x 100k words)": lambda: (make_article(100_000, 1_000) * 55).encode(),
}


def main() -> None:
    print(f"{'input':36s} {'size':>8s} {'parse':>8s}")
    for name, make in CASES.items():
        data = make()
        t0 = time.perf_counter()
        article = parse_text(data)
        elapsed = time.perf_counter() - t0
        print(f"{name:36s} {len(data) / 1e6:6.1f} MB {elapsed:7.2f} s   "
              f"({len(article.paragraphs)} paragraphs)")


if __name__ == "__main__":
    main()
