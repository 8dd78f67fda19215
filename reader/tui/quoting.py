"""Copy a passage with its citation (``y``), in the format ``Y`` chooses.

The format (plain, Markdown, a BibTeX ``\\cite`` key) is kept for the session;
the text goes to the clipboard through Textual (OSC 52 in the terminal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.inline import visible
from reader.core.sources.quote import FORMATS, QuoteFormat, quotation

if TYPE_CHECKING:
    from reader.tui.reading import ReadingScreen

_NAMES = {"plain": "plain text", "markdown": "Markdown", "bibtex": "a BibTeX key"}


class Chosen:
    """The session's format."""

    format: QuoteFormat = "plain"


def copy_quote(screen: ReadingScreen) -> str:
    """Copy the selection (else the paragraph under the cursor) with its
    citation; returns what was copied."""
    view = screen.view
    selected = view.selection
    paragraph = selected.paragraph if selected is not None else view.cursor
    shown = screen.article.paragraphs[paragraph]
    start, end = (selected.start, selected.end) if selected is not None else (0, len(shown.text))
    if Chosen.format == "markdown" or not shown.hidden:
        passage = shown.text[start:end]
    else:  # as drawn: a Markdown text's markup characters are not its words
        passage = "".join(shown.text[s:e] for s, e in visible(shown.hidden, start, end))
    copied = quotation(screen.article, paragraph, passage, Chosen.format)
    screen.app.copy_to_clipboard(copied)
    what = "the selection" if selected is not None else "the paragraph"
    screen.notify(f"copied {what} with its citation, as {_NAMES[Chosen.format]}", markup=False)
    return copied


def next_format(screen: ReadingScreen) -> None:
    Chosen.format = FORMATS[(FORMATS.index(Chosen.format) + 1) % len(FORMATS)]
    screen.notify(f"y now copies with the citation as {_NAMES[Chosen.format]}", markup=False)
