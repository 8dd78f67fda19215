"""The reading screen's top line: title, author, date, section, the find's hits
and how far into the text the cursor is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.core.model import Article


class TopBar(Static):
    """Title, author and reading progress (plain text, never markup)."""

    def show(
        self, article: Article, paragraph: int, *, width: int, hits: int, current: int | None
    ) -> None:
        """The bar for the cursor at ``paragraph``, ``width`` cells wide; ``current``
        is the find's hit the cursor is on, of ``hits``."""
        meta = article.meta
        count = len(article.paragraphs)
        percent = 100 if count <= 1 else round(100 * paragraph / (count - 1))
        left: list[str | tuple[str, str]] = [(meta.title, "bold")]
        if meta.author:
            left += [("  ·  ", "$text-muted"), meta.author]
        if meta.date:
            left += [("  ·  ", "$text-muted"), meta.date]
        heading = article.heading_for(paragraph)
        width = max(10, width - 2)
        right_content = Content.styled(f"{percent:3d}%", "bold $accent")
        if hits and current is not None:  # where n and N are, among the find's hits
            right_content = Content.assemble(
                (f"{current + 1} of {hits}", "$text-warning"), "  ", right_content
            )
        if heading is not None:
            # The section and the % always show: the section takes at most half
            # the bar (cut with an ellipsis), the title what is left.
            section = Content(heading.text)
            room = max(1, width // 2 - right_content.cell_length - 4)
            if section.cell_length > room:
                section = section.truncate(room, ellipsis=True)
            right_content = Content.assemble(("§ ", "$text-muted"), section, "  ", right_content)
        left_content = Content.assemble(*left)
        room = width - right_content.cell_length - 2
        if left_content.cell_length > room:
            left_content = left_content.truncate(max(1, room), ellipsis=True)
        gap = max(1, width - left_content.cell_length - right_content.cell_length)
        self.update(Content.assemble(left_content, " " * gap, right_content))
