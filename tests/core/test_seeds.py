"""Acceptance: the two real articles in ../shared/seeds parse exactly."""

from __future__ import annotations

from pathlib import Path

from reader.core.parse import parse_file


def _labels(article):  # type: ignore[no-untyped-def]
    return [r.label for p in article.paragraphs for r in p.refs]


def test_seed_000_metadata_headings_notes(seed_000: Path) -> None:
    a = parse_file(seed_000)
    assert a.meta.title == "Inspirational feats and heroic failure"
    assert a.meta.date == "2011-05-25"
    assert a.meta.author == "Nick Rogers"
    assert a.meta.publication == "WeeklyWorker"
    assert not a.meta.title_provisional
    assert len(a.headings) == 7
    assert a.headings[3].text == "‘Dictatorship of the proletariat’"
    assert _labels(a) == [str(n) for n in range(1, 11)]
    assert [n.label for n in a.notes] == [str(n) for n in range(1, 11)]
    assert a.missing_notes == [] and a.unreferenced_notes == []
    n6, n10, n4 = a.note("6"), a.note("10"), a.note("4")
    assert n6 and n10 and n4
    assert (n6.kind, n6.resolves_to, n6.status) == ("op-cit", "2", "ok")
    assert (n10.kind, n10.resolves_to, n10.status, n10.page) == ("op-cit", "2", "ok", "212")
    assert n4.kind == "citation" and n4.resolves_to is None
    # the standfirst is kept (the user's words) but is not a heading
    assert a.paragraphs[0].kind == "standfirst"


def test_seed_000_markers_point_at_their_text(seed_000: Path) -> None:
    a = parse_file(seed_000)
    for p in a.paragraphs:
        for r in p.refs:
            assert p.text[r.start : r.end] == f"[{r.label}]"


def test_seed_000_single_newline_paragraphs_stay_apart(seed_000: Path) -> None:
    # One block in this file has two long paragraphs separated by a single newline.
    a = parse_file(seed_000)
    texts = [p.text for p in a.paragraphs]
    assert not any("[1] The counterrevolution" in t for t in texts)
    assert any(t.startswith("The counterrevolution") for t in texts)


def test_seed_002(seed_002: Path) -> None:
    a = parse_file(seed_002)
    assert a.meta.date == "2014-06-29"
    assert a.meta.title_provisional
    assert len(a.headings) == 4
    assert a.paragraphs[a.headings[3].paragraph].text.endswith("[21]")
    assert not a.headings[3].text.endswith("]")  # listed without its marker
    labels = _labels(a)
    assert labels == [str(n) for n in range(1, 41)]
    for p in a.paragraphs:
        for r in p.refs:
            assert p.text[r.start : r.end] == f"[{r.label}]"
    present = ["1", "2", "8", "10", "11", "12", "13", "19", "20", "21", "29", "32", "35"]
    assert [n.label for n in a.notes] == present
    assert len(a.missing_notes) == 27
    assert set(a.missing_notes) == {str(n) for n in range(1, 41)} - set(present)
    n20 = a.note("20")
    assert n20 and len(n20.urls) == 2
    for label in ("10", "11", "12"):
        n = a.note(label)
        assert n and (n.kind, n.resolves_to, n.status) == ("ibid", "9", "missing-target")
        assert n.hint == "8"
    for label, target in (("29", "28"), ("35", "34")):
        n = a.note(label)
        assert n and (n.resolves_to, n.status) == (target, "missing-target")
    n35 = a.note("35")
    assert n35 and n35.text == "Ibid."
    assert a.paragraphs[-1].kind == "coda"
    for label in ("19", "21", "32"):
        n = a.note(label)
        assert n and n.kind == "gloss"
    for label in ("1", "8"):
        n = a.note(label)
        assert n and n.kind == "url"


def test_seed_002_editorial_brackets_are_not_markers(seed_002: Path) -> None:
    a = parse_file(seed_002)
    for p in a.paragraphs:
        for word in ("[Ukrainian]", "[Russian]", "[sic]"):
            at = p.text.find(word)
            if at >= 0:
                assert all(not (r.start <= at < r.end) for r in p.refs)
    assert any("[sic]" in p.text for p in a.paragraphs)
