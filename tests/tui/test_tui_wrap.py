"""Wrapping paragraphs for the article view."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.tui.wrapping import wrap


def test_breaks_at_spaces() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    lines = [text[s:e] for s, e in wrap(text, 10)]
    assert lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]


def test_long_word_is_folded_only_when_it_must_be() -> None:
    text = "a supercalifragilistic word"
    lines = [text[s:e] for s, e in wrap(text, 8)]
    assert lines == ["a", "supercal", "ifragili", "stic", "word"]


def test_wide_characters_count_two_cells() -> None:
    text = "漢字漢字 漢字"
    lines = [text[s:e] for s, e in wrap(text, 8)]
    assert lines == ["漢字漢字", "漢字"]


def test_newlines_inside_a_paragraph_break_lines() -> None:
    text = "first line\nsecond"
    assert [text[s:e] for s, e in wrap(text, 40)] == ["first line", "second"]


@given(st.text(alphabet=st.sampled_from("ab 漢\n"), max_size=200), st.integers(1, 30))
def test_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    spans = wrap(text, width)
    pieces = [text[s:e] for s, e in spans]
    for piece in pieces:
        assert cell_len(piece) <= max(width, 2)  # a wide char is never split
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    starts = [s for s, _ in spans]
    assert starts == sorted(starts)
