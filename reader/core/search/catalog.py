"""The library list, read from the index: no parsing at start-up.

:func:`catalog` reads each text's small stored ``meta`` dict (never the
bodies). Run :func:`reader.core.search.sync` first so it is current.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from typing import Any, NamedTuple

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import store

DAMAGED = "the search index is damaged; run 'reader index --rebuild'"


class TextInfo(NamedTuple):
    id: str
    title: str
    author: str | None
    date: str | None
    publication: str | None
    words: int
    notes: int
    missing_notes: int
    path: str
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> TextInfo:
        return cls(
            id=meta["text"],
            title=meta["title"],
            author=meta.get("author"),
            date=meta.get("date"),
            publication=meta.get("publication"),
            words=int(meta.get("words", 0)),
            notes=int(meta.get("notes", 0)),
            missing_notes=int(meta.get("missing_notes", 0)),
            path=meta["path"],
            size=int(meta["size"]),
            mtime_ns=int(meta["mtime_ns"]),
            sha256=meta["sha256"],
        )


def catalog(library: Library) -> list[TextInfo]:
    """Every indexed text, by file name; ``[]`` when there is no index yet."""
    folder = library.index_dir
    state = store.inspect(folder)
    if state == store.IndexState.FOREIGN:
        raise store.refuse_foreign(folder)
    if state != store.IndexState.OURS:
        return []
    try:
        ix = store.open_index(folder, mmap=False)
        with ix.reader() as reader:
            metas = [f.get("meta") or {} for f in reader.all_stored_fields()]
    except store.DAMAGE_ERRORS as exc:
        raise ReaderError(DAMAGED, folder) from exc
    infos = [TextInfo.from_meta(m) for m in metas if m.get("kind") == "text"]
    infos.sort(key=lambda i: (i.path.rsplit("/", 1)[-1], i.id))
    return infos
