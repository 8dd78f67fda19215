"""Selecting, highlighting and annotating in the reading screen.

:class:`Annotating` is mixed into the reading screen: the selection keys
(``v``, ``w``/``W``, ``)``/``(``), highlighting (``h``), a note (``a``),
editing (``E``), deleting (``x``) and undoing (``u``) a note, re-attaching an
orphaned note to the selection (``r``), moving between notes (``m``/``M``)
and adding words to the glossary (``+``).
Notes are kept by :class:`reader.core.notes.NoteStore` (the user's TOML file,
written safely); this module only draws and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.model import Article
from reader.tui import selection as sel
from reader.tui.article_view import ArticleView
from reader.tui.wrapping import Span

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.notes import Annotation, NoteStore
    from reader.tui.forms import EntryForm, NoteForm


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


def entry_name(words: str) -> str:
    """A glossary name from selected words: one line, without the punctuation
    and quotes a selection by words or sentences carries ("Millière," → "Millière")."""
    name = " ".join(words.split())
    while True:
        trimmed = name.strip(" \"'“”‘’«»()[]{}*_").rstrip(".,;:!?…")
        if trimmed == name:
            return name
        name = trimmed


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return f"“{flat}”" if len(flat) <= width else f"“{flat[: width - 1].rsplit(' ', 1)[0]} …”"


class Annotating:
    """The note-taking half of the reading screen (mixed into it)."""

    article: Article
    notes_store: NoteStore | None = None
    notify: Callable[..., None]
    goto_note: str | None = None
    """The id of a note to put the cursor on once the notes are read."""
    reattach_id: str | None = None
    """The id of an orphaned note waiting for a passage (``r`` attaches it)."""
    undo_stack: list[Annotation]

    if TYPE_CHECKING:
        from textual.app import App

        app: App[None]

        @property
        def view(self) -> ArticleView: ...

        library: Library

        @property
        def notes_pane(self) -> NotesPane: ...

        def reload_glossary(self) -> None: ...

    # -- the store ------------------------------------------------------------

    def load_notes(self) -> None:
        """Read this text's notes (and follow the text if it changed since)."""
        from reader.core.notes import NoteStore

        store = NoteStore(self.library, self.article.id)
        self.notes_store = store
        try:
            store.load()
            store.reanchor(self.article)
        except ReaderError as err:
            self.notify(
                f"{err} (your notes on this text are read-only until then)",
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

    def _go_to_note(self) -> None:
        store, ident = self.notes_store, self.goto_note
        self.goto_note = None
        if store is None or ident is None:
            return
        note = next((a for a in store.annotations if a.id == ident), None)
        if note is not None and not note.is_orphan:
            self.view.move_to(self.article.paragraph_at(note.start))

    def refresh_notes(self) -> None:
        store = self.notes_store
        notes = [] if store is None else store.annotations
        self.view.set_marks(marks_by_paragraph(self.article, notes))
        self.update_notes_pane(self.view.cursor)

    def update_notes_pane(self, paragraph: int) -> None:
        store = self.notes_store
        notes = [] if store is None else store.for_paragraph(paragraph)
        hint = "no notes here · v selects, h highlights, a writes a note"
        self.notes_pane.show(notes, hint)

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

        store = self.notes_store
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
        pane = self.notes_pane
        notes = pane.notes
        if not notes:
            self.notify("no note on this paragraph (m goes to the next one)", markup=False)
            return None
        index = pane.highlighted if pane.highlighted is not None else 0
        return notes[min(index, len(notes) - 1)]

    def _writable(self) -> NoteStore | None:
        store = self.notes_store
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
        store = self.notes_store
        if store is None:
            return []
        return sorted(
            {self.article.paragraph_at(a.start) for a in store.annotations if not a.is_orphan}
        )

    def action_next_note(self) -> None:
        later = [p for p in self._note_paragraphs() if p > self.view.cursor]
        if later:
            self.view.move_to(later[0])
        else:
            self.notify("no more notes below", markup=False)

    def action_prev_note(self) -> None:
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
        self.reload_glossary()
