"""The glossary: who and what a text names, found in every paragraph.

- :mod:`.entries` — :class:`Entry` and :class:`Glossary`.
- :mod:`.load` — reading the three glossary sources, writing the user's.
- :mod:`.match` — the compiled :class:`Matcher` (folding in :mod:`.fold`).
- :mod:`.annotate` — mentions for a whole article, the pane's items,
  suggestions for new entries, documents for the search index.
"""

from reader.core.glossary.annotate import (
    PaneItem,
    Suggestion,
    annotate,
    glossary_documents,
    note_mentions,
    pane_items,
    suggest,
)
from reader.core.glossary.entries import KINDS, Entry, Glossary
from reader.core.glossary.load import load_glossary, new_entry
from reader.core.glossary.match import GlossaryMatch, Matcher, Resolver

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
