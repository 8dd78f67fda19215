"""Mentions over a whole article, the pane's items, suggestions, search documents."""

from __future__ import annotations

import time

from reader.core.glossary import (
    Glossary,
    annotate,
    glossary_documents,
    note_mentions,
    pane_items,
    suggest,
)
from reader.core.model import Note

from .conftest import entry, make_article


def article_with_notes():
    return make_article(
        [
            ("heading", "Karl Marx and the Commune"),
            "Marx wrote to Kugelmann.[1]",
            "Then Eleanor Marx spoke.",
            "Marx replied; the ataman Anhel [2] and the Marquis de Plœuc.",
            "Links printed it; Marx and Marx again.",
        ],
        notes=[
            Note("1", "K Marx, Letters, London 1936, p 1.", kind="citation"),
            Note(
                "2", "Yevhen Anhel (1897-1919) led an independent band; see Petliura.", kind="gloss"
            ),
        ],
        refs={1: ["1"], 3: ["2"]},
    )


def test_annotate_fills_every_block_and_carries_state(people):
    article = article_with_notes()
    notes = annotate(article, people)
    p = article.paragraphs
    assert [(m.entry, p[0].text[m.start : m.end]) for m in p[0].mentions] == [
        ("Karl Marx", "Karl Marx")
    ]
    # paragraph 1: Karl was named in full in the heading, so the bare surname is his
    assert [m.entry for m in p[1].mentions] == ["Karl Marx"]
    # paragraph 3 comes after "Eleanor Marx" in paragraph 2
    assert [m.entry for m in p[3].mentions][0] == "Eleanor Marx"
    assert {m.entry for m in p[3].mentions} == {"Eleanor Marx", "Marquis de Plœuc"}
    for para in p:
        for m in para.mentions:
            assert para.text[m.start : m.end]  # offsets are paragraph-relative
            assert (
                article.plain_text[para.start + m.start : para.start + m.end]
                == para.text[m.start : m.end]
            )
    assert [(m.entry, "K Marx") for m in notes["1"]] == [("Karl Marx", "K Marx")]
    assert notes["2"] == []
    assert note_mentions(article, people) is notes


def test_annotate_again_replaces_old_mentions(people):
    article = article_with_notes()
    annotate(article, people)
    annotate(article, people)
    assert len(article.paragraphs[1].mentions) == 1
    other = Glossary([entry(["Kugelmann", "Louis"][0] + " Kugelmann")])
    annotate(article, other)
    assert [m.entry for m in article.paragraphs[1].mentions] == [
        "Kugelmann Kugelmann"
    ] or article.paragraphs[0].mentions == []


def test_pane_items_entries_in_order_then_gloss_notes(people):
    article = article_with_notes()
    items = pane_items(article, 3, people)  # annotates on first use
    assert [(i.name, i.kind) for i in items] == [
        ("Eleanor Marx", "person"),
        ("Marquis de Plœuc", "person"),
        ("Note 2", "note"),
    ]
    assert items[0].dates == "1855–1898" and items[0].summary.startswith("A test entry")
    assert items[2].label == "2" and items[2].summary.startswith("Yevhen Anhel")
    # the citation note of paragraph 1 is not a gloss: not in the pane
    assert [i.kind for i in pane_items(article, 1, people)] == ["person"]
    assert pane_items(article, 99, people) == []


def test_pane_items_deduplicates_and_flags_ambiguity(people):
    article = make_article(["Marx and Marx, then Links and Marx."])
    items = pane_items(article, 0, people)
    assert [i.name for i in items] == ["Karl Marx", "Eleanor Marx", "Links"]
    assert items[0].ambiguous and items[1].ambiguous and not items[2].ambiguous


def test_pane_items_is_fast(people):
    article = make_article(["Karl Marx and Links. " * 40] * 200)
    annotate(article, people)
    t = time.perf_counter()
    for _ in range(100):
        pane_items(article, 100, people)
    assert (time.perf_counter() - t) / 100 < 0.005  # generous: the bench measures ~20 µs


def test_suggest_ranks_unknown_names_with_their_gloss_notes():
    g = Glossary([entry("Karl Marx")])
    article = make_article(
        [
            "The Tenants League met in May. Karl Marx wrote about the Tenants League.",
            "Later the Tenants League and Louise Michel spoke; Bank of France paid.",
            "Michel's speech was long. The ataman Anhel [19] fought.",
            "In June, Monday meetings of the Bank of France went on. Nobody knew.",
        ],
        notes=[
            Note("19", "Yevhen Anhel led a band, refusing Symon Petliura.", kind="gloss"),
            Note("20", "Citation Person, A Book, London 1999.", kind="citation"),
        ],
        refs={2: ["19"]},
    )
    found = {s.name: s for s in suggest(article, g)}
    names = list(found)
    assert names[0] == "Tenants League" and found["Tenants League"].count == 3
    assert found["Bank of France"].count == 2
    assert "Karl Marx" not in found and "Marx" not in found
    # the bare surname counts for the full name (here only in the gloss note)
    assert "Anhel" not in found and found["Yevhen Anhel"].count == 2
    assert found["Yevhen Anhel"].notes == ("19",) and found["Symon Petliura"].notes == ("19",)
    assert found["Yevhen Anhel"].paragraph == 2
    assert "Michel" not in found and found["Louise Michel"].count == 2  # possessive stripped
    for common in ("The", "Later", "In", "May", "June", "Monday", "Nobody", "Citation Person"):
        assert common not in found
    assert found["Tenants League"].paragraph == 0


