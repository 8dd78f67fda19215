"""prefix* and fuzzy~ terms capped to their most frequent words.

Parsing builds them (:mod:`.parser`) and the bulk ranker reads the words they
stand for (:mod:`.rank`): they live apart from both.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.query.compound import PreloadedOr
from whoosh.query.terms import FuzzyTerm, Prefix, Term

# A prefix* or fuzzy~ term stands for at most this many words: its most
# frequent ones (per segment). A query's cost grows with the words it stands
# for, and a short prefix stands for hundreds in a large library. Lucene's
# prefix and fuzzy queries cap their expansions the same way.
MAX_EXPANSIONS = 32


def _capped(expanded: Iterable[bytes], reader: Any, fieldname: str) -> list[bytes]:
    words = list(expanded)
    if len(words) <= MAX_EXPANSIONS:
        return words
    frequency = {w: reader.doc_frequency(fieldname, w) for w in words}
    return sorted(sorted(words, key=frequency.__getitem__, reverse=True)[:MAX_EXPANSIONS])


class _Capped:
    """Mixed into whoosh's prefix and fuzzy terms: the expansion is capped, and
    worked out once per segment (whoosh asks for it several times a search)."""

    fieldname: str
    _expanded: dict[int, tuple[Any, list[bytes]]]

    def _btexts(self, ixreader: Any) -> list[bytes]:
        cache = self.__dict__.setdefault("_expanded", {})
        hit = cache.get(id(ixreader))
        if hit is not None and hit[0] is ixreader:
            words: list[bytes] = hit[1]
            return words
        # whoosh's Term classes are untyped: super() of an Any base
        words = _capped(super()._btexts(ixreader), ixreader, self.fieldname)  # type: ignore[misc]
        cache[id(ixreader)] = (ixreader, words)
        return words

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Ranking needs no current match: then the words' documents are read
        into an array at once (whoosh's tree of unions pays for every
        document of every word, in Python). Placing hits in
        paragraphs needs the current match, so it gets whoosh's tree."""
        words = self._btexts(searcher.reader())
        if len(words) < 3 or context is None or context.needs_current:
            return super().matcher(searcher, context)  # type: ignore[misc]  # untyped base
        if getattr(self, "constantscore", False):
            context = context.set(weighting=None)
        terms = [Term(self.fieldname, w, boost=getattr(self, "boost", 1.0)) for w in words]
        return PreloadedOr(terms).matcher(searcher, context)


class CappedPrefix(_Capped, Prefix):
    """``prefix*`` over the :data:`MAX_EXPANSIONS` most frequent words it starts.

    ``word`` is the term the prefix itself is indexed as, if it differs from
    the prefix ("shes" → "she"): that word is looked for too, so that
    "revolutions*" finds "revolution" (indexed as "revolut") as well as
    "revolutionsbewegung"."""

    word = ""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        words = super()._btexts(ixreader)
        if not self.word or self.word.startswith(self.text):
            return words
        word = self.word.encode("utf-8")
        if word in words or (self.fieldname, word) not in ixreader:
            return words
        self._expanded[id(ixreader)] = (ixreader, words := sorted([*words, word]))
        return words


class CappedFuzzyTerm(_Capped, FuzzyTerm):
    """``word~`` over the :data:`MAX_EXPANSIONS` most frequent words near it."""
