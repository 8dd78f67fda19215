"""Turn an article, as a user pasted it, into the :class:`Article` tree.

The steps, in order:

1. :mod:`reader.core.clean` decodes the bytes and strips controls.
2. Optional TOML front matter between ``+++`` lines is read.
3. The notes are split off: Pandoc ``[^id]:`` definitions, a ``Notes``-like
   heading followed by labelled lines, or trailing ``[n] …`` lines with no
   heading. Unlabelled lines continue the previous note, but a closing
   boilerplate sentence after the last note is kept as a coda paragraph.
4. The body becomes blocks (blank-line paragraphs, one paragraph per line
   when the file has no blank lines, Markdown soft wraps joined).
5. Metadata: masthead + date line + title + standfirst at the top, a trailing
   dateline and bio at the bottom, front matter over all of it.
6. Footnote markers are found (:mod:`reader.core.markers`), headings are
   detected, and :mod:`reader.core.footnotes` resolves every note.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from reader.core import markers
from reader.core.clean import clean, read_source, sniff_binary, strip_controls
from reader.core.errors import ReaderError, load_toml
from reader.core.footnotes import URL_RE, resolve
from reader.core.model import (
    PARAGRAPH_SEPARATOR,
    Article,
    BlockKind,
    Diagnostic,
    Heading,
    Metadata,
    Note,
    Paragraph,
)

Format = Literal["txt", "md"]
Line = tuple[int, str]  # (1-based line number in the source, text)

MD_SUFFIXES = (".md", ".markdown")


@dataclass
class _Block:
    text: str
    line: int
    kind: BlockKind = "paragraph"
    level: int = 0
    single: bool = True  # one source line (headings are single lines)


# -- entry points --------------------------------------------------------------


def parse_file(path: Path, *, text_id: str | None = None) -> Article:
    """Parse a file of the library (or any path); binary files are refused."""
    path = Path(path)
    data = read_source(path)
    what = sniff_binary(data)
    if what is not None:
        raise ReaderError(
            f"this is {what}, not a text; reader reads plain text (.txt) and Markdown (.md)",
            path,
        )
    fmt: Format = "md" if path.suffix.lower() in MD_SUFFIXES else "txt"
    return parse_text(data, text_id=text_id or path.stem, path=str(path), fmt=fmt)


def parse_text(
    source: str | bytes,
    *,
    text_id: str = "text",
    path: str | None = None,
    fmt: Format | None = None,
    title: str | None = None,
    author: str | None = None,
) -> Article:
    """Parse ``source`` (bytes as read from disk, or text) into an :class:`Article`."""
    raw = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    sha = hashlib.sha256(raw).hexdigest()
    text, removed, diagnostics = clean(source)
    if fmt is None:
        fmt = "md" if path and path.lower().endswith(MD_SUFFIXES) else "txt"
    lines = text.split("\n")
    front, first = _front_matter(lines, path)
    numbered: list[Line] = [(i + 1, lines[i]) for i in range(first, len(lines))]

    body_lines, raw_notes, coda_lines = _split_notes(numbered)
    blocks = _blocks(body_lines, fmt)
    blocks.extend(_Block(t.strip(), no, kind="coda") for no, t in coda_lines if t.strip())
    given_title = front.get("title") if isinstance(front.get("title"), str) else None
    meta_found = _metadata(blocks, fmt, given_title)

    labels = {label for label, _, _ in raw_notes}
    finder = markers.MarkerFinder(labels, markdown=fmt == "md")
    refs = [finder.find(b.text) for b in blocks]
    if fmt == "txt":
        _detect_headings(blocks, refs)

    paragraphs, headings = _assemble(blocks, refs)
    notes, note_diags = _notes(raw_notes)
    diagnostics.extend(note_diags)
    referenced = _referenced_labels(paragraphs)
    order = referenced + [n.label for n in notes if n.label not in set(referenced)]
    resolve(notes, order)
    present = {n.label for n in notes}
    missing = _sorted_labels([label for label in referenced if label not in present], order)
    referenced_set = set(referenced)
    unreferenced = [n.label for n in notes if n.label not in referenced_set]

    meta = _final_metadata(meta_found, front, title, author, paragraphs, path)
    return Article(
        id=text_id,
        meta=meta,
        paragraphs=paragraphs,
        headings=headings,
        notes=notes,
        missing_notes=missing,
        unreferenced_notes=unreferenced,
        diagnostics=diagnostics,
        path=path,
        sha256=sha,
        stripped_controls=removed,
        front_matter=front,
    )


# -- front matter --------------------------------------------------------------


def _front_matter(lines: list[str], path: str | None) -> tuple[dict[str, Any], int]:
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


# -- the notes section -------------------------------------------------------------

_NOTES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]*\s*(?:notes?|end\s?notes|foot\s?notes|references|sources|"
    r"notes and references|notes and sources)\s*[*_]*\s*:?\s*$",
    re.IGNORECASE,
)
_PANDOC_DEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$")
_BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,4}|[*†‡]{1,3})\]\s*[.:)]?\s+(\S.*)$")
_ANY_NOTE = re.compile(
    r"^\s*(?:\[(?P<b>\d{1,4}|[*†‡]{1,3})\]\s*[.:)]?|\((?P<p>\d{1,3})\)|(?P<d>\d{1,3})[.)]"
    r"|(?P<n>\d{1,3})(?=\s)|(?P<s>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<y>[*†‡]{1,3}))\s*(?P<rest>\S.*)$"
)
_URL_ONLY = re.compile(r"^\s*(?:(?:https?://|www\.)\S+[\s,;]*)+$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

RawNote = tuple[str, int, list[str]]  # (label, line, text lines)


def _split_notes(lines: list[Line]) -> tuple[list[Line], list[RawNote], list[Line]]:
    """Split body lines from notes; returns (body, notes, coda lines)."""
    body, pandoc = _pandoc_definitions(lines)
    heading_at = _notes_heading(body)
    if heading_at is not None:
        region = body[heading_at + 1 :]
        notes, coda = _collect_notes(region, _ANY_NOTE)
        return body[:heading_at], pandoc + notes, coda
    start = _trailing_bracket_notes(body)
    if start is not None:
        notes, coda = _collect_notes(body[start:], _BRACKET_NOTE)
        return body[:start], pandoc + notes, coda
    return body, pandoc, []


def _pandoc_definitions(lines: list[Line]) -> tuple[list[Line], list[RawNote]]:
    body: list[Line] = []
    notes: list[RawNote] = []
    current: RawNote | None = None
    blank_before = False
    for no, text in lines:
        match = _PANDOC_DEF.match(text)
        if match:
            current = (match.group(1), no, [match.group(2).strip()])
            notes.append(current)
            blank_before = False
            continue
        if current is not None:
            if not text.strip():
                blank_before = True
                continue
            indented = text.startswith(("    ", "\t", "  "))
            if indented or not blank_before:
                current[2].append(text.strip())
                continue
            current = None
            if blank_before:
                body.append((no - 1, ""))
        blank_before = False
        body.append((no, text))
    return body, notes


def _notes_heading(lines: list[Line]) -> int | None:
    """Index of the last Notes-like heading followed by a labelled line."""
    for i in range(len(lines) - 1, -1, -1):
        if not _NOTES_HEADING.match(lines[i][1]):
            continue
        for _, following in lines[i + 1 :]:
            if following.strip():
                if _ANY_NOTE.match(following):
                    return i
                break
    return None


def _trailing_bracket_notes(lines: list[Line]) -> int | None:
    """Where trailing ``[n] …`` note lines (with no heading) begin, if any."""
    start: int | None = None
    trailing = 0
    labelled = 0
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i][1]
        if not text.strip():
            continue
        if _BRACKET_NOTE.match(text):
            start = i
            labelled += 1
        elif start is None:
            trailing += 1
            if trailing > 3:
                return None
        elif not _URL_ONLY.match(text):
            break
    if start is None:
        return None
    if labelled < 2:
        match = _BRACKET_NOTE.match(lines[start][1])
        label = match.group(1) if match else ""
        before = "\n".join(t for _, t in lines[:start])
        if f"[{label}]" not in before:
            return None
    return start


def _collect_notes(
    region: list[Line], pattern: re.Pattern[str]
) -> tuple[list[RawNote], list[Line]]:
    notes: list[RawNote] = []
    pending: list[Line] = []
    coda: list[Line] = []
    last_number = 0
    for no, text in region:
        if not text.strip():
            continue
        match = pattern.match(text)
        label = _note_label(match, last_number) if match else None
        if match and label is not None:
            if pending and notes:
                notes[-1][2].extend(t.strip() for _, t in pending)
            pending = []
            body = match.group("rest") if "rest" in pattern.groupindex else match.group(2)
            notes.append((label, no, [body.strip()]))
            if label.isdigit():
                last_number = int(label)
            continue
        if not notes:
            coda.append((no, text))
            continue
        previous = notes[-1][2][-1] if not pending else pending[-1][1].strip()
        if not pending and _continues(previous, text):
            notes[-1][2].append(text.strip())
        else:
            pending.append((no, text))
    return notes, coda + pending


def _note_label(match: re.Match[str], last_number: int) -> str | None:
    groups = match.groupdict()
    if "b" not in groups:  # the bracket-only pattern
        label = match.group(1)
        return str(int(label)) if label.isdigit() else label
    for key in ("b", "p", "d", "n", "s", "y"):
        value = groups.get(key)
        if value:
            if key == "s":
                value = value.translate(_SUPERSCRIPT_DIGITS)
            if value.isdigit():
                number = int(value)
                if key in ("d", "n", "p") and number <= last_number:
                    return None  # a number inside a note, not a new note
                return str(number)
            return value
    return None


def _continues(previous: str, line: str) -> bool:
    """Does an unlabelled line continue the note before it?"""
    stripped = line.strip()
    if _URL_ONLY.match(stripped):
        return True
    if stripped[:1].islower() or stripped[:1].isdigit():
        return True
    return not _TERMINAL.search(previous.rstrip())


# -- body blocks -------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def _groups(lines: list[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = []
    current: list[Line] = []
    for no, text in lines:
        if text.strip():
            current.append((no, text))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _fenced(lines: list[Line]) -> tuple[list[Line], dict[int, _Block]]:
    """Markdown code fences: each becomes one block keeping its line breaks."""
    kept: list[Line] = []
    fences: dict[int, _Block] = {}
    fence: list[Line] | None = None
    marker = ""
    for no, text in lines:
        opening = _MD_FENCE.match(text)
        if fence is None and opening:
            fence, marker = [], opening.group(1)[0] * 3
            kept += [(no, ""), (no, f"\x00fence{no}")]
            start = no
            continue
        if fence is not None:
            if text.strip().startswith(marker):
                fences[start] = _Block("\n".join(t for _, t in fence), start, single=False)
                fence = None
                kept.append((no, ""))
            else:
                fence.append((no, text))
            continue
        kept.append((no, text))
    if fence is not None:  # unterminated: keep what there is
        fences[start] = _Block("\n".join(t for _, t in fence), start, single=False)
    return kept, fences


def _blocks(lines: list[Line], fmt: Format) -> list[_Block]:
    if fmt == "md":
        lines, fences = _fenced(lines)
        md = [b for g in _groups(lines) for b in _markdown_blocks(g)]
        return [fences[b.line] if b.text.startswith("\x00fence") else b for b in md]
    groups = _groups(lines)
    if len(groups) == 1 or not _looks_wrapped(groups):
        return [_Block(t.strip(), no) for g in groups for no, t in g]
    blocks: list[_Block] = []
    for group in groups:
        first = group[0][1].strip()
        widest = max(len(t.strip()) for _, t in group[1:]) if len(group) > 1 else 0
        if len(group) > 1 and len(first) < 0.6 * widest and _heading_shaped(first):
            blocks.append(_Block(group[0][1].strip(), group[0][0]))
            group = group[1:]
        text = " ".join(t.strip() for _, t in group)
        blocks.append(_Block(text, group[0][0], single=len(group) == 1))
    return blocks


def _looks_wrapped(groups: list[list[Line]]) -> bool:
    """Hard-wrapped prose: the inner lines of multi-line blocks are short."""
    inner = [len(t.strip()) for g in groups if len(g) > 1 for _, t in g[:-1]]
    if len(inner) < 3:
        return False
    short = sum(1 for n in inner if n <= 100)
    return short >= 0.75 * len(inner)


def _markdown_blocks(group: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if paragraph:
            text = " ".join(t.strip() for _, t in paragraph)
            blocks.append(_Block(text, paragraph[0][0], single=len(paragraph) == 1))
            paragraph.clear()

    for i, (no, text) in enumerate(group):
        heading = _MD_HEADING.match(text)
        if heading:
            flush()
            blocks.append(_Block(heading.group(2), no, "heading", len(heading.group(1))))
            continue
        if _MD_SETEXT.match(text) and len(paragraph) == 1 and i > 0:
            level = 1 if text.strip().startswith("=") else 2
            first_no, first = paragraph.pop()
            blocks.append(_Block(first.strip(), first_no, "heading", level))
            continue
        if _MD_RULE.match(text):
            flush()
            continue
        if _MD_ITEM.match(text):
            flush()
        paragraph.append((no, text))
    flush()
    return blocks


# -- metadata ------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE_DOTS = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_MDY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_DATE_DMY = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)
_STANDFIRST_AUTHOR = re.compile(
    r"(?:,\s*|\s)(?:writes|argues|reports|says|explains)\s+"
    r"([A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|de|van|von|der|la|le)){0,4})\.?$"
)
_BYLINE = re.compile(r"^(?:by|By|BY)\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,4})$")
_BIO = re.compile(
    r"^([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})\s+(?:is|was|teaches|writes|works)\b"
)
_APPEARED = re.compile(
    r"\b(?:first\s+)?(?:appeared|published|was\s+published)\s+(?:in|on|by)\s+(.+?)\.?$", re.I
)
_SOURCE = re.compile(r"\bsource\b[^:]{0,60}:\s*((?:https?://|www\.)\S+?)[.,;]?$", re.I)


def parse_date(text: str) -> str | None:
    """A date line as an ISO date ("25.05.2011" → "2011-05-25"), else ``None``."""
    text = text.strip().rstrip(".").strip()
    if len(text) > 40:
        return None
    year: int
    try:
        if m := _DATE_DOTS.match(text):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _DATE_ISO.match(text):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _DATE_MDY.match(text):
            month, day, year = _MONTHS.get(m.group(1).lower(), 0), int(m.group(2)), int(m.group(3))
        elif m := _DATE_DMY.match(text):
            day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).lower(), 0), int(m.group(3))
        else:
            return None
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass
class _Found:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    publication: str | None = None
    source: str | None = None


def _short_unpunctuated(text: str, limit: int) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= limit and not re.search(r"[.!:;,]$", stripped)


def _metadata(blocks: list[_Block], fmt: Format, given_title: str | None = None) -> _Found:
    """Take masthead, date line, title, standfirst and trailing dateline out of
    the blocks (standfirst and dateline stay, re-labelled). A Markdown text's
    first ``#`` heading is its title, unless the front matter names another
    title: then the heading is the user's words and stays."""
    found = _Found()
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


