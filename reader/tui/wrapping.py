"""Text in terminal cells: wrapping a paragraph at spaces, the offsets of
columns, a line's styled segments. The article view draws with these;
nothing here knows Textual.

A Markdown paragraph is drawn without its hidden ranges (the markup
characters, :mod:`reader.core.inline`): it is wrapped as it is drawn, and
every offset given back is still an offset into the paragraph's own text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from reader.core.inline import Shown, visible
from reader.core.model import Markup

_WORD = re.compile(r"\S+")

Span = tuple[int, int]


def wrap(text: str, width: int) -> list[Span]:
    """Break ``text`` into lines of at most ``width`` cells, at spaces.

    Returns ``(start, end)`` offsets per line (``end`` excludes trailing
    spaces). A word longer than the whole width is the only thing ever cut.
    """
    width = max(1, width)
    measure = len if text.isascii() else cell_len
    lines: list[Span] = []
    offset = 0
    for part in text.split("\n"):
        line_start = -1
        line_end = 0
        col = 0
        for match in _WORD.finditer(part):
            ws, we = match.start() + offset, match.end() + offset
            w = measure(match.group())
            if line_start >= 0:
                gap = ws - line_end
                if col + gap + w <= width:
                    col += gap + w
                    line_end = we
                    continue
                lines.append((line_start, line_end))
            while w > width:  # a word wider than the column: fold it
                cut = ws + _fit(text, ws, we, width, measure)
                lines.append((ws, cut))
                ws = cut
                w = measure(text[ws:we])
            line_start, line_end, col = ws, we, w
        lines.append((line_start, line_end) if line_start >= 0 else (offset, offset))
        offset += len(part) + 1
    return lines


def _fit(text: str, start: int, end: int, width: int, measure: object) -> int:
    if measure is len:
        return max(1, width)
    n = 0
    used = 0
    for ch in text[start:end]:
        used += cell_len(ch)
        if used > width:
            break
        n += 1
    return max(1, n)


def clean_cells(text: str) -> str:
    """Tabs and stray control characters as spaces: one cell each, never an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def column_to_offset(text: str, column: int) -> int:
    """The offset in ``text`` of the character under ``column`` (cells from its start)."""
    if column <= 0:
        return 0
    if text.isascii():
        return min(column, len(text))
    used = 0
    for n, ch in enumerate(text):
        used += cell_len(ch)
        if used > column:
            return n
    return len(text)


def wrap_shown(text: str, hidden: Sequence[Span], width: int) -> list[Span]:
    """:func:`wrap` of ``text`` as drawn without its ``hidden`` ranges (sorted,
    disjoint); the lines are ``(start, end)`` offsets into ``text``."""
    if not hidden:
        return wrap(text, width)
    shown = Shown(text, hidden)
    return [shown.source_span(s, e) for s, e in wrap(shown.text, width)]


def column_to_source(text: str, hidden: Sequence[Span], start: int, end: int, column: int) -> int:
    """The offset in ``text`` of the character drawn ``column`` cells into the
    line ``start:end`` (hidden ranges take no cells)."""
    if not hidden:
        return start + column_to_offset(text[start:end], column)
    last = start
    for s, e in visible(hidden, start, end):
        piece = text[s:e]
        k = column_to_offset(piece, column)
        if k < len(piece):
            return s + k
        column -= cell_len(piece) if not piece.isascii() else len(piece)
        last = e
    return last


class MarkupIndex:
    """A paragraph's inline markup, found by line: the spans are nested, so the
    ones a line meets are those starting before its end whose reach (the
    furthest end up to them) passes its start."""

    def __init__(self, markup: Sequence[Markup]) -> None:
        self.markup = markup
        self.starts = [m.start for m in markup]
        self.reach: list[int] = []
        furthest = 0
        for m in markup:
            furthest = max(furthest, m.end)
            self.reach.append(furthest)

    def meeting(self, start: int, end: int) -> list[Markup]:
        """The markup overlapping ``start:end``, in order."""
        i = bisect.bisect_left(self.starts, end) - 1
        found: list[Markup] = []
        while i >= 0 and self.reach[i] > start:
            if self.markup[i].end > start:
                found.append(self.markup[i])
            i -= 1
        found.reverse()
        return found


Overlay = tuple[int, int, Style]  # a style over start:end of a paragraph's text


def drawn(
    text: str,
    hidden: Sequence[Span],
    start: int,
    end: int,
    overlays: Sequence[Overlay],
    style: Style,
) -> list[Segment]:
    """The segments of line ``start:end`` of ``text``: its hidden ranges left
    out, each piece in ``style`` plus every overlay covering it, in order."""
    if not overlays and not hidden:
        return [Segment(clean_cells(text[start:end]), style)]
    cuts = sorted({start, end, *(o[0] for o in overlays), *(o[1] for o in overlays)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        piece_style = style
        for s, e, extra in overlays:
            if s <= a and b <= e:
                piece_style = piece_style + extra
        for s, e in visible(hidden, a, b):
            out.append(Segment(clean_cells(text[s:e]), piece_style))
    return out
