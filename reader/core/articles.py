"""A library's texts as parsed articles: one cache for the app, and a provisional
title that stays put.

A text with no title of its own is named by its first words
(:attr:`reader.core.model.Metadata.title_provisional`). Named afresh at every
parse, that name would change whenever the user inserted a paragraph above:
the library's row, the search results and the exports would all rename the
text. So the first name a text is given is remembered in the app state
(:func:`reader.core.state.remember_titles`) and used for as long as the
paragraph it came from is still in the text; a text that no longer holds that
paragraph (rewritten, or replaced under the same file name) is named again.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.library import Library, text_id
from reader.core.state import load_titles, remember_titles

if TYPE_CHECKING:
    from reader.core.model import Article

CACHED = 8
"""Parsed texts kept: the open one, the ones a back stack returns to, and the
ones whose paragraphs a search is listing."""


def read_article(library: Library, path: Path, *, text_id: str | None = None) -> Article:
    """Parse ``path`` (a text of ``library``), with its remembered provisional title."""
    from reader.core.parse import parse_file  # the parser loads only when a text is read

    article = parse_file(path, text_id=text_id)
    settle_titles(library, [article])
    return article


def settle_titles(library: Library, articles: Iterable[Article]) -> None:
    """Give each article with a provisional title the one it was first given
    (while its paragraph is still there), and remember the titles seen for the
    first time, in one write."""
    provisional = [a for a in articles if a.meta.title_provisional]
    if not provisional:
        return
    known = load_titles(library)
    new: dict[str, str] = {}
    for article in provisional:
        title = known.get(article.id)
        if title == article.meta.title:
            continue
        if title is not None and _still_holds(article, title):
            article.meta = replace(article.meta, title=title)
        else:
            new[article.id] = article.meta.title
    if new:
        # a library we cannot write to: its texts are named afresh each time
        with contextlib.suppress(ReaderError, OSError):
            remember_titles(library, new)


def _still_holds(article: Article, title: str) -> bool:
    """Whether a paragraph of ``article`` is still the one ``title`` was made from."""
    from reader.core.metadata import provisional_title

    return any(provisional_title([p]) == title for p in article.paragraphs)


class Articles:
    """Parsed texts of a library, kept while their files are unchanged (thread-safe:
    the search screen's workers and the app share one)."""

    def __init__(self, library: Library, size: int = CACHED) -> None:
        self.library = library
        self.size = size
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[tuple[int, int], Article]] = OrderedDict()

    def load(self, text: str) -> Article:
        """The parsed text ``text`` (an id or a file name); ReaderError when it is
        not in the library or does not parse."""
        path = self.library.find_text(text)
        try:
            stat = path.stat()
        except OSError as exc:
            raise ReaderError(f"cannot read the text ({exc.strerror})", path) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        key = str(path)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == stamp:
                self._cache.move_to_end(key)
                return cached[1]
        article = read_article(self.library, path, text_id=text_id(path))
        with self._lock:
            self._cache[key] = (stamp, article)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return article

    def get(self, text: str) -> Article | None:
        """The parsed text, or None if it is gone or does not parse."""
        try:
            return self.load(text)
        except ReaderError:
            return None
