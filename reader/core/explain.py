"""How a resolved note reads to a person: one line, shared by every view.

``reader show``, the footnote pane and the Markdown export all say the same
thing about a note, e.g.::

    [10] Ibid. → [2] K Marx, 'The civil war in France' …, p. 212
    [11] Ibid. → note 9 is missing from this copy; the last note present is [8]
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import Article, Note

KIND_NAMES = {
    "citation": "citation",
    "gloss": "explains",
    "url": "link",
    "ibid": "ibid.",
    "op-cit": "op. cit.",
    "loc-cit": "loc. cit.",
}


@dataclass(frozen=True, slots=True)
class Explained:
    """A note with what it stands for, ready to display."""

    label: str
    text: str
    kind: str
    target: str | None  # the full citation's label
    target_text: str | None  # the full citation's text
    page: str | None
    problem: str | None  # a sentence when the note cannot be fully resolved

    def line(self, *, width: int | None = None) -> str:
        head = f"[{self.label}] {self.text}"
        if self.problem:
            return f"{head} → {self.problem}"
        if self.target is None or self.target_text is None:
            return head
        target = self.target_text
        if width is not None and len(target) > width:
            target = target[: max(1, width - 1)].rstrip() + "…"
        page = f", p. {self.page}" if self.page and self.page not in self.target_text else ""
        return f"{head} → [{self.target}] {target}{page}"


def explain(article: Article, note: Note) -> Explained:
    target = article.note(note.resolves_to) if note.resolves_to else None
    problem: str | None = None
    if note.status == "missing-target":
        problem = f"note {note.resolves_to} is missing from this copy" + _hint(article, note.hint)
    elif note.status == "ambiguous":
        options = ", ".join(f"[{c}]" for c in note.candidates)
        problem = f"could be any of {options}: the citation does not say which work"
    elif note.status == "unresolved":
        problem = "no earlier citation in this text matches it"
    return Explained(
        label=note.label,
        text=note.text,
        kind=KIND_NAMES.get(note.kind, note.kind),
        target=note.resolves_to if target is not None else None,
        target_text=target.text if target is not None else None,
        page=note.page,
        problem=problem,
    )


def _hint(article: Article, label: str | None, width: int = 60) -> str:
    note = article.note(label) if label else None
    if note is None:
        return ""
    shown = note
    if note.kind in ("ibid", "op-cit", "loc-cit") and note.resolves_to:
        shown = article.note(note.resolves_to) or note
    text = _clip(shown.text, width)
    what = "citation" if shown.kind in ("citation", "url") else "note"
    if shown is not note:
        return f"; the last {what} present is [{note.label}] {note.text} = [{shown.label}] {text}"
    return f"; the last {what} present is [{note.label}] {text}"


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def explain_missing(article: Article, label: str) -> str:
    """What to say about a marker whose note the source does not give."""
    hint: str | None = None
    if label.isdigit():
        earlier = [n for n in article.notes if n.label.isdigit() and int(n.label) < int(label)]
        if earlier:
            hint = earlier[-1].label
    return f"note {label} is missing from this copy" + _hint(article, hint)
