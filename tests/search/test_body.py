"""Stored texts come back slice by slice, exactly as they went in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.search.body import CHUNK, Body, pack

TEXT = ("Millière’s kitchen fed the ward — ½ ration, 𝔭 ü. " * 200)[: CHUNK * 3 + 17]


@pytest.mark.parametrize(
    ("start", "stop"),
    [(0, 0), (0, 5), (CHUNK - 3, CHUNK + 3), (5, CHUNK * 2 + 9), (CHUNK * 3, CHUNK * 3 + 17)],
)
def test_slices_across_chunks(start: int, stop: int) -> None:
    body = Body(pack(TEXT))
    assert len(body) == len(TEXT)
    assert body[start:stop] == TEXT[start:stop]


def test_a_snippet_reads_only_the_chunks_it_shows() -> None:
    body = Body(pack(TEXT))
    assert body[CHUNK + 1 : CHUNK + 40] == TEXT[CHUNK + 1 : CHUNK + 40]
    assert list(body._chunks) == [1]


def test_truncated_raw_is_refused() -> None:
    with pytest.raises(ValueError):
        Body(pack(TEXT)[:-5])


@given(st.text(max_size=3 * CHUNK), st.integers(0, 4 * CHUNK), st.integers(0, 4 * CHUNK))
def test_round_trip(text: str, a: int, b: int) -> None:
    body = Body(pack(text))
    assert str(body) == text
    assert body[a:b] == text[a:b]
