"""``reader open [TEXT]``: the study screen (also what ``reader`` alone runs)."""

from __future__ import annotations

import argparse
from typing import Any

from reader.commands.common import library_from

MEASURE_MIN = 40
MEASURE_MAX = 200


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "open",
        help="open the study screen (the library, or TEXT directly)",
        description="Open the study screen on the library, or straight on TEXT.",
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="a text's id or file name")
    parser.add_argument(
        "--measure",
        type=int,
        default=80,
        metavar="COLUMNS",
        help=f"the article's line length in columns ({MEASURE_MIN}-{MEASURE_MAX}; default 80)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reader.core.errors import ReaderError

    if not MEASURE_MIN <= args.measure <= MEASURE_MAX:
        raise ReaderError(f"--measure must be between {MEASURE_MIN} and {MEASURE_MAX} columns")
    library = library_from(args)
    if args.text:
        library.find_text(args.text)  # a clear error before the screen opens

    from reader.tui.app import ReaderApp

    ReaderApp(library, open_text=args.text, measure=args.measure).run()
    return 0
