"""The texts folder as every start sees it: each text's name, size and mtime.

A ``reader search`` start compares this listing with the one the index was
last brought up to date with (:mod:`reader.core.search.sync`). At 5,000
texts the ``stat`` calls take ~14 ms, and loading whoosh, which comes first,
~60 ms. :func:`prefetch` has this module, run as a script in a second
Python (``-I -S``: ~8 ms to start), list the folder on another core while
this process goes on loading; :func:`scan` then takes that listing (or lists
the folder itself if there is none). Not a fork: a forked Python pays for
copying every page it then writes to, more than the listing costs.

Imports only the standard library's fastest modules: it runs as a script.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat as stat_module
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# (file name, size, mtime in ns), by file name.
Listing = list[tuple[str, int, int]]

# Fewer files than this are stat-ed faster than a second Python starts.
PREFETCH_MIN = 1000


class _Pending:
    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    def collect(self) -> Listing | None:
        try:
            with os.fdopen(self.fd, "rb") as fh:
                data = fh.read()
            found = marshal.loads(data) if data else None
        except (OSError, EOFError, ValueError, TypeError):
            found = None
        finally:
            _reap(self.pid)
        return found if isinstance(found, list) else None


_PENDING: dict[str, _Pending] = {}


def _reap(pid: int) -> None:
    """Collect the child's exit status if it has exited (its listing is read
    by then; a child still leaving is reaped with this process)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def scan(folder: Path, suffixes: tuple[str, ...]) -> Listing:
    """The files in ``folder`` ending in one of ``suffixes`` (any case), not
    hidden, with their size and mtime, by name: the prefetched listing if
    :func:`prefetch` started one, else listed now."""
    pending = _PENDING.pop(str(folder), None)
    if pending is not None:
        found = pending.collect()
        if found is not None:
            return found
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return _listing(folder, names, suffixes)


def prefetch(folder: Path, suffixes: tuple[str, ...]) -> bool:
    """Start listing ``folder`` in a second Python, for :func:`scan` to take
    later: with two cores or more, and a folder big enough to gain. Returns
    True if it started."""
    here = __file__
    if not hasattr(os, "posix_spawn") or _cores() < 2 or not os.path.isfile(here):
        return False
    try:
        if len(os.listdir(folder)) < PREFETCH_MIN:
            return False
        read, write = os.pipe()
    except OSError:
        return False
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-S", here, str(folder), *suffixes],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, write, 1), (os.POSIX_SPAWN_CLOSE, read)],
        )
    except OSError:
        os.close(read)
        return False
    finally:
        os.close(write)
    _PENDING[str(folder)] = _Pending(pid, read)
    return True


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _listing(folder: Path | str, names: list[str], suffixes: tuple[str, ...]) -> Listing:
    """What :meth:`Library.text_files` lists, with sizes and mtimes, in one
    pass (building and sorting ``Path`` objects and stat-ing twice cost more
    than the rest of a sync at 5,000 texts; ``stat`` relative to the open
    folder is the cheapest way)."""
    # As os.path.splitext: a leading dot starts no suffix (and hidden files
    # are skipped anyway). Comprehensions: this runs at every start.
    wanted = [
        n
        for n in names
        if n[0] != "." and (dot := n.rfind(".")) > 0 and n[dot:].lower() in suffixes
    ]
    wanted.sort()
    try:
        fd = os.open(folder, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return []
    stats: list[os.stat_result | None]
    try:
        try:
            stats = [os.stat(n, dir_fd=fd) for n in wanted]
        except FileNotFoundError:  # one was deleted meanwhile
            stats = [_stat_or_none(n, fd) for n in wanted]
    finally:
        os.close(fd)
    regular = stat_module.S_ISREG
    return [
        (n, st.st_size, st.st_mtime_ns)
        for n, st in zip(wanted, stats, strict=True)
        if st is not None and regular(st.st_mode)
    ]


def _stat_or_none(name: str, fd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=fd)
    except FileNotFoundError:
        return None


if __name__ == "__main__":  # prefetch()'s second Python: the listing, marshalled
    out = sys.stdout.buffer
    out.write(marshal.dumps(_listing(sys.argv[1], os.listdir(sys.argv[1]), tuple(sys.argv[2:]))))
    out.flush()
    os._exit(0)  # no clean-up: the waiting process reads to the end of the pipe
