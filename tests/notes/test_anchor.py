"""Re-anchoring: a note follows its passage when the text changes, or is orphaned."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.notes import anchor
from reader.core.notes.anchor import align, locate
from reader.core.notes.model import quote_at
from reader.core.notes.store import NoteStore

from .conftest import COUNCILS, make_article, span

TEXT = (
    "The assembly met in the old grain hall on the first Monday of the month. "
    "Its chairman read the agenda aloud and asked for objections. "
    "No one objected, and the assembly voted to repair the bridge before winter. "
    "The treasurer warned that the bridge would cost more than the town had."
)


def moved(old: str, new: str, passage: str, occurrence: int = 1) -> tuple[str, str | None]:
    """Locate ``passage`` (noted in ``old``) in ``new``: (method, found text) or orphan."""
    at = -1
    for _ in range(occurrence):
        at = old.index(passage, at + 1)
    quote = quote_at(old, at, at + len(passage))
    match = locate(new, quote, at, at + len(passage))
    if match is None:
        return "orphan", None
    return match.method, new[match.start : match.end]


def test_unchanged_text_keeps_the_position() -> None:
    assert moved(TEXT, TEXT, "read the agenda aloud") == ("position", "read the agenda aloud")


def test_edit_after_the_quote_keeps_the_position() -> None:
    new = TEXT.replace("cost more than", "cost far more than")
    assert moved(TEXT, new, "read the agenda aloud") == ("position", "read the agenda aloud")


def test_edit_before_the_quote_finds_it_moved() -> None:
    new = "A short preface, added later, shifts every offset. " + TEXT
    assert moved(TEXT, new, "voted to repair the bridge") == ("exact", "voted to repair the bridge")


def test_edit_inside_the_quote_finds_it_fuzzily() -> None:
    passage = "asked for objections. No one objected"
    new = TEXT.replace(passage, "asked for any objections. Nobody objected")
    method, found = moved(TEXT, new, passage)
    assert method == "fuzzy"
    assert found == "asked for any objections. Nobody objected"


def test_long_quote_with_an_edit_inside_is_found() -> None:
    passage = (
        "Its chairman read the agenda aloud and asked for objections. "
        "No one objected, and the assembly voted to repair the bridge before winter."
    )
    new = "Preface. " + TEXT.replace("read the agenda aloud", "read out the agenda")
    method, found = moved(TEXT, new, passage)
    assert method == "fuzzy"
    assert found is not None
    assert found.startswith("Its chairman read out the agenda")
    assert found.endswith("repair the bridge before winter.")


def test_repeated_quote_goes_to_its_own_occurrence_not_the_nearest() -> None:
    # "the bridge" occurs twice; the note is on the second. Deleting words before it
    # slides the *first* occurrence under the old offsets: context must win.
    old = TEXT
    at = old.index("the bridge", old.index("the bridge") + 1)
    first = old.index("the bridge")
    cut = at - first  # delete that many characters just before the first occurrence
    new = old[: first - cut] + old[first:]
    assert new[at - cut : at - cut + 10] == "the bridge"  # the old offset lands on a copy…
    quote = quote_at(old, at, at + 10)
    match = locate(new, quote, at, at + 10)
    assert match is not None
    # …but the note lands on the occurrence in "warned that the bridge would cost".
    assert new[match.start - 12 : match.start] == "warned that "


def test_repeated_quote_with_a_shift_keeps_the_second_occurrence() -> None:
    new = "An added opening sentence. " + TEXT
    second = new.index("the bridge", new.index("the bridge") + 1)
    old_second = TEXT.index("the bridge", TEXT.index("the bridge") + 1)
    match = locate(new, quote_at(TEXT, old_second, old_second + 10), old_second, old_second + 10)
    assert match is not None and match.method == "exact" and match.start == second


def test_deleted_quote_is_an_orphan() -> None:
    new = TEXT.replace("Its chairman read the agenda aloud and asked for objections. ", "")
    assert moved(TEXT, new, "read the agenda aloud") == ("orphan", None)


def test_deleted_short_quote_is_not_attached_to_a_copy_elsewhere() -> None:
    # The note is on the first "the assembly"; its sentence goes, but the words
    # remain in another sentence with other surroundings: orphan, not a guess.
    new = TEXT.replace(
        "The assembly met in the old grain hall on the first Monday of the month. ", ""
    )
    assert "the assembly" in new
    assert moved(TEXT, new, "The assembly met") == ("orphan", None)
    assert moved(TEXT, new, "assembly", occurrence=1) == ("orphan", None)


def test_rewritten_quote_is_an_orphan() -> None:
    new = TEXT.replace("asked for objections. No one objected", "invited dissent. Silence followed")
    assert moved(TEXT, new, "asked for objections. No one objected") == ("orphan", None)


# -- the thresholds, pinned from both sides -------------------------------------

PASSAGE = "asked for objections. No one objected"  # 37 characters: needs context too


@pytest.mark.parametrize(
    ("replacement", "found"),
    [
        ("asked for objectons. No one objected", True),  # one character
        ("asked for any objections. Nobody objected", True),  # two words
        ("asked about objections. Nobody had any", False),  # half rewritten
        ("invited dissent. Silence followed", False),  # all rewritten
    ],
)
def test_fuzzy_quote_threshold(replacement: str, found: bool) -> None:
    new = TEXT.replace(PASSAGE, replacement)
    method, _ = moved(TEXT, new, PASSAGE)
    assert (method == "fuzzy") is found, method


def test_fuzzy_needs_context_for_short_quotes() -> None:
    # The quote is nearly intact but everything around it was rewritten.
    new = (
        "Entirely different opening words here. Then somebody asked for objections. "
        "No one objectd. A new ending that shares nothing with the old text at all."
    )
    method, _ = moved(TEXT, new, PASSAGE)
    assert method == "orphan"


def test_thresholds_are_what_the_docs_say() -> None:
    assert anchor.EXACT_CONTEXT_MIN == 0.6
    assert anchor.FUZZY_QUOTE_MIN == 0.75
    assert anchor.FUZZY_SCORE_MIN == 0.75
    assert anchor.FUZZY_CONTEXT_MIN == 0.6
    assert anchor.UNIQUE_QUOTE_LEN == 40


def test_align_finds_the_best_span() -> None:
    assert align("kitten", "a sitting cat") == (2, 2, 8)  # "sittin" is 2 edits away
    assert align("abc", "xxabcxx") == (0, 2, 5)
    assert align("abc", "") is None


# -- through the store ---------------------------------------------------------


def test_store_reanchors_and_orphans_survive_saves(library: Library) -> None:
    art = make_article()
    store = NoteStore(library, "councils")
    kept = store.add(art, *span(art, "the mayor wished to read"), note="flattery")
    lost = store.add(art, *span(art, "A motion that is never recorded"), note="silence")

    edited = COUNCILS.replace(
        "A motion that is never recorded was, for the archive, never made.", "Short."
    ).replace("Every town council", "In the nineteenth century every town council")
    art2 = make_article(edited)
    report = store.reanchor(art2)
    assert [a.id for a in report.moved] == [kept.id]
    assert [a.id for a in report.orphaned] == [lost.id]
    now = store.get(kept.id)
    assert art2.plain_text[now.start : now.end] == "the mayor wished to read"
    assert now.paragraph == 1
    orphan = store.get(lost.id)
    assert orphan.is_orphan and orphan.quote.exact == "A motion that is never recorded"
    assert orphan.note == "silence"

    # An edit after every note: they stay where they are (only their text's sha moves on).
    art3 = make_article(edited.replace("the newspapers", "the local newspapers"))
    report = store.reanchor(art3)
    assert not report.changed and [a.id for a in report.kept] == [kept.id]
    assert store.get(kept.id).start == now.start
    art2 = art3

    # Another save (a new note) keeps the orphan, in the file too.
    store.add(art2, *span(art2, "read them against"))
    fresh = NoteStore(library, "councils")
    fresh.load()
    assert [a.id for a in fresh.orphans()] == [lost.id]
    assert len(fresh.annotations) == 3
    assert 'status = "orphan"' in store.path.read_text(encoding="utf-8")

    # The text changes back: the orphan is found again.
    report = fresh.reanchor(make_article())
    assert [a.id for a in report.found] == [lost.id]
    assert fresh.orphans() == []


def test_reattach_an_orphan(library: Library) -> None:
    art = make_article()
    store = NoteStore(library, "councils")
    a = store.add(art, *span(art, "A motion that is never recorded"))
    art2 = make_article(
        COUNCILS.replace("A motion that is never recorded was", "What is unwritten was")
    )
    store.reanchor(art2)
    assert store.get(a.id).is_orphan
    new = store.reattach(a.id, art2, *span(art2, "What is unwritten"))
    assert not new.is_orphan and new.quote.exact == "What is unwritten"
    assert NoteStore(library, "councils").load()[0].quote.exact == "What is unwritten"
