"""Where else a glossary entry is mentioned: its names searched as phrases in the index.

Used by the entry dialog's "mentioned in" list. Runs in a worker thread: it
opens a :class:`reader.core.search.Searcher` of its own (one per thread) and
waits for the app's index lock, so it never reads a commit in progress.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.articles import Articles
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.tui.paragraph_hits import paragraph_hits

if TYPE_CHECKING:
    from reader.core.search import SearchHit

LIMIT = 30
"""Texts asked of the index."""


@dataclass(frozen=True, slots=True)
class Mentions:
    """The paragraphs that mention an entry, by text (``hits``), and how many
    more paragraphs were left out of the list."""

    hits: list[SearchHit]
    more: int = 0
    error: str | None = None


def names_query(names: Sequence[str]) -> str:
    """The entry's names and aliases as quoted phrases joined by OR."""
    phrases = [" ".join(n.replace('"', " ").split()) for n in names]
    return " OR ".join(f'"{p}"' for p in dict.fromkeys(phrases) if p)


def find_mentions(
    library: Library,
    names: Sequence[str],
    *,
    skip: tuple[str, int] | None = None,
    articles: Articles | None = None,
    lock: threading.RLock | None = None,
) -> Mentions:
    """Every paragraph of the library's texts that holds one of ``names`` (the
    paragraph ``skip`` — text id, paragraph — left out: the one being read)."""
    from reader.core.search.query import Searcher

    query = names_query(names)
    if not query:
        return Mentions([])
    articles = articles or Articles(library)
    try:
        with lock or nullcontext(), Searcher(library) as searcher:
            results = searcher.search(query, limit=LIMIT, kinds=["text"])
    except ReaderError as err:
        return Mentions([], error=err.message)
    out: list[SearchHit] = []
    more = 0
    for hit in results.hits:
        each, left = paragraph_hits(articles.get(hit.text), hit, names, exact=True)
        more += left
        out += [h for h in each if skip is None or (h.text, h.paragraph) != skip]
    return Mentions(out, more)
