"""Shared fixtures for the app's tests: a copy of the fixture library, an app factory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.tui.app import ReaderApp

FIXTURES = Path(__file__).parent / "fixtures" / "library"

WIDE = (120, 36)
NARROW = (80, 24)


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steady screens: no animations (the apps here also run with cursor_blink=False)."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """A fresh copy of the fixture library (its index is built by the app)."""
    root = tmp_path / "library"
    shutil.copytree(FIXTURES, root)
    return Library(root)


@pytest.fixture
def make_app(library: Library) -> Callable[..., ReaderApp]:
    def make(**kwargs: object) -> ReaderApp:
        return ReaderApp(library, cursor_blink=False, **kwargs)  # type: ignore[arg-type]

    return make
