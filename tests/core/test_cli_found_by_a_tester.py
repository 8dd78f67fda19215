"""What a careful tester found in the command line and in imports: a library
list that lost its columns to a long id, a mistyped ``--library`` that started
an empty library, a pasted ``\\cite`` key with no entry to point to, and some
smaller things."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.articles import read_article
from reader.core.importer import ID_LENGTH, new_id
from reader.core.library import Library
from reader.core.sources.quote import quotation
from tests.core.test_cli_as_typed import reader

# Our own words: a book with a long title, as Gutenberg names them.
BOOK_TITLE = "The Chronicle of the Rise and Decline of the Weavers' Cooperative Bank: Volume 1"
BOOK = f"""+++
title = "{BOOK_TITLE}"
author = "Ida Brandt"
+++

The bank opened in a back room of the weavers' hall, with a ledger, a tin box and a
committee of five who had never kept accounts before.

Within a year it held the savings of four hundred families.
"""
ESSAY = """+++
title = "Seventy Days of the Ledger"
author = "Ida Brandt"
date = 2020-03-01
+++

The ledger was read aloud at every meeting.[^1] Nobody objected to the sums, though the
treasurer read them quickly and the hall was cold, and those at the back heard only the
totals, which were what they had come for in any case.

[^1]: H. Olsen, *Accounts of the Cooperative Movement*, Oslo: Fram, 1911, p. 42.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "texts").mkdir(parents=True)
    # an id as import used to make them: 60 characters, cut mid-word
    long_id = "the-chronicle-of-the-rise-and-decline-of-the-weavers-coopera"
    assert len(long_id) == 60
    (root / "texts" / f"{long_id}.md").write_text(BOOK)
    (root / "texts" / "seventy-days.md").write_text(ESSAY)
    return root


# -- reader list ---------------------------------------------------------------------


@pytest.mark.parametrize("cols", [80, 100])
def test_list_at_80_columns_shows_title_author_and_whole_numbers(cols: int, library: Path) -> None:
    code, screen, _ = reader("pty", "--library", str(library), "list", cols=cols)
    assert code == 0
    flat = " ".join(screen.split())
    assert "The Chronicle of the" in flat and "Weavers' Cooperative" in flat
    assert "Seventy Days of the" in flat
    assert "Ida Brandt" in flat
    words = {r["id"]: r["words"] for r in _json(library)}
    for count in words.values():  # never "1…"
        assert re.search(rf"(?<![\d…]){count}(?![\d…])", screen), screen
    assert "cut -f1" in screen  # where the whole ids are
    assert max(len(line) for line in screen.splitlines()) <= cols


def test_list_json_and_piped_keep_the_whole_id(library: Path) -> None:
    ids = sorted(r["id"] for r in _json(library))
    assert ids[-1] == "the-chronicle-of-the-rise-and-decline-of-the-weavers-coopera"
    code, out, _ = reader("pipe", "--library", str(library), "list")
    assert code == 0 and sorted(line.split("\t")[0] for line in out.splitlines()) == ids


def _json(library: Path) -> list[dict[str, object]]:
    code, out, _ = reader("pipe", "--library", str(library), "list", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


# -- ids of imported texts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (BOOK_TITLE, "the-chronicle-of-the-rise-and-decline"),
        (
            "Minutes of the Congress Held at the Hague in the Year of 1872",
            "minutes-of-the-congress-held",
        ),
        ("Seventy Days of the Ledger", "seventy-days-of-the-ledger"),
        ("Essays on the", "essays-on-the"),  # a whole title keeps its words
        ("x" * 50, "x" * ID_LENGTH),  # one long word is cut where it must be
    ],
)
def test_new_ids_are_short_and_cut_between_words(title: str, expected: str) -> None:
    assert new_id(title) == expected
    assert len(new_id(title)) <= ID_LENGTH


