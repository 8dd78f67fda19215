"""Where a query's words are in some documents, through whoosh's own matchers
(for the queries :mod:`.rank` leaves to whoosh, and for exclusions)."""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from whoosh.matching.mcore import LeafMatcher
from whoosh.query.qcore import Query

from reader.core.search.snippets import Span


def matched_spans(whoosh_searcher: Any, q: Query, docnums: list[int]) -> dict[int, list[Span]]:
    """Each document's matched ``content`` terms with their character offsets.

    Works segment by segment (whoosh expands prefix and fuzzy terms fast
    only on one segment's word list) and only for the top documents.
    """
    found: dict[int, list[Span]] = {d: [] for d in docnums}
    leaves = whoosh_searcher.leaf_searchers()
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
                        Span(start, end, term, pos)
                        for pos, start, end in leaf.value_as("characters")
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
                        Span(start, end, term, pos)
                        for pos, start, end in postings.value_as("characters")
                    )
    for spans in found.values():
        spans.sort(key=lambda s: (s.start, -s.end))
    return found


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
