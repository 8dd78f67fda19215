"""The search screen: results as you type, grouped by text, Enter opens the paragraph."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.core.articles import Articles
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.tui.commands import SEARCH, bindings_for, bound_keys
from reader.tui.inputs import ReaderInput, defer_while_navigating
from reader.tui.messages import GoBack, OpenNotes, OpenText, ShowHelp
from reader.tui.places import SearchPlace

if TYPE_CHECKING:
    from reader.core.search import Searcher, SearchHit, SearchResults

LIMIT = 40
BOUND_KEYS = bound_keys(SEARCH)
KIND_NAMES = {"text": "", "note": "your note", "glossary": "glossary"}
_OPERATORS = {"and", "or", "not"}


def query_terms(query: str, hits: Sequence[SearchHit] = ()) -> list[str]:
    """The words to highlight in an opened text: the query's phrases and plain
    words (not excluded ones, not fields, not little words like 'the') and
    every form the index matched (``revolutions`` for ``revolution``)."""
    # Deferred: the analyzer loads whoosh, which only a search needs.
    from reader.core.search.analysis import STOP_WORDS

    words: list[str] = []

    def add(term: str) -> None:
        term = " ".join(term.split())
        if term and term.casefold() not in STOP_WORDS and term not in words:
            words.append(term)

    skip_next = False
    for phrase, token in re.findall(r'(-?"[^"]*"?)|(-?[\w*~\'’]+(?::[\w*~\'’-]+)?)', query):
        if phrase:
            if not phrase.startswith("-") and not skip_next:
                add(phrase.strip('"'))
            skip_next = False
            continue
        if token.casefold() == "not":
            skip_next = True
            continue
        if skip_next or token.startswith("-") or ":" in token or token.casefold() in _OPERATORS:
            skip_next = False
            continue
        add(token.strip("*~'’"))
    for hit in hits:
        for piece, is_match in hit.snippet:
            if is_match:
                add(piece)
    return words


def snippet_content(hit: SearchHit) -> Content:
    """The snippet with its matches highlighted (plain text, never markup)."""
    return Content.assemble(
        *(
            (text.replace("\n", " "), "bold reverse $accent" if match else "")
            for text, match in hit.snippet
        )
    )


class SearchInput(ReaderInput):
    """The query; ↓ goes to the results."""

    def on_key(self, event: events.Key) -> None:
        if event.key == "down":
            event.stop()
            event.prevent_default()
            results = self.screen.query_one("#results", OptionList)
            results.focus()
            if results.highlighted is None:
                results.action_first()


class SearchResultsList(OptionList):
    """The hits; ↑ on the first one goes back to the query."""

    def on_key(self, event: events.Key) -> None:
        above = self.options[: self.highlighted or 0]
        if event.key == "up" and not any(not o.disabled for o in above):
            event.stop()
            event.prevent_default()
            self.screen.query_one(SearchInput).focus()


class SearchScreen(Screen[None]):
    """Search every text, note and glossary entry."""

    SCREEN_KIND = SEARCH
    BINDINGS = bindings_for(SEARCH)
    AUTO_FOCUS = "#query"

    def __init__(
        self,
        library: Library,
        index_lock: threading.RLock,
        query: str = "",
        *,
        chosen: tuple[str, int | None, str | None] | None = None,
        articles: Articles | None = None,
    ) -> None:
        """``articles``: the app's parsed texts, to cut a snippet for every
        matching paragraph (a cache of this screen's own when not given)."""
        super().__init__()
        self.library = library
        self.index_lock = index_lock
        self.initial_query = query
        self.chosen = chosen
        """The hit to highlight when the results come (coming back to them)."""
        self.option_hits: list[SearchHit | None] = []
        self.results: SearchResults | None = None
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()
        self.articles = articles if articles is not None else Articles(library)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Search everything", "bold $accent"), id="search-title")
        yield SearchInput(
            value=self.initial_query,
            placeholder='words, "a phrase", OR, -not, title:, author:, date:2011, prefix*, fuzzy~',
            id="query",
        )
        yield Static(id="search-status")
        yield SearchResultsList(id="results")
        yield Footer()

    def on_mount(self) -> None:
        if self.initial_query:
            self.run_search(self.initial_query)

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the query box had the focus (typed right after ``s``)
        or on the results list go to the query."""
        if defer_while_navigating(self, event):
            return
        box = self.query_one(SearchInput)
        if self.focused is box or not event.is_printable or not event.character:
            return
        if self.focused is not None and event.key in BOUND_KEYS:
            return  # ? on the results list is still the help
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert_text_at_cursor(event.character)

    def on_unmount(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # -- searching ------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value != self.initial_query:
            self.chosen = None  # a new query: its own first hit
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer query cancels this one and its results are dropped."""
        worker = get_current_worker()
        if not query.strip():
            self.app.call_from_thread(self._show, query, None, None)
            return
        with self._lock:
            if worker.is_cancelled:
                return
            try:
                lock = self.index_lock
                if not lock.acquire(blocking=False):
                    self.app.call_from_thread(self._waiting, query)
                    lock.acquire()
                try:
                    searcher = self._open_searcher()
                    searcher.refresh()
                finally:
                    lock.release()
                # The paragraphs `reader search --limit LIMIT` prints; notes and
                # entries besides, as many again (texts never crowd them out).
                results = searcher.paragraphs(query, limit=LIMIT, others=LIMIT)
            except ReaderError as err:
                if not worker.is_cancelled:
                    self.app.call_from_thread(self._show, query, None, err.message)
                return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, results, None)

    def _open_searcher(self) -> Searcher:
        if self._searcher is None:
            from reader.core.search.query import Searcher
            from reader.core.search.sync import sync

            library = self.library
            try:
                self._searcher = Searcher(library)
            except ReaderError:
                sync(library)  # no index yet: build it once, then search
                self._searcher = Searcher(library)
        return self._searcher

    def _waiting(self, query: str) -> None:
        if query == self.query_one(SearchInput).value:
            self.query_one("#search-status", Static).update(
                Content.styled(
                    "the index is being brought up to date; results follow", "$text-muted"
                )
            )

    def _show(self, query: str, results: SearchResults | None, error: str | None) -> None:
        from reader.core.search import count_line

        if query != self.query_one(SearchInput).value:
            return  # a stale answer: the user typed on
        self.results = results
        status = self.query_one("#search-status", Static)
        results_list = self.query_one("#results", OptionList)
        results_list.clear_options()
        self.option_hits = []
        if error is not None:
            status.update(Content.styled(error, "$warning"))
            return
        if results is None:
            status.update("")
            return
        parts: list[str | tuple[str, str]] = [count_line(results)]
        if results.suggestion:
            parts += ["  ·  did you mean ", (results.suggestion, "bold $accent"), "?"]
            if not results.hits:
                parts.append(("  (enter searches for it)", "$text-muted"))
        status.update(Content.assemble(*parts))
        self._fill(results.hits)

    def _fill(self, hits: list[SearchHit]) -> None:
        """The hits under their text and heading, as the CLI prints them
        (:func:`reader.core.search.group_hits`)."""
        from reader.core.search import group_hits

        options: list[Option | None] = []
        for group in group_hits(hits):
            if options:
                options.append(None)
            header: list[Any] = [(group.title, "bold")]
            if KIND_NAMES.get(group.kind):
                header += [("  " + KIND_NAMES[group.kind], "italic $text-muted")]
            options.append(Option(Content.assemble(*header), disabled=True))
            self.option_hits.append(None)
            for section in group.sections:
                if section.heading and group.kind == "text":
                    # A section's paragraphs share one heading line above them.
                    options.append(
                        Option(
                            Content.assemble(("§ ", "$text-muted"), (section.heading, "italic")),
                            disabled=True,
                        )
                    )
                    self.option_hits.append(None)
                for hit in section.hits:
                    snippet = snippet_content(hit)
                    if hit.note is not None:  # found in a footnote of the paragraph
                        snippet = Content.assemble((f"¶ note {hit.note}: ", "$text-muted"), snippet)
                    elif group.kind == "text":  # one per paragraph: mark where each begins
                        snippet = Content.assemble(("¶ ", "$text-muted"), snippet)
                    options.append(Option(snippet))
                    self.option_hits.append(hit)
        results_list = self.query_one("#results", OptionList)
        results_list.add_options(options)
        if self.chosen is not None:
            index = next(
                (
                    n
                    for n, h in enumerate(self.option_hits)
                    if h is not None and _identity(h) == self.chosen
                ),
                None,
            )
            if index is not None:
                results_list.highlighted = index
                results_list.focus()

    # -- opening ----------------------------------------------------------------

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        results = self.results
        if results is not None and not results.hits and results.suggestion:
            self.query_one(SearchInput).value = results.suggestion
            return
        first = next((h for h in self.option_hits if h is not None), None)
        if first is not None:
            self.open_hit(first)

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        hit = self.option_hits[event.option_index]
        if hit is not None:
            self.open_hit(hit)

    def action_open_hit(self) -> None:
        """Open the highlighted hit, else the first one."""
        results = self.query_one("#results", OptionList)
        index = results.highlighted
        hit = self.option_hits[index] if index is not None else None
        if hit is None:
            hit = next((h for h in self.option_hits if h is not None), None)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Open the hit's text at its paragraph, the query's words highlighted."""
        if hit.kind == "glossary" or not hit.text:
            self._show_entry(hit)
            return
        query = self.query_one(SearchInput).value
        terms = query_terms(query, [hit])
        results = self.query_one("#results", OptionList)
        if results.highlighted is None or self.option_hits[results.highlighted] is not hit:
            index = next((n for n, h in enumerate(self.option_hits) if h is hit), None)
            if index is not None:
                results.highlighted = index  # kept as the place to come back to
        self.app.post_message(
            OpenText(hit.text, paragraph=hit.paragraph, terms=tuple(terms), footnote=hit.note)
        )

    def place(self) -> SearchPlace:
        """The query, and the hit highlighted (built again by ``q`` from a text)."""
        results = self.query_one("#results", OptionList)
        index = results.highlighted
        hits = self.option_hits
        hit = hits[index] if index is not None and index < len(hits) else None
        return SearchPlace(
            self.query_one(SearchInput).value,
            _identity(hit) if hit is not None else self.chosen,
        )

    def _show_entry(self, hit: SearchHit) -> None:
        """A glossary hit: the whole entry (or the snippet, if it is gone)."""
        from reader.core.glossary import load_glossary
        from reader.tui.dialogs import EntryScreen
        from reader.tui.glossary_source import entry_content

        glossary, _ = load_glossary(self.library)
        entry = glossary.get(hit.title)
        content = (
            entry_content(entry)
            if entry is not None
            else Content.assemble((hit.title, "bold $accent"), "\n\n", snippet_content(hit))
        )
        self.app.push_screen(
            EntryScreen(
                content,
                entry.names if entry is not None else (),
                library=self.library,
                index_lock=self.index_lock,
                articles=self.articles,
            )
        )

    def action_back(self) -> None:
        self.app.post_message(GoBack())

    def action_notes(self) -> None:
        self.app.post_message(OpenNotes())

    def action_help(self) -> None:
        self.app.post_message(ShowHelp(SEARCH, "Search"))


def _identity(hit: SearchHit) -> tuple[str, int | None, str | None]:
    """What names a hit again in a new search: its text, paragraph and footnote."""
    return (hit.key, hit.paragraph, hit.note)
