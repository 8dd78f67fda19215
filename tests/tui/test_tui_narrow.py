"""80×24: the library gives its titles the room, the reading bar keeps its place."""

from __future__ import annotations

from textual.widgets import DataTable

from reader.tui.library_screen import TITLE_ROOM, shown_columns
from reader.tui.rows import Row
from reader.tui.top_bar import TopBar

from .conftest import NARROW
from .test_tui_reading import open_text

LONG = """+++
title = "A Rather Long Title About the Harbour Strike and Everything That Followed It"
author = "Somebody With a Long Name"
+++

An opening paragraph before any heading, long enough to read as a paragraph.

# A heading that goes on for much longer than the bar has room for at all

The paragraph under the long heading, where the cursor will rest for the test.
"""


def test_narrow_library_columns_make_way_for_the_title() -> None:
    row = Row(
        id="a",
        title="The First International, 1864–1876",
        author="Reader Sample Texts",
        date="2026-11-21",
        words=1200,
        progress=None,
        notes=0,
        missing=0,
    )
    shown, title, author = shown_columns(80, [row])
    assert title >= TITLE_ROOM and author >= 10
    assert shown[:3] == ("title", "author", "date") and "progress" in shown
    wide, title_wide, _ = shown_columns(120, [row])
    assert len(wide) == 7 and title_wide >= TITLE_ROOM


async def test_the_reading_bar_keeps_section_and_percent_at_80(make_app, library) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "long.md").write_text(LONG, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot, "long")
        await pilot.press("G")
        await pilot.pause()
        bar = str(screen.query_one(TopBar).render())
        assert bar.rstrip().endswith("100%"), bar
        assert "§ A heading that" in bar and "…" in bar
        assert bar.startswith("A Rather Long Title")
        assert len(bar) <= 80
        await pilot.press("q")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell_at((0, 0))).startswith("A Rather Long Title About the")
