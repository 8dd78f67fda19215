"""Inline Markdown in the article view: drawn without its markup characters,
styled, and every offset (selection, click, find, notes) still on the text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.segment import Segment

from reader.core.library import Library
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.wrapping import column_to_source, visible, wrap_shown

from .conftest import NARROW, WIDE
from .test_tui_reading import open_text, view_lines

REPO = Path(__file__).resolve().parents[2]

STRIKE = """+++
title = "Notes on a dock strike"
author = "Test Writer"
date = "2021-05-01"
+++

An opening paragraph, so that the next one is not taken for a standfirst.

The *general* strike began in `May` and [spread](https://example.org/spread)
to the mills.[^mills] Then **everyone** came out.

A plain paragraph with a snake_case word, a lone * star and [sic] left as typed.

[^mills]: A. Writer, *Mills and Men*, 1990.
"""


def _app(tmp_path: Path, name: str, text: str) -> ReaderApp:
    root = tmp_path / "library"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / name).write_text(text, encoding="utf-8")
    return ReaderApp(Library(root), cursor_blink=False)


def _styled(view: ArticleView, component: str, lines: range) -> str:
    """The characters drawn with ``component``'s background or text style."""
    wanted = view._style(component)  # noqa: SLF001 - the view's own resolved style
    found: list[str] = []
    for y in lines:
        for segment in view.render_line(y):
            style = segment.style
            if style is None:
                continue
            if (wanted.bgcolor is not None and style.bgcolor == wanted.bgcolor) or (
                wanted.bgcolor is None
                and any(
                    getattr(wanted, a) and getattr(style, a)
                    for a in ("italic", "bold", "underline")
                )
            ):
                found.append(segment.text)
    return "".join(found)


def _line_with(view: ArticleView, needle: str) -> int:
    return next(y for y, line in enumerate(view_lines(view)) if needle in line)


def test_wrapping_skips_hidden_markup_and_keeps_text_offsets() -> None:
    text = "Type `reader` and *the* library"
    hidden = ((5, 6), (12, 13), (18, 19), (22, 23))
    lines = wrap_shown(text, hidden, 10)
    drawn = ["".join(text[s:e] for s, e in visible(hidden, a, b)) for a, b in lines]
    assert drawn == ["Type", "reader and", "the", "library"]
    a, b = lines[1]
    assert text[column_to_source(text, hidden, a, b, 0)] == "r"
    assert text[column_to_source(text, hidden, a, b, 7)] == "a"


async def test_the_tutorial_shows_no_backticks_or_pandoc_carets(tmp_path: Path) -> None:
    app = _app(tmp_path, "how-to-read-with-reader.md", "")
    shutil.copy(REPO / "texts" / "how-to-read-with-reader.md", app.library.texts_dir)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "how-to-read-with-reader")
        view = screen.view
        seen = "\n".join(view_lines(view))
        assert "Type reader and the library screen opens" in seen
        assert "`" not in seen
        for _ in range(8):
            await pilot.press("j")
        seen = "\n".join(view_lines(view))
        assert "[grafton]" in seen and "[again]" in seen
        assert "[^" not in seen and "`" not in seen


async def test_emphasis_code_and_links_are_styled(tmp_path: Path) -> None:
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "strike")
        view = screen.view
        y = _line_with(view, "The general strike")
        line = view_lines(view)[y]
        assert "The general strike began in May and spread to the mills.[mills]" in line
        drawn = range(y, y + 2)
        assert _styled(view, "article--code", drawn).strip() == "May"
        italic = [
            s.text
            for n in drawn
            for s in view.render_line(n)
            if isinstance(s, Segment) and s.style is not None and s.style.italic
        ]
        assert italic == ["general"]
        underlined = [
            s.text for n in drawn for s in view.render_line(n) if s.style and s.style.underline
        ]
        assert underlined == ["spread"]
        assert "everyone" in [
            s.text for n in drawn for s in view.render_line(n) if s.style and s.style.bold
        ]
        y = _line_with(view, "snake_case")
        assert "a snake_case word, a lone * star and [sic] left" in view_lines(view)[y]


