"""Results are paragraphs with their notes: footnotes searched, NOT per paragraph,
the same paragraphs in the CLI and the app (one function: Searcher.paragraphs)."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.core.library import Library
from reader.core.search import Searcher, SearchHit, count_line, group_hits
from reader.core.search.snippets import plain


def where(hits: list[SearchHit]) -> list[tuple[str, str, int | None, str | None]]:
    return [(h.kind, h.text, h.paragraph, h.note) for h in hits]


def cli_json(library: Library, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:  # type: ignore[type-arg]
    code = main(["--library", str(library.root), "search", *args, "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    data: list[dict] = json.loads(out)  # type: ignore[type-arg]
    return data


def test_a_word_only_in_a_note_finds_the_citing_paragraph(searcher: Searcher) -> None:
    # "Lindqvist" is only in river-trade's notes 1 (cited in paragraph 0) and 2
    # (cited in the paragraph under "Decline").
    hits = searcher.paragraphs("Lindqvist").hits
    assert where(hits) == [
        ("footnote", "river-trade", 0, "1"),
        ("footnote", "river-trade", 4, "2"),
    ]
    assert hits[1].heading == "Decline"
    assert [t for t, match in hits[0].snippet if match] == ["Lindqvist"]


def test_a_title_in_emphasis_in_a_note_is_found(searcher: Searcher) -> None:
    # quiet-revolution's note 2 reads "K. Kautsky, *Essays* (Berlin: ...)".
    hits = searcher.paragraphs("essays").hits
    assert where(hits) == [("footnote", "quiet-revolution", 4, "2")]


def test_cli_json_gives_the_footnote_and_its_spans(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    (hit,) = cli_json(library, capsys, "seamstress", "--in", "texts")
    assert hit["kind"] == "footnote" and hit["note"] == "2"
    assert hit["text"] == "commune-kitchens" and hit["paragraph"] == 2
    assert hit["snippet"] == "A gloss: Millière was a [[seamstress]] before the siege."
    assert [hit["snippet_text"][a:b] for a, b in hit["spans"]] == ["seamstress"]


def test_note_field_restricts_to_notes(searcher: Searcher) -> None:
    everywhere = searcher.paragraphs("Kautsky").hits
    assert {h.kind for h in everywhere} == {"text"}
    notes = searcher.paragraphs("note:Kautsky").hits
    assert where(notes) == [("footnote", "quiet-revolution", 4, "2")]
    assert searcher.paragraphs("note:ledger").hits == []


def test_not_leaves_out_paragraphs_not_whole_texts(searcher: Searcher) -> None:
    kitchens = searcher.paragraphs("kitchens", kinds=["text"]).hits
    without = searcher.paragraphs("kitchens -ledger", kinds=["text"]).hits
    assert len(kitchens) > len(without) >= 1
    assert {h.text for h in without} == {"commune-kitchens"}
    for hit in without:
        assert "ledger" not in plain(hit.snippet).lower()
    assert searcher.paragraphs("kitchens NOT ledger", kinds=["text"]).hits == without


def test_not_leaves_out_a_paragraph_whose_note_holds_the_word(searcher: Searcher) -> None:
    # Paragraph 4 cites note 2 ("*Essays*"); the heading above it does not.
    assert [h.paragraph for h in searcher.paragraphs("Kautsky").hits] == [3, 4]
    assert [h.paragraph for h in searcher.paragraphs("Kautsky -essays").hits] == [3]


def test_a_text_field_exclusion_removes_whole_texts(searcher: Searcher) -> None:
    assert {h.text for h in searcher.paragraphs("salt", kinds=["text"]).hits} == {
        "river-trade",
        "quiet-revolution",
    }
    assert {h.text for h in searcher.paragraphs("salt -title:river", kinds=["text"]).hits} == {
        "quiet-revolution"
    }


def test_a_phrase_lists_only_the_paragraphs_holding_it(searcher: Searcher) -> None:
    assert [h.paragraph for h in searcher.paragraphs("ledger", kinds=["text"]).hits] == [2, 4, 5]
    assert [h.paragraph for h in searcher.paragraphs('"green ledger"').hits] == [2]


def test_limit_counts_paragraphs(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(cli_json(library, capsys, "ledger", "--in", "texts")) == 3
    assert [h["paragraph"] for h in cli_json(library, capsys, "ledger", "--limit", "2")] == [2, 4]


def test_hits_group_under_text_and_heading(searcher: Searcher) -> None:
    results = searcher.paragraphs("salt OR ledger")
    groups = group_hits(results.hits)
    assert [g.text for g in groups if g.kind == "text"] == list(
        dict.fromkeys(h.text for h in results.hits if h.kind in ("text", "footnote"))
    )
    kitchens = next(g for g in groups if g.text == "commune-kitchens")
    assert [(s.heading, [h.paragraph for h in s.hits]) for s in kitchens.sections] == [
        ("Who cooked", [2]),
        ("The ledger", [4, 5]),
    ]
    assert count_line(results) == "6 paragraphs in 3 texts"


def test_the_count_line_says_paragraphs_and_texts(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--library", str(library.root), "search", "ledger", "--in", "texts"])
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[-1] == "3 paragraphs in 1 text"
    # Each heading once, each paragraph under it with its number (from 1).
    assert lines[0].startswith("Kitchens of the Besieged City")
    assert [line.strip() for line in lines if line.strip().startswith("§")] == [
        "§ Who cooked",
        "§ The ledger",
    ]


async def test_the_app_lists_the_paragraphs_the_cli_prints(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.search_screen import LIMIT, SearchScreen

    queries = ["ledger", "Lindqvist", "salt OR kitchens", "kitchens -ledger", '"green ledger"']
    # The CLI first: the app's test harness takes over stdout while it runs.
    printed = {
        query: [
            (h["kind"], h["text"], h["paragraph"], h["note"])
            for h in cli_json(library, capsys, *query.split(), "--limit", str(LIMIT))
        ]
        for query in queries
    }
    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for query in queries:
            screen.query_one("#query").value = query  # type: ignore[attr-defined]
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            listed = [(h.kind, h.text, h.paragraph, h.note) for h in screen.option_hits if h]
            assert listed == printed[query], query
            assert listed


async def test_opening_a_footnote_hit_highlights_the_note(library: Library) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.reading import ReadingScreen
    from reader.tui.search_screen import SearchScreen

    app = ReaderApp(library, cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s", *"Lindqvist")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        hit = [h for h in screen.option_hits if h][1]
        assert (hit.kind, hit.paragraph, hit.note) == ("footnote", 4, "2")
        screen.open_hit(hit)
        await pilot.pause()
        await pilot.pause()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert reading.view.cursor == 4
        focused = reading.footnotes.focused_item
        assert focused is not None and focused.label == "2"


CHAPTERS = (
    "A Book of Two Chapters\n\n\n\n\nCHAPTER I.\n\n"
    "The harbour board met in the spring and argued about tolls. [1]\n\n"
    "[Footnote 1: Minutes kept by the board's clerk.]\n\n"
    "\n\n\nCHAPTER II.\n\n"
    "The quay was rebuilt after the flood of that autumn. [1]\n\n"
    "[Footnote 1: Told by a ferryman to a visiting surveyor.]\n\n"
    "The board never met again in the old hall.\n"
)


def test_a_note_label_used_in_two_chapters_finds_its_own_paragraph(
    library: Library, searcher: Searcher
) -> None:
    from reader.core.search import sync

    (library.texts_dir / "two-chapters.txt").write_text(CHAPTERS, encoding="utf-8")
    sync(library)
    searcher.refresh()
    (first,) = searcher.paragraphs("clerk", kinds=["text"]).hits
    (second,) = searcher.paragraphs("ferryman", kinds=["text"]).hits
    # Both notes are labelled 1; each belongs to the paragraph that cites it.
    assert (first.kind, first.note, first.paragraph) == ("footnote", "1", 1)
    assert (second.kind, second.note, second.paragraph) == ("footnote", "1", 3)
