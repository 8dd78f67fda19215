"""Sources: the works a text cites, or the library's bibliography.

Opened from a text (``S``), it lists the works that text cites, most cited
first, each followed by the places citing it; opened from the library
(ctrl+b), every work the library cites, each "cited in" every text citing it
(read from the search index, not by parsing the texts). Typing filters by
author, title or text; Enter on a place (or on a work: its first place) asks
the app to open that text there, which keeps this list (its filter, the row
chosen) on its back stack: ``q`` in the text comes back to it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.commands import SOURCES, bindings_for, bound_keys
from reader.tui.inputs import ListFilter, pass_on_typing, type_to_filter
from reader.tui.messages import GoBack, OpenText, ShowHelp
from reader.tui.places import SourcesPlace

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Article
    from reader.core.sources.model import Place, Work

BOUND_KEYS = bound_keys(SOURCES)


class SourcesFilter(ListFilter):
    LIST = "#source-list"


def library_sources(library: Library) -> tuple[list[Work], dict[str, str]]:
    """Every work the library cites, from its index, with the texts' titles."""
    from reader.core.search.catalog import catalog
    from reader.core.sources.library import stored_works

    return stored_works(library), {info.id: info.title for info in catalog(library)}


def work_content(work: Work) -> Content:
    from reader.core.sources.export import summary

    count = len(work.places)
    return Content.assemble(
        (f"{count:>3}× ", "bold"),
        summary(work.citation),
        (f"  {work.citation.kind}", "$text-muted"),
    )


def place_content(place: Place, titles: dict[str, str], *, with_text: bool) -> Content:
    from reader.core.sources.export import place_line

    return Content.assemble(
        "      ", (place_line(place, titles, with_text=with_text), "$text-muted")
    )


def matches(work: Work, words: Sequence[str], titles: dict[str, str]) -> bool:
    """Every word of the filter in the work's authors, title, container or texts."""
    if not words:
        return True
    from reader.core.footnotes import fold
    from reader.core.sources.export import summary

    said = fold(
        " ".join([summary(work.citation), *(titles.get(t, t) for t in work.texts), work.id])
    )
    return all(word in said for word in words)


class SourcesScreen(Screen[None]):
    """The works cited in one text (``article``), or in the whole library."""

    SCREEN_KIND = SOURCES
    BINDINGS = bindings_for(SOURCES)

    def __init__(
        self,
        article: Article | None = None,
        *,
        library: Library | None = None,
        index_lock: threading.RLock | None = None,
        place: SourcesPlace | None = None,
    ) -> None:
        """One text's works (``article``), else those of ``library`` (its index
        read under ``index_lock``); ``place``: the filter and row to show
        first (coming back to the list)."""
        super().__init__()
        self.start = place or SourcesPlace()
        self.article = article
        self.library = library
        self.index_lock = index_lock
        self.works: list[Work] = []
        self.titles: dict[str, str] = {}
        self.shown: list[tuple[Work, Place | None] | None] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        title = (
            f"Works cited in {self.article.meta.title}"
            if self.article is not None
            else "Works cited in the library"
        )
        yield Static(Content.styled(title, "bold $accent"), id="sources-title")
        yield SourcesFilter(
            value=self.start.words, placeholder="filter: author, title, text", id="sources-filter"
        )
        yield Static(id="sources-status")
        yield OptionList(id="source-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#source-list", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="sources")
    def load(self) -> None:
        from reader.core.errors import ReaderError

        if self.article is not None:
            from reader.core.sources import works_of

            works = works_of(self.article)
            titles = {self.article.id: self.article.meta.title}
        else:
            assert self.library is not None, "the library's works need the library"
            try:
                with self.index_lock or nullcontext():
                    works, titles = library_sources(self.library)
            except ReaderError as err:
                self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
                works, titles = [], {}
        self.app.call_from_thread(self._loaded, works, titles)

    def _loaded(self, works: list[Work], titles: dict[str, str]) -> None:
        self.works = works
        self.titles = titles
        self.loaded = True
        self.refresh_list()
        if self.start.row is not None:
            index = next((n for n, r in enumerate(self.shown) if _row(r) == self.start.row), None)
            if index is not None:
                self.query_one("#source-list", OptionList).highlighted = index

    def refresh_list(self) -> None:
        from reader.core.footnotes import fold

        words = fold(self.query_one(SourcesFilter).value).split()
        listing = self.query_one("#source-list", OptionList)
        listing.clear_options()
        self.shown = []
        options: list[Option | None] = []
        whole_library = self.article is None
        shown = [w for w in self.works if matches(w, words, self.titles)]
        for work_ in shown:
            if options:
                options.append(None)
            options.append(Option(work_content(work_)))
            self.shown.append((work_, None))
            for place in work_.places:
                options.append(Option(place_content(place, self.titles, with_text=whole_library)))
                self.shown.append((work_, place))
        if not options:
            hint = "no work matches the filter" if self.works else "no works cited"
            if not self.loaded:
                hint = "reading the notes…"
            options.append(Option(Content.styled(hint, "$text-muted"), disabled=True))
            self.shown.append(None)
        listing.add_options(options)
        if shown:
            listing.highlighted = 0
        cited = sum(len(w.places) for w in shown)
        status = f"{len(shown)} of {len(self.works)} works · cited {cited} times"
        self.query_one("#sources-status", Static).update(Content(status))

    # -- filtering --------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A printable key pressed on the list starts the filter."""
        if pass_on_typing(self, event):
            return
        type_to_filter(self, event, self.query_one(SourcesFilter), BOUND_KEYS)

    @on(Input.Changed, "#sources-filter")
    def _filter_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#sources-filter")
    def _filter_submitted(self) -> None:
        self.action_open_place()

    # -- opening ----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#source-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def action_open_place(self) -> None:
        """Open the highlighted place (a work: its first place)."""
        index = self.query_one("#source-list", OptionList).highlighted
        self._open(index if index is not None else 0)

    def _open(self, index: int) -> None:
        if not 0 <= index < len(self.shown):
            return
        row = self.shown[index]
        if row is None:
            return
        work_, place = row
        place = place or (work_.places[0] if work_.places else None)
        if place is not None:
            self.query_one("#source-list").focus()  # coming back: keys are commands
            self.app.post_message(
                OpenText(place.text, paragraph=place.paragraph, footnote=place.note)
            )

    def place(self) -> SourcesPlace:
        """The list's text, its filter and the row highlighted (built again by
        going back to it)."""
        index = self.query_one("#source-list", OptionList).highlighted
        row = self.shown[index] if index is not None and index < len(self.shown) else None
        return SourcesPlace(
            self.article.id if self.article is not None else None,
            self.query_one(SourcesFilter).value,
            _row(row) if self.loaded else self.start.row,
        )

    def action_back(self) -> None:
        self.app.post_message(GoBack())

    def action_help(self) -> None:
        self.app.post_message(ShowHelp(SOURCES, "Sources"))


def _row(row: tuple[Work, Place | None] | None) -> tuple[str, int | None] | None:
    """What names a row of the list again: its work and the place's index in it."""
    if row is None:
        return None
    work_, place = row
    return work_.id, (None if place is None else work_.places.index(place))
