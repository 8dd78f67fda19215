"""Turn an article, as a user pasted it, into the :class:`Article` tree.

The steps, in order:

1. :mod:`reader.core.clean` decodes the bytes and strips controls.
2. Optional TOML front matter between ``+++`` lines is read
   (:mod:`reader.core.metadata`).
3. A book's Gutenberg frame is set apart (:mod:`reader.core.gutenberg`) and
   the notes inside its body taken out (:mod:`reader.core.booknotes`); the
   notes gathered at the end are split off (:mod:`reader.core.notes_section`).
4. The body becomes blocks (:mod:`reader.core.blocks`).
5. Metadata (:mod:`reader.core.metadata`) and headings
   (:mod:`reader.core.headings`) are found.
6. Footnote markers are found (:mod:`reader.core.markers`), each paired with
   its note (:mod:`reader.core.scopes`), and :mod:`reader.core.footnotes`
   resolves every note.
"""

from __future__ import annotations

import bisect
import hashlib
from pathlib import Path

from reader.core import booknotes, gutenberg, markers, scopes
from reader.core.blocks import (
    Block,
    Format,
    Line,
    RawNote,
    fenced_matter,
    make_blocks,
    spaced_like_a_book,
)
from reader.core.clean import clean, read_source, sniff_binary
from reader.core.dates import parse_date
from reader.core.errors import ReaderError
from reader.core.footnotes import resolve, resolve_across_groups
from reader.core.headings import (
    argument_titles,
    chapter_subtitles,
    contents_entries,
    detect_book_headings,
    detect_headings,
    signatures,
    title_page,
)
from reader.core.inline import merged, parse_inline, shown_text
from reader.core.markers import Span
from reader.core.memory import no_cycle_collection
from reader.core.metadata import (
    Found,
    book_metadata,
    detect_metadata,
    final_metadata,
    front_matter,
)
from reader.core.model import (
    PARAGRAPH_SEPARATOR,
    Article,
    Heading,
    Markup,
    Note,
    Paragraph,
    Ref,
)
from reader.core.notes_section import split_notes
from reader.core.shapes import INVISIBLE

__all__ = ["MD_SUFFIXES", "parse_date", "parse_file", "parse_text"]  # parse_date: re-exported
MD_SUFFIXES = (".md", ".markdown")


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
    with no_cycle_collection():  # a book makes hundreds of thousands of small objects
        return _parse(source, text_id, path, fmt, title, author)


