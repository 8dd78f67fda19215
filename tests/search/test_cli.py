"""``reader search`` / ``reader index`` from the outside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library import Library

ROOT = Path(__file__).resolve().parents[2]


def run(library: Library, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--library", str(library.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(library, "search", "ledger", "--json", capsys=capsys)
    assert code == 0
    data = json.loads(out)
    # One hit per paragraph that holds the word, in reading order.
    assert isinstance(data, list) and len(data) == 3
    assert [h["paragraph"] for h in data] == sorted(h["paragraph"] for h in data)
    for hit in data:
        assert set(hit) == {
            "kind",
            "text",
            "title",
            "paragraph",
            "heading",
            "note",
            "score",
            "snippet",
            "snippet_text",
            "spans",
        }
        assert hit["kind"] == "text" and hit["text"] == "commune-kitchens"
        assert hit["title"] == "Kitchens of the Besieged City" and hit["note"] is None
        assert isinstance(hit["paragraph"], int) and hit["heading"] in ("Who cooked", "The ledger")
        assert isinstance(hit["score"], float) and hit["score"] > 0
        assert "[[ledger]]" in hit["snippet"].lower()
        # spans: the matched words' offsets in snippet_text (the snippet without marks).
        assert hit["spans"] and all(
            hit["snippet_text"][a:b].lower() == "ledger" for a, b in hit["spans"]
        )


def test_json_is_an_empty_list_and_suggestion_on_stderr(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(library, "search", "Kautksy", "--json", capsys=capsys)
    assert code == 0 and json.loads(out) == []
    assert "Kautsky" in err


def test_in_filters_kinds(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(library, "search", "salt", "--in", "notes,glossary", "--json", capsys=capsys)
    assert json.loads(out) == []
    code, _, err = run(library, "search", "salt", "--in", "pictures", capsys=capsys)
    assert code == 2 and "unknown kind" in err


def test_human_output_prints_untrusted_text_verbatim(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    (library.texts_dir / "sic.txt").write_text(
        "A [bold]bracketed[/bold] quote [sic] about granaries.\n", encoding="utf-8"
    )
    code, out, _ = run(library, "search", "granaries", capsys=capsys)
    assert code == 0
    assert "[sic]" in out and "[bold]bracketed[/bold]" in out
    assert "granaries" in out and "1 paragraph in 1 text" in out


def test_malformed_query_is_one_line_exit_2(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(library, "search", "NOT", "salt", capsys=capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "only excludes" in err


def test_limit(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(library, "search", "salt", "--limit", "1", "--json", capsys=capsys)
    assert len(json.loads(out)) == 1


def test_index_and_rebuild(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(library, "index", capsys=capsys)
    assert code == 0 and out.startswith("4 texts indexed")
    code, out, _ = run(library, "index", "--rebuild", capsys=capsys)
    assert code == 0 and "4 new" in out


def test_search_never_imports_textual(library: Library) -> None:
    probe = (
        "import sys\n"
        "from reader.cli import main\n"
        f"code = main(['--library', {str(library.root)!r}, 'search', 'salt'])\n"
        "assert code == 0, code\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")


def test_core_search_imports_no_textual() -> None:
    probe = (
        "import sys, reader.core.search, reader.core.search.sync\n"
        "assert 'textual' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_search_heals_a_damaged_index(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    seg = next(p for p in library.index_dir.iterdir() if p.suffix == ".seg")
    seg.write_bytes(seg.read_bytes()[:100])
    code, out, err = run(library, "search", "salt", "--json", capsys=capsys)
    assert code == 0
    texts = [h["text"] for h in json.loads(out)]
    assert list(dict.fromkeys(texts)) == ["river-trade", "quiet-revolution"]
    assert "moved it to index.damaged" in err and err.count("\n") == 1


def test_the_count_says_about_only_when_it_is_an_estimate(
    library: Library, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    from reader.core.search import query

    _, out, _ = run(library, "search", "bread", "OR", "river", "--limit", "1", capsys=capsys)
    counted = out.strip().splitlines()[-1]
    assert counted.startswith("1 paragraph in 1 text") and "(of " in counted
    assert "about" not in counted
    real = query.Searcher.paragraphs
    monkeypatch.setattr(
        query.Searcher,
        "paragraphs",
        lambda self, *a, **kw: real(self, *a, **kw)._replace(exact=False),
    )
    _, out, _ = run(library, "search", "bread", "OR", "river", "--limit", "1", capsys=capsys)
    counted = out.strip().splitlines()[-1]
    assert counted.startswith("1 paragraph in 1 text") and "(of about " in counted
