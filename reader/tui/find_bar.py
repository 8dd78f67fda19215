"""Finding in the open text: the ``/`` bar, and the hits it and a search mark."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding

from reader.core.inline import Shown
from reader.core.model import Article
from reader.tui.article_view import Hit
from reader.tui.inputs import ReaderInput
from reader.tui.paragraph_hits import terms_pattern


def find_hits(article: Article, query: str) -> list[Hit]:
    """Every case-insensitive occurrence of ``query`` in the article's paragraphs."""
    query = query.strip()
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits: list[Hit] = []
    for p in article.paragraphs:
        if not p.hidden:
            hits.extend(Hit(p.index, m.start(), m.end()) for m in pattern.finditer(p.text))
            continue
        shown = Shown(p.text, p.hidden)  # found as drawn: "general strike" in "*general* strike"
        for m in pattern.finditer(shown.text):
            hits.append(Hit(p.index, *shown.source_span(m.start(), m.end())))
    return hits


def term_hits(article: Article, terms: Sequence[str]) -> list[Hit]:
    """Occurrences of search ``terms`` (whole words, any ending: 'revolution' finds
    'revolutions'), found as the search screen finds them (:func:`terms_pattern`)."""
    pattern = terms_pattern(terms)
    if pattern is None:
        return []
    return [
        Hit(p.index, m.start(), m.end())
        for p in article.paragraphs
        for m in pattern.finditer(p.text)
    ]


class FindBar(ReaderInput):
    """``/``: find in the text; hits show as you type, enter goes to the next one."""

    # Input declares BINDINGS as list[BindingType]; this narrower list is one of those.
    # Escape is the screen's to handle (it closes the bar and gives the text the
    # focus back), called at once rather than by a message, so that a key typed
    # right after it already goes to the text.
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "screen.close_find", "close", show=False),
    ]
    SELECT_ON_FOCUS = True  # `/` again: typing replaces the last search
