"""The app as the snapshot tests see it: the fixture library under the (isolated) home."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.core.library import Library
from reader.tui.app import ReaderApp

FIXTURES = Path(__file__).parent / "fixtures" / "library"


def snapshot_app() -> ReaderApp:
    """A fresh copy of the fixture library at ``~/library``, no cursor blink."""
    root = Path.home() / "library"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURES, root)
    return ReaderApp(Library(root), cursor_blink=False)
