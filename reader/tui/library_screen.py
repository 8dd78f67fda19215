"""The start-up screen: the library's texts in a table you filter by typing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.state import AppState, save_sort
from reader.tui.commands import LIBRARY, bindings_for, bound_keys
from reader.tui.display import plain, shown_path
from reader.tui.inputs import (
    ListFilter,
    defer_while_navigating,
    open_at_once,
    pass_on_typing,
    type_to_filter,
)
from reader.tui.messages import OpenNotes, OpenSearch, OpenText, ShowHelp
from reader.tui.rows import Row, library_rows, sync_index, texts_signature, tidy_when_idle

BOUND_KEYS = bound_keys(LIBRARY)

WATCH_EVERY = 2.0
"""Seconds between looks at ``texts/`` for texts added or changed from outside
(``reader import`` in another shell) while the library is shown."""

COLUMNS: tuple[tuple[str, str, Callable[[Row], Any]], ...] = (
    ("title", "Title", lambda r: r.title.casefold()),
    ("author", "Author", lambda r: r.author.casefold()),
    ("date", "Date", lambda r: r.date),
    ("words", "Words", lambda r: r.words),
    ("progress", "Read", lambda r: r.progress if r.progress is not None else -1.0),
    ("notes", "Notes", lambda r: r.notes),
    ("missing", "Missing", lambda r: r.missing),
)


FIXED = {"date": 10, "words": 7, "progress": 4, "notes": 5, "missing": 7}
NUMERIC = frozenset({"words", "progress", "notes", "missing"})
"""Columns whose labels and cells are right-aligned."""
CELL_PADDING = 2
CHROME = 5
"""Cells around the table: margins, borders, scrollbar."""

COMPACT_FIXED = {"date": 10, "words": 4, "progress": 4, "notes": 5, "missing": 4}
COMPACT_LABELS = {"missing": "Miss"}
"""On a narrow terminal the counts are short ("12k" words) under short labels."""
ARROW = 2
"""The sort arrow after a label (" ↓")."""

TITLE_ROOM = 34
"""Below this many cells for titles, the columns take their compact form, then
those in :data:`DROPPED` make way."""
DROPPED = ("date", "progress", "notes")
"""The columns a narrow terminal leaves out, first to last: never the one the
table is sorted by, never the words nor the missing-notes flag."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns shown, the title and author widths, and whether the counts
    are in their compact form."""

    shown: tuple[str, ...]
    title: int
    author: int
    compact: bool = False
    sort_key: str = "title"

    def label(self, key: str) -> str:
        label = next(lbl for name, lbl, _ in COLUMNS if name == key)
        return COMPACT_LABELS.get(key, label) if self.compact else label

    def width(self, key: str) -> int:
        """A count column's width: its widest cell, or its label and the sort arrow."""
        fixed = (COMPACT_FIXED if self.compact else FIXED).get(key, 0)
        return max(fixed, len(self.label(key)) + (ARROW if key == self.sort_key else 0))


