"""The user's notes on the paragraph under the cursor, and where they fall in
its text (the marks the article view underlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.model import Article
from reader.tui.wrapping import Span

if TYPE_CHECKING:
    from reader.core.notes import Annotation


def marks_by_paragraph(article: Article, notes: list[Annotation]) -> dict[int, list[Span]]:
    """The anchored notes as ``(start, end)`` spans in each paragraph's text."""
    out: dict[int, list[Span]] = {}
    paragraphs = article.paragraphs
    for note in notes:
        if note.is_orphan:
            continue
        index = article.paragraph_at(note.start)
        while index < len(paragraphs) and paragraphs[index].start < note.end:
            p = paragraphs[index]
            start, end = max(note.start, p.start) - p.start, min(note.end, p.end) - p.start
            if end > start:
                out.setdefault(index, []).append((start, end))
            index += 1
    return out


class NotesPane(OptionList):
    """The user's notes on the current paragraph."""

    BORDER_TITLE = "Your notes"
    BORDER_SUBTITLE = "E edit · x delete · u undo"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: list[Annotation] = []

    def show(self, notes: list[Annotation], hint: str) -> None:
        if notes == self.notes and self.option_count:
            return
        self.notes = notes
        self.clear_options()
        if not notes:
            self.add_option(Option(Content.styled(hint, "$text-muted"), disabled=True))
            return
        options: list[Option | None] = []
        for note in notes:
            if options:
                options.append(None)
            parts: list[str | tuple[str, str]] = [(_short(note.quote.exact), "italic $text-muted")]
            if note.status == "changed":
                parts += [
                    "\n",
                    ("changed", "bold $warning"),
                    f" now reads {_short(note.passage.exact)}",
                ]
            elif note.status == "conflict":
                parts += ["\n", ("conflict", "bold $warning"), " another version of a note"]
            if note.note:
                parts += ["\n", note.note]
            if note.tags:
                parts += ["\n", (" ".join(f"#{t}" for t in note.tags), "$text-accent")]
            options.append(Option(Content.assemble(*parts)))
        self.add_options(options)


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return f"“{flat}”" if len(flat) <= width else f"“{flat[: width - 1].rsplit(' ', 1)[0]} …”"
