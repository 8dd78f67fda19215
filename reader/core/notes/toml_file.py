"""A notes file's TOML: read strictly with ``tomllib``, edited in place with ``tomlkit``.

**tomlkit, not tomli-w, for writing.** Because people may edit these files
by hand — a comment on why a passage matters, notes grouped under a heading
comment — a rewrite must keep what they wrote. tomli-w serialises a dict and
drops every comment and layout choice; tomlkit edits the parsed document in
place, so a save changes only the tables of the notes that changed and leaves
the user's comments, key order and unknown keys alone. tomlkit's parsing is
the slow part of a save (README, "Performance"), so it is paid only when
saving. Reading for listing, export and search uses the stdlib ``tomllib``,
which is strict TOML 1.0 and several times faster.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.atomic import atomic_write
from reader.core.errors import ReaderError, load_toml
from reader.core.notes.codec import KNOWN_KEYS, from_record, to_record, when_from
from reader.core.notes.model import Annotation

if TYPE_CHECKING:
    import tomlkit.container

BACKUP_DIR = ".backup"
BACKUPS = 5  # backups kept of each notes file
_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*annotation[ \t]*\]\]", re.MULTILINE)


def _fix_hint(path: Path) -> str:
    backup = path.parent / BACKUP_DIR / f"{path.name}.1"
    return f"fix it in an editor (or restore {backup}); this text's notes are read-only until then"


def decode(raw: bytes, path: Path) -> str:
    """The file's text; a :class:`ReaderError` with line and column if not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise ReaderError(
            f"column {column}: not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as "
            f"UTF-8 — {_fix_hint(path)}",
            path,
            line,
        ) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """``tomllib.loads`` with its error turned into one line naming line and column."""
    return load_toml(
        text,
        path,
        lambda reason, column: (
            f"{f'column {column}: ' if column else ''}not valid TOML ({reason.lower()}); "
            f"{_fix_hint(path)}"
        ),
    )


def annotations_from(
    data: Mapping[str, Any], text_id: str, path: Path, text: str
) -> list[Annotation]:
    """The notes of a parsed notes file; errors name the note's line."""
    tables = data.get("annotation", [])
    if not isinstance(tables, list):
        raise ReaderError(
            f"'annotation' must be an array of tables ([[annotation]]); {_fix_hint(path)}", path
        )
    headers = [text.count("\n", 0, m.start()) + 1 for m in _HEADER_RE.finditer(text)]
    out: list[Annotation] = []
    seen: set[str] = set()
    for n, record in enumerate(tables):
        line = headers[n] if n < len(headers) else None
        try:
            a = from_record(record, text_id, f"note {n + 1}", table=n + 1)
        except ReaderError as err:
            raise ReaderError(f"{err.message}; {_fix_hint(path)}", path, line) from None
        if a.id in seen:
            raise ReaderError(
                f"note {n + 1}: id {a.id} is used twice; give one of them a new id — "
                f"{_fix_hint(path)}",
                path,
                line,
            )
        seen.add(a.id)
        out.append(a)
    return out


def tombstones_from(data: Mapping[str, Any], path: Path) -> dict[str, datetime]:
    """The ``[[deleted]]`` tables: when each deleted note was deleted (see :mod:`.merge`)."""
    tables = data.get("deleted", [])
    if not isinstance(tables, list):
        raise ReaderError(
            f"'deleted' must be an array of tables ([[deleted]]); {_fix_hint(path)}", path
        )
    out: dict[str, datetime] = {}
    for n, table in enumerate(tables, 1):
        ident = table.get("id") if isinstance(table, Mapping) else None
        if not isinstance(ident, str) or not ident:
            raise ReaderError(f"deleted note {n} has no 'id'; {_fix_hint(path)}", path)
        when = when_from(table.get("deleted"), "deleted", f"deleted note {n}")
        out[ident] = max(when, out.get(ident, when))
    return out


@dataclass
class NotesFile:
    """A notes file as read: its bytes (``None``: no file), notes and tombstones."""

    raw: bytes | None
    notes: list[Annotation]
    tombs: dict[str, datetime]


def read_file(path: Path, text_id: str) -> NotesFile:
    """A notes file, read strictly (a :class:`ReaderError` naming the line if damaged)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return NotesFile(None, [], {})
    except OSError as err:
        raise ReaderError(f"cannot read the notes file: {err.strerror}", path) from None
    return parse_file(raw, path, text_id)


def parse_file(raw: bytes, path: Path, text_id: str) -> NotesFile:
    """A notes file's bytes, read (``path`` names it in errors)."""
    text = decode(raw, path)
    data = parse_toml(text, path)
    return NotesFile(raw, annotations_from(data, text_id, path, text), tombstones_from(data, path))


def read_notes(path: Path, text_id: str) -> tuple[bytes | None, list[Annotation]]:
    """The raw bytes and notes of a notes file (``None``, ``[]`` if it does not exist)."""
    got = read_file(path, text_id)
    return got.raw, got.notes


# -- the file's companions: temp files, backups ----------------------------------


def stale_temps(path: Path) -> list[str]:
    """Temp files of this notes file's saves (stale unless a save is running)."""
    found: list[str] = []
    for folder, name in ((path.parent, path.name), (path.parent / BACKUP_DIR, f"{path.name}.1")):
        temp = re.compile(rf"^\.{re.escape(name)}\.[a-z0-9_]+\.tmp$")
        try:
            found += [e.path for e in os.scandir(folder) if temp.match(e.name)]
        except FileNotFoundError:
            continue
    return found


