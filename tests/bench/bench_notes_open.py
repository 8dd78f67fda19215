"""A key typed as a text opens whose 200 notes must be re-anchored (not a test;
run by hand and report the figures).

    .venv/bin/python tests/bench/bench_notes_open.py [--runs N]

The text (100,000 words, 1,000 paragraphs, made up as in ``bench_notes.py``)
has gained a paragraph at its start since its notes were saved, so opening it
re-anchors all 200. ``j`` is pressed as soon as the screen is up; printed: how
long after opening the cursor moved, and how long until the notes were shown.
The notes are read in a worker, so the key need not wait for them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_notes import article_source  # noqa: E402

from reader.core.library import Library  # noqa: E402
from reader.core.notes import NoteStore  # noqa: E402
from reader.core.parse import parse_text  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.reading import ReadingScreen  # noqa: E402


def make_library() -> tuple[Library, Path, str, str]:
    rng = random.Random(1871)
    source = article_source(rng)
    library = Library(Path(tempfile.mkdtemp()))
    library.texts_dir.mkdir(parents=True)
    path = library.texts_dir / "bench.md"
    path.write_text(source, encoding="utf-8")
    article = parse_text(source, text_id="bench")
    store = NoteStore(library, "bench")
    for start in sorted(rng.sample(range(len(article.plain_text) - 100), 200)):
        store.add(article, start, start + 60, note="a note")
    return library, path, source, library.notes_file("bench").read_text(encoding="utf-8")


async def once(
    library: Library, path: Path, source: str, notes: str, run: int
) -> tuple[float, float]:
    library.notes_file("bench").write_text(notes, encoding="utf-8")
    changed = source.replace("+++\n\n", f"+++\n\nA new opening paragraph, {run}.\n\n", 1)
    path.write_text(changed, encoding="utf-8")
    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        screen = app.open_text("bench")
        assert isinstance(screen, ReadingScreen)
        moved = shown = 0.0
        pressing: asyncio.Task[None] | None = None
        while not (moved and shown):
            if screen.is_mounted:
                if pressing is None:  # Pilot's press waits for idle: watch alongside
                    pressing = asyncio.get_running_loop().create_task(pilot.press("j"))
                if not moved and screen.view.cursor == 1:
                    moved = time.perf_counter() - start
                if not shown and screen.annotating.store is not None:
                    shown = time.perf_counter() - start
            await asyncio.sleep(0.001)
        if pressing is not None:
            await pressing
        await app.workers.wait_for_complete()
        return moved, shown


async def main(runs: int) -> None:
    library, path, source, notes = make_library()
    results = [await once(library, path, source, notes, run) for run in range(runs)]
    keys = [k * 1000 for k, _ in results]
    shown = [s * 1000 for _, s in results]
    print(
        f"key handled after opening: {statistics.median(keys):.0f} ms median "
        f"({min(keys):.0f}–{max(keys):.0f})"
    )
    print(
        f"notes shown after opening: {statistics.median(shown):.0f} ms median "
        f"({min(shown):.0f}–{max(shown):.0f})"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
