"""What a saved page says about itself, read into our front matter keys."""

from __future__ import annotations

import pytest
from lxml import html

from reader.core.web.meta import iso_date, metadata


def meta_of(page: str) -> dict[str, str]:
    return metadata(html.document_fromstring(page), page)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2019-05-03T09:30:00+01:00", "2019-05-03"),
        ("2008/03/14", "2008-03-14"),
        ("25.05.2011", "2011-05-25"),
        ("March 3, 1921", "1921-03-03"),
        ("February 1903", "1903-02"),
        ("Sept. 1936", "1936-09"),
        ("1917", "1917"),
        ("2019-02-30", None),
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_iso_date(value: str, iso: str | None) -> None:
    assert iso_date(value) == iso


def test_the_articles_h1_not_the_sites() -> None:
    found = meta_of(
        "<html><head><title>Dual power in 1917 - The Study Circle</title></head><body>"
        '<header><h1 class="site">The Study Circle</h1></header>'
        "<main><h1>Dual power in 1917</h1><p>Text.</p></main></body></html>"
    )
    assert found["title"] == "Dual power in 1917"
    assert found["publication"] == "The Study Circle"


def test_json_ld_graph_and_a_saved_from_comment() -> None:
    page = (
        "<!-- saved from url=(0041)https://review.example.com/essays/commune -->\n"
        "<html><head><title>The Commune</title>"
        '<meta property="article:author" content="https://review.example.com/people/ana">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Review"},'
        '{"@type": "BlogPosting", "headline": "The Commune at 150", '
        '"author": [{"name": "Ana Lima"}, {"name": "Joe Park"}], '
        '"datePublished": "2021-03-18"}]}</script></head>'
        "<body><p>Text.</p></body></html>"
    )
    found = meta_of(page)
    assert found["title"] == "The Commune at 150"
    assert found["author"] == "Ana Lima and Joe Park"  # not the author's profile URL
    assert found["date"] == "2021-03-18"
    assert found["source"] == "https://review.example.com/essays/commune"


def test_a_page_that_says_nothing_gives_nothing() -> None:
    assert meta_of("<html><body><p>Just words.</p></body></html>") == {}
