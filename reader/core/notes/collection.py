"""All the notes of a library: listing, finding one by id, documents for search."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError
from reader.core.library import GLOSSARY_FILE, Library
from reader.core.notes.codec import iso
from reader.core.notes.copies import copy_of, settle_copies
from reader.core.notes.model import Annotation
from reader.core.notes.store import NoteStore
from reader.core.notes.toml_file import read_notes


def notes_files(library: Library) -> list[tuple[str, Path]]:
    """``(text_id, path)`` of every notes file, sorted by text id."""
    folder = library.notes_dir
    if not folder.is_dir():
        return []
    return sorted(
        (p.stem, p)
        for p in folder.glob("*.toml")
        if p.is_file()
        and p.name != GLOSSARY_FILE
        and not p.name.startswith(".")
        and copy_of(p.name) is None
    )


def load_notes(
    library: Library,
    text_ids: Iterable[str] | None = None,
    errors: list[ReaderError] | None = None,
) -> dict[str, list[Annotation]]:
    """The notes of each text (all texts with notes, or those named), in text order.

    A file that does not parse raises, unless ``errors`` is given: then the
    error is added to it and that text is left out. Sync tools' conflict
    copies are merged in first (:mod:`.copies`).
    """
    settled = settle_copies(library)
    if errors is not None:
        errors.extend(settled.errors)
    wanted = None if text_ids is None else list(dict.fromkeys(text_ids))
    files = dict(notes_files(library))
    out: dict[str, list[Annotation]] = {}
    for text_id in wanted if wanted is not None else list(files):
        path = files.get(text_id, library.notes_file(text_id))
        try:
            _, notes = read_notes(path, text_id)
        except ReaderError as err:
            if errors is None:
                raise
            errors.append(err)
            continue
        out[text_id] = sorted(notes, key=lambda a: (a.is_orphan, a.start, a.end, a.id))
    return out


def find_note(library: Library, ident: str) -> tuple[NoteStore, Annotation]:
    """The note whose id is (or begins with) ``ident``, in whichever text it is."""
    hits: list[tuple[str, Annotation]] = []
    for text_id, notes in load_notes(library).items():
        exact = [a for a in notes if a.id == ident]
        if exact:
            hits = [(text_id, exact[0])]
            break
        hits.extend((text_id, a) for a in notes if a.id.startswith(ident))
    if not hits:
        raise ReaderError(f"no note with id '{ident}'; 'reader notes list' shows the ids")
    if len(hits) > 1:
        raise ReaderError(f"several notes have ids beginning '{ident}'; give more of the id")
    text_id, note = hits[0]
    store = NoteStore(library, text_id)
    store.load()
    return store, note


def note_documents(
    library: Library, errors: list[ReaderError] | None = None
) -> list[dict[str, Any]]:
    """One document per note for the search index.

    Keys: ``id``, ``text_id``, ``paragraph`` (int), ``quote`` (the passage),
    ``note``, ``tags`` (list of str), ``created`` (ISO 8601 UTC string),
    ``orphan`` (bool). Files that do not parse raise, or go to ``errors``.
    """
    docs: list[dict[str, Any]] = []
    for text_id, notes in load_notes(library, errors=errors).items():
        for a in notes:
            docs.append(
                {
                    "id": a.id,
                    "text_id": text_id,
                    "paragraph": a.paragraph,
                    "quote": a.quote.exact,
                    "note": a.note,
                    "tags": list(a.tags),
                    "created": iso(a.created),
                    "orphan": a.is_orphan,
                }
            )
    return docs
