"""Find a document's footnotes, wherever the page keeps them.

:func:`mark_notes` changes the tree in place: every note reference becomes a
sentinel (``\\ue000<n>\\ue001``) and every note it found is taken out of the
body, so that the main-content extraction and the Markdown writer never see
notes as paragraphs. The notes come back as a list indexed by the sentinel's
number.

Before anything else, page furniture of printed books is taken out: page
numbers (``span.pagenum``, ``epub:type="pagebreak"``) and line numbers. Links
to page or line anchors (``#Page_12``, an index's page references) stay plain
text: they are never note references.

Forms understood, in this order:

- in-page anchors: a short label (``1``, ``[1]``, ``{35a}``, ``*``) or a link
  marked as a note reference (``role="doc-noteref"``, ``epub:type="noteref"``,
  a ``footnote`` class) pointing *forward* to an element with that id or name
  (a marked reference may point anywhere). The note is the block holding the
  target, grown to the note's own wrapper (``div.footnote``) and to the
  paragraphs that continue it (same class, or any paragraph under a "Notes"
  heading) until the next note;
- a marked reference to another file (``endnotes.xhtml#note-47``) whose note
  we do not have: kept as a marker with its label, the note flagged missing;
- popups: ``popovertarget``, a ``title``/``data-*`` attribute holding the
  note, or a hidden note element right after the marker;
- bare superscripts (``<sup>1</sup>``) when a "Notes" section has a note with
  that number.

A note's text is all of it: every paragraph, list and quotation, and the
words of its links (a link leaving the book kept as a Markdown link); only
the links back to the text (``↩``, "return", the label) are left out.

``[1]`` typed plainly in the text is left alone: the parser reads it.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from reader.core.web import CLOSE, OPEN, PLACE, SENTINEL, FoundNote
from reader.core.web.dom import Element, classes, drop, epub_type, replace_with_text, text_of
from reader.core.web.render import NOTES_HEADING, blocks_of

_LABEL = re.compile(
    r"^[\[({]?\s*(\d{1,4}[a-z]?|[a-zA-Z]|[ivxlcdm]{2,6}|[*†‡§¶]{1,3})\s*[\])}]?\.?$"
)
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
    r"^\s*(?:notes?|end\s?notes?|foot\s?notes?|references|sources|notes and references)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_ITEM_LABEL = re.compile(
    r"^\s*(?:\[(\d{1,4}[a-z]?|[*†‡]{1,3})\]|\{(\d{1,4}[a-z]?)\}|(\d{1,4}[a-z]?)[.)]?|([*†‡]{1,3}))"
    r"\s+(?=\S)"
)
_FIRST_WORD = re.compile(r"\w{1,8}")
# Page numbers of a printed edition, and line numbers of verse: never notes.
_PAGE_CLASS = re.compile(
    r"(?:^|\s)(?:pagenum|pageno|page-?num(?:ber)?|pgnum|pb|linenum|lineno|line-?num(?:ber)?)"
    r"(?:$|\s)"
)
_PAGE_ID = re.compile(
    r"^(?:page|pg|p)[-_.]?(?:\d+|[ivxlcdm]+)[a-z]?$|^(?:line|ln)[-_.]?\d+$", re.IGNORECASE
)
# The fragment of a link to a notes file: "note-47", "fn3", "footnote_12".
_NOTE_ID = re.compile(r"note|^fn|[-_]fn|ftn|^en\d", re.IGNORECASE)
_NOTE_CLASS = re.compile(r"foot|note|(?:^|[\s_-])fn(?:$|[\s_-])")
_NOTE_BLOCKS = frozenset(["li", "p", "div", "aside", "dd", "section", "td", "blockquote"])
_CONTINUES = frozenset(["p", "div", "blockquote", "pre", "ul", "ol", "dl", "table"])
_NOT_CONTAINERS = frozenset(["body", "html", "article", "main"])
_INLINE_WRAPPERS = frozenset(["sup", "span", "small", "b", "strong", "i", "em", "a", "button"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_MAX_NOTE_CHARS = 30000


def visible_label(text: str) -> str:
    """``[12]`` → ``12``; ``{35a}`` → ``35a``; ``*`` → ``*``; anything longer → ``""``."""
    match = _LABEL.match(text.strip())
    return match.group(1) if match else ""


def is_notes_title(text: str) -> bool:
    return _NOTES_TITLE.match(text) is not None


def drop_page_numbers(root: Element) -> set[str]:
    """Take out page and line numbers (their tails kept: a number set
    mid-word leaves the word whole); the ids of page and line anchors."""
    page_ids: set[str] = set()
    # a plain walk: an XPath query over a long book is several times slower
    furniture = [
        el
        for el in root.iter()
        if (
            _PAGE_CLASS.search(str(el.get("class") or "").lower())
            or "pagebreak" in epub_type(el)
            or el.get("role") == "doc-pagebreak"
        )
    ]
    for el in furniture:
        for inner in el.iter():
            for name in ("id", "name"):
                if value := inner.get(name):
                    page_ids.add(value)
        if el.getparent() is not None:
            drop(el)
    return page_ids


def mark_notes(root: Element, *, keep_heading: bool = False) -> list[FoundNote]:
    """Replace note references with sentinels and take the notes out of the tree.

    With ``keep_heading``, a book's single notes heading ("Footnotes",
    "Endnotes") stays, marked with :data:`NOTES_HEADING`, so that the
    notes can be written under it."""
    return _Marker(root).run(keep_heading)


class _Marker:
    def __init__(self, root: Element) -> None:
        self.root = root
        self.page_ids = drop_page_numbers(root)
        self.notes: list[FoundNote] = []
        self.by_container: dict[Element, int] = {}
        self.parts: dict[int, list[Element]] = {}
        self.claimed: set[Element] = set()  # every element that is part of a note
        self.refs: list[tuple[Element, int]] = []  # (element to replace, note index)
        self.used: set[Element] = set()
        self.missing: dict[str, int] = {}
        self.ids: dict[str, Element] = {}
        self.order: dict[Element, int] = {}
        self.targets: Counter[Element] = Counter()  # note targets inside each element
        self.markers: Counter[Element] = Counter()  # note references inside each element
        self.heading_before: dict[Element, Element | None] = {}
        self.orphans: list[Element] = []  # notes of the same make that nothing cites
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

    def run(self, keep_heading: bool) -> list[FoundNote]:
        self._anchors()
        if self.notes:
            self._orphans()
        self._popups()
        self._bare_superscripts()
        headings = self._notes_headings()
        for index, parts in self.parts.items():
            self.notes[index].text = self._note_text(parts, self.notes[index].label)
        for element, index in self.refs:
            replace_with_text(element, f"{OPEN}{index}{CLOSE}")
        cited = {index for _, index in self.refs}
        for index, parts in self.parts.items():
            if index not in cited and parts[0].getparent() is not None:
                place = parts[0].makeelement("p", {})
                place.text = f"{PLACE}{index}{CLOSE}"
                parts[0].addprevious(place)
            for part in parts:
                if part.getparent() is not None:
                    drop(part)
        if keep_heading and len(headings) == 1:
            headings[0].set(NOTES_HEADING, "1")
        else:
            for heading in headings:
                if heading.getparent() is not None:
                    drop(heading)
        return self.notes

    # -- the forms ------------------------------------------------------------------

    def _anchors(self) -> None:
        found: list[tuple[Element, Element, str]] = []
        cross: list[tuple[Element, str]] = []
        for a in self.root.iter("a"):
            href = a.get("href") or ""
            path, _, fragment = href.partition("#")
            fragment = unquote(fragment)
            if not fragment or fragment in self.page_ids or _PAGE_ID.match(fragment):
                continue
            kinds = classes(a)
            if _BACKLINK.search(kinds):
                continue
            text = text_of(a)
            semantic = _SEMANTIC_REF.search(kinds) is not None
            label = visible_label(text)
            target = self.ids.get(fragment)
            if target is None:
                # "https://site/article#n1" names this page's own note; a relative
                # "notes.xhtml#n47" names a file we were not given
                outside = path and not path.startswith(("http:", "https:", "//"))
                if label and outside and (semantic or _NOTE_ID.search(fragment)):
                    self._add_missing(a, label, href)
                continue
            if not semantic and (self.order[target] <= self.order[a] or not label):
                continue  # a link back up to the text, or not a note's label
            if target.tag in _HEADINGS:
                if semantic:
                    cross.append((a, text))
                continue  # a table of contents, not a note
            found.append((a, target, text))
        for _, target, _ in found:
            _move_trailing_anchor(target)
        for a, target, _ in found:
            for el in (target, *target.iterancestors()):
                self.targets[el] += 1
            for el in (a, *a.iterancestors()):
                self.markers[el] += 1
        for a, target, text in found:
            if self._inside_used(a):
                continue
            container = self._container(target)
            if container is None or _is_ancestor(container, a):
                if container is None and _SEMANTIC_REF.search(classes(a)):
                    cross.append((a, text))
                continue
            index = self._note_for(container, text)
            self._add_ref(a, text, index)
        for a, text in cross:
            # a reference to a section of the book ("A11.1", an appendix) is no
            # note: its label stays, apart from the word it followed
            if a.getparent() is not None and not self._inside_used(a):
                replace_with_text(a, f" [{text}]")

    def _orphans(self) -> None:
        """Notes nothing cites, made like the cited ones: an empty note anchor
        (``<a name="note-61_">``), or a block opening with a back link, left
        between notes."""
        for name, el in self.ids.items():
            if (
                el.tag == "a"
                and not el.get("href")
                and not len(el)
                and not (el.text or "").strip()
                and _NOTE_ID.search(name)
                and not self._inside_used(el)
                and (container := self._container(el)) is not None
                and container not in self.claimed
                and (not _has_words(container) or _NOTE_CLASS.search(classes(container)))
            ):
                self.orphans.append(container)
        for orphan in self.orphans:
            if orphan not in self.claimed:
                index = self._note_for(orphan, "")
                first = next((p for p in self.parts[index] if _has_words(p)), orphan)
                word = _FIRST_WORD.match(text_of(first))
                self.notes[index].label = _item_label(first) or (word.group(0) if word else "")

    def _add_missing(self, a: Element, label: str, href: str) -> None:
        if self._inside_used(a):
            return
        index = self.missing.get(href)
        if index is None:
            self.notes.append(FoundNote(label, "", missing=True))
            index = self.missing[href] = len(self.notes) - 1
        self._add_ref(a, text_of(a), index)

    def _popups(self) -> None:
        candidates: list[tuple[Element, Element | None, str | None]] = []
        for el in self.root.iter("sup", "a", "span", "button", "abbr"):
            if len(el) > 3:
                continue  # a label is a word, not a paragraph
            label = visible_label(el.text_content())
            if not label or self._inside_used(el):
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
                index = self._note_for(container, text, grow=False)
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
            index = self._note_for(item, label, grow=False)
            self._add_ref(sup, label, index)
            matched = True
        if matched:
            for section in sections:
                for label, item in section:
                    if item not in self.by_container:  # notes no one points to stay notes
                        self.notes.append(FoundNote(label, ""))
                        index = len(self.notes) - 1
                        self.by_container[item] = index
                        self.parts[index] = [item]
                        self.claimed.add(item)

    # -- a note's extent -------------------------------------------------------------

    def _container(self, target: Element) -> Element | None:
        el = target
        while el is not None and el.tag not in _NOTE_BLOCKS:
            if el.tag in _NOT_CONTAINERS:
                return None
            el = el.getparent()
        if el is None or el.tag in _NOT_CONTAINERS:
            return None
        # grow to the note's own wrapper: <div class="footnote"><p>…</p><p>…</p></div>
        while True:
            parent = el.getparent()
            if (
                parent is None
                or parent.tag not in _NOTE_BLOCKS
                or parent.tag in _NOT_CONTAINERS
                or self.targets[parent] > 1
                or self.markers[parent]
                or not _NOTE_CLASS.search(classes(parent))
            ):
                break
            el = parent
        if len(el.text_content()) > _MAX_NOTE_CHARS:
            return None
        if any(True for _ in el.iter(*_HEADINGS)):
            return None  # a section of the text, not a note
        return el

    def _continuation(self, container: Element) -> list[Element]:
        """The note's blocks: ``container`` and the siblings that continue it."""
        parts = [container]
        own = str(container.get("class") or "")
        note_class = own if _NOTE_CLASS.search(own.lower()) else ""
        has_words = _has_words(container)
        plain = not note_class and self._in_notes_section(container)
        sibling = container.getnext()
        while sibling is not None:
            if (
                sibling.tag not in _CONTINUES
                or sibling in self.claimed
                or self.targets[sibling]
                or self.markers[sibling]
                or any(True for _ in sibling.iter(*_HEADINGS))
            ):
                break
            kind = str(sibling.get("class") or "")
            if not note_class and not has_words and _NOTE_CLASS.search(kind.lower()):
                note_class = kind  # the note's words follow an empty anchor paragraph
            if (note_class and kind != note_class) or (not note_class and not plain):
                break
            if has_words and self._starts_another_note(sibling):
                self.orphans.append(sibling)
                break
            parts.append(sibling)
            has_words = has_words or _has_words(sibling)
            sibling = sibling.getnext()
        return parts

    def _starts_another_note(self, el: Element) -> bool:
        """A block opening with a back link is a note of its own (one no marker cites)."""
        for a in el.iter("a"):
            return self._is_backlink(a, len(self.order))
        return False

    def _in_notes_section(self, el: Element) -> bool:
        """Under a "Notes" heading, or inside a notes wrapper (``div.footnotes``)."""
        node: Element | None = el
        for _ in range(3):
            if node is None or node.tag in _NOT_CONTAINERS:
                return False
            heading = self._heading_before(node)
            if heading is not None:
                return is_notes_title(text_of(heading))
            parent = node.getparent()
            if (
                parent is not None
                and parent.tag not in _NOT_CONTAINERS
                and _NOTE_CLASS.search(classes(parent))
            ):
                return True
            node = parent
        return False

    def _heading_before(self, el: Element) -> Element | None:
        """The nearest heading before ``el`` among its siblings (remembered, so
        that a thousand notes in one list cost one walk)."""
        if el in self.heading_before:
            return self.heading_before[el]
        walked = []
        found: Element | None = None
        sibling = el.getprevious()
        while sibling is not None:
            if sibling.tag in _HEADINGS or (
                sibling.tag == "p"
                and len(sibling) <= 1
                and len(sibling.text_content()) < 30
                and is_notes_title(text_of(sibling))
            ):
                found = sibling
                break
            if sibling in self.heading_before:
                found = self.heading_before[sibling]
                break
            walked.append(sibling)
            sibling = sibling.getprevious()
        for node in (el, *walked):
            self.heading_before[node] = found
        return found

    def _notes_headings(self) -> list[Element]:
        """The "Notes" headings the notes sit under."""
        found: dict[Element, None] = {}
        for parts in self.parts.values():
            node: Element | None = parts[0]
            for _ in range(3):
                if node is None or node.tag in _NOT_CONTAINERS:
                    break
                heading = self._heading_before(node)
                if heading is not None:
                    if is_notes_title(text_of(heading)):
                        found[heading] = None
                    break
                node = node.getparent()
        return list(found)

    # -- helpers -------------------------------------------------------------------

    def _note_for(self, container: Element, label: str, *, grow: bool = True) -> int:
        """The note held by ``container`` (found once, however often it is cited)."""
        if container in self.by_container:
            return self.by_container[container]
        parts = self._continuation(container) if grow else [container]
        self.notes.append(FoundNote("", ""))
        index = len(self.notes) - 1
        self.by_container[container] = index
        self.parts[index] = parts
        self.claimed.update(parts)
        self.used.update(parts)
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

    def _is_backlink(self, a: Element, start: int) -> bool:
        """A link from a note back to the text: marked so, an arrow or "return",
        or the note's own label pointing back up."""
        if _BACKLINK.search(classes(a)) or _BACK_TEXT.match(text_of(a)):
            return True
        fragment = unquote((a.get("href") or "").partition("#")[2])
        target = self.ids.get(fragment) if fragment else None
        return (
            target is not None
            and self.order.get(target, start) < start
            and bool(visible_label(text_of(a)))
        )

    def _note_text(self, parts: list[Element], label: str) -> str:
        """The note's paragraphs: back links, and the label it starts with, removed."""
        start = next((self.order[el] for el in parts[0].iter() if el in self.order), 0)
        skip = {a for part in parts for a in part.iter("a") if self._is_backlink(a, start)}
        paragraphs: list[str] = []
        for part in parts:
            paragraphs.extend(block.text for block in blocks_of(part, int, skip=skip, note=True))
        while paragraphs:
            first = _strip_label(paragraphs[0].replace("()", "").strip(), label)
            if first:
                paragraphs[0] = first
                break
            paragraphs.pop(0)
        return "\n\n".join(paragraphs)


