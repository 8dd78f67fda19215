"""Folding text for matching, one character to one.

The matcher runs its expressions over the text itself, and, for terms that
start in lower case, over :func:`fold_title` of it: every word title-cased
(``KARL MARX`` and ``karl marx`` → ``Karl Marx``), each character mapped to
exactly one character, so an offset in the folded copy is the same offset in
the original. Title-casing marks where words start: an upper-case letter in
the folded text always begins a word, so the engine only tries a term there.

:func:`key` folds further (accents, case, punctuation) to look names up.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Characters that count as an apostrophe (straight, curly, modifier letter…).
APOSTROPHES = "'\u2019\u2018\u02bc\u2032`\u00b4"
#: Characters that count as a hyphen inside a name.
HYPHENS = "-\u2010\u2011"

# Letters that do not decompose under NFKD but have an obvious one-letter base.
_SPECIAL = {
    "œ": "o",
    "Œ": "O",
    "æ": "a",
    "Æ": "A",
    "ß": "s",
    "ẞ": "S",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
    "þ": "t",
    "Þ": "T",
    "ð": "d",
    "Ð": "D",
    "ŋ": "n",
    "Ŋ": "N",
    "ĸ": "k",
    "ŀ": "l",
    "Ŀ": "L",
}

# The Latin letters with accents (Latin-1, Extended-A/B, Extended Additional):
# the only characters the folded text rewrites before title-casing.
_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character without its accents (case kept); always one character."""
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def _fold_match(m: re.Match[str]) -> str:
    return fold_char(m.group())


def strip_accents(text: str) -> str:
    """``text`` with accented Latin letters replaced by their base letter."""
    return _LATIN.sub(_fold_match, text)


def fold_title(text: str) -> str:
    """Every word title-cased (``KARL MARX`` → ``Karl Marx``); ``len`` unchanged."""
    folded = text.title()
    if len(folded) == len(text):
        return folded
    return _title_slow(text)


def _title_slow(text: str) -> str:
    """``str.title`` one character at a time, keeping any character whose
    case mapping would need several characters (``ŉ``, ``ǰ``…)."""
    out: list[str] = []
    previous_cased = False
    for ch in text:
        mapped = ch.lower() if previous_cased else ch.title()
        out.append(mapped if len(mapped) == 1 else ch)
        previous_cased = ch.isupper() or ch.islower() or ch.istitle()
    return "".join(out)


_NON_ALNUM = re.compile(r"[\W_]+")


def key(text: str) -> str:
    """A lookup key: accents stripped, lower-case, letters and digits only.

    ``"K. Marx"``, ``"K Marx"`` and ``"k marx"`` share the key ``"kmarx"``.
    """
    return _NON_ALNUM.sub("", strip_accents(text)).casefold()


def alnum(text: str) -> str:
    """Only the letters and digits of ``text`` (case and accents kept)."""
    return _NON_ALNUM.sub("", text)
