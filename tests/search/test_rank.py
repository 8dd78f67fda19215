"""Bulk ranking (reader.core.search.rank) gives whoosh's own answers, faster.

A generated library big enough for postings to span several blocks (whoosh
writes 128 documents a block), with two segments and deleted documents:
every query class is ranked both ways and must agree, document for document
and score for score; snippets' offsets agree with whoosh's matchers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.query import Or, Prefix, Term

from reader.core.library import Library
from reader.core.search import Searcher, rank, sync
from reader.core.search.merge import segment_count

SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vol", "dun", "pre", "sto", "ria", "gel", "fon"]
SYLLABLES += ["bar", "tek"]
ARTICLES = 300


def _words(rng: random.Random) -> list[str]:
    return sorted({"".join(rng.choices(SYLLABLES, k=3)) for _ in range(900)})


def _article(rng: random.Random, vocab: list[str], weights: list[float], n: int) -> str:
    title = " ".join(rng.choices(vocab[:200], k=3)).title()
    paras = []
    for _ in range(4):
        words = rng.choices(vocab, weights, k=rng.randint(40, 90))
        paras.append(" ".join(words).capitalize() + ".")
    date = f"20{10 + n % 12:02}-0{1 + n % 9}-1{n % 10}"
    front = f'+++\ntitle = "{title}"\ndate = "{date}"\n+++\n\n'
    return front + f"# {title}\n\n" + "\n\n".join(paras) + "\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    rng = random.Random(1871)
    vocab = _words(rng)
    weights = [1 / (rank_ + 1) ** 0.9 for rank_ in range(len(vocab))]
    root = tmp_path_factory.mktemp("big")
    texts = root / "texts"
    texts.mkdir()
    for n in range(ARTICLES):
        (texts / f"{n:03}.md").write_text(_article(rng, vocab, weights, n), encoding="utf-8")
    lib = Library(root)
    sync(lib)
    # A changed text: its old document is deleted, its new one in a second segment.
    for n in (3, 150, 299):
        with (texts / f"{n:03}.md").open("a", encoding="utf-8") as fh:
            fh.write(f"\nAdded {vocab[0]} {vocab[5]} later.\n")
    sync(lib)
    assert segment_count(lib) == 2
    with Searcher(lib) as s:
        assert s._searcher.reader().doc_count_all() > s._searcher.reader().doc_count()
        yield s


def _queries(s: Searcher) -> list[str]:
    reader = s._searcher.reader()
    by_df = sorted(
        (w.decode() for w in reader.lexicon("content")),
        key=lambda w: -reader.doc_frequency("content", w),
    )
    common, mid, rare = by_df[0], by_df[40], by_df[-1]
    assert reader.doc_frequency("content", common) > 128  # several blocks
    return [
        common,
        rare,
        f"{common} {mid}",
        f"{mid} OR {rare}",
        f"{common} -{mid}",
        f"{common} NOT {mid}",
        f"title:{by_df[10]}",
        "date:2013",
        f"{common} date:2015",
        f"({mid} OR {by_df[41]}) {by_df[42]}",
    ]


def _agree(fast: list[tuple[int, float]], slow: list[tuple[int, float]]) -> bool:
    return [d for d, _ in fast] == [d for d, _ in slow] and all(
        abs(a - b) <= 1e-9 * max(1.0, abs(b)) for (_, a), (_, b) in zip(fast, slow, strict=True)
    )


def test_ranks_as_whoosh_does(big: Searcher) -> None:
    for text in _queries(big):
        q = big.parse(text)
        fast = rank.rank(big._rank_stats(), q, 10, None, big._weights())
        assert fast is not None, text  # the bulk ranking handles every one of these
        assert fast.exact and fast.total == len(set(big._searcher.docs_for_query(q))), text
        if "NOT" in text or "-" in text:
            continue  # whoosh adds 1 to some scores for a NOT: see the next test
        slow, _ = big._whoosh_rank(q, 10, None)
        assert fast.top and _agree(fast.top, slow), text


def test_not_keeps_the_score_of_what_is_looked_for(big: Searcher) -> None:
    common, mid = _queries(big)[2].split()
    without = big.search(f"{common} -{mid}", limit=500)
    alone = {h.key: h.score for h in big.search(common, limit=500).hits}
    assert without.hits and without.total < big.search(common).total
    for hit in without.hits:
        assert hit.score == pytest.approx(alone[hit.key])
        assert not any(m and mid in piece.lower() for piece, m in hit.snippet)


def test_prefix_ranks_its_words_by_bm25(big: Searcher) -> None:
    reader = big._searcher.reader()
    prefix = "prebar"
    words = list(reader.expand_prefix("content", prefix))
    assert 3 <= len(words) <= 32
    fast = big.search(f"{prefix}*", limit=10, kinds=["text"])
    whoosh_q = Or([Prefix(f, prefix, constantscore=False) for f in ("title", "content")])
    slow = big._searcher.search(whoosh_q, limit=10, filter=Term("kind", "text"))
    assert [h.score for h in fast.hits] == pytest.approx([h.score for h in slow])
    # Every text holding one of the words is counted, not only those shown.
    assert fast.total == len(set(big._searcher.docs_for_query(whoosh_q))) > 10


def test_phrases_checked_for_the_best_only(big: Searcher) -> None:
    reader = big._searcher.reader()
    body = big._body_of(5)[0:3000]
    words = [w for w in body.split() if w.isalpha() and w.islower()]
    pairs = [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)]
    checked_some = False
    for text in pairs[:12]:
        q = big.parse(text)
        fast = rank.rank(big._rank_stats(), q, 5, None, big._weights())
        assert fast is not None
        matching = set(big._searcher.docs_for_query(q))
        slow, _ = big._whoosh_rank(q, 5, None)
        assert _agree(fast.top, slow), text
        if fast.exact:
            assert fast.total == len(matching), text
        else:
            checked_some = True
            assert len(fast.top) == 5 <= fast.total <= reader.doc_count_all()
    assert checked_some  # at least one phrase had more candidates than it checked


def test_spans_are_whooshs(big: Searcher) -> None:
    for text in [*_queries(big), "prebar*", "kaloren~"]:
        q = big.parse(text)
        fast = rank.rank(big._rank_stats(), q, 10, None, big._weights())
        assert fast is not None
        docs = [d for d, _ in fast.top]
        ours = fast.spans(docs)
        theirs = big._spans(q, docs)
        for d in docs:
            key = [(s.start, s.end, s.term) for s in ours[d]]
            assert key == [(s.start, s.end, s.term) for s in theirs[d]], text


def test_deleted_documents_never_come_back(big: Searcher) -> None:
    hits = big.search(_queries(big)[0], limit=1000).hits
    keys = [h.key for h in hits]
    assert len(keys) == len(set(keys))


def test_unknown_query_shapes_fall_back_to_whoosh(big: Searcher) -> None:
    q = big.parse("ka?oren")  # a wildcard: whoosh ranks it
    assert rank.rank(big._rank_stats(), q, 10) is None
    assert big.search("ka?oren").total == len(set(big._searcher.docs_for_query(q)))


def test_the_library_fixture_uses_the_bulk_ranking(searcher: Searcher, tmp_path: Path) -> None:
    # The everyday path: plain words in the small fixture library.
    q = searcher.parse("commune kitchens")
    assert rank.rank(searcher._rank_stats(), q, 10) is not None


@pytest.mark.parametrize("sparse", [0, 10**9], ids=["blocks", "document by document"])
def test_phrase_words_read_either_way_rank_as_whoosh(
    big: Searcher, sparse: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase's later words are read whole or only in the documents left:
    the same top, scores, count and snippets either way (and as whoosh's)."""
    monkeypatch.setattr(rank, "SPARSE", sparse)
    reader = big._searcher.reader()
    body = big._body_of(7)[0:3000]
    words = [w for w in body.split() if w.isalpha() and w.islower()]
    rare = min(words, key=lambda w: reader.doc_frequency("content", w))
    pairs = [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)][:10]
    pairs += [f'"{rare} {w}"' for w in words[:3]]  # a rare word and a common one
    for text in pairs:
        q = big.parse(text)
        fast = rank.rank(big._rank_stats(), q, 5, None, big._weights())
        assert fast is not None
        slow, _ = big._whoosh_rank(q, 5, None)
        assert _agree(fast.top, slow), text
        if fast.exact:
            assert fast.total == len(set(big._searcher.docs_for_query(q))), text
        docs = [d for d, _ in fast.top]
        theirs = big._spans(q, docs)
        ours = fast.spans(docs)
        for d in docs:
            assert {(s.start, s.end) for s in ours[d]} >= {(s.start, s.end) for s in theirs[d]}


