"""The glossary entry dialog's "mentioned in": other paragraphs, found through the index."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from reader.tui.dialogs import EntryScreen
from reader.tui.mentions import names_query
from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchScreen

from .conftest import WIDE
from .test_tui_reading import move_to_marker, open_text
from .test_tui_search import search_for

QUAYS = """+++
title = "Life on the Quays"
+++

A day in the port, hour by hour.

# Mornings

Every dock worker waited at the gate before dawn.

A second paragraph says nothing about it.

# Evenings

In the evening the dockers drank in the same two taverns.
"""


def mention_lines(dialog: EntryScreen) -> list[str]:
    listing = dialog.query_one("#mentions", OptionList)
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


async def test_the_entry_lists_the_other_paragraphs_that_mention_it(make_app, library) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "quays.md").write_text(QUAYS)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "1")  # "the dockers of a northern port"
        here = screen.view.cursor
        await pilot.press("e", "enter")  # e: the entry in its pane; enter: in full
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryScreen)
        assert "docker" in str(dialog.query_one("#entry-text").render())
        assert dialog.articles is app.articles  # the app's parsed texts, not a parse of its own
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = [h for h in dialog.mentions if h is not None]
        # Both names of the entry, as phrases; never the paragraph being read.
        assert [(h.text, h.heading) for h in hits] == [
            ("quays", "Mornings"),
            ("quays", "Evenings"),
        ]
        assert ("harbour-strike", here) not in [(h.text, h.paragraph) for h in hits]
        lines = mention_lines(dialog)
        assert lines[:3] == [
            "Life on the Quays",
            "§ Mornings",
            "¶ Every dock worker waited at the gate before dawn.",
        ]
        assert lines[3:] == [
            "§ Evenings",
            "¶ In the evening the dockers drank in the same two taverns.",
        ]
        assert [t for t, match in hits[0].snippet if match] == ["dock worker"]
        title = str(dialog.query_one("#mentions-title").render())
        assert "2 paragraphs of 1 text" in title
        await pilot.press("down", "enter")  # the second: "Evenings"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.article.id == "quays"
        assert reading.view.cursor == hits[1].paragraph
        marked = [
            reading.article.paragraphs[h.paragraph].text[h.start : h.end] for h in reading.view.hits
        ]
        assert marked == ["dock worker", "dockers"]
        # Back to the text the entry was opened from, at its paragraph (issue 15:
        # this went to the library), then to the library.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        back = app.screen
        assert isinstance(back, ReadingScreen)
        assert (back.article.id, back.view.cursor) == ("harbour-strike", here)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ReadingScreen | EntryScreen)


async def test_an_entry_mentioned_nowhere_else_says_so(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "1")
        await pilot.press("e", "enter")  # e: the entry in its pane; enter: in full
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryScreen)
        assert dialog.mentions == []
        assert "nowhere else in the library" in str(dialog.query_one("#mentions-title").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_a_glossary_hit_in_search_shows_its_mentions_too(make_app, library) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "quays.md").write_text(QUAYS)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "loads and unloads")
        entry = next(h for h in screen.option_hits if h and h.kind == "glossary")
        screen.open_hit(entry)
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryScreen)
        assert dialog.articles is app.articles
        texts = {h.text for h in dialog.mentions if h is not None}
        assert texts == {"quays", "harbour-strike"}
        dialog.open_mention(next(h for h in dialog.mentions if h is not None))
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert not any(isinstance(s, SearchScreen) for s in app.screen_stack)


def test_names_become_quoted_phrases() -> None:
    assert names_query(["Karl Marx", 'the "Russian World"', "K. Marx", "Karl Marx"]) == (
        '"Karl Marx" OR "the Russian World" OR "K. Marx"'
    )


def test_only_paragraphs_holding_the_whole_name_are_mentions(tmp_path: Path) -> None:
    """The index names every paragraph with any word of a phrase; "mentioned in"
    keeps those where the name itself is written."""
    from reader.core.library import Library
    from reader.core.search.sync import sync
    from reader.tui.mentions import find_mentions

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(
        "A title\n\n"
        "Marx wrote The Civil War in France in a few weeks of 1871, in London.\n\n"
        "The war went badly for France, and the civil service fled the city.\n"
    )
    library = Library(tmp_path)
    sync(library)
    found = find_mentions(library, ["The Civil War in France"])
    assert [h.paragraph for h in found.hits] == [0]
