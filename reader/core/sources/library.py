"""The works the whole library cites, read from the search index.

Bring the index up to date first (:func:`reader.core.search.sync`); this reads
each text's packed works from the ``sources`` column and parses nothing, and
keeps them grouped between calls (:mod:`reader.core.sources.shelf`).
"""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import store
from reader.core.sources.model import Work
from reader.core.sources.shelf import Shelf, shelved

DAMAGED = "the search index is damaged; run 'reader index --rebuild'"


def stored_works(library: Library) -> list[Work]:
    """Every work cited in the library, most cited first; ``[]`` with no index."""
    return library_shelf(library).works()


def library_shelf(library: Library, *, tails: bool = False) -> Shelf:
    """The library's works, grouped (:func:`stored_works` without making
    every one of them at once), with their JSON if ``tails``; empty with no
    index."""
    folder = library.index_dir
    state = store.inspect(folder)
    if state == store.IndexState.FOREIGN:
        raise store.refuse_foreign(folder)
    if state != store.IndexState.OURS:
        return Shelf()
    try:
        ix = store.open_index(folder, mmap=False)
        packed: list[bytes] = []
        with ix.reader() as reader:
            # segment by segment: one holding no text (only glossary entries,
            # say) has no such column, and whoosh's merged reader trips on it
            for leaf, _ in reader.leaf_readers():
                if leaf.has_column("sources"):
                    column = leaf.column_reader("sources")
                    packed.extend(column[docnum] for docnum in leaf.all_doc_ids())
    except store.DAMAGE_ERRORS as exc:
        raise ReaderError(DAMAGED, folder) from exc
    try:
        return shelved(folder, packed, tails=tails)
    except ValueError as exc:  # a record that does not read back
        raise ReaderError(DAMAGED, folder) from exc
