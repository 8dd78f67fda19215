"""The library list's rows: the one place they come from.

Rows are read from the search index's catalogue (:func:`reader.core.search.catalog`),
so start-up parses nothing; :func:`sync_index` brings the index up to date
first. Both run in a worker: whoosh is imported there, never before the
first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from reader.core.library import Library
from reader.core.state import AppState

Progress = Callable[[int, int, str], None]
"""Called with (done, total, what) while the index syncs."""


@dataclass(frozen=True, slots=True)
class Row:
    """One text in the library list."""

    id: str
    title: str
    author: str
    date: str
    words: int
    notes: int
    """The user's notes and highlights on the text."""
    missing: int
    """Footnotes the text cites but this copy does not hold."""
    progress: float | None = None


def note_counts(library: Library) -> dict[str, int]:
    """How many notes the user has on each text (files that do not parse count 0:
    the reading screen says why when the text is opened)."""
    from reader.core.errors import ReaderError
    from reader.core.notes import load_notes

    errors: list[ReaderError] = []
    return {text: len(notes) for text, notes in load_notes(library, errors=errors).items()}


def with_notes(rows: Iterable[Row], counts: dict[str, int]) -> list[Row]:
    """``rows`` with the user's note counts."""
    return [replace(row, notes=counts.get(row.id, 0)) for row in rows]


def with_progress(rows: Iterable[Row], state: AppState) -> list[Row]:
    """``rows`` with the reading progress the state file records."""
    out = []
    for row in rows:
        position = state.position(row.id)
        out.append(replace(row, progress=position.progress if position is not None else None))
    return out


def library_rows(library: Library, state: AppState) -> list[Row]:
    """Every indexed text of ``library`` as a row (``[]`` before the first sync)."""
    from reader.core.search.catalog import catalog

    counts = note_counts(library)
    rows = [
        Row(
            id=info.id,
            title=info.title,
            author=info.author or "",
            date=info.date or "",
            words=info.words,
            notes=counts.get(info.id, 0),
            missing=info.missing_notes,
        )
        for info in catalog(library)
    ]
    return with_progress(rows, state)


def texts_signature(library: Library) -> int:
    """A number that changes when a text is added, removed, renamed or written:
    the names, sizes and modification times of ``texts/``, read with one
    directory scan and no file opened."""
    try:
        with os.scandir(library.texts_dir) as entries:
            seen = []
            for entry in entries:
                if entry.is_file():
                    stat = entry.stat()
                    seen.append((entry.name, stat.st_mtime_ns, stat.st_size))
    except OSError:  # no texts/ yet, or unreadable: the sync says why
        return 0
    return hash(tuple(sorted(seen)))


def sync_index(library: Library, progress: Progress | None = None) -> list[str]:
    """Update the search index from the texts; returns notices for the user."""
    from reader.core.search.sync import sync

    report = sync(library, progress)
    notices = list(report.notices)
    if report.failed:
        notices.append(f"could not read {len(report.failed)} text(s): {', '.join(report.failed)}")
    return notices


#: Above this many segments queries slow down (each one is searched in turn):
#: the big one and the two small ones of recent changes (sync.RECENT_SEGMENTS).
MAX_SEGMENTS = 3


def tidy_when_idle(library: Library, spawn: Callable[[list[str]], object] | None = None) -> bool:
    """Merge the index's segments in a detached ``reader index`` process when
    there are too many. The merge can take minutes on a large library; as its own
    process it never delays quitting the app, and whoosh's lock keeps it safe.
    Returns True if a merge was started."""
    from reader.core.search.merge import segment_count

    if segment_count(library) <= MAX_SEGMENTS:
        return False
    command = [sys.executable, "-m", "reader", "--library", str(library.root), "index"]
    if spawn is None:
        subprocess.Popen(  # noqa: S603 - our own command, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    else:
        spawn(command)
    return True