async def test_a_markdown_texts_notes_are_drawn_without_markup(tmp_path: Path) -> None:
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "strike")
        await pilot.press("j")
        await pilot.pause()
        prompt = screen.footnotes.items[0].prompt
        assert "A. Writer, Mills and Men, 1990." in prompt.plain
        start = prompt.plain.index("Mills")
        assert any(
            "italic" in str(span.style) and span.start <= start < span.end for span in prompt.spans
        )


async def test_a_selection_over_an_emphasised_word_covers_its_cells(tmp_path: Path) -> None:
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "strike")
        view = screen.view
        await pilot.press("j")
        await pilot.press("v", "w")
        await pilot.pause()
        selection = view.selection
        assert selection is not None
        text = screen.article.paragraphs[view.cursor].text
        assert text[selection.start : selection.end] == "The *general*"
        y = _line_with(view, "The general strike")
        assert _styled(view, "article--selection", range(y, y + 1)) == "The general"
        await pilot.press("w", "w", "w", "w")  # strike began in `May`
        await pilot.pause()
        assert _styled(view, "article--selection", range(y, y + 1)) == (
            "The general strike began in May"
        )


async def test_y_copies_plain_text_as_drawn_and_markdown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.quoting import Chosen

    monkeypatch.setattr(Chosen, "format", "plain")  # the session's format, restored after
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=WIDE) as pilot:
        await open_text(app, pilot, "strike")
        await pilot.press("j", "v", "w", "w", "y")
        await pilot.pause()
        assert app.clipboard.startswith("“The general strike” — Test Writer")
        await pilot.press("Y", "y")  # Markdown: the source, markup and all
        await pilot.pause()
        assert app.clipboard.startswith("> The *general* strike\n")


async def test_clicks_land_on_the_word_drawn_there(tmp_path: Path) -> None:
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot, "strike")
        view = screen.view
        await pilot.press("d")  # the drawer shows the footnotes on a narrow screen
        await pilot.press("d")
        lines = view_lines(view)
        y = next(n for n, line in enumerate(lines) if "[mills]" in line)
        x = lines[y].index("[mills]") + 2
        await pilot.click(ArticleView, offset=(x + view.styles.padding.left, y))
        await pilot.pause()
        assert screen.footnotes.focused_item is not None
        assert screen.footnotes.focused_item.label == "mills"


async def test_find_hits_are_drawn_on_the_word_after_hidden_markup(tmp_path: Path) -> None:
    app = _app(tmp_path, "strike.md", STRIKE)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "strike")
        view = screen.view
        await pilot.press("slash", *"everyone", "enter")
        await pilot.pause()
        y = _line_with(view, "everyone came out")
        assert _styled(view, "article--hit-current", range(y, y + 1)) == "everyone"
        await pilot.press("slash", *["backspace"] * 8, *"general strike", "enter")
        await pilot.pause()
        y = _line_with(view, "The general strike")
        assert _styled(view, "article--hit-current", range(y, y + 1)) == "general strike"
        text = screen.article.paragraphs[view.cursor].text
        hit = view.hits[0]
        assert text[hit.start : hit.end] == "general* strike"


LINKS = """An opening paragraph, so that the next one is not taken for a standfirst.

Read [the report](https://example.org/report) and [the reply](https://example.org/reply),
not [this](javascript:alert(1)) or [that](#anchor).

Only [one link](https://example.org/one) here, and a note.[^1]

[^1]: A note with no address.
"""


async def test_o_opens_the_paragraphs_link_when_no_note_has_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.dialogs import ChoiceScreen

    app = _app(tmp_path, "links.md", LINKS)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_text(app, pilot, "links")
        await pilot.press("j", "j", "o")
        await pilot.pause()
        assert opened == ["https://example.org/one"]
        await pilot.press("f", "o")  # the focused note has no address: still the link
        await pilot.pause()
        assert opened == ["https://example.org/one"] * 2
        await pilot.press("escape", "k", "o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # two web links; the others are not offered
        await pilot.press("down", "enter")
        await pilot.pause()
        assert opened[-1] == "https://example.org/reply"
        assert screen.view.cursor == 1


def test_markdown_article_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Emphasis, strong, code and a link drawn styled, a Pandoc marker as [mills]."""
    from .test_tui_snapshots import settle

    app = _app(tmp_path, "strike.md", STRIKE)

    async def strike(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        app.open_text("strike")
        await pilot.pause()
        await pilot.press("j", "f")
        await settle(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=strike)
