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

import re
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.query.compound import And, Or
from whoosh.query.qcore import Query
from whoosh.query.terms import FuzzyTerm, Prefix, Term, Wildcard
from whoosh.searching import Searcher as WhooshSearcher

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import rank, spelling, store
from reader.core.search.body import Body
from reader.core.search.matched import matched_spans
from reader.core.search.pairs import PairsReader
from reader.core.search.paragraphs import Outline, Phrases, split_negations, spread
from reader.core.search.parser import QueryReader, leaves
from reader.core.search.results import SearchHit, SearchResults, kind_order
from reader.core.search.schema import KINDS
from reader.core.search.snippets import Span, place, region_snippet

DAMAGED = "the search index is damaged; run 'reader index --rebuild'"
# ``note:word``: the word in the texts' notes only.
_NOTE_FIELD = re.compile(r"(^|[\s(+-])note:")


# What a hit's score counts for, by its kind. A glossary entry is a few dozen
# words: BM25 ranks such short documents far above long articles that use the
# same word (and, in a small library, their lengths set the average every
# article is measured against), so a name's entry would always come first.
# Texts are what the reader looks for; the entry follows the texts that use
# the word often. Notes are the reader's own words: they keep their score.
KIND_WEIGHTS: dict[str, float] = {"text": 1.0, "note": 1.0, "glossary": 0.1}


class IndexDamaged(ReaderError):
    """The index failed while being read: ``sync()`` moves it aside and rebuilds."""


def _cites(q: Query) -> set[str]:
    """The words of a query's ``cites:`` terms."""
    return {str(t) for field, t in q.iter_all_terms(phrases=True) if field == "cites"}


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


@contextmanager
def _reading(folder: Path) -> Iterator[None]:
    """Reading the index at ``folder``: reader's own errors pass as they are;
    anything else whoosh raises means the index is damaged."""
    try:
        yield
    except ReaderError:
        raise
    except store.DAMAGE_ERRORS as exc:
        raise IndexDamaged(DAMAGED, folder) from exc


