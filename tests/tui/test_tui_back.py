"""The back stack: q and backspace return to where a text was opened from."""

from __future__ import annotations

from textual.widgets import OptionList

from reader.tui.library_screen import LibraryScreen
from reader.tui.messages import OpenText
from reader.tui.notes_screen import NotesFilter, NotesScreen
from reader.tui.reading import ReadingScreen

from .conftest import WIDE
from .test_tui_notes_screen import add_note, open_notes
from .test_tui_reading import open_text


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_q_from_a_note_returns_to_the_notes_list_with_its_filter(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.", ("places",))
    wanted = add_note(library, "harbour-strike", "kept the accounts", "Finch.", ("people",))
    add_note(library, "short-primer", "a few paragraphs long", "", ("places",))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_notes(app, pilot)
        await pilot.press(*"#people", "enter")
        await settle(app, pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        await pilot.press("q")
        await settle(app, pilot)
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        assert notes.query_one(NotesFilter).value == "#people"
        row = notes.selected_row()
        assert row is not None and row.note.id == wanted.id
        assert notes.focused is notes.query_one("#note-list", OptionList)
        await pilot.press("q")  # a command on the list, not a letter in the filter
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_backspace_returns_across_texts(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        first = await open_text(app, pilot)
        await pilot.press("j", "j", "j")
        at = first.view.cursor
        app.post_message(OpenText("short-primer", paragraph=1))  # as a mention opens it
        await settle(app, pilot)
        second = app.screen
        assert isinstance(second, ReadingScreen) and second.article.id == "short-primer"
        await pilot.press("backspace")
        await settle(app, pilot)
        back = app.screen
        assert isinstance(back, ReadingScreen)
        assert (back.article.id, back.view.cursor) == ("harbour-strike", at)
        # Opened from the library: backspace has nowhere else to go, and stays.
        await pilot.press("backspace")
        await settle(app, pilot)
        assert app.screen is back
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
