"""The base of every text field in the app, and keys typed ahead of a new screen."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.screen import Screen
from textual.widgets import Input


class ReaderInput(Input):
    """An Input that follows the app's cursor-blink setting (off in tests).

    It does not select its text when focused (Textual's default): a filter is
    focused by the first key typed on its list, and the second key, typed a
    moment later, would replace the first.
    """

    SELECT_ON_FOCUS: ClassVar[bool] = False

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
        self.select_on_focus = self.SELECT_ON_FOCUS


class ListFilter(ReaderInput):
    """A filter above a list: escape clears it, and escape or ↓ go to the list
    (``LIST``, a selector in the same screen)."""

    LIST = ""

    starting = False
    """Typing has begun on the list and the focus is on its way here: until it
    lands, every key typed is still the filter's (see :func:`type_to_filter`)."""

    def begin(self, character: str) -> None:
        """Type ``character`` here, the focus following."""
        if not self.starting:
            self.starting = True
            self.focus()
        self.insert_text_at_cursor(character)

    def on_focus(self) -> None:
        self.starting = False

    def on_key(self, event: events.Key) -> None:
        if event.key in ("escape", "down"):
            event.stop()
            event.prevent_default()
            self.starting = False
            if event.key == "escape":
                self.value = ""
            self.screen.query_one(self.LIST).focus()


def type_to_filter(
    screen: Screen[Any], event: events.Key, box: ListFilter, bound: frozenset[str]
) -> bool:
    """The one rule of every list with a filter: a printable key typed on the
    list goes to the filter ``box`` unless it is one of the screen's ``bound``
    command keys; once typing has begun it is all the filter's, the command
    keys too, even in the moment before the focus reaches the box. A key typed
    in the box never reaches here: the box takes every printable key (and
    :func:`pass_on_typing` hands keys on to it, not to the screen). Returns
    True if the key was typed."""
    if screen.focused is box:
        box.starting = False
        return False
    if not event.is_printable or not event.character:
        return False
    if not box.starting and event.key in bound:
        return False
    event.stop()
    event.prevent_default()
    box.begin(event.character)
    return True


OPENERS = ("search", "notes")
"""Commands that open a screen with a text box (typing goes on there)."""


def open_at_once(screen: Screen[Any], event: events.Key) -> bool:
    """Run a screen-opening command's key here, not when it bubbles up to the app.

    The app checks a screen's bindings only after the key has bubbled up to
    it; keys typed right after it would already have reached the old screen
    by then. Run at once, the new screen is in front before they arrive, and
    :func:`pass_on_typing` hands them on. Returns True if a command ran.
    """
    from reader.tui.commands import commands_for, screen_kind

    kind = screen_kind(screen)
    if kind is None or screen.app.screen is not screen:
        return False
    for command in commands_for(kind):
        if command.id in OPENERS and command.bind and event.key in command.keys:
            event.stop()
            event.prevent_default()
            getattr(screen, f"action_{command.id}")()
            return True
    return False


def defer_while_navigating(screen: Screen[Any], event: events.Key) -> bool:
    """Hold a key back while the app is still opening the screen asked for.

    A screen asks for another with a message; keys typed meanwhile would
    reach the screen being left (a ``j`` would start its filter). This sends
    such a key back to the app, behind the message, so it reaches the new
    screen. Returns True if the key was held back.
    """
    app = screen.app
    if not getattr(app, "navigating", 0) or app.screen is not screen:
        return False
    _again(screen, event)
    return True


def _again(screen: Screen[Any], event: events.Key) -> None:
    """Take ``event`` from ``screen`` and send it again as if typed now: the app
    gives it to the focused widget of the screen in front (a text box takes every
    printable key there), never to a screen, where it would bubble straight up to
    the screen's bindings."""
    event.stop()
    event.prevent_default()
    screen.app.post_message(events.Key(event.key, event.character))


def pass_on_typing(screen: Screen[Any], event: events.Key) -> bool:
    """Send a typed key on to the screen in front, if ``screen`` is covered.

    Keys typed quickly after the one that opened a screen (``s``, ctrl+n)
    were already on their way to the old screen's focused widget; this hands
    them on, in order, so they reach the new screen's text box. Returns True
    if the key was passed on.
    """
    front = screen.app.screen
    if front is screen or not event.is_printable or not event.character:
        return False
    if front.is_modal:
        return False  # a dialog: keys typed before it opened were meant for this screen
    _again(screen, event)
    return True
