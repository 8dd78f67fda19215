"""The reader app: a library screen, a reading screen, a search screen."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual import events, on
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.theme import Theme

from reader.core.articles import Articles
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.state import Position, anchor_of, load_state, save_position, save_theme
from reader.tui.display import plain
from reader.tui.library_screen import LibraryScreen
from reader.tui.messages import GoBack, OpenNotes, OpenSearch, OpenText, ShowHelp, Tell
from reader.tui.places import DEPTH, NotesPlace, Place, SearchPlace, SourcesPlace, TextPlace

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from reader.core.model import Article
    from reader.tui.glossary_source import ArticleGlossary
    from reader.tui.reading import ReadingScreen

NAVIGATION = (OpenText, OpenSearch, OpenNotes, GoBack)


def _reader_commands() -> type[Provider]:
    """The palette provider, imported when the palette first opens."""
    from reader.tui.palette import ReaderCommands

    return ReaderCommands


class ReaderApp(App[None]):
    """A terminal study reader."""

    TITLE = "reader"
    CSS_PATH = "reader.tcss"
    COMMANDS = App.COMMANDS | {_reader_commands}

    def __init__(
        self,
        library: Library,
        *,
        open_text: str | None = None,
        measure: int = 80,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.library = library
        self.state = load_state(library)
        self.measure = measure
        self.initial_text = open_text
        self.articles = Articles(library)
        """The parsed texts, shared by every screen that shows them."""
        self._told: set[str] = set()
        self._glossaries: WeakKeyDictionary[Article, ArticleGlossary] = WeakKeyDictionary()
        self.index_lock = threading.RLock()
        """Held while the index is written; readers wait for it (whoosh may fail to
        read a commit in progress)."""
        self.history: list[Place] = []
        """The back stack: the screens closed on the way here, the latest last."""
        self.navigating = 0
        """Screens asked for and not yet opened: keys typed meanwhile wait for them."""

    # -- keys typed while a screen opens --------------------------------------

    def post_message(self, message: Message) -> bool:
        if isinstance(message, NAVIGATION):
            self.navigating += 1
        return super().post_message(message)

    async def on_event(self, event: events.Event) -> None:
        if self.navigating and isinstance(event, events.Key) and not event.is_forwarded:
            # Behind the message: the key reaches the screen it opens.
            self.post_message(events.Key(event.key, event.character))
            return
        await super().on_event(event)

    @contextmanager
    def _navigation(self) -> Iterator[None]:
        try:
            yield
        finally:
            self.navigating = max(0, self.navigating - 1)

    # -- start and stop -------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every message goes out as plain text, whatever the caller asked: they
        name files and quote the user's words, and a file name can hold escape
        sequences (or markup) the parser never saw."""
        super().notify(
            plain(message), title=plain(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        if self.state.theme and self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.state.error is not None:
            self.notify(
                f"{self.state.error} (positions and theme will not be saved until then)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.push_screen(LibraryScreen(self.library, self.state, self.index_lock))
        if self.initial_text:
            self.open_text(self.initial_text)

    def _theme_changed(self, theme: Theme) -> None:
        if self.state.error is not None or theme.name == self.state.theme:
            return
        self.state.theme = theme.name
        try:
            save_theme(self.library, theme.name)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)

    async def action_quit(self) -> None:
        """Quit, writing the reading position first."""
        from reader.tui.reading import ReadingScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen):
                screen.save_position()
        self.exit()

    # -- texts ----------------------------------------------------------------

    def load_article(self, text: str) -> Article:
        """Parse ``text`` (an id or file name), reusing a recent parse if unchanged."""
        return self.articles.load(text)

    def article_glossary(self, article: Article) -> ArticleGlossary:
        """The glossary applied to ``article`` (run in a worker: matching takes a while)."""
        from reader.tui.glossary_source import glossary_for

        found = self._glossaries.get(article)
        if found is None:
            found = self._glossaries[article] = glossary_for(self.library, article)
        return found

    def forget_glossary(self, article: Article) -> None:
        self._glossaries.pop(article, None)

    @on(Tell)
    def _tell(self, message: Tell) -> None:
        self.tell_problems(message.problems)

    def tell_problems(self, problems: Sequence[ReaderError]) -> None:
        """Show each problem with a glossary file once per session."""
        for problem in problems:
            key = str(problem)
            if key not in self._told:
                self._told.add(key)
                self.notify(
                    f"{problem} (the other entries are shown)",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )

    def open_text(
        self,
        text: str,
        *,
        paragraph: int | None = None,
        terms: Sequence[str] = (),
        note: str | None = None,
        reattach: str | None = None,
        footnote: str | None = None,
    ) -> ReadingScreen | None:
        """Open ``text`` at ``paragraph`` (default: where it was left), or at the
        note with id ``note``; ``reattach`` names an orphaned note the user is
        about to put back on a passage of this text."""
        from reader.tui.reading import ReadingScreen

        try:
            article = self.load_article(text)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)
            return None
        if paragraph is None:
            position = self.state.position(article.id)
            texts = [p.text for p in article.paragraphs]
            paragraph = position.in_article(texts) if position is not None else 0
        screen = ReadingScreen(
            article,
            self.library,
            paragraph=paragraph,
            terms=terms,
            measure=self.measure,
            glossary=self.article_glossary,
            forget_glossary=self.forget_glossary,
            remember=self.remember_position,
            index_lock=self.index_lock,
            note=note,
            reattach=reattach,
            footnote=footnote,
            articles=self.articles,
        )
        self._leave()
        self.push_screen(screen)
        return screen

    @on(OpenText)
    def _open_text_asked(self, message: OpenText) -> None:
        with self._navigation():
            self.open_text(
                message.text,
                paragraph=message.paragraph,
                terms=message.terms,
                note=message.note,
                reattach=message.reattach,
                footnote=message.footnote,
            )

    def remember_position(self, article: Article, paragraph: int) -> None:
        """Record where ``article`` was left (in memory, and in the state file)."""
        total = len(article.paragraphs)
        paragraphs = article.paragraphs
        anchor = anchor_of(paragraphs[paragraph].text) if 0 <= paragraph < total else ""
        self.state.positions[article.id] = Position(paragraph, total, anchor)
        if self.state.error is not None:
            return
        try:
            save_position(self.library, article.id, paragraph, total, anchor)
        except ReaderError as err:
            self.notify(str(err), severity="error", markup=False)

    # -- everywhere -----------------------------------------------------------

    @on(ShowHelp)
    def _show_help(self, message: ShowHelp) -> None:
        from reader.tui.dialogs import HelpScreen

        self.push_screen(HelpScreen(message.kind, message.title))

    @on(OpenSearch)
    def _open_search_asked(self) -> None:
        with self._navigation():
            self.action_open_search()

    @on(OpenNotes)
    def _open_notes_asked(self) -> None:
        with self._navigation():
            self.action_open_notes()

    def action_open_search(self) -> None:
        from reader.tui.search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self._over()
            self.push_screen(self._search_screen())

    def action_open_notes(self) -> None:
        from reader.tui.notes_screen import NotesScreen

        if not isinstance(self.screen, NotesScreen):
            self._over()
            self.push_screen(self._notes_screen())

    def _search_screen(self, place: SearchPlace | None = None) -> Screen[None]:
        from reader.tui.search_screen import SearchScreen

        query, hit = (place.query, place.hit) if place is not None else ("", None)
        return SearchScreen(
            self.library, self.index_lock, query, chosen=hit, articles=self.articles
        )

    def _notes_screen(self, place: NotesPlace | None = None) -> Screen[None]:
        from reader.tui.notes_screen import NotesScreen

        return NotesScreen(self.library, place or NotesPlace())

    # -- the back stack -------------------------------------------------------

    def _over(self) -> None:
        """Search and notes open over the screen in front (a dialog closed first):
        going back returns to it as it was, live (the search results with their
        query, the notes list with its filter)."""
        while self.screen.is_modal:
            self.pop_screen()

    def _leave(self) -> None:
        """Close every screen above the library, keeping their places on the back stack."""
        from reader.tui.reading import ReadingScreen

        places: list[Place] = []
        while not isinstance(self.screen, LibraryScreen) and len(self.screen_stack) > 1:
            screen = self.screen
            if isinstance(screen, ReadingScreen):
                screen.save_position()
            place = getattr(screen, "place", None)
            if place is not None and not screen.is_modal:
                places.insert(0, place())
            self.pop_screen()
        self.history = (self.history + places)[-DEPTH:]

    @on(GoBack)
    def _go_back_asked(self) -> None:
        with self._navigation():
            self.go_back()

    def go_back(self) -> None:
        """Close the screen in front; at the library, build the last place kept again."""
        from reader.tui.reading import ReadingScreen

        screen = self.screen
        if isinstance(screen, LibraryScreen):
            return
        if isinstance(screen, ReadingScreen):
            screen.save_position()
        self.pop_screen()
        if isinstance(self.screen, LibraryScreen) and self.history:
            self._restore(self.history.pop())

    def _restore(self, place: Place) -> None:
        if isinstance(place, TextPlace):
            self.open_text(place.text, paragraph=place.paragraph, terms=place.terms)
        elif isinstance(place, SearchPlace):
            self.push_screen(self._search_screen(place))
        elif isinstance(place, SourcesPlace):
            self._restore_sources(place)
        else:
            self.push_screen(self._notes_screen(place))

    def _restore_sources(self, place: SourcesPlace) -> None:
        """The works cited in a text, or in the library, as they were left."""
        from reader.tui.sources_screen import SourcesScreen

        if place.text is None:
            screen = SourcesScreen(library=self.library, index_lock=self.index_lock, place=place)
        else:
            try:
                article = self.load_article(place.text)
            except ReaderError as err:
                self.notify(str(err), severity="error", markup=False)
                return
            screen = SourcesScreen(article, place=place)
        self.push_screen(screen)
