"""SVG snapshots of the three screens at 120×36 and 80×24 (review them when they change)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from reader.tui.reading import ReadingScreen

from .conftest import NARROW, WIDE
from .snapshot_app import snapshot_app

SIZES = [pytest.param(WIDE, id="120x36"), pytest.param(NARROW, id="80x24")]


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Wait until the library is loaded and synced: its worker starts only after
    the first refresh, so waiting for workers alone can return too early."""
    from reader.tui.library_screen import LibraryScreen

    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        if not isinstance(screen, LibraryScreen):
            break
        if screen.rows and not screen.query_one("#sync").display:
            break
    await pilot.pause()


async def reading(pilot: Pilot, *, drawer: bool = False) -> None:  # type: ignore[type-arg]
    await settle(pilot)
    app = pilot.app
    app.open_text("harbour-strike")  # type: ignore[attr-defined]
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReadingScreen)
    await pilot.press("j", "j", "j")  # the paragraph citing [2] (Ibid.) and [3]
    if drawer:
        await pilot.press("d")
    await pilot.press("f")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_library_screen(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_reading_screen(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=reading)


def test_reading_screen_drawer_open(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def with_drawer(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await reading(pilot, drawer=True)

    assert snap_compare(snapshot_app(), terminal_size=NARROW, run_before=with_drawer)


@pytest.mark.parametrize("size", SIZES)
def test_search_screen(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("s", *"committee")
        await settle(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=search)


def test_hostile_text(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def hostile(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        pilot.app.open_text("hostile")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=WIDE, run_before=hostile)


@pytest.mark.parametrize("size", SIZES)
def test_notes_screen(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    from .test_tui_notes_screen import add_note

    app = snapshot_app()
    add_note(
        app.library,
        "harbour-strike",
        "a hall above a bakery",
        "Where they met.\nThe minutes say which bakery.",
        ("places",),
    )
    add_note(app.library, "harbour-strike", "kept the accounts", "", ("people",))
    add_note(app.library, "short-primer", "a few paragraphs long")

    async def notes(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=notes)
