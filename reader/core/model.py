"""The parsed article: one dataclass tree that every later step reads.

The index, the panes and the exports all read this tree; nothing re-parses
text. Offsets:

- ``Ref.start``/``Ref.end`` and ``Mention.start``/``Mention.end`` are offsets
  into their paragraph's ``text`` (``text[start:end]`` is the marker).
- ``Paragraph.hidden`` and ``Markup.start``/``Markup.end`` are offsets into
  their paragraph's ``text`` too: a Markdown paragraph's inline markup, read
  (:mod:`reader.core.inline`) without changing the text.
- ``Paragraph.start`` is the paragraph's offset in ``Article.plain_text``: the
  paragraphs' texts joined by a blank line (``"\\n\\n"``). Notes anchor to
  offsets in that normalised plain text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

NoteKind = Literal["citation", "gloss", "url", "ibid", "op-cit", "loc-cit"]
NoteStatus = Literal["ok", "missing-target", "ambiguous", "unresolved"]
BlockKind = Literal["paragraph", "heading", "standfirst", "dateline", "coda"]

PARAGRAPH_SEPARATOR = "\n\n"


class Ref(NamedTuple):
    """An inline footnote marker: ``paragraph.text[start:end]`` is the marker.

    ``note`` is the index in ``Article.notes`` of the note it means (``None``
    when the source lacks it); ``scope`` the index of the heading whose section
    holds the marker. Labels repeat across chapters; ``note`` never does.
    A named tuple, not a dataclass: a book has hundreds of thousands of markers,
    and a tuple is made several times faster.
    """

    label: str
    start: int
    end: int
    note: int | None = None
    scope: int | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A glossary entry named in a paragraph (``text[start:end]`` is the name)."""

    entry: str
    start: int
    end: int


MarkupKind = Literal["em", "strong", "code", "link"]


class Markup(NamedTuple):
    """Inline Markdown: ``text[start:end]`` is shown as ``kind`` (a link's
    words, with its ``url``). The markup characters themselves are in
    ``Paragraph.hidden``."""

    kind: MarkupKind
    start: int
    end: int
    url: str = ""


