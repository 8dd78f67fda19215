"""Every command of the app, in one list.

Each :class:`Command` names its action, its keys, its help line, whether the
footer shows it and on which screens it applies. From this one list come each
screen's ``BINDINGS`` (:func:`bindings_for`), the footer hints, the command
palette (:class:`reader.tui.palette.ReaderCommands`) and the ``?`` help screen, so a key, its help
line and its palette entry cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.screen import Screen

LIBRARY = "library"
READING = "reading"
SEARCH = "search"
NOTES = "notes"
SOURCES = "sources"


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can do."""

    id: str
    """The action it runs on the screen (``action_<id>``), also the binding id."""
    keys: tuple[str, ...]
    """Textual key names; the first one is the one shown in the footer."""
    help: str
    """One line for the help screen and the palette."""
    screens: frozenset[str]
    title: str = ""
    """A short name for the footer and the palette (defaults from the id)."""
    footer: bool = False
    display: str = ""
    """How the keys read in the help screen (defaults from ``keys``)."""
    bind: bool = True
    """False for things done by typing or by a widget of their own (help only)."""
    palette: bool = True

    @property
    def name(self) -> str:
        return self.title or self.id.replace("_", " ")

    @property
    def key_text(self) -> str:
        if self.display:
            return self.display
        return " ".join(KEY_NAMES.get(k, k) for k in self.keys)


KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "slash": "/",
    "question_mark": "?",
    "plus": "+",
    "space": "space",
    "down": "↓",
    "up": "↑",
    "ctrl+p": "ctrl+p",
}


def _c(
    id: str,
    keys: str,
    help: str,
    *screens: str,
    **extra: object,
) -> Command:
    return Command(
        id=id,
        keys=tuple(k for k in keys.split(",") if k),
        help=help,
        screens=frozenset(screens),
        **extra,  # type: ignore[arg-type]  # the optional Command fields, by name
    )


