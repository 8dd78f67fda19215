"""An EPUB book as one of our Markdown texts: one text, a ``##`` heading per
chapter.

Why one text and not a text per chapter: an EPUB's notes often live in a
notes file at the end of the book and are referred to from every chapter;
Ibid. and op. cit. follow the order of the whole book; and a reader studies
a book as one work (the headings pane lists the chapters, search finds the
book once). Split per chapter, the notes would have to be copied into each
text and an "Ibid." opening a chapter would lose what it repeats.

The book is read from its OPF package (``META-INF/container.xml`` names it):
metadata from ``<dc:*>``, reading order from the spine. The spine documents
are joined into one tree, their ids and links rewritten so that a note link
to ``notes.xhtml#n3`` becomes an in-page ``#…n3``; then :mod:`reader.core.web`
finds the notes (``epub:type="noteref"``/``footnote``, ``doc-noteref``, plain
links to a notes file) exactly as it does for a web page. Nothing is fetched:
links leaving the book are left as text.

Title pages, imprints, colophons, copyright pages and lists of illustrations
(by ``epub:type`` or ``role``, else by the landmarks or the EPUB 2 guide) are
front or back matter: kept, out of the reading text. A chapter's title is its
``<hgroup>`` read as one heading; the titles of sections nested in a chapter
are lines of its text, so that the contents list the chapters.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

from lxml import etree, html

from reader.core.errors import ReaderError
from reader.core.web import OWN_CHARACTERS, Converted
from reader.core.web.dom import (
    UTF8_HTML_PARSER,
    XML_PARSER,
    Element,
    decode_html,
    epub_type,
    parse_html,
    parse_xml,
    space_breaks,
    text_of,
)
from reader.core.web.meta import iso_date
from reader.core.web.notes import mark_notes
from reader.core.web.render import SUB_HEADING, Block, blocks_of, to_markdown

OPS = "http://www.idpf.org/2007/ops"
# Font obfuscation is not DRM: the text is readable, only embedded fonts are mangled.
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_DOCUMENT_TYPES = ("application/xhtml+xml", "text/html")
_SKIPPED_PARTS = re.compile(r"\b(?:cover|toc|landmarks)\b")
# Front and back matter: kept in the text, out of the reading flow.
_MATTER = frozenset(
    ["titlepage", "halftitlepage", "imprint", "copyright-page", "colophon", "loi", "lot"]
)
_GUIDE_TYPES = {
    "title-page": "titlepage",
    "copyright-page": "copyright-page",
    "colophon": "colophon",
}
# A section nested in a chapter is a sub-section, its title a line of the
# text, unless it says it is one of these.
_STRUCTURAL = re.compile(r"\b(?:part|chapter|division|volume|book|appendix|section)\b")
_MATTER_ELEMENTS = etree.XPath(
    ".//*[self::section or self::div or self::aside or self::header or self::footer]"
    "[@data-epub-type or @role or @*[name() = 'epub:type']]"
)  # candidates only: _matter_kind decides
_MAX_MEMBER = 64 * 1024 * 1024  # one chapter this large is not a book
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_DOCUMENT = "data-reader-document"  # the section holding one spine document


def convert_epub(data: bytes, source: Path) -> Converted:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ReaderError(
            "is not a readable EPUB: the zip archive is damaged or truncated; "
            "download the book again",
            source,
        ) from None
    with book:
        reader = _Book(book, source)
        _refuse_drm(reader)
        opf_path = reader.rootfile()
        opf = parse_xml(reader.read(opf_path), source, f"package file {opf_path}")
        front = _metadata(opf)
        landmarks = reader.landmarks(opf, opf_path)
        root, chapters = _combine(reader, reader.spine(opf, opf_path), landmarks)
    before, after = _take_matter(chapters)
    for chapter in chapters:
        _mark_sub_headings(chapter)
    notes = mark_notes(root, keep_heading=True)
    blocks: list[Block] = []
    for chapter in chapters:
        if chapter.getparent() is not None:
            blocks.extend(_chapter_blocks(chapter, front.get("title")))
    words = sum(len(b.text.split()) for b in blocks if b.kind == "paragraph")
    if not words:
        raise ReaderError("this EPUB has no text in its spine (only images?)", source)
    front_matter = [b for el in before for b in blocks_of(el, int)]
    back_matter = [b for el in after for b in blocks_of(el, int)]
    body, count = to_markdown(blocks, notes, front=front_matter, back=back_matter)
    return Converted(front, body, count)


class _Book:
    def __init__(self, book: zipfile.ZipFile, source: Path) -> None:
        self.book = book
        self.source = source
        self.names = set(book.namelist())

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise ReaderError(f"this EPUB lacks {name}, which its package names", self.source)
        info = self.book.getinfo(name)
        if info.file_size > _MAX_MEMBER:
            raise ReaderError(f"{name} in this EPUB is implausibly large", self.source)
        try:
            return self.book.read(name)
        except RuntimeError:  # a password-protected zip member
            raise ReaderError(
                "this EPUB is encrypted (DRM); reader can only import DRM-free books",
                self.source,
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            raise ReaderError(
                f"is not a readable EPUB: {name} is damaged ({err}); download the book again",
                self.source,
            ) from None

    def rootfile(self) -> str:
        if "META-INF/container.xml" not in self.names:
            opfs = sorted(n for n in self.names if n.lower().endswith(".opf"))
            if len(opfs) == 1:
                return opfs[0]
            raise ReaderError(
                "is not a valid EPUB: it has no META-INF/container.xml naming its package "
                "(.opf) file",
                self.source,
            )
        container = parse_xml(self.read("META-INF/container.xml"), self.source, "container.xml")
        for rootfile in container.iter("{*}rootfile"):
            path = rootfile.get("full-path")
            media = rootfile.get("media-type") or "application/oebps-package+xml"
            if path and media == "application/oebps-package+xml":
                if path not in self.names:
                    raise ReaderError(
                        f"is not a valid EPUB: its package file {path} is missing", self.source
                    )
                return str(path)
        raise ReaderError(
            "is not a valid EPUB: META-INF/container.xml names no package (.opf) file",
            self.source,
        )

    def spine(self, opf: Any, opf_path: str) -> list[str]:
        """The spine's documents, in reading order: their paths in the zip."""
        folder = posixpath.dirname(opf_path)
        manifest: dict[str, tuple[str, str, str]] = {}
        for item in opf.iter("{*}item"):
            ident, href = item.get("id"), item.get("href")
            if ident and href:
                path = posixpath.normpath(posixpath.join(folder, unquote(href)))
                manifest[ident] = (path, item.get("media-type") or "", item.get("properties") or "")
        documents: list[str] = []
        for ref in opf.iter("{*}itemref"):
            entry = manifest.get(ref.get("idref") or "")
            if entry is None:
                continue
            path, media, properties = entry
            if media not in _DOCUMENT_TYPES or "nav" in properties.split():
                continue
            documents.append(path)
        if not documents:
            raise ReaderError("is not a readable EPUB: its spine lists no chapters", self.source)
        return documents

    def landmarks(self, opf: Any, opf_path: str) -> dict[str, str]:
        """What the book's landmarks (EPUB 3) or guide (EPUB 2) say each
        document is: {path in the zip: "titlepage"…}."""
        folder = posixpath.dirname(opf_path)
        kinds: dict[str, str] = {}
        for ref in opf.iter("{*}reference"):
            kind = _GUIDE_TYPES.get(str(ref.get("type") or "").lower())
            href = ref.get("href")
            if kind and href:
                path = posixpath.normpath(posixpath.join(folder, unquote(urldefrag(href)[0])))
                kinds[path] = kind
        for item in opf.iter("{*}item"):
            href = item.get("href")
            if not href or "nav" not in str(item.get("properties") or "").split():
                continue
            nav_path = posixpath.normpath(posixpath.join(folder, unquote(href)))
            if nav_path not in self.names:
                continue
            nav = _parse_document(self.read(nav_path), nav_path, self.source)
            nav_folder = posixpath.dirname(nav_path)
            for landmarks in nav.iter("nav"):
                if "landmarks" not in epub_type(landmarks):
                    continue
                for a in landmarks.iter("a"):
                    kind = " ".join(set(epub_type(a).split()) & _MATTER)
                    target = urldefrag(str(a.get("href") or ""))[0]
                    if kind and target:
                        path = posixpath.normpath(posixpath.join(nav_folder, unquote(target)))
                        kinds[path] = kind
        return kinds


