"""Following a text that changed: each note re-found, and a report of what moved.

The finding itself is :mod:`.anchor`'s; this module decides what a note
becomes when its passage is found again, moved, changed or lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.core.notes import anchor
from reader.core.notes.model import Annotation, quote_at

if TYPE_CHECKING:
    from reader.core.model import Article


@dataclass
class ReanchorReport:
    """What :meth:`NoteStore.reanchor` did, note by note."""

    kept: list[Annotation] = field(default_factory=list)  # same place (the text changed elsewhere)
    moved: list[Annotation] = field(default_factory=list)  # found verbatim elsewhere
    fuzzy: list[Annotation] = field(default_factory=list)  # found changed: check them
    orphaned: list[Annotation] = field(default_factory=list)  # newly lost
    found: list[Annotation] = field(default_factory=list)  # orphans found again

    @property
    def changed(self) -> bool:
        """Whether any note is now somewhere else, or lost, or found."""
        return bool(self.moved or self.fuzzy or self.orphaned or self.found)


def reanchor_one(
    a: Annotation, article: Article, plain: str, sha: str
) -> tuple[Annotation, str | None]:
    """The note re-found in the new text, and which list of the report it goes to."""
    match = anchor.locate(plain, a.quote, a.start, a.end)
    if match is None:
        if a.is_orphan:
            return a, None
        return replace(a, status="orphan"), "orphaned"
    new = replace(
        a,
        quote=quote_at(plain, match.start, match.end),
        start=match.start,
        end=match.end,
        paragraph=article.paragraph_at(match.start),
        text_sha256=sha,
        status="ok",
    )
    if a.is_orphan:
        return new, "found"
    if match.method == "fuzzy":
        return new, "fuzzy"
    return new, "kept" if (new.start, new.end) == (a.start, a.end) else "moved"
