"""Selecting, highlighting, annotating and adding to the glossary from the reading screen."""

from __future__ import annotations

import threading
import tomllib

from textual.widgets import TextArea

from reader.tui.forms import EntryDialog, NoteDialog
from reader.tui.notes_pane import NotesPane
from reader.tui.reading import ReadingScreen

from .conftest import WIDE
from .test_tui_reading import move_to_marker, open_text


def notes_file(library, text: str = "harbour-strike") -> list[dict]:  # type: ignore[no-untyped-def]
    path = library.notes_file(text)
    return tomllib.loads(path.read_text())["annotation"] if path.exists() else []


def last_message(app) -> str:  # type: ignore[no-untyped-def]
    return str(list(app._notifications)[-1].message)


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
        styled = [
            seg.text
            for seg in screen.view.render_line(y)
            if seg.style is not None
            and seg.style.underline == note_style.underline
            and seg.style.underline
        ]
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


def highlighted_text(screen: ReadingScreen, paragraph: int) -> str:
    """The text drawn in the note style (its background and underline) in ``paragraph``."""
    view = screen.view
    note_style = view.get_component_rich_style("article--note")  # its colour as drawn
    assert note_style.underline and note_style.bgcolor is not None
    top = view.paragraph_top(paragraph) - int(view.scroll_offset.y)
    bottom = (
        view.paragraph_top(paragraph + 1) - int(view.scroll_offset.y)
        if paragraph + 1 < len(screen.article.paragraphs)
        else top + 10
    )
    out: list[str] = []
    for y in range(max(0, top), min(bottom, view.scrollable_content_region.height)):
        out += [
            seg.text
            for seg in view.render_line(y)
            if seg.style is not None
            and seg.style.underline
            and seg.style.bgcolor == note_style.bgcolor
        ]
    return " ".join(" ".join(out).split())


async def test_a_note_written_survives_a_restart_highlighted(make_app, library) -> None:  # type: ignore[no-untyped-def]
    """The acceptance test: select, write a note, quit, restart, find it highlighted."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        paragraph = screen.view.cursor
        await pilot.press("v", "w", "w")
        assert highlighted_text(screen, paragraph) == ""
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Who chaired it?\nThe minutes do not say.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("q", "q")  # back to the library, then quit
        await pilot.pause()
    assert not app.is_running
    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        screen = await open_text(again, pilot)
        assert screen.view.cursor == paragraph  # resumed there
        assert highlighted_text(screen, paragraph) == "The strike committee"
        pane = screen.query_one("#notes", NotesPane)
        assert [n.note for n in pane.notes] == ["Who chaired it?\nThe minutes do not say."]


async def test_edit_a_note_and_undo_the_edit(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        await pilot.press("v", "right_parenthesis", "a")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("First thought.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        area = dialog.query_one(TextArea)
        assert area.text == "First thought."
        area.insert("\nSecond thought, on a new line.")  # the cursor starts at the end
        await pilot.click("#note-tags")
        await pilot.press(*"bakery, minutes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = notes_file(library)
        assert saved["note"] == "First thought.\nSecond thought, on a new line."
        assert saved["tags"] == ["bakery", "minutes"]
        pane = screen.query_one("#notes", NotesPane)
        assert pane.notes[0].tags == ("bakery", "minutes")
        await pilot.press("u")
        await pilot.pause()
        (saved,) = notes_file(library)
        assert saved["note"] == "First thought."
        assert "tags" not in saved or saved["tags"] == []


async def test_delete_a_note_then_bring_it_back(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "1")
        await pilot.press("v", "h")
        await move_to_marker(pilot, screen, "4")
        paragraph = screen.view.cursor
        await pilot.press("v", "w", "a")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Keep me.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (kept,) = [n for n in notes_file(library) if n["note"]]
        await pilot.press("x")
        await pilot.pause()
        assert [n["note"] for n in notes_file(library)] == [""]
        assert highlighted_text(screen, paragraph) == ""
        assert "deleted" in last_message(app)
        await pilot.press("g", "ctrl+z")  # undo also brings the cursor back to it
        await pilot.pause()
        assert screen.view.cursor == paragraph
        assert highlighted_text(screen, paragraph) == "The strike"
        back = [n for n in notes_file(library) if n["note"]]
        assert [(n["id"], n["note"], n["start"]) for n in back] == [
            (kept["id"], "Keep me.", kept["start"])
        ]
        await pilot.press("u")
        assert "nothing to undo" in last_message(app)


async def test_delete_the_note_chosen_in_the_pane(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "4")
        await pilot.press("v", "h", "v", "right_parenthesis", "W", "h")
        await pilot.pause()
        pane = screen.query_one("#notes", NotesPane)
        assert len(pane.notes) == 2
        first, second = (n.quote.exact for n in pane.notes)
        assert first != second
        pane.focus()
        pane.highlighted = 1  # the second note (separators take no index)
        await pilot.press("x")
        await pilot.pause()
        assert [n["quote"]["exact"] for n in notes_file(library)] == [first]


async def test_keys_typed_while_the_notes_load_are_kept(make_app, library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The notes file is read and re-anchored in a worker: the text moves while
    that runs, and a highlight typed meanwhile is saved once the notes are read."""
    from reader.core.notes import NoteStore

    release = threading.Event()
    reanchor = NoteStore.reanchor

    def slow_reanchor(self, article):  # type: ignore[no-untyped-def]
        release.wait(10)
        return reanchor(self, article)

    monkeypatch.setattr(NoteStore, "reanchor", slow_reanchor)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        screen = app.open_text("harbour-strike")
        await pilot.pause()
        assert isinstance(screen, ReadingScreen)
        assert screen.annotating.store is None  # still reading the notes
        start = screen.view.cursor
        await pilot.press("j")
        assert screen.view.cursor == start + 1
        await pilot.press("v", "w")
        quote = selected(screen)
        await pilot.press("h")
        assert notes_file(library) == []
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        (saved,) = notes_file(library)
        assert saved["quote"]["exact"] == quote
        assert screen.view.selection is None
        pane = screen.query_one("#notes", NotesPane)
        assert [n.quote.exact for n in pane.notes] == [quote]
