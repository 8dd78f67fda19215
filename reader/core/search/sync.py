"""Keep the index in step with the library: only new, changed and deleted texts.

:func:`sync` runs at the start of every command and of the app. It compares
each text's size and mtime with ``index/stamps.json`` (and, when those differ,
its SHA-256 with the one the index holds), parses and re-indexes only what
changed, removes what was deleted, and commits with a merge policy that folds
recent changes into one small segment beside the big one (:func:`merge_small`);
:func:`tidy` merges everything when the library is idle. A schema change or
an index that fails to open triggers a full rebuild (a damaged folder is moved
aside first). When another process holds the index, it waits ``lock_timeout``
seconds and then carries on read-only, saying so in the report.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from whoosh.index import LockError

from reader.core.errors import LockHeld, ReaderError
from reader.core.library import TEXT_SUFFIXES, Library, text_id
from reader.core.scan import Listing, scan
from reader.core.search import sources, store

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import IndexWriter, SegmentWriter

    from reader.core.search.documents import Document

# progress(done, total, what): called as work proceeds.
ProgressFn = Callable[[int, int, str], None]

# A full build of at least this many texts uses two writer processes.
PARALLEL_THRESHOLD = 400


class SyncReport:
    """What a sync did. Not a dataclass: the dataclasses module imports
    ``inspect``, ~8 ms of every ``reader search`` start (the search path's
    records are NamedTuples for the same reason)."""

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


class _Stamp(NamedTuple):
    """What ``stamps.json`` remembers of a text (a tuple: 5,000 load in ~1 ms)."""

    name: str
    size: int
    mtime_ns: int
    sha256: str
    title: str = ""
    failed: bool = False

    def to_json(self) -> list[Any]:
        return list(self)

    @classmethod
    def from_json(cls, raw: list[Any]) -> _Stamp:
        if len(raw) != 6:
            raise ValueError("a stamp has six fields")
        return cls._make(raw)


class _Plan:
    # Plain classes, not dataclasses, for what only this module uses: making a
    # dataclass costs half a millisecond at import, and every command pays it.

    def __init__(self, look: _Look | None = None) -> None:
        self.add: list[Path] = []
        self.change: list[Path] = []
        self.delete: list[str] = []
        # Unchanged content, new stat (a touch or a copy): update the stamp only.
        self.restamp: dict[str, _Stamp] = {}
        self.unchanged = 0
        self.sources: dict[str, Any] = {}
        self.sources_changed = False
        self.look = look

    @property
    def empty(self) -> bool:
        return not (self.add or self.change or self.delete or self.sources_changed)


def file_sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- stamps -----------------------------------------------------------------


def _load_stamps(folder: Path) -> tuple[dict[str, _Stamp], dict[str, Any]] | None:
    try:
        raw = json.loads((folder / store.STAMPS).read_text(encoding="utf-8"))
        texts = {k: _Stamp.from_json(v) for k, v in raw["texts"].items()}
        return texts, dict(raw.get("sources", {}))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged stamps file is rebuilt from the index


def _save_stamps(folder: Path, texts: dict[str, _Stamp], srcs: dict[str, Any]) -> None:
    from reader.core.atomic import atomic_write

    data = {"texts": {k: v.to_json() for k, v in sorted(texts.items())}, "sources": srcs}
    # Not fsynced: whoosh does not fsync the index either, and a stamps file
    # lost to a crash is rebuilt from the index (_stamps_from_index).
    atomic_write(folder / store.STAMPS, json.dumps(data, separators=(",", ":")), durable=False)


def _stamps_from_index(ix: FileIndex) -> dict[str, _Stamp]:
    stamps: dict[str, _Stamp] = {}
    with ix.searcher() as s:
        for fields in s.reader().all_stored_fields():
            meta = fields.get("meta") or {}
            if meta.get("kind") != "text":
                continue
            stamps[meta["text"]] = _Stamp(
                Path(meta["path"]).name,
                meta["size"],
                meta["mtime_ns"],
                meta["sha256"],
                meta.get("title") or "",
            )
    return stamps


# -- planning -----------------------------------------------------------------


def _plan(
    library: Library,
    stamps: dict[str, _Stamp],
    old_sources: dict[str, Any],
    notices: list[str],
    look: _Look | None = None,
) -> _Plan:
    look = look or _Look.take(library)
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
            plan.restamp[tid] = _Stamp(name, size, mtime_ns, sha, stamp.title, stamp.failed)
            plan.unchanged += 1
        else:
            plan.change.append(path)
    plan.delete = sorted(set(stamps) - set(seen))
    plan.sources = look.sources
    plan.sources_changed = plan.sources != old_sources
    return plan


# -- the quick look -------------------------------------------------------------
#
# Most starts find nothing changed. Rather than load every text's stamp
# (``stamps.json``: ~0.8 MB at 5,000 texts) and compare them one by one, a
# start compares one digest of what the folder holds now (every text's name,
# size and mtime, and the notes' and glossary's) with the digest saved when
# the index was last brought up to date (``look.json``). Every text is still
# stat-ed, so a text edited in place (which leaves the folder's own mtime
# alone) is still noticed; the saved digest counts only while ``stamps.json``
# is the file it was saved with.


class _Look:
    """What the texts folder and the notes and glossary files look like now."""

    def __init__(self, scan: Listing, srcs: dict[str, Any]) -> None:
        self.scan = scan
        self.sources = srcs
        self._digest = ""

    @classmethod
    def take(cls, library: Library) -> _Look:
        return cls(scan(library.texts_dir, TEXT_SUFFIXES), sources.fingerprint(library))

    def digest(self) -> str:
        if not self._digest:
            import hashlib
            from array import array

            # Names, then sizes and mtimes as 64-bit numbers: built by list
            # comprehensions rather than one formatted line a text (3× faster).
            scan = self.scan
            names = "\0".join([n for n, _, _ in scan])
            h = hashlib.blake2b(names.encode("utf-8", "surrogateescape"), digest_size=16)
            h.update(array("q", [size for _, size, _ in scan]).tobytes())
            h.update(array("q", [mtime_ns for _, _, mtime_ns in scan]).tobytes())
            h.update(json.dumps(self.sources, sort_keys=True).encode("utf-8", "surrogateescape"))
            self._digest = h.hexdigest()
        return self._digest


def _look_matches(folder: Path, look: _Look) -> int | None:
    """How many texts are indexed, if the index was last brought up to date
    with the folder looking exactly like ``look`` (else None)."""
    try:
        saved = json.loads((folder / store.LOOK).read_text(encoding="utf-8"))
        stamps_key = saved["stamps"]
        if saved["digest"] != look.digest() or stamps_key is None:
            return None
        if list(_stat_key(folder / store.STAMPS) or ()) != stamps_key:
            return None
        return int(saved["texts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save_look(folder: Path, look: _Look, texts: int) -> None:
    from reader.core.atomic import atomic_write

    key = _stat_key(folder / store.STAMPS)
    data = {"digest": look.digest(), "stamps": list(key) if key else None, "texts": texts}
    atomic_write(folder / store.LOOK, json.dumps(data), durable=False)  # a cache, as stamps


# -- merging ------------------------------------------------------------------


# Changed texts gather in small segments beside the big one. A commit writes
# the new documents together with the smallest of them, so that at most
# RECENT_SEGMENTS small ones remain (a query pays for every segment it visits,
# fuzzy~ most). Re-writing costs about 30 ms a 5,000-word article (whoosh
# writes every word's postings in Python): with one small segment the k-th
# change in a row re-writes k - 1 articles, with two about (k - 1) / 2, which
# halves a run of changes' median commit (measured at 5,000 articles, 20
# changes in a row: 415 → 285 ms) for one segment more. A small segment that
# reaches RECENT_BYTES (~16 such articles, or the whole glossary three times
# over) is left as it is, so no commit re-writes more than that (~0.65 s);
# tidy() merges everything when the library is idle.
RECENT_BYTES = 3_500_000
RECENT_SEGMENTS = 2


def merge_small(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Merge policy: fold the smallest segments other than the largest into
    the segment being written until at most :data:`RECENT_SEGMENTS` of those
    under :data:`RECENT_BYTES` remain, counting the new one; leave the others
    alone.

    After a single-process build or :func:`tidy` that keeps the index at two
    or three segments (everything, and the recent changes) for the first few
    dozen changed texts; a two-process build starts with two big segments,
    which stay as they are. Small segments are read through mmap (whoosh then
    copies them into memory, which is quick for them).
    """
    if not segments:
        return segments
    largest = max(segments, key=lambda s: s.doc_count_all())
    sizes = _segment_bytes(writer.storage, segments)
    small = sorted(
        (s for s in segments if s is not largest and sizes[id(s)] < RECENT_BYTES),
        key=lambda s: sizes[id(s)],
    )
    fold = small[: max(0, len(small) + 1 - RECENT_SEGMENTS)]
    if not fold:
        return segments
    _fold_into(writer, fold)
    return [s for s in segments if s not in fold]


