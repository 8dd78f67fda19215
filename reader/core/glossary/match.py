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
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from reader.core.glossary.entries import Entry
from reader.core.glossary.fold import alnum, fold_title, key
from reader.core.glossary.forms import (
    Form,
    TrieNode,
    form_atoms,
    forms_for,
    initials_atoms,
    render,
)
from reader.core.model import Mention

#: A raw match: ``(start, end, names)``; ``text[start:end]`` may name every entry
#: in ``names`` (several when a bare surname is shared). A plain tuple: the
#: scan makes thousands.
GlossaryMatch = tuple[int, int, tuple[str, ...]]


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
            for form in forms_for(entry):
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
        self._root = TrieNode()
        self._by_key: dict[str, list[Form]] = {}
        self._groups: dict[str, tuple[tuple[Form, ...], tuple[str, ...]]] = {}
        self._cache: dict[str, tuple[tuple[Form, ...], tuple[str, ...]]] = {}

    def add(self, form: Form) -> None:
        first, atoms = initials_atoms(form) if form.initials else form_atoms(form, self.titled)
        self._by_key.setdefault(key(form.text), []).append(form)
        for ch in first:
            node = self._root.children.setdefault(re.escape(ch), TrieNode())
            for atom in atoms:
                node = node.children.setdefault(atom, TrieNode())
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
        source = render(self._root, top=True)
        self.pattern = re.compile(source) if source else None
        self._root = TrieNode()  # the trie is not needed any more

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
    Eleanor, "National Guard" of France in 1871 and of Ukraine in 2014) goes
    to the one named most recently before it. When none of them has been
    named yet, ``fit`` (if given) scores each against the text (its period,
    the entries already named): the best goes alone when it fits better than
    the rest, else every one is offered, best first. Feed it the texts of a
    document in reading order.
    """

    def __init__(self, fit: Callable[[str, Mapping[str, int]], float] | None = None) -> None:
        self._last: dict[str, int] = {}
        self._clock = 0
        self._fit = fit

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
                continue
            ranked = list(names)
            if self._fit is not None:
                fit = self._fit
                scores = {n: fit(n, last) for n in names}
                ranked.sort(key=lambda n: -scores[n])
                if scores[ranked[0]] > scores[ranked[1]]:
                    append((ranked[0], start, end))
                    continue
            out.extend((n, start, end) for n in ranked)
        self._clock = clock
        return out
