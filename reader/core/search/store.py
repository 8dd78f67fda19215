"""The index folder: made by us (a marker file says so), opened, moved aside.

``<library>/index/`` is a cache. We only ever open, rebuild or move a folder
that holds our marker (``READER_INDEX``, a small JSON file naming the schema
version); a folder someone else filled is refused with a clear message. A
folder whose index fails to open is renamed ``index.damaged`` (the previous
such folder is dropped) and rebuilt from the texts.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, BinaryIO

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.index import FileIndex

from reader.core.errors import ReaderError
from reader.core.search.schema import SCHEMA_VERSION, build_schema

MARKER = "READER_INDEX"
STAMPS = "stamps.json"
# A digest of how the library looked when the index was last brought up to date.
LOOK = "look.json"
INDEX_NAME = "MAIN"
# What a damaged index looks like when whoosh reads it: truncated files raise
# EOFError/struct.error, garbage raises pickle and value errors, missing files
# OSError. We catch these where an index is opened and rebuild.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (Exception,)


class IndexState:
    """What :func:`inspect` found in the index folder."""

    MISSING = "missing"  # no folder, or an empty one
    OURS = "ours"  # our marker, current schema
    OUTDATED = "outdated"  # our marker, another schema version
    FOREIGN = "foreign"  # files we did not write


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def inspect(folder: Path) -> str:
    if not folder.exists():
        return IndexState.MISSING
    if not folder.is_dir():
        return IndexState.FOREIGN
    marker = read_marker(folder)
    if marker is None:
        if any(folder.iterdir()):
            return IndexState.FOREIGN
        return IndexState.MISSING
    if marker.get("made_by") != "reader":
        return IndexState.OUTDATED if marker == {} else IndexState.FOREIGN
    if marker.get("schema") != SCHEMA_VERSION:
        return IndexState.OUTDATED
    return IndexState.OURS


def refuse_foreign(folder: Path) -> ReaderError:
    return ReaderError(
        "this folder was not made by reader, so it is left alone; move it away "
        "(reader keeps its search index there) and run 'reader index'",
        folder,
    )


def create(folder: Path) -> FileIndex:
    """A new, empty index in ``folder`` (which must be missing, empty or ours)."""
    if folder.exists():
        clear(folder)
    from reader.core.atomic import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / MARKER, json.dumps({"made_by": "reader", "schema": SCHEMA_VERSION}))
    storage = FileStorage(str(folder), supports_mmap=False)
    ix: FileIndex = storage.create_index(build_schema(), indexname=INDEX_NAME)
    return ix


def clear(folder: Path) -> None:
    """Empty one of *our* index folders (the marker goes last)."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MARKER).unlink(missing_ok=True)


def move_aside(folder: Path) -> Path:
    """Rename a damaged index folder to ``index.damaged`` (replacing an older one)."""
    aside = folder.with_name(folder.name + ".damaged")
    if aside.exists():
        if read_marker(aside) is None:
            raise refuse_foreign(aside)
        shutil.rmtree(aside)
    folder.rename(aside)
    return aside


# Parts of a segment read into memory when it is opened: the word list (every
# query looks words up in it, fuzzy~ and "did you mean" walk it) and the field
# lengths (BM25 reads one per scored document). A few MB at 5,000 articles;
# the postings and the article bodies (hundreds of MB) are read on demand.
IN_MEMORY_SUFFIXES = (".trm", "_len.col")


class _SegmentFile(StructFile):
    """A compound segment file that hands out its word list and field lengths
    as in-memory buffers and everything else as on-demand sub-files."""

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        if name is not None and name.endswith(IN_MEMORY_SUFFIXES):
            self.file.seek(offset)
            return BufferFile(self.file.read(length), name=name)
        return super().subset(offset, length, name)


class LexiconStorage(FileStorage):
    """whoosh's file storage without mmap, but with each segment's word list
    and field lengths in memory.

    With mmap whoosh copies every file of a segment into memory when it opens
    it (twice the index size, counting the mapping); without, every word
    look-up is a few small reads, which fuzzy~ and "did you mean" make by the
    thousand. The word lists and lengths are a small part of the index, and
    held in memory they answer those look-ups as fast as mmap does.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        if name.endswith(".seg"):
            handle: BinaryIO = Path(self._fpath(name)).open("rb")  # noqa: SIM115 - StructFile closes it
            return _SegmentFile(handle, name=name)
        f: StructFile = super().open_file(name, **kwargs)
        return f


def open_index(folder: Path, *, mmap: bool = False) -> FileIndex:
    """Open our index: word lists and lengths in memory, the rest read on
    demand (see :class:`LexiconStorage`). ``mmap=True`` is whoosh's way."""
    storage = FileStorage(str(folder), supports_mmap=True) if mmap else LexiconStorage(str(folder))
    ix: FileIndex = storage.open_index(indexname=INDEX_NAME)
    return ix


def probe(ix: FileIndex) -> None:
    """Touch what a search will read, so damage shows up now, not mid-query."""
    with ix.searcher() as s:
        r = s.reader()
        count = r.doc_count_all()
        if count:
            r.stored_fields(count - 1)
            r.column_reader("body")[count - 1]
        for _ in zip(range(1), r.lexicon("content"), strict=False):
            pass