def _layout(
    total: int, rows: list[Row], shown: tuple[str, ...], compact: bool, sort_key: str
) -> Layout:
    probe = Layout(shown, 0, 0, compact, sort_key)
    fixed = sum(probe.width(k) for k in shown if k not in ("title", "author"))
    room = total - CHROME - CELL_PADDING * len(shown) - fixed
    longest_author = max((len(r.author) for r in rows), default=6)
    author = max(6, min(longest_author, 24, room // 4))
    return Layout(shown, max(10, room - author), author, compact, sort_key)


def shown_columns(total: int, rows: list[Row], sort_key: str = "title") -> Layout:
    """The columns shown in ``total`` cells: on a narrow terminal the title gets
    the room, the counts are written short and the date and the other counts
    make way, but the column sorted by and the missing-notes flag stay."""
    shown = tuple(key for key, _, _ in COLUMNS)
    layout = _layout(total, rows, shown, False, sort_key)
    if layout.title >= TITLE_ROOM:
        return layout
    layout = _layout(total, rows, shown, True, sort_key)
    for key in DROPPED:
        if layout.title >= TITLE_ROOM:
            break
        if key != sort_key:
            shown = tuple(k for k in shown if k != key)
            layout = _layout(total, rows, shown, True, sort_key)
    return layout


def short_count(n: int) -> str:
    """``n`` in at most four cells: 980, 1.1k, 12k, 120k, 1.2M."""
    if n < 1000:
        return str(n)
    if n < 9950:
        return f"{n / 1000:.1f}k"
    if n < 999_500:
        return f"{round(n / 1000)}k"
    return f"{n / 1_000_000:.1f}M"


def _fit(text: str, width: int) -> Text:
    cell = Text(text, no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def _cells(row: Row, layout: Layout) -> list[Text]:
    progress = "" if row.progress is None else f"{round(100 * row.progress)}%"
    words = short_count(row.words) if layout.compact else f"{row.words:,}"
    cells = {
        "title": _fit(row.title, layout.title),
        "author": _fit(row.author, layout.author),
        "date": Text(row.date),
        "words": Text(words if row.words else "", justify="right"),
        "progress": Text(progress, justify="right"),
        "notes": Text(str(row.notes) if row.notes else "", justify="right"),
        "missing": Text(str(row.missing) if row.missing else "", justify="right"),
    }
    return [cells[key] for key in layout.shown]


class TextsTable(DataTable[Text]):
    """The texts; home and end go to the first and last one (the table's own
    home and end scroll sideways)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "first text", show=False),
        Binding("end", "scroll_bottom", "last text", show=False),
    ]


class FilterInput(ListFilter):
    """The filter: every key types here; escape and ↓ go back to the table."""

    LIST = "DataTable"


class LibraryScreen(Screen[None]):
    """Every text of the library: filter, sort, open."""

    SCREEN_KIND = LIBRARY
    BINDINGS = bindings_for(LIBRARY)
    AUTO_FOCUS = "#texts"

    def __init__(self, library: Library, state: AppState, index_lock: threading.RLock) -> None:
        super().__init__()
        self.library = library
        self.state = state
        self.index_lock = index_lock
        self.rows: list[Row] = []
        self.signature: int | None = None
        """:func:`texts_signature` when the rows were last read."""
        self.sort_key = "title"
        self.sort_reverse = False
        saved = state.sort or ""
        if saved.lstrip("-") in {key for key, _, _ in COLUMNS}:
            self.sort_key, self.sort_reverse = saved.lstrip("-"), saved.startswith("-")

    def compose(self) -> ComposeResult:
        yield Static(id="library-title")
        yield FilterInput(placeholder="type to filter by title or author", id="filter")
        table = TextsTable(id="texts", cursor_type="row", zebra_stripes=True)
        yield table
        with Horizontal(id="sync"):
            yield Static(id="sync-label")
            yield ProgressBar(id="sync-bar", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self._add_columns()
        root = shown_path(self.library.root)
        self.query_one("#library-title", Static).update(
            Content.assemble(("reader", "bold $accent"), ("  library ", "$text-muted"), root)
        )
        self.call_after_refresh(self.load_rows)  # whoosh loads after the first paint
        self.set_interval(WATCH_EVERY, self._look_at_texts)

    # -- rows -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library-rows")
    def load_rows(self) -> None:
        """Show the catalogue, sync the index, show it again: all off the UI thread."""
        call = self.app.call_from_thread
        self.signature = texts_signature(self.library)  # changes from now on are seen
        try:
            call(self._rows_loaded, library_rows(self.library, self.state))
        except ReaderError as err:
            call(self._notice, str(err))
        try:
            with self.index_lock:
                notices = sync_index(self.library, self._progress_from_thread)
            rows = library_rows(self.library, self.state)
        except ReaderError as err:
            call(self._notice, str(err))
        else:
            call(self._rows_loaded, rows)
            for notice in notices:
                call(self._notice, notice)
            tidy_when_idle(self.library)
        call(self._show_sync, False)

    def _notice(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=8)

    def _progress_from_thread(self, done: int, total: int, what: str) -> None:
        self.app.call_from_thread(self._set_progress, done, total, what)

    def _set_progress(self, done: int, total: int, what: str) -> None:
        self._show_sync(True)
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#sync-label", Static).update(
            Content.assemble("indexing ", (plain(what), "italic"))  # a file name
        )

    def _show_sync(self, shown: bool) -> None:
        self.query_one("#sync").display = shown

    def _rows_loaded(self, rows: list[Row]) -> None:
        self.rows = rows
        self.refresh_table()

    def refresh_rows(self) -> None:
        """Re-read the reading progress and count the notes again (after a text was read)."""
        from reader.tui.rows import with_progress

        self.rows = with_progress(self.rows, self.state)
        self.refresh_table()
        if self.rows:
            self.recount_notes()

    @work(thread=True, exclusive=True, group="library-notes")
    def recount_notes(self) -> None:
        from reader.tui.rows import note_counts

        counts = note_counts(self.library)
        self.app.call_from_thread(self._notes_counted, counts)

    def _notes_counted(self, counts: dict[str, int]) -> None:
        from reader.tui.rows import with_notes

        if any(counts.get(r.id, 0) != r.notes for r in self.rows):
            self.rows = with_notes(self.rows, counts)
            self.refresh_table()

    def visible_rows(self) -> list[Row]:
        words = self.query_one(FilterInput).value.casefold().split()
        rows = [
            r
            for r in self.rows
            if all(w in f"{r.title} {r.author} {r.id}".casefold() for w in words)
        ]
        key = next(k for name, _, k in COLUMNS if name == self.sort_key)
        return sorted(rows, key=key, reverse=self.sort_reverse)

    def refresh_table(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_id()
        table.clear(columns=True)  # widths are worked out afresh for the new rows
        rows = self.visible_rows()
        layout = shown_columns(self.size.width or 80, rows, self.sort_key)
        cells = [_cells(row, layout) for row in rows]
        # Each column as wide as its widest cell, set here rather than left to
        # the table (it measures new rows only when idle: a frame drawn before
        # that shows the headers' widths).
        widest = [max((c[i].cell_len for c in cells), default=0) for i in range(len(layout.shown))]
        self._add_columns(layout, widest)
        for row, row_cells in zip(rows, cells, strict=True):
            table.add_row(*row_cells, key=row.id)
        if selected is not None:
            try:
                table.move_cursor(row=table.get_row_index(selected))
            except RowDoesNotExist:  # filtered away
                table.move_cursor(row=0)
        self._update_subtitle()

    def _add_columns(self, layout: Layout | None = None, widest: list[int] | None = None) -> None:
        table = self.query_one(DataTable)
        arrow = " ↓" if self.sort_reverse else " ↑"
        if layout is None:
            layout = Layout(tuple(key for key, _, _ in COLUMNS), 0, 0, sort_key=self.sort_key)
        for i, key in enumerate(layout.shown):
            text = layout.label(key) + (arrow if key == self.sort_key else "")
            width: int | None = None
            if key in NUMERIC:
                width = max(layout.width(key), widest[i] if widest is not None else 0)
            elif widest is not None:
                width = max(widest[i], len(text))
            justify: Literal["left", "right"] = "right" if key in NUMERIC else "left"
            table.add_column(Text(text, justify=justify), key=key, width=width)

    def _update_subtitle(self) -> None:
        table = self.query_one(DataTable)
        arrow = "↓" if self.sort_reverse else "↑"
        label = next(lbl for name, lbl, _ in COLUMNS if name == self.sort_key)
        shown = f"{table.row_count} of {len(self.rows)} texts"
        table.border_title = f"{shown} · sorted by {label} {arrow}"

    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return None if key.value is None else str(key.value)

    # -- filtering and sorting ------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A printable key pressed on the table starts the filter."""
        if defer_while_navigating(self, event) or pass_on_typing(self, event):
            return
        filter_input = self.query_one(FilterInput)
        if type_to_filter(self, event, filter_input, BOUND_KEYS):
            return
        if self.focused is not filter_input:
            open_at_once(self, event)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open_text()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def sort_by(self, key: str) -> None:
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self.refresh_table()
        self._save_sort()

    def _save_sort(self) -> None:
        """Keep the order for the next start, as the theme is kept."""
        sort = ("-" if self.sort_reverse else "") + self.sort_key
        if self.state.error is not None or sort == self.state.sort:
            return
        self.state.sort = sort
        try:
            save_sort(self.library, sort)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)

    def action_sort_title(self) -> None:
        self.sort_by("title")

    def action_sort_author(self) -> None:
        self.sort_by("author")

    def action_sort_date(self) -> None:
        self.sort_by("date")

    def action_sort_words(self) -> None:
        self.sort_by("words")

    def action_sort_progress(self) -> None:
        self.sort_by("progress")

    def action_sort_notes(self) -> None:
        self.sort_by("notes")

    # -- opening ----------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.post_message(OpenText(str(event.row_key.value)))

    def action_open_text(self) -> None:
        text = self.selected_id()
        if text is not None:
            self.app.post_message(OpenText(text))

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def action_search(self) -> None:
        self.app.post_message(OpenSearch())

    def action_notes(self) -> None:
        self.app.post_message(OpenNotes())

    def action_bibliography(self) -> None:
        """Every work the library cites; Enter opens a citing text there."""
        from reader.tui.sources_screen import SourcesScreen

        self.app.push_screen(SourcesScreen(library=self.library, index_lock=self.index_lock))

    def action_help(self) -> None:
        self.app.post_message(ShowHelp(LIBRARY, "Library"))

    def on_resize(self) -> None:
        if self.rows:
            self.refresh_table()

    def _look_at_texts(self) -> None:
        if self.app.screen is self and self.signature is not None:
            self.look_at_texts()

    @work(thread=True, exclusive=True, group="library-look")
    def look_at_texts(self) -> None:
        """Read the rows again (syncing the index) if ``texts/`` changed since."""
        if texts_signature(self.library) != self.signature:
            self.app.call_from_thread(self.load_rows)

    def on_screen_resume(self) -> None:
        if self.signature is not None:
            self.look_at_texts()
        self.refresh_rows()
        # Back from a text opened from the filter: keys are commands again (q, s).
        self.query_one(DataTable).focus()
