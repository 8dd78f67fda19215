"""A passage with its citation, ready to paste: plain, Markdown, or a BibTeX
``\\cite`` key (the text's own key, as ``reader export --format bibtex``
would name a work by its author, year and first title word)."""

from __future__ import annotations

import re
from typing import Literal

from reader.core.model import Article
from reader.core.sources.grouping import citation_key

QuoteFormat = Literal["plain", "markdown", "bibtex"]
FORMATS: tuple[QuoteFormat, ...] = ("plain", "markdown", "bibtex")


def text_key(article: Article) -> str:
    """The text's citation key: ``quill2020harbour``."""
    meta = article.meta
    key = citation_key(meta.author, meta.date, meta.title)
    return key or re.sub(r"[^a-z0-9]", "", article.id.lower()) or "text"


def _where(article: Article, paragraph: int) -> list[str]:
    parts = []
    heading = article.heading_for(paragraph)
    if heading is not None and heading.paragraph != paragraph:
        parts.append(f"§ {heading.text}")
    parts.append(f"¶{paragraph + 1}")
    return parts


def quotation(article: Article, paragraph: int, passage: str, fmt: QuoteFormat) -> str:
    """``passage`` (from ``paragraph`` of ``article``) with author, title, date,
    section, paragraph and source, in ``fmt``."""
    passage = " ".join(passage.split())
    meta = article.meta
    where = ", ".join(_where(article, paragraph))
    if fmt == "bibtex":
        return f"“{passage}” \\cite[{where}]{{{text_key(article)}}}"
    title = f"*{meta.title}*" if fmt == "markdown" else meta.title
    head = ", ".join(p for p in (meta.author, title) if p)
    if meta.date:
        head += f" ({meta.date})"
    tail = f", {where}"
    if meta.source:
        tail += f", <{meta.source}>" if fmt == "markdown" else f", {meta.source}"
    if fmt == "markdown":
        return f"> {passage}\n>\n> — {head}{tail}\n"
    return f"“{passage}” — {head}{tail}"
