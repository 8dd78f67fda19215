"""Notes that sit inside the body of a plain-text book.

Articles gather their notes at the end (:mod:`reader.core.notes_section`);
books, as Project Gutenberg gives them, put them where the printed page did:

- ``[Footnote 12: …]`` blocks (``[Footnote a: …]``, ``[Footnote *: …]``),
  over several lines and paragraphs, ending at the matching ``]``; right
  after the citing paragraph, inside it, or gathered later. A block that is
  never closed ends where the next one begins, so it cannot swallow a book.
- ``(*Footnote. …)`` paragraphs, up to the matching ``)``.
- A ``NOTES:``/``FOOTNOTES:`` block of labelled paragraphs (``12. …``,
  ``[A] …``) at a chapter's end; a paragraph without a label continues the
  note before it, and the block ends at the next section (two blank lines).
- A ``[1] …``, ``* …`` or ``† …`` paragraph right after the paragraph whose
  marker it answers (a body paragraph never becomes a note: the marker must
  have been seen since the last note).

Each note keeps the line it starts on, so that markers can be paired with
the nearest note of their label that follows them (:mod:`reader.core.scopes`).
"""

from __future__ import annotations

import bisect
import re

from reader.core.blocks import Line, RawNote, line_groups

# "[Footnote 12: …]", and the transcriber's slip "[Footnote 12]: …" (the
# bracket closed after the label: the note then closes at a later "]" or not at all)
_FOOTNOTE = re.compile(r"\[\s*Footnote\s*([^\s:\]]{0,12})\s*(?:[:.]|\]\s*:)\s*", re.IGNORECASE)
_PAREN_FOOTNOTE = re.compile(r"^\s*\((?P<sym>[*†‡]{0,3})\s*Footnote\b\.?\s*", re.IGNORECASE)
_BLOCK_HEADING = re.compile(r"^\s*(?:foot\s?notes?|notes?|end\s?notes)\s*:\s*$", re.IGNORECASE)
_LABELLED = re.compile(
    r"^\s*(?:\[(?P<b>0*\d{1,4}|[A-Za-z]|[*†‡]{1,3})\]|(?P<d>\d{1,3})\.(?=\s)|(?P<y>[*†‡]{1,3}))"
    r"(?!\s*=)\s*(?P<rest>\S.*)$"
)
_HEADING_INSIDE = re.compile(
    r"\n\s*\n\s*\n\s*\n((?:chapter|book|part)\b[^\n]{0,150})\n\s*\n", re.IGNORECASE
)
_NOTES_SECTION = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]*\s*(?:notes?|end\s?notes|foot\s?notes|references|sources)"
    r"\s*[*_]*\s*$",
    re.IGNORECASE,
)
_LABELLED_LINE = re.compile(r"^\s*\[(?:0*\d{1,4}|[A-Za-z]|[*†‡]{1,3})\]\s")
# An unclosed block gives up after this many characters and ends with its
# first paragraph: real notes close long before.
_MAX_NOTE = 40_000


def extract(lines: list[Line]) -> tuple[list[Line], list[RawNote]]:
    """Take the notes out of ``lines``; return the body lines left and the notes."""
    if not lines:
        return lines, []
    notes: list[RawNote] = []
    if any("ootnote" in t for _, t in lines):
        lines = _bracket_footnotes(lines, notes)
        lines = _paren_footnotes(lines, notes)
    lines = _labelled_paragraphs(lines, notes)
    notes.sort(key=lambda n: n[1])
    return lines, notes


