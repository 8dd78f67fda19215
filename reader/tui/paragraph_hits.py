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
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.library import Library

if TYPE_CHECKING:
    from reader.core.model import Article
    from reader.core.search import SearchHit

MAX_PARAGRAPHS = 60
"""At most this many paragraphs of one text are listed (the rest are counted)."""
CACHED = 8


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


class Articles:
    """Parsed texts for the hit lists, kept while their files are unchanged (thread-safe)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[tuple[int, int], Article]] = OrderedDict()

    def get(self, text: str) -> Article | None:
        """The parsed text, or None if it is gone or does not parse."""
        from reader.core.parse import parse_file

        try:
            path = self.library.find_text(text)
            stat = path.stat()
        except (ReaderError, OSError):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None and cached[0] == stamp:
                self._cache.move_to_end(text)
                return cached[1]
        try:
            article = parse_file(path)
        except ReaderError:
            return None
        with self._lock:
            self._cache[text] = (stamp, article)
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return article


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
