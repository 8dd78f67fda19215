"""How long absurd inputs take (issue 7: "all import in seconds"; "a 1,000,000-word
article opens, scrolls and moves the cursor without freezing").

Run: .venv/bin/python tests/bench/bench_hostile.py          (parser)
     .venv/bin/python tests/bench/bench_hostile.py --app    (the app, 1M words; Pilot,
                                                             animations off, 120x36)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article import make_article  # noqa: E402

from reader.core.parse import parse_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

CASES: dict[str, Callable[[], bytes]] = {
    "10 MB single line": lambda: ("word " * 2_000_000).encode(),
    "10,000 '[' characters": lambda: ("[" * 10_000).encode(),
    "100,000 markers in one paragraph": lambda: "".join(
        f"w[{i % 900 + 1}] " for i in range(100_000)
    ).encode(),
    "200,000 one-word lines": lambda: ("Heading\n" * 200_000).encode(),
    "50 MB article (55 x 100k words)": lambda: (make_article(100_000, 1_000) * 55).encode(),
}


# Markdown texts: inline markup is read there (reader.core.inline).
MD_CASES: dict[str, Callable[[], bytes]] = {
    "10 MB of '*' and '`' (.md)": lambda: ("*`" * 5_000_000).encode(),
    "10 MB of '[a](' and '_' (.md)": lambda: ("[a](_" * 2_000_000).encode(),
    "1 MB paragraph, markup every 100 chars (.md)": lambda: (
        "Words of an ordinary sentence with *some emphasis* in it, then a `code` span, "
        "and a [link](https://example.org/x) closing it off. " * 7_500
    ).encode(),
}


def parser() -> None:
    print(f"{'input':36s} {'size':>8s} {'parse':>8s}")
    cases = [(name, make, "txt") for name, make in CASES.items()]
    cases += [(name, make, "md") for name, make in MD_CASES.items()]
    for name, make, fmt in cases:
        data = make()
        t0 = time.perf_counter()
        article = parse_text(data, fmt="md" if fmt == "md" else None)
        elapsed = time.perf_counter() - t0
        print(
            f"{name:36s} {len(data) / 1e6:6.1f} MB {elapsed:7.2f} s   "
            f"({len(article.paragraphs)} paragraphs)"
        )


# -- the app on a 1,000,000-word article ----------------------------------------------


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def _app_figures(library: Path, runs: int) -> dict[str, list[float]]:
    from reader.core.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingScreen

    figures: dict[str, list[float]] = {"open": [], "page_down": [], "cursor": [], "end": []}
    app = ReaderApp(Library(library), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        t0 = time.perf_counter()
        await app.workers.wait_for_complete()  # the index of the big text is built here
        await pilot.pause()
        figures["index"] = [time.perf_counter() - t0]
        loop = asyncio.get_running_loop()
        for _ in range(runs):
            app._articles.clear()  # noqa: SLF001 - a cold open each time (parse included)
            painted = loop.create_future()
            t0 = time.perf_counter()
            screen = app.open_text("huge", paragraph=0)
            assert isinstance(screen, ReadingScreen)
            screen.call_after_refresh(lambda f=painted: f.set_result(None))
            await painted
            figures["open"].append(time.perf_counter() - t0)
            for key, name in (("page_down", "pagedown"), ("cursor", "down"), ("end", "end")):
                t0 = time.perf_counter()
                await pilot.press(name)
                await pilot.pause()
                figures[key].append(time.perf_counter() - t0)
            await pilot.press("escape")
            await pilot.pause()
        # The same keys on a 300-word text: what Pilot and a repaint cost anyway.
        small = app.open_text("small", paragraph=0)
        assert isinstance(small, ReadingScreen)
        await pilot.pause()
        for _ in range(runs):
            for key, name in (("page_down", "pagedown"), ("cursor", "down"), ("end", "end")):
                t0 = time.perf_counter()
                await pilot.press(name)
                await pilot.pause()
                figures.setdefault(f"small_{key}", []).append(time.perf_counter() - t0)
            await pilot.press("home")
            await pilot.pause()
    return figures


def app(runs: int) -> None:
    # The work, not the smooth-scrolling animation a page down starts.
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library"
        (library / "texts").mkdir(parents=True)
        bundled = ROOT / "texts" / "glossary.toml"
        if bundled.is_file():
            shutil.copy(bundled, library / "texts" / "glossary.toml")
        text = make_article(1_000_000, 5_000)
        (library / "texts" / "huge.txt").write_text(text, encoding="utf-8")
        (library / "texts" / "small.txt").write_text(make_article(300, 3), encoding="utf-8")
        t0 = time.perf_counter()
        article = parse_text(text)
        parse_s = time.perf_counter() - t0
        before = _peak_mb()
        figures = asyncio.run(_app_figures(library, runs))
        print(
            f"a {article.word_count:,}-word article ({len(text) / 1e6:.1f} MB, "
            f"{len(article.paragraphs):,} paragraphs, {len(article.notes):,} notes), 120x36:"
        )
        print(f"  parse alone                 {parse_s * 1000:8.0f} ms")
        print(f"  first index build (app start){figures['index'][0] * 1000:7.0f} ms  (once)")
        for key, what in (
            ("open", "open to first paint"),
            ("page_down", "page down"),
            ("cursor", "cursor down"),
            ("end", "jump to the end"),
        ):
            values = figures[key]
            small = figures.get(f"small_{key}")
            base = f"; {statistics.median(small) * 1000:.0f} ms on a 300-word text" if small else ""
            print(
                f"  {what:27s} {statistics.median(values) * 1000:8.0f} ms  "
                f"(median of {len(values)}, max {max(values) * 1000:.0f} ms{base})"
            )
        print(
            f"  peak memory (max RSS)       {_peak_mb():8.0f} MB  (target < 500 MB; "
            f"{before:.0f} MB before the app started)"
        )


def main() -> None:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser_.add_argument("--app", action="store_true", help="the app on a 1M-word article")
    parser_.add_argument("--runs", type=int, default=3)
    args = parser_.parse_args()
    if args.app:
        app(args.runs)
    else:
        parser()


if __name__ == "__main__":
    main()
