"""Inline Markdown on hostile input: megabytes of markup characters in one
paragraph parse in seconds, and markup-looking text stays text."""

from __future__ import annotations

import time

import pytest

from reader.core.inline import shown_text
from reader.core.parse import parse_text


@pytest.mark.parametrize("piece", ["*`", "`*` ", "**_`[](", "[a](b"])
def test_ten_megabytes_of_stars_and_backticks_parse_in_seconds(piece: str) -> None:
    text = (piece * (10_000_000 // len(piece) + 1))[:10_000_000]
    t0 = time.perf_counter()
    article = parse_text(text + "\n", fmt="md")
    assert time.perf_counter() - t0 < 30  # the parser alone takes seconds on this
    assert "".join(p.text for p in article.paragraphs).replace(" ", "") == text.replace(" ", "")


def test_rich_markup_in_a_markdown_paragraph_stays_text() -> None:
    source = "See [bold]x[/] and [@click=app.quit]y[/] and [sic] with *stress*.\n"
    p = parse_text(source, fmt="md").paragraphs[0]
    assert shown_text(p.text, p.hidden) == (
        "See [bold]x[/] and [@click=app.quit]y[/] and [sic] with stress."
    )
