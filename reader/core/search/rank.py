"""Ranking a query's documents in bulk, without whoosh's tree of matchers.

whoosh ranks by walking a tree of matchers one document at a time, in
Python: a common word found in every article, or a prefix standing for many
words, pays that for each document before any snippet. Here each word's
postings are read a block at a time into a dict of
scores (BM25F with whoosh's own statistics: the same scores, within
rounding), and the query's ``And``/``Or``/``NOT`` become dict and set
operations. The count of matching documents comes out exact for free.

Phrases are the exception that keeps this fast: checking word positions
costs far more than scoring, and whoosh scores a phrase like the words in
it. So a phrase is first taken as all its words (an upper bound of each
document's score), and positions are checked for the best documents only,
best first, until the top ``limit`` cannot change (then the count of
matches is an estimate).

Anything this module does not know (wildcards, ranges, other weightings)
returns None, and the caller ranks with whoosh as before.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.compound import And, AndNot, Or
from whoosh.query.positional import Phrase
from whoosh.query.terms import Term
from whoosh.query.wrappers import Not
from whoosh.scoring import BM25F

from reader.core.search.nodes import AllOf, AnyOf, Node, PhraseNode, Scores, Words
from reader.core.search.pairs import PAIRED, PairsReader, documents
from reader.core.search.snippets import Span
from reader.core.search.terms import CappedFuzzyTerm, CappedPrefix
from reader.core.search.whoosh_internals import (
    positions_decoder,
    postings_blocks,
    raw_lengths,
)


class Unsupported(Exception):
    """The query has a part this module does not rank."""


class Ranked:
    """The top documents of a query, best first, and how many matched."""

    def __init__(
        self, top: list[tuple[int, float]], total: int, exact: bool, where: _Where
    ) -> None:
        self.top = top
        self.total = total
        self.exact = exact
        self._where = where

    def spans(self, docnums: Sequence[int]) -> dict[int, list[Span]]:
        """Each document's matched words in the snippet field, with their
        character offsets: read from the postings blocks the ranking already
        decoded (no second pass over the index)."""
        return self._where.spans(docnums)


# A word's postings blocks: (segment offset, ids, values), in document order.
_Blocks = list[tuple[int, Sequence[int], Sequence[Any]]]


class _Where:
    """The postings blocks of the words that can put a document in the
    results, for the field snippets are cut from."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self.words: dict[bytes, _Blocks] = {}
        self.decode: Callable[[Any], Sequence[tuple[int, int, int]]] | None = None

    def spans(self, docnums: Sequence[int]) -> dict[int, list[Span]]:
        found: dict[int, list[Span]] = {d: [] for d in docnums}
        decode = self.decode
        if decode is None:
            return found
        for btext, blocks in self.words.items():
            if not blocks:
                continue
            term = btext.decode("utf-8")
            lasts = [offset + ids[-1] for offset, ids, _ in blocks]
            for d in docnums:
                k = bisect.bisect_left(lasts, d)
                if k == len(blocks):
                    continue
                offset, ids, vals = blocks[k]
                local = d - offset
                j = bisect.bisect_left(ids, local)
                if j < len(ids) and ids[j] == local:
                    found[d].extend(
                        Span(start, end, term, pos) for pos, start, end in decode(vals[j])
                    )
        for spans in found.values():
            spans.sort(key=lambda s: (s.start, -s.end))
        return found


