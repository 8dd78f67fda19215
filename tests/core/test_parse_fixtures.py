"""The parser on our own fixture articles, one per layout a user pastes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.parse import parse_file, parse_text

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "parse"


def test_masthead_date_title_standfirst() -> None:
    a = parse_file(FIX / "masthead.txt")
    m = a.meta
    assert (m.publication, m.date, m.title, m.author) == (
        "Red Ledger",
        "1999-02-03",
        "Letters from a besieged town",
        "Ada Quill",
    )
    assert [h.text for h in a.headings] == ["Bread and arithmetic", "“Not one step back”"]
    assert a.paragraphs[0].kind == "standfirst"
    assert all(p.text != "Red Ledger" for p in a.paragraphs)


def test_notes_heading_with_numbered_lines_and_resolution() -> None:
    a = parse_file(FIX / "masthead.txt")
    kinds = {n.label: (n.kind, n.resolves_to, n.page) for n in a.notes}
    assert kinds["1"] == ("citation", None, "12")
    assert kinds["3"] == ("ibid", "2", "33-41")  # Ibid. inherits the page
    assert kinds["4"] == ("ibid", "2", "37")  # Ibid. with its own page
    assert kinds["5"] == ("op-cit", "1", "88")  # narrowed by title words
    assert kinds["6"][0] == "gloss"


def test_one_paragraph_per_line_trailing_notes_and_coda() -> None:
    a = parse_file(FIX / "oneline.txt")
    assert a.meta.title_provisional
    assert a.meta.title.startswith("There is no agreement")
    assert (a.meta.date, a.meta.author, a.meta.publication) == (
        "2015-03-03",
        "Olek Brand",
        "Borderlands",
    )
    assert a.meta.source == "https://example.org/borderlands"
    assert [h.text for h in a.headings] == ["The bridge", "What the papers said"]
    assert a.missing_notes == ["3", "7", "8"]
    n4, n5, n6, n9, n10 = (a.note(x) for x in ("4", "5", "6", "9", "10"))
    assert n4 and (n4.resolves_to, n4.status, n4.page) == ("3", "missing-target", "44")
    assert n4.hint == "2"
    assert n5 and (n5.resolves_to, n5.status, n5.page) == ("3", "missing-target", "44")
    assert n6 and n6.kind == "url" and len(n6.urls) == 2  # URL on its own line continues
    assert n9 and n9.kind == "gloss"
    assert n10 and (n10.resolves_to, n10.status) == ("9", "ok")
    kinds = [p.kind for p in a.paragraphs]
    assert kinds[-4:] == ["dateline", "coda", "coda", "coda"]
    assert a.paragraphs[-1].text.startswith("Please cite the source")
    # [sic] and [Russian: …] are the author's words, not markers
    assert all(r.label.isdigit() for p in a.paragraphs for r in p.refs)


def test_markdown_front_matter_and_pandoc_notes() -> None:
    a = parse_file(FIX / "pandoc.md")
    m = a.meta
    assert (m.title, m.author, m.date, m.publication, m.source) == (
        "A short history of the reading room",
        "Mira Vell",
        "2020-04-01",
        "The Lamp",
        "https://example.org/lamp/reading-room",
    )
    assert [h.text for h in a.headings] == ["The register", "Later years"]
    assert a.front_matter["glossary"][0]["name"] == "Tom Quill"
    notes = {n.label: n for n in a.notes}
    assert notes["quill"].kind == "gloss"
    assert notes["quill"].text.endswith("by\nhand.")  # indented continuation
    assert (notes["vols"].kind, notes["vols"].resolves_to, notes["vols"].page) == (
        "op-cit",
        "opening",
        "40",
    )
    assert (notes["vols2"].resolves_to, notes["vols2"].page) == ("opening", "40")
    assert notes["closed"].kind == "url"
    # soft-wrapped Markdown lines join; list items stay apart
    assert any(
        p.text.startswith("The reading room opened") and "Tom Quill" in p.text for p in a.paragraphs
    )
    assert sum(p.text.startswith(("- a list", "- another")) for p in a.paragraphs) == 2


def test_hard_wrapped_text_is_joined() -> None:
    a = parse_file(FIX / "wrapped.txt")
    assert a.meta.title == "Wrapped prose"
    assert len(a.paragraphs) == 2
    assert a.paragraphs[0].text.endswith("follows it.[1]")
    assert a.headings == []


def test_front_matter_overrides_detection_and_arguments_override_both() -> None:
    text = "+++\ntitle = 'Given'\n+++\nDetected title\n\nA real paragraph follows here.\n"
    assert parse_text(text).meta.title == "Given"
    assert parse_text(text, title="Argument").meta.title == "Argument"


@pytest.mark.parametrize(
    ("text", "line"),
    [("+++\ntitle = 'x'\nno closing\n", 1), ("+++\ntitle = 'x'\ntitle = broken\n+++\nBody.\n", 3)],
)
def test_bad_front_matter_names_the_line(text: str, line: int) -> None:
    with pytest.raises(ReaderError) as err:
        parse_text(text, path="texts/x.md")
    assert err.value.line == line
    assert str(err.value).startswith(f"texts/x.md:{line}: ")


def test_numbered_list_in_the_body_is_not_a_notes_section() -> None:
    text = (
        "Three demands\n\nThe assembly made three demands of the council in 1848.\n\n"
        "1. Bread at a fixed price.\n2. The release of the prisoners.\n3. An election.\n\n"
        "None of them was met, and the assembly dispersed.\n"
    )
    a = parse_text(text)
    assert a.notes == []
    assert any(p.text == "1. Bread at a fixed price." for p in a.paragraphs)


def test_not_headings_dateline_signature_notes_and_lead_in() -> None:
    text = (
        "A body paragraph that is long enough to be real, and ends properly.\n\n"
        "These were the terms:\n\n"
        "The terms were harsh, and everyone knew it, including the victors.\n\n"
        "Notes\n\n"
        "This paragraph follows a lone word that is not a heading in this text.\n\n"
        "June 29, 2014\n\n"
        "— Ada Quill\n"
    )
    a = parse_text(text)
    assert a.headings == []


def test_heading_may_carry_a_marker() -> None:
    text = (
        "The opening paragraph is long enough to be a paragraph in its own right.[1]\n\n"
        "A heading with a note [2]\n\n"
        "And the section under it goes on for a sentence or two, as sections do.\n\n"
        "[1] First note.\n[2] Second note.\n"
    )
    a = parse_text(text)
    # listed without its marker (contents, header bar); the block keeps it
    assert [h.text for h in a.headings] == ["A heading with a note"]
    assert a.paragraphs[a.headings[0].paragraph].text == "A heading with a note [2]"
    heading = a.paragraphs[a.headings[0].paragraph]
    assert heading.kind == "heading" and [r.label for r in heading.refs] == ["2"]


def test_notes_no_marker_points_to_and_markers_without_notes() -> None:
    text = (
        "Body text cites one note.[1] And another.[3]\n\n"
        "[1] A. B, Title, 1990.\n[2] C. D, Other, 1991.\n"
    )
    a = parse_text(text)
    assert a.missing_notes == ["3"]
    assert a.unreferenced_notes == ["2"]


def test_loc_cit_carries_the_page_and_ambiguous_op_cit() -> None:
    text = (
        "One.[1] Two.[2] Three.[3] Four.[4] Five.[5]\n\n"
        "Notes\n\n"
        "1. R. Tombs, The Paris Commune 1871, London 1999, p. 44.\n"
        "2. R. Tombs, The War against Paris, Cambridge 1981, p. 9.\n"
        "3. Tombs, loc. cit.\n"
        "4. Tombs, op. cit.\n"
        "5. Smith, op. cit., p. 3.\n"
    )
    a = parse_text(text)
    n3, n4, n5 = a.note("3"), a.note("4"), a.note("5")
    assert n3 and n3.kind == "loc-cit" and n3.status == "ambiguous"
    assert n4 and n4.status == "ambiguous" and n4.candidates == ("1", "2")
    assert n5 and n5.status == "unresolved"
    text2 = text.replace("3. Tombs, loc. cit.", "3. Tombs, The War against Paris, loc. cit.")
    n3 = parse_text(text2).note("3")
    assert n3 and (n3.resolves_to, n3.page) == ("2", "9")


def test_ibid_chain_is_followed_to_the_full_citation() -> None:
    text = (
        "A.[1] B.[2] C.[3]\n\n[1] E. Lark, Ports, Hull 2001, p. 7.\n[2] Ibid.\n[3] Ibidem, p. 9.\n"
    )
    a = parse_text(text)
    n2, n3 = a.note("2"), a.note("3")
    assert n2 and (n2.resolves_to, n2.page, n2.status) == ("1", "7", "ok")
    assert n3 and (n3.resolves_to, n3.page) == ("1", "9")


def test_offsets_and_sections() -> None:
    a = parse_file(FIX / "masthead.txt")
    plain = a.plain_text
    for p in a.paragraphs:
        assert plain[p.start : p.end] == p.text
        assert a.paragraph_at(p.start) == p.index
    last = a.paragraphs[-1]
    assert a.heading_for(last.index) == a.headings[-1]
    assert a.heading_for(1) is None


def test_a_first_heading_other_than_the_front_matter_title_is_kept() -> None:
    text = "+++\ntitle = 'The book'\n+++\n# Chapter one\n\nA paragraph long enough to count here.\n"
    a = parse_text(text, fmt="md")
    assert a.meta.title == "The book"
    assert [h.text for h in a.headings] == ["Chapter one"]
    same = "+++\ntitle = 'The book'\n+++\n# The book\n\nA paragraph long enough to count here.\n"
    b = parse_text(same, fmt="md")
    assert b.headings == [] and b.paragraphs[0].text.startswith("A paragraph")


def test_op_cit_in_passing_does_not_make_a_full_note_a_back_reference() -> None:
    text = (
        "A first claim.[1] A second.[2] A third.[3]\n\n"
        "[1] A. Brown, Ports and Pay (London, 1950), p. 12.\n"
        "[2] See the fuller account in C. Davies, Quays (Leeds, 1961), which corrects "
        "Brown (op. cit., p. 55) on the wage.\n"
        "[3] Brown, op. cit., p. 80.\n"
    )
    a = parse_text(text)
    two, three = a.note("2"), a.note("3")
    assert two is not None and two.kind == "citation" and two.status == "ok"
    assert three is not None and three.kind == "op-cit" and three.resolves_to == "1"


def test_front_matter_may_name_the_translator() -> None:
    a = parse_text("+++\ntranslator = 'T. R. Anslator'\n+++\nA Title\n\nA real paragraph here.\n")
    assert a.meta.translator == "T. R. Anslator"
