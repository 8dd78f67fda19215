"""The base of every text field in the app."""

from __future__ import annotations

from textual.widgets import Input


class ReaderInput(Input):
    """An Input that follows the app's cursor-blink setting (off in tests)."""

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
