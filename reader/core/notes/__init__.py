"""Notes and highlights: stored in TOML the user owns, re-anchored when texts change.

- :mod:`.model` — :class:`Annotation` and :class:`Quote`, ids, validation.
- :mod:`.codec` — annotations to and from records (files, JSON, TOML exports).
- :mod:`.store` — :class:`NoteStore`: one text's notes file, safe saves.
- :mod:`.toml_file` — that file's TOML: read strictly, edited in place keeping comments.
- :mod:`.follow` — what a note becomes when its text changed.
- :mod:`.merge` — two copies of a notes file merged by id; :mod:`.driver` makes it
  git's merge driver, :mod:`.copies` merges sync tools' conflict copies.
- :mod:`.anchor` — finding a passage again after the text changed.
- :mod:`.collection` — the whole library's notes; documents for search.
- :mod:`.export` and :mod:`.w3c` — Markdown, CSV, JSON, TOML, W3C JSON-LD.
"""

from reader.core.notes.collection import find_note, load_notes, note_documents, notes_files
from reader.core.notes.follow import ReanchorReport
from reader.core.notes.merge import MergeReport
from reader.core.notes.model import Annotation, Quote
from reader.core.notes.store import NoteStore

__all__ = [
    "Annotation",
    "MergeReport",
    "NoteStore",
    "Quote",
    "ReanchorReport",
    "find_note",
    "load_notes",
    "note_documents",
    "notes_files",
]