COMMANDS: tuple[Command, ...] = (
    # -- the library --------------------------------------------------------
    _c(
        "filter",
        "",
        "type to filter by title or author (then every key types; escape leaves)",
        LIBRARY,
        display="type",
        bind=False,
        palette=False,
    ),
    _c("open_text", "enter", "open the highlighted text", LIBRARY, title="open", footer=True),
    _c("first", "home", "the first text", LIBRARY, title="first text", bind=False, palette=False),
    _c("last", "end", "the last text", LIBRARY, title="last text", bind=False, palette=False),
    _c(
        "sort_title",
        "1",
        "sort by title (again to reverse; the order is kept for next time)",
        LIBRARY,
        title="sort by title",
    ),
    _c("sort_author", "2", "sort by author (again to reverse)", LIBRARY, title="sort by author"),
    _c("sort_date", "3", "sort by date (again to reverse)", LIBRARY, title="sort by date"),
    _c(
        "sort_words",
        "4",
        "sort by length in words (again to reverse)",
        LIBRARY,
        title="sort by words",
    ),
    _c(
        "sort_progress",
        "5",
        "sort by reading progress (again to reverse)",
        LIBRARY,
        title="sort by progress",
    ),
    _c(
        "sort_notes",
        "6",
        "sort by the number of your notes (again to reverse)",
        LIBRARY,
        title="sort by notes",
    ),
    # -- reading ------------------------------------------------------------
    _c("cursor_down", "j,down", "next paragraph", READING, title="down"),
    _c("cursor_up", "k,up", "previous paragraph", READING, title="up"),
    _c("page_down", "space,pagedown", "next page", READING, title="page down"),
    _c("page_up", "b,pageup", "previous page", READING, title="page up"),
    _c("first", "g,home", "first paragraph", READING),
    _c("last", "G,end", "last paragraph", READING),
    _c(
        "prev_heading", "left_square_bracket", "previous heading", READING, title="previous heading"
    ),
    _c("next_heading", "right_square_bracket", "next heading", READING, title="next heading"),
    _c(
        "follow",
        "f",
        "follow the paragraph's first footnote (again: the next one)",
        READING,
        title="follow note",
        footer=True,
    ),
    _c(
        "read_note",
        "",
        "in the footnotes pane: ↓/↑ and page keys read a long note, end/home go to its "
        "ends, enter shows it in full (an Ibid.: enter again goes to the full citation)",
        READING,
        display="↓ ↑ enter",
        bind=False,
        palette=False,
    ),
    _c(
        "go_back",
        "backspace",
        "return to where you were before following a note or jumping, then to where "
        "the text was opened from",
        READING,
        title="return",
    ),
    _c(
        "open_url",
        "o",
        "open the web address of the focused note, else a link of the paragraph",
        READING,
        title="open link",
    ),
    _c("toc", "t", "table of contents (enter jumps)", READING, title="contents", footer=True),
    _c("find", "slash", "find in this text", READING, footer=True),
    _c("find_next", "n", "next hit of the find", READING, title="next hit"),
    _c("find_prev", "N", "previous hit of the find", READING, title="previous hit"),
    _c("select", "v", "start a selection at the paragraph's first word (again: drop it)", READING),
    _c("grow_word", "w", "extend the selection by a word", READING, title="extend by word"),
    _c("shrink_word", "W", "shrink the selection by a word", READING, title="shrink by word"),
    _c(
        "grow_sentence",
        "right_parenthesis",
        "extend the selection to the next sentence",
        READING,
        title="extend by sentence",
    ),
    _c(
        "shrink_sentence",
        "left_parenthesis",
        "shrink the selection by a sentence",
        READING,
        title="shrink by sentence",
    ),
    _c("highlight", "h", "highlight the selection", READING),
    _c("annotate", "a", "highlight the selection and write a note", READING, title="note"),
    _c("next_note", "m", "next paragraph with one of your notes", READING, title="next note"),
    _c(
        "prev_note",
        "M",
        "previous paragraph with one of your notes",
        READING,
        title="previous note",
    ),
    _c(
        "edit_note",
        "E",
        "edit the paragraph's note (the one chosen in the notes pane)",
        READING,
        title="edit note",
    ),
    _c(
        "delete_note",
        "x",
        "delete the paragraph's note (the one chosen in the notes pane)",
        READING,
        title="delete note",
    ),
    _c("undo", "u,ctrl+z", "undo the last note deleted or edited", READING),
    _c(
        "reattach",
        "r",
        "re-attach the note chosen on the notes screen to the selection",
        READING,
        title="re-attach here",
    ),
    _c(
        "glossary_add",
        "plus",
        "add the selected words to your glossary",
        READING,
        title="add to glossary",
    ),
    _c(
        "glossary_entry",
        "e",
        "the paragraph's next glossary entry, in full in its pane "
        "(↑/↓ move, enter opens it with every mention)",
        READING,
        title="glossary entry",
    ),
    _c(
        "toggle_drawer",
        "d",
        "show or hide the footnotes and glossary (narrow terminals; f and e open it too)",
        READING,
        title="drawer",
        footer=True,
    ),
    _c(
        "copy_quote",
        "y",
        "copy the selection (or the paragraph) with author, title, date, section, ¶ and source",
        READING,
        title="copy with citation",
    ),
    _c(
        "copy_format",
        "Y",
        "what y copies: plain text, Markdown or a BibTeX key (in turn)",
        READING,
        title="copy format",
    ),
    _c(
        "sources",
        "S",
        "the works this text cites, most cited first (enter jumps to the citing paragraph)",
        READING,
    ),
    # -- search -------------------------------------------------------------
    _c(
        "query",
        "",
        'type to search every text (words, "phrases", OR, -not, title:, author:)',
        SEARCH,
        display="type",
        bind=False,
        palette=False,
    ),
    _c(
        "open_hit",
        "enter",
        "open the text at the chosen paragraph, the words highlighted",
        SEARCH,
        title="open",
        footer=True,
    ),
    # -- notes ----------------------------------------------------------------
    _c(
        "filter",
        "",
        "type to filter: words, #tag; the list above chooses the text",
        NOTES,
        display="type",
        bind=False,
        palette=False,
    ),
    _c(
        "open_note",
        "enter",
        "open the text at the note (an orphan: choose where it goes)",
        NOTES,
        title="open",
        footer=True,
    ),
    _c(
        "export_notes",
        "ctrl+s",
        "export the notes shown as Markdown to the library folder",
        NOTES,
        title="export",
        footer=True,
    ),
    # -- sources ----------------------------------------------------------------
    _c(
        "filter",
        "",
        "type to filter by author, title or text",
        SOURCES,
        display="type",
        bind=False,
        palette=False,
    ),
    _c(
        "open_place",
        "enter",
        "open the text at the citing paragraph (on a work: its first)",
        SOURCES,
        title="open",
        footer=True,
    ),
    _c(
        "bibliography",
        "ctrl+b",
        "every work the library cites, and the texts citing each",
        LIBRARY,
        title="works cited",
    ),
    # -- several screens ----------------------------------------------------
    _c("notes", "ctrl+n", "all your notes, across texts", LIBRARY, SEARCH, footer=True),
    _c("notes", "ctrl+n", "all your notes, across texts", READING),  # a full footer there
    _c("search", "s", "search everything", LIBRARY, READING, footer=True),
    _c(
        "help",
        "question_mark",
        "this help",
        LIBRARY,
        READING,
        SEARCH,
        NOTES,
        SOURCES,
        footer=True,
    ),
    _c(
        "command_palette",
        "ctrl+p",
        "the command palette",
        LIBRARY,
        READING,
        SEARCH,
        NOTES,
        SOURCES,
        title="palette",
        bind=False,
        palette=False,
    ),
    _c("back", "q", "back to where the text was opened from", READING, footer=True),
    _c(
        "close",
        "escape",
        "leave a pane, drop the selection, then the find's marks, then go back",
        READING,
        title="back",
    ),
    _c("back", "escape", "back", SEARCH, footer=True),
    _c("back", "q,escape", "back", NOTES, footer=True),
    _c("back", "q,escape", "back", SOURCES, footer=True),
    _c("quit", "q", "quit reader (your place is saved)", LIBRARY, footer=True),
)


def commands_for(screen: str) -> list[Command]:
    return [c for c in COMMANDS if screen in c.screens]


def bound_keys(screen: str) -> frozenset[str]:
    """The keys that run a command on ``screen`` (the others type into its filter)."""
    return frozenset(k for c in commands_for(screen) if c.bind for k in c.keys)


def bindings_for(screen: str) -> list[BindingType]:
    """The BINDINGS of ``screen``: one per key of every bound command."""
    out: list[BindingType] = []
    for command in commands_for(screen):
        if not command.bind:
            continue
        for n, key in enumerate(command.keys):
            out.append(
                Binding(
                    key,
                    command.id,
                    command.name,
                    show=command.footer and n == 0,
                    key_display=KEY_NAMES.get(key) if n == 0 else None,
                    tooltip=command.help,
                    id=f"{screen}.{command.id}.{n}",
                )
            )
    return out


def screen_kind(screen: Screen[object]) -> str | None:
    return getattr(screen, "SCREEN_KIND", None)
