"""Full-text search over the library: texts, the user's notes, the glossary.

- :func:`sync` keeps ``<library>/index/`` in step with the texts (call it at
  every start; it is quick when nothing changed) and returns a
  :class:`SyncReport`;
- :class:`Searcher` answers queries with :class:`SearchResults` of
  :class:`SearchHit` (paragraph, heading, snippet pieces); :meth:`Searcher.paragraphs`
  answers with the paragraphs people read, which :func:`group_hits` groups
  under their text and heading for the CLI and the app alike;
- :func:`catalog` lists the texts (:class:`TextInfo`) from the index.
"""

from __future__ import annotations

from reader.core.search.catalog import TextInfo, catalog
from reader.core.search.merge import tidy
from reader.core.search.query import Searcher
from reader.core.search.results import (
    Group,
    SearchHit,
    SearchResults,
    Section,
    count_line,
    group_hits,
)
from reader.core.search.schema import KINDS, SCHEMA_VERSION
from reader.core.search.sync import ProgressFn, SyncReport, sync

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "Group",
    "SearchHit",
    "Section",
    "count_line",
    "group_hits",
    "ProgressFn",
    "SearchResults",
    "Searcher",
    "SyncReport",
    "TextInfo",
    "catalog",
    "sync",
    "tidy",
]
