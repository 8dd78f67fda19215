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
import contextlib
import importlib
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

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

# Which module registers each command: a command line that names one builds
# only that module's parsers (building all of them costs ~10 ms of every
# `reader search`). A test keeps this in step with what the modules register.
COMMAND_OWNERS = {
    "parse": "reader.commands.parse",
    "import": "reader.commands.library_cmds",
    "list": "reader.commands.library_cmds",
    "show": "reader.commands.library_cmds",
    "search": "reader.commands.search_cmd",
    "index": "reader.commands.search_cmd",
    "glossary": "reader.commands.glossary_cmd",
    "notes": "reader.commands.notes_cmd",
    "export": "reader.commands.export_cmd",
    "open": "reader.commands.app",
}


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, if it names one before any help option."""
    take_value = False
    for arg in argv:
        if take_value:
            take_value = False
        elif arg == "--library":
            take_value = True
        elif arg.startswith("-"):
            if not arg.startswith("--library="):  # -h, --version…: every command
                return None
        else:
            return arg if arg in COMMAND_OWNERS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only what it needs."""
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
    command = _named_command(argv) if argv is not None else None
    modules = [COMMAND_OWNERS[command]] if command else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _version() -> str:
    from reader import __version__

    return f"reader {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    from reader.core.errors import ReaderError

    line = list(argv if argv is not None else sys.argv[1:])
    parser = build_parser(line)
    args = parser.parse_args(line)
    if args.command is None:
        if "reader.commands.app" not in COMMAND_MODULES:
            parser.print_help()
            return 0
        parser = build_parser([*line, "open"])
        args = parser.parse_args([*line, "open"])
    try:
        if args.command == "open":  # Textual owns the terminal and draws only Content
            code: int = args.func(args)
        else:
            with _guarded_output():
                code = args.func(args)
    except ReaderError as err:
        from reader.core.clean import terminal_safe

        print(terminal_safe(f"reader: {err}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader show … | head`: the reader of our output left; that is fine.
        sys.stderr.close()
        return 0
    return code


class _SafeStream:
    """A text stream that passes what is written through
    :func:`reader.core.clean.terminal_safe` (everything else is the stream's own)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from reader.core.clean import terminal_safe

        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _guarded_output() -> Iterator[None]:
    """No escape sequence but colours, and no control character, leaves a command:
    file names and other words that never went through the parser's cleaning are
    printed too (``reader list``, ``reader search``, error lines)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _SafeStream(saved[0])  # type: ignore[assignment]
    sys.stderr = _SafeStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
