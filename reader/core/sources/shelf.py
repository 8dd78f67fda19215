"""The library's works, kept grouped between calls in ``index/sources.cache``.

Grouping the works of thousands of texts afresh takes seconds, and little of
it changes from one call to the next. The cache keeps every text's records as
the index packed them, known by the digest of the packed bytes (so a changed
text is a new one), sorted into buckets (the records
:func:`~reader.core.sources.grouping.gather` could ever put in one work, see
:func:`~reader.core.sources.grouping.bucket`), and the library's works in
their final order (each with its JSON, once ``--json`` asked for it). A call
reads the packed works the index holds (their bytes, not what they say); when
texts were added, changed or deleted it unpacks only those, groups again only
the buckets their records fall in, and slots the new works in among the
others. The answer is the one grouping every text afresh gives
(:func:`reader.core.sources.store.library_works`).

We alone write the file, atomically: a first line naming the format, its
versions and the size of each section after it, then the sections, each
``marshal`` data (plain lists, tuples, strings, numbers) and a checksum. A
section is read when first needed (the JSON for ``--json``, the grouping when
a text changed; each work is decoded only when it is shown); one whose first
line or checksum is not what we wrote is never read as data: the cache is
rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from reader import __version__
from reader.core.errors import ReaderError
from reader.core.memory import no_cycle_collection
from reader.core.sources import grouping, listing, model, store
from reader.core.sources.grouping import Signature, bucket, gather, suffix, work_id
from reader.core.sources.listing import Plain, from_plain, plain, tail
from reader.core.sources.model import Citation, Place, Work
from reader.core.sources.store import FORMAT, digest, records, signed

CACHE = "sources.cache"
VERSION = 1  # change it when the layout below or the grouping of works changes
MAGIC = "reader sources cache"
# The file's sections, in order: a shelf reads the first two when it is
# loaded, the others when first needed.
SECTIONS = ("texts", "works", "tails", "grouping")

Signed = tuple[Signature, Citation, list[Place]]
# Where a record stands in the library's order: text id, digest, its place in the text.
Where = tuple[str, bytes, int]
# A text's work in a bucket: where it stands and the record as packed.
Entry = tuple[Where, Sequence[Any]]


class Damaged(Exception):
    """A section of the file that does not read back as we wrote it."""


class Grouping:
    """What it takes to group the works again when texts change; each list
    runs parallel to the shelf's works."""

    def __init__(
        self,
        keys: list[bytes] | None = None,
        bases: list[str] | None = None,
        homes: list[str] | None = None,
        texts: dict[bytes, tuple[str, ...]] | None = None,
        buckets: dict[str, bytes] | None = None,
    ) -> None:
        # each work's sort key, marshalled (read only to place new works among
        # them): most cited first, then family name, title words, URL, and where
        # it was first cited (no two works share one)
        self.keys = keys if keys is not None else []
        self.bases = bases if bases is not None else []  # each work's id before any letter
        self.homes = homes if homes is not None else []  # each work's bucket
        self.texts = texts if texts is not None else {}  # each text's buckets, by digest
        # each bucket's entries in the library's order (marshal data, compressed:
        # a bucket is only read back when a text adds or drops records there)
        self.buckets = buckets if buckets is not None else {}

    def data(self) -> tuple[Any, ...]:
        return (self.keys, self.bases, self.homes, self.texts, self.buckets)


class _New(NamedTuple):
    """A work grouped again, with everything the shelf keeps of it."""

    key: tuple[Any, ...]
    base: str
    home: str
    cited: int
    row: bytes
    tail: str | None