def _refuse_drm(book: _Book) -> None:
    if "META-INF/rights.xml" in book.names:
        raise ReaderError(
            "this EPUB is locked with DRM (META-INF/rights.xml); reader can only import "
            "DRM-free books",
            book.source,
        )
    if "META-INF/encryption.xml" not in book.names:
        return
    encryption = parse_xml(book.read("META-INF/encryption.xml"), book.source, "encryption.xml")
    for method in encryption.iter("{*}EncryptionMethod"):
        if (method.get("Algorithm") or "") not in _FONT_OBFUSCATION:
            raise ReaderError(
                "this EPUB is locked with DRM (its META-INF/encryption.xml encrypts the "
                "text); reader can only import DRM-free books",
                book.source,
            )


# Who makes ebooks of works published long before: their package's date is
# the ebook's release, not the work's.
_PRODUCERS = re.compile(
    r"standard ?ebooks|gutenberg|feedbooks|wikisource|distributed proofreaders|"
    r"faded ?page|global ?grey|manybooks|mobileread",
    re.IGNORECASE,
)


def _metadata(opf: Any) -> dict[str, str]:
    def values(tag: str) -> list[str]:
        found = []
        for el in opf.iter(f"{{*}}{tag}"):
            text = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
            if text:
                found.append(text)
        return found

    front: dict[str, str] = {}
    if titles := values("title"):
        front["title"] = titles[0]
    creators = list(dict.fromkeys(values("creator")))
    if creators:
        front["author"] = (
            creators[0] if len(creators) == 1 else ", ".join(creators[:-1]) + " and " + creators[-1]
        )
    publishers = values("publisher")
    transcribed = _transcription(opf, values)
    original, package = _dates(opf)
    if original:
        front["date"] = original
    if package:
        front["ebook_date" if transcribed or original else "date"] = package
    if publishers:
        front["ebook_publisher" if transcribed else "publication"] = publishers[0]
    for value in values("source") + values("identifier"):
        if value.startswith(("http://", "https://")):
            front["source"] = value
            break
    identifiers = [v for v in values("identifier") if not v.startswith(("http://", "https://"))]
    if identifiers:
        front["identifier"] = identifiers[0]
    if languages := values("language"):
        front["language"] = languages[0]
    return front


