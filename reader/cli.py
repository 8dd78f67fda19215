"""The ``reader`` command.

Each subcommand lives in its own module under :mod:`reader.commands` and
exposes ``register(subparsers)``; a module imports only what argparse needs at
the top, and pulls in its real work (whoosh, Textual…) inside its handler, so
``reader search`` never loads Textual and ``reader list`` never loads whoosh's
writer. Errors meant for people (:class:`ReaderError`) print as one line and
exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# The subcommand modules, in the order ``reader --help`` lists them.
COMMAND_MODULES = [
    "reader.commands.parse",
    "reader.commands.library_cmds",
    "reader.commands.search_cmd",
    "reader.commands.glossary_cmd",
    "reader.commands.notes_cmd",
    "reader.commands.export_cmd",
    "reader.commands.app",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal study reader for long-form political and historical articles.",
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="the library folder (default: $READER_LIBRARY, else ./ if it has texts/, "
        "else your user data folder)",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _version() -> str:
    from reader import __version__

    return f"reader {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    from reader.core.errors import ReaderError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if "reader.commands.app" not in COMMAND_MODULES:
            parser.print_help()
            return 0
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "open"])
    try:
        code: int = args.func(args)
    except ReaderError as err:
        print(f"reader: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader show … | head`: the reader of our output left; that is fine.
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
