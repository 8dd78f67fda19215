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
    data = b"Title\n\nCaf" + b"\xe9 au lait, and a real sentence here." + b"\n"
    a = parse_text(data)
    assert "Café au lait" in a.paragraphs[0].text
    assert [d.line for d in a.diagnostics if d.severity == "warning"] == [3]


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
