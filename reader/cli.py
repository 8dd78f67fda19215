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
from typing import Any, NoReturn, TextIO

# The subcommand modules, in the order ``reader --help`` lists them.
COMMAND_MODULES = [
    "reader.commands.parse",
    "reader.commands.library_cmds",
    "reader.commands.search_cmd",
    "reader.commands.glossary_cmd",
    "reader.commands.notes_cmd",
    "reader.commands.sources_cmd",
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
    "sources": "reader.commands.sources_cmd",
    "export": "reader.commands.export_cmd",
    "open": "reader.commands.app",
}


def _command_at(argv: Sequence[str]) -> int | None:
    """Where in ``argv`` the command is, if one is named before any help option."""
    take_value = False
    for at, arg in enumerate(argv):
        if take_value:
            take_value = False
        elif arg == "--library":
            take_value = True
        elif arg.startswith("-"):
            if not arg.startswith("--library="):  # -h, --version…: every command
                return None
        else:
            return at if arg in COMMAND_OWNERS else None
    return None


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, if it names one before any help option."""
    at = _command_at(argv)
    return argv[at] if at is not None else None


def _query_as_typed(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``reader search -Links Kagarlitsky`` or ``"-history Marx"``: after ``search``,
    a word starting with a single ``-`` is part of the query (an exclusion), not
    an option argparse would refuse; ``-h`` and ``--options`` stay options. The
    query words go last, after ``--``, in the order typed."""
    at = _command_at(argv)
    if at is None or argv[at] != "search":
        return argv
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    search = sub.choices["search"]
    takes_value = {o for a in search._actions for o in a.option_strings if a.nargs != 0}
    known = set(search._option_string_actions)
    options: list[str] = []
    words: list[str] = []
    rest = iter(argv[at + 1 :])
    for arg in rest:
        if arg == "--":
            words += rest
        elif arg == "-h" or arg.startswith("--"):
            options.append(arg)
            name = arg.partition("=")[0]
            named = [name] if name in known else [o for o in known if o.startswith(name)]
            if "=" not in arg and len(named) == 1 and named[0] in takes_value:
                value = next(rest, None)
                if value is not None:
                    options.append(value)
        else:
            words.append(arg)
    return [*argv[: at + 1], *options, "--", *words]


LIBRARY_HELP = (
    "the library folder (default: $READER_LIBRARY, else ./ if it has texts/, "
    "else your user data folder)"
)


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as reader's: one line saying what was wrong and
    what to type, exit status 2 (not a usage block)."""

    def error(self, message: str) -> NoReturn:
        _fail(self.prog, message)

    # typeshed overloads these by namespace type; reader calls them one way only
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and not hasattr(parsed, _EXTRAS_OF):  # the innermost command's words
            setattr(parsed, _EXTRAS_OF, self.prog)
        return parsed, extras

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        prog = getattr(parsed, _EXTRAS_OF, self.prog)
        if extras:
            _fail(prog, f"unrecognized arguments: {' '.join(extras)}")
        if hasattr(parsed, _EXTRAS_OF):
            delattr(parsed, _EXTRAS_OF)
        return parsed


# Which command's parser was left with words it did not know, so that the error
# names `reader notes list`, not `reader`.
_EXTRAS_OF = "_reader_extras_of"


def _fail(prog: str, message: str) -> NoReturn:
    from reader.core.clean import terminal_safe

    line = f"{prog}: {_plainer(message)}; see '{prog} --help'"
    sys.stderr.write(terminal_safe(line) + "\n")
    sys.exit(2)


def _plainer(message: str) -> str:
    """argparse's wording, closer to a person's (and a near miss named)."""
    import re

    needs = re.match(r"argument (?:\S+/)?(--\S+): expected one argument$", message)
    if needs is not None:  # `--note -1`: argparse took the value for an option
        option = needs.group(1)
        return f"{option} needs a value (if it starts with '-', write {option}=VALUE)"
    choice = re.match(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)$", message)
    if choice is None:
        return message
    what, given, listed = choice.groups()
    options = [o.strip(" '") for o in listed.split(",")]
    import difflib

    near = difflib.get_close_matches(given, options, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    if what in ("COMMAND", "ACTION"):  # the metavars of our subcommands
        noun = what.lower()
        return f"no {noun} '{given}'{hint}; the {noun}s are {', '.join(options)}"
    return f"{what} cannot be '{given}'{hint}; choose one of {', '.join(options)}"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only what it needs."""
    parser = Parser(
        prog="reader",
        description="A terminal study reader for long-form political and historical articles.",
    )
    parser.add_argument("--library", metavar="DIR", help=LIBRARY_HELP)
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = _named_command(argv) if argv is not None else None
    modules = [COMMAND_OWNERS[command]] if command else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    _take_global_options(sub)
    return parser


def _take_global_options(sub: argparse._SubParsersAction[Parser]) -> None:
    """``--library`` after a command (``reader list --library DIR``) as before it.
    Given nowhere, it stays unset (``SUPPRESS``), so a value given before the
    command is not overwritten by the command's own default."""
    for parser in set(sub.choices.values()):
        if "--library" not in parser._option_string_actions:
            parser.add_argument(
                "--library", metavar="DIR", default=argparse.SUPPRESS, help=LIBRARY_HELP
            )
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _take_global_options(action)


def _version() -> str:
    from reader import __version__

    return f"reader {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    from reader.core.errors import ReaderError

    line = list(argv if argv is not None else sys.argv[1:])
    parser = build_parser(line)
    args = parser.parse_args(_query_as_typed(parser, line))
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
    sys.stdout = _SafeStream(saved[0])
    sys.stderr = _SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
