"""Conflict copies left by sync tools, merged back into the notes file they copy.

When two machines change a notes file before a sync tool has carried one
change across, the tool keeps both: Syncthing as
``x.sync-conflict-20260101-120000-ABCDEF7.toml``, Dropbox, Nextcloud and
others as ``x (… conflicted copy …).toml``, and git tools as ``x.toml.orig``.
Each is merged into ``x.toml`` note by note (:mod:`.merge`, without a base)
and then moved to ``notes/.backup/``, so nothing is lost and nothing is
merged twice. A copy that does not parse is left where it is and reported.
Empty ``*.toml.lock`` files that older versions of reader left are removed.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.atomic import locked
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.notes.merge import Merged, as_side
from reader.core.notes.store import NoteStore
from reader.core.notes.toml_file import BACKUP_DIR, read_file

_PATTERNS = (
    re.compile(r"^(?P<stem>.+)\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Z0-9]+\.toml$"),
    re.compile(r"^(?P<stem>.+?) \([^()]*conflicted copy[^()]*\)\.toml$", re.IGNORECASE),
    re.compile(r"^(?P<stem>.+)\.toml\.orig$"),
)


def copy_of(name: str) -> str | None:
    """The text id whose notes file ``name`` is a conflict copy of, or ``None``."""
    for pattern in _PATTERNS:
        found = pattern.match(name)
        if found:
            return found.group("stem")
    return None


@dataclass
class Settled:
    """What :func:`settle_copies` did: ``(copy, merge)`` pairs, and copies it could not read."""

    merged: list[tuple[Path, Merged]] = field(default_factory=list)
    errors: list[ReaderError] = field(default_factory=list)


def settle_copies(library: Library) -> Settled:
    """Merge every conflict copy in ``notes/`` into its notes file, then move it aside."""
    out = Settled()
    folder = library.notes_dir
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return out
    for name in names:
        if name.endswith(".toml.lock"):
            _drop_lock_file(folder / name)
            continue
        text_id = copy_of(name)
        if text_id is None or name.startswith("."):
            continue
        copy = folder / name
        try:
            got = read_file(copy, text_id)
        except ReaderError as err:
            why = err.message.split(";")[0]
            out.errors.append(
                ReaderError(
                    f"{why}: this conflict copy was not merged; fix or delete it", copy, err.line
                )
            )
            continue
        try:
            store = NoteStore(library, text_id)
            store.load()
            merged = store.absorb(as_side(got.notes, got.tombs))
            _move_aside(copy)
        except ReaderError as err:
            out.errors.append(err)
            continue
        except OSError as err:
            out.errors.append(
                ReaderError(f"cannot move the merged copy aside: {err.strerror}", copy)
            )
            continue
        out.merged.append((copy, merged))
    return out


def _drop_lock_file(lock: Path) -> None:
    """An empty lock file left by an older reader: taking the lock and letting
    it go removes it (unless a save holds it now; it goes at the end of that)."""
    with contextlib.suppress(ReaderError, OSError):
        if lock.stat().st_size == 0:
            with locked(lock.with_name(lock.name.removesuffix(".lock")), timeout=0):
                pass


def _move_aside(copy: Path) -> None:
    backups = copy.parent / BACKUP_DIR
    backups.mkdir(parents=True, exist_ok=True)
    target = backups / copy.name
    n = 1
    while target.exists():
        n += 1
        target = backups / f"{copy.name}.{n}"
    os.replace(copy, target)
