"""How a resolved note reads to a person: one sentence, shared by every view.

``reader show``, the footnote pane and the Markdown export all say the same
thing about a note, e.g.::

    [10] Ibid. → [2] K Marx, 'The civil war in France' …, p. 212
    [11] Ibid. → note 9 is missing from this copy; the last citation present is [8] …
    [4] note 4 is missing from this copy; the last citation present is [3] Ibid. = [2] …

The sentence comes as :class:`Segment` pieces tagged with a role (a label, the
note's own text, an arrow, a flag…), so each view styles the roles its own way
(Rich styles in the CLI, Textual styles in the pane, escaping in Markdown)
while the words stay the same everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reader.core.model import Article, Note

Role = Literal["label", "kind", "text", "arrow", "target", "page", "flag", "plain", "url"]
Segment = tuple[str, Role]

TARGET_WIDTH = 110
"""How much of a target citation to quote after an arrow (cut at a word)."""

_BACK = ("ibid", "op-cit", "loc-cit")
_TRAILING_PAGE = re.compile(
    r"[,;]?\s*\b(?:pp?\.\s*[\dxivlc]+|pp?\s*\d+)(?:\s*[-–]\s*[\dxivlc]+)?\.?\s*$", re.I
)


def shorten(text: str, width: int | None = TARGET_WIDTH) -> str:
    """``text`` on one line, cut at a word with an ellipsis beyond ``width``."""
    flat = " ".join(text.split())
    if width is None or len(flat) <= width:
        return flat
    cut = flat[:width].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut} …"


def without_page(text: str) -> str:
    """A citation without its closing page reference ("…, p. 12." → "…")."""
    return _TRAILING_PAGE.sub("", text).rstrip(" ,;")


def _page(page: str) -> str:
    return f"pp. {page}" if re.search(r"[-–]", page) else f"p. {page}"


@dataclass(frozen=True, slots=True)
class Explained:
    """A note (or a marker whose note is missing) ready to display."""

    label: str
    segments: tuple[Segment, ...]
    kind: str | None = None  # the note's kind; None when the note is missing
    target: str | None = None  # the label of the full citation, when present
    urls: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        return self.kind is None

    def line(self) -> str:
        return "".join(text for text, _ in self.segments)


def explain_label(article: Article, label: str, *, width: int | None = TARGET_WIDTH) -> Explained:
    """The note a marker points to, or what to say when the copy lacks it."""
    note = article.note(label)
    if note is not None:
        return explain(article, note, width=width)
    segments: list[Segment] = [(f"[{label}] ", "label")]
    segments += _missing(article, label, _nearest_before(article, label), width)
    return Explained(label, tuple(segments))


def explain(article: Article, note: Note, *, width: int | None = TARGET_WIDTH) -> Explained:
    segments: list[Segment] = [(f"[{note.label}] ", "label")]
    if note.kind == "gloss":
        segments.append(("gloss ", "kind"))
    elif note.kind == "url":
        segments.append(("link ", "kind"))
    text = " ".join(note.text.split())
    segments.append((text, "text"))
    target: str | None = None
    if note.kind in _BACK:
        resolution, target = _resolution(article, note, width)
        segments += resolution
    for url in note.urls:
        if url not in text:
            segments += [("\n", "plain"), ("↗ ", "arrow"), (url, "url")]
    return Explained(note.label, tuple(segments), note.kind, target, note.urls)


def explain_missing(article: Article, label: str, *, width: int | None = TARGET_WIDTH) -> str:
    """What to say about a marker whose note the source does not give."""
    hint = _nearest_before(article, label)
    return "".join(text for text, _ in _missing(article, label, hint, width))


def _resolution(
    article: Article, note: Note, width: int | None
) -> tuple[list[Segment], str | None]:
    arrow: Segment = (" → ", "arrow")
    if note.status == "ok" and note.resolves_to:
        target = article.note(note.resolves_to)
        if target is None:
            return [arrow, *_missing(article, note.resolves_to, None, width)], None
        cited = without_page(target.text) if note.page else target.text
        parts: list[Segment] = [
            arrow,
            (f"[{target.label}] ", "label"),
            (shorten(cited, width), "target"),
        ]
        if note.page:
            parts.append((f", {_page(note.page)}", "page"))
        return parts, target.label
    if note.status == "missing-target":
        gone = note.resolves_to or "it points to"
        hint = article.note(note.hint) if note.hint else None
        return [arrow, *_missing(article, gone, hint, width)], None
    if note.status == "ambiguous" and note.candidates:
        parts = [arrow, ("could be ", "flag")]
        for n, label in enumerate(note.candidates):
            candidate = article.note(label)
            if n:
                parts.append((" or ", "plain"))
            parts.append((f"[{label}] ", "label"))
            if candidate is not None:
                parts.append((shorten(candidate.text, 60 if width else None), "target"))
        parts.append((": the citation does not say which work", "plain"))
        return parts, None
    return [arrow, ("no earlier citation in this text matches it", "flag")], None


def _missing(article: Article, label: str, hint: Note | None, width: int | None) -> list[Segment]:
    parts: list[Segment] = [(f"note {label} is missing from this copy", "flag")]
    if hint is None:
        return parts
    parts += [("; the last citation present is ", "plain"), (f"[{hint.label}] ", "label")]
    if hint.kind in _BACK and hint.resolves_to and article.note(hint.resolves_to):
        shown = article.note(hint.resolves_to)
        assert shown is not None
        parts += [
            (" ".join(hint.text.split()), "text"),
            (" = ", "arrow"),
            (f"[{shown.label}] ", "label"),
            (shorten(shown.text, width), "target"),
        ]
    else:
        parts.append((shorten(hint.text, width), "target"))
    return parts


def _label_key(label: str) -> tuple[int, int]:
    return (0, int(label)) if label.isdigit() else (1, 0)


def _nearest_before(article: Article, label: str) -> Note | None:
    """The nearest earlier note the source does give (by number, else by order)."""
    if label.isdigit():
        earlier = [n for n in article.notes if n.label.isdigit() and int(n.label) < int(label)]
        return max(earlier, key=lambda n: int(n.label)) if earlier else None
    order = [r.label for p in article.paragraphs for r in p.refs]
    if label not in order:
        return None
    seen = order[: order.index(label)]
    for previous in reversed(seen):
        note = article.note(previous)
        if note is not None:
            return note
    return None