class Stats:
    """Per-segment figures a ranking reuses: each field's length norm, the
    deleted documents; the table of word pairs. Valid for one whoosh searcher
    (drop it on refresh)."""

    def __init__(self, searcher: Any, pairs: PairsReader | None = None) -> None:
        self.searcher = searcher
        # The documents holding pairs of common words (reader.core.search.pairs),
        # and the numbers of the documents it names, by key.
        self.pairs = pairs
        self.docnums: dict[str, int | None] = {}
        self.leaves: list[tuple[Any, int]] = list(searcher.leaf_searchers())
        self._norms: dict[tuple[int, str], list[float]] = {}
        self._deleted: dict[int, frozenset[int]] = {}
        self._length_table: list[int] | None = None

    def deleted(self, i: int) -> frozenset[int]:
        found = self._deleted.get(i)
        if found is None:
            reader = self.leaves[i][0].reader()
            if not reader.has_deletions():
                found = frozenset()
            elif hasattr(reader, "deleted_docs_set"):  # whoosh3: a property
                deleted = reader.deleted_docs_set
                found = frozenset(deleted() if callable(deleted) else deleted)
            else:
                found = frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))
            self._deleted[i] = found
        return found

    def norms(self, i: int, fieldname: str, b: float, k1: float, avgfl: float) -> list[float]:
        """BM25's ``K1 * (1 - B + B * length / avgfl)`` for each document of segment ``i``."""
        key = (i, fieldname)
        found = self._norms.get(key)
        if found is None:
            lengths = self._lengths(self.leaves[i][0].reader(), fieldname)
            found = [k1 * ((1 - b) + b * fl / avgfl) for fl in lengths]
            self._norms[key] = found
        return found

    def _lengths(self, reader: Any, fieldname: str) -> list[int]:
        count = reader.doc_count_all()
        raw = raw_lengths(reader, fieldname, count)
        if raw is None:
            return [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]
        if self._length_table is None:
            from whoosh.util.numeric import byte_to_length

            self._length_table = [byte_to_length(b) for b in range(256)]
        table = self._length_table
        return [table[b] for b in raw] + [0] * (count - len(raw))


# -- building the nodes --------------------------------------------------------------


