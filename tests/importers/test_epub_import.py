"""`reader import book.epub`: one text per book, a ``##`` heading per chapter,
EPUB footnotes and endnotes as our notes, metadata from the OPF."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.parse import parse_file

from .conftest import CHAPTER_1, CHAPTER_2, NOTES, build_epub


def run_import(tmp_path: Path, book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--library", str(tmp_path / "lib"), "import", str(book)])
    out, err = capsys.readouterr()
    return code, out + err


def stored_texts(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "lib" / "texts").glob("*.md"))


def test_a_book_becomes_one_text_with_chapters_and_resolved_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = build_epub(tmp_path / "councils.epub")
    code, out = run_import(tmp_path, book, capsys)
    assert code == 0, out
    [stored] = stored_texts(tmp_path)
    assert stored.name == "the-councils-in-three-cities.md"
    article = parse_file(stored)

    assert [(h.text, h.level) for h in article.headings] == [
        ("Chapter One: Berlin", 2),
        ("The executive council", 3),
        ("Chapter Two: Munich", 2),
        ("Notes", 2),  # the book's notes section: its notes are written under it
    ]
    # Both chapters number their notes from 1: labels stay as printed, and each
    # chapter's definitions come before the next chapter, where its markers find them.
    assert [r.label for p in article.paragraphs for r in p.refs] == ["1", "2", "1", "2", "3"]
    body = stored.read_text(encoding="utf-8")
    one, two = body.split("## Chapter Two: Munich")
    assert "[^1]: Müller, Vom Kaiserreich zur Republik, vol. 2, p. 14." in one
    assert "[^2]: Ibid., p. 31." in one  # an aside footnote
    assert "[^1]: Mitchell, Revolution in Bavaria, p. 304." in two
    assert "[^2]: Ibid., p. 310." in two  # an endnote in notes.xhtml
    assert "[^3]: Müller, op. cit., p. 90." in two
    assert sum(line.startswith("[^") for line in body.splitlines()) == 5
    # and each marker leads to its own chapter's note
    cited = [r.note for p in article.paragraphs for r in p.refs]
    texts = [article.notes[i].text if i is not None else None for i in cited]
    assert texts == [
        "Müller, Vom Kaiserreich zur Republik, vol. 2, p. 14.",
        "Ibid., p. 31.",
        "Mitchell, Revolution in Bavaria, p. 304.",
        "Ibid., p. 310.",
        "Müller, op. cit., p. 90.",
    ]
    assert [n.kind for n in article.notes] == ["citation", "ibid", "citation", "ibid", "op-cit"]
    assert not article.missing_notes and not article.unreferenced_notes

    text = article.plain_text
    assert "Contents" not in text and "Cover" not in text  # nav and cover left out
    assert "arithmetic & on who" in text
    # an empty XHTML anchor inside a sentence leaves the sentence whole
    assert "The government they formed had no money" in text


def test_metadata_comes_from_the_opf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = build_epub(tmp_path / "councils.epub")
    assert run_import(tmp_path, book, capsys)[0] == 0
    [stored] = stored_texts(tmp_path)
    front = tomllib.loads(stored.read_text(encoding="utf-8").split("+++")[1])
    assert front["title"] == "The Councils in Three Cities"
    assert front["author"] == "Ruth Adler and Tomás Ferreira"
    assert front["date"] == "2014-03-01"
    assert front["publication"] == "Small Press Collective"
    assert front["identifier"] == "urn:isbn:9780000000002"
    assert front["original"] == ".originals/the-councils-in-three-cities.epub"
    assert (stored.parent / str(front["original"])).read_bytes() == book.read_bytes()
    meta = parse_file(stored).meta
    assert (meta.title, meta.author, meta.date) == (
        "The Councils in Three Cities",
        "Ruth Adler and Tomás Ferreira",
        "2014-03-01",
    )


def test_reimporting_the_same_book_is_refused_politely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = build_epub(tmp_path / "councils.epub")
    assert run_import(tmp_path, book, capsys)[0] == 0
    code, out = run_import(tmp_path, book, capsys)
    assert code == 1  # nothing imported
    assert "already in the library" in out
    assert len(stored_texts(tmp_path)) == 1


def test_a_package_in_the_zip_root_and_an_epub2_style_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No epub:type at all: plain links to a notes file, headings in <h2>."""
    chapter = (
        "<h2>The programme</h2><p>The programme was adopted without debate, which "
        'surprised everyone who had read it.<a href="notes.html#n1" id="b1">[1]</a></p>'
    )
    notes = '<h2>Notes</h2><p id="n1"><a href="chapter.html#b1">[1]</a> Minutes, p. 3.</p>'
    book = build_epub(
        tmp_path / "plain.epub",
        chapters=[("chapter.html", chapter), ("notes.html", notes)],
        opf_path="content.opf",
    )
    assert run_import(tmp_path, book, capsys)[0] == 0
    article = parse_file(stored_texts(tmp_path)[0])
    assert [(n.label, n.text) for n in article.notes] == [("1", "Minutes, p. 3.")]
    assert [h.text for h in article.headings] == ["The programme", "Notes"]


