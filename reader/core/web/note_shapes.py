"""What notes look like in a page's HTML: their labels, "Notes" headings and
the labelled items under them, the blocks that hold them, and the page and
line numbers of a printed edition, which are never notes."""

from __future__ import annotations

import re

from reader.core.web.dom import Element, drop, epub_type, text_of

_LABEL = re.compile(
    r"^[\[({]?\s*(\d{1,4}[a-z]?|[a-zA-Z]|[ivxlcdm]{2,6}|[*†‡§¶]{1,3})\s*[\])}]?\.?$"
)
BACKLINK = re.compile(r"backlink|backref|reversefootnote|footnote-back|fn-back|return")
_HIDDEN_NOTE = re.compile(r"note|tooltip|popup|popover|footnote")
_NOTES_TITLE = re.compile(
    r"^\s*(?:notes?|end\s?notes?|foot\s?notes?|references|sources|notes and references)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_ITEM_LABEL = re.compile(
    r"^\s*(?:\[(\d{1,4}[a-z]?|[*†‡]{1,3})\]|\{(\d{1,4}[a-z]?)\}|(\d{1,4}[a-z]?)[.)]?|([*†‡]{1,3}))"
    r"\s+(?=\S)"
)
# Page numbers of a printed edition, and line numbers of verse: never notes.
_PAGE_CLASS = re.compile(
    r"(?:^|\s)(?:pagenum|pageno|page-?num(?:ber)?|pgnum|pb|linenum|lineno|line-?num(?:ber)?)"
    r"(?:$|\s)"
)
NOTE_CLASS = re.compile(r"foot|note|(?:^|[\s_-])fn(?:$|[\s_-])")
CONTINUES = frozenset(["p", "div", "blockquote", "pre", "ul", "ol", "dl", "table"])
NOT_CONTAINERS = frozenset(["body", "html", "article", "main"])
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def visible_label(text: str) -> str:
    """``[12]`` → ``12``; ``{35a}`` → ``35a``; ``*`` → ``*``; anything longer → ``""``."""
    match = _LABEL.match(text.strip())
    return match.group(1) if match else ""


def is_notes_title(text: str) -> bool:
    """ "Notes", "Endnotes", "Notes and references" …: a notes section's title."""
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


def move_trailing_anchor(target: Element) -> None:
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
        or block.tag not in CONTINUES
        or not (block.text or "").strip()
        and block.index(target) == 0
    ):
        return
    if any(isinstance(s.tag, str) or (s.tail or "").strip() for s in target.itersiblings()):
        return
    following = block.getnext()
    if following is None or following.tag not in CONTINUES:
        return
    block.remove(target)
    target.tail = following.text
    following.text = None
    following.insert(0, target)


def strip_label(text: str, label: str) -> str:
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


def has_words(el: Element) -> bool:
    text = text_of(el)
    return bool(text) and not visible_label(text)


def is_ancestor(ancestor: Element, el: Element) -> bool:
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def looks_hidden(el: Element) -> bool:
    if el.tag in HEADINGS or len(text_of(el)) < 4:
        return False
    if el.get("hidden") is not None or el.get("popover") is not None:
        return True
    if el.get("role") == "tooltip" or el.get("aria-hidden") == "true":
        return True
    return _HIDDEN_NOTE.search(str(el.get("class") or "")) is not None


def item_label(item: Element, number: int | None = None) -> str:
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


def notes_sections(root: Element) -> list[list[tuple[str, Element]]]:
    """Each "Notes" heading's labelled items: ``[(label, element), …]``."""
    sections: list[list[tuple[str, Element]]] = []
    for el in root.iter(*HEADINGS, "p", "div"):
        heading = el.tag in HEADINGS or len(el) <= 1
        if not heading or len(el.text_content()) > 40 or not is_notes_title(text_of(el)):
            continue
        items: list[tuple[str, Element]] = []
        node = el.getnext()
        while node is not None and node.tag not in HEADINGS:
            lists = [node] if node.tag in ("ol", "ul") else list(node.iter("ol"))
            if lists:
                for lst in lists:
                    own = [li for li in lst if li.tag == "li"]
                    for li, number in _numbered(own, lst):
                        label = item_label(li, number)
                        if label:
                            items.append((label, li))
            elif node.tag in ("p", "div"):
                label = item_label(node)
                if label:
                    items.append((label, node))
            node = node.getnext()
        sections.append(items)
    return sections
