"""The search index's shape: one whoosh document per article, note or glossary entry.

A text is one document whose ``content`` is :attr:`Article.plain_text` followed
by its notes' texts (each after a blank line), indexed
with character offsets (``chars=True``) so snippets are cut straight from the
postings, without re-tokenizing. The plain text itself sits in a column
(``body``), compressed in chunks so that a snippet decompresses only the part
it shows (:mod:`reader.core.search.body`), apart from the small stored
``meta`` dict, so reading the library catalogue never loads article bodies. ``meta`` also holds the
article's *outline* — each paragraph's start offset and heading, each note's
start offset, label and citing paragraph — so a hit's offset maps to a
paragraph (or a note and the paragraph citing it) by bisection, with no
parsing at query time.

Bump :data:`SCHEMA_VERSION` whenever the fields, the analyzer or ``meta``
change shape, or the index folder gains a file an older version does not
write (6: the table of word pairs, :mod:`reader.core.search.pairs`): every
index built by an older version is then rebuilt.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from typing import Final

from whoosh import columns, fields

from reader.core.search.analysis import analyzer

SCHEMA_VERSION: Final = 6

KINDS: Final = ("text", "note", "glossary")

# Fields a query's plain words look in. ``author:``, ``date:2011`` (which holds
# ``2011``, ``2011-05`` and ``2011-05-25``) and ``tags:`` are there to be named:
# every default field is looked up for every word of every query, so a third
# one would make every common word a third again as slow.
QUERY_FIELDS: Final = ("title", "content")


def build_schema() -> fields.Schema:
    words = analyzer()
    return fields.Schema(
        key=fields.ID(unique=True),
        kind=fields.ID(),
        text=fields.ID(),
        title=fields.TEXT(analyzer=words, field_boost=2.0),
        author=fields.TEXT(analyzer=words),
        date=fields.KEYWORD(),
        tags=fields.KEYWORD(lowercase=True, commas=True),
        # "Did you mean" picks from these (stemmed) terms and shows the word as
        # the text spells it; whoosh's spelling=True would double the indexing
        # and make fuzzy~ queries expand to unstemmed words that match nothing.
        content=fields.TEXT(analyzer=words, chars=True),
        # Compressed in chunks (reader.core.search.body): a snippet reads one.
        body=fields.COLUMN(columns.VarBytesColumn()),
        # A text's works, packed (reader.core.sources.store): `reader sources`
        # reads them without parsing any text, and without loading them with
        # the stored fields every search reads.
        sources=fields.COLUMN(columns.VarBytesColumn()),
        # The works a text cites (authors' family names, titles): `cites:Name`.
        cites=fields.TEXT(analyzer=words),
        meta=fields.STORED(),
    )


def date_terms(iso: str | None) -> str:
    """``"2011-05-25"`` → ``"2011 2011-05 2011-05-25"`` for the ``date`` field."""
    if not iso:
        return ""
    parts = iso.split("-")
    return " ".join("-".join(parts[: i + 1]) for i in range(len(parts)))
