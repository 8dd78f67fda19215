"""80×24: the library gives its titles the room, the reading bar keeps its place."""

from __future__ import annotations

from textual.widgets import DataTable

from reader.tui.library_screen import TITLE_ROOM, short_count, shown_columns
from reader.tui.rows import Row
from reader.tui.top_bar import TopBar

from .conftest import NARROW
from .test_tui_reading import open_text
from .test_tui_snapshots import settle

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
    for key in ("title", "author", "date", "words", "progress", "notes", "missing"):
        layout = shown_columns(80, [row], key)
        assert layout.title >= TITLE_ROOM and layout.author >= 10, key
        assert key in layout.shown and {"words", "missing"} <= set(layout.shown), key
        assert layout.compact
    wide = shown_columns(120, [row])
    assert len(wide.shown) == 7 and wide.title >= TITLE_ROOM and not wide.compact


def test_counts_are_short_on_a_narrow_terminal() -> None:
    assert [short_count(n) for n in (980, 1084, 9949, 12_000, 120_400, 1_234_567)] == [
        "980",
        "1.1k",
        "9.9k",
        "12k",
        "120k",
        "1.2M",
    ]


async def test_at_80_columns_the_sort_column_and_missing_flag_are_shown(make_app, library) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "long.txt").write_text("Long\n\n" + "many words here " * 4000)
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("4", "4")  # by words, longest first
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.border_title is not None and "sorted by Words ↓" in table.border_title
        header = table.render_line(0).text
        assert "Words ↓" in header and "Miss" in header, header
        lines = [table.render_line(y).text for y in range(1, table.row_count + 1)]
        assert lines[0].startswith(" Long") and " 12k " in lines[0], lines
        strike = next(line for line in lines if "Harbour" in line)
        assert strike.rstrip().endswith(" 1"), strike  # a note missing from the copy
        assert table.virtual_size.width <= table.scrollable_content_region.width


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
