"""The command line as a person types it (issue 20): the installed ``reader``,
run with its output piped and under a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

READER = Path(sys.executable).with_name("reader")
if not READER.exists():  # pragma: no cover - a venv always has it
    READER = Path(shutil.which("reader") or "reader")
TEXTS = Path(__file__).resolve().parents[2] / "texts"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
MODES = ["pipe", "pty"]

# Our own words, in the shapes the tests need.
MARX_ONLY = """A reading list on Marx

Marx wrote the address in a fortnight, and the General Council adopted it unchanged.

The printers set it in small type to keep the pamphlet cheap.
"""
MARX_AND_HISTORY = """Notes on an old quarrel

The history of the quarrel with Marx was written by his opponents first.

Their pamphlets went unanswered for a decade.
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COLUMNS", "LINES"))}
    env.pop("READER_LIBRARY", None)
    env.update(TERM="xterm-256color", PAGER="cat")
    return env


def reader(mode: str, *args: str, cols: int = 80, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``reader ARGS``: ``pipe`` gives (status, stdout, stderr); ``pty`` runs it
    in a terminal ``cols`` wide and gives (status, what the screen got, "")."""
    argv = [str(READER), *args]
    if mode == "pipe":
        done = subprocess.run(
            argv, capture_output=True, text=True, env=_env(), cwd=cwd, timeout=120
        )
        return done.returncode, done.stdout, done.stderr
    import struct

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=_env(), cwd=cwd, close_fds=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = proc.wait(timeout=120)
    os.close(master)
    screen = ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")
    return code, screen, ""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library of two short texts, with long ids."""
    root = tmp_path / "lib"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "a-reading-list-on-marx-and-the-address.txt").write_text(MARX_ONLY)
    (root / "texts" / "notes-on-an-old-quarrel-with-marx.txt").write_text(MARX_AND_HISTORY)
    return root


# -- global options, argparse errors --------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_library_is_taken_before_or_after_the_command(mode: str, library: Path) -> None:
    before = reader(mode, "--library", str(library), "list", "--json")
    after = reader(mode, "list", "--library", str(library), "--json")
    assert before[0] == after[0] == 0
    assert json.loads(before[1]) == json.loads(after[1])
    assert len(json.loads(after[1])) == 2
    code, out, _ = reader(mode, "notes", "list", f"--library={library}")
    assert code == 0 and "no notes" in out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["lst"], ["no command 'lst'", "did you mean 'list'", "reader --help"]),
        (["list", "--bogus"], ["reader list:", "--bogus", "reader list --help"]),
        (["search"], ["reader search:", "QUERY", "reader search --help"]),
        (["search", "x", "--limit", "many"], ["'many' is not a number"]),
        (["notes", "list", "--bogus"], ["reader notes list:", "--bogus"]),
        (["glossary", "show"], ["reader glossary show:", "NAME"]),
        (["notes", "ad", "x"], ["reader notes:", "no action 'ad'", "did you mean 'add'"]),
        (["export", "--format", "mardown"], ["did you mean 'markdown'", "csv, toml"]),
        (["notes", "add", "x", "--quote", "-h"], ["--quote needs a value", "--quote=VALUE"]),
    ],
)
def test_a_mistyped_command_line_is_one_line_and_status_2(
    mode: str, argv: list[str], names: list[str], library: Path
) -> None:
    code, out, err = reader(mode, *argv, "--library", str(library))
    said = (out + err).strip()
    assert code == 2
    assert len(said.splitlines()) == 1, said
    assert "usage:" not in said
    for name in names:
        assert name in said


# -- a query starting with "-" --------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "query",
    [["-history Marx"], ["Marx", "-history"], ["-history", "Marx"], ["--", "-history", "Marx"]],
    ids=["quoted", "after", "before", "after --"],
)
def test_a_query_starting_with_a_dash_works_as_typed(
    mode: str, query: list[str], library: Path
) -> None:
    code, out, err = reader(mode, "--library", str(library), "search", "--in", "texts", *query)
    assert code == 0, out + err
    assert "a-reading-list-on-marx" in out
    assert "notes-on-an-old-quarrel" not in out


def test_search_options_still_work_among_dashed_words(library: Path) -> None:
    code, out, _ = reader(
        "pipe", "search", "-history", "--library", str(library), "--json", "--limit", "1", "Marx"
    )
    hits = json.loads(out)
    assert code == 0 and len(hits) == 1 and hits[0]["text"].startswith("a-reading-list")


# -- reader list ----------------------------------------------------------------------


def test_list_piped_is_one_tab_separated_line_per_text(library: Path) -> None:
    code, out, err = reader("pipe", "--library", str(library), "list")
    assert code == 0 and "\x1b" not in out
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows] == [
        "a-reading-list-on-marx-and-the-address",
        "notes-on-an-old-quarrel-with-marx",
    ]
    assert all(len(r) == 8 for r in rows)  # … words, footnotes, missing, your notes
    assert rows[0][1] == "A reading list on Marx" and rows[0][5:] == ["0", "0", "0"]
    assert rows[1][4].isdigit() and int(rows[1][4]) > 10  # words


