"""Find a document's footnotes, wherever the page keeps them.

:func:`mark_notes` changes the tree in place: every note reference becomes a
sentinel (``\\ue000<n>\\ue001``, private-use characters no extractor drops)
and every note it found is taken out of the body, so that the main-content
extraction and the Markdown writer never see notes as paragraphs. The notes
come back as a list indexed by the sentinel's number.

Forms understood, in this order:

- in-page anchors: a short label (``1``, ``[1]``, ``*``) or a link marked as a
  note reference (``role="doc-noteref"``, ``epub:type="noteref"``, a
  ``footnote`` class) pointing *forward* to an element with that id or name;
  the note is the block holding the target, minus its back links;
- popups: ``popovertarget``, a ``title``/``data-*`` attribute holding the
  note, or a hidden note element right after the marker;
- bare superscripts (``<sup>1</sup>``) when a "Notes" section has a note with
  that number.

``[1]`` typed plainly in the text is left alone: the parser reads it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import unquote

from reader.core.web.dom import Element, classes, drop, replace_with_text, text_of

OPEN, CLOSE = "\ue000", "\ue001"
SENTINEL = re.compile(OPEN + r"(\d+)" + CLOSE)

_LABEL = re.compile(r"^[\[(]?\s*(\d{1,4}|[a-zA-Z]|[ivxlcdm]{2,6}|[*†‡§¶]{1,3})\s*[\])]?\.?$")
_SEMANTIC_REF = re.compile(r"noteref|footnote|fnref|fn-ref|endnote-ref|note-ref")
_BACKLINK = re.compile(r"backlink|backref|reversefootnote|footnote-back|fn-back|return")
_ARROWS = r"[\s↩↑⤴^\ufe0e\ufe0f]*"  # back-link arrows, with their emoji/text selectors
_BACK_TEXT = re.compile(rf"^{_ARROWS}(?:back|return|top)?{_ARROWS}$", re.IGNORECASE)
_HIDDEN_NOTE = re.compile(r"note|tooltip|popup|popover|footnote")
_NOTE_ATTRS = ("title", "data-footnote", "data-note", "data-tooltip", "data-tippy-content")
# A title that describes the link ("Go to note 3"), not one that holds the note.
_LINK_TITLE = re.compile(
    r"^(?:(?:go|jump|skip|scroll|back)\s+to|see|read|view|open|show)\b"
    r"|^(?:foot|end)?notes?\s*[\w*]{0,4}$",
    re.IGNORECASE,
)
_NOTES_TITLE = re.compile(
    r"^\s*(?:notes?|end\s?notes|foot\s?notes|references|sources|notes and references)\s*:?\s*$",
    re.IGNORECASE,
)
_ITEM_LABEL = re.compile(r"^\s*(?:\[(\d{1,4}|[*†‡]{1,3})\]|(\d{1,4})[.)]?|([*†‡]{1,3}))\s+(?=\S)")
_NOTE_BLOCKS = frozenset(["li", "p", "div", "aside", "dd", "section", "td", "blockquote"])
_NOT_CONTAINERS = frozenset(["body", "html", "article", "main"])
_INLINE_WRAPPERS = frozenset(["sup", "span", "small", "b", "strong", "i", "em", "a", "button"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_MAX_NOTE_CHARS = 6000


@dataclass
class FoundNote:
    label: str  # as the page shows it ("1", "*"); "" when it shows none
    text: str


def visible_label(text: str) -> str:
    """``[12]`` → ``12``; ``*`` → ``*``; anything longer → ``""``."""
    match = _LABEL.match(text.strip())
    return match.group(1) if match else ""


def mark_notes(root: Element) -> list[FoundNote]:
    """Replace note references with sentinels and take the notes out of the tree."""
    return _Marker(root).run()


class _Marker:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.notes: list[FoundNote] = []
        self.by_container: dict[Element, int] = {}
        self.refs: list[tuple[Element, int]] = []  # (element to replace, note index)
        self.used: set[Element] = set()
        self.ids: dict[str, Element] = {}
        self.order: dict[Element, int] = {}
        for i, el in enumerate(root.iter()):
            self.order[el] = i
            for name in ("id", "name"):
                value = el.get(name)
                if value and value not in self.ids:
                    self.ids[value] = el

    def run(self) -> list[FoundNote]:
        self._anchors()
        self._popups()
        self._bare_superscripts()
        containers = list(self.by_container)
        known = set(containers)
        headings = {h for c in containers if (h := _notes_heading_before(c, known)) is not None}
        for element, index in self.refs:
            replace_with_text(element, f"{OPEN}{index}{CLOSE}")
        for container in containers:
            if container.getparent() is not None:
                drop(container)
        for heading in headings:
            if heading.getparent() is not None:
                drop(heading)
        return self.notes

    # -- the three forms ------------------------------------------------------------

    def _anchors(self) -> None:
        for a in list(self.root.iter("a")):
            # "#n1", or "https://site/article#n1" as saved pages often make it: the
            # fragment must name an element of this page, further down
            fragment = (a.get("href") or "").partition("#")[2]
            if not fragment or self._inside_used(a):
                continue
            target = self.ids.get(unquote(fragment))
            if target is None or self.order[target] <= self.order[a]:
                continue  # no target, or a link back up to the text
            if target.tag in _HEADINGS:
                continue  # a table of contents, not a note
            text = text_of(a)
            semantic = _SEMANTIC_REF.search(classes(a)) is not None
            if not semantic and not visible_label(text):
                continue
            if _BACKLINK.search(classes(a)):
                continue
            container = self._container(target)
            if container is None or _is_ancestor(container, a):
                continue
            index = self._note_for(container, text)
            self._add_ref(a, text, index)

    def _popups(self) -> None:
        candidates: list[tuple[Element, Element | None, str | None]] = []
        for el in self.root.iter("sup", "a", "span", "button", "abbr"):
            if self._inside_used(el):
                continue
            label = visible_label(text_of(el))
            if not label:
                continue
            target_id = el.get("popovertarget")
            if target_id and target_id in self.ids:
                candidates.append((el, self.ids[target_id], None))
                continue
            attr = next(
                (
                    el.get(name).strip()
                    for name in _NOTE_ATTRS
                    if el.get(name)
                    and len(el.get(name).strip()) > len(label) + 3
                    and not _LINK_TITLE.match(el.get(name).strip())
                ),
                None,
            )
            if attr:
                candidates.append((el, None, attr))
                continue
            hidden = el.getnext()
            if hidden is not None and not (el.tail or "").strip() and _looks_hidden(hidden):
                candidates.append((el, hidden, None))
        marked = {c[0] for c in candidates}
        chosen = [c for c in candidates if not any(a in marked for a in c[0].iterancestors())]
        for el, container, attr_text in chosen:
            text = text_of(el)
            if container is not None:
                index = self._note_for(container, text)
            else:
                self.notes.append(FoundNote(visible_label(text), attr_text or ""))
                index = len(self.notes) - 1
            self._add_ref(el, text, index)

    def _bare_superscripts(self) -> None:
        sections = [s for s in _notes_sections(self.root) if s]
        if not sections:
            return
        items: dict[str, Element] = {}
        in_section: set[Element] = set()
        for section in sections:
            for label, item in section:
                items.setdefault(label, item)
                in_section.update(item.iter())
        matched = False
        for sup in list(self.root.iter("sup")):
            if sup in in_section or self._inside_used(sup) or sup.getparent() is None:
                continue
            label = visible_label(text_of(sup))
            item = items.get(label)
            if not label or item is None:
                continue
            index = self._note_for(item, label)
            self._add_ref(sup, label, index)
            matched = True
        if matched:
            for section in sections:
                for _, item in section:
                    if item not in self.by_container:  # notes no one points to stay notes
                        self.notes.append(FoundNote(_item_label(item), self._note_text(item, "")))
                        self.by_container[item] = len(self.notes) - 1

    # -- helpers -------------------------------------------------------------------

    def _container(self, target: Element) -> Element | None:
        el = target
        while el is not None and el.tag not in _NOTE_BLOCKS:
            if el.tag in _NOT_CONTAINERS:
                return None
            el = el.getparent()
        if el is None or el.tag in _NOT_CONTAINERS:
            return None
        if len(el.text_content()) > _MAX_NOTE_CHARS:
            return None
        if any(True for _ in el.iter(*_HEADINGS)):
            return None  # a section of the text, not a note
        return el

    def _note_for(self, container: Element, label: str) -> int:
        """The note held by ``container`` (found once, however often it is cited)."""
        if container in self.by_container:
            return self.by_container[container]
        self.notes.append(FoundNote("", self._note_text(container, label)))
        index = len(self.notes) - 1
        self.by_container[container] = index
        self.used.add(container)
        return index

    def _add_ref(self, el: Element, text: str, index: int) -> None:
        note = self.notes[index]
        if not note.label:
            note.label = visible_label(text)
        outer = el
        while (
            outer.getparent() is not None
            and outer.getparent().tag in _INLINE_WRAPPERS
            and text_of(outer.getparent()) == text_of(el)
        ):
            outer = outer.getparent()
        self.refs.append((outer, index))
        self.used.add(outer)

    def _inside_used(self, el: Element) -> bool:
        node = el
        while node is not None:
            if node in self.used:
                return True
            node = node.getparent()
        return False

    def _note_text(self, container: Element, label: str) -> str:
        """The note's words: back links, and the label it starts with, removed."""
        start = self.order.get(container, 0)
        clone = copy.deepcopy(container)
        for a in list(clone.iter("a")):
            fragment = (a.get("href") or "").partition("#")[2]
            target = self.ids.get(unquote(fragment)) if fragment else None
            backward = target is not None and self.order.get(target, start) < start
            if backward or _BACKLINK.search(classes(a)) or _BACK_TEXT.match(text_of(a)):
                drop(a)
        text = text_of(clone)
        wanted = visible_label(label) or label.strip()
        if wanted:
            text = re.sub(r"^\s*[\[(]?" + re.escape(wanted) + r"[\])]?[.:)]?(?=\s|$)\s*", "", text)
        else:
            text = _ITEM_LABEL.sub("", text, count=1)
        return text.strip()


