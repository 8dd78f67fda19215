"""The reading screen, driven with Pilot as a user would."""

from __future__ import annotations

import tomllib

import pytest
from textual.widgets import Static

from reader.core.state import load_state
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.dialogs import EntryScreen, NoteScreen
from reader.tui.reading import ReadingScreen

from .conftest import NARROW, WIDE

SIZES = [pytest.param(WIDE, id="120x36"), pytest.param(NARROW, id="80x24")]


async def open_text(app: ReaderApp, pilot, text: str = "harbour-strike") -> ReadingScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.open_text(text)
    await pilot.pause()
    await app.workers.wait_for_complete()  # the glossary is matched in a worker
    await pilot.pause()
    assert isinstance(screen, ReadingScreen)
    assert app.screen is screen
    return screen


async def move_to_marker(pilot, screen: ReadingScreen, label: str) -> None:  # type: ignore[no-untyped-def]
    """Press j until the cursor's paragraph holds marker ``label``."""
    for _ in range(len(screen.article.paragraphs)):
        if any(r.label == label for r in screen.article.paragraphs[screen.view.cursor].refs):
            return
        await pilot.press("j")
    raise AssertionError(f"no paragraph cites [{label}]")


def pane_text(screen: ReadingScreen) -> str:
    return "\n".join(item.prompt.plain for item in screen.footnotes.items)


