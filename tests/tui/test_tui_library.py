"""The library screen: rows from the index, filter, sort, open."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

from reader.tui.library_screen import LibraryScreen
from reader.tui.reading import ReadingScreen

from .conftest import NARROW, WIDE


def titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The titles in the table's order (whole, even when the cells are cut to fit)."""
    table = app.screen.query_one(DataTable)
    by_id = {r.id: r.title for r in app.screen.rows}
    return [by_id[row.key.value] for row in table.ordered_rows]


async def test_rows_come_from_the_index(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert titles(app) == [
            "A Short Primer on Reading",
            "Markup Is Only Text",
            "The Harbour Strike of 1911",
        ]
        row = {r.id: r for r in app.screen.rows}["harbour-strike"]
        # Notes: the user's (none yet); Missing: footnotes this copy lacks.
        assert (row.author, row.date, row.notes, row.missing) == ("Test Writer", "2020-03-14", 0, 1)
        assert row.words > 100
    assert (library.index_dir).is_dir()


async def test_a_new_text_appears_after_the_sync(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
    (library.texts_dir / "zebra.txt").write_text("Zebra Crossings\n\nA text about stripes.\n")
    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert "Zebra Crossings" in titles(again)


async def test_typing_filters_and_enter_opens(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"harb")
        await pilot.pause()
        assert titles(app) == ["The Harbour Strike of 1911"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == "harbour-strike"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_filter_by_author_and_escape_clears(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"writer")
        await pilot.pause()
        assert titles(app) == ["The Harbour Strike of 1911"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(titles(app)) == 3
        assert isinstance(app.focused, DataTable)
        # The table has focus again: q quits.
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # noqa: SLF001 - the app was asked to exit


async def test_sort_keys_and_header_clicks(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("4")  # words, ascending
        await pilot.pause()
        assert titles(app)[0] == "A Short Primer on Reading"
        await pilot.press("4")  # again: descending
        await pilot.pause()
        assert titles(app)[0] == "The Harbour Strike of 1911"
        await pilot.press("1")
        await pilot.pause()
        assert titles(app)[0] == "A Short Primer on Reading"
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        table.post_message(
            DataTable.HeaderSelected(table, table.ordered_columns[6].key, 6, Text("Missing"))
        )
        await pilot.pause()
        assert screen.sort_key == "missing"


async def test_progress_column_after_reading(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_text("harbour-strike")
        await pilot.pause()
        await pilot.press("G", "q")
        await pilot.pause()
        row = {r.id: r for r in app.screen.rows}["harbour-strike"]  # type: ignore[attr-defined]
        assert row.progress == 1.0
        table = app.screen.query_one(DataTable)
        index = table.get_row_index("harbour-strike")
        assert str(table.get_row_at(index)[4]) == "100%"


async def test_unknown_text_is_a_notice_not_a_crash(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        assert app.open_text("no-such-text") is None
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("no text 'no-such-text'" in str(n.message) for n in app._notifications)


async def test_the_table_fits_a_narrow_terminal(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width


def table_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return [table.render_line(y).text for y in range(table.row_count + 1)]


async def test_notes_count_yours_and_numbers_are_right_aligned(make_app, library) -> None:  # type: ignore[no-untyped-def]
    from .test_tui_notes_screen import add_note

    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.")
    add_note(library, "harbour-strike", "kept the accounts")
    # A number wider than its label must still end where the label ends.
    (library.texts_dir / "long.txt").write_text("Long\n\n" + "many words here " * 4000)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = {r.id: r for r in app.screen.rows}["harbour-strike"]
        assert (row.notes, row.missing) == (2, 1)
        header, *lines = table_lines(app)
        strike = next(line for line in lines if "Harbour" in line)
        # Each number ends where its column's label ends.
        long = next(line for line in lines if line.startswith(" Long"))
        for line, label, value in (
            (strike, "Words", f"{row.words:,}"),
            (long, "Words", "12,000"),
            (strike, "Notes", "2"),
            (strike, "Missing", "1"),
        ):
            end = header.index(label) + len(label)
            assert line[:end].endswith(value), (label, header, line)
        # A note written in the app shows when you come back to the library.
        app.open_text("harbour-strike")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("v", "h", "q")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = {r.id: r for r in app.screen.rows}["harbour-strike"]
        assert row.notes == 3


async def test_a_filter_typed_fast_is_never_taken_for_commands(tmp_path: Path) -> None:
    """Focus reaches the filter a moment after the first key; an `s` typed in
    that moment is part of the filter, not the search key."""
    from textual import events

    from reader.core.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.library_screen import FilterInput, LibraryScreen

    (tmp_path / "texts").mkdir()
    app = ReaderApp(Library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        for ch in "Insp":  # all delivered before the focus change is applied
            screen.on_key(events.Key(ch.lower() if ch != "I" else "I", ch))
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(FilterInput).value == "Insp"


async def _until(pilot, test, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.1)):
        if test():
            return True
        await pilot.pause(0.1)
    return bool(test())


async def test_a_text_added_while_the_library_shows_appears(make_app, library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import reader.tui.library_screen as library_screen

    monkeypatch.setattr(library_screen, "WATCH_EVERY", 0.2)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert await _until(pilot, lambda: len(titles(app)) == 3)
        # As `reader import` from another shell writes it.
        (library.texts_dir / "zebra.txt").write_text("Zebra Crossings\n\nA text about stripes.\n")
        assert await _until(pilot, lambda: "Zebra Crossings" in titles(app)), titles(app)
        assert "4 of 4 texts" in str(app.screen.query_one(DataTable).border_title)


async def test_a_text_added_while_reading_appears_back_in_the_library(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_text("harbour-strike")
        await pilot.pause()
        (library.texts_dir / "zebra.txt").write_text("Zebra Crossings\n\nA text about stripes.\n")
        await pilot.press("q")
        assert await _until(pilot, lambda: "Zebra Crossings" in titles(app), 5.0), titles(app)