def _is_ancestor(ancestor: Element, el: Element) -> bool:
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _looks_hidden(el: Element) -> bool:
    if el.tag in _HEADINGS or len(text_of(el)) < 4:
        return False
    if el.get("hidden") is not None or el.get("popover") is not None:
        return True
    if el.get("role") == "tooltip" or el.get("aria-hidden") == "true":
        return True
    return _HIDDEN_NOTE.search(str(el.get("class") or "")) is not None


def _notes_heading_before(container: Element, notes: set[Element]) -> Element | None:
    """The "Notes" heading a note sits under: looking back over other notes (and
    up through the list holding them), never over the article's text."""
    node: Element | None = container
    for _ in range(4):
        if node is None:
            return None
        sibling = node.getprevious()
        while sibling is not None:
            if sibling.tag in _HEADINGS or (sibling.tag == "p" and len(text_of(sibling)) < 30):
                return sibling if _NOTES_TITLE.match(text_of(sibling)) else None
            if sibling not in notes and text_of(sibling):
                return None
            sibling = sibling.getprevious()
        node = node.getparent()
    return None


def _item_label(item: Element) -> str:
    if item.tag == "li":
        parent = item.getparent()
        if parent is not None and parent.tag == "ol":
            try:
                start = int(parent.get("start") or 1)
            except ValueError:
                start = 1
            siblings = [c for c in parent if c.tag == "li"]
            return str(start + siblings.index(item))
    match = _ITEM_LABEL.match(text_of(item))
    if match:
        return next(g for g in match.groups() if g)
    first = item.find(".//sup")
    if first is not None and text_of(item).startswith(text_of(first)):
        return visible_label(text_of(first))
    return ""


