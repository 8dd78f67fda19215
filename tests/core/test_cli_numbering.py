"""One paragraph numbering in every command (issue 16): the index ``reader parse
--json`` gives a paragraph, shown from 1 to people, in ``search``, ``notes list``
and the exports alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.core.test_cli_as_typed import MODES, reader

TEXT = """+++
title = "The ferry workers"
author = "Ada Quill"
+++

The ferry crews met in a boathouse on the south bank, and voted to stop.

## The second week

Nobody crossed the river for nine days; the bridges were crowded at dawn.

The owners offered a shilling more, and the crews went back on a Thursday.
"""
WORD = "shilling"  # in one paragraph only


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "ferry.md").write_text(TEXT)
    return root


def _index(library: Path) -> int:
    """The paragraph's index in ``reader parse --json``."""
    code, out, _ = reader("pipe", "parse", str(library / "texts" / "ferry.md"), "--json")
    assert code == 0
    (index,) = [i for i, p in enumerate(json.loads(out)["paragraphs"]) if WORD in p["text"]]
    return int(index)


@pytest.mark.parametrize("mode", MODES)
def test_a_paragraph_has_one_number_in_every_command(mode: str, library: Path) -> None:
    lib = ["--library", str(library)]
    index = _index(library)
    assert index > 0  # a heading and an earlier paragraph come first
    shown = f"¶{index + 1}"
    code, _, _ = reader("pipe", *lib, "notes", "add", "ferry", "--quote", "a shilling more")
    assert code == 0

    code, out, _ = reader(mode, *lib, "search", WORD, "--in", "texts")
    assert code == 0 and re.findall(r"¶\d+", out) == [shown]
    code, out, _ = reader(mode, *lib, "search", WORD, "--in", "notes")
    assert code == 0 and re.findall(r"¶\d+", out) == [shown]
    code, out, _ = reader(mode, *lib, "notes", "list")
    assert code == 0 and re.findall(r"¶\d+", out) == [shown]
    code, out, _ = reader(mode, *lib, "export", "--format", "markdown")
    assert code == 0 and f"Paragraph {index + 1}" in out

    # programs read the index itself, as `parse --json` gives it
    code, out, _ = reader("pipe", *lib, "search", WORD, "--in", "texts,notes", "--json")
    assert {hit["paragraph"] for hit in json.loads(out)} == {index}
    code, out, _ = reader("pipe", *lib, "notes", "list", "--json")
    assert [note["paragraph"] for note in json.loads(out)] == [index]