def _squash(text: str) -> str:
    """A note's paragraphs, each on one line."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _label(raw: str) -> str:
    raw = raw.strip()
    return str(int(raw)) if raw.isdigit() else raw


# -- [Footnote N: …] ------------------------------------------------------------


def _joined(lines: list[Line]) -> tuple[str, list[int]]:
    """The lines as one text, and where each line starts in it."""
    line_starts = [0]
    for _, t in lines:
        line_starts.append(line_starts[-1] + len(t) + 1)
    return "\n".join(t for _, t in lines), line_starts


def _bracket_footnotes(lines: list[Line], notes: list[RawNote]) -> list[Line]:
    text, line_starts = _joined(lines)
    starts = list(_FOOTNOTE.finditer(text))
    if not starts:
        return lines
    spans: list[tuple[int, int]] = []
    for k, match in enumerate(starts):
        begin = match.start()
        if spans and begin < spans[-1][1]:
            continue  # inside the previous block
        limit = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        limit = min(limit, begin + _MAX_NOTE)
        end = _matching(text, begin, limit, "[", "]", early=match.end() - 1)
        closed_early: int | None = None  # a "]" that closed only the note's first paragraph
        if end is not None:
            end, closed_early = _stray_closing(text, end, limit)
        if end is None:  # never closed: up to the next block, trimmed of blank lines
            end = limit
            if limit == begin + _MAX_NOTE:
                gap = text.find("\n\n", match.end())
                end = gap if 0 <= gap < limit else limit
            body = text[match.end() : end]
        else:
            body = text[match.end() : end - 1]
        line = _line_of(line_starts, begin, lines)
        # A chapter heading the printed page set inside a long note stays in the body.
        offset = (end - len(body) - 1) if text[end - 1 : end] == "]" else end - len(body)
        heading = _HEADING_INSIDE.search(body)
        if heading:
            h_start, h_end = offset + heading.start(1), offset + heading.end(1)
            spans.extend([(begin, h_start), (h_end, end)])
            body = body[: heading.start(1)] + "\n\n" + body[heading.end(1) :]
        else:
            spans.append((begin, end))
            if closed_early is not None:
                at = closed_early - match.end()
                body = body[:at] + body[at + 1 :]
        notes.append((_label(match.group(1)) or "*", line, [_squash(body)]))
    return _cut(lines, line_starts, spans)


def _matching(
    text: str, begin: int, limit: int, opening: str, closing: str, early: int = -1
) -> int | None:
    """The offset just past the bracket closing the one at ``begin``, if before
    ``limit``; a closing bracket before ``early`` (a slip after the label) does
    not count."""
    depth = 0
    pattern = re.compile(re.escape(opening) + "|" + re.escape(closing))
    for m in pattern.finditer(text, begin, limit):
        if m.group() == closing and m.start() < early and depth == 1:
            continue
        depth += 1 if m.group() == opening else -1
        if depth == 0:
            return m.end()
    return None


def _stray_closing(text: str, end: int, limit: int) -> tuple[int, int | None]:
    """Where a note really closes when the rest of its paragraph, after the
    bracket that seemed to close it, has a ``]`` with no ``[``: the first ``]``
    belonged to the quoted text (``…on the sky.']`` then ``--Dryden]``). Also
    when the next paragraph, right before the next note, ends with a stray
    ``]``: it is the note's last paragraph, and the first ``]`` (returned
    second) is to be dropped."""
    gap = text.find("\n\n", end, limit)
    stop = gap if gap >= 0 else limit
    base, depth = end, 0
    for m in re.finditer(r"[\[\]]", text[base:stop]):
        depth += 1 if m.group() == "[" else -1
        if depth < 0:
            end, depth = base + m.end(), 0
    # one more paragraph of the note, left outside its brackets, that closes
    # with the note's "]" right before the next note
    rest = text[end:limit]
    paragraph = rest.strip()
    if (
        paragraph.endswith("]")
        and re.search(r"\n[ \t]*\n", paragraph) is None
        and paragraph.count("]") > paragraph.count("[")
        and (limit == len(text) or _FOOTNOTE.match(text, limit) is not None)
    ):
        return end + rest.rindex("]") + 1, end - 1
    return end, None


def _line_of(line_starts: list[int], offset: int, lines: list[Line]) -> int:
    index = max(0, bisect.bisect_right(line_starts, offset) - 1)
    return lines[min(index, len(lines) - 1)][0]


def _cut(lines: list[Line], line_starts: list[int], spans: list[tuple[int, int]]) -> list[Line]:
    """``lines`` without the characters in ``spans``. A line the cut empties is
    dropped, and so is a blank line the cut leaves doubled, so that the gaps
    around what is left stay as they were."""
    out: list[Line] = []
    k = 0
    pending_blank_drop = False
    for i, (no, t) in enumerate(lines):
        a, b = line_starts[i], line_starts[i] + len(t)
        while k < len(spans) and spans[k][1] <= a:
            k += 1
        if k >= len(spans) or spans[k][0] > b:
            if pending_blank_drop and not t.strip():
                pending_blank_drop = False
                continue
            pending_blank_drop = False
            out.append((no, t))
            continue
        kept: list[str] = []
        cursor = a
        j = k
        while j < len(spans) and spans[j][0] <= b:
            s, e = spans[j]
            if s > cursor:
                kept.append(_slice(t, a, cursor, s))
            cursor = max(cursor, e)
            if e > b:
                break
            j += 1
        if cursor < b:
            kept.append(_slice(t, a, cursor, b))
        rest = "".join(kept)
        if rest.strip():
            out.append((no, rest.rstrip()))
            pending_blank_drop = False
        else:
            blank_before = not out or not out[-1][1].strip()
            pending_blank_drop = blank_before
    return out


def _slice(line: str, line_start: int, a: int, b: int) -> str:
    """The characters ``a:b`` of the whole text, out of the line starting at ``line_start``."""
    return line[a - line_start : b - line_start]


# -- (*Footnote. …) ---------------------------------------------------------------


def _paren_footnotes(lines: list[Line], notes: list[RawNote]) -> list[Line]:
    if not any(_PAREN_FOOTNOTE.match(t) for _, t in lines):
        return lines
    text, line_starts = _joined(lines)
    spans: list[tuple[int, int]] = []
    for i, (no, t) in enumerate(lines):
        match = _PAREN_FOOTNOTE.match(t)
        if not match or (i and lines[i - 1][1].strip()):
            continue
        begin = line_starts[i] + t.index("(")
        if spans and begin < spans[-1][1]:
            continue
        limit = min(len(text), begin + 8_000)
        end = _matching(text, begin, limit, "(", ")")
        if end is None:
            gap = text.find("\n\n", begin)
            end = gap if gap >= 0 else len(text)
            body = text[line_starts[i] + match.end() : end]
        else:
            body = text[line_starts[i] + match.end() : end - 1]
        spans.append((begin, end))
        notes.append((match.group("sym") or "*", no, [_squash(body)]))
    return _cut(lines, line_starts, spans)


# -- labelled paragraphs: NOTES: blocks and notes after their paragraph -----------


def _label_of(match: re.Match[str]) -> str:
    for key in ("b", "d", "y"):
        value = match.group(key)
        if value:
            return _label(value)
    return ""


def _marker_seen(label: str, text: str) -> bool:
    if label.isdigit():
        return re.search(r"\[\*?0*" + label + r"\]|(?<=\S)\(" + label + r"\)", text) is not None
    if len(label) == 1 and label.isalpha():
        return f"[{label}]" in text or re.search(r"\*" + label + r"\b", text) is not None
    return re.search(r"(?<=[^\s*†‡])" + re.escape(label) + r"(?![*†‡])", text) is not None


def _labelled_paragraphs(lines: list[Line], notes: list[RawNote]) -> list[Line]:
    gaps: dict[int, int] = {}
    groups = [(gaps[g[0][0]], g) for g in line_groups(lines, gaps)]
    if not any(_LABELLED.match(g[0][1]) for _, g in groups):
        return lines
    keep: list[bool] = [True] * len(groups)
    window: list[str] = []  # body text since the last note
    in_block = False
    current: RawNote | None = None
    for k, (gap, group) in enumerate(groups):
        first = group[0][1]
        text = "\n".join(t for _, t in group)
        if len(group) == 1 and _BLOCK_HEADING.match(first):
            following = groups[k + 1][1][0][1] if k + 1 < len(groups) else ""
            if _LABELLED.match(following):
                in_block, current, window = True, None, []
                keep[k] = False
                continue
        if in_block and gap >= 2:
            in_block, current = False, None
        if len(group) == 1 and _NOTES_SECTION.match(first) and not in_block:
            break  # the text's own notes section: the notes-section reader takes it
        if any(_LABELLED_LINE.match(t) for _, t in group[1:]):
            current = None  # one note a line: a notes list, read as such later
            window.append(text)
            continue
        match = _LABELLED.match(first)
        if match:
            label = _label_of(match)
            shape_ok = match.group("d") is None or in_block
            if match.group("y") and sum(1 for _, t in group if t.lstrip()[:1] in "*†‡") > 1:
                shape_ok = False  # a bulleted list, not a note
            if shape_ok and (in_block or _marker_seen(label, "\n".join(window))):
                rest = match.group("rest") + text[len(first) :]
                current = (label, group[0][0], [_squash(rest)])
                notes.append(current)
                keep[k] = False
                window = []
                continue
        if in_block and current is not None:
            current[2].append(_squash(text))
            keep[k] = False
            continue
        current = None
        window.append(text)
        if len(window) > 6:
            del window[0]
    if all(keep):
        return lines
    out: list[Line] = []
    for (gap, group), kept in zip(groups, keep, strict=True):
        if kept:
            out.extend([(group[0][0] - 1, "")] * max(gap, 1) if out else [])
            out.extend(group)
    return out