def _segment_bytes(storage: Any, segments: list[Any]) -> dict[int, int]:
    """How many bytes each segment's files take (keyed by ``id(segment)``)."""
    names = list(storage.list())
    sizes: dict[int, int] = {}
    for seg in segments:
        prefix = seg.make_filename("")
        sizes[id(seg)] = sum(storage.file_length(n) for n in names if n.startswith(prefix))
    return sizes


def merge_all(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Merge policy of :func:`tidy`: everything into one segment."""
    _fold_into(writer, segments)
    return []


def _fold_into(writer: SegmentWriter, segments: list[Any]) -> None:
    # Through mmap, whoosh reads a segment from memory: a merge is several
    # times faster than through many small file reads.
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(writer.storage.folder, supports_mmap=True)
    reader_class = _merge_reader_class()
    for seg in segments:
        reader = reader_class(storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()


def _merge_reader_class() -> type[Any]:
    from whoosh.reading import SegmentReader

    class MergeReader(SegmentReader):
        """A segment reader whose postings come out quickly for a merge.

        whoosh's own ``iter_postings`` walks the word list, then looks every
        word up again to read its postings, and reads each posting through a
        matcher (about 35 µs a word in all: most of a merge's reading, since
        a small segment holds mostly words with one or two postings). This
        reads each word's postings from where the walk found them, in one
        slice (:func:`_raw_postings`), through the matcher only if that fails.
        """

        def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
            terms = self._terms
            items = getattr(terms, "items", None)
            codec = getattr(terms, "_codec", None)
            postfile = getattr(terms, "_postfile", None)
            if items is None or codec is None or postfile is None:  # not whoosh3's codec
                yield from super().iter_postings()
                return
            schema = self.schema
            deleted = self.deleted_docs_set
            for (fieldname, btext), info in items():
                if fieldname not in schema:
                    continue
                fmt = schema[fieldname].format
                postings = None if info.is_inlined() else _raw_postings(postfile, info, fmt)
                if postings is None:
                    postings = []
                    m = codec.postings_reader(postfile, info, fmt)
                    while m.is_active():
                        postings.append((m.id(), m.weight(), m.value()))
                        m.next()
                for docnum, weight, value in postings:
                    if docnum not in deleted:
                        yield fieldname, btext, docnum, weight, value

    return MergeReader


_W3_MAGIC = b"W3Bl"  # whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC
_BLOCK_SIZE = struct.Struct("!i")


def _raw_postings(postfile: Any, info: Any, fmt: Any) -> list[tuple[int, float, Any]] | None:
    """A word's postings read from whoosh3's postings file in one slice, as
    its ``W3LeafMatcher`` reads them (each block: its length, a pickled
    header, the pickled ``(ids, weights, values)``, maybe compressed); None if
    anything there is not as expected. Not :func:`reader.core.search.rank._blocks`,
    which reads the same blocks through a matcher: making one for each word
    of a small segment costs ~40% more (125 against 89 ms for ten articles)."""
    try:
        offset, length = info.extent()
        if isinstance(length, tuple):  # whoosh3 3.54 keeps the unpacked 1-tuple
            (length,) = length
        buf = postfile.get(offset, length)
        if buf[:4] != _W3_MAGIC:
            return None
        fixedsize = fmt.fixed_value_size()
        out: list[tuple[int, float, Any]] = []
        pos = 4
        while True:
            (size,) = _BLOCK_SIZE.unpack_from(buf, pos)
            end = pos + 4 + abs(size)
            block = io.BytesIO(buf[pos + 4 : end])
            count, _maxid, _maxweight, compression, _, _ = pickle.load(block)
            data = block.read()
            ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
            if weights is None or isinstance(weights, float):
                weights = [1.0 if weights is None else weights] * count
            if fixedsize is None or fixedsize < 0:
                pass
            elif fixedsize == 0:
                values = (None,) * count
            else:
                values = [values[i : i + fixedsize] for i in range(0, len(values), fixedsize)]
            ids = list(accumulate(ids))
            if not (len(ids) == len(weights) == len(values) == count):
                return None
            out.extend(zip(ids, weights, values, strict=True))
            if size < 0:
                return out
            pos = end
    except (ValueError, TypeError, struct.error, pickle.UnpicklingError, zlib.error, EOFError):
        return None


def segment_count(library: Library) -> int:
    """How many segments the library's index has (0 when there is no index of ours)."""
    if store.inspect(library.index_dir) != store.IndexState.OURS:
        return 0
    ix = store.open_index(library.index_dir, mmap=False)
    return len(ix._segments())  # noqa: SLF001 - whoosh has no public count


def tidy(library: Library, *, lock_timeout: float = 1.0) -> bool:
    """Optimize when idle: merge into one segment if there are several, or many
    deleted documents. Returns True if it merged."""
    folder = library.index_dir
    if store.inspect(folder) != store.IndexState.OURS:
        return False
    ix = store.open_index(folder, mmap=False)
    with ix.reader() as r:
        segments = len(ix._segments())  # noqa: SLF001 - whoosh has no public count
        deleted = r.doc_count_all() - r.doc_count()
        total = r.doc_count_all()
    if segments <= 1 and deleted * 10 <= total:
        return False
    try:
        writer = ix.writer(timeout=lock_timeout)
    except LockError:
        return False
    writer.commit(mergetype=merge_all)
    return True


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
        look = _Look.take(library)
        texts = _look_matches(folder, look)
        if texts is not None and (not verify or _readable(folder)):
            report.unchanged = texts
            report.seconds = time.perf_counter() - started
            return report
        stamp_key = _stat_key(folder / store.STAMPS)
        loaded = _load_stamps(folder)
        if loaded is not None:
            notices: list[str] = []
            plan = _plan(library, loaded[0], loaded[1], notices, look)
            if plan.empty and not plan.restamp and (not verify or _readable(folder)):
                if _stat_key(folder / store.STAMPS) == stamp_key:
                    _save_look(folder, look, plan.unchanged)
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
        stamps: dict[str, _Stamp],
        plan: _Plan,
        notices: list[str],
    ) -> None:
        self.stamps_key = stamps_key
        self.stamps = stamps
        self.plan = plan
        self.notices = notices


