"""An article's notes read as citations, and the works the article cites.

Back-references take their work from the note they resolve to (the footnote
resolver already traced Ibid., op. cit. and loc. cit.) and keep their own page.
The citations of one work are gathered by :mod:`reader.core.sources.grouping`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.core.memory import no_cycle_collection
from reader.core.model import Article, Note, Paragraph, Ref
from reader.core.sources.grouping import family_key, folded_words, group, same_work, title_words
from reader.core.sources.model import Citation, NoteReading, Place, Work

_BACK = ("ibid", "op-cit", "loc-cit")
_BACK_MARK = re.compile(
    r"\b(?:ibid(?:em)?\b|id\.(?=[\s,]|$)|op\.?\s*cit\b|loc\.?\s*cit\b)", re.IGNORECASE
)


# -- the one place that knows how a marker names its note ----------------------


def citing_refs(article: Article) -> dict[int, list[tuple[Paragraph, Ref]]]:
    """For each note (its index in ``article.notes``), the markers citing it
    (labels repeat across chapters; a marker's ``note`` never does)."""
    found: dict[int, list[tuple[Paragraph, Ref]]] = {}
    for paragraph in article.paragraphs:
        for ref in paragraph.refs:
            if ref.note is not None:
                found.setdefault(ref.note, []).append((paragraph, ref))
    return found


def citing_places(article: Article) -> dict[int, list[int]]:
    """For each note (its index in ``article.notes``), the paragraphs citing it."""
    return {
        note: list(dict.fromkeys(paragraph.index for paragraph, _ in refs))
        for note, refs in citing_refs(article).items()
    }


def _target(note: Note) -> int | None:
    """The note a back-reference takes its work from (its index)."""
    if note.resolves_to is None or note.status != "ok":
        return None
    return note.target


# -- reading every note -----------------------------------------------------------


def read_notes(article: Article) -> list[NoteReading]:
    """What every note of ``article`` cites, in the order of ``article.notes``.

    Notes are read in order, so each back-reference and short form ("Thompson,
    Making, 45") finds the full citation it stands for among those before it.
    """
    # Here and below, not at the top: the citation reader compiles its many
    # patterns when imported, which `reader sources` across the library (it
    # only groups what the index kept) need not pay for.
    from reader.core.sources.citation import read_citations

    readings: list[NoteReading] = []
    earlier: dict[str, list[Citation]] = {}  # by the first author's family name
    for i, note in enumerate(article.notes):
        if note.kind == "gloss":
            readings.append(NoteReading(i, note.label, gloss=True))
            continue
        if note.kind in _BACK:
            reading = _back_reference(i, note, readings, earlier)
        elif _BACK_MARK.search(note.text):
            reading = _with_back_references(i, note, readings, earlier)
        else:
            found = tuple(_full_form(c, earlier) for c in read_citations(note.text))
            reading = NoteReading(i, note.label, found, gloss=not found)
        readings.append(reading)
        for citation in reading.citations:
            earlier.setdefault(family_key(citation), []).append(citation)
    return readings


def _with_back_references(
    i: int,
    note: Note,
    readings: Sequence[NoteReading],
    earlier: dict[str, list[Citation]],
) -> NoteReading:
    """A full citation that also says "…; Williams, op. cit., p. 60" or "ibid.":
    each such part takes its work from the citations before it."""
    from reader.core.sources.citation import locator_of, pieces, read_citations

    found: list[Citation] = []
    for part in pieces(note.text) or [note.text]:
        mark = _BACK_MARK.search(part)
        if mark is None:
            found.extend(_full_form(c, earlier) for c in read_citations(part))
            continue
        if mark.group(0).lower().startswith(("ibid", "id")):
            before = found or (list(readings[i - 1].citations) if i and readings else [])
            work = before[-1] if before else None
        else:
            work = _work_of(part, note, None, earlier, alone=False)
        if work is not None:
            found.append(replace(work, locator=locator_of(part) or work.locator))
    return NoteReading(i, note.label, tuple(found), gloss=not found)


def _full_form(citation: Citation, earlier: dict[str, list[Citation]]) -> Citation:
    """A short form ("Thompson, Making, 45"; "Thompson, 45") stands for the
    latest earlier full citation of that author and title."""
    if citation.year is not None or citation.place or citation.publisher or citation.container:
        return citation
    if not citation.authors or citation.url:
        return citation
    for seen in reversed(earlier.get(family_key(citation), ())):
        if citation.title is None or same_work(citation, seen):
            return replace(seen, locator=citation.locator)
    return citation


def _back_reference(
    i: int,
    note: Note,
    readings: Sequence[NoteReading],
    earlier: dict[str, list[Citation]],
) -> NoteReading:
    """Ibid., op. cit., loc. cit.: the work of the note resolved to, this note's
    own page (Ibid. and loc. cit. without one keep the page cited before). Other
    parts of the note ("…; see also …") are read as citations."""
    from reader.core.sources.citation import locator_of, pieces, read_citations

    target = _target(note)
    target_reading = readings[target] if target is not None and target < len(readings) else None
    found: list[Citation] = []
    parts = pieces(note.text) or [note.text]
    backs = [p for p in parts if _BACK_MARK.search(p)] or parts[:1]
    for part in parts:
        if part not in backs:
            found.extend(_full_form(c, earlier) for c in read_citations(part))
            continue
        work = _work_of(part, note, target_reading, earlier, alone=len(backs) == 1)
        if work is None:
            continue
        page = locator_of(part)
        if page is None and note.kind != "op-cit":
            page = _page_before(work, readings, i) if note.kind == "ibid" else None
            page = page or note.page or work.locator
        found.append(replace(work, locator=page))
    return NoteReading(i, note.label, tuple(found), via=note.resolves_to)


def _work_of(
    part: str,
    note: Note,
    target: NoteReading | None,
    earlier: dict[str, list[Citation]],
    *,
    alone: bool,
) -> Citation | None:
    said = set(folded_words(part))
    if target is not None and target.citations:
        work = _which(target.citations, note.kind, said)
        if alone or {family_key(work)} & said:
            return work
    if note.kind == "ibid" or not said:
        return None
    # several back-references in one note: each by its own author and title
    candidates = [c for name in said for c in earlier.get(name, ())]
    if not candidates:
        return None
    return max(reversed(candidates), key=lambda c: len(set(title_words(c.title)) & said))


def _page_before(work: Citation, readings: Sequence[NoteReading], i: int) -> str | None:
    """Ibid. with no page: the page the note before gave for the same work."""
    if i == 0 or i - 1 >= len(readings):
        return None
    for cited in reversed(readings[i - 1].citations):
        if same_work(cited, work) or cited.title == work.title:
            return cited.locator
    return None


def _which(citations: Sequence[Citation], kind: str, said: set[str]) -> Citation:
    """Of the works the target note cites, the one a back-reference means:
    Ibid. the last one; op. cit. the one whose author and title it names."""
    if len(citations) == 1 or kind == "ibid":
        return citations[-1]

    def score(c: Citation) -> int:
        names = {family_key(c)}
        return 2 * len(names & said) + len(set(title_words(c.title)) & said)

    return max(citations, key=score)


def cited_in(article: Article) -> list[tuple[Citation, Place]]:
    """Every citation of ``article`` with the place citing it (a note cited
    from two paragraphs is two places; a note no marker cites, one with no
    paragraph)."""
    refs = citing_refs(article)
    out: list[tuple[Citation, Place]] = []
    for reading in read_notes(article):
        places = [
            Place(
                article.id,
                reading.label,
                paragraph.index,
                None,
                (paragraph.start + ref.start, paragraph.start + ref.end),
            )
            for paragraph, ref in refs.get(reading.note, ())
        ] or [Place(article.id, reading.label, None, None)]
        for citation in reading.citations:
            out.extend((citation, replace(place, locator=citation.locator)) for place in places)
    return out


def works_of(article: Article) -> list[Work]:
    """The works ``article`` cites, most cited first."""
    with no_cycle_collection():
        return group(cited_in(article))
