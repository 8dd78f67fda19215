"""Re-anchoring on a real article (read from ../shared/seeds at run time; skips without it)."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.parse import parse_text


def test_notes_follow_a_real_article_through_edits(seed_000: Path, tmp_path: Path) -> None:
    source = seed_000.read_text(encoding="utf-8")
    article = parse_text(source, text_id="seed")
    body = [
        p
        for p in article.paragraphs
        if p.kind == "paragraph" and len(p.text) > 200 and source.count(p.text) == 1
    ][:8]
    assert len(body) == 8
    library = Library(tmp_path)
    store = NoteStore(library, "seed")
    notes = []
    for p in body:  # a 60-character passage from the middle of each paragraph
        mid = p.start + len(p.text) // 2
        notes.append(store.add(article, mid, mid + 60, note=f"on paragraph {p.index}"))

    # Edits: a new sentence before everything; a word changed inside note 2's
    # passage; note 5's paragraph deleted; the rest untouched.
    changed = source.replace(body[0].text, "An added sentence. " + body[0].text, 1)
    inside = notes[2].quote.exact
    words = inside.split(" ")
    longest = max(words[1:-1], key=len)
    edited_inside = inside.replace(longest, longest.upper() + "X", 1)
    changed = changed.replace(inside, edited_inside, 1)
    changed = changed.replace(body[5].text, "", 1)
    new = parse_text(changed, text_id="seed")

    report = store.reanchor(new)
    assert [a.id for a in report.reworded] == [notes[2].id]
    assert [a.id for a in report.orphaned] == [notes[5].id]
    assert {a.id for a in report.moved} == {a.id for i, a in enumerate(notes) if i not in (2, 5)}
    for i, old in enumerate(notes):
        now = store.get(old.id)
        if i == 5:
            assert now.is_orphan
        elif i == 2:
            assert new.plain_text[now.start : now.end] == edited_inside
        else:
            assert new.plain_text[now.start : now.end] == old.quote.exact
