"""The side panes that follow the paragraph cursor: footnotes and glossary.

A note or an entry may be longer than its pane (a book's note of twenty lines
beside a narrow drawer): the highlighted one is shown from its first line, and
the pane's keys read through it before they move to the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.pane_data import GlossItem, NoteItem


def _spaced(options: Iterable[Option]) -> list[Option | None]:
    """Options with a separator line between them."""
    out: list[Option | None] = []
    for option in options:
        if out:
            out.append(None)
        out.append(option)
    return out


class ReadingPane(OptionList):
    """An option list whose options may be taller than the pane. With the pane
    focused, ↓/↑ scroll a line through the highlighted option while some of it
    is out of view, page down/up a page, end/home to the ends of the pane; past
    the option's end they move to the next option as in any list."""

    def _span(self) -> tuple[int, int] | None:
        """The first line and the number of lines of the highlighted option."""
        highlighted = self.highlighted
        if highlighted is None:
            return None
        self._update_lines()
        top = self._index_to_line.get(highlighted)
        return None if top is None else (top, self._heights[highlighted])

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the highlighted option into view from its first line."""
        super().scroll_to_highlight(top=top or self._taller_than_pane())
        # drawing it may change the wrap width (a scrollbar comes or goes), and
        # so its lines: show it again once the pane is laid out
        self.call_after_refresh(self._reveal, top)

    def _reveal(self, top: bool) -> None:
        if self.is_mounted:
            super().scroll_to_highlight(top=top or self._taller_than_pane())

    def _taller_than_pane(self) -> bool:
        span = self._span()
        return span is not None and span[1] > self.scrollable_content_region.height

    def _below(self) -> int:
        """How many lines of the highlighted option are below the pane."""
        span = self._span()
        if span is None:
            return 0
        bottom = self.scroll_offset.y + self.scrollable_content_region.height
        return max(0, span[0] + span[1] - bottom)

    def _above(self) -> int:
        """How many lines of the highlighted option are above the pane."""
        span = self._span()
        return 0 if span is None else max(0, self.scroll_offset.y - span[0])

    def _scroll_by(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + lines, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        if self._below():
            self._scroll_by(1)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._above():
            self._scroll_by(-1)
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        below = self._below()
        if below:
            self._scroll_by(min(below, max(1, self.scrollable_content_region.height - 1)))
        else:
            super().action_page_down()  # type: ignore[no-untyped-call]  # untyped in Textual

    def action_page_up(self) -> None:
        above = self._above()
        if above:
            self._scroll_by(-min(above, max(1, self.scrollable_content_region.height - 1)))
        else:
            super().action_page_up()  # type: ignore[no-untyped-call]  # untyped in Textual

    def action_last(self) -> None:
        super().action_last()
        # after the highlight is revealed (from its first line): the very end
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True)

    def action_first(self) -> None:
        super().action_first()
        self.call_after_refresh(self.scroll_home, animate=False, immediate=True)


class FootnotesPane(ReadingPane):
    """Every note the current paragraph cites, resolved."""

    BORDER_TITLE = "Footnotes"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[NoteItem] = []

    def show(self, items: Sequence[NoteItem], paragraph_has_text: bool = True) -> None:
        """Show ``items`` (nothing highlighted until a note is followed)."""
        if list(items) == self.items and self.option_count:
            return
        self.items = list(items)
        self.clear_options()
        if self.items:
            self.add_options(
                _spaced(Option(item.prompt, id=f"note-{n}") for n, item in enumerate(self.items))
            )
        else:
            self.add_option(
                Option(Content.styled("no notes in this paragraph", "$text-muted"), disabled=True)
            )
        self.highlighted = None
        self.scroll_home(animate=False)

    def focus_note(self, index: int) -> NoteItem | None:
        """Highlight note ``index`` (wrapping) and scroll it into view."""
        if not self.items:
            return None
        index %= len(self.items)
        self.highlighted = index
        self.scroll_to_highlight()
        return self.items[index]

    @property
    def focused_item(self) -> NoteItem | None:
        if self.highlighted is None or not self.items or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted]


class GlossaryPane(ReadingPane):
    """The people and terms the current paragraph mentions: each on one line
    (its name, then the start of its summary), the highlighted one in full,
    their number in the title."""

    BORDER_TITLE = "Glossary"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[GlossItem] = []
        self._full: int | None = None
        self._width = 0

    def show(self, items: Sequence[GlossItem]) -> None:
        if list(items) == self.items and self.option_count:
            return
        self.items = list(items)
        self._full = None
        self.clear_options()
        if self.items:
            self._width = self._line_width()
            self.add_options(
                Option(self._line(item), id=f"gloss-{n}") for n, item in enumerate(self.items)
            )
        else:
            self.add_option(
                Option(Content.styled("nothing to explain here", "$text-muted"), disabled=True)
            )
        self.highlighted = None
        self._title()
        self.scroll_home(animate=False)

    def focus_entry(self, index: int) -> GlossItem | None:
        """Highlight entry ``index`` (wrapping), shown in full."""
        if not self.items:
            return None
        index %= len(self.items)
        self.highlighted = index
        self._expand(index)
        self.scroll_to_highlight()
        return self.items[index]

    def _line_width(self) -> int:
        width = self.scrollable_content_region.width
        return max(12, (width or 40) - 2)

    def _line(self, item: GlossItem) -> Content:
        """One line: the name (kind, dates), then as much of the summary as fits."""
        lines = item.prompt.split("\n")
        line = lines[0]
        if len(lines) > 1:
            line = Content.assemble(line, "  ", lines[1].stylize("$text-muted"))
        if line.cell_length > self._width:
            line = line.truncate(self._width, ellipsis=True)
        return line

    def _expand(self, index: int | None) -> None:
        if index == self._full:
            return
        if self._full is not None and self._full < len(self.items):
            self.replace_option_prompt_at_index(self._full, self._line(self.items[self._full]))
        self._full = index
        if index is not None and index < len(self.items):
            self.replace_option_prompt_at_index(index, self.items[index].prompt)
        self._title()

    def _title(self) -> None:
        count = len(self.items)
        title = "Glossary"
        if count and self._full is not None:
            title += f" · {self._full + 1} of {count}"
        elif count > 1:
            title += f" · {count}"
        self.border_title = title

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self:
            self._expand(event.option_index)

    def on_resize(self) -> None:
        width = self._line_width()
        if width != self._width and self.items:
            self._width = width
            for n, item in enumerate(self.items):
                if n != self._full:
                    self.replace_option_prompt_at_index(n, self._line(item))
