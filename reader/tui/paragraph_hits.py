"""A text's search hit spread over every paragraph that matched.

The index answers with one hit per text: its best snippet and the numbers of
all the paragraphs holding a match (:attr:`reader.core.search.SearchHit.paragraphs`).
The search screen and the glossary's "mentioned in" list show each of those
paragraphs with its heading and its own snippet; the snippets are cut here
from the parsed text with :func:`reader.core.search.snippets.place`, the
matches found again as whole words (any ending, as the index's stemming does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.model import Article
    from reader.core.search import SearchHit

MAX_PARAGRAPHS = 60
"""At most this many paragraphs of one text are listed (the rest are counted)."""


def terms_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words or phrases, any ending, any case; None for no terms."""
    words = [w for w in (" ".join(t.strip('"*~').split()) for t in terms) if w]
    if not words:
        return None
    alternatives = "|".join(
        r"\W+".join(re.escape(part) for part in w.split(" "))
        for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def paragraph_hits(
    article: Article | None,
    hit: SearchHit,
    terms: Sequence[str],
    *,
    limit: int = MAX_PARAGRAPHS,
    exact: bool = False,
) -> tuple[list[SearchHit], int]:
    """One hit per matching paragraph of ``hit``'s text, in text order, each with
    its heading and snippet; and how many more paragraphs matched than are listed.

    The index names every paragraph holding any word of the query; with
    ``exact``, only the paragraphs where a term itself (a whole name, a whole
    phrase) is found are kept."""
    from reader.core.search.snippets import Span, place

    numbers = list(hit.paragraphs) or ([hit.paragraph] if hit.paragraph is not None else [])
    if article is None or not numbers:
        return [hit], 0
    pattern = terms_pattern(terms)
    if exact and pattern is not None:
        numbers = [
            n
            for n in numbers
            if 0 <= n < len(article.paragraphs) and pattern.search(article.paragraphs[n].text)
        ]
        if not numbers:
            return [], 0
    out: list[SearchHit] = []
    for number in numbers[:limit]:
        if not 0 <= number < len(article.paragraphs):
            continue
        text = article.paragraphs[number].text
        spans = (
            []
            if pattern is None
            else [Span(m.start(), m.end(), m.group().casefold()) for m in pattern.finditer(text)]
        )
        if not spans and number == hit.paragraph:
            out.append(hit)  # the index's own snippet (stemmed or fuzzy matches)
            continue
        heading = article.heading_for(number)
        out.append(
            hit._replace(
                paragraph=number,
                heading=heading.text if heading is not None else None,
                snippet=place(text, [0], spans).pieces,
            )
        )
    return out or [hit], max(0, len(numbers) - limit)
