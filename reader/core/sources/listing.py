"""The works as ``reader sources --json`` prints them.

:func:`work_json` is the shape of one work. :func:`listing` lays a list of
works out exactly as ``json.dumps(…, ensure_ascii=False, indent=2)`` would,
from each work's :func:`tail` (everything after its id), made once: the
library's works keep theirs between calls (:mod:`reader.core.sources.shelf`),
so tens of thousands print in a blink rather than through Python's indenting
JSON encoder.
"""

from __future__ import annotations

from collections.abc import Iterable
from json.encoder import encode_basestring  # C, where Python has it
from typing import Any

from reader.core.sources.model import Work


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


def tail(work: Work) -> str:
    """``work``'s :func:`work_json` after its id, laid out as the item of an
    indented list."""
    c, v = work.citation, _value
    authors = [_AUTHOR % (v(a.given), v(a.family)) for a in c.authors]
    places = [_PLACE % (v(p.text), v(p.note), v(p.paragraph), v(p.locator)) for p in work.places]
    fields = (c.title, c.container, c.volume, c.place, c.publisher, c.year, c.url)
    title, container, volume, place, publisher, year, url = map(v, fields)
    return _TAIL % (
        v(c.kind),
        _array(authors),
        title,
        container,
        volume,
        place,
        publisher,
        year,
        url,
        _array(places),
    )


def listing(works: Iterable[tuple[str, str]]) -> str:
    """The works, each its id and :func:`tail`, as one indented JSON list."""
    parts = ["["]
    for work_id, rest in works:  # one join of every piece: the list is long
        parts += ('\n  {\n    "id": ', encode_basestring(work_id), ",\n", rest, ",")
    if len(parts) == 1:
        return "[]"
    parts[-1] = "\n]"
    return "".join(parts)
