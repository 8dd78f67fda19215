"""A document's plain text as the index stores it: compressed in chunks.

A snippet shows a few hundred characters of one paragraph, but a whole
article compressed as one piece must be decompressed whole, once for each
hit on the page. Stored as independently
compressed chunks of :data:`CHUNK` characters, a snippet decompresses one or
two of them.

The packed form: a little-endian header (text length in characters, chunk
count, each chunk's compressed size), then the zlib-compressed UTF-8 chunks.
"""

from __future__ import annotations

import struct
import zlib

CHUNK = 2048  # characters per chunk
_HEAD = struct.Struct("<II")


def pack(text: str) -> bytes:
    """``text`` in the stored form."""
    chunks = [
        zlib.compress(text[i : i + CHUNK].encode("utf-8", "surrogatepass"))
        for i in range(0, len(text), CHUNK)
    ]
    sizes = struct.pack(f"<{len(chunks)}I", *(len(c) for c in chunks))
    return _HEAD.pack(len(text), len(chunks)) + sizes + b"".join(chunks)


class Body:
    """A stored text: its length, and any slice of it (``body[start:end]``)."""

    __slots__ = ("_chunks", "_length", "_raw", "_starts")

    def __init__(self, raw: bytes) -> None:
        length, count = _HEAD.unpack_from(raw)
        sizes = struct.unpack_from(f"<{count}I", raw, _HEAD.size)
        starts = [_HEAD.size + 4 * count]
        for size in sizes:
            starts.append(starts[-1] + size)
        if starts[-1] != len(raw):
            raise ValueError("a stored text's chunks do not add up")
        self._raw = raw
        self._length: int = length
        self._starts = starts
        self._chunks: dict[int, str] = {}

    def __len__(self) -> int:
        return self._length

    def _chunk(self, i: int) -> str:
        text = self._chunks.get(i)
        if text is None:
            data = zlib.decompress(self._raw[self._starts[i] : self._starts[i + 1]])
            text = self._chunks[i] = data.decode("utf-8", "surrogatepass")
        return text

    def __getitem__(self, where: slice) -> str:
        start, stop, step = where.indices(self._length)
        if step != 1:
            raise ValueError("a stored text is sliced without a step")
        if start >= stop:
            return ""
        first, last = start // CHUNK, (stop - 1) // CHUNK
        text = "".join(self._chunk(i) for i in range(first, last + 1))
        return text[start - first * CHUNK : stop - first * CHUNK]

    def __str__(self) -> str:
        return self[0 : self._length]
