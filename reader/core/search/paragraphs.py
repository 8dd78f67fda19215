"""A text's matches as the paragraphs people read, each with its notes.

A text is one document in the index: its paragraphs, then its notes' texts
(:func:`reader.core.search.documents.content`). A match's offset falls in a
paragraph or in a note; a note belongs to the first paragraph that cites it.
So the document's matches spread over *units*: a paragraph with its notes.
A unit is listed with the paragraph's own snippet when the paragraph holds a
match, else with the note's (a ``footnote`` hit).

``NOT``/``-`` applies to units: a paragraph goes when it or one of its notes
holds the excluded word; the text's other paragraphs stay
(:func:`split_negations` keeps a text field's exclusion, ``-author:…``, for
whole texts).
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from whoosh.query.compound import And, AndNot
from whoosh.query.positional import Phrase
from whoosh.query.qcore import Query
from whoosh.query.terms import Term
from whoosh.query.wrappers import Not

from reader.core.search.snippets import Span

# The field whose matches are placed in paragraphs.
CONTENT = "content"


class Outline:
    """Where a text document's paragraphs and notes start (its stored outline)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.starts: list[int] = raw["starts"]
        self.sections: list[int] = raw["sections"]
        self.headings: list[str] = raw["headings"]
        self.note_starts: list[int] = raw.get("note_starts", [])
        self.note_labels: list[str] = raw.get("note_labels", [])
        self.note_paragraphs: list[int] = raw.get("note_paragraphs", [])
        # Paragraphs, then notes: region i < len(starts) is paragraph i.
        self.regions: list[int] = self.starts + self.note_starts

    def region_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.regions, offset) - 1)

    def unit_of(self, region: int) -> int:
        """The unit a region belongs to: its paragraph, or the paragraph citing
        the note; a note nobody cites is a unit of its own, numbered after the
        paragraphs."""
        paragraphs = len(self.starts)
        if region < paragraphs:
            return region
        citing = self.note_paragraphs[region - paragraphs]
        return citing if citing >= 0 else region

    def paragraph_of(self, unit: int) -> int | None:
        return unit if unit < len(self.starts) else None

    def note_label(self, region: int) -> str | None:
        paragraphs = len(self.starts)
        return self.note_labels[region - paragraphs] if region >= paragraphs else None

    def heading(self, paragraph: int | None) -> str | None:
        if paragraph is None or not self.sections:
            return None
        section = self.sections[paragraph]
        return self.headings[section] if section >= 0 else None


class Unit(NamedTuple):
    """A paragraph (or an uncited note) holding matches, and the region
    (paragraph or note) its snippet comes from."""

    unit: int
    paragraph: int | None
    region: int
    note: str | None
    spans: list[Span]


def spread(
    outline: Outline,
    spans: Sequence[Span],
    excluded: Iterable[Span] = (),
    *,
    notes_only: bool = False,
) -> list[Unit]:
    """The units holding ``spans`` (sorted by start), in text order, without
    those holding an ``excluded`` span; with ``notes_only``, only matches in
    notes count."""
    out_units = {outline.unit_of(outline.region_of(s.start)) for s in excluded}
    by_region: dict[int, list[Span]] = {}
    paragraphs = len(outline.starts)
    for s in spans:
        region = outline.region_of(s.start)
        if notes_only and region < paragraphs:
            continue
        by_region.setdefault(region, []).append(s)
    by_unit: dict[int, list[int]] = {}
    for region in by_region:
        unit = outline.unit_of(region)
        if unit not in out_units:
            by_unit.setdefault(unit, []).append(region)
    units: list[Unit] = []
    for unit in sorted(by_unit):
        # The paragraph's own words first; else the note with the most matches.
        regions = sorted(by_unit[unit], key=lambda r: (r != unit, -len(by_region[r]), r))
        region = regions[0]
        units.append(
            Unit(
                unit,
                outline.paragraph_of(unit),
                region,
                outline.note_label(region),
                by_region[region],
            )
        )
    return units


# -- what a query asks of a paragraph --------------------------------------------------


def _has_content(q: Query) -> bool:
    leaves = [q] if q.is_leaf() else list(q.leaves())
    return any(getattr(leaf, "fieldname", None) == CONTENT for leaf in leaves)


def split_negations(q: Query) -> tuple[Query, list[Query]]:
    """``q`` without the exclusions that apply to paragraphs (those naming the
    text's words), and those exclusions. An exclusion of text fields only
    (``-author:…``, ``-title:…``) stays in the query: it removes whole texts."""
    if type(q) is AndNot and _has_content(q.b):
        return q.a, [q.b]
    if type(q) is not And:
        return q, []
    kept: list[Query] = []
    negs: list[Query] = []
    for sub in q.subqueries:
        if type(sub) is Not and _has_content(sub.query):
            negs.append(sub.query)
        else:
            kept.append(sub)
    if not negs or not kept:
        return q, []
    if len(kept) == 1:
        return kept[0], negs
    return And(kept, boost=q.boost), negs


class Phrases:
    """The content phrases of a query: a span of one of their words counts only
    where the whole phrase is (unless the word is asked for on its own too)."""

    def __init__(self, q: Query) -> None:
        leaves = [q] if q.is_leaf() else list(q.leaves())
        self.phrases: list[tuple[str, ...]] = [
            tuple(leaf.words)
            for leaf in leaves
            if type(leaf) is Phrase and leaf.fieldname == CONTENT and len(leaf.words) > 1
        ]
        alone = {leaf.text for leaf in leaves if type(leaf) is Term and leaf.fieldname == CONTENT}
        self._only = {w for p in self.phrases for w in p} - alone

    def keep(self, spans: list[Span]) -> list[Span]:
        """``spans`` (sorted by start) without phrase words found outside a phrase."""
        if not self.phrases:
            return spans
        at: dict[tuple[str, int], Span] = {(s.term, s.pos): s for s in spans if s.pos >= 0}
        whole: set[Span] = set()
        for phrase in self.phrases:
            for s in spans:
                if s.term != phrase[0] or s.pos < 0:
                    continue
                run = [at.get((word, s.pos + i)) for i, word in enumerate(phrase)]
                if all(r is not None for r in run):
                    whole.update(r for r in run if r is not None)
        return [s for s in spans if s.term not in self._only or s in whole]
