"""Back references across numbering groups: a book that numbers its notes afresh
in each chapter may open a chapter with "Ibid." or cite by "op. cit." a work
given in full chapters before."""

from __future__ import annotations

from reader.core.parse import parse_text
from reader.core.sources import works_of

BOOK = """CHAPTER I

The first chapter makes its case at some length, citing a survey.[1] It goes on.

[1] A. Smith, The Wealth of Nations (London, 1776), p. 12.

CHAPTER II

The second chapter takes up the same survey again at once.[1] And more.

[1] Ibid., p. 40.

CHAPTER III

A third chapter brings in another writer.[1] It returns to the survey by name.[2]

[1] D. Ricardo, Principles of Political Economy (London, 1817), p. 3.

[2] Smith, op. cit., p. 99.
"""


def notes_of(text: str) -> list[tuple[str, str, int | None, str | None]]:
    article = parse_text(text)
    return [(n.kind, n.status, n.target, n.page) for n in article.notes]


def test_a_chapter_opening_with_ibid_follows_the_last_note_before_it() -> None:
    notes = notes_of(BOOK)
    assert notes[1] == ("ibid", "ok", 0, "40")


def test_op_cit_finds_a_work_given_in_an_earlier_chapter() -> None:
    notes = notes_of(BOOK)
    assert notes[3] == ("op-cit", "ok", 0, "99")
    assert notes[2] == ("citation", "ok", None, "3")


def test_the_works_cited_group_the_chapters_references() -> None:
    works = works_of(parse_text(BOOK))
    smith = next(w for w in works if "Wealth" in (w.citation.title or ""))
    assert [p.note for p in smith.places] == ["1", "1", "2"]


def test_the_very_first_note_has_nothing_before_it() -> None:
    text = "CHAPTER I\n\nA paragraph that opens with a reference.[1]\n\n[1] Ibid., p. 4.\n"
    assert notes_of(text)[0][:2] == ("ibid", "unresolved")


def test_two_earlier_works_of_one_author_are_not_guessed_between() -> None:
    text = BOOK.replace(
        "[1] Ibid., p. 40.", "[1] A. Smith, Lectures on Jurisprudence (Glasgow, 1763), p. 8."
    )
    last = parse_text(text).notes[-1]
    assert (last.kind, last.status, last.target) == ("op-cit", "unresolved", None)


def test_a_missing_note_is_explained_from_its_own_chapter() -> None:
    from reader.core.explain import explain_ref

    text = (
        "CHAPTER I\n\nA first chapter citing two books.[1] And another.[2]\n\n"
        "[1] A. Smith, The Wealth of Nations (London, 1776), p. 12.\n\n"
        "[2] D. Hume, Political Discourses (Edinburgh, 1752), p. 5.\n\n"
        "CHAPTER II\n\nA second chapter cites a third.[1] Its next note is lost.[3]\n\n"
        "[1] D. Ricardo, Principles of Political Economy (London, 1817), p. 3.\n"
    )
    article = parse_text(text)
    ref = article.paragraphs[-1].refs[-1]
    assert article.note_of(ref) is None
    said = "".join(t for t, _ in explain_ref(article, ref, width=None).segments)
    assert "note 3 is missing" in said and "Ricardo" in said and "Hume" not in said
