"""The `reader` command for issue 2: parse, import, list, show, errors."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "parse"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(FIX / "oneline.txt"), "--json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "title",
        "author",
        "date",
        "publication",
        "source",
        "headings",
        "paragraphs",
        "notes",
        "missing_notes",
        "unreferenced_notes",
    ):
        assert key in data
    assert set(data["headings"][0]) >= {"text", "paragraph"}
    para = next(p for p in data["paragraphs"] if p["refs"])
    ref = para["refs"][0]
    assert para["text"][ref["start"] : ref["end"]] == f"[{ref['label']}]"
    note = data["notes"][0]
    assert set(note) >= {"label", "text", "kind", "resolves_to", "status", "page"}
    assert isinstance(note["label"], str)
    assert data["missing_notes"] == ["3", "7", "8"]


def test_import_list_show_and_duplicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(tmp_path / "lib")
    code, out, _ = run(capsys, "--library", lib, "import", str(FIX / "masthead.txt"))
    assert code == 0 and "letters-from-a-besieged-town.txt" in out
    assert (tmp_path / "lib" / "texts" / "letters-from-a-besieged-town.txt").read_bytes() == (
        FIX / "masthead.txt"
    ).read_bytes()
    code, out, _ = run(capsys, "--library", lib, "import", str(FIX / "masthead.txt"))
    assert code == 1 and "already in the library" in out
    assert len(list((tmp_path / "lib" / "texts").iterdir())) == 1
    code, out, _ = run(capsys, "--library", lib, "list", "--json")
    rows = json.loads(out)
    assert [
        (r["title"], r["author"], r["footnotes"], r["missing_footnotes"], r["your_notes"])
        for r in rows
    ] == [("Letters from a besieged town", "Ada Quill", 6, 0, 0)]
    code, out, _ = run(capsys, "--library", lib, "show", "letters-from-a-besieged-town")
    assert code == 0
    assert "Bread and arithmetic" in out
    assert "[3] Ibid. → [2] J Marlowe" in out


def test_import_with_title_and_author_records_front_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = tmp_path / "lib"
    code, out, _ = run(
        capsys,
        "--library",
        str(lib),
        "import",
        str(FIX / "oneline.txt"),
        "--title",
        "The Bridge",
        "--author",
        "O. Brand",
    )
    assert code == 0
    copy = lib / "texts" / "the-bridge.txt"
    original = (FIX / "oneline.txt").read_bytes()
    assert copy.read_bytes().endswith(original)  # the words are untouched
    code, out, _ = run(capsys, "--library", str(lib), "list", "--json")
    assert json.loads(out)[0]["title"] == "The Bridge"
    # the same file again is recognised even though the copy has front matter
    code, out, _ = run(capsys, "--library", str(lib), "import", str(FIX / "oneline.txt"))
    assert "already in the library" in out


@pytest.mark.parametrize("name", ["../../escape", "/etc/passwd", "con", "a" * 300, "…"])
def test_import_names_never_leave_texts(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = tmp_path / "lib"
    code, _, _ = run(
        capsys, "--library", str(lib), "import", str(FIX / "wrapped.txt"), "--title", name
    )
    assert code == 0
    files = list((lib / "texts").iterdir())
    assert len(files) == 1 and files[0].parent == lib / "texts"
    assert len(files[0].name) < 100


def test_errors_are_one_line_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "paper.txt"
    pdf.write_bytes(b"%PDF-1.4 binary")
    code, out, err = run(capsys, "parse", str(pdf))
    assert code == 2 and err.count("\n") == 1 and "paper.txt: this is a PDF" in err
    bad = tmp_path / "bad.md"
    bad.write_text("+++\ntitle = \n+++\nBody.\n")
    code, _, err = run(capsys, "parse", str(bad))
    assert code == 2 and f"{bad}:2:" in err
    (tmp_path / "lib").mkdir()
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "show", "nothing")
    assert code == 2 and "no text 'nothing'" in err


def test_list_keeps_going_past_a_broken_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = tmp_path / "lib" / "texts"
    texts.mkdir(parents=True)
    (texts / "good.txt").write_text("Good title\n\nA paragraph long enough to be a paragraph.\n")
    (texts / "bad.md").write_text("+++\nbroken = \n+++\n")
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["good"]["title"] == "Good title" and "bad" not in rows
    assert "bad.md:2:" in err


def test_list_reads_the_index_not_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.core import parse

    lib = tmp_path / "lib"
    run(capsys, "--library", str(lib), "import", str(FIX / "masthead.txt"))
    run(capsys, "--library", str(lib), "list")  # builds the index
    calls = []
    original = parse.parse_file
    parse.parse_file = lambda *a, **k: calls.append(a) or original(*a, **k)  # type: ignore[assignment]
    try:
        code, out, _ = run(capsys, "--library", str(lib), "list", "--json")
    finally:
        parse.parse_file = original  # type: ignore[assignment]
    assert code == 0 and json.loads(out)[0]["title"] == "Letters from a besieged town"
    assert calls == []


def test_library_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core import library

    env_lib = tmp_path / "env"
    (tmp_path / "opt").mkdir()
    env_lib.mkdir()
    assert (
        library.resolve_library(str(tmp_path / "opt"), env={"READER_LIBRARY": str(env_lib)}).root
        == tmp_path / "opt"
    )
    assert library.resolve_library(None, env={"READER_LIBRARY": str(env_lib)}).root == env_lib
    cwd = tmp_path / "cwd"
    (cwd / "texts").mkdir(parents=True)
    assert library.resolve_library(None, env={}, cwd=cwd).root == cwd
    user = tmp_path / "user"
    monkeypatch.setattr(library, "user_library_dir", lambda: user)
    chosen = library.resolve_library(None, env={}, cwd=tmp_path)
    assert chosen.root == user
    shipped = {p.name for p in (library.bundled_texts_dir() or tmp_path).iterdir()}
    assert {p.name for p in (user / "texts").iterdir()} <= shipped | {"glossary.toml"}
    assert shipped and (user / "texts").is_dir()


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, importlib, pkgutil, reader.core\n"
        "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ})


def test_list_and_parse_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom reader.cli import main\n"
        f"main(['--library', {str(tmp_path)!r}, 'list'])\n"
        f"main(['parse', {str(FIX / 'masthead.txt')!r}])\n"
        "assert 'textual' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_parse_json_lists_glossary_mentions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # no --library: from the repository root, the bundled glossary is used
    text = tmp_path / "a.txt"
    text.write_text("Adolphe Thiers fled to Versailles, and Marx’s address followed in 1871.\n")
    code, out, _ = run(capsys, "parse", str(text), "--json")
    assert code == 0
    para = json.loads(out)["paragraphs"][0]
    found = {m["entry"]: para["text"][m["start"] : m["end"]] for m in para["mentions"]}
    assert found["Adolphe Thiers"] == "Adolphe Thiers"
    assert found["Karl Marx"] == "Marx"


def test_a_text_without_a_title_line_is_named_after_its_first_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = tmp_path / "lib"
    code, out, _ = run(capsys, "--library", str(lib), "import", str(FIX / "oneline.txt"))
    assert code == 0
    assert [p.name for p in (lib / "texts").iterdir()] == [
        "there-is-no-agreement-about-what.txt"  # cut between words
    ]


def test_import_carries_on_past_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4 binary")
    lib = tmp_path / "lib"
    code, out, err = run(
        capsys, "--library", str(lib), "import", str(bad), str(FIX / "masthead.txt")
    )
    assert code == 2
    assert err.count("\n") == 1 and "scan.txt: this is a PDF" in err
    assert [p.name for p in (lib / "texts").iterdir()] == ["letters-from-a-besieged-town.txt"]


def test_every_library_has_our_glossary(tmp_path: Path) -> None:
    from reader.core.glossary import load_glossary
    from reader.core.library import Library

    library = Library(tmp_path / "fresh")  # no texts/glossary.toml of its own
    glossary, problems = load_glossary(library)
    assert problems == []
    assert glossary.matcher.find("Adolphe Thiers left for Versailles.")


def test_our_glossary_is_read_from_the_shipped_copy_but_never_named_for_writing(
    tmp_path: Path,
) -> None:
    from reader.core.library import Library, bundled_texts_dir

    library = Library(tmp_path / "fresh")
    assert library.bundled_glossary == tmp_path / "fresh" / "texts" / "glossary.toml"
    shipped = bundled_texts_dir()
    assert shipped is not None and library.our_glossary() == shipped / "glossary.toml"


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_a_named_command_builds_only_its_own_parser() -> None:
    from reader import cli

    everything = _commands(cli.build_parser())
    assert everything == set(cli.COMMAND_OWNERS)  # the map names every command
    for name, module in cli.COMMAND_OWNERS.items():
        built = _commands(cli.build_parser(["--library", "x", name, "--help"]))
        assert name in built and built < everything, name
        owned = {n for n, m in cli.COMMAND_OWNERS.items() if m == module}
        assert built == owned, name
    # Help, a typo or no command at all: every command, as `reader --help` lists them.
    for line in (["--help"], ["serch", "x"], [], ["--library", "x"]):
        assert _commands(cli.build_parser(line)) == everything, line
