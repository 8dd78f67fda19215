"""Small modal screens: the ``?`` help, the table of contents, a footnote in full,
a glossary entry with its mentions, a choice of web addresses."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.model import Heading
from reader.tui.commands import commands_for

if TYPE_CHECKING:
    from reader.core.articles import Articles
    from reader.core.library import Library
    from reader.core.search import SearchHit
    from reader.tui.mentions import Mentions


def help_content(screen_kind: str) -> Content:
    """The help of one screen, from the one list of commands."""
    commands = commands_for(screen_kind)
    width = max((len(c.key_text) for c in commands), default=4) + 2
    lines = [Content.assemble((c.key_text.ljust(width), "bold $accent"), c.help) for c in commands]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "close", show=False),
    ]

    def __init__(self, screen_kind: str, title: str) -> None:
        super().__init__()
        self.screen_kind = screen_kind
        self.help_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = f"{self.help_title} — keys"
            box.border_subtitle = "escape closes"
            for command in commands_for(self.screen_kind):
                with Horizontal(classes="help-row"):
                    yield Static(Content(command.key_text), classes="help-key")
                    yield Static(Content(command.help), classes="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


class TocScreen(ModalScreen[int | None]):
    """The table of contents; Enter jumps to a heading. A book's front and back
    matter (the Gutenberg header and licence, an imprint, a colophon), kept out of
    the reading flow, are listed first and last: Enter shows them."""

    BINDINGS = [Binding("escape,t,q", "close", "close", show=False)]

    def __init__(
        self, headings: list[Heading], current: int | None, front: str = "", back: str = ""
    ) -> None:
        super().__init__()
        self.headings = headings
        self.current = current
        self.front = front
        self.back = back

    def compose(self) -> ComposeResult:
        with Vertical(id="toc-box") as box:
            box.border_title = "Contents"
            box.border_subtitle = "enter jumps · escape closes"
            options = [
                Option(
                    Content.assemble("  " * max(0, h.level - 2), h.text),
                    id=f"h{n}",
                )
                for n, h in enumerate(self.headings)
            ]
            if not options:
                options = [Option(Content("this text has no headings"), disabled=True)]
            if self.front:
                options.insert(0, Option(Content.styled("front matter", "italic"), id="front"))
            if self.back:
                options.append(Option(Content.styled("back matter", "italic"), id="back"))
            yield OptionList(*options, id="toc-list")

    def on_mount(self) -> None:
        toc = self.query_one(OptionList)
        if self.headings:
            first = 1 if self.front else 0
            toc.highlighted = first + (self.current if self.current is not None else 0)
        toc.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        which = event.option.id or ""
        if which in ("front", "back"):
            title = "Front matter" if which == "front" else "Back matter"
            self.app.push_screen(MatterScreen(title, self.front if which == "front" else self.back))
            return
        self.dismiss(self.headings[int(which[1:])].paragraph)

    def action_close(self) -> None:
        self.dismiss(None)


class MatterScreen(ModalScreen[None]):
    """What a book has around the work (a licence, an imprint), as plain text."""

    BINDINGS = [Binding("escape,q", "close", "close", show=False)]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.matter_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="matter-box") as box:
            box.border_title = self.matter_title
            box.border_subtitle = "escape closes"
            yield Static(Content(self.text), id="matter-text")

    def on_mount(self) -> None:
        self.query_one("#matter-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[bool]):
    """One footnote in full, for a note longer than its pane (its text is plain
    text, never markup). An Ibid. or op. cit. can go on to the paragraph citing
    the full citation: enter, which dismisses with True."""

    BINDINGS = [
        Binding("escape,q", "close", "close", show=False),
        Binding("enter", "go", "go to the full citation", show=False),
    ]

    def __init__(self, label: str, content: Content, *, cited: str | None = None) -> None:
        """``cited`` is the label of the full citation an Ibid. stands for."""
        super().__init__()
        self.label = label
        self.content = content
        self.cited = cited

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note-box") as box:
            # the labels are the text's (a "[grafton]" is no markup tag)
            box.border_title = Content(f"Footnote [{self.label}]")
            box.border_subtitle = Content(
                f"enter goes to [{self.cited}] · escape closes"
                if self.cited is not None
                else "escape closes"
            )
            yield Static(self.content, id="note-text")

    def on_mount(self) -> None:
        self.query_one("#note-box").focus()

    def action_go(self) -> None:
        self.dismiss(self.cited is not None)

    def action_close(self) -> None:
        self.dismiss(False)


class ChoiceScreen(ModalScreen[int | None]):
    """Choose one of a few lines (a note's web addresses); enter takes it."""

    BINDINGS = [Binding("escape,q", "close", "close", show=False)]

    def __init__(self, title: str, choices: Sequence[str]) -> None:
        super().__init__()
        self.choice_title = title
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box") as box:
            box.border_title = self.choice_title
            box.border_subtitle = "enter opens · escape closes"
            yield OptionList(*(Option(Content(c)) for c in self.choices), id="choice-list")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)


