"""When whoosh writes a commit, which segments it folds in (the merge policy),
and merging everything when the library is idle (:func:`tidy`)."""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from whoosh.index import LockError

from reader.core.library import Library
from reader.core.search import store
from reader.core.search.whoosh_internals import merge_reader_class, segments_of

if TYPE_CHECKING:
    from whoosh.writing import SegmentWriter


# Changed texts gather in small segments beside the big one. A commit writes
# the new documents together with the smallest of them, so that at most
# RECENT_SEGMENTS small ones remain (a query pays for every segment it visits,
# fuzzy~ most). Re-writing an article is slow (whoosh writes every word's
# postings in Python): with one small segment the k-th change in a row
# re-writes k - 1 articles, with two about (k - 1) / 2, which halves the time
# a run of changes takes for one segment more (the README's re-index figures).
# A small segment that reaches RECENT_BYTES (about sixteen long articles, or
# the whole glossary three times over) is left as it is, so that no commit
# re-writes more than that; tidy() merges everything when the library is idle.
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
    # Through mmap, whoosh reads a segment from memory rather than through
    # many small file reads.
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(writer.storage.folder, supports_mmap=True)
    reader_class = merge_reader_class()
    for seg in segments:
        reader = reader_class(storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()


def segment_count(library: Library) -> int:
    """How many segments the library's index has (0 when there is no index of ours)."""
    if store.inspect(library.index_dir) != store.IndexState.OURS:
        return 0
    ix = store.open_index(library.index_dir, mmap=False)
    return len(segments_of(ix))


def tidy(library: Library, *, lock_timeout: float = 1.0) -> bool:
    """Optimize when idle: merge into one segment if there are several, or many
    deleted documents. Returns True if it merged."""
    folder = library.index_dir
    if store.inspect(folder) != store.IndexState.OURS:
        return False
    ix = store.open_index(folder, mmap=False)
    with ix.reader() as r:
        segments = len(segments_of(ix))
        deleted = r.doc_count_all() - r.doc_count()
        total = r.doc_count_all()
    if segments <= 1 and deleted * 10 <= total:
        return False
    before = ix.latest_generation()
    try:
        writer = ix.writer(timeout=lock_timeout)
    except LockError:
        return False
    writer.commit(mergetype=merge_all)
    from reader.core.search.pairs import advance

    advance(folder, before, ix.latest_generation())
    return True
