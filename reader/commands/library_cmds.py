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

    library = library_from(args)
    if len(args.files) > 1 and (args.title or args.author):
        raise ReaderError("--title and --author apply to one file at a time")
    say = _printer()
    failed = 0
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
        elif result.unchanged:
            say(f"{name}: already in the library as {earlier.name}")
        else:
            say(
                f"{name}: already in the library as {earlier.name}; to import it again, "
                f"add --replace (over {earlier.name}) or --as-new (a new text)"
            )
    return 2 if failed else 0


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
    from rich.table import Table
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    if not rows:
        out.print(Text(f"No texts in {library.texts_dir}. Add some with 'reader import FILE'."))
        return 0
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold")
    # The id is what every other command takes: it is never cut; the title wraps.
    widest_id = max(len(r.id) for r in rows)
    table.add_column("id", no_wrap=True, min_width=widest_id)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("author", ratio=1)
    table.add_column("date", no_wrap=True, min_width=10)
    # "footnotes" are the text's own notes; "your notes" the ones you wrote.
    for column in ("words", "footnotes", "missing", "your notes"):
        table.add_column(column, justify="right", no_wrap=True)
    for r in rows:
        table.add_row(
            Text(r.id),
            Text(r.title),
            Text(r.author or ""),
            Text(r.date or ""),
            str(r.words),
            str(r.notes),
            str(r.missing_notes) if r.missing_notes else "",
            str(yours[r.id]) if yours.get(r.id) else "",
        )
    out.print(table)
    return 0


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
