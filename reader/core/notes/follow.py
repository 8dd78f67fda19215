"""Following a text that changed: each note re-found, and a report of what moved.

The finding itself is :mod:`.anchor`'s; this module decides what a note
becomes when its passage is found again, moved, changed or lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.notes import anchor
from reader.core.notes.model import Annotation, Status, new_id, quote_at, text_sha256, utc_now

if TYPE_CHECKING:
    from reader.core.model import Article


@dataclass
class ReanchorReport:
    """What :meth:`NoteStore.reanchor` did, note by note."""

    kept: list[Annotation] = field(default_factory=list)  # same place (the text changed elsewhere)
    moved: list[Annotation] = field(default_factory=list)  # same words, elsewhere
    reworded: list[Annotation] = field(default_factory=list)  # found, words changed: "changed"
    orphaned: list[Annotation] = field(default_factory=list)  # newly lost
    found: list[Annotation] = field(default_factory=list)  # orphans found again
    placed: list[Annotation] = field(default_factory=list)  # written by hand, now found

    @property
    def changed(self) -> bool:
        """Whether any note is now somewhere else, or lost, or found, or completed."""
        return bool(self.moved or self.reworded or self.orphaned or self.found or self.placed)


def follow_text(
    notes: Iterable[Annotation], article: Article
) -> tuple[ReanchorReport, list[Annotation], list[str]]:
    """Every note whose text changed, re-found: the report, notes to write, ids gone."""
    plain = article.plain_text
    sha = text_sha256(plain)
    report = ReanchorReport()
    out: list[Annotation] = []
    gone: list[str] = []
    for a in notes:
        if a.text_sha256 == sha and not a.is_orphan:
            continue
        new, kind = reanchor_one(a, article, plain, sha)
        if kind:
            getattr(report, kind).append(new)
            out.append(new)
            if new.id != a.id:  # a hand-written note got its id
                gone.append(a.id)
    return report, out, gone


def reanchor_one(
    a: Annotation, article: Article, plain: str, sha: str
) -> tuple[Annotation, str | None]:
    """The note re-found in the new text, and which list of the report it goes to.

    The note keeps the words the user highlighted (``quote``); when the
    passage found reads differently, it becomes ``"changed"`` with what it
    reads now in ``current``. Found reading as highlighted (moved, or an edit
    undone), it is ``"ok"`` again. A conflict copy stays one.
    """
    if a.draft:
        return place_draft(a, article, plain, sha)
    # The passage as it last read, else (an edit undone) the words as highlighted.
    match, looked_for = anchor.locate(plain, a.passage, a.start, a.end), a.passage
    if match is None and a.current is not None:
        match, looked_for = anchor.locate(plain, a.quote, a.start, a.end), a.quote
    if match is None:
        if a.is_orphan:
            return a, None
        # Lost: it keeps its place, quote and ``current`` (what the passage last read).
        return replace(a, status="orphan"), "orphaned"
    start, end = match.start, match.end
    if match.method == "fuzzy":
        start, end = _whole_words(plain, start, end, looked_for.exact)
    now = quote_at(plain, start, end)
    same = now.exact == a.quote.exact
    status: Status = "conflict" if a.status == "conflict" else "ok" if same else "changed"
    new = replace(
        a,
        quote=now if same else a.quote,
        current=None if same else now,
        start=start,
        end=end,
        paragraph=article.paragraph_at(start),
        text_sha256=sha,
        status=status,
    )
    if a.is_orphan:
        return new, "found"
    if not same and a.passage.exact != now.exact:
        return new, "reworded"
    return new, "kept" if (new.start, new.end) == (a.start, a.end) else "moved"


def _whole_words(plain: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """A fuzzy span grown to whole words where the quote began and ended on one
    (an alignment may stop at "remember" when the text now says "remembers")."""
    if quote[:1].isalnum():
        while start > 0 and plain[start - 1].isalnum() and plain[start].isalnum():
            start -= 1
    if quote[-1:].isalnum():
        while end < len(plain) and plain[end].isalnum() and plain[end - 1].isalnum():
            end += 1
    return start, end


def place_draft(
    a: Annotation, article: Article, plain: str, sha: str
) -> tuple[Annotation, str | None]:
    """A note written by hand (only a quote), completed: found, or an orphan.

    The quote is looked for as typed, else with any run of spaces standing
    for any other; where it occurs more than once, the first place is taken.
    """
    now = utc_now()
    ident = a.id if not a.id.startswith("draft-") else new_id()
    done = replace(a, id=ident, updated=now, text_sha256=sha)
    if a.start < a.end and plain[a.start : a.end] == a.quote.exact:
        start, end = a.start, a.end  # offsets given by hand, and right
    else:
        try:
            start, end = anchor.find_quote(plain, a.quote.exact, 1)
        except ReaderError:
            return replace(done, status="orphan", start=0, end=0), "orphaned"
    placed = replace(
        done,
        quote=quote_at(plain, start, end),
        start=start,
        end=end,
        paragraph=article.paragraph_at(start),
        status="ok",
        current=None,
    )
    return placed, "placed"
