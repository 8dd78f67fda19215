"""The side panes that follow the paragraph cursor: footnotes and glossary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.pane_data import GlossItem, NoteItem


def _spaced(options: Iterable[Option]) -> list[Option | None]:
    """Options with a separator line between them."""
    out: list[Option | None] = []
    for option in options:
        if out:
            out.append(None)
        out.append(option)
    return out


class FootnotesPane(OptionList):
    """Every note the current paragraph cites, resolved."""

    BORDER_TITLE = "Footnotes"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[NoteItem] = []

    def show(self, items: Sequence[NoteItem], paragraph_has_text: bool = True) -> None:
        """Show ``items`` (nothing highlighted until a note is followed)."""
        if list(items) == self.items and self.option_count:
            return
        self.items = list(items)
        self.clear_options()
        if self.items:
            self.add_options(
                _spaced(Option(item.prompt, id=f"note-{n}") for n, item in enumerate(self.items))
            )
        else:
            self.add_option(
                Option(Content.styled("no notes in this paragraph", "$text-muted"), disabled=True)
            )
        self.highlighted = None
        self.scroll_home(animate=False)

    def focus_note(self, index: int) -> NoteItem | None:
        """Highlight note ``index`` (wrapping) and scroll it into view."""
        if not self.items:
            return None
        index %= len(self.items)
        self.highlighted = index
        self.scroll_to_highlight()
        return self.items[index]

    @property
    def focused_item(self) -> NoteItem | None:
        if self.highlighted is None or not self.items or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted]


class GlossaryPane(OptionList):
    """The people and terms the current paragraph mentions."""

    BORDER_TITLE = "Glossary"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[GlossItem] = []

    def show(self, items: Sequence[GlossItem]) -> None:
        if list(items) == self.items and self.option_count:
            return
        self.items = list(items)
        self.clear_options()
        if self.items:
            self.add_options(
                _spaced(Option(item.prompt, id=f"gloss-{n}") for n, item in enumerate(self.items))
            )
        else:
            self.add_option(
                Option(Content.styled("nothing to explain here", "$text-muted"), disabled=True)
            )
        self.highlighted = None
        self.scroll_home(animate=False)
