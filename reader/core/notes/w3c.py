"""Notes as W3C Web Annotations (JSON-LD): one ``AnnotationCollection``.

Each note becomes an ``Annotation`` whose bodies are ``TextualBody``: the note
(``purpose: commenting``) and one per tag (``purpose: tagging``). Its target's
``source`` is the text's own web address when it has one, else a ``file:``
URI of the text file in the library.

**Selectors count the text file as stored.** Both selectors describe the
passage as it stands in the text file (decoded as UTF-8, without a byte-order
mark, line endings as they are): the ``TextQuoteSelector``'s ``exact`` is the
file's own characters (line breaks of a hard-wrapped paragraph included) and
the ``TextPositionSelector`` counts Unicode code points from the file's start,
as the W3C model asks, so ``text[start:end] == exact``
(``tests/notes/test_w3c.py``). A passage that changed is described as it
reads now. An orphan, or a passage the file does not hold as such, carries
the quote selector only, with the words as highlighted. A note that is not
"ok" has a ``describing`` body saying so (with the words as highlighted, for
a changed passage). Motivation:
``commenting`` when there is a note, ``highlighting`` otherwise. Every
annotation passes the MUST assertions of the W3C test suite.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from reader.core.notes.codec import iso
from reader.core.notes.export import TextNotes, status_line
from reader.core.notes.model import CONTEXT as CONTEXT_CHARS
from reader.core.notes.model import TEXT_PREFIX, Annotation

if TYPE_CHECKING:
    from reader.core.model import Article

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NAMESPACE = uuid.UUID("6f1c2f55-3d4e-4c55-9c47-6a3e1b2f8d10")  # ours, for collection ids


def note_iri(a: Annotation) -> str:
    try:
        return uuid.UUID(a.id).urn
    except ValueError:
        return "urn:reader:note:" + quote(a.id, safe="")


def text_iri(text_id: str) -> str:
    return TEXT_PREFIX + quote(text_id, safe="")


def source_iri(group: TextNotes) -> str:
    """The text's web address, else its file as a ``file:`` URI (else an URN: text gone)."""
    if group.url:
        return group.url
    if group.path is not None:
        return group.path.resolve().as_uri()
    return text_iri(group.text_id)


def file_text(path: Path | None) -> tuple[str, list[int]]:
    """The text file as stored, decoded, and where its lines start."""
    try:
        raw = b"" if path is None else path.read_bytes()
    except OSError:
        raw = b""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text, [0, *(m.end() for m in re.finditer("\n", text))]


def file_span(
    raw: str, article: Article, a: Annotation, line_starts: Sequence[int] = ()
) -> tuple[int, int] | None:
    """Where the note's passage is in ``raw`` (the file as stored), nearest its paragraph.

    Verbatim first, else with any run of spaces and line breaks standing for
    any other (a hard-wrapped paragraph is joined in the plain text).
    """
    exact = a.passage.exact
    if not exact.strip() or not raw:
        return None
    hint = 0
    if 0 <= a.paragraph < len(article.paragraphs):
        line = article.paragraphs[a.paragraph].line
        starts = line_starts or [0, *(m.end() for m in re.finditer("\n", raw))]
        hint = starts[min(max(0, line - 1), len(starts) - 1)]
    after = raw.find(exact, hint)
    before = raw.rfind(exact, 0, hint + len(exact) - 1)
    hits = [(h, h + len(exact)) for h in (after, before) if h != -1]
    if not hits:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in exact.split()))
        hits = [(m.start(), m.end()) for m in pattern.finditer(raw)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - hint))


def annotation(
    group: TextNotes, a: Annotation, stored: tuple[str, list[int]] | None = None
) -> dict[str, Any]:
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
    if a.status != "ok":  # said in words: the model has no term for it
        what = status_line(a)
        if a.status == "changed":
            what += f" (highlighted as “{' '.join(a.quote.exact.split())}”)"
        bodies.append(
            {"type": "TextualBody", "value": what, "format": "text/plain", "purpose": "describing"}
        )
    raw, line_starts = stored if stored is not None else file_text(group.path)
    span = None
    if not a.is_orphan and group.article is not None:
        span = file_span(raw, group.article, a, line_starts)
    if span is None:
        exact, prefix, suffix = a.quote.exact, a.quote.prefix, a.quote.suffix
    else:
        start, end = span
        exact, prefix, suffix = (
            raw[start:end],
            raw[max(0, start - CONTEXT_CHARS) : start],
            raw[end : end + CONTEXT_CHARS],
        )
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    selectors: list[dict[str, Any]] = [selector]
    if span is not None:
        selectors.append({"type": "TextPositionSelector", "start": span[0], "end": span[1]})
    target: dict[str, Any] = {"source": source_iri(group), "selector": selectors}
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
    items = []
    for g in groups:
        stored = file_text(g.path)  # read once per text
        items += [annotation(g, a, stored) for a in g.notes]
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
