"""Typing in a filter or a note: every printable key is a letter there, never a
screen's command (a name starts with a capital: "Engels" must not export)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from reader.tui.commands import LIBRARY, NOTES, SOURCES, bound_keys, commands_for
from reader.tui.forms import NoteDialog
from reader.tui.library_screen import FilterInput, LibraryScreen
from reader.tui.notes_screen import NotesFilter
from reader.tui.search_screen import SearchInput, SearchScreen
from reader.tui.sources_screen import SourcesFilter, SourcesScreen

from .conftest import WIDE
from .test_tui_back import settle
from .test_tui_notes_screen import add_note, open_notes
from .test_tui_reading import move_to_marker, open_text


def typed(keys: str) -> list[str]:
    """Key names for the characters of ``keys``, as a terminal reports them."""
    names = {"?": "question_mark", " ": "space", "#": "number_sign"}
    return [names.get(ch, ch) for ch in keys]


async def test_a_name_typed_on_the_notes_list_goes_to_the_filter(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "kept the accounts", "Engels read them.")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_notes(app, pilot)
        for key in "Engels":
            await pilot.press(key)
            await pilot.pause()
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one(NotesFilter).value == "Engels"
        assert not list(library.root.glob("notes-*.md"))


def test_no_list_with_a_filter_binds_a_capital_letter() -> None:
    """A capital starts a name (Engels, Marx): on a list it always types."""
    for kind in (LIBRARY, NOTES, SOURCES):
        capitals = {k for k in bound_keys(kind) if len(k) == 1 and k.isupper()}
        assert not capitals, (kind, capitals)
        assert any(c.display == "type" for c in commands_for(kind))


async def _focused_box(app, pilot, where: str) -> Input:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    if where == "library":
        box: Input = app.screen.query_one(FilterInput)
    elif where == "notes":
        await open_notes(app, pilot)
        box = app.screen.query_one(NotesFilter)
    elif where == "bibliography":
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert isinstance(app.screen, SourcesScreen)
        box = app.screen.query_one(SourcesFilter)
    else:
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        box = app.screen.query_one(SearchInput)
    box.focus()
    await pilot.pause()
    return box


@pytest.mark.parametrize("where", ["library", "notes", "bibliography", "search"])
async def test_command_keys_typed_in_a_focused_filter_are_letters(make_app, where) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        box = await _focused_box(app, pilot, where)
        screen = app.screen
        keys = "Eqs?16SxrjE"
        await pilot.press(*typed(keys))
        await settle(app, pilot)
        assert app.screen is screen
        assert box.value == keys


@pytest.mark.parametrize("where", ["library", "notes", "bibliography", "search"])
async def test_keys_handed_on_from_below_reach_the_focused_filter(make_app, where) -> None:  # type: ignore[no-untyped-def]
    """A key that reached the screen below just before this one covered it (typed
    right after the key that opened it) goes to the focused box here, never
    straight to this screen's bindings."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        box = await _focused_box(app, pilot, where)
        screen = app.screen
        below = app.screen_stack[-2] if len(app.screen_stack) > 1 else None
        if below is None or isinstance(screen, LibraryScreen):
            pytest.skip("nothing below the library")
        for key in typed("q?E"):
            below.post_message(events.Key(key, {"question_mark": "?"}.get(key, key)))
        await settle(app, pilot)
        assert app.screen is screen
        assert box.value == "q?E"


async def test_the_note_editor_takes_every_key(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        await pilot.press("v", "right_parenthesis", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        words = "Left refused? Engels q s S x"
        await pilot.press(*typed(words))
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one(TextArea).text == words
        dialog.query_one("#note-tags", Input).focus()
        await pilot.pause()
        await pilot.press(*typed("Eqs?"))
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#note-tags", Input).value == "Eqs?"
