"""From lines to blocks: blank-line paragraphs, hard-wrapped prose, Markdown.

A block keeps the source line it starts on, the blank lines before it (books
set sections apart with two or more) and how many lines it spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reader.core.model import BlockKind
from reader.core.shapes import heading_shaped

Format = Literal["txt", "md"]


Line = tuple[int, str]  # (1-based line number in the source, text)
RawNote = tuple[str, int, list[str]]
"""A note as found in the source: its label, its first line and its text, one
string per line or paragraph, before it is made a :class:`reader.core.model.Note`."""


@dataclass
class Block:
    text: str
    line: int
    kind: BlockKind = "paragraph"
    level: int = 0
    single: bool = True  # one source line (headings are single lines)
    gap: int = 1  # blank lines before it in the source
    lines: int = 1  # source lines it spans
    heading_text: str | None = None  # the heading as listed, when not its text
    code: bool = False  # a Markdown code fence: no inline markup inside


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")


MD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def line_groups(lines: list[Line], gaps: dict[int, int] | None = None) -> list[list[Line]]:
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


def _fenced(lines: list[Line]) -> tuple[list[Line], dict[int, Block]]:
    """Markdown code fences: each becomes one block keeping its line breaks."""
    kept: list[Line] = []
    fences: dict[int, Block] = {}
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
                fences[start] = Block(
                    "\n".join(t for _, t in fence), start, single=False, code=True
                )
                fence = None
                kept.append((no, ""))
            else:
                fence.append((no, text))
            continue
        kept.append((no, text))
    if fence is not None:  # unterminated: keep what there is
        fences[start] = Block("\n".join(t for _, t in fence), start, single=False, code=True)
    return kept, fences


def make_blocks(lines: list[Line], fmt: Format) -> list[Block]:
    if fmt == "md":
        lines, fences = _fenced(lines)
        md = [b for g in line_groups(lines) for b in _markdown_blocks(g)]
        return [fences[b.line] if b.text.startswith("\x00fence") else b for b in md]
    gaps: dict[int, int] = {}
    groups = line_groups(lines, gaps)
    if len(groups) == 1 or not _looks_wrapped(groups):
        return [
            Block(t.strip(), no, gap=gaps.get(g[0][0], 1) if k == 0 else 0)
            for g in groups
            for k, (no, t) in enumerate(g)
        ]
    blocks: list[Block] = []
    for whole in groups:
        for group in _list_items(whole):
            _wrapped_block(group, gaps.get(group[0][0], 1 if group is whole else 0), blocks)
    return _double_spaced(blocks)


_COLUMNS = re.compile(r"\S\s{3,}\S")
_SENTENCE_CLOSE = re.compile(r"[.!?:][\"'”’)\]]*$")
# A run of this many single full lines, each a blank line apart, is text typed
# double-spaced, not that many one-line paragraphs.
_DOUBLE_SPACED_RUN = 4
_FULL_LINE = 45


def _double_spaced(blocks: list[Block]) -> list[Block]:
    """Stretches typed double-spaced (a blank line after every line, sentences
    running on over it) read as the paragraphs they are: a line joins the one
    before unless that one closed a sentence short of the full measure."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while (
            j < len(blocks)
            and blocks[j].lines == 1
            and blocks[j].kind == "paragraph"
            and (j == i or blocks[j].gap == 1)
        ):
            j += 1
        run = blocks[i : max(j, i + 1)]
        running_on = sum(
            1 for b in run[:-1] if len(b.text) >= _FULL_LINE and not _SENTENCE_CLOSE.search(b.text)
        )
        lower = sum(1 for b in run[1:] if b.text[:1].islower())
        if (
            len(run) < _DOUBLE_SPACED_RUN
            or running_on < 0.6 * (len(run) - 1)
            or lower < 0.3 * (len(run) - 1)  # sentences run on: a contents list does not
            or any(_COLUMNS.search(b.text) for b in run)  # a table's rows
        ):
            out.extend(run)
            i += len(run)
            continue
        measure = max(len(b.text) for b in run)
        current, last = run[0], run[0].text  # ``last``: the source line it ends with
        for block in run[1:]:
            if _SENTENCE_CLOSE.search(last) and len(last) < 0.85 * measure:
                out.append(current)  # a short line closing a sentence ends a paragraph
                current, last = block, block.text
                continue
            current = Block(
                f"{current.text} {block.text}",
                current.line,
                single=False,
                gap=current.gap,
                lines=current.lines + 1,
            )
            last = block.text
        out.append(current)
        i = j
    return out


