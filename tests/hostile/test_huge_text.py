"""A 1,000,000-word article opens in the app, pages, jumps and moves the cursor,
and the screen shows the paragraph it should. (How long each takes, and the
memory it needs, is measured by ``tests/bench/bench_hostile.py --app``.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.core.library import Library

PARAGRAPHS = 10_000
WORDS_EACH = 100
VOCABULARY = (
    "harbour",
    "ledger",
    "strike",
    "council",
    "bread",
    "railway",
    "union",
    "tariff",
    "famine",
    "congress",
    "barricade",
    "docker",
    "clerk",
    "printer",
    "weaver",
    "miner",
    "sailor",
    "baker",
    "market",
    "wages",
    "hours",
    "meeting",
    "paper",
)


def _tag(n: int) -> str:
    return f"para{n:05d}x"


def _huge_text() -> str:
    rng = random.Random(3)
    paragraphs = [
        _tag(n).capitalize() + " " + " ".join(rng.choices(VOCABULARY, k=WORDS_EACH - 1)) + "."
        for n in range(PARAGRAPHS)
    ]
    return "A Very Long Article\n\n" + "\n\n".join(paragraphs) + "\n"


def _visible(view) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(view.render_line(y).text for y in range(view.size.height)).casefold()


@pytest.mark.slow
async def test_a_million_words_open_scroll_and_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingScreen

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # The search index of a million words takes seconds to build and is not what
    # is tested here (tests/hostile/test_index_faults.py is).
    monkeypatch.setattr("reader.tui.library_screen.sync_index", lambda *a, **k: [])
    library = Library(tmp_path / "lib")
    library.texts_dir.mkdir(parents=True)
    (library.texts_dir / "huge.txt").write_text(_huge_text(), encoding="utf-8")

    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.open_text("huge")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the glossary is matched in a worker
        await pilot.pause()
        assert isinstance(screen, ReadingScreen) and app.screen is screen
        assert screen.article.word_count >= 1_000_000
        view = screen.view
        assert view.cursor == 0 and _tag(0) in _visible(view)

        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert view.cursor == 3 and _tag(3) in _visible(view)

        await pilot.press("pagedown")
        await pilot.pause()
        paged = view.cursor
        assert paged > 3 and _tag(paged) in _visible(view) and _tag(0) not in _visible(view)

        await pilot.press("end")
        await pilot.pause()
        last = len(screen.article.paragraphs) - 1
        assert view.cursor == last and _tag(PARAGRAPHS - 1) in _visible(view)

        await pilot.press("up", "pageup")
        await pilot.pause()
        assert view.cursor < last - 1
        assert _tag(view.cursor) in _visible(view)

        await pilot.press("home")
        await pilot.pause()
        assert view.cursor == 0 and _tag(0) in _visible(view)
        # Only what is on screen was drawn: the cache of rendered lines stays small.
        assert len(view._cache) < 2_000  # noqa: SLF001
