"""Growing a selection by sentences, on the paragraph's text alone."""

from __future__ import annotations

from reader.tui.selection import grow_sentence, sentence_ends, start_selection


def test_an_ellipsis_inside_a_quotation_does_not_end_the_sentence() -> None:
    text = 'He said "the people... are tired" and left. Then the rain came.'
    first = text.index("left.") + len("left.")
    assert sentence_ends(text) == [first, len(text)]
    sel = start_selection(0, text)
    assert sel is not None
    assert grow_sentence(sel, text).text(text) == text[:first]


def test_sentences_still_end_before_a_capital_or_a_marker() -> None:
    text = "One thing ended.[3] Another began... Then a third, e.g. this one."
    ends = sentence_ends(text)
    assert text[: ends[0]] == "One thing ended.[3]"
    assert text[: ends[1]].endswith("began...")
    assert ends[-1] == len(text)
