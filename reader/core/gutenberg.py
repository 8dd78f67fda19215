"""The frame of a Project Gutenberg file: what is the work and what is not.

A Gutenberg plain-text file wraps the work in a header (the eBook's title,
author and release lines, then ``*** START OF … ***``) and a licence after
``*** END OF … ***`` (or "End of the Project Gutenberg EBook of …"). Older
files put the "Small Print" licence before the work and close it with
``*END*THE SMALL PRINT!…*END*``. Producer credits and transcriber's boxes
(``+---+`` frames) are not the work either, nor is an unboxed
"Transcriber's note:" section closing the file (its list of corrections).

None of it is thrown away: :func:`frame` returns the lines of the work and the
front and back matter as text, so the app and ``parse --json`` can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Line = tuple[int, str]

_START = re.compile(r"^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_SMALL_PRINT_END = re.compile(r"^\s*\*END\*?\s*THE SMALL PRINT", re.IGNORECASE)
_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG"
    r"|End of (?:the |this )?Project Gutenberg(?:'s)?\b"
    r"|End of Project Gutenberg)",
    re.IGNORECASE,
)
_NAMED = re.compile(r"Project Gutenberg", re.IGNORECASE)
_HEADER_FIELD = re.compile(
    r"^(Title|Author|Authors|Translator|Editor|Release Date|Posting Date|Language"
    r"|Commentator|Illustrator|Contributor|Character set encoding|Credits)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_PRODUCED = re.compile(
    r"^\s*(?:This (?:e-?text|e-?book|file) was |E-?(?:text|book) )?"
    r"(?:produced|prepared|transcribed|typed|scanned)(?:\s+from\s[^\n]{0,80}?)?\s+by\b",
    re.IGNORECASE,
)
_TRANSCRIBER = re.compile(r"^\s*transcriber['’]?s?\s+notes?\s*[:.]?\s*$", re.IGNORECASE)
# An unboxed transcriber's note is the file's last section when it starts
# within this many non-blank lines of the end of the work.
_TRAILING_NOTE_LINES = 60
_BOX = re.compile(r"^\s*(?:\+[-=+]{3,}\+?|\|.*\|?)\s*$")


@dataclass
class Frame:
    """The work's lines and what surrounds them."""

    body: list[Line]
    front: list[str] = field(default_factory=list)
    back: list[str] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    gutenberg: bool = False

    @property
    def front_text(self) -> str:
        return _as_text(self.front)

    @property
    def back_text(self) -> str:
        return _as_text(self.back)


