"""The one error type reader lets escape: a message for a person."""

from __future__ import annotations

from pathlib import Path


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