class _Builder:
    def __init__(self, stats: Stats, snippet_field: str) -> None:
        self.stats = stats
        self.searcher = stats.searcher
        weighting = self.searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported("weighting")
        self.weighting = weighting
        self.where = _Where(snippet_field)
        field = self._field(snippet_field)
        if field is not None and field.format.supports("characters"):
            self.where.decode = field.format.decoder("characters")
        self._negated = 0

    def node(self, q: Any) -> Node:
        kind = type(q)
        if kind is Term:
            return Words(self.term_scores(q.fieldname, [q.text], q.boost))
        if kind is CappedPrefix or kind is CappedFuzzyTerm:
            return Words(self.expanded(q))
        if kind is Or:
            if q.scale or getattr(q, "minmatch", 0):
                raise Unsupported("Or with options")
            return AnyOf([self.node(s) for s in q.subqueries], q.boost)
        if kind is And:
            children = [s for s in q.subqueries if type(s) is not Not]
            if not children:
                raise Unsupported("only NOT")
            kept = [self.node(s) for s in children]
            negated = [self.negated(s.query) for s in q.subqueries if type(s) is Not]
            return AllOf(kept, negated, q.boost)
        if kind is AndNot:  # "a -b"
            return AllOf([self.node(q.a)], [self.negated(q.b)], q.boost)
        if kind is Phrase:
            return self.phrase(q)
        raise Unsupported(kind.__name__)

    def negated(self, q: Any) -> Node:
        """A NOT part: its words put no document in the results (no snippets)."""
        self._negated += 1
        try:
            return self.node(q)
        finally:
            self._negated -= 1

    def _field(self, fieldname: str) -> Any:
        schema = self.searcher.schema
        return schema[fieldname] if fieldname in schema.names() else None

    def term_scores(
        self,
        fieldname: str,
        texts: list[Any],
        boost: float,
        values: list[dict[int, Any]] | None = None,
        segment: int | None = None,
        only: Sequence[int] | None = None,
    ) -> Scores:
        """The summed scores of ``texts`` (words of one field) in every document
        holding any of them; with ``values``, each word's postings values too.
        With ``only`` (ascending document numbers), in those documents alone:
        the postings are read where they are, skipping the blocks between."""
        out: Scores = {}
        field = self._field(fieldname)
        if field is None:
            return out
        searcher = self.searcher
        scorable = field.scorable
        b = k1 = avgfl = 0.0
        if scorable:
            w = self.weighting
            b = w._field_B.get(fieldname, w.B)  # noqa: SLF001
            k1 = w.K1
            avgfl = searcher.avg_field_length(fieldname) or 1
        leaves = self.stats.leaves
        segments = range(len(leaves)) if segment is None else [segment]
        for n, text in enumerate(texts):
            try:
                btext = field.to_bytes(text)
            except ValueError:
                continue
            c = boost
            if scorable:
                c = searcher.idf(fieldname, btext) * (k1 + 1) * boost
            found_values = values[n] if values is not None else None
            blocks: _Blocks | None = None
            if fieldname == self.where.fieldname and not self._negated:
                blocks = self.where.words.setdefault(btext, [])
            want_values = found_values is not None or blocks is not None
            for i in segments:
                leaf, offset = leaves[i]
                reader = leaf.reader()
                if (fieldname, btext) not in reader:
                    continue
                m = reader.postings(fieldname, btext)
                if isinstance(m, FilterMatcher):  # deleted documents: dropped below
                    m = m.child
                deleted = self.stats.deleted(i)
                norms = self.stats.norms(i, fieldname, b, k1, avgfl) if scorable else None
                get = out.get
                found = (
                    postings_blocks(m, want_values)
                    if only is None
                    else _postings_at(m, only, offset, reader.doc_count_all(), want_values)
                )
                for ids, weights, vals in found:
                    if norms is not None:
                        for d, tf in zip(ids, weights, strict=False):
                            g = d + offset
                            out[g] = get(g, 0.0) + c * tf / (tf + norms[d])
                    else:
                        for d, tf in zip(ids, weights, strict=False):
                            g = d + offset
                            out[g] = get(g, 0.0) + c * tf
                    if found_values is not None:
                        found_values.update(zip((d + offset for d in ids), vals, strict=False))
                    if blocks is not None and ids:
                        blocks.append((offset, ids, vals))
                for d in deleted:
                    out.pop(d + offset, None)
        return out

    def expanded(self, q: Any) -> Scores:
        """A prefix* or fuzzy~ term: the words it stands for in each segment."""
        out: Scores = {}
        for i, (leaf, _) in enumerate(self.stats.leaves):
            words = q._btexts(leaf.reader())  # noqa: SLF001 - capped, cached per reader
            if not words:
                continue
            scores = self.term_scores(q.fieldname, list(words), q.boost, segment=i)
            out.update(scores)  # segments hold different documents
        return out

    def phrase(self, q: Phrase) -> Node:
        """A phrase's words, rarest first: each next word is read only in the
        documents holding all the words before it, when those are few (a
        phrase of a rare word and a common one reads the common word's
        postings in a handful of documents, not in every one). A phrase of
        common words starts from the few documents holding their pairs."""
        field = self._field(q.fieldname)
        if q.slop != 1 or field is None or not field.format.supports("positions"):
            raise Unsupported("phrase")
        count = len(q.words)
        frequency = [self._frequency(field, q.fieldname, word) for word in q.words]
        words: list[Scores] = [{} for _ in range(count)]
        values: list[dict[int, Any]] = [{} for _ in range(count)]
        candidates = self._paired(q)
        for k in sorted(range(count), key=frequency.__getitem__):
            if candidates is not None and not candidates:
                break
            sparse = candidates is not None and len(candidates) * SPARSE < frequency[k]
            words[k] = self.term_scores(
                q.fieldname,
                [q.words[k]],
                1.0,
                values=[values[k]],
                only=candidates if sparse else None,
            )
            held = words[k].keys() if candidates is None else words[k].keys() & set(candidates)
            candidates = sorted(held)
        if candidates is not None:  # a word read whole holds other documents too
            keep = set(candidates)
            words = [{d: s for d, s in scores.items() if d in keep} for scores in words]
        return PhraseNode(words, values, positions_decoder(field.format), q.boost)

    def _paired(self, q: Phrase) -> list[int] | None:
        """The documents that may hold the phrase, from the table of pairs
        (:func:`reader.core.search.pairs.documents`); None if it cannot say."""
        table = self.stats.pairs
        if table is None or q.fieldname != PAIRED:
            return None
        reader = self.searcher.reader()
        return documents(table, q.words, reader, self.stats.docnums, PAIRED_AT_MOST)

    def _frequency(self, field: Any, fieldname: str, word: str) -> int:
        try:
            return int(self.searcher.doc_frequency(fieldname, field.to_bytes(word)))
        except ValueError:
            return 0


