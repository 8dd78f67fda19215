"""Title, author, date and publication: found in the text, given in front matter.

A masthead, date line, title and standfirst at the top; a trailing dateline,
bio and "first appeared in" at the bottom; TOML front matter between ``+++``
lines over all of it; a Gutenberg header for books.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reader.core.blocks import Block, Format
from reader.core.clean import strip_controls
from reader.core.dates import parse_date
from reader.core.errors import ReaderError, load_toml
from reader.core.footnotes import URL_RE
from reader.core.model import Metadata, Paragraph
from reader.core.shapes import (
    INVISIBLE,
    TRAILING_MARKER,
    is_real_paragraph,
)

_STANDFIRST_AUTHOR = re.compile(
    r"(?:,\s*|\s)(?:writes|argues|reports|says|explains)\s+"
    r"([A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|de|van|von|der|la|le)){0,4})\.?$"
)


# "Jane Doe looks back at …": a standfirst naming its author without "writes".
_STANDFIRST_NAMED = re.compile(
    r"^([A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|de|van|von|der|la|le)){1,3})\s+"
    r"(?:looks|recalls|argues|examines|asks|traces|explains|reports|considers|reflects"
    r"|revisits|describes|assesses|explores|writes|remembers|investigates|tells)\b"
)


_BYLINE = re.compile(r"^(?:by|By|BY)\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,4})$")


_BIO = re.compile(
    r"^([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})\s+(?:is|was|teaches|writes|works)\b"
)


_APPEARED = re.compile(
    r"\b(?:first\s+)?(?:appeared|published|was\s+published)\s+(?:in|on|by)\s+(.+?)\.?$", re.I
)


_SOURCE = re.compile(r"\bsource\b[^:]{0,60}:\s*((?:https?://|www\.)\S+?)[.,;]?$", re.I)


@dataclass
class Found:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    publication: str | None = None
    source: str | None = None
    translator: str | None = None


def _short_unpunctuated(text: str, limit: int) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= limit and not re.search(r"[.!:;,]$", stripped)


def detect_metadata(blocks: list[Block], fmt: Format, given_title: str | None = None) -> Found:
    """Take masthead, date line, title, standfirst and trailing dateline out of
    the blocks (standfirst and dateline stay, re-labelled). A Markdown text's
    first ``#`` heading is its title, unless the front matter names another
    title: then the heading is the user's words and stays."""
    found = Found()
    if fmt == "md":
        first = blocks[0] if blocks else None
        if first is not None and first.kind == "heading" and first.level == 1:
            same = (
                given_title is None
                or " ".join(given_title.split()).casefold()
                == " ".join(first.text.split()).casefold()
            )
            if same:
                found.title = blocks.pop(0).text
    else:
        _top_metadata(blocks, found)
    _bottom_metadata(blocks, found)
    return found


def _top_metadata(blocks: list[Block], found: Found) -> None:
    date_at = next((i for i, b in enumerate(blocks[:4]) if b.single and parse_date(b.text)), None)
    if date_at is not None and all(_short_unpunctuated(b.text, 60) for b in blocks[:date_at]):
        found.date = parse_date(blocks[date_at].text)
        if date_at:
            found.publication = blocks[0].text.strip()
        del blocks[: date_at + 1]
        if blocks and blocks[0].single and _is_title(blocks[0].text):
            found.title = blocks.pop(0).text.strip()
            _standfirst(blocks, found)
        return
    if len(blocks) >= 2 and blocks[0].single and _is_title(blocks[0].text):
        real_next = parse_date(blocks[0].text) is None and is_real_paragraph(blocks[1].text)
        byline_next = _BYLINE.match(blocks[1].text.strip()) is not None and len(blocks) > 2
        if real_next or byline_next:
            found.title = blocks.pop(0).text.strip()
            _standfirst(blocks, found)


def _is_title(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= 200
        and not re.search(r"[.!:;,]$", stripped)
        and not URL_RE.match(stripped)
        and stripped[:1] not in "[("
    )