def _transcription(opf: Any, values: Any) -> bool:
    """Whether the package says it is an ebook made from an earlier edition:
    a ``dc:source``, Standard Ebooks' ``se:`` metadata, an ebook producer as
    publisher or identifier, or a ``dc:date`` that is the package's own
    build time (``dcterms:modified``)."""
    if values("source"):
        return True
    metas = [(el.get("property") or el.get("name") or "") for el in opf.iter("{*}meta")]
    if any(m.startswith("se:") for m in metas):
        return True
    if any(_PRODUCERS.search(v) for v in values("publisher") + values("identifier")):
        return True
    modified = [
        "".join(el.itertext()).strip()
        for el in opf.iter("{*}meta")
        if el.get("property") == "dcterms:modified"
    ]
    return any("T" in d and d in modified for d in values("date"))


def _dates(opf: Any) -> tuple[str | None, str | None]:
    """The work's own date when the package states it (an EPUB 2
    ``<dc:date opf:event="original-publication">``), and the package's."""
    original = package = None
    for el in opf.iter("{*}date"):
        found = iso_date("".join(el.itertext()).strip())
        event = next((v for k, v in el.attrib.items() if k.rpartition("}")[2] == "event"), "")
        if not found:
            continue
        if event.lower().replace("_", "-") in ("original-publication", "first-publication"):
            original = original or found
        elif event.lower() not in ("modification", "conversion"):
            package = package or found
    return original, package


def _parse_document(data: bytes, path: str, source: Path) -> Element:
    """An XHTML chapter as a tree with plain tag names. Well-formed XHTML is
    read as XML, so that ``epub:type`` is recognised by its namespace whatever
    prefix the book binds to it (``ops:type``…; kept as ``data-epub-type``);
    tag soup falls back to the HTML parser."""
    try:
        tree = etree.fromstring(data, parser=XML_PARSER)
    except etree.XMLSyntaxError:
        return parse_html(decode_html(data), f"{source} ({path})")
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag[0] == "{":
            el.tag = tag.partition("}")[2]
        for name in el.keys():  # noqa: SIM118 - lxml elements have no __iter__ over names
            if name[0] == "{":
                namespace, _, local = name[1:].partition("}")
                value = el.attrib.pop(name)
                el.set(("data-epub-" if namespace == OPS else "") + local, value)
    etree.cleanup_namespaces(tree)
    return tree