def test_positions_are_decoded_as_whoosh_decodes_them(big: Searcher) -> None:
    from reader.core.search.whoosh_internals import positions_decoder

    reader = big._searcher.reader()
    for fieldname in ("content", "title"):  # characters and plain positions
        fmt = big._searcher.schema[fieldname].format
        ours, theirs = positions_decoder(fmt), fmt.decoder("positions")
        for btext in list(reader.lexicon(fieldname))[:40]:
            m = reader.postings(fieldname, btext)
            while m.is_active():
                value = m.value()
                assert ours(value) == theirs(value), (fieldname, btext)
                m.next()


# -- phrases of common words, from the table of word pairs ------------------------------


def _positions_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rank phrases as with no table of pairs (an index built before it)."""
    from reader.core.search.pairs import PairsReader

    monkeypatch.setattr(PairsReader, "usable", lambda self, a, b: False)


def _phrases(s: Searcher) -> list[str]:
    """Two- and three-word phrases: adjacent in a text, across a paragraph's end,
    in the wrong order, and of words never side by side."""
    found: list[str] = []
    for docnum in (7, 40, 122):
        body = s._body_of(docnum)[0:2500]
        paras = [p.split() for p in body.split("\n\n") if len(p.split()) > 3]
        words = [w.strip(".").lower() for w in body.split()]
        found += [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)][:8]
        threes = zip(words, words[1:], words[2:], strict=False)
        found += [f'"{a} {b} {c}"' for a, b, c in threes][:4]
        found += [f'"{b} {a}"' for a, b in zip(words, words[1:], strict=False)][:4]
        ends = zip(paras, paras[1:], strict=False)  # a paragraph's last word, the next's first
        found += [f'"{a[-1]} {b[0]}"'.lower().replace(".", "") for a, b in ends]
        found.append(f'"{words[0]} {words[-1]}"')
    return found


def _ranked_all(s: Searcher, text: str) -> rank.Ranked:
    fast = rank.rank(s._rank_stats(), s.parse(text), 10_000, None, s._weights())
    assert fast is not None, text
    return fast


def test_pairs_find_what_positions_find(big: Searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document holding a phrase, and only those, with the same scores
    and snippets, whether found from the table of pairs or by checking every
    position, and as whoosh finds them."""
    phrases = _phrases(big)
    with_pairs = {text: _ranked_all(big, text) for text in phrases}
    _positions_only(monkeypatch)
    some = 0
    for text, fast in with_pairs.items():
        slow = _ranked_all(big, text)
        assert _agree(fast.top, slow.top), text
        assert fast.total == slow.total == len(set(big._searcher.docs_for_query(big.parse(text))))
        docs = [d for d, _ in fast.top]
        assert fast.spans(docs) == slow.spans(docs), text
        some += bool(fast.top)
    assert some > len(phrases) // 3  # most of them match somewhere