def _stat_key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


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
    if ix is None:
        ix = store.create(folder)
        report.rebuilt = state != store.IndexState.MISSING or rebuild

    if not fresh and early is not None and _stat_key(folder / store.STAMPS) == early.stamps_key:
        # Nobody synced since we looked: the plan made before the lock holds.
        stamps, plan = early.stamps, early.plan
        report.notices.extend(early.notices)
    else:
        loaded = None if fresh else _load_stamps(folder)
        if loaded is None:
            stamps = {} if fresh else _stamps_from_index(ix)
            old_sources: dict[str, Any] = {}
        else:
            stamps, old_sources = loaded
        plan = _plan(library, stamps, old_sources, report.notices)
    report.unchanged = plan.unchanged
    stamps.update(plan.restamp)
    if plan.empty:
        _save_stamps(folder, stamps, plan.sources)
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
        _read_only(report, folder)
        return

    try:
        from reader.core.search.documents import text_key

        for tid in plan.delete:
            writer.delete_by_term("key", text_key(tid))
            stamps.pop(tid, None)
            report.deleted.append(tid)
        add = writer.add_document if fresh else writer.update_document
        todo = [*((p, True) for p in plan.add), *((p, False) for p in plan.change)]
        for done, (path, is_new) in enumerate(todo, start=1):
            tid = text_id(path)
            doc, stamp = _index_text(path, report)
            stamps[tid] = stamp
            if doc is not None:
                add(**doc)
            elif not is_new:
                writer.delete_by_term("key", text_key(tid))
            (report.added if is_new else report.changed).append(tid)
            if progress is not None:
                progress(done, work, path.name)
        if plan.sources_changed or fresh:
            titles = {k: v.title for k, v in stamps.items()}
            _index_sources(library, writer, titles, fresh, report)
        writer.commit(mergetype=merge_small)
    except BaseException:
        writer.cancel()
        raise
    _save_stamps(folder, stamps, plan.sources)
    _save_look_of(folder, plan, len(stamps))


