"""The library's list of texts: one row per text, for ``reader list``.

This reads each text through the parser; the search index (which stores the
same fields) answers the app's library screen without parsing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from reader.core.errors import ReaderError
from reader.core.library import Library, text_id
from reader.core.model import Article
from reader.core.parse import parse_file


@dataclass(frozen=True)
class TextRow:
    id: str
    path: str
    title: str
    author: str | None = None
    date: str | None = None
    publication: str | None = None
    words: int = 0
    notes: int = 0
    missing: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def row_for(article: Article, path: str) -> TextRow:
    m = article.meta
    return TextRow(
        id=article.id,
        path=path,
        title=m.title,
        author=m.author,
        date=m.date,
        publication=m.publication,
        words=article.word_count,
        notes=len(article.notes),
        missing=len(article.missing_notes),
    )


def list_texts(library: Library) -> list[TextRow]:
    rows: list[TextRow] = []
    for path in library.text_files():
        try:
            article = parse_file(path)
        except ReaderError as err:
            rows.append(TextRow(id=text_id(path), path=str(path), title="", error=str(err)))
            continue
        rows.append(row_for(article, str(path)))
    return rows
