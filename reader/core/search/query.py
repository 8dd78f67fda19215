"""Searching the index: parse the query, rank (BM25F), place hits in paragraphs.

:class:`Searcher` holds one whoosh searcher; the app keeps one per thread and
calls :meth:`Searcher.refresh` after the index changed. The query language is
whoosh's: words (all must match), ``"phrases"``, ``OR``, ``NOT``/``-``,
``title:``/``author:``/``date:2011``, ``prefix*`` and ``fuzzy~``. A query
whoosh cannot use raises a one-line :class:`ReaderError`.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import bisect
import time
from collections.abc import Collection, Iterable, Iterator
from typing import Any, NamedTuple

from whoosh.index import FileIndex
from whoosh.matching.mcore import LeafMatcher
from whoosh.query.compound import And, Or
from whoosh.query.qcore import Query
from whoosh.query.terms import FuzzyTerm, Prefix, Term, Wildcard
from whoosh.searching import Searcher as WhooshSearcher

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import rank, store
from reader.core.search.body import Body
from reader.core.search.parser import QueryReader, leaves
from reader.core.search.schema import KINDS
from reader.core.search.snippets import Piece, Span, marked, place

DAMAGED = "the search index is damaged; run 'reader index --rebuild'"


# What a hit's score counts for, by its kind. A glossary entry is a few dozen
# words: BM25 ranks such short documents far above long articles that use the
# same word (and, in a small library, their lengths set the average every
# article is measured against), so a name's entry would always come first.
# Texts are what the reader looks for; the entry follows the texts that use
# the word often. Notes are the reader's own words: they keep their score.
KIND_WEIGHTS: dict[str, float] = {"text": 1.0, "note": 1.0, "glossary": 0.1}


class IndexDamaged(ReaderError):
    """The index failed while being read: ``sync()`` moves it aside and rebuilds."""


class SearchHit(NamedTuple):
    """One text (or note, or glossary entry) that matched, at its best paragraph."""

    kind: str
    text: str
    title: str
    paragraph: int | None
    heading: str | None
    score: float
    snippet: tuple[Piece, ...]
    key: str = ""
    # Every paragraph holding a match, in order (texts only).
    paragraphs: tuple[int, ...] = ()

    @property
    def snippet_marked(self) -> str:
        return marked(self.snippet)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "title": self.title,
            "paragraph": self.paragraph,
            "heading": self.heading,
            "score": round(self.score, 4),
            "snippet": self.snippet_marked,
        }


class SearchResults(NamedTuple):
    query: str
    hits: list[SearchHit]
    total: int = 0
    suggestion: str | None = None
    seconds: float = 0.0
    # False when ``total`` is an estimate (phrases are checked for the best
    # documents only).
    exact: bool = True


def _kinds_filter(kinds: Collection[str] | None) -> Query | None:
    if not kinds:
        return None
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ReaderError(f"unknown kind {unknown[0]!r} for --in; choose among {', '.join(KINDS)}")
    if set(kinds) == set(KINDS):
        return None
    return Or([Term("kind", k) for k in kinds])


def _total(results: Any, q: Query) -> int:
    """How many documents match: exact when whoosh counted them all, else its
    estimate, except for prefix and fuzzy terms (estimating those expands them
    again over the whole index): then the number of hits found."""
    if results.has_exact_length():
        return len(results)
    if any(isinstance(leaf, Prefix | Wildcard | FuzzyTerm) for leaf in leaves(q)):
        return int(results.scored_length())
    return int(results.estimated_length())


def _matching(m: Any, docnum: int) -> Iterator[tuple[tuple[str, bytes], Any]]:
    """Like whoosh's ``Matcher.matching_terms(docnum)``, with each term's leaf
    matcher when it can give the term's offsets there (else None)."""
    if not m.is_active() or m.id() != docnum:
        return
    term = m.term()
    if term is None:
        for child in m.children():
            yield from _matching(child, docnum)
    elif isinstance(m, LeafMatcher) and m.supports("characters"):
        yield term, m
    else:
        yield term, None


