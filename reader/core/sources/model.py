"""What a note cites, as data: names, citations, the places that cite a work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

WorkKind = Literal["book", "article", "chapter", "web page", "archive", "interview"]


@dataclass(frozen=True, slots=True)
class Name:
    """An author: ``literal`` as the note writes it ("K Marx"), split into
    ``given`` ("K") and ``family`` ("Marx"). An organisation has no given name."""

    literal: str
    family: str
    given: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """One work as one note cites it (``None`` where the note does not say)."""

    kind: WorkKind
    authors: tuple[Name, ...] = ()
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    place: str | None = None
    publisher: str | None = None
    year: int | None = None
    locator: str | None = None
    url: str | None = None
    source: str = ""  # the part of the note it was read from

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(a.family for a in self.authors)

    @classmethod
    def stored(
        cls,
        kind: WorkKind,
        authors: Iterable[tuple[str, str, str | None]],
        title: str | None,
        container: str | None,
        volume: str | None,
        place: str | None,
        publisher: str | None,
        year: int | None,
        url: str | None,
    ) -> Citation:
        """A work's citation as the index and the sources cache keep it, the
        authors as ``(literal, family, given)``; no locator (a work has none)."""
        names = tuple([Name(*a) for a in authors])
        return cls(kind, names, title, container, volume, place, publisher, year, None, url)


@dataclass(frozen=True, slots=True)
class NoteReading:
    """What one note cites.

    ``citations`` is empty for a gloss (``gloss`` is then true) and for a
    back-reference whose target is not in the copy. ``via`` is the label of the
    note a back-reference (Ibid., op. cit., loc. cit.) takes its work from.
    """

    note: int  # index into ``Article.notes``
    label: str
    citations: tuple[Citation, ...] = ()
    gloss: bool = False
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a work is cited: a text, its note, the paragraph citing it."""

    text: str
    note: str
    paragraph: int | None
    locator: str | None
    # the marker citing the note: its offsets in the text's plain text
    marker: tuple[int, int] | None = None


@dataclass(slots=True)
class Work:
    """One distinct source and every place that cites it; ``citation`` is its
    fullest reading (the one with most fields known)."""

    id: str
    citation: Citation
    places: list[Place] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return list(dict.fromkeys(p.text for p in self.places))
