"""The analyzer: words, case- and accent-folded, stop words out, English stems.

Whoosh's own chain (tokenizer | lowercase | charset | stop | stem) passes every
token through five generators; :class:`FoldStemFilter` does the four filters
in one pass with one cache from the raw word to its indexed form, which makes
indexing markedly faster and gives the same terms (a test checks).
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import Analyzer
from whoosh.analysis.filters import STOP_WORDS as _WHOOSH_STOP_WORDS
from whoosh.analysis.filters import Filter
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

#: The words the index leaves out (whoosh's English list). The one list: the
#: app's search screen reads it too, so it never highlights a word the search
#: ignored.
STOP_WORDS: frozenset[str] = frozenset(_WHOOSH_STOP_WORDS)

_FOLD = str.maketrans(accent_map)
_STOPPED = ""  # cache value for a stop word
# Raw word → indexed form, shared by every filter with the same settings (the
# schema is unpickled afresh each time an index is opened).
_CACHES: dict[tuple[frozenset[str], int], dict[str, str]] = {}
_CACHE_LIMIT = 500_000


def fold(word: str) -> str:
    """Lower case without accents: ``"Millière"`` → ``"milliere"``."""
    return word.lower().translate(_FOLD)


class FoldStemFilter(Filter):
    """Lower-case, fold accents, drop stop words (renumbering positions, so
    phrases still match across them) and stem, in one pass."""

    def __init__(self, stoplist: Iterable[str] = STOP_WORDS, minsize: int = 2) -> None:
        self.stops = frozenset(stoplist)
        self.minsize = minsize
        self._cache = _CACHES.setdefault((self.stops, minsize), {})

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and isinstance(other, FoldStemFilter)
            and (self.stops, self.minsize) == (other.stops, other.minsize)
        )

    def __hash__(self) -> int:
        return hash((self.stops, self.minsize))

    def __getstate__(self) -> dict[str, Any]:
        # The schema is pickled into the index: leave the cache out.
        return {"stops": self.stops, "minsize": self.minsize}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stops = state["stops"]
        self.minsize = state["minsize"]
        self._cache = _CACHES.setdefault((self.stops, self.minsize), {})

    def _form(self, raw: str) -> str:
        folded = fold(raw)
        if len(folded) < self.minsize or folded in self.stops:
            return _STOPPED
        stemmed: str = stem(folded)
        return stemmed

    def form(self, raw: str) -> str:
        """The term a token is indexed as; ``""`` for a stop word."""
        cache = self._cache
        form = cache.get(raw)
        if form is None:
            form = cache[raw] = self._form(raw)
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
        return form

    # whoosh's Filter has this signature; its base class is looser.
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        cache = self._cache
        pos: int | None = None
        for t in tokens:
            raw = t.text
            form = cache.get(raw)
            if form is None:
                form = self.form(raw)
            if form is _STOPPED or not form:
                if not t.removestops:
                    t.text = fold(raw)
                    t.stopped = True
                    yield t
                continue
            if t.positions:
                if pos is None:
                    pos = t.pos
                else:
                    pos += 1
                    t.pos = pos
            t.stopped = False
            t.text = form
            yield t


# Whoosh 2.7's word pattern. whoosh3's default also takes in "*", so a title
# in a note's *emphasis* was indexed as "*essays*" and never found.
WORD_PATTERN = r"\w+(\.?\w+)*"


def analyzer() -> Analyzer:
    """Words, case- and accent-folded ("Millière" == "milliere"), English stems."""
    chain: Analyzer = RegexTokenizer(WORD_PATTERN) | FoldStemFilter()
    return chain


_WORDS = FoldStemFilter()


def indexed_form(raw: str) -> str:
    """The term the analyzer indexes a word as; ``""`` for a stop word."""
    return _WORDS.form(raw)