class Searcher:
    """Queries one library's index. Not thread-safe: one per thread."""

    def __init__(self, library: Library, *, mmap: bool = False) -> None:
        folder = library.index_dir
        state = store.inspect(folder)
        if state == store.IndexState.FOREIGN:
            raise store.refuse_foreign(folder)
        if state != store.IndexState.OURS:
            raise ReaderError("there is no search index yet; run 'reader index'", folder)
        try:
            self._ix: FileIndex = store.open_index(folder, mmap=mmap)
            self._searcher: WhooshSearcher = self._ix.searcher()
        except store.DAMAGE_ERRORS as exc:
            raise IndexDamaged(DAMAGED, folder) from exc
        self._folder = folder
        self._queries = QueryReader(self._ix.schema)
        self._body: Any = None
        self._kind_weights: dict[int, float] | None = None
        self._stats: rank.Stats | None = None
        self._allowed_cache: dict[frozenset[str], frozenset[int]] = {}
        self._analyzer = self._ix.schema["content"].analyzer

    # -- life cycle -----------------------------------------------------------

    def refresh(self) -> None:
        """See the index's latest commit (cheap when nothing changed)."""
        fresh = self._searcher.refresh()
        if fresh is not self._searcher:
            self._searcher = fresh
            self._body = None
            self._kind_weights = None
            self._stats = None
            self._allowed_cache = {}

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries ----------------------------------------------------------------

    def parse(self, text: str) -> Query:
        """The whoosh query for ``text``, or a one-line :class:`ReaderError`."""
        return self._queries.parse(text)

    def search(
        self, text: str, limit: int = 20, kinds: Collection[str] | None = None
    ) -> SearchResults:
        started = time.perf_counter()
        q = self.parse(text)
        kind_filter = _kinds_filter(kinds)
        try:
            exact = True
            fast = rank.rank(
                self._rank_stats(), q, limit, self._allowed(kinds, kind_filter), self._weights()
            )
            if fast is not None:
                ranked, total, exact = fast.top, fast.total, fast.exact
                spans = fast.spans([docnum for docnum, _ in ranked])
            else:
                ranked, total = self._whoosh_rank(q, limit, kind_filter)
                spans = self._spans(q, [docnum for docnum, _ in ranked])
            cites = {str(t) for field, t in q.iter_all_terms(phrases=True) if field == "cites"}
            hits = [self._hit(docnum, score, spans[docnum], cites) for docnum, score in ranked]
            suggestion = self.suggest_query(text, q)
        except ReaderError:
            raise
        except store.DAMAGE_ERRORS as exc:
            raise IndexDamaged(DAMAGED, self._folder) from exc
        return SearchResults(
            query=text,
            hits=hits,
            total=total,
            suggestion=suggestion,
            seconds=time.perf_counter() - started,
            exact=exact,
        )

    def _whoosh_rank(
        self, q: Query, limit: int, kind_filter: Query | None
    ) -> tuple[list[tuple[int, float]], int]:
        """whoosh's own ranking, for queries :mod:`.rank` does not know."""
        # Without terms=True whoosh can skip blocks that cannot reach the
        # top N; the matched terms are found afterwards, for those N only.
        results = self._searcher.search(q, limit=limit, filter=kind_filter)
        weights = self._weights()
        if any(h.docnum in weights for h in results):
            # A weighed-down kind among the best: rank the best 2N again.
            results = self._searcher.search(q, limit=2 * limit, filter=kind_filter)
            ranked = self._by_kind(results, limit, q, kind_filter)
        else:
            ranked = [(h.docnum, float(h.score or 0.0)) for h in results]
        return ranked, _total(results, q)

    def _rank_stats(self) -> rank.Stats:
        if self._stats is None or self._stats.searcher is not self._searcher:
            self._stats = rank.Stats(self._searcher)
        return self._stats

    def _allowed(
        self, kinds: Collection[str] | None, kind_filter: Query | None
    ) -> frozenset[int] | None:
        """The documents of the kinds asked for (None: every kind)."""
        if kind_filter is None or not kinds:
            return None
        key = frozenset(kinds)
        found = self._allowed_cache.get(key)
        if found is None:
            found = frozenset(self._searcher.docs_for_query(kind_filter))
            self._allowed_cache[key] = found
        return found

    # -- ranking by kind ------------------------------------------------------------

    def _weights(self) -> dict[int, float]:
        """The documents whose kind weighs less than 1, with their weight."""
        if self._kind_weights is None:
            weights: dict[int, float] = {}
            for kind, weight in KIND_WEIGHTS.items():
                if weight == 1.0:
                    continue
                postings = self._searcher.postings("kind", kind) if self._has_kind(kind) else None
                if postings is not None:
                    weights.update(dict.fromkeys(postings.all_ids(), weight))
            self._kind_weights = weights
        return self._kind_weights

    def _has_kind(self, kind: str) -> bool:
        return bool(self._searcher.reader().doc_frequency("kind", kind))

    def _by_kind(
        self, results: Any, limit: int, q: Query, kind_filter: Query | None
    ) -> list[tuple[int, float]]:
        """The top ``limit`` of ``results`` (the top ``2 × limit``) once each
        document's score is weighed by its kind (:data:`KIND_WEIGHTS`).

        Weighing only lowers scores, so the top ``limit`` is among the top
        ``2 × limit`` unless fewer than ``limit`` texts are there: then the
        best texts are asked for as well. (When none of the top ``limit`` is
        weighed down, they are the answer as they are: the search asks for
        ``2 × limit`` only then.)
        """
        weights = self._weights()
        scored = [(h.docnum, float(h.score or 0.0) * weights.get(h.docnum, 1.0)) for h in results]
        texts = sum(1 for docnum, _ in scored if docnum not in weights)
        if weights and texts < limit and results.scored_length() == 2 * limit:
            only_texts: Query = Term("kind", "text")
            if kind_filter is not None:
                only_texts = And([only_texts, kind_filter])
            more = self._searcher.search(q, limit=limit, filter=only_texts)
            seen = {docnum for docnum, _ in scored}
            scored += [(h.docnum, float(h.score or 0.0)) for h in more if h.docnum not in seen]
        scored.sort(key=lambda item: -item[1])  # stable: whoosh's order on a tie
        return scored[:limit]

    # -- hits -------------------------------------------------------------------

    def _cited(self, docnum: int, cites: Collection[str]) -> list[Span]:
        """Spans over the footnote markers whose notes cite a work ``cites`` names."""
        from reader.core.sources.store import cited_markers

        field = self._searcher.schema["cites"]

        def analyse(text: str) -> list[str]:
            return [str(t) for t in field.process_text(text, mode="query")]

        # the segment holding the text: one with no text at all has no such
        # column, and whoosh's merged column reader trips over it
        raw = b""
        for leaf, offset in self._searcher.reader().leaf_readers():
            if offset <= docnum < offset + leaf.doc_count_all():
                if leaf.has_column("sources"):
                    raw = leaf.column_reader("sources")[docnum - offset]
                break
        try:
            return [Span(start, end, "cites") for start, end in cited_markers(raw, cites, analyse)]
        except ValueError:
            return []

    def _body_of(self, docnum: int) -> Body:
        if self._body is None:
            self._body = self._searcher.reader().column_reader("body")
        return Body(self._body[docnum])

    def _spans(self, q: Query, docnums: list[int]) -> dict[int, list[Span]]:
        """Each document's matched ``content`` terms with their character offsets.

        Works segment by segment (whoosh expands prefix and fuzzy terms fast
        only on one segment's word list) and only for the top documents.
        """
        found: dict[int, list[Span]] = {d: [] for d in docnums}
        leaves = self._searcher.leaf_searchers()
        bases = [offset for _, offset in leaves]
        by_leaf: dict[int, list[int]] = {}
        for d in docnums:
            by_leaf.setdefault(bisect.bisect_right(bases, d) - 1, []).append(d)
        for i, docs in by_leaf.items():
            searcher, base = leaves[i]
            # The query's matcher walks to the top docs; a matching term's
            # leaf matcher then sits on the document, its offsets already read
            # with the block (a second postings cursor would decode it again).
            later: dict[bytes, list[int]] = {}
            m = q.matcher(searcher, searcher.context(needs_current=True))
            for d in sorted(docs):
                local = d - base
                if not m.is_active():
                    break
                if m.id() < local:
                    m.skip_to(local)
                if not (m.is_active() and m.id() == local):
                    continue
                seen: set[bytes] = set()
                for (fieldname, btext), leaf in _matching(m, local):
                    if fieldname != "content" or btext in seen:
                        continue
                    seen.add(btext)
                    if leaf is not None:
                        term = btext.decode("utf-8")
                        found[d].extend(
                            Span(start, end, term) for _, start, end in leaf.value_as("characters")
                        )
                    else:
                        later.setdefault(btext, []).append(local)
            # Terms whose matcher cannot say where (e.g. an expanded prefix read
            # ahead into an array): one postings cursor per term, skipping forward.
            for btext, local_docs in later.items():
                term = btext.decode("utf-8")
                postings = searcher.postings("content", btext)
                for local in sorted(set(local_docs)):
                    postings.skip_to(local)
                    if not postings.is_active():
                        break
                    if postings.id() == local:
                        found[local + base].extend(
                            Span(start, end, term)
                            for _, start, end in postings.value_as("characters")
                        )
        for spans in found.values():
            spans.sort(key=lambda s: (s.start, -s.end))
        return found

    def _hit(
        self, docnum: int, score: float, spans: list[Span], cites: Collection[str] = ()
    ) -> SearchHit:
        meta: dict[str, Any] = self._searcher.reader().stored_fields(docnum)["meta"]
        body = self._body_of(docnum)
        kind = meta["kind"]
        if cites and kind == "text":  # `cites:Name`: the markers of the notes citing it
            spans = sorted([*spans, *self._cited(docnum, cites)])
        if kind == "text":
            out = meta["outline"]
            placed = place(body, out["starts"], spans)
            section = out["sections"][placed.paragraph] if out["sections"] else -1
            heading = out["headings"][section] if section >= 0 else None
            paragraph: int | None = placed.paragraph
            paragraphs = placed.paragraphs
        else:
            placed = place(body, [0], spans)
            paragraph = meta.get("paragraph")
            heading = None
            paragraphs = ()
        return SearchHit(
            kind=kind,
            text=meta.get("text", ""),
            title=meta.get("title") or "",
            paragraph=paragraph,
            heading=heading,
            score=score,
            snippet=placed.pieces,
            key=meta["key"],
            paragraphs=paragraphs,
        )

    # -- did you mean -------------------------------------------------------------

    def suggest(self, word: str) -> str | None:
        """The most frequent indexed word one edit away from ``word`` (keeping
        its first letter; swapping two neighbours counts as one edit, so
        "Kautksy" → "Kautsky"), spelled as the text spells it; else None."""
        reader = self._searcher.reader()
        forms = {t.text for t in self._analyzer(word)}
        if len(forms) != 1:
            return None
        (term,) = forms
        # One segment at a time: whoosh walks a segment's word list with an
        # automaton, but scans every word on a multi-segment reader.
        found: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            found.update(leaf.terms_within("content", term, 1, prefix=1))
        for i in range(1, len(term) - 1):  # whoosh's automaton has no transpositions
            swapped = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
            if swapped != term and reader.doc_frequency("content", swapped):
                found.add(swapped)
        found.discard(term)
        if not found:
            return None
        best: str = max(sorted(found), key=lambda w: reader.doc_frequency("content", w))
        spelled = self._surface(best)
        if spelled is None:
            return None
        if word[:1].isupper() and not spelled[:1].isupper():
            spelled = spelled[:1].upper() + spelled[1:]
        elif word.islower() and not spelled.isupper():
            spelled = spelled.lower()
        return spelled

    def _surface(self, term: str) -> str | None:
        """The word as a text spells it where the index has ``term``."""
        m = self._searcher.postings("content", term)
        if not m.is_active():
            return None
        chars = m.value_as("characters")
        if not chars:
            return None
        _, start, end = chars[0]
        spelled: str = self._body_of(m.id())[start:end]
        return spelled or None

    def _unknown(self, q: Query) -> Iterable[tuple[int, int]]:
        reader = self._searcher.reader()
        seen: set[tuple[int, int]] = set()
        for leaf in q.leaves() if not q.is_leaf() else [q]:
            if type(leaf) is not Term or leaf.fieldname != "content":
                continue
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            if start is None or end is None or (start, end) in seen:
                continue
            if reader.doc_frequency("content", leaf.text) == 0:
                seen.add((start, end))
                yield start, end

    def suggest_query(self, text: str, q: Query | None = None) -> str | None:
        """``text`` with each unknown word replaced by its suggestion, if any."""
        if q is None:
            q = self.parse(text)
        changed = False
        out = text
        for start, end in sorted(self._unknown(q), reverse=True):
            word = text[start:end]
            better = self.suggest(word)
            if better:
                out = out[:start] + better + out[end:]
                changed = True
        return out if changed else None
