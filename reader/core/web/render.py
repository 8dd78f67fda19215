"""An HTML tree, notes already marked, written as our Markdown.

Headings become ``#`` lines (the level decided by the caller; an
``<hgroup>``'s number and title one heading, "I: Bourgeois and
Proletarians"), paragraphs and list items plain lines with whitespace
collapsed, italics and links plain text, images and forms nothing. A block
made only of links (a menu, a "share" row) is dropped. Superscripts that are
not note references are kept as Unicode superscripts (``10⁶``), which the
parser knows are not markers.

The sentinels :mod:`.notes` left become Pandoc ``[^label]`` markers, the
label as printed (``35a``, ``2c``). Their ``[^label]: …`` definitions go
after the text when every label is distinct; when labels repeat (numbering
restarting per chapter) each section's definitions follow that section, so
that a marker's nearest following definition is its own. A note of several
paragraphs continues on 4-space indented paragraphs. Front and back matter
are written inside ``::: front-matter`` / ``::: back-matter`` fenced divs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Literal

from reader.core.web import CLOSE, OPEN, PLACE, PLACED, SENTINEL, FoundNote
from reader.core.web.dom import Element, text_of

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "iframe",
        "svg",
        "math",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "img",
        "picture",
        "head",
        "title",
        "meta",
        "link",
        "map",
    ]
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "blockquote",
        "pre",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "ul",
        "ol",
        "hr",
        "center",
        "address",
        "details",
        "summary",
        "body",
        "html",
        "caption",
        "tbody",
        "thead",
        "tfoot",
    ]
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_BREAK = "\ue002"  # where a <br> stood, until the block is written
_SHORT_LINE = 100
_SPACE_BEFORE_SENTINEL = re.compile(r"\s+(?=" + OPEN + ")")
_SEPARATORS = re.compile(r"[\s|·•/»«›‹–—:,.()\[\]-]*")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_EXTERNAL = re.compile(r"^(?:https?|ftp)://\S+$", re.IGNORECASE)
# A line our parser would read as Markdown structure rather than as words.
_STRUCTURE = re.compile(r"^(?:#{1,6}\s|\+\+\+|`{3}|~{3}|:{3}|\[\^[^\]]*\]:|(?:[-*_]\s*){3,}$)")
SUB_HEADING = "data-reader-sub"  # a sub-section's title: written as a line of text
NOTES_HEADING = "data-reader-notes"  # the book's notes heading: its notes follow it


@dataclass
class Block:
    kind: Literal["heading", "paragraph"]
    text: str
    level: int = 0
    notes: bool = False  # the heading the book's notes are written under


@dataclass
class _Writer:
    heading_level: Callable[[int], int]
    skip: Collection[Element] = ()
    note: bool = False  # writing a note: its links kept, no list number of its own
    root: Element | None = None
    menus: bool = True  # a block of links is a menu: dropped (not in a book's contents)
    blocks: list[Block] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    prefix: str = ""
    numbers: dict[Element, int] = field(default_factory=dict)

    def walk(self, el: Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP or el in self.skip:
            self._add(el.tail)
            return
        if tag in _HEADINGS or tag == "hgroup":
            self._heading(el)
            self._add(el.tail)
            return
        if tag == "pre":
            self.flush()
            text = _BLANK_LINE.sub(_BREAK * 2, el.text_content().strip())
            self._add(text.replace("\n", " "))
            self.flush()
            self._add(el.tail)
            return
        if tag == "sup" and len(el) == 0:
            text = (el.text or "").strip()
            self._add(text.translate(_SUPERSCRIPT) if text.isdigit() else text)
            self._add(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
            if tag == "li" and not (self.note and el is self.root):
                self.prefix = self._item_prefix(el)
        if tag == "br":
            self._add(_BREAK)
        href = str(el.get("href") or "") if tag == "a" else ""
        start = len(self.buf)
        if tag == "a" and not self.note:
            self.links.append(text_of(el))
        self._add(el.text)
        for child in el:
            self.walk(child)
        if self.note and _EXTERNAL.match(href):
            # a note's link leaving the book keeps its address
            words = _collapse("".join(self.buf[start:]))
            if words and words != href:
                self.buf[start:] = [f"[{words}]({href})"]
            elif not words:
                self.buf[start:] = [href]
        if block:
            self.flush()
        self._add(el.tail)

    def _heading(self, el: Element) -> None:
        self.flush()
        if el.tag == "hgroup":
            # <hgroup><h2>I</h2><p>Bourgeois and Proletarians</p></hgroup>
            first = next(el.iter(*_HEADINGS), None)
            parts = [t for c in el if isinstance(c.tag, str) and (t := _collapse(text_of(c)))]
            text = ": ".join(parts)
            level = _HEADINGS[first.tag] if first is not None else 2
            sub = first is not None and first.get(SUB_HEADING) is not None
        else:
            text = _collapse(text_of(el))
            level = _HEADINGS[el.tag]
            sub = el.get(SUB_HEADING) is not None
        if not text:
            return
        if sub or self.note:
            self.blocks.append(Block("paragraph", text))
        else:
            kept = el.get(NOTES_HEADING) is not None
            self.blocks.append(Block("heading", text, self.heading_level(level), notes=kept))

    def _add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)

    def _item_prefix(self, li: Element) -> str:
        parent = li.getparent()
        if parent is None or parent.tag != "ol":
            return "- "
        if li not in self.numbers:
            try:
                start = int(parent.get("start") or 1)
            except ValueError:
                start = 1
            items = (c for c in parent if c.tag == "li")
            self.numbers.update((item, start + i) for i, item in enumerate(items))
        return f"{self.numbers.get(li, 1)}. "

    def flush(self) -> None:
        if not self.buf:
            self.links, self.prefix = [], ""
            return
        raw = "".join(self.buf)
        links, self.links, self.buf = self.links, [], []
        prefix, self.prefix = self.prefix, ""
        paragraphs = _paragraphs(raw)
        if not paragraphs:
            return
        if links and self.menus and not self.note and _only_links(" ".join(paragraphs), links):
            return
        for text in paragraphs:
            if _STRUCTURE.match(text):
                text = "    " + text  # indented: read as words, never as a heading or a rule
            self.blocks.append(Block("paragraph", prefix + text))
            prefix = ""


def _paragraphs(raw: str) -> list[str]:
    """A block's text split at its line breaks: two ``<br>`` in a row end a
    paragraph (old pages write paragraphs so); single breaks are kept as
    separate lines when every line is short (verse, an archive's "Written: …"
    block) and joined into one paragraph otherwise."""
    if _BREAK not in raw:
        text = _collapse(raw)
        return [text] if text else []
    paragraphs: list[str] = []
    for chunk in re.split(_BREAK + r"\s*" + _BREAK + r"[\s" + _BREAK + r"]*", raw):
        lines = [line for line in (_collapse(p) for p in chunk.split(_BREAK)) if line]
        if len(lines) > 1 and all(len(line) <= _SHORT_LINE for line in lines):
            paragraphs.extend(lines)
        elif lines:
            paragraphs.append(_collapse(" ".join(lines)))
    return paragraphs


def _collapse(text: str) -> str:
    text = " ".join(text.split())
    return _SPACE_BEFORE_SENTINEL.sub("", text) if OPEN in text else text


def _only_links(text: str, links: list[str]) -> bool:
    if not links or OPEN in text:
        return False
    rest = text
    for link in links:
        rest = rest.replace(_collapse(link), "", 1)
    return _SEPARATORS.fullmatch(rest) is not None


def blocks_of(
    el: Element,
    heading_level: Callable[[int], int],
    *,
    skip: Collection[Element] = (),
    note: bool = False,
    menus: bool = True,
) -> list[Block]:
    """The blocks of ``el``, in order; ``skip`` elements left out. A ``note``'s
    blocks keep the links that leave the book as Markdown links, and its
    headings as lines of text. A book has no ``menus``: a block of links there
    (its contents) is kept."""
    writer = _Writer(heading_level, skip, note, el, menus)
    writer.walk(el)
    writer.flush()
    return writer.blocks


def to_markdown(
    blocks: list[Block],
    notes: list[FoundNote],
    *,
    front: list[Block] | None = None,
    back: list[Block] | None = None,
) -> tuple[str, int]:
    """The Markdown body (front matter, blocks and note definitions, back
    matter) and how many notes it defines."""
    cited = _cited(blocks, notes)
    labels = _labels(notes, cited)
    shared = len(set(labels.values())) < len(labels)
    written: set[int] = set()
    pending: dict[str, int] = {}
    lines: list[str] = []
    count = 0

    def marker(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return f"[^{labels[index]}]" if index in labels else ""

    def flush() -> None:
        nonlocal count
        for label, index in pending.items():
            if definition := _definition(label, notes[index].text):
                lines.append(definition)
                count += 1
        pending.clear()

    if front:
        lines.append(_div("front-matter", front))
    for block in blocks:
        placed = PLACED.fullmatch(block.text)
        if placed:  # a note nothing cites: defined where it stood
            index = int(placed.group(1))
            if index < len(notes) and notes[index].label and index not in written:
                if shared and notes[index].label in pending:
                    flush()
                written.add(index)
                pending.setdefault(notes[index].label, index)
            continue
        found = [int(i) for i in SENTINEL.findall(block.text) if int(i) in labels]
        if shared and (
            block.kind == "heading" or any(pending.get(labels[i], i) != i for i in found)
        ):
            flush()  # a repeated label: this section's notes go before the next one's
        text = SENTINEL.sub(marker, PLACED.sub("", block.text)).rstrip()  # keep an indent
        if not text.strip():
            continue
        lines.append(f"{'#' * block.level} {text}" if block.kind == "heading" else text)
        for index in found:
            if index not in written and not notes[index].missing:
                written.add(index)
                pending.setdefault(labels[index], index)
    flush()
    taken = set(labels.values())
    for index, note in enumerate(notes):
        if index in labels or index in written or not note.label or note.missing:
            continue
        if note.label in taken and not shared:
            continue
        taken.add(note.label)
        if definition := _definition(note.label, note.text):
            lines.append(definition)
            count += 1
    if back:
        lines.append(_div("back-matter", back))
    return "\n\n".join(lines) + "\n", count


def _cited(blocks: list[Block], notes: list[FoundNote]) -> list[int]:
    """The notes the blocks cite, in order of first citation."""
    order: dict[int, None] = {}
    for block in blocks:
        for match in SENTINEL.finditer(block.text):
            index = int(match.group(1))
            if index < len(notes):
                order.setdefault(index, None)
    return list(order)


def _labels(notes: list[FoundNote], cited: list[int]) -> dict[int, str]:
    """Each cited note's label as printed; a number for a note that shows none
    (a popup, an icon), one no printed label uses."""
    printed = {notes[i].label for i in cited if notes[i].label}
    labels: dict[int, str] = {}
    n = 0
    for index in cited:
        label = notes[index].label
        if not label:
            n += 1
            while str(n) in printed:
                n += 1
            label = str(n)
        labels[index] = label
    return labels


def _definition(label: str, text: str) -> str:
    paragraphs = [p for p in (_note_text(t) for t in text.split("\n\n")) if p]
    if not paragraphs:
        return ""
    rest = "".join(f"\n\n    {p}" for p in paragraphs[1:])
    return f"[^{label}]: {paragraphs[0]}{rest}"


def _div(name: str, blocks: list[Block]) -> str:
    """Front or back matter: plain paragraphs (its headings too) in a fenced div."""
    paragraphs = []
    for block in blocks:
        text = _note_text(block.text)
        if text:
            paragraphs.append("    " + text if _STRUCTURE.match(text) else text)
    return f"::: {name}\n\n" + "\n\n".join(paragraphs) + "\n\n:::"


def _note_text(text: str) -> str:
    text = PLACED.sub("", SENTINEL.sub("", text))
    return _collapse(text.replace(CLOSE, "").replace(OPEN, "").replace(PLACE, ""))
