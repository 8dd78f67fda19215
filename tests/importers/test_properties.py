"""Whatever HTML a page holds, conversion ends in a text the parser reads, or
in a ReaderError: never a crash, never a sentinel left behind."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import ReaderError
from reader.core.parse import parse_text
from reader.core.web.notes import CLOSE, OPEN
from reader.core.web.page import convert_html

# the private-use characters are the converter's own sentinels: a page holding them
# must not make a note reference of its text
WORDS = st.text(
    alphabet="abcdefghij klmnop.,;:1234567890*()-#éü’\ue000\ue001\ue003", min_size=0, max_size=60
)
IDS = st.sampled_from(["n1", "n2", "f1", "x"])


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["p", "div", "sup", "a", "span", "h2", "ol", "li", "aside", "em"]))
    attrs = ""
    if draw(st.booleans()):
        attrs += f' id="{draw(IDS)}"'
    if tag == "a" and draw(st.booleans()):
        attrs += f' href="#{draw(IDS)}"'
    if draw(st.integers(0, 5)) == 0:
        attrs += f' title="{draw(WORDS)}"'
    if draw(st.integers(0, 6)) == 0:
        attrs += ' role="doc-noteref"'
    children = ""
    if depth < 3:
        children = "".join(draw(st.lists(element(depth + 1), max_size=3)))
    return f"<{tag}{attrs}>{draw(WORDS)}{children}</{tag}>{draw(WORDS)}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(element(), min_size=1, max_size=6))
def test_any_page_converts_or_fails_cleanly(parts: list[str]) -> None:
    filler = "<p>" + "A sentence of the article that is long enough to count. " * 4 + "</p>"
    page = f"<html><body><article>{filler}{''.join(parts)}</article></body></html>"
    try:
        converted = convert_html(page.encode("utf-8"), Path("random.html"))
    except ReaderError as err:
        assert "random.html" in str(err)
        return
    assert OPEN not in converted.body and CLOSE not in converted.body
    assert "\ue003" not in converted.body
    article = parse_text("+++\ntitle = 'x'\n+++\n\n" + converted.body, fmt="md")
    assert article.paragraphs
