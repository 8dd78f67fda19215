"""The matcher: every case the issue lists, on our own small glossary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.glossary import Glossary
from reader.core.glossary.fold import fold_title, key

from .conftest import entry, fixture_glossary


def found(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.entry, text[m.start : m.end]) for m in glossary.matcher.find(text)]


@pytest.mark.parametrize(
    "text, span",
    [
        ("Marx's letter", "Marx"),
        ("Marx\u2019s letter", "Marx"),
        ("Karl Marx's letter", "Karl Marx"),
        ("Karl Marx\u2019s letter", "Karl Marx"),
        ("the Marxes' house? No: Marx' house", "Marx"),
    ],
)
def test_possessives_match_and_the_mention_covers_the_name_only(people, text, span):
    mentions = [m for m in found(people, text) if m[0] == "Karl Marx"] or found(people, text)
    assert (mentions[0][1]) == span


@pytest.mark.parametrize("text", ["K Marx", "K. Marx", "K.Marx", "K.  Marx", "K.\nMarx"])
def test_initials_from_the_full_name(people, text):
    assert found(people, f"see {text}, p 12") == [("Karl Marx", text)]


@pytest.mark.parametrize("text", ["AH Nimtz", "A.H. Nimtz", "A. H. Nimtz", "A H Nimtz", "A Nimtz"])
def test_several_initials(people, text):
    assert found(people, f"{text} argues") == [("August H. Nimtz", text)]


def test_initials_must_be_capitals(people):
    assert found(people, "a nimtz, ah nimtz") == []
    assert found(people, "Ah Nimtz") == [("August H. Nimtz", "Nimtz")]


def test_all_capitals(people):
    assert found(people, "KARL MARX AND THE SBU") == [("Karl Marx", "KARL MARX"), ("SBU", "SBU")]


def test_a_name_broken_across_a_line(people):
    text = "as Karl\nMarx wrote, the dictatorship of\n  the proletariat"
    assert found(people, text) == [
        ("Karl Marx", "Karl\nMarx"),
        ("dictatorship of the proletariat", "dictatorship of\n  the proletariat"),
    ]


def test_never_across_a_blank_line(people):
    assert {s for _, s in found(people, "Karl\n\nMarx")} == {"Marx"}


@pytest.mark.parametrize("word", ["Marxism", "Marxists", "Marxist", "Marxian", "Marx2"])
def test_longer_words_are_not_the_name(people, word):
    assert found(people, f"{word} and {word.upper()}") == []


def test_a_capitalised_alias_needs_a_capitalised_word(people):
    assert found(people, "follow the links below") == []
    assert found(people, "Links published it") == [("Links", "Links")]
    assert found(people, "the Sbu and the sbu") == []


def test_a_lower_case_alias_matches_any_case(people):
    text = (
        "Dictatorship of the proletariat; DICTATORSHIP OF THE PROLETARIAT; "
        "dictatorship of the proletariat"
    )
    assert [e for e, _ in found(people, text)] == ["dictatorship of the proletariat"] * 3


def test_longest_match_wins(people):
    text = "the Central Committee of the National Guard and the National Guard"
    assert found(people, text) == [
        ("Central Committee of the National Guard", "Central Committee of the National Guard"),
        ("National Guard", "National Guard"),
    ]
    assert found(people, "Karl Marx") == [("Karl Marx", "Karl Marx")]


def test_longest_alias_of_the_journal(people):
    text = "Links - International Journal of Social Renewal printed it"
    assert found(people, text) == [("Links", "Links - International Journal of Social Renewal")]


def test_accents_and_ligatures_fold_one_to_one(people):
    text = "the Marquis de Plœuc; de Ploeuc; De Ploeuc; PLŒUC"
    spans = found(people, text)
    assert all(e == "Marquis de Plœuc" for e, _ in spans)
    assert [s for _, s in spans] == ["Marquis de Plœuc", "de Ploeuc", "De Ploeuc", "PLŒUC"]


def test_accents_only_fold_from_the_alias_side():
    # Aliases carry their accents (the bundled glossary does); a text written
    # without them still matches. The reverse is not looked for: it would make
    # every vowel a large character class.
    g = Glossary([entry("Hotel de Ville", "place")])
    assert found(g, "the Hôtel de Ville") == []
    assert found(g, "the Hotel de Ville") == [("Hotel de Ville", "Hotel de Ville")]


def test_accents_in_the_alias_but_not_in_the_text():
    g = Glossary([entry("Édouard Vaillant"), entry("Hôtel de Ville", "place")])
    text = "Edouard Vaillant at the Hotel de Ville; EDOUARD VAILLANT"
    assert [e for e, _ in found(g, text)] == [
        "Édouard Vaillant",
        "Hôtel de Ville",
        "Édouard Vaillant",
    ]


def test_misspelling_listed_as_an_alias_and_derived_surname(people):
    assert found(people, "Gallifet began; Galliffet went on") == [
        ("Gaston de Galliffet", "Gallifet"),
        ("Gaston de Galliffet", "Galliffet"),
    ]


def test_curly_and_straight_apostrophes_in_an_alias():
    g = Glossary([entry("Donetsk People's Republic", "organisation")])
    assert len(found(g, "the Donetsk People\u2019s Republic")) == 1
    assert len(found(g, "the Donetsk People's Republic")) == 1


def test_shared_surname_goes_to_the_one_named_in_full_most_recently(people):
    text = (
        "Karl Marx wrote. Marx said. Then Eleanor Marx spoke, and Marx agreed. K Marx again: Marx."
    )
    bare = [e for e, s in found(people, text) if s == "Marx"]
    assert bare == ["Karl Marx", "Eleanor Marx", "Karl Marx"]


def test_shared_surname_never_named_in_full_offers_both(people):
    mentions = people.matcher.find("Marx wrote")
    assert {(m.entry, m.start, m.end) for m in mentions} == {
        ("Karl Marx", 0, 4),
        ("Eleanor Marx", 0, 4),
    }


def test_an_explicit_alias_beats_a_derived_surname():
    g = Glossary([entry("Karl Marx", "person", "Marx"), entry("Eleanor Marx")])
    assert found(g, "Marx wrote") == [("Karl Marx", "Marx")]


def test_offsets_are_in_the_original_text():
    g = Glossary([entry("Jean-Baptiste Millière")])
    text = "« Œuvres » — then Jean\u2011Baptiste MILLIÈRE, and J.-B. Millière; Millière"
    spans = found(g, text)
    assert [s for _, s in spans] == ["Jean\u2011Baptiste MILLIÈRE", "J.-B. Millière", "Millière"]


def test_word_boundary_on_the_left():
    g = Glossary([entry("Carthy Test", "person"), entry("campism", "term")])
    assert found(g, "McCarthy and anticampism") == []
    assert found(g, "neo-campism") == [("campism", "campism")]


def test_empty_glossary_and_empty_text():
    assert Glossary().matcher.find("Karl Marx") == []
    assert fixture_glossary().matcher.find("") == []


def test_fold_title_keeps_length():
    for text in ["ﬁne ŉ ǰ straße", "KARL MARX", "ǆungla"]:
        assert len(fold_title(text)) == len(text)


def test_key_ignores_case_accents_and_punctuation():
    assert key("K. Marx") == key("k marx") == "kmarx"
    assert key("Hôtel de Ville") == key("HOTEL DE VILLE")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Karl Mx'’.\n-éÉKAHNimtzsSBUlinkLINK ")), max_size=80))
def test_any_text_scans_and_offsets_point_at_a_name(text):
    g = fixture_glossary()
    for m in g.matcher.find(text):
        assert 0 <= m.start < m.end <= len(text)
        span = text[m.start : m.end]
        assert span[0].isalnum() and span[-1].isalnum()
        assert m.end == len(text) or not text[m.end].isalnum()


def test_same_letters_different_capitals_are_told_apart():
    g = Glossary([entry("Links", "publication"), entry("Linkage Group", "organisation", "LINKS")])
    assert found(g, "in Links today") == [("Links", "Links")]
    assert {e for e, _ in found(g, "the LINKS group")} == {"Links", "Linkage Group"}
