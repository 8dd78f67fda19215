"""The search screen: as you type, grouped by text, Enter opens the paragraph."""

from __future__ import annotations

from textual.widgets import OptionList

from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchScreen, query_terms

from .conftest import NARROW, WIDE


async def search_for(app, pilot, query: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_search_and_open_a_hit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "bakery")
        hits = [h for h in screen.option_hits if h is not None]
        assert [h.text for h in hits] == ["harbour-strike"]
        results = screen.query_one("#results", OptionList)
        prompts = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        assert prompts[0] == "The Harbour Strike of 1911"  # the group's heading
        assert "§ The committee" in prompts[1] and "bakery" in prompts[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert "bakery" in reading.article.paragraphs[reading.view.cursor].text
        assert [reading.article.paragraphs[h.paragraph].text[h.start:h.end]
                for h in reading.view.hits] == ["bakery"]
        assert reading.view.current_hit == 0


async def test_results_as_you_type_drop_stale_answers(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await search_for(app, pilot, "memoir")
        assert screen.results is not None and screen.results.query == "memoir"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace",
                          "backspace", *"primer")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.results is not None and screen.results.query == "primer"
        assert {h.text for h in screen.option_hits if h} == {"short-primer"}
        # An answer for an older query is ignored.
        old = screen.results
        screen._show("memoir", old, None)
        assert screen.results is old


async def test_did_you_mean_and_enter_takes_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "bakrey")
        assert screen.results is not None
        assert screen.results.suggestion == "bakery"
        status = str(screen.query_one("#search-status").render())
        assert "did you mean bakery?" in status
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#query").value == "bakery"  # type: ignore[attr-defined]
        assert [h.text for h in screen.option_hits if h] == ["harbour-strike"]


async def test_a_bad_query_says_so(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "-bakery")
        assert "only excludes words" in str(screen.query_one("#search-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_search_from_the_reading_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        app.open_text("short-primer")
        await pilot.pause()
        screen = await search_for(app, pilot, "railway")
        assert [h.text for h in screen.option_hits if h] == ["harbour-strike"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == "harbour-strike"
        # Only one reading screen on the stack: escape goes to the library.
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReadingScreen | SearchScreen)


def test_query_terms_skip_operators_and_fields() -> None:
    assert query_terms('"harbour strike" OR title:ports -riot docks* NOT pay the') == [
        "harbour strike", "docks",
    ]
    assert query_terms('-"not this" "dictatorship of the proletariat"') == [
        "dictatorship of the proletariat"
    ]


async def test_texts_come_before_glossary_and_a_glossary_hit_shows_the_entry(make_app) -> None:  # type: ignore[no-untyped-def]
    from reader.tui.dialogs import EntryScreen

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "committee")
        kinds = [h.kind for h in screen.option_hits if h]
        assert kinds == sorted(kinds, key=lambda k: k != "text")
        assert "glossary" in kinds and "text" in kinds
        entry = next(h for h in screen.option_hits if h and h.kind == "glossary")
        screen.open_hit(entry)
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "Edward Finch" in str(app.screen.query_one("#entry-text").render())
