"""Fixtures for the notes tests: a small library with texts written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.model import Article
from reader.core.notes import NoteStore
from reader.core.notes.model import Annotation, quote_at, text_sha256
from reader.core.parse import parse_text

# Our own prose, written for these tests (no text copied from anywhere).
COUNCILS = """+++
title = "Town Councils and Their Clerks"
author = "Ada Example"
date = "1999-04-02"
source = "https://example.org/councils"
+++

Every town council keeps minutes, and the clerk who writes them decides what the town \
will remember.[1] A motion that is never recorded was, for the archive, never made.

The clerks of the small river towns were often schoolteachers. They wrote in a careful \
hand, and they wrote what the mayor wished to read.[2]

Historians who trust the minutes too far repeat the mayor's version of events. The \
minutes are a source like any other; read them against the newspapers.[3]

Notes

[1] R. Clerk, Minutes and Memory (London, 1950), p. 12.
[2] Ibid., p. 40.
[3] Clerk, op. cit., p. 77.
"""


def make_article(source: str = COUNCILS, text_id: str = "councils") -> Article:
    return parse_text(source, text_id=text_id)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "lib")
    (lib.texts_dir).mkdir(parents=True)
    (lib.texts_dir / "councils.md").write_text(COUNCILS, encoding="utf-8")
    return lib


@pytest.fixture
def article() -> Article:
    return make_article()


def span(article: Article, passage: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th ``passage`` in the article's plain text."""
    at = -1
    for _ in range(occurrence):
        at = article.plain_text.index(passage, at + 1)
    return at, at + len(passage)


FERRIES = """+++
title = "Ferries of the Lower River"
author = "B. Sample"
date = "2003-07-14"
+++

Ferries crossed the lower river at four places, and each had its own customs.

The ferrymen kept *two* tariffs: one for townsfolk and one for strangers.[1] The second \
was "negotiable" [sic].[2]

Nobody wrote the tariffs down until the county insisted.[3] After that, the prices rose.

Notes

[1] C. Ledger, River Trades (Leeds, 1961), p. 3.
[3] Ibid., p. 9.
"""

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def fixed(
    article: Article,
    passage: str,
    n: int,
    note: str = "",
    tags: tuple[str, ...] = (),
    occurrence: int = 1,
) -> Annotation:
    start, end = span(article, passage, occurrence)
    plain = article.plain_text
    return Annotation(
        id=f"01900000-0000-7000-8000-{n:012d}",
        text_id=article.id,
        quote=quote_at(plain, start, end),
        start=start,
        end=end,
        paragraph=article.paragraph_at(start),
        text_sha256=text_sha256(plain),
        created=WHEN.replace(day=n),
        updated=WHEN.replace(day=n, hour=10),
        note=note,
        tags=tags,
    )


@pytest.fixture
def notes_library(library: Library) -> Library:
    (library.texts_dir / "ferries.md").write_text(FERRIES, encoding="utf-8")
    councils = make_article()
    ferries = make_article(FERRIES, "ferries")
    NoteStore(library, "councils").merge(
        [
            fixed(
                councils,
                "will remember.[1] A motion that is never recorded",
                1,
                "The clerk's silence *is* a decision.\nSee also the ferries essay.",
                ("archives", "clerks"),
            ),
            fixed(councils, "the mayor wished to read.[2]", 2, "Flattery, or fear?", ("clerks",)),
            fixed(councils, "read them against the newspapers.[3]", 3),
            fixed(councils, "The clerks of the small river towns", 4, "Lost passage", ("lost",)),
        ]
    )
    NoteStore(library, "ferries").merge(
        [
            fixed(
                ferries,
                'The second was "negotiable" [sic].[2]',
                5,
                "Note 2 is missing.",
                ("prices",),
            ),
            fixed(ferries, "the county insisted.[3]", 6, "", ("prices", "county")),
        ]
    )
    # The councils text changes: the fourth note's passage goes (an orphan).
    (library.texts_dir / "councils.md").write_text(
        COUNCILS.replace("The clerks of the small river towns were", "They"), encoding="utf-8"
    )
    return library
