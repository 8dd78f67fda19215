"""What a line looks like: a heading, a real paragraph, a title in capitals.

Shared by block splitting, metadata and heading detection; nothing here
changes a block.
"""

from __future__ import annotations

import re

from reader.core.dates import parse_date

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


TRAILING_MARKER = re.compile(r"(?:\[\^?[^\]\s]{1,8}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡]+)+$")


_NOT_HEADINGS = re.compile(
    r"^(?:notes?|endnotes|footnotes|references|sources|contents|abstract)$", re.IGNORECASE
)


_CLOSING_QUOTES = "\"'”’»)]*_"


# A series' own name before "No." ("FEDERALIST No. 10", "THE RAMBLER. No. 4"):
# numbered essays as their papers printed them.
_SERIES_NUMBER = r"(?-i:(?:THE\s+)?[A-Z]{3,}\.?\s+No\.\s*\d{1,3})"
NUMBERED_HEADING = re.compile(
    r"^(?:(?:chapter|book|part|letter|section|volume|canto|lecture|essay)\s+"
    r"(?:[ivxlcdm]+|\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|the \w+)\b"
    rf"|{_SERIES_NUMBER}\b)",
    re.IGNORECASE,
)


NUMBER_ONLY = re.compile(
    r"^(?:(?:chapter|book|part|letter|section|volume|canto|lecture|essay)\s+"
    rf"(?:[ivxlcdm]+|\d{{1,3}})|{_SERIES_NUMBER})\.?$",
    re.IGNORECASE,
)


SECTION_WORD = re.compile(
    r"^(?:preface|introduction|introductory|appendix|conclusion|epilogue|prologue|dedication"
    r"|postscript|afterword|foreword|notes)\b",
    re.IGNORECASE,
)


SUBSECTION = re.compile(r"^(?:section|§)\s*\d+\.\d+", re.IGNORECASE)


BYLINE_START = re.compile(r"^\s*(?:by|translated by|edited by)\s", re.IGNORECASE)


DEDICATION = re.compile(r"^to\.?$", re.IGNORECASE)


SECTION_ANYWHERE = re.compile(
    r"\b(?:preface|introduction|appendix|conclusion|dedication|postscript)\b", re.IGNORECASE
)


SYNOPSIS = re.compile(
    r"^\s*(?:chapter\s+)?(?:summary|synopsis|argument|analysis|contents of the chapter)\.?\s*$",
    re.IGNORECASE,
)


BAD_ENDINGS = (":", ";", ":--", ",--", "--", ":—", ",—", "—")


INDEX_ENTRY = re.compile(r"\d+\s*,\s*\d+|\d+\s*[-–]\s*\d+\s*,")


TABLE_ROW = re.compile(r"\S\s{3,}\S")


_LETTERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "upon",
        "its",
        "his",
        "her",
        "their",
    ]
)


def heading_shaped(text: str) -> bool:
    core = text.strip().rstrip(_CLOSING_QUOTES).strip()
    if not core or len(core) > 100 or len(core.split()) > 16:
        return False
    if core.endswith(BAD_ENDINGS) or core.startswith("["):
        return False
    if INDEX_ENTRY.search(core) or TABLE_ROW.search(core):
        return False  # an index entry ("Bread, 12, 40"), a table row
    if core.endswith(".") and (NUMBERED_HEADING.match(core) or SECTION_WORD.match(core)):
        return len(core) <= 80  # "CHAPTER IV.", "BOOK II.", "PREFACE."
    if core.endswith(".") and core.isupper() and len(core) <= 60 and not INDEX_ENTRY.search(core):
        return True  # "THE SNAKE DANCE."
    if re.search(r"[.!?:;,…]$", core) or parse_date(core) or _NOT_HEADINGS.match(core):
        return False
    if core.startswith(("—", "–", "-", "http", "www.")):
        return False
    first = next((c for c in core if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def is_real_paragraph(text: str) -> bool:
    if len(text) >= 100:
        return True
    stripped = TRAILING_MARKER.sub("", text.strip())
    return len(stripped) >= 100 or bool(TERMINAL.search(stripped.rstrip("*_")))


def title_cased(text: str) -> bool:
    words = _LETTERS.findall(re.sub(r"\([^)]*\)", " ", text))
    if not words:
        return False
    letters = "".join(words)
    if letters.isupper():
        return True
    if not words[0][:1].isupper():
        return False
    long = [w for w in words if len(w) > 3 and w.lower() not in _SMALL_WORDS]
    if not long:
        return all(w[:1].isupper() for w in words)
    return sum(1 for w in long if w[:1].isupper()) >= 0.8 * len(long)


# Characters that only steer line breaking (a word joiner before a dash, as
# Standard Ebooks set them; zero-width spaces; a stray byte-order mark): drawn,
# a terminal may give them a cell of its own and open a gap in the word.
INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
