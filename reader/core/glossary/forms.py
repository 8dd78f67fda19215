"""The forms of a glossary name the matcher looks for, and the regular
expression written from them.

Each name and alias gives forms (the alias as written; without its ligatures
or parenthesis; for a person, the bare surname and the initials); each form
becomes a path of regex atoms in a trie (:class:`TrieNode`), and
:func:`render` writes the trie out as one expression. See
:mod:`reader.core.glossary.match` for how the expression is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.core.glossary.entries import Entry
from reader.core.glossary.fold import APOSTROPHES, HYPHENS, alnum, fold_char, fold_title

# A space in an alias: any run of spaces holding at most one line break (a
# name broken across a line), never a blank line (a paragraph break).
_WS = r"(?:[^\S\n]+\n?|\n)[^\S\n]*"
# Between two initials: nothing (AH), a dot, a dot and a space, a space, a hyphen.
_INITIAL_JOIN = r"(?:\.[^\S\n]?-?|[^\S\n]|-)?"
# After the last initial: a dot (then maybe spaces: K.Marx, K. Marx) or spaces.
_INITIAL_END = r"(?:\.[^\S\n]*\n?[^\S\n]*|" + _WS + ")"
_APOSTROPHE = "[" + re.escape(APOSTROPHES) + "]"
_HYPHEN = "[" + re.escape(HYPHENS) + "]"
_RIGHT_EDGE = r"(?!\w)"

_QUOTES = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb()[]{} \t\n"
_LIGATURES = {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"}
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_ROMAN = re.compile(r"^(?=[IVXLC])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")

_TITLES = frozenset(
    [
        "marquis",
        "marquise",
        "general",
        "admiral",
        "colonel",
        "captain",
        "major",
        "sir",
        "dr",
        "mr",
        "mrs",
        "ms",
        "lord",
        "lady",
        "count",
        "countess",
        "baron",
        "baroness",
        "prince",
        "princess",
        "king",
        "queen",
        "tsar",
        "tsarina",
        "emperor",
        "empress",
        "president",
        "saint",
        "st",
        "father",
        "mother",
        "comrade",
        "ataman",
        "marshal",
        "duke",
        "duchess",
        "professor",
        "prof",
        "citizen",
        "abbé",
        "abbe",
        "bishop",
        "archbishop",
        "cardinal",
        "pope",
        "sultan",
        "shah",
    ]
)
_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "von",
        "van",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "y",
        "zu",
        "ten",
        "ter",
        "d'",
        "d’",
        "al",
        "el",
        "bin",
        "ibn",
    ]
)
# Surnames that are also everyday capitalised words: never matched on their own.
_COMMON_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "if",
        "in",
        "on",
        "at",
        "to",
        "of",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "it",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "we",
        "they",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "all",
        "any",
        "some",
        "no",
        "not",
        "one",
        "two",
        "new",
        "old",
        "great",
        "little",
        "young",
        "long",
        "short",
        "white",
        "black",
        "red",
        "green",
        "brown",
        "gray",
        "grey",
        "king",
        "queen",
        "bishop",
        "church",
        "street",
        "hall",
        "house",
        "park",
        "wood",
        "field",
        "may",
        "june",
        "march",
        "august",
        "will",
        "well",
        "hope",
        "love",
        "rich",
        "major",
        "price",
        "cook",
        "smith",
        "baker",
        "mason",
        "miller",
        "turner",
        "fisher",
        "carter",
        "walker",
        "hunter",
        "english",
        "french",
        "german",
        "russian",
        "british",
        "american",
    ]
)


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing an entry's name that the matcher looks for."""

    entry: str
    text: str
    caps: tuple[int, ...]  # indices (into the letters and digits) that must be upper-case
    strict: bool  # caps beyond word starts (acronyms, initials): always check letter by letter
    derived: bool  # made up by us (a bare surname), not written in the glossary
    initials: int = 0  # an initials form: how many initials lead the text ("AH Nimtz": 2)


class TrieNode:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, TrieNode] = {}
        self.terminal = False


def _clean(alias: str) -> str:
    return " ".join(alias.split()).strip(_QUOTES)


