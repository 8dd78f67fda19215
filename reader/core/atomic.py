"""Safe writes for user data: temp file, fsync, rename, fsync the folder.

Every file reader writes into a library goes through :func:`atomic_write`, so a
crash at any moment leaves either the old bytes or the new ones, never a mix.
:func:`locked` serialises concurrent writers through a separate ``.lock`` file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from reader.core.errors import LockHeld, ReaderError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def atomic_write(
    path: Path, data: bytes | str, *, mode: int | None = None, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the file's mode.

    Writes a temp file in the same folder, fsyncs it, renames it over
    ``path`` and fsyncs the folder. Never writes through a symlink: the link
    itself is refused. ``durable=False`` skips both fsyncs, for caches that
    are rebuilt when lost (the rename still leaves old bytes or new ones).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    if path.is_symlink():
        raise ReaderError("refusing to write through a symbolic link", path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(dfd)
    except OSError as exc:  # pragma: no cover - some file systems refuse
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(dfd)


@contextlib.contextmanager
def locked(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path.lock`` (a separate file) while inside.

    Waits up to ``timeout`` seconds, then raises :class:`LockHeld`. The lock
    file is removed on the way out, so none is left beside the user's files.
    Removing it is safe because a process that got the lock checks that the
    file it locked is still the one at ``path.lock``, and starts again if it
    is not (its holder removed it meanwhile).
    """
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is None:  # pragma: no cover - Windows: no locking, nothing to remove
            try:
                yield
            finally:
                os.close(fd)
            return
        try:
            _acquire(fd, deadline, lock_path, path)
            if not _same_file(fd, lock_path):
                continue  # its holder removed it while we waited: lock the new one
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(lock_path)
            return
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _acquire(fd: int, deadline: float, lock_path: Path, path: Path) -> None:
    assert fcntl is not None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise LockHeld(
                    f"another reader process holds the lock {lock_path.name}; "
                    "try again when it has finished",
                    path,
                ) from None
            time.sleep(0.01)


def _same_file(fd: int, lock_path: Path) -> bool:
    try:
        on_disk = os.stat(lock_path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
