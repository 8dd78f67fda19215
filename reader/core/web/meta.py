"""Title, author, date, publication and URL of a saved page.

Read, in order of trust: the page's ``<meta>`` tags (Open Graph, Dublin
Core, the ``citation_*`` tags journals use), its JSON-LD, the canonical
link (or the "saved from" comment browsers write), then the page itself
(``<h1>``, ``<time>``, a ``rel="author"`` link, the ``<title>``). Dates come
out as ISO (``2019-05-03``, or ``1903-02`` when the page gives a month).
"""

from __future__ import annotations

import json
import re
from typing import Any

from reader.core.dates import MONTHS
from reader.core.parse import parse_date
from reader.core.web.dom import Element, text_of

_SAVED_FROM = re.compile(
    r"<!--\s*(?:saved from url=\(\d+\)|Page saved with SingleFile\s*\n?\s*url:)\s*(https?://\S+?)\s",
    re.IGNORECASE,
)
_ISO_START = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_INFO_LINE = re.compile(
    r"(?:^|\n)\s*(written|first published|published|date|delivered)\s*:\s*([^\n]+)",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·»]\s+|\s+-\s+|\s+::\s+")
_ARTICLE_TYPES = ("article", "posting", "report", "chapter", "book", "creativework", "webpage")


def metadata(root: Element, raw: str) -> dict[str, str]:
    """What the page says about itself; keys are our front matter's."""
    metas = _meta_tags(root)
    ld = _json_ld(root)
    page_title = text_of(root.find(".//title")) if root.find(".//title") is not None else ""
    h1 = _main_h1(root, page_title)

    found: dict[str, str] = {}
    title = _first(
        metas.get("og:title"),
        _ld_text(ld, "headline"),
        metas.get("citation_title"),
        metas.get("dc.title"),
        metas.get("twitter:title"),
        h1,
        _title_part(page_title, 0),
    )
    if title:
        found["title"] = title
    author = _first(
        _joined(metas.get_all("citation_author")),
        _ld_people(ld.get("author")),
        metas.get("author"),
        _not_url(metas.get("article:author")),
        metas.get("dc.creator"),
        _rel_author(root),
        _author_from_title(page_title, h1),
    )
    if author:
        found["author"] = author
    date = _first(
        *(
            iso_date(value)
            for value in (
                metas.get("article:published_time"),
                metas.get("citation_publication_date"),
                metas.get("citation_date"),
                metas.get("dc.date"),
                metas.get("date"),
                _ld_text(ld, "datePublished"),
                _ld_text(ld, "dateCreated"),
                _time(root),
                _info(root, ("written", "first published", "published", "date", "delivered")),
            )
        )
    )
    if date:
        found["date"] = date
    publication = _first(
        metas.get("og:site_name"),
        metas.get("citation_journal_title"),
        _ld_name(ld.get("isPartOf")),
        _ld_name(ld.get("publisher")),
        metas.get("dc.publisher"),
        _first_published(root),
        _title_part(page_title, -1) if title and page_title != title else None,
    )
    if publication and publication != found.get("title"):
        found["publication"] = publication
    url = _first(
        _http(_canonical(root)),
        _http(metas.get("og:url")),
        _http(_ld_text(ld, "url")),
        _saved_from(raw),
    )
    if url:
        found["source"] = url
    return found


def iso_date(value: str | None) -> str | None:
    """``2019-05-03T09:30+01:00`` → ``2019-05-03``; ``February 1903`` → ``1903-02``."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO_START.match(value):
        return parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    if found := parse_date(value):
        return found
    if (m := _MONTH_YEAR.match(value)) and m.group(1).lower() in MONTHS:
        return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    if m := _YEAR.match(value):
        return m.group(1)
    return None


class _Metas:
    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}

    def add(self, key: str, value: str) -> None:
        self.values.setdefault(key.lower(), []).append(value.strip())

    def get(self, key: str) -> str | None:
        values = self.values.get(key)
        return values[0] if values else None

    def get_all(self, key: str) -> list[str]:
        return self.values.get(key, [])


def _meta_tags(root: Element) -> _Metas:
    metas = _Metas()
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        value = meta.get("content")
        if key and value and value.strip():
            metas.add(key, value)
    return metas


def _json_ld(root: Element) -> dict[str, Any]:
    """The page's main JSON-LD object (an article, if it names one)."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    for item in found:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower().endswith(_ARTICLE_TYPES) for k in kinds):
            return item
    return found[0] if found else {}


