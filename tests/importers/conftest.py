"""Fixtures for the web page and EPUB importers: pages on disk, books built here."""

from __future__ import annotations

import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="{opf}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title></head>
<body{body_attrs}>
{body}
</body>
</html>
"""

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:isbn:9780000000002</dc:identifier>
    <dc:title>The Councils in Three Cities</dc:title>
    <dc:creator>Ruth Adler</dc:creator>
    <dc:creator>Tomás Ferreira</dc:creator>
    <dc:date>2014-03-01T00:00:00Z</dc:date>
    <dc:publisher>Small Press Collective</dc:publisher>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
{manifest}
  </manifest>
  <spine>
{spine}
  </spine>
{guide}
</package>
"""

COVER = '<section epub:type="cover"><img src="cover.jpg" alt="Cover"/></section>'

NAV = """<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>
<li><a href="ch1.xhtml">Chapter One: Berlin</a></li>
<li><a href="ch2.xhtml">Chapter Two: Munich</a></li></ol></nav>"""

CHAPTER_1 = """<section epub:type="chapter" role="doc-chapter">
<h1>Chapter One: Berlin</h1>
<p>The councils of Berlin met for the first time in the Busch circus, a fact that their
enemies never tired of repeating and that their friends preferred to forget.<a
epub:type="noteref" href="#fn1" id="r1">1</a></p>
<aside epub:type="footnote" id="fn1"><p>Müller, <i>Vom Kaiserreich zur Republik</i>,
vol. 2, p. 14.</p></aside>
<h2>The executive council</h2>
<p>Its executive council was elected by the delegates of the factories and the
garrison, in equal numbers, which gave the soldiers a weight out of all proportion
to their part in the revolution.<a epub:type="noteref" href="#fn2" id="r2">2</a></p>
<aside epub:type="footnote" id="fn2"><p>Ibid., p. 31.</p></aside>
<p>Everything that followed turned on that first arithmetic &amp; on who had done it.</p>
</section>"""

CHAPTER_2 = """<section epub:type="chapter" role="doc-chapter">
<h1>Chapter Two: Munich</h1>
<p>In Munich the councils outlived their founder by a few weeks only.<a
role="doc-noteref" href="notes.xhtml#en1" id="c2r1"><sup>1</sup></a> The <a id="x"/>
government they formed had no money, no army and no friends beyond the city.<a
role="doc-noteref" href="notes.xhtml#en2" id="c2r2"><sup>2</sup></a></p>
<p>Its end was swift, and its memory was put to uses its members would not have
recognised.<a role="doc-noteref" href="notes.xhtml#en3" id="c2r3"><sup>3</sup></a></p>
</section>"""

NOTES = """<section epub:type="endnotes" role="doc-endnotes">
<h1>Notes</h1>
<ol>
<li id="en1" role="doc-endnote"><p>Mitchell, <i>Revolution in Bavaria</i>, p. 304.
<a href="ch2.xhtml#c2r1" role="doc-backlink">↩</a></p></li>
<li id="en2" role="doc-endnote"><p>Ibid., p. 310. <a href="ch2.xhtml#c2r2"
role="doc-backlink">↩</a></p></li>
<li id="en3" role="doc-endnote"><p>Müller, op. cit., p. 90. <a href="ch2.xhtml#c2r3"
role="doc-backlink">↩</a></p></li>
</ol>
</section>"""


def build_epub(
    path: Path,
    *,
    chapters: list[tuple[str, str]] | None = None,
    opf_path: str = "OEBPS/content.opf",
    container: bool = True,
    extra: dict[str, str] | None = None,
    guide: str = "",
) -> Path:
    """Write an EPUB to ``path``: ``chapters`` are (file name, body markup)."""
    if chapters is None:
        chapters = [
            ("cover.xhtml", COVER),
            ("nav.xhtml", NAV),
            ("ch1.xhtml", CHAPTER_1),
            ("ch2.xhtml", CHAPTER_2),
            ("notes.xhtml", NOTES),
        ]
    folder = opf_path.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    manifest, spine = [], []
    for i, (name, _) in enumerate(chapters):
        properties = ' properties="nav"' if name == "nav.xhtml" else ""
        manifest.append(
            f'    <item id="i{i}" href="{name}" media-type="application/xhtml+xml"{properties}/>'
        )
        linear = ' linear="no"' if name == "notes.xhtml" else ""
        spine.append(f'    <itemref idref="i{i}"{linear}/>')
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if container:
            book.writestr("META-INF/container.xml", CONTAINER.format(opf=opf_path))
        book.writestr(
            opf_path, OPF.format(manifest="\n".join(manifest), spine="\n".join(spine), guide=guide)
        )
        for name, body in chapters:
            attrs = ' epub:type="cover"' if name == "cover.xhtml" else ""
            page = XHTML.format(title=name, body=body, body_attrs=attrs)
            book.writestr(prefix + name, page, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to open a socket or resolve a name fails, and is recorded."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("network access attempted during import")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
