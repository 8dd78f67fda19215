"""Benchmarks of the app (not a test; run by hand and report the figures).

    .venv/bin/python tests/bench/bench_tui.py [--runs N]

1. First paint of the library screen against a bare Textual app with one
   Static, side by side (alternating, fresh processes, so import time counts):
   target ratio ≤ 1.3.
2. A cursor move's core work (footnotes and glossary panes) on a generated
   100,000-word article with 1,000 notes: target ≤ 2 ms.
3. Opening that article to first paint: target ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

WORDS = [
    "the",
    "people",
    "city",
    "council",
    "army",
    "workers",
    "government",
    "national",
    "guard",
    "assembly",
    "power",
    "state",
    "revolution",
    "party",
    "press",
    "war",
    "republic",
    "committee",
    "decree",
    "paris",
    "district",
    "capital",
    "history",
    "class",
    "struggle",
    "of",
    "in",
    "and",
    "to",
    "a",
    "was",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "their",
    "from",
    "which",
    "this",
    "were",
    "had",
    "been",
    "would",
    "they",
    "not",
    "its",
    "but",
    "also",
    "who",
    "new",
    "first",
    "after",
    "against",
]
NAMES = ["Marx", "Engels", "Thiers", "Blanqui", "Proudhon", "Kautsky", "Bakunin"]


def generated_article(words: int = 100_000, notes: int = 1_000, seed: int = 7) -> str:
    """A Markdown article: headings, ~100-word paragraphs, ``notes`` markers and notes."""
    rng = random.Random(seed)
    paragraphs = words // 100
    per_note = max(1, paragraphs // notes)
    out = ["+++", 'title = "A generated long article"', 'author = "Bench Mark"', "+++", ""]
    label = 0
    for p in range(paragraphs):
        if p % 50 == 0:
            out += [f"# Section {p // 50 + 1}", ""]
        body = [rng.choice(WORDS) for _ in range(100)]
        body[3] = rng.choice(NAMES)
        text = " ".join(body)
        marks = ""
        while label < notes and label * per_note <= p:
            label += 1
            marks += f"[{label}]"
        out += [f"{text.capitalize()}.{marks}", ""]
    out += ["# Notes", ""]
    for n in range(1, notes + 1):
        kind = n % 5
        if kind == 0:
            out.append(f"[{n}] Ibid., p. {n % 300 + 1}.")
        elif kind == 3:
            out.append(f"[{n}] {NAMES[n % len(NAMES)]}, op. cit., p. {n % 200 + 1}.")
        else:
            name = NAMES[n % len(NAMES)]
            year = 1900 + n % 90 + 10
            out.append(
                f"[{n}] K {name}, 'Collected writings volume {n}' (London, {year}), "
                f"p. {n % 400 + 1}."
            )
    return "\n".join(out) + "\n"


# -- 1. first paint ----------------------------------------------------------------

BARE = """
import time, sys
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(time.perf_counter() - t0)
        self.exit()
Bare().run(headless=True, size=(120, 36))
"""

LIBRARY = """
import time, sys
t0 = time.perf_counter()
from pathlib import Path
from reader.core.library import Library
from reader.tui.app import ReaderApp
from reader.tui.library_screen import LibraryScreen
mounted = LibraryScreen.on_mount
def on_mount(self):
    mounted(self)
    self.call_after_refresh(done, self.app)
def done(app):
    print(time.perf_counter() - t0)
    app.exit()
LibraryScreen.on_mount = on_mount
ReaderApp(Library(Path(sys.argv[1])), cursor_blink=False).run(headless=True, size=(120, 36))
"""


def _run(code: str, *args: str) -> float:
    done = subprocess.run(
        [PYTHON, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(done.stdout.strip().splitlines()[-1])


def first_paint(library: Path, runs: int) -> None:
    bare: list[float] = []
    ours: list[float] = []
    _run(BARE)
    _run(LIBRARY, str(library))  # warm the OS cache and the index
    for _ in range(runs):
        bare.append(_run(BARE))
        ours.append(_run(LIBRARY, str(library)))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"first paint (process start → painted, median of {runs}, 120x36):")
    print(f"  bare Textual app, one Static : {b * 1000:7.1f} ms")
    print(f"  reader library screen        : {o * 1000:7.1f} ms")
    print(f"  ratio                        : {o / b:7.2f}   (target ≤ 1.30)")


# -- 2. cursor move ----------------------------------------------------------------


def cursor_move(article_path: Path, library: Path) -> None:
    from reader.core.library import Library
    from reader.core.parse import parse_file
    from reader.tui.glossary_source import glossary_for
    from reader.tui.pane_data import PaneData

    article = parse_file(article_path)
    lib = Library(library)
    started = time.perf_counter()
    glossary = glossary_for(lib, article)
    annotate_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    data = PaneData(article, glossary.items)
    build_ms = (time.perf_counter() - started) * 1000
    times: list[float] = []
    for i in range(len(article.paragraphs)):  # every paragraph once: nothing cached yet
        t = time.perf_counter()
        data.notes(i)
        data.glossary(i)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(
        f"cursor move, core work for both panes ({article.word_count:,} words, "
        f"{len(article.notes):,} notes, {len(times):,} paragraphs, {len(glossary.glossary)} "
        "glossary entries):"
    )
    print(
        f"  once per article: glossary load + annotate {annotate_ms:.1f} ms, "
        f"pane data {build_ms:.1f} ms"
    )
    print(
        f"  per move: median {statistics.median(times):.3f} ms, "
        f"p99 {times[int(len(times) * 0.99)]:.3f} ms, max {times[-1]:.3f} ms   (target ≤ 2 ms)"
    )


# -- 3. opening a long article ---------------------------------------------------


def open_long(library: Path, runs: int) -> None:
    from reader.core.library import Library
    from reader.core.parse import parse_file
    from reader.tui.app import ReaderApp

    t = time.perf_counter()
    parse_file(library / "texts" / "long.md")
    parse_ms = (time.perf_counter() - t) * 1000

    async def once() -> float:
        app = ReaderApp(Library(library), cursor_blink=False)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            app._articles.clear()  # noqa: SLF001 - measure a cold open (parse included)
            painted = asyncio.get_running_loop().create_future()
            t0 = time.perf_counter()
            screen = app.open_text("long")
            assert screen is not None
            screen.call_after_refresh(lambda: painted.set_result(time.perf_counter() - t0))
            return await painted

    times = [asyncio.run(once()) * 1000 for _ in range(runs)]
    print(f"opening the 100,000-word article to first paint (median of {runs}):")
    print(
        f"  {statistics.median(times):.0f} ms (parse alone {parse_ms:.0f} ms)   (target ≤ 300 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library"
        (library / "texts").mkdir(parents=True)
        for name in ("harbour-strike.md", "short-primer.txt", "hostile.txt"):
            shutil.copy(
                ROOT / "tests" / "tui" / "fixtures" / "library" / "texts" / name,
                library / "texts" / name,
            )
        bundled = ROOT / "texts" / "glossary.toml"
        if bundled.is_file():
            shutil.copy(bundled, library / "texts" / "glossary.toml")
        first_paint(library, args.runs)
        long_text = library / "texts" / "long.md"
        long_text.write_text(generated_article())
        print()
        cursor_move(long_text, library)
        print()
        open_long(library, max(1, args.runs // 2))
    print()
    print(
        textwrap.dedent(f"""\
        python {sys.version.split()[0]}, {sys.platform}; figures are wall-clock on this machine
        (shared with other work: rerun when the numbers look odd).""")
    )


if __name__ == "__main__":
    main()
