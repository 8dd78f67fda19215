"""reader.core.state: positions and theme in <library>/.reader/state.toml."""

from __future__ import annotations

import os

import pytest

from reader.core.library import Library
from reader.core.state import Position, load_state, save_position, save_theme, state_path


def test_no_file_means_defaults(tmp_path) -> None:  # type: ignore[no-untyped-def]
    state = load_state(Library(tmp_path))
    assert state.theme is None and state.positions == {} and state.error is None


def test_round_trip_keeps_other_texts_and_theme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path)
    save_position(library, "a", 3, 10)
    save_theme(library, "nord")
    save_position(library, 'b "odd" id', 0, 1)
    save_position(library, "a", 4, 10)
    state = load_state(library)
    assert state.theme == "nord"
    assert state.positions == {"a": Position(4, 10), 'b "odd" id': Position(0, 1)}


def test_progress() -> None:
    assert Position(0, 10).progress == 0.0
    assert Position(9, 10).progress == 1.0
    assert Position(0, 1).progress == 1.0
    assert Position(3, 0).progress == 0.0


def test_damaged_file_is_reported_and_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path)
    path = state_path(library)
    path.parent.mkdir()
    path.write_text('theme = "nord"\n[texts\n')
    state = load_state(library)
    assert state.error is not None
    assert str(state.error).startswith(f"{path}:2: the app state does not parse")
    with pytest.raises(Exception, match="does not parse"):
        save_theme(library, "dracula")
    assert path.read_text() == 'theme = "nord"\n[texts\n'


def test_write_is_atomic_and_keeps_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path)
    save_theme(library, "nord")
    path = state_path(library)
    os.chmod(path, 0o600)
    save_theme(library, "dracula")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_odd_values_are_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path)
    path = state_path(library)
    path.parent.mkdir()
    path.write_text(
        'theme = 3\n[texts.a]\nparagraph = -1\n[texts.b]\nparagraph = "x"\n'
        "[texts.c]\nparagraph = 2\nparagraphs = 5\n"
    )
    state = load_state(library)
    assert state.theme is None
    assert state.positions == {"c": Position(2, 5)}
