"""``reader notes …`` and ``reader export`` from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library import Library

from .conftest import COUNCILS


def run(library: Library, *argv: str) -> int:
    return main(["--library", str(library.root), *argv])


def test_add_list_and_json(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            library,
            "notes",
            "add",
            "councils",
            "--quote",
            "the mayor wished to read",
            "--note",
            "flattery",
            "--tags",
            "clerks, bias",
        )
        == 0
    )
    added = capsys.readouterr().out
    assert "paragraph 2" in added and "the mayor wished to read" in added
    assert run(library, "notes", "list") == 0
    listed = capsys.readouterr().out
    assert "councils — Town Councils and Their Clerks" in listed
    assert "flattery" in listed and "#clerks #bias" in listed
    assert run(library, "notes", "list", "councils", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["quote"]["exact"] == "the mayor wished to read"
    assert rows[0]["tags"] == ["clerks", "bias"] and rows[0]["title"].startswith("Town")
    assert run(library, "notes", "list", "--tag", "nothing") == 0
    assert "no notes tagged 'nothing'" in capsys.readouterr().out


def test_quote_matching(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    # Line breaks and runs of spaces in a typed quote match any spacing.
    assert run(library, "notes", "add", "councils", "--quote", "the clerk\n   who writes") == 0
    capsys.readouterr()
    assert run(library, "notes", "add", "councils", "--quote", "mayor") == 2
    err = capsys.readouterr().err
    assert "occurs 2 times" in err and "--occurrence" in err and err.count("\n") == 1
    assert run(library, "notes", "add", "councils", "--quote", "mayor", "--occurrence", "2") == 0
    capsys.readouterr()
    assert run(library, "notes", "add", "councils", "--quote", "not in the text") == 2
    assert "is not in the text" in capsys.readouterr().err
    assert (
        run(
            library,
            "notes",
            "add",
            "councils",
            "--quote",
            "mayor",
            "--occurrence",
            "1",
            "--note",
            "\x1b[2J",
        )
        == 2
    )
    assert "control character" in capsys.readouterr().err
    _, notes = _file(library)
    assert len(notes) == 2


def _file(library: Library) -> tuple[bytes, list[dict[str, object]]]:
    raw = library.notes_file("councils").read_bytes()
    return raw, tomllib.loads(raw.decode("utf-8")).get("annotation", [])


def test_orphans_and_reattach(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    run(library, "notes", "add", "councils", "--quote", "A motion that is never recorded")
    ident = capsys.readouterr().out.split()[1]
    text = library.texts_dir / "councils.md"
    text.write_text(
        COUNCILS.replace("A motion that is never recorded", "An unwritten motion"), encoding="utf-8"
    )
    assert run(library, "notes", "orphans") == 0
    out = capsys.readouterr()
    assert ident in out.out and "1 orphaned" in out.err
    assert run(library, "notes", "orphans", "--json") == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [ident]
    assert run(library, "notes", "reattach", ident[:30], "--quote", "An unwritten motion") == 0
    assert "re-attached" in capsys.readouterr().out
    assert run(library, "notes", "orphans") == 0
    assert "no orphaned notes" in capsys.readouterr().out
    assert run(library, "notes", "edit", ident, "--note", "new words", "--tags", "a,b") == 0
    assert "changed" in capsys.readouterr().out
    assert _file(library)[1][0]["note"] == "new words"
    assert _file(library)[1][0]["tags"] == ["a", "b"]
    assert run(library, "notes", "edit", ident) == 2
    assert "nothing to change" in capsys.readouterr().err
    assert run(library, "notes", "delete", ident) == 0
    assert _file(library)[1] == []


def test_a_broken_notes_file_is_one_line_and_untouched(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    run(library, "notes", "add", "councils", "--quote", "careful hand")
    path = library.notes_file("councils")
    broken = path.read_bytes().replace(b"\n[[annotation]]\n", b"\n[[annotation]\n", 1)
    path.write_bytes(broken)
    capsys.readouterr()
    assert run(library, "notes", "add", "councils", "--quote", "river towns") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "councils.toml:" in err and "column" in err
    assert path.read_bytes() == broken
    assert run(library, "export", "--format", "json") == 2
    assert path.read_bytes() == broken


def test_export_formats_and_import(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(library, "notes", "add", "councils", "--quote", "careful hand", "--tags", "style")
    run(library, "notes", "add", "councils", "--quote", "river towns", "--note", "where?")
    capsys.readouterr()
    for fmt, starts in [
        ("markdown", "---\n"),
        ("json", "{"),
        ("csv", "Highlight,"),
        ("toml", 'format = "reader-notes"'),
        ("w3c", "{"),
    ]:
        assert run(library, "export", "--format", fmt) == 0
        assert capsys.readouterr().out.startswith(starts), fmt
    assert run(library, "export", "councils", "--tag", "style", "--format", "csv") == 0
    assert capsys.readouterr().out.count("\n") == 2
    assert run(library, "export", "--since", "2999-01-01", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["texts"] == []
    assert run(library, "export", "--since", "last week") == 2
    assert "--since" in capsys.readouterr().err

    out = tmp_path / "notes.json"
    assert run(library, "export", "--format", "json", "-o", str(out)) == 0
    assert "2 notes written" in capsys.readouterr().err
    library.notes_file("councils").unlink()
    assert run(library, "notes", "import", str(out)) == 0
    assert "councils: 2 added, 0 updated, 0 already there" in capsys.readouterr().out
    assert run(library, "notes", "import", str(out)) == 0
    assert "0 added, 0 updated, 2 already there" in capsys.readouterr().out
    assert run(library, "export", "--format", "json") == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_import_refuses_a_text_id_that_is_a_path(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "reader-notes",
                "version": 1,
                "texts": [{"id": "../../etc/x", "annotations": []}],
            }
        )
    )
    assert run(library, "notes", "import", str(bad)) == 2
    assert "not a text id" in capsys.readouterr().err


def test_notes_and_export_never_load_textual() -> None:
    code = (
        "import sys\n"
        "from reader.cli import build_parser\n"
        "build_parser()\n"
        "import reader.core.notes.export, reader.core.notes.w3c, reader.core.notes.store\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reader_list_names_footnotes_and_your_notes_apart(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(library, "notes", "add", "councils", "--quote", "the mayor wished to read") == 0
    capsys.readouterr()
    assert run(library, "list") == 0  # piped: words, footnotes, missing footnotes, your notes
    assert capsys.readouterr().out.rstrip("\n").split("\t")[4:] == ["80", "3", "0", "1"]
    assert run(library, "list", "--json") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["footnotes"], row["missing_footnotes"], row["your_notes"]) == (3, 0, 1)
    assert "notes" not in row and "missing" not in row