def _standfirst(blocks: list[Block], found: Found) -> None:
    if not blocks:
        return
    first = blocks[0]
    byline = _BYLINE.match(first.text.strip())
    if byline:
        found.author = byline.group(1)
        first.kind = "standfirst"
        return
    if len(first.text) > 400:
        return
    writes = _STANDFIRST_AUTHOR.search(TRAILING_MARKER.sub("", first.text.strip()))
    named = _STANDFIRST_NAMED.match(first.text.strip())
    match = writes or named
    if match and len(blocks) > 1:
        found.author = match.group(1).rstrip(".")
        first.kind = "standfirst"


def _bottom_metadata(blocks: list[Block], found: Found) -> None:
    body = [i for i, b in enumerate(blocks) if b.kind != "coda"]
    tail = body[-5:]
    for i in reversed(tail):
        block = blocks[i]
        iso = parse_date(block.text) if block.single else None
        if iso is None:
            continue
        block.kind = "dateline"
        found.date = found.date or iso
        for later in blocks[i + 1 :]:
            later.kind = "coda"
            text = later.text.strip()
            bio = _BIO.match(text)
            if bio and found.author is None:
                found.author = bio.group(1)
            appeared = _APPEARED.search(text)
            if appeared and found.publication is None:
                found.publication = _trailing_name(appeared.group(1))
        break
    for block in blocks:
        if block.kind == "coda":
            source = _SOURCE.search(block.text.strip())
            if source and found.source is None:
                found.source = source.group(1)


def _trailing_name(phrase: str) -> str | None:
    """The proper name ending a phrase ("the French journal Mediapart" → "Mediapart")."""
    words = phrase.split()
    end = len(words)
    while end and not words[end - 1][:1].isupper():
        end -= 1
    if not end:
        return None
    start = end - 1
    connectors = {"de", "du", "la", "le", "of", "the", "and", "des", "der", "di"}
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1] in connectors):
        start -= 1
    while start < end and words[start] in connectors:
        start += 1
    name = " ".join(words[start:end]).strip(" ,;:")
    return name or None


def final_metadata(
    found: Found,
    front: dict[str, Any],
    title: str | None,
    author: str | None,
    paragraphs: list[Paragraph],
    path: str | None,
) -> Metadata:
    def pick(key: str, *aliases: str) -> str | None:
        for name in (key, *aliases):
            value = front.get(name)
            if isinstance(value, datetime):
                return value.date().isoformat()
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, str) and value.strip():
                if name == "date":
                    return parse_date(value) or value.strip()
                return value.strip()
        return None

    final_title = title or pick("title") or found.title
    provisional = False
    if not final_title:
        final_title, provisional = provisional_title(paragraphs), True
    return Metadata(
        title=final_title,
        author=author or pick("author", "authors") or found.author,
        date=pick("date") or found.date,
        publication=pick("publication", "journal", "site") or found.publication,
        source=pick("source", "url", "source_url") or found.source,
        title_provisional=provisional,
        translator=pick("translator", "translators") or found.translator,
    )


def provisional_title(paragraphs: list[Paragraph], words: int = 8) -> str:
    """A name for a text without a title: the first words of its first paragraph."""
    for p in paragraphs:
        if p.kind in ("paragraph", "heading") and p.text.strip():
            head = 400  # enough for the first words; keeps this linear on huge paragraphs
            text = p.text[:head]
            for ref in reversed([r for r in p.refs if r.end <= head]):
                text = text[: ref.start] + text[ref.end :]
            tokens = INVISIBLE.sub("", text).split()
            title = " ".join(tokens[:words])
            return title + ("…" if len(tokens) > words else "")
    return "Untitled"


def book_metadata(header: dict[str, str], found: Found) -> None:
    title = header.get("title")
    if title:
        found.title = title
    author = header.get("author") or header.get("authors")
    if author:
        found.author = author
    found.translator = header.get("translator") or found.translator


def front_matter(lines: list[str], path: str | None) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "+++":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "+++":
            break
    else:
        raise ReaderError("unterminated front matter (expected a closing '+++' line)", path, 1)
    data = load_toml(
        "\n".join(lines[1:end]),
        path,
        lambda reason, column: (
            f"invalid TOML in the front matter{f' (column {column})' if column else ''}: "
            f"{reason}; fix it or remove the '+++' block"
        ),
        first_line=2,
    )
    # TOML escapes ("\u001b") can spell what clean() removed from the raw text.
    return {k: _without_controls(v) for k, v in data.items()}, end + 1


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return strip_controls(value)[0]
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    return value
