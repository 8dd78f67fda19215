"""Plain-text books as Project Gutenberg and similar sources type them out.

Every text here is our own, written to show one convention learnt from real
books (../shared/realworld-dev); none of their words are copied.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.model import Article
from reader.core.parse import parse_text

LONG = (
    "The committee met every week through the hard winter, and its members kept "
    "the minutes in a plain hand that later readers have come to value."
)


def parse(text: str) -> Article:
    """A text under a title line of its own (so its first paragraph is not taken for one)."""
    return parse_text("A Test Text\n\n" + text)


def body(a: Article) -> list[str]:
    return [p.text for p in a.paragraphs]


def note_of(a: Article, needle: str) -> str | None:
    """The text of the note meant by the first marker after ``needle``."""
    for p in a.paragraphs:
        at = p.text.find(needle)
        if at < 0:
            continue
        for ref in p.refs:
            if ref.start >= at + len(needle) - 1:
                note = a.note_of(ref)
                return note.text if note else None
    raise AssertionError(f"no marker after {needle!r}")


# -- [Footnote N: …] blocks ---------------------------------------------------------


def test_footnote_blocks_after_their_paragraph_over_several_paragraphs() -> None:
    text = (
        f"{LONG} The river rose. [1] It fell again. [2]\n\n"
        "[Footnote 1: The gauge stood at the mill [see the miller's\nbook] that year.]\n\n"
        "[Footnote 2: Two readings survive.\n\nA second paragraph of the same note\n"
        "carries on here.]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    assert body(a) == [f"{LONG} The river rose. [1] It fell again. [2]", LONG]
    assert note_of(a, "rose.") == "The gauge stood at the mill [see the miller's book] that year."
    two = note_of(a, "again.")
    assert two is not None and two.split("\n") == [
        "Two readings survive.",
        "A second paragraph of the same note carries on here.",
    ]
    assert not a.missing and not a.unreferenced


def test_an_unclosed_footnote_ends_where_the_next_begins() -> None:
    text = (
        f"{LONG} First. [1] Second. [2]\n\n"
        "[Footnote 1: This note never closes its bracket.\n\n"
        "[Footnote 2: But this one does.]\n\n"
        f"{LONG} The book goes on after them.\n"
    )
    a = parse(text)
    assert note_of(a, "First.") == "This note never closes its bracket."
    assert note_of(a, "Second.") == "But this one does."
    assert body(a)[-1].endswith("goes on after them.")


def test_a_footnote_whose_bracket_closes_after_its_label() -> None:
    # a transcriber's slip: "[Footnote 2]: …", the note closed at its end as usual
    text = (
        f"{LONG} First. [1] Second. [2] Third. [3]\n\n"
        "[Footnote 1: A note as usual.]\n\n"
        "[Footnote 2]: The slip, with [a bracket] inside, closed at its end.]\n\n"
        "[Footnote 3: Another as usual.]\n\n"
        f"{LONG} The book goes on after them.\n"
    )
    a = parse(text)
    assert note_of(a, "Second.") == "The slip, with [a bracket] inside, closed at its end."
    assert note_of(a, "Third.") == "Another as usual."
    assert not a.missing and body(a)[-1].endswith("goes on after them.")


def test_footnote_inline_at_the_end_of_a_paragraph_line() -> None:
    text = (
        f"{LONG} A claim. *a\n\n"
        "[Footnote a: Where it came from.] [Footnote b: An orphan gloss.]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    assert note_of(a, "claim.") == "Where it came from."
    assert [label for label, _ in a.unreferenced] == ["b"]


# -- numbering that restarts ----------------------------------------------------------


def _chapters() -> str:
    return (
        "\n\n\n\nCHAPTER I.\n\n"
        f"{LONG} Alpha. [1] Beta. [2]\n\n"
        "[Footnote 1: First chapter, first note.]\n\n"
        "[Footnote 2: First chapter, second note.]\n\n"
        "\n\n\nCHAPTER II.\n\n"
        f"{LONG} Gamma. [1] Delta. [2] Epsilon. [3]\n\n"
        "[Footnote 1: Second chapter, first note.]\n\n"
        "[Footnote 3: Second chapter, third note.]\n\n"
        f"{LONG}\n"
    )


def test_a_marker_resolves_in_its_own_chapter() -> None:
    a = parse(_chapters())
    assert [h.text for h in a.headings] == ["CHAPTER I.", "CHAPTER II."]
    assert note_of(a, "Alpha.") == "First chapter, first note."
    assert note_of(a, "Gamma.") == "Second chapter, first note."
    assert note_of(a, "Epsilon.") == "Second chapter, third note."
    # chapter II's [2] is missing: never chapter I's note 2
    assert note_of(a, "Delta.") is None
    assert a.missing == [("2", 1)]
    assert [n.scope for n in a.notes] == [0, 0, 1, 1]


def test_parse_json_gives_each_ref_its_note_and_scope() -> None:
    data = parse(_chapters()).to_dict()
    refs = [r for p in data["paragraphs"] for r in p["refs"]]
    assert [(r["label"], r["note"], r["scope"]) for r in refs] == [
        ("1", 0, 0),
        ("2", 1, 0),
        ("1", 2, 1),
        ("2", None, 1),
        ("3", 3, 1),
    ]
    assert [n["scope"] for n in data["notes"]] == [0, 0, 1, 1]
    assert data["missing"] == [{"label": "2", "scope": 1}]
    assert data["missing_notes"] == ["2"]  # the old key stays


def test_ibid_resolves_inside_its_own_numbering() -> None:
    text = (
        "\n\n\nCHAPTER I.\n\n"
        f"{LONG} One. [1] Two. [2]\n\n"
        "[Footnote 1: A. Writer, The First Book, London 1901, p. 3.]\n\n"
        "[Footnote 2: Ibid., p. 9.]\n\n"
        "\n\n\nCHAPTER II.\n\n"
        f"{LONG} Three. [1] Four. [2]\n\n"
        "[Footnote 1: B. Author, Another Work, Paris 1905, p. 1.]\n\n"
        "[Footnote 2: Ibid.]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    second = a.notes[3]
    target = a.target_of(second)
    assert target is not None and target.text.startswith("B. Author")
    first = a.target_of(a.notes[1])
    assert first is not None and first.text.startswith("A. Writer")


# -- other note shapes ----------------------------------------------------------------


def test_bracket_note_right_after_its_paragraph_and_zero_padded_labels() -> None:
    text = f"{LONG} A fact.[01]\n\n[1] Where the fact is from.\n\n{LONG} And on.\n"
    a = parse(text)
    assert note_of(a, "fact.") == "Where the fact is from."
    assert len(a.paragraphs) == 2


def test_a_body_paragraph_never_becomes_a_note() -> None:
    text = f"{LONG}\n\n[1] begins this paragraph, but no marker asked for it.\n\n{LONG}\n"
    a = parse(text)
    assert a.notes == [] or all("no marker asked" not in n.text for n in a.notes)
    assert any("no marker asked" in t for t in body(a))


def test_symbol_notes_and_parenthesised_footnotes() -> None:
    text = (
        f"{LONG} The old saying*, repeated.\n\n"
        "(*Footnote.  Heard in the market, and written down\nthe same day.)\n\n"
        f"{LONG} A dagger here† too.\n\n"
        "† The dagger's note.\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    assert note_of(a, "saying") == "Heard in the market, and written down the same day."
    assert note_of(a, "here") == "The dagger's note."
    assert len(a.paragraphs) == 3


def test_chapter_notes_block_of_numbered_paragraphs() -> None:
    text = (
        "\n\n\nCHAPTER I\n\n"
        f"{LONG} A study(1) and another(2).\n\n"
        "NOTES:\n\n"
        "1. The first study, 1880.\n\n"
        "2. The second one, which runs\n"
        "1885. onto a line that starts with a number.\n\n"
        "A paragraph without a label still belongs to note 2.\n\n"
        "\n\n\nCHAPTER II\n\n"
        f"{LONG} Again(1).\n\n"
        "NOTES:\n\n"
        "1. The note of chapter two.\n"
    )
    a = parse(text)
    assert [h.text for h in a.headings] == ["CHAPTER I", "CHAPTER II"]
    assert note_of(a, "study") == "The first study, 1880."
    two = note_of(a, "another")
    assert two is not None and "1885. onto a line" in two and "still belongs" in two
    assert note_of(a, "Again") == "The note of chapter two."
    assert all("NOTES" not in t for t in body(a))


def test_star_bracket_markers_with_notes_at_the_end_of_the_book() -> None:
    text = (
        "\n\n\nPART ONE.\n\n"
        f"{LONG} First.*[1]\n\n"
        "\n\n\nPART TWO.\n\n"
        f"{LONG} Second.*[2]\n\n"
        "\n\n\nTHE AUTHOR'S NOTES\n\n"
        "[Footnote 1: The first of them.]\n\n"
        "[Footnote 2: The second of them.]\n"
    )
    a = parse(text)
    assert note_of(a, "First.") == "The first of them."
    assert note_of(a, "Second.") == "The second of them."
    assert [p.refs[0].label for p in a.paragraphs if p.refs] == ["1", "2"]


def test_letter_labels_that_wrap_inside_a_chapter() -> None:
    text = (
        f"{LONG} Early. *a\n\n[Footnote a: The first a.]\n\n"
        f"{LONG} Middle. *b\n\n[Footnote b: The b.]\n\n"
        f"{LONG} Late. *a\n\n[Footnote a: The second a.]\n\n"
        f"{LONG} Bracketed.[A]\n\nFOOTNOTES:\n\n[A] A capital letter's note.\n"
    )
    a = parse(text)
    assert note_of(a, "Early.") == "The first a."
    assert note_of(a, "Late.") == "The second a."
    assert note_of(a, "Bracketed.") == "A capital letter's note."


# -- the Gutenberg frame ----------------------------------------------------------------

PG_HEADER = (
    "The Project Gutenberg EBook of An Invented Book, by A. N. Author\n\n"
    "This eBook is for the use of anyone anywhere at no cost.\n\n"
    "Title: An Invented Book\n       Being a Test\n\n"
    "Author: A. N. Author\n\nTranslator: T. R. Anslator\n\n"
    "Release Date: May 1, 2001 [EBook #0]\n\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK AN INVENTED BOOK ***\n\n\n\n"
    "Produced by Some Volunteers\n\n\n\n\n"
)
PG_FOOTER = (
    "\n\n\n\nEnd of the Project Gutenberg EBook of An Invented Book\n\n"
    "*** END OF THIS PROJECT GUTENBERG EBOOK AN INVENTED BOOK ***\n\n"
    "Section 1. General Terms of Use of the Project Gutenberg Literary Archive "
    "Foundation's works.\n"
)


def test_gutenberg_header_and_licence_are_kept_out_of_the_work() -> None:
    text = PG_HEADER + "PREFACE.\n\n" + LONG + "\n\n" + LONG + " The last words." + PG_FOOTER
    a = parse_text(text)
    assert a.meta.title == "An Invented Book: Being a Test"
    assert a.meta.author == "A. N. Author" and a.meta.translator == "T. R. Anslator"
    assert a.meta.date is None  # the release date is not the work's
    assert body(a)[0] == "PREFACE." and body(a)[-1].endswith("The last words.")
    assert "Gutenberg" not in " ".join(body(a))
    assert "Produced by" not in " ".join(body(a))
    assert "Release Date" in a.front_text and "Literary Archive" in a.back_text
    assert a.word_count == 2 * len(LONG.split()) + 3
    data = a.to_dict()
    assert data["front_matter"] == a.front_text and data["back_matter"] == a.back_text


def test_the_old_small_print_before_the_work() -> None:
    text = (
        "The Project Gutenberg Etext of Another Book\n\n**The Legal Small Print**\n\n"
        "Some licence words here.\n\n*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.1*END*\n"
        "\n\n\n\nANOTHER BOOK.\n\n" + LONG + "\n\n\n\n\nEnd of The Project Gutenberg Etext\n"
    )
    a = parse_text(text)
    assert "licence" not in " ".join(body(a)) and "Small Print" in a.front_text
    assert body(a)[-1] == LONG


def test_transcribers_box_goes_to_the_front_matter() -> None:
    box = (
        "    +------------------------------+\n"
        "    | Transcriber's Note:          |\n"
        "    | Spelling kept as printed.    |\n"
        "    +------------------------------+\n"
    )
    a = parse_text(PG_HEADER + box + "\n\n\n" + LONG + "\n\n" + LONG + PG_FOOTER)
    assert "Transcriber" in a.front_text
    assert all("Transcriber" not in t for t in body(a))


def test_transcribers_note_paragraphs_are_not_the_work() -> None:
    text = (
        PG_HEADER
        + LONG
        + "\n\n_Transcriber's note: a page of the copy\nwas torn here._\n\n"
        + LONG
        + " The end."
        + PG_FOOTER
    )
    a = parse_text(text)
    assert all("Transcriber" not in t for t in body(a))
    assert "page of the copy" in a.front_text + a.back_text
    assert body(a)[-1].endswith("The end.")


# -- headings of a book -------------------------------------------------------------------


def test_book_headings_and_what_is_not_a_heading() -> None:
    text = (
        "CONTENTS.\n\nCHAPTER 1. THE FIRST.\n\nCHAPTER 2. THE SECOND.\n\n\n\n"
        "CHAPTER 1.\n\nTHE FIRST.\n\n" + LONG + "\n\n"
        "He wrote as follows:--\n\n"
        "DEAR SIR,--\n\n" + LONG + "\n\n"
        "    The verses run in lines,\n    and every line is short,\n\n"
        "[Illustration: a mill]\n\n"
        "Bread, 12, 40, 77\n\n" + LONG + "\n\n\n\n"
        "THE SNAKE DANCE.\n\n" + LONG + "\n\n\n\n"
        "BOOK II.\n\n" + LONG + "\n\n\n\n"
        "LETTER 12.\n\n" + LONG + "\n"
    )
    a = parse(text)
    assert [h.text for h in a.headings] == [
        "CHAPTER 1: THE FIRST.",
        "THE SNAKE DANCE.",
        "BOOK II.",
        "LETTER 12.",
    ]


def test_a_short_hard_wrapped_file_keeps_its_paragraphs_whole() -> None:
    text = (
        "A Short Note\n\n"
        "The first paragraph is wrapped\nover two lines of the file.\n\n"
        "A second one, also wrapped, runs\nover three lines, as old mail\ndoes.\n"
    )
    a = parse_text(text)
    assert body(a) == [
        "The first paragraph is wrapped over two lines of the file.",
        "A second one, also wrapped, runs over three lines, as old mail does.",
    ]
    assert a.headings == []


# -- false markers ------------------------------------------------------------------------


def test_units_statutes_and_keys_are_not_markers() -> None:
    text = (
        f"{LONG} A field of 40 km² and a tank of 3 m³.\n\n"
        f"{LONG} Under section 501(c)(3) of the code.\n\n"
        f"{LONG} In this score [1] = whole note, [2] = half note.\n\n"
        "² A real note that the units must not claim.\n"
    )
    a = parse(text)
    assert [r.label for p in a.paragraphs for r in p.refs] == []


def test_a_standfirst_names_its_author_without_writes() -> None:
    text = (
        "The long strike\n\n"
        "Jane Doe looks back at the dockers of 1889 and what they won.[1]\n\n"
        f"{LONG}\n\n[1] A note, 2001.\n"
    )
    a = parse_text(text)
    assert a.meta.author == "Jane Doe" and a.paragraphs[0].kind == "standfirst"
    assert a.headings == []
    by = parse_text(f"The long strike\n\nBy Jane Doe\n\n{LONG}\n")
    assert by.meta.author == "Jane Doe" and by.headings == []


def test_markdown_front_and_back_matter_divs() -> None:
    text = (
        "::: front-matter\nImprint: made by a test.\n:::\n\n"
        "# The Work\n\nThe work itself begins here and is long enough to read.\n\n"
        "::: back-matter\nColophon: set in a test face.\n:::\n"
    )
    a = parse_text(text, fmt="md")
    assert a.front_text == "Imprint: made by a test."
    assert a.back_text == "Colophon: set in a test face."
    assert body(a) == ["The work itself begins here and is long enough to read."]


# -- the real books, when ../shared is there --------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "realworld-dev"


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "check.py").exists(), reason="../shared/realworld-dev absent")
def test_real_plain_text_books_read_as_a_careful_reader_would() -> None:
    expect = json.loads((CORPUS / "expect.json").read_text(encoding="utf-8"))
    names = [n for n in expect if n.endswith(".txt")]
    reader = Path(sys.executable).with_name("reader")
    done = subprocess.run(
        [sys.executable, str(CORPUS / "check.py"), str(reader), *names],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_lettered_marker_after_a_numbered_one_goes_to_its_own_note() -> None:
    # editors slip their own notes in as "[3a]" beside the author's "[3]"
    text = (
        f"{LONG} The bridge fell. [3] [3a]\n\n"
        "[Footnote 3: The author's account.]\n\n"
        "[Footnote 3a: A later editor doubts it.]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    labels = [r.label for r in a.paragraphs[0].refs]
    assert labels == ["3", "3a"]
    assert note_of(a, "[3]") == "A later editor doubts it."
    assert not a.missing and not a.unreferenced


def test_a_lettered_bracket_without_its_note_is_not_a_marker() -> None:
    a = parse(f"{LONG} See plate [4b] opposite.\n")
    assert not a.paragraphs[0].refs and not a.missing


def test_a_note_quoting_a_stray_bracket_closes_at_the_end_of_its_paragraph() -> None:
    # the verse quoted in the note ends "…']" and the source line follows it
    text = (
        f"{LONG} The poet praised it. [7]\n\n"
        "[Footnote 7:\n\n     'And so the lamps burned on',\n"
        "     he wrote, 'through all the night.']\n          --Ode to the Harbour, 12]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    note = note_of(a, "praised it.")
    assert note is not None and note.endswith("--Ode to the Harbour, 12")
    assert body(a) == [f"{LONG} The poet praised it. [7]", LONG]
    assert not a.headings


def test_a_contents_page_set_out_like_the_chapters_gives_no_headings() -> None:
    # each entry is "CHAPTER N." over its title (and a page number), set
    # apart by blank lines just as the chapters themselves are
    contents = (
        "CONTENTS.\n\n\n"
        "CHAPTER I.\n                         PAGE\nOF THE HARBOUR              1\n\n\n"
        "CHAPTER II.\n\nOF THE MILLS AND\nTHEIR WORKERS               40\n\n\n"
        "CHAPTER III.\n\n     The Winter\n     The Relief Committee\n     The Thaw\n\n\n\n"
    )
    chapters = "".join(
        f"CHAPTER {n}.\n\n{title}\n\n\n{LONG} {LONG}\n\n{LONG}\n\n\n\n"
        for n, title in (("I", "OF THE HARBOUR."), ("II", "OF THE MILLS."), ("III", "THE WINTER."))
    )
    a = parse_text(PG_HEADER + contents + chapters + PG_FOOTER)
    assert [h.text for h in a.headings] == [
        "CHAPTER I: OF THE HARBOUR.",
        "CHAPTER II: OF THE MILLS.",
        "CHAPTER III: THE WINTER.",
    ]


def test_a_chapter_in_parts_keeps_the_heading_of_its_first_part() -> None:
    # "Chapter I: … Part I." then an "Introduction." heading at once, and later
    # "Chapter I: … Part II.": the same number, but not a contents entry
    text = (
        PG_HEADER
        + "Chapter I: Of The Harbour And Its Mills--Part I.\n\n\n\n"
        + "Introduction.\n\n"
        + f"{LONG} {LONG}\n\n{LONG}\n\n\n\n"
        + "Chapter I: Of The Harbour And Its Mills.--Part II.\n\n\n\n"
        + f"{LONG} {LONG}\n\n{LONG}"
        + PG_FOOTER
    )
    assert [h.text for h in parse_text(text).headings] == [
        "Chapter I: Of The Harbour And Its Mills--Part I.",
        "Introduction.",
        "Chapter I: Of The Harbour And Its Mills.--Part II.",
    ]


def test_a_title_page_goes_with_the_front_matter() -> None:
    page = (
        "       *       *       *\n\n\n"
        "                 TEN CENTS\n\n"
        "               THE HARBOUR\n\n"
        "           _By A. N. Author_\n\n"
        "        HARBOUR PRESS, PORTSMOUTH\n\n\n\n"
    )
    body = f"PREFACE\n\n\n{LONG} {LONG}\n\n{LONG}"
    a = parse_text(PG_HEADER + page + body + PG_FOOTER)
    assert a.paragraphs[0].text == "PREFACE" and a.paragraphs[0].kind == "heading"
    assert "TEN CENTS" in a.front_text and "HARBOUR PRESS, PORTSMOUTH" in a.front_text
    assert "TEN CENTS" not in a.plain_text


def test_prose_before_the_first_heading_stays_in_the_work() -> None:
    opening = f"A short line\n\n{LONG} The book opens here.\n\n\n\n"
    a = parse_text(PG_HEADER + opening + f"PREFACE\n\n\n{LONG}" + PG_FOOTER)
    assert a.paragraphs[0].text == "A short line"


def test_notes_after_the_last_chapter_each_a_wrapped_paragraph() -> None:
    # no heading over them: "[1] …" paragraphs of several lines, then a closing line
    text = (
        PG_HEADER
        + "CHAPTER I.\n\n\n"
        + LONG
        + " The harbour froze.[1]\n\n"
        + LONG
        + " The mills stopped.[2]\n\n\n\n"
        "[1] The harbour master's log, which\nrecords the ice for six weeks.\n\n"
        "[2] Two of the mills never opened\nagain, and a third was sold\nfor its stone.\n\n\n\n"
        "THE END.\n" + PG_FOOTER
    )
    a = parse_text(text)
    assert note_of(a, "froze.") == "The harbour master's log, which records the ice for six weeks."
    assert (
        note_of(a, "stopped.")
        == "Two of the mills never opened again, and a third was sold for its stone."
    )
    assert not any(t.startswith("[") for t in body(a))
    assert not a.missing and not a.unreferenced


def test_a_closing_transcribers_note_without_a_box_is_back_matter() -> None:
    text = (
        PG_HEADER + LONG + "\n\n" + LONG + " The last words of the work.\n\n\n"
        "       *     *     *     *     *\n\n\n"
        "Transcriber's note:\n\nThese misprints were put right:\n\n"
        "  Page | printed | corrected\n  12   | teh     | the\n" + PG_FOOTER
    )
    a = parse_text(text)
    assert body(a)[-1].endswith("The last words of the work.")
    assert "misprints" in a.back_text and "misprints" not in " ".join(body(a))


def test_book_and_chapter_numbers_over_a_long_argument_and_a_date_line() -> None:
    # "Book 2" / "Chapter 3" / the chapter's argument over three lines / its years
    chapter = (
        "Book 2\n\nChapter 3\n\n"
        "The Long Winter--Ice In The Harbour--The Mills Stop--\n"
        "A Committee Of Relief Is Formed--Its Meetings-\n"
        "The Thaw And What It Left\n\n1820--1821\n\n"
    )
    text = (
        PG_HEADER
        + "\n\n\n".join([f"PREFACE.\n\n{LONG}", chapter + f"{LONG}\n\n{LONG}"])
        + PG_FOOTER
    )
    a = parse_text(text)
    assert [h.text for h in a.headings] == [
        "PREFACE.",
        "Book 2, Chapter 3: The Long Winter--Ice In The Harbour--The Mills Stop-- "
        "A Committee Of Relief Is Formed--Its Meetings- The Thaw And What It Left",
    ]


def test_a_chapter_title_carrying_a_marker_still_joins_its_number() -> None:
    text = (
        PG_HEADER
        + "CHAPTER IV.\n\nTHE MILLS OF THE VALLEY[6]\n\n\n"
        + LONG
        + "\n\n"
        + LONG
        + "\n\n"
        "[6] A fuller account is in the author's earlier pamphlet.\n\n\n\n"
        "CHAPTER V.\n\nTHE THAW\n\n\n" + LONG + "\n" + PG_FOOTER
    )
    a = parse_text(text)
    assert [h.text for h in a.headings] == [
        "CHAPTER IV: THE MILLS OF THE VALLEY",
        "CHAPTER V: THE THAW",
    ]
    heading = a.paragraphs[a.headings[0].paragraph]
    (ref,) = heading.refs
    assert heading.text[ref.start : ref.end] == "[6]"
    assert note_of(a, "VALLEY") == "A fuller account is in the author's earlier pamphlet."


def test_numbered_essays_of_a_series_are_headings_with_their_titles() -> None:
    # "WATCHMAN No. 3" as the paper printed it, its title two or three blank lines below
    essays = "".join(
        f"WATCHMAN{dot} No. {n}\n\n{gap}{title}\n\nFor the Evening Post.\n\n\n\n"
        f"To the Readers of the Post:\n\n{LONG} {LONG}\n\n{LONG}\n\n\n\n"
        for n, dot, gap, title in (
            (1, ".", "\n", "Why These Letters"),
            (2, "", "\n\n", "The Same Subject Continued"),
        )
    )
    a = parse_text(PG_HEADER + essays + PG_FOOTER)
    assert [h.text for h in a.headings] == [
        "WATCHMAN. No. 1: Why These Letters",
        "WATCHMAN No. 2: The Same Subject Continued",
    ]


def test_producer_credits_and_notes_on_the_edition_are_front_matter() -> None:
    header = PG_HEADER.replace(
        "*** START OF THIS PROJECT GUTENBERG EBOOK AN INVENTED BOOK ***",
        "***START OF THE PROJECT GUTENBERG EBOOK AN INVENTED BOOK, BEING A\nTEST OF LONG LINES***",
    ).replace("Produced by Some Volunteers", "E-text prepared by Some Volunteers")
    edition = (
        "Transcribed from the 1901 Harbour Press edition by A. Volunteer, email\n"
        "volunteer@example.org\n\n"
        "Note: Project Gutenberg also has an HTML version of this\n      file.\n\n\n\n"
    )
    a = parse_text(header + edition + "PREFACE.\n\n" + LONG + "\n\n" + LONG + PG_FOOTER)
    assert body(a)[0] == "PREFACE."
    for words in ("TEST OF LONG LINES", "E-text prepared", "Harbour Press", "HTML version"):
        assert words in a.front_text, words


def test_a_notes_second_paragraph_left_outside_its_brackets_stays_with_it() -> None:
    # the first paragraph closes the bracket; the second ends with a stray "]"
    text = (
        f"{LONG} The flood came at night. [8] The town woke late. [9]\n\n"
        "[Footnote 8: The parish register gives the hour.]\n\n"
        "A second account, kept by the miller, puts it\n"
        "an hour later and adds the height of the water.]\n\n"
        "[Footnote 9: So the constable wrote.]\n\n"
        f"{LONG}\n"
    )
    a = parse(text)
    note = note_of(a, "at night.")
    assert note is not None and note.split("\n") == [
        "The parish register gives the hour.",
        "A second account, kept by the miller, puts it an hour later"
        " and adds the height of the water.",
    ]
    assert body(a) == [f"{LONG} The flood came at night. [8] The town woke late. [9]", LONG]


def test_a_typists_credit_is_front_matter() -> None:
    header = PG_HEADER.replace("Produced by Some Volunteers", "Typed by A. Volunteer.")
    a = parse_text(header + "PREFACE.\n\n" + LONG + "\n\n" + LONG + PG_FOOTER)
    assert body(a)[0] == "PREFACE." and "Typed by" in a.front_text


def test_a_signature_closing_each_essay_is_not_a_heading() -> None:
    essays = "".join(
        f"WATCHMAN No. {n}\n\n{title}\n\n\n\n{LONG} {LONG}\n\n{LONG}\n\n\nVIGIL.\n\n"
        "1 The printer regrets that this number, held back by the frost, reached\n"
        "its readers a week after the day it bears.\n\n\n\n\n"
        for n, title in ((1, "Why These Letters"), (2, "Of the Harbour"), (3, "Of the Mills"))
    )
    a = parse_text(PG_HEADER + essays + PG_FOOTER)
    assert [h.text for h in a.headings] == [
        "WATCHMAN No. 1: Why These Letters",
        "WATCHMAN No. 2: Of the Harbour",
        "WATCHMAN No. 3: Of the Mills",
    ]


def test_a_chapter_number_over_a_long_argument_takes_it_as_its_title() -> None:
    chapter = (
        "Chapter 4\n\n"
        "The Committee Meets Again--Its Quarrels Over The Relief Fund--The Mill\n"
        "Owners Refuse--A Petition To The Council--The Council Divides--\n"
        "The Vote And Its Consequences For The Harbour Town\n\n"
    )
    text = PG_HEADER + f"PREFACE.\n\n{LONG}\n\n\n" + chapter + f"{LONG}\n\n{LONG}" + PG_FOOTER
    a = parse_text(text)
    assert [h.text for h in a.headings][1].startswith("Chapter 4: The Committee Meets Again--")
    assert len(a.headings) == 2


def test_a_numbered_essay_over_its_paper_date_and_author_lines_is_a_heading() -> None:
    essays = "".join(
        f"WATCHMAN No. {n}\n\n{title}\n\nand Considered\n\nFrom the Evening Post.\n\n"
        f"Friday, March {n}, 1820.\n\n\n\nGRAY\n\n\nTo the Readers of the Post:\n\n"
        f"{LONG} {LONG}\n\n{LONG}\n\n\n\n"
        for n, title in ((1, "The Harbour Dues Examined"), (2, "The Mill Leases Examined"))
    )
    a = parse_text(PG_HEADER + essays + PG_FOOTER)
    assert [h.text for h in a.headings] == [
        "WATCHMAN No. 1: The Harbour Dues Examined",
        "WATCHMAN No. 2: The Mill Leases Examined",
    ]


def test_a_stretch_typed_double_spaced_reads_as_its_paragraphs() -> None:
    lines = [
        "The harbour committee met on the first of the month, and the",
        "members heard the report of the master on the state of the ice,",
        "which had closed the channel again.",
        "It was agreed that the mills should be asked for a loan.",
        "The mill owners answered within the week, and their letter was",
        "read aloud at the next meeting of the whole committee.",
    ]
    contents = "CONTENTS\n\nTHE HARBOUR IN WINTER: ice, channel, loans\n\n" + (
        "THE MILLS AND THEIR OWNERS: leases, rents\n\nTHE COMMITTEE: members, minutes\n\n"
    )
    wrapped = (
        "The minutes of that winter were kept in a plain hand\nthat later readers came to value."
    )
    a = parse(f"{wrapped}\n\n" + "\n\n".join(lines) + f"\n\n{wrapped}\n\n\n" + contents)
    assert body(a)[1:3] == [" ".join(lines[:3]), " ".join(lines[3:])]
    assert "THE COMMITTEE: members, minutes" in body(a)  # a list stays one line a paragraph
