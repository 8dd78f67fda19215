"""Getting around: the back stack (q, backspace) and the glossary pane's entries."""

from __future__ import annotations

from textual.widgets import OptionList

from reader.tui.library_screen import LibraryScreen
from reader.tui.messages import OpenText
from reader.tui.notes_screen import NotesFilter, NotesScreen
from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchInput, SearchScreen
from reader.tui.sources_screen import SourcesFilter, SourcesScreen

from .conftest import WIDE
from .test_tui_notes_screen import add_note, open_notes
from .test_tui_reading import open_text


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_q_from_a_note_returns_to_the_notes_list_with_its_filter(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.", ("places",))
    wanted = add_note(library, "harbour-strike", "kept the accounts", "Finch.", ("people",))
    add_note(library, "short-primer", "a few paragraphs long", "", ("places",))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_notes(app, pilot)
        await pilot.press(*"#people", "enter")
        await settle(app, pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        await pilot.press("q")
        await settle(app, pilot)
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        assert notes.query_one(NotesFilter).value == "#people"
        row = notes.selected_row()
        assert row is not None and row.note.id == wanted.id
        assert notes.focused is notes.query_one("#note-list", OptionList)
        await pilot.press("q")  # a command on the list, not a letter in the filter
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_backspace_returns_across_texts(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        first = await open_text(app, pilot)
        await pilot.press("j", "j", "j")
        at = first.view.cursor
        app.post_message(OpenText("short-primer", paragraph=1))  # as a mention opens it
        await settle(app, pilot)
        second = app.screen
        assert isinstance(second, ReadingScreen) and second.article.id == "short-primer"
        await pilot.press("backspace")
        await settle(app, pilot)
        back = app.screen
        assert isinstance(back, ReadingScreen)
        assert (back.article.id, back.view.cursor) == ("harbour-strike", at)
        # Nothing left to go back to in the text: backspace does what q does,
        # back to where the text was opened from.
        await pilot.press("backspace")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


FIVE = """+++
title = "Five Names"
[[glossary]]
name = "Anna Berg"
kind = "person"
summary = "A weaver who chaired the strike's women's committee and kept its accounts for a year."
[[glossary]]
name = "Carl Dorn"
kind = "person"
summary = "A carter, later the union's first paid secretary in the town."
[[glossary]]
name = "Eva Falk"
kind = "person"
summary = "A teacher who ran the soup kitchen behind the hall above the bakery."
[[glossary]]
name = "the Granary"
kind = "place"
summary = "The warehouse by the east quay where the committee first met."
+++

An opening line, with nobody named in it at all.

Anna Berg met Carl Dorn and Eva Falk at the Granary, where the dockers waited.
"""


async def test_the_glossary_pane_shows_every_entry_and_e_moves(make_app, library) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "five.md").write_text(FIVE, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "five")
        await pilot.press("j")
        await settle(app, pilot)
        pane = screen.glossary
        names = ["Anna Berg", "Carl Dorn", "Eva Falk", "the Granary", "docker"]
        lines = [str(pane.get_option_at_index(n).prompt) for n in range(pane.option_count)]
        assert [line.split("  ")[0] for line in lines] == names
        assert all("\n" not in line for line in lines)  # one line each
        assert pane.border_title == "Glossary · 5"
        await pilot.press("e", "e")  # the second entry, in full
        await pilot.pause()
        assert pane.highlighted == 1
        assert pane.border_title == "Glossary · 2 of 5"
        assert "\n" in str(pane.get_option_at_index(1).prompt)
        assert "first paid secretary in the town." in str(pane.get_option_at_index(1).prompt)
        assert "\n" not in str(pane.get_option_at_index(0).prompt)
        await pilot.press("down")  # the pane has the focus: arrows move too
        await pilot.pause()
        assert pane.border_title == "Glossary · 3 of 5"
        await pilot.press("escape")  # back to the text, not out of it
        await pilot.pause()
        assert app.screen is screen and screen.focused is screen.view


async def test_q_from_the_notes_opened_over_search_returns_to_the_results(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("s", *"bakery")
        await settle(app, pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        hits = [h for h in search.option_hits if h]
        assert hits
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("q")
        await settle(app, pilot)
        assert app.screen is search
        assert search.query_one(SearchInput).value == "bakery"
        assert [h for h in search.option_hits if h] == hits
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_q_from_a_place_in_the_works_cited_returns_to_the_list(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        reading = await open_text(app, pilot)
        await pilot.press("j")
        left_at = reading.view.cursor
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("down", "down", "enter")  # Brown, note 2: the fourth paragraph
        await settle(app, pilot)
        text = app.screen
        assert isinstance(text, ReadingScreen)
        assert (text.article.id, text.view.cursor) == ("harbour-strike", 3)
        await pilot.press("q")
        await settle(app, pilot)
        works = app.screen
        assert isinstance(works, SourcesScreen)
        assert works.article is not None and works.article.id == "harbour-strike"
        assert works.query_one("#source-list", OptionList).highlighted == 2
        await pilot.press("q")
        await settle(app, pilot)
        back = app.screen
        assert isinstance(back, ReadingScreen)
        assert (back.article.id, back.view.cursor) == ("harbour-strike", left_at)
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_q_from_a_text_opened_from_the_bibliography_returns_to_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        works = app.screen
        assert isinstance(works, SourcesScreen)
        await pilot.press(*"brown", "down", "down")
        await settle(app, pilot)
        chosen = works.place()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("q")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, SourcesScreen) and again.article is None
        assert again.query_one(SourcesFilter).value == "brown"
        assert again.place() == chosen
        assert again.focused is again.query_one("#source-list")
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