def _move_trailing_anchor(target: Element) -> None:
    """An empty anchor closing a block names the block after it: a generator
    that wrote ``…] <a name="note-66"></a></p><p>66 …`` meant note 66 to
    start at the next paragraph."""
    block = target.getparent()
    if (
        target.tag != "a"
        or len(target)
        or (target.text or "").strip()
        or (target.tail or "").strip()
        or block is None
        or block.tag not in _CONTINUES
        or not (block.text or "").strip()
        and block.index(target) == 0
    ):
        return
    if any(isinstance(s.tag, str) or (s.tail or "").strip() for s in target.itersiblings()):
        return
    following = block.getnext()
    if following is None or following.tag not in _CONTINUES:
        return
    block.remove(target)
    target.tail = following.text
    following.text = None
    following.insert(0, target)


def _strip_label(text: str, label: str) -> str:
    """``[12] Text`` → ``Text`` when ``12`` is the note's label."""
    wanted = visible_label(label) or label.strip()
    if not wanted:
        return _ITEM_LABEL.sub("", text, count=1)
    for form in (f"[{wanted}]", f"({wanted})", f"{{{wanted}}}", wanted):
        if text.startswith(form):
            rest = text[len(form) :]
            if rest[:1] in (".", ":", ")"):
                rest = rest[1:]
            if not rest or rest[0].isspace():
                return rest.strip()
    return text


