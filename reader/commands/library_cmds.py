"""``reader import``, ``reader list`` and ``reader show``: the library itself."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.commands.common import library_from, print_json

if TYPE_CHECKING:
    from reader.core.library import Library


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="bring texts into the library (.txt/.md as they are; .html and .epub converted)",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title", help="the title (recorded as front matter in the copy)")
    p.add_argument("--author", help="the author (recorded as front matter in the copy)")
    again = p.add_mutually_exclusive_group()
    again.add_argument(
        "--replace",
        dest="again",
        action="store_const",
        const="replace",
        default="ask",
        help="a file imported before: import it again over the earlier copy (same name, "
        "same notes)",
    )
    again.add_argument(
        "--as-new",
        dest="again",
        action="store_const",
        const="new",
        help="a file imported before: import it again as a new text beside the earlier one",
    )
    p.set_defaults(func=run_import)

    p = sub.add_parser(
        "list",
        help="list the library's texts",
        description="The library's texts. On a terminal, a table; piped, one text a line "
        "with its id, title, author, date, words, notes and missing notes tab-separated.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_list)

    p = sub.add_parser("show", help="print a text with its notes resolved")
    p.add_argument("text", metavar="TEXT", help="a text's id (file name without extension)")
    p.add_argument("--no-pager", action="store_true", help="never page the output")
    p.set_defaults(func=run_show)


def run_import(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from reader.core.errors import ReaderError
    from reader.core.importer import import_file

    if len(args.files) > 1 and (args.title or args.author):
        raise ReaderError("--title and --author apply to one file at a time")
    # a new folder becomes a library, when there is a file to put in it
    library = library_from(args, create=any(Path(n).is_file() for n in args.files))
    say = _printer()
    failed = already = 0
    for name in args.files:
        try:
            result = import_file(
                library, Path(name), title=args.title, author=args.author, again=args.again
            )
        except ReaderError as err:  # one bad file does not stop the others
            print(f"reader: {err}", file=sys.stderr)
            failed += 1
            continue
        earlier = result.duplicate_of
        if earlier is None:
            say(f"{name} → {result.path.name}  “{result.title}”")
            continue
        already += 1
        if result.unchanged:
            say(f"{name}: already in the library as {earlier.name}")
        else:
            say(
                f"{name}: already in the library as {earlier.name}; to import it again, "
                f"add --replace (over {earlier.name}) or --as-new (a new text)"
            )
    # a file already there imports nothing: 1, as a script must know; 2 is an error
    return 2 if failed else 1 if already else 0


def _printer() -> Callable[[str], None]:
    """Lines for a person: wrapped to the terminal by Rich, or, piped, as they
    are (one line each, whatever their length)."""
    import sys

    if not sys.stdout.isatty():
        return print
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    return lambda line: out.print(Text(line))


def _your_notes(library: Library) -> dict[str, int]:
    """How many notes you wrote on each text (a notes file that does not parse: 0)."""
    from reader.core.errors import ReaderError
    from reader.core.notes import load_notes

    errors: list[ReaderError] = []
    return {text_id: len(notes) for text_id, notes in load_notes(library, errors=errors).items()}


def run_list(args: argparse.Namespace) -> int:
    """The library's texts, read from the search index (brought up to date first,
    so nothing is parsed twice); texts that cannot be read are named on stderr."""

    from reader.commands.search_cmd import _sync
    from reader.core.search.catalog import catalog

    library = library_from(args)
    _sync(library, verify=False)
    rows = catalog(library)
    yours = _your_notes(library)
    if args.json:
        data = [
            {
                "id": r.id,
                "path": r.path,
                "title": r.title,
                "author": r.author,
                "date": r.date,
                "publication": r.publication,
                "words": r.words,
                "footnotes": r.notes,
                "missing_footnotes": r.missing_notes,
                "your_notes": yours.get(r.id, 0),
            }
            for r in rows
        ]
        print_json(data)
        return 0
    import sys

    if not sys.stdout.isatty():
        _print_plain(rows, yours)
        if not rows:
            print(f"reader: no texts in {library.texts_dir}", file=sys.stderr)
        return 0
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    if not rows:
        out.print(Text(f"No texts in {library.texts_dir}. Add some with 'reader import FILE'."))
        return 0
    table, id_shown = _table(rows, yours, out.width)
    out.print(table)
    if not id_shown:
        out.print(Text("ids: widen the terminal, or 'reader list | cut -f1'", style="dim"))
    elif any(len(r.id) > id_shown for r in rows):
        out.print(Text("ids cut short (…): 'reader list | cut -f1' lists them whole", style="dim"))
    return 0


NUMBERS = ("words", "footnotes", "missing", "your notes")


def _table(rows: list[Any], yours: dict[str, int], width: int) -> tuple[Any, int]:
    """The library as a table ``width`` columns wide, and how wide its id column
    is (0: left out). Title, author and the numbers come first; the id last,
    cut short (…) or left out when the terminal is too narrow for it, so that
    a book's long id never pushes the title and author off the screen."""
    from rich.table import Table
    from rich.text import Text

    counts = [
        [str(r.words), str(r.notes), str(r.missing_notes or ""), str(yours.get(r.id) or "")]
        for r in rows
    ]
    # "footnotes" are the text's own notes; "your notes" the ones you wrote. A
    # column with nothing in it (no note missing, none of yours) is left out.
    numbers = [
        (at, name, max(len(c[at]) for c in counts))
        for at, name in enumerate(NUMBERS)
        if at < 2 or any(c[at] for c in counts)
    ]
    tight = width < 100  # "your notes" over two lines
    widths = [max(w, 5 if tight and name == "your notes" else len(name)) for _, name, w in numbers]
    free = width - 10 - sum(widths) - len(numbers) - 3  # less the date, and a space a column
    longest_title = max(len(r.title) for r in rows)
    author_w = min(max(len(r.author or "") for r in rows), 24, max(8, free * 2 // 9))
    author_w = max(author_w, 6)
    # the title first, to a comfortable measure; then the id; then the title again
    title_w = min(longest_title, max(24, free * 4 // 9))
    id_w = min(max(len(r.id) for r in rows), free - title_w - author_w - 1)
    if id_w < 12:  # no room for the id: the author shares what it leaves
        id_w = 0
        longest_author = max(len(r.author or "") for r in rows)
        author_w = max(author_w, min(longest_author, 24, free // 3))
    title_w = min(longest_title, max(8, free - author_w - (id_w + 1 if id_w else 0)))

    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold")
    table.add_column("title", width=title_w, overflow="fold")
    table.add_column("author", width=author_w, overflow="fold")
    table.add_column("date", no_wrap=True, width=10)
    for (_, name, _), w in zip(numbers, widths, strict=True):
        table.add_column(name, justify="right", width=w)
    if id_w:
        table.add_column("id", no_wrap=True, overflow="ellipsis", width=id_w)
    for r, c in zip(rows, counts, strict=True):
        cells: list[Any] = [Text(r.title), Text(r.author or ""), Text(r.date or "")]
        cells += [c[at] for at, _, _ in numbers]
        if id_w:
            cells.append(Text(r.id, style="dim"))
        table.add_row(*cells)
    return table, id_w


def _print_plain(rows: list[Any], yours: dict[str, int]) -> None:
    """Piped: one text a line, nothing cut and no header (``cut -f1`` gives the
    ids); tab-separated id, title, author, date, words, footnotes, missing
    footnotes, your notes."""
    import sys

    def field(value: object) -> str:
        return "" if value is None else " ".join(str(value).split())  # a tab in a title

    for r in rows:
        fields = (
            *(r.id, r.title, r.author, r.date, r.words, r.notes, r.missing_notes),
            yours.get(r.id, 0),
        )
        sys.stdout.write("\t".join(field(f) for f in fields) + "\n")


def run_show(args: argparse.Namespace) -> int:
    from reader.commands.render import show
    from reader.core.articles import read_article

    library = library_from(args)
    path = library.find_text(args.text)
    show(read_article(library, path), pager=False if args.no_pager else None)
    return 0
