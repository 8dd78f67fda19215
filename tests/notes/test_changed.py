"""A passage whose words changed keeps the user's quote and says so; notes written by hand."""

from __future__ import annotations

import json
import tomllib

import pytest

from reader.cli import main
from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.notes.codec import from_record, to_record
from reader.core.notes.export import gather, to_csv, to_json, to_markdown
from reader.core.notes.w3c import collection

from .conftest import COUNCILS, WHEN, make_article, span

PASSAGE = "decides what the town will remember"
REWORDED = COUNCILS.replace(
    "decides what the town will remember", "decides what the town remembers"
)


def run(library: Library, *argv: str) -> int:
    return main(["--library", str(library.root), *argv])


def _noted(library: Library) -> str:
    article = make_article()
    return NoteStore(library, "councils").add(article, *span(article, PASSAGE), note="power").id


def test_reworded_passage_keeps_the_quote_and_is_changed(library: Library) -> None:
    ident = _noted(library)
    (library.texts_dir / "councils.md").write_text(REWORDED, encoding="utf-8")
    store = NoteStore(library, "councils")
    report = store.reanchor(make_article(REWORDED))
    [a] = report.reworded
    assert a.id == ident and a.status == "changed"
    assert a.quote.exact == PASSAGE  # what the user highlighted
    assert a.current is not None and a.current.exact == "decides what the town remembers"
    plain = make_article(REWORDED).plain_text
    assert plain[a.start : a.end] == a.current.exact
    # Saved so: the file says both, and a fresh read agrees.
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))["annotation"][0]
    assert data["status"] == "changed" and data["quote"]["exact"] == PASSAGE
    assert data["current"]["exact"] == "decides what the town remembers"
    again = NoteStore(library, "councils")
    assert again.load()[0] == a
    # Nothing more to do on the next look: it stays "changed".
    assert not again.reanchor(make_article(REWORDED)).changed
    assert again.get(ident).status == "changed"


def test_a_move_alone_stays_ok_and_an_undone_edit_is_ok_again(library: Library) -> None:
    ident = _noted(library)
    moved = COUNCILS.replace("+++\n\nEvery", "+++\n\nA new first paragraph.\n\nEvery")
    store = NoteStore(library, "councils")
    report = store.reanchor(make_article(moved))
    assert [a.id for a in report.moved] == [ident]
    assert store.get(ident).status == "ok" and store.get(ident).current is None
    store.reanchor(make_article(REWORDED))
    assert store.get(ident).status == "changed"
    store.reanchor(make_article(COUNCILS))
    back = store.get(ident)
    assert back.status == "ok" and back.current is None and back.quote.exact == PASSAGE


