"""The search screen: as you type, grouped by text, Enter opens the paragraph."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import OptionList

from reader.tui.reading import ReadingScreen
from reader.tui.search_screen import SearchInput, SearchScreen, query_terms

from .conftest import NARROW, WIDE


async def search_for(app, pilot, query: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    """Type ``query`` on the search screen (opened with ``s``, or cleared if open)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    if isinstance(app.screen, SearchScreen):
        app.screen.query_one("#query", SearchInput).value = ""
    else:
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
        assert prompts[1] == "§ The committee"  # the section's
        assert "bakery" in prompts[2]
        await pilot.press("down", "enter")
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert "bakery" in reading.article.paragraphs[reading.view.cursor].text
        assert [
            reading.article.paragraphs[h.paragraph].text[h.start : h.end] for h in reading.view.hits
        ] == ["bakery"]
        assert reading.view.current_hit == 0


async def test_results_as_you_type_drop_stale_answers(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await search_for(app, pilot, "memoir")
        assert screen.results is not None and screen.results.query == "memoir"
        await pilot.press(
            "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", *"primer"
        )
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
        # Back to the results, the query and the chosen hit kept (issue 15: this
        # went to the library), then to the text the search was made from.
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen
        assert isinstance(results, SearchScreen)
        assert results.query_one("#query", SearchInput).value == "railway"
        chosen = results.query_one("#results", OptionList).highlighted
        assert chosen is not None and results.option_hits[chosen] is not None
        assert results.option_hits[chosen].text == "harbour-strike"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == "short-primer"
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ReadingScreen | SearchScreen)


def test_query_terms_skip_operators_and_fields() -> None:
    assert query_terms('"harbour strike" OR title:ports -riot docks* NOT pay the') == [
        "harbour strike",
        "docks",
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


@pytest.mark.parametrize("where", ["library", "reading"])
async def test_keys_typed_right_after_s_reach_the_box_during_the_sync(make_app, where) -> None:  # type: ignore[no-untyped-def]
    app = make_app(open_text="harbour-strike" if where == "reading" else None)
    async with app.run_test(size=WIDE) as pilot:
        if where == "reading":
            await pilot.pause()
            assert isinstance(app.screen, ReadingScreen)  # where b pages up
        # No waiting: the library's first sync is still running, and the keys
        # arrive together, as a fast typist's do, before the screen has mounted.
        for key in "sbakery":
            app.post_message(events.Key(key, key))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#query").value == "bakery"  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.text for h in screen.option_hits if h] == ["harbour-strike"]


async def test_every_matching_paragraph_is_listed_under_its_text(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "committee")
        strike = hits_in(screen, "harbour-strike")
        paragraphs = [h.paragraph for h in strike]
        assert len(paragraphs) >= 2 and paragraphs == sorted(set(paragraphs))
        results = screen.query_one("#results", OptionList)
        prompts = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        # The text's title once, each section's heading once, each paragraph's own snippet.
        assert prompts[:6] == [
            "The Harbour Strike of 1911",
            "§ Why the docks stopped",
            "¶ The shipping owners first refused to meet a joint committee.[2] They changed their "
            "minds when the railway workers threatened to stop the goods yards as well.[3]",
            "§ The committee",
            "¶ The committee",  # the heading itself matched
            "¶ The strike committee met every night in a hall above a bakery. Its minutes "
            "survive, written in three different hands.[4]",
        ]
        for hit in strike:  # the word highlighted in each
            assert [t.casefold() for t, match in hit.snippet if match] == ["committee"]
        assert [h.heading for h in strike] == [
            "Why the docks stopped",
            "The committee",
            "The committee",
        ]
        results.focus()
        results.highlighted = screen.option_hits.index(strike[-1])
        await pilot.press("enter")
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.view.cursor == strike[-1].paragraph


async def test_texts_are_never_crowded_out_by_glossary_entries(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Short glossary entries outrank long texts; with room for one hit, the
    text that matches is still listed (texts are asked for apart)."""
    from reader.tui import search_screen

    monkeypatch.setattr(search_screen, "LIMIT", 1)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "strike committee")
        kinds = [h.kind for h in screen.option_hits if h]
        assert "text" in kinds and "glossary" in kinds


async def test_a_search_waits_for_the_index_and_says_so(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.index_lock.acquire()  # as the library's sync holds it while it writes
        try:
            await pilot.press("s", *"bakery")
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert "being brought up to date" in str(screen.query_one("#search-status").render())
            assert not [h for h in screen.option_hits if h]
        finally:
            app.index_lock.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.text for h in screen.option_hits if h] == ["harbour-strike"]


async def test_wrapped_results_are_drawn_whole_when_the_list_scrolls(make_app) -> None:  # type: ignore[no-untyped-def]
    """Every line of every option is drawn, also once the list needs a scrollbar:
    OptionList measures options before the scrollbar narrows it, and at this
    width one option then wrapped to a line more than it was given (its last
    line, or the rule under it, was cut). The list keeps a steady gutter."""
    app = make_app()
    async with app.run_test(size=(86, 14)) as pilot:  # a width where it showed
        screen = await search_for(app, pilot, "committee")
        results = screen.query_one("#results", OptionList)
        assert results.virtual_size.height > results.scrollable_content_region.height
        style = results.get_visual_style("option-list--option")
        for index, option in enumerate(results.options):
            drawn = results._get_option_render(option, style)  # noqa: SLF001
            given = results._line_cache.heights[index]  # noqa: SLF001
            assert len(drawn) == given, (index, str(option.prompt))


async def test_an_estimated_count_says_about(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A phrase is checked for the best texts only: its count is an estimate,
    and the status line says so."""

    from reader.core.search import query as query_module

    real = query_module.Searcher.paragraphs

    def estimated(self, text, limit=20, kinds=None, **kw):  # type: ignore[no-untyped-def]
        results = real(self, text, limit=limit, kinds=kinds, **kw)
        return results._replace(exact=not text.startswith('"'))

    monkeypatch.setattr(query_module.Searcher, "paragraphs", estimated)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, "bakery")
        status = str(screen.query_one("#search-status").render())
        assert status.startswith("1 paragraph in 1 text") and "about" not in status
        await pilot.press(*["backspace"] * 6, *'"the bakery"')
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#search-status").render())
        assert status.startswith("1 paragraph in 1 text (of about ")


async def test_a_phrase_lists_the_paragraphs_holding_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """The index names every paragraph holding any word of a phrase; the list
    keeps those holding the phrase."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, '"strike committee"')
        strike = hits_in(screen, "harbour-strike")
        assert strike
        article = screen.articles.get("harbour-strike")
        assert article is not None
        for hit in strike:
            assert hit.paragraph is not None
            assert "strike committee" in article.paragraphs[hit.paragraph].text.casefold()
        # The word alone is in more paragraphs: they are not listed.
        screen = await search_for(app, pilot, "strike committee")
        assert len(hits_in(screen, "harbour-strike")) > len(strike)


async def test_a_phrase_found_only_by_its_stems_keeps_the_index_hit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search_for(app, pilot, '"strike committees"')  # the text has "committee"
        strike = hits_in(screen, "harbour-strike")
        assert len(strike) == 1 and strike[0].paragraph is not None


def hits_in(screen: SearchScreen, text: str) -> list:  # type: ignore[type-arg]
    """The listed hits (one a paragraph) of ``text``."""
    return [h for h in screen.option_hits if h is not None and h.text == text]
