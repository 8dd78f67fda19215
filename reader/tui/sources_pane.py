"""Under a note in the Footnotes pane: the work it cites, as reader reads it.

Shown only when the reading is confident (a title, and an author or a year;
not a bare web page, whose address the note already shows). A back-reference
shows the work of the note it resolves to.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from reader.core.model import Article, Note
    from reader.core.sources import Citation

STYLE = "italic $text-muted"
_BACK = ("ibid", "op-cit", "loc-cit")


def confident(citation: Citation) -> bool:
    return bool(citation.title and (citation.authors or citation.year)) and (
        citation.kind != "web page"
    )


def work_line(article: Article, note: Note | None) -> Content | None:
    """ "↳ A. Brown, Ports and Pay (1950)": the works ``note`` cites, or None."""
    if note is None or note.kind == "gloss":
        return None
    if "reader.core.sources.citation" not in sys.modules:
        # Compiling the citation patterns takes tens of milliseconds, too much
        # for a first paint; the index sync that runs at every start loads them
        # off the screen's thread, and notes shown before that go without.
        return None
    from reader.core.sources import read_citations
    from reader.core.sources.export import summary

    source = note
    if note.kind in _BACK:
        if note.status != "ok" or note.target is None or note.target >= len(article.notes):
            return None
        source = article.notes[note.target]
    works = [c for c in read_citations(source.text) if confident(c)]
    if note.kind in _BACK:
        works = works[-1:] if note.kind == "ibid" else works[:1]
    if not works:
        return None
    lines = [f"↳ {summary(c)}" for c in works[:3]]
    return Content.styled("\n".join(lines), STYLE)
