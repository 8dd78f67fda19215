"""``reader sources`` and ``reader export --format csl-json|bibtex``, read back
as Zotero would read them (the CSL-JSON schema, ``bibtexparser``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from reader.cli import main
from tests.conftest import FIXTURES

# Our own texts: the same book cited by initials in one and by full name in the
# other, Ibid. and op. cit., a title with characters LaTeX treats specially.
STRIKE = """+++
title = "The long strike"
author = "Ada Quill"
+++

The dockers came out in August.[1] Their paper printed the demands.[2]

The owners held out for a month.[3] The settlement split the union.[4]

Notes

[1] J Doe The long strike: dockers in 1889 London 1990, p10.
[2] R Roe, 'Notes on the demands' Weekly Worker June 3 2001.
[3] Ibid.
[4] J Doe, op cit p40.
"""
SHIPS = """+++
title = "Ships and unions"
+++

The union grew fastest on the river.[1] Its records are patchy.[2]

Notes

[1] John Doe, The Long Strike, London: Verso, 1990, p. 12.
[2] M. Fenn, *Profit & Loss: 50% of the {river} trade*, Leeds: Northern Press, 2004, p. 3.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "strike.md").write_text(STRIKE)
    (root / "texts" / "ships.md").write_text(SHIPS)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


KEYS = [
    "id",
    "kind",
    "authors",
    "title",
    "container",
    "volume",
    "place",
    "publisher",
    "year",
    "url",
    "cited",
]


def test_sources_of_a_text_as_json(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "sources", "strike", "--json")
    assert code == 0
    works = json.loads(out)
    assert [list(w) for w in works] == [KEYS, KEYS]
    book, article = works
    assert book["id"] == "doe1990long"
    assert book["authors"] == [{"given": "J", "family": "Doe"}]
    assert (book["title"], book["place"], book["year"], book["publisher"]) == (
        "The long strike: dockers in 1889",
        "London",
        1990,
        None,
    )
    assert book["cited"] == [
        {"text": "strike", "note": "1", "paragraph": 0, "locator": "10"},
        {"text": "strike", "note": "4", "paragraph": 1, "locator": "40"},
    ]
    assert article["kind"] == "article" and article["container"] == "Weekly Worker"
    assert [c["note"] for c in article["cited"]] == ["2", "3"]


def test_sources_of_a_file_outside_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "loose.txt"
    path.write_text(SHIPS.split("+++\n", 2)[2])
    code, out, _ = run(capsys, "sources", str(path), "--json")
    assert code == 0
    assert [w["id"] for w in json.loads(out)] == ["doe1990long", "fenn2004profit"]
    code, out, _ = run(capsys, "sources", str(path))
    assert code == 0 and "2 works cited 2 times" in out and "¶1, note 1, p. 12" in out


def test_sources_across_the_library_read_the_index_not_the_texts(
    capsys: pytest.CaptureFixture[str], library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "--library", str(library), "index")[0] == 0
    import reader.core.parse

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a text was parsed")

    monkeypatch.setattr(reader.core.parse, "parse_text", no_parsing)
    code, out, _ = run(capsys, "--library", str(library), "sources", "--json")
    assert code == 0
    works = json.loads(out)
    first = works[0]
    assert first["id"] == "doe1990long"  # initials and the full name: one work
    assert {(c["text"], c["note"]) for c in first["cited"]} == {
        ("strike", "1"),
        ("strike", "4"),
        ("ships", "1"),
    }
    assert len(works) == 3
    code, out, _ = run(capsys, "--library", str(library), "sources")
    assert code == 0 and "The long strike: ¶1, note 1, p. 10" in out


def test_csl_json_export_fits_the_schema(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "export", "--format", "csl-json")
    assert code == 0
    items = json.loads(out)
    schema = json.loads((FIXTURES / "csl" / "csl-data.json").read_text())
    jsonschema.validate(items, schema)
    by_id = {item["id"]: item for item in items}
    book = by_id["doe1990long"]
    assert book["type"] == "book"
    # the fullest of the two readings: the one with a publisher
    assert book["author"] == [{"family": "Doe", "given": "John"}]
    assert book["publisher"] == "Verso"
    assert book["issued"] == {"date-parts": [[1990]]}
    assert book["note"].startswith("Cited in: ")
    assert "The long strike ¶1, note 1, p. 10" in book["note"]
    assert by_id["roe2001notes"]["type"] == "article-newspaper"


def test_bibtex_export_reads_back(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "works.bib"
    code, _, err = run(
        capsys,
        *("--library", str(library), "export", "--format", "bibtex", "-o", str(out_file)),
    )
    assert code == 0 and "3 works written" in err
    parsed = bibtexparser.parse_string(
        out_file.read_text(), append_middleware=[LatexDecodingMiddleware()]
    )
    assert not parsed.failed_blocks
    entries = {e.key: e for e in parsed.entries}
    assert set(entries) == {"doe1990long", "roe2001notes", "fenn2004profit"}
    fenn = entries["fenn2004profit"]
    assert fenn.entry_type == "book"
    assert fenn["title"] == "Profit & Loss: 50% of the {river} trade"
    assert fenn["author"] == "Fenn, M."
    assert entries["roe2001notes"].entry_type == "article"
    assert entries["roe2001notes"]["journal"] == "Weekly Worker"
    assert "Ships and unions ¶1, note 1, p. 12" in entries["doe1990long"]["note"]


def test_export_of_some_texts_and_wrong_options(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    lib = ("--library", str(library))
    code, out, _ = run(capsys, *lib, "export", "ships", "--format", "bibtex")
    # the text's own entry (the key `y` pastes), then the two works it cites
    assert (
        code == 0 and out.count("\n@") + out.startswith("@") == 3 and out.startswith("@book{ships,")
    )
    code, _, err = run(capsys, *lib, "export", "--format", "bibtex", "--tag", "x")
    assert code == 2 and err.count("\n") == 1 and "--tag" in err


def test_seed_000_sources(capsys: pytest.CaptureFixture[str], seed_000: Path) -> None:
    code, out, _ = run(capsys, "sources", str(seed_000), "--json")
    assert code == 0
    works = json.loads(out)
    assert len(works) == 8
    assert [c["note"] for c in works[0]["cited"]] == ["2", "6", "10"]


def test_search_cites_finds_the_citing_paragraphs(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    lib = ("--library", str(library))
    code, out, _ = run(capsys, *lib, "search", "cites:Doe", "--json")
    assert code == 0
    hits: dict[str, dict[str, Any]] = {}
    for h in json.loads(out):  # results are paragraphs: each text's first
        hits.setdefault(h["text"], h)
    assert set(hits) == {"strike", "ships"}
    assert hits["strike"]["paragraph"] == 0 and "[[[1]]]" in hits["strike"]["snippet"]
    assert hits["ships"]["paragraph"] == 0
    # by title words too, and only the works that hold them all
    code, out, _ = run(capsys, *lib, "search", 'cites:"notes on the demands"', "--json")
    # (results are paragraphs: the Ibid. in the next paragraph cites it too)
    assert [(h["text"], h["paragraph"]) for h in json.loads(out)][0] == ("strike", 0)
    assert {h["text"] for h in json.loads(out)} == {"strike"}
    code, out, _ = run(capsys, *lib, "search", "cites:Fenn")
    assert code == 0 and "Ships and unions" in out and "The long strike" not in out
