"""Notes and glossary entries are searchable too, and follow their files."""

from __future__ import annotations

from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.parse import parse_file
from reader.core.search import Searcher, sync


def hits(library: Library, query: str, kinds: list[str] | None = None) -> list[tuple[str, str]]:
    with Searcher(library) as s:
        return [(h.kind, h.key) for h in s.search(query, kinds=kinds).hits]


def test_glossary_entries_are_indexed(library: Library) -> None:
    found = hits(library, "seamstress", kinds=["glossary"])
    assert found == [("glossary", "glossary:Louise Millière")]
    with Searcher(library) as s:
        hit = s.search("barges fee", kinds=["glossary"]).hits[0]
    assert hit.title == "Toll house" and hit.paragraph is None
    assert ("fee", True) in hit.snippet


def test_glossary_edits_are_picked_up(library: Library) -> None:
    path = library.bundled_glossary
    path.write_text(
        path.read_text(encoding="utf-8").replace("seamstress", "bookbinder"), encoding="utf-8"
    )
    sync(library)
    assert hits(library, "seamstress", kinds=["glossary"]) == []
    assert hits(library, "bookbinder", kinds=["glossary"]) == [
        ("glossary", "glossary:Louise Millière")
    ]


def test_notes_are_indexed_with_their_paragraph(library: Library) -> None:
    article = parse_file(library.texts_dir / "river-trade.md")
    store = NoteStore(library, "river-trade")
    store.load()
    start = article.plain_text.index("Smugglers hid salt")
    note = store.add(article, start, start + 18, note="compare the excise records", tags=["tax"])
    report = sync(library)
    assert report.changed == [] and not report.failed
    with Searcher(library) as s:
        results = s.search("excise", kinds=["note"])
    assert len(results.hits) == 1
    hit = results.hits[0]
    assert hit.kind == "note" and hit.text == "river-trade"
    assert hit.title == "Salt on the River"
    assert hit.paragraph == article.paragraph_at(start)
    assert hit.key.endswith(note.id)
    # The quoted passage is searchable as well; texts can be left out.
    assert [k for k, _ in hits(library, "smugglers", kinds=["note"])] == ["note"]
    assert ("text", "text:river-trade") in hits(library, "smugglers")

    store.delete(note.id)
    sync(library)
    assert hits(library, "excise") == []
