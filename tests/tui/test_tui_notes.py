"""Selecting, highlighting, annotating and adding to the glossary from the reading screen."""

from __future__ import annotations

import tomllib

from textual.widgets import TextArea

from reader.tui.annotating import NotesPane
from reader.tui.forms import EntryDialog, NoteDialog
from reader.tui.reading import ReadingScreen

from .conftest import WIDE
from .test_tui_reading import move_to_marker, open_text


def notes_file(library, text: str = "harbour-strike") -> list[dict]:  # type: ignore[no-untyped-def]
    path = library.notes_file(text)
    return tomllib.loads(path.read_text())["annotation"] if path.exists() else []


def selected(screen: ReadingScreen) -> str:
    sel = screen.view.selection
    assert sel is not None
    return sel.text(screen.article.paragraphs[sel.paragraph].text)


async def test_select_by_word_and_sentence_then_highlight(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "2")
        await pilot.press("v")
        assert selected(screen) == "The"
        await pilot.press("w", "w")
        assert selected(screen) == "The shipping owners"
        await pilot.press("W")
        assert selected(screen) == "The shipping"
        await pilot.press("right_parenthesis")
        assert selected(screen) == "The shipping owners first refused to meet a joint committee.[2]"
        await pilot.press("left_parenthesis")
        assert selected(screen) == "The"
        await pilot.press("w", "w", "h")
        await pilot.pause()
        assert screen.view.selection is None
        (saved,) = notes_file(library)
        assert saved["quote"]["exact"] == "The shipping owners"
        assert saved["note"] == ""
        pane = screen.query_one("#notes", NotesPane)
        assert [n.quote.exact for n in pane.notes] == ["The shipping owners"]
        # The highlight is drawn in the article.
        note_style = screen.view.get_component_rich_style("article--note", partial=True)
        y = screen.view.paragraph_top(screen.view.cursor) - int(screen.view.scroll_offset.y)
        styled = [seg.text for seg in screen.view.render_line(y)
                  if seg.style is not None and seg.style.underline == note_style.underline
                  and seg.style.underline]
        assert "".join(styled) == "The shipping owners"


async def test_write_a_note_with_tags(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        await pilot.press("v", "right_parenthesis", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).insert("Where [bold]they[/bold] met.\nSecond line.")
        await pilot.click("#note-tags")
        await pilot.press(*"places, sources")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    (saved,) = notes_file(library)
    exact = "The strike committee met every night in a hall above a bakery."
    assert saved["quote"]["exact"] == exact
    assert saved["note"] == "Where [bold]they[/bold] met.\nSecond line."
    assert saved["tags"] == ["places", "sources"]


async def test_next_and_previous_note_and_resume_of_marks(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "1")
        await pilot.press("v", "h")
        first = screen.view.cursor
        await move_to_marker(pilot, screen, "5")
        await pilot.press("v", "w", "h")
        second = screen.view.cursor
        await pilot.press("g", "m")
        assert screen.view.cursor == first
        await pilot.press("m")
        assert screen.view.cursor == second
        await pilot.press("M")
        assert screen.view.cursor == first
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        screen = await open_text(again, pilot)
        assert set(screen.view._marks) == {first, second}  # noqa: SLF001 - drawn from the file


async def test_escape_drops_the_selection_before_leaving(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("j", "v")
        assert screen.view.selection is not None
        await pilot.press("escape")
        assert screen.view.selection is None
        assert app.screen is screen
        await pilot.press("v", "j")  # moving the cursor drops it too
        assert screen.view.selection is None


async def test_add_selected_words_to_the_glossary(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        await pilot.press("v", "w", "w", "plus")
        await pilot.pause()
        assert isinstance(app.screen, EntryDialog)
        assert app.screen.query_one("#entry-name").value == "The strike committee"  # type: ignore[attr-defined]
        await pilot.press(*"The elected body that ran the strike.", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        names = [item.prompt.plain.split("  ")[0] for item in screen.glossary.items]
        assert "The strike committee" in names
    saved = tomllib.loads(library.user_glossary.read_text())
    assert saved["entry"][0]["summary"] == "The elected body that ran the strike."


async def test_a_broken_notes_file_is_left_alone(make_app, library) -> None:  # type: ignore[no-untyped-def]
    path = library.notes_file("harbour-strike")
    path.parent.mkdir(parents=True)
    path.write_text("[[annotation]\nbroken")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        assert any("read-only" in str(n.message) for n in app._notifications)
        await pilot.press("j", "v", "h")
        await pilot.pause()
        assert screen.view.selection is not None  # not saved, so still selected
    assert path.read_text() == "[[annotation]\nbroken"
