"""Small forms: a note on a highlighted passage, a new glossary entry."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static, TextArea

from reader.core.glossary import KINDS
from reader.tui.inputs import ReaderInput

GLOSSARY_KINDS = KINDS


@dataclass(frozen=True, slots=True)
class NoteForm:
    note: str
    tags: str


@dataclass(frozen=True, slots=True)
class EntryForm:
    name: str
    kind: str
    summary: str
    dates: str


class UnsavedDialog(ModalScreen[str]):
    """What to do with a form whose words changed: "save", "discard" or "keep"
    editing. Escape keeps editing, so a second escape pressed out of habit
    loses nothing."""

    DEFAULT_CSS = """
    UnsavedDialog {
        align: center middle;
    }
    """
    BINDINGS = [
        Binding("s,ctrl+s", "choose('save')", "save", show=False),
        Binding("d", "choose('discard')", "discard", show=False),
        Binding("escape", "choose('keep')", "keep editing", show=False),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = f"{self.what} has changed"
            box.border_subtitle = "s saves · d discards · escape keeps editing"
            yield Label(f"Save {self.what.lower()} before closing?")
            with Horizontal(id="form-buttons"):
                yield Button("Save (s)", id="save", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Keep editing (escape)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id))

    def action_choose(self, what: str) -> None:
        self.dismiss(what)


class NoteDialog(ModalScreen[NoteForm | None]):
    """Write a note on the selected passage (ctrl+s saves; escape closes, asking
    first when the note or its tags changed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", show=False),
        Binding("escape", "cancel", "cancel", show=False),
    ]

    def __init__(
        self, quote: str, note: str = "", tags: str = "", *, editing: bool = False
    ) -> None:
        super().__init__()
        self.quote = quote
        self.note = note
        self.tags = tags
        self.editing = editing

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = "Edit your note" if self.editing else "Note on the passage"
            box.border_subtitle = "ctrl+s saves · escape closes"
            yield Static(Content.styled(_short(self.quote), "italic $text-muted"), id="form-quote")
            yield Label("Your note")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Label("Tags (comma separated)")
            yield ReaderInput(self.tags, id="note-tags", placeholder="e.g. commune, sources")
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def form(self) -> NoteForm:
        return NoteForm(
            self.query_one(TextArea).text, self.query_one("#note-tags", ReaderInput).value
        )

    def action_save(self) -> None:
        self.dismiss(self.form())

    def action_cancel(self) -> None:
        """Close; words typed are never thrown away unasked."""
        if self.form() == NoteForm(self.note, self.tags):
            self.dismiss(None)
            return

        def chosen(what: str | None) -> None:
            if what == "save":
                self.action_save()
            elif what == "discard":
                self.dismiss(None)

        self.app.push_screen(UnsavedDialog("Your note"), chosen)


class EntryDialog(ModalScreen[EntryForm | None]):
    """Add the selected words to your glossary."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", show=False),
        Binding("escape", "cancel", "cancel", show=False),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.entry_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = "New glossary entry"
            box.border_subtitle = "ctrl+s saves · escape cancels"
            yield Label("Name")
            yield ReaderInput(self.entry_name, id="entry-name")
            yield Label("Kind")
            yield Select(
                [(k, k) for k in GLOSSARY_KINDS], value="person", allow_blank=False, id="entry-kind"
            )
            yield Label("Dates (optional)")
            yield ReaderInput(id="entry-dates", placeholder="e.g. 1805–1881")
            yield Label("Summary")
            yield ReaderInput(id="entry-summary", placeholder="who or what, in a sentence")
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#entry-summary").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        kind = self.query_one("#entry-kind", Select).value
        self.dismiss(
            EntryForm(
                name=self.query_one("#entry-name", ReaderInput).value,
                kind=str(kind),
                summary=self.query_one("#entry-summary", ReaderInput).value,
                dates=self.query_one("#entry-dates", ReaderInput).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


def _short(text: str, width: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rsplit(" ", 1)[0] + " …"
