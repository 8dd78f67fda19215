"""EPUB books as readers meet them: title pages, imprints, colophons and
copyright pages kept out of the reading flow (by ``epub:type``, by the
landmarks, by the EPUB 2 guide), chapter titles in ``<hgroup>`` with a marker,
sub-sections, notes linking into the book, and notes in a file we lack."""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.epub_import import convert_epub
from reader.core.parse import parse_text

from .conftest import build_epub

TITLE_PAGE = '<section epub:type="titlepage"><h1>The Councils</h1><p>Ruth Adler</p></section>'
IMPRINT = (
    '<section epub:type="imprint"><p>Volunteers set this edition in type from a '
    "library copy and give their work to the public domain.</p></section>"
)
CHAPTER = (
    '<section epub:type="chapter"><h2>The Sheds</h2><p>The weavers met in the dye shed '
    "on a Tuesday, and by the Friday every mill in the valley had sent its delegates to "
    "the council that would run the strike.</p></section>"
)
COLOPHON = '<section epub:type="colophon"><p>This book was typeset in a free font.</p></section>'
LEGAL = "<section><p>No rights are reserved in this text, anywhere.</p></section>"
NAV = (
    '<nav epub:type="landmarks"><ol><li><a epub:type="bodymatter" href="ch.xhtml">Start</a>'
    '</li><li><a epub:type="copyright-page" href="legal.xhtml">Rights</a></li></ol></nav>'
)


def convert(path: Path) -> str:
    return convert_epub(path.read_bytes(), path).body


def matter(body: str, name: str) -> str:
    match = re.search(rf"(?ms)^::: {name}\n(.*?)^:::$", body)
    return match.group(1) if match else ""


def reading(body: str) -> str:
    return re.sub(r"(?ms)^::: (?:front|back)-matter\n.*?^:::$", "", body)


def test_front_and_back_matter_leave_the_reading_flow_but_stay_in_the_text(
    tmp_path: Path,
) -> None:
    book = build_epub(
        tmp_path / "matter.epub",
        chapters=[
            ("nav.xhtml", NAV),
            ("title.xhtml", TITLE_PAGE),
            ("imprint.xhtml", IMPRINT),
            ("ch.xhtml", CHAPTER),
            ("colophon.xhtml", COLOPHON),
            ("legal.xhtml", LEGAL),  # a copyright page only the landmarks name
        ],
    )
    body = convert(book)
    assert body.startswith("::: front-matter")
    assert "Volunteers set this edition" in matter(body, "front-matter")
    assert "Ruth Adler" in matter(body, "front-matter")
    back = matter(body, "back-matter")
    assert "typeset in a free font" in back and "No rights are reserved" in back
    text = reading(body)
    assert text.strip().startswith("## The Sheds\n\nThe weavers met in the dye shed")
    for words in ("Volunteers", "free font", "No rights", "Ruth Adler"):
        assert words not in text


def test_an_epub2_guide_names_the_colophon(tmp_path: Path) -> None:
    book = build_epub(
        tmp_path / "guide.epub",
        chapters=[("ch.xhtml", CHAPTER), ("end.xhtml", "<p>Set by hand in a cold room.</p>")],
        guide='<guide><reference type="colophon" href="end.xhtml" title="Colophon"/></guide>',
    )
    body = convert(book)
    assert "Set by hand" in matter(body, "back-matter")
    assert "Set by hand" not in reading(body)


