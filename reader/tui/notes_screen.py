"""The notes screen: every note of the library, filtered by text, tag and words.

Enter opens the text at the note; an orphaned note (its passage was not found
again after the text changed) opens its text ready to be re-attached to a
new selection (``r`` in the reading screen). ``E`` exports the notes shown,
as ``reader export`` writes Markdown, to a file in the library folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.notes.model import STATUS_WORDS
from reader.tui.commands import NOTES, bindings_for, bound_keys
from reader.tui.display import plain, shown_path
from reader.tui.inputs import ListFilter, defer_while_navigating, pass_on_typing, type_to_filter
from reader.tui.messages import GoBack, OpenText, ShowHelp
from reader.tui.places import NotesPlace

if TYPE_CHECKING:
    from reader.core.notes import Annotation

BOUND_KEYS = bound_keys(NOTES)
EVERY_TEXT = "*"
QUOTE_WIDTH = 160


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One note and the title of its text."""

    text_id: str
    title: str
    note: Annotation

    def matches(self, words: Sequence[str], tags: Sequence[str]) -> bool:
        own = {t.casefold() for t in self.note.tags}
        if any(t not in own for t in tags):
            return False
        haystack = " ".join(
            (
                self.note.quote.exact,
                self.note.note,
                " ".join(self.note.tags),
                self.title,
                self.note.status if self.note.status != "ok" else "",  # "changed" finds them
            )
        ).casefold()
        return all(w in haystack for w in words)


def read_rows(library: Library) -> tuple[list[NoteRow], list[ReaderError]]:
    """Every note of ``library``, by text title then place (orphans last in a text);
    notes files that do not parse are left out and returned as errors."""
    from reader.core.notes import load_notes

    errors: list[ReaderError] = []
    by_text = load_notes(library, errors=errors)
    titles = _titles(library, by_text)
    rows = [
        NoteRow(text_id, titles.get(text_id) or plain(text_id), note)  # ids are file names
        for text_id, notes in by_text.items()
        for note in notes
    ]
    rows.sort(key=lambda r: (r.title.casefold(), r.text_id))  # stable: text order kept
    return rows, errors


def follow_texts(library: Library, text_ids: set[str]) -> bool:
    """Re-anchor the notes of every text that changed since they were written (as
    opening the text or ``reader export`` would), so orphans show as orphans.
    Returns True if any note moved, was lost or was found again."""
    from reader.core.articles import read_article
    from reader.core.notes import NoteStore

    changed = False
    for text_id in sorted(text_ids):
        try:
            article = read_article(library, library.find_text(text_id), text_id=text_id)
            store = NoteStore(library, text_id)
            changed |= store.reanchor(article).changed
        except ReaderError:
            continue  # a text gone or unreadable, notes that do not parse: listed as stored
    return changed


def _titles(library: Library, texts: dict[str, Any]) -> dict[str, str]:
    """Text titles from the index's catalogue (no parsing); ids where it has none."""
    if not texts:
        return {}
    from reader.core.search.catalog import catalog

    try:
        return {info.id: info.title for info in catalog(library)}
    except ReaderError:
        return {}


def split_filter(value: str) -> tuple[list[str], list[str]]:
    """The filter's words and its ``#tags``, folded."""
    words: list[str] = []
    tags: list[str] = []
    for token in value.casefold().split():
        if token.startswith("#") and len(token) > 1:
            tags.append(token[1:])
        elif token != "#":
            words.append(token)
    return words, tags


def note_content(row: NoteRow) -> Content:
    """A note in the list: the passage, the note, its tags, whether it is an orphan."""
    note = row.note
    flat = " ".join(note.quote.exact.split())
    if len(flat) > QUOTE_WIDTH:
        flat = flat[: QUOTE_WIDTH - 1].rsplit(" ", 1)[0] + " …"
    parts: list[str | tuple[str, str] | Content] = []
    if note.is_orphan:
        parts += [
            ("orphan", "bold reverse $warning"),
            (" not found in the text since it changed; enter re-attaches it\n", "italic $warning"),
        ]
    elif note.status in ("changed", "conflict"):
        parts += [
            (note.status, "bold reverse $warning"),
            (f" {STATUS_WORDS[note.status]}\n", "italic $warning"),
        ]
    parts.append((f"“{flat}”", "italic $text-muted"))
    if note.note.strip():
        parts += ["\n", note.note.strip("\n")]
    if note.tags:
        parts += ["\n", (" ".join(f"#{t}" for t in note.tags), "$text-accent")]
    return Content.assemble(*parts)


