"""Phrases of two common words: a table of which documents hold which pair.

A phrase whose two words are each in most texts, held together by few, would
check the positions of both words in every text holding both (a few
milliseconds at 1,000 texts). Beside the whoosh index, ``pairs.sqlite``
holds, for each document, the pairs of adjacent *common* words it holds (as
the analyzer indexes them: folded, stemmed, stop words out), so such a phrase
reads the few documents holding its pair. Positions are still checked, in
those documents alone: the table stores a 32-bit hash of each pair.

Why not a whoosh field: every pair is a term of its own, so the word list
grows several times over (every start reads it), and whoosh writes each term
in Python: one re-index of an article then cost twice its limit. SQLite
writes a text's pairs in a few milliseconds and is opened only for a phrase
of common words.

The common words are chosen when the index is built, from a sample of the
texts (those in at least :data:`SHARE` of them); a phrase with a rarer word
does not need the table (its rare word is read first). The table is only
used when it was written for the index's current commit (its
``generation``): a sync that could not update it (an old index, a crash
between the two commits) leaves it unused, and phrases are checked as
before, until the next rebuild.
"""

from __future__ import annotations

import json
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.core.search.analysis import WORD_PATTERN, FoldStemFilter, indexed_form

FILE = "pairs.sqlite"
# The field whose words the table pairs (the documents' text).
PAIRED = "content"

# A word is common when at least this share of the sampled texts hold it.
SHARE = 0.2
# How many texts the sample reads (evenly spread), and how much of each.
SAMPLE = 200
SAMPLE_BYTES = 32_000
# Fewer texts than this: no word is common (phrases are fast in a small library).
MIN_TEXTS = 20

_WORD = re.compile(WORD_PATTERN)
# The same words, the whole match only (findall returns no groups).
_WORDS = re.compile(WORD_PATTERN.replace("(", "(?:"))
_FORMS = FoldStemFilter()

# docs.hashes: the pairs the pairs table holds for the document; docs.pending:
# its pairs now, when they differ from those (an edited text: not yet moved
# into the pairs table, so every query looks at it), ``x''`` once removed.
_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, hashes BLOB NOT NULL,
                  pending BLOB);