# A pair of common words held by more documents than this is not looked up
# in the table: its phrase is found in the first documents checked.
PAIRED_AT_MOST = 64

# A phrase's next word is read document by document (skipping to each) when
# the documents left are fewer than its postings by this factor; else whole
# blocks are read, which costs less per posting.
SPARSE = 32


def _postings_at(
    m: Any, docs: Sequence[int], offset: int, count: int, values: bool
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[Any]]]:
    """A leaf matcher's postings in the documents ``docs`` (ascending global
    numbers) of the segment at ``offset`` holding ``count`` documents."""
    start = bisect.bisect_left(docs, offset)
    stop = bisect.bisect_left(docs, offset + count)
    ids: list[int] = []
    weights: list[float] = []
    vals: list[Any] = []
    for g in docs[start:stop]:
        local = g - offset
        if not m.is_active():
            break
        if m.id() < local:
            m.skip_to(local)
            if not m.is_active():
                break
        if m.id() == local:
            ids.append(local)
            weights.append(m.weight())
            vals.append(m.value() if values else None)
    yield ids, weights, vals


# -- ranking --------------------------------------------------------------------------


def rank(
    stats: Stats,
    q: Any,
    limit: int,
    allowed: frozenset[int] | None = None,
    weights: dict[int, float] | None = None,
    snippet_field: str = "content",
) -> Ranked | None:
    """The top ``limit`` documents for ``q``; None if ``q`` has a part this
    module does not rank. ``allowed`` keeps only those documents (the kinds
    asked for); ``weights`` scales some documents' scores (by kind)."""
    scored = score(stats, q, snippet_field)
    return None if scored is None else scored.top(limit, allowed, weights)


class Scored:
    """A query's documents scored once, to take several tops from (one per
    kind of document, say)."""

    def __init__(self, node: Node, where: _Where) -> None:
        self.node = node
        self.where = where

    def top(
        self,
        limit: int,
        allowed: frozenset[int] | None = None,
        weights: dict[int, float] | None = None,
    ) -> Ranked:
        node = self.node
        # A copy either way: the nodes' own scores stay as they are.
        bound = {d: s for d, s in node.bound().items() if allowed is None or d in allowed}
        if weights:
            for d, w in weights.items():
                if d in bound:
                    bound[d] *= w
        if not node.loose:
            return Ranked(_best(bound, limit), len(bound), True, self.where)
        top, total, exact = _checked_top(node, bound, limit, weights)
        return Ranked(top, total, exact, self.where)


def score(stats: Stats, q: Any, snippet_field: str = "content") -> Scored | None:
    """``q``'s documents scored; None if ``q`` has a part this module does not rank."""
    try:
        builder = _Builder(stats, snippet_field)
        node = builder.node(q)
    except Unsupported:
        return None
    return Scored(node, builder.where)


def _best(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best, best first; on a tie the lower document number
    first, as whoosh orders them."""
    if len(scores) <= limit:
        return sorted(scores.items(), key=_order)
    if limit <= 0:
        return []
    cut = heapq.nlargest(limit, scores.values())[-1]
    return sorted(((d, s) for d, s in scores.items() if s >= cut), key=_order)[:limit]


def _order(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def _checked_top(
    node: Node, bound: Scores, limit: int, weights: dict[int, float] | None
) -> tuple[list[tuple[int, float]], int, bool]:
    """The top ``limit`` when some scores are upper bounds (phrases): check the
    candidates best bound first until none left can enter the top."""
    candidates = sorted(bound.items(), key=_order)
    best: list[tuple[float, int]] = []  # a heap of (score, -doc): the worst on top
    checked = matched = 0
    for doc, upper in candidates:
        if len(best) == limit and (upper, -doc) < best[0]:
            break
        checked += 1
        score = node.exact(doc)
        if score is None:
            continue
        matched += 1
        if weights:
            score *= weights.get(doc, 1.0)
        item = (score, -doc)
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    top = [(-d, s) for s, d in sorted(best, reverse=True)]
    if checked == len(candidates):
        return top, matched, True
    # The share of checked candidates that matched, applied to the rest.
    estimate = matched + round((len(candidates) - checked) * matched / max(checked, 1))
    return top, estimate, False