def _combine(
    book: _Book, documents: list[str], landmarks: dict[str, str]
) -> tuple[Element, list[Element]]:
    """One tree for the whole book, a ``<section>`` per spine document, with ids
    prefixed per document and links between documents made in-page. Each
    document is read, written out as HTML and let go; the book is read back in
    one go (cheaper, and lighter, than moving every chapter from tree to tree)."""
    index = {path: i for i, path in enumerate(documents)}
    markup = [b'<html><head><meta charset="utf-8"></head><body>']
    for i, path in enumerate(documents):
        doc = _parse_document(book.read(path), path, book.source)
        folder = posixpath.dirname(path)
        for el in doc.iter():
            if el.get("id") is None and el.get("name") is None and el.get("href") is None:
                continue
            for name in ("id", "name"):
                if el.get(name):
                    el.set(name, f"d{i}-{el.get(name)}")
            href = el.get("href")
            if href and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
                target, fragment = urldefrag(href)
                j = (
                    i
                    if not target
                    else index.get(posixpath.normpath(posixpath.join(folder, unquote(target))))
                )
                if j is not None and fragment:
                    el.set("href", f"#d{j}-{fragment}")
        doc_body = doc.find(".//body") if doc.tag != "body" else doc
        kind = f"{_part_kind(doc_body)} {landmarks.get(path, '')}" if doc_body is not None else ""
        markup.append(f'<section {_DOCUMENT}="{i}" data-part="{escape(kind)}">'.encode())
        if doc_body is not None:
            markup.append(escape(doc_body.text or "").encode())
            markup.extend(
                etree.tostring(child, method="html", encoding="utf-8") for child in doc_body
            )
        markup.append(b"</section>")
    markup.append(b"</body></html>")
    whole = b"".join(markup)
    del markup
    for own in OWN_CHARACTERS:  # never a page's text passing for a note reference
        whole = whole.replace(chr(own).encode(), b"")
    root = space_breaks(html.document_fromstring(whole, parser=UTF8_HTML_PARSER))
    chapters = [el for el in root.iter("section") if el.get(_DOCUMENT) is not None]
    return root, chapters


def _part_kind(body: Element) -> str:
    """What a spine document says it is (``epub:type``/``role`` of its body or
    first section): "cover", "toc", "chapter"…"""
    marked = [body, *list(body.iter("section"))[:1]]
    return " ".join(f"{epub_type(el)} {el.get('role') or ''}" for el in marked)


def _matter_kind(el: Element) -> str:
    """ "titlepage", "colophon"… when ``el`` is front or back matter, else ""."""
    names = f"{epub_type(el)} {el.get('role') or ''} {el.get('data-part') or ''}"
    found = set(names.replace("doc-", "").split()) & _MATTER
    return min(found) if found else ""


def _take_matter(chapters: list[Element]) -> tuple[list[Element], list[Element]]:
    """Take title pages, imprints, colophons and copyright pages out of the
    book: (front matter, back matter). A colophon is back matter; a copyright
    page too once the text has begun; the rest is front matter."""
    front: list[Element] = []
    back: list[Element] = []
    begun = False
    for chapter in chapters:
        if _matter_kind(chapter):
            found = [chapter]
        else:
            marked = [el for el in _MATTER_ELEMENTS(chapter) if _matter_kind(el)]
            inside = set(marked)
            found = [el for el in marked if not any(a in inside for a in el.iterancestors())]
        for el in found:
            kind = _matter_kind(el)
            late = kind == "colophon" or (begun and kind == "copyright-page")
            (back if late else front).append(el)
            if el.getparent() is not None:
                el.getparent().remove(el)
        if chapter.getparent() is not None and not _SKIPPED_PARTS.search(
            str(chapter.get("data-part") or "")
        ):
            begun = begun or bool(chapter.text_content().strip())
    return front, back


def _mark_sub_headings(chapter: Element) -> None:
    """The titles of sections nested in a chapter, and not themselves chapters
    or parts, are lines of the text: the contents list the chapters."""
    for section in chapter.iter("section"):
        if section is chapter:
            continue
        depth = sum(1 for a in section.iterancestors("section") if a is not chapter)
        if depth < 1 or _STRUCTURAL.search(epub_type(section).replace("subchapter", "")):
            continue
        for heading in section.iter(*_HEADINGS):
            owner = next(heading.iterancestors("section"), None)
            if owner is section:
                heading.set(SUB_HEADING, "1")


def _chapter_blocks(section: Element, book_title: str | None) -> list[Block]:
    if _SKIPPED_PARTS.search(str(section.get("data-part") or "").replace("doc-", "")):
        return []
    levels = [int(h.tag[1]) for h in section.iter(*_HEADINGS) if text_of(h)]
    top = min(levels, default=1)
    blocks = blocks_of(section, lambda level: min(6, 2 + max(0, level - top)))
    if not any(b.kind == "paragraph" or b.notes for b in blocks):
        return []  # a cover, a contents page, a notes file now emptied
    if (
        book_title
        and blocks[0].kind == "heading"
        and blocks[0].text.casefold() == book_title.casefold()
        and len(blocks) > 1
        and blocks[1].kind == "heading"
    ):
        blocks = blocks[1:]
    return blocks
