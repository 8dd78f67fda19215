"""A passage with its citation, ready to paste: plain, Markdown, or a BibTeX
``\\cite`` key: the text's own key (its author, year and first title word),
which ``reader export --format bibtex TEXT`` gives the text's own entry, so a
pasted key always has an entry to point to."""

from __future__ import annotations

import re
from typing import Literal

from reader.core.model import Article
from reader.core.sources.grouping import citation_key
from reader.core.sources.model import Citation, Name, Work

QuoteFormat = Literal["plain", "markdown", "bibtex"]
FORMATS: tuple[QuoteFormat, ...] = ("plain", "markdown", "bibtex")


def text_key(article: Article) -> str:
    """The text's citation key: ``quill2020harbour``."""
    meta = article.meta
    key = citation_key(meta.author, meta.date, meta.title)
    return key or re.sub(r"[^a-z0-9]", "", article.id.lower()) or "text"


def text_work(article: Article) -> Work:
    """The text itself as a work to export, under :func:`text_key`: a piece
    from a publication is an article in it, anything else a book."""
    meta = article.meta
    names = tuple(_name(a) for a in re.split(r"\s*(?:,|\band\b|&)\s*", meta.author or "") if a)
    if meta.author and meta.author == meta.publication:  # a publication's own pieces
        names = (Name(meta.author, meta.author),)  # an organisation, kept whole
    years = re.findall(r"\d{4}", meta.date or "")[:1]
    citation = Citation(
        kind="article" if meta.publication else "book",
        authors=names,
        title=meta.title,
        container=meta.publication,
        year=int(years[0]) if years else None,
        url=meta.source,
    )
    return Work(text_key(article), citation)


def _name(literal: str) -> Name:
    # split as text_key reads it: the last word is the family name
    given, _, family = literal.rpartition(" ")
    return Name(literal, family, given or None)


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
