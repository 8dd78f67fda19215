"""A small library of our own articles (footnotes, accents, headings), indexed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.search import Searcher, sync

FIXTURE_TEXTS = Path(__file__).resolve().parent / "library" / "texts"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE_TEXTS, root / "texts")
    lib = Library(root)
    sync(lib)
    return lib


@pytest.fixture
def searcher(library: Library) -> Iterator[Searcher]:
    with Searcher(library) as s:
        yield s
