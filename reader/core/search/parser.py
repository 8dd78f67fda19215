"""Reading a query: whoosh's query language, with our prefix* and fuzzy~.

Words (all must match), ``"phrases"``, ``OR``, ``NOT``/``-``,
``title:``/``author:``/``date:2011``, ``prefix*`` and ``fuzzy~``. A query
that cannot be used raises a one-line :class:`ReaderError`.
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import re
from typing import Any

from whoosh.fields import TEXT
from whoosh.query.compound import And, Or
from whoosh.query.positional import Phrase
from whoosh.query.qcore import NullQuery, Query
from whoosh.query.terms import FuzzyTerm, Prefix, Term, Wildcard
from whoosh.query.wrappers import Not

from reader.core.errors import ReaderError
from reader.core.search.analysis import fold, indexed_form
from reader.core.search.schema import QUERY_FIELDS
from reader.core.search.terms import CappedFuzzyTerm, CappedPrefix

_ONLY_NOT = "{text!r} only excludes words; add a word to look for (e.g. 'commune NOT paris')"


class QueryReader:
    """Turns query text into whoosh queries for one schema."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema
        self._parser: Any = None

    def parse(self, text: str) -> Query:
        """The whoosh query for ``text``, or a one-line :class:`ReaderError`."""
        if not text.strip():
            raise ReaderError("the query is empty: give words to look for")
        try:
            plain = plain_words(self._schema, text)
            if plain is not None:
                return plain
            if self._parser is None:
                self._parser = whoosh_parser(self._schema)
            q: Query = self._parser.parse(text)
        except Exception as exc:  # whoosh raises many kinds on odd input
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise ReaderError(f"cannot read the query {text!r}: {reason}") from exc
        if q is NullQuery or isinstance(q, type(NullQuery)):
            if re.search(r"(^|\s)(NOT\s+|-)\w", text):
                raise ReaderError(_ONLY_NOT.format(text=text))
            raise ReaderError(
                f"nothing to search for in {text!r} (very common words like 'the' are ignored)"
            )
        _check(q, text)
        return q.accept(capped_terms)


def _check(q: Query, text: str) -> None:
    if isinstance(q, Not) or (
        isinstance(q, And | Or) and all(isinstance(s, Not) for s in q.subqueries)
    ):
        raise ReaderError(_ONLY_NOT.format(text=text))
    for leaf in leaves(q):
        if isinstance(leaf, Wildcard | Prefix) and not isinstance(leaf, FuzzyTerm):
            stem = leaf.text.split("*")[0].split("?")[0]
            if len(stem) < 2:
                raise ReaderError(
                    f"'{leaf.text}' starts too broadly: give at least two letters before * or ?"
                )


def leaves(q: Query) -> list[Query]:
    return [q] if q.is_leaf() else list(q.leaves())


def whoosh_parser(schema: Any) -> Any:
    """whoosh's MultifieldParser over :data:`QUERY_FIELDS`, with our prefix*
    (:func:`_prefix_query`) and without single quotes ("Lenin's 'party'").
    Loaded on demand: plain words never need it (:func:`plain_words`)."""
    from whoosh.qparser.default import QueryParser
    from whoosh.qparser.plugins import (
        FuzzyTermPlugin,
        MultifieldPlugin,
        PlusMinusPlugin,
        SingleQuotePlugin,
    )

    class Parser(QueryParser):
        def term_query(
            self,
            fieldname: str,
            text: str,
            termclass: Any,
            boost: float = 1.0,
            tokenize: bool = True,
            removestops: bool = True,
        ) -> Any:
            if termclass is Prefix:
                q = _prefix_query(self.schema, fieldname, text, boost)
                if q is not None:
                    return q
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)

    parser = Parser(None, schema)
    parser.add_plugin(MultifieldPlugin(list(QUERY_FIELDS)))
    parser.remove_plugin_class(SingleQuotePlugin)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(PlusMinusPlugin())
    return parser


def _prefix_query(schema: Any, fieldname: str, text: str, boost: float) -> Query | None:
    """A ``prefix*`` of words is not stemmed: whoosh would look for ``shes*``
    as ``she*`` ("sheep", "shelter") and for ``organizations*`` as
    ``organ*``. The prefix is only case- and accent-folded, and the word it
    spells is looked for as well."""
    if not schema or fieldname not in schema or not isinstance(schema[fieldname], TEXT):
        return None
    q = CappedPrefix(fieldname, fold(text), boost=boost)
    q.word = indexed_form(text)
    return q


# A query of plain words and "phrases" of them (letters and digits, no
# operator): most queries, answered without whoosh's parser (loading and building it is a
# good share of a cold ``reader search``). A test checks it builds what the
# parser does.
_WORD = re.compile(r"[^\W_]+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def plain_words(schema: Any, text: str) -> Query | None:
    """``text``'s query as whoosh's parser makes it, if it is plain words and
    "phrases" of plain words; else None."""
    spots = list(re.finditer(r'"([^"]*)"|[^\s"]+', text))
    if not spots or '"' in _QUOTED.sub("", text):
        return None  # an unclosed quote: the parser decides
    groups: list[Query] = []
    for m in spots:
        phrase = m.group(1)
        words = phrase.split() if phrase is not None else [m.group()]
        if not words or any(not _WORD.fullmatch(w) or w in _OPERATORS for w in words):
            return None
        terms: list[Query] = []
        for fieldname in QUERY_FIELDS:
            if phrase is not None and len(words) > 1:
                found_phrase = _phrase(schema[fieldname], fieldname, phrase, m.start(1))
                if found_phrase is None:
                    return None
                terms.append(found_phrase)
                continue
            found = list(schema[fieldname].process_text(words[0], mode="query"))
            if len(found) > 1:
                return None
            if found:
                term = Term(fieldname, found[0])
                # As whoosh's parser marks them ("did you mean" rewrites these).
                start = m.start() if phrase is None else m.start(1) + phrase.index(words[0])
                # whoosh declares these None-only; its own parser sets them the same way
                term.startchar = start  # type: ignore[assignment]
                term.endchar = start + len(words[0])  # type: ignore[assignment]
                terms.append(term)
        if terms:
            groups.append(Or(terms) if len(terms) > 1 else terms[0])
    if not groups:
        return None  # only stop words: the parser says so
    return And(groups) if len(groups) > 1 else groups[0]


_QUOTED = re.compile(r'"[^"]*"')


def _phrase(field: Any, fieldname: str, text: str, at: int) -> Query | None:
    """A phrase of two words or more, as whoosh's phrase plugin makes it."""
    words: list[str] = []
    char_ranges: list[tuple[int, int]] = []
    for t in field.tokenize(text, mode="query", chars=True):  # one token object, reused
        words.append(t.text)
        char_ranges.append((at + t.startchar, at + t.endchar))
    if len(words) < 2:
        return None
    return Phrase(fieldname, words, slop=1, boost=1.0, char_ranges=char_ranges)


def capped_terms(q: Query) -> Query:
    """``word~`` keeps its first letter (scanning every term is too slow);
    prefix* and fuzzy~ stand for their most frequent words only."""
    if type(q) is FuzzyTerm:
        return CappedFuzzyTerm(
            q.fieldname,
            q.text,
            boost=q.boost,
            maxdist=q.maxdist,
            prefixlength=max(1, q.prefixlength),
            constantscore=q.constantscore,
        )
    if type(q) is Prefix:
        return CappedPrefix(q.fieldname, q.text, boost=q.boost, constantscore=q.constantscore)
    return q
