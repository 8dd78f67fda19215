"""The accuracy goals, held on our labelled notes (tests/bench/bench_sources.py
prints the full table)."""

from __future__ import annotations

from tests.sources.labelled_set import HELD_OUT, HERE, load, score


def test_the_labelled_set_is_big_enough() -> None:
    texts = load()
    citing = [n for t in texts for n in t.notes if not n.gloss]
    assert len(citing) >= 150


def test_field_accuracy_on_the_labelled_notes() -> None:
    result = score(load(HERE))
    for name in ("families", "title", "year"):
        assert result.fields[name].f1 >= 0.9, (name, result.failures)
    assert result.fields["year"].f1 >= 0.95
    assert result.glosses_right == result.glosses
    assert result.grouped_right >= 0.95 * result.grouped


def test_field_accuracy_on_the_held_out_notes() -> None:
    result = score(load(HELD_OUT))
    for name in ("families", "title", "year"):
        assert result.fields[name].f1 >= 0.9, (name, result.failures)
