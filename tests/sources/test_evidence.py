"""A note is a citation only on evidence: comment, dialogue, numbers and lists
of names cite nothing; a citation at the end of a comment is that tail. Every
note here is our own, written in the manner of nineteenth-century books."""

from __future__ import annotations

import pytest

from reader.core.parse import parse_text
from reader.core.sources import read_citations, read_notes, works_of
from reader.core.sources.export import place_line
from reader.core.sources.model import Place


@pytest.mark.parametrize(
    "note",
    [
        # dialogue
        '"Where is your order?" asked the sergeant. "In my pocket," answered the captain.',
        '"Remember," said he to the delegates, "that the city was promised to us twice."',
        '"Hold," cried the officer, "until the second column is up."',
        # explanatory notes
        'Mr. Holloway here uses the word "faction" in its older sense of a party.',
        "Mr. Holloway, with whom I travelled for some weeks, confirmed the figure himself.",
        "Minister of Marine from 1869, he was in 1874 removed from office by the Assembly.",
        "Not the first Republic of 1792 to 1804, but the second of 1848 to 1852.",
        "Even in the month of March 1872 a second ship left for the islands with 400 men.",
        # numbers in prose, lists of names
        "Of the four hundred sent away, 112 had from 10,000 to 20,000 francs, Dumas 12,400.",
        "Lemaire, Boucher, Tavernier (2nd arrondissement); Gaudin, Pellerin (5th).",
        "A. Lemaire, B. Boucher (9th, Opéra).",
        # a quotation whose dash leads to a speaker, not a work
        '"Burn the registers! I have heard it said by the most sober men."—Jules Arnaud.',
        # a cross-reference inside the book
        "_See Appendix._",
    ],
)
def test_comment_dialogue_numbers_and_names_cite_nothing(note: str) -> None:
    assert read_citations(note) == ()


@pytest.mark.parametrize(
    ("note", "title", "locator"),
    [
        (
            'The mayor, Barrault, admits it: "Had the troops marched, nothing would have '
            'stood in their way."—Enquête sur les journées de juin, vol. i. p. 212.',
            "Enquête sur les journées de juin",
            "vol. i, p. 212",
        ),
        (
            '"I will not sign what I have not read."--Mémoires du général Hautpoul, p. 144.',
            "Mémoires du général Hautpoul",
            "144",
        ),
        (
            "See the statement of Colonel Marchais, who led the column. Rapport sur les "
            "comités de quartier, vol. ii. p. 97-99.",
            "Rapport sur les comités de quartier",
            "vol. ii, p. 97-99",
        ),
        (
            "They kept no register, lest it be said they sat as a council (Rapport sur les "
            "comités de quartier, vol. ii. p. 301). A handful met in a back room.",
            "Rapport sur les comités de quartier",
            "vol. ii, p. 301",
        ),
        (
            "Marchais, with his usual confidence, counted 9,000 men there. Rapport sur les "
            "comités de quartier, vol. iii. p. 12.",
            "Rapport sur les comités de quartier",
            "vol. iii, p. 12",
        ),
        ("[ Varro, Res Rusticae, l. ii. p. 40.]", "Res Rusticae", "l. ii, p. 40"),
    ],
)
def test_a_citation_at_the_end_of_a_comment_is_that_tail(
    note: str, title: str, locator: str
) -> None:
    (c,) = read_citations(note)
    assert (c.title, c.locator) == (title, locator)


def test_a_speaker_and_a_title_after_a_quotation() -> None:
    note = '"Twelve hours were needed to bring up the guns."—M. Daru, Souvenirs du siège.'
    (c,) = read_citations(note)
    assert (c.families, c.title) == (("Daru",), "Souvenirs du siège")


def test_a_name_and_a_book_after_in_his() -> None:
    (c,) = read_citations("Mr. Ashdown, in his Journal of a Tour in the Northern Counties, p. 60.")
    assert (c.families, c.title, c.locator) == (
        ("Ashdown",),
        "Journal of a Tour in the Northern Counties",
        "60",
    )


def test_a_comment_after_a_title_is_not_part_of_it() -> None:
    (c,) = read_citations("Jules Arnaud, Souvenirs de l'exil. His very words.")
    assert (c.families, c.title) == (("Arnaud",), "Souvenirs de l'exil")