class Shelf:
    """The library's works, grouped, with what it takes to group them again."""

    def __init__(self, *, tails: bool = False) -> None:
        self.texts: dict[bytes, str] = {}  # digest of a text's packed works -> its id
        self.ids: list[str] = []  # the works' ids, most cited first
        self.counts: list[int] = []  # how many places cite each
        self.rows: list[bytes] = []  # each one's Plain form, marshalled
        # Whether it keeps each work's JSON: only once asked for (--json), so
        # a library no one prints as JSON is grouped and kept without it.
        self.has_tails = tails
        # read from the file when first needed (see _section)
        self._tails: list[str] | None = [] if tails else None
        self._grouping: Grouping | None = Grouping()
        self._stored: dict[str, memoryview] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def plain(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[str, Plain]]:
        """Each work's id and :data:`Plain` form, from ``start`` to ``stop``."""
        loads = marshal.loads
        for work_id_, row in zip(self.ids[start:stop], self.rows[start:stop], strict=True):
            yield work_id_, loads(row)

    def works(self, start: int = 0, stop: int | None = None) -> list[Work]:
        """The works (those from ``start`` to ``stop`` in the library's order)."""
        with no_cycle_collection():
            return [from_plain(i, row) for i, row in self.plain(start, stop)]

    def tails(self) -> list[str]:
        """Each work's JSON after its id (:func:`reader.core.sources.listing.tail`),
        read from the file, or made now if it kept none (``has_tails`` then
        says so: keep the shelf again); :class:`Damaged` if they do not read."""
        if self._tails is None:
            if self.has_tails:
                self._tails = _section(self._stored.pop("tails"))
            else:
                with no_cycle_collection():
                    self._tails = [tail(row) for _, row in self.plain()]
                self.has_tails = True
        return self._tails

    def grouping(self) -> Grouping:
        """How the works were grouped; :class:`Damaged` if it does not read."""
        if self._grouping is None:
            self._grouping = Grouping(*_section(self._stored.pop("grouping")))
        return self._grouping

    def update(self, packed: Iterable[bytes]) -> bool:
        """Bring the shelf in step with the texts' packed works (the index's
        ``sources`` column); whether anything changed. ``ValueError`` if one
        does not read, :class:`Damaged` if what the file kept does not."""
        current = {digest(raw): raw for raw in packed if raw}
        gone = {d for d in self.texts if d not in current}
        new = [d for d in current if d not in self.texts]
        if not gone and not new:
            return False
        g = self.grouping()
        tails = self.tails() if self.has_tails else None
        with no_cycle_collection():
            touched: dict[str, list[tuple[Entry, Signed | None]]] = {}
            for d in gone:
                del self.texts[d]
                for name in g.texts.pop(d):
                    touched.setdefault(name, [])
            for d in new:
                text, works = records(current[d])
                into: dict[str, None] = {}
                for i, work in enumerate(works):
                    sig = signed(text, work)
                    name = bucket(sig[0])
                    touched.setdefault(name, []).append((((text, d, i), work), sig))
                    into[name] = None
                self.texts[d] = text
                g.texts[d] = tuple(into)
            regrouped: list[_New] = []
            for name, added in touched.items():
                old: list[Entry] = _unpacked(g.buckets[name]) if name in g.buckets else []
                entries = [(e, None) for e in old if e[0][1] not in gone] + added
                entries.sort(key=lambda item: item[0][0])
                if entries:
                    g.buckets[name] = zlib.compress(marshal.dumps([e for e, _ in entries]), 1)
                else:
                    g.buckets.pop(name, None)
                regrouped.extend(_regrouped(name, entries, tails is not None))
            self._slot(g, tails, set(touched), regrouped)
        return True

    def _slot(
        self, g: Grouping, tails: list[str] | None, touched: set[str], new: list[_New]
    ) -> None:
        """Drop the works of the ``touched`` buckets and slot the ``new`` ones
        in among the rest, each where its key sorts."""
        kept = [i for i, home in enumerate(g.homes) if home not in touched]
        # the ids that may change: those whose base a dropped or new work has
        renamed = {g.bases[i] for i, home in enumerate(g.homes) if home in touched}
        renamed.update(work.base for work in new)
        new.sort(key=lambda work: work.key)
        keys = _Keys(g.keys, kept)
        order: list[int] = []  # into the old works, then (from len(g.keys)) the new
        done = 0
        for j, work in enumerate(new):
            at = bisect_right(keys, work.key, lo=done)
            order += kept[done:at]
            order.append(len(g.keys) + j)
            done = at
        order += kept[done:]

        def merged(old: list[Any], added: Iterable[Any]) -> list[Any]:
            both = old + list(added)
            return [both[i] for i in order]

        g.keys = merged(g.keys, (marshal.dumps(work.key) for work in new))
        g.bases = merged(g.bases, (work.base for work in new))
        g.homes = merged(g.homes, (work.home for work in new))
        self.counts = merged(self.counts, (work.cited for work in new))
        self.rows = merged(self.rows, (work.row for work in new))
        if tails is not None:
            self._tails = merged(tails, (work.tail for work in new))
        self.ids = merged(self.ids, (work.base for work in new))
        again = [i for i, base in enumerate(g.bases) if base in renamed]
        for i, work_id_ in zip(again, _ids(g.bases[i] for i in again), strict=True):
            self.ids[i] = work_id_


def _unpacked(bucket_: bytes) -> list[Entry]:
    try:
        entries: list[Entry] = marshal.loads(zlib.decompress(bucket_))
    except (zlib.error, EOFError, ValueError, TypeError) as exc:
        raise Damaged("the sources cache does not read back") from exc
    return entries


class _Keys(Sequence[tuple[Any, ...]]):
    """The sort keys of the works kept, read one by one as a search needs them."""

    def __init__(self, keys: list[bytes], kept: list[int]) -> None:
        self._keys, self._kept = keys, kept

    def __len__(self) -> int:
        return len(self._kept)

    def __getitem__(self, i: Any) -> Any:
        key: tuple[Any, ...] = marshal.loads(self._keys[self._kept[i]])
        return key


