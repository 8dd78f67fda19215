"""Which bracketed, superscript and symbol forms are footnote markers."""

from __future__ import annotations

import pytest

from reader.core.markers import MarkerFinder


def labels(text: str, notes: set[str] = frozenset(), markdown: bool = False) -> list[str]:  # type: ignore[assignment]
    refs = MarkerFinder(notes, markdown=markdown).find(text)
    for r in refs:
        assert text[r.start : r.end]  # offsets point at the marker
    return [r.label for r in refs]


@pytest.mark.parametrize(
    ("text", "notes", "expected"),
    [
        ("As he said.[12]", set(), ["12"]),
        ("France[1] was at war.", set(), ["1"]),
        ("the vote [3]and then", set(), ["3"]),
        ("a quotation.” [4] Then", set(), ["4"]),
        ("Marx wrote this¹² and that.", set(), ["12"]),
        ("an area of 40 km² near the river", set(), []),
        ("about 10⁶ people", set(), []),
        ("a formula x² here", set(), []),
        ("the Commune(11) fell", {"11"}, ["11"]),
        ("the Commune(11) fell", set(), []),
        ("the article (11) says", {"11"}, []),
        ("a famous phrase* here", {"*"}, ["*"]),
        ("a famous phrase* here", set(), []),
        ("the dagger† note", {"†"}, ["†"]),
        ("Pandoc style[^note-1] marker", set(), ["note-1"]),
        ("halo [sic] of the territories", set(), []),
        ("in [Russian] and [Ukrainian]", set(), []),
        ("the rising of [1868] was", set(), []),
        ("a cut […] here [...]", set(), []),
        ("[149] continues the chapter", set(), []),
        ("the year [1871]", {"1871"}, ["1871"]),
        ("a link [3](http://example.org) here", set(), []),
    ],
)
def test_marker_forms(text: str, notes: set[str], expected: list[str]) -> None:
    assert labels(text, notes) == expected


def test_number_far_out_of_sequence_is_not_a_missing_note() -> None:
    finder = MarkerFinder({"1", "2"})
    assert [r.label for r in finder.find("One.[1] Two.[2]")] == ["1", "2"]
    assert finder.find("as the index says [149] elsewhere") == ()
    assert [r.label for r in finder.find("Three.[3]")] == ["3"]


def test_markdown_emphasis_is_not_a_star_marker() -> None:
    assert labels("some *emphasis* here, and a star* note", {"*"}, markdown=True) == ["*"]
