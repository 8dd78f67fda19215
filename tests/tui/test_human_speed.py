"""The app in a real terminal, typed at as a person types (50-250 ms a key).

Pilot sends keys in a burst, so it never sees a key arrive while focus is on
its way, a frame half drawn or a text still opening. These tests run
``reader`` in a pseudo-terminal (:mod:`tests.tui.terminal`) and read its
screen back as a person would.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .terminal import Terminal

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "library"
TEXTS = 5  # the fixture library's three texts and the two below
WORDS = [
    "harbour",
    "strike",
    "committee",
    "dockers",
    "carters",
    "seamen",
    "railway",
    "owners",
    "minutes",
    "bakery",
]


def long_text(paragraphs: int = 60) -> str:
    """A text that scrolls: paragraph N starts "Paragraph N" and cites note N."""
    rng = random.Random(7)
    body = [
        f"Paragraph {n:02d} opens here, "
        + " ".join(rng.choice(WORDS) for _ in range(30))
        + f" and ends.[{n}]"
        for n in range(1, paragraphs + 1)
    ]
    notes = [f"[{n}] Source for paragraph {n:02d}, p. {n}." for n in range(1, paragraphs + 1)]
    return (
        '+++\ntitle = "A Long Scrolling Text"\n+++\n\n'
        + "\n\n".join(body)
        + "\n\nNotes\n\n"
        + "\n".join(notes)
        + "\n"
    )


def big_text(words: int = 100_000) -> str:
    """A 100,000-word text; paragraph N starts "Section N"."""
    rng = random.Random(3)
    per = 50
    body = [
        f"Section {n:04d} starts. " + " ".join(rng.choice(WORDS) for _ in range(per - 3)) + "."
        for n in range(words // per)
    ]
    return "An Enormous Text\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture(scope="module")
def big() -> str:
    return big_text()


@pytest.fixture
def root(tmp_path: Path, big: str) -> Path:
    root = tmp_path / "library"
    shutil.copytree(FIXTURES, root)
    (root / "texts" / "long-text.md").write_text(long_text(), encoding="utf-8")
    (root / "texts" / "big-text.txt").write_text(big, encoding="utf-8")
    return root


@pytest.fixture
def open_terminal(root: Path) -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    def start(*args: str, columns: int = 120, rows: int = 36) -> Terminal:
        term = Terminal(root, *args, columns=columns, rows=rows)
        opened.append(term)
        return term

    yield start  # type: ignore[misc]
    for term in opened:
        term.close()


def library(term: Terminal) -> None:
    term.wait_for(f"{TEXTS} of {TEXTS} texts", timeout=60)


def open_from_filter(term: Terminal, words: str, shown: str) -> None:
    term.type(words)
    term.wait_for(f"1 of {TEXTS} texts")
    term.press("enter")
    term.wait_for(shown)


def cursor_paragraph(term: Terminal, pattern: str) -> str:
    """The number the cursor's paragraph starts with (``pattern`` holds one group)."""
    lines = term.cursor_lines()
    assert lines, f"no cursor bar on the screen:\n{term.text()}"
    found = re.search(pattern, lines[0])
    assert found, f"the cursor bar is on {lines[0]!r}:\n{term.text()}"
    return found.group(1)


def footnote_shown(term: Terminal) -> str:
    found = re.findall(r"Source for paragraph (\d+)", term.text())
    assert len(found) == 1, term.text()
    return found[0]


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_the_cursor_bar_is_drawn_where_the_panes_are_after_scrolling(open_terminal, size) -> None:  # type: ignore[no-untyped-def]
    columns, rows = size
    term = open_terminal(columns=columns, rows=rows)
    library(term)
    open_from_filter(term, "long", "Paragraph 01 opens")
    if columns < 110:
        term.press("d")  # the drawer holds the panes on a narrow terminal
    term.press("g", "space", "j", "j")
    term.wait_for(lambda: term.cursor_lines() and "Source for paragraph" in term.text())
    assert cursor_paragraph(term, r"Paragraph (\d+) opens") == footnote_shown(term)
    term.press("v", "w", "w")  # a selection after scrolling is drawn
    term.wait_for(lambda: term.selected_text())
    number = cursor_paragraph(term, r"Paragraph (\d+)")
    assert term.selected_text() == f"Paragraph {number} opens"


def test_filters_keep_every_letter_typed(open_terminal) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    term.type("harb")
    term.wait_for(f"1 of {TEXTS} texts")
    assert re.search(r"^\s*harb\s*$", term.lines()[1]), term.text()
    term.press("escape", "ctrl+n")
    term.wait_for("Your notes")
    term.type("marx")
    term.wait_for(lambda: re.search(r"\barx\b|\bmarx\b", term.text()))
    assert re.search(r"\bmarx\b", term.text()), term.text()


def test_q_after_a_filter_leaves_and_escape_closes_find_first(open_terminal) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    open_from_filter(term, "harbour", "port town")
    term.press("slash")
    term.type("strike")
    term.press("enter")  # to the first hit; the hits stay marked
    term.settle()
    term.press("escape")  # closes the find, not the text
    term.settle()
    assert "The Harbour Strike of 1911" in term.lines()[0], term.text()
    term.press("q")
    term.wait_for("sorted by Title")
    term.press("s")  # a command again, not a letter in the filter
    term.wait_for("Search everything")
    assert "harbours" not in term.text()


