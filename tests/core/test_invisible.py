"""Invisible characters that only steer line breaking are never drawn."""

from __future__ import annotations

from reader.core.inline import shown_text
from reader.core.parse import parse_text

JOINED = "The harbour froze\u2060—and the mills\u200b stopped for a month."


def test_a_word_joiner_and_a_zero_width_space_are_hidden_in_plain_text() -> None:
    p = parse_text(JOINED + "\n").paragraphs[0]
    assert p.text == JOINED  # the text is as written
    assert shown_text(p.text, p.hidden) == "The harbour froze—and the mills stopped for a month."


def test_they_join_the_markup_hidden_in_markdown() -> None:
    p = parse_text("*The harbour*\u2060— froze, and the mills stopped.\n", fmt="md").paragraphs[0]
    assert list(p.hidden) == sorted(p.hidden)
    assert shown_text(p.text, p.hidden) == "The harbour— froze, and the mills stopped."


def test_a_provisional_title_has_none() -> None:
    assert parse_text(JOINED + "\n").meta.title == "The harbour froze—and the mills stopped for a…"
