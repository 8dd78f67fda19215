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
import weakref
from dataclasses import dataclass
from typing import Literal

from reader.core.model import Article, Note, Ref

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


def explain_ref(article: Article, ref: Ref, *, width: int | None = TARGET_WIDTH) -> Explained:
    """The note a marker means (labels repeat across chapters: the marker knows
    which), or what to say when the copy lacks it."""
    note = article.note_of(ref)
    if note is not None:
        return explain(article, note, width=width)
    segments: list[Segment] = [(f"[{ref.label}] ", "label")]
    segments += _missing(article, ref.label, _nearest_before(article, ref.label, ref), width)
    return Explained(ref.label, tuple(segments))


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
        target = article.target_of(note) or article.note(note.resolves_to, near=note)
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
        hint = _nearest_before(article, gone, group=note.group) if note.resolves_to else None
        return [arrow, *_missing(article, gone, hint, width)], None
    if note.status == "ambiguous" and note.candidates:
        parts = [arrow, ("could be ", "flag")]
        for n, label in enumerate(note.candidates):
            candidate = article.note(label, near=note)
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
        parts.append(("; no earlier citation is present", "plain"))
        return parts
    parts += [("; the last citation present is ", "plain"), (f"[{hint.label}] ", "label")]
    shown = article.target_of(hint) if hint.kind in _BACK else None
    if shown is not None:
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


def _nearest_before(
    article: Article, label: str, ref: Ref | None = None, group: int | None = None
) -> Note | None:
    """The last full citation the source gives before note ``label`` (by number,
    else by order): a citation, or an Ibid./op. cit. that stands for one. A
    gloss is no citation. With ``ref``, among the notes of its own numbering."""
    notes = article.notes
    if ref is not None and notes:
        group = _group_near(article, ref)
    if group is not None:
        notes = [n for n in notes if n.group == group]
    if label.isdigit():
        earlier = sorted(
            (n for n in notes if n.label.isdigit() and int(n.label) < int(label)),
            key=lambda n: int(n.label),
        )
    else:
        order = [r.label for p in article.paragraphs for r in p.refs]
        if label not in order:
            return None
        seen = set(order[: order.index(label)])
        earlier = [n for n in notes if n.label in seen]
    for note in reversed(earlier):
        if _cites(article, note):
            return note
    return None


def _cites(article: Article, note: Note) -> bool:
    if note.kind == "citation":
        return True
    if note.kind in _BACK and note.status == "ok":
        target = article.target_of(note)
        return target is not None and target.kind == "citation"
    return False


def _group_near(article: Article, ref: Ref) -> int | None:
    """The numbering group of the notes cited nearest before ``ref`` (its chapter's)."""
    groups = _GROUPS_BEFORE.get(article)
    if groups is None:
        groups = _GROUPS_BEFORE[article] = _groups_before(article)
    return groups.get(id(ref))


def _groups_before(article: Article) -> dict[int, int | None]:
    """For each marker of ``article`` (by identity), the group of the notes cited
    before it: one pass, so a book with many missing notes is read once."""
    out: dict[int, int | None] = {}
    group: int | None = None
    for p in article.paragraphs:
        for r in p.refs:
            out[id(r)] = group
            if r.note is not None:
                group = article.notes[r.note].group
    return out


# markers are compared by identity (two markers may be equal tuples); the
# article holds its refs, so their ids stay valid while it lives
_GROUPS_BEFORE: weakref.WeakKeyDictionary[Article, dict[int, int | None]] = (
    weakref.WeakKeyDictionary()
)
