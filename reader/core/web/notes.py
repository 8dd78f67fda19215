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
from urllib.parse import unquote

from reader.core.web import CLOSE, OPEN, PLACE, SENTINEL, FoundNote
from reader.core.web.dom import Element, classes, drop, replace_with_text, text_of
from reader.core.web.note_extent import NoteExtent
from reader.core.web.note_shapes import (
    BACKLINK,
    HEADINGS,
    NOT_CONTAINERS,
    NOTE_CLASS,
    drop_page_numbers,
    has_words,
    is_ancestor,
    is_notes_title,
    item_label,
    looks_hidden,
    move_trailing_anchor,
    notes_sections,
    strip_label,
    visible_label,
)
from reader.core.web.render import NOTES_HEADING, blocks_of

_SEMANTIC_REF = re.compile(r"noteref|footnote|fnref|fn-ref|endnote-ref|note-ref")
_NOTE_ATTRS = ("title", "data-footnote", "data-note", "data-tooltip", "data-tippy-content")
# A title that describes the link ("Go to note 3"), not one that holds the note.
_LINK_TITLE = re.compile(
    r"^(?:(?:go|jump|skip|scroll|back)\s+to|see|read|view|open|show)\b"
    r"|^(?:foot|end)?notes?\s*[\w*]{0,4}$",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"\w{1,8}")
_PAGE_ID = re.compile(
    r"^(?:page|pg|p)[-_.]?(?:\d+|[ivxlcdm]+)[a-z]?$|^(?:line|ln)[-_.]?\d+$", re.IGNORECASE
)
# The fragment of a link to a notes file: "note-47", "fn3", "footnote_12".
_NOTE_ID = re.compile(r"note|^fn|[-_]fn|ftn|^en\d", re.IGNORECASE)
_INLINE_WRAPPERS = frozenset(["sup", "span", "small", "b", "strong", "i", "em", "a", "button"])


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
        self.refs: list[tuple[Element, int]] = []  # (element to replace, note index)
        self.used: set[Element] = set()
        self.missing: dict[str, int] = {}
        self.extent = NoteExtent(root)

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
            if BACKLINK.search(kinds):
                continue
            text = text_of(a)
            semantic = _SEMANTIC_REF.search(kinds) is not None
            label = visible_label(text)
            target = self.extent.ids.get(fragment)
            if target is None:
                # "https://site/article#n1" names this page's own note; a relative
                # "notes.xhtml#n47" names a file we were not given
                outside = path and not path.startswith(("http:", "https:", "//"))
                if label and outside and (semantic or _NOTE_ID.search(fragment)):
                    self._add_missing(a, label, href)
                continue
            if not semantic and (self.extent.order[target] <= self.extent.order[a] or not label):
                continue  # a link back up to the text, or not a note's label
            if target.tag in HEADINGS:
                if semantic:
                    cross.append((a, text))
                continue  # a table of contents, not a note
            found.append((a, target, text))
        for _, target, _ in found:
            move_trailing_anchor(target)
        for a, target, _ in found:
            for el in (target, *target.iterancestors()):
                self.extent.targets[el] += 1
            for el in (a, *a.iterancestors()):
                self.extent.markers[el] += 1
        for a, target, text in found:
            if self._inside_used(a):
                continue
            container = self.extent.container(target)
            if container is None or is_ancestor(container, a):
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
        for name, el in self.extent.ids.items():
            if (
                el.tag == "a"
                and not el.get("href")
                and not len(el)
                and not (el.text or "").strip()
                and _NOTE_ID.search(name)
                and not self._inside_used(el)
                and (container := self.extent.container(el)) is not None
                and container not in self.extent.claimed
                and (not has_words(container) or NOTE_CLASS.search(classes(container)))
            ):
                self.extent.orphans.append(container)
        for orphan in self.extent.orphans:
            if orphan not in self.extent.claimed:
                index = self._note_for(orphan, "")
                first = next((p for p in self.parts[index] if has_words(p)), orphan)
                word = _FIRST_WORD.match(text_of(first))
                self.notes[index].label = item_label(first) or (word.group(0) if word else "")

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
            if target_id and target_id in self.extent.ids:
                candidates.append((el, self.extent.ids[target_id], None))
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
            if hidden is not None and not (el.tail or "").strip() and looks_hidden(hidden):
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
        sections = [s for s in notes_sections(self.root) if s]
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
                        self.extent.claimed.add(item)

    def _notes_headings(self) -> list[Element]:
        """The "Notes" headings the notes sit under."""
        found: dict[Element, None] = {}
        for parts in self.parts.values():
            node: Element | None = parts[0]
            for _ in range(3):
                if node is None or node.tag in NOT_CONTAINERS:
                    break
                heading = self.extent.heading_before(node)
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
        parts = self.extent.continuation(container) if grow else [container]
        self.notes.append(FoundNote("", ""))
        index = len(self.notes) - 1
        self.by_container[container] = index
        self.parts[index] = parts
        self.extent.claimed.update(parts)
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

    def _note_text(self, parts: list[Element], label: str) -> str:
        """The note's paragraphs: back links, and the label it starts with, removed."""
        start = next(
            (self.extent.order[el] for el in parts[0].iter() if el in self.extent.order), 0
        )
        skip = {a for part in parts for a in part.iter("a") if self.extent.is_backlink(a, start)}
        paragraphs: list[str] = []
        for part in parts:
            paragraphs.extend(block.text for block in blocks_of(part, int, skip=skip, note=True))
        while paragraphs:
            first = strip_label(paragraphs[0].replace("()", "").strip(), label)
            if first:
                paragraphs[0] = first
                break
            paragraphs.pop(0)
        return "\n\n".join(paragraphs)


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
