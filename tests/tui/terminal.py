"""The app in a real pseudo-terminal, typed at as a person types, its screen read back.

Pilot presses keys in a burst, between two frames; a person types one key
every 50 to 250 ms, so each key meets the app in whatever state the one
before left it (focus on its way, a text half open). :class:`Terminal` runs
``reader`` on the slave side of a pty, feeds everything it writes to a
terminal emulator (pyte), and :meth:`Terminal.type` sends keys with random
pauses between them.
"""

from __future__ import annotations

import os
import random
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pyte = pytest.importorskip("pyte")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "backspace": "\x7f",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "space": " ",
    "slash": "/",
    "ctrl+n": "\x0e",
}
"""Keys by name, as a terminal sends them (anything else is sent as typed)."""

CURSOR_BAR = "▌"


class Terminal:
    """``reader --library ROOT`` in a ``columns`` × ``rows`` pseudo-terminal."""

    def __init__(
        self, root: Path, *args: str, columns: int = 120, rows: int = 36, seed: int | None = None
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
        env.update(
            TERM="xterm-256color",
            COLUMNS=str(columns),
            LINES=str(rows),
            TEXTUAL_ANIMATIONS="none",
            HOME=str(root),
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "--library", str(root), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=root,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.random = random.Random(seed)
        self._lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closed:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.stream.feed(chunk)

    # -- reading the screen -------------------------------------------------------

    def lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(
        self, what: str | Callable[[], object], timeout: float = 20.0, quiet: float = 0.3
    ) -> None:
        """Wait until ``what`` (words on the screen, or a test) holds, then for
        the screen to settle; fail with the screen shown."""
        test = (lambda: what in self.text()) if isinstance(what, str) else what
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if test():
                self.settle(quiet)
                if test():
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"waited for {what!r}; the screen shows:\n{self.text()}")

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Wait until the screen has not changed for ``quiet`` seconds."""
        end = time.monotonic() + limit
        last = self.text()
        still = time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.05)
            now = self.text()
            if now != last:
                last, still = now, time.monotonic()
            elif time.monotonic() - still >= quiet:
                return

    def cursor_lines(self) -> list[str]:
        """The lines of the paragraph the cursor bar is drawn on (without the bar)."""
        return [line.split(CURSOR_BAR, 1)[1].strip() for line in self.lines() if CURSOR_BAR in line]

    def selected_text(self) -> str:
        """The characters drawn on the accent colour, as a person sees a selection:
        the cursor bar is drawn in the accent colour, the selection on it."""
        with self._lock:
            rows = [self.screen.buffer[y] for y in range(self.screen.lines)]
            width = self.screen.columns
            accent = next(
                (row[x].fg for row in rows for x in range(width) if row[x].data == CURSOR_BAR),
                None,
            )
            if accent is None or accent == "default":
                return ""
            return "".join(row[x].data for row in rows for x in range(width) if row[x].bg == accent)

    def selected_option(self, column: int = 4) -> str:
        """The lines of the first box on screen drawn on a background of their
        own (at ``column``): its highlighted option, as a person picks it out."""
        from collections import Counter

        lines = self.lines()
        top = next((y for y, line in enumerate(lines) if "╭" in line), -1)
        bottom = next((y for y, line in enumerate(lines) if "╰" in line and y > top), -1)
        if top < 0 or bottom < 0:
            return ""
        with self._lock:
            backgrounds = {y: self.screen.buffer[y][column].bg for y in range(top + 1, bottom)}
        usual = Counter(backgrounds.values()).most_common(1)[0][0]
        return "\n".join(lines[y] for y, bg in backgrounds.items() if bg != usual)

    # -- typing -----------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Send ``keys`` one after another, 50 to 250 ms apart, as a person types."""
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode())
            time.sleep(self.random.uniform(0.05, 0.25))

    def type(self, text: str) -> None:
        self.press(*text)

    def close(self) -> None:
        self._closed = True
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._reader.join(timeout=2)
        os.close(self.master)
