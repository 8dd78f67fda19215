"""The reading screen: the article, and the panes that follow its cursor."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList

from reader.core.library import Library
from reader.core.model import Article
from reader.tui.annotating import Annotating
from reader.tui.article_view import ArticleView
from reader.tui.commands import READING, bindings_for
from reader.tui.find_bar import FindBar, find_hits, term_hits
from reader.tui.inputs import defer_while_navigating, open_at_once, pass_on_typing
from reader.tui.messages import GoBack, OpenNotes, OpenSearch, ShowHelp, Tell
from reader.tui.pane_data import PaneData
from reader.tui.panes import FootnotesPane, GlossaryPane
from reader.tui.places import TextPlace
from reader.tui.reading_dialogs import open_note_url, show_entry, show_note, show_sources, show_toc
from reader.tui.top_bar import TopBar

if TYPE_CHECKING:
    from reader.core.articles import Articles
    from reader.tui.glossary_source import ArticleGlossary

NARROW = 110
"""Below this many columns the side panes become a drawer (``d``)."""

SAVE_DELAY = 1.5
"""Seconds the cursor rests before its position is written to the state file."""


class ReadingScreen(Screen[None]):
    """One text, a paragraph cursor, footnotes and glossary beside it."""

    SCREEN_KIND = READING
    BINDINGS = bindings_for(READING)
    AUTO_FOCUS = "#article"

    def __init__(
        self,
        article: Article,
        library: Library,
        *,
        paragraph: int = 0,
        terms: Sequence[str] = (),
        measure: int = 80,
        glossary: Callable[[Article], ArticleGlossary] | None = None,
        forget_glossary: Callable[[Article], None] | None = None,
        remember: Callable[[Article, int], None] | None = None,
        index_lock: threading.RLock | None = None,
        note: str | None = None,
        reattach: str | None = None,
        footnote: str | None = None,
        articles: Articles | None = None,
    ) -> None:
        """``glossary`` matches the glossary against a text (slow: run in a worker),
        ``forget_glossary`` drops what it kept after the user added an entry,
        ``remember`` records where the text was left, and ``articles`` (the app's
        parsed texts) give the paragraphs a glossary entry's mentions list."""
        super().__init__()
        self.article = article
        self.library = library
        self.forget_glossary = forget_glossary
        self.remember = remember
        self.index_lock = index_lock
        self.articles = articles
        self.goto_footnote = footnote
        """The label of a footnote to highlight once the text is shown (a search hit in it)."""
        self._note, self._reattach = note, reattach
        self.annotating: Annotating
        """Selecting and the user's notes (made with the article view, in :meth:`compose`)."""
        self.glossary_loader = glossary
        self.article_glossary: ArticleGlossary | None = None
        self.data = PaneData(article)
        self.start_paragraph = paragraph
        self.terms = tuple(terms)
        self.measure = measure
        self.back_stack: list[int] = []
        self.drawer_open = False
        self._drawer_for_pane = False
        """The drawer was opened by a key acting on a pane (``f``, ``e``): leaving
        the pane closes it again."""
        self._save_timer: Timer | None = None
        self._saved_at: int | None = None

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        view = ArticleView(
            self.article, measure=self.measure, cursor=self.start_paragraph, id="article"
        )
        self.annotating = Annotating(
            self.article, self.library, view, note=self._note, reattach=self._reattach
        )
        yield TopBar(id="topbar")
        with Horizontal(id="body"):
            with Vertical(id="article-column"):
                yield view
                yield FindBar(placeholder="find in this text", id="find")
            with Vertical(id="side"):
                yield FootnotesPane(id="footnotes")
                yield GlossaryPane(id="glossary")
                yield self.annotating.pane
        yield Footer()
        yield self.annotating

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def footnotes(self) -> FootnotesPane:
        return self.query_one("#footnotes", FootnotesPane)

    @property
    def glossary(self) -> GlossaryPane:
        return self.query_one("#glossary", GlossaryPane)

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        if self.terms:
            self.view.set_hits(term_hits(self.article, self.terms))
            self.view.mark_hit_at_cursor()
        self.update_panes(self.view.cursor)
        if self.goto_footnote is not None:
            self.call_after_refresh(self._show_footnote, self.goto_footnote)
        if self.glossary_loader is not None:
            self.call_after_refresh(self.load_glossary)
        self.call_after_refresh(self.annotating.load)

    def _show_footnote(self, label: str) -> None:
        """A search hit found in a footnote: that note highlighted in the pane."""
        labels = [item.label for item in self.footnotes.items]
        if label in labels:
            self.footnotes.focus_note(labels.index(label))

    @on(Annotating.GlossaryChanged)
    def reload_glossary(self) -> None:
        """Match the glossary again (after the user added an entry)."""
        if self.forget_glossary is not None:
            self.forget_glossary(self.article)
        if self.glossary_loader is not None:
            self.load_glossary()

    @work(thread=True, exclusive=True, group="glossary")
    def load_glossary(self) -> None:
        """Match the glossary against the article off the UI thread, then fill the pane."""
        assert self.glossary_loader is not None
        found = self.glossary_loader(self.article)
        self.app.call_from_thread(self._glossary_ready, found)

    def _glossary_ready(self, found: ArticleGlossary) -> None:
        self.article_glossary = found
        self.data.set_glossary(found.items)
        if found.problems:
            self.app.post_message(Tell(list(found.problems)))
        if self.is_mounted:
            self.update_panes(self.view.cursor)

    def on_key(self, event: events.Key) -> None:
        if defer_while_navigating(self, event) or isinstance(self.focused, Input):
            return  # the find bar
        if not pass_on_typing(self, event):  # keys typed right after s or ctrl+n
            open_at_once(self, event)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.refresh_bindings()  # the footer offers d on a narrow terminal only
            self.query_one(Footer).compact = narrow  # and has room for it
        self.set_class(narrow, "-narrow")
        self.set_class(narrow and self.drawer_open, "-drawer")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_drawer":
            return self.has_class("-narrow")
        return True

    def _show_pane(self) -> None:
        """A key acting on a pane, the panes folded away: open the drawer."""
        if self.has_class("-narrow") and not self.drawer_open:
            self.drawer_open = self._drawer_for_pane = True
            self._apply_width(self.app.size.width)

    def _leave_pane(self) -> None:
        """Back in the text: a drawer opened for a pane is closed again."""
        if self._drawer_for_pane:
            self.drawer_open = self._drawer_for_pane = False
            self._apply_width(self.app.size.width)
        self.view.focus()

    # -- following the cursor -------------------------------------------------

    def update_panes(self, paragraph: int) -> None:
        """Show what ``paragraph`` cites and mentions; update the progress."""
        self.footnotes.show(self.data.notes(paragraph))
        self.glossary.show(self.data.glossary(paragraph))
        self.annotating.follow(paragraph)
        self._update_topbar(paragraph)

    def _update_topbar(self, paragraph: int) -> None:
        view = self.view
        self.query_one(TopBar).show(
            self.article,
            paragraph,
            width=self.size.width,
            hits=len(view.hits),
            current=view.current_hit,
        )

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        selected = self.view.selection
        if selected is not None and selected.paragraph != event.paragraph:
            self.view.set_selection(None)
        if self.focused in (self.footnotes, self.glossary):
            self.view.focus()
        self.update_panes(event.paragraph)
        self._schedule_save()

    @on(ArticleView.MarkerClicked)
    def _marker_clicked(self, event: ArticleView.MarkerClicked) -> None:
        labels = [item.label for item in self.footnotes.items]
        if event.label in labels:
            self.back_stack.append(event.paragraph)
            self.footnotes.focus_note(labels.index(event.label))

    # -- saving the place -----------------------------------------------------

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_position)

    def save_position(self) -> None:
        """Write the cursor's paragraph to the state file (if it changed)."""
        if not self.is_mounted:
            return
        cursor = self.view.cursor
        if cursor == self._saved_at:
            return
        self._saved_at = cursor
        if self.remember is not None:
            self.remember(self.article, cursor)

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()

    # -- actions: moving ------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.view.move_to(self.view.cursor + 1)

    def action_cursor_up(self) -> None:
        self.view.move_to(self.view.cursor - 1)

    def action_page_down(self) -> None:
        self.view.page(1)

    def action_page_up(self) -> None:
        self.view.page(-1)

    def action_first(self) -> None:
        self.view.move_to(0, top=True)

    def action_last(self) -> None:
        self.view.move_to(len(self.article.paragraphs) - 1)

    def action_next_heading(self) -> None:
        self.view.heading(1)

    def action_prev_heading(self) -> None:
        self.view.heading(-1)

    # -- actions: notes ---------------------------------------------------------

    def action_follow(self) -> None:
        pane = self.footnotes
        if not pane.items:
            self.notify("no footnotes in this paragraph", markup=False)
            return
        self._show_pane()
        if pane.highlighted is None:
            self.back_stack.append(self.view.cursor)
            pane.focus_note(0)
        else:
            pane.focus_note(pane.highlighted + 1)
        pane.focus()  # enter now shows the note in full, ↑/↓ read and move through the notes

    def action_go_back(self) -> None:
        """Back to the paragraph before a followed note or a jump, else to the
        screen this text was opened from (another text, the search, the notes)."""
        pane = self.footnotes
        if self.back_stack:
            target = self.back_stack.pop()
            self.view.move_to(target)
            self.update_panes(target)
        elif pane.highlighted is None:
            self.save_position()
            self.app.post_message(GoBack())
        pane.highlighted = None
        self._leave_pane()

    @on(OptionList.OptionSelected, "#footnotes")
    def _note_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a note: the note in full (an Ibid./op. cit.: enter again goes
        to the paragraph that cites the full citation)."""
        if self.footnotes.focused_item is not None:
            show_note(self, self.footnotes.focused_item)

    def action_open_url(self) -> None:
        open_note_url(self)

    def action_glossary_entry(self) -> None:
        """Highlight the paragraph's next glossary entry, in full in its pane
        (↑/↓ move between them there, enter opens the entry and its mentions)."""
        pane = self.glossary
        if not pane.items:
            self.notify("no glossary entry for this paragraph", markup=False)
            return
        self._show_pane()
        pane.focus_entry(0 if pane.highlighted is None else pane.highlighted + 1)
        pane.focus()

    @on(OptionList.OptionSelected, "#notes")
    def _my_note_chosen(self) -> None:
        """Enter on one of your notes: edit it."""
        self.annotating.action_edit_note()

    @on(OptionList.OptionSelected, "#glossary")
    def _entry_chosen(self, event: OptionList.OptionSelected) -> None:
        show_entry(self, event.option_index)

    # -- actions: selecting and your notes (the Annotating component does them) --

    def action_select(self) -> None:
        self.annotating.action_select()

    def action_grow_word(self) -> None:
        self.annotating.action_grow_word()

    def action_shrink_word(self) -> None:
        self.annotating.action_shrink_word()

    def action_grow_sentence(self) -> None:
        self.annotating.action_grow_sentence()

    def action_shrink_sentence(self) -> None:
        self.annotating.action_shrink_sentence()

    def action_highlight(self) -> None:
        self.annotating.action_highlight()

    def action_annotate(self) -> None:
        self.annotating.action_annotate()

    def action_edit_note(self) -> None:
        self.annotating.action_edit_note()

    def action_delete_note(self) -> None:
        self.annotating.action_delete_note()

    def action_undo(self) -> None:
        self.annotating.action_undo()

    def action_reattach(self) -> None:
        self.annotating.action_reattach()

    def action_next_note(self) -> None:
        self.annotating.action_next_note()

    def action_prev_note(self) -> None:
        self.annotating.action_prev_note()

    def action_glossary_add(self) -> None:
        self.annotating.action_glossary_add()

    # -- actions: panels ------------------------------------------------------

    def action_toc(self) -> None:
        show_toc(self)

    def action_copy_quote(self) -> None:
        from reader.tui.quoting import copy_quote

        copy_quote(self)

    def action_copy_format(self) -> None:
        from reader.tui.quoting import next_format

        next_format(self)

    def action_sources(self) -> None:
        show_sources(self)

    def action_toggle_drawer(self) -> None:
        self.drawer_open = not self.drawer_open
        self._drawer_for_pane = False
        self._apply_width(self.app.size.width)

    # -- find -----------------------------------------------------------------

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        bar.add_class("-open")
        bar.focus()

    def action_close_find(self) -> None:
        """Escape in the find bar: close it, keeping its hits marked if it holds a search."""
        self.close_find(keep_hits=bool(self.query_one(FindBar).value.strip()))

    def close_find(self, keep_hits: bool) -> None:
        bar = self.query_one(FindBar)
        bar.remove_class("-open")
        if not keep_hits:
            bar.value = ""
            self.view.set_hits([])
            self._update_topbar(self.view.cursor)
        self.view.focus()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self.view.set_hits(find_hits(self.article, event.value))
        count = len(self.view.hits)
        bar = self.query_one(FindBar)
        bar.border_subtitle = f"{count} hit{'s' if count != 1 else ''}" if event.value else ""

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        self.close_find(keep_hits=bool(query))
        if query and self.view.goto_hit(1, from_cursor=True) is None:
            self.notify(f"not found: {query}", markup=False, severity="warning")
        self._update_topbar(self.view.cursor)

    def action_find_next(self) -> None:
        self._goto_hit(1)

    def action_find_prev(self) -> None:
        self._goto_hit(-1)

    def _goto_hit(self, direction: int) -> None:
        if self.view.goto_hit(direction) is None:
            self.notify("nothing to find: press / first", markup=False)
        self._update_topbar(self.view.cursor)

    # -- leaving --------------------------------------------------------------

    def place(self) -> TextPlace:
        """This text at the cursor's paragraph (built again by going back to it)."""
        return TextPlace(self.article.id, self.view.cursor, self.terms)

    def action_back(self) -> None:
        """``q``: back to where the text was opened from (a selection is dropped first)."""
        if self.view.selection is not None:
            self.view.set_selection(None)
            return
        self.save_position()
        self.app.post_message(GoBack())

    def action_close(self) -> None:
        """``escape``: leave a side pane, else drop the selection, else the find's
        marks, else go back."""
        if self.focused in (self.footnotes, self.glossary):
            self.footnotes.highlighted = None
            self._leave_pane()
            return
        bar = self.query_one(FindBar)
        if self.view.selection is None and bar.value.strip():
            self.close_find(keep_hits=False)
            return
        self.action_back()

    def action_search(self) -> None:
        self.app.post_message(OpenSearch())

    def action_notes(self) -> None:
        self.app.post_message(OpenNotes())

    def action_help(self) -> None:
        self.app.post_message(ShowHelp(READING, "Reading"))
