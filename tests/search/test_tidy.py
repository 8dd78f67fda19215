"""The app merges a fragmented index in a detached process, never inline."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.search.merge import segment_count
from reader.core.search.sync import sync
from reader.tui.rows import MAX_SEGMENTS, tidy_when_idle


def _text(folder: Path, n: int) -> None:
    (folder / f"t{n}.txt").write_text(
        f"Title {n}\n\nA paragraph about the council and the bakers, number {n}, long enough.\n"
    )


def test_fragmented_index_starts_a_detached_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No folding on commit: each change leaves a segment of its own.
    monkeypatch.setattr(importlib.import_module("reader.core.search.merge"), "RECENT_BYTES", 0)
    library = Library(tmp_path)
    library.texts_dir.mkdir()
    spawned: list[list[str]] = []
    _text(library.texts_dir, 0)
    sync(library)
    assert not tidy_when_idle(library, spawn=spawned.append)
    for n in range(1, 6):  # one commit per change: one segment each
        _text(library.texts_dir, n)
        sync(library)
    assert segment_count(library) > MAX_SEGMENTS
    assert tidy_when_idle(library, spawn=spawned.append)
    command = spawned[0]
    assert command[1:] == ["-m", "reader", "--library", str(library.root), "index"]
    # the command it starts does merge the index
    from reader.cli import main

    assert main(["--library", str(library.root), "index"]) == 0
    assert segment_count(library) == 1


def test_the_app_leaves_the_usual_segments_alone() -> None:
    from reader.core.search.merge import RECENT_SEGMENTS

    # The big segment and the small ones each commit keeps: no merge for those.
    assert MAX_SEGMENTS == 1 + RECENT_SEGMENTS
