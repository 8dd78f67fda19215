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
    assert first["target"]["source"] == "urn:reader:text:councils"
    assert first["target"]["scope"] == "https://example.org/councils"
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
