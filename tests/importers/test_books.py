"""Books saved as web pages (Project Gutenberg's HTML editions and pages like
them): page numbers, notes of several paragraphs, links in notes, labels as
printed, notes kept in another file, and front and back matter."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import html

from reader.core.parse import parse_text
from reader.core.web.page import convert_html

from .conftest import FIXTURES

BOOK = FIXTURES / "gutenberg_book.html"
MARKER = re.compile(r"\[\^[^\]\s]+\](?!:)")
DEFINITION = re.compile(r"^\[\^[^\]\s]+\]: ")


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def parts(body: str) -> tuple[str, str, str, str]:
    """(front matter, reading text, note definitions, back matter) of a converted body."""
    front = back = ""
    if match := re.search(r"(?ms)^::: front-matter\n(.*?)^:::$", body):
        front = match.group(1)
    if match := re.search(r"(?ms)^::: back-matter\n(.*?)^:::$", body):
        back = match.group(1)
    rest = re.sub(r"(?ms)^::: (?:front|back)-matter\n.*?^:::$", "", body)
    text, notes = [], []
    in_note = False
    for paragraph in rest.split("\n\n"):
        if DEFINITION.match(paragraph):
            in_note = True
            notes.append(DEFINITION.sub("", paragraph))
        elif in_note and paragraph.startswith("    "):
            notes.append(paragraph)
        else:
            in_note = False
            text.append(paragraph)
    reading = MARKER.sub("", "\n\n".join(text))
    return front, re.sub(r"(?m)^#+ ", "", reading), "\n\n".join(notes), back


def convert(page: str) -> str:
    return convert_html(page.encode("utf-8"), Path("book.html")).body


def book_page(body: str) -> str:
    """A page of a printed book, with just enough of a Gutenberg header."""
    return (
        "<html><head><title>A book</title></head><body><pre>Title: A Book\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK A BOOK ***\n</pre>"
        f"{body}<p>*** END OF THE PROJECT GUTENBERG EBOOK A BOOK ***</p></body></html>"
    )


def test_page_numbers_are_never_markers_and_never_move_text() -> None:
    body = convert_html(BOOK.read_bytes(), BOOK).body
    _, reading, _, _ = parts(body)
    # a page number set mid-sentence, and one set mid-word, leave the text whole
    assert "who had never spoken in public before that night" in reading
    assert "a whole page of their minutes.[^2]" in body
    # a link to a page anchor is the words of the sentence, not a marker
    assert "at the end of the book (see p. 4), and" in body
    assert "Pg" not in body and "[Pg" not in body
    assert MARKER.findall(body) == ["[^1]", "[^2]", "[^3]"]


def test_a_note_keeps_every_paragraph_quotation_list_and_table() -> None:
    body = convert_html(BOOK.read_bytes(), BOOK).body
    article = parse_text("+++\ntitle = 'x'\n+++\n" + body, fmt="md")
    notes = {n.label: n.text for n in article.notes}
    assert notes["1"].startswith("The dye shed was pulled down")
    assert "said the councils had met in worse places since" in notes["1"]
    assert '"We were warm, at least," she said.' in notes["1"]
    assert "Book two is damaged by damp." in notes["2"]
    assert "Week Families Paid out" in notes["3"]
    # continuation paragraphs are indented, as Pandoc writes them
    assert "\n\n    An old weaver showed me" in body


def test_links_in_notes_keep_their_words_and_a_link_leaving_the_book_its_address() -> None:
    body = convert_html(BOOK.read_bytes(), BOOK).body
    assert (
        "[^2]: The minute books are kept at the union office. See "
        "[the scanned minutes](https://archive.example.org/minutes/1889) and the "
        "chairman's speech on p. 1." in body
    )
    assert "[1]" not in body  # the label that links back to the text is not the note


def test_header_licence_title_page_and_contents_are_front_and_back_matter() -> None:
    converted = convert_html(BOOK.read_bytes(), BOOK)
    front, reading, _, back = parts(converted.body)
    assert converted.front["title"] == "The Weavers' Councils"
    assert converted.front["author"] == "Hanna Roth"
    assert "START OF THE PROJECT GUTENBERG" in front
    assert "CONTENTS." in front and "HANNA ROTH" in front
    assert "Literary Archive Foundation" in back and "END OF THE PROJECT" in back
    assert "Gutenberg" not in reading and "CONTENTS" not in reading
    assert reading.lstrip().startswith("PREFACE\n\nThese pages were written")
    # one "Footnotes" heading per chapter: none kept, the notes follow the text
    assert "FOOTNOTES" not in converted.body


def test_no_body_word_is_lost_on_import() -> None:
    """The source's words, less its front and back matter and its notes, are the
    imported reading text's words, one for one."""
    page = html.document_fromstring(BOOK.read_bytes())
    for el in page.xpath(
        "//pre | //h1 | //h4 | //h2[contains(., 'ROTH') or contains(., 'CONTENTS')]"
        " | //table | //div[@class='footnote'] | //span[@class='pagenum'] | //a[@class='fnanchor']"
        " | //p[contains(., 'END OF THE PROJECT')]"
    ):
        el.drop_tree()
    source = words(page.find("body").text_content())
    _, reading, notes, _ = parts(convert_html(BOOK.read_bytes(), BOOK).body)
    assert words(reading) == source
    assert words(notes)["chapel"] == 1