class Searcher:
    """Queries one library's index. Not thread-safe: one per thread."""

    def __init__(self, library: Library, *, mmap: bool = False) -> None:
        folder = library.index_dir
        state = store.inspect(folder)
        if state == store.IndexState.FOREIGN:
            raise store.refuse_foreign(folder)
        if state != store.IndexState.OURS:
            raise ReaderError("there is no search index yet; run 'reader index'", folder)
        with _reading(folder):
            self._ix: FileIndex = store.open_index(folder, mmap=mmap)
            self._searcher: WhooshSearcher = self._ix.searcher()
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
            self._close_stats()
            self._allowed_cache = {}

    def close(self) -> None:
        self._close_stats()
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
        """The best ``limit`` documents (texts, notes, entries), each at its best
        paragraph; see :meth:`paragraphs` for the paragraphs people read."""
        started = time.perf_counter()
        q = self.parse(text)
        kind_filter = _kinds_filter(kinds)
        with _reading(self._folder):
            ranked, total, exact, spans = self._ranked(q, limit, kinds, kind_filter)
            cites = _cites(q)
            hits = [self._hit(docnum, score, spans[docnum], cites) for docnum, score in ranked]
            suggestion = self.suggest_query(text, q)
        return SearchResults(
            query=text,
            hits=hits,
            total=total,
            suggestion=suggestion,
            seconds=time.perf_counter() - started,
            exact=exact,
        )

    def paragraphs(
        self,
        text: str,
        limit: int = 20,
        kinds: Collection[str] | None = None,
        *,
        others: int | None = None,
    ) -> SearchResults:
        """The paragraphs (with their notes) that match ``text``, texts first
        (best first, each text's paragraphs in reading order, at most
        ``limit``), then the user's notes and glossary entries (at most
        ``others``; by default, what is left of ``limit``). What the CLI
        prints and the app lists, both grouped by
        :func:`~reader.core.search.results.group_hits`.

        Texts are asked for apart from notes and entries: a short glossary
        entry outranks a long text, and one list cut at ``limit`` could hold
        no text at all."""
        started = time.perf_counter()
        notes_only = bool(_NOTE_FIELD.search(text))
        q = self.parse(_NOTE_FIELD.sub(r"\1content:", text) if notes_only else text)
        positive, negations = split_negations(q)
        chosen = list(kinds) if kinds else list(KINDS)
        _kinds_filter(chosen)  # an unknown kind is an error
        groups = [["text"]] if "text" in chosen else []
        rest = [k for k in chosen if k != "text"]
        if rest and not notes_only:
            groups.append(rest)
        hits: list[SearchHit] = []
        total, exact = 0, True
        with _reading(self._folder):
            # Scored once for every group (reading the postings is the cost).
            scored = rank.score(self._rank_stats(), positive)
            for group in groups:
                room = limit
                if group != ["text"]:
                    room = others if others is not None else max(0, limit - len(hits))
                found, counted, counted_exact = self._paragraphs_of(
                    positive, negations, room, group, notes_only, scored
                )
                hits += found
                total += counted
                exact = exact and counted_exact
            suggestion = self.suggest_query(text, q) if not notes_only else None
        return SearchResults(
            query=text,
            hits=hits,
            total=total,
            suggestion=suggestion,
            seconds=time.perf_counter() - started,
            exact=exact,
        )

    def _paragraphs_of(
        self,
        positive: Query,
        negations: list[Query],
        limit: int,
        kinds: list[str],
        notes_only: bool,
        scored: rank.Scored | None,
    ) -> tuple[list[SearchHit], int, bool]:
        kind_filter = _kinds_filter(kinds)
        phrases = Phrases(positive)
        cites = _cites(positive)
        want = limit
        while True:
            ranked, total, exact, spans = self._ranked(positive, want, kinds, kind_filter, scored)
            docnums = [docnum for docnum, _ in ranked]
            excluded = self._excluded(negations, docnums)
            hits: list[SearchHit] = []
            for docnum, score in ranked:
                if len(hits) >= limit:
                    break  # snippets only for what is shown
                hits += self._units(
                    docnum,
                    score,
                    phrases.keep(spans[docnum]),
                    excluded[docnum],
                    notes_only,
                    limit - len(hits),
                    cites,
                )
            # Exclusions and notes_only can leave a document without a
            # paragraph: then rank further down.
            if len(hits) >= limit or len(ranked) < want or want >= 8 * limit:
                break
            want *= 2
        if negations or notes_only:
            exact = exact and len(ranked) >= total
        hits.sort(key=kind_order)  # stable: rank, then reading order
        return hits[:limit], total, exact

    def _ranked(
        self,
        q: Query,
        limit: int,
        kinds: Collection[str] | None,
        kind_filter: Query | None,
        scored: rank.Scored | None = None,
    ) -> tuple[list[tuple[int, float]], int, bool, dict[int, list[Span]]]:
        """The top ``limit`` documents, how many matched (and whether that is
        exact), and each top document's matched words (``scored``: ``q``
        scored already)."""
        if scored is None:
            scored = rank.score(self._rank_stats(), q)
        allowed = self._allowed(kinds, kind_filter)
        fast = None if scored is None else scored.top(limit, allowed, self._weights())
        if fast is not None:
            ranked = fast.top
            return ranked, fast.total, fast.exact, fast.spans([d for d, _ in ranked])
        ranked, total = self._whoosh_rank(q, limit, kind_filter)
        return ranked, total, True, self._spans(q, [d for d, _ in ranked])

    def _excluded(self, negations: list[Query], docnums: list[int]) -> dict[int, list[Span]]:
        """Each document's words that exclude the paragraph holding them."""
        out: dict[int, list[Span]] = {d: [] for d in docnums}
        for neg in negations:
            phrases = Phrases(neg)
            for docnum, spans in self._spans(neg, docnums).items():
                out[docnum] += phrases.keep(spans)
        return out

    def _units(
        self,
        docnum: int,
        score: float,
        spans: list[Span],
        excluded: list[Span],
        notes_only: bool,
        room: int,
        cites: Collection[str] = (),
    ) -> list[SearchHit]:
        """A document's hits: a text's paragraphs (with their notes), or the note or entry."""
        meta: dict[str, Any] = self._searcher.reader().stored_fields(docnum)["meta"]
        if meta["kind"] != "text":
            return [self._hit(docnum, score, spans)]
        if cites:  # `cites:Name`: the markers of the notes citing it
            spans = sorted([*spans, *self._cited(docnum, cites)])
        outline = Outline(meta["outline"])
        units = spread(outline, spans, excluded, notes_only=notes_only)
        if not units:
            # Matched on a text field only (title:, author:): the text, from its start.
            found = not notes_only and not spans and not excluded
            return [self._hit(docnum, score, spans)] if found else []
        body = self._body_of(docnum)
        hits: list[SearchHit] = []
        for unit in units[:room]:
            pieces, _ = region_snippet(body, outline.regions, unit.region, unit.spans)
            footnote = unit.note is not None and unit.region != unit.unit
            hits.append(
                SearchHit(
                    kind="footnote" if footnote else "text",
                    text=meta.get("text", ""),
                    title=meta.get("title") or "",
                    paragraph=unit.paragraph,
                    heading=outline.heading(unit.paragraph),
                    score=score,
                    snippet=pieces,
                    key=meta["key"],
                    paragraphs=(unit.paragraph,) if unit.paragraph is not None else (),
                    note=unit.note if footnote else None,
                )
            )
        return hits

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
            self._close_stats()
            generation = self._searcher.reader().generation()
            self._stats = rank.Stats(self._searcher, PairsReader(self._folder, generation))
        return self._stats

    def _close_stats(self) -> None:
        if self._stats is not None and self._stats.pairs is not None:
            self._stats.pairs.close()
        self._stats = None

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
        return matched_spans(self._searcher, q, docnums)

    def _hit(
        self, docnum: int, score: float, spans: list[Span], cites: Collection[str] = ()
    ) -> SearchHit:
        meta: dict[str, Any] = self._searcher.reader().stored_fields(docnum)["meta"]
        body = self._body_of(docnum)
        kind = meta["kind"]
        if cites and kind == "text":  # `cites:Name`: the markers of the notes citing it
            spans = sorted([*spans, *self._cited(docnum, cites)])
        paragraph: int | None
        if kind == "text":
            outline = Outline(meta["outline"])
            placed = place(body, outline.regions, spans)
            paragraph = outline.paragraph_of(outline.unit_of(placed.paragraph))
            heading = outline.heading(paragraph)
            # The paragraphs whose own text holds a match (not their notes').
            paragraphs = tuple(r for r in placed.paragraphs if r < len(outline.starts))
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
        """The most frequent indexed word one edit away from ``word``, spelled
        as the text spells it; else None (:func:`.spelling.suggest`)."""
        return spelling.suggest(self._searcher, self._analyzer, self._body_of, word)

    def suggest_query(self, text: str, q: Query | None = None) -> str | None:
        """``text`` with each unknown word replaced by its suggestion, if any."""
        if q is None:
            q = self.parse(text)
        return spelling.suggest_query(self._searcher, self._analyzer, self._body_of, text, q)
