"""The real seed articles with the bundled glossary (skipped when either is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.glossary import annotate, load_glossary, pane_items, suggest
from reader.core.library import Library
from reader.core.parse import parse_file

from .conftest import REPO


@pytest.fixture
def bundled() -> Library:
    if not (REPO / "texts" / "glossary.toml").is_file():
        pytest.skip("texts/glossary.toml is not written yet")
    return Library(REPO)


def annotated(path: Path, library: Library):
    article = parse_file(path)
    glossary, problems = load_glossary(library, article)
    assert problems == [], [str(p) for p in problems]
    notes = annotate(article, glossary)
    return article, glossary, notes


def spans(article, name: str) -> list[str]:
    return [
        p.text[m.start : m.end] for p in article.paragraphs for m in p.mentions if m.entry == name
    ]


def assert_aligned(article) -> None:
    for p in article.paragraphs:
        for m in p.mentions:
            span = p.text[m.start : m.end]
            assert span[:1].isalnum() and span[-1:].isalnum(), (p.index, m, span)
            assert m.end == len(p.text) or not p.text[m.end].isalnum()


def test_seed_000_mentions(seed_000, bundled):
    article, glossary, notes = annotated(seed_000, bundled)
    assert_aligned(article)
    entries = {m.entry for p in article.paragraphs for m in p.mentions}
    assert len(entries) >= 30, sorted(entries)
    marx = spans(article, "Karl Marx")
    assert marx and all(not s.startswith("Marxis") for s in marx)
    for p in article.paragraphs:
        for m in p.mentions:
            if m.entry == "Karl Marx":
                assert not p.text[m.start :].startswith(("Marxist", "Marxism"))
    galliffet = glossary.lookup("Gallifet")
    assert galliffet and "Gallifet" in spans(article, galliffet[0].name)
    flourens = glossary.lookup("Gustave Flourens")[0].name
    assert "Goustave Flourens" in spans(article, flourens)
    nieuwenhuis = glossary.lookup("Ferdinand Domela Nieuwenhuis")[0].name
    assert any("Nieuwenhius" in s for s in spans(article, nieuwenhuis))
    k_marx = [
        m
        for label in ("2", "4", "5", "6", "10")
        for m in notes[label]
        if article.note(label).text[m.start : m.end] == "K Marx"
    ]
    assert len(k_marx) == 5 and {m.entry for m in k_marx} == {"Karl Marx"}


def test_seed_002_mentions_and_gloss_notes(seed_002, bundled):
    article, glossary, notes = annotated(seed_002, bundled)
    assert_aligned(article)
    entries = {m.entry for p in article.paragraphs for m in p.mentions}
    assert len(entries) >= 25, sorted(entries)
    # the paragraphs citing gloss notes 19, 21 and 32 show them in the pane
    shown = set()
    for i in range(len(article.paragraphs)):
        for item in pane_items(article, i, glossary):
            if item.kind == "note":
                shown.add(item.label)
    assert {"19", "21", "32"} <= shown
    assert not any(spans(article, "Links") and s == "links" for s in spans(article, "Links"))


def test_seed_002_suggestions_are_names(seed_002, bundled):
    article, glossary, _ = annotated(seed_002, bundled)
    names = [s.name for s in suggest(article, glossary)]
    for common in ("The", "However", "But", "June", "May", "Kagarlitsky", "Strelkov"):
        assert common not in names
