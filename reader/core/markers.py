"""Footnote markers inside paragraphs.

Markers: ``[12]`` (also glued: ``France[1]``, ``[3]and``; ``[12a]`` when such a
note exists, as an editor's note slipped in after ``[12]``), superscripts
(``¹²``), ``(11)`` glued to a word, ``*``/``†``/``‡`` when such a note exists,
and Pandoc ``[^id]``. Not markers: ``[sic]``, ``[Russian]``, ``[…]``, years
like ``[1868]``, a page number ``[149]`` starting a paragraph, units and
powers (``km²``, ``10⁶``), a number far out of the running sequence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Set

from reader.core.model import Ref

_MARKER = re.compile(
    # the look-ahead rules out most positions with one test, before the alternatives
    r"(?=[\[(*†‡⁰¹²³⁴⁵⁶⁷⁸⁹])(?:"
    r"\[\^(?P<pandoc>[^\]\s]+)\](?!:)"
    r"|\*?\[\*?(?P<br>\d{1,4}[a-z]?|[*†‡]{1,3})\](?![(:])(?!\s*=)"
    r"|\[(?P<let>[A-Za-z])\](?![(:])(?!\s*=)"
    r"|(?<=[\s.,;:!?)”’\"'])\*(?P<star>[a-z])(?=[\s.,;:!?)”’\"']|$)"
    r"|(?<=\s)(?P<dstar>\*\*)(?=\s)"
    r"|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?<=[^\W\d_]|[.,;:!?\"'”’\]])\((?P<par>\d{1,3})\)"
    r"|(?<=[^\s*†‡])(?P<sym>[*†‡]{1,3})(?=[\s.,;:!?)”’\"']|$)"
    r")"
)
Span = tuple[str, int, int]  # (label, start, end) of a marker in its paragraph
_QUOTES = frozenset("\"'“”‘’")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")
_UNITS = frozenset(
    [
        "m",
        "cm",
        "mm",
        "km",
        "dm",
        "ft",
        "in",
        "yd",
        "mi",
        "sq",
        "ha",
        "kg",
        "g",
        "mg",
        "s",
        "ms",
        "h",
        "l",
        "ml",
        "cl",
        "dl",
        "m2",
        "sqm",
    ]
)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)[^*\n]*?(?<=\S)\*(?![\w*])")
# A bracketed number this far past the highest marker yet is a page or a
# year, not a missing note (unless a note with that label exists).
_SEQUENCE_SLACK = 10


class MarkerFinder:
    """Finds markers paragraph by paragraph, in document order.

    ``labels`` are the labels of the notes the source gives: they decide the
    ambiguous forms (``(11)``, ``*``, four-digit numbers). The finder keeps
    the running highest number so that a ``[149]`` far out of sequence is not
    taken for a marker whose note is missing.
    """

    def __init__(self, labels: Set[str], *, markdown: bool = False) -> None:
        self.labels = labels
        self.markdown = markdown
        numeric = [int(label) for label in labels if label.isdigit()]
        self.highest_note = max(numeric, default=0)
        self.running = 0

    def find(self, text: str) -> tuple[Ref, ...]:
        """The markers of one paragraph, in order."""
        return tuple(Ref(label, start, end) for label, start, end in self.spans(text))

    def spans(self, text: str) -> list[Span]:
        """``find`` as plain (label, start, end) tuples: what the parser pairs
        with notes before it makes each :class:`Ref` once."""
        if not any(c in text for c in "[(*†‡") and not any(c in text for c in _SUPERSCRIPTS):
            return []
        refs: list[Span] = []
        emphasis: list[int] | None = None  # flattened (start, end) pairs, in order
        first = len(text) - len(text.lstrip())  # "at the start of the paragraph"
        labels = self.labels
        for match in _MARKER.finditer(text):
            kind = match.lastgroup
            if kind == "br":  # the common case, decided here: "[12]"
                value = match.group("br")
                if value.isdigit():
                    label = str(int(value)) if value[0] == "0" else value
                    if label in labels and match.start() > first:
                        number = int(label)
                        if number > self.running:
                            self.running = number
                    else:
                        label = self._number(label, at_start=match.start() <= first)
                else:
                    label = value if value in labels else None
            else:
                label = self._accept(match, text, first)
            if label is None:
                continue
            if match.lastgroup == "sym" and self.markdown:
                if emphasis is None:
                    emphasis = [x for m in _EMPHASIS.finditer(text) for x in m.span()]
                # inside an emphasis span when an odd number of bounds lie at or before it
                if bisect.bisect_right(emphasis, match.start()) % 2 == 1:
                    continue
            refs.append((label, match.start(), match.end()))
        return refs

    def _accept(self, match: re.Match[str], text: str, first: int) -> str | None:
        kind = match.lastgroup
        value = match.group(kind) if kind else None
        if value is None:
            return None
        if kind == "pandoc":
            return value
        if kind == "br":
            if not value.isdigit():
                return value if value in self.labels else None
            return self._number(str(int(value)), at_start=match.start() <= first)
        if kind in ("let", "star"):
            return value if value in self.labels else None
        if kind == "dstar":  # " ** " set for the note "*" of a page that has two
            return value if value in self.labels else "*" if "*" in self.labels else None
        if kind == "sup":
            return self._superscript(match, text, value)
        if kind in ("par", "sym"):
            start, end = match.span()
            quoted = text[start - 1 : start] in _QUOTES and text[end : end + 1] in _QUOTES
            if kind == "sym" and quoted:
                return None  # a symbol quoted ('preceded by a "*"'), not a marker
            label = str(int(value)) if value.isdigit() else value
            return label if label in self.labels else None
        return None  # pragma: no cover

    def _number(self, label: str, *, at_start: bool) -> str | None:
        if label in self.labels and not (at_start and int(label) > self.running + 1):
            self.running = max(self.running, int(label))
            return label
        if at_start or len(label) >= 4 or label == "0":
            return None
        number = int(label)
        known = max(self.running, self.highest_note)
        if known and number > known + _SEQUENCE_SLACK:
            return None
        self.running = max(self.running, number)
        return label

    def _superscript(self, match: re.Match[str], text: str, value: str) -> str | None:
        start, end = match.span()
        if start == 0:
            return None
        before = text[start - 1]
        if before.isdigit() or before.isspace():
            return None
        if end < len(text) and text[end].isalnum():
            return None
        word = re.search(r"[A-Za-z]+$", text[max(0, start - 40) : start])
        if word and word.group(0) in _UNITS:
            return None  # km², m³: a unit's power, even where a note ² exists
        if word and len(word.group(0)) == 1:
            label = value.translate(_TO_DIGITS)
            return label if label in self.labels else None
        return self._number(str(int(value.translate(_TO_DIGITS))), at_start=False)
