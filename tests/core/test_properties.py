"""Any text parses without raising, and every ref points at its marker."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import ReaderError
from reader.core.parse import parse_text

PIECES = st.sampled_from(
    [
        "[1]",
        "[2]",
        "[^a]",
        "¹",
        "²",
        "(3)",
        "*",
        "†",
        "[sic]",
        "Notes",
        "\n",
        "\n\n",
        "Ibid.",
        "op. cit.",
        "[1] ",
        "1. ",
        "+++",
        "# ",
        "km²",
        "http://x.org/a",
        " ",
        ".",
        "June 29, 2014",
        "25.05.2011",
        "writes Ann Bo",
        "“",
        "”",
        "\r\n",
        "\x1b[2J",
        "\t",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_any_text_parses_and_offsets_round_trip(text: str) -> None:
    try:
        a = parse_text(text)
    except ReaderError:
        return  # front matter that is not TOML: a clear error, not a crash
    plain = a.plain_text
    for p in a.paragraphs:
        assert plain[p.start : p.end] == p.text
        for r in p.refs:
            marker = p.text[r.start : r.end]
            assert r.label in marker.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    labels = {n.label for n in a.notes}
    assert set(a.missing_notes).isdisjoint(labels)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(ReaderError):
        parse_text(data)


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_parsing_is_deterministic(text: str) -> None:
    try:
        first = parse_text(text).to_dict()
    except ReaderError:
        return
    assert parse_text(text).to_dict() == first
