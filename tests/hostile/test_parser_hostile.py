"""Hostile and absurd input to the parser and importer: only ReaderError escapes,
cleaning is idempotent, offsets round-trip, binary files are refused, and
pathological shapes parse (their full-size timings are in tests/bench/bench_hostile.py)."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.clean import clean
from reader.core.errors import ReaderError
from reader.core.importer import import_file
from reader.core.library import Library
from reader.core.parse import parse_file, parse_text

HOSTILE = [
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x00",
    "\x7f",
    "\u202e",
    "\x1bP1;2|x\x1b\\",
    "[sic]",
    "[bold]",
    "[/",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "[1]",
    "¹",
    "\n\n",
    "\r",
    "+++",
    "Notes\n",
    "[2] Ibid.\n",
    "\ufeff",
    "\ud800",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), max_size=40))
def test_hostile_text_never_raises_anything_but_reader_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        article = parse_text(text)
    except ReaderError:
        return
    for p in article.paragraphs:
        assert not any(c in p.text for c in "\x1b\x9b\x00\x7f\u202e")
        assert article.plain_text[p.start : p.end] == p.text
    for n in article.notes:
        assert "\x1b" not in n.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab[]\x1b\x9b\x07\\;P]^_X\x00\x85\u202e\r\n"))))
def test_cleaning_is_idempotent(text: str) -> None:
    once, _, _ = clean(text)
    twice, removed, _ = clean(once)
    assert twice == once and removed == 0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(ReaderError):
        parse_text(data)


def test_lone_surrogates_in_text_do_not_crash() -> None:
    article = parse_text("A paragraph with a lone \ud800 surrogate in it, long enough.")
    assert article.paragraphs


@pytest.mark.parametrize(
    "source",
    [
        "word " * 200_000,  # a 1 MB single line
        "[" * 10_000,
        "a [" * 10_000,
        "(" * 100_000,
        "a¹" * 50_000,
        "\x1b]" * 50_000,
        "".join(f"w[{i % 900 + 1}] " for i in range(20_000)),
        "Heading\n" * 20_000,
    ],
    ids=[
        "1MB-line",
        "brackets",
        "open-brackets",
        "parens",
        "superscripts",
        "osc",
        "markers",
        "short-lines",
    ],
)
def test_pathological_shapes_parse(source: str) -> None:
    article = parse_text(source)
    assert article.plain_text.count("\x1b") == 0
    for p in article.paragraphs:
        for r in p.refs:
            assert r.label in p.text[r.start : r.end].translate(
                str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
            )


def _zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x.txt", "hello")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "what"),
    [
        ("scan.txt", lambda tmp: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "a PDF"),
        ("photo.md", lambda tmp: b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        ("book.txt", _zip_bytes, "a zip archive"),
        ("blob.txt", lambda tmp: bytes(range(256)) * 4, "a binary file"),
    ],
)
def test_binary_files_are_refused_with_one_clear_line(
    tmp_path: Path, name: str, make: object, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make(tmp_path))  # type: ignore[operator]
    with pytest.raises(ReaderError) as err:
        parse_file(path)
    assert what in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)
    library = Library(tmp_path / "lib")
    with pytest.raises(ReaderError):
        import_file(library, path)
    assert not (tmp_path / "lib" / "texts").exists() or not any(
        (tmp_path / "lib" / "texts").iterdir()
    )


@pytest.mark.parametrize(
    "title",
    ["../../x", "/etc/passwd", "a\x00b", "x" * 5000, "con", "NUL", "..", ".", "~", "\u202e.txt"],
)
def test_import_names_never_escape_texts(tmp_path: Path, title: str) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Some title\n\nA paragraph that is long enough to be a paragraph.\n")
    library = Library(tmp_path / "lib")
    result = import_file(library, source, title=title)
    assert result.path.parent == library.texts_dir
    assert len(result.path.name) <= 100
    assert result.path.stem not in {"con", "nul", "", ".", ".."}


def test_symlinked_texts_are_read_but_never_written_through(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.txt"
    real.write_text("Linked title\n\nA paragraph that is long enough to be a paragraph.\n")
    library = Library(tmp_path / "lib")
    library.texts_dir.mkdir(parents=True)
    link = library.texts_dir / "linked.txt"
    link.symlink_to(real)
    assert parse_file(link).meta.title == "Linked title"
    from reader.core.atomic import atomic_write

    with pytest.raises(ReaderError):
        atomic_write(link, "overwritten")
    assert real.read_text().startswith("Linked title")
    # importing the same content again is recognised through the link
    assert import_file(library, real).duplicate_of == link