def test_glosses_are_said_to_cite_nothing_in_a_text() -> None:
    source = (
        "A claim.[1] Another.[2]\n\nNotes\n\n"
        '[1] "Remember," said he to the delegates, "that we were promised the city."\n'
        "[2] Rapport sur les comités de quartier, vol. i. p. 9.\n"
    )
    first, second = read_notes(parse_text(source, text_id="t"))
    assert first.gloss and first.citations == ()
    assert not second.gloss and second.citations[0].title == "Rapport sur les comités de quartier"
    (work,) = works_of(parse_text(source, text_id="t"))
    assert work.citation.title == "Rapport sur les comités de quartier"


@pytest.mark.parametrize(
    ("locator", "shown"),
    [
        ("vol. i, p. 258", "note 1, vol. i, p. 258"),
        ("v, p. 271", "note 1, v, p. 271"),
        ("ii. 254", "note 1, ii. 254"),
        ("12", "note 1, p. 12"),
        ("xiv", "note 1, p. xiv"),
    ],
)
def test_a_locator_with_its_own_units_is_printed_once(locator: str, shown: str) -> None:
    place = Place(text="t", note="1", paragraph=None, locator=locator)
    assert place_line(place, with_text=False) == shown


@pytest.mark.parametrize(
    ("note", "container", "year"),
    [
        ("Northern Courier, April 9th.", "Northern Courier", None),
        ("See Evening Chronicle, Nov. 3rd, 1851.", "Evening Chronicle", 1851),
        ("Courier, Oct. 12th, 1850.", "Courier", 1850),
    ],
)
def test_a_newspaper_by_its_day(note: str, container: str, year: int | None) -> None:
    (c,) = read_citations(note)
    assert (c.families, c.title, c.container, c.year) == ((), None, container, year)


def test_a_possessive_author_before_a_quoted_title() -> None:
    (c,) = read_citations('See Hallam\'s "Annals of the Border Towns," vol. ii. p. 30.')
    assert (c.families, c.title, c.locator, c.kind) == (
        ("Hallam",),
        "Annals of the Border Towns",
        "vol. ii, p. 30",
        "book",
    )


def test_a_work_named_after_a_comment_in_his() -> None:
    note = (
        "Cited by Mr. Pell from the evidence of the mill inspectors, in his "
        '"Account of the Weaving Districts." Leeds, 1839.'
    )
    (c,) = read_citations(note)
    assert (c.families, c.title, c.place, c.year) == (
        ("Pell",),
        "Account of the Weaving Districts",
        "Leeds",
        1839,
    )


@pytest.mark.parametrize(
    "note",
    [
        "Mr. Pell in a paper read before the Statistical Society. May, 1850, in Leeds.",
        "A famous passage of Hallam's, in his chapter on the guilds (London, 1861).",
    ],
)
def test_a_place_or_a_month_is_no_title(note: str) -> None:
    assert all(c.title not in ("May", "London", "Leeds") for c in read_citations(note))


def test_an_editors_initial_is_no_work() -> None:
    assert read_citations("The figure is surely too high; the harvests were poor.—R. 1851.") == ()
    (c,) = read_citations(
        "The older reading is better.—R. Compare also Lindqvist, Annales des vallées "
        "alpines, l. ii. c. iv.—R. 1851."
    )
    assert (c.families, c.title, c.locator) == (
        ("Lindqvist",),
        "Annales des vallées alpines",
        "l. ii. c. iv",
    )


def test_an_editors_note_and_its_compare() -> None:
    note = "* Note: On the size of the garrison, compare Lindqvist, Annales des vallées, p. 45."
    (c,) = read_citations(note)
    assert (c.families, c.title, c.locator) == (("Lindqvist",), "Annales des vallées", "45")
    assert read_citations('"The sale of the commons," he says, "was the ruin of the farmer."') == ()


def test_references_run_together_as_older_books_write_them() -> None:
    found = read_citations("Orosius, iv. 12. Marcus Varro, l. iii. p. 40. Brehm, iv. 567.")
    assert [(c.families, c.locator) for c in found] == [
        (("Orosius",), "iv. 12"),
        (("Varro",), "l. iii, p. 40"),
        (("Brehm",), "iv. 567"),
    ]
    (c,) = read_citations("The Augustan History, p. 5.")
    assert (c.families, c.title) == ((), "The Augustan History")


def test_an_abbreviated_title_after_a_comment() -> None:
    (c,) = read_citations("The rule was softened a few years later. Chron. Gall. p. 14.")
    assert (c.families, c.title, c.locator) == ((), "Chron. Gall", "14")
