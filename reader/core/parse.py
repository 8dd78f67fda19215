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

import bisect
import gc
import hashlib
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from reader.core import booknotes, gutenberg, markers, scopes
from reader.core.clean import clean, read_source, sniff_binary, strip_controls
from reader.core.errors import ReaderError, load_toml
from reader.core.footnotes import URL_RE, resolve
from reader.core.model import (
    PARAGRAPH_SEPARATOR,
    Article,
    BlockKind,
    Heading,
    Metadata,
    Note,
    Paragraph,
    Ref,
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
    gap: int = 1  # blank lines before it in the source
    lines: int = 1  # source lines it spans
    heading_text: str | None = None  # the heading as listed, when not its text


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
    # A book makes hundreds of thousands of small objects and frees none of them
    # while parsing: the cyclic collector would walk them all again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_text(source, text_id=text_id, path=path, fmt=fmt, title=title, author=author)
    finally:
        if enabled:
            gc.enable()


def _parse_text(
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

    header: dict[str, str] = {}
    book = False
    front_text = back_text = ""
    inline_notes: list[RawNote] = []
    if fmt == "txt":
        framed = gutenberg.frame(numbered)
        numbered, header, book = framed.body, framed.header, framed.gutenberg
        front_text, back_text = framed.front_text, framed.back_text
        numbered, inline_notes = booknotes.extract(numbered)
    else:
        numbered, front_text, back_text = _fenced_matter(numbered)

    body_lines, raw_notes, coda_lines = _split_notes(numbered, keep_heading=book)
    if inline_notes:
        raw_notes = sorted(inline_notes + raw_notes, key=lambda n: n[1])
    blocks = _blocks(body_lines, fmt)
    blocks.extend(_Block(t.strip(), no, kind="coda") for no, t in coda_lines if t.strip())
    given_title = front.get("title") if isinstance(front.get("title"), str) else None
    meta_found = _Found() if book else _metadata(blocks, fmt, given_title)
    if book:
        _book_metadata(header, meta_found)

    labels = {label for label, _, _ in raw_notes}
    finder = markers.MarkerFinder(labels, markdown=fmt == "md")
    refs = [finder.find(b.text) for b in blocks]
    if fmt == "txt":
        spaced = book or _spaced_like_a_book(body_lines)
        if not (spaced and _detect_book_headings(blocks, refs)):
            _detect_headings(blocks, refs)
        blocks, refs = _chapter_subtitles(blocks, refs)
        _contents_entries(blocks)

    paragraphs, headings = _assemble(blocks, refs)
    notes = _notes(raw_notes)
    missing, unreferenced = _pair_and_resolve(paragraphs, notes, raw_notes)

    meta = _final_metadata(meta_found, front, title, author, paragraphs, path)
    if header.get("translator") and meta.translator is None:
        meta = replace(meta, translator=header["translator"])
    return Article(
        id=text_id,
        meta=meta,
        paragraphs=paragraphs,
        headings=headings,
        notes=notes,
        missing_notes=[label for label, _ in missing],
        unreferenced_notes=[label for label, _ in unreferenced],
        diagnostics=diagnostics,
        path=path,
        sha256=sha,
        stripped_controls=removed,
        front_matter=front,
        front_text=front_text,
        back_text=back_text,
        missing=missing,
        unreferenced=unreferenced,
    )


def _pair_and_resolve(
    paragraphs: list[Paragraph], notes: list[Note], raw: list[RawNote]
) -> tuple[list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    """Give every marker its note, every note its scope and group, and resolve
    each numbering group; return the missing and unreferenced (label, scope)."""
    starts = [p.line for p in paragraphs]
    sections = [p.section for p in paragraphs]

    def section_at(line: int) -> int | None:
        at = bisect.bisect_right(starts, line) - 1
        return sections[at] if at >= 0 else None

    places = [
        scopes.Place(r.label, p.line, k, p.section)
        for p in paragraphs
        for k, r in enumerate(p.refs)
    ]
    note_places = [scopes.Place(n.label, n.line, 0, section_at(n.line)) for n in notes]
    chosen = scopes.pair(places, note_places)
    group_of = scopes.groups([n.label for n in notes])
    for i, n in enumerate(notes):
        n.index, n.group, n.scope = i, group_of[i], note_places[i].section
    k = 0
    missing: list[tuple[str, int | None]] = []
    seen_missing: set[tuple[str, int | None]] = set()
    for p in paragraphs:
        if not p.refs:
            continue
        updated = []
        section = p.section
        for r in p.refs:
            target = chosen[k]
            k += 1
            updated.append(Ref(r.label, r.start, r.end, target, section))
            if target is None and (r.label, section) not in seen_missing:
                seen_missing.add((r.label, section))
                missing.append((r.label, section))
        p.refs = tuple(updated)
    cited = {c for c in chosen if c is not None}
    unreferenced = [(n.label, n.scope) for n in notes if n.index not in cited]
    _resolve_groups(notes, paragraphs)
    missing.sort(key=lambda m: _label_key(m[0]) if all(x[1] is None for x in missing) else (0, 0))
    return missing, unreferenced


def _label_key(label: str) -> tuple[int, int]:
    return (0, int(label)) if label.isdigit() else (1, 0)


def _resolve_groups(notes: list[Note], paragraphs: list[Paragraph]) -> None:
    by_group: dict[int, list[Note]] = {}
    for n in notes:
        by_group.setdefault(n.group, []).append(n)
    referenced = _referenced_labels(paragraphs)
    for group in by_group.values():
        present = {n.label for n in group}
        order = [label for label in referenced if label in present]
        order += [n.label for n in group if n.label not in set(order)]
        resolve(group, order)
        index = {n.label: n.index for n in group}
        for n in group:
            n.target = index.get(n.resolves_to) if n.resolves_to is not None else None


_FENCED_DIV = re.compile(r"^\s{0,3}:{3,}\s*\{?\s*\.?(front-matter|back-matter)\s*\}?\s*$")
_FENCE_END = re.compile(r"^\s{0,3}:{3,}\s*$")


def _fenced_matter(lines: list[Line]) -> tuple[list[Line], str, str]:
    """Pandoc fenced divs ``::: front-matter`` / ``::: back-matter``: what an
    imported book has around the work (imprint, colophon, licence)."""
    if not any(t.startswith(":::") or t.lstrip().startswith(":::") for _, t in lines):
        return lines, "", ""
    kept: list[Line] = []
    parts: dict[str, list[str]] = {"front-matter": [], "back-matter": []}
    inside: str | None = None
    for no, text in lines:
        if inside is None:
            match = _FENCED_DIV.match(text)
            if match:
                inside = match.group(1)
                continue
            kept.append((no, text))
            continue
        if _FENCE_END.match(text):
            inside = None
            continue
        parts[inside].append(text)
    front = "\n".join(parts["front-matter"]).strip("\n")
    back = "\n".join(parts["back-matter"]).strip("\n")
    return kept, front, back


def _spaced_like_a_book(lines: list[Line]) -> bool:
    """Sections set apart by two or more blank lines, paragraphs by one: the
    layout of printed books typed out (Project Gutenberg's and others')."""
    blanks = 0
    wide = narrow = 0
    for _, text in lines:
        if text.strip():
            if blanks >= 2:
                wide += 1
            elif blanks == 1:
                narrow += 1
            blanks = 0
        else:
            blanks += 1
    return wide >= 3 and narrow >= 5 * wide


def _book_metadata(header: dict[str, str], found: _Found) -> None:
    title = header.get("title")
    if title:
        found.title = title
    author = header.get("author") or header.get("authors")
    if author:
        found.author = author


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


def _split_notes(
    lines: list[Line], *, keep_heading: bool = False
) -> tuple[list[Line], list[RawNote], list[Line]]:
    """Split body lines from notes; returns (body, notes, coda lines). A book
    keeps its notes section's heading: it is a section of the book."""
    body, pandoc = _pandoc_definitions(lines)
    heading_at = _notes_heading(body)
    if heading_at is not None:
        region = body[heading_at + 1 :]
        notes, coda = _collect_notes(region, _ANY_NOTE)
        return body[: heading_at + (1 if keep_heading else 0)], pandoc + notes, coda
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
                return _trailing_bracket_paragraphs(lines)
        elif not _URL_ONLY.match(text):
            break
    if start is None:
        return None
    if labelled < 2 and not _cited_before(lines, start):
        return None
    return start


def _trailing_bracket_paragraphs(lines: list[Line]) -> int | None:
    """Where trailing ``[n] …`` notes begin when each is a paragraph of several
    lines (a book's notes after its last chapter, with no heading)."""
    start: int | None = None
    count = trailing = 0
    i = len(lines) - 1
    while i >= 0:
        if not lines[i][1].strip():
            i -= 1
            continue
        top = i
        while top > 0 and lines[top - 1][1].strip():
            top -= 1
        if _BRACKET_NOTE.match(lines[top][1]):
            start, count = top, count + 1
        elif start is not None:
            break
        else:
            trailing += i - top + 1  # a closing line ("FINIS.") after the notes
            if trailing > 3:
                return None
        i = top - 1
    if start is None or (count < 2 and not _cited_before(lines, start)):
        return None
    return start


def _cited_before(lines: list[Line], start: int) -> bool:
    match = _BRACKET_NOTE.match(lines[start][1])
    label = match.group(1) if match else ""
    return f"[{label}]" in "\n".join(t for _, t in lines[:start])


def _collect_notes(
    region: list[Line], pattern: re.Pattern[str]
) -> tuple[list[RawNote], list[Line]]:
    notes: list[RawNote] = []
    pending: list[Line] = []
    coda: list[Line] = []
    last_number = 0
    blank = False  # a blank line since the last one read
    for no, text in region:
        if not text.strip():
            blank = True
            continue
        wrapped, blank = not blank, False
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
            parts = notes[-1][2]
            if wrapped and not _URL_ONLY.match(text) and not _URL_ONLY.match(parts[-1]):
                parts[-1] = f"{parts[-1]} {text.strip()}"  # a hard-wrapped line of its paragraph
            else:
                parts.append(text.strip())
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


def _groups(lines: list[Line], gaps: dict[int, int] | None = None) -> list[list[Line]]:
    """Blank-line separated groups; ``gaps`` gets each group's blank lines before it."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    blanks = 0
    for no, text in lines:
        if text.strip():
            if not current and gaps is not None:
                gaps[no] = blanks
            current.append((no, text))
            blanks = 0
        else:
            if current:
                groups.append(current)
                current = []
            blanks += 1
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
    gaps: dict[int, int] = {}
    groups = _groups(lines, gaps)
    if len(groups) == 1 or not _looks_wrapped(groups):
        return [
            _Block(t.strip(), no, gap=gaps.get(g[0][0], 1) if k == 0 else 0)
            for g in groups
            for k, (no, t) in enumerate(g)
        ]
    blocks: list[_Block] = []
    for whole in groups:
        for group in _list_items(whole):
            _wrapped_block(group, gaps.get(group[0][0], 1 if group is whole else 0), blocks)
    return blocks


def _list_items(group: list[Line]) -> list[list[Line]]:
    """A numbered or bulleted list keeps one item a block, wrapped prose or not."""
    if len(group) < 2 or sum(1 for _, t in group if _MD_ITEM.match(t)) < 2:
        return [group]
    if not _MD_ITEM.match(group[0][1]):
        return [group]
    items: list[list[Line]] = []
    for line in group:
        if _MD_ITEM.match(line[1]) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def _wrapped_block(group: list[Line], gap: int, blocks: list[_Block]) -> None:
    """One paragraph of hard-wrapped lines (a heading line glued on top split off)."""
    first = group[0][1].strip()
    widest = max(len(t.strip()) for _, t in group[1:]) if len(group) > 1 else 0
    if len(group) > 3 and len(first) < 0.6 * widest and _heading_shaped(first):
        blocks.append(_Block(group[0][1].strip(), group[0][0], gap=gap))
        group = group[1:]
        gap = 0
    text = " ".join(t.strip() for _, t in group)
    blocks.append(_Block(text, group[0][0], single=len(group) == 1, gap=gap, lines=len(group)))


def _looks_wrapped(groups: list[list[Line]]) -> bool:
    """Hard-wrapped prose: the inner lines of multi-line blocks are short."""
    inner = [len(t.strip()) for g in groups if len(g) > 1 for _, t in g[:-1]]
    if not inner:
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
_TRAILING_MARKER = re.compile(r"(?:\[\^?[^\]\s]{1,8}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡]+)+$")
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
    if len(first.text) > 400:
        return
    writes = _STANDFIRST_AUTHOR.search(_TRAILING_MARKER.sub("", first.text.strip()))
    named = _STANDFIRST_NAMED.match(first.text.strip())
    match = writes or named
    if match and len(blocks) > 1:
        found.author = match.group(1).rstrip(".")
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
    if core.endswith(_BAD_ENDINGS) or core.startswith("["):
        return False
    if _INDEX_ENTRY.search(core) or _TABLE_ROW.search(core):
        return False  # an index entry ("Bread, 12, 40"), a table row
    if core.endswith(".") and (_NUMBERED_HEADING.match(core) or _SECTION_WORD.match(core)):
        return len(core) <= 80  # "CHAPTER IV.", "BOOK II.", "PREFACE."
    if core.endswith(".") and core.isupper() and len(core) <= 60 and not _INDEX_ENTRY.search(core):
        return True  # "THE SNAKE DANCE."
    if re.search(r"[.!?:;,…]$", core) or parse_date(core) or _NOT_HEADINGS.match(core):
        return False
    if core.startswith(("—", "–", "-", "http", "www.")):
        return False
    first = next((c for c in core if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def _is_real_paragraph(text: str) -> bool:
    if len(text) >= 100:
        return True
    stripped = _TRAILING_MARKER.sub("", text.strip())
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


_NUMBERED_HEADING = re.compile(
    r"^(?:chapter|book|part|letter|section|volume|canto|lecture|essay)\s+"
    r"(?:[ivxlcdm]+|\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|the \w+)\b",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(
    r"^(?:chapter|book|part|letter|section|volume|canto|lecture|essay)\s+"
    r"(?:[ivxlcdm]+|\d{1,3})\.?$",
    re.IGNORECASE,
)
_SECTION_WORD = re.compile(
    r"^(?:preface|introduction|introductory|appendix|conclusion|epilogue|prologue|dedication"
    r"|postscript|afterword|foreword|notes)\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^(?:A\.\s?D\.\s*)?\d{3,4}(?:\s*[-–—]{1,2}\s*\d{2,4})?\.?$")
_SUBSECTION = re.compile(r"^(?:section|§)\s*\d+\.\d+", re.IGNORECASE)
_BYLINE_START = re.compile(r"^\s*(?:by|translated by|edited by)\s", re.IGNORECASE)
_DEDICATION = re.compile(r"^to\.?$", re.IGNORECASE)
_SECTION_ANYWHERE = re.compile(
    r"\b(?:preface|introduction|appendix|conclusion|dedication|postscript)\b", re.IGNORECASE
)
_SYNOPSIS = re.compile(
    r"^\s*(?:chapter\s+)?(?:summary|synopsis|argument|analysis|contents of the chapter)\.?\s*$",
    re.IGNORECASE,
)
_BAD_ENDINGS = (":", ";", ":--", ",--", "--", ":—", ",—", "—")
_INDEX_ENTRY = re.compile(r"\d+\s*,\s*\d+|\d+\s*[-–]\s*\d+\s*,")
_TABLE_ROW = re.compile(r"\S\s{3,}\S")
_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "upon",
        "its",
        "his",
        "her",
        "their",
    ]
)


def _title_cased(text: str) -> bool:
    words = _LETTERS.findall(re.sub(r"\([^)]*\)", " ", text))
    if not words:
        return False
    letters = "".join(words)
    if letters.isupper():
        return True
    if not words[0][:1].isupper():
        return False
    long = [w for w in words if len(w) > 3 and w.lower() not in _SMALL_WORDS]
    if not long:
        return all(w[:1].isupper() for w in words)
    return sum(1 for w in long if w[:1].isupper()) >= 0.8 * len(long)


def _book_heading_shaped(block: _Block, text: str) -> bool:
    core = text.strip().strip("_*").strip()
    if not core or len(core) > 160 or block.lines > 3 or len(core.split()) > 25:
        return False
    if core[:1] in "[(\"'“‘" or not any(c.isalpha() for c in core):
        return False
    if core.endswith(_BAD_ENDINGS) or _INDEX_ENTRY.search(core) or _TABLE_ROW.search(core):
        return False
    if core.endswith(",") and not core.isupper():
        return False
    if parse_date(core) or URL_RE.match(core):
        return False
    return _title_cased(core)


def _same_kind_of_title(a: str, b: str) -> bool:
    first = _NUMBERED_HEADING.match(a.strip())
    return first is not None and b.strip().lower().startswith(a.strip().split()[0].lower())


def _is_prose(block: _Block) -> bool:
    text = block.text.strip()
    if _title_cased(text):
        return False
    return len(text) >= 200 or (block.lines >= 3 and _TERMINAL.search(text) is not None)


def _detect_book_headings(blocks: list[_Block], refs: list[tuple[Any, ...]]) -> bool:
    """Headings of a book typed out: set apart by two or more blank lines (or a
    numbered "CHAPTER IV." line), title-cased or in capitals, and followed by the
    text they head rather than by a list of their like (a contents page)."""
    found = False
    candidates: list[bool] = []
    for i, block in enumerate(blocks):
        text = block.text
        if refs[i]:
            last = refs[i][-1]
            if not text[last.end :].strip():
                text = text[: last.start]
        ok = block.kind == "paragraph" and _book_heading_shaped(block, text)
        if ok and block.gap < 2:
            ok = bool(
                _NUMBERED_HEADING.match(text.strip())
                or (i and candidates[i - 1] and _SECTION_ANYWHERE.search(text))
            )
        if ok and _SUBSECTION.match(text.strip()):
            ok = False
        candidates.append(ok)
    prose = next((i for i, b in enumerate(blocks) if _is_prose(b)), len(blocks))
    for i, block in enumerate(blocks):
        if not candidates[i]:
            continue
        text = block.text.strip()
        named = bool(_SECTION_WORD.match(text) or _NUMBERED_HEADING.match(text))
        if i < prose and not named and any(candidates[i + 1 : prose]):
            continue  # the title page: only the heading of the first text counts
        following = i + 1
        if following < len(blocks) and candidates[following] and blocks[following].gap <= 1:
            continue  # a heading right above it names it better (or this is a contents page)
        # a chapter's subtitle line may sit between the number and the text
        if (
            following + 1 < len(blocks)
            and blocks[following].gap <= 1
            and not _BYLINE_START.match(blocks[following].text)
            and _book_heading_shaped(blocks[following], blocks[following].text)
        ):
            following += 1  # a subtitle or the first subheading stands between
        if following + 1 < len(blocks) and _DATE_LINE.match(blocks[following].text.strip()):
            following += 1  # the years the chapter covers ("1524-1525") stand before its text
        if following >= len(blocks):
            if _NOTES_HEADING.match(text):  # the book's notes follow it
                block.kind, block.level, found = "heading", 2, True
            continue
        after = blocks[following]
        if candidates[following]:
            if after.gap <= 1 or not named:
                continue  # one of a list of titles (a contents page), or a half-title
        elif (
            len(after.text.strip()) < 60
            and not _is_prose(after)
            and not _DEDICATION.match(text)
            and not (_SECTION_ANYWHERE.search(text) and block.gap >= 2)
        ):
            continue  # a title page's line, an advertisement: no text follows
        elif after.gap <= 1 and _same_kind_of_title(text, after.text):
            continue  # a contents page: "CHAPTER 12. …" then "CHAPTER 13. …"
        block.kind = "heading"
        block.level = 2
        found = True
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and nxt.gap <= 1 and _SYNOPSIS.match(nxt.text):
            nxt.kind, nxt.level = "heading", 3  # "Chapter Summary", "ARGUMENT"
    return found


def _chapter_subtitles(
    blocks: list[_Block], refs: list[tuple[Any, ...]]
) -> tuple[list[_Block], list[tuple[Any, ...]]]:
    """ "CHAPTER I" and the title line under it are one heading."""
    out: list[_Block] = []
    out_refs: list[tuple[Any, ...]] = []
    skip = 0
    for i, block in enumerate(blocks):
        if skip:
            skip -= 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if _book_and_chapter(blocks, refs, i):
            # "Book 2" / "Chapter 3" / its title: one heading, "Book 2, Chapter 3: …"
            chapter, argument = blocks[i + 1], blocks[i + 2]
            chapter.heading_text = (
                f"{block.text.strip().rstrip('.')}, {chapter.text.strip().rstrip('.')}: "
                f"{' '.join(argument.text.split())}"
            )
            chapter.text = f"{block.text.strip()}\n{chapter.text.strip()}\n{argument.text.strip()}"
            chapter.kind, chapter.level = "heading", chapter.level or 2
            chapter.line, chapter.gap = block.line, block.gap
            out.append(chapter)
            out_refs.append(refs[i + 1])
            skip = 2
            continue
        if (
            nxt is not None
            and (block.kind == "heading" or (block.kind == "paragraph" and nxt.kind == "heading"))
            and nxt.kind in ("paragraph", "heading")
            and nxt.gap <= 1
            and not refs[i]
            and not refs[i + 1]
            and (_NUMBER_ONLY.match(block.text.strip()) or _DEDICATION.match(block.text.strip()))
            and _book_heading_shaped(nxt, nxt.text)
            and i + 2 < len(blocks)
        ):
            number, title = block.text.strip(), nxt.text.strip()
            joiner = " " if _DEDICATION.match(number) else ": "
            block.heading_text = f"{number.rstrip('.')}{joiner}{title}"
            block.text = f"{block.text}\n{title}"
            block.kind, block.level = "heading", block.level or nxt.level or 2
            skip = 1
        out.append(block)
        out_refs.append(refs[i])
    return out, out_refs


_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+)?contents\.?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[a-z,;)\]'’”\"][.!?][\"'”’)\]]*(?:\s+(?=[A-Z\"'“‘(])|$)")


def _has_sentences(block: _Block) -> bool:
    text = block.text.strip()
    return len(text.split()) >= 25 and len(_SENTENCE_END.findall(text)) >= 2


def _contents_entries(blocks: list[_Block]) -> None:
    """A contents page typed out as the chapters are ("CHAPTER III." over its
    title and page) is not a run of headings: a numbered heading that comes
    again later, with no sentences of its own before the next heading, is its
    entry in the contents; and "CONTENTS." itself is the contents' label."""
    keys: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        first = block.text.strip().split("\n")[0].strip()
        if _CONTENTS_TITLE.match(first):
            block.kind, block.level, block.heading_text = "paragraph", 0, None
            continue
        number = _NUMBERED_HEADING.match(first)
        if number:
            keys.append((i, " ".join(number.group(0).lower().split())))
    later: dict[str, int] = {}
    for i, key in reversed(keys):
        last = later.get(key)
        later[key] = i
        if last is None:
            continue
        section = itertools.takewhile(lambda b: b.kind != "heading", blocks[i + 1 :])
        if not any(_has_sentences(b) for b in section):
            block = blocks[i]
            block.kind, block.level, block.heading_text = "paragraph", 0, None


def _book_and_chapter(blocks: list[_Block], refs: list[tuple[Any, ...]], i: int) -> bool:
    if i + 3 >= len(blocks) or refs[i] or refs[i + 1] or refs[i + 2]:
        return False
    book, chapter, title = blocks[i], blocks[i + 1], blocks[i + 2]
    first, second = _NUMBER_ONLY.match(book.text.strip()), _NUMBER_ONLY.match(chapter.text.strip())
    return (
        first is not None
        and second is not None
        and book.text.split()[0].lower() != chapter.text.split()[0].lower()
        and chapter.gap <= 1
        and title.gap <= 1
        and (chapter.kind == "heading" or title.kind == "heading")
        and title.lines <= 4  # a chapter's argument may run longer than a heading
        and len(title.text) <= 320
        and title.text.strip()[:1].isalnum()
        and _title_cased(title.text)
        and not _NUMBER_ONLY.match(title.text.strip())
    )


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
            listed = block.heading_text or _without_markers(block.text, refs[i])
            headings.append(Heading(listed, i, block.level or 2))
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


def _without_markers(text: str, refs: tuple[Any, ...]) -> str:
    """A heading as the contents list shows it: its markers left out."""
    for ref in reversed(refs):
        text = text[: ref.start] + text[ref.end :]
    return " ".join(text.split())


def _notes(raw: list[RawNote]) -> list[Note]:
    """Every note the source gives, in document order. A label may repeat: books
    number their notes again in each chapter (:mod:`reader.core.scopes`)."""
    return [
        Note(label=label, text="\n".join(p for p in parts if p), line=line)
        for label, line, parts in raw
    ]


def _referenced_labels(paragraphs: list[Paragraph]) -> list[str]:
    seen: dict[str, None] = {}
    for p in paragraphs:
        for ref in p.refs:
            seen.setdefault(ref.label, None)
    return list(seen)
