"""The W3C export: every annotation passes the MUST assertions of the W3C test suite."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reader.core.library import Library
from reader.core.notes.export import gather
from reader.core.notes.w3c import collection, to_w3c


def _validators(suite: Path) -> list[tuple[str, Any]]:
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = {}
    for path in [*suite.glob("definitions/*.json"), *suite.glob("annotations/**/*.json")]:
        schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT4))
        for name, schema in schemas.items()
    )
    musts = json.loads((suite / "annotations" / "annotationMusts.test").read_text("utf-8"))
    out = []
    for assertion in musts["assertions"]:
        schema = schemas[Path(assertion).name]
        out.append((assertion, Draft4Validator(schema, registry=registry)))
    return out


def test_every_annotation_passes_the_w3c_musts(notes_library: Library, w3c_tests_dir: Path) -> None:
    validators = _validators(w3c_tests_dir)
    assert len(validators) > 40
    doc = collection(gather(notes_library))
    items = doc["first"]["items"]
    assert len(items) == doc["total"] == 6
    for item in items:
        for name, validator in validators:
            errors = [e.message for e in validator.iter_errors(item)]
            assert not errors, f"{item['id']} fails {name}: {errors}"


def test_a_broken_annotation_fails_the_suite(w3c_tests_dir: Path) -> None:
    """The check can fail: an annotation without @context or target does."""
    validators = _validators(w3c_tests_dir)
    broken = {"id": "urn:x", "type": "Annotation", "body": [{"type": "TextualBody"}]}
    assert any(not v.is_valid(broken) for _, v in validators)


def test_bodies_and_selectors(notes_library: Library) -> None:
    doc = json.loads(to_w3c(gather(notes_library)))
    assert doc["type"] == "AnnotationCollection"
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    first, *_, orphan = doc["first"]["items"][:4]
    assert first["motivation"] == "commenting"
    assert first["body"][0] == {
        "type": "TextualBody",
        "value": first["body"][0]["value"],
        "format": "text/plain",
        "purpose": "commenting",
    }
    assert [b["value"] for b in first["body"] if b["purpose"] == "tagging"] == [
        "archives",
        "clerks",
    ]
    selectors = {s["type"]: s for s in first["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"].startswith("will remember.[1]")
    assert "prefix" in selectors["TextQuoteSelector"]
    assert "suffix" in selectors["TextQuoteSelector"]
    assert selectors["TextPositionSelector"]["end"] > selectors["TextPositionSelector"]["start"]
    assert first["target"]["source"] == "https://example.org/councils"  # the text's own URL
    assert first["id"] == "urn:uuid:01900000-0000-7000-8000-000000000001"
    # An orphan's old offsets point at nothing: it keeps the quote selector only.
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    highlight = doc["first"]["items"][2]
    assert highlight["motivation"] == "highlighting" and "body" not in highlight


@pytest.mark.parametrize("note_id", ["not-a-uuid", "with space"])
def test_ids_are_always_iris(note_id: str) -> None:
    from reader.core.notes.model import Annotation, Quote
    from reader.core.notes.w3c import note_iri

    now = datetime.now(UTC)
    a = Annotation(
        id=note_id,
        text_id="t",
        quote=Quote("x"),
        start=0,
        end=1,
        paragraph=0,
        text_sha256="",
        created=now,
        updated=now,
    )
    assert note_iri(a).startswith("urn:reader:note:") and " " not in note_iri(a)


def _positions_hold(doc: dict[str, Any], texts: dict[str, str]) -> int:
    """Every position selector picks out its quote selector's exact words; how many."""
    checked = 0
    for item in doc["first"]["items"]:
        by_type = {s["type"]: s for s in item["target"]["selector"]}
        if "TextPositionSelector" not in by_type:
            continue
        text = texts[item["target"]["source"]]
        pos, quote = by_type["TextPositionSelector"], by_type["TextQuoteSelector"]
        assert text[pos["start"] : pos["end"]] == quote["exact"], item["id"]
        assert text[: pos["start"]].endswith(quote.get("prefix", ""))
        assert text[pos["end"] :].startswith(quote.get("suffix", ""))
        checked += 1
    return checked


def test_positions_count_code_points_of_the_stored_file(notes_library: Library) -> None:
    """Offsets in the file as stored (front matter, wrapped lines, accents and all)."""
    path = notes_library.texts_dir / "ferries.md"
    wrapped = (
        path.read_text(encoding="utf-8")
        .replace("Ferries crossed", "Fërries — ĉrossed 🚢\nthe water. Ferries crossed")
        .replace("The second \\\nwas", "The second\nwas")
    )
    path.write_text(
        wrapped.replace("the county\ninsisted", "the county insisted"), encoding="utf-8"
    )
    doc = collection(gather(notes_library))
    ferries = path.resolve().as_uri()
    texts = {
        "https://example.org/councils": (notes_library.texts_dir / "councils.md").read_text(
            "utf-8"
        ),
        ferries: path.read_text(encoding="utf-8"),
    }
    sources = {item["target"]["source"] for item in doc["first"]["items"]}
    assert sources == set(texts)  # a text without a web address: its file
    assert _positions_hold(doc, texts) == 5  # every note but the orphan


def test_a_hard_wrapped_passage_keeps_its_line_break(library: Library) -> None:
    from reader.core.notes import NoteStore
    from reader.core.parse import parse_file

    path = library.texts_dir / "wrapped.txt"
    path.write_text(
        "The first paragraph of this text was wrapped by hand at an\n"
        "arbitrary column, as old files often are, so that its lines\n"
        "end before the sentence does.\n\n"
        "A second paragraph follows it, written the same way, and it\n"
        "too ends with a full stop.\n",
        encoding="utf-8",
    )
    article = parse_file(path, text_id="wrapped")
    start = article.plain_text.index("hand at an arbitrary")
    NoteStore(library, "wrapped").add(article, start, start + len("hand at an arbitrary"))
    doc = collection(gather(library))
    [item] = doc["first"]["items"]
    quote = item["target"]["selector"][0]
    assert quote["exact"] == "hand at an\narbitrary"
    assert _positions_hold(doc, {path.resolve().as_uri(): path.read_text("utf-8")}) == 1


def test_positions_hold_in_the_real_articles(tmp_path: Path) -> None:
    """Notes on every paragraph of the real seed articles (skipped without them)."""
    from reader.core.notes import NoteStore
    from reader.core.parse import parse_file

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not files:
        pytest.skip("the real articles in ../shared/seeds are not here")
    library = Library(tmp_path / "lib")
    library.texts_dir.mkdir(parents=True)
    texts: dict[str, str] = {}
    for source in files:
        target = library.texts_dir / source.name
        target.write_bytes(source.read_bytes())
        article = parse_file(target, text_id=target.stem)
        store = NoteStore(library, target.stem)
        for p in article.paragraphs[:: max(1, len(article.paragraphs) // 40)]:
            words = p.text.split()
            if len(words) > 12:
                start = p.start + p.text.index(words[3])
                store.add(article, start, start + len(" ".join(words[3:12])))
    groups = gather(library)
    for g in groups:
        assert g.path is not None
        texts[g.url or g.path.resolve().as_uri()] = g.path.read_text(encoding="utf-8")
    doc = collection(groups)
    assert _positions_hold(doc, texts) == doc["total"] > 20