def _list_items(group: list[Line]) -> list[list[Line]]:
    """A numbered or bulleted list keeps one item a block, wrapped prose or not."""
    if len(group) < 2 or sum(1 for _, t in group if MD_ITEM.match(t)) < 2:
        return [group]
    if not MD_ITEM.match(group[0][1]):
        return [group]
    items: list[list[Line]] = []
    for line in group:
        if MD_ITEM.match(line[1]) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def _wrapped_block(group: list[Line], gap: int, blocks: list[Block]) -> None:
    """One paragraph of hard-wrapped lines (a heading line glued on top split off)."""
    first = group[0][1].strip()
    widest = max(len(t.strip()) for _, t in group[1:]) if len(group) > 1 else 0
    if len(group) > 3 and len(first) < 0.6 * widest and heading_shaped(first):
        blocks.append(Block(group[0][1].strip(), group[0][0], gap=gap))
        group = group[1:]
        gap = 0
    text = " ".join(t.strip() for _, t in group)
    blocks.append(Block(text, group[0][0], single=len(group) == 1, gap=gap, lines=len(group)))


def _looks_wrapped(groups: list[list[Line]]) -> bool:
    """Hard-wrapped prose: the inner lines of multi-line blocks are short."""
    inner = [len(t.strip()) for g in groups if len(g) > 1 for _, t in g[:-1]]
    if not inner:
        return False
    short = sum(1 for n in inner if n <= 100)
    return short >= 0.75 * len(inner)


def _markdown_blocks(group: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if paragraph:
            text = " ".join(t.strip() for _, t in paragraph)
            blocks.append(Block(text, paragraph[0][0], single=len(paragraph) == 1))
            paragraph.clear()

    for i, (no, text) in enumerate(group):
        heading = _MD_HEADING.match(text)
        if heading:
            flush()
            blocks.append(Block(heading.group(2), no, "heading", len(heading.group(1))))
            continue
        if _MD_SETEXT.match(text) and len(paragraph) == 1 and i > 0:
            level = 1 if text.strip().startswith("=") else 2
            first_no, first = paragraph.pop()
            blocks.append(Block(first.strip(), first_no, "heading", level))
            continue
        if _MD_RULE.match(text):
            flush()
            continue
        if MD_ITEM.match(text):
            flush()
        paragraph.append((no, text))
    flush()
    return blocks


_FENCED_DIV = re.compile(r"^\s{0,3}:{3,}\s*\{?\s*\.?(front-matter|back-matter)\s*\}?\s*$")


_FENCE_END = re.compile(r"^\s{0,3}:{3,}\s*$")


def fenced_matter(lines: list[Line]) -> tuple[list[Line], str, str]:
    """Pandoc fenced divs ``::: front-matter`` / ``::: back-matter``: what an
    imported book has around the work (imprint, colophon, licence)."""
    if not any(t.lstrip().startswith(":::") for _, t in lines):
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


def spaced_like_a_book(lines: list[Line]) -> bool:
    """Sections set apart by two or more blank lines, paragraphs by one: the
    layout of printed books typed out (Project Gutenberg's and others')."""
    gaps: dict[int, int] = {}
    line_groups(lines, gaps)
    wide = sum(1 for gap in gaps.values() if gap >= 2)
    narrow = sum(1 for gap in gaps.values() if gap == 1)
    return wide >= 3 and narrow >= 5 * wide
