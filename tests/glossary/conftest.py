"""Helpers for the glossary tests: fixture glossaries and hand-built articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.glossary import Entry, Glossary
from reader.core.glossary.load import read_glossary_file
from reader.core.model import Article, Heading, Metadata, Note, Paragraph, Ref

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def fixture_glossary(name: str = "people.toml") -> Glossary:
    problems: list = []
    entries = read_glossary_file(FIXTURES / name, "bundled", problems)
    assert not problems, problems
    return Glossary(entries)


@pytest.fixture
def people() -> Glossary:
    return fixture_glossary()


def make_article(
    blocks: list[str | tuple[str, str]],
    notes: list[Note] | None = None,
    refs: dict[int, list[str]] | None = None,
) -> Article:
    """An article from blocks of text (``("heading", text)`` for a heading);
    ``refs`` maps a block index to note labels cited as ``[label]`` in it."""
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    start = 0
    notes = notes or []
    index = {n.label: i for i, n in enumerate(notes)}
    for i, n in enumerate(notes):
        n.index = i
    for i, block in enumerate(blocks):
        kind, text = block if isinstance(block, tuple) else ("paragraph", block)
        found = []
        for label in (refs or {}).get(i, []):
            at = text.index(f"[{label}]")
            found.append(Ref(label, at, at + len(label) + 2, index.get(label)))
        paragraphs.append(
            Paragraph(index=i, text=text, refs=tuple(found), kind=kind, start=start)  # type: ignore[arg-type]
        )
        if kind == "heading":
            headings.append(Heading(text, i))
        start += len(text) + 2
    return Article("test", Metadata("Test"), paragraphs, headings, notes, [], [])


def entry(name: str, kind: str = "person", *aliases: str, summary: str = "") -> Entry:
    return Entry(name, kind, tuple(aliases), summary=summary)
