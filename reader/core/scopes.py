"""Which note each marker means, when labels repeat.

Books number their notes again in each chapter, letter or essay, and symbol
labels (``*``, ``†``) repeat on every page. A marker means the note with its
label that *follows* it most closely: the note right after the paragraph, at
the chapter's end, or at the end of the book. Two refinements keep that from
reaching into the wrong chapter:

- When several markers with one label wait for a note and other notes were
  placed between them, the earlier markers' notes were due already: they are
  missing, not the later note's.
- A marker with no note after it (a note cited again, or placed before its
  marker) takes the nearest earlier note of its label when no label repeats
  in the text (one numbering), or when that note is in the marker's own
  section.

Notes are then split into numbering groups (runs in which no label repeats),
inside which "the previous note" and "the note labelled 12" have one meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

Place = tuple[str, int, "int | None"]
"""Where a marker or a note stands: (label, source line, section)."""


def pair(refs: Sequence[Place], notes: Sequence[Place]) -> list[int | None]:
    """For each of ``refs`` (in document order), the index in ``notes`` (in
    document order) of the note it means, or None. A note on a marker's own
    line counts as after it."""
    result: list[int | None] = [None] * len(refs)
    pending: dict[str, list[tuple[int, int]]] = {}  # label -> [(ref, notes seen then)]
    seen = 0
    j = 0
    count = len(notes)

    def note_arrives(index: int) -> None:
        waiting = pending.pop(notes[index][0], None)
        if waiting:
            latest = waiting[-1][1]
            for ref, at in waiting:
                if at == latest:
                    result[ref] = index

    for i, (label, line, _) in enumerate(refs):
        while j < count and notes[j][1] < line:
            note_arrives(j)
            seen += 1
            j += 1
        waiting = pending.get(label)
        if waiting is None:
            pending[label] = [(i, seen)]
        else:
            waiting.append((i, seen))
    while j < count and pending:
        note_arrives(j)
        j += 1
    if pending:
        _earlier_notes(refs, notes, pending, result)
    return result


def _earlier_notes(
    refs: Sequence[Place],
    notes: Sequence[Place],
    pending: dict[str, list[tuple[int, int]]],
    result: list[int | None],
) -> None:
    by_label: dict[str, list[int]] = {}
    for j, n in enumerate(notes):
        by_label.setdefault(n[0], []).append(j)
    # one numbering through the text: a label names one note wherever it is cited
    one_numbering = all(len(found) == 1 for found in by_label.values())
    for label, waiting in pending.items():
        candidates = by_label.get(label)
        if not candidates:
            continue
        for ref, _ in waiting:
            _, line, section = refs[ref]
            before = [j for j in candidates if notes[j][1] < line]
            if not before:
                continue
            nearest = before[-1]
            if one_numbering or notes[nearest][2] == section:
                result[ref] = nearest


def groups(labels: Sequence[str]) -> list[int]:
    """The numbering group of each note (notes in document order): a new group
    begins where a label repeats."""
    out: list[int] = []
    current: set[str] = set()
    group = 0
    for label in labels:
        if label in current:
            group += 1
            current = set()
        current.add(label)
        out.append(group)
    return out