def forms_for(entry: Entry) -> list[Form]:
    """Every form of ``entry`` with the regex atoms that match it."""
    out: list[Form] = []
    texts: list[str] = []
    for name in entry.names:
        cleaned = _clean(name)
        variants = [cleaned, _PARENTHETICAL.sub("", cleaned).strip()]
        for v in list(variants):
            spelled = "".join(_LIGATURES.get(c, c) for c in v)
            variants.append(spelled)
        for v in variants:
            if v and v not in texts:
                texts.append(v)
    for text in texts:
        form = _plain_form(entry.name, text, derived=False)
        if form is not None:
            out.append(form)
    if entry.kind == "person":
        for text in texts:
            forms = _person_forms(entry.name, text)
            if not entry.surname:  # the entry opted out of its bare surname
                forms = [f for f in forms if f.initials or len(f.text.split()) > 1]
            out.extend(forms)
    return out


def _plain_form(entry: str, text: str, *, derived: bool) -> Form | None:
    if not text or not text[0].isalnum():
        return None
    caps, strict = _caps_of(text)
    return Form(entry, text, caps, strict, derived)


def form_atoms(form: Form, titled: bool) -> tuple[str, tuple[str, ...]]:
    """The characters a form may start with, and regex atoms for the rest.

    Against the text as it is (``titled`` false): letters at the form's
    ``caps`` indices (counted among letters and digits) only match capitals,
    other letters match either case. Against the title-cased text: each
    letter matches in the case title-casing gives it. Letters match their
    accented variants too.
    """
    text = fold_title(form.text) if titled else form.text
    required = set(form.caps)
    atoms: list[str] = []
    first = ""
    index = 0  # among letters and digits
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            while i < len(text) and text[i].isspace():
                i += 1
            atoms.append(_WS)
            continue
        if ch in APOSTROPHES:
            atoms.append(_APOSTROPHE)
        elif ch in HYPHENS:
            atoms.append(_HYPHEN)
        elif ch.isalnum():
            case = (
                ("upper" if ch.isupper() else "lower")
                if titled
                else ("upper" if index in required else "any")
            )
            if index == 0:
                first = _first_chars(ch, case)
            else:
                atoms.append(_letter_class(ch, case))
            index += 1
        else:
            atoms.append(re.escape(ch))
        i += 1
    return first, tuple(atoms)