CREATE INDEX pending ON docs(id) WHERE pending IS NOT NULL;
CREATE TABLE pairs(h INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (h, doc)) WITHOUT ROWID;
"""

# A sync moves the pending pairs of this many documents into the pairs table
# when more than PENDING_AT_MOST are pending (tidy moves them all).
PENDING_AT_MOST = 32
MOVED_PER_SYNC = 4


def common_words(paths: Sequence[Path]) -> frozenset[str]:
    """The indexed forms of the words at least :data:`SHARE` of the sampled
    texts hold (an unreadable file holds none)."""
    if len(paths) < MIN_TEXTS:
        return frozenset()
    step = max(1, len(paths) // SAMPLE)
    sample = paths[::step][:SAMPLE]
    held: Counter[str] = Counter()
    for path in sample:
        try:
            with path.open("rb") as fh:
                text = fh.read(SAMPLE_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        held.update({indexed_form(m.group()) for m in _WORD.finditer(text)})
    least = SHARE * len(sample)
    return frozenset(w for w, n in held.items() if w and n >= least)


def pair_hash(first: str, second: str) -> int:
    """The hash the table stores for two adjacent indexed words."""
    return zlib.crc32(f"{first} {second}".encode())


def pair_hashes(content: str, common: frozenset[str]) -> list[int]:
    """The hashes of the adjacent pairs of common words ``content`` holds."""
    form = _FORMS.form
    adjacent: set[tuple[str, str]] = set()
    before = ""
    for raw in _WORDS.findall(content):
        word = form(raw)
        if not word:
            continue  # a stop word: the words either side are adjacent
        if word not in common:
            before = ""
            continue
        if before:
            adjacent.add((before, word))
        before = word
    return sorted(zlib.crc32(f"{a} {b}".encode()) for a, b in adjacent)


def _connect(path: Path, *, read_only: bool = False) -> Any:
    import sqlite3

    if read_only:
        # The app may close a searcher from another thread than the one searching.
        uri = f"{path.as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    db = sqlite3.connect(path)
    # A cache: a crash may lose the last commit (the table is then out of step
    # with the index, so unused), never corrupt it; commits do not wait for the disk.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _generation(db: Any) -> int | None:
    row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
    return None if row is None else int(row[0])


class PairsWriter:
    """The table's side of one sync: documents put and dropped by key, then
    :meth:`commit` after whoosh's commit. Does nothing when the table is not
    that of the index's commit ``before`` (it could not be brought in step).

    In a fresh table a document's pairs go straight into the pairs table;
    later, a changed document's pairs wait in ``docs.pending`` (writing a
    thousand pairs into the table costs more than the rest of a re-index),
    and are moved when the index is tidied."""

    def __init__(self, folder: Path, before: int | None, common: frozenset[str] | None) -> None:
        """``common`` given: a new table (a fresh index); else the one there."""
        self._path = folder / FILE
        self._db: Any = None
        self._fresh = common is not None
        try:
            if common is not None:
                for old in folder.glob(f"{FILE}*"):
                    old.unlink()
                db = _connect(self._path)
                db.execute("PRAGMA cache_size = -65536")  # 64 MB while it is built
                db.executescript(_SCHEMA)
                db.execute("INSERT INTO meta VALUES ('common', ?)", (json.dumps(sorted(common)),))
                db.execute("INSERT INTO meta VALUES ('generation', '-1')")
            elif self._path.is_file():
                db = _connect(self._path)
                if _generation(db) != before:
                    db.close()
                    return
            else:
                return
            self.common = common if common is not None else _common(db)
            self._db = db
        except Exception:  # noqa: BLE001 - a table we cannot write is left unused
            self._db = None

    @property
    def live(self) -> bool:
        return self._db is not None

    def put(self, key: str, content: str) -> None:
        self._safely(self._put, key, content)

    def drop(self, key: str) -> None:
        self._safely(self._db_execute, "UPDATE docs SET pending = x'' WHERE key = ?", (key,))

    def drop_prefixed(self, prefix: str) -> None:
        """Drop every document whose key starts with ``prefix`` (``note:``)."""
        sql = "UPDATE docs SET pending = x'' WHERE substr(key, 1, ?) = ?"
        self._safely(self._db_execute, sql, (len(prefix), prefix))

    def commit(self, generation: int) -> None:
        """The table now answers for the index's commit ``generation``."""
        self._safely(self._commit, generation)
        self.close()

    def _safely(self, fn: Any, *args: Any) -> None:
        """Whatever goes wrong in the table never stops the index: the table
        is closed, its changes dropped, and left out of step (so unused)."""
        if self._db is None:
            return
        try:
            fn(*args)
        except Exception:  # noqa: BLE001
            self.close()

    def _db_execute(self, sql: str, args: tuple[Any, ...]) -> None:
        self._db.execute(sql, args)

    def _put(self, key: str, content: str) -> None:
        hashes = pair_hashes(content, self.common)
        blob = _pack(hashes)
        db = self._db
        if self._fresh:
            doc = db.execute("INSERT INTO docs(key, hashes) VALUES (?, ?)", (key, blob)).lastrowid
            db.executemany("INSERT INTO pairs VALUES (?, ?)", ((h, doc) for h in hashes))
            return
        row = db.execute("SELECT id, hashes FROM docs WHERE key = ?", (key,)).fetchone()
        if row is None:
            db.execute("INSERT INTO docs(key, hashes, pending) VALUES (?, x'', ?)", (key, blob))
        else:
            pending = None if row[1] == blob else blob
            db.execute("UPDATE docs SET pending = ? WHERE id = ?", (pending, row[0]))

    def _commit(self, generation: int) -> None:
        db = self._db
        waiting = db.execute("SELECT count(*) FROM docs WHERE pending IS NOT NULL").fetchone()[0]
        if waiting > PENDING_AT_MOST:
            _move_pending(db, MOVED_PER_SYNC)
        db.execute("UPDATE meta SET value = ? WHERE name = 'generation'", (str(generation),))
        db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()  # uncommitted changes are dropped
            self._db = None


def _pack(hashes: list[int]) -> bytes:
    return array("I", hashes).tobytes()


def _unpack(blob: bytes) -> list[int]:
    found = array("I")
    found.frombytes(blob)
    return list(found)


def _holds(blob: bytes, h: int) -> bool:
    found = array("I")
    found.frombytes(blob)
    return h in found


