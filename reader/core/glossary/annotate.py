"""A glossary applied to an article: mentions, the pane, search documents."""

from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reader.core.footnotes import URL_RE
from reader.core.glossary.book import Glossary
from reader.core.glossary.entries import Entry
from reader.core.glossary.fold import key
from reader.core.glossary.match import Resolver
from reader.core.model import Article, Mention

#: Mentions found in each note's text, by note label.
NoteMentions = dict[str, list[Mention]]

# The glossary each article was last annotated with, and its notes' mentions.
_ANNOTATED: weakref.WeakKeyDictionary[Article, tuple[Glossary, NoteMentions]] = (
    weakref.WeakKeyDictionary()
)


def annotate(article: Article, glossary: Glossary) -> NoteMentions:
    """Fill ``paragraph.mentions`` for every block of ``article`` (headings too)
    and return the mentions in each note's text, by note label.

    The body is read in document order, then the notes, with one
    :class:`~reader.core.glossary.match.Resolver`: a bare surname two entries
    share goes to whichever was named in full most recently, across
    paragraphs.
    """
    matcher = glossary.matcher
    resolver = Resolver(fit=_fit(glossary, article))
    paragraphs = article.paragraphs
    for p in paragraphs:
        p.mentions = []
    if paragraphs:
        text = article.plain_text
        p = paragraphs[0]
        urls = _url_spans(text)
        for entry, start, end in resolver.resolve_spans(matcher.scan(text)):
            if urls and _inside(urls, start):
                continue  # "links.org.au" in a URL names no one
            if not p.start <= start < p.end:
                p = paragraphs[article.paragraph_at(start)]
            if end <= p.end:
                p.mentions.append(Mention(entry, start - p.start, end - p.start))
    notes: NoteMentions = {}
    for note in article.notes:
        found = resolver.resolve(matcher.scan(note.text))
        urls = _url_spans(note.text)
        notes[note.label] = [m for m in found if not _inside(urls, m.start)] if urls else found
    _ANNOTATED[article] = (glossary, notes)
    return notes


_YEARS = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
# How many years after an entry's period a text may still speak of it as current.
_AFTERLIFE = 40


def _fit(glossary: Glossary, article: Article) -> Callable[[str, Mapping[str, int]], float]:
    """How well an entry fits this article, for names several entries share:
    its period against the article's date, and its related entries already
    named ("National Guard" in a 2014 article naming the Donbas is Ukraine's)."""
    year = int(article.meta.date[:4]) if article.meta.date else None

    def fit(name: str, named: Mapping[str, int]) -> float:
        entry = glossary.get(name)
        if entry is None:
            return 0.0
        score = float(sum(1 for other in entry.see_also if other in named))
        years = [int(y) for y in _YEARS.findall(entry.dates)]
        if year is not None and years:
            if min(years) - 10 <= year <= max(years) + _AFTERLIFE:
                score += 1
            else:
                score -= 2  # a text written long after the entry's time
        return score

    return fit


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text:
        return []
    return [m.span() for m in URL_RE.finditer(text)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    at = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def note_mentions(article: Article, glossary: Glossary) -> NoteMentions:
    """The notes' mentions (annotating the article first if it has not been)."""
    done = _ANNOTATED.get(article)
    if done is not None and done[0] is glossary:
        return done[1]
    return annotate(article, glossary)


@dataclass(frozen=True, slots=True)
class PaneItem:
    """One line of the glossary pane.

    For an entry: its ``name``, ``kind``, ``dates`` and ``summary``
    (``ambiguous`` when the paragraph's name could be another entry too). For
    a gloss note cited in the paragraph: ``kind`` is ``"note"``, ``name`` is
    ``"Note 19"``, ``label`` is ``"19"`` and ``summary`` is the note's text.
    """

    name: str
    kind: str
    dates: str
    summary: str
    label: str | None = None
    entry: Entry | None = None
    ambiguous: bool = False


def pane_items(article: Article, paragraph_index: int, glossary: Glossary) -> list[PaneItem]:
    """What the glossary pane shows for one paragraph: the entries it mentions
    (first mention first, each once), then the gloss notes it cites."""
    note_mentions(article, glossary)
    if not 0 <= paragraph_index < len(article.paragraphs):
        return []
    paragraph = article.paragraphs[paragraph_index]
    spans: Counter[tuple[int, int]] = Counter((m.start, m.end) for m in paragraph.mentions)
    items: list[PaneItem] = []
    seen: set[str] = set()
    for m in paragraph.mentions:
        if m.entry in seen:
            continue
        entry = glossary.get(m.entry)
        if entry is None:
            continue
        seen.add(m.entry)
        items.append(
            PaneItem(
                name=entry.name,
                kind=entry.kind,
                dates=entry.dates,
                summary=entry.summary,
                entry=entry,
                ambiguous=spans[(m.start, m.end)] > 1,
            )
        )
    cited: set[int] = set()
    for ref in paragraph.refs:
        note = article.note_of(ref)  # labels repeat across chapters: the marker knows which
        if note is None or note.kind != "gloss" or note.index in cited:
            continue
        cited.add(note.index)
        items.append(
            PaneItem(
                name=f"Note {note.label}",
                kind="note",
                dates="",
                summary=note.text,
                label=note.label,
            )
        )
    return items


# -- search ----------------------------------------------------------------------------


def glossary_documents(glossary: Glossary) -> list[dict[str, str]]:
    """One flat document per entry, for the search index (stable keys)."""
    return [
        {
            "name": e.name,
            "kind": e.kind,
            "aliases": "; ".join(e.aliases),
            "dates": e.dates,
            "summary": e.summary,
            "see_also": "; ".join(e.see_also),
            "source": e.source,
            "key": key(e.name),
        }
        for e in glossary
    ]
