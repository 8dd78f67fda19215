"""What the index remembers of the texts folder, to see what changed quickly.

``index/stamps.json`` holds each text's name, size, mtime and SHA-256 (a
damaged or missing file is rebuilt from the index); ``index/look.json`` holds
one digest of the whole folder, so that a start which finds nothing changed
compares one digest rather than every stamp.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.core.library import TEXT_SUFFIXES, Library
from reader.core.scan import Listing, scan
from reader.core.search import sources, store

if TYPE_CHECKING:
    from whoosh.index import FileIndex


class Stamp(NamedTuple):
    """What ``stamps.json`` remembers of a text (a tuple: a big library's
    stamps load without building an object per field)."""

    name: str
    size: int
    mtime_ns: int
    sha256: str
    title: str = ""
    failed: bool = False

    def to_json(self) -> list[Any]:
        return list(self)

    @classmethod
    def from_json(cls, raw: list[Any]) -> Stamp:
        if len(raw) != 6:
            raise ValueError("a stamp has six fields")
        return cls._make(raw)


def file_sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_stamps(folder: Path) -> tuple[dict[str, Stamp], dict[str, Any]] | None:
    try:
        raw = json.loads((folder / store.STAMPS).read_text(encoding="utf-8"))
        texts = {k: Stamp.from_json(v) for k, v in raw["texts"].items()}
        return texts, dict(raw.get("sources", {}))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged stamps file is rebuilt from the index


def save_stamps(folder: Path, texts: dict[str, Stamp], srcs: dict[str, Any]) -> None:
    from reader.core.atomic import atomic_write

    data = {"texts": {k: v.to_json() for k, v in sorted(texts.items())}, "sources": srcs}
    # Not fsynced: whoosh does not fsync the index either, and a stamps file
    # lost to a crash is rebuilt from the index (stamps_from_index).
    atomic_write(folder / store.STAMPS, json.dumps(data, separators=(",", ":")), durable=False)


def stamps_from_index(ix: FileIndex) -> dict[str, Stamp]:
    stamps: dict[str, Stamp] = {}
    with ix.searcher() as s:
        for fields in s.reader().all_stored_fields():
            meta = fields.get("meta") or {}
            if meta.get("kind") != "text":
                continue
            stamps[meta["text"]] = Stamp(
                Path(meta["path"]).name,
                meta["size"],
                meta["mtime_ns"],
                meta["sha256"],
                meta.get("title") or "",
            )
    return stamps


# -- the quick look -------------------------------------------------------------
#
# Most starts find nothing changed. Rather than load every text's stamp
# (``stamps.json`` grows with the library) and compare them one by one, a
# start compares one digest of what the folder holds now (every text's name,
# size and mtime, and the notes' and glossary's) with the digest saved when
# the index was last brought up to date (``look.json``). Every text is still
# stat-ed, so a text edited in place (which leaves the folder's own mtime
# alone) is still noticed; the saved digest counts only while ``stamps.json``
# is the file it was saved with.


class Look:
    """What the texts folder and the notes and glossary files look like now."""

    def __init__(self, scan: Listing, srcs: dict[str, Any]) -> None:
        self.scan = scan
        self.sources = srcs
        self._digest = ""

    @classmethod
    def take(cls, library: Library) -> Look:
        return cls(scan(library.texts_dir, TEXT_SUFFIXES), sources.fingerprint(library))

    def digest(self) -> str:
        if not self._digest:
            import hashlib
            from array import array

            # Names, then sizes and mtimes as 64-bit numbers: built by list
            # comprehensions rather than one formatted line a text (no
            # Python-level formatting per text).
            scan = self.scan
            names = "\0".join([n for n, _, _ in scan])
            h = hashlib.blake2b(names.encode("utf-8", "surrogateescape"), digest_size=16)
            h.update(array("q", [size for _, size, _ in scan]).tobytes())
            h.update(array("q", [mtime_ns for _, _, mtime_ns in scan]).tobytes())
            h.update(json.dumps(self.sources, sort_keys=True).encode("utf-8", "surrogateescape"))
            self._digest = h.hexdigest()
        return self._digest


def look_matches(folder: Path, look: Look) -> int | None:
    """How many texts are indexed, if the index was last brought up to date
    with the folder looking exactly like ``look`` (else None)."""
    try:
        saved = json.loads((folder / store.LOOK).read_text(encoding="utf-8"))
        stamps_key = saved["stamps"]
        if saved["digest"] != look.digest() or stamps_key is None:
            return None
        if list(stat_key(folder / store.STAMPS) or ()) != stamps_key:
            return None
        return int(saved["texts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_look(folder: Path, look: Look, texts: int) -> None:
    from reader.core.atomic import atomic_write

    key = stat_key(folder / store.STAMPS)
    data = {"digest": look.digest(), "stamps": list(key) if key else None, "texts": texts}
    atomic_write(folder / store.LOOK, json.dumps(data), durable=False)  # a cache, as stamps


def stat_key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size
