"""Hostile words reach a real terminal only as words.

The app runs in a pseudo-terminal (TERM=xterm-256color, 100x30) on a library
whose text, title, file name, note and glossary entries carry OSC 52, ESC [ 2 J,
8-bit CSI, NUL, DEL, U+202E and Rich/Textual markup; it opens the library, the
search screen (a query that finds the hostile text) and the text itself. Every
byte it wrote is checked. The CLI commands that print those things are checked
the same way, through a pseudo-terminal too (so Rich writes its colours).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.library import Library

from .conftest import SEARCH_WORD, terminal_faults

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

COLUMNS, ROWS = 100, 30
READER = [sys.executable, "-m", "reader"]


class Terminal:
    """A process on the slave side of a pty; everything it writes is kept."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        import struct

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
        env.update(
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(ROWS),
            PAGER="cat",
            TEXTUAL_ANIMATIONS="none",
            NO_COLOR="",
        )
        env.pop("NO_COLOR")
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read_until_quiet(self, quiet: float = 0.6, limit: float = 15.0) -> None:
        """Read until nothing arrives for ``quiet`` seconds (or ``limit`` passes)."""
        end = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    return
                if not chunk:
                    return
                self.output += chunk
                last = time.monotonic()
            elif time.monotonic() - last > quiet and self.output or self.proc.poll() is not None:
                return

    def send(self, keys: str, limit: float = 3.0) -> None:
        os.write(self.master, keys.encode())
        self.read_until_quiet(limit=limit)  # a blinking cursor is never quiet

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def _texts(data: bytes) -> str:
    """The output with escape sequences removed, to look for words shown."""
    from reader.core.clean import strip_controls

    return strip_controls(data.decode("utf-8", errors="replace"))[0]


@pytest.mark.slow
def test_the_app_writes_no_escape_sequence_it_did_not_make(hostile_library: Library) -> None:
    term = Terminal([*READER, "--library", str(hostile_library.root)], hostile_library.root)
    try:
        term.read_until_quiet(quiet=1.5, limit=10)  # the library screen, the index built
        opened = len(term.output)
        term.send("s")  # the search screen
        for ch in SEARCH_WORD:
            os.write(term.master, ch.encode())
        term.read_until_quiet(quiet=1.5, limit=5)
        searched = len(term.output)
        term.send("\x1b[B")  # down to the first hit
        term.send("\r")  # open the text at it
        term.send("j")
        term.send("j")
        term.send("e")  # the glossary entry in full
        term.read_until_quiet(quiet=1.0, limit=3)
    finally:
        term.close()
    data = bytes(term.output)
    assert opened > 0 and len(data) > searched > opened, "the app drew nothing"
    assert terminal_faults(data) == []
    shown = _texts(data)
    assert SEARCH_WORD in shown  # the hostile text was really on the screen
    assert "[sic]" in shown
    assert "[bold]x[/bold]" in shown
    assert "[@click=app.quit]x[/]" in shown
    assert term.proc.returncode == -signal.SIGKILL  # the click markup quit nothing


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "hostile"],
        ["show", "hostile", "--no-pager"],
        ["search", SEARCH_WORD],
        ["search", SEARCH_WORD, "--json"],
        ["search", "payload"],
        ["notes", "list"],
        ["notes", "list", "--json"],
        ["glossary", "show", SEARCH_WORD],
        ["glossary", "list"],
        ["list"],
        ["list", "--json"],
        ["show", "has-nul"],
    ],
    ids=lambda argv: "-".join(argv).replace(SEARCH_WORD, "word"),
)
def test_cli_output_carries_no_hostile_sequence(hostile_library: Library, argv: list[str]) -> None:
    subprocess.run(
        [*READER, "--library", str(hostile_library.root), "index"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    term = Terminal([*READER, "--library", str(hostile_library.root), *argv], hostile_library.root)
    try:
        term.read_until_quiet(quiet=2.0, limit=30)
        code = term.proc.wait(timeout=30)
    finally:
        term.close()
    data = bytes(term.output)
    assert code in (0, 2), data[-500:]
    assert b"Traceback" not in data
    assert terminal_faults(data) == []
    if "has-nul" not in argv and "payload" not in argv:
        assert "[sic]" in _texts(data) or "[bold]" in _texts(data), data[:300]
