"""Sources: what every note cites, as structured citations grouped into works.

Pure Python, no Textual. :func:`read_citations` reads one note's text;
:func:`read_notes` reads every note of an article (back-references take their
work from the note they resolve to); :func:`works_of` and :func:`group` gather
citations of the same work, within a text or across the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.core.sources.grouping import group, group_records
from reader.core.sources.model import Citation, Name, NoteReading, Place, Work, WorkKind
from reader.core.sources.works import cited_in, citing_places, read_notes, works_of

__all__ = [
    "Citation",
    "Name",
    "NoteReading",
    "Place",
    "Work",
    "WorkKind",
    "cited_in",
    "citing_places",
    "group",
    "group_records",
    "read_citations",
    "read_notes",
    "works_of",
]

if TYPE_CHECKING:
    from reader.core.sources.citation import read_citations


def __getattr__(name: str) -> Any:
    # The citation reader is imported when first asked for: it compiles many
    # patterns, and `reader sources` across the library reads none.
    if name == "read_citations":
        from reader.core.sources.citation import read_citations

        return read_citations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
