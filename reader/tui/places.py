"""Where the user has been: what the back stack keeps of a screen it closed.

Opening a text from the search results, the notes list, the works cited
(a text's or the library's) or a "mentioned in" list closes those screens;
the app keeps a :data:`Place` for each, small enough to keep many, and ``q``
or ``backspace`` build the screen again from it: the search with its query
and the hit that was chosen, a list with its filter and the row highlighted,
a text at its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextPlace:
    """A text, at a paragraph, with the words that were marked in it."""

    text: str
    paragraph: int
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPlace:
    """The search screen: its query, and the hit that was highlighted."""

    query: str
    hit: tuple[str, int | None, str | None] | None = None
    """The hit's key, paragraph and footnote label."""


@dataclass(frozen=True, slots=True)
class NotesPlace:
    """The notes list: its filter, the text chosen above it, the note highlighted."""

    words: str = ""
    text: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SourcesPlace:
    """The works cited in a text (``text``; None: in the whole library), with
    the filter and the row highlighted."""

    text: str | None = None
    words: str = ""
    row: tuple[str, int | None] | None = None
    """The highlighted work's id and, on one of the places citing it, that
    place's index among the work's places."""


Place = TextPlace | SearchPlace | NotesPlace | SourcesPlace

DEPTH = 50
"""Places kept; older ones are forgotten."""
