"""The user's notes and the glossary, as search documents.

Both are small, so when any of their files changes (size or mtime) they are
all re-indexed. Their modules hand out plain dicts:
:func:`reader.core.glossary.glossary_documents` and
:func:`reader.core.notes.note_documents`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError
from reader.core.library import Library

if TYPE_CHECKING:
    from reader.core.search.documents import Document


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


def fingerprint(library: Library) -> dict[str, Any]:
    """Size and mtime of every glossary and notes file (``None``: absent)."""
    found: dict[str, Any] = {
        "glossary": [_stat(library.our_glossary()), _stat(library.user_glossary)],
    }
    notes: dict[str, Any] = {}
    if library.notes_dir.is_dir():
        for p in sorted(library.notes_dir.glob("*.toml")):
            if p != library.user_glossary:
                notes[p.name] = _stat(p)
    found["notes"] = notes
    return found


def documents(library: Library, titles: dict[str, str], failed: list[str]) -> Iterator[Document]:
    """Every glossary entry's and note's document; files that fail to load are
    listed in ``failed`` (one line each) and skipped."""
    from reader.core.glossary import glossary_documents, load_glossary
    from reader.core.notes import note_documents
    from reader.core.search.documents import glossary_document, note_document

    glossary, problems = load_glossary(library)
    failed.extend(str(p) for p in problems)
    for entry in glossary_documents(glossary):
        yield glossary_document(entry)
    errors: list[ReaderError] = []
    notes = note_documents(library, errors=errors)
    failed.extend(str(e) for e in errors)
    for item in notes:
        yield note_document(item, titles.get(str(item.get("text_id", "")), ""))