def _top_metadata(blocks: list[_Block], found: _Found) -> None:
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
        real_next = parse_date(blocks[0].text) is None and _is_real_paragraph(blocks[1].text)
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


def _standfirst(blocks: list[_Block], found: _Found) -> None:
    if not blocks:
        return
    first = blocks[0]
    byline = _BYLINE.match(first.text.strip())
    if byline:
        found.author = byline.group(1)
        first.kind = "standfirst"
        return
    writes = _STANDFIRST_AUTHOR.search(first.text.strip())
    if writes and len(first.text) <= 400:
        found.author = writes.group(1).rstrip(".")
        first.kind = "standfirst"


def _bottom_metadata(blocks: list[_Block], found: _Found) -> None:
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


def _final_metadata(
    found: _Found,
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
        final_title, provisional = _provisional_title(paragraphs), True
    return Metadata(
        title=final_title,
        author=author or pick("author", "authors") or found.author,
        date=pick("date") or found.date,
        publication=pick("publication", "journal", "site") or found.publication,
        source=pick("source", "url", "source_url") or found.source,
        title_provisional=provisional,
    )


def _provisional_title(paragraphs: list[Paragraph], words: int = 8) -> str:
    for p in paragraphs:
        if p.kind in ("paragraph", "heading") and p.text.strip():
            head = 400  # enough for the first words; keeps this linear on huge paragraphs
            text = p.text[:head]
            for ref in reversed([r for r in p.refs if r.end <= head]):
                text = text[: ref.start] + text[ref.end :]
            tokens = text.split()
            title = " ".join(tokens[:words])
            return title + ("…" if len(tokens) > words else "")
    return "Untitled"


# -- headings -----------------------------------------------------------------------

_NOT_HEADINGS = re.compile(
    r"^(?:notes?|endnotes|footnotes|references|sources|contents|abstract)$", re.IGNORECASE
)
_CLOSING_QUOTES = "\"'”’»)]*_"


def _heading_shaped(text: str) -> bool:
    core = text.strip().rstrip(_CLOSING_QUOTES).strip()
    if not core or len(core) > 100 or len(core.split()) > 16:
        return False
    if re.search(r"[.!?:;,…]$", core) or parse_date(core) or _NOT_HEADINGS.match(core):
        return False
    if core.startswith(("—", "–", "-", "http", "www.")):
        return False
    first = next((c for c in core if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def _is_real_paragraph(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= 100 or bool(_TERMINAL.search(stripped.rstrip("*_")))


def _detect_headings(blocks: list[_Block], refs: list[tuple[Any, ...]]) -> None:
    for i, block in enumerate(blocks):
        if block.kind != "paragraph" or not block.single:
            continue
        text = block.text
        if len(text) > 120:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or following.kind != "paragraph":
            continue
        if not _is_real_paragraph(following.text):
            continue
        if refs[i]:
            last = refs[i][-1]
            if not text[last.end :].strip():
                text = text[: last.start]
        if _heading_shaped(text) and not _heading_shaped(following.text):
            block.kind = "heading"
            block.level = 2


# -- assembly ------------------------------------------------------------------------


def _assemble(
    blocks: list[_Block], refs: list[tuple[Any, ...]]
) -> tuple[list[Paragraph], list[Heading]]:
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    offset = 0
    section: int | None = None
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            headings.append(Heading(block.text, i, block.level or 2))
            section = len(headings) - 1
        paragraphs.append(
            Paragraph(
                index=i,
                text=block.text,
                refs=refs[i],
                kind=block.kind,
                level=block.level,
                start=offset,
                line=block.line,
                section=section,
            )
        )
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return paragraphs, headings


def _notes(raw: list[RawNote]) -> tuple[list[Note], list[Diagnostic]]:
    notes: list[Note] = []
    diagnostics: list[Diagnostic] = []
    seen: set[str] = set()
    for label, line, parts in raw:
        if label in seen:
            diagnostics.append(
                Diagnostic(f"note {label} is given twice; the first one is used", line=line)
            )
            continue
        seen.add(label)
        notes.append(Note(label=label, text="\n".join(p for p in parts if p), line=line))
    return notes, diagnostics


def _referenced_labels(paragraphs: list[Paragraph]) -> list[str]:
    seen: dict[str, None] = {}
    for p in paragraphs:
        for ref in p.refs:
            seen.setdefault(ref.label, None)
    return list(seen)


def _sorted_labels(labels: list[str], order: list[str]) -> list[str]:
    def key(label: str) -> tuple[int, int]:
        return (0, int(label)) if label.isdigit() else (1, order.index(label))

    return sorted(labels, key=key)
