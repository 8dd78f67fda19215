"""The article itself: a Line-API view that wraps paragraphs in a readable measure.

Only the lines on screen are styled (and cached); wrapping the whole article is
a single pass over its words, so a 100,000-word text opens in a few tens of
milliseconds. The text is drawn as plain segments: nothing in it is markup,
nothing in it is a link or an action. Markdown is drawn without its markup
characters (``Paragraph.hidden``), styled; every offset here is still one
into the paragraph's text, so notes, selections and find hits stay put.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.model import Article, Paragraph
from reader.tui.selection import Selection
from reader.tui.wrapping import (
    MarkupIndex,
    Overlay,
    Span,
    column_to_source,
    drawn,
    wrap_shown,
)

GUTTER = 2
"""Cells left of the text: the cursor bar and a space."""

DEFAULT_MEASURE = 80
MIN_WIDTH = 20


@dataclass(frozen=True, slots=True)
class Hit:
    paragraph: int
    start: int
    end: int


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """The article, a paragraph cursor, markers and find hits.

    ScrollView's own keys (up, down, page up…, home, end) would scroll the view
    past the cursor; the reading screen's commands own those keys instead.
    """

    COMPONENT_CLASSES = {
        "article--text",
        "article--heading",
        "article--standfirst",
        "article--aside",
        "article--marker",
        "article--cursor",
        "article--gutter",
        "article--hit",
        "article--hit-current",
        "article--note",
        "article--selection",
        "article--em",
        "article--strong",
        "article--code",
        "article--link",
    }

    class CursorMoved(Message):
        """The paragraph cursor moved to ``paragraph``."""

        def __init__(self, view: ArticleView, paragraph: int) -> None:
            super().__init__()
            self.view = view
            self.paragraph = paragraph

    class MarkerClicked(Message):
        """A footnote marker was clicked."""

        def __init__(self, view: ArticleView, paragraph: int, label: str) -> None:
            super().__init__()
            self.view = view
            self.paragraph = paragraph
            self.label = label

    def __init__(
        self,
        article: Article,
        *,
        measure: int = DEFAULT_MEASURE,
        cursor: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.article = article
        self.measure = measure
        self._count = len(article.paragraphs)
        self.cursor = min(max(cursor, 0), max(self._count - 1, 0))
        self._text_width = 0
        self._line_para = array("i")
        self._line_start = array("i")
        self._line_end = array("i")
        self._para_top: list[int] = []
        self._heading_paras = [h.paragraph for h in article.headings]
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._hits: list[Hit] = []
        self._hits_by_para: dict[int, list[Span]] = {}
        self._current_hit: int | None = None
        self._marks: dict[int, list[Span]] = {}
        self._opened = False
        self._selection: Selection | None = None
        self._markup: dict[int, MarkupIndex] = {}

    # -- layout ---------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return self._text_width

    @property
    def line_count(self) -> int:
        return len(self._line_para)

    def _wanted_width(self) -> int:
        available = self.scrollable_content_region.width - GUTTER - 1
        return max(MIN_WIDTH, min(self.measure, available))

    def relayout(self, force: bool = False) -> None:
        """Wrap every paragraph to the current width (only when it changed)."""
        width = self._wanted_width()
        if width == self._text_width and not force:
            return
        self._text_width = width
        line_para = array("i")
        line_start = array("i")
        line_end = array("i")
        tops: list[int] = []
        for paragraph in self.article.paragraphs:
            if paragraph.index:
                line_para.append(-1)
                line_start.append(0)
                line_end.append(0)
            tops.append(len(line_para))
            for start, end in wrap_shown(paragraph.text, paragraph.hidden, width):
                line_para.append(paragraph.index)
                line_start.append(start)
                line_end.append(end)
        self._line_para, self._line_start, self._line_end = line_para, line_start, line_end
        self._para_top = tops
        self._cache.clear()
        self.virtual_size = Size(width + GUTTER, len(line_para))
        # The lines moved: keep the cursor's paragraph in view (on opening, near the top).
        self.call_after_refresh(self._place_cursor)

    def on_resize(self, event: events.Resize) -> None:
        self.relayout()

    def on_mount(self) -> None:
        if self.scrollable_content_region.width:  # else the first Resize lays it out
            self.relayout()

    def set_measure(self, measure: int) -> None:
        self.measure = measure
        self.relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- geometry helpers -----------------------------------------------------

    def paragraph_top(self, paragraph: int) -> int:
        return self._para_top[paragraph] if self._para_top else 0

    def paragraph_height(self, paragraph: int) -> int:
        if not self._para_top:
            return 1
        end = (
            self._para_top[paragraph + 1] - 1
            if paragraph + 1 < len(self._para_top)
            else len(self._line_para)
        )
        return end - self._para_top[paragraph]

    def paragraph_at_line(self, line: int) -> int:
        """The paragraph shown on virtual ``line`` (the next one on a blank line)."""
        if not self._para_top:
            return 0
        return max(0, bisect.bisect_right(self._para_top, line) - 1)

    def visible_paragraphs(self) -> range:
        if not self._para_top:
            return range(0)
        top = int(self.scroll_offset.y)
        bottom = top + self.scrollable_content_region.height - 1
        return range(self.paragraph_at_line(top), self.paragraph_at_line(bottom) + 1)

    # -- cursor ---------------------------------------------------------------

    def move_to(self, paragraph: int, *, scroll: bool = True, top: bool = False) -> None:
        """Put the cursor on ``paragraph`` (clamped) and bring it into view."""
        if not self._count:
            return
        paragraph = min(max(paragraph, 0), self._count - 1)
        old = self.cursor
        self.cursor = paragraph
        if old != paragraph:
            self._invalidate_paragraph(old)
            self._invalidate_paragraph(paragraph)
            self.post_message(self.CursorMoved(self, paragraph))
        if scroll:
            self.scroll_to_cursor(top=top)

    def _place_cursor(self) -> None:
        if self._opened:
            self.scroll_to_cursor()
            return
        self._opened = True
        if self.cursor and self._para_top:
            quarter = self.scrollable_content_region.height // 4
            self.scroll_to(y=max(0, self._para_top[self.cursor] - quarter), animate=False)

    def scroll_to_cursor(self, top: bool = False) -> None:
        if not self._para_top:
            return
        p_top = self._para_top[self.cursor]
        height = self.paragraph_height(self.cursor)
        view_top = int(self.scroll_offset.y)
        view_h = max(1, self.scrollable_content_region.height)
        if top or p_top < view_top:
            self.scroll_to(y=max(0, p_top - 1), animate=False)
        elif p_top + height > view_top + view_h:
            self.scroll_to(y=min(p_top - 1, p_top + height - view_h), animate=False)

    def scroll_to_line(self, line: int) -> None:
        view_top = int(self.scroll_offset.y)
        view_h = max(1, self.scrollable_content_region.height)
        if not view_top <= line < view_top + view_h:
            self.scroll_to(y=max(0, line - view_h // 3), animate=False)

    def page(self, direction: int) -> None:
        """Scroll one screen and put the cursor on the first paragraph that starts in it."""
        if not self._para_top:
            return
        view_h = max(1, self.scrollable_content_region.height)
        current = int(self.scroll_offset.y)
        target = min(max(0, current + direction * view_h), int(self.max_scroll_y))
        if target == current:
            self.move_to(self._count - 1 if direction > 0 else 0)
            return
        self.scroll_to(y=target, animate=False)
        index = bisect.bisect_left(self._para_top, target)
        self.move_to(min(index, self._count - 1), scroll=False)

    def heading(self, direction: int) -> None:
        """Move to the next (``1``) or previous (``-1``) heading."""
        heads = self._heading_paras
        if not heads:
            return
        if direction > 0:
            i = bisect.bisect_right(heads, self.cursor)
            if i < len(heads):
                self.move_to(heads[i], top=True)
        else:
            i = bisect.bisect_left(heads, self.cursor) - 1
            if i >= 0:
                self.move_to(heads[i], top=True)

    # -- find hits ------------------------------------------------------------

    @property
    def hits(self) -> Sequence[Hit]:
        return self._hits

    @property
    def current_hit(self) -> int | None:
        return self._current_hit

    def set_hits(self, hits: Iterable[Hit]) -> None:
        self._hits = sorted(hits, key=lambda h: (h.paragraph, h.start))
        self._hits_by_para = {}
        for hit in self._hits:
            self._hits_by_para.setdefault(hit.paragraph, []).append((hit.start, hit.end))
        self._current_hit = None
        self._cache.clear()
        self.refresh()

    def mark_hit_at_cursor(self) -> None:
        """Make the first hit at or after the cursor the current one (no scrolling)."""
        keys = [(h.paragraph, h.start) for h in self._hits]
        index = bisect.bisect_left(keys, (self.cursor, -1))
        if index < len(keys):
            self._current_hit = index
            self._cache.clear()
            self.refresh()

    def goto_hit(self, direction: int, *, from_cursor: bool = False) -> Hit | None:
        """Go to the next (``1``) or previous (``-1``) hit, wrapping around."""
        if not self._hits:
            return None
        keys = [(h.paragraph, h.start) for h in self._hits]
        if self._current_hit is None or from_cursor:
            if direction > 0:
                index = bisect.bisect_left(keys, (self.cursor, -1))
            else:
                index = bisect.bisect_left(keys, (self.cursor, -1)) - 1
        else:
            index = self._current_hit + direction
        index %= len(self._hits)
        self._current_hit = index
        hit = self._hits[index]
        self._cache.clear()
        self.move_to(hit.paragraph, scroll=False)
        self.scroll_to_line(self._line_of(hit.paragraph, hit.start))
        self.refresh()
        return hit

    def _line_of(self, paragraph: int, offset: int) -> int:
        top = self._para_top[paragraph]
        line = top
        for n in range(top, top + self.paragraph_height(paragraph)):
            if self._line_start[n] <= offset:
                line = n
        return line

    # -- the user's highlights and the selection ----------------------------

    def set_marks(self, marks: dict[int, list[Span]]) -> None:
        """The user's highlights: per paragraph, ``(start, end)`` in its text."""
        self._marks = marks
        self._cache.clear()
        self.refresh()

    @property
    def selection(self) -> Selection | None:
        return self._selection

    def set_selection(self, selection: Selection | None) -> None:
        old = self._selection
        self._selection = selection
        for sel in (old, selection):
            if sel is not None:
                self._invalidate_paragraph(sel.paragraph)
        if selection is not None:
            self.scroll_to_line(self._line_of(selection.paragraph, selection.end))

    # -- mouse ------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._para_top:
            return
        line = int(self.scroll_offset.y) + offset.y
        if not 0 <= line < len(self._line_para):
            return
        paragraph = self._line_para[line]
        if paragraph < 0:
            return
        self.move_to(paragraph, scroll=False)
        column = int(self.scroll_offset.x) + offset.x - GUTTER
        start, end = self._line_start[line], self._line_end[line]
        shown = self.article.paragraphs[paragraph]
        char = column_to_source(shown.text, shown.hidden, start, end, column)
        for ref in shown.refs:
            if ref.start <= char < ref.end:
                self.post_message(self.MarkerClicked(self, paragraph, ref.label))
                break

    # -- drawing ---------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A component's own attributes, its colours blended over the view's background."""
        style = self._styles.get(name)
        if style is None:
            full = self.get_component_rich_style(name)
            own = self.get_component_rich_style(name, partial=True)
            style = Style(
                color=full.color if own.color is not None else None,
                bgcolor=full.bgcolor if own.bgcolor is not None else None,
                bold=own.bold,
                italic=own.italic,
                underline=own.underline,
                reverse=own.reverse,
                dim=own.dim,
            )
            self._styles[name] = style
        return style

    def _invalidate_paragraph(self, paragraph: int) -> None:
        if not self._para_top or not 0 <= paragraph < self._count:
            return
        top = self._para_top[paragraph]
        height = self.paragraph_height(paragraph)
        for line in range(top, top + height):
            self._cache.pop(line, None)
        self.refresh_lines(top, height)  # virtual lines: it subtracts the scroll itself

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = int(scroll_y) + y
        strip = self._cache.get(line)
        if strip is None:
            strip = self._render_virtual_line(line)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[line] = strip
        width = self.scrollable_content_region.width
        return strip.crop_extend(int(scroll_x), int(scroll_x) + width, self.rich_style)

    def _base_style(self, paragraph: Paragraph) -> Style:
        kind = paragraph.kind
        name = {
            "heading": "article--heading",
            "standfirst": "article--standfirst",
            "dateline": "article--aside",
            "coda": "article--aside",
        }.get(kind, "article--text")
        return self.rich_style + self._style(name)

    def _render_virtual_line(self, line: int) -> Strip:
        full = self._text_width + GUTTER
        base = self.rich_style
        if not 0 <= line < len(self._line_para) or self._line_para[line] < 0:
            return Strip.blank(full, base)
        index = self._line_para[line]
        paragraph = self.article.paragraphs[index]
        start, end = self._line_start[line], self._line_end[line]
        style = self._base_style(paragraph)
        on_cursor = index == self.cursor
        if on_cursor:
            style += self._style("article--cursor")
        segments: list[Segment] = []
        if on_cursor:
            segments.append(Segment("▌", base + self._style("article--gutter")))
            segments.append(Segment(" ", style))
        else:
            segments.append(Segment(" " * GUTTER, base))
        segments.extend(self._text_segments(paragraph, start, end, style))
        used = sum(s.cell_length for s in segments)
        if used < full:
            segments.append(Segment(" " * (full - used), style if on_cursor else base))
        return Strip(segments, max(used, full))

    def _text_segments(
        self, paragraph: Paragraph, start: int, end: int, style: Style
    ) -> list[Segment]:
        overlays = self._markup_overlays(paragraph, start, end)
        marks = self._marks.get(paragraph.index)
        if marks:
            note_style = self._style("article--note")
            for s, e in marks:
                if e > start and s < end:
                    overlays.append((max(s, start), min(e, end), note_style))
        marker = self._style("article--marker")
        for ref in paragraph.refs:
            if ref.end > start and ref.start < end:
                overlays.append((max(ref.start, start), min(ref.end, end), marker))
        hits = self._hits_by_para.get(paragraph.index)
        if hits:
            hit_style = self._style("article--hit")
            current = None
            if self._current_hit is not None:
                h = self._hits[self._current_hit]
                if h.paragraph == paragraph.index:
                    current = (h.start, h.end)
            current_style = self._style("article--hit-current")
            for s, e in hits:
                if e > start and s < end:
                    chosen = current_style if (s, e) == current else hit_style
                    overlays.append((max(s, start), min(e, end), chosen))
        sel = self._selection
        if sel is not None and sel.paragraph != paragraph.index:
            sel = None
        if sel is not None and sel.start < end and sel.end > start:
            overlays.append(
                (max(sel.start, start), min(sel.end, end), self._style("article--selection"))
            )
        return drawn(paragraph.text, paragraph.hidden, start, end, overlays, style)

    def _markup_overlays(self, paragraph: Paragraph, start: int, end: int) -> list[Overlay]:
        """The inline Markdown styles on ``start:end``, under every other overlay."""
        if not paragraph.markup:
            return []
        if (index := self._markup.get(paragraph.index)) is None:
            index = self._markup[paragraph.index] = MarkupIndex(paragraph.markup)
        return [
            (max(m.start, start), min(m.end, end), self._style(f"article--{m.kind}"))
            for m in index.meeting(start, end)
        ]
