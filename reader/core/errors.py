"""The one error type reader lets escape (a message for a person), and its kinds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


class ReaderError(Exception):
    """A problem the user can fix: names the file and line, says what to do.

    ``str(err)`` is the one line the CLI prints, e.g.
    ``texts/foo.md:12: unterminated front matter (expected '+++')``.
    """

    def __init__(
        self, message: str, path: str | Path | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"


class LockHeld(ReaderError):
    """Another process holds a lock we waited for (:func:`reader.core.atomic.locked`).

    Callers that can carry on without the lock (read-only) catch this type.
    """


def load_toml(
    text: str,
    path: str | Path | None,
    explain: Callable[[str, int | None], str],
    *,
    first_line: int = 1,
) -> dict[str, Any]:
    """``tomllib.loads``, its error turned into one :class:`ReaderError` line.

    ``explain(reason, column)`` words the message for the caller's file (what
    to do differs: fix a line, delete a state file…). ``first_line`` is the
    file's line number of the text's first line (front matter starts on 2).
    """
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        reason, line, column = toml_error_position(err)
        if line is None:  # "at the end": the last line
            line = text.count("\n") + 1
        raise ReaderError(explain(reason, column), path, line + first_line - 1) from None


def toml_error_position(err: Exception) -> tuple[str, int | None, int | None]:
    """tomllib's message without its position, and the (line, column) it names.

    Python 3.11–3.13 only put the position in the message ("… (at line 2,
    column 9)"); 3.14 adds attributes. Both are read here.
    """
    import re

    message = str(getattr(err, "msg", None) or err)
    line = getattr(err, "lineno", None)
    column = getattr(err, "colno", None)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        line = line or int(match.group(1))
        column = column or int(match.group(2))
        message = message[: match.start()] + message[match.end() :]
    elif re.search(r"\(at end of document\)", message):
        message = message.replace(" (at end of document)", " at the end")
    return message.strip(), line, column