def _has_words(el: Element) -> bool:
    text = text_of(el)
    return bool(text) and not visible_label(text)


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


def _item_label(item: Element, number: int | None = None) -> str:
    """The label an item of a notes list shows: its number in an ``<ol>``
    (``number``), else the label its text starts with."""
    if number is not None:
        return str(number)
    match = _ITEM_LABEL.match(text_of(item))
    if match:
        return next(g for g in match.groups() if g)
    first = item.find(".//sup")
    if first is not None and text_of(item).startswith(text_of(first)):
        return visible_label(text_of(first))
    return ""


def _numbered(items: list[Element], lst: Element) -> list[tuple[Element, int | None]]:
    if lst.tag != "ol":
        return [(li, None) for li in items]
    try:
        start = int(lst.get("start") or 1)
    except ValueError:
        start = 1
    return [(li, start + i) for i, li in enumerate(items)]


def _notes_sections(root: Element) -> list[list[tuple[str, Element]]]:
    """Each "Notes" heading's labelled items: ``[(label, element), …]``."""
    sections: list[list[tuple[str, Element]]] = []
    for el in root.iter(*_HEADINGS, "p", "div"):
        heading = el.tag in _HEADINGS or len(el) <= 1
        if not heading or len(el.text_content()) > 40 or not is_notes_title(text_of(el)):
            continue
        items: list[tuple[str, Element]] = []
        node = el.getnext()
        while node is not None and node.tag not in _HEADINGS:
            lists = [node] if node.tag in ("ol", "ul") else list(node.iter("ol"))
            if lists:
                for lst in lists:
                    own = [li for li in lst if li.tag == "li"]
                    for li, number in _numbered(own, lst):
                        label = _item_label(li, number)
                        if label:
                            items.append((label, li))
            elif node.tag in ("p", "div"):
                label = _item_label(node)
                if label:
                    items.append((label, node))
            node = node.getnext()
        sections.append(items)
    return sections


__all__ = [
    "CLOSE",
    "NOTES_HEADING",
    "OPEN",
    "SENTINEL",
    "FoundNote",
    "drop_page_numbers",
    "is_notes_title",
    "mark_notes",
    "visible_label",
]