def test_chapter_titles_in_hgroup_keep_their_marker_and_sub_sections_are_text(
    tmp_path: Path,
) -> None:
    chapter = (
        '<section epub:type="chapter"><hgroup><h2 epub:type="z3998:roman">I</h2>'
        '<p epub:type="title">Masters and Men<a href="endnotes.xhtml#note-1" id="noteref-1" '
        'epub:type="noteref">1</a></p></hgroup>'
        "<p>Every age has had its masters and its men, and the quarrel between them is "
        "older than any of the names it has gone by.</p>"
        '<section epub:type="z3998:subchapter"><hgroup><h3>1</h3><p epub:type="title">'
        "The Guilds</p></hgroup><p>The guilds were the first to put the quarrel into rules, "
        "and the rules outlived the guilds by centuries.</p></section></section>"
    )
    endnotes = (
        '<section epub:type="endnotes"><h2>Endnotes</h2><ol><li id="note-1"><p>By masters '
        'is meant the employers. <a href="ch.xhtml#noteref-1" epub:type="backlink">↩</a>'
        "</p></li></ol></section>"
    )
    body = convert(
        build_epub(
            tmp_path / "hgroup.epub",
            chapters=[("ch.xhtml", chapter), ("endnotes.xhtml", endnotes)],
        )
    )
    assert "## I: Masters and Men[^1]\n" in body
    assert "\n1: The Guilds\n" in body  # a sub-section's title, as a line of the text
    assert "## Endnotes\n\n[^1]: By masters is meant the employers." in body
    article = parse_text("+++\ntitle = 'x'\n+++\n" + body, fmt="md")
    assert [h.text.split("[")[0] for h in article.headings] == ["I: Masters and Men", "Endnotes"]


def test_a_notes_link_into_the_book_keeps_its_words(tmp_path: Path) -> None:
    chapter = (
        "<section><h2>Ants</h2><p>Ants of one nest feed the hungry ones of another, as the "
        'observers of the last century reported again and again.<a href="endnotes.xhtml#note-5" '
        'id="noteref-5" epub:type="noteref">5</a></p></section>'
    )
    appendix = (
        '<section epub:type="appendix"><h2>Appendix</h2><section id="appendix-1"><h3>I</h3>'
        "<p>The observations on ants are gathered here, with their sources.</p></section>"
        "</section>"
    )
    endnotes = (
        '<section epub:type="endnotes"><h2>Endnotes</h2><ol start="5"><li id="note-5"><p>'
        '<a href="appendix.xhtml#appendix-1">See Appendix I.</a> <a href="ch.xhtml#noteref-5" '
        'epub:type="backlink">↩</a></p></li></ol></section>'
    )
    body = convert(
        build_epub(
            tmp_path / "appendix.epub",
            chapters=[
                ("ch.xhtml", chapter),
                ("appendix.xhtml", appendix),
                ("endnotes.xhtml", endnotes),
            ],
        )
    )
    assert "reported again and again.[^5]" in body
    assert "[^5]: See Appendix I.\n" in body


def test_notes_in_a_file_the_book_lacks_are_markers_flagged_missing(tmp_path: Path) -> None:
    chapter = (
        "<section><h2>January</h2><p>Rose early, the weather being very cold.<a "
        'href="notes.xhtml#note-48" epub:type="noteref">48</a> Walked to the office by '
        "the river, and found the clerks already at their desks and the fire lit.</p></section>"
    )
    body = convert(build_epub(tmp_path / "lacking.epub", chapters=[("ch.xhtml", chapter)]))
    assert "very cold.[^48] Walked" in body
    assert "[^48]:" not in body
    article = parse_text("+++\ntitle = 'x'\n+++\n" + body, fmt="md")
    assert article.missing_notes == ("48",) or list(article.missing_notes) == ["48"]


def test_a_noteref_to_a_section_of_the_book_keeps_its_label_apart(tmp_path: Path) -> None:
    chapter = (
        '<section epub:type="chapter"><h2>XI: The Conquest of Power<a '
        'href="appendix.xhtml#appendix-11-1" epub:type="noteref">A11.1</a></h2><p>The '
        "new government spent its first weeks answering telegrams from every province, "
        "and its second weeks sending commissars to see whether the answers had arrived."
        "</p></section>"
    )
    appendix = (
        '<section epub:type="appendix"><h2>Appendix to Chapter XI</h2>'
        '<section id="appendix-11-1"><h3>1</h3><p>This chapter covers two months of '
        "negotiations that are told elsewhere.</p></section></section>"
    )
    body = convert(
        build_epub(
            tmp_path / "cross.epub",
            chapters=[("ch.xhtml", chapter), ("appendix.xhtml", appendix)],
        )
    )
    assert "## XI: The Conquest of Power [A11.1]" in body
    assert "[^" not in body
    assert "This chapter covers two months" in body
