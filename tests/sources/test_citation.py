"""One note's text read as the works it cites (every note here is our own)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.sources import read_citations


def test_the_issues_terse_press_style_note() -> None:
    (c,) = read_citations(
        "K Marx 'The civil war in France' First International and after, "
        "political writings Vol 3, London 1974, p233."
    )
    assert [(a.literal, a.given, a.family) for a in c.authors] == [("K Marx", "K", "Marx")]
    assert c.title == "The civil war in France"
    assert c.container == "First International and after, political writings"
    assert (c.volume, c.place, c.year, c.locator) == ("3", "London", 1974, "233")
    assert c.kind == "chapter"


@pytest.mark.parametrize(
    ("note", "kind", "families", "title", "year", "locator"),
    [
        # Chicago: publication in brackets, the page after them
        (
            "E. P. Thompson, The Making of the English Working Class (London: Gollancz, 1963), 9.",
            "book",
            ["Thompson"],
            "The Making of the English Working Class",
            1963,
            "9",
        ),
        # a journal article: volume, issue, year in brackets, pages after a colon
        (
            'R. Gould, "Multiple Networks in the Commune," American Sociological Review 56, '
            "no. 6 (1991): 716–29.",
            "article",
            ["Gould"],
            "Multiple Networks in the Commune",
            1991,
            "716–29",
        ),
        # press style, no commas, a year inside the title and a place not listed
        (
            "S Marlow The Lyon rising 1834 Market Harborough 1981, p12.",
            "book",
            ["Marlow"],
            "The Lyon rising 1834",
            1981,
            "12",
        ),
        # two authors by initials, a title that starts with a person's name
        (
            "A Brown and C Dene Karl Marx and the Chartists: a study London 1960, p4.",
            "book",
            ["Brown", "Dene"],
            "Karl Marx and the Chartists: a study",
            1960,
            "4",
        ),
        # a newspaper article with a date
        (
            "J Penn, 'Notes on the strike' Weekly Worker May 5 2011.",
            "article",
            ["Penn"],
            "Notes on the strike",
            2011,
            None,
        ),
        # commentary before "see"
        (
            "On the councils of 1905, see O. Marten, The Councils, New York: Pantheon, 1974, "
            "p. 40.",
            "book",
            ["Marten"],
            "The Councils",
            1974,
            "40",
        ),
        # Markdown italics, a chapter in a collection
        (
            "K. Marx, 'An Address' (1864), in K. Marx and F. Engels, *Collected Works*, vol. 20, "
            "London: Lawrence & Wishart.",
            "chapter",
            ["Marx"],
            "An Address",
            1864,
            None,
        ),
        # surname first, full stops between the parts
        (
            "Braverman, Harry. Labor and Monopoly Capital. New York: Monthly Review Press, 1974.",
            "book",
            ["Braverman"],
            "Labor and Monopoly Capital",
            1974,
            None,
        ),
        # particles and suffixes in names
        (
            "W. E. B. Du Bois, Black Reconstruction, New York: Harcourt, 1935, p. 7.",
            "book",
            ["Du Bois"],
            "Black Reconstruction",
            1935,
            "7",
        ),
        (
            "Alexis de Tocqueville, The Old Regime, Paris, 1856, p. 3.",
            "book",
            ["de Tocqueville"],
            "The Old Regime",
            1856,
            "3",
        ),
        # an organisation as author
        (
            "Dutch Safety Board, Crash of a flight, The Hague, 2015.",
            "book",
            ["Dutch Safety Board"],
            "Crash of a flight",
            2015,
            None,
        ),
        # archive and interview
        (
            "Minutes of the Executive, 14 May 1926, Modern Records Centre, MSS.292/20/1.",
            "archive",
            [],
            "Minutes of the Executive",
            1926,
            None,
        ),
        (
            "Interview with Maria Kowal, Gdańsk, 12 August 2010.",
            "interview",
            ["Kowal"],
            None,
            2010,
            None,
        ),
    ],
)
def test_styles(
    note: str,
    kind: str,
    families: list[str],
    title: str | None,
    year: int | None,
    locator: str | None,
) -> None:
    (c,) = read_citations(note)
    assert (c.kind, list(c.families), c.title, c.year, c.locator) == (
        kind,
        families,
        title,
        year,
        locator,
    )


def test_url_only_note_is_a_web_page_per_url() -> None:
    found = read_citations("http://a.example/one, http://b.example/two")
    assert [(c.kind, c.url) for c in found] == [
        ("web page", "http://a.example/one"),
        ("web page", "http://b.example/two"),
    ]


def test_several_works_in_one_note_and_commentary_dropped() -> None:
    found = read_citations(
        "The figures are disputed. See A. Smith, Red Town, Cambridge: CUP, 1983, p. 10; "
        "and D. Mandel, The Workers, London: Macmillan, 1983, pp. 22–4. Mandel is more cautious."
    )
    assert [(c.families, c.title, c.locator) for c in found] == [
        (("Smith",), "Red Town", "10"),
        (("Mandel",), "The Workers", "22–4"),
    ]


def test_a_title_with_a_quoted_url_and_my_article() -> None:
    (page, article) = read_citations(
        "http://news.example/item-242. See my article, “Workers on the situation”, "
        "http://blog.example/workers"
    )
    assert page.kind == "web page" and page.title is None
    assert article.title == "Workers on the situation"
    assert article.url == "http://blog.example/workers" and article.authors == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "The term was used loosely at the time, for any strike that spread beyond one trade.",
        "The Black Hundreds were armed monarchist bands active after the revolution of 1905.",
    ],
)
def test_sentences_that_cite_nothing(sentence: str) -> None:
    assert read_citations(sentence) == ()


def test_any_text_reads_without_error() -> None:
    for text in ["", "   ", "(", "‘", "p. 4", "1999", "Ibid.", "[1] [2]", "K", "a, b; c. d"]:
        read_citations(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Kk Mm.,;:'‘’“”\"()[]*_pP123 19 2007 and in See ibid op cit http://x.y/z -–")
        )
    )
)
def test_random_notes_never_raise(text: str) -> None:
    read_citations.__wrapped__(text)


@pytest.mark.parametrize(
    ("note", "family", "locator"),
    [
        ("Herodian, l. i. p. 12.", "Herodian", "l. i, p. 12"),
        ("Brehm, iv. 567.", "Brehm", "iv. 567"),
        ("Zosimus, l. ii., c. 22, &c.", "Zosimus", "l. ii., c. 22"),
    ],
)
def test_old_books_references_by_book_and_chapter(note: str, family: str, locator: str) -> None:
    (c,) = read_citations(note)
    assert (c.families, c.title, c.locator) == ((family,), None, locator)


@pytest.mark.parametrize(
    "sentence",
    [
        "where many facts of parental and filial love are quoted, 1902.",
        "The county had a total area of some two hundred thousand acres of which more than "
        "half were commonable meadows and open fields in 1800.",
    ],
)
def test_commentary_is_not_a_title(sentence: str) -> None:
    assert read_citations(sentence) == ()