def _move_pending(db: Any, limit: int | None = None) -> None:
    """Move the pending pairs of (at most ``limit``) documents into the pairs table."""
    rows = db.execute(
        "SELECT id, hashes, pending FROM docs WHERE pending IS NOT NULL ORDER BY id"
        + ("" if limit is None else f" LIMIT {int(limit)}")
    ).fetchall()
    for doc, old, new in rows:
        db.executemany(
            "DELETE FROM pairs WHERE h = ? AND doc = ?", ((h, doc) for h in _unpack(old))
        )
        if new:
            db.executemany("INSERT INTO pairs VALUES (?, ?)", ((h, doc) for h in _unpack(new)))
            db.execute("UPDATE docs SET hashes = pending, pending = NULL WHERE id = ?", (doc,))
        else:
            db.execute("DELETE FROM docs WHERE id = ?", (doc,))


def advance(folder: Path, before: int | None, after: int) -> None:
    """A merge changed the index's commit but no document: the table, if it
    answered for ``before``, answers for ``after``, its pending pairs moved."""
    path = folder / FILE
    if before is None or not path.is_file():
        return
    try:
        db = _connect(path)
        try:
            if _generation(db) == before:
                _move_pending(db)
                db.execute("UPDATE meta SET value = ? WHERE name = 'generation'", (str(after),))
                db.commit()
        finally:
            db.close()
    except Exception:  # noqa: BLE001, S110 - then the table is left unused
        pass


def _common(db: Any) -> frozenset[str]:
    row = db.execute("SELECT value FROM meta WHERE name = 'common'").fetchone()
    return frozenset(json.loads(row[0])) if row else frozenset()


class PairsReader:
    """The table, read for one commit of the index (opened on first use)."""

    def __init__(self, folder: Path, generation: int | None) -> None:
        self._path = folder / FILE
        self._generation = generation
        self._db: Any = None
        self._opened = False
        self.common: frozenset[str] = frozenset()

    def _open(self) -> bool:
        if not self._opened:
            self._opened = True
            if self._generation is not None and self._path.is_file():
                try:
                    db = _connect(self._path, read_only=True)
                    if _generation(db) == self._generation:
                        self._db = db
                        self.common = _common(db)
                    else:
                        db.close()
                except Exception:  # noqa: BLE001 - unreadable: phrases are checked as before
                    self._db = None
        return self._db is not None

    def usable(self, first: str, second: str) -> bool:
        """Whether the table holds the pair's documents."""
        return self._open() and first in self.common and second in self.common

    def keys(self, first: str, second: str, limit: int) -> list[str] | None:
        """The keys of the documents that may hold the pair (a few others may
        share its hash): those the pairs table names, and those whose pending
        pairs hold it; None if the table names more than ``limit``, or has
        moved on to another commit of the index since it was opened."""
        if not self._open():
            return None
        h = pair_hash(first, second)
        try:
            # One statement, one snapshot: the commit it answers for, the keys.
            rows = self._db.execute(
                "SELECT 0, value, NULL FROM meta WHERE name = 'generation' UNION ALL "
                "SELECT 1, key, NULL FROM (SELECT docs.key FROM pairs "
                "JOIN docs ON docs.id = pairs.doc WHERE pairs.h = ? LIMIT ?) UNION ALL "
                "SELECT 2, key, pending FROM docs WHERE pending IS NOT NULL",
                (h, limit + 1),
            ).fetchall()
        except Exception:  # noqa: BLE001 - a table changed under us: check as before
            return None
        if not rows or rows[0][:2] != (0, str(self._generation)):
            return None
        if sum(1 for tag, _, _ in rows if tag == 1) > limit:
            return None
        return [key for tag, key, pending in rows if tag == 1 or (tag == 2 and _holds(pending, h))]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def documents(
    table: PairsReader,
    words: Sequence[str],
    reader: Any,
    docnums: dict[str, int | None],
    limit: int,
) -> list[int] | None:
    """The documents (of whoosh's ``reader``) that may hold the phrase of
    ``words``: those holding each of its pairs the table holds, in order;
    None when it holds none of them in at most ``limit`` documents (then
    the words' own postings serve as well). ``docnums`` caches each key's
    document number for the reader."""
    from whoosh.reading import TermNotFound

    held: set[int] | None = None
    for a, b in zip(words, words[1:], strict=False):
        keys = table.keys(a, b, limit) if table.usable(a, b) else None
        if keys is None:
            continue
        docs: set[int] = set()
        for key in keys:
            if key not in docnums:
                try:
                    docnums[key] = reader.first_id("key", key)
                except TermNotFound:
                    docnums[key] = None  # removed since
            found = docnums[key]
            if found is not None:
                docs.add(found)
        held = docs if held is None else held & docs
        if not held:
            break
    return None if held is None else sorted(held)
