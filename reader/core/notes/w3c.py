"""Notes as W3C Web Annotations (JSON-LD): one ``AnnotationCollection``.

Each note becomes an ``Annotation`` whose bodies are ``TextualBody``: the note
(``purpose: commenting``) and one per tag (``purpose: tagging``). Its target
is the text, ``urn:reader:text:<text-id>`` (with the web address it came from
as ``scope`` when known), narrowed by a ``TextQuoteSelector`` (exact, prefix,
suffix) and a ``TextPositionSelector`` (offsets in the text's normalised plain
text). An orphan's old offsets point at nothing, so an orphan carries the
quote selector only. Motivation: ``commenting`` when there is a note,
``highlighting`` otherwise. Every annotation passes the MUST assertions of
the W3C test suite (``tests/notes/test_w3c.py``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from reader.core.notes.codec import iso
from reader.core.notes.export import TextNotes
from reader.core.notes.model import TEXT_PREFIX, Annotation

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NAMESPACE = uuid.UUID("6f1c2f55-3d4e-4c55-9c47-6a3e1b2f8d10")  # ours, for collection ids


def note_iri(a: Annotation) -> str:
    try:
        return uuid.UUID(a.id).urn
    except ValueError:
        return "urn:reader:note:" + quote(a.id, safe="")


def text_iri(text_id: str) -> str:
    return TEXT_PREFIX + quote(text_id, safe="")


def annotation(group: TextNotes, a: Annotation) -> dict[str, Any]:
    """One note as a W3C Web Annotation."""
    bodies: list[dict[str, Any]] = []
    if a.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": a.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    bodies.extend({"type": "TextualBody", "value": t, "purpose": "tagging"} for t in a.tags)
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": a.quote.exact}
    if a.quote.prefix:
        selector["prefix"] = a.quote.prefix
    if a.quote.suffix:
        selector["suffix"] = a.quote.suffix
    selectors: list[dict[str, Any]] = [selector]
    if not a.is_orphan:
        selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    target: dict[str, Any] = {"source": text_iri(group.text_id), "selector": selectors}
    if group.source and re.fullmatch(r"https?://[^\s<>\"]+", group.source):
        target["scope"] = group.source
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": note_iri(a),
        "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        "created": _w3c_time(a.created),
        "modified": _w3c_time(a.updated),
    }
    if bodies:
        out["body"] = bodies
    out["target"] = target
    return out


def _w3c_time(when: datetime) -> str:
    """xsd:dateTime in UTC, to the second, as the model asks (``…T12:00:00Z``)."""
    return iso(when)[:19] + "Z"


def collection(groups: Sequence[TextNotes]) -> dict[str, Any]:
    """All the notes as one ``AnnotationCollection`` with a single page."""
    items = [annotation(g, a) for g in groups for a in g.notes]
    ident = uuid.uuid5(_NAMESPACE, "\n".join(item["id"] for item in items)).urn
    return {
        "@context": CONTEXT,
        "id": ident,
        "type": "AnnotationCollection",
        "label": "Notes from reader",
        "total": len(items),
        "first": {
            "id": uuid.uuid5(_NAMESPACE, ident + "#page-1").urn,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def to_w3c(groups: Sequence[TextNotes]) -> str:
    return json.dumps(collection(groups), ensure_ascii=False, indent=2) + "\n"
