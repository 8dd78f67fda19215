"""Acceptance: saves survive kill -9 at any moment, and two writers lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.model import Article
from reader.core.notes import NoteStore
from reader.core.notes.toml_file import read_notes
from reader.core.parse import parse_file

from .conftest import COUNCILS

KILLS = 200
NEW_NOTE_EVERY = 5  # the saving loop adds a note every 5th save, else edits one


def _saving_loop(library: Library, article: Article, first: int, started: int) -> None:
    """The child: save version after version until killed (never returns)."""
    try:
        store = NoteStore(library, "councils")
        notes = store.load()
        target = notes[0].id
        version = first
        os.write(started, b"!")  # the parent's clock starts now
        while True:
            version += 1
            if version % NEW_NOTE_EVERY == 0:
                start = version % (len(article.plain_text) - 20)
                store.add(article, start, start + 12, note=f"version {version}")
            else:
                store.edit(target, note=f"version {version}", tags=[f"v{version}"])
    finally:
        os._exit(1)


def _version_of(path: Path) -> int:
    """The version a notes file holds; asserts that it is a whole, consistent one."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))  # parses…
    _, notes = read_notes(path, "councils")  # …and every note is whole
    first = notes and min(notes, key=lambda a: a.created)
    assert first
    version = int(first.note.split()[1])
    assert first.tags == (f"v{version}",) or version == 0 or version % NEW_NOTE_EVERY == 0
    added = [a for a in notes if a.id != first.id]
    # Exactly the notes added by the versions up to the last one saved.
    assert len(added) == len(data["annotation"]) - 1
    newest_added = max((int(a.note.split()[1]) for a in added), default=0)
    assert len(added) == newest_added // NEW_NOTE_EVERY
    assert newest_added <= version + NEW_NOTE_EVERY
    return max(version, newest_added)


def _temp_files(library: Library) -> list[Path]:
    return [p for p in library.notes_dir.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_kill_9_at_random_moments_never_damages_the_file(library: Library) -> None:
    article = parse_file(library.texts_dir / "councils.md", text_id="councils")
    store = NoteStore(library, "councils")
    store.add(article, 0, 10, note="version 0", tags=["v0"])
    path = store.path
    # Kill at a random moment of the first `window` seconds of saving. The window
    # follows the machine's speed: it grows while kills land before any save
    # completes and shrinks while they land after, so about a third of the kills
    # interrupt a child that has saved, however loaded the machine is.
    window = 0.04
    rng = random.Random(1871)
    version = 0
    advanced = 0
    mid_write = 0  # kills that landed while a temp file was being written
    started = time.monotonic()
    for _ in range(KILLS):
        before = path.read_bytes()
        ready, started_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(ready)
            _saving_loop(library, article, version, started_w)
        os.close(started_w)
        assert os.read(ready, 1) == b"!"
        os.close(ready)
        time.sleep(rng.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        after = path.read_bytes()
        now = _version_of(path)
        assert now >= version
        if after == before:
            assert now == version
        advanced += now > version
        window = min(0.5, window * 1.1) if now == version else max(0.01, window * 0.8)
        version = now
        left = len(_temp_files(library))
        assert left <= 1  # at most the killed save's own…
        mid_write += left
        NoteStore(library, "councils").load()
        assert _temp_files(library) == []  # …and the next reader clears it
    assert advanced >= KILLS // 10, "the child hardly ever got to save: the test proved little"
    assert mid_write > 0, "no kill landed during a write: the test proved little"
    print(f"{KILLS} kills: {advanced} advanced the file, {mid_write} hit a write in progress")
    assert time.monotonic() - started < 50


CHILD = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path
    from reader.core.library import Library
    from reader.core.notes import NoteStore
    from reader.core.parse import parse_file

    library = Library(Path(sys.argv[1]))
    who = sys.argv[2]
    article = parse_file(library.texts_dir / "councils.md", text_id="councils")
    store = NoteStore(library, "councils")
    Path(sys.argv[3]).touch()
    while not Path(sys.argv[4]).exists():
        time.sleep(0.001)
    for n in range(100):
        store.add(article, n, n + 8, note=f"{who} {n}")
    """
)


@pytest.mark.slow
def test_two_processes_adding_100_notes_each_keep_all_200(library: Library, tmp_path: Path) -> None:
    go = tmp_path / "go"
    children = []
    for who in ("left", "right"):
        ready = tmp_path / f"ready-{who}"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(library.root), who, str(ready), str(go)]
        )
        children.append((child, ready))
    deadline = time.monotonic() + 30
    while not all(ready.exists() for _, ready in children):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.touch()
    for child, _ in children:
        assert child.wait(timeout=120) == 0
    _, notes = read_notes(library.notes_file("councils"), "councils")
    assert len(notes) == 200
    assert {a.note for a in notes} == {f"{w} {n}" for w in ("left", "right") for n in range(100)}
    assert _temp_files(library) == []


def test_library_fixture_text_is_ours() -> None:
    assert "Town Councils" in COUNCILS
