"""The side panes as a person reads them: a note longer than its pane, the
drawer on a narrow terminal, the glossary stepped through with ``e``, and a
Markdown text's notes drawn without their markup."""

from __future__ import annotations

import pytest
from textual.widgets import Footer, Static

from reader.tui.dialogs import NoteScreen
from reader.tui.panes import ReadingPane
from reader.tui.reading import ReadingScreen

from .conftest import NARROW, WIDE
from .test_tui_reading import open_text

SIZES = [pytest.param(WIDE, id="120x36"), pytest.param(NARROW, id="80x24")]

# A note of some twenty lines at a pane's width: the last words are "the end
# of the long note".
LONG_NOTE = (
    "The committee's minute book, kept by its secretary from the first week, "
    + " ".join(
        f"records on day {n} who spoke, what was paid out of the fund and which ships lay idle;"
        for n in range(1, 16)
    )
    + " and here is the end of the long note."
)

LONG = f"""+++
title = "A Long Note"
+++

An opening paragraph that cites nothing.

The strike committee met every evening in the hall above the bakery.[^minutes] Its
minutes survive.

Another paragraph, with nothing cited.

[^minutes]: {LONG_NOTE}
"""


def pane_lines(pane: ReadingPane) -> list[str]:
    """What the pane shows, line by line."""
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


def shown(pane: ReadingPane) -> str:
    return " ".join(" ".join(pane_lines(pane)).split())


async def open_long(app, pilot, library) -> ReadingScreen:  # type: ignore[no-untyped-def]
    (library.texts_dir / "long-note.md").write_text(LONG, encoding="utf-8")
    screen = await open_text(app, pilot, "long-note")
    await pilot.press("j")
    await pilot.pause()
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_note_longer_than_its_pane_is_read_with_the_keys(make_app, library, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_long(app, pilot, library)
        pane = screen.footnotes
        await pilot.press("f")
        await pilot.pause()
        assert app.focused is pane
        assert shown(pane).startswith("[minutes] The committee's minute book")
        assert "end of the long note" not in shown(pane)  # too long for the pane
        await pilot.press("down")  # a line further into the note
        await pilot.pause()
        assert pane.scroll_offset.y == 1
        assert not shown(pane).startswith("[minutes] The committee's")
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_offset.y > 1
        await pilot.press("end")
        await pilot.pause()
        assert shown(pane).endswith("here is the end of the long note.")
        await pilot.press("home")
        await pilot.pause()
        assert shown(pane).startswith("[minutes] The committee's minute book")
        for _ in range(80):  # down to the end and no further: one note, nothing after it
            await pilot.press("down")
        await pilot.pause()
        assert shown(pane).endswith("here is the end of the long note.")
        await pilot.press("up")
        await pilot.pause()
        assert not shown(pane).endswith("here is the end of the long note.")
        # enter: the whole note in a dialog
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        text = str(app.screen.query_one("#note-text", Static).render())
        assert " ".join(text.split()) == "[minutes] " + LONG_NOTE
        # the label is the text's, not a markup tag
        assert "[minutes]" in str(app.screen.query_one("#note-box").border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is pane


async def test_f_and_e_open_the_drawer_on_a_narrow_terminal(make_app, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_long(app, pilot, library)
        side = screen.query_one("#side")
        assert not side.display
        await pilot.press("f")
        await pilot.pause()
        assert side.display and screen.footnotes.region.width > 0
        assert app.focused is screen.footnotes
        assert "[minutes] The committee's" in shown(screen.footnotes)
        await pilot.press("escape")  # back in the text: the drawer opened for f closes
        await pilot.pause()
        assert not side.display and app.focused is screen.view
        await pilot.press("d")  # opened by hand, it stays open
        await pilot.press("f", "escape")
        await pilot.pause()
        assert side.display
        await pilot.press("d")
        await pilot.pause()
        assert not side.display


async def test_e_opens_the_drawer_on_a_narrow_terminal(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = await open_text(app, pilot, "harbour-strike")
        for _ in range(len(screen.article.paragraphs)):
            if screen.glossary.items:
                break
            await pilot.press("j")
            await pilot.pause()
        assert screen.glossary.items
        side = screen.query_one("#side")
        assert not side.display
        await pilot.press("e")
        await pilot.pause()
        assert side.display and app.focused is screen.glossary
        assert screen.glossary.highlighted == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not side.display and app.focused is screen.view


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_offers_the_drawer_only_when_narrow(make_app, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_text(app, pilot)
        await pilot.pause()
        shown_keys = {b.binding.key for b in screen.active_bindings.values() if b.binding.show}
        assert ("d" in shown_keys) == (size == NARROW)
        footer = screen.query_one(Footer)
        keys = " ".join(str(w.render()) for w in footer.query("FooterKey"))
        assert ("drawer" in keys) == (size == NARROW)


def _entry(name: str) -> str:
    summary = (
        f"{name} is invented for this test. "
        + "A long summary that wraps over many lines of a narrow pane, " * 3
        + "and ends here."
    )
    return f'[[glossary]]\nname = "{name}"\nkind = "person"\nsummary = "{summary}"\n'


NAMES = ["Anna Berg", "Carl Dorn", "Eva Falk", "Gus Hale", "Ida Jonas"]
CROWDED = (
    '+++\ntitle = "Five Long Entries"\n'
    + "".join(_entry(name) for name in NAMES)
    + "+++\n\nAn opening line, naming nobody.\n\n"
    + "Anna Berg, Carl Dorn, Eva Falk, Gus Hale and Ida Jonas met at the hall.\n"
)


@pytest.mark.parametrize("size", SIZES)
async def test_e_shows_each_entry_from_its_name(make_app, library, size) -> None:  # type: ignore[no-untyped-def]
    (library.texts_dir / "crowded.md").write_text(CROWDED, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_text(app, pilot, "crowded")
        if size == NARROW:
            await pilot.press("d")  # the drawer open by hand (e opens it too)
        await pilot.press("j")
        await pilot.pause()
        pane = screen.glossary
        assert [item.prompt.plain.split("  ")[0] for item in pane.items] == NAMES
        for n, name in enumerate(NAMES + NAMES[:1]):  # and round again to the first
            await pilot.press("e")
            await pilot.pause()
            assert pane.border_title == f"Glossary · {n % len(NAMES) + 1} of {len(NAMES)}"
            # the focused entry's first line (its name) is in view
            top = pane._index_to_line[n % len(NAMES)] - pane.scroll_offset.y
            lines = pane_lines(pane)
            assert 0 <= top < len(lines), (name, lines)
            assert lines[top].strip().startswith(name), (name, lines)
            assert f"{name} is invented" in " ".join(lines)  # and it is the one in full


def test_the_help_says_how_to_read_a_long_note() -> None:
    from reader.tui.commands import READING
    from reader.tui.dialogs import help_content

    text = help_content(READING).plain
    assert "read a long note" in text
    assert "f and e open it too" in text
