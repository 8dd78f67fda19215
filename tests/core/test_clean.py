"""Decoding and control stripping: bytes as users have them, never a crash."""

from __future__ import annotations

from reader.core.clean import clean, sniff_binary
from reader.core.parse import parse_text

BODY = "Title line\n\nA paragraph that is long enough to count as a real paragraph here.\n"


def test_crlf_cr_and_bom_give_the_same_tree() -> None:
    base = parse_text(BODY.encode())
    for variant in (
        BODY.replace("\n", "\r\n").encode(),
        BODY.replace("\n", "\r").encode(),
        b"\xef\xbb\xbf" + BODY.encode(),
        BODY.encode("utf-16"),
    ):
        a = parse_text(variant)
        assert a.meta.title == base.meta.title
        assert [p.text for p in a.paragraphs] == [p.text for p in base.paragraphs]


def test_invalid_utf8_falls_back_with_a_warning_naming_the_line() -> None:
    # UTF-8 ("naïve") with one stray Windows-1252 byte: damage, said as a warning
    data = "Title\n\nA naïve start.\n\nCaf".encode() + b"\xe9 au lait, and a sentence." + b"\n"
    a = parse_text(data)
    assert "Café au lait" in a.paragraphs[1].text
    assert [d.line for d in a.diagnostics if d.severity == "warning"] == [5]


def test_a_latin1_or_cp1252_file_is_read_whole_in_its_encoding() -> None:
    # no UTF-8 anywhere: a one-byte file, read as such (an info line, not a warning)
    data = "Title\n\nCafé au lait in Böhme’s words — £5.\n".encode("cp1252")
    a = parse_text(data)
    assert a.paragraphs[0].text == "Café au lait in Böhme’s words — £5."
    assert not [d for d in a.diagnostics if d.severity == "warning"]
    assert any("one-byte encoding" in d.message for d in a.diagnostics)
    latin1 = "Title\n\nBöhme paid £5 for the Zünfte.\n".encode("latin-1")
    assert parse_text(latin1).paragraphs[0].text == "Böhme paid £5 for the Zünfte."


def test_controls_and_escape_sequences_are_stripped_and_counted() -> None:
    hostile = (
        "Safe\x1b[2J text\x1b]52;c;ZXZpbA==\x07 with\x9b31m C1, NUL\x00 DEL\x7f "
        "and \u202eoverride\u202c, tab\tkept."
    )
    text, removed, diagnostics = clean(hostile)
    assert text == "Safe text with C1, NUL DEL and override, tab\tkept."
    assert removed == 7
    assert diagnostics and diagnostics[0].severity == "info"
    assert parse_text(hostile).stripped_controls == 7


def test_markup_like_text_is_kept_literally() -> None:
    text = "[bold]x[/bold] and [@click=app.quit]y[/] and [link=file:///etc/passwd]z[/link] [sic]."
    a = parse_text(text)
    assert a.paragraphs[0].text == text
    assert a.paragraphs[0].refs == ()


def test_binary_files_are_recognised() -> None:
    assert sniff_binary(b"%PDF-1.7\n") == "a PDF"
    assert sniff_binary(b"\x89PNG\r\n\x1a\n") == "a PNG image"
    assert sniff_binary(b"PK\x03\x04rest") is not None
    assert sniff_binary(b"abc\x00def") == "a binary file"
    assert sniff_binary(b"plain words") is None
