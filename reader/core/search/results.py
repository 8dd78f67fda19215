"""What a search answers: hits (paragraphs, notes, entries), and the one way
the CLI and the app group them under their text and heading."""

from __future__ import annotations

from typing import Any, NamedTuple

from reader.core.search.snippets import Piece, marked, piece_spans, plain

# The order groups come in: texts (their paragraphs and footnotes), then the
# user's notes, then the glossary.
GROUP_KINDS = {"text": 0, "footnote": 0, "note": 1, "glossary": 2}


class SearchHit(NamedTuple):
    """A paragraph of a text (``kind`` "text"; "footnote" when the match is in
    one of its notes, labelled ``note``), a user's note or a glossary entry."""

    kind: str
    text: str
    title: str
    paragraph: int | None
    heading: str | None
    score: float
    snippet: tuple[Piece, ...]
    key: str = ""
    # Every paragraph holding a match, in order (texts only).
    paragraphs: tuple[int, ...] = ()
    # The label of the footnote that matched (kind "footnote").
    note: str | None = None

    @property
    def snippet_marked(self) -> str:
        return marked(self.snippet)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "title": self.title,
            "paragraph": self.paragraph,
            "heading": self.heading,
            "note": self.note,
            "score": round(self.score, 4),
            "snippet": self.snippet_marked,
            "snippet_text": plain(self.snippet),
            "spans": [[s.start, s.end] for s in piece_spans(self.snippet)],
        }


class SearchResults(NamedTuple):
    query: str
    hits: list[SearchHit]
    # How many documents (texts, notes, entries) matched.
    total: int = 0
    suggestion: str | None = None
    seconds: float = 0.0
    # False when ``total`` is an estimate (phrases are checked for the best
    # documents only).
    exact: bool = True


def kind_order(hit: SearchHit) -> int:
    return GROUP_KINDS.get(hit.kind, len(GROUP_KINDS))


class Section(NamedTuple):
    """Consecutive hits of one text under one heading (None: before any)."""

    heading: str | None
    hits: list[SearchHit]


class Group(NamedTuple):
    """One text's hits (or one note's, or one entry's), under its title."""

    kind: str
    text: str
    title: str
    sections: list[Section]


def group_hits(hits: list[SearchHit]) -> list[Group]:
    """``hits`` under their text and, within a text, their heading: a text's
    consecutive paragraphs share one group; each note and entry is its own."""
    groups: list[Group] = []
    for hit in hits:
        kind = "text" if hit.kind == "footnote" else hit.kind
        last = groups[-1] if groups else None
        if last is None or kind != "text" or (last.kind, last.text) != (kind, hit.text):
            groups.append(Group(kind, hit.text, hit.title or hit.text or hit.key, []))
            last = groups[-1]
        sections = last.sections
        if not sections or sections[-1].heading != hit.heading:
            sections.append(Section(hit.heading, []))
        sections[-1].hits.append(hit)
    return groups


def count_line(results: SearchResults) -> str:
    """ "23 paragraphs in 4 texts, 2 notes, 1 glossary entry", and how many
    documents matched when more did than are shown."""
    paragraphs = [h for h in results.hits if h.kind in ("text", "footnote")]
    texts = len({h.text for h in paragraphs})
    notes = sum(1 for h in results.hits if h.kind == "note")
    entries = sum(1 for h in results.hits if h.kind == "glossary")
    parts = []
    if paragraphs or not (notes or entries):
        parts.append(f"{_n(len(paragraphs), 'paragraph')} in {_n(texts, 'text')}")
    if notes:
        parts.append(_n(notes, "note"))
    if entries:
        parts.append(_n(entries, "glossary entry", "glossary entries"))
    shown = texts + notes + entries
    line = ", ".join(parts)
    if results.total > shown or not results.exact:
        about = "" if results.exact else "about "
        line += f" (of {about}{results.total} matching texts, notes and entries)"
    return line


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
