"""Notes read in context (back-references, short forms) and grouped into works."""

from __future__ import annotations

from pathlib import Path

from reader.core.parse import parse_file, parse_text
from reader.core.sources import cited_in, citing_places, group, read_notes, works_of
from tests.conftest import ROOT


def _article(notes: list[str], text_id: str = "t") -> object:
    body = [f"Paragraph {i} says something.[{i}]\n" for i in range(1, len(notes) + 1)]
    lines = [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return parse_text(
        "A title\n\n" + "\n".join(body) + "\nNotes\n\n" + "\n".join(lines) + "\n", text_id=text_id
    )


def test_back_references_take_the_work_and_keep_their_own_page() -> None:
    article = _article(
        [
            "J Doe The long strike London 1990, p10.",
            "Ibid p12.",
            "Ibid.",
            "R Roe, 'A reply' Weekly Worker June 3 2001.",
            "J Doe, op cit p40.",
            "Doe, The long strike, 44.",
        ]
    )
    readings = read_notes(article)  # type: ignore[arg-type]
    pages = [(r.label, r.citations[0].title, r.citations[0].locator) for r in readings]
    assert pages == [
        ("1", "The long strike", "10"),
        ("2", "The long strike", "12"),
        ("3", "The long strike", "12"),  # Ibid. with no page: the page just cited
        ("4", "A reply", None),
        ("5", "The long strike", "40"),
        ("6", "The long strike", "44"),  # a short form finds its full citation
    ]
    assert readings[1].via == "1"
    works = works_of(article)  # type: ignore[arg-type]
    assert [(w.id, [p.note for p in w.places]) for w in works] == [
        ("doe1990long", ["1", "2", "3", "5", "6"]),
        ("roe2001reply", ["4"]),
    ]


def test_an_ibid_after_a_missing_note_has_no_work() -> None:
    article = parse_text(
        "T\n\nOne.[1] Two.[2] Three.[3]\n\n[1] J Doe The long strike London 1990, p10.\n[3] Ibid.\n"
    )
    (first, ibid) = read_notes(article)
    assert first.citations and not ibid.citations and not ibid.gloss


def test_glosses_cite_nothing() -> None:
    article = _article(
        ["Jean Martin (1801–1870) was a printer who led the first union of his trade in the city."]
    )
    (reading,) = read_notes(article)  # type: ignore[arg-type]
    assert reading.gloss and reading.citations == ()


def test_works_are_matched_across_texts_loosely() -> None:
    a = _article(
        [
            "H. Collins and C. Abramsky, *Karl Marx and the Labour Movement: Years of the "
            "International*, London: Macmillan, 1965."
        ],
        "a",
    )
    b = _article(
        ["H Collins and C Abramsky Karl Marx and the labour movement London 1965, p200."], "b"
    )
    c = _article(["Henry Collins, ‘Karl Marx and the Labour Movement’, London, 1965."], "c")
    d = _article(["H Collins The labour movement and Marx London 1970."], "d")
    works = group([*cited_in(a), *cited_in(b), *cited_in(c), *cited_in(d)])  # type: ignore[arg-type]
    assert [w.texts for w in works] == [["a", "b", "c"], ["d"]]
    assert (
        works[0].citation.title == "Karl Marx and the Labour Movement: Years of the International"
    )


def test_the_same_url_is_one_work() -> None:
    a = _article(["https://www.example.org/a/", "http://example.org/a", "https://example.org/b"])
    works = works_of(a)  # type: ignore[arg-type]
    assert sorted(len(w.places) for w in works) == [1, 2]


def test_citing_places_maps_each_note_to_its_paragraphs() -> None:
    # "T" is the title: a paragraph ending in a marker is a real paragraph
    article = parse_text("T\n\nOne.[1]\n\nTwo.[2] Again.[1]\n\n[1] A.\n[2] B.\n")
    assert article.meta.title == "T"
    assert citing_places(article) == {0: [0, 1], 1: [1]}


def test_seed_000_every_note_right(seed_000: Path) -> None:
    article = parse_file(seed_000)
    readings = read_notes(article)
    got = [
        (r.label, [a.family for a in c.authors], c.year, c.locator)
        for r in readings
        for c in r.citations
    ]
    assert got == [
        ("1", ["Edwards"], 1972, "341"),
        ("2", ["Marx"], 1974, "233"),
        ("3", ["Kautsky"], 2011, None),
        ("4", ["Marx"], 1974, "185-86"),
        ("5", ["Marx"], 1936, "125"),
        ("6", ["Marx"], 1974, None),
        ("7", ["Draper"], 1986, "298-301"),
        ("8", ["Collins", "Abramsky"], 1965, "200"),
        ("9", ["Nimtz"], 2000, "220"),
        ("10", ["Marx"], 1974, "212"),
    ]
    titles = [r.citations[0].title for r in readings]
    assert titles[0] == "The Paris Commune 1871"
    assert (
        titles[7] == "Karl Marx and the British labour movement: years of the First International"
    )
    assert readings[1].citations[0].container == "First International and after, political writings"
    assert [r.citations[0].place for r in readings[:2]] == ["Newton Abbott", "London"]
    works = works_of(article)
    assert len(works) == 8
    (civil_war,) = [w for w in works if len(w.places) > 1]
    assert [p.note for p in civil_war.places] == ["2", "6", "10"]


def test_seed_002_urls_ibids_and_glosses(seed_002: Path) -> None:
    readings = {r.label: r for r in read_notes(parse_file(seed_002))}
    assert [c.kind for c in readings["1"].citations] == ["web page"] * 3
    assert readings["2"].citations[0].families == ("Kagarlitsky",)
    assert readings["2"].citations[0].publisher == "Pluto Press"
    for label in ("10", "11", "12", "29", "35"):  # Ibid. after a note missing from the copy
        assert readings[label].citations == ()
    for label in ("19", "21", "32"):
        assert readings[label].gloss and readings[label].citations == ()
    assert [c.kind for c in readings["13"].citations] == ["web page", "web page"]


def test_bundled_library_works() -> None:
    found = {}
    for path in sorted((ROOT / "texts").glob("*.*")):
        if path.suffix in (".txt", ".md"):
            found[path.stem] = [w.id for w in works_of(parse_file(path))]
    assert found["first-international"][0] == "collins1965karl"
    assert "lissagaray1886history" in found["paris-commune-1871"]
    assert found["how-to-read-with-reader"][0] == "grafton1997footnote"


def test_references_by_author_and_book_are_one_work() -> None:
    article = _article(["Zosimus, l. i. p. 19.", "Herodian, l. iii.", "Zosimus, l. ii. p. 40."])
    works = works_of(article)  # type: ignore[arg-type]
    assert [(w.id, [p.locator for p in w.places]) for w in works] == [
        ("zosimus", ["l. i, p. 19", "l. ii, p. 40"]),
        ("herodian", ["l. iii"]),
    ]


def test_an_op_cit_inside_a_full_citation_takes_its_work() -> None:
    article = _article(
        [
            "E. Wills, Sugar and Slaves, Leeds: North Press, 1944, p. 52.",
            "R. Black, The Overthrow, London: Verso, 1988, p. 161; Wills, op. cit., p. 60.",
        ]
    )
    (_, second) = read_notes(article)  # type: ignore[arg-type]
    assert [(c.families, c.title, c.locator) for c in second.citations] == [
        (("Black",), "The Overthrow", "161"),
        (("Wills",), "Sugar and Slaves", "60"),
    ]
