"""A work as plain data (what the library's cache keeps of it) and as the JSON
``reader sources --json`` prints.

:func:`work_json` is the shape of one work. :func:`listing` lays a list of
works out exactly as ``json.dumps(…, ensure_ascii=False, indent=2)`` would,
from each work's :func:`tail` (everything after its id), made from its
:data:`Plain` form with the C string encoder: the library's works keep theirs
between calls (:mod:`reader.core.sources.shelf`), so tens of thousands print
in a blink rather than through Python's indenting JSON encoder.
"""

from __future__ import annotations

from collections.abc import Iterable
from json.encoder import encode_basestring  # C, where Python has it
from typing import Any

from reader.core.sources.model import Citation, Place, Work

# A work as plain data: kind, authors (literal, family, given), title,
# container, volume, place, publisher, year, URL, and its places flat, six
# values each (text, note, paragraph, page, marker start, end).
Plain = tuple[Any, ...]
PLACE = 6


def plain(work: Work) -> Plain:
    """``work`` (all but its id) as :data:`Plain` data."""
    c = work.citation
    flat: list[Any] = []
    for p in work.places:
        flat += (p.text, p.note, p.paragraph, p.locator, *(p.marker or (None, None)))
    authors = tuple([(a.literal, a.family, a.given) for a in c.authors])
    fields = (c.title, c.container, c.volume, c.place, c.publisher, c.year, c.url)
    return (c.kind, authors, *fields, tuple(flat))


def from_plain(work_id: str, row: Plain) -> Work:
    """The :class:`Work` of :func:`plain`'s data, with its id."""
    *fields, flat = row
    citation = Citation.stored(*fields)
    places = [
        Place(
            flat[i],
            flat[i + 1],
            flat[i + 2],
            flat[i + 3],
            None if flat[i + 4] is None else (flat[i + 4], flat[i + 5]),
        )
        for i in range(0, len(flat), PLACE)
    ]
    return Work(work_id, citation, places)


def work_json(work: Work) -> dict[str, Any]:
    """The JSON shape of one work (``null`` where the notes do not say)."""
    c = work.citation
    return {
        "id": work.id,
        "kind": c.kind,
        "authors": [{"given": a.given, "family": a.family} for a in c.authors],
        "title": c.title,
        "container": c.container,
        "volume": c.volume,
        "place": c.place,
        "publisher": c.publisher,
        "year": c.year,
        "url": c.url,
        "cited": [
            {"text": p.text, "note": p.note, "paragraph": p.paragraph, "locator": p.locator}
            for p in work.places
        ],
    }


_AUTHOR = '      {\n        "given": %s,\n        "family": %s\n      }'
_PLACE = (
    '      {\n        "text": %s,\n        "note": %s,\n        "paragraph": %s,\n'
    '        "locator": %s\n      }'
)
_TAIL = (
    '    "kind": %s,\n    "authors": %s,\n    "title": %s,\n    "container": %s,\n'
    '    "volume": %s,\n    "place": %s,\n    "publisher": %s,\n    "year": %s,\n'
    '    "url": %s,\n    "cited": %s\n  }'
)


def _value(value: str | int | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    return int.__repr__(value)


def _array(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n    ]" if items else "[]"


def tail(row: Plain) -> str:
    """The :func:`work_json` of a work (its :data:`Plain` data) after its id,
    laid out as the item of an indented list."""
    v = _value
    kind, authors, title, container, volume, place, publisher, year, url, flat = row
    people = [_AUTHOR % (v(given), v(family)) for _, family, given in authors]
    places = [
        _PLACE % (v(flat[i]), v(flat[i + 1]), v(flat[i + 2]), v(flat[i + 3]))
        for i in range(0, len(flat), PLACE)
    ]
    fields = (title, container, volume, place, publisher, year, url)
    return _TAIL % (v(kind), _array(people), *map(v, fields), _array(places))


def listing(works: Iterable[tuple[str, str]]) -> str:
    """The works, each its id and :func:`tail`, as one indented JSON list."""
    parts = ["["]
    for work_id, rest in works:  # one join of every piece: the list is long
        parts += ('\n  {\n    "id": ', encode_basestring(work_id), ",\n", rest, ",")
    if len(parts) == 1:
        return "[]"
    parts[-1] = "\n]"
    return "".join(parts)
