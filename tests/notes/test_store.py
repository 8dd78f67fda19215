"""The notes file: saving, merging, backups, and refusing what it cannot store."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.model import Article
from reader.core.notes import NoteStore, note_documents
from reader.core.notes.toml_file import BACKUPS

from .conftest import make_article, span


def test_add_edit_delete_restore(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    assert store.load() == []
    a = store.add(
        article,
        *span(article, "the mayor wished to read"),
        note="flattery\n",
        tags=["bias", "#clerks", "bias"],
    )
    assert a.quote.exact == "the mayor wished to read"
    assert a.tags == ("bias", "clerks") and a.note == "flattery"
    assert a.paragraph == 1
    assert len(a.quote.prefix) == 32 and len(a.quote.suffix) == 32

    edited = store.edit(a.id, note="flattery, or fear", color="blue")
    assert edited.note == "flattery, or fear" and edited.tags == a.tags
    assert edited.updated >= a.updated and edited.created == a.created
    assert store.for_paragraph(1) == [edited] and store.for_paragraph(0) == []

    gone = store.delete(a.id)
    assert gone == edited and store.annotations == []
    back = store.restore(gone)
    assert back.id == a.id and back.note == "flattery, or fear"
    assert [x.id for x in NoteStore(library, "councils").load()] == [a.id]


def test_add_trims_spaces_and_refuses_nothing(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    start, end = span(article, "the clerk who writes")
    a = store.add(article, start - 1, end + 1)
    assert a.quote.exact == "the clerk who writes"
    with pytest.raises(ReaderError, match="only spaces"):
        store.add(article, start - 1, start)
    with pytest.raises(ReaderError, match="no passage"):
        store.add(article, 10, 10_000)


def test_note_spanning_paragraphs_shows_in_both(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    store.reanchor(article)
    start = span(article, "never made.")[0]
    end = span(article, "The clerks of")[1]
    a = store.add(article, start, end)
    assert store.for_paragraph(0) == [a] and store.for_paragraph(1) == [a]


def test_comments_and_unknown_keys_survive_a_save(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    a = store.add(article, *span(article, "careful hand"), note="style")
    path = store.path
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        f'id = "{a.id}"', f'id = "{a.id}"  # the one I cite in chapter 2\nmine = "kept"'
    )
    path.write_text("# My reading of the councils essay\n" + text, encoding="utf-8")
    store.edit(a.id, note="style, and class")
    store.add(article, *span(article, "read them against the newspapers"))
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# My reading of the councils essay\n")
    assert "# the one I cite in chapter 2" in saved
    assert 'mine = "kept"' in saved
    assert 'note = "style, and class"' in saved


def test_another_process_and_the_user_are_never_clobbered(
    library: Library, article: Article
) -> None:
    mine = NoteStore(library, "councils")
    first = mine.add(article, *span(article, "careful hand"))
    second = mine.add(article, *span(article, "schoolteachers"))

    other = NoteStore(library, "councils")  # another reader process
    theirs = other.add(article, *span(article, "the small river towns"))
    # …and the user, in an editor, deletes `second`.
    data = mine.path.read_text(encoding="utf-8")
    cut = data.index(f'id = "{second.id}"')
    head = data.rfind("[[annotation]]", 0, cut)
    tail = data.find("[[annotation]]", cut)
    mine.path.write_text(data[:head] + data[tail:], encoding="utf-8")
    assert mine.changed_on_disk()

    mine.edit(first.id, note="written after the others")
    assert mine.external_change
    ids = {a.id: a for a in NoteStore(library, "councils").load()}
    assert set(ids) == {first.id, theirs.id}
    assert ids[first.id].note == "written after the others"


def test_edit_merges_field_by_field(library: Library, article: Article) -> None:
    a_store = NoteStore(library, "councils")
    a = a_store.add(article, *span(article, "careful hand"), note="one")
    b_store = NoteStore(library, "councils")
    b_store.load()
    b_store.edit(a.id, tags=["style"])  # the other process changes the tags
    a_store.edit(a.id, note="two")  # we change the note, from a stale view
    final = NoteStore(library, "councils").load()[0]
    assert final.note == "two" and final.tags == ("style",)


def test_edit_of_a_note_deleted_elsewhere_puts_it_back(library: Library, article: Article) -> None:
    mine = NoteStore(library, "councils")
    a = mine.add(article, *span(article, "careful hand"), note="one")
    other = NoteStore(library, "councils")
    other.delete(a.id)
    mine.edit(a.id, note="my words are not lost")
    assert NoteStore(library, "councils").load()[0].note == "my words are not lost"


def test_backups_rotate(library: Library, article: Article) -> None:
    for n in range(BACKUPS + 3):
        NoteStore(library, "councils").add(article, n, n + 5, note=f"session {n}")
    folder = library.notes_dir / ".backup"
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert names == [f"councils.toml.{i}" for i in range(1, BACKUPS + 1)]
    newest = tomllib.loads((folder / "councils.toml.1").read_text(encoding="utf-8"))
    assert len(newest["annotation"]) == BACKUPS + 2  # the file before the last session


# -- what cannot be stored, and files that do not parse ---------------------------


@pytest.fixture
def saved(library: Library, article: Article) -> tuple[NoteStore, bytes]:
    store = NoteStore(library, "councils")
    store.add(article, *span(article, "careful hand"), note="remembered")
    return store, store.path.read_bytes()


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("a lone \udc80 surrogate", "lone surrogate"),
        ("an escape \x1b[31m sequence", "control character"),
        (None, "must be text"),
    ],
)
def test_unstorable_values_are_refused_before_writing(
    saved: tuple[NoteStore, bytes], article: Article, note: object, message: str
) -> None:
    store, before = saved
    with pytest.raises(ReaderError, match=message):
        store.add(article, *span(article, "schoolteachers"), note=note)  # type: ignore[arg-type]
    with pytest.raises(ReaderError, match=message):
        store.edit(store.annotations[0].id, tags=[note])  # type: ignore[list-item]
    if note is not None:  # (edit's note=None means "leave the note as it is")
        with pytest.raises(ReaderError, match=message):
            store.edit(store.annotations[0].id, note=note)  # type: ignore[arg-type]
    assert store.path.read_bytes() == before


def test_bad_tags_are_refused(saved: tuple[NoteStore, bytes], article: Article) -> None:
    store, before = saved
    with pytest.raises(ReaderError, match="one word per tag"):
        store.add(article, 0, 5, tags=["two words"])
    with pytest.raises(ReaderError, match="lone surrogate"):
        store.add(article, 0, 5, tags=["\ud800"])
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    ("damage", "line", "what"),
    [
        (lambda b: b.replace(b'"remembered"', b'"remembered'), "note", "not valid TOML"),
        (lambda b: b.replace(b"remembered", b"r\xe9membered"), "note", "not UTF-8"),
        (lambda b: b + b'\n[[annotation]]\nnote = "no quote"\n', "last", "has no quote"),
        (lambda b: b.replace(b"start = ", b"start = -"), "first", "start <= end"),
    ],
    ids=["bad-toml", "not-utf8", "no-quote", "bad-offsets"],
)
def test_a_damaged_file_is_left_alone_and_read_only(
    saved: tuple[NoteStore, bytes], article: Article, damage: object, line: str, what: str
) -> None:
    store, before = saved
    bad = damage(before)  # type: ignore[operator]
    lines = bad.split(b"\n")
    expected = {
        "note": next(i for i, x in enumerate(lines, 1) if x.startswith(b"note = ")),
        "first": lines.index(b"[[annotation]]") + 1,
        "last": len(lines) - lines[::-1].index(b"[[annotation]]"),
    }[line]
    store.path.write_bytes(bad)
    fresh = NoteStore(store.library, "councils")
    with pytest.raises(ReaderError, match=what) as info:
        fresh.load()
    err = info.value
    assert err.path == str(store.path) and err.line == expected
    if what in ("not valid TOML", "not UTF-8"):
        assert "column" in err.message
    assert fresh.read_only
    with pytest.raises(ReaderError, match="read-only"):
        fresh.add(article, 0, 5)
    # The store that had it open finds out at its next save, and writes nothing.
    with pytest.raises(ReaderError, match=what):
        store.add(article, 0, 5)
    with pytest.raises(ReaderError, match="read-only"):
        store.add(article, 0, 5)
    assert store.path.read_bytes() == bad
    assert not list(store.path.parent.glob(".*.tmp"))


def test_a_glossary_named_text_cannot_overwrite_the_user_glossary(library: Library) -> None:
    with pytest.raises(ReaderError, match="glossary"):
        NoteStore(library, "glossary")
    with pytest.raises(ReaderError, match="not a text id"):
        NoteStore(library, "../escape")


def test_note_documents_for_search(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    a = store.add(article, *span(article, "careful hand"), note="style", tags=["hand"])
    other = make_article(text_id="second")
    NoteStore(library, "second").add(other, *span(other, "schoolteachers"))
    (library.notes_dir / "glossary.toml").write_text('[[entry]]\nname = "x"\n', encoding="utf-8")
    docs = note_documents(library)
    assert [d["text_id"] for d in docs] == ["councils", "second"]
    assert docs[0] == {
        "id": a.id,
        "text_id": "councils",
        "paragraph": 1,
        "quote": "careful hand",
        "note": "style",
        "tags": ["hand"],
        "created": docs[0]["created"],
        "orphan": False,
    }
    assert docs[0]["created"].endswith("Z")
    (library.notes_dir / "broken.toml").write_bytes(b"[[annotation]\n")
    with pytest.raises(ReaderError):
        note_documents(library)
    errors: list[ReaderError] = []
    assert len(note_documents(library, errors)) == 2
    assert len(errors) == 1 and "broken.toml" in str(errors[0])


def test_new_ids_sort_by_time(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    ids = [store.add(article, n, n + 3).id for n in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5


def test_no_write_when_nothing_changes(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    store.add(article, 0, 5)
    mtime = Path(store.path).stat().st_mtime_ns
    assert not store.reanchor(article).changed
    assert Path(store.path).stat().st_mtime_ns == mtime


def test_jump_between_notes(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    late = store.add(article, *span(article, "the newspapers"))
    early = store.add(article, *span(article, "town council"))
    assert store.next_note(-1) == early and store.next_note(early.start) == late
    assert store.next_note(late.start) is None
    assert store.previous_note(late.start) == early and store.previous_note(early.start) is None


def test_reading_creates_nothing(library: Library) -> None:
    assert NoteStore(library, "councils").load() == []
    assert not library.notes_dir.exists()


def test_a_stale_temp_file_is_swept_on_load(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    store.add(article, 0, 5)
    stale = library.notes_dir / ".councils.toml.abc123_x.tmp"
    stale.write_bytes(b"half a save")
    other = library.notes_dir / ".councils.toml.x.toml.abc123_x.tmp"  # another text's
    other.write_bytes(b"not ours")
    NoteStore(library, "councils").load()
    assert not stale.exists() and other.exists()


def test_saves_leave_no_lock_file_behind(library: Library, article: Article) -> None:
    store = NoteStore(library, "councils")
    a = store.add(article, *span(article, "the mayor wished to read"))
    store.edit(a.id, note="flattery")
    NoteStore(library, "councils").load()
    assert sorted(p.name for p in library.notes_dir.iterdir()) == [".backup", "councils.toml"]


def test_a_held_lock_is_its_own_error_type(tmp_path: Path) -> None:
    from reader.core.atomic import locked
    from reader.core.errors import LockHeld

    path = tmp_path / "notes.toml"
    with locked(path):
        with pytest.raises(LockHeld, match="holds the lock"), locked(path, timeout=0):
            pass
        assert (tmp_path / "notes.toml.lock").exists()
    assert not (tmp_path / "notes.toml.lock").exists()
    with locked(path, timeout=0):  # free again
        pass
