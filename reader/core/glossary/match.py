"""Finding glossary entries in text: one regular expression, compiled once.

Every name and alias of every entry becomes one or more *forms* (the alias as
written; ``Ploeuc`` for ``Plœuc``; for a person, the surname alone and the
initials, ``K Marx``/``K. Marx``/``K.Marx``, ``AH Nimtz``). The forms are
merged into a trie and the trie is written out as one regular expression that
runs over the original text, so offsets need no mapping:

- each letter is a small character class: the letter and, when the alias
  writes it with an accent, its base letter, in the case(s) allowed
  (``[éÉeE]``: a text typed without accents still matches ``Hôtel``);
  apostrophes and hyphens match all their variants; a space matches any run
  of spaces holding at most one line break (a name broken across a line);
- a letter the alias writes as a capital at the start of a word (and every
  letter of an all-capitals word: ``SBU``, and initials) only matches
  capitals, so ``Links`` the journal is not ``links`` and costs nothing to
  check; a lower-case alias (a term) matches any case;
- the top level branches on literal first letters, so Python's ``re`` skips
  through the text in C and only stops where some alias could begin (terms,
  which start in lower case, run over a title-cased copy of the text: see
  :class:`Matcher`);
- right after an alias there must be no letter or digit: ``Marx's`` and
  ``Marx’s`` match ``Marx`` (the mention covers ``Marx``), ``Marxism`` and
  ``Marxists`` do not. At one position the longest alias wins.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.core.glossary.entries import Entry
from reader.core.glossary.fold import (
    APOSTROPHES,
    HYPHENS,
    alnum,
    fold_char,
    fold_title,
    key,
)
from reader.core.model import Mention

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


#: A raw match: ``(start, end, names)``; ``text[start:end]`` may name every entry
#: in ``names`` (several when a bare surname is shared). A plain tuple: the
#: scan makes thousands.
GlossaryMatch = tuple[int, int, tuple[str, ...]]


class _Node:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def matcher_for(entries: Sequence[Entry]) -> Matcher:
    """The (cached) matcher for exactly these entries."""
    return _compiled(tuple(entries))


@lru_cache(maxsize=8)
def _compiled(entries: tuple[Entry, ...]) -> Matcher:
    return Matcher(entries)


class Matcher:
    """Finds every entry of a glossary in a text.

    :meth:`find` returns resolved :class:`Mention` objects for one text;
    :meth:`scan` returns raw :data:`GlossaryMatch` tuples (several names on a span a
    bare surname shares) for callers that carry resolution state across many
    texts (see :class:`Resolver`).

    Two expressions share the work. Forms that begin with a capital (nearly
    all) run over the text as it is, and the engine only stops at capital
    letters. Forms that begin in lower case (terms, which match any case) run
    over the title-cased text (:func:`~reader.core.glossary.fold.fold_title`,
    one character to one), where every word starts with a capital, so they
    too are only tried where a word begins.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.forms: list[Form] = []
        self._capital = _Scanner(titled=False)
        self._lower = _Scanner(titled=True)
        seen: set[tuple[str, str, tuple[int, ...]]] = set()
        explicit_keys: dict[str, set[str]] = {}
        candidates: list[Form] = []
        for entry in entries:
            for form in _forms_for(entry):
                if not form.derived:
                    explicit_keys.setdefault(key(form.text), set()).add(entry.name)
                candidates.append(form)
        for form in candidates:
            if form.derived:
                owners = explicit_keys.get(key(form.text))
                if owners and form.entry not in owners:
                    continue  # another entry is explicitly called that: it wins
            ident = (form.entry, form.text, form.caps)
            if ident in seen:
                continue
            seen.add(ident)
            self.forms.append(form)
            (self._capital if _capital_first(form) else self._lower).add(form)
        self._capital.compile()
        self._lower.compile()

    def __repr__(self) -> str:
        return f"Matcher({len(self.forms)} forms)"

    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text``, a bare shared surname resolved within it."""
        return Resolver().resolve(self.scan(text))

    def scan(self, text: str) -> list[GlossaryMatch]:
        """Every match in ``text``, left to right; where matches overlap, the
        one that starts first wins, and at one place the longest."""
        if not text:
            return []
        hits = self._capital.scan(text, text)
        if self._lower.pattern is None:
            return hits
        lower = self._lower.scan(text, fold_title(text))
        if not hits or not lower:
            return hits or lower
        return _merge(hits, lower)


def _merge(a: list[GlossaryMatch], b: list[GlossaryMatch]) -> list[GlossaryMatch]:
    """Two left-to-right hit lists as one: the same span names both lists'
    entries; of overlapping spans the earlier, then the longer, wins."""
    out: list[GlossaryMatch] = []
    for hit in sorted(a + b, key=_START):  # stable: ``a`` first on a tie
        if out:
            last_start, last_end, last_names = out[-1]
            if hit[0] < last_end:
                if hit[0] == last_start:
                    if hit[1] == last_end:
                        extra = tuple(n for n in hit[2] if n not in last_names)
                        out[-1] = (last_start, last_end, last_names + extra)
                    elif hit[1] > last_end:
                        out[-1] = hit
                continue
        out.append(hit)
    return out


_START = operator.itemgetter(0)


class _Scanner:
    """One compiled trie expression and the forms it stands for."""

    def __init__(self, *, titled: bool) -> None:
        self.titled = titled
        self.pattern: re.Pattern[str] | None = None
        self._root = _Node()
        self._by_key: dict[str, list[Form]] = {}
        self._groups: dict[str, tuple[tuple[Form, ...], tuple[str, ...]]] = {}
        self._cache: dict[str, tuple[tuple[Form, ...], tuple[str, ...]]] = {}

    def add(self, form: Form) -> None:
        first, atoms = _initials_atoms(form) if form.initials else _atoms(form, self.titled)
        self._by_key.setdefault(key(form.text), []).append(form)
        for ch in first:
            node = self._root.children.setdefault(re.escape(ch), _Node())
            for atom in atoms:
                node = node.children.setdefault(atom, _Node())
            node.terminal = True

    def compile(self) -> None:
        for k, forms in self._by_key.items():
            # Title-cased text hides the case, and forms of one key that need
            # different capitals (``Links``, ``LINKS``) share a branch: check those.
            checked = (self.titled and any(f.caps for f in forms)) or len(
                {f.caps for f in forms}
            ) > 1
            names = () if checked else tuple(dict.fromkeys(f.entry for f in forms))
            self._groups[k] = (tuple(forms), names)
        source = _render(self._root, top=True)
        self.pattern = re.compile(source) if source else None
        self._root = _Node()  # the trie is not needed any more

    def _group(self, span: str) -> tuple[tuple[Form, ...], tuple[str, ...]]:
        """The forms a matched span may be, and their entries when the
        expression alone proves the match (else each form is checked)."""
        group = self._cache.get(span)
        if group is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            group = self._groups.get(key(span), ((), ()))
            self._cache[span] = group
        return group

    def scan(self, text: str, folded: str) -> list[GlossaryMatch]:
        if self.pattern is None:
            return []
        finditer = self.pattern.finditer
        group = self._group
        hits: list[GlossaryMatch] = []
        append = hits.append
        pos = 0
        while True:
            for m in finditer(folded, pos):
                start, end = m.span()
                if start and text[start - 1].isalnum():
                    pos = start + 1  # inside a word ("McCarthy", "1871Marx"): look again
                    break
                forms, names = group(m.group())
                if not names:
                    names = _accept(text[start:end], forms)
                if names:
                    append((start, end, names))
                    continue
                shorter = self._shorter(text, folded, start, end)
                if shorter is not None:
                    append(shorter)
                    pos = shorter[1]
                else:
                    pos = start + 1
                break
            else:
                return hits

    def _shorter(self, text: str, folded: str, start: int, end: int) -> GlossaryMatch | None:
        """The longest shorter alias at ``start`` that passes the case check."""
        for stop in range(end - 1, start, -1):
            if text[stop - 1].isalnum() and not text[stop].isalnum():
                forms, names = self._group(folded[start:stop])
                if forms and not names:
                    names = _accept(text[start:stop], forms)
                if names:
                    return (start, stop, names)
        return None


def _capital_first(form: Form) -> bool:
    return bool(form.caps) and form.caps[0] == 0


def _accept(original: str, forms: tuple[Form, ...]) -> tuple[str, ...]:
    names: list[str] = []
    letters: str | None = None
    for form in forms:
        if form.caps:
            if letters is None:
                letters = alnum(original)
            if not _caps_ok(letters, form.caps):
                continue
        if form.entry not in names:
            names.append(form.entry)
    return tuple(names)


def _caps_ok(letters: str, caps: tuple[int, ...]) -> bool:
    n = len(letters)
    return all(i < n and letters[i].isupper() for i in caps)


class Resolver:
    """Turns hits into mentions, remembering who was last named in full.

    A hit with one name is a mention of that entry (and counts as naming it).
    A hit several entries share (the bare surname ``Marx`` of Karl and
    Eleanor) goes to the one named most recently before it; when none of them
    has been named yet, every one is offered (several mentions on one span).
    Feed it the texts of a document in reading order.
    """

    def __init__(self) -> None:
        self._last: dict[str, int] = {}
        self._clock = 0

    def resolve(self, hits: Iterable[GlossaryMatch]) -> list[Mention]:
        """Mentions for ``hits`` (offsets unchanged)."""
        return [Mention(n, start, end) for n, start, end in self.resolve_spans(hits)]

    def resolve_spans(self, hits: Iterable[GlossaryMatch]) -> list[tuple[str, int, int]]:
        """Like :meth:`resolve`, as plain ``(entry, start, end)`` tuples."""
        out: list[tuple[str, int, int]] = []
        append = out.append
        last = self._last
        clock = self._clock
        for start, end, names in hits:
            clock += 1
            if len(names) == 1:
                last[names[0]] = clock
                append((names[0], start, end))
                continue
            best = max(names, key=lambda n: last.get(n, 0))
            if last.get(best, 0):
                append((best, start, end))
            else:
                out.extend((n, start, end) for n in names)
        self._clock = clock
        return out


# -- forms -------------------------------------------------------------------------


def _clean(alias: str) -> str:
    return " ".join(alias.split()).strip(_QUOTES)


def _forms_for(entry: Entry) -> list[Form]:
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
            out.extend(_person_forms(entry.name, text))
    return out


def _plain_form(entry: str, text: str, *, derived: bool) -> Form | None:
    if not text or not text[0].isalnum():
        return None
    caps, strict = _caps_of(text)
    return Form(entry, text, caps, strict, derived)


def _atoms(form: Form, titled: bool) -> tuple[str, tuple[str, ...]]:
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


def _initials_atoms(form: Form) -> tuple[str, tuple[str, ...]]:
    """``K Marx``, ``K. Marx``, ``K.Marx``; ``AH Nimtz``, ``A.H. Nimtz``, ``A. H. Nimtz``."""
    n = form.initials
    letters = form.text[:n]
    surname = Form(form.entry, form.text[n + 1 :], tuple(i - n for i in form.caps[n:]), True, False)
    atoms: list[str] = []
    for letter in letters[1:]:
        atoms.append(_INITIAL_JOIN)
        atoms.append(_letter_class(letter, "upper"))
    atoms.append(_INITIAL_END)
    first, rest = _atoms(surname, titled=False)
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


def _render(node: _Node, *, top: bool = False) -> str:
    """The trie below ``node`` as a regular expression."""
    return _render_depth(node, top)[0]


# Initial letters of English words, most frequent first.
_FREQUENCY = {c: i for i, c in enumerate("tasowcbphfmdrilengu vyjkqxz".replace(" ", ""))}


def _render_depth(node: _Node, top: bool) -> tuple[str, int]:
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
