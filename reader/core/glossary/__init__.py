"""The glossary: who and what a text names, found in every paragraph.

- :mod:`.entries` — :class:`Entry`.
- :mod:`.load` — reading glossary files into entries, writing the user's.
- :mod:`.forms` and :mod:`.match` — the forms of each name and the compiled
  :class:`Matcher` (folding in :mod:`.fold`).
- :mod:`.book` — :class:`Glossary` (entries by name, the matcher, the user's
  additions) and :func:`load_glossary`.
- :mod:`.annotate` — mentions for a whole article, the pane's items,
  documents for the search index; :mod:`.suggest` — names that have no entry.

Each module imports only those listed above it (an import-linter contract).
"""

from reader.core.glossary.annotate import (
    PaneItem,
    annotate,
    glossary_documents,
    note_mentions,
    pane_items,
)
from reader.core.glossary.book import Glossary, load_glossary
from reader.core.glossary.entries import KINDS, Entry
from reader.core.glossary.load import new_entry
from reader.core.glossary.match import GlossaryMatch, Matcher, Resolver
from reader.core.glossary.suggest import Suggestion, suggest

__all__ = [
    "KINDS",
    "Entry",
    "Glossary",
    "GlossaryMatch",
    "Matcher",
    "PaneItem",
    "Resolver",
    "Suggestion",
    "annotate",
    "glossary_documents",
    "load_glossary",
    "new_entry",
    "note_mentions",
    "pane_items",
    "suggest",
]
