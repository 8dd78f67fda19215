"""``reader glossary …`` through ``reader.cli.main``."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from reader.cli import main

from .conftest import FIXTURES


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    shutil.copy(FIXTURES / "people.toml", tmp_path / "texts" / "glossary.toml")
    (tmp_path / "texts" / "essay.txt").write_text(
        "An essay\n\n"
        "The Tenants League met. Karl Marx wrote to the Tenants League about [sic] Links.\n\n"
        "Later the Tenants League asked the ataman Anhel [1] for help.\n\n"
        "[1] Yevhen Anhel led an independent band in the civil war.\n",
        encoding="utf-8",
    )
    return tmp_path


def run(lib: Path, *args: str) -> int:
    return main(["--library", str(lib), "glossary", *args])


def test_list_and_kind_filter(lib, capsys):
    assert run(lib, "list") == 0
    out = capsys.readouterr().out
    assert "Karl Marx" in out and "dictatorship of the proletariat" in out
    assert run(lib, "list", "--kind", "term") == 0
    out = capsys.readouterr().out
    assert "dictatorship of the proletariat" in out and "Karl Marx" not in out


def test_list_json(lib, capsys):
    assert run(lib, "list", "--json", "--kind", "organisation") == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["name"] for d in data} == {
        "National Guard",
        "Central Committee of the National Guard",
        "SBU",
    }
    assert all(d["source"] == "bundled" and d["kind"] == "organisation" for d in data)


def test_show_by_name_and_alias_without_markup(lib, capsys):
    assert run(lib, "show", "Gallifet") == 0
    out = capsys.readouterr().out
    assert out.startswith("Gaston de Galliffet") and "A name the text misspells." in out
    # a summary with Rich markup in it shows as written
    (lib / "notes").mkdir()
    (lib / "notes" / "glossary.toml").write_text(
        '[[entry]]\nname = "Markup Test"\nkind = "term"\nsummary = "[bold]not bold[/bold] [sic]"\n'
    )
    assert run(lib, "show", "markup test") == 0
    assert "[bold]not bold[/bold] [sic]" in capsys.readouterr().out


def test_show_finds_initials_and_shared_surnames(lib, capsys):
    assert run(lib, "show", "K. Marx") == 0
    assert capsys.readouterr().out.startswith("Karl Marx")
    assert run(lib, "show", "Marx") == 0  # shared by two entries: both shown
    out = capsys.readouterr().out
    assert "Karl Marx" in out and "Eleanor Marx" in out


def test_show_unknown_name_is_a_clear_error(lib, capsys):
    assert run(lib, "show", "Karl Marks") == 2
    err = capsys.readouterr().err
    assert "no glossary entry called 'Karl Marks'" in err and "'Karl Marx'" in err


def test_add_writes_the_users_file_and_show_finds_it(lib, capsys):
    code = run(
        lib,
        "add",
        "Louise Michel",
        "--kind",
        "person",
        "--summary",
        "A teacher.",
        "--alias",
        "Michel",
        "--alias",
        "The Red Virgin",
        "--dates",
        "1830–1905",
    )
    assert code == 0
    assert "added 'Louise Michel'" in capsys.readouterr().out
    data = tomllib.loads((lib / "notes" / "glossary.toml").read_text(encoding="utf-8"))
    assert data["entry"] == [
        {
            "name": "Louise Michel",
            "kind": "person",
            "aliases": ["Michel", "The Red Virgin"],
            "dates": "1830–1905",
            "summary": "A teacher.",
        }
    ]
    assert run(lib, "show", "The Red Virgin") == 0
    assert "Louise Michel" in capsys.readouterr().out
    assert run(lib, "add", "Louise Michel", "--kind", "person", "--summary", "again") == 2
    assert "already in your glossary" in capsys.readouterr().err


def test_add_over_a_bundled_name_says_so(lib, capsys):
    assert run(lib, "add", "Karl Marx", "--kind", "person", "--summary", "Mine.") == 0
    assert "replaces the bundled entry" in capsys.readouterr().out
    assert run(lib, "show", "Karl Marx") == 0
    assert "Mine." in capsys.readouterr().out


def test_add_refuses_a_broken_user_file(lib, capsys):
    (lib / "notes").mkdir()
    shutil.copy(FIXTURES / "broken.toml", lib / "notes" / "glossary.toml")
    before = (lib / "notes" / "glossary.toml").read_bytes()
    assert run(lib, "add", "X Y", "--kind", "term", "--summary", "s") == 2
    captured = capsys.readouterr()
    assert "glossary.toml:5:" in captured.err and "warning" in captured.err
    assert (lib / "notes" / "glossary.toml").read_bytes() == before


def test_broken_file_warns_and_the_rest_still_lists(lib, capsys):
    (lib / "notes").mkdir()
    shutil.copy(FIXTURES / "broken.toml", lib / "notes" / "glossary.toml")
    assert run(lib, "list") == 0
    captured = capsys.readouterr()
    assert "Karl Marx" in captured.out
    assert "notes/glossary.toml:5: not valid TOML" in captured.err


def test_suggest(lib, capsys):
    assert run(lib, "suggest", "essay", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    names = [d["name"] for d in data]
    assert names[0] == "Tenants League" and data[0]["count"] == 3
    assert "Karl Marx" not in names and "Links" not in names
    assert run(lib, "suggest", "essay") == 0
    out = capsys.readouterr().out
    assert "Tenants League" in out


def test_bad_kind_is_refused_by_argparse(lib, capsys):
    with pytest.raises(SystemExit):
        run(lib, "add", "X", "--kind", "wizard", "--summary", "s")