def test_accept_takes_the_new_words(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    ident = _noted(library)
    (library.texts_dir / "councils.md").write_text(REWORDED, encoding="utf-8")
    assert run(library, "notes", "list") == 0
    out = capsys.readouterr()
    assert "(changed)" in out.out and "now reads: “decides what the town remembers”" in out.out
    assert 'status "changed"' in out.err
    assert run(library, "notes", "list", "--json") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["status"] == "changed" and row["current"]["exact"].endswith("remembers")
    assert run(library, "notes", "list", "--status", "changed", "--json") == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [ident]
    assert run(library, "notes", "list", "--status", "orphan") == 0
    assert capsys.readouterr().out == "no orphan notes\n"
    assert run(library, "notes", "accept", ident[:13]) == 0
    a = NoteStore(library, "councils").get(ident)
    assert a.status == "ok" and a.quote.exact == "decides what the town remembers"
    assert a.current is None and a.note == "power"
    assert run(library, "notes", "accept", ident) == 2
    assert "not changed" in capsys.readouterr().err


def test_exports_show_the_change(library: Library) -> None:
    _noted(library)
    (library.texts_dir / "councils.md").write_text(REWORDED, encoding="utf-8")
    groups = gather(library)
    md = to_markdown(groups, now=WHEN)
    assert "Changed since you highlighted it; the passage now reads:" in md
    assert "remembers" in md
    assert '"status": "changed"' in to_json(groups)
    assert "[changed: the passage now reads “decides what the town remembers”]" in to_csv(groups)
    [item] = collection(groups)["first"]["items"]
    [said] = [b["value"] for b in item["body"] if b["purpose"] == "describing"]
    assert said.startswith("[changed: the passage now reads “decides what the town remembers”]")
    assert said.endswith(f"(highlighted as “{PASSAGE}”)")
    assert item["target"]["selector"][0]["exact"] == "decides what the town remembers"


HAND_WRITTEN = """# My own notes, typed in an editor.

[[annotation]]
quote = "the clerk who writes them"  # who holds the pen
note = "The pen is power."
tags = ["clerks"]

[[annotation]]
quote = "words that were never in the text"

[[annotation]]
id = "my-own-id"
start = 0
end = 5
quote = "Every"
"""


def test_a_note_written_by_hand_is_found_and_completed(library: Library) -> None:
    library.notes_dir.mkdir(parents=True)
    path = library.notes_file("councils")
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = NoteStore(library, "councils")
    drafts = store.load()  # no error: both are read, not yet placed
    assert len(drafts) == 3 and all(a.is_orphan for a in drafts)
    article = make_article()
    report = store.reanchor(article)
    placed, given = report.placed
    [lost] = report.orphaned
    assert given.id == "my-own-id" and (given.start, given.end) == (0, 5)
    assert placed.note == "The pen is power." and placed.tags == ("clerks",)
    assert article.plain_text[placed.start : placed.end] == "the clerk who writes them"
    assert placed.status == "ok" and placed.paragraph == 0
    assert lost.is_orphan and lost.quote.exact == "words that were never in the text"
    text = path.read_text(encoding="utf-8")
    assert "# My own notes, typed in an editor." in text and "# who holds the pen" in text
    data = tomllib.loads(text)["annotation"]
    assert [d["id"] for d in data] == [placed.id, lost.id, "my-own-id"]
    assert all({"created", "start", "end", "text_sha256"} <= d.keys() for d in data)
    assert NoteStore(library, "councils").load() == store.annotations
    # Nothing left to fill: the next look writes nothing.
    before = path.read_bytes()
    assert not NoteStore(library, "councils").reanchor(article).changed
    assert path.read_bytes() == before


def test_hand_written_notes_through_the_cli(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    library.notes_dir.mkdir(parents=True)
    library.notes_file("councils").write_text(HAND_WRITTEN, encoding="utf-8")
    assert run(library, "notes", "list") == 0
    out = capsys.readouterr()
    assert "the clerk who writes them" in out.out and "orphan" in out.out
    assert "2 written by hand, now placed" in out.err and "1 orphaned" in out.err


# A text in which the reworded sentence is gone altogether (its paragraph rewritten).
WITHOUT = COUNCILS.replace(
    "and the clerk who writes them decides what the town will remember.",
    "and a later hand rewrote this sentence about them entirely.",
)


def test_a_changed_note_that_is_lost_is_saved_whole_and_found_again(library: Library) -> None:
    """Regression: a "changed" note whose passage then vanished became an orphan
    still holding ``current``; the file kept it but read it back without, so the
    save's read-back check refused to write ("could not be written faithfully")."""
    ident = _noted(library)
    store = NoteStore(library, "councils")
    store.reanchor(make_article(REWORDED))
    changed = store.get(ident)
    assert changed.status == "changed" and changed.current is not None

    report = store.reanchor(make_article(WITHOUT))
    [lost] = report.orphaned
    assert lost.id == ident and lost.is_orphan
    # It keeps the words highlighted, and what the passage last read where it last was.
    assert lost.quote.exact == PASSAGE and lost.current == changed.current
    assert (lost.start, lost.end) == (changed.start, changed.end)
    again = NoteStore(library, "councils")
    assert again.load() == [lost]  # the file holds the note as the store has it
    data = tomllib.loads(again.path.read_text(encoding="utf-8"))["annotation"][0]
    assert data["status"] == "orphan" and data["current"]["exact"] == changed.current.exact

    # The reworded passage comes back: found again, still "changed", offsets on it.
    plain = make_article(REWORDED).plain_text
    [found] = again.reanchor(make_article(REWORDED)).found
    assert found.status == "changed" and found.current is not None
    assert plain[found.start : found.end] == found.current.exact != found.quote.exact
    # And the words as highlighted: "ok" again, nothing left of the change.
    again.reanchor(make_article(COUNCILS))
    back = NoteStore(library, "councils").load()[0]
    assert back.status == "ok" and back.current is None and back.quote.exact == PASSAGE
    assert make_article().plain_text[back.start : back.end] == PASSAGE


def test_a_lost_changed_note_is_found_by_the_words_highlighted(library: Library) -> None:
    ident = _noted(library)
    store = NoteStore(library, "councils")
    # Reworded step by step, until what it reads is far from what was highlighted.
    for words in ("the town remembers", "a town remembered", "a city remembered"):
        store.reanchor(make_article(COUNCILS.replace("the town will remember", words)))
        assert store.get(ident).status == "changed"
    store.reanchor(make_article(WITHOUT))
    lost = store.get(ident)
    assert lost.is_orphan and lost.current is not None
    assert lost.current.exact == "decides what a city remembered"
    # The text goes back to what was highlighted: found, "ok", current dropped.
    [found] = store.reanchor(make_article(COUNCILS)).found
    assert found.status == "ok" and found.current is None
    assert make_article().plain_text[found.start : found.end] == PASSAGE
    assert NoteStore(library, "councils").load() == [found]


def test_current_reads_back_for_every_status_that_has_one(library: Library) -> None:
    ident = _noted(library)
    store = NoteStore(library, "councils")
    changed = store.reanchor(make_article(REWORDED)).reworded[0]
    assert changed.current is not None
    for status in ("changed", "orphan", "conflict"):
        a = changed.touched(status=status, conflict_of=ident if status == "conflict" else "")
        assert from_record(to_record(a), "councils", "note 1").content() == a.content()
    # Written by hand: "changed" with no current, or a current that reads as the
    # quote, has not changed; an "ok" note's stray current is not its passage.
    record = to_record(changed)
    record["current"] = dict(record["quote"])
    assert from_record(record, "councils", "note 1").status == "ok"
    del record["current"]
    assert from_record(record, "councils", "note 1").status == "ok"
    record.update(status="ok", current=to_record(changed)["current"])
    back = from_record(record, "councils", "note 1")
    assert back.status == "ok" and back.current is None and back.passage == back.quote
