"""``reader import``, ``reader list`` and ``reader show``: the library itself."""

from __future__ import annotations

import argparse
from typing import Any

from reader.commands.common import library_from, print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="bring texts into the library (.txt/.md as they are; .html and .epub converted)",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--title", help="the title (recorded as front matter in the copy)")
    p.add_argument("--author", help="the author (recorded as front matter in the copy)")
    p.set_defaults(func=run_import)

    p = sub.add_parser("list", help="list the library's texts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_list)

    p = sub.add_parser("show", help="print a text with its notes resolved")
    p.add_argument("text", metavar="TEXT", help="a text's id (file name without extension)")
    p.add_argument("--no-pager", action="store_true", help="never page the output")
    p.set_defaults(func=run_show)


def run_import(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from rich.text import Text

    from reader.commands.render import console
    from reader.core.errors import ReaderError
    from reader.core.importer import import_file

    library = library_from(args)
    if len(args.files) > 1 and (args.title or args.author):
        raise ReaderError("--title and --author apply to one file at a time")
    out = console()
    failed = 0
    for name in args.files:
        try:
            result = import_file(library, Path(name), title=args.title, author=args.author)
        except ReaderError as err:  # one bad file does not stop the others
            print(f"reader: {err}", file=sys.stderr)
            failed += 1
            continue
        if result.duplicate_of is not None:
            out.print(Text(f"{name}: already in the library as {result.duplicate_of.name}"))
        else:
            out.print(Text(f"{name} → {result.path.name}  “{result.title}”"))
    return 2 if failed else 0


def run_list(args: argparse.Namespace) -> int:
    """The library's texts, read from the search index (brought up to date first,
    so nothing is parsed twice); texts that cannot be read are named on stderr."""

    from reader.commands.search_cmd import _sync
    from reader.core.search.catalog import catalog

    library = library_from(args)
    _sync(library, verify=False)
    rows = catalog(library)
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
                "notes": r.notes,
                "missing": r.missing_notes,
            }
            for r in rows
        ]
        print_json(data)
        return 0
    from rich.table import Table
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    if not rows:
        out.print(Text(f"No texts in {library.texts_dir}. Add some with 'reader import FILE'."))
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "title", "author", "date", "words", "notes", "missing"):
        numeric = column in ("words", "notes", "missing")
        table.add_column(column, justify="right" if numeric else "left")
    for r in rows:
        table.add_row(
            Text(r.id),
            Text(r.title),
            Text(r.author or ""),
            Text(r.date or ""),
            str(r.words),
            str(r.notes),
            str(r.missing_notes) if r.missing_notes else "",
        )
    out.print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from reader.commands.render import show
    from reader.core.parse import parse_file

    library = library_from(args)
    path = library.find_text(args.text)
    show(parse_file(path), pager=False if args.no_pager else None)
    return 0
