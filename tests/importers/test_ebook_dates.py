"""An ebook made from an old edition carries its own release date: that date is
the ebook's, never the work's (Mutual Aid is not from 2021)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from reader.core.epub_import import convert_epub
from reader.core.parse import parse_text
from reader.core.web.page import convert_html
from tests.conftest import SHARED

from .conftest import build_epub

# Our own package metadata, in the shapes ebook producers write it.
PRODUCED = {
    "a transcription (dc:source)": """
    <dc:identifier id="uid">urn:uuid:0b7c1e52-0000-4000-8000-000000000001</dc:identifier>
    <dc:title>On Mutual Credit</dc:title>
    <dc:creator>Ada Lindqvist</dc:creator>
    <dc:date>2020-05-02T10:11:12Z</dc:date>
    <dc:publisher>Volunteer Press</dc:publisher>
    <dc:source>https://example.org/scans/mutual-credit-1899</dc:source>""",
    "Standard Ebooks' se: metadata": """
    <dc:identifier id="uid">urn:uuid:0b7c1e52-0000-4000-8000-000000000002</dc:identifier>
    <dc:title>On Mutual Credit</dc:title>
    <dc:creator>Ada Lindqvist</dc:creator>
    <dc:date>2020-05-02</dc:date>
    <dc:publisher>A Typesetting Guild</dc:publisher>
    <meta property="se:word-count">1200</meta>""",
    "an ebook producer as publisher": """
    <dc:identifier id="uid">urn:uuid:0b7c1e52-0000-4000-8000-000000000003</dc:identifier>
    <dc:title>On Mutual Credit</dc:title>
    <dc:creator>Ada Lindqvist</dc:creator>
    <dc:date>2020-05-02</dc:date>
    <dc:publisher>Project Gutenberg</dc:publisher>""",
    "a dc:date that is the package's build time": """
    <dc:identifier id="uid">urn:uuid:0b7c1e52-0000-4000-8000-000000000004</dc:identifier>
    <dc:title>On Mutual Credit</dc:title>
    <dc:creator>Ada Lindqvist</dc:creator>
    <dc:date>2020-05-02T10:11:12Z</dc:date>
    <meta property="dcterms:modified">2020-05-02T10:11:12Z</meta>
    <dc:publisher>Volunteer Press</dc:publisher>""",
}


def with_metadata(path: Path, metadata: str) -> Path:
    """The test book, its OPF metadata replaced by ``metadata``."""
    built = build_epub(path.with_suffix(".built.epub"))
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".opf"):
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<metadata[^>]*>).*?(</metadata>)",
                    lambda m: m.group(1) + metadata + "\n  " + m.group(2),
                    text,
                    flags=re.S,
                )
                data = text.encode("utf-8")
            out.writestr(info, data)
    return path


@pytest.mark.parametrize("shape", list(PRODUCED))
def test_an_ebook_producers_date_is_the_ebooks_not_the_works(shape: str, tmp_path: Path) -> None:
    book = with_metadata(tmp_path / "credit.epub", PRODUCED[shape])
    front = convert_epub(book.read_bytes(), book).front
    assert "date" not in front
    assert front["ebook_date"] == "2020-05-02"
    assert "publication" not in front  # who made the ebook did not first publish the work
    assert front["ebook_publisher"] in (
        "Volunteer Press",
        "A Typesetting Guild",
        "Project Gutenberg",
    )
    assert front["title"] == "On Mutual Credit"


def test_the_works_own_date_is_kept_when_the_package_states_it(tmp_path: Path) -> None:
    metadata = """
    <dc:identifier id="uid">urn:uuid:0b7c1e52-0000-4000-8000-000000000005</dc:identifier>
    <dc:title>On Mutual Credit</dc:title>
    <dc:creator>Ada Lindqvist</dc:creator>
    <dc:date xmlns:opf="http://www.idpf.org/2007/opf"
             opf:event="original-publication">1899</dc:date>
    <dc:date xmlns:opf="http://www.idpf.org/2007/opf"
             opf:event="publication">2020-05-02</dc:date>
    <dc:source>https://example.org/scans/mutual-credit-1899</dc:source>"""
    book = with_metadata(tmp_path / "credit.epub", metadata)
    converted = convert_epub(book.read_bytes(), book)
    assert converted.front["date"] == "1899"
    assert converted.front["ebook_date"] == "2020-05-02"
    text = "+++\n" + "".join(f'{k} = "{v}"\n' for k, v in converted.front.items()) + "+++\n"
    meta = parse_text(text + converted.body, text_id="credit", fmt="md").meta
    assert meta.date == "1899"


def test_a_publishers_own_ebook_keeps_its_date(tmp_path: Path) -> None:
    book = build_epub(tmp_path / "councils.epub")  # a press's book: no sign of a transcription
    front = convert_epub(book.read_bytes(), book).front
    assert front["date"] == "2014-03-01" and front["publication"] == "Small Press Collective"
    assert "ebook_date" not in front


GUTENBERG_PAGE = """<html><head><title>The Project Gutenberg eBook of Ledgers</title>
<meta name="dc.date" content="2011-05-06"></head><body>
<pre>The Project Gutenberg eBook of Ledgers, by Ida Brandt

Title: Ledgers

Author: Ida Brandt

Release Date: May 6, 2011 [EBook #99999]

*** START OF THE PROJECT GUTENBERG EBOOK LEDGERS ***
</pre>
<h2>CHAPTER I.</h2>
<p>The ledgers of the cooperative were kept in a tin box under the counter, and every
member could ask to see them on a Saturday afternoon, which almost nobody ever did, though
everybody said it was the reason they trusted the committee with their savings.</p>
<p>*** END OF THE PROJECT GUTENBERG EBOOK LEDGERS ***</p>
</body></html>"""


def test_a_gutenberg_pages_dates_are_the_ebooks() -> None:
    front = convert_html(GUTENBERG_PAGE.encode("utf-8"), Path("ledgers.html")).front
    assert front["title"] == "Ledgers" and front["author"] == "Ida Brandt"
    assert "date" not in front
    assert front["ebook_date"] == "2011-05-06"


@pytest.mark.parametrize(
    ("name", "released"),
    [
        ("kropotkin-mutual-aid.epub", "2021-08-27"),
        ("marx-engels-communist-manifesto.epub", "2017-10-19"),
    ],
)
def test_standard_ebooks_books_have_no_2017_or_2021_date(name: str, released: str) -> None:
    path = SHARED / "realworld-dev" / "texts" / name
    if not path.is_file():
        pytest.skip(f"../shared/realworld-dev/texts/{name} is not here")
    front = convert_epub(path.read_bytes(), path).front
    assert "date" not in front and front["ebook_date"] == released
    assert front["ebook_publisher"] == "Standard Ebooks" and "publication" not in front
