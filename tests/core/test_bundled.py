"""The texts we ship exercise every resolver case, and parse as we wrote them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.explain import explain
from reader.core.model import Article
from reader.core.parse import parse_file

TEXTS = Path(__file__).resolve().parents[2] / "texts"


def load(name: str) -> Article:
    return parse_file(TEXTS / name)


def resolved(a: Article, label: str) -> tuple[str, str | None, str, str | None]:
    n = a.note(label)
    assert n is not None, label
    return (n.kind, n.resolves_to, n.status, n.page)


def test_paris_commune() -> None:
    a = load("paris-commune-1871.txt")
    assert (a.meta.publication, a.meta.date, a.meta.title, a.meta.author) == (
        "Reader Sample Texts",  # masthead
        "2026-11-21",  # date line
        "Seventy-two days in Paris",
        "Reader Sample Texts",  # standfirst ("…, writes Reader Sample Texts")
    )
    assert a.paragraphs[0].kind == "standfirst"
    assert len(a.headings) == 5 and a.missing_notes == []
    assert resolved(a, "3") == ("ibid", "2", "ok", None)
    assert resolved(a, "11") == ("op-cit", "1", "ok", None)
    assert resolved(a, "13") == ("ibid", "12", "ok", "679")
    assert resolved(a, "14") == ("ibid", "12", "ok", "679")  # chained Ibid. keeps the page
    assert resolved(a, "16") == ("ibid", "15", "ok", "334")
    assert resolved(a, "17") == ("op-cit", "7", "ok", "191")
    assert resolved(a, "18") == ("op-cit", "15", "ok", "328")  # narrowed by title, not note 8
    assert resolved(a, "19") == ("loc-cit", "7", "ok", "191")  # the same place as note 17
    assert a.note("4").kind == a.note("6").kind == "gloss"  # type: ignore[union-attr]
    assert a.note("5").kind == "url"  # type: ignore[union-attr]


def test_donbas() -> None:
    a = load("donbas-2014.txt")
    assert a.meta.title_provisional and a.meta.date == "2026-11-21"  # the dateline
    assert a.meta.author == "Reader Sample Texts"  # the bio line
    assert a.meta.publication == "Reader Sample Texts"  # "published in …"
    # the heading keeps its marker; the contents list shows it without
    assert len(a.headings) == 4 and a.headings[2].text == "Escalation and intervention"
    assert a.paragraphs[a.headings[2].paragraph].text.endswith("[7]")
    assert a.missing_notes == ["4", "9", "13"]
    assert resolved(a, "3") == ("ibid", "2", "ok", None)
    n10 = a.note("10")
    assert n10 and (n10.resolves_to, n10.status, n10.hint) == ("9", "missing-target", "8")
    assert resolved(a, "11") == ("op-cit", "1", "ok", None)
    assert resolved(a, "14") == ("loc-cit", "2", "ok", None)
    assert a.note("5").kind == a.note("12").kind == "gloss"  # type: ignore[union-attr]
    assert a.note("6").urls  # type: ignore[union-attr]
    assert a.paragraphs[-1].kind == "coda"
    labels = [r.label for p in a.paragraphs for r in p.refs]
    assert labels == [str(n) for n in range(1, 15)]  # [sic], [Russian]… are not markers
    assert "missing from this copy" in explain(a, n10).line()


def test_first_international() -> None:
    a = load("first-international.md")
    assert a.meta.author == a.meta.publication == "Reader Sample Texts"
    assert a.meta.source == "https://example.org/reader-sample-texts/first-international"
    assert resolved(a, "5") == ("ibid", "4", "ok", None)
    assert resolved(a, "12") == ("op-cit", "1", "ok", None)  # narrowed among 1, 2 and 7
    assert resolved(a, "13") == ("op-cit", "10", "ok", None)
    assert resolved(a, "14") == ("loc-cit", "4", "ok", None)
    assert a.note("hague") is not None and a.note("15").kind == "url"  # type: ignore[union-attr]


def test_tutorial() -> None:
    a = load("how-to-read-with-reader.md")
    assert a.meta.title == "How to read with reader"
    assert resolved(a, "again") == ("ibid", "grafton", "ok", None)
    assert len(a.headings) >= 6


@pytest.mark.parametrize("path", sorted(TEXTS.glob("*.*")), ids=lambda p: p.name)
def test_every_bundled_text_parses_cleanly(path: Path) -> None:
    if path.suffix not in (".txt", ".md"):
        pytest.skip("not a text")
    a = parse_file(path)
    assert a.diagnostics == [] and a.stripped_controls == 0
    assert a.unreferenced_notes == []
    for p in a.paragraphs:
        for r in p.refs:
            assert r.label in p.text[r.start : r.end]


# The names and the publication history our samples once carried: invented, and
# a reader may cite what a text says of itself.
INVENTED = ("Katrin Albers", "Ruth Kessler", "Alison Penrose", "Randzone", "Study Notes")


@pytest.mark.parametrize("path", sorted(TEXTS.glob("*.*")), ids=lambda p: p.name)
def test_the_samples_credit_themselves_honestly(path: Path) -> None:
    if path.suffix not in (".txt", ".md"):
        pytest.skip("not a text")
    text = path.read_text(encoding="utf-8")
    assert not [name for name in INVENTED if name in text]
    a = parse_file(path)
    assert a.meta.author in ("Reader Sample Texts", "The reader team")
