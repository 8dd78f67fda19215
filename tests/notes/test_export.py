"""Exports: Markdown and CSV against golden files, JSON/TOML round trips, W3C validity."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.notes.export import (
    CSV_COLUMNS,
    gather,
    md_escape,
    read_export,
    to_csv,
    to_json,
    to_markdown,
    to_toml,
)

from .conftest import FERRIES, WHEN, make_article

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("READER_UPDATE_GOLDEN") == "1"  # rewrite the golden files


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), f"differs from {path}"


def test_markdown_golden(notes_library: Library) -> None:
    groups = gather(notes_library)
    assert [g.text_id for g in groups] == ["councils", "ferries"]
    assert [a.is_orphan for a in groups[0].notes] == [False, False, False, True]
    check_golden("notes.md", to_markdown(groups, now=WHEN))


def test_markdown_shows_resolved_footnotes_and_anchors(notes_library: Library) -> None:
    text = to_markdown(gather(notes_library), now=WHEN)
    assert text.startswith("---\ntitle: ")
    assert "^note-01900000-0000-7000-8000-000000000001" in text
    # Ibid. followed to the full citation, with its own page.
    assert "\\[2\\] Ibid., p. 40. → \\[1\\] R. Clerk, Minutes and Memory" in text
    assert "note 2 is missing from this copy; the last citation present is" in text
    assert "\\[2\\] note 2 is missing from this copy" in text
    assert "\\*two\\*" not in text or "> " in text
    assert '"negotiable" \\[sic\\]' in text  # article text never becomes markup
    assert "The clerk's silence *is* a decision." in text  # the user's own Markdown stays


def test_csv_golden(notes_library: Library) -> None:
    out = to_csv(gather(notes_library))
    check_golden("notes.csv", out)
    rows = list(csv.DictReader(io.StringIO(out)))
    # Readwise's template, exactly: these columns in this order, nothing else.
    assert CSV_COLUMNS == ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["Note"].startswith(".archives .clerks The clerk's silence")
    assert rows[0]["Location"] == "1" and rows[0]["Date"] == "2026-03-01 09:30:00"
    assert rows[0]["URL"] == "https://example.org/councils"
    assert rows[3]["Note"].endswith(
        "[orphan: the passage was not found in the text since it changed]"
    )


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("www.example.org/essays/42", "https://www.example.org/essays/42"),
        ("example.org", "https://example.org"),
        ("The Weekly Example, 12 May 1999", None),
        ("", None),
    ],
)
def test_readwise_urls_have_a_scheme(source: str, url: str | None) -> None:
    from reader.core.notes.export import web_url

    assert web_url(source) == url


def test_json_round_trip_is_identical(notes_library: Library, tmp_path: Path) -> None:
    first = to_json(gather(notes_library))
    exported = tmp_path / "notes.json"
    exported.write_text(first, encoding="utf-8")
    for p in notes_library.notes_dir.glob("*.toml"):
        p.unlink()
    for text_id, notes in read_export(exported).items():
        NoteStore(notes_library, text_id).merge(notes)
    assert to_json(gather(notes_library)) == first
    data = json.loads(first)
    assert data["format"] == "reader-notes" and len(data["texts"]) == 2
    assert data["texts"][0]["annotations"][3]["status"] == "orphan"


def test_toml_round_trip_is_identical(notes_library: Library, tmp_path: Path) -> None:
    groups = gather(notes_library)
    first_json = to_json(groups)
    exported = tmp_path / "notes.toml"
    exported.write_text(to_toml(groups), encoding="utf-8")
    for p in notes_library.notes_dir.glob("*.toml"):
        p.unlink()
    for text_id, notes in read_export(exported).items():
        NoteStore(notes_library, text_id).merge(notes)
    assert to_json(gather(notes_library)) == first_json


def test_import_merges_by_id_newest_wins(notes_library: Library, tmp_path: Path) -> None:
    exported = tmp_path / "notes.json"
    exported.write_text(to_json(gather(notes_library)), encoding="utf-8")
    store = NoteStore(notes_library, "ferries")
    store.load()
    mine = store.edit("01900000-0000-7000-8000-000000000005", note="changed since the export")
    new = store.add(make_article(FERRIES, "ferries"), 0, 7, note="added since")
    report = NoteStore(notes_library, "ferries").merge(read_export(exported)["ferries"])
    assert report.added == [] and report.updated == [] and len(report.unchanged) == 2
    kept = {a.id: a for a in NoteStore(notes_library, "ferries").load()}
    assert kept[mine.id].note == "changed since the export" and new.id in kept


def test_filters_by_tag_and_since(notes_library: Library) -> None:
    assert [a.id[-1] for g in gather(notes_library, tag="prices") for a in g.notes] == ["5", "6"]
    assert [g.text_id for g in gather(notes_library, ["ferries"])] == ["ferries"]
    late = gather(notes_library, since=WHEN.replace(day=5))
    assert [a.id[-1] for g in late for a in g.notes] == ["5", "6"]


def test_markdown_escape() -> None:
    assert md_escape("[sic] *x* _y_ `z` <b> #tag ==hi== ^id") == (
        "\\[sic\\] \\*x\\* \\_y\\_ \\`z\\` \\<b\\> \\#tag \\=\\=hi\\=\\= \\^id"
    )
    assert md_escape("- not a list\n1. not a list") == "\\- not a list\n1\\. not a list"


def test_read_export_refuses_what_is_not_ours(tmp_path: Path) -> None:
    from reader.core.errors import ReaderError

    bad = tmp_path / "x.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ReaderError, match="not a reader notes export"):
        read_export(bad)
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ReaderError, match="not valid JSON"):
        read_export(bad)
    bad.write_text(
        '{"format": "reader-notes", "version": 1, "texts": [{"id": "t", "annotations": '
        '[{"id": "a", "quote": {"exact": "x"}, "start": 0, "end": 1, "note": "\\ud800",'
        ' "created": "2026-01-01T00:00:00Z"}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(ReaderError, match="lone surrogate"):
        read_export(bad)