class EntryScreen(ModalScreen[None]):
    """One glossary entry in full (its text is plain text, never markup), and, when
    the entry is known, the other paragraphs of the library that mention it
    (Enter opens one)."""

    BINDINGS = [Binding("escape,q,e", "close", "close", show=False)]

    def __init__(
        self,
        content: Content,
        names: Sequence[str] = (),
        *,
        library: Library | None = None,
        index_lock: threading.RLock | None = None,
        here: tuple[str, int] | None = None,
        articles: Articles | None = None,
    ) -> None:
        """``names`` are looked for in ``library`` (the index read under ``index_lock``;
        the paragraphs cut from ``articles``, the app's parsed texts, when given)."""
        super().__init__()
        self.content = content
        self.library = library
        self.index_lock = index_lock
        self.names = tuple(names)
        self.here = here
        self.articles = articles
        self.mentions: list[SearchHit | None] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-box", classes="-mentions" if self.looks else "") as box:
            box.border_title = "Glossary"
            box.border_subtitle = "escape closes"
            with VerticalScroll(id="entry-scroll"):
                yield Static(self.content, id="entry-text")
            if self.looks:
                yield Static(
                    Content.styled("Mentioned in  searching the library…", "$text-muted"),
                    id="mentions-title",
                )
                yield OptionList(id="mentions")

    @property
    def looks(self) -> bool:
        """Whether the entry's mentions are looked for."""
        return bool(self.names) and self.library is not None

    def on_mount(self) -> None:
        if self.looks:
            self.query_one("#mentions").display = False
            self.find_mentions()

    @work(thread=True, exclusive=True, group="mentions")
    def find_mentions(self) -> None:
        from reader.tui.mentions import find_mentions

        assert self.library is not None
        found = find_mentions(
            self.library,
            self.names,
            skip=self.here,
            articles=self.articles,
            lock=self.index_lock,
        )
        self.app.call_from_thread(self._mentions_found, found)

    def _mentions_found(self, found: Mentions) -> None:
        title = self.query_one("#mentions-title", Static)
        if found.error is not None:
            title.update(Content.assemble(("Mentioned in  ", "bold"), (found.error, "$warning")))
            return
        if not found.hits:
            title.update(
                Content.assemble(
                    ("Mentioned in  ", "bold"), ("nowhere else in the library", "$text-muted")
                )
            )
            return
        texts = len({h.text for h in found.hits})
        count = len(found.hits) + found.more
        title.update(
            Content.assemble(
                ("Mentioned in  ", "bold"),
                (
                    f"{count} paragraph{'s' if count != 1 else ''} of {texts} "
                    f"text{'s' if texts != 1 else ''} · enter opens",
                    "$text-muted",
                ),
            )
        )
        options: list[Option | None] = []
        self.mentions = []
        current: tuple[str, str | None] | None = None
        for hit in found.hits:
            if current is None or hit.text != current[0]:
                options.append(Option(Content.styled(hit.title or hit.text, "bold"), disabled=True))
                self.mentions.append(None)
            if hit.heading and (hit.text, hit.heading) != current:
                options.append(
                    Option(
                        Content.assemble(("§ ", "$text-muted"), (hit.heading, "italic")),
                        disabled=True,
                    )
                )
                self.mentions.append(None)
            current = (hit.text, hit.heading)
            options.append(
                Option(
                    Content.assemble(
                        ("¶ ", "$text-muted"),
                        *(
                            (text.replace("\n", " "), "bold $accent" if match else "")
                            for text, match in hit.snippet
                        ),
                    )
                )
            )
            self.mentions.append(hit)
        if found.more:
            options.append(
                Option(Content.styled(f"… and {found.more} more", "$text-muted"), disabled=True)
            )
            self.mentions.append(None)
        listing = self.query_one("#mentions", OptionList)
        listing.add_options(options)
        listing.display = True
        listing.highlighted = next(n for n, h in enumerate(self.mentions) if h is not None)
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.mentions[event.option_index]
        if hit is not None:
            self.open_mention(hit)

    def open_mention(self, hit: SearchHit) -> None:
        """Close the entry, open the text at the mention (the screen under the
        entry is kept on the back stack)."""
        from reader.tui.messages import OpenText

        app = self.app
        self.dismiss(None)
        app.post_message(OpenText(hit.text, paragraph=hit.paragraph, terms=self.names))

    def action_close(self) -> None:
        self.dismiss(None)