class NotesFilter(ListFilter):
    """The filter: escape clears it, ↓ goes to the list."""

    LIST = "#note-list"


class NotesScreen(Screen[None]):
    """All your notes: filter, open, re-attach orphans, export."""

    SCREEN_KIND = NOTES
    BINDINGS = bindings_for(NOTES)
    AUTO_FOCUS = "#note-list"

    def __init__(self, library: Library, place: NotesPlace | None = None) -> None:
        super().__init__()
        self.library = library
        self.start = place or NotesPlace()
        """The filter, text and note to show first (coming back to the list)."""
        self.rows: list[NoteRow] = []
        self.shown: list[NoteRow | None] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Your notes", "bold $accent"), id="notes-title")
        with Horizontal(id="notes-bar"):
            yield Select[str]([], prompt="every text", id="notes-text")
            yield NotesFilter(
                value=self.start.words, placeholder="filter: words, #tag", id="notes-filter"
            )
        yield Static(id="notes-status")
        yield OptionList(id="note-list")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()  # notes may have changed in a text opened from here

    # -- rows -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="notes")
    def load(self) -> None:
        """List the notes as stored, then follow texts that changed and list again."""
        library = self.library
        rows, errors = read_rows(library)
        self.app.call_from_thread(self._loaded, rows, errors)
        if follow_texts(library, {r.text_id for r in rows}):
            rows, _ = read_rows(library)
            self.app.call_from_thread(self._loaded, rows, [])

    def _loaded(self, rows: list[NoteRow], errors: list[ReaderError]) -> None:
        self.rows = rows
        for err in errors:
            self.notify(
                f"{err} (that text's notes are not listed until then)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        select: Select[str] = self.query_one("#notes-text", Select)
        current = select.value
        if not self.loaded and self.start.text is not None:
            current = self.start.text
        texts = dict.fromkeys((r.text_id, r.title) for r in rows)
        options = [(Content(title), text_id) for text_id, title in texts]
        with select.prevent(Select.Changed):
            select.set_options(options)
            if isinstance(current, str) and any(t == current for t, _ in texts):
                select.value = current
        self.refresh_list()
        if not self.loaded and self.start.note is not None:
            listing = self.query_one("#note-list", OptionList)
            for n, row in enumerate(self.shown):
                if row is not None and row.note.id == self.start.note:
                    listing.highlighted = n
        self.loaded = True

    def visible_rows(self) -> list[NoteRow]:
        words, tags = split_filter(self.query_one(NotesFilter).value)
        text = self.query_one("#notes-text", Select).value
        return [
            r
            for r in self.rows
            if (not isinstance(text, str) or r.text_id == text) and r.matches(words, tags)
        ]

    def refresh_list(self) -> None:
        listing = self.query_one("#note-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        self.shown = []
        rows = self.visible_rows()
        options: list[Option | None] = []
        current: str | None = None
        for row in rows:
            if options:
                options.append(None)  # a rule between notes (separators take no index)
            if row.text_id != current:
                current = row.text_id
                options.append(Option(Content.styled(row.title, "bold"), disabled=True))
                self.shown.append(None)
            options.append(Option(note_content(row), id=row.note.id))
            self.shown.append(row)
        if not options:
            hint = (
                "no notes yet: in a text, v selects a passage, h highlights it, a writes a note"
                if not self.rows
                else "no note matches the filter"
            )
            options.append(Option(Content.styled(hint, "$text-muted"), disabled=True))
            self.shown.append(None)
        listing.add_options(options)
        if rows:
            first = next(n for n, r in enumerate(self.shown) if r is not None)
            keep = (
                highlighted
                if highlighted is not None
                and highlighted < len(self.shown)
                and self.shown[highlighted] is not None
                else first
            )
            listing.highlighted = keep
        orphans = sum(1 for r in rows if r.note.is_orphan)
        texts = len({r.text_id for r in rows})
        status = f"{len(rows)} of {len(self.rows)} notes · {texts} text{'s' if texts != 1 else ''}"
        if orphans:
            status += f" · {orphans} orphan{'s' if orphans != 1 else ''}"
        changed = sum(1 for r in rows if r.note.status == "changed")
        if changed:
            status += f" · {changed} changed"
        self.query_one("#notes-status", Static).update(Content(status))

    # -- filtering ----------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A printable key pressed on the list starts the filter."""
        if defer_while_navigating(self, event) or pass_on_typing(self, event):
            return
        if not isinstance(self.focused, Select):
            type_to_filter(self, event, self.query_one(NotesFilter), BOUND_KEYS)

    @on(Input.Changed, "#notes-filter")
    @on(Select.Changed, "#notes-text")
    def _filter_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#notes-filter")
    def _filter_submitted(self) -> None:
        self.action_open_note()

    # -- opening ------------------------------------------------------------------

    def selected_row(self) -> NoteRow | None:
        index = self.query_one("#note-list", OptionList).highlighted
        if index is not None and index < len(self.shown) and self.shown[index] is not None:
            return self.shown[index]
        return next((r for r in self.shown if r is not None), None)

    @on(OptionList.OptionSelected, "#note-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        row = self.shown[event.option_index]
        if row is not None:
            self.open_row(row)

    def action_open_note(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_row(row)

    def open_row(self, row: NoteRow) -> None:
        """Open the note's text at the note; an orphan's text waits for a new passage."""
        note = row.note
        try:
            self.library.find_text(row.text_id)
        except ReaderError:
            self.notify(
                f"the text '{row.text_id}' is no longer in the library; its notes are kept",
                severity="warning",
                markup=False,
            )
            return
        self.query_one("#note-list").focus()  # coming back: keys are commands, not the filter's
        orphan = note.is_orphan
        self.app.post_message(
            OpenText(
                row.text_id,
                paragraph=note.paragraph,
                note=None if orphan else note.id,
                reattach=note.id if orphan else None,
            )
        )

    def place(self) -> NotesPlace:
        """The filter, the text chosen and the note highlighted."""
        text = self.query_one("#notes-text", Select).value
        row = self.selected_row()
        return NotesPlace(
            self.query_one(NotesFilter).value,
            text if isinstance(text, str) else None,
            row.note.id if row is not None else None,
        )

    # -- export -------------------------------------------------------------------

    def action_export_notes(self) -> None:
        rows = self.visible_rows()
        if not rows:
            self.notify("no notes to export", markup=False)
            return
        self.export(rows)

    @work(thread=True, exclusive=True, group="export")
    def export(self, rows: list[NoteRow]) -> None:
        """Write the notes shown as Markdown (``reader export``'s) in the library folder."""
        try:
            path, count = export_markdown(self.library, rows)
        except ReaderError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
            return
        message = f"exported {count} note{'s' if count != 1 else ''} to {shown_path(path)}"
        self.app.call_from_thread(self.notify, message, markup=False, timeout=10)

    # -- everywhere ---------------------------------------------------------------

    def action_back(self) -> None:
        self.app.post_message(GoBack())

    def action_help(self) -> None:
        self.app.post_message(ShowHelp(NOTES, "Notes"))


def export_markdown(library: Library, rows: Sequence[NoteRow]) -> tuple[Path, int]:
    """Export the notes of ``rows`` as ``reader export`` writes Markdown, to a new
    file ``notes-<date-time>.md`` in the library folder; returns it and the count."""
    from reader.core.atomic import atomic_write
    from reader.core.notes.export import gather, to_markdown
    from reader.core.notes.model import utc_now

    wanted = {r.note.id for r in rows}
    groups = gather(library, list(dict.fromkeys(r.text_id for r in rows)))
    for group in groups:
        group.notes = [a for a in group.notes if a.id in wanted]
    groups = [g for g in groups if g.notes]
    now = utc_now()
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    path = library.root / f"notes-{stamp}.md"
    n = 1
    while path.exists():
        n += 1
        path = library.root / f"notes-{stamp}-{n}.md"
    atomic_write(path, to_markdown(groups, now=now))
    return path, sum(len(g.notes) for g in groups)
