"""Smaller things a person notices: home/end, the order kept, find's place, names, links."""

from __future__ import annotations

import re
import tomllib

from textual.widgets import DataTable

from reader.tui.annotating import entry_name
from reader.tui.dialogs import ChoiceScreen
from reader.tui.library_screen import LibraryScreen
from reader.tui.top_bar import TopBar

from .conftest import WIDE
from .test_tui_reading import move_to_marker, open_text

TWO_LINKS = """Two Links

A paragraph that cites a note with two web addresses in it.[1]

Notes

[1] The minutes are at https://example.org/minutes and the photographs at https://example.org/photos.
"""


async def test_home_and_end_in_the_library_and_the_order_is_kept(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("4", "4")  # by words, then the reverse
        await pilot.pause()
    state = tomllib.loads((library.root / ".reader" / "state.toml").read_text())
    assert state["sort"] == "-words"
    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, LibraryScreen)
        assert (screen.sort_key, screen.sort_reverse) == ("words", True)
        assert "sorted by Words ↓" in str(screen.query_one(DataTable).border_title)


async def test_find_says_which_hit_of_how_many(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("slash", *"the", "enter")
        await pilot.pause()
        count = len(screen.view.hits)
        assert count > 2
        assert f"1 of {count}" in str(screen.query_one(TopBar).render())
        await pilot.press("n")
        await pilot.pause()
        assert f"2 of {count}" in str(screen.query_one(TopBar).render())
        await pilot.press("escape")  # the marks go, and their count
        await pilot.pause()
        assert not re.search(r"\d+ of \d+", str(screen.query_one(TopBar).render()))


def test_a_glossary_name_leaves_the_selection_punctuation_behind() -> None:
    assert entry_name("Millière,") == "Millière"
    assert entry_name("“the Granary.”") == "the Granary"
    assert entry_name("(Karl\nMarx);") == "Karl Marx"
    assert entry_name("St. Petersburg") == "St. Petersburg"


async def test_o_on_a_note_with_two_addresses_asks_which(make_app, library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "two-links.txt").write_text(TWO_LINKS, encoding="utf-8")
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "two-links")
        await move_to_marker(pilot, screen, "1")
        await pilot.press("f", "o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert opened == ["https://example.org/photos"]
        assert app.screen is screen
