"""Acceptance on the two real articles in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.parse import parse_file
from reader.core.search import Searcher, sync


@pytest.fixture
def seeded(tmp_path: Path, seed_000: Path, seed_002: Path) -> Iterator[tuple[Library, Searcher]]:
    texts = tmp_path / "texts"
    texts.mkdir()
    for seed in (seed_000, seed_002):
        shutil.copy(seed, texts / seed.name)
    lib = Library(tmp_path)
    report = sync(lib)
    assert len(report.added) == 2 and not report.failed
    with Searcher(lib) as s:
        yield lib, s


def test_phrase_finds_seed_000_paragraphs(seeded: tuple[Library, Searcher], seed_000: Path) -> None:
    _, s = seeded
    hits = s.search('"dictatorship of the proletariat"').hits
    assert hits and hits[0].text == seed_000.stem
    article = parse_file(seed_000)
    hit = hits[0]
    best = " ".join(article.paragraphs[hit.paragraph].text.lower().split())
    assert "dictatorship of the proletariat" in best
    # Every listed paragraph holds at least one of the matched words.
    for p in hit.paragraphs:
        words = article.paragraphs[p].text.lower()
        assert "dictatorship" in words or "proletariat" in words
    assert hit.paragraph in hit.paragraphs
    heading = article.heading_for(hit.paragraph)
    assert hit.heading == (heading.text if heading else None)
    assert "[[dictatorship]]" in hit.snippet_marked.lower()


def test_plural_finds_singular(seeded: tuple[Library, Searcher]) -> None:
    _, s = seeded
    hits = s.search("revolutions").hits
    assert hits
    assert any(t.lower() == "revolution" for h in hits for t, m in h.snippet if m)


def test_strelkov_ranks_seed_002_first(seeded: tuple[Library, Searcher], seed_002: Path) -> None:
    _, s = seeded
    assert s.search("Strelkov").hits[0].text == seed_002.stem


def test_kautksy_suggests_kautsky(seeded: tuple[Library, Searcher]) -> None:
    _, s = seeded
    assert s.search("Kautksy").suggestion == "Kautsky"