def _ld_text(ld: dict[str, Any], key: str) -> str | None:
    value = ld.get(key)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_people(value: object) -> str | None:
    people = value if isinstance(value, list) else [value]
    names = [name for name in (_ld_name(p) for p in people) if name]
    return _joined(names)


def _joined(names: list[str]) -> str | None:
    names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return re.sub(r"\s+", " ", value).strip()
    return None


def _not_url(value: str | None) -> str | None:
    return None if value is None or value.startswith(("http://", "https://")) else value


def _http(value: str | None) -> str | None:
    return value.strip() if value and value.strip().startswith(("http://", "https://")) else None


def _canonical(root: Element) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return str(link.get("href") or "") or None
    return None


def _saved_from(raw: str) -> str | None:
    match = _SAVED_FROM.search(raw[:8192])
    return match.group(1) if match else None


def _rel_author(root: Element) -> str | None:
    for el in root.iter("a", "span"):
        if "author" in (el.get("rel") or "").split() or el.get("itemprop") == "author":
            text = text_of(el)
            if 0 < len(text) <= 80:
                return text
    return None


def _time(root: Element) -> str | None:
    times = list(root.iter("time"))
    for t in times:
        if t.get("itemprop") == "datePublished" or "published" in (t.get("class") or ""):
            return str(t.get("datetime") or text_of(t))
    return str(times[0].get("datetime") or text_of(times[0])) if times else None


def _info(root: Element, keys: tuple[str, ...]) -> str | None:
    """A date from an archive's information block ("Written: February 1903")."""
    for p in root.iter("p", "div"):
        if len(p.text_content()) > 800:
            continue
        lines = "\n".join(
            part.strip() for part in "\n".join(p.itertext()).split("\n") if part.strip()
        )
        joined = re.sub(r":\s*\n", ": ", lines)
        for match in _INFO_LINE.finditer(joined):
            if match.group(1).lower() in keys:
                value = match.group(2).strip().rstrip(".")
                if iso_date(value):
                    return value
    return None


def _first_published(root: Element) -> str | None:
    """The journal an archive's information block names ("First Published: X, No. 12")."""
    for p in root.iter("p", "div"):
        if len(p.text_content()) > 800 or "published" not in p.text_content().lower():
            continue
        joined = re.sub(r":\s*\n\s*", ": ", "".join(p.itertext()))
        match = re.search(r"first published\s*:\s*([^\n,;]+)", joined, re.IGNORECASE)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def _main_h1(root: Element, page_title: str) -> str | None:
    """The article's ``<h1>``: the one the ``<title>`` starts with or repeats, else the first
    inside ``<article>``/``<main>``, else the first (site names are h1s too)."""
    headings = [(h, text_of(h)) for h in root.iter("h1") if text_of(h)]
    if not headings:
        return None
    first_part = (_title_part(page_title, 0) or "").casefold()
    for _, text in headings:
        if text.casefold() == first_part:  # "Article - Site": the article's part
            return text
    for _, text in headings:
        if text.casefold() in page_title.casefold():
            return text
    for h, text in headings:
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return text
    return headings[0][1]


def _title_part(title: str, which: int) -> str | None:
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if not parts or (which != 0 and len(parts) < 2):
        return None
    return parts[which]


def _author_from_title(page_title: str, h1: str | None) -> str | None:
    """Archive pages title themselves "Author: Work (year)"."""
    if not h1 or ":" not in page_title:
        return None
    name, _, rest = page_title.partition(":")
    if h1.casefold() in rest.casefold() and 0 < len(name.split()) <= 5:
        return name.strip()
    return None