def _caps_of(text: str) -> tuple[tuple[int, ...], bool]:
    """Which letters of ``text`` a match must have in capitals.

    The first letter of each capitalised word; every letter of an
    all-capitals word of two letters or more (``SBU``), which makes the check
    strict.
    """
    caps: list[int] = []
    strict = False
    index = 0
    for word in re.findall(r"[^\W_]+", text):
        letters = [c for c in word if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            caps.extend(index + j for j, c in enumerate(word) if c.isalpha())
            strict = True
        elif word[0].isupper():
            caps.append(index)
        index += len(word)
    return tuple(caps), strict


def _person_forms(entry: str, text: str) -> list[Form]:
    """The bare surname and the initials forms of a person's full name."""
    words = _PARENTHETICAL.sub("", text).split()
    while words and words[0].rstrip(".").casefold() in _TITLES:
        words.pop(0)
    if not words or len(words) > 6:
        return []
    last = words[-1]
    if _ROMAN.match(last) or any(c.isdigit() for c in text):
        return []
    for w in words:
        if not (w[0].isupper() or w.casefold() in _PARTICLES):
            return []  # not a name ("the Thiers government")
    j = len(words) - 1
    while j > 0 and words[j - 1].casefold() in _PARTICLES:
        j -= 1
    surname, given = words[j:], words[:j]
    out: list[Form] = []
    if len(words) > 1:
        bare = surname[-1]
        if bare.casefold() not in _COMMON_WORDS and len(alnum(bare)) > 1:
            form = _plain_form(entry, bare, derived=True)
            if form is not None:
                out.append(form)
        if len(surname) > 1:
            form = _plain_form(entry, " ".join(surname), derived=True)
            if form is not None:
                out.append(form)
    initials = [
        fold_char(part[0]).upper()
        for word in given
        for part in re.split("[" + re.escape(HYPHENS) + "]", word.strip("."))
        if part and part[0].isalpha() and part[0].isupper()
    ]
    if initials and surname:
        surname_text = " ".join(surname)
        out.append(_initials_form(entry, initials[:1], surname_text))
        if len(initials) > 1:
            out.append(_initials_form(entry, initials, surname_text))
        if len(given) > 1:
            form = _plain_form(entry, f"{given[0]} {surname_text}", derived=False)
            if form is not None:
                out.append(form)
    return out


def _initials_form(entry: str, initials: list[str], surname: str) -> Form:
    n = len(initials)
    surname_caps, _ = _caps_of(surname)
    caps = (*range(n), *(n + i for i in surname_caps))
    return Form(entry, f"{''.join(initials)} {surname}", caps, True, False, initials=n)


def initials_atoms(form: Form) -> tuple[str, tuple[str, ...]]:
    """``K Marx``, ``K. Marx``, ``K.Marx``; ``AH Nimtz``, ``A.H. Nimtz``, ``A. H. Nimtz``."""
    n = form.initials
    letters = form.text[:n]
    surname = Form(form.entry, form.text[n + 1 :], tuple(i - n for i in form.caps[n:]), True, False)
    atoms: list[str] = []
    for letter in letters[1:]:
        atoms.append(_INITIAL_JOIN)
        atoms.append(_letter_class(letter, "upper"))
    atoms.append(_INITIAL_END)
    first, rest = form_atoms(surname, titled=False)
    atoms.append(_letter_class(first[0], "upper" if 0 in surname.caps else "any"))
    atoms.extend(rest)
    return _first_chars(letters[0], "upper"), tuple(atoms)


# -- letters -------------------------------------------------------------------------


def _case_chars(ch: str, case: str) -> set[str]:
    """``ch`` and, if it has an accent, its base letter, in the case(s) asked."""
    chars = {ch, fold_char(ch)}
    if case in ("upper", "any"):
        chars |= {c.upper() for c in chars if len(c.upper()) == 1}
    if case in ("lower", "any"):
        chars |= {c.lower() for c in chars if len(c.lower()) == 1}
    if case == "upper":
        chars = {c for c in chars if not c.islower()}
    elif case == "lower":
        chars = {c for c in chars if not c.isupper()}
    return chars


@lru_cache(maxsize=1024)
def _letter_class(ch: str, case: str) -> str:
    """A character class for one letter of an alias (a literal for digits):
    the letter and, when it has an accent, its base letter (``[éÉeE]``), in
    capitals, in lower case, or in ``any`` case. A text that writes ``Hotel``
    matches the alias ``Hôtel``; aliases carry their accents (the reverse is
    not looked for, to keep the expression small)."""
    if not ch.isalpha():
        return re.escape(ch)
    chars = _case_chars(ch, case) or {ch}
    if len(chars) == 1:
        return re.escape(chars.pop())
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _first_chars(ch: str, case: str) -> str:
    """The literal characters a form may start with: its first letter as
    written and without its accent, in the case(s) the form allows. Only
    these few, so the top of the expression stays a branch on literals."""
    if not ch.isalpha():
        return ch
    return "".join(sorted(_case_chars(ch, case)))


# -- the regular expression ---------------------------------------------------------


def render(node: TrieNode, *, top: bool = False) -> str:
    """The trie below ``node`` as a regular expression."""
    return _render_depth(node, top)[0]


# Initial letters of English words, most frequent first.
_FREQUENCY = {c: i for i, c in enumerate("tasowcbphfmdrilengu vyjkqxz".replace(" ", ""))}


def _render_depth(node: TrieNode, top: bool) -> tuple[str, int]:
    """The expression for ``node`` and the length of its longest path.

    Alternatives go deepest first: where two classes overlap (a capital-only
    letter and an any-case one) the engine then tries the longer alias first.
    """
    parts = []
    for atom, child in node.children.items():
        rendered, depth = _render_depth(child, False)
        parts.append((depth + 1, atom + rendered))
    if top:  # most frequent first letters first: the engine tries them in order
        parts.sort(key=lambda p: (_FREQUENCY.get(p[1][:1].casefold(), 99), p[1]))
    else:
        parts.sort(key=lambda p: (-p[0], p[1]))
    alternatives = [text for _, text in parts]
    depth = parts[0][0] if parts else 0
    if node.terminal and not top:
        alternatives.append(_RIGHT_EDGE)
    if not alternatives:
        return "", 0
    if len(alternatives) == 1 and not top:
        return alternatives[0], depth
    return "(?:" + "|".join(alternatives) + ")", depth
