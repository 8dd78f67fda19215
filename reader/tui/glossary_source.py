"""The glossary pane's entries, from :mod:`reader.core.glossary`.

For each opened article the library's glossary (the user's entries, the
text's front matter, ours) is loaded and the article annotated once; per
paragraph, :func:`reader.core.glossary.pane_items` gives the entries it
mentions and the gloss notes it cites, turned here into pane lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.content import Content

from reader.core.errors import ReaderError
from reader.core.glossary import Entry, Glossary, PaneItem, annotate, load_glossary, pane_items
from reader.core.library import Library
from reader.core.model import Article
from reader.tui.pane_data import LABEL, GlossItem

NAME = "bold $accent"
MUTED = "$text-muted"
FLAG = "italic $warning"


def item_content(item: PaneItem) -> Content:
    """One pane line: name, kind and dates, then the summary (plain text)."""
    if item.kind == "note":
        return Content.assemble((f"[{item.label}] ", LABEL), " ".join(item.summary.split()))
    head: list[str | tuple[str, str]] = [(item.name, NAME)]
    details = " · ".join(x for x in (item.kind, item.dates) if x)
    if details:
        head.append((f"  {details}", MUTED))
    if item.ambiguous:
        head.append(("  (or another entry of that name)", FLAG))
    return Content.assemble(*head, "\n", " ".join(item.summary.split()))


def entry_content(entry: Entry) -> Content:
    """The whole entry, for the entry dialog."""
    parts: list[str | tuple[str, str]] = [(entry.name, NAME)]
    details = " · ".join(x for x in (entry.kind, entry.dates) if x)
    if details:
        parts.append((f"  {details}", MUTED))
    parts += ["\n\n", entry.summary.strip()]
    if entry.aliases:
        parts += ["\n\n", ("also: ", MUTED), ", ".join(entry.aliases)]
    if entry.see_also:
        parts += ["\n", ("see also: ", MUTED), ", ".join(entry.see_also)]
    for link in entry.links:
        parts += ["\n", ("↗ ", MUTED), (link, "underline")]
    source = {"user": "your glossary", "text": "this text", "bundled": "reader's glossary"}
    parts += ["\n\n", (f"from {source.get(entry.source, entry.source)}", MUTED)]
    return Content.assemble(*parts)


@dataclass
class ArticleGlossary:
    """The glossary as it applies to one article."""

    article: Article
    glossary: Glossary
    problems: list[ReaderError] = field(default_factory=list)

    def __post_init__(self) -> None:
        annotate(self.article, self.glossary)

    def items(self, article: Article, paragraph: int) -> Sequence[GlossItem]:
        return [
            GlossItem(
                key=f"note:{item.label}" if item.kind == "note" else f"entry:{item.name}",
                prompt=item_content(item),
                detail=entry_content(item.entry) if item.entry is not None else None,
            )
            for item in pane_items(article, paragraph, self.glossary)
        ]


def glossary_for(library: Library, article: Article) -> ArticleGlossary:
    """Load the glossary for ``article`` (bad files become ``problems``, never a crash)."""
    glossary, problems = load_glossary(library, article)
    return ArticleGlossary(article, glossary, problems)
