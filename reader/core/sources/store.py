"""A text's works as the search index keeps them, and the library's works
gathered from there.

When a text is indexed, its works (already grouped, with the places citing
them) are packed into the ``sources`` column of its document: compact JSON,
zlib-compressed, with the keys matching needs worked out in advance. ``reader
sources`` across the library then reads that column, never parses a text, and
groups the texts' works with the same rules as within a text.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from reader.core.memory import no_cycle_collection
from reader.core.model import Article
from reader.core.sources.grouping import (
    Signature,
    group_signed,
    signature,
    signature_of,
    work_id,
)
from reader.core.sources.model import Citation, Place, Work
from reader.core.sources.works import works_of

FORMAT = 4  # change it with reader.core.search.schema.SCHEMA_VERSION: indexes rebuild


def index_fields(article: Article) -> dict[str, Any]:
    """What a text's index document holds of its works: ``sources`` (the works,
    packed) and ``cites`` (their authors' family names and titles, for
    ``cites:`` queries)."""
    works = works_of(article)
    return {"sources": pack(article.id, works), "cites": cites_text(works)}


def pack(text: str, works: list[Work]) -> bytes:
    """The works of text ``text`` in the stored form."""
    record = {"v": FORMAT, "text": text, "works": [_work_record(w) for w in works]}
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8", "surrogatepass"))


def cites_text(works: list[Work]) -> str:
    """Each work's authors' family names and title, a line each."""
    return "\n".join(
        " ".join([*(a.family for a in w.citation.authors), w.citation.title or ""]).strip()
        for w in works
    )


def _work_record(work: Work) -> list[Any]:
    """One work, flat (fewer JSON objects decode faster): its matching keys, its
    fields, and its places as note, paragraph, page, marker start and end, …"""
    c = work.citation
    sig = signature(c)
    places: list[Any] = []
    for p in work.places:
        start, end = p.marker if p.marker else (None, None)
        places += [p.note, p.paragraph, p.locator, start, end]
    return [
        sig.family,
        sig.main,
        " ".join(sig.words),
        work_id(c),
        c.kind,
        [[a.literal, a.family, a.given] for a in c.authors],
        c.title,
        c.container,
        c.volume,
        c.place,
        c.publisher,
        c.year,
        c.url,
        places,
    ]


def records(raw: bytes) -> tuple[str, list[list[Any]]]:
    """(text id, its works as :func:`_work_record` lays them out); ``ValueError``
    if damaged."""
    try:
        record = json.loads(zlib.decompress(raw).decode("utf-8", "surrogatepass"))
        if not isinstance(record, dict) or record.get("v") != FORMAT:
            raise ValueError("a text's stored sources are in another format")
        text, works = str(record["text"]), record["works"]
    except (zlib.error, UnicodeError, json.JSONDecodeError, KeyError) as exc:
        raise ValueError("a text's stored sources do not read") from exc
    if not isinstance(works, list):
        raise ValueError("a text's stored sources do not read")
    return text, works


def signed(text: str, record: Sequence[Any]) -> tuple[Signature, Citation, list[Place]]:
    """One of :func:`records`' works as ``group_signed`` takes it; ``ValueError``
    if damaged."""
    try:
        (
            family,
            main,
            words,
            id_base,
            kind,
            authors,
            title,
            container,
            volume,
            place,
            publisher,
            year,
            url,
            flat,
        ) = record
        citation = Citation.stored(
            kind, authors, title, container, volume, place, publisher, year, url
        )
        signature = signature_of(citation, family, main, tuple(words.split()), id_base)
        cited = [
            Place(
                text,
                flat[i],
                flat[i + 1],
                flat[i + 2],
                None if flat[i + 3] is None else (flat[i + 3], flat[i + 4]),
            )
            for i in range(0, len(flat), 5)
        ]
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ValueError("a text's stored sources do not read") from exc
    return signature, citation, cited


def unpack(raw: bytes) -> tuple[str, list[tuple[Signature, Citation, list[Place]]]]:
    """(text id, its works with their places); ``ValueError`` if damaged."""
    text, works = records(raw)
    return text, [signed(text, work) for work in works]


def digest(raw: bytes) -> bytes:
    """What tells one text's packed works from another's (and from its own,
    before a change)."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def library_works(packed: Iterable[bytes]) -> list[Work]:
    """Every work the library cites, from the texts' stored records, grouped
    afresh: the texts in the order of their ids (then of their records'
    digests, should two share an id). :mod:`reader.core.sources.shelf` gives
    the same answer, keeping the grouping between calls."""
    with no_cycle_collection():
        texts = [(*unpack(raw), digest(raw)) for raw in packed if raw]
        texts.sort(key=lambda t: (t[0], t[2]))
        return group_signed(work for _, works, _ in texts for work in works)


def cited_markers(
    raw: bytes, wanted: Collection[str], analyse: Callable[[str], Iterable[str]]
) -> list[tuple[int, int]]:
    """The markers (plain-text offsets) of the notes citing a work whose
    authors and title hold every one of the ``wanted`` index terms, as ``analyse``
    (the ``cites`` field's analyzer) makes them."""
    if not raw:
        return []
    markers: list[tuple[int, int]] = []
    for _, citation, places in unpack(raw)[1]:
        said = " ".join([*(a.family for a in citation.authors), citation.title or ""])
        if set(wanted) <= set(analyse(said)):
            markers.extend(p.marker for p in places if p.marker is not None)
    return sorted(set(markers))
