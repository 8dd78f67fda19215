"""The keyboard selection: a run of words inside one paragraph.

``v`` starts it on the paragraph's first word, ``w``/``W`` grow and shrink it
by a word, ``)``/``(`` by a sentence. Offsets are into the paragraph's text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\s\[\]]+(?:\[[^\s\]]*\])?")
_GOES_ON = re.compile(r"\s+[\"'‘“(\[]*[a-zà-ÿ]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'’”)\]]*(?:\[[^\]\s]{1,6}\])*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Selection:
    paragraph: int
    start: int
    end: int

    def text(self, paragraph_text: str) -> str:
        return paragraph_text[self.start : self.end]


def word_ends(text: str) -> list[int]:
    return [m.end() for m in _WORD.finditer(text)]


def sentence_ends(text: str) -> list[int]:
    """Where sentences end: closing punctuation followed by a word that does not
    go on in lower case ("the people... are" and "e.g. the" go on)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if not _GOES_ON.match(text, m.end())]
    if not ends or ends[-1] < len(text.rstrip()):
        ends.append(len(text.rstrip()))
    return ends


def start_selection(paragraph: int, text: str) -> Selection | None:
    """The paragraph's first word, or None for an empty paragraph."""
    match = _WORD.search(text)
    if match is None:
        return None
    return Selection(paragraph, match.start(), match.end())


def _first_end(text: str, start: int) -> int:
    ends = word_ends(text)
    i = bisect.bisect_right(ends, start)
    return ends[i] if i < len(ends) else len(text)


def grow_word(sel: Selection, text: str) -> Selection:
    return _grow(sel, word_ends(text))


def shrink_word(sel: Selection, text: str) -> Selection:
    return _shrink(sel, text, word_ends(text))


def grow_sentence(sel: Selection, text: str) -> Selection:
    return _grow(sel, sentence_ends(text))


def shrink_sentence(sel: Selection, text: str) -> Selection:
    return _shrink(sel, text, sentence_ends(text))


def _grow(sel: Selection, ends: list[int]) -> Selection:
    """On to the next of ``ends`` (word or sentence ends) past the selection."""
    i = bisect.bisect_right(ends, sel.end)
    return Selection(sel.paragraph, sel.start, ends[i]) if i < len(ends) else sel


def _shrink(sel: Selection, text: str, ends: list[int]) -> Selection:
    """Back to the last of ``ends`` before the selection's end, never short
    of the first word."""
    i = bisect.bisect_left(ends, sel.end) - 1
    first = _first_end(text, sel.start)
    return Selection(sel.paragraph, sel.start, max(ends[i], first) if i >= 0 else first)
