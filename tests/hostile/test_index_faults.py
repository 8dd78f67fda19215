"""The search index survives being killed while it is built, and damage it has
not seen before: the next start always ends with a usable index holding every
text once. (Truncated or garbage segment and TOC files and a second process
holding the writer are in tests/search/test_sync.py; this file adds the kill -9,
the files those tests leave alone, and the app and CLI meeting a damaged index.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.search import store
from reader.core.search.query import Searcher
from reader.core.search.sync import sync

TEXTS = 240
WORDS = (
    "harbour",
    "ledger",
    "strike",
    "council",
    "bread",
    "railway",
    "print",
    "union",
    "tariff",
    "famine",
    "congress",
    "barricade",
)


def _library(root: Path, count: int = TEXTS) -> Library:
    """``count`` generated texts, each with a word only it holds (``tagNNNz``)."""
    library = Library(root)
    library.texts_dir.mkdir(parents=True)
    for i in range(count):
        paragraphs = [
            " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for k in range(60)) + "."
            for j in range(6)
        ]
        body = "\n\n".join(paragraphs)
        (library.texts_dir / f"t{i:03}.txt").write_text(
            f"Text {i} of the batch\n\n{body}\n\nThe marker tag{i:03}z closes it.\n",
            encoding="utf-8",
        )
    return library


def _text_docs(library: Library) -> list[str]:
    ix = store.open_index(library.index_dir)
    with ix.searcher() as s:
        metas = [f["meta"] for f in s.all_stored_fields()]
    return sorted(m["text"] for m in metas if m["kind"] == "text")


def _assert_complete(library: Library, count: int = TEXTS) -> None:
    assert _text_docs(library) == [f"t{i:03}" for i in range(count)]
    with Searcher(library) as s:
        for i in (0, count // 2, count - 1):
            assert [h.text for h in s.search(f"tag{i:03}z").hits] == [f"t{i:03}"]


# The child builds the index and dies by SIGKILL at a chosen moment: after the
# n-th text (mid-build, or with every text added but not committed) or right
# after the commit, before the stamps are written.
CHILD = """
import os, signal, sys
from pathlib import Path
from reader.core.library import Library
import importlib
sync_module = importlib.import_module("reader.core.search.sync")

root, when, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def die(*_args, **_kw):
    os.kill(os.getpid(), signal.SIGKILL)

if when == "after-commit":
    sync_module.save_stamps = die
    progress = None
else:
    at = int(when)
    def progress(done, total, what):
        if done >= at:
            die()
sync_module.sync(Library(Path(root)), progress, procs=procs)
print("finished", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("when", "procs"),
    [("3", 1), ("120", 1), (str(TEXTS), 1), ("after-commit", 1), ("120", 2)],
    ids=["early", "mid-build", "before-commit", "after-commit", "mid-build-2-procs"],
)
def test_kill_9_during_a_build_then_start_again(tmp_path: Path, when: str, procs: int) -> None:
    library = _library(tmp_path / "lib")
    log = tmp_path / "child.log"
    with log.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(library.root), when, str(procs)],
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        child.wait(timeout=120)
        # Writer sub-processes must not outlive it (they would wait for work for ever).
        deadline = time.monotonic() + 5
        while _group_alive(child.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        orphans = _group_alive(child.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, log.read_text()[-2000:]
    assert not orphans, "writer processes outlived the killed reader"

    report = sync(library)
    assert not report.failed
    _assert_complete(library)
    # And again: nothing left to do, nothing counted twice.
    again = sync(library)
    assert again.added == [] and again.changed == [] and not again.rebuilt
    _assert_complete(library)


def test_kill_9_while_updating_keeps_the_old_texts(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib", count=40)
    sync(library)
    for i in range(40, 60):
        (library.texts_dir / f"t{i:03}.txt").write_text(
            f"Text {i} added later\n\nThe marker tag{i:03}z closes it, with bread.\n"
        )
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(library.root), "10", "1"],
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL
    with Searcher(library) as s:  # the old index still answers before any repair
        assert [h.text for h in s.search("tag007z").hits] == ["t007"]
    sync(library)
    _assert_complete(library, 60)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # Zombies count as gone (reaped by init once their parent is dead).
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def _only(library: Library, suffix: str) -> Path:
    return next(p for p in library.index_dir.iterdir() if p.name.endswith(suffix))


@pytest.mark.parametrize(
    "damage",
    [
        lambda lib: (lib.index_dir / store.STAMPS).write_text("{not json"),
        lambda lib: (lib.index_dir / store.STAMPS).write_bytes(b""),
        lambda lib: (lib.index_dir / store.STAMPS).unlink(),
        lambda lib: (lib.index_dir / store.STAMPS).write_text('{"texts": {"t001": 5}}'),
        lambda lib: _only(lib, ".toc").write_bytes(b""),
        lambda lib: _only(lib, ".toc").unlink(),
        lambda lib: [p.unlink() for p in lib.index_dir.iterdir() if p.name != store.MARKER],
        lambda lib: _only(lib, ".seg").write_bytes(b"\x00" * 100_000),
        lambda lib: (lib.index_dir / "MAIN_WRITELOCK").write_text("stale"),
    ],
    ids=[
        "garbage-stamps",
        "empty-stamps",
        "missing-stamps",
        "wrong-stamps",
        "empty-toc",
        "missing-toc",
        "only-the-marker-left",
        "zeroed-segment",
        "stale-lock-file",
    ],
)
def test_index_files_damaged_in_other_ways_heal(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    library = _library(tmp_path / "lib", count=30)
    sync(library)
    damage(library)
    report = sync(library)
    assert not report.failed
    _assert_complete(library, 30)


def test_the_cli_heals_an_index_whose_folder_is_a_file(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib", count=5)
    sync(library)
    for p in library.index_dir.iterdir():
        p.unlink()
    library.index_dir.rmdir()
    library.index_dir.write_text("a file where the index folder was")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library.root), "search", "tag003z"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Either it searches, or it says in one line why it cannot; never a traceback.
    assert "Traceback" not in done.stderr
    if done.returncode:
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert str(library.index_dir) in done.stderr
    assert library.index_dir.read_text() == "a file where the index folder was"


async def test_the_app_opens_on_a_damaged_index_and_searches(tmp_path: Path) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.search_screen import SearchScreen

    library = _library(tmp_path / "lib", count=12)
    sync(library)
    seg = _only(library, ".seg")
    seg.write_bytes(seg.read_bytes()[:300])
    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("s", *"tag005z")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert [h.text for h in screen.option_hits if h] == ["t005"]


HOLD_WRITER = """
import sys
from whoosh.filedb.filestore import FileStorage
w = FileStorage(sys.argv[1]).open_index(indexname="MAIN").writer()
print("holding", flush=True)
sys.stdin.readline()
w.cancel()
"""


def test_the_cli_searches_while_another_process_holds_the_writer(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib", count=5)
    sync(library)
    (library.texts_dir / "late.txt").write_text("A late text\n\nIt mentions tag999z once.\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(library.index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--library", str(library.root), "search", "tag002z"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "t002" in done.stdout
    assert done.stderr.count("\n") <= 1  # at most one line saying the index is busy
    sync(library)
    with Searcher(library) as s:
        assert [h.text for h in s.search("tag999z").hits] == ["late"]