def _save_look_of(folder: Path, plan: _Plan, texts: int) -> None:
    if plan.look is not None:
        _save_look(folder, plan.look, texts)


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


def _index_text(path: Path, report: SyncReport) -> tuple[Document | None, _Stamp]:
    import hashlib

    from reader.core.parse import parse_file
    from reader.core.search.documents import text_document

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    st = path.stat()
    try:
        article = parse_file(path, text_id=text_id(path))
    except ReaderError as err:
        report.failed.append(str(err))
        return None, _Stamp(path.name, st.st_size, st.st_mtime_ns, sha, "", True)
    doc = text_document(
        article, path=str(path), size=st.st_size, mtime_ns=st.st_mtime_ns, sha256=sha
    )
    return doc, _Stamp(path.name, st.st_size, st.st_mtime_ns, sha, article.meta.title)


def _index_sources(
    library: Library,
    writer: IndexWriter,
    titles: dict[str, str],
    fresh: bool,
    report: SyncReport,
) -> None:
    """Re-index every note and glossary entry (they are small)."""
    if not fresh:
        writer.delete_by_term("kind", "note")
        writer.delete_by_term("kind", "glossary")
    docs: Iterable[Document] = sources.documents(library, titles, report.failed)
    for doc in docs:
        writer.add_document(**doc)