def _notes_sections(root: Element) -> list[list[tuple[str, Element]]]:
    """Each "Notes" heading's labelled items: ``[(label, element), …]``."""
    sections: list[list[tuple[str, Element]]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        heading = el.tag in _HEADINGS or (el.tag in ("p", "div") and len(el) <= 1)
        if not heading or not _NOTES_TITLE.match(text_of(el)):
            continue
        items: list[tuple[str, Element]] = []
        node = el.getnext()
        while node is not None and node.tag not in _HEADINGS:
            lists = [node] if node.tag in ("ol", "ul") else list(node.iter("ol"))
            if lists:
                for li in (li for lst in lists for li in lst.iter("li")):
                    label = _item_label(li)
                    if label:
                        items.append((label, li))
            elif node.tag in ("p", "div"):
                label = _item_label(node)
                if label:
                    items.append((label, node))
            node = node.getnext()
        sections.append(items)
    return sections


def sentinel_labels(notes: list[FoundNote], order: list[int]) -> dict[int, str]:
    """Our labels for the notes referenced, in ``order`` of first reference:
    the page's own labels when they are all present and distinct, else 1, 2, 3…"""
    shown = [notes[i].label for i in order]
    if all(shown) and len(set(shown)) == len(shown):
        return dict(zip(order, shown, strict=True))
    return {index: str(n) for n, index in enumerate(order, start=1)}


__all__ = ["CLOSE", "OPEN", "SENTINEL", "FoundNote", "mark_notes", "sentinel_labels"]