def test_keys_typed_while_a_big_text_opens_all_count(open_terminal, root: Path) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    open_from_filter(term, "enormous", "Section 0000 starts")
    term.press("space", "space", "j")  # leave it scrolled: it reopens there
    term.settle()
    left_at = int(cursor_paragraph(term, r"Section (\d+) starts"))
    term.press("q")
    term.wait_for("sorted by Title")
    term.press("enter", *["j"] * 5)  # the filter still holds "enormous"
    term.wait_for(lambda: term.cursor_lines() and "Enormous" in term.lines()[0])
    term.settle(0.6)
    assert int(cursor_paragraph(term, r"Section (\d+) starts")) == left_at + 5


def test_q_from_a_search_hit_returns_to_the_results(open_terminal) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    term.press("s")
    term.wait_for("Search everything")
    term.type("minutes")
    term.wait_for("¶")
    term.press("down", "down")  # the second hit
    term.settle()
    chosen = term.selected_option()
    assert "minutes" in chosen, term.text()
    term.press("enter")
    term.wait_for(lambda: term.cursor_lines())
    term.press("q")
    term.wait_for("Search everything")
    term.settle(0.6)
    assert re.search(r"^\s*minutes\s*$", term.lines()[1]), term.text()
    assert term.selected_option() == chosen, term.text()


def test_a_highlight_typed_while_the_notes_load_is_kept(open_terminal, root) -> None:  # type: ignore[no-untyped-def]
    """200 notes re-anchored as the text opens (a paragraph was added above
    them): the keys typed meanwhile move the cursor, select and highlight."""
    import tomllib

    from reader.core.library import Library
    from reader.core.notes import NoteStore
    from reader.core.parse import parse_text

    path = root / "texts" / "long-text.md"
    source = path.read_text(encoding="utf-8")
    article = parse_text(source, text_id="long-text")
    library = Library(root)
    store = NoteStore(library, "long-text")
    rng = random.Random(5)
    plain = article.plain_text
    for start in sorted(rng.sample(range(len(plain) - 60), 200)):
        store.add(article, start, start + 40, note="a note")
    path.write_text(
        source.replace("+++\n\n", "+++\n\nA new first paragraph, added later.\n\n", 1),
        encoding="utf-8",
    )

    def saved() -> list[dict]:  # type: ignore[type-arg]
        notes = tomllib.loads(library.notes_file("long-text").read_text())["annotation"]
        return list(notes)

    term = open_terminal()
    library_shown = f"{TEXTS} of {TEXTS} texts"
    term.wait_for(library_shown, timeout=60)
    open_from_filter(term, "long", "A new first paragraph")
    term.press("j", "v", "w", "h")
    term.wait_for(lambda: len(saved()) == 201)
    assert [n["quote"]["exact"] for n in saved() if n["note"] == ""] == ["Paragraph 01"]
    assert cursor_paragraph(term, r"Paragraph (\d+) opens") == "01"


def test_a_name_typed_in_the_notes_list_is_a_filter_not_a_command(open_terminal, root) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    term.press("ctrl+n")
    term.wait_for("Your notes")
    term.type("Engels")
    term.wait_for(lambda: re.search(r"gels\b", term.text()))
    assert re.search(r"\bEngels\b", term.text()), term.text()
    assert not list(root.glob("notes-*.md"))
    assert "Your notes" in term.text()


def test_q_from_the_notes_list_returns_to_the_search_it_was_opened_from(open_terminal) -> None:  # type: ignore[no-untyped-def]
    term = open_terminal()
    library(term)
    term.press("s")
    term.wait_for("Search everything")
    term.type("minutes")
    term.wait_for("¶")
    results = term.lines()[2:]
    term.press("ctrl+n")
    term.wait_for("Your notes")
    term.press("q")
    term.wait_for("Search everything")
    term.settle(0.6)
    assert re.search(r"^\s*minutes\s*$", term.lines()[1]), term.text()
    assert term.lines()[2:] == results, term.text()


def boxed(term: Terminal) -> str:
    """The words inside the boxes on the screen (the side panes, a dialog), in order."""
    parts = [line.split("│")[1] for line in term.lines() if line.count("│") >= 2]
    return " ".join(" ".join(parts).split())


def test_f_opens_the_drawer_and_a_long_note_reads_to_its_end(open_terminal, root) -> None:  # type: ignore[no-untyped-def]
    """80×24, drawer closed: f shows the note (the drawer opens for it), the
    pane scrolls through it, enter shows it whole, escape leaves as it was."""
    from .test_tui_panes import LONG

    (root / "texts" / "long-note.md").write_text(LONG, encoding="utf-8")
    term = open_terminal(columns=80, rows=24)
    term.wait_for(f"{TEXTS + 1} of {TEXTS + 1} texts", timeout=60)
    term.type("long note")
    term.wait_for(f"1 of {TEXTS + 1} texts")
    term.press("enter")
    term.wait_for("An opening paragraph")
    assert "d drawer" in term.lines()[-1], term.text()
    term.press("j", "f")
    term.wait_for(lambda: "[minutes] The committee's minute book" in boxed(term))
    assert "end of the long note." not in boxed(term)
    term.press("end")
    term.wait_for(lambda: "end of the long note." in boxed(term))
    term.press("enter")
    term.wait_for("Footnote [minutes]")
    term.press("escape")
    term.wait_for(lambda: "Footnote [minutes]" not in term.text())
    term.press("escape")
    term.wait_for(lambda: "Footnotes" not in term.text())
    assert cursor_paragraph(term, r"(The strike committee)") == "The strike committee"