def test_epub_type_is_known_by_its_namespace_whatever_the_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapter = (
        '<div xmlns:ops="http://www.idpf.org/2007/ops"><h1>One</h1><p>The delegates '
        "argued until morning and then voted as they had always meant to."
        '<a ops:type="noteref" href="#q">(note)</a></p>'
        '<aside ops:type="footnote" id="q"><p>Report of the session.</p></aside></div>'
    )
    book = build_epub(tmp_path / "ops.epub", chapters=[("ch.xhtml", chapter)])
    assert run_import(tmp_path, book, capsys)[0] == 0
    article = parse_file(stored_texts(tmp_path)[0])
    # "(note)" is no label: only the namespaced noteref says this link is a note
    assert [(n.label, n.text) for n in article.notes] == [("1", "Report of the session.")]
    assert "Report of the session" not in article.plain_text


def test_external_entities_in_the_package_are_never_resolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    book = build_epub(tmp_path / "whole.epub")
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".opf"):
                doctype = f'<!DOCTYPE package [<!ENTITY e SYSTEM "file://{secret}">]>\n'
                data = data.replace(b"<package ", doctype.encode() + b"<package ")
                data = data.replace(b"<dc:title>The Councils", b"<dc:title>&e;The Councils")
            target.writestr(item, data)
    assert run_import(tmp_path, path, capsys)[0] == 0
    [stored] = stored_texts(tmp_path)
    assert "TOP-SECRET-CONTENT" not in stored.read_text(encoding="utf-8")


def test_font_obfuscation_is_not_drm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/font.otf"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    book = build_epub(tmp_path / "fonts.epub", extra={"META-INF/encryption.xml": encryption})
    assert run_import(tmp_path, book, capsys)[0] == 0


def _truncated(tmp_path: Path) -> Path:
    book = build_epub(tmp_path / "whole.epub")
    data = book.read_bytes()
    cut = tmp_path / "book.epub"
    cut.write_bytes(data[: len(data) // 2])
    return cut


def _no_container_no_opf(tmp_path: Path) -> Path:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("OEBPS/ch1.xhtml", "<html><body><p>Text.</p></body></html>")
    return path


def _container_names_a_missing_opf(tmp_path: Path) -> Path:
    book = build_epub(tmp_path / "whole.epub", opf_path="OEBPS/content.opf")
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != "OEBPS/content.opf":
                target.writestr(item, source.read(item))
    return path


def _drm(tmp_path: Path) -> Path:
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    return build_epub(tmp_path / "book.epub", extra={"META-INF/encryption.xml": encryption})


def _adobe_rights(tmp_path: Path) -> Path:
    return build_epub(tmp_path / "book.epub", extra={"META-INF/rights.xml": "<rights/>"})


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "book.epub"
    path.write_text("This is a plain text file someone named .epub.\n", encoding="utf-8")
    return path


def _broken_opf(tmp_path: Path) -> Path:
    book = build_epub(tmp_path / "whole.epub")
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".opf"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return path


def _images_only(tmp_path: Path) -> Path:
    return build_epub(
        tmp_path / "book.epub",
        chapters=[("ch1.xhtml", '<p><img src="page1.png" alt=""/></p>')],
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_truncated, "damaged or truncated"),
        (_not_a_zip, "damaged or truncated"),
        (_no_container_no_opf, "no META-INF/container.xml"),
        (_container_names_a_missing_opf, "package file OEBPS/content.opf is missing"),
        (_broken_opf, "not well-formed XML"),
        (_drm, "locked with DRM"),
        (_adobe_rights, "locked with DRM"),
        (_images_only, "no text"),
    ],
)
def test_broken_and_locked_books_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    assert callable(make)
    book = make(tmp_path)
    code, out = run_import(tmp_path, book, capsys)
    assert code == 2
    assert out.strip().count("\n") == 0, out
    assert str(book) in out and message in out
    assert stored_texts(tmp_path) == []


def test_epub_import_never_touches_the_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[str]
) -> None:
    book = build_epub(tmp_path / "councils.epub")
    assert run_import(tmp_path, book, capsys)[0] == 0
    assert no_network == []


def test_fixture_chapters_use_the_markup_they_claim() -> None:
    """Guard for the tests above: the book really carries both note vocabularies."""
    assert 'epub:type="noteref"' in CHAPTER_1 and 'epub:type="footnote"' in CHAPTER_1
    assert 'role="doc-noteref"' in CHAPTER_2 and 'role="doc-endnote"' in NOTES
