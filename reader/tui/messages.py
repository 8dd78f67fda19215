"""What screens ask of the app: dataclass messages that bubble up to :class:`ReaderApp`.

A screen never imports the app. It posts one of these (they bubble from the
screen to the app) and the app decides what to do, with ``@on`` handlers: open
the text, keep the place the user is leaving on its back stack, go back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.core.errors import ReaderError


@dataclass
class OpenText(Message):
    """Open a text, keeping the screen the user leaves on the back stack."""

    text: str
    """The text's id or file name."""
    paragraph: int | None = None
    """Where to put the cursor (None: where the text was left)."""
    terms: tuple[str, ...] = ()
    """Words to mark in the text (a search's or a glossary entry's)."""
    note: str | None = None
    """The id of one of the user's notes to put the cursor on."""
    footnote: str | None = None
    """The label of a footnote of the paragraph to highlight in its pane."""
    reattach: str | None = None
    """The id of an orphaned note the user is about to re-attach in this text."""


@dataclass
class OpenSearch(Message):
    """Open the search screen over the current one."""

    query: str = ""


@dataclass
class OpenNotes(Message):
    """Open the list of every note over the current screen."""


@dataclass
class GoBack(Message):
    """Close the screen in front and return to where the user came from."""


@dataclass
class ShowHelp(Message):
    """The ``?`` help of a screen."""

    kind: str
    """The screen's kind (:mod:`reader.tui.commands`)."""
    title: str


@dataclass
class Tell(Message):
    """Problems to show once per session (a glossary file that does not parse)."""

    problems: list[ReaderError] = field(default_factory=list)