def _as_text(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def frame(lines: list[Line]) -> Frame:
    """Split a file's lines into the work and its Gutenberg frame (if any)."""
    head = lines[:400]
    start = next((i for i, (_, t) in enumerate(head) if _START.match(t)), None)
    if start is None:
        early = lines[:2000]
        start = next((i for i, (_, t) in enumerate(early) if _SMALL_PRINT_END.match(t)), None)
    named = any(_NAMED.search(t) for _, t in lines[:60])
    if start is None and not named:
        return Frame(body=lines)
    end = None
    for i in range(len(lines) - 1, max(start or 0, len(lines) - 2000) - 1, -1):
        if _END.match(lines[i][1]):
            end = i
    if start is None and end is None:
        return Frame(body=lines)
    if start is not None:
        # a long START line wrapped in two ("…EBOOK LETTERS WRITTEN DURING A SHORT" /
        # "RESIDENCE IN SWEDEN***"): its tail is the header's too
        for k in range(start, min(start + 3, len(lines) - 1)):
            if lines[k][1].rstrip().endswith("***") or not lines[k + 1][1].strip():
                break
            if lines[k + 1][1].rstrip().endswith("***"):
                start = k + 1
                break
    first = 0 if start is None else start + 1
    last = len(lines) if end is None else end
    front = [t for _, t in lines[:first]]
    back = [t for _, t in lines[last:]]
    header = _header_fields(front)
    body = lines[first:last]
    body, credits = _producer_credits(body)
    front.extend(credits)
    body, boxes_front, boxes_back = _transcriber_boxes(body)
    body, closing = _closing_transcriber_note(body)
    body, notes_front, notes_back = _transcriber_paragraphs(body)
    return Frame(
        body=body,
        front=front + boxes_front + notes_front,
        back=notes_back + boxes_back + closing + back,
        header=header,
        gutenberg=True,
    )


def _header_fields(front: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    key: str | None = None
    for text in front:
        match = _HEADER_FIELD.match(text)
        if match:
            key = match.group(1).lower()
            value = match.group(2).strip()
            if value and key not in fields:
                fields[key] = value
            continue
        if key is not None and text.startswith((" ", "\t")) and text.strip():
            joiner = ": " if key == "title" else " "
            fields[key] = f"{fields.get(key, '')}{joiner}{text.strip()}".strip(": ")
            continue
        key = None
    return fields


def _producer_credits(body: list[Line]) -> tuple[list[Line], list[str]]:
    """Paragraphs among the first lines that credit the producers ("Produced
    by …", "E-text prepared by …") or speak of the Gutenberg edition itself
    ("Project Gutenberg also has an HTML version …") are not the work."""
    kept: list[Line] = []
    credits: list[str] = []
    i = 0
    while i < len(body):
        if i >= 60:
            kept.extend(body[i:])
            break
        if not body[i][1].strip():
            kept.append(body[i])
            i += 1
            continue
        end = i
        while end < len(body) and body[end][1].strip():
            end += 1
        paragraph = body[i:end]
        if _PRODUCED.match(paragraph[0][1]) or any(_NAMED.search(t) for _, t in paragraph):
            credits.extend(t for _, t in paragraph)
        else:
            kept.extend(paragraph)
        i = end
    return kept, credits


def _closing_transcriber_note(body: list[Line]) -> tuple[list[Line], list[str]]:
    """A "Transcriber's note:" line near the end and all after it (the
    corrections made to the text) go to the back matter."""
    seen = 0
    for i in range(len(body) - 1, -1, -1):
        text = body[i][1]
        if not text.strip():
            continue
        if _TRANSCRIBER.match(text):
            while i and not body[i - 1][1].strip(" *\t"):
                i -= 1  # the row of stars that set it apart goes with it
            return body[:i], [t for _, t in body[i:]]
        seen += 1
        if seen > _TRAILING_NOTE_LINES:
            break
    return body, []


_TRANSCRIBER_PARAGRAPH = re.compile(r"^\s*[\[_*(]*\s*transcriber['’]?s?\s+notes?\b", re.IGNORECASE)


def _transcriber_paragraphs(body: list[Line]) -> tuple[list[Line], list[str], list[str]]:
    """A paragraph opening "Transcriber's note: …" is the transcriber's, not the
    author's: to the front matter when it comes in the first half, else the back."""
    if not any(_TRANSCRIBER_PARAGRAPH.match(t) for _, t in body):
        return body, [], []
    kept: list[Line] = []
    front: list[str] = []
    back: list[str] = []
    i, n = 0, len(body)
    while i < n:
        no, text = body[i]
        starts_paragraph = not kept or not kept[-1][1].strip()
        if starts_paragraph and _TRANSCRIBER_PARAGRAPH.match(text):
            j = i
            while j < n and body[j][1].strip():
                j += 1
            (front if i < n // 2 else back).extend([*(t for _, t in body[i:j]), ""])
            i = j
            continue
        kept.append((no, text))
        i += 1
    return kept, front, back


def _transcriber_boxes(body: list[Line]) -> tuple[list[Line], list[str], list[str]]:
    """Boxed transcriber's notes (``+---+`` frames) go to the front or back matter."""
    kept: list[Line] = []
    front: list[str] = []
    back: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        text = body[i][1]
        if text.strip().startswith("+-") and _BOX.match(text):
            j = i + 1
            while j < n and _BOX.match(body[j][1]) and body[j][1].strip():
                if body[j][1].strip().startswith("+-"):
                    j += 1
                    break
                j += 1
            box = [t for _, t in body[i:j]]
            (front if i < n // 2 else back).extend(box)
            kept.append((body[i][0], ""))
            i = j
            continue
        kept.append(body[i])
        i += 1
    return kept, front, back
