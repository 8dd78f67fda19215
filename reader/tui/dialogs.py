"""Small modal screens: the ``?`` help and the table of contents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.model import Heading
from reader.tui.commands import commands_for


def help_content(screen_kind: str) -> Content:
    """The help of one screen, from the one list of commands."""
    commands = commands_for(screen_kind)
    width = max((len(c.key_text) for c in commands), default=4) + 2
    lines = [
        Content.assemble((c.key_text.ljust(width), "bold $accent"), c.help) for c in commands
    ]
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
    """The table of contents; Enter jumps to a heading."""

    BINDINGS = [Binding("escape,t,q", "close", "close", show=False)]

    def __init__(self, headings: list[Heading], current: int | None) -> None:
        super().__init__()
        self.headings = headings
        self.current = current

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
            yield OptionList(*options, id="toc-list")

    def on_mount(self) -> None:
        toc = self.query_one(OptionList)
        if self.headings:
            toc.highlighted = self.current if self.current is not None else 0
        toc.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.headings[event.option_index].paragraph)

    def action_close(self) -> None:
        self.dismiss(None)


class EntryScreen(ModalScreen[None]):
    """One glossary entry in full (its text is plain text, never markup)."""

    BINDINGS = [Binding("escape,q,e", "close", "close", show=False)]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-box") as box:
            box.border_title = "Glossary"
            box.border_subtitle = "escape closes"
            yield Static(self.content, id="entry-text")

    def action_close(self) -> None:
        self.dismiss(None)