@pytest.mark.parametrize("cols", [80, 60])
def test_list_on_a_narrow_terminal_shows_titles_and_numbers(cols: int, library: Path) -> None:
    """Long ids once pushed the title and author off an 80-column table and cut
    the word counts to "1…": the title and the numbers come first, and the
    ids, with no room left for them, are named as what `cut -f1` gives."""
    code, screen, _ = reader("pty", "--library", str(library), "list", cols=cols)
    assert code == 0
    assert "A reading list on Marx" in screen and "Notes on an old quarrel" in screen
    assert re.search(r"A reading list on Marx +26 +0", screen)  # words and footnotes, whole
    assert re.search(r"Notes on an old quarrel +20 +0", screen)
    assert "reader list | cut -f1" in screen  # the ids, cut short or left out
    assert max(len(line) for line in screen.splitlines()) <= cols


def test_list_on_a_wide_terminal_shows_the_whole_id(library: Path) -> None:
    code, screen, _ = reader("pty", "--library", str(library), "list", cols=140)
    assert code == 0
    assert "a-reading-list-on-marx-and-the-address" in screen
    assert "notes-on-an-old-quarrel-with-marx" in screen
    assert screen.index("A reading list on Marx") < screen.index("a-reading-list-on-marx-and")
    assert "cut -f1" not in screen


# -- reader import --------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_import_output_is_not_wrapped_when_piped(mode: str, tmp_path: Path) -> None:
    name = "an-article-saved-under-a-long-name-as-browsers-do-with-every-word-of-its-title"
    source = tmp_path / f"{name}.txt"
    source.write_text(MARX_ONLY)
    code, out, _ = reader(mode, "--library", str(tmp_path / "lib"), "import", str(source))
    assert code == 0
    if mode == "pipe":
        assert out.splitlines() == [
            f"{source} → a-reading-list-on-marx.txt  “A reading list on Marx”"
        ]
    else:  # a terminal: wrapped to its width, every word there
        assert max(len(line) for line in out.splitlines()) <= 80
        assert "a-reading-list-on-marx.txt" in out.replace("\n", "")


# -- re-import --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_reimporting_an_edited_text_offers_replace_or_as_new(mode: str, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    source = tmp_path / "list.txt"
    source.write_text(MARX_ONLY)
    assert reader(mode, "--library", str(lib), "import", str(source))[0] == 0
    copy = lib / "texts" / "a-reading-list-on-marx.txt"
    copy.write_text(MARX_ONLY + "\nA paragraph the reader added to the copy.\n")

    code, out, _ = reader(mode, "--library", str(lib), "import", str(source))
    said = " ".join(out.split())
    assert code == 1  # nothing imported: a script must know
    assert "already in the library as a-reading-list-on-marx.txt" in said
    assert "--replace" in said and "--as-new" in said
    assert sorted(p.name for p in (lib / "texts").iterdir()) == [copy.name]  # no …-2.txt

    # the source itself edited since: still known by its path
    source.write_text(MARX_ONLY + "\nA correction from the author.\n")
    code, out, _ = reader(mode, "--library", str(lib), "import", str(source))
    said = " ".join(out.split())
    assert code == 1 and "already in the library" in said and "--replace" in said

    code, _, _ = reader(mode, "--library", str(lib), "import", str(source), "--replace")
    assert code == 0 and copy.read_text() == source.read_text()
    source.write_text(MARX_ONLY + "\nA second correction.\n")
    code, _, _ = reader(mode, "--library", str(lib), "import", str(source), "--as-new")
    assert code == 0
    assert (lib / "texts" / "a-reading-list-on-marx-2.txt").read_text() == source.read_text()
    code, _, err = reader("pipe", "import", str(source), "--replace", "--as-new")
    assert code == 2 and "not allowed with" in err


