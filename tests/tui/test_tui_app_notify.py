"""Messages name files: they reach the screen plain, never as markup or escapes."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library
from reader.tui.app import ReaderApp


async def test_notifications_are_plain_text(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    app = ReaderApp(Library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify("cannot read texts/evil-\x1b[2J\x1b]52;c;eA==\x07.txt [bold]x[/bold]")
        await pilot.pause()
        shown = [n.message for n in app._notifications]  # noqa: SLF001 - what is shown
        assert shown[-1] == "cannot read texts/evil-.txt [bold]x[/bold]"
        assert all(not n.markup for n in app._notifications)  # noqa: SLF001


async def test_the_indexing_progress_names_files_plainly(tmp_path: Path) -> None:
    from textual.widgets import Static

    (tmp_path / "texts").mkdir()
    app = ReaderApp(Library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen._set_progress(1, 2, "evil-\x1b[2J-\u202etxt.txt")  # type: ignore[attr-defined]  # noqa: SLF001
        await pilot.pause()
        label = str(screen.query_one("#sync-label", Static).render())
        assert label == "indexing evil--txt.txt"