def _parse(
    source: str | bytes,
    text_id: str,
    path: str | None,
    fmt: Format | None,
    title: str | None,
    author: str | None,
) -> Article:
    raw = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    sha = hashlib.sha256(raw).hexdigest()
    text, removed, diagnostics = clean(source)
    if fmt is None:
        fmt = "md" if path and path.lower().endswith(MD_SUFFIXES) else "txt"
    lines = text.split("\n")
    front, first = front_matter(lines, path)
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
        numbered, front_text, back_text = fenced_matter(numbered)

    body_lines, raw_notes, coda_lines = split_notes(numbered, keep_heading=book)
    raw_notes = sorted(inline_notes + raw_notes, key=lambda n: n[1])  # document order
    blocks = make_blocks(body_lines, fmt)
    blocks.extend(Block(t.strip(), no, kind="coda") for no, t in coda_lines if t.strip())
    given_title = front.get("title") if isinstance(front.get("title"), str) else None
    meta_found = Found() if book else detect_metadata(blocks, fmt, given_title)
    if book:
        book_metadata(header, meta_found)

    labels = {label for label, _, _ in raw_notes}
    finder = markers.MarkerFinder(labels, markdown=fmt == "md")
    refs = [finder.spans(b.text) for b in blocks]
    if fmt == "txt":
        spaced = book or spaced_like_a_book(body_lines)
        if not (spaced and detect_book_headings(blocks, refs)):
            detect_headings(blocks, refs)
        blocks, refs = chapter_subtitles(blocks, refs)
        contents_entries(blocks)
        signatures(blocks)
        if book and (cut := title_page(blocks, refs)):
            # kept with the edition's front matter, out of the work (as a reader skips it)
            page = "\n\n".join(b.text.strip() for b in blocks[:cut])
            front_text = f"{front_text.rstrip()}\n\n{page}" if front_text.strip() else page
            blocks, refs = blocks[cut:], refs[cut:]

    argument_titles(blocks)
    paragraphs, headings = _assemble(blocks, refs)
    notes = _notes(raw_notes)
    missing, unreferenced = _pair_and_resolve(paragraphs, refs, notes)
    if fmt == "md":
        _inline_markup(paragraphs, blocks, headings)
    _hide_invisible(paragraphs)

    meta = final_metadata(meta_found, front, title, author, paragraphs, path)
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
    paragraphs: list[Paragraph], spans: list[list[Span]], notes: list[Note]
) -> tuple[list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    """Give every marker its note (``spans`` are each paragraph's markers), every
    note its scope and group, and resolve each numbering group; return the
    missing and unreferenced (label, scope)."""
    starts = [p.line for p in paragraphs]
    sections = [p.section for p in paragraphs]

    def section_at(line: int) -> int | None:
        at = bisect.bisect_right(starts, line) - 1
        return sections[at] if at >= 0 else None

    places = [(s[0], p.line, p.section) for p in paragraphs for s in spans[p.index]]
    note_places = [(n.label, n.line, section_at(n.line)) for n in notes]
    chosen = scopes.pair(places, note_places)
    group_of = scopes.groups([n.label for n in notes])
    for i, n in enumerate(notes):
        n.index, n.group, n.scope = i, group_of[i], note_places[i][2]
    k = 0
    missing: list[tuple[str, int | None]] = []
    seen_missing: set[tuple[str, int | None]] = set()
    for p in paragraphs:
        found = spans[p.index]
        if not found:
            continue
        section = p.section
        made = []
        for label, start, end in found:
            target = chosen[k]
            k += 1
            made.append(Ref(label, start, end, target, section))
            if target is None and (label, section) not in seen_missing:
                seen_missing.add((label, section))
                missing.append((label, section))
        p.refs = tuple(made)
    cited = {c for c in chosen if c is not None}
    unreferenced = [(n.label, n.scope) for n in notes if n.index not in cited]
    _resolve_groups(notes, paragraphs)
    if all(scope is None for _, scope in missing):  # one numbering: in the order of the labels
        missing.sort(key=lambda m: _label_key(m[0]))
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
    resolve_across_groups(notes)


def _assemble(blocks: list[Block], refs: list[list[Span]]) -> tuple[list[Paragraph], list[Heading]]:
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
                refs=(),
                kind=block.kind,
                level=block.level,
                start=offset,
                line=block.line,
                section=section,
            )
        )
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return paragraphs, headings


def _hide_invisible(paragraphs: list[Paragraph]) -> None:
    """Add the invisible characters of each paragraph to its hidden ranges."""
    for p in paragraphs:
        if INVISIBLE.search(p.text) is None:
            continue
        p.hidden = merged(sorted([*p.hidden, *(m.span() for m in INVISIBLE.finditer(p.text))]))


def _inline_markup(
    paragraphs: list[Paragraph], blocks: list[Block], headings: list[Heading]
) -> None:
    """A Markdown text's inline markup (:mod:`reader.core.inline`), its
    headings listed as they read; a code fence is code, whole."""
    for p, block in zip(paragraphs, blocks, strict=True):
        if block.code:
            p.markup = (Markup("code", 0, len(p.text)),) if p.text else ()
            continue
        p.hidden, p.markup = parse_inline(p.text, [(r.start, r.end) for r in p.refs])
        if p.kind == "heading" and p.section is not None and p.hidden:
            listed = shown_text(p.text, [*p.hidden, *((r.start, r.end) for r in p.refs)])
            old = headings[p.section]
            headings[p.section] = Heading(" ".join(listed.split()), old.paragraph, old.level)


def _without_markers(text: str, spans: list[Span]) -> str:
    """A heading as the contents list shows it: its markers left out."""
    for _, start, end in reversed(spans):
        text = text[:start] + text[end:]
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
