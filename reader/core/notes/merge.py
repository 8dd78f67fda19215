"""Merging two copies of a notes file by note id (git, Syncthing, cloud folders).

Line-based merges and "newest file wins" lose notes: a note added on each
machine is a conflict for git, and a sync tool keeps one whole file. A notes
file is a set of notes keyed by id, so it merges note by note:

- **New notes on either side are kept.** A note missing from one copy was
  never seen there; absence never deletes.
- **An edit on one side wins over no change** (with the common ``base``, as
  git gives a merge driver). Without a base (a sync tool's conflict copy), the
  version edited last wins.
- **Conflicting edits keep both.** The version edited last stays the note;
  the other is kept beside it as its own note, status ``"conflict"``, with
  ``conflict_of`` naming the note (its id is derived from the two, so merging
  the same conflict on two machines gives the same copy).
- **Deletions are tombstones** (``[[deleted]]`` tables: the id and when it
  was deleted). A note is dropped only when a tombstone is at least as recent
  as its last edit: a stale copy cannot bring a deleted note back, and a copy
  that never had a note cannot delete it. A note edited after it was deleted
  elsewhere is kept.

Both copies' tombstones are kept (the later date for an id), so the rules
hold at every later merge. The merge is symmetric except for which side's
file is edited (its comments and layout stay).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from reader.core.notes.model import Annotation, utc_now

_NAMESPACE = uuid.UUID("3a0c5b8e-61f2-4d0b-9a57-2f8e4c1d7b20")  # ours, for conflict copies


@dataclass
class Side:
    """One copy of a notes file: its notes and its tombstones, by id."""

    notes: dict[str, Annotation] = field(default_factory=dict)
    tombs: dict[str, datetime] = field(default_factory=dict)


@dataclass
class Merged:
    """The merge: notes and tombstones by id, and what it had to decide."""

    notes: dict[str, Annotation]
    tombs: dict[str, datetime]
    conflicts: list[Annotation] = field(default_factory=list)  # the copies made
    dropped: list[str] = field(default_factory=list)  # ids a tombstone removed


def conflict_id(original: str, version: Annotation) -> str:
    """The id of the conflict copy of ``original`` holding ``version`` (deterministic)."""
    return str(uuid.uuid5(_NAMESPACE, f"{original}\n{version.content()!r}"))


def merge(ours: Side, theirs: Side, base: Side | None = None) -> Merged:
    """``ours`` and ``theirs`` merged by the rules of the module doc."""
    tombs = dict(ours.tombs)
    for ident, when in theirs.tombs.items():
        if ident not in tombs or when > tombs[ident]:
            tombs[ident] = when
    notes: dict[str, Annotation] = {}
    conflicts: list[Annotation] = []
    for ident in list(dict.fromkeys([*ours.notes, *theirs.notes])):
        mine, other = ours.notes.get(ident), theirs.notes.get(ident)
        if mine is None or other is None:
            kept = mine or other
            assert kept is not None
            notes[ident] = kept
            continue
        old = base.notes.get(ident) if base is not None else None
        winner, copy = _pick(mine, other, old)
        notes[ident] = winner
        if copy is not None:
            twin = replace(
                copy, id=conflict_id(ident, copy), status="conflict", conflict_of=ident, draft=0
            )
            if twin.id not in ours.notes and twin.id not in theirs.notes:
                conflicts.append(twin)
    for twin in conflicts:
        notes[twin.id] = twin
    dropped = [i for i, a in notes.items() if i in tombs and a.updated <= tombs[i]]
    for ident in dropped:
        del notes[ident]
    return Merged(notes, tombs, conflicts, dropped)


def _pick(
    mine: Annotation, other: Annotation, old: Annotation | None
) -> tuple[Annotation, Annotation | None]:
    """The version to keep, and a version to keep beside it as a conflict copy."""
    if mine.content() == other.content():
        return mine, None
    if old is not None:
        if mine.content() == old.content():
            return other, None
        if other.content() == old.content():
            return mine, None
    elif mine.updated != other.updated:
        return (mine, None) if mine.updated > other.updated else (other, None)
    # Both changed it: the one edited last is the note, the other its conflict copy.
    if other.updated > mine.updated:
        return other, mine
    return mine, other


def changes(before: Side, after: Merged) -> tuple[list[Annotation], list[str], dict[str, datetime]]:
    """What turns ``before`` into ``after``: notes to write, ids to remove, new tombstones."""
    upserts = [
        a
        for i, a in after.notes.items()
        if i not in before.notes or before.notes[i].content() != a.content()
    ]
    deletes = [i for i in before.notes if i not in after.notes]
    tombs = {i: when for i, when in after.tombs.items() if before.tombs.get(i) != when}
    return upserts, deletes, tombs


def without_drafts(side: Side, text_id: str) -> Side:
    """``side`` with its hand-written, not yet completed notes given ids of their own.

    Their ``draft-N`` ids name a table's position in *that* file; merged into
    another they are orphans with a real id, found again at the next look.
    """
    notes: dict[str, Annotation] = {}
    for ident, a in side.notes.items():
        if a.draft:
            fresh = str(uuid.uuid5(_NAMESPACE, f"{text_id}\n{a.quote.exact}\n{a.note}"))
            notes[fresh] = replace(a, id=fresh, draft=0)
        else:
            notes[ident] = a
    return Side(notes, dict(side.tombs))


def as_side(
    notes: list[Annotation] | Mapping[str, Annotation], tombs: Mapping[str, datetime]
) -> Side:
    items = notes.values() if isinstance(notes, Mapping) else notes
    return Side({a.id: a for a in items}, dict(tombs))


@dataclass
class MergeReport:
    """What an import (:meth:`NoteStore.merge`) did, note by note."""

    added: list[Annotation] = field(default_factory=list)
    updated: list[Annotation] = field(default_factory=list)
    unchanged: list[Annotation] = field(default_factory=list)


def import_notes(
    current: Mapping[str, Annotation], tombs: Mapping[str, datetime], incoming: list[Annotation]
) -> MergeReport:
    """An import: new ids are added; a known id takes the incoming version only if it
    was updated later; a note deleted since it was exported is not brought back."""
    report = MergeReport()
    for a in incoming:
        have = current.get(a.id)
        if a.id in tombs and a.updated <= tombs[a.id]:
            report.unchanged.append(a)
        elif have is None:
            report.added.append(a)
        elif a.updated > have.updated and a.content() != have.content():
            report.updated.append(a)
        else:
            report.unchanged.append(have)
    return report


def tomb_changes(
    current: Mapping[str, Annotation],
    tombs: Mapping[str, datetime],
    upserts: list[Annotation],
    deletes: list[str],
) -> dict[str, datetime | None]:
    """Tombstones for the notes a change deletes; none for a note it puts back (undo)."""
    edit: dict[str, datetime | None] = {}
    now = utc_now()
    for ident in deletes:
        if ident in current and not current[ident].draft:
            edit[ident] = now
    for a in upserts:
        if a.id in tombs and a.updated > tombs[a.id]:
            edit[a.id] = None
    return edit