def test_suggest_only_merges_a_bare_word_into_a_full_name_seen_first():
    article = make_article(
        ["Troops came from Russia and Russia again.", "They dreamt of Great Russia."]
    )
    found = {s.name: s.count for s in suggest(article, Glossary())}
    assert found == {"Russia": 2, "Great Russia": 1}


def test_suggest_knows_where_sentences_start():
    article = make_article(
        [
            "He said: \u201cSooner or later the Kremlin will pay.\u201d Is the Kremlin ready?",
            "The Kremlin waited.",
        ]
    )
    found = {s.name: s.count for s in suggest(article, Glossary())}
    assert found == {"Kremlin": 3}


def test_glossary_documents_for_the_search_index(people):
    docs = glossary_documents(people)
    assert len(docs) == len(people)
    links = next(d for d in docs if d["name"] == "Links")
    assert links["kind"] == "publication"
    assert links["aliases"] == "Links - International Journal of Social Renewal"
    assert set(links) >= {"name", "kind", "aliases", "dates", "summary"}
    assert all(isinstance(v, str) for d in docs for v in d.values())


def test_names_inside_urls_are_not_mentions() -> None:
    from reader.core.glossary import Entry, Glossary
    from reader.core.parse import parse_text

    glossary = Glossary([Entry(name="Links", kind="publication", aliases=("links.org.au",))])
    article = parse_text(
        "The journal Links printed it.[1] A long enough paragraph to be real.\n\n"
        "[1] http://links.org.au/node/3838\n[2] Links, an article, 2014.\n"
    )
    notes = annotate(article, glossary)
    assert [m.entry for m in article.paragraphs[0].mentions] == ["Links"]
    assert notes["1"] == []


def test_a_shared_name_goes_to_the_entry_that_fits_the_text() -> None:
    from reader.core.glossary import Entry, Glossary
    from reader.core.parse import parse_text

    glossary = Glossary(
        [
            Entry(
                name="Town Guard",
                kind="organisation",
                dates="1789–1871",
                summary="An old militia.",
                aliases=("Guard",),
            ),
            Entry(
                name="River Guard",
                kind="organisation",
                aliases=("Guard",),
                summary="A force raised in 2014.",
                see_also=("River War",),
            ),
            Entry(name="River War", kind="event", summary="A war of 2014."),
        ]
    )
    text = "Dispatch\n\n03.03.2016\n\nThe Guard moved north that spring; nobody asked why.\n"
    article = parse_text(text)
    annotate(article, glossary)
    # 2016 is long after 1871: the old militia does not fit, the other does
    assert [m.entry for m in article.paragraphs[0].mentions] == ["River Guard"]
    old = parse_text("Dispatch\n\n03.03.1848\n\nThe Guard moved north that spring.\n")
    annotate(old, glossary)
    assert [m.entry for m in old.paragraphs[0].mentions] == ["Town Guard"]
    # no date: the related entry already named decides
    named = parse_text("Notes\n\nThe River War began. The Guard moved north.\n")
    annotate(named, glossary)
    assert [m.entry for m in named.paragraphs[0].mentions] == ["River War", "River Guard"]


def test_an_entry_can_opt_out_of_its_bare_surname() -> None:
    from reader.core.glossary import Entry, Glossary
    from reader.core.parse import parse_text

    glossary = Glossary(
        [Entry(name="Ada Plume", kind="person", summary="A writer.", surname=False)]
    )
    article = parse_text("Notes\n\nPlume wrote little. Ada Plume wrote more; A. Plume too.\n")
    annotate(article, glossary)
    found = [article.paragraphs[0].text[m.start : m.end] for m in article.paragraphs[0].mentions]
    assert found == ["Ada Plume", "A. Plume"]
    assert "surname" in Entry(name="X", kind="person", surname=False).to_table()


def test_a_gloss_note_in_the_pane_is_the_one_its_marker_means() -> None:
    from reader.core.glossary import Glossary
    from reader.core.parse import parse_text

    long = "The paragraph is long enough to be a paragraph of a book in its own right."
    gloss = "was a society of weavers who met in the back room of an inn for many years."
    text = (
        f"A Book\n\n\n\nCHAPTER I.\n\n{long} One.[1]\n\n"
        f"[Footnote 1: The Loom Club {gloss}]\n\n"
        f"\n\n\nCHAPTER II.\n\n{long} Two.[1]\n\n"
        f"[Footnote 1: The Shuttle Club {gloss}]\n"
    )
    article = parse_text(text)
    second = next(i for i, p in enumerate(article.paragraphs) if "Two." in p.text)
    items = pane_items(article, second, Glossary([]))
    assert [i.summary.split(" was")[0] for i in items] == ["The Shuttle Club"]
