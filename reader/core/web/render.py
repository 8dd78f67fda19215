"""An HTML tree, notes already marked, written as our Markdown.

Headings become ``#`` lines (the level decided by the caller), paragraphs
and list items plain lines with whitespace collapsed, italics and links
plain text, images and forms nothing. A block made only of links (a menu, a
"share" row) is dropped. Superscripts that are not note references are kept
as Unicode superscripts (``10⁶``), which the parser knows are not markers.
The sentinels :mod:`.notes` left become ``[^n]`` markers with their
``[^n]: …`` definitions after the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from reader.core.web.dom import Element, text_of
from reader.core.web.notes import CLOSE, OPEN, SENTINEL, FoundNote, sentinel_labels

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
_SPACE = re.compile(r"\s+")
_BREAK = "\ue002"  # where a <br> stood, until the block is written
_SHORT_LINE = 100
_SPACE_BEFORE_SENTINEL = re.compile(r"\s+(?=" + OPEN + ")")
_SEPARATORS = re.compile(r"[\s|·•/»«›‹–—:,.()\[\]-]*")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A line our parser would read as Markdown structure rather than as words.
_STRUCTURE = re.compile(r"^(?:#{1,6}\s|\+\+\+|`{3}|~{3}|\[\^[^\]]*\]:|(?:[-*_]\s*){3,}$)")


@dataclass
class Block:
    kind: Literal["heading", "paragraph"]
    text: str
    level: int = 0


@dataclass
class _Writer:
    heading_level: Callable[[int], int]
    blocks: list[Block] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    prefix: str = ""

    def walk(self, el: Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            self._add(el.tail)
            return
        if tag in _HEADINGS:
            self.flush()
            text = _collapse(text_of(el))
            if text:
                self.blocks.append(Block("heading", text, self.heading_level(_HEADINGS[tag])))
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
            if tag == "li":
                self.prefix = _item_prefix(el)
        if tag == "br":
            self._add(_BREAK)
        if tag == "a":
            self.links.append(text_of(el))
        self._add(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._add(el.tail)

    def _add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)

    def flush(self) -> None:
        raw = "".join(self.buf)
        links, self.links, self.buf = self.links, [], []
        prefix, self.prefix = self.prefix, ""
        whole = _collapse(raw.replace(_BREAK, " "))
        if not whole or _only_links(whole, links):
            return
        for text in _paragraphs(raw):
            if _STRUCTURE.match(text):
                text = "    " + text  # indented: read as words, never as a heading or a rule
            self.blocks.append(Block("paragraph", prefix + text))
            prefix = ""


def _paragraphs(raw: str) -> list[str]:
    """A block's text split at its line breaks: two ``<br>`` in a row end a
    paragraph (old pages write paragraphs so); single breaks are kept as
    separate lines when every line is short (verse, an archive's "Written: …"
    block) and joined into one paragraph otherwise."""
    paragraphs: list[str] = []
    for chunk in re.split(_BREAK + r"\s*" + _BREAK + r"[\s" + _BREAK + r"]*", raw):
        lines = [line for line in (_collapse(p) for p in chunk.split(_BREAK)) if line]
        if len(lines) > 1 and all(len(line) <= _SHORT_LINE for line in lines):
            paragraphs.extend(lines)
        elif lines:
            paragraphs.append(_collapse(" ".join(lines)))
    return paragraphs


def _collapse(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_SENTINEL.sub("", text)


def _only_links(text: str, links: list[str]) -> bool:
    if not links or OPEN in text:
        return False
    rest = text
    for link in links:
        rest = rest.replace(_collapse(link), "", 1)
    return _SEPARATORS.fullmatch(rest) is not None


def _item_prefix(li: Element) -> str:
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    try:
        start = int(parent.get("start") or 1)
    except ValueError:
        start = 1
    items = [c for c in parent if c.tag == "li"]
    return f"{start + items.index(li)}. "


def blocks_of(el: Element, heading_level: Callable[[int], int]) -> list[Block]:
    """The blocks of ``el``, in order."""
    writer = _Writer(heading_level)
    writer.walk(el)
    writer.flush()
    return writer.blocks


def to_markdown(blocks: list[Block], notes: list[FoundNote]) -> tuple[str, int]:
    """The Markdown body (blocks, then note definitions) and how many notes it has."""
    order: list[int] = []
    for block in blocks:
        for match in SENTINEL.finditer(block.text):
            index = int(match.group(1))
            if index < len(notes) and index not in order:
                order.append(index)
    labels = sentinel_labels(notes, order)

    def marker(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return f"[^{labels[index]}]" if index in labels else ""

    lines: list[str] = []
    for block in blocks:
        text = SENTINEL.sub(marker, block.text).rstrip()  # keep an escaping indent
        if not text.strip():
            continue
        lines.append(f"{'#' * block.level} {text}" if block.kind == "heading" else text)
    definitions: list[str] = []
    for index in order:
        text = _note_text(notes[index].text)
        if text:
            definitions.append(f"[^{labels[index]}]: {text}")
    taken = set(labels.values())
    for index, note in enumerate(notes):
        text = _note_text(note.text)
        if index in labels or not note.label or note.label in taken or not text:
            continue
        taken.add(note.label)
        definitions.append(f"[^{note.label}]: {text}")
    body = "\n\n".join(lines)
    if definitions:
        body += "\n\n" + "\n".join(definitions)
    return body + "\n", len(definitions)


def _note_text(text: str) -> str:
    return _collapse(SENTINEL.sub("", text).replace(CLOSE, ""))
