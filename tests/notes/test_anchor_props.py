"""Properties of re-anchoring: never crashes, never returns a span outside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.notes.anchor import locate
from reader.core.notes.model import quote_at

WORDS = st.sampled_from(["the", "council", "clerk", "minutes", "river", "town", "mayor", ","])
TEXTS = st.lists(WORDS, min_size=3, max_size=80).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.data())
def test_unchanged_text_always_keeps_the_position(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    match = locate(text, quote_at(text, start, end), start, end)
    assert match is not None and (match.start, match.end) == (start, end)


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS, st.data())
def test_any_edit_gives_a_span_in_the_text_or_an_orphan(
    old: str, insert: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    cut_from = data.draw(st.integers(0, len(old)))
    cut_to = data.draw(st.integers(cut_from, len(old)))
    new = old[:cut_from] + insert + old[cut_to:]
    match = locate(new, quote_at(old, start, end), start, end)
    if match is not None:
        assert 0 <= match.start < match.end <= len(new)
        if match.method in ("position", "exact"):
            assert new[match.start : match.end] == old[start:end]
