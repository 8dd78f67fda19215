"""The notes gathered at the end of an article.

Pandoc ``[^id]:`` definitions, a ``Notes``-like heading followed by labelled
lines, or trailing ``[n] …`` lines with no heading. Unlabelled lines continue
the previous note, but a closing boilerplate sentence after the last note is
kept as a coda paragraph. (Notes inside the body of a book are
:mod:`reader.core.booknotes`'.)
"""

from __future__ import annotations

import re

from reader.core.blocks import Line, RawNote
from reader.core.shapes import TERMINAL

NOTES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]*\s*(?:notes?|end\s?notes|foot\s?notes|references|sources|"
    r"notes and references|notes and sources)\s*[*_]*\s*:?\s*$",
    re.IGNORECASE,
)


_PANDOC_DEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$")


_BRACKET_NOTE = re.compile(r"^\s*\[(\d{1,4}|[*†‡]{1,3})\]\s*[.:)]?\s+(\S.*)$")


_ANY_NOTE = re.compile(
    r"^\s*(?:\[(?P<b>\d{1,4}|[*†‡]{1,3})\]\s*[.:)]?|\((?P<p>\d{1,3})\)|(?P<d>\d{1,3})[.)]"
    r"|(?P<n>\d{1,3})(?=\s)|(?P<s>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<y>[*†‡]{1,3}))\s*(?P<rest>\S.*)$"
)


_URL_ONLY = re.compile(r"^\s*(?:(?:https?://|www\.)\S+[\s,;]*)+$")


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def split_notes(
    lines: list[Line], *, keep_heading: bool = False
) -> tuple[list[Line], list[RawNote], list[Line]]:
    """Split body lines from notes; returns (body, notes, coda lines). A book
    keeps its notes section's heading: it is a section of the book."""
    body, pandoc = _pandoc_definitions(lines)
    heading_at = _notes_heading(body)
    if heading_at is not None:
        region = body[heading_at + 1 :]
        notes, coda = _collect_notes(region, _ANY_NOTE)
        return body[: heading_at + (1 if keep_heading else 0)], pandoc + notes, coda
    start = _trailing_bracket_notes(body)
    if start is not None:
        notes, coda = _collect_notes(body[start:], _BRACKET_NOTE)
        return body[:start], pandoc + notes, coda
    return body, pandoc, []


def _pandoc_definitions(lines: list[Line]) -> tuple[list[Line], list[RawNote]]:
    body: list[Line] = []
    notes: list[RawNote] = []
    current: RawNote | None = None
    blank_before = False
    for no, text in lines:
        match = _PANDOC_DEF.match(text)
        if match:
            current = (match.group(1), no, [match.group(2).strip()])
            notes.append(current)
            blank_before = False
            continue
        if current is not None:
            if not text.strip():
                blank_before = True
                continue
            indented = text.startswith(("    ", "\t", "  "))
            if indented or not blank_before:
                current[2].append(text.strip())
                continue
            current = None
            if blank_before:
                body.append((no - 1, ""))
        blank_before = False
        body.append((no, text))
    return body, notes


def _notes_heading(lines: list[Line]) -> int | None:
    """Index of the last Notes-like heading followed by a labelled line."""
    for i in range(len(lines) - 1, -1, -1):
        if not NOTES_HEADING.match(lines[i][1]):
            continue
        for _, following in lines[i + 1 :]:
            if following.strip():
                if _ANY_NOTE.match(following):
                    return i
                break
    return None


def _trailing_bracket_notes(lines: list[Line]) -> int | None:
    """Where trailing ``[n] …`` note lines (with no heading) begin, if any."""
    start: int | None = None
    trailing = 0
    labelled = 0
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i][1]
        if not text.strip():
            continue
        if _BRACKET_NOTE.match(text):
            start = i
            labelled += 1
        elif start is None:
            trailing += 1
            if trailing > 3:
                return _trailing_bracket_paragraphs(lines)
        elif not _URL_ONLY.match(text):
            break
    if start is None:
        return None
    if labelled < 2 and not _cited_before(lines, start):
        return None
    return start


def _trailing_bracket_paragraphs(lines: list[Line]) -> int | None:
    """Where trailing ``[n] …`` notes begin when each is a paragraph of several
    lines (a book's notes after its last chapter, with no heading)."""
    start: int | None = None
    count = trailing = 0
    i = len(lines) - 1
    while i >= 0:
        if not lines[i][1].strip():
            i -= 1
            continue
        top = i
        while top > 0 and lines[top - 1][1].strip():
            top -= 1
        if _BRACKET_NOTE.match(lines[top][1]):
            start, count = top, count + 1
        elif start is not None:
            break
        else:
            trailing += i - top + 1  # a closing line ("FINIS.") after the notes
            if trailing > 3:
                return None
        i = top - 1
    if start is None or (count < 2 and not _cited_before(lines, start)):
        return None
    return start


def _cited_before(lines: list[Line], start: int) -> bool:
    match = _BRACKET_NOTE.match(lines[start][1])
    label = match.group(1) if match else ""
    return f"[{label}]" in "\n".join(t for _, t in lines[:start])


def _collect_notes(
    region: list[Line], pattern: re.Pattern[str]
) -> tuple[list[RawNote], list[Line]]:
    notes: list[RawNote] = []
    pending: list[Line] = []
    coda: list[Line] = []
    last_number = 0
    blank = False  # a blank line since the last one read
    for no, text in region:
        if not text.strip():
            blank = True
            continue
        wrapped, blank = not blank, False
        match = pattern.match(text)
        label = _note_label(match, last_number) if match else None
        if match and label is not None:
            if pending and notes:
                notes[-1][2].extend(t.strip() for _, t in pending)
            pending = []
            body = match.group("rest") if "rest" in pattern.groupindex else match.group(2)
            notes.append((label, no, [body.strip()]))
            if label.isdigit():
                last_number = int(label)
            continue
        if not notes:
            coda.append((no, text))
            continue
        previous = notes[-1][2][-1] if not pending else pending[-1][1].strip()
        if not pending and _continues(previous, text):
            parts = notes[-1][2]
            if wrapped and not _URL_ONLY.match(text) and not _URL_ONLY.match(parts[-1]):
                parts[-1] = f"{parts[-1]} {text.strip()}"  # a hard-wrapped line of its paragraph
            else:
                parts.append(text.strip())
        else:
            pending.append((no, text))
    return notes, coda + pending


def _note_label(match: re.Match[str], last_number: int) -> str | None:
    groups = match.groupdict()
    if "b" not in groups:  # the bracket-only pattern
        label = match.group(1)
        return str(int(label)) if label.isdigit() else label
    for key in ("b", "p", "d", "n", "s", "y"):
        value = groups.get(key)
        if value:
            if key == "s":
                value = value.translate(_SUPERSCRIPT_DIGITS)
            if value.isdigit():
                number = int(value)
                if key in ("d", "n", "p") and number <= last_number:
                    return None  # a number inside a note, not a new note
                return str(number)
            return value
    return None


def _continues(previous: str, line: str) -> bool:
    """Does an unlabelled line continue the note before it?"""
    stripped = line.strip()
    if _URL_ONLY.match(stripped):
        return True
    if stripped[:1].islower() or stripped[:1].isdigit():
        return True
    return not TERMINAL.search(previous.rstrip())
