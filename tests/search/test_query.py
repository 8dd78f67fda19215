"""What queries find, in what order, and how they fail."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import Searcher, sync


def texts(searcher: Searcher, query: str, **kw: object) -> list[str]:
    return [h.text for h in searcher.search(query, **kw).hits]  # type: ignore[arg-type]


def test_words_must_all_match(searcher: Searcher) -> None:
    assert texts(searcher, "salt") == ["river-trade", "quiet-revolution"]
    assert texts(searcher, "salt timber") == ["river-trade"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("revolutions", "quiet-revolution"),  # plural finds the singular
        ("printed", "quiet-revolution"),  # "printing" in the title, "printers"
        ("organising", "commune-kitchens"),  # "organised"
        ("Barricade", "commune-kitchens"),  # case folded, "barricades"
    ],
)
def test_stemming_and_case(searcher: Searcher, query: str, expected: str) -> None:
    assert texts(searcher, query) == [expected]


def test_accent_folding_both_ways(searcher: Searcher) -> None:
    assert texts(searcher, "Milliere", kinds=["text"]) == ["commune-kitchens"]
    assert texts(searcher, "millière", kinds=["text"]) == ["commune-kitchens"]
    assert texts(searcher, "cafe") == ["quiet-revolution"]  # "café" in the text
    # The glossary entry "Louise Millière" is found the same way.
    assert [h.title for h in searcher.search("milliere", kinds=["glossary"]).hits] == [
        "Louise Millière"
    ]


def test_phrase_is_exact_about_order(searcher: Searcher) -> None:
    assert texts(searcher, '"bread prices"') == ["commune-kitchens"]
    assert texts(searcher, '"prices bread"') == []
    # Stop words inside a phrase do not break it.
    assert texts(searcher, '"tax on salt"') == ["quiet-revolution"]
    assert texts(searcher, '"salt on the tax"') == []


def test_fields(searcher: Searcher) -> None:
    assert texts(searcher, "title:salt") == ["river-trade"]
    assert sorted(texts(searcher, "author:quill")) == ["commune-kitchens", "river-trade"]
    assert texts(searcher, "author:quill salt") == ["river-trade"]
    assert texts(searcher, "date:2011") == ["commune-kitchens"]
    assert texts(searcher, "date:2014-06") == ["quiet-revolution"]


def test_not_and_minus_exclude(searcher: Searcher) -> None:
    assert texts(searcher, "salt NOT river") == ["quiet-revolution"]
    assert texts(searcher, "salt -barges") == ["quiet-revolution"]


def test_or(searcher: Searcher) -> None:
    assert sorted(texts(searcher, "ledger OR dockers")) == ["commune-kitchens", "strike-diary"]


def test_prefix_and_fuzzy(searcher: Searcher) -> None:
    assert texts(searcher, "pamph*") == ["quiet-revolution"]
    assert texts(searcher, "Kautsy~") == ["quiet-revolution"]  # one letter missing
    assert texts(searcher, "Kautsy") == []


def test_did_you_mean(searcher: Searcher) -> None:
    results = searcher.search("Kautksy")
    assert results.hits == []
    assert results.suggestion == "Kautsky"
    assert searcher.search("salt Ledgr").suggestion == "salt Ledger"
    assert searcher.search("salt").suggestion is None


def test_ranking_prefers_the_text_about_it(searcher: Searcher) -> None:
    # "strike" fills the strike diary (title and body); nothing else has it.
    # "toll" appears four times in river-trade, never elsewhere.
    ranked = texts(searcher, "salt OR toll")
    assert ranked[0] == "river-trade"
    hits = searcher.search("salt OR toll").hits
    assert hits[0].score > hits[1].score > 0


def test_title_match_outranks_body_match(searcher: Searcher) -> None:
    # "revolution" is in quiet-revolution's title and body; "kitchens" only
    # in the other's; a title word counts double.
    hits = searcher.search("revolution OR ledger").hits
    assert hits[0].text == "quiet-revolution"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("the of", "nothing to search for"),
        ("NOT salt", "only excludes"),
        ("-salt", "only excludes"),
        ("*ism", "two letters"),
        ("a*", "two letters"),
    ],
)
def test_bad_queries_are_one_helpful_line(searcher: Searcher, query: str, says: str) -> None:
    with pytest.raises(ReaderError) as err:
        searcher.search(query)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "query", ['"unclosed', "(salt", "salt)", "title:", "AND", "OR OR", "~", "^2", "salt~9"]
)
def test_odd_queries_do_not_crash(searcher: Searcher, query: str) -> None:
    # A result or a one-line ReaderError; anything else fails the test.
    with contextlib.suppress(ReaderError):
        searcher.search(query)


def test_kinds_filter(searcher: Searcher) -> None:
    assert texts(searcher, "salt", kinds=["text"]) == ["river-trade", "quiet-revolution"]
    assert texts(searcher, "salt", kinds=["note", "glossary"]) == []
    with pytest.raises(ReaderError):
        searcher.search("salt", kinds=["pictures"])


def test_limit(searcher: Searcher) -> None:
    results = searcher.search("salt", limit=1)
    assert len(results.hits) == 1
    assert results.total >= 2  # an estimate when not every hit is scored


def test_authors_are_found_by_field_only(searcher: Searcher) -> None:
    assert texts(searcher, "quill") == []
    assert sorted(texts(searcher, "author:Quill")) == ["commune-kitchens", "river-trade"]


def test_a_glossary_entry_follows_the_text_that_uses_the_word(searcher: Searcher) -> None:
    # The entry is named "Louise Millière": by plain BM25 its few words and
    # its title would put it far above the article that mentions her.
    hits = searcher.search("Millière").hits
    assert [(h.kind, h.text or h.title) for h in hits] == [
        ("text", "commune-kitchens"),
        ("glossary", "Louise Millière"),
    ]
    assert hits[0].score > hits[1].score > 0
    # Asked for alone, the entry is found as before.
    assert [h.title for h in searcher.search("Millière", kinds=["glossary"]).hits] == [
        "Louise Millière"
    ]


def test_prefix_stands_for_its_most_frequent_words(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.search import terms

    reader = searcher._searcher.reader()
    words = list(reader.expand_prefix("content", "s"))
    assert len(words) > 3
    monkeypatch.setattr(terms, "MAX_EXPANSIONS", 2)
    kept = terms.CappedPrefix("content", "s")._btexts(reader)
    by_frequency = sorted(words, key=lambda w: -reader.doc_frequency("content", w))
    assert sorted(kept) == sorted(by_frequency[:2])
    assert all(
        reader.doc_frequency("content", w) <= reader.doc_frequency("content", k)
        for w in words
        if w not in kept
        for k in kept
    )


def test_prefix_hits_are_highlighted(searcher: Searcher) -> None:
    # Ranking reads a prefix's documents into an array; placing the hits
    # still finds the words that matched.
    reader = searcher._searcher.reader()
    assert len(list(reader.expand_prefix("content", "st"))) >= 3
    hits = searcher.search("st*", kinds=["text"]).hits
    assert hits and all(any(m for _, m in h.snippet) for h in hits)
    assert all(t.lower().startswith("st") for h in hits for t, m in h.snippet if m)


PREFIX_TEXTS = {
    "pens": "The shelter stood by the sheep pens.",
    "risings": "Revolutions came and went; the last revolution ended in March.",
    "pamphlet": "A revolutionary pamphlet was printed at night.",
    "meetings": "The organizations met; their organs printed the minutes.",
    "farms": "An organist played through the evening.",
    "pronouns": "She said it twice, and she meant it.",
}


@pytest.fixture
def prefix_searcher(tmp_path: Path) -> Iterator[Searcher]:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, body in PREFIX_TEXTS.items():
        (texts / f"{name}.txt").write_text(body + "\n", encoding="utf-8")
    lib = Library(tmp_path)
    sync(lib)
    with Searcher(lib) as s:
        yield s


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # What the prefix begins, not what its stem begins: whoosh would look
        # for "she*" ("shelter", "sheep") and "organ*" ("organist").
        ("shes*", ["pronouns"]),
        ("organizations*", ["meetings"]),
        # The word the prefix spells is found in every form ("revolution").
        ("revolutions*", ["risings"]),
        ("revolution*", ["pamphlet", "risings"]),
        ("RÉVOL*", ["pamphlet", "risings"]),
        ("she*", ["pens", "pronouns"]),
        ("organ*", ["farms", "meetings"]),
    ],
)
def test_a_prefix_is_what_the_reader_typed(
    prefix_searcher: Searcher, query: str, found: list[str]
) -> None:
    assert sorted(texts(prefix_searcher, query, kinds=["text"])) == found


@pytest.mark.parametrize(
    "text",
    [
        "salt",
        "salt ledger",
        "the salt",
        "Millière 1871",
        "  salt   Ledger ",
        "salt or river",
        '"salt ledger"',
        'river "the green ledger"',
        '"Millière kept" river',
        '"salt" river',
    ],
)
def test_plain_words_skip_the_parser_and_build_its_query(searcher: Searcher, text: str) -> None:
    from reader.core.search import parser

    schema = searcher._ix.schema
    fast = parser.plain_words(schema, text)
    slow = parser.whoosh_parser(schema).parse(text)
    assert fast == slow

    def places(q: object) -> list[tuple[int, int]]:
        leaves = [q] if q.is_leaf() else list(q.leaves())  # type: ignore[attr-defined]
        return [(leaf.startchar, leaf.endchar) for leaf in leaves]

    assert places(fast) == places(slow)  # "did you mean" rewrites these spans


@pytest.mark.parametrize(
    "text",
    [
        "salt*",
        '"salt ledger',
        '"salt OR river"',
        "salt OR river",
        "title:salt",
        "salt~",
        "-salt",
        "U.S.A",
        "a the",
        '"salt-ledger"',
        '"a salt"',
    ],
)
def test_anything_else_goes_to_the_parser(searcher: Searcher, text: str) -> None:
    from reader.core.search import parser

    assert parser.plain_words(searcher._ix.schema, text) is None
