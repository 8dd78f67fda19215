"""The app's own state: where each text was left, and the chosen theme.

Kept in ``<library>/.reader/state.toml``::

    theme = "nord"
    sort = "-words"     # the library's order: a column, "-" for the reverse

    [texts.paris-commune]
    paragraph = 41
    paragraphs = 120

    [titles]            # provisional titles, as first given (reader.core.articles)
    untitled-notes = "The first words of its first paragraph…"

Every change is a small read-modify-write under the library's lock and goes
through :func:`reader.core.atomic.atomic_write`, so two windows on the same
library never lose each other's positions. A state file that does not parse is
never overwritten: :func:`load_state` reports it (``AppState.error``) and the
app carries on without saving until the user fixes or deletes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from reader.core.atomic import atomic_write, locked
from reader.core.errors import ReaderError, load_toml
from reader.core.library import Library

STATE_FILE = "state.toml"


@dataclass(frozen=True, slots=True)
class Position:
    """Where a text was left: the paragraph index, out of how many, and the
    paragraph's first words (``anchor``), so the place follows its paragraph
    when the text is edited above it."""

    paragraph: int
    paragraphs: int
    anchor: str = ""

    def in_article(self, texts: Sequence[str]) -> int:
        """The paragraph to reopen at among ``texts`` (the article's paragraphs):
        the saved index if that paragraph still begins with the anchor, else the
        nearest paragraph that does, else the saved index (clamped)."""
        last = max(0, len(texts) - 1)
        here = min(self.paragraph, last)
        if not self.anchor or not texts or anchor_of(texts[here]) == self.anchor:
            return here
        found = [i for i, t in enumerate(texts) if anchor_of(t) == self.anchor]
        return min(found, key=lambda i: abs(i - self.paragraph)) if found else here

    @property
    def progress(self) -> float:
        """Share of the text read, 0.0–1.0 (the last paragraph counts as done)."""
        if self.paragraphs <= 1:
            return 1.0 if self.paragraphs == 1 and self.paragraph >= 0 else 0.0
        return min(1.0, max(0.0, self.paragraph / (self.paragraphs - 1)))


@dataclass(slots=True)
class AppState:
    """What :func:`load_state` found; ``error`` is set when the file is unreadable."""

    theme: str | None = None
    sort: str | None = None
    """The library's sort column, ``-`` before it for the reverse order."""
    positions: dict[str, Position] = field(default_factory=dict)
    error: ReaderError | None = None

    def position(self, text_id: str) -> Position | None:
        return self.positions.get(text_id)


def state_path(library: Library) -> Path:
    return library.state_dir / STATE_FILE


def _read(path: Path) -> dict[str, Any]:
    """The raw TOML table, ``{}`` when there is no file; ReaderError when it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ReaderError(f"cannot read the app state ({exc.strerror})", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReaderError("the app state is not UTF-8; fix or delete the file", path) from None
    return load_toml(
        text,
        path,
        lambda reason, _: f"the app state does not parse ({reason}); fix or delete the file",
    )


def _positions(data: dict[str, Any]) -> dict[str, Position]:
    texts = data.get("texts")
    out: dict[str, Position] = {}
    if not isinstance(texts, dict):
        return out
    for text_id, entry in texts.items():
        if not isinstance(entry, dict):
            continue
        paragraph = entry.get("paragraph")
        total = entry.get("paragraphs", 0)
        anchor = entry.get("anchor", "")
        if isinstance(paragraph, int) and isinstance(total, int) and paragraph >= 0:
            text = anchor if isinstance(anchor, str) else ""
            out[str(text_id)] = Position(paragraph, max(total, 0), text)
    return out


def load_state(library: Library) -> AppState:
    """The saved state; defaults when there is none; ``error`` set when damaged."""
    try:
        data = _read(state_path(library))
    except ReaderError as err:
        return AppState(error=err)
    theme = data.get("theme")
    sort = data.get("sort")
    return AppState(
        theme=theme if isinstance(theme, str) and theme else None,
        sort=sort if isinstance(sort, str) and sort else None,
        positions=_positions(data),
    )


def _update(library: Library, change: dict[str, Any], text_id: str | None = None) -> None:
    path = state_path(library)
    with locked(path):
        data = _read(path)
        if text_id is None:
            data.update(change)
        else:
            texts = data.get("texts")
            if not isinstance(texts, dict):
                texts = data["texts"] = {}
            texts[text_id] = change
        atomic_write(path, tomli_w.dumps(data))


def anchor_of(text: str) -> str:
    """A paragraph's first words, as a saved place remembers them."""
    return " ".join(text.split()[:8])[:80]


def save_position(
    library: Library, text_id: str, paragraph: int, paragraphs: int, anchor: str = ""
) -> None:
    """Remember that ``text_id`` was left at ``paragraph`` (of ``paragraphs``),
    a paragraph beginning with ``anchor``."""
    if paragraph < 0 or paragraphs < 0:
        raise ValueError("paragraph positions are never negative")
    change: dict[str, Any] = {"paragraph": paragraph, "paragraphs": paragraphs}
    if anchor:
        change["anchor"] = anchor
    _update(library, change, text_id)


def load_titles(library: Library) -> dict[str, str]:
    """The provisional titles remembered for texts without one, by text id
    (none when the state file is missing or damaged)."""
    try:
        titles = _read(state_path(library)).get("titles")
    except ReaderError:
        return {}
    if not isinstance(titles, dict):
        return {}
    return {str(k): v for k, v in titles.items() if isinstance(v, str) and v}


def remember_titles(library: Library, titles: dict[str, str]) -> None:
    """Remember provisional ``titles`` (text id → title) alongside those known.
    A damaged state file is left as it is (ReaderError)."""
    path = state_path(library)
    with locked(path):
        data = _read(path)
        known = data.get("titles")
        if not isinstance(known, dict):
            known = data["titles"] = {}
        known.update(titles)
        atomic_write(path, tomli_w.dumps(data))


def save_theme(library: Library, theme: str) -> None:
    """Remember the chosen theme."""
    _update(library, {"theme": theme})


def save_sort(library: Library, sort: str) -> None:
    """Remember the library's order (a column, ``-`` before it for the reverse)."""
    _update(library, {"sort": sort})
