"""Every place reader reads whoosh's private structures: re-check this file at
each whoosh3 upgrade (the tests in tests/search compare each reader here with
whoosh's own public way of reading the same thing).

whoosh reads postings, field lengths and segments one item at a time through
Python objects; the bulk ranker and merges read the same bytes a block at a
time. Each function here falls back to whoosh's public way (or returns None
for the caller to do so) when what it finds is not the layout it knows.

Elsewhere, two subclasses lean on whoosh's protected methods:
:class:`reader.core.search.terms.CappedPrefix` (``_btexts``) and
:class:`reader.core.search.store.LexiconStorage` (``_fpath``).
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import Any


def segments_of(ix: Any) -> list[Any]:
    """The index's segments (whoosh has no public list)."""
    found: list[Any] = ix._segments()  # noqa: SLF001
    return found


def raw_lengths(reader: Any, fieldname: str, count: int) -> bytes | None:
    """The segment's length bytes for ``fieldname`` in one read (whoosh keeps
    one byte a document in a column, and a ranking needs every document's).
    None when the codec is not the one we know."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN

        col = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)  # noqa: SLF001
        if col is None:
            return b""
        if col._fixedlen != 1:  # noqa: SLF001
            return None
        n = min(col._count, count)  # noqa: SLF001
        raw: bytes = bytes(col._dbfile.get(col._basepos, n))  # noqa: SLF001
        return raw
    except (AttributeError, ImportError, TypeError):
        return None


_BLOCK_READER = (
    "_data",
    "_ids",
    "_byteids",
    "_read_data",
    "_read_weights",
    "_read_values",
    "_next_block",
)


def postings_blocks(
    m: Any, values: bool
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[Any]]]:
    """A leaf matcher's postings a block at a time: (ids, weights, values)."""
    if all(hasattr(m, a) for a in _BLOCK_READER):
        while m.is_active():
            # whoosh's block reader, read whole (whoosh's own _read_ids undoes
            # the delta coding with a Python generator; accumulate runs in C).
            if m._ids is None:  # noqa: SLF001
                if m._data is None:  # noqa: SLF001
                    m._read_data()  # noqa: SLF001
                raw = m._data[0]  # noqa: SLF001
                m._ids = raw if m._byteids else tuple(accumulate(raw))  # noqa: SLF001
            m._read_weights()  # noqa: SLF001
            vals: Sequence[Any] = ()
            if values:
                m._read_values()  # noqa: SLF001
                vals = m._values  # noqa: SLF001
            ids, weights, i = m._ids, m._weights, m._i  # noqa: SLF001
            if i:
                yield ids[i:], weights[i:], vals[i:] if values else ()
            else:
                yield ids, weights, vals
            m._next_block()  # noqa: SLF001
        return
    ids_: list[int] = []
    weights_: list[float] = []
    vals_: list[Any] = []
    while m.is_active():
        ids_.append(m.id())
        weights_.append(m.weight())
        if values:
            vals_.append(m.value())
        m.next()
    yield ids_, weights_, vals_


def merge_reader_class() -> type[Any]:
    from whoosh.reading import SegmentReader

    class MergeReader(SegmentReader):
        """A segment reader whose postings come out quickly for a merge.

        whoosh's own ``iter_postings`` walks the word list, then looks every
        word up again to read its postings, and reads each posting through a
        matcher: most of a merge's reading, since a small segment holds
        mostly words with one or two postings. This
        reads each word's postings from where the walk found them, in one
        slice (:func:`raw_postings`), through the matcher only if that fails.
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
                postings = None if info.is_inlined() else raw_postings(postfile, info, fmt)
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


def raw_postings(postfile: Any, info: Any, fmt: Any) -> list[tuple[int, float, Any]] | None:
    """A word's postings read from whoosh3's postings file in one slice, as
    its ``W3LeafMatcher`` reads them (each block: its length, a pickled
    header, the pickled ``(ids, weights, values)``, maybe compressed); None if
    anything there is not as expected. Not :func:`postings_blocks`,
    which reads the same blocks through a matcher: making a matcher for each
    word of a small segment would cost more than reading its postings."""
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


def positions_decoder(fmt: Any) -> Callable[[bytes], Sequence[int]]:
    """A function giving a posting value's word positions: whoosh3's own
    layout (a 4-byte count, then the pickled position deltas, alone or with
    character offsets) read with the deltas summed in C; whoosh's decoder
    for any other format. A phrase decodes these for every candidate."""
    from whoosh.formats import Characters, Positions

    kind = type(fmt)
    if kind is Characters:
        return _character_positions
    if kind is Positions:
        return _plain_positions
    decoder: Callable[[bytes], Sequence[int]] = fmt.decoder("positions")
    return decoder


def _character_positions(value: bytes) -> Sequence[int]:
    if value[-1:] != b".":
        value += b"."
    return list(accumulate([code[0] for code in pickle.loads(value[4:])]))


def _plain_positions(value: bytes) -> Sequence[int]:
    if value[-1:] != b".":
        value += b"."
    return list(accumulate(pickle.loads(value[4:])))
