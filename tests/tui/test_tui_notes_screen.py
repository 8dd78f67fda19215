"""The notes screen: every note across texts, filtered, opened, re-attached, exported."""

from __future__ import annotations

import tomllib

from textual.command import CommandPalette
from textual.widgets import OptionList, Select

from reader.core.notes import NoteStore
from reader.core.parse import parse_file
from reader.tui.library_screen import LibraryScreen
from reader.tui.notes_screen import NotesScreen
from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchScreen

from .conftest import NARROW, WIDE
from .test_tui_reading import open_text


def add_note(library, text: str, quote: str, note: str = "", tags: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    article = parse_file(library.find_text(text))
    start = article.plain_text.index(quote)
    store = NoteStore(library, text)
    store.load()
    return store.add(article, start, start + len(quote), note=note, tags=tags)


def listed(screen: NotesScreen) -> list[str]:
    """The list as lines: text headings as ``# title``, notes as their quote."""
    out = []
    for row, option in zip(
        screen.shown, screen.query_one("#note-list", OptionList)._options, strict=True
    ):
        out.append(f"# {option.prompt}" if row is None else row.note.quote.exact)
    return out


async def open_notes(app, pilot) -> NotesScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def test_every_note_listed_by_text_then_filtered(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.", ("places",))
    add_note(library, "harbour-strike", "kept the accounts", "Finch.", ("people",))
    add_note(library, "short-primer", "a few paragraphs long", "", ("places",))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_notes(app, pilot)
        assert listed(screen) == [
            "# A Short Primer on Reading",
            "a few paragraphs long",
            "# The Harbour Strike of 1911",
            "a hall above a bakery",
            "kept the accounts",
        ]
        assert "3 of 3 notes · 2 texts" in str(screen.query_one("#notes-status").render())
        await pilot.press(*"#places")  # typing on the list goes to the filter
        await pilot.pause()
        assert listed(screen) == [
            "# A Short Primer on Reading",
            "a few paragraphs long",
            "# The Harbour Strike of 1911",
            "a hall above a bakery",
        ]
        await pilot.press(*" met")  # words search the note, the quote, the tags, the title
        await pilot.pause()
        assert listed(screen) == ["# The Harbour Strike of 1911", "a hall above a bakery"]
        await pilot.press("escape")  # clears the filter, back to the list
        await pilot.pause()
        assert len(listed(screen)) == 5
        screen.query_one("#notes-text", Select).value = "harbour-strike"
        await pilot.pause()
        assert listed(screen) == [
            "# The Harbour Strike of 1911",
            "a hall above a bakery",
            "kept the accounts",
        ]
        await pilot.press("down", "enter")  # the second note
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert "kept the accounts" in reading.article.paragraphs[reading.view.cursor].text


async def test_the_notes_key_works_from_every_screen_and_the_palette(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_notes(app, pilot)
        assert "no notes yet" in str(
            screen.query_one("#note-list", OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        reading = await open_text(app, pilot)
        await open_notes(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reading
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        search = app.screen
        await open_notes(app, pilot)  # over the search: going back returns to it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is search
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reading
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"all your notes")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_an_orphan_is_listed_and_reattached_from_the_app(make_app, library) -> None:  # type: ignore[no-untyped-def]
    lost = add_note(library, "harbour-strike", "walked out over pay and hours", "Why?")
    path = library.find_text("harbour-strike")
    path.write_text(
        path.read_text().replace("walked out over pay and hours", "left the quays in anger")
    )
    # Nothing has followed the text yet: the notes screen finds the note lost.
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_notes(app, pilot)
        prompt = str(screen.query_one("#note-list", OptionList).get_option_at_index(1).prompt)
        assert prompt.startswith("orphan not found in the text since it changed")
        assert "1 orphan" in str(screen.query_one("#notes-status").render())
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.annotating.reattach_id == lost.id
        # Select "left the quays" and put the note there.
        text = reading.article.paragraphs[reading.view.cursor].text
        assert "left the quays" in text
        await pilot.press("r")  # no selection yet: it asks for one
        await pilot.pause()
        assert reading.annotating.reattach_id == lost.id
        assert "select a passage first" in str(list(app._notifications)[-1].message)
        await pilot.press("v")
        for _ in range(12):
            await pilot.press("w")
        await pilot.press("r")
        await pilot.pause()
        assert reading.annotating.reattach_id is None
    saved = tomllib.loads(library.notes_file("harbour-strike").read_text())["annotation"]
    (note,) = saved
    assert note["id"] == lost.id and note["note"] == "Why?"
    assert note.get("status", "ok") == "ok"
    assert note["quote"]["exact"].startswith("In the summer of 1911")


async def test_export_writes_markdown_in_the_library_folder(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.", ("places",))
    add_note(library, "harbour-strike", "kept the accounts", "Finch.", ("people",))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_notes(app, pilot)
        await pilot.press(*"#people", "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen is app.screen
        (written,) = library.root.glob("notes-*.md")
        message = str(list(app._notifications)[-1].message)
        assert message == f"exported 1 note to {written}"
    text = written.read_text()
    assert text.startswith('---\ntitle: "Notes on The Harbour Strike of 1911"')
    assert "> kept the accounts" in text and "Finch." in text
    assert "bakery" not in text  # only the notes shown


async def test_a_changed_passage_is_marked_and_found_by_the_filter(make_app, library) -> None:  # type: ignore[no-untyped-def]
    add_note(library, "harbour-strike", "A young clerk kept the accounts and later wrote", "Finch.")
    add_note(library, "harbour-strike", "a hall above a bakery", "Where they met.")
    text = library.find_text("harbour-strike")
    text.write_text(
        text.read_text(encoding="utf-8").replace("kept the accounts", "kept the ledgers"),
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_notes(app, pilot)
        assert "1 changed" in str(screen.query_one("#notes-status").render())
        options = screen.query_one("#note-list", OptionList)._options
        shown = [str(o.prompt) for o in options]
        assert any(s.startswith("changed the passage's words have changed") for s in shown)
        await pilot.press(*"changed")
        await pilot.pause()
        assert listed(screen) == [
            "# The Harbour Strike of 1911",
            "A young clerk kept the accounts and later wrote",
        ]