def test_an_unchanged_file_is_simply_already_there(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    source = tmp_path / "list.txt"
    source.write_text(MARX_ONLY)
    reader("pipe", "--library", str(lib), "import", str(source))
    code, out, _ = reader("pipe", "--library", str(lib), "import", str(source))
    assert code == 1  # refused, as it imported nothing
    assert out.strip() == f"{source}: already in the library as a-reading-list-on-marx.txt"


# -- reader parse page.html / book.epub ---------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Site name | The harbour strike</title>
<meta property="og:title" content="The harbour strike">
<meta name="author" content="Ada Quill"></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>The harbour strike</h1>
<p>The dockers stopped work on a Monday, and by Friday the harbour was silent.<sup><a
href="#fn1" id="r1">1</a></sup></p>
<p>The employers gave way within the month, on every point but one.</p>
<h2>Notes</h2>
<ol><li id="fn1">A. Quill, <em>Harbour Days</em>, 1990, p. 12. <a href="#r1">↩</a></li></ol>
</article></body></html>
"""


def _same_tree(a: dict[str, object], b: dict[str, object]) -> bool:
    def shape(d: dict[str, object]) -> object:
        keep = ("title", "author", "date", "publication", "headings", "missing_notes")
        paragraphs = [(p["kind"], p["text"]) for p in d["paragraphs"]]  # type: ignore[attr-defined]
        notes = [(n["label"], n["text"], n["kind"]) for n in d["notes"]]  # type: ignore[attr-defined]
        return ([d[k] for k in keep], paragraphs, notes)

    return shape(a) == shape(b)


@pytest.mark.parametrize("kind", ["html", "epub"])
def test_parse_converts_a_page_or_a_book_as_import_does(kind: str, tmp_path: Path) -> None:
    if kind == "html":
        source = tmp_path / "page.html"
        source.write_text(PAGE)
    else:
        from tests.importers.conftest import build_epub

        source = build_epub(tmp_path / "book.epub")
    code, out, err = reader("pipe", "parse", str(source), "--json")
    assert code == 0, err
    parsed = json.loads(out)
    assert not parsed["title"].startswith("<")
    assert any(n["text"] for n in parsed["notes"])

    lib = tmp_path / "lib"
    assert reader("pipe", "--library", str(lib), "import", str(source))[0] == 0
    (copy,) = (lib / "texts").glob("*.md")
    code, out, _ = reader("pipe", "parse", str(copy), "--json")
    assert _same_tree(parsed, json.loads(out))


def test_parse_shows_a_page_on_a_terminal_by_its_title(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(PAGE)
    code, screen, _ = reader("pty", "parse", str(source))
    assert code == 0
    assert screen.splitlines()[0] == "The harbour strike"
    assert "DOCTYPE" not in screen and "1 notes" in screen


# -- reader notes add --color ---------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_colour_that_is_not_one_is_refused_with_the_choices(mode: str, library: Path) -> None:
    text = "a-reading-list-on-marx-and-the-address"
    code, out, err = reader(
        mode, "--library", str(library),
        "notes", "add", text, "--quote", "a fortnight", "--color", "purple",
    )  # fmt: skip
    said = (out + err).strip()
    assert code == 2 and len(said.splitlines()) == 1
    assert "'purple'" in said and "yellow, green, blue, pink, orange" in said
    assert not (library / "notes").exists()
    code, out, err = reader(
        mode, "--library", str(library),
        "notes", "add", text, "--quote", "a fortnight", "--color", "Blue",
    )  # fmt: skip
    assert code == 0, out + err
    assert 'color = "blue"' in (library / "notes" / f"{text}.toml").read_text()


# -- the bundled texts ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_the_bundled_texts_are_credited_to_reader(mode: str, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    shutil.copytree(TEXTS, lib / "texts")
    code, out, _ = reader(mode, "--library", str(lib), "list", cols=200)
    assert code == 0
    assert "Reader Sample Texts" in out
    for invented in ("Katrin Albers", "Ruth Kessler", "Alison Penrose"):
        assert invented not in out


def test_an_import_is_known_by_its_path_however_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.importer import import_file
    from reader.core.library import Library

    library = Library(tmp_path / "lib")
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "list.txt"
    source.write_text(MARX_ONLY)
    first = import_file(library, source).path
    source.write_text(MARX_ONLY + "\nLater words.\n")
    monkeypatch.chdir(tmp_path / "src")
    assert import_file(library, Path("../src/./list.txt")).duplicate_of == first
    first.unlink()  # a text deleted from the library is forgotten
    again = import_file(library, Path("list.txt"))
    assert again.duplicate_of is None and again.path == first
    record = (library.state_dir / "imported.toml").read_text()
    assert record.count("[texts.") == 1


# -- other lists and prose, piped ---------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_glossary_output_is_plain_when_piped(mode: str, library: Path) -> None:
    code, out, _ = reader(mode, "--library", str(library), "glossary", "list", "--kind", "person")
    assert code == 0
    if mode == "pipe":
        rows = [line.split("\t") for line in out.splitlines()]
        assert all(len(r) == 4 and r[1] == "person" for r in rows)
        assert ["Karl Marx", "person", "1818–1883", "bundled"] in rows
    else:
        assert out.splitlines()[0].split() == ["name", "kind", "dates", "source"]
        assert max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = reader(mode, "--library", str(library), "glossary", "show", "Karl Marx")
    lines = out.splitlines()
    summary = next(line for line in lines if line.startswith("German philosopher"))
    if mode == "pipe":  # the summary on one line, as written
        assert summary.rstrip(".").endswith("'The Civil War in France'")
    else:
        assert max(len(line) for line in lines) <= 80 and "France" not in summary
    (library / "texts" / "orla.txt").write_text(
        "Orla Penhallow and the boatmen\n\n"
        "The boatmen elected Orla Penhallow to speak for them, and Orla Penhallow spoke.\n"
    )
    code, out, _ = reader(mode, "--library", str(library), "glossary", "suggest", "orla")
    assert code == 0
    if mode == "pipe":
        assert out.splitlines()[0].split("\t")[1] == "Orla Penhallow"
    else:
        assert out.splitlines()[0].split() == ["count", "name", "gloss", "notes"]