def test_import_names_a_book_by_a_short_id_and_keeps_old_ids(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "book.md"
    source.write_text(BOOK.replace("Volume 1", "Volume 2"))
    code, out, _ = run(capsys, "--library", str(library), "import", str(source))
    assert code == 0 and "→ the-chronicle-of-the-rise-and-decline.md" in out
    # the old, long id is untouched: it names the text's notes file
    assert (
        library / "texts" / "the-chronicle-of-the-rise-and-decline-of-the-weavers-coopera.md"
    ).is_file()


# -- --library names a folder that exists ------------------------------------------------


def test_a_mistyped_library_is_an_error_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nonexist-lib"
    code, out, err = run(capsys, "list", "--library", str(missing))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert f"--library names {missing}, which does not exist" in err
    assert f"reader import FILE --library {missing}" in err  # how to start one there
    assert not missing.exists()


def test_a_mistyped_reader_library_is_an_error_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    monkeypatch.setenv("READER_LIBRARY", str(missing))
    code, _, err = run(capsys, "search", "ledger")
    assert code == 2 and "READER_LIBRARY names" in err and not missing.exists()


def test_importing_into_a_new_folder_starts_a_library_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "essay.md"
    source.write_text(ESSAY)
    new = tmp_path / "new" / "lib"
    code, _, _ = run(capsys, "import", str(tmp_path / "typo.md"), "--library", str(new))
    assert code == 2 and not new.exists()  # nothing to import: no library made for it
    code, out, _ = run(capsys, "import", str(source), "--library", str(new))
    assert code == 0 and (new / "texts" / "seventy-days-of-the-ledger.md").is_file()
    code, out, _ = run(capsys, "list", "--library", str(new))
    assert code == 0 and "seventy-days-of-the-ledger" in out


def test_an_existing_empty_folder_is_a_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "list", "--library", str(tmp_path))
    assert code == 0 and "no texts" in err


# -- the text's own BibTeX / CSL entry ------------------------------------------------------


def _pasted_key(library: Path, name: str) -> str:
    lib = Library(library)
    article = read_article(lib, lib.find_text(name), text_id=name)
    pasted = quotation(article, 0, "The ledger was read aloud", "bibtex")
    match = re.search(r"\\cite\[[^\]]*\]\{([^}]+)\}$", pasted)
    assert match, pasted
    return match.group(1)


def test_the_key_y_pastes_has_an_entry_in_the_bibtex_export(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _pasted_key(library, "seventy-days")
    assert key == "brandt2020seventy"
    code, out, _ = run(
        capsys, "--library", str(library), "export", "seventy-days", "--format", "bibtex"
    )
    assert code == 0
    entries = re.findall(r"^@(\w+)\{([^,]+),", out, re.M)
    assert entries[0] == ("book", key)  # the text itself, first
    own = out.split("\n\n")[0]
    assert "title = {Seventy Days of the Ledger}" in own and "year = {2020}" in own
    assert "note = {The text itself: seventy-days in your reader library}" in own
    assert ("book", "olsen1911accounts") in entries  # and the works it cites, as before


def test_the_key_y_pastes_has_an_item_in_the_csl_json_export(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _pasted_key(library, "seventy-days")
    code, out, _ = run(
        capsys, "--library", str(library), "export", "seventy-days", "--format", "csl-json"
    )
    items = json.loads(out)
    assert code == 0 and items[0]["id"] == key
    assert items[0]["author"] == [{"family": "Brandt", "given": "Ida"}]
    assert items[0]["note"].startswith("The text itself")
    assert [i["id"] for i in items[1:]] == ["olsen1911accounts"]


def test_a_cited_work_never_takes_the_texts_own_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "lib"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "ledger.md").write_text(
        '+++\ntitle = "Accounts of the Cooperative Movement"\nauthor = "Hans Olsen"\n'
        "date = 1911-01-01\n+++\n\nThe first account was of the bakery.[^1]\n\n"
        "[^1]: H. Olsen, *Accounts of the Cooperative Movement*, Oslo: Fram, 1911, p. 3.\n"
    )
    code, out, _ = run(capsys, "--library", str(root), "export", "ledger", "--format", "bibtex")
    keys = re.findall(r"^@\w+\{([^,]+),", out, re.M)
    assert code == 0 and keys == ["olsen1911accounts", "olsen1911accountsa"]
    assert "The text itself" in out.split("\n\n")[0]


# -- smaller things ---------------------------------------------------------------------------


def test_sources_says_one_work_cited_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--library", str(library), "sources", "seventy-days")
    assert code == 0 and out.startswith("1 work cited once in Seventy Days of the Ledger")


def test_show_leaves_no_trailing_spaces(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", str(library), "show", "seventy-days", "--no-pager")
    assert code == 0 and "The ledger was read aloud" in out
    assert len(out.splitlines()) > 5
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
