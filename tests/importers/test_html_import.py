"""`reader import page.html`: saved pages of the shapes real sites use, imported
into a library through the CLI and read back through the core parser."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.model import Article
from reader.core.parse import parse_file

from .conftest import FIXTURES

BOILERPLATE = {
    "party_paper.html": [
        "Most read",
        "Share on Twitter",
        "redflag1917",
        "Post comment",
        "newsletter",
        "All rights reserved",
        "Subscribe",
        "Tags:",
        "Tweet",
        "Share it with your branch",
        "Read also",
    ],
    "popup_notes.html": [
        "Recent Posts",
        "Leave a Reply",
        "Annelise",
        "Share this",
        "Previous:",
        "Donate",
        "Proudly powered",
    ],
    "plain_brackets.html": ["From the archive", "lector", "Spanish edition", "RSS"],
    "superscripts.html": ["Article tools", "How to cite", "Log in", "ISSN"],
    "archive_classic.html": ["Writers' Index", "Karl Blum Archive", "Next part", "Contents"],
}


def import_page(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> Path:
    library = tmp_path / "lib"
    code = main(["--library", str(library), "import", str(FIXTURES / name)])
    out, err = capsys.readouterr()
    assert code == 0, err
    texts = sorted((library / "texts").glob("*.md"))
    assert len(texts) == 1, out
    return texts[0]


def notes_of(article: Article) -> dict[str, tuple[str, str, str | None]]:
    return {n.label: (n.text, n.kind, n.resolves_to) for n in article.notes}


def markers(article: Article) -> list[str]:
    return [ref.label for p in article.paragraphs for ref in p.refs]


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return tomllib.loads(text.split("+++")[1])


# -- footnotes, resolved through the core ------------------------------------------------


def test_notes_at_the_bottom_with_anchors_and_back_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = parse_file(import_page(tmp_path, "party_paper.html", capsys))
    assert markers(article) == ["1", "2", "3", "4", "5"]
    notes = notes_of(article)
    assert notes["1"] == (
        "R. Page Arnot, The Miners: Years of Struggle (London, 1953), p. 480.",
        "citation",
        None,
    )
    assert notes["2"] == ("Ibid., p. 493.", "ibid", "1")
    assert notes["4"] == ("Arnot, op. cit., p. 501.", "op-cit", "1")
    assert all("↩" not in n.text for n in article.notes)
    assert not article.missing_notes and not article.unreferenced_notes
    assert all(n.status == "ok" for n in article.notes)


def test_archive_of_classics_bracketed_superscript_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = parse_file(import_page(tmp_path, "archive_classic.html", capsys))
    assert markers(article) == ["1", "2", "3", "4"]
    notes = notes_of(article)
    assert notes["1"][0] == "See the agricultural census of 1895, vol. 2, table 7."
    assert notes["3"] == ("Ibid., p. 171.", "ibid", "2")
    assert notes["4"] == ("Kautsky, op. cit., p. 230.", "op-cit", "2")
    # The "Notes" heading went with the notes; the article's own headings stayed.
    assert [h.text for h in article.headings] == ["I. The Mortgage", "II. The Programme"]
    assert "[1]" not in article.plain_text  # the page's "[1]" link became our marker


def test_notes_as_popups_title_attributes_and_popovers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = parse_file(import_page(tmp_path, "popup_notes.html", capsys))
    assert markers(article) == ["1", "2", "3"]
    notes = notes_of(article)
    assert notes["1"][0] == (
        "On the uses of the word in 1918 see Geary, European Labour Protest, ch. 4."
    )
    assert notes["2"] == ("Ibid., p. 151.", "ibid", "1")
    assert notes["3"][0] == "Mitchell, Revolution in Bavaria (Princeton, 1965), p. 304."
    # the hidden popup text is a note, not a sentence of the article
    assert "European Labour Protest" not in article.plain_text


def test_superscripts_without_links_become_markers_when_a_note_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = import_page(tmp_path, "superscripts.html", capsys)
    source = stored.read_text(encoding="utf-8")
    assert "without any legal title. The figure is uncertain" in source
    assert "magnitude is not in doubt.[^3]" in source
    assert "\n[^4]: Figes, op. cit., p. 61.\n" in source
    assert "Notes" not in source  # the notes section became definitions
    article = parse_file(stored)
    assert markers(article) == ["1", "2", "3", "4"]
    notes = notes_of(article)
    assert notes["2"] == ("Ibid., pp. 46–48.", "ibid", "1")
    assert notes["4"] == ("Figes, op. cit., p. 61.", "op-cit", "1")
    text = article.plain_text
    assert "10⁶ desyatinas" in text  # a power, not a note: no note 6 exists
    assert "the 19th and 20th centuries" in text
    assert "Notes" not in [h.text for h in article.headings]
    assert [h.text for h in article.headings] == ["Introduction", "The committees"]


def test_plain_bracketed_numbers_stay_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = import_page(tmp_path, "plain_brackets.html", capsys)
    source = stored.read_text(encoding="utf-8")
    assert "after the rising [1]." in source and "[^" not in source
    article = parse_file(stored)
    assert markers(article) == ["1", "2", "3"]
    assert notes_of(article)["2"] == ("Ibid., p. 110.", "ibid", "1")


# -- what is kept and what is dropped ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_menus_comments_share_buttons_and_sidebars_are_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    article = parse_file(import_page(tmp_path, name, capsys))
    everything = article.plain_text + "\n".join(n.text for n in article.notes)
    for phrase in BOILERPLATE[name]:
        assert phrase not in everything, phrase
    assert article.word_count > 100


def test_headings_kept_italics_plain_title_not_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = import_page(tmp_path, "party_paper.html", capsys)
    source = stored.read_text(encoding="utf-8")
    assert "\n## The relief committees\n" in source
    assert "treats the miners as one body" in source  # <em> became plain words
    article = parse_file(stored)
    assert [h.text for h in article.headings] == ["The relief committees", "The return to work"]
    assert article.paragraphs[0].text.startswith("Nine days in May")  # no title, no byline


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "party_paper.html",
            {
                "title": "The Long Strike of 1926 Revisited",
                "author": "Margaret Okafor",
                "date": "2019-05-03",
                "publication": "Workers' Weekly",
                # the canonical link, not og:url with its tracking parameters
                "source": "https://weekly.example.org/2019/05/long-strike-revisited",
            },
        ),
        (
            "superscripts.html",  # JSON-LD only
            {
                "title": "Land and Liberty: the agrarian programme of 1917",
                "author": "Elena Varga",
                "date": "2016-09-15",
                "publication": "Journal of Social History Review",
                "source": "https://jshr.example.edu/articles/land-and-liberty",
            },
        ),
        (
            "plain_brackets.html",  # citation_* tags, a date with slashes
            {
                "title": "The Fourth Estate and the Fifth Column",
                "author": "Hugo Santos",
                "date": "2008-03-14",
                "publication": "Review of Political Economy",
            },
        ),
        (
            "archive_classic.html",  # Latin-1, "Author: Work" title, information block
            {
                "title": "On the Agrarian Question",
                "author": "Karl Blum",
                "date": "1903-02",
                "publication": "Die Neue Rundschau - édition allemande",
            },
        ),
    ],
)
def test_metadata_in_front_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, expected: dict[str, str]
) -> None:
    stored = import_page(tmp_path, name, capsys)
    recorded = front(stored)
    for key, value in expected.items():
        assert recorded.get(key) == value, key
    meta = parse_file(stored).meta
    assert (meta.title, meta.author, meta.date) == (
        expected["title"],
        expected["author"],
        expected["date"],
    )
    assert meta.source == expected.get("source")


# -- storage and re-import ----------------------------------------------------------------


def test_original_kept_beside_the_text_and_reimport_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = FIXTURES / "popup_notes.html"
    stored = import_page(tmp_path, "popup_notes.html", capsys)
    recorded = front(stored)
    original = stored.parent / str(recorded["original"])
    assert original == stored.parent / ".originals" / "councils-and-parliaments.html"
    assert original.read_bytes() == page.read_bytes()
    assert recorded["imported_from"] == "popup_notes.html"

    # the user edits the text; the same page imported again is still recognised
    stored.write_text(stored.read_text(encoding="utf-8") + "\nMy own remark.\n", "utf-8")
    library = tmp_path / "lib"
    copy = tmp_path / "saved again.html"
    copy.write_bytes(page.read_bytes())
    code = main(["--library", str(library), "import", str(copy)])
    out, _ = capsys.readouterr()
    assert code == 1  # nothing imported
    assert "already in the library as councils-and-parliaments.md" in out.replace("\n", "")
    assert sorted(p.name for p in (library / "texts").iterdir()) == [
        ".originals",
        "councils-and-parliaments.md",
    ]
    assert "My own remark." in stored.read_text(encoding="utf-8")


def test_the_same_page_saved_again_is_recognised_by_its_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_page(tmp_path, "party_paper.html", capsys)
    resaved = tmp_path / "party_paper (1).html"
    page = (FIXTURES / "party_paper.html").read_bytes()
    resaved.write_bytes(page.replace(b"Most read", b"Trending now"))  # other bytes
    code = main(["--library", str(tmp_path / "lib"), "import", str(resaved)])
    out, _ = capsys.readouterr()
    assert code == 1  # nothing imported
    assert "already in the library as the-long-strike-of-1926-revisited.md" in out.replace("\n", "")
    assert len(list((tmp_path / "lib" / "texts").glob("*.md"))) == 1


def test_two_pages_with_the_same_title_do_not_collide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    first = FIXTURES / "plain_brackets.html"
    second = tmp_path / "other.html"
    second.write_bytes(first.read_bytes().replace(b"rightly so", b"quite rightly so"))
    for page in (first, second):
        assert main(["--library", str(library), "import", str(page)]) == 0
    names = sorted(p.name for p in (library / "texts" / ".originals").iterdir())
    assert names == [
        "the-fourth-estate-and-the-fifth-column-2.html",
        "the-fourth-estate-and-the-fifth-column.html",
    ]
    second_text = library / "texts" / "the-fourth-estate-and-the-fifth-column-2.md"
    assert front(second_text)["original"] == ".originals/" + names[0]


def test_title_and_author_options_win(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "lib"
    page = str(FIXTURES / "superscripts.html")
    argv = ["--library", str(library), "import", page, "--title", "Land", "--author", "E. V."]
    assert main(argv) == 0
    stored = library / "texts" / "land.md"
    assert (front(stored)["title"], front(stored)["author"]) == ("Land", "E. V.")


# -- errors and the network ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((FIXTURES / "no_content.html").read_bytes(), "found no article text in this page"),
        (b"", "the page is empty"),
        (b"   \n\t  ", "the page is empty"),
        (b"<html><body><p>Too short.</p></body></html>", "found no article text"),
    ],
)
def test_pages_without_an_article_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    library = tmp_path / "lib"
    code = main(["--library", str(library), "import", str(page)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip().count("\n") == 0
    assert str(page) in err and message in err
    assert not list((library / "texts").glob("*.md"))
    assert not (library / "texts" / ".originals").exists()


@pytest.mark.parametrize(
    ("name", "advice"), [("page.mhtml", "Web Page, HTML only"), ("book.azw3", "convert it to EPUB")]
)
def test_formats_we_do_not_read_are_named_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, advice: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n")
    code = main(["--library", str(tmp_path / "lib"), "import", str(path)])
    _, err = capsys.readouterr()
    assert code == 2 and advice in err and str(path) in err


def test_import_never_touches_the_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[str]
) -> None:
    library = tmp_path / "lib"
    pages = sorted(p for p in FIXTURES.glob("*.html") if p.name != "no_content.html")
    for page in pages:
        assert main(["--library", str(library), "import", str(page)]) == 0
    assert no_network == []
    assert len(list((library / "texts").glob("*.md"))) == len(pages)


def test_the_network_guard_itself_works(no_network: list[str]) -> None:
    import socket

    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.org", 80))
    assert no_network
