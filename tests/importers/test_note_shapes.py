"""Footnote shapes one at a time, through :func:`convert_html` and the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import Article
from reader.core.parse import parse_text
from reader.core.web import OPEN, FoundNote
from reader.core.web.notes import visible_label
from reader.core.web.page import convert_html
from reader.core.web.render import Block, to_markdown

FILLER = (
    "<p>This paragraph is here so that the page reads as an article: it has words "
    "enough, in sentences, for any extractor to take it for the text itself.</p>"
)


def convert(body: str, head: str = "") -> tuple[str, Article]:
    page = (
        f"<html><head><title>Shapes</title>{head}</head><body><article>"
        f"{FILLER}{body}{FILLER}</article></body></html>"
    )
    converted = convert_html(page.encode("utf-8"), Path("shapes.html"))
    text = "+++\ntitle = 'Shapes'\n+++\n\n" + converted.body
    return converted.body, parse_text(text, fmt="md")


def refs(article: Article) -> list[str]:
    return [r.label for p in article.paragraphs for r in p.refs]


def test_substack_style_anchor_and_note_block() -> None:
    body, article = convert(
        '<p>The strike spread to the docks.<a class="footnote-anchor" id="footnote-anchor-1" '
        'href="#footnote-1">1</a></p>'
        '<div class="footnote"><a id="footnote-1" href="#footnote-anchor-1" '
        'class="footnote-number">1</a><div class="footnote-content"><p>Port records, '
        "1911.</p></div></div>"
    )
    assert "docks.[^1]" in body
    assert [(n.label, n.text) for n in article.notes] == [("1", "Port records, 1911.")]


def test_saved_page_with_absolute_links_to_its_own_notes() -> None:
    _, article = convert(
        '<p>The leaflet was seized.<sup><a href="https://paper.example/2020/leaflet#fn1">'
        "1</a></sup></p>"
        '<ol><li id="fn1">Police report, 3 June. <a href="https://paper.example/2020/'
        'leaflet#ref1">↩</a></li></ol>'
    )
    assert [(n.label, n.text) for n in article.notes] == [("1", "Police report, 3 June.")]
    assert refs(article) == ["1"]


def test_encyclopedia_style_references_with_caret_back_links() -> None:
    body, article = convert(
        '<p>The vote was close.<sup class="reference" id="cite_ref-7"><a href="#cite_note-7">'
        "[7]</a></sup></p>"
        '<h2>References</h2><ol class="references"><li id="cite_note-7"><span '
        'class="mw-cite-backlink"><a href="#cite_ref-7">^</a></span> <span '
        'class="reference-text">Minutes of the congress, p. 12.</span></li></ol>'
    )
    assert [(n.label, n.text) for n in article.notes] == [("7", "Minutes of the congress, p. 12.")]
    assert "References" not in body  # the emptied section's heading went too


def test_a_note_cited_twice_has_one_definition() -> None:
    body, article = convert(
        '<p>First.<sup><a href="#n1">1</a></sup> Again.<sup><a href="#n1">1</a></sup></p>'
        '<p id="n1">1. The same source.</p>'
    )
    assert body.count("[^1]:") == 1
    assert refs(article) == ["1", "1"]
    assert article.notes[0].text == "The same source."


def test_labels_repeating_on_the_page_stay_as_printed() -> None:
    body, article = convert(
        '<p>One.<a href="#a1">1</a></p><p>Two.<a href="#b1">1</a></p>'
        '<aside id="a1">First note.</aside><aside id="b1">Second note.</aside>'
    )
    assert refs(article) == ["1", "1"]
    # the first note is defined before the second marker, the second after it
    assert (
        body.index("[^1]: First note.") < body.index("Two.[^1]") < body.index("[^1]: Second note.")
    )


def test_a_contents_link_to_a_heading_is_not_a_note() -> None:
    body, article = convert(
        '<p>See part <a href="#part2">2</a> below for the rest of the argument.</p>'
        '<h2 id="part2">Part two</h2><p>Here the argument goes on at some length, '
        "with more words than a note would ever hold.</p>"
    )
    assert "[^" not in body
    assert "Part two" in [h.text for h in article.headings]
    assert not article.notes


def test_a_data_attribute_popup_is_a_note() -> None:
    body, article = convert(
        '<p>The deputies walked out.<span class="fn" data-footnote="Protocol of the '
        'session, 4 May.">*</span></p>'
    )
    assert [(n.label, n.text) for n in article.notes] == [("*", "Protocol of the session, 4 May.")]
    assert refs(article) == ["*"]


def test_a_title_describing_the_link_is_not_a_note() -> None:
    body, article = convert(
        '<p>The motion fell.<sup><a href="/notes-page" title="Go to footnote 4">4</a></sup></p>'
    )
    assert not article.notes and "[^" not in body


def test_back_links_written_as_words_are_removed() -> None:
    _, article = convert(
        '<p>Claim.<sup><a href="#fn3" id="ref3">3</a></sup></p>'
        '<ol><li id="fn3">A long memoir, p. 9. <a href="#ref3">back</a></li></ol>'
    )
    assert article.notes[0].text == "A long memoir, p. 9."


def test_a_superscript_with_no_such_note_is_left_as_a_superscript() -> None:
    body, article = convert("<p>An area of 5 km<sup>2</sup> was flooded.</p>")
    assert "5 km² was flooded" in body and not article.notes and not refs(article)


def test_text_that_looks_like_markdown_stays_text() -> None:
    body, article = convert("<p># 1 was the number on the door of the committee room.</p>")
    texts = [p.text for p in article.paragraphs]
    assert "# 1 was the number on the door of the committee room." in texts
    assert not article.headings


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("1", "1"),
        ("[12]", "12"),
        ("(3)", "3"),
        ("*", "*"),
        ("iv", "iv"),
        ("note", ""),
        ("2013", "2013"),
        ("{35a}", "35a"),
        ("2c", "2c"),
        ("", ""),
    ],
)
def test_visible_label(text: str, label: str) -> None:
    assert visible_label(text) == label


def ref(index: int) -> str:
    return f"{OPEN}{index}\ue001"


def test_labels_are_kept_as_printed_and_unlabelled_notes_get_a_free_number() -> None:
    notes = [FoundNote("3", "c"), FoundNote("1", "a"), FoundNote("", "b")]
    blocks = [Block("paragraph", f"One.{ref(1)} Two.{ref(0)} Three.{ref(2)}")]
    body, count = to_markdown(blocks, notes)
    assert body.splitlines()[0] == "One.[^1] Two.[^3] Three.[^2]"
    assert count == 3
    assert "[^2]: b" in body


def test_repeated_labels_put_each_sections_notes_before_the_next_section() -> None:
    notes = [FoundNote("1", "first chapter's"), FoundNote("1", "second chapter's")]
    blocks = [
        Block("heading", "One", 2),
        Block("paragraph", f"Text.{ref(0)}"),
        Block("heading", "Two", 2),
        Block("paragraph", f"More.{ref(1)}"),
    ]
    body, _ = to_markdown(blocks, notes)
    assert body.split("\n\n") == [
        "## One",
        "Text.[^1]",
        "[^1]: first chapter's",
        "## Two",
        "More.[^1]",
        "[^1]: second chapter's\n",
    ]


def test_a_page_in_a_script_without_spaces_is_an_article() -> None:
    sentence = "労働者評議会は三日間にわたって議論を続け、最後に国民議会の選挙に賛成した。"
    page = f"<html><body><article>{f'<p>{sentence}</p>' * 3}</article></body></html>"
    converted = convert_html(page.encode("utf-8"), Path("ja.html"))
    assert converted.body.count(sentence) == 3


def test_line_breaks_double_short_and_long() -> None:
    long_line = "The committee sat through the night and into the morning, " * 3
    body, article = convert(
        "<div>First paragraph of an old page, written with breaks.<br><br>"
        "Second paragraph of the same page.</div>"
        "<p>Arise, ye workers from your slumber,<br>Arise, ye prisoners of want.</p>"
        f"<p>{long_line}<br>{long_line}</p>"
    )
    texts = [p.text for p in article.paragraphs]
    assert "First paragraph of an old page, written with breaks." in texts
    assert "Second paragraph of the same page." in texts
    assert "Arise, ye workers from your slumber," in texts  # verse: a line each
    assert f"{long_line.strip()} {long_line.strip()}" in texts  # prose: one paragraph


def test_a_page_cannot_pass_its_text_for_a_note_reference() -> None:
    body, article = convert(
        "<p>A forged reference \ue0000\ue001 and a forged place \ue0030\ue001 here.<a "
        'href="#n1">1</a></p><ol><li id="n1">The only note.</li></ol>'
    )
    assert refs(article) == ["1"]
    assert "A forged reference 0 and a forged place 0 here.[^1]" in body
