"""Escape in the note editor never throws away words typed: it asks."""

from __future__ import annotations

from textual.widgets import TextArea

from reader.tui.forms import NoteDialog, UnsavedDialog

from .conftest import WIDE
from .test_tui_back import settle
from .test_tui_notes import notes_file
from .test_tui_reading import move_to_marker, open_text


async def _write(app, pilot, words: str) -> NoteDialog:  # type: ignore[no-untyped-def]
    screen = await open_text(app, pilot)
    await move_to_marker(pilot, screen, "4")
    await pilot.press("v", "right_parenthesis", "a")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, NoteDialog)
    await pilot.press(*["space" if ch == " " else ch for ch in words])
    await pilot.pause()
    return dialog


async def test_escape_with_a_typed_note_asks_and_escape_keeps_editing(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        dialog = await _write(app, pilot, "Left refused")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # keeps editing: nothing lost
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one(TextArea).text == "Left refused"
        await pilot.press("escape", "s")  # asked again: save
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteDialog | UnsavedDialog)
    (saved,) = notes_file(library)
    assert saved["note"] == "Left refused"


async def test_escape_then_d_discards(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await _write(app, pilot, "Not this one")
        await pilot.press("escape", "d")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteDialog | UnsavedDialog)
    assert all(n["note"] != "Not this one" for n in notes_file(library))


async def test_an_unchanged_note_closes_at_once(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await _write(app, pilot, "")
        await pilot.press("escape")  # nothing typed: nothing to ask
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog | UnsavedDialog)
