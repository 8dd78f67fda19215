"""The Sources screen: the works a text cites (Enter jumps to the citing
paragraph), and the library's bibliography ("cited in" every text)."""

from __future__ import annotations

from textual.widgets import OptionList

import reader.core.sources  # noqa: F401 - loaded by the index sync in the app, as here
from reader.tui.library_screen import LibraryScreen
from reader.tui.reading import ReadingScreen
from reader.tui.sources_screen import SourcesScreen

from .conftest import NARROW, WIDE
from .snapshot_app import snapshot_app
from .test_tui_reading import move_to_marker, open_text, pane_text
from .test_tui_snapshots import settle


def listed(screen: SourcesScreen) -> list[str]:
    options = screen.query_one("#source-list", OptionList)._options
    return [str(option.prompt).strip() for option in options]


async def open_sources(app, pilot, key: str) -> SourcesScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SourcesScreen)
    return screen


async def test_the_works_of_a_text_and_enter_jumps_to_the_citing_paragraph(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        reading = await open_text(app, pilot)
        screen = await open_sources(app, pilot, "S")
        lines = listed(screen)
        assert lines[0].startswith("3× A. Brown, Ports and Pay (1950)")
        assert lines[1:4] == ["¶3, note 1, p. 12", "¶4, note 2, p. 40", "¶6, note 4, p. 55"]
        assert any("C. Davies, Railways in the Strike, in Labour Review (1961)" in x for x in lines)
        assert "3 of 3 works · cited 5 times" in str(screen.query_one("#sources-status").render())
        await pilot.press("down", "down", "enter")  # Brown, note 2: the fourth paragraph
        await settle(pilot)
        text = app.screen
        assert isinstance(text, ReadingScreen) and text.article is reading.article
        assert text.view.cursor == 3
        assert text.footnotes.highlighted is not None  # the note citing it
        await pilot.press("backspace", "backspace")  # the note, then the list of works
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)


async def test_the_library_bibliography_filters_and_opens_the_citing_text(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        screen = await open_sources(app, pilot, "ctrl+b")
        lines = listed(screen)
        assert any("Ports and Pay" in x for x in lines)
        assert any("J. Smith, A Book About Reading" in x for x in lines)
        # "cited in": each place names its text
        assert "The Harbour Strike of 1911 ¶3, note 1, p. 12" in lines
        await pilot.press(*"davies")
        await pilot.pause()
        assert [x for x in listed(screen) if x] == [
            listed(screen)[0],
            "The Harbour Strike of 1911 ¶4, note 3, p. 7",
        ]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == "harbour-strike"
        assert app.screen.view.cursor == 3


async def test_escape_goes_back_and_markup_in_notes_stays_text(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.open_text("hostile")
        await pilot.pause()
        reading = app.screen
        screen = await open_sources(app, pilot, "S")
        assert all("[/bold]" not in x or "[bold]" in x for x in listed(screen))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reading


def test_sources_screen_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def sources(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.open_text("harbour-strike")
        await pilot.pause()
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(snapshot_app(), terminal_size=WIDE, run_before=sources)


async def test_copy_a_passage_with_its_citation(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        reading = await open_text(app, pilot)
        reading.view.move_to(2)
        await pilot.pause()
        await pilot.press("v", "w", "w", "y")  # three words
        await pilot.pause()
        assert app.clipboard == (
            "“In the summer” — Test Writer, The Harbour Strike of 1911 (2020-03-14), "
            "§ Why the docks stopped, ¶3"
        )
        await pilot.press("Y", "y")
        await pilot.pause()
        assert app.clipboard.startswith("> In the summer\n>\n> — Test Writer, *The Harbour")
        await pilot.press("Y", "y")
        await pilot.pause()
        assert app.clipboard == (
            "“In the summer” \\cite[§ Why the docks stopped, ¶3]{writer2020harbour}"
        )
        await pilot.press("Y", "escape", "y")  # no selection: the whole paragraph
        await pilot.pause()
        assert app.clipboard.startswith("“In the summer of 1911 the dockers")


def test_the_sources_commands() -> None:
    from reader.tui.commands import SOURCES, bindings_for, commands_for
    from reader.tui.dialogs import help_content

    keys = [b.key for b in bindings_for(SOURCES)]
    assert len(keys) == len(set(keys))
    for command in commands_for(SOURCES):
        if command.bind:
            assert hasattr(SourcesScreen, f"action_{command.id}"), command.id
        assert command.help in help_content(SOURCES).plain


async def test_the_footnotes_pane_shows_the_work_under_a_note(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        reading = await open_text(app, pilot)
        await move_to_marker(pilot, reading, "2")  # Ibid. after Brown, then Davies
        await pilot.pause()
        text = pane_text(reading)
        assert "↳ A. Brown, Ports and Pay (1950)" in text  # the Ibid.'s work
        assert "↳ C. Davies, Railways in the Strike, in Labour Review (1961)" in text
        await move_to_marker(pilot, reading, "5")  # a gloss: no work
        await pilot.pause()
        assert "↳" not in pane_text(reading)
