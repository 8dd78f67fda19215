"""Notes between machines: merged by id under git, and from sync tools' conflict copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.library import Library
from reader.core.notes import NoteStore, load_notes
from reader.core.notes.export import gather
from reader.core.notes.merge import Side, conflict_id, merge
from reader.core.notes.model import Annotation

from .conftest import WHEN, fixed, make_article

ARTICLE = make_article()
PASSAGES = (
    "the clerk who writes them",
    "the mayor wished to read",
    "read them against the newspapers",
    "A motion that is never recorded",
    "often schoolteachers",
)


def note(n: int, text: str = "", hours: int = 0) -> Annotation:
    a = fixed(ARTICLE, PASSAGES[n % len(PASSAGES)], n + 1, text)
    return replace(a, updated=a.updated + timedelta(hours=hours))


def side(*notes: Annotation, tombs: dict[str, int] | None = None) -> Side:
    return Side(
        {a.id: a for a in notes},
        {i: WHEN + timedelta(days=30, hours=h) for i, h in (tombs or {}).items()},
    )


# -- the rules ---------------------------------------------------------------------------


def test_new_notes_on_both_sides_are_kept() -> None:
    got = merge(side(note(0), note(1)), side(note(0), note(2)), side(note(0)))
    assert sorted(got.notes) == sorted(note(i).id for i in (0, 1, 2))


def test_an_edit_on_one_side_wins_over_no_change() -> None:
    base = side(note(0, "old"))
    edited = note(0, "new", hours=5)
    assert merge(side(edited), base, base).notes[edited.id] == edited
    assert merge(base, side(edited), base).notes[edited.id] == edited
    # Even when the unchanged side's clock says later: the base shows who changed it.
    late_clock = replace(note(0, "old"), updated=edited.updated + timedelta(days=1))
    assert merge(side(late_clock), side(edited), side(late_clock)).notes[edited.id] == edited


def test_conflicting_edits_keep_both() -> None:
    base = side(note(0, "old"))
    ours, theirs = note(0, "ours", hours=1), note(0, "theirs", hours=2)
    got = merge(side(ours), side(theirs), base)
    assert got.notes[ours.id] == theirs  # edited last
    [copy] = got.conflicts
    assert copy.status == "conflict" and copy.conflict_of == ours.id and copy.note == "ours"
    assert got.notes[copy.id] == copy
    # The same conflict merged elsewhere gives the same copy, merged once.
    again = merge(side(theirs), side(ours), base)
    assert again.conflicts[0].id == copy.id == conflict_id(ours.id, ours)
    assert merge(side(*got.notes.values()), side(*again.notes.values()), base).conflicts == []


def test_tombstones_beat_stale_copies_and_absence_deletes_nothing() -> None:
    a = note(0)
    # Deleted on our side: their stale copy (older than the deletion) cannot bring it back.
    got = merge(side(tombs={a.id: 0}), side(a), side(a))
    assert a.id not in got.notes and a.id in got.tombs and got.dropped == [a.id]
    # A copy that never had the note (no tombstone) cannot delete it.
    assert a.id in merge(side(), side(a), side()).notes
    assert a.id in merge(side(a), side(), None).notes
    # Edited after the deletion elsewhere: kept (the edit is newer than the deletion).
    late = replace(a, note="still wanted", updated=WHEN + timedelta(days=40))
    assert merge(side(tombs={a.id: 0}), side(late), side(a)).notes[a.id] == late


def test_without_a_base_the_later_edit_wins() -> None:
    older, newer = note(0, "older"), note(0, "newer", hours=3)
    assert merge(side(older), side(newer)).notes[older.id] == newer
    assert merge(side(newer), side(older)).notes[older.id] == newer


# -- a property: any two histories from one base ------------------------------------------

Op = tuple[str, int]
ops = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "delete"]), st.integers(0, 7)), max_size=12
)


def _play(start: Side, history: list[Op], clock: list[int], tag: str) -> Side:
    notes, tombs = dict(start.notes), dict(start.tombs)
    for op, k in history:
        clock[0] += 1
        now = WHEN + timedelta(days=1, minutes=clock[0])
        ids = sorted(notes)
        if op == "add":
            a = replace(note(k), id=f"{tag}-{clock[0]:04d}", created=now, updated=now)
            notes[a.id] = a
        elif ids and op == "edit":
            ident = ids[k % len(ids)]
            notes[ident] = replace(notes[ident], note=f"{tag} {clock[0]}", updated=now)
        elif ids and op == "delete":
            ident = ids[k % len(ids)]
            del notes[ident]
            tombs[ident] = now
    return Side(notes, tombs)


def _words(a: Annotation) -> tuple[object, ...]:
    """What the user wrote and when: what a merge must not lose."""
    return (a.quote, a.note, a.tags, a.color, a.updated)


@settings(max_examples=300, deadline=None)
@given(base_size=st.integers(0, 4), ours_ops=ops, theirs_ops=ops, interleave=st.booleans())
def test_two_histories_merge_without_losing_what_either_kept(
    base_size: int, ours_ops: list[Op], theirs_ops: list[Op], interleave: bool
) -> None:
    base = side(*(note(i) for i in range(base_size)))
    clock = [0]
    ours = _play(base, ours_ops, clock, "o")
    if not interleave:
        clock[0] = 0  # the two machines' clocks overlap
    theirs = _play(base, theirs_ops, clock, "t")
    got = merge(ours, theirs, base)
    for mine, other in ((ours, theirs), (theirs, ours)):
        for ident, a in mine.notes.items():
            deleted_later = ident in other.tombs and other.tombs[ident] >= a.updated
            if not deleted_later:
                # Kept, as this version or as one edited later (this one then a conflict copy).
                assert ident in got.notes
                versions = [got.notes[ident], *(c for c in got.conflicts if c.conflict_of == ident)]
                if base.notes.get(ident) != a:
                    assert any(_words(v) == _words(a) for v in versions) or any(
                        v.updated > a.updated for v in versions
                    )
        for ident in mine.tombs:
            if ident in got.notes:  # only a note edited after its deletion comes back
                assert got.notes[ident].updated > got.tombs[ident]
    # Merging is settled: merging the result with either side changes nothing more.
    result = Side(got.notes, got.tombs)
    assert merge(result, ours, base).notes.keys() == got.notes.keys()


# -- the store writes tombstones; imports respect them --------------------------------------


def test_delete_leaves_a_tombstone_and_undo_removes_it(library: Library) -> None:
    store = NoteStore(library, "councils")
    a = store.add(ARTICLE, 0, 5)
    gone = store.delete(a.id)
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert [t["id"] for t in data["deleted"]] == [a.id] and "annotation" not in data
    # An old export cannot bring it back…
    assert NoteStore(library, "councils").merge([gone]).unchanged == [gone]
    assert NoteStore(library, "councils").load() == []
    # …but undo does, and the tombstone goes.
    store.restore(gone)
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert "deleted" not in data and data["annotation"][0]["id"] == a.id


# -- git, for real -------------------------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-03-01T10:00:00",
        "GIT_COMMITTER_DATE": "2026-03-01T10:00:00",
    }
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merges_notes_files_with_the_driver(library: Library) -> None:
    root = library.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "reader@example.org")
    _git(root, "config", "user.name", "Reader Tests")
    assert main(["--library", str(root), "notes", "setup-git"]) == 0
    attributes = (root / ".gitattributes").read_text(encoding="utf-8")
    assert "notes/*.toml merge=reader-notes" in attributes
    assert "reader notes merge %O %A %B" in _git(root, "config", "merge.reader-notes.driver")
    assert main(["--library", str(root), "notes", "setup-git"]) == 0  # twice: no duplicates
    assert (root / ".gitattributes").read_text(encoding="utf-8") == attributes

    store = NoteStore(library, "councils")
    store.merge([note(0, "shared"), note(1, "to delete"), note(2, "to edit")])
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")

    _git(root, "checkout", "-qb", "laptop")
    laptop = NoteStore(library, "councils")
    laptop.add(ARTICLE, *_span("the clerk who writes them"), note="from the laptop")
    laptop.edit(note(2).id, note="edited on the laptop")
    laptop.delete(note(1).id)
    _git(root, "commit", "-qam", "laptop")

    _git(root, "checkout", "-q", "main")
    desk = NoteStore(library, "councils")
    desk.add(ARTICLE, *_span("the mayor wished to read"), note="from the desk")
    desk.edit(note(0).id, tags=["desk"])
    desk.edit(note(2).id, note="edited on the desk")
    _git(root, "commit", "-qam", "desk")

    _git(root, "merge", "-q", "--no-edit", "laptop")  # no conflict: the driver merged
    text = store.path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    notes = {a.note: a for a in NoteStore(library, "councils").load()}
    assert {"from the laptop", "from the desk", "shared"} <= set(notes)
    assert notes["shared"].tags == ("desk",)  # one side's edit
    assert "to delete" not in notes  # the laptop's deletion
    edited = {"edited on the laptop", "edited on the desk"}
    assert edited <= set(notes)  # both edits kept…
    assert sorted(notes[n].status for n in edited) == ["conflict", "ok"]  # …one as a conflict
    assert tomllib.loads(text)["deleted"][0]["id"] == note(1).id


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merges_a_notes_file_begun_on_both_branches(library: Library) -> None:
    root = library.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "reader@example.org")
    _git(root, "config", "user.name", "Reader Tests")
    assert main(["--library", str(root), "notes", "setup-git"]) == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "texts")
    _git(root, "checkout", "-qb", "laptop")
    NoteStore(library, "councils").add(ARTICLE, *_span("the clerk who writes them"))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "laptop")
    _git(root, "checkout", "-q", "main")
    NoteStore(library, "councils").add(ARTICLE, *_span("the mayor wished to read"))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "desk")
    _git(root, "merge", "-q", "--no-edit", "laptop")  # add/add: git gives an empty base
    quotes = {a.quote.exact for a in NoteStore(library, "councils").load()}
    assert quotes == {"the clerk who writes them", "the mayor wished to read"}


def _span(passage: str) -> tuple[int, int]:
    start = ARTICLE.plain_text.index(passage)
    return start, start + len(passage)


def test_the_merge_command_on_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import tomli_w

    from reader.core.notes.codec import to_record

    def write(name: str, *notes: Annotation) -> Path:
        path = tmp_path / name
        path.write_text(tomli_w.dumps({"annotation": [to_record(a) for a in notes]}), "utf-8")
        return path

    base = write("base.toml", note(0))
    ours = write("ours.toml", note(0), note(1))
    ours.write_text("# my comment\n" + ours.read_text("utf-8"), encoding="utf-8")
    theirs = write("theirs.toml", note(0, "theirs", hours=1), note(2))
    assert main(["notes", "merge", str(base), str(ours), str(theirs)]) == 0
    assert "3 notes" in capsys.readouterr().err
    text = ours.read_text(encoding="utf-8")
    assert text.startswith("# my comment\n")
    got = {a["id"]: a for a in tomllib.loads(text)["annotation"]}
    assert set(got) == {note(i).id for i in range(3)} and got[note(0).id]["note"] == "theirs"
    theirs.write_text("not = [valid", encoding="utf-8")
    assert main(["notes", "merge", str(base), str(ours), str(theirs)]) == 2
    assert ours.read_text(encoding="utf-8") == text  # left as it was


# -- conflict copies from sync tools ---------------------------------------------------------


@pytest.mark.parametrize(
    "copy_name",
    [
        "councils.sync-conflict-20260301-101500-ABCDEF7.toml",
        "councils (Ada's conflicted copy 2026-03-01).toml",
        "councils.toml.orig",
    ],
)
def test_conflict_copies_are_merged_and_moved_aside(library: Library, copy_name: str) -> None:
    store = NoteStore(library, "councils")
    store.merge([note(0, "both"), note(1, "here")])
    copy = library.notes_dir / copy_name
    other = NoteStore(library, "other")
    other.merge([note(0, "both"), note(2, "only in the copy"), note(3, "deleted there")])
    other.delete(note(3).id)
    store.merge([note(3, "deleted there")])  # a stale note here
    os.replace(other.path, copy)
    by_text = load_notes(library)
    assert list(by_text) == ["councils"]  # the copy is not a text of its own
    assert {a.note for a in by_text["councils"]} == {"both", "here", "only in the copy"}
    assert not copy.exists() and (library.notes_dir / ".backup" / copy_name).is_file()
    assert load_notes(library) == by_text  # merged once


def test_a_damaged_copy_stays_and_is_reported(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    NoteStore(library, "councils").merge([note(0)])
    copy = library.notes_dir / "councils.sync-conflict-20260301-101500-ABCDEF7.toml"
    copy.write_text("[[annotation]\n", encoding="utf-8")
    errors: list[object] = []
    assert list(load_notes(library, errors=errors)) == ["councils"]  # type: ignore[arg-type]
    assert len(errors) == 1 and copy.name in str(errors[0]) and copy.exists()
    assert "this conflict copy was not merged; fix or delete it" in str(errors[0])
    assert [g.text_id for g in gather(library)] == ["councils"]
    assert main(["--library", str(library.root), "notes", "list"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("reader: warning: ") and "not merged; fix or delete it" in err


# -- every status through every export ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_each_status_round_trips_through_the_exports(
    library: Library, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ok, changed, orphan and conflict: exported, the notes deleted, imported back."""
    store = NoteStore(library, "councils")
    store.merge([note(0, "stays"), note(1, "will change"), note(3, "lost"), note(2, "ours", 1)])
    store.absorb(side(note(2, "theirs", hours=2)), side(note(2, "old")))  # edited on both
    text = library.texts_dir / "councils.md"
    source = text.read_text(encoding="utf-8")
    source = source.replace("the mayor wished to read", "the mayor liked to read")
    source = source.replace("A motion that is never recorded", "An unrecorded thing")
    text.write_text(source, encoding="utf-8")
    before = {a.id: a for a in gather(library)[0].notes}
    assert sorted(a.status for a in before.values()) == [
        "changed",
        "conflict",
        "ok",
        "ok",
        "orphan",
    ]
    out = tmp_path / f"notes.{fmt}"
    assert main(["--library", str(library.root), "export", "--format", fmt, "-o", str(out)]) == 0
    store.path.unlink()
    assert main(["--library", str(library.root), "notes", "import", str(out)]) == 0
    assert "5 added" in capsys.readouterr().out
    after = {a.id: a for a in NoteStore(library, "councils").load()}
    assert {i: a.content() for i, a in after.items()} == {i: a.content() for i, a in before.items()}


def test_lock_files_left_by_older_versions_go(library: Library) -> None:
    NoteStore(library, "councils").merge([note(0)])
    old_lock = library.notes_dir / "councils.toml.lock"
    old_lock.write_bytes(b"")
    kept = library.notes_dir / "mine.toml.lock"
    kept.write_text("not ours: it has something in it", encoding="utf-8")
    load_notes(library)
    assert not old_lock.exists() and kept.exists()