def test_a_phrase_of_common_words_checks_few_documents(
    big: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two words in most texts, side by side in few: positions are checked in
    the texts holding the pair, not in every text holding both words."""
    from reader.core.search.nodes import PhraseNode

    reader = big._searcher.reader()
    by_df = sorted(
        (w.decode() for w in reader.lexicon("content")),
        key=lambda w: -reader.doc_frequency("content", w),
    )
    common = by_df[5:40:3]
    phrases = [f'"{a} {b}"' for a in common for b in common if a != b]
    checked: list[int] = []
    real_check = PhraseNode._check

    def counted(self: PhraseNode, doc: int) -> bool:
        checked.append(doc)
        return real_check(self, doc)

    monkeypatch.setattr(PhraseNode, "_check", counted)

    def checks(text: str) -> int:
        checked.clear()
        found = rank.rank(big._rank_stats(), big.parse(text), 10)
        assert found is not None, text
        held = set(big._searcher.docs_for_query(big.parse(text)))
        assert {d for d, _ in found.top} <= held and len(found.top) == min(10, len(held)), text
        if len(held) < 10:
            assert found.exact and found.total == len(held), text
        return len(checked)

    rare = []  # phrases held by a few texts, their words by many
    for text in phrases:
        n = checks(text)
        both = len(set(big._searcher.docs_for_query(big.parse(text.replace('"', "")))))
        if len(set(big._searcher.docs_for_query(big.parse(text)))) < 10 and both > 100:
            rare.append(text)
            assert n <= rank.PAIRED_AT_MOST, text
    assert rare
    _positions_only(monkeypatch)
    assert all(checks(text) > 100 for text in rare)  # without the table
