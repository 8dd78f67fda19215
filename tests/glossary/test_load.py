"""Loading the three glossary sources, their precedence, broken files, and adding entries."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.glossary import load_glossary, new_entry
from reader.core.library import Library
from reader.core.parse import parse_text

from .conftest import FIXTURES


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path)
    lib.texts_dir.mkdir()
    lib.notes_dir.mkdir()
    shutil.copy(FIXTURES / "people.toml", lib.bundled_glossary)
    return lib


def write_user(lib: Library, text: str) -> None:
    lib.user_glossary.write_text(text, encoding="utf-8")


USER_MARX = """
[[entry]]
name = "Karl Marx"
kind = "person"
summary = "My own note on Marx."

[[entry]]
name = "Jenny Marx"
kind = "person"
aliases = ["Jenny von Westphalen"]
summary = "Mine only."
"""


def test_bundled_only(library):
    glossary, problems = load_glossary(library)
    assert problems == []
    assert len(glossary) == 10
    assert glossary.get("Karl Marx").source == "bundled"
    assert glossary.get("Karl Marx").line == 3  # its [[entry]] header


def test_user_entries_win_over_bundled_ones(library):
    write_user(library, USER_MARX)
    glossary, problems = load_glossary(library)
    assert problems == []
    marx = glossary.get("Karl Marx")
    assert marx.summary == "My own note on Marx." and marx.source == "user"
    assert glossary.get("Jenny Marx").source == "user"
    assert len(glossary) == 11  # bundled Marx replaced, Jenny added
    assert glossary.lookup("Jenny von Westphalen")[0].name == "Jenny Marx"


def test_name_clash_ignores_case_and_accents(library):
    write_user(library, '[[entry]]\nname = "KARL  MARX"\nkind = "person"\nsummary = "x"\n')
    glossary, _ = load_glossary(library)
    assert [e.name for e in glossary.lookup("karl marx")] == ["KARL MARX"]


def test_front_matter_entries_apply_to_that_text_only(library):
    source = (
        "+++\n"
        'title = "A text with its own glossary"\n'
        "[[glossary]]\n"
        'name = "Zephyrine Test"\n'
        'kind = "person"\n'
        'summary = "Only in this text."\n'
        "[[glossary]]\n"
        'name = "Karl Marx"\n'
        'kind = "person"\n'
        'summary = "The text\'s own Marx."\n'
        "+++\n\n"
        "Zephyrine Test met Karl Marx.\n"
    )
    article = parse_text(source, text_id="fm")
    glossary, problems = load_glossary(library, article)
    assert problems == []
    assert glossary.get("Zephyrine Test").source == "text"
    assert glossary.get("Karl Marx").summary == "The text's own Marx."
    plain, _ = load_glossary(library)
    assert plain.get("Zephyrine Test") is None


def test_user_beats_front_matter(library):
    write_user(library, USER_MARX)
    source = (
        '+++\n[[glossary.entry]]\nname = "Karl Marx"\nkind = "person"\nsummary = "text"\n+++\n\n'
        "Body.\n"
    )
    glossary, problems = load_glossary(library, parse_text(source))
    assert problems == []
    assert glossary.get("Karl Marx").source == "user"


def test_malformed_toml_names_file_and_line_and_the_rest_loads(library):
    shutil.copy(FIXTURES / "broken.toml", library.user_glossary)
    glossary, problems = load_glossary(library)
    assert len(problems) == 1
    err = problems[0]
    assert isinstance(err, ReaderError)
    assert err.path == str(library.user_glossary) and err.line == 5
    assert str(err).startswith(f"{library.user_glossary}:5: not valid TOML")
    assert len(glossary) == 10  # the bundled file still loaded
    assert glossary.get("Karl Marx").source == "bundled"


def test_bad_entries_are_reported_with_their_lines_and_good_ones_kept(library):
    shutil.copy(FIXTURES / "bad_entries.toml", library.bundled_glossary)
    glossary, problems = load_glossary(library)
    by_line = {p.line: p.message for p in problems}
    assert "unknown kind 'wizard'" in by_line[10]  # the kind = line itself
    assert "has no 'name'" in by_line[13]  # the [[entry]] header
    assert "'aliases' must be a list of strings" in by_line[20]
    assert "unknown field 'sumary'" in by_line[26]
    assert all(p.path == str(library.bundled_glossary) for p in problems)
    assert sorted(e.name for e in glossary) == ["Good One", "Typo Field"]


def test_unreadable_glossary_is_a_problem_not_a_crash(library):
    library.user_glossary.write_bytes(b"\xff\xfe\x00garbage")
    glossary, problems = load_glossary(library)
    assert len(problems) == 1 and "not UTF-8" in problems[0].message
    assert len(glossary) == 10


def test_wrong_front_matter_shape(library):
    article = parse_text('+++\nglossary = "oops"\n+++\n\nBody.\n', text_id="x")
    glossary, problems = load_glossary(library, article)
    assert len(problems) == 1 and "front matter" in problems[0].message
    assert len(glossary) == 10


def test_duplicate_in_one_file(library):
    write_user(library, USER_MARX + USER_MARX.split("[[entry]]", 2)[1].join(["[[entry]]", ""]))
    _, problems = load_glossary(library)
    assert any("appears twice" in p.message for p in problems)


# -- adding entries --------------------------------------------------------------


def test_add_user_entry_appends_and_keeps_the_file(library):
    write_user(library, "# my glossary, my comments\n" + USER_MARX)
    glossary, _ = load_glossary(library)
    entry = new_entry(
        "Louise Michel", "person", "A teacher.", aliases=["Michel"], dates="1830–1905"
    )
    updated = glossary.add_user_entry(entry)
    text = library.user_glossary.read_text(encoding="utf-8")
    assert text.startswith("# my glossary, my comments\n" + USER_MARX)
    data = tomllib.loads(text)
    assert data["entry"][-1] == {
        "name": "Louise Michel",
        "kind": "person",
        "aliases": ["Michel"],
        "dates": "1830–1905",
        "summary": "A teacher.",
    }
    assert updated.get("Louise Michel").source == "user"
    assert updated.matcher.find("Louise Michel spoke")[0].entry == "Louise Michel"
    again, problems = load_glossary(library)
    assert problems == [] and again.get("Louise Michel").line == updated.get("Louise Michel").line


def test_add_creates_the_file(library):
    glossary, _ = load_glossary(library)
    glossary.add_user_entry(new_entry("New One", "term", "x"))
    assert tomllib.loads(library.user_glossary.read_text())["entry"][0]["name"] == "New One"


def test_add_never_overwrites_a_file_that_fails_to_parse(library):
    shutil.copy(FIXTURES / "broken.toml", library.user_glossary)
    before = library.user_glossary.read_bytes()
    glossary, _ = load_glossary(library)
    with pytest.raises(ReaderError) as info:
        glossary.add_user_entry(new_entry("New One", "term", "x"))
    assert info.value.line == 5 and "nothing was written" in info.value.message
    assert library.user_glossary.read_bytes() == before


def test_add_refuses_a_name_already_in_the_users_file(library):
    write_user(library, USER_MARX)
    glossary, _ = load_glossary(library)
    with pytest.raises(ReaderError, match="already in your glossary") as info:
        glossary.add_user_entry(new_entry("karl marx", "person", "again"))
    assert info.value.line == 2


def test_new_entry_checks_its_fields():
    with pytest.raises(ReaderError, match="unknown kind"):
        new_entry("X", "wizard", "s")
    with pytest.raises(ReaderError, match="needs a name"):
        new_entry("  ", "term", "s")


def test_front_matter_problem_names_the_text_file_and_line(library):
    from reader.core.parse import parse_file

    path = library.texts_dir / "fm.md"
    path.write_text(
        '+++\ntitle = "FM"\n\n[[glossary]]\nname = "Ok Entry"\nkind = "person"\n'
        'summary = "fine"\n\n[[glossary]]\nname = "Bad Entry"\nkind = "wizard"\n+++\n\n'
        "Ok Entry met O. Entry.\n",
        encoding="utf-8",
    )
    glossary, problems = load_glossary(library, parse_file(path))
    assert [(p.path, p.line) for p in problems] == [(str(path), 11)]
    assert "unknown kind 'wizard'" in problems[0].message
    ok = glossary.get("Ok Entry")
    assert ok.source == "text" and ok.line == 4
