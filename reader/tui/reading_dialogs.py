"""What the reading screen opens over itself: the contents (``t``), the works
cited (``S``), a note's web addresses (``o``), a footnote in full (enter in the
footnotes pane) and a glossary entry with every mention (enter in the glossary
pane). The contents come back to the text at the paragraph chosen, the place
left kept on the screen's back stack (backspace returns to it); a work's
citing place opens through the app, whose back stack keeps the list (q
returns to it)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.core.inline import web_links
from reader.tui.dialogs import ChoiceScreen, EntryScreen, NoteScreen, TocScreen

if TYPE_CHECKING:
    from reader.tui.pane_data import NoteItem
    from reader.tui.reading import ReadingScreen


def _jump(screen: ReadingScreen, paragraph: int | None) -> None:
    """Back in the text at ``paragraph`` (None: where it was)."""
    if paragraph is not None:
        screen.back_stack.append(screen.view.cursor)
        screen.view.move_to(paragraph, top=True)
    screen.view.focus()


def show_toc(screen: ReadingScreen) -> None:
    article = screen.article
    heading = article.heading_for(screen.view.cursor)
    current = None
    if heading is not None:
        current = next((n for n, h in enumerate(article.headings) if h is heading), None)
    toc = TocScreen(article.headings, current, article.front_text, article.back_text)
    screen.app.push_screen(toc, partial(_jump, screen))


def show_sources(screen: ReadingScreen) -> None:
    """The works the text cites; Enter opens the text at the citing paragraph,
    the list kept on the app's back stack (q returns to it)."""
    from reader.tui.sources_screen import SourcesScreen

    screen.app.push_screen(SourcesScreen(screen.article))


def open_note_url(screen: ReadingScreen) -> None:
    """The focused note's web address (or the paragraph's only note with one,
    else the paragraph's own links), in the browser; several: it asks which."""
    pane = screen.footnotes
    item = pane.focused_item
    if item is None:
        with_urls = [i for i in pane.items if i.urls]
        item = with_urls[0] if len(with_urls) == 1 else None
    urls = item.urls if item is not None else ()
    if not urls:  # no note's address applies: the paragraph's own links
        urls = web_links(screen.article.paragraphs[screen.view.cursor].markup)
    if not urls:
        message = (
            "this note has no web address"
            if pane.focused_item is not None
            else "follow a note with a web address first (f)"
        )
        screen.notify(message, markup=False)
        return
    if len(urls) == 1:
        _open_url(screen, urls[0])
        return

    def chosen(index: int | None) -> None:
        if index is not None:
            _open_url(screen, urls[index])

    screen.app.push_screen(ChoiceScreen("Open which address?", urls), chosen)


def _open_url(screen: ReadingScreen, url: str) -> None:
    screen.app.open_url(url)
    screen.notify(f"opening {url}", markup=False)


def show_entry(screen: ReadingScreen, index: int) -> None:
    """The glossary pane's item ``index`` in full, with every mention of its names."""
    item = screen.glossary.items[index]
    names: tuple[str, ...] = ()
    found = screen.article_glossary
    if item.key.startswith("entry:") and found is not None:
        entry = found.glossary.get(item.key.removeprefix("entry:"))
        names = entry.names if entry is not None else ()
    screen.app.push_screen(
        EntryScreen(
            item.detail if item.detail is not None else item.prompt,
            names,
            library=screen.library,
            index_lock=screen.index_lock,
            here=(screen.article.id, screen.view.cursor),
            articles=screen.articles,
        )
    )


def show_note(screen: ReadingScreen, item: NoteItem) -> None:
    """The footnotes pane's ``item`` in full; for an Ibid. or op. cit., enter
    there goes on to the paragraph citing the full citation."""
    cited = None
    if item.target is not None and screen.data.paragraph_citing(item.target) not in (
        None,
        screen.view.cursor,
    ):
        cited = screen.article.notes[item.target].label

    def chosen(go: bool | None) -> None:
        if go:
            _goto_full_citation(screen, item)

    content = screen.data.in_full(item)
    screen.app.push_screen(NoteScreen(item.label, content, cited=cited), chosen)


def _goto_full_citation(screen: ReadingScreen, item: NoteItem) -> None:
    """From an Ibid./op. cit. to the paragraph that cites its full citation."""
    if item.target is None:
        return
    paragraph = screen.data.paragraph_citing(item.target)
    if paragraph is None or paragraph == screen.view.cursor:
        return
    screen.back_stack.append(screen.view.cursor)
    screen.view.move_to(paragraph)
    screen.update_panes(paragraph)
    cited = [i.note for i in screen.footnotes.items]
    if item.target in cited:
        screen.footnotes.focus_note(cited.index(item.target))
