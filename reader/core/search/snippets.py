"""Snippets cut from stored character offsets, placed in their paragraph.

A hit's matched terms come with their ``(position, startchar, endchar)``
postings (the index stores character offsets). We pick the tightest window
holding the most distinct matched terms, find its paragraph by bisecting the
stored paragraph starts, and cut the snippet inside that paragraph. The
result is a list of ``(text, is_match)`` pieces: the UI styles matches
without any markup being involved.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple, Protocol

Piece = tuple[str, bool]

WINDOW = 150  # the widest span (characters) a snippet's focus may cover
BEFORE = 60  # context kept before the first match
LENGTH = 220  # a snippet's usual length
ELLIPSIS = "…"


class Text(Protocol):
    """A ``str``, or a stored text that reads only the slices asked for."""

    def __len__(self) -> int: ...

    def __getitem__(self, where: slice, /) -> str: ...


class Span(NamedTuple):
    start: int
    end: int
    term: str
    # The word's position in the document (-1: not known); phrases are runs of
    # consecutive positions.
    pos: int = -1


class Placed(NamedTuple):
    paragraph: int
    pieces: tuple[Piece, ...]
    paragraphs: tuple[int, ...]


def best_window(spans: Sequence[Span]) -> tuple[int, int]:
    """Indexes (first, last) of the tightest window, at most :data:`WINDOW`
    characters wide, that holds the most distinct terms (earliest on a tie)."""
    counts: Counter[str] = Counter()
    left = 0
    best = (0, 0)
    best_key: tuple[int, int] | None = None
    for right, span in enumerate(spans):
        counts[span.term] += 1
        while left < right and (
            span.end - spans[left].start > WINDOW or counts[spans[left].term] > 1
        ):
            counts[spans[left].term] -= 1
            if not counts[spans[left].term]:
                del counts[spans[left].term]
            left += 1
        key = (len(counts), -(span.end - spans[left].start))
        if best_key is None or key > best_key:
            best_key, best = key, (left, right)
    return best


def paragraph_bounds(starts: Sequence[int], index: int, text_length: int) -> tuple[int, int]:
    start = starts[index]
    end = starts[index + 1] - 2 if index + 1 < len(starts) else text_length
    return start, max(start, end)


def paragraph_of(starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def place(text: Text, starts: Sequence[int], spans: Sequence[Span]) -> Placed:
    """The snippet for ``spans`` (sorted by start) in ``text``; only the
    paragraph shown is read from ``text``."""
    if not starts:
        starts = [0]
    if not spans:
        para = 0
        pstart, pend = paragraph_bounds(starts, para, len(text))
        return Placed(para, _cut(text[pstart:pend], 0, pend - pstart, 0, 0, []), ())
    first, last = best_window(spans)
    para = paragraph_of(starts, spans[first].start)
    pstart, pend = paragraph_bounds(starts, para, len(text))
    focus_end = min(pend, max(s.end for s in spans[first : last + 1]))
    inside = [
        Span(s.start - pstart, s.end - pstart, s.term)
        for s in spans
        if s.start >= pstart and s.end <= pend
    ]
    pieces = _cut(
        text[pstart:pend], 0, pend - pstart, spans[first].start - pstart, focus_end - pstart, inside
    )
    paragraphs = sorted({paragraph_of(starts, s.start) for s in spans})
    return Placed(para, pieces, tuple(paragraphs))


def region_snippet(
    text: Text, starts: Sequence[int], index: int, spans: Sequence[Span]
) -> tuple[tuple[Piece, ...], list[Span]]:
    """The snippet of region ``index`` (a paragraph or a note: see ``starts``)
    around its best window of ``spans`` (document offsets, sorted by start);
    and those spans, as offsets into the snippet's plain text."""
    pstart, pend = paragraph_bounds(starts, index, len(text))
    inside = [
        Span(s.start - pstart, s.end - pstart, s.term, s.pos)
        for s in spans
        if s.start >= pstart and s.end <= pend
    ]
    if not inside:
        return _cut(text[pstart:pend], 0, pend - pstart, 0, 0, []), []
    first, last = best_window(inside)
    focus_end = max(s.end for s in inside[first : last + 1])
    pieces = _cut(text[pstart:pend], 0, pend - pstart, inside[first].start, focus_end, inside)
    return pieces, piece_spans(pieces)


def piece_spans(pieces: Sequence[Piece]) -> list[Span]:
    """Where the matches are in :func:`plain` of ``pieces``."""
    out: list[Span] = []
    at = 0
    for text, hit in pieces:
        if hit:
            out.append(Span(at, at + len(text), text))
        at += len(text)
    return out


def _cut(
    text: str, pstart: int, pend: int, focus: int, focus_end: int, spans: Sequence[Span]
) -> tuple[Piece, ...]:
    start = max(pstart, focus - BEFORE)
    if start > pstart:
        space = text.find(" ", start, focus)
        start = space + 1 if space != -1 else start
    end = min(pend, max(focus_end, start + LENGTH))
    if end < pend:
        space = text.rfind(" ", max(focus_end, start), end)
        end = space if space > focus_end else end
    pieces: list[Piece] = []
    if start > pstart:
        pieces.append((ELLIPSIS, False))
    at = start
    for s in spans:
        if s.start < at or s.end > end:
            continue
        if s.start > at:
            pieces.append((_flat(text[at : s.start]), False))
        pieces.append((_flat(text[s.start : s.end]), True))
        at = s.end
    if at < end:
        pieces.append((_flat(text[at:end]), False))
    if end < pend:
        pieces.append((ELLIPSIS, False))
    return tuple(pieces)


def _flat(text: str) -> str:
    return text.replace("\n\n", " ").replace("\n", " ") if "\n" in text else text


def marked(pieces: Sequence[Piece]) -> str:
    """The JSON form: plain text with matches marked ``[[like this]]``."""
    return "".join(f"[[{t}]]" if hit else t for t, hit in pieces)


def plain(pieces: Sequence[Piece]) -> str:
    return "".join(t for t, _ in pieces)
