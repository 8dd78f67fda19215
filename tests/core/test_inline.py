"""Inline Markdown (reader.core.inline): what a Markdown paragraph shows, and
that its text and every offset stay as written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.inline import MOST_MARKUP, parse_inline, shown_text, web_links
from reader.core.model import Markup
from reader.core.parse import parse_text


def shown(text: str, atoms: list[tuple[int, int]] | None = None) -> str:
    hidden, _ = parse_inline(text, atoms or [])
    return shown_text(text, hidden)


def styled(text: str) -> list[tuple[str, str]]:
    _, markup = parse_inline(text)
    return [(m.kind, text[m.start : m.end]) for m in markup]


@pytest.mark.parametrize(
    ("text", "seen", "styles"),
    [
        ("The vote was *close* in May.", "The vote was close in May.", [("em", "close")]),
        ("The vote was _close_ in May.", "The vote was close in May.", [("em", "close")]),
        ("A **general** strike.", "A general strike.", [("strong", "general")]),
        ("A __general__ strike.", "A general strike.", [("strong", "general")]),
        ("Run `reader list` now.", "Run reader list now.", [("code", "reader list")]),
        ("``a ` tick``", "a ` tick", [("code", "a ` tick")]),
        ("`` `quoted` ``", "`quoted`", [("code", "`quoted`")]),
        (
            "See [the minutes](https://example.org/m) of May.",
            "See the minutes of May.",
            [("link", "the minutes")],
        ),
        (
            "Web: <https://example.org/a>.",
            "Web: https://example.org/a.",
            [("link", "https://example.org/a")],
        ),
        ("*one **two** three*", "one two three", [("em", "one **two** three"), ("strong", "two")]),
        ("***both***", "both", [("em", "**both**"), ("strong", "both")]),
        (
            "[*a pamphlet*](https://x.org)",
            "a pamphlet",
            [("link", "*a pamphlet*"), ("em", "a pamphlet")],
        ),
    ],
)
def test_markup_is_hidden_and_styled(text: str, seen: str, styles: list[tuple[str, str]]) -> None:
    assert shown(text) == seen
    assert styled(text) == styles


def test_code_spans_come_first() -> None:
    """Nothing inside backticks is markup: not emphasis, not a link."""
    text = "Type `*not emphasis* and [no](link)` here."
    assert shown(text) == "Type *not emphasis* and [no](link) here."
    assert styled(text) == [("code", "*not emphasis* and [no](link)")]


def test_a_code_span_wins_over_emphasis_that_crosses_it() -> None:
    assert shown("*a `b* c`") == "*a b* c"


@pytest.mark.parametrize(
    "text",
    [
        "An *unmatched asterisk stays.",
        "One _underscore alone.",
        "Two * spaced * stars are not emphasis.",
        "snake_case_name and other_name stay as typed.",
        "A backtick ` alone, and two `` with none of its length.",
        "[sic] and [Russian] are words in brackets.",
        "[bold]x[/] is text, not markup.",
        "A [bracket] then (a parenthesis) apart.",
        "2 * 3 * 4 is arithmetic.",
    ],
)
def test_what_is_not_markup_stays_visible(text: str) -> None:
    assert parse_inline(text) == ((), ())


def test_intraword_underscores_are_not_emphasis_but_stars_are() -> None:
    assert shown("my_var_name") == "my_var_name"
    assert shown("un*believ*able") == "unbelievable"


def test_backslash_escapes() -> None:
    text = r"Not \*emphasis\*, a \`tick\` and a \[bracket\](x)."
    assert shown(text) == "Not *emphasis*, a `tick` and a [bracket](x)."
    assert styled(text) == []
    assert (
        shown(r"A lone \ backslash and \a letter stay.")
        == r"A lone \ backslash and \a letter stay."
    )


def test_escapes_do_not_work_inside_code() -> None:
    assert shown(r"`a\*b`") == r"a\*b"


def test_footnote_markers_are_atoms_and_pandoc_markers_lose_the_caret() -> None:
    text = "A claim.[^note_one] And *more*[^2]."
    atoms = [(8, 19), (30, 34)]
    assert text[8:19] == "[^note_one]"
    assert shown(text, atoms) == "A claim.[note_one] And more[2]."


def test_link_address_and_title() -> None:
    hidden, markup = parse_inline('Read [the report](<https://x.org/a b> "A title") today.')
    assert markup == (Markup("link", 6, 16, "https://x.org/a b"),)
    hidden, markup = parse_inline(r"[x](https://x.org/a\_b(c))")
    assert markup[0].url == "https://x.org/a_b(c)"


def test_a_link_inside_a_link_is_text() -> None:
    assert styled("[a [b](u) c](v)") == [("link", "b")]


def test_offsets_point_into_the_unchanged_text() -> None:
    text = "Before `code` and *em* and [link](https://x.org) after."
    hidden, markup = parse_inline(text)
    for s, e in hidden:
        assert 0 <= s < e <= len(text)
    assert [text[s:e] for s, e in hidden] == ["`", "`", "*", "*", "[", "](https://x.org)"]
    assert all(0 <= m.start <= m.end <= len(text) for m in markup)


def test_the_parser_fills_markdown_paragraphs_only() -> None:
    md = parse_text("A line with *stress* and `code`.\n\nAnother.\n", fmt="md")
    txt = parse_text("A line with *stress* and `code`.\n\nAnother.\n", fmt="txt")
    p = md.paragraphs[0]
    assert p.text == "A line with *stress* and `code`."
    assert shown_text(p.text, p.hidden) == "A line with stress and code."
    assert [m.kind for m in p.markup] == ["em", "code"]
    assert txt.paragraphs[0].hidden == () and txt.paragraphs[0].markup == ()
    assert md.to_dict()["paragraphs"][0]["markup"][0] == {
        "kind": "em",
        "start": 13,
        "end": 19,
        "url": "",
    }


def test_a_code_fence_is_code_and_never_markup() -> None:
    article = parse_text("Text first.\n\n```\nx = a*b*c\n```\n\nAfter.\n", fmt="md")
    fence = article.paragraphs[1]
    assert fence.text == "x = a*b*c"
    assert fence.hidden == ()
    assert fence.markup == (Markup("code", 0, len(fence.text)),)


def test_a_heading_is_listed_as_it_reads() -> None:
    source = "An opening paragraph.\n\n## The *Manifesto* and `code`\n\nText of the section.\n"
    article = parse_text(source, fmt="md")
    assert article.paragraphs[article.headings[0].paragraph].text == "The *Manifesto* and `code`"
    assert article.headings[0].text == "The Manifesto and code"


def test_pandoc_markers_in_the_parsed_tree() -> None:
    article = parse_text("A claim.[^src] More.\n\n[^src]: A source, 1999.\n", fmt="md")
    p = article.paragraphs[0]
    assert shown_text(p.text, p.hidden) == "A claim.[src] More."
    assert p.refs[0].label == "src"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("*_`[]()<>\\ ab:^.\n")), max_size=60))
def test_any_text_gives_sorted_disjoint_ranges_inside_it(text: str) -> None:
    hidden, markup = parse_inline(text)
    last = 0
    for s, e in hidden:
        assert last <= s < e <= len(text)
        last = e
    for m in markup:
        assert 0 <= m.start <= m.end <= len(text)


def test_megabytes_of_stars_and_backticks_parse_in_seconds() -> None:
    for piece in ("*`", "**a ", "`` ` ", "[a](", "_a*b `c` "):
        text = piece * (10_000_000 // len(piece))
        t0 = time.perf_counter()
        parse_inline(text)
        assert time.perf_counter() - t0 < 2
    # Just under the limit, every character is markup and is still read in time.
    dense = "*a* `b` " * (MOST_MARKUP // 5)
    t0 = time.perf_counter()
    hidden, markup = parse_inline(dense)
    assert time.perf_counter() - t0 < 5
    assert len(markup) == 2 * (MOST_MARKUP // 5)


def test_web_links_are_the_addresses_a_browser_may_open() -> None:
    _, markup = parse_inline(
        "[a](https://x.org/a) [b](javascript:alert(1)) [c](#p12) [d](mailto:x@y.org) "
        "[e](https://x.org/a) <ftp://x.org/f>"
    )
    assert web_links(markup) == ("https://x.org/a", "mailto:x@y.org", "ftp://x.org/f")


def test_reader_show_draws_markdown_as_the_app_does_and_export_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = tmp_path / "lib" / "texts"
    texts.mkdir(parents=True)
    (texts / "t.md").write_text(
        "An opening line of the text, long enough.\n\n"
        "Run `reader list` to see *every* text.[^1]\n\n[^1]: A. Author, *A Title*, 1999.\n",
        encoding="utf-8",
    )
    assert main(["--library", str(tmp_path / "lib"), "show", "t"]) == 0
    out = capsys.readouterr().out
    assert "Run reader list to see every text.[1]" in out
    assert "A. Author, A Title, 1999." in out
    lib = str(tmp_path / "lib")
    assert main(["--library", lib, "notes", "add", "t", "--quote", "*every* text"]) == 0
    capsys.readouterr()
    assert main(["--library", lib, "export", "--format", "json"]) == 0
    assert '"*every* text"' in capsys.readouterr().out  # the source form
