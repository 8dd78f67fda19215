"""Where each note starts and ends in the tree.

The note is the block holding a reference's target, grown to the note's own
wrapper (``div.footnote``) and to the paragraphs that continue it (same class,
or any paragraph under a "Notes" heading) until the next note.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from reader.core.web.dom import Element, classes, text_of
from reader.core.web.note_shapes import (
    BACKLINK,
    CONTINUES,
    HEADINGS,
    NOT_CONTAINERS,
    NOTE_CLASS,
    has_words,
    is_notes_title,
    visible_label,
)

_ARROWS = r"[\s↩↑⤴^\ufe0e\ufe0f]*"  # back-link arrows, with their emoji/text selectors
_BACK_TEXT = re.compile(rf"^{_ARROWS}(?:back|return|top)?{_ARROWS}$", re.IGNORECASE)
_NOTE_BLOCKS = frozenset(["li", "p", "div", "aside", "dd", "section", "td", "blockquote"])
_MAX_NOTE_CHARS = 30000


class NoteExtent:
    """The tree's indexes (ids, document order, the note targets and references
    inside each element) and the blocks each note takes."""

    def __init__(self, root: Element) -> None:
        self.claimed: set[Element] = set()  # every element that is part of a note
        self.ids: dict[str, Element] = {}
        self.order: dict[Element, int] = {}
        self.targets: Counter[Element] = Counter()  # note targets inside each element
        self.markers: Counter[Element] = Counter()  # note references inside each element
        self.orphans: list[Element] = []  # notes of the same make that nothing cites
        self._headings: dict[Element, Element | None] = {}
        i = 0
        for el in root.iter():  # a plain walk: faster than XPath on a long book
            ident, name = el.get("id"), el.get("name")
            if ident is None and name is None and el.tag != "a":
                continue
            self.order[el] = i
            i += 1
            for value in (ident, name):
                if value and value not in self.ids:
                    self.ids[value] = el

    def container(self, target: Element) -> Element | None:
        el = target
        while el is not None and el.tag not in _NOTE_BLOCKS:
            if el.tag in NOT_CONTAINERS:
                return None
            el = el.getparent()
        if el is None or el.tag in NOT_CONTAINERS:
            return None
        # grow to the note's own wrapper: <div class="footnote"><p>…</p><p>…</p></div>
        while True:
            parent = el.getparent()
            if (
                parent is None
                or parent.tag not in _NOTE_BLOCKS
                or parent.tag in NOT_CONTAINERS
                or self.targets[parent] > 1
                or self.markers[parent]
                or not NOTE_CLASS.search(classes(parent))
            ):
                break
            el = parent
        if len(el.text_content()) > _MAX_NOTE_CHARS:
            return None
        if any(True for _ in el.iter(*HEADINGS)):
            return None  # a section of the text, not a note
        return el

    def continuation(self, container: Element) -> list[Element]:
        """The note's blocks: ``container`` and the siblings that continue it."""
        parts = [container]
        own = str(container.get("class") or "")
        note_class = own if NOTE_CLASS.search(own.lower()) else ""
        worded = has_words(container)
        plain = not note_class and self.in_notes_section(container)
        sibling = container.getnext()
        while sibling is not None:
            if (
                sibling.tag not in CONTINUES
                or sibling in self.claimed
                or self.targets[sibling]
                or self.markers[sibling]
                or any(True for _ in sibling.iter(*HEADINGS))
            ):
                break
            kind = str(sibling.get("class") or "")
            if not note_class and not worded and NOTE_CLASS.search(kind.lower()):
                note_class = kind  # the note's words follow an empty anchor paragraph
            if (note_class and kind != note_class) or (not note_class and not plain):
                break
            if worded and self.starts_another_note(sibling):
                self.orphans.append(sibling)
                break
            parts.append(sibling)
            worded = worded or has_words(sibling)
            sibling = sibling.getnext()
        return parts

    def starts_another_note(self, el: Element) -> bool:
        """A block opening with a back link is a note of its own (one no marker cites)."""
        for a in el.iter("a"):
            return self.is_backlink(a, len(self.order))
        return False

    def in_notes_section(self, el: Element) -> bool:
        """Under a "Notes" heading, or inside a notes wrapper (``div.footnotes``)."""
        node: Element | None = el
        for _ in range(3):
            if node is None or node.tag in NOT_CONTAINERS:
                return False
            heading = self.heading_before(node)
            if heading is not None:
                return is_notes_title(text_of(heading))
            parent = node.getparent()
            if (
                parent is not None
                and parent.tag not in NOT_CONTAINERS
                and NOTE_CLASS.search(classes(parent))
            ):
                return True
            node = parent
        return False

    def heading_before(self, el: Element) -> Element | None:
        """The nearest heading before ``el`` among its siblings (remembered, so
        that a thousand notes in one list cost one walk)."""
        if el in self._headings:
            return self._headings[el]
        walked = []
        found: Element | None = None
        sibling = el.getprevious()
        while sibling is not None:
            if sibling.tag in HEADINGS or (
                sibling.tag == "p"
                and len(sibling) <= 1
                and len(sibling.text_content()) < 30
                and is_notes_title(text_of(sibling))
            ):
                found = sibling
                break
            if sibling in self._headings:
                found = self._headings[sibling]
                break
            walked.append(sibling)
            sibling = sibling.getprevious()
        for node in (el, *walked):
            self._headings[node] = found
        return found

    def is_backlink(self, a: Element, start: int) -> bool:
        """A link from a note back to the text: marked so, an arrow or "return",
        or the note's own label pointing back up."""
        if BACKLINK.search(classes(a)) or _BACK_TEXT.match(text_of(a)):
            return True
        fragment = unquote((a.get("href") or "").partition("#")[2])
        target = self.ids.get(fragment) if fragment else None
        return (
            target is not None
            and self.order.get(target, start) < start
            and bool(visible_label(text_of(a)))
        )