def sweep(path: Path) -> None:
    """Remove temp files of saves that were killed mid-way (call under the lock:
    only a lock holder makes them, so any found then are stale)."""
    for temp in stale_temps(path):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def backup(path: Path, raw: bytes) -> None:
    """Keep ``raw`` (the file before a change) as ``.backup/<name>.1``, shifting older ones."""
    folder = path.parent / BACKUP_DIR
    first = folder / f"{path.name}.1"
    if first.is_file() and first.read_bytes() == raw:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(BACKUPS - 1, 0, -1):
        older = folder / f"{path.name}.{n}"
        if older.exists():
            os.replace(older, folder / f"{path.name}.{n + 1}")
    atomic_write(first, raw)


# -- editing the document in place (tomlkit) -----------------------------------


def new_document(text_id: str) -> str:
    # A file name may hold control characters, which a TOML comment cannot.
    shown = "".join(c for c in text_id if c.isprintable())
    return (
        f"# Notes on the text '{shown}', kept by reader.\n"
        "# One [[annotation]] per note. You may edit this file: comments are kept.\n"
        "# start/end count characters of the text's plain text (paragraphs joined by\n"
        "# a blank line); quote.exact is the passage, used to find it if the text changes.\n"
    )


def parse_document(text: str, text_id: str, path: Path) -> Any:
    """The file as a tomlkit document (which keeps comments and layout)."""
    import tomlkit
    import tomlkit.exceptions

    try:
        return tomlkit.parse(text or new_document(text_id))
    except tomlkit.exceptions.ParseError as err:
        raise ReaderError(
            f"column {err.col + 1}: cannot edit this TOML ({err}); {_fix_hint(path)}",
            path,
            err.line,
        ) from None


def edit_document(
    doc: Any,
    upserts: list[Annotation],
    deletes: list[str],
    tombs: Mapping[str, datetime | None] | None = None,
) -> str:
    """Apply the change to ``doc`` in place, by id; the new text.

    ``tombs`` sets (a date) or removes (``None``) ``[[deleted]]`` tables by id.
    """
    import tomlkit
    from tomlkit.items import AoT

    if tombs:
        _edit_tombs(doc, tombs)

    if not isinstance(doc.get("annotation"), AoT):
        # Absent, or written by hand as an inline array: make it [[annotation]] tables.
        old = doc.get("annotation")
        fresh = tomlkit.aot()
        for item in old.unwrap() if old is not None else []:
            fresh.append(tomlkit.item(item))
        if old is not None:
            del doc["annotation"]
        doc.append("annotation", fresh)
    aot = doc["annotation"]
    gone = set(deletes)
    pending = {a.id: a for a in upserts}
    drafts = {a.draft: a for a in upserts if a.draft}  # hand-written tables, by position
    for i in range(len(aot) - 1, -1, -1):
        table = aot[i]
        ident = table.get("id")
        if ident in gone:
            del aot[i]
        elif ident in pending:
            _fill(table, pending.pop(ident))
        elif i + 1 in drafts and not ident and drafts[i + 1].id in pending:
            _fill(table, pending.pop(drafts[i + 1].id))
    for a in upserts:
        if a.id in pending:
            table = tomlkit.table()
            table.trivia.indent = "\n"  # a blank line before each new [[annotation]]
            _fill(table, a)
            for key, value in a.extra.items():
                table[key] = value
            aot.append(table)
    if len(aot) == 0:
        del doc["annotation"]  # tomlkit would write an empty AoT as `annotation = []`
    return tomlkit.dumps(doc)


def _edit_tombs(doc: Any, tombs: Mapping[str, datetime | None]) -> None:
    import tomlkit
    from tomlkit.items import AoT

    aot = doc.get("deleted")
    if not isinstance(aot, AoT):
        if not any(when is not None for when in tombs.values()):
            return
        fresh = tomlkit.aot()
        for item in aot.unwrap() if aot is not None else []:
            fresh.append(tomlkit.item(item))
        if aot is not None:
            del doc["deleted"]
        doc.append("deleted", fresh)
        aot = doc["deleted"]
    pending = dict(tombs)
    for i in range(len(aot) - 1, -1, -1):
        ident = aot[i].get("id")
        if ident in pending:
            when = pending.pop(ident)
            if when is None:
                del aot[i]
            elif aot[i].get("deleted") != when:
                aot[i]["deleted"] = when
    for ident, when in pending.items():
        if when is not None:
            table = tomlkit.table()
            table.trivia.indent = "\n"
            table["id"] = ident
            table["deleted"] = when
            aot.append(table)
    if len(aot) == 0:
        del doc["deleted"]


def _fill(table: tomlkit.container.Container | Any, a: Annotation) -> None:
    import tomlkit

    record = to_record(a)
    for key in KNOWN_KEYS:
        if key not in record:  # a field only some notes have (current, conflict_of)
            if key in table:
                del table[key]
            continue
        value = record[key]
        if key in ("quote", "current"):
            if not isinstance(table.get(key), Mapping):
                # A quote written by hand as a string becomes a table; its comment stays.
                comment = getattr(getattr(table.get(key), "trivia", None), "comment", "")
                table[key] = tomlkit.table()
                if comment:
                    table[key].comment(comment.lstrip("#").strip())
            quote = table[key]
            for qk, qv in value.items():
                if quote.get(qk) != qv:
                    quote[qk] = qv
        elif key == "note" and "\n" in value and not value.startswith("\n"):
            if table.get("note") != value:
                table["note"] = tomlkit.string(value, multiline=True)
        elif table.get(key) != value:
            table[key] = value
