"""One list of commands feeds the bindings, the footer, the palette and the help."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from reader.tui.commands import (
    COMMANDS,
    LIBRARY,
    NOTES,
    READING,
    SEARCH,
    bindings_for,
    commands_for,
)
from reader.tui.dialogs import HelpScreen, help_content
from reader.tui.library_screen import LibraryScreen
from reader.tui.notes_screen import NotesScreen
from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchScreen

from .conftest import WIDE

SCREENS = {
    LIBRARY: LibraryScreen,
    READING: ReadingScreen,
    SEARCH: SearchScreen,
    NOTES: NotesScreen,
}

# The agreed keys (the tutorial describes exactly these).
AGREED = {
    READING: {
        "j",
        "down",
        "k",
        "up",
        "space",
        "pagedown",
        "b",
        "pageup",
        "g",
        "home",
        "G",
        "end",
        "left_square_bracket",
        "right_square_bracket",
        "f",
        "backspace",
        "o",
        "t",
        "slash",
        "n",
        "N",
        "d",
        "s",
        "question_mark",
        "q",
        "escape",
        "v",
        "w",
        "W",
        "right_parenthesis",
        "left_parenthesis",
        "h",
        "a",
        "m",
        "M",
        "e",
        "plus",
        "E",
        "x",
        "u",
        "ctrl+z",
        "r",
        "ctrl+n",
    },
    LIBRARY: {"1", "2", "3", "4", "5", "6", "s", "question_mark", "q", "ctrl+n"},
    SEARCH: {"escape", "ctrl+n"},
    NOTES: {"enter", "ctrl+s", "q", "escape", "question_mark"},
}


@pytest.mark.parametrize("kind", [LIBRARY, READING, SEARCH, NOTES])
def test_every_bound_command_has_an_action_and_unique_keys(kind: str) -> None:
    screen = SCREENS[kind]
    keys = [b.key for b in bindings_for(kind)]
    assert len(keys) == len(set(keys)), "a key bound twice on one screen"
    for command in commands_for(kind):
        if command.bind:
            assert hasattr(screen, f"action_{command.id}"), command.id
    assert AGREED[kind] <= set(keys)


def test_help_lists_every_command_of_the_screen() -> None:
    for kind in (LIBRARY, READING, SEARCH, NOTES):
        text = help_content(kind).plain
        for command in commands_for(kind):
            assert command.help in text
            assert command.key_text in text


def test_footer_flags_come_from_the_list() -> None:
    shown = {b.action for b in bindings_for(READING) if b.show}
    assert shown == {c.id for c in commands_for(READING) if c.footer and c.bind}


def test_command_ids_are_actions_not_markup() -> None:
    for command in COMMANDS:
        assert command.id.isidentifier()


async def test_help_screen_and_palette(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        app.open_text("harbour-strike")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = [str(w.render()) for w in app.screen.query(".help-text")]
        assert shown == [c.help for c in commands_for(READING)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        reading = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"next heading")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reading
        assert reading.view.cursor == reading.article.headings[0].paragraph
