"""Keep the index in step with the library: only new, changed and deleted texts.

:func:`sync` runs at the start of every command and of the app. It compares
each text's size and mtime with ``index/stamps.json`` (and, when those differ,
its SHA-256 with the one the index holds), parses and re-indexes only what
changed, removes what was deleted, and commits with a merge policy that folds
recent changes into small segments beside the big one
(:func:`~reader.core.search.merge.merge_small`);
:func:`~reader.core.search.merge.tidy` merges everything when the library is
idle. A schema change or an index that fails to open triggers a full rebuild
(a damaged folder is moved aside first). When another process holds the
index, it waits ``lock_timeout`` seconds and then carries on read-only, saying
so in the report.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.index import LockError

from reader.core.errors import LockHeld, ReaderError
from reader.core.library import Library, text_id
from reader.core.search import sources, store
from reader.core.search.merge import merge_small
from reader.core.search.stamps import (
    Look,
    Stamp,
    file_sha256,
    load_stamps,
    look_matches,
    save_look,
    save_stamps,
    stamps_from_index,
    stat_key,
)

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import IndexWriter

    from reader.core.search.documents import Document
    from reader.core.search.pairs import PairsWriter

# progress(done, total, what): called as work proceeds.
ProgressFn = Callable[[int, int, str], None]

# A full build of at least this many texts uses two writer processes.
PARALLEL_THRESHOLD = 400


class SyncReport:
    """What a sync did. Not a dataclass: the dataclasses module imports
    ``inspect``, which every ``reader search`` start would pay for (the
    search path's records are NamedTuples for the same reason)."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.changed: list[str] = []
        self.deleted: list[str] = []
        self.unchanged = 0
        self.rebuilt = False
        self.read_only = False
        self.notices: list[str] = []
        self.failed: list[str] = []
        self.seconds = 0.0

    def __repr__(self) -> str:
        return f"SyncReport({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    @property
    def touched(self) -> int:
        return len(self.added) + len(self.changed) + len(self.deleted)


class _Plan:
    # Plain classes, not dataclasses, for what only this module uses: making a
    # dataclass costs half a millisecond at import, and every command pays it.

    def __init__(self, look: Look | None = None) -> None:
        self.add: list[Path] = []
        self.change: list[Path] = []
        self.delete: list[str] = []
        # Unchanged content, new stat (a touch or a copy): update the stamp only.
        self.restamp: dict[str, Stamp] = {}
        self.unchanged = 0
        self.sources: dict[str, Any] = {}
        self.sources_changed = False
        self.look = look

    @property
    def empty(self) -> bool:
        return not (self.add or self.change or self.delete or self.sources_changed)


# -- planning -----------------------------------------------------------------


def _plan(
    library: Library,
    stamps: dict[str, Stamp],
    old_sources: dict[str, Any],
    notices: list[str],
    look: Look | None = None,
) -> _Plan:
    look = look or Look.take(library)
    plan = _Plan(look=look)
    seen: dict[str, str] = {}
    folder = library.texts_dir
    for name, size, mtime_ns in look.scan:
        tid = os.path.splitext(name)[0]  # reader.core.library.text_id, without a Path
        if tid in seen:
            notices.append(f"{name} has the same name as {seen[tid]}; only the first is searchable")
            continue
        seen[tid] = name
        stamp = stamps.get(tid)
        if stamp is None:
            plan.add.append(folder / name)
            continue
        same_name = stamp.name == name
        if same_name and stamp.size == size and stamp.mtime_ns == mtime_ns:
            plan.unchanged += 1
            continue
        path = folder / name
        sha = file_sha256(path)
        if sha == stamp.sha256 and same_name:
            plan.restamp[tid] = Stamp(name, size, mtime_ns, sha, stamp.title, stamp.failed)
            plan.unchanged += 1
        else:
            plan.change.append(path)
    plan.delete = sorted(set(stamps) - set(seen))
    plan.sources = look.sources
    plan.sources_changed = plan.sources != old_sources
    return plan


# -- the sync -----------------------------------------------------------------


def sync(
    library: Library,
    progress: ProgressFn | None = None,
    *,
    rebuild: bool = False,
    lock_timeout: float = 3.0,
    procs: int | None = None,
    verify: bool = True,
) -> SyncReport:
    """Bring ``library``'s index up to date (see the module docstring).

    ``verify=False`` skips opening the index when no text changed (a faster
    start); the caller then heals a damaged index when searching raises
    :class:`~reader.core.search.query.IndexDamaged`, by syncing again.
    """
    started = time.perf_counter()
    report = SyncReport()
    folder = library.index_dir
    state = store.inspect(folder)
    if state == store.IndexState.FOREIGN:
        raise store.refuse_foreign(folder)

    early: _Early | None = None
    if state == store.IndexState.OURS and not rebuild:
        look = Look.take(library)
        texts = look_matches(folder, look)
        if texts is not None and (not verify or _readable(folder)):
            report.unchanged = texts
            report.seconds = time.perf_counter() - started
            return report
        stamp_key = stat_key(folder / store.STAMPS)
        loaded = load_stamps(folder)
        if loaded is not None:
            notices: list[str] = []
            plan = _plan(library, loaded[0], loaded[1], notices, look)
            if plan.empty and not plan.restamp and (not verify or _readable(folder)):
                if stat_key(folder / store.STAMPS) == stamp_key:
                    save_look(folder, look, plan.unchanged)
                report.unchanged = plan.unchanged
                report.seconds = time.perf_counter() - started
                return report
            early = _Early(stamp_key, loaded[0], plan, notices)

    from reader.core.atomic import locked

    try:
        with locked(library.state_dir / "index", timeout=lock_timeout):
            _sync_locked(library, report, progress, rebuild, lock_timeout, procs, early)
    except LockHeld:
        _read_only(report, folder)
    report.seconds = time.perf_counter() - started
    return report


class _Early:
    """What the lock-free first look found, reused under the lock if the stamps
    file has not changed in between."""

    def __init__(
        self,
        stamps_key: tuple[int, int] | None,
        stamps: dict[str, Stamp],
        plan: _Plan,
        notices: list[str],
    ) -> None:
        self.stamps_key = stamps_key
        self.stamps = stamps
        self.plan = plan
        self.notices = notices


def _readable(folder: Path) -> bool:
    """Whether the index opens and reads (a damaged one is healed under the lock)."""
    try:
        store.probe(store.open_index(folder, mmap=False))
    except store.DAMAGE_ERRORS:
        return False
    return True


def _read_only(report: SyncReport, folder: Path) -> None:
    report.read_only = True
    report.notices.append(
        f"another reader process is updating the search index in {folder}; "
        "searching what is there now"
    )


def _sync_locked(
    library: Library,
    report: SyncReport,
    progress: ProgressFn | None,
    rebuild: bool,
    lock_timeout: float,
    procs: int | None,
    early: _Early | None = None,
) -> None:
    folder = library.index_dir
    state = store.inspect(folder)
    if state == store.IndexState.FOREIGN:
        raise store.refuse_foreign(folder)
    ix: FileIndex | None = None
    if state == store.IndexState.OUTDATED:
        report.notices.append("the search index was made by another version; rebuilding it")
    elif state == store.IndexState.OURS and not rebuild:
        try:
            # No mmap: whoosh would copy every index file into memory first.
            ix = store.open_index(folder, mmap=False)
            store.probe(ix)
        except store.DAMAGE_ERRORS as exc:
            ix = None
            aside = store.move_aside(folder)
            report.notices.append(
                f"the search index could not be read ({type(exc).__name__}); "
                f"moved it to {aside.name} and rebuilt it"
            )
    fresh = ix is None
    if fresh:
        report.rebuilt = state != store.IndexState.MISSING or rebuild

    if ix is not None and early is not None and stat_key(folder / store.STAMPS) == early.stamps_key:
        # Nobody synced since we looked: the plan made before the lock holds.
        stamps, plan = early.stamps, early.plan
        report.notices.extend(early.notices)
    else:
        loaded = None if ix is None else load_stamps(folder)
        if loaded is None:
            stamps = {} if ix is None else stamps_from_index(ix)
            old_sources: dict[str, Any] = {}
        else:
            stamps, old_sources = loaded
        plan = _plan(library, stamps, old_sources, report.notices)
    from reader.core.search.pairs import PairsWriter, common_words

    if ix is None:
        ix = store.create(folder)
        table = PairsWriter(folder, None, common_words(plan.add))
    else:
        table = PairsWriter(folder, ix.latest_generation(), None)
    report.unchanged = plan.unchanged
    stamps.update(plan.restamp)
    if plan.empty:
        table.commit(ix.latest_generation())
        save_stamps(folder, stamps, plan.sources)
        _save_look_of(folder, plan, len(stamps))
        return

    work = len(plan.add) + len(plan.change)
    if procs is None:
        import threading

        parallel = (
            fresh
            and work >= PARALLEL_THRESHOLD
            and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1  # never fork a threaded app
        )
        procs = 2 if parallel else 1
    try:
        if procs > 1:
            _writers_die_with_us()
            writer = ix.writer(timeout=lock_timeout, procs=procs, multisegment=True)
        elif fresh:
            writer = ix.writer(timeout=lock_timeout)
        else:
            # Small incremental segments: zlib buys nothing on one article's
            # postings and costs a third of the commit.
            from whoosh.codec.whoosh3 import W3Codec

            writer = ix.writer(timeout=lock_timeout, codec=W3Codec(compression=0))
    except LockError:
        table.close()
        _read_only(report, folder)
        return

    try:
        from reader.core.search.documents import text_key

        for tid in plan.delete:
            writer.delete_by_term("key", text_key(tid))
            table.drop(text_key(tid))
            stamps.pop(tid, None)
            report.deleted.append(tid)
        add = writer.add_document if fresh else writer.update_document
        todo = [*((p, True) for p in plan.add), *((p, False) for p in plan.change)]
        for done, (path, is_new) in enumerate(todo, start=1):
            tid = text_id(path)
            doc, stamp = _index_text(library, path, report)
            stamps[tid] = stamp
            if doc is not None:
                add(**doc)
                table.put(doc["key"], doc["content"])
            elif not is_new:
                writer.delete_by_term("key", text_key(tid))
                table.drop(text_key(tid))
            (report.added if is_new else report.changed).append(tid)
            if progress is not None:
                progress(done, work, path.name)
        if plan.sources_changed or fresh:
            titles = {k: v.title for k, v in stamps.items()}
            _index_sources(library, writer, table, titles, fresh, report)
        writer.commit(mergetype=merge_small)
    except BaseException:
        writer.cancel()
        table.close()
        raise
    table.commit(ix.latest_generation())
    save_stamps(folder, stamps, plan.sources)
    _save_look_of(folder, plan, len(stamps))
    if fresh:
        _group_works(library, report)


def _group_works(library: Library, report: SyncReport) -> None:
    """After a full build, the library's works grouped and kept now
    (:mod:`reader.core.sources.shelf`), a small part of the build's time, rather
    than at the first ``reader sources`` or bibliography after it; later syncs
    leave the regrouping of the texts they changed to that first call."""
    from reader.core.sources.library import library_shelf

    try:
        library_shelf(library)
    except ReaderError as err:  # the index is sound; the works are read when asked
        report.notices.append(str(err))


def _save_look_of(folder: Path, plan: _Plan, texts: int) -> None:
    if plan.look is not None:
        save_look(folder, plan.look, texts)


_PARENT_PID: int | None = None


def _writers_die_with_us() -> None:
    """Make the writer sub-processes (forked by whoosh) die when this process dies.

    They wait for work on a queue; if reader is killed (kill -9, a closed
    terminal) they would wait there for ever. On Linux each one asks the kernel
    for SIGKILL when its parent goes; elsewhere nothing changes.
    """
    global _PARENT_PID
    if _PARENT_PID is None and sys.platform.startswith("linux"):
        os.register_at_fork(after_in_child=_die_with_parent)
    _PARENT_PID = os.getpid()


def _die_with_parent() -> None:
    parent = _PARENT_PID
    if parent is None or os.getppid() != parent:
        return  # forked by something else (a writer's own child, say)
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _index_text(library: Library, path: Path, report: SyncReport) -> tuple[Document | None, Stamp]:
    import hashlib

    from reader.core.articles import read_article
    from reader.core.search.documents import text_document

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    st = path.stat()
    try:
        article = read_article(library, path, text_id=text_id(path))
    except ReaderError as err:
        report.failed.append(str(err))
        return None, Stamp(path.name, st.st_size, st.st_mtime_ns, sha, "", True)
    doc = text_document(
        article, path=str(path), size=st.st_size, mtime_ns=st.st_mtime_ns, sha256=sha
    )
    return doc, Stamp(path.name, st.st_size, st.st_mtime_ns, sha, article.meta.title)


def _index_sources(
    library: Library,
    writer: IndexWriter,
    table: PairsWriter,
    titles: dict[str, str],
    fresh: bool,
    report: SyncReport,
) -> None:
    """Re-index every note and glossary entry (they are small)."""
    if not fresh:
        for kind in ("note", "glossary"):
            writer.delete_by_term("kind", kind)
            table.drop_prefixed(f"{kind}:")
    docs: Iterable[Document] = sources.documents(library, titles, report.failed)
    for doc in docs:
        writer.add_document(**doc)
        table.put(doc["key"], doc["content"])
