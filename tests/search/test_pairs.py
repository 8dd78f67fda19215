"""The table of word pairs (reader.core.search.pairs): phrases found from it
are those found by checking positions (across stop words, accents, stems,
where a paragraph or a note ends and the next begins), and it stays in step
with the index, or unused."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.search import Searcher, pairs, sync, tidy
from reader.core.search.pairs import PairsReader

from .conftest import FIXTURE_TEXTS

Answers = list[tuple[str, str, int | None, str | None]]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """The fixture library with every word common (it is too small to have any)."""
    monkeypatch.setattr(pairs, "MIN_TEXTS", 1)
    monkeypatch.setattr(pairs, "SHARE", 0.0)
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE_TEXTS, root / "texts")
    lib = Library(root)
    sync(lib)
    return lib


def _answers(lib: Library, text: str, *, table: bool = True, known: bool = True) -> Answers:
    """The paragraphs found for ``text``; ``table``: with the table of pairs
    (which must then have answered, when the phrase's words are ``known``)."""
    with Searcher(lib) as s:
        used: list[bool] = []
        real = PairsReader.keys

        def keys(self: PairsReader, a: str, b: str, limit: int) -> list[str] | None:
            found = real(self, a, b, limit) if table else None
            used.append(found is not None)
            return found

        with pytest.MonkeyPatch.context() as m:
            m.setattr(PairsReader, "keys", keys)
            results = s.paragraphs(text, limit=50)
        assert results.exact, text
        if table and known and re.search(r'"\w+ [^"]+"', text):
            assert any(used), text  # the table answered
        return [(h.kind, h.text, h.paragraph, h.note) for h in results.hits]


PHRASES = [
    '"bread prices"',
    '"prices bread"',
    '"tax on salt"',  # a stop word inside
    '"tax salt"',  # the same pair: the stop word is not indexed
    '"Louise Milliere"',  # "Millière" in the text
    '"committee organise"',  # "committees organised"
    '"small green ledger"',
    '"green small ledger"',
    '"oil Vane"',  # the text's last word, the first note's first
    '"Kautsky Essays"',  # inside a note
    '"gloss Millière"',  # in a note only
    '"pamphlet" salt',
    '"cheap presses" OR "bread prices"',
    '"bread prices" -ledger',
]


@pytest.mark.parametrize("text", PHRASES)
def test_pairs_answer_as_positions_do(library: Library, text: str) -> None:
    assert _answers(library, text) == _answers(library, text, table=False)


def test_phrases_found(library: Library) -> None:
    def texts(text: str) -> set[str]:
        return {t for _, t, _, _ in _answers(library, text)}

    assert texts('"tax salt"') == texts('"tax on salt"') == {"quiet-revolution"}
    assert texts('"Louise Milliere"') >= {"commune-kitchens"}
    assert texts('"committee organise"') == {"commune-kitchens"}
    assert texts('"small green ledger"') == {"commune-kitchens"}
    assert texts('"prices bread"') == texts('"green small ledger"') == set()
    assert [(k, t, n) for k, t, _, n in _answers(library, '"gloss Millière"')] == [
        ("footnote", "commune-kitchens", "2")
    ]
    # Notes follow the text in its document: a phrase runs on from the text's
    # last word to the first note's first, as it always has.
    assert texts('"oil Vane"') == {"commune-kitchens"}


def test_the_table_follows_edits(library: Library) -> None:
    kitchens = library.texts_dir / "commune-kitchens.md"
    kitchens.write_text(
        kitchens.read_text(encoding="utf-8").replace("bread prices", "flour prices"),
        encoding="utf-8",
    )
    (library.texts_dir / "strike-diary.txt").unlink()
    river = library.texts_dir / "river-trade.md"
    river.write_text(river.read_text(encoding="utf-8") + "\nBread prices rose.\n", "utf-8")
    sync(library)
    for text in ('"bread prices"', '"dockers"', '"barges salt"'):
        assert _answers(library, text) == _answers(library, text, table=False), text
    assert {t for _, t, _, _ in _answers(library, '"bread prices"')} == {"river-trade"}
    # "flour" was not in the library when its common words were chosen.
    flour = _answers(library, '"flour prices"', known=False)
    assert {t for _, t, _, _ in flour} == {"commune-kitchens"}


def test_a_table_out_of_step_is_not_used(library: Library) -> None:
    """A table written for another commit (a crash between the two commits)
    is left unused: phrases are checked as before, and found."""
    db = sqlite3.connect(library.index_dir / pairs.FILE)
    db.execute("UPDATE meta SET value = '-7' WHERE name = 'generation'")
    db.commit()
    db.close()
    with Searcher(library) as s:
        assert not s._rank_stats().pairs.usable("bread", "price")  # type: ignore[union-attr]
        assert [h.text for h in s.paragraphs('"bread prices"').hits] == ["commune-kitchens"]
    river = library.texts_dir / "river-trade.md"
    river.write_text(river.read_text(encoding="utf-8") + "\nBread prices rose.\n", "utf-8")
    sync(library)  # cannot bring it in step: leaves it out of step
    with Searcher(library) as s:
        assert not s._rank_stats().pairs.usable("bread", "price")  # type: ignore[union-attr]
        assert {h.text for h in s.paragraphs('"bread prices"').hits} == {
            "commune-kitchens",
            "river-trade",
        }


def test_an_index_without_a_table_searches_as_before(library: Library) -> None:
    (library.index_dir / pairs.FILE).unlink()
    river = library.texts_dir / "river-trade.md"
    river.write_text(river.read_text(encoding="utf-8") + "\nBread prices rose.\n", "utf-8")
    sync(library)
    assert not (library.index_dir / pairs.FILE).exists()
    assert {t for _, t, _, _ in _answers(library, '"bread prices"', table=False)} == {
        "commune-kitchens",
        "river-trade",
    }
    sync(library, rebuild=True)  # a rebuild makes one
    assert (library.index_dir / pairs.FILE).exists()
    assert {t for _, t, _, _ in _answers(library, '"bread prices"')} == {
        "commune-kitchens",
        "river-trade",
    }


def test_a_merge_keeps_the_table_in_step(library: Library) -> None:
    river = library.texts_dir / "river-trade.md"
    river.write_text(river.read_text(encoding="utf-8") + "\nBread prices rose.\n", "utf-8")
    sync(library)
    assert tidy(library)
    with Searcher(library) as s:
        assert s._rank_stats().pairs.usable("bread", "price")  # type: ignore[union-attr]
    assert {t for _, t, _, _ in _answers(library, '"bread prices"')} == {
        "commune-kitchens",
        "river-trade",
    }


def test_pair_hashes_are_adjacent_common_words() -> None:
    text = "The Tax on Salt, in Millière's café; a cheap press."
    every = frozenset(["tax", "salt", "millier", "cafe", "cheap", "press"])
    pairs_of = ["tax salt", "salt millier", "millier cafe", "cafe cheap", "cheap press"]
    assert pairs.pair_hashes(text, every) == sorted({pairs.pair_hash(*p.split()) for p in pairs_of})
    some = frozenset(["tax", "salt", "cafe", "cheap"])
    assert pairs.pair_hashes(text, some) == sorted(
        {pairs.pair_hash("tax", "salt"), pairs.pair_hash("cafe", "cheap")}
    )


def test_common_words_are_those_of_many_texts(tmp_path: Path) -> None:
    paths = []
    for n in range(40):
        path = tmp_path / f"{n}.md"
        words = ["Barricades", "ledgers"] if n % 2 else ["barricade"]
        path.write_text(" ".join([*words, f"word{n}", "the"]), encoding="utf-8")
        paths.append(path)
    assert pairs.common_words(paths) == {"barricad", "ledger"}
    assert pairs.common_words(paths[: pairs.MIN_TEXTS - 1]) == frozenset()


def _pending(lib: Library) -> int:
    db = sqlite3.connect(lib.index_dir / pairs.FILE)
    try:
        return int(db.execute("SELECT count(*) FROM docs WHERE pending IS NOT NULL").fetchone()[0])
    finally:
        db.close()


def test_edited_texts_wait_until_tidied(library: Library) -> None:
    """A re-index leaves the pairs table as it is and notes the text's pairs
    apart (every phrase looks at it); tidying moves them in."""
    river = library.texts_dir / "river-trade.md"
    river.write_text(river.read_text(encoding="utf-8") + "\nBread prices rose.\n", "utf-8")
    touched = library.texts_dir / "quiet-revolution.md"
    touched.write_text(touched.read_text(encoding="utf-8") + "\n", "utf-8")  # same words
    sync(library)
    assert _pending(library) == 1  # the river text; the other's pairs did not change
    with Searcher(library) as s:
        table = s._rank_stats().pairs
        assert table is not None
        # A waiting text is looked at for the pairs it holds only.
        assert "text:river-trade" in (table.keys("bread", "price", 64) or [])
        assert (table.keys("cheap", "press", 64) or []) == ["text:quiet-revolution"]
    expected = {"commune-kitchens", "river-trade"}
    assert {t for _, t, _, _ in _answers(library, '"bread prices"')} == expected
    assert tidy(library)
    assert _pending(library) == 0
    assert {t for _, t, _, _ in _answers(library, '"bread prices"')} == expected


def test_a_sync_moves_some_when_many_wait(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pairs, "PENDING_AT_MOST", 1)
    monkeypatch.setattr(pairs, "MOVED_PER_SYNC", 2)
    for n, name in enumerate(("river-trade.md", "quiet-revolution.md", "commune-kitchens.md")):
        path = library.texts_dir / name
        path.write_text(path.read_text(encoding="utf-8") + f"\nBread prices rose {n}.\n", "utf-8")
    sync(library)
    assert _pending(library) == 1  # three waited: two moved
    assert len(_answers(library, '"bread prices"')) == 3 + 1  # and the kitchens' own
