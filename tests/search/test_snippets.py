"""Hits point at the right paragraph and heading, with the matches marked."""

from __future__ import annotations

from pathlib import Path

from reader.core.parse import parse_file
from reader.core.search import Searcher
from reader.core.search.snippets import Span, best_window, marked, place


def test_hit_names_paragraph_and_heading(searcher: Searcher, library) -> None:  # type: ignore[no-untyped-def]
    hit = searcher.search("ledger lentils").hits[0]
    article = parse_file(library.texts_dir / "commune-kitchens.md")
    assert article.paragraphs[hit.paragraph].text.startswith("Her ledger survives")
    assert hit.heading == "The ledger"
    assert ("ledger", True) in hit.snippet
    assert ("lentils", True) in hit.snippet
    assert hit.snippet_marked.startswith("Her [[ledger]] survives")


def test_hit_in_an_untitled_section(searcher: Searcher) -> None:
    hit = searcher.search("volunteers").hits[0]
    assert (hit.paragraph, hit.heading) == (0, None)


def test_snippet_keeps_accents_and_original_case(searcher: Searcher) -> None:
    hit = searcher.search("milliere", kinds=["text"]).hits[0]
    assert ("Millière", True) in hit.snippet
    assert hit.heading == "Who cooked"


def test_phrase_snippet_lands_on_the_phrase(searcher: Searcher) -> None:
    hit = searcher.search('"bread prices"').hits[0]
    assert "[[bread]] [[prices]]" in hit.snippet_marked
    assert hit.paragraph == 3


def test_every_matched_paragraph_is_listed(searcher: Searcher) -> None:
    hit = searcher.search("toll").hits[0]
    assert hit.text == "river-trade"
    assert len(hit.paragraphs) >= 2
    assert hit.paragraph in hit.paragraphs


def test_title_only_match_shows_the_opening(searcher: Searcher) -> None:
    hit = searcher.search("title:besieged").hits[0]
    assert hit.paragraph == 0
    assert hit.snippet[0][0].startswith("During the long winter")
    assert not any(is_match for _, is_match in hit.snippet)


def test_best_window_prefers_all_terms_close_together() -> None:
    spans = [Span(0, 4, "a"), Span(500, 504, "b"), Span(900, 904, "a"), Span(910, 914, "b")]
    assert best_window(spans) == (2, 3)


def test_snippet_stays_inside_its_paragraph() -> None:
    text = "alpha beta\n\n" + "gamma " * 80 + "target here" + " delta" * 80
    starts = [0, 12]
    at = text.index("target")
    placed = place(text, starts, [Span(at, at + 6, "target")])
    assert placed.paragraph == 1
    out = marked(placed.pieces)
    assert "[[target]]" in out
    assert "alpha" not in out
    assert out.startswith("…") and out.endswith("…")


def test_snippet_flattens_line_breaks(tmp_path: Path) -> None:
    text = "one line\nand the next with word"
    placed = place(text, [0], [Span(text.index("word"), len(text), "word")])
    assert "\n" not in marked(placed.pieces)
