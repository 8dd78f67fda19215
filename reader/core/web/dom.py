"""Bytes to an lxml tree, and the few tree helpers the converters share.

Parsing never touches the network: lxml's HTML parser is built with
``no_network=True`` and the XML parser (EPUB package files) also refuses
DTDs and entity expansion.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree, html

from reader.core.errors import ReaderError
from reader.core.web import OWN_CHARACTERS

Element = Any  # lxml.html.HtmlElement; lxml ships no type information

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)

HTML_PARSER = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
UTF8_HTML_PARSER = html.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
)
XML_PARSER = etree.XMLParser(
    no_network=True, resolve_entities=False, load_dtd=False, remove_comments=True, huge_tree=False
)


def decode_html(data: bytes) -> str:
    """The page's characters: BOM, then a declared charset, then UTF-8, then
    Windows-1252 (what browsers assume for old pages that declare nothing)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    head = data[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            name = "cp1252"  # what browsers do, and what such pages mean
        try:
            return data.decode(name, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def parse_html(text: str, source: str | Path) -> Element:
    """A whole HTML (or XHTML) document as an lxml tree."""
    text = _XML_DECL.sub("", text, count=1).translate(OWN_CHARACTERS)
    if not text.strip():
        raise ReaderError("the page is empty; save it again from the browser", source)
    try:
        return space_breaks(html.document_fromstring(text, parser=HTML_PARSER))
    except (etree.ParserError, ValueError) as err:
        raise ReaderError(f"cannot read this page as HTML ({err})", source) from None


def space_breaks(root: Element) -> Element:
    """A space after each ``<br>``, so that an element's text keeps "THE
    WEAVERS'<br>COUNCILS" two words (the Markdown writer breaks lines itself)."""
    for br in root.iter("br"):
        if not (br.tail or "")[:1].isspace():
            br.tail = " " + (br.tail or "")
    return root


def parse_xml(data: bytes, source: str | Path, what: str) -> Any:
    try:
        return etree.fromstring(data, parser=XML_PARSER)
    except etree.XMLSyntaxError as err:
        raise ReaderError(f"its {what} is not well-formed XML ({err})", source) from None


def text_of(el: Element) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(el.text_content().split())


def epub_type(el: Element) -> str:
    """``epub:type`` as the HTML parser keeps it, or as the EPUB reader renamed it."""
    return str(el.get("epub:type") or el.get("data-epub-type") or "")


def classes(el: Element) -> str:
    """Class, id, role and epub:type of an element, lower-cased, for tests on them."""
    names = " ".join(str(el.get(name) or "") for name in ("class", "id", "role"))
    return f"{names} {epub_type(el)}".lower()


def drop(el: Element) -> None:
    """Remove ``el`` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def replace_with_text(el: Element, text: str) -> None:
    """Put ``text`` where ``el`` stood (its tail kept after it)."""
    el.tail = text + (el.tail or "")
    drop(el)
