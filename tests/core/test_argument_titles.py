"""A chapter headed only by its number is listed by the summary in capitals below it."""

from __future__ import annotations

from reader.core.parse import parse_text

CHAPTER = (
    "## CHAPTER I.\n\n"
    '"The sea gives and the sea takes," as an old harbour saying has it.\n\n'
    "THE HARBOUR FREEZES—THE MILLS STOP—THE TOWN GOES HUNGRY.\n\n"
    "The winter came early that year, and the harbour froze before the boats were in.\n\n"
    "## CHAPTER II.\n\n"
    "The thaw came late, and the mills did not start again until April of that year.\n"
)


def test_a_numbered_chapter_is_listed_by_its_summary() -> None:
    a = parse_text("# The Harbour\n\nAn opening paragraph.\n\n" + CHAPTER, fmt="md")
    assert [h.text for h in a.headings] == ["CHAPTER I: THE HARBOUR FREEZES", "CHAPTER II."]
    heading = a.paragraphs[a.headings[0].paragraph]
    assert heading.text == "CHAPTER I."  # the text itself is as written
