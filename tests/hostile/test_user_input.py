"""Everything a user can type into the search box, the note editor and the
glossary form: nothing crashes, an error is one line, and nothing is saved
that should not be (what is saved is exactly what was typed, or nothing)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from reader.core.library import Library

from ..tui.conftest import FIXTURES

TYPED = [
    "",
    "   ",
    "AND",
    "OR",
    "NOT",
    '""',
    "*",
    "~",
    "-",
    ":",
    'AND OR NOT "" * ~ - :',
    "title:",
    ":bakery",
    '"unbalanced quote',
    'strike "',
    "(open paren",
    "close paren)",
    "((((((((",
    "))))",
    "a~~~~2",
    "-*",
    "NOT NOT NOT",
    "bakery " * 1_430,  # 10,010 characters
    "x" * 10_000,
    "[sic] [bold]x[/bold] [/ [@click=app.quit]x[/] [link=file:///etc/passwd]x[/link]",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "a\x00b",
    "tab\there",
    "\x7f\x9b31m",
    "\u202eevil",
    "line one\nline two",
    "\ud800",
]
# The form's share (the search operators matter to the search box only).
FORM_TYPED = [
    t
    for t in TYPED
    if t
    in (
        "",
        "~",
        'AND OR NOT "" * ~ - :',
        '"unbalanced quote',
        "(open paren",
        "x" * 10_000,
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b[2J",
        "a\x00b",
        "\x7f\x9b31m",
        "\u202eevil",
        "\ud800",
        "line one\nline two",
    )
    or t.startswith("[sic]")
]
CONTROLS = {chr(c) for c in [*range(0, 9), *range(11, 32), 127, *range(128, 160)]}


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "library"
    shutil.copytree(FIXTURES, root)
    return Library(root)


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _errors(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications if n.severity == "error"]  # noqa: SLF001


def _clear_notifications(app) -> None:  # type: ignore[no-untyped-def]
    app.clear_notifications()


async def _open(app, pilot, text: str = "harbour-strike"):  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.open_text(text)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


@pytest.mark.slow
async def test_the_search_box_takes_anything(library: Library) -> None:
    from textual.widgets import Input

    from reader.tui.app import ReaderApp
    from reader.tui.search_screen import SearchScreen

    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        box = screen.query_one("#query", Input)
        for typed in TYPED:
            box.value = typed
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen, typed
            status = str(screen.query_one("#search-status").render())
            assert "\n" not in status.strip(), (typed, status)
            assert not CONTROLS & set(status), (typed, status)
            assert not _errors(app), (typed, _errors(app))
        # And it still finds things afterwards.
        box.value = "bakery"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [h.text for h in screen.option_hits if h] == ["harbour-strike"]
    assert app.return_code in (None, 0)


def _expected_note(typed: str) -> str | None:
    """What the notes file should hold for ``typed``; None: refused, nothing saved."""
    if any(c in CONTROLS for c in typed) or "\ud800" in typed:
        return None
    return typed.replace("\r\n", "\n").strip("\n")


@pytest.mark.slow
async def test_the_note_editor_takes_anything(library: Library) -> None:
    from textual.widgets import TextArea

    from reader.tui.app import ReaderApp
    from reader.tui.forms import NoteDialog

    notes_file = library.notes_file("harbour-strike")
    saved: list[str] = []
    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        for typed in TYPED:
            _clear_notifications(app)
            before = notes_file.read_bytes() if notes_file.exists() else None
            await pilot.press("v", "a")  # select the paragraph's first word, write a note
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NoteDialog), typed
            dialog.query_one(TextArea).text = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is screen
            expected = _expected_note(typed)
            errors = _errors(app)
            if expected is None:
                assert len(errors) == 1 and "\n" not in errors[0], (typed, errors)
                assert not CONTROLS & set(errors[0])
                after = notes_file.read_bytes() if notes_file.exists() else None
                assert after == before, f"{typed!r} changed the notes file"
                screen.view.set_selection(None)
            else:
                assert not errors, (typed, errors)
                saved.append(expected)
        await pilot.press("q")
    data = tomllib.loads(notes_file.read_text(encoding="utf-8"))
    assert sorted(t.get("note", "") for t in data["annotation"]) == sorted(saved)


@pytest.mark.slow
async def test_the_glossary_form_takes_anything(library: Library) -> None:
    from textual.widgets import Input

    from reader.tui.app import ReaderApp
    from reader.tui.forms import EntryDialog

    glossary = library.user_glossary
    kept: list[tuple[str, str]] = []
    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        cases = [
            (f, t) for f in ("#entry-summary", "#entry-name", "#entry-dates") for t in FORM_TYPED
        ]
        for n, (field, typed) in enumerate(cases):
            _clear_notifications(app)
            before = glossary.read_bytes() if glossary.exists() else None
            await pilot.press("v", "plus")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, EntryDialog), typed
            if field != "#entry-name":
                dialog.query_one("#entry-name", Input).value = f"Entry {n} {field[7:]}"
            dialog.query_one(field, Input).value = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen, (typed, field)
            errors = _errors(app)
            after = glossary.read_bytes() if glossary.exists() else None
            refused = (
                any(c in CONTROLS for c in typed)
                or "\ud800" in typed
                or (field == "#entry-name" and not any(c.isalnum() for c in typed))
                or (field == "#entry-name" and len(typed) > 200)
            )
            if refused:
                assert len(errors) == 1 and "\n" not in errors[0], (typed, field, errors)
                assert not CONTROLS & set(errors[0])
                assert after == before, f"{typed!r} in {field} changed the glossary"
                screen.view.set_selection(None)
            else:
                assert not errors, (typed, field, errors)
                assert after != before
                kept.append((field, typed))
    entries = tomllib.loads(glossary.read_text(encoding="utf-8"))["entry"]
    assert len(entries) == len(kept)
    summaries = [e.get("summary", "") for e in entries]
    for field, typed in kept:
        if field == "#entry-summary":
            assert typed.strip() in summaries
