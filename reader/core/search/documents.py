"""Whoosh documents built from parsed trees: texts, notes and glossary entries.

Nothing here reads or parses files: a text's document comes from its
:class:`~reader.core.model.Article`, a note's and a glossary entry's from the
plain dicts their modules hand out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.core.model import PARAGRAPH_SEPARATOR, Article
from reader.core.search.body import pack
from reader.core.search.schema import date_terms
from reader.core.sources.store import index_fields

Document = dict[str, Any]


def text_key(text_id: str) -> str:
    return f"text:{text_id}"


def citing_paragraphs(article: Article) -> list[int]:
    """For each of ``article.notes``, the first paragraph that cites it (-1: none)."""
    found = [-1] * len(article.notes)
    for p in article.paragraphs:
        for ref in p.refs:
            if ref.note is not None and 0 <= ref.note < len(found) and found[ref.note] < 0:
                found[ref.note] = p.index
    return found


def content(article: Article) -> tuple[str, list[int]]:
    """What a text's document holds: its plain text, then each note's text,
    each after a blank line; and where each note starts."""
    parts = [article.plain_text]
    starts: list[int] = []
    at = len(parts[0])
    for note in article.notes:
        at += len(PARAGRAPH_SEPARATOR)
        starts.append(at)
        parts.append(note.text)
        at += len(note.text)
    return PARAGRAPH_SEPARATOR.join(parts), starts


def outline(article: Article, note_starts: list[int] | None = None) -> dict[str, list[Any]]:
    """Paragraph start offsets, each paragraph's heading index (-1: none), the
    heading texts, and each note's start, label and citing paragraph: enough
    to place any offset of the document's content by bisection."""
    if note_starts is None:
        note_starts = content(article)[1]
    return {
        "starts": [p.start for p in article.paragraphs],
        "sections": [-1 if p.section is None else p.section for p in article.paragraphs],
        "headings": [h.text for h in article.headings],
        "note_starts": note_starts,
        "note_labels": [n.label for n in article.notes],
        "note_paragraphs": citing_paragraphs(article),
    }


def text_document(
    article: Article, *, path: str, size: int, mtime_ns: int, sha256: str
) -> Document:
    m = article.meta
    plain, note_starts = content(article)
    meta: dict[str, Any] = {
        "key": text_key(article.id),
        "kind": "text",
        "text": article.id,
        "title": m.title,
        "author": m.author,
        "date": m.date,
        "publication": m.publication,
        "words": article.word_count,
        "notes": len(article.notes),
        "missing_notes": len(article.missing_notes),
        "path": path,
        "size": size,
        "mtime_ns": mtime_ns,
        "sha256": sha256,
        "outline": outline(article, note_starts),
    }
    return {
        "key": meta["key"],
        "kind": "text",
        "text": article.id,
        "title": m.title,
        "author": m.author or "",
        "date": date_terms(m.date),
        "content": plain,
        "body": pack(plain),
        **index_fields(article),  # its works: `reader sources`, `cites:`
        "meta": meta,
    }


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def note_document(note: Mapping[str, Any], title: str = "") -> Document:
    """A user's note: its own words and the passage it quotes."""
    text_id = _str(note.get("text_id"))
    note_id = _str(note.get("id"))
    tags = note.get("tags") or ()
    tags_list = [str(t) for t in tags] if not isinstance(tags, str) else [tags]
    content = "\n\n".join(x for x in (_str(note.get("note")), _str(note.get("quote"))) if x)
    paragraph = note.get("paragraph")
    meta = {
        "key": f"note:{text_id}:{note_id}",
        "kind": "note",
        "text": text_id,
        "title": title or text_id,
        "paragraph": paragraph if isinstance(paragraph, int) else None,
        "note": note_id,
        "tags": tags_list,
    }
    return {
        "key": meta["key"],
        "kind": "note",
        "text": text_id,
        "title": title,
        "tags": ",".join(tags_list),
        "content": content,
        "body": pack(content),
        "meta": meta,
    }


def glossary_document(entry: Mapping[str, Any]) -> Document:
    """A glossary entry: its name and aliases (as the title), its summary."""
    name = _str(entry.get("name"))
    aliases = entry.get("aliases") or ()
    if isinstance(aliases, str):  # "Vladimir Lenin; Ulyanov"
        alias_list = [a.strip() for a in aliases.split(";") if a.strip()]
    else:
        alias_list = [str(a) for a in aliases]
    dates = _str(entry.get("dates"))
    summary = _str(entry.get("summary"))
    content = "\n\n".join(x for x in (summary, dates) if x)
    meta = {
        "key": f"glossary:{name}",
        "kind": "glossary",
        "text": "",
        "title": name,
        "entry_kind": _str(entry.get("kind")),
        "aliases": alias_list,
        "paragraph": None,
    }
    return {
        "key": meta["key"],
        "kind": "glossary",
        "text": "",
        "title": " ".join([name, *alias_list]),
        "content": content,
        "body": pack(content),
        "meta": meta,
    }
