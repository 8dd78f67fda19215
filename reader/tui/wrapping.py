"""Text in terminal cells: wrapping a paragraph at spaces, and the offsets of
columns. The article view draws with these; nothing here knows Textual."""

from __future__ import annotations

import re

from rich.cells import cell_len

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
