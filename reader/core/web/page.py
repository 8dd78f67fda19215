"""A saved web page (``.html``/``.htm``) as one of our Markdown texts.

Main content: readability-lxml picks the article out of the page. Measured
against trafilatura (``tests/bench/bench_import.py --compare``), both keep
the article's sentences and drop comments and sidebars; readability keeps the
article's own markup, ``<h3>`` headings and ``<ol>`` numbering included,
where trafilatura lost headings; it is faster, and it brings 5 packages
(14.5 MB) where trafilatura brings 16 (60 MB). It has no network code at all.

Before it runs, :mod:`.notes` has already taken the notes out of the page and
left sentinels where the references were, so nothing the extractor decides
can lose a note; and :func:`_remove_furniture` takes out what readability
would leave: menus, forms, and share or "read also" boxes inside the article.

A Project Gutenberg HTML book is not an article in a page: it is read whole,
without readability (which would keep one chapter). Its header and licence
(in ``<pre>`` blocks before the "*** START" line and from the "*** END" line
on), its title page and its contents become front and back matter, kept in
the text but out of the reading flow.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html
from readability import Document
from readability.readability import Unparseable

from reader.core.errors import ReaderError
from reader.core.web import Converted
from reader.core.web.dom import (
    HTML_PARSER,
    Element,
    classes,
    decode_html,
    drop,
    parse_html,
    text_of,
)
from reader.core.web.meta import iso_date, metadata
from reader.core.web.notes import OPEN, mark_notes
from reader.core.web.render import Block, blocks_of, to_markdown

_FURNITURE_TAGS = ("nav", "form", "script", "style", "noscript", "iframe", "svg", "template")
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|comments?|respond|sidebar|widget|"
    r"newsletter|subscribe|related|cookie|promo|advert|ads|breadcrumbs?|menu|navigation|"
    r"complementary|banner|contentinfo|post-navigation|toplink|masthead|site-header|"
    r"site-footer|colophon)(?:$|[\s_-])"
)
_MIN_WORDS = 25
_MIN_CHARACTERS = 80
_BYLINE = re.compile(r"^(?:by|par|von|por)\s", re.IGNORECASE)


_PG_START = re.compile(r"\*\*\*\s*START OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)
_PG_END = re.compile(
    r"\*\*\*\s*END OF (?:THIS|THE) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg",
    re.IGNORECASE,
)
_CONTENTS = re.compile(
    r"^(?:table of )?contents\.?$|^list of (?:illustrations|plates|maps)\.?$", re.IGNORECASE
)
_PROSE_WORDS = 40  # a paragraph this long is the work, not its title page


def convert_html(data: bytes, source: Path) -> Converted:
    raw = decode_html(data)
    root = parse_html(raw, source)
    found = metadata(root, raw)
    if _PG_START.search(raw):
        book = _gutenberg_book(root, found)
        if book is not None:
            return book
    notes = mark_notes(root)
    _remove_furniture(root)
    content = _main_content(root, source)
    blocks = _without_masthead(blocks_of(content, lambda level: max(2, level)), found)
    prose = " ".join(b.text for b in blocks if b.kind == "paragraph")
    # words, or characters for scripts written without spaces (Chinese, Japanese)
    if len(prose.split()) < _MIN_WORDS and len(prose.replace(" ", "")) < _MIN_CHARACTERS:
        raise ReaderError(
            "found no article text in this page (only menus, or an empty page); "
            "save the page again once it has loaded, or import its text as .txt",
            source,
        )
    body, count = to_markdown(blocks, notes)
    return Converted(found, body, count)


def _gutenberg_book(root: Element, found: dict[str, str]) -> Converted | None:
    """A Project Gutenberg book: the whole body, its header and licence, title
    page and contents as front and back matter."""
    body = root.find("body")
    while body is not None and len(body) == 1 and body[0].tag in ("div", "section", "article"):
        body = body[0]  # a wrapper around the whole book
    if body is None:
        return None
    children = [c for c in body if isinstance(c.tag, str)]
    start = next((i for i, c in enumerate(children) if _PG_START.search(c.text_content())), None)
    if start is None:
        return None
    end = next(
        (i for i in range(start + 1, len(children)) if _PG_END.search(children[i].text_content())),
        len(children),
    )
    header, licence = html.Element("div"), html.Element("div")
    for el in children[: start + 1]:
        header.append(el)
    for el in children[end:]:
        licence.append(el)
    # a date the page carries is the ebook's (Gutenberg records no work's date)
    page_date = found.pop("date", None)
    found = {**found, **_gutenberg_header(header.text_content())}
    if page_date and "ebook_date" not in found:
        found["ebook_date"] = page_date
    notes = mark_notes(root, keep_heading=True)
    blocks = blocks_of(body, lambda level: max(2, level), menus=False)
    at = _title_page_and_contents(blocks)
    front = blocks_of(header, int) + blocks[:at]
    text, count = to_markdown(blocks[at:], notes, front=front, back=blocks_of(licence, int))
    return Converted(found, text, count)


def _gutenberg_header(text: str) -> dict[str, str]:
    """Title and author as the header's "Title:" and "Author:" lines give them
    (a title may run on over indented lines), and its "Release Date:" as the
    ebook's date, never the work's."""
    found: dict[str, str] = {}
    for key, name in (("title", "Title"), ("author", "Author")):
        match = re.search(rf"^{name}:[ \t]*(\S.*(?:\n[ \t]+\S.*)*)", text, re.MULTILINE)
        if match:
            found[key] = " ".join(match.group(1).split())
    match = re.search(r"^(?:Release|Posting) Date:[ \t]*([^\[\n]+)", text, re.MULTILINE | re.I)
    if match and (released := iso_date(match.group(1).strip())):
        found["ebook_date"] = released
    return found


def _title_page_and_contents(blocks: list[Block]) -> int:
    """How many of a book's first blocks are its title page and contents: up to
    the heading after a "Contents" heading, or else up to the heading over the
    first paragraph of prose."""
    prose = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind == "paragraph" and len(b.text.split()) >= _PROSE_WORDS
        ),
        len(blocks),
    )
    if prose == len(blocks):
        return 0  # no prose at all: nothing tells the title page from the text
    headings = [i for i in range(prose) if blocks[i].kind == "heading"]
    contents = [i for i in headings if _CONTENTS.match(blocks[i].text.strip())]
    if contents:
        after = next(
            (i for i in range(contents[-1] + 1, len(blocks)) if blocks[i].kind == "heading"),
            None,
        )
        if after is not None:
            return after
    return headings[-1] if headings else 0


def _remove_furniture(root: Element) -> None:
    body = root.find("body")
    total = len(text_of(body)) if body is not None else 0
    for el in list(root.iter(*_FURNITURE_TAGS)):
        if el.getparent() is not None and OPEN not in el.text_content():
            drop(el)
    for el in list(root.iter("header", "footer", "aside", "div", "section", "ul", "p", "span")):
        if el.getparent() is None or el.tag in ("body", "html"):
            continue
        if not _FURNITURE.search(classes(el)):
            continue
        text = el.text_content()
        if OPEN in text or el.find(".//h1") is not None or len(text.strip()) > 0.5 * total:
            continue  # never the article itself
        drop(el)


def _main_content(root: Element, source: Path) -> Element:
    page = html.tostring(root, encoding="unicode")
    try:
        summary = Document(page).summary(html_partial=True)
    except Unparseable as err:
        raise ReaderError(f"found no article in this page ({err})", source) from None
    if not summary.strip():
        raise ReaderError("found no article text in this page", source)
    return html.document_fromstring(summary, parser=HTML_PARSER)


def _same(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", text).strip().casefold()

    return norm(a) == norm(b)


def _without_masthead(blocks: list[Block], found: dict[str, str]) -> list[Block]:
    """Drop the title heading (it is in the front matter), the short lines the
    article's header puts before it, and the byline after it."""
    title = found.get("title", "")
    at = next(
        (i for i, b in enumerate(blocks[:5]) if b.kind == "heading" and _same(b.text, title)),
        None,
    )
    if at is not None and all(len(b.text) < 200 for b in blocks[:at]):
        blocks = blocks[at + 1 :]
    author = found.get("author")
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        short = block.kind == "paragraph" and len(block.text) <= 150 and i < 3
        is_author = author is not None and _same(block.text, author)
        if short and (is_author or (_BYLINE.match(block.text) and author and author in block.text)):
            continue
        kept.append(block)
    return kept
