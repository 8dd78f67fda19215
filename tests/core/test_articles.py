"""A library's parsed texts: one cache, and provisional titles that stay put."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.core.articles import Articles, read_article
from reader.core.library import Library
from reader.core.search import catalog, sync
from reader.core.state import load_titles, state_path

UNTITLED = """The ferry from the mainland ran twice a week in winter, weather allowing.

Its captain kept a log of every crossing, the cargo and the passengers.
"""
INSERTED = "A word first: this note was added to the file a month later.\n\n"
FIRST_TITLE = "The ferry from the mainland ran twice a…"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path)
    library.texts_dir.mkdir()
    return library


def write(path: Path, text: str) -> None:
    """Write ``text`` and move the file's time on, as an editor saving it would."""
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 10**9
    os.utime(path, ns=(later, later))


def test_a_provisional_title_stays_when_a_paragraph_is_inserted_above(lib: Library) -> None:
    path = lib.texts_dir / "ferry.txt"
    write(path, UNTITLED)
    first = read_article(lib, path)
    assert first.meta.title_provisional and first.meta.title == FIRST_TITLE
    assert load_titles(lib) == {"ferry": FIRST_TITLE}

    write(path, INSERTED + UNTITLED)
    again = read_article(lib, path)
    assert again.meta.title == FIRST_TITLE
    assert again.paragraphs[0].text.startswith("A word first")


def test_a_text_rewritten_under_the_same_name_is_named_again(lib: Library) -> None:
    path = lib.texts_dir / "ferry.txt"
    write(path, UNTITLED)
    read_article(lib, path)
    write(path, "Another text entirely, about lighthouses and their keepers.\n")
    renamed = read_article(lib, path)
    assert renamed.meta.title.startswith("Another text entirely")
    assert load_titles(lib)["ferry"] == renamed.meta.title


def test_a_real_title_wins_over_a_remembered_one(lib: Library) -> None:
    path = lib.texts_dir / "ferry.md"
    write(path, UNTITLED)
    read_article(lib, path)
    write(path, "# Winter crossings\n\n" + UNTITLED)
    titled = read_article(lib, path)
    assert titled.meta.title == "Winter crossings" and not titled.meta.title_provisional


def test_a_damaged_state_file_is_left_alone(lib: Library) -> None:
    state = state_path(lib)
    state.parent.mkdir(parents=True)
    state.write_text("theme = [unclosed\n", encoding="utf-8")
    path = lib.texts_dir / "ferry.txt"
    write(path, UNTITLED)
    assert read_article(lib, path).meta.title == FIRST_TITLE
    assert state.read_text(encoding="utf-8") == "theme = [unclosed\n"


def test_the_index_and_the_library_list_keep_the_first_title(lib: Library) -> None:
    path = lib.texts_dir / "ferry.txt"
    write(path, UNTITLED)
    sync(lib)
    write(path, INSERTED + UNTITLED)
    assert sync(lib).changed == ["ferry"]
    assert [t.title for t in catalog(lib)] == [FIRST_TITLE]


def test_one_parse_while_the_file_is_unchanged(lib: Library) -> None:
    path = lib.texts_dir / "ferry.txt"
    write(path, UNTITLED)
    articles = Articles(lib, size=2)
    first = articles.load("ferry")
    assert articles.load("ferry.txt") is first
    write(path, INSERTED + UNTITLED)
    changed = articles.load("ferry")
    assert changed is not first and changed.meta.title == FIRST_TITLE
    assert articles.get("no-such-text") is None


def test_the_cache_keeps_only_the_latest_texts(lib: Library) -> None:
    for name in ("a", "b", "c"):
        write(lib.texts_dir / f"{name}.txt", f"Text {name}, a few words of it.\n")
    articles = Articles(lib, size=2)
    a = articles.load("a")
    articles.load("b")
    articles.load("c")
    assert articles.load("a") is not a