def test_labels_are_kept_as_printed() -> None:
    body = convert(
        book_page(
            "<h2>Chapter</h2><p>The report was printed at last. "
            '<a name="citation35a"></a><a href="#footnote35a">{35a}</a> It sold out. '
            '<a href="#linknote-2c" name="ref2c">2c</a></p>'
            "<h2>Footnotes.</h2>"
            '<p><a name="footnote35a"></a><a href="#citation35a">{35a}</a>&nbsp; A report '
            "in three volumes.</p><p>Its appendix was never printed.</p>"
            '<p><a name="linknote-2c" id="linknote-2c"></a></p>'
            '<p class="foot">2c (<a href="#ref2c">return</a>)<br/> [ Sold by subscription.]</p>'
        )
    )
    assert "printed at last.[^35a] It sold out.[^2c]" in body
    assert "[^35a]: A report in three volumes.\n\n    Its appendix was never printed." in body
    assert "[^2c]: [ Sold by subscription.]" in body
    # a book's single notes heading stays, over its notes
    assert "## Footnotes.\n\n[^35a]:" in body


def test_a_note_whose_words_follow_an_empty_anchor_keeps_them_all() -> None:
    body = convert(
        book_page(
            '<h2>Chapter</h2><p>The census was taken in spring. <a href="#note-7" '
            'name="r-7">7</a> Nobody trusted it.</p>'
            '<p><a name="note-7" id="note-7"></a></p>'
            '<p class="foot">7 (<a href="#r-7">return</a>)<br/> [ The returns were lost.</p>'
            '<p class="foot">Note: a copy survives in the county archive.]</p>'
            '<p><a name="note-8_" id="note-8_"></a></p>'
            '<p class="foot">8 (<a href="#ref-8">return</a>)<br/> [ A note no marker cites.]</p>'
            "<p>The next paragraph of the text is the text again.</p>"
        )
    )
    assert "spring.[^7] Nobody" in body
    assert "[^7]: [ The returns were lost.\n\n    Note: a copy survives" in body
    assert "[^8]: [ A note no marker cites.]" in body
    _, reading, _, _ = parts(body)
    assert "The next paragraph of the text is the text again." in reading
    assert "(return)" not in body and "()" not in body


def test_markers_pointing_into_another_file_stay_markers_flagged_missing() -> None:
    page = (
        "<html><head><title>January</title></head><body><article>"
        "<h2>January 1659–60<a href='endnotes.xhtml#note-47' epub:type='noteref'>47</a></h2>"
        "<p>This morning I rose, and the weather being very cold.<a "
        'href="endnotes.xhtml#note-48" epub:type="noteref">48</a> We went by water to Axe '
        'Yard,<a href="endnotes.xhtml#note-49">49</a> where my wife and I dined on the '
        "remains of a turkey, and afterwards I walked alone in the park for an hour.</p>"
        "<p>At night I wrote letters, and read, and went to bed late, tired and content "
        "with the day, which had been quieter than most.</p></article></body></html>"
    )
    body = convert(page)
    assert "## January 1659–60[^47]" in body
    assert "very cold.[^48] We went" in body
    assert "Axe Yard,[^49] where" in body
    assert "]:" not in body  # no note of ours: the parser flags them missing
    article = parse_text("+++\ntitle = 'January'\n+++\n" + body, fmt="md")
    assert {"48", "49"} <= set(article.missing_notes)


def test_line_numbers_of_verse_are_neither_words_nor_markers() -> None:
    body = convert(
        book_page(
            "<h2>The Song</h2><p>Rise up, the looms are silent,<br/>"
            '<span class="linenum">5</span>and the dye vats cold;<br/>'
            "the masters count their losses,<br/>"
            '<a id="line10"></a><span class="linenum">10</span>the weavers count their gold.</p>'
            '<p>The tenth line (<a href="#line10">10</a>) was sung twice at the meeting.</p>'
        )
    )
    assert "and the dye vats cold;" in body and "5and" not in body
    assert "(10) was sung twice" in body
    assert "[^" not in body
