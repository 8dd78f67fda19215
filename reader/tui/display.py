"""Words that come from the file system (paths, file names, error messages that
name them) never passed through the parser's cleaning: they are made plain here,
at the edge of the screen, so no escape sequence in a file name reaches the
terminal."""

from __future__ import annotations

from pathlib import Path

from reader.core.clean import strip_controls


def plain(text: str) -> str:
    """``text`` without escape sequences or control characters (newlines kept)."""
    return strip_controls(text)[0]


def shown_path(path: Path) -> str:
    """``~/library`` rather than ``/home/someone/library``, made plain."""
    try:
        shown = str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        shown = str(path)
    return plain(shown)
