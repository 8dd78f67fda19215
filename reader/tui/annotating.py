"""Selecting, highlighting and annotating in the reading screen.

:class:`Annotating` is the reading screen's note-taking component: the
selection keys (``v``, ``w``/``W``, ``)``/``(``), highlighting (``h``), a note
(``a``), editing (``E``), deleting (``x``) and undoing (``u``) a note,
re-attaching an orphaned note to the selection (``r``), moving between notes
(``m``/``M``) and adding words to the glossary (``+``). The screen owns it,
passes it the keys and the article view it works on, and hears from it by
message (:class:`Annotating.GlossaryChanged`).

The notes file is read and its notes re-anchored in a thread worker, so the
text can be read and moved in while that runs; a key that needs the notes
(``h``, ``E``, ``m``…) typed meanwhile waits for them and then runs.
Notes are kept by :class:`reader.core.notes.NoteStore` (the user's TOML file,
written safely, under its lock); this module only draws and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widget import Widget

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.model import Article
from reader.tui import selection as sel
from reader.tui.article_view import ArticleView
from reader.tui.notes_pane import NotesPane, marks_by_paragraph

if TYPE_CHECKING:
    from reader.core.notes import Annotation, NoteStore
    from reader.tui.forms import EntryForm, NoteForm


def entry_name(words: str) -> str:
    """A glossary name from selected words: one line, without the punctuation
    and quotes a selection by words or sentences carries ("Millière," → "Millière")."""
    name = " ".join(words.split())
    while True:
        trimmed = name.strip(" \"'“”‘’«»()[]{}*_").rstrip(".,;:!?…")
        if trimmed == name:
            return name
        name = trimmed


class Annotating(Widget):
    """The note-taking part of the reading screen: a widget that draws nothing
    itself (it draws in the article view and the notes pane it is given)."""

    DEFAULT_CSS = "Annotating { display: none; }"

    @dataclass
    class GlossaryChanged(Message):
        """The user added an entry to the glossary: match it against the text again."""

        annotating: Annotating
        """The component that added it."""

        @property
        def control(self) -> Annotating:
            return self.annotating

    def __init__(
        self,
        article: Article,
        library: Library,
        view: ArticleView,
        *,
        note: str | None = None,
        reattach: str | None = None,
    ) -> None:
        """``note`` is the id of a note to put the cursor on once the notes are
        read; ``reattach`` the id of an orphaned note waiting for a passage."""
        super().__init__()
        self.article = article
        self.library = library
        self.view = view
        self.pane = NotesPane(id="notes")
        self.store: NoteStore | None = None
        """The text's notes, once read (None before)."""
        self.goto_note = note
        self.reattach_id = reattach
        """The id of an orphaned note waiting for a passage (``r`` attaches it)."""
        self.undo_stack: list[Annotation] = []
        self._waiting: list[Callable[[], None]] = []

    # -- the store ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="notes")
    def load(self) -> None:
        """Read this text's notes (and follow the text if it changed since) off
        the UI thread, then show them."""
        from reader.core.notes import NoteStore

        store = NoteStore(self.library, self.article.id)
        error: ReaderError | None = None
        try:
            store.load()
            store.reanchor(self.article)
        except ReaderError as err:
            error = err
        self.app.call_from_thread(self._loaded, store, error)

    def _loaded(self, store: NoteStore, error: ReaderError | None) -> None:
        self.store = store
        if not self.is_attached:
            return
        if error is not None:
            self.notify(
                f"{error} (your notes on this text are read-only until then)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        else:
            orphans = len(store.orphans())
            if orphans and self.reattach_id is None:
                self.notify(
                    f"{orphans} of your notes on this text could not be found again "
                    "after it changed; the notes screen (ctrl+n) lists them",
                    severity="warning",
                    markup=False,
                )
        self.refresh_notes()
        self._go_to_note()
        if self.reattach_id is not None:
            self.notify(
                "select the passage this note belongs to (v, then w or ) to extend), "
                "then press r to re-attach it here",
                markup=False,
                timeout=10,
            )
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _store_or_wait(self, action: Callable[[], None]) -> NoteStore | None:
        """The notes, or None while they are still being read: ``action`` (a key
        that needs them) then runs once they are."""
        if self.store is None:
            self._waiting.append(action)
        return self.store

    def _go_to_note(self) -> None:
        store, ident = self.store, self.goto_note
        self.goto_note = None
        if store is None or ident is None:
            return
        note = next((a for a in store.annotations if a.id == ident), None)
        if note is not None and not note.is_orphan:
            self.view.move_to(self.article.paragraph_at(note.start))

    def refresh_notes(self) -> None:
        store = self.store
        notes = [] if store is None else store.annotations
        self.view.set_marks(marks_by_paragraph(self.article, notes))
        self.follow(self.view.cursor)

    def follow(self, paragraph: int) -> None:
        """Show the notes on ``paragraph`` in the pane (once they are read)."""
        store = self.store
        if store is None:
            return
        hint = "no notes here · v selects, h highlights, a writes a note"
        self.pane.show(store.for_paragraph(paragraph), hint)

    # -- the selection ----------------------------------------------------------

    def _text(self, paragraph: int) -> str:
        return self.article.paragraphs[paragraph].text

    def action_select(self) -> None:
        view = self.view
        if view.selection is not None:
            view.set_selection(None)
            return
        started = sel.start_selection(view.cursor, self._text(view.cursor))
        if started is None:
            self.notify("nothing to select in this paragraph", markup=False)
        view.set_selection(started)

    def _change(self, how: Callable[[sel.Selection, str], sel.Selection]) -> None:
        current = self.view.selection
        if current is None:
            self.notify("press v to start a selection", markup=False)
            return
        self.view.set_selection(how(current, self._text(current.paragraph)))

    def action_grow_word(self) -> None:
        self._change(sel.grow_word)

    def action_shrink_word(self) -> None:
        self._change(sel.shrink_word)

    def action_grow_sentence(self) -> None:
        self._change(sel.grow_sentence)

    def action_shrink_sentence(self) -> None:
        self._change(sel.shrink_sentence)

    def _selected(self) -> tuple[int, int, str] | None:
        """The selection as plain-text offsets and its words, or None (with a hint)."""
        current = self.view.selection
        if current is None:
            self.notify("select a passage first: v, then w or ) to extend it", markup=False)
            return None
        paragraph = self.article.paragraphs[current.paragraph]
        return (
            paragraph.start + current.start,
            paragraph.start + current.end,
            current.text(paragraph.text),
        )

    # -- highlights and notes -----------------------------------------------------

    def action_highlight(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._add_note(chosen[0], chosen[1], "", "")

    def action_annotate(self) -> None:
        from reader.tui.forms import NoteDialog

        chosen = self._selected()
        if chosen is None:
            return
        start, end, quote = chosen

        def done(form: NoteForm | None) -> None:
            if form is not None:
                self._add_note(start, end, form.note, form.tags)

        self.app.push_screen(NoteDialog(quote), done)

    def _add_note(self, start: int, end: int, note: str, tags: str) -> None:
        from reader.core.notes.model import parse_tags

        store = self._store_or_wait(partial(self._add_note, start, end, note, tags))
        if store is None:
            return
        try:
            store.add(self.article, start, end, note=note, tags=parse_tags(tags))
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self.view.set_selection(None)
        self.refresh_notes()
        self.notify("note saved" if note.strip() else "highlighted", markup=False)

    # -- editing, deleting, undoing --------------------------------------------------

    def chosen_note(self) -> Annotation | None:
        """The note the notes pane points at, else the paragraph's first (or None,
        with a hint)."""
        pane = self.pane
        notes = pane.notes
        if not notes:
            self.notify("no note on this paragraph (m goes to the next one)", markup=False)
            return None
        index = pane.highlighted if pane.highlighted is not None else 0
        return notes[min(index, len(notes) - 1)]

    def _writable(self) -> NoteStore | None:
        store = self.store
        if store is not None and store.error is not None:
            self.notify(
                f"{store.error} (your notes on this text are read-only until then)",
                severity="error",
                markup=False,
            )
            return None
        return store

    def action_edit_note(self) -> None:
        from reader.tui.forms import NoteDialog

        if self._store_or_wait(self.action_edit_note) is None:
            return
        note = self.chosen_note()
        if note is None or self._writable() is None:
            return

        def done(form: NoteForm | None) -> None:
            if form is not None:
                self._edit_note(note, form)

        self.app.push_screen(
            NoteDialog(note.quote.exact, note.note, ", ".join(note.tags), editing=True), done
        )

    def _edit_note(self, before: Annotation, form: NoteForm) -> None:
        from reader.core.notes.model import parse_tags

        store = self._writable()
        if store is None:
            return
        try:
            after = store.edit(before.id, note=form.note, tags=parse_tags(form.tags))
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        if after.content() != before.content():
            self.undo_stack.append(before)
        self.refresh_notes()
        self.notify("note changed · u undoes", markup=False)

    def action_delete_note(self) -> None:
        if self._store_or_wait(self.action_delete_note) is None:
            return
        note = self.chosen_note()
        store = self._writable()
        if note is None or store is None:
            return
        try:
            gone = store.delete(note.id)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self.undo_stack.append(gone)
        self.refresh_notes()
        what = "note" if gone.note.strip() else "highlight"
        self.notify(f"{what} deleted · u or ctrl+z brings it back", markup=False)

    def action_undo(self) -> None:
        if self._store_or_wait(self.action_undo) is None:
            return
        store = self._writable()
        if store is None:
            return
        if not self.undo_stack:
            self.notify("nothing to undo", markup=False)
            return
        before = self.undo_stack.pop()
        try:
            store.restore(before)
        except ReaderError as err:
            self.undo_stack.append(before)
            self.notify(str(err), severity="error", markup=False)
            return
        self.refresh_notes()
        if not before.is_orphan:
            self.view.move_to(self.article.paragraph_at(before.start))
        self.notify("undone", markup=False)

    def action_reattach(self) -> None:
        if self._store_or_wait(self.action_reattach) is None:
            return
        ident = self.reattach_id
        if ident is None:
            self.notify("choose an orphaned note on the notes screen (ctrl+n) first", markup=False)
            return
        chosen = self._selected()
        store = self._writable()
        if chosen is None or store is None:
            return
        try:
            store.reattach(ident, self.article, chosen[0], chosen[1])
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self.reattach_id = None
        self.view.set_selection(None)
        self.refresh_notes()
        self.notify("note re-attached to the selected passage", markup=False)

    def _note_paragraphs(self) -> list[int]:
        store = self.store
        if store is None:
            return []
        return sorted(
            {self.article.paragraph_at(a.start) for a in store.annotations if not a.is_orphan}
        )

    def action_next_note(self) -> None:
        if self._store_or_wait(self.action_next_note) is None:
            return
        later = [p for p in self._note_paragraphs() if p > self.view.cursor]
        if later:
            self.view.move_to(later[0])
        else:
            self.notify("no more notes below", markup=False)

    def action_prev_note(self) -> None:
        if self._store_or_wait(self.action_prev_note) is None:
            return
        earlier = [p for p in self._note_paragraphs() if p < self.view.cursor]
        if earlier:
            self.view.move_to(earlier[-1])
        else:
            self.notify("no notes above", markup=False)

    # -- the glossary -------------------------------------------------------------

    def action_glossary_add(self) -> None:
        from reader.tui.forms import EntryDialog

        chosen = self._selected()
        if chosen is None:
            return

        def done(form: EntryForm | None) -> None:
            if form is not None:
                self._add_entry(form)

        self.app.push_screen(EntryDialog(entry_name(chosen[2])), done)

    def _add_entry(self, form: EntryForm) -> None:
        from reader.core.glossary import load_glossary, new_entry

        library = self.library
        try:
            entry = new_entry(form.name, form.kind, form.summary, dates=form.dates)
            glossary, _ = load_glossary(library)
            glossary.add_user_entry(entry)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self.view.set_selection(None)
        self.notify(f"added {entry.name} to your glossary", markup=False)
        self.post_message(self.GlossaryChanged(self))
