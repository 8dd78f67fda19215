"""Words that reach reader by other roads than the parser's cleaning: front
matter escapes, glossary files and forms, file names. Each is made harmless (or
refused) in the core, so every view inherits it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from reader.core.clean import terminal_safe
from reader.core.errors import ReaderError
from reader.core.glossary.load import (
    MAX_NAME,
    append_user_entry,
    new_entry,
    read_glossary_file,
)
from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.parse import parse_file, parse_text

from .conftest import HOSTILE_ID, PAYLOAD, glossary_toml, hostile_text


def _hostile(text: str) -> bool:
    return any(c in text for c in "\x1b\x07\x9b\x00\x7f\u202e")


def test_front_matter_escapes_cannot_spell_what_cleaning_removed() -> None:
    source = (
        "+++\n"
        'title = "A \\u001b]52;c;ZXZpbA==\\u0007 title \\u001b[2J"\n'
        'author = "Ann \\u009b31m\\u007f\\u202e Author"\n'
        'source = ["x \\u001b[2J"]\n'
        "+++\n\nA paragraph long enough to be a paragraph of the text.\n"
    )
    article = parse_text(source)
    assert article.meta.title.split() == ["A", "title"]
    assert not _hostile(article.meta.author or "")


def test_glossary_entries_lose_their_escape_sequences(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(glossary_toml(), encoding="utf-8")
    problems: list[ReaderError] = []
    entries = read_glossary_file(path, "user", problems)
    assert len(entries) == 2 and not problems
    for e in entries:
        for text in (e.name, e.summary, *e.aliases):
            assert not _hostile(text), text
    assert "[@click=app.quit]x[/]" in entries[1].summary  # markup stays, as text


@pytest.mark.parametrize(
    ("name", "summary", "says"),
    [
        ("Name", "evil \x1b[2J", "control character (U+001B) at character 6"),
        ("Na\x9bme", "", "control character (U+009B)"),
        ("Name", "a\x00b", "U+0000"),
        ("Name", "\ud800", "lone surrogate"),
        ("~", "", "needs a letter or a digit"),
        ('"" * -', "", "needs a letter or a digit"),
        ("x" * (MAX_NAME + 1), "", f"at most {MAX_NAME} characters"),
    ],
)
def test_glossary_form_input_is_refused_before_writing(
    tmp_path: Path, name: str, summary: str, says: str
) -> None:
    path = tmp_path / "glossary.toml"
    with pytest.raises(ReaderError, match=re.escape(says)):
        append_user_entry(path, new_entry(name, "term", summary))
    assert not path.exists()


def test_an_over_long_name_in_a_glossary_file_is_skipped_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(
        f'[[entry]]\nname = "{"y" * 20_000}"\nkind = "term"\n\n'
        f'[[entry]]\nname = "fine"\nkind = "term"\naliases = ["{"z" * 5_000}"]\n\n'
        '[[entry]]\nname = "kept"\nkind = "term"\n',
        encoding="utf-8",
    )
    problems: list[ReaderError] = []
    entries = read_glossary_file(path, "user", problems)
    assert [e.name for e in entries] == ["kept"]
    assert len(problems) == 2 and all("\n" not in str(p) for p in problems)


def test_short_entries_can_always_be_followed_by_more(tmp_path: Path) -> None:
    """A short entry once came out inline (``entry = [{…}]``) and blocked every later add."""
    path = tmp_path / "glossary.toml"
    append_user_entry(path, new_entry("Short", "term", ""))
    append_user_entry(path, new_entry("Second", "person", "Someone.", dates="1850–1900"))
    append_user_entry(path, new_entry("Third", "term", "", aliases=["3rd"]))
    names = [t["name"] for t in tomllib.loads(path.read_text(encoding="utf-8"))["entry"]]
    assert names == ["Short", "Second", "Third"]


def test_a_text_whose_file_name_holds_escapes_can_have_notes(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.texts_dir.mkdir()
    path = library.texts_dir / f"{HOSTILE_ID}.txt"
    path.write_text(hostile_text(), encoding="utf-8")
    article = parse_file(path)
    store = NoteStore(library, HOSTILE_ID)
    store.load()
    note = store.add(article, 0, 5, note="first")
    raw = library.notes_file(HOSTILE_ID).read_text(encoding="utf-8")
    assert "\x1b" not in raw and tomllib.loads(raw)["annotation"][0]["id"] == note.id
    assert [a.id for a in NoteStore(library, HOSTILE_ID).load()] == [note.id]


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("plain words, tab\tand newline\n", "plain words, tab\tand newline\n"),
        ("\x1b[1;31mcolour\x1b[0m", "\x1b[1;31mcolour\x1b[0m"),  # reader's own (Rich's) styles
        (
            PAYLOAD,
            " [sic] [bold]x[/bold] [/ [@click=app.quit]x[/] [link=file:///etc/passwd]x[/link]",
        ),
        ("\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\", "x"),
        ("a\rb\x08c\x1bd", "abc"),
        ("line\r\n", "line\n"),
    ],
)
def test_the_cli_output_guard(written: str, printed: str) -> None:
    assert terminal_safe(written) == printed