def view_lines(view: ArticleView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


@pytest.mark.parametrize("size", SIZES)
async def test_footnote_pane_shows_the_resolved_note(make_app, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "2")
        await pilot.pause()
        text = pane_text(screen)
        # Ibid. with its own page: the full citation, its page replaced by the note's.
        assert "[2] Ibid., p. 40. → [1] A. Brown, Ports and Pay (London, 1950), p. 40" in text
        assert "[3] C. Davies" in text
        await move_to_marker(pilot, screen, "7")
        await pilot.pause()
        text = pane_text(screen)
        # the hint names the last full citation, not the link [6]: op. cit. followed home
        assert (
            "[7] note 7 is missing from this copy; the last citation present is "
            "[4] Brown, op. cit., p. 55. = [1] A. Brown" in text
        )
        assert "[6] link https://example.org/settlement-1911" in text
        await move_to_marker(pilot, screen, "8")
        await pilot.pause()
        assert "[8] Ibid., p. 90. → note 7 is missing from this copy" in pane_text(screen)


async def test_gloss_notes_fill_the_glossary_pane(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        assert not screen.glossary.items
        await move_to_marker(pilot, screen, "5")
        await pilot.pause()
        assert [g.prompt.plain for g in screen.glossary.items] == [
            "[5] Edward Finch (1890–1961) was a shipping clerk who later sat on the town "
            "council for twenty years."
        ]


async def test_follow_cycles_notes_and_backspace_returns(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "2")
        start = screen.view.cursor
        await pilot.press("f")
        assert screen.footnotes.highlighted == 0
        assert screen.footnotes.focused_item is not None
        assert screen.footnotes.focused_item.label == "2"
        await pilot.press("f")
        assert screen.footnotes.focused_item.label == "3"
        await pilot.press("f")  # wraps around
        assert screen.footnotes.focused_item.label == "2"
        # The pane has the keys now: enter shows the Ibid. in full, and enter
        # again goes to the paragraph that cites the full citation [1].
        assert app.focused is screen.footnotes
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "Ibid." in str(app.screen.query_one("#note-text", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        cited = screen.view.cursor
        assert cited != start
        assert any(r.label == "1" for r in screen.article.paragraphs[cited].refs)
        assert screen.footnotes.focused_item is not None
        assert screen.footnotes.focused_item.label == "1"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.view.cursor == start
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.view.cursor == start
        assert screen.footnotes.highlighted is None
        assert app.focused is screen.view


async def test_clicking_a_marker_follows_its_note(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        view = screen.view
        lines = view_lines(view)
        y = next(n for n, line in enumerate(lines) if "[3]" in line)
        x = lines[y].index("[3]") + 1
        await pilot.click(ArticleView, offset=(x + view.styles.padding.left, y))
        await pilot.pause()
        assert any(r.label == "3" for r in screen.article.paragraphs[view.cursor].refs)
        assert screen.footnotes.focused_item is not None
        assert screen.footnotes.focused_item.label == "3"


async def test_open_url_of_the_focused_note(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "2")
        await pilot.press("f", "o")
        assert opened == []  # [2] has no web address
        await move_to_marker(pilot, screen, "6")
        await pilot.press("f", "o")
        assert opened == ["https://example.org/settlement-1911"]


async def test_toc_jumps_to_a_heading(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen is screen
        heading = screen.article.headings[2]
        assert screen.view.cursor == heading.paragraph
        assert heading.text in screen.query_one("#topbar").render().plain  # type: ignore[union-attr]


async def test_heading_keys_and_paging(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot)
        heads = [h.paragraph for h in screen.article.headings]
        await pilot.press("right_square_bracket")
        assert screen.view.cursor == heads[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.view.cursor == heads[2]
        await pilot.press("left_square_bracket")
        assert screen.view.cursor == heads[1]
        await pilot.press("G")
        assert screen.view.cursor == len(screen.article.paragraphs) - 1
        await pilot.press("g")
        assert screen.view.cursor == 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.view.cursor > 0
        assert screen.view.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert screen.view.scroll_offset.y == 0


async def test_find_highlights_and_cycles(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("slash", *"memoir")
        await pilot.pause()
        assert len(screen.view.hits) == 2
        await pilot.press("enter")
        await pilot.pause()
        first = screen.view.cursor
        assert "memoir" in screen.article.paragraphs[first].text
        await pilot.press("n")
        second = screen.view.cursor
        assert second != first and "memoir" in screen.article.paragraphs[second].text
        await pilot.press("n")
        assert screen.view.cursor == first  # wraps
        await pilot.press("N")
        assert screen.view.cursor == second
        # The hit is drawn with the hit style.
        hit_style = screen.view.get_component_rich_style("article--hit-current", partial=True)
        y = screen.view.paragraph_top(second) - int(screen.view.scroll_offset.y)
        segments = [
            seg
            for n in range(y, y + 3)
            for seg in screen.view.render_line(n)
            if seg.text.strip().lower() == "memoir"
        ]
        assert segments and segments[0].style is not None
        assert segments[0].style.bgcolor == hit_style.bgcolor


async def test_resume_after_restart(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("j", "j", "j", "j", "j")
        assert screen.view.cursor == 5
        await pilot.press("q")
        await pilot.pause()
    saved = tomllib.loads((library.state_dir / "state.toml").read_text())
    assert saved["texts"]["harbour-strike"]["paragraph"] == 5

    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        screen = await open_text(again, pilot)
        assert screen.view.cursor == 5
        await pilot.press("j")
        await again.action_quit()  # quitting from the reading screen saves too
    assert load_state(library).position("harbour-strike").paragraph == 6  # type: ignore[union-attr]


HOSTILE = [
    "halo [sic] of the territories",
    "[bold]x[/bold]",
    "a stray [/ that",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
]


@pytest.mark.parametrize("size", SIZES)
async def test_hostile_strings_render_literally(make_app, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_text(app, pilot, "hostile")
        view = screen.view
        shown = " ".join(" ".join(view_lines(view)).split())
        for text in HOSTILE:
            assert text in shown
        for y in range(view.scrollable_content_region.height):
            for segment in view.render_line(y):
                style = segment.style
                assert style is None or (not style.link and not (style.meta or {}).get("@click"))
        await move_to_marker(pilot, screen, "1")
        await pilot.pause()
        assert "A note with [bold]markup[/bold] and [@click=app.quit]a click[/] inside." in (
            pane_text(screen)
        )
        # Clicking the would-be actions does nothing but move the cursor.
        lines = view_lines(view)
        for needle in ("[@click=app.quit]", "[link=file:///etc/passwd]"):
            y = next(n for n, line in enumerate(lines) if needle in line)
            await pilot.click(ArticleView, offset=(lines[y].index(needle) + 3, y))
            await pilot.pause()
            assert app.is_running
            assert app.screen is screen
        await pilot.click("#footnotes")
        await pilot.pause()
        assert app.is_running


async def test_narrow_terminal_uses_a_drawer(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot)
        side = screen.query_one("#side")
        assert not side.display or side.region.width == 0
        width = screen.view.text_width
        await pilot.press("d")
        await pilot.pause()
        assert side.region.width > 0
        assert screen.view.region.right <= side.region.x  # side by side, no overlap
        assert screen.view.text_width < width
        for line in view_lines(screen.view):
            assert len(line.rstrip()) <= screen.view.scrollable_content_region.width
        await pilot.press("d")
        await pilot.pause()
        assert side.region.width == 0


async def test_wide_terminal_shows_the_panes(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        side = screen.query_one("#side")
        assert side.region.width > 30
        assert screen.view.region.right <= side.region.x
        assert 72 <= screen.view.text_width <= 88


async def test_words_are_never_cut_at_the_edge(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot)
        words = set(" ".join(p.text for p in screen.article.paragraphs).split())
        for line in view_lines(screen.view):
            for word in line.replace("▌", " ").split():
                assert word in words


async def test_measure_is_configurable(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(measure=60)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        assert screen.view.text_width == 60


async def test_mouse_click_moves_the_cursor(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        target = screen.article.headings[1].paragraph + 1
        y = screen.view.paragraph_top(target)
        await pilot.click(ArticleView, offset=(6, y))
        await pilot.pause()
        assert screen.view.cursor == target


async def test_theme_is_remembered(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert load_state(library).theme == "nord"
    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_damaged_state_file_is_never_overwritten(make_app, library) -> None:  # type: ignore[no-untyped-def]
    path = library.state_dir / "state.toml"
    path.parent.mkdir(parents=True)
    path.write_text("theme = [unclosed\n")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_text(app, pilot)
        await pilot.press("j", "j", "q")
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert path.read_text() == "theme = [unclosed\n"


async def test_glossary_pane_lists_mentioned_entries(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        await move_to_marker(pilot, screen, "1")  # "the dockers of a northern port"
        await pilot.pause()
        items = [g.prompt.plain for g in screen.glossary.items]
        assert items == ["docker  term\nA worker who loads and unloads ships in a port."]
        await pilot.press("e", "enter")  # e: the entry in its pane; enter: in full
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "also: dockers, dock worker" in str(app.screen.query_one("#entry-text").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_hostile_glossary_text_is_literal(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "hostile")
        await pilot.pause()
        screen.view.move_to(0)
        await pilot.pause()
        (item,) = screen.glossary.items
        assert "[@click=app.quit]markup[/] and [link=file:///etc/passwd]a link[/link]" in (
            item.prompt.plain
        )
        assert all(not span.style or "link" not in str(span.style) for span in item.prompt.spans)
        await pilot.press("e", "enter")  # e: the entry in its pane; enter: in full
        await pilot.pause()
        await pilot.click("#entry-text")
        await pilot.pause()
        assert app.is_running


async def test_drawer_keeps_the_cursor_in_view(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot)
        await pilot.press("G")
        await pilot.pause()
        for key in ("d", "d"):
            await pilot.press(key)
            await pilot.pause()
            view = screen.view
            top = view.paragraph_top(view.cursor)
            assert view.scroll_offset.y <= top < view.scroll_offset.y + view.size.height


async def test_a_books_front_and_back_matter_are_in_the_contents(make_app, library) -> None:  # type: ignore[no-untyped-def]
    book = (
        "The Project Gutenberg EBook of A Small Book\n\nTitle: A Small Book\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK A SMALL BOOK ***\n\n\n\n"
        "CHAPTER I.\n\nThe small book has one chapter, long enough to be read as "
        "a paragraph of its own, and then it ends.\n\n\n\n"
        "End of the Project Gutenberg EBook of A Small Book\n\n"
        "Section 1. The [bold]licence[/bold] words are kept, not shown in the text.\n"
    )
    (library.root / "texts" / "small-book.txt").write_text(book, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "small-book")
        assert all("licence" not in p.text for p in screen.article.paragraphs)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("end", "enter")  # the last entry: the back matter
        await pilot.pause()
        shown = str(app.screen.query_one("#matter-text").render())
        assert "The [bold]licence[/bold] words are kept" in shown  # plain text, not markup
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_saved_place_follows_its_paragraph_when_the_text_is_edited(
    make_app, library
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        for _ in range(4):
            await pilot.press("j")
        left_at = screen.view.cursor
        words = screen.article.paragraphs[left_at].text.split()[:6]
        await pilot.press("q")
        await pilot.pause()
    # a paragraph is pasted in near the top of the text
    path = library.root / "texts" / "harbour-strike.md"
    text = path.read_text(encoding="utf-8")
    first_break = text.index("\n\n", text.index("\n\n") + 2)
    added = "\n\nA paragraph the user pasted in later, above where they stopped."
    path.write_text(text[:first_break] + added + text[first_break:], encoding="utf-8")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot)
        here = screen.article.paragraphs[screen.view.cursor].text.split()[:6]
        assert here == words
