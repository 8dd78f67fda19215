"""Our one-pass filter gives exactly what whoosh's five-step chain gives."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import (  # type: ignore[attr-defined]
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from reader.core.search.analysis import WORD_PATTERN, FoldStemFilter, analyzer, fold

REFERENCE = (
    RegexTokenizer(WORD_PATTERN)
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter()
)

SAMPLES = [
    "The Dictatorship of the Proletariat, as Kautsky put it, was a REPUBLIC.",
    "Louise Millière's café — revolutions, revolutionary; Strelkov’s men [sic] a I x.",
    "naïve Œuvre façade Ærø Łódź straße İstanbul 1871 2014-06-29",
]


def tokens(chain, text: str, **kw: object) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (t.text, getattr(t, "pos", None), getattr(t, "startchar", None), t.stopped)
        for t in chain(text, **kw)
    ]


MODES = [
    {"positions": True, "chars": True},
    {"positions": True, "chars": True, "mode": "query", "removestops": False},
    {"mode": "query"},
]


@pytest.mark.parametrize("kw", MODES)
@pytest.mark.parametrize("text", SAMPLES)
def test_same_tokens_as_whoosh_chain(text: str, kw: dict[str, object]) -> None:
    assert tokens(analyzer(), text, **kw) == tokens(REFERENCE, text, **kw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_same_tokens_on_any_text(text: str) -> None:
    assert tokens(analyzer(), text, **MODES[0]) == tokens(REFERENCE, text, **MODES[0])


def test_pickles_without_its_cache() -> None:
    f = FoldStemFilter()
    list((RegexTokenizer() | f)("words words and more words"))
    assert f._cache
    data = pickle.dumps(f)
    assert b"words" not in data
    back = pickle.loads(data)
    assert back == f and back._cache is f._cache  # shared, not copied


def test_fold() -> None:
    assert fold("Millière") == "milliere"


def test_emphasis_marks_are_not_part_of_a_word() -> None:
    # A note's *Title* in Markdown emphasis is found by its words.
    assert [t.text for t in analyzer()("K. Kautsky, *Essays* (Berlin)")] == [
        "kautski",
        "essai",
        "berlin",
    ]