def _regrouped(
    name: str, entries: list[tuple[Entry, Signed | None]], tails: bool
) -> Iterator[_New]:
    """The works of one bucket's entries (in the library's order), with their
    JSON if ``tails``."""
    cited = [sig or signed(where[0], record) for (where, record), sig in entries]
    for found in gather(cited):
        sig, c = found.signature, found.citation
        row = plain(Work("", c, found.places))
        count = len(found.places)
        yield _New(
            (-count, sig.family, sig.words, sig.url, entries[found.first][0][0]),
            sig.id_base or work_id(c),
            name,
            count,
            marshal.dumps(row),
            tail(row) if tails else None,
        )


def _ids(bases: Iterable[str]) -> list[str]:
    """Each work's id: its base, and a letter after the first with that base
    (as :func:`reader.core.sources.grouping.named` gives them)."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for base in bases:
        count = seen.get(base, 0)
        seen[base] = count + 1
        ids.append(base if count == 0 else base + suffix(count))
    return ids


# -- the file -----------------------------------------------------------------


def _section(data: memoryview) -> Any:
    """One section's data: its checksum (the last four bytes) checked first."""
    body, checksum = data[:-4], data[-4:]
    if len(checksum) != 4 or zlib.crc32(body).to_bytes(4, "big") != checksum:
        raise Damaged("the sources cache does not read back")
    try:
        with no_cycle_collection():
            return marshal.loads(body)
    except (EOFError, ValueError, TypeError) as exc:
        raise Damaged("the sources cache does not read back") from exc


def _first_line(sizes: Iterable[int]) -> bytes:
    words = [MAGIC, str(VERSION), str(FORMAT), __version__, _code(), *map(str, sizes)]
    return " ".join(words).encode()


@cache
def _code() -> str:
    """A digest of the code whose output the cache holds (how works are
    grouped, ordered, named and laid out): a cache written before a change
    to it is rebuilt, even if no one remembered to change :data:`VERSION`."""
    h = hashlib.blake2b(digest_size=8)
    for module in (grouping, listing, model, store, sys.modules[__name__]):
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source to read (a frozen build): the version says it
            h.update(__version__.encode())
    return h.hexdigest()


def load(folder: Path) -> Shelf | None:
    """The shelf kept in ``folder`` (the index folder); ``None`` if there is
    none, or it is of another version, or damaged."""
    try:
        data = memoryview((folder / CACHE).read_bytes())
    except OSError:
        return None
    end = bytes(data[:200]).find(b"\n")
    try:
        sizes = [int(n) for n in bytes(data[: max(end, 0)]).split()[-len(SECTIONS) :]]
    except ValueError:
        return None
    if end < 0 or bytes(data[:end]) != _first_line(sizes) or end + 1 + sum(sizes) != len(data):
        return None
    shelf = Shelf()
    at = end + 1
    for name, size in zip(SECTIONS, sizes, strict=True):
        shelf._stored[name] = data[at : at + size]
        at += size
    try:
        shelf.texts = _section(shelf._stored.pop("texts"))
        shelf.ids, shelf.counts, shelf.rows, shelf.has_tails = _section(shelf._stored.pop("works"))
    except (Damaged, ValueError, TypeError):  # not what we wrote
        return None
    shelf._tails = shelf._grouping = None
    return shelf


def save(folder: Path, shelf: Shelf) -> None:
    """Keep ``shelf`` in ``folder``; a folder we cannot write to keeps none
    (the next call groups afresh)."""
    from reader.core.atomic import atomic_write

    parts: list[bytes] = []
    sizes: list[int] = []
    for data in (
        shelf.texts,
        (shelf.ids, shelf.counts, shelf.rows, shelf.has_tails),
        shelf.tails() if shelf.has_tails else None,
        shelf.grouping().data(),
    ):
        body = marshal.dumps(data)
        parts += (body, zlib.crc32(body).to_bytes(4, "big"))
        sizes.append(len(body) + 4)
    try:
        atomic_write(folder / CACHE, b"".join([_first_line(sizes), b"\n", *parts]), durable=False)
    except (OSError, ReaderError):  # ReaderError: the file is a symbolic link we will not follow
        return


def shelved(folder: Path, packed: Iterable[bytes], *, tails: bool = False) -> Shelf:
    """The library's works as the shelf in ``folder`` keeps them, brought in
    step with the texts' packed works first (and kept again if they changed);
    with ``tails``, their JSON read (or made) too. ``ValueError`` if a text's
    packed works do not read."""
    # The collector stays paused until the texts' records, read to group them,
    # are gone: paused only while they are made, it would then scan them all.
    with no_cycle_collection():
        return _shelved(folder, list(packed), tails)


def _shelved(folder: Path, packed: list[bytes], tails: bool) -> Shelf:
    shelf = load(folder)
    try:
        if shelf is not None and tails and shelf.has_tails:
            shelf.tails()  # read before any change, which then keeps them
        changed = shelf is not None and shelf.update(packed)
        if shelf is not None and tails and not shelf.has_tails:
            shelf.tails()
            changed = True
    except Damaged:
        shelf = None
    if shelf is None:
        shelf = Shelf(tails=tails)
        changed = shelf.update(packed)
    if changed:
        save(folder, shelf)
    return shelf