@dataclass(slots=True)
class Paragraph:
    """A block of the article body: a paragraph, a heading, a standfirst…

    ``hidden`` (sorted, disjoint ``(start, end)`` ranges) and ``markup`` are a
    Markdown paragraph's inline markup; a plain text's paragraphs have none.
    """

    index: int
    text: str
    refs: tuple[Ref, ...] = ()
    kind: BlockKind = "paragraph"
    level: int = 0
    start: int = 0
    line: int = 0
    section: int | None = None
    mentions: list[Mention] = field(default_factory=list)
    hidden: tuple[tuple[int, int], ...] = ()
    markup: tuple[Markup, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; ``paragraph`` is its own block's index."""

    text: str
    paragraph: int
    level: int = 2


@dataclass(slots=True)
class Note:
    """A footnote or endnote as the source gives it, classified and resolved.

    ``resolves_to`` is the label of the note that holds the full citation
    (``None`` for full citations, glosses and URLs). ``status`` says how sure
    that is: ``missing-target`` when the note it points to is missing from the
    source (``hint`` then names the nearest earlier note that is present),
    ``ambiguous`` when several earlier citations fit (``candidates``),
    ``unresolved`` when none does.

    ``index`` is the note's place in ``Article.notes``; ``scope`` the heading
    whose section holds it; ``group`` its numbering group (labels repeat across
    groups, never inside one: "the previous note" and ``resolves_to``/``hint``
    labels are read inside the group); ``target`` the index of the note
    ``resolves_to`` names: in an earlier group when a chapter opens with
    "Ibid." or cites by "op. cit." a work given chapters before.
    """

    label: str
    text: str
    kind: NoteKind = "citation"
    line: int = 0
    resolves_to: str | None = None
    status: NoteStatus = "ok"
    page: str | None = None
    hint: str | None = None
    candidates: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    author: str | None = None
    index: int = 0
    scope: int | None = None
    group: int = 0
    target: int | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    author: str | None = None
    date: str | None = None
    publication: str | None = None
    source: str | None = None
    title_provisional: bool = False
    translator: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the parser noticed and the user may want to know."""

    message: str
    line: int | None = None
    severity: Literal["info", "warning"] = "warning"


@dataclass(eq=False)
class Article:
    """A whole parsed text."""

    id: str
    meta: Metadata
    paragraphs: list[Paragraph]
    headings: list[Heading]
    notes: list[Note]
    missing_notes: list[str]
    unreferenced_notes: list[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: str | None = None
    sha256: str = ""
    stripped_controls: int = 0
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_text: str = ""
    back_text: str = ""
    missing: list[tuple[str, int | None]] = field(default_factory=list)
    unreferenced: list[tuple[str, int | None]] = field(default_factory=list)
    _by_label: dict[str, Note] = field(default_factory=dict, init=False, repr=False)
    _in_group: dict[tuple[int, str], Note] = field(default_factory=dict, init=False, repr=False)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)
    _plain: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_label = {}
        self._in_group = {}
        for n in self.notes:
            self._by_label.setdefault(n.label, n)
            self._in_group.setdefault((n.group, n.label), n)
        self._starts = [p.start for p in self.paragraphs]

    # -- look-ups -----------------------------------------------------------

    def note(self, label: str, near: Note | None = None) -> Note | None:
        """The note labelled ``label``: in ``near``'s numbering group when given
        (labels repeat across chapters), else the first one."""
        if near is not None:
            return self._in_group.get((near.group, label))
        return self._by_label.get(label)

    def note_of(self, ref: Ref) -> Note | None:
        """The note a marker means (``None`` when the source lacks it)."""
        if ref.note is None or not 0 <= ref.note < len(self.notes):
            return None
        return self.notes[ref.note]

    def target_of(self, note: Note) -> Note | None:
        """The note holding the full citation that ``note`` (Ibid., op. cit.) stands for."""
        if note.target is None or not 0 <= note.target < len(self.notes):
            return None
        return self.notes[note.target]

    @property
    def plain_text(self) -> str:
        """The normalised plain text: paragraphs joined by a blank line."""
        if self._plain is None:
            self._plain = PARAGRAPH_SEPARATOR.join(p.text for p in self.paragraphs)
        return self._plain

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` of ``plain_text``."""
        if not self._starts:
            return 0
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def heading_for(self, paragraph: int) -> Heading | None:
        """The heading of the section ``paragraph`` is in (or is)."""
        if not 0 <= paragraph < len(self.paragraphs):
            return None
        section = self.paragraphs[paragraph].section
        return None if section is None else self.headings[section]

    @cached_property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs if p.kind == "paragraph")

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``reader parse --json``."""
        m = self.meta
        return {
            "id": self.id,
            "title": m.title,
            "title_provisional": m.title_provisional,
            "author": m.author,
            "translator": m.translator,
            "date": m.date,
            "publication": m.publication,
            "source": m.source,
            "words": self.word_count,
            "headings": [
                {"text": h.text, "paragraph": h.paragraph, "level": h.level} for h in self.headings
            ],
            "paragraphs": [
                {
                    "text": p.text,
                    "kind": p.kind,
                    "start": p.start,
                    "line": p.line,
                    "refs": [
                        {
                            "label": r.label,
                            "start": r.start,
                            "end": r.end,
                            "note": r.note,
                            "scope": r.scope,
                        }
                        for r in p.refs
                    ],
                    "mentions": [
                        {"entry": mn.entry, "start": mn.start, "end": mn.end} for mn in p.mentions
                    ],
                    "hidden": [list(h) for h in p.hidden],
                    "markup": [
                        {"kind": m.kind, "start": m.start, "end": m.end, "url": m.url}
                        for m in p.markup
                    ],
                }
                for p in self.paragraphs
            ],
            "notes": [
                {
                    "label": n.label,
                    "text": n.text,
                    "kind": n.kind,
                    "resolves_to": n.resolves_to,
                    "status": n.status,
                    "page": n.page,
                    "hint": n.hint,
                    "candidates": list(n.candidates),
                    "urls": list(n.urls),
                    "line": n.line,
                    "scope": n.scope,
                    "target": n.target,
                }
                for n in self.notes
            ],
            "missing_notes": list(self.missing_notes),
            "unreferenced_notes": list(self.unreferenced_notes),
            "missing": [{"label": label, "scope": scope} for label, scope in self.missing],
            "unreferenced": [
                {"label": label, "scope": scope} for label, scope in self.unreferenced
            ],
            "front_matter": self.front_text,
            "back_matter": self.back_text,
            "diagnostics": [
                {"message": d.message, "line": d.line, "severity": d.severity}
                for d in self.diagnostics
            ],
        }
