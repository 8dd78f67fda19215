"""The notes of one text, kept in ``<library>/notes/<text-id>.toml``.

**Format.** One ``[[annotation]]`` table per note (see :mod:`.codec` for the
fields). The files are the user's: plain, diffable, editable by hand.

**tomlkit, not tomli-w, for writing.** Because people may edit these files
by hand — a comment on why a passage matters, notes grouped under a heading
comment — a rewrite must keep what they wrote. tomli-w serialises a dict and
drops every comment and layout choice; tomlkit edits the parsed document in
place, so a save changes only the tables of the notes that changed and leaves
the user's comments, key order and unknown keys alone. It costs about 0.5 ms
per note to parse (measured: 200 notes in ~90 ms), paid only when saving.
Reading for listing, export and search uses the stdlib ``tomllib``, which is
strict TOML 1.0 and several times faster.

**Saving.** Every change (add, edit, delete, re-anchor, import) is one
transaction under :func:`reader.core.atomic.locked`: read the file as it is
now, apply *this* change to it by ``id``, write it with
:func:`reader.core.atomic.atomic_write`. If the file is not what this store
last read or wrote (another reader process, or the user in an editor), their
version is the base and only our change is applied on top, field by field:
nothing anyone else wrote is clobbered. Before anything is written, the new
text is read back with ``tomllib`` and must give exactly the notes intended.

**Backups.** The first time a store changes an existing file, the file as it
was is kept in ``notes/.backup/<text-id>.toml.1`` (older ones shift to ``.2`` …
``.5``; the oldest goes).

**Killed saves.** A save killed mid-way leaves the old file whole (the
rename is atomic) and at worst a temp file, which the next save or load,
holding the lock, removes.

**Files that do not parse.** Bad TOML, bytes that are not UTF-8, a note with
no ``id``: the error names the line and column, the file is never written,
and the store is read-only (:attr:`NoteStore.error`) until it is fixed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.atomic import atomic_write, locked
from reader.core.errors import ReaderError, toml_error_position
from reader.core.library import Library
from reader.core.notes import anchor
from reader.core.notes.codec import KNOWN_KEYS, from_record, to_record
from reader.core.notes.model import (
    DEFAULT_COLOR,
    Annotation,
    clean_tags,
    clean_text,
    new_id,
    quote_at,
    text_sha256,
    utc_now,
)

if TYPE_CHECKING:
    import tomlkit.container

    from reader.core.model import Article

BACKUPS = 5
BACKUP_DIR = ".backup"
_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*annotation[ \t]*\]\]", re.MULTILINE)
_TEXT_ID_RE = re.compile(r"^[^/\\\x00]+$")


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
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg, line, column = toml_error_position(err)
        where = f"column {column}: " if column else ""
        raise ReaderError(
            f"{where}not valid TOML ({msg.lower()}); {_fix_hint(path)}", path, line
        ) from None


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
            a = from_record(record, text_id, f"note {n + 1}")
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


def read_notes(path: Path, text_id: str) -> tuple[bytes | None, list[Annotation]]:
    """The raw bytes and notes of a notes file (``None``, ``[]`` if it does not exist)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as err:
        raise ReaderError(f"cannot read the notes file: {err.strerror}", path) from None
    text = decode(raw, path)
    return raw, annotations_from(parse_toml(text, path), text_id, path, text)


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


@dataclass
class ReanchorReport:
    """What :meth:`NoteStore.reanchor` did, note by note."""

    kept: list[Annotation] = field(default_factory=list)  # same place (the text changed elsewhere)
    moved: list[Annotation] = field(default_factory=list)  # found verbatim elsewhere
    fuzzy: list[Annotation] = field(default_factory=list)  # found changed: check them
    orphaned: list[Annotation] = field(default_factory=list)  # newly lost
    found: list[Annotation] = field(default_factory=list)  # orphans found again

    @property
    def changed(self) -> bool:
        """Whether any note is now somewhere else, or lost, or found."""
        return bool(self.moved or self.fuzzy or self.orphaned or self.found)


@dataclass
class MergeReport:
    added: list[Annotation] = field(default_factory=list)
    updated: list[Annotation] = field(default_factory=list)
    unchanged: list[Annotation] = field(default_factory=list)


# A change: given the notes on disk now (by id), what to write (by id) and what to remove.
Change = Callable[[dict[str, Annotation]], tuple[list[Annotation], list[str]]]


class NoteStore:
    """The notes of one text: load, add, edit, delete (with undo), re-anchor.

    Every method that changes notes saves at once (see the module doc). A
    store whose file does not parse is read-only: :attr:`error` says why and
    every change raises it.
    """

    def __init__(self, library: Library, text_id: str) -> None:
        if not _TEXT_ID_RE.match(text_id) or text_id in (".", ".."):
            raise ReaderError(f"'{text_id}' is not a text id (a file name without extension)")
        self.library = library
        self.text_id = text_id
        self.path = library.notes_file(text_id)
        if self.path == library.user_glossary:
            raise ReaderError(
                f"notes for a text named '{text_id}' would overwrite the user glossary "
                f"{self.path}; rename the text"
            )
        self.error: ReaderError | None = None
        self.external_change = False  # the last save found the file changed by someone else
        self._notes: dict[str, Annotation] = {}
        self._digest: str | None = None
        self._backed_up = False
        self._article: Article | None = None
        self._loaded = False
        # The tomlkit document of the file as we last wrote it, reused while the
        # file's digest is unchanged (parsing is the slow part of a save).
        self._doc: tuple[str, Any] | None = None

    # -- reading ------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.error is not None

    def load(self) -> list[Annotation]:
        """Read the file; raises (and turns read-only) if it does not parse.

        Also clears temp files left by a save that was killed, if no other
        process is saving right now.
        """
        if self._stale_temps():
            try:
                with locked(self.path, timeout=0):
                    self._sweep()
            except ReaderError:
                pass  # another process is saving right now; the next save sweeps
            except OSError:
                pass  # a library we cannot write to: reading it is still fine
        try:
            raw, notes = read_notes(self.path, self.text_id)
        except ReaderError as err:
            self.error = err
            self._notes = {}
            raise
        self.error = None
        self._loaded = True
        self._notes = {a.id: a for a in notes}
        self._digest = _digest(raw)
        return self.annotations

    def _ensure_loaded(self) -> None:
        if not self._loaded and self.error is None:
            self.load()

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what this store last read or wrote."""
        try:
            raw: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            raw = None
        return _digest(raw) != self._digest

    @property
    def annotations(self) -> list[Annotation]:
        """All notes, in text order (orphans last)."""
        return sorted(self._notes.values(), key=lambda a: (a.is_orphan, a.start, a.end, a.id))

    def get(self, ident: str) -> Annotation:
        """A note by id or by an unambiguous beginning of its id."""
        self._ensure_loaded()
        if ident in self._notes:
            return self._notes[ident]
        hits = [a for i, a in self._notes.items() if i.startswith(ident)]
        if len(hits) == 1:
            return hits[0]
        what = "several notes" if hits else "no note"
        raise ReaderError(f"{what} of '{self.text_id}' with id '{ident}'", self.path)

    def for_paragraph(self, index: int) -> list[Annotation]:
        """The anchored notes touching paragraph ``index``, in text order."""
        art = self._article
        if art is None or not 0 <= index < len(art.paragraphs):
            return [a for a in self.annotations if not a.is_orphan and a.paragraph == index]
        para = art.paragraphs[index]
        return [
            a
            for a in self.annotations
            if not a.is_orphan
            and (a.paragraph == index or (a.start < para.end and a.end > para.start))
        ]

    def next_note(self, offset: int) -> Annotation | None:
        """The first anchored note starting after ``offset`` (for "jump to next")."""
        return next((a for a in self.annotations if not a.is_orphan and a.start > offset), None)

    def previous_note(self, offset: int) -> Annotation | None:
        """The last anchored note starting before ``offset``."""
        before = [a for a in self.annotations if not a.is_orphan and a.start < offset]
        return before[-1] if before else None

    def orphans(self) -> list[Annotation]:
        return [a for a in self.annotations if a.is_orphan]

    # -- changing -----------------------------------------------------------

    def add(
        self,
        article: Article,
        start: int,
        end: int,
        note: str = "",
        tags: Iterable[str] = (),
        color: str = DEFAULT_COLOR,
    ) -> Annotation:
        """Highlight ``plain_text[start:end]`` (trimmed of spaces at both ends)."""
        self._check_article(article)
        self._article = article
        plain = article.plain_text
        if not 0 <= start < end <= len(plain):
            raise ReaderError(f"no passage at {start}–{end}: the text has {len(plain)} characters")
        while start < end and plain[start].isspace():
            start += 1
        while end > start and plain[end - 1].isspace():
            end -= 1
        if start == end:
            raise ReaderError("the selected passage is only spaces; select some words")
        now = utc_now()
        a = Annotation(
            id=new_id(),
            text_id=self.text_id,
            quote=quote_at(plain, start, end),
            start=start,
            end=end,
            paragraph=article.paragraph_at(start),
            text_sha256=text_sha256(plain),
            created=now,
            updated=now,
            note=clean_text(note, "the note").strip("\n"),
            tags=_tags(tags),
            color=clean_text(color, "the colour", multiline=False).strip() or DEFAULT_COLOR,
        )
        self._check_quote(a)
        self._commit(lambda current: ([a], []))
        return a

    def edit(
        self,
        ident: str,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        color: str | None = None,
    ) -> Annotation:
        """Change a note's words, tags or colour; returns the new version.

        For undo, keep :meth:`get`'s answer from before and pass it to
        :meth:`restore`. Only the fields given are changed on the version
        on disk; if another process deleted the note meanwhile it is put back.
        """
        mine = self.get(ident)
        changes: dict[str, object] = {}
        if note is not None:
            changes["note"] = clean_text(note, "the note").strip("\n")
        if tags is not None:
            changes["tags"] = _tags(tags)
        if color is not None:
            changes["color"] = clean_text(color, "the colour", multiline=False).strip()
        result: list[Annotation] = []

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            new = current.get(mine.id, mine).touched(**changes)
            result.append(new)
            return [new], []

        self._commit(change)
        return result[0]

    def delete(self, ident: str) -> Annotation:
        """Remove a note; returns it as it was, for :meth:`restore` (undo)."""
        mine = self.get(ident)
        result: list[Annotation] = []

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            result.append(current.get(mine.id, mine))
            return [], [mine.id]

        self._commit(change)
        return result[0]

    def restore(self, annotation: Annotation) -> Annotation:
        """Put a note back as it was (undo of delete or edit); ``updated`` is now."""
        if annotation.text_id != self.text_id:
            raise ReaderError(f"note {annotation.id} belongs to '{annotation.text_id}'")
        back = annotation.touched()
        self._check_quote(back)
        self._commit(lambda current: ([back], []))
        return back

    def reanchor(self, article: Article) -> ReanchorReport:
        """Follow the text: re-find every note whose text has changed; save if any moved."""
        self._check_article(article)
        self._article = article
        self._ensure_loaded()
        plain = article.plain_text
        sha = text_sha256(plain)
        if all(a.text_sha256 == sha and not a.is_orphan for a in self._notes.values()):
            return ReanchorReport()
        report = ReanchorReport()

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            nonlocal report
            report = ReanchorReport()
            out: list[Annotation] = []
            for a in current.values():
                if a.text_sha256 == sha and not a.is_orphan:
                    continue
                new, kind = _reanchor_one(a, article, plain, sha)
                if kind:
                    getattr(report, kind).append(new)
                    out.append(new)
            return out, []

        self._commit(change, only_if_changed=True)
        return report

    def reattach(self, ident: str, article: Article, start: int, end: int) -> Annotation:
        """Anchor a note (an orphan, usually) to ``plain_text[start:end]`` of ``article``."""
        self._check_article(article)
        mine = self.get(ident)
        plain = article.plain_text
        if not 0 <= start < end <= len(plain):
            raise ReaderError(f"no passage at {start}–{end}: the text has {len(plain)} characters")
        result: list[Annotation] = []

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            new = current.get(mine.id, mine).touched(
                quote=quote_at(plain, start, end),
                start=start,
                end=end,
                paragraph=article.paragraph_at(start),
                text_sha256=text_sha256(plain),
                status="ok",
            )
            result.append(new)
            return [new], []

        self._commit(change)
        return result[0]

    def merge(self, incoming: Iterable[Annotation]) -> MergeReport:
        """Merge notes by id (an import): new ids are added; a known id takes the
        incoming version only if it was updated later than ours."""
        notes = [replace(a, text_id=self.text_id) for a in incoming]
        for a in notes:
            self._check_quote(a)
        report = MergeReport()

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            nonlocal report
            report = MergeReport()
            out: list[Annotation] = []
            for a in notes:
                have = current.get(a.id)
                if have is None:
                    report.added.append(a)
                    out.append(a)
                elif a.updated > have.updated and a.content() != have.content():
                    report.updated.append(a)
                    out.append(a)
                else:
                    report.unchanged.append(have)
            return out, []

        self._commit(change, only_if_changed=True)
        return report

    # -- internals ----------------------------------------------------------

    def _check_article(self, article: Article) -> None:
        if article.id != self.text_id:
            raise ReaderError(f"the notes of '{self.text_id}' cannot be anchored in '{article.id}'")

    def _check_quote(self, a: Annotation) -> None:
        for part, value in (
            ("quote", a.quote.exact),
            ("quote prefix", a.quote.prefix),
            ("quote suffix", a.quote.suffix),
        ):
            clean_text(value, f"the {part}")

    def _commit(self, change: Change, *, only_if_changed: bool = False) -> None:
        if self.error is not None:
            raise ReaderError(
                f"notes are read-only until this file is fixed — {self.error.message}",
                self.error.path,
                self.error.line,
            )
        with locked(self.path):
            self._sweep()
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                raw = None
            digest = _digest(raw)
            self.external_change = digest != self._digest
            if self._loaded and not self.external_change:
                current = dict(self._notes)
            else:
                try:
                    raw, notes = read_notes(self.path, self.text_id)
                except ReaderError as err:
                    self.error = err
                    raise
                digest = _digest(raw)
                current = {a.id: a for a in notes}
            upserts, deletes = change(current)
            if only_if_changed and not upserts and not deletes:
                self._notes, self._digest = current, _digest(raw)
                self._loaded = True
                return
            expected = dict(current)
            for ident in deletes:
                expected.pop(ident, None)
            for a in upserts:
                expected[a.id] = a
            text = "" if raw is None else decode(raw, self.path)
            cached = self._doc[1] if self._doc is not None and self._doc[0] == digest else None
            self._doc = None  # the document is edited in place: trust it again only if saved
            doc = cached if cached is not None else _parse_document(text, self.text_id, self.path)
            new_text = _edit_document(doc, upserts, deletes)
            new_raw = new_text.encode("utf-8")
            self._verify(new_text, expected)
            if new_raw != raw:
                if raw is not None and not self._backed_up:
                    self._backup(raw)
                atomic_write(self.path, new_raw)
            self._notes, self._digest = expected, _digest(new_raw)
            self._doc = (self._digest, doc) if self._digest is not None else None
            self._loaded = True

    def _verify(self, new_text: str, expected: dict[str, Annotation]) -> None:
        """The text we are about to write must read back as exactly ``expected``."""
        got = annotations_from(parse_toml(new_text, self.path), self.text_id, self.path, new_text)
        if {a.id: a.content() for a in got} != {i: a.content() for i, a in expected.items()}:
            raise ReaderError(
                "the notes could not be written faithfully (a bug in reader); the file was "
                "left as it was — please report this",
                self.path,
            )

    def _stale_temps(self) -> list[str]:
        """Temp files of this notes file's saves (stale unless a save is running)."""
        found: list[str] = []
        for folder, name in (
            (self.path.parent, self.path.name),
            (self.path.parent / BACKUP_DIR, f"{self.path.name}.1"),
        ):
            temp = re.compile(rf"^\.{re.escape(name)}\.[a-z0-9_]+\.tmp$")
            try:
                found += [e.path for e in os.scandir(folder) if temp.match(e.name)]
            except FileNotFoundError:
                continue
        return found

    def _sweep(self) -> None:
        """Remove temp files of saves that were killed mid-way (call under the lock:
        only a lock holder makes them, so any found then are stale)."""
        for path in self._stale_temps():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def _backup(self, raw: bytes) -> None:
        folder = self.path.parent / BACKUP_DIR
        first = folder / f"{self.path.name}.1"
        if first.is_file() and first.read_bytes() == raw:
            self._backed_up = True
            return
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(BACKUPS - 1, 0, -1):
            older = folder / f"{self.path.name}.{n}"
            if older.exists():
                os.replace(older, folder / f"{self.path.name}.{n + 1}")
        atomic_write(first, raw)
        self._backed_up = True


def _tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        raise ReaderError("tags must be a list of words, not one string")
    return clean_tags(list(tags))


def _reanchor_one(
    a: Annotation, article: Article, plain: str, sha: str
) -> tuple[Annotation, str | None]:
    """The note re-found in the new text, and which list of the report it goes to."""
    match = anchor.locate(plain, a.quote, a.start, a.end)
    if match is None:
        if a.is_orphan:
            return a, None
        return replace(a, status="orphan"), "orphaned"
    new = replace(
        a,
        quote=quote_at(plain, match.start, match.end),
        start=match.start,
        end=match.end,
        paragraph=article.paragraph_at(match.start),
        text_sha256=sha,
        status="ok",
    )
    if a.is_orphan:
        return new, "found"
    if match.method == "fuzzy":
        return new, "fuzzy"
    return new, "kept" if (new.start, new.end) == (a.start, a.end) else "moved"


# -- editing the TOML document in place (tomlkit) -----------------------------


def _new_document(text_id: str) -> str:
    # A file name may hold control characters, which a TOML comment cannot.
    shown = "".join(c for c in text_id if c.isprintable())
    return (
        f"# Notes on the text '{shown}', kept by reader.\n"
        "# One [[annotation]] per note. You may edit this file: comments are kept.\n"
        "# start/end count characters of the text's plain text (paragraphs joined by\n"
        "# a blank line); quote.exact is the passage, used to find it if the text changes.\n"
    )


def _parse_document(text: str, text_id: str, path: Path) -> Any:
    """The file as a tomlkit document (which keeps comments and layout)."""
    import tomlkit
    import tomlkit.exceptions

    try:
        return tomlkit.parse(text or _new_document(text_id))
    except tomlkit.exceptions.ParseError as err:
        raise ReaderError(
            f"column {err.col + 1}: cannot edit this TOML ({err}); {_fix_hint(path)}",
            path,
            err.line,
        ) from None


def _edit_document(doc: Any, upserts: list[Annotation], deletes: list[str]) -> str:
    """Apply the change to ``doc`` in place, by id; the new text."""
    import tomlkit
    from tomlkit.items import AoT

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
    for i in range(len(aot) - 1, -1, -1):
        table = aot[i]
        ident = table.get("id")
        if ident in gone:
            del aot[i]
        elif ident in pending:
            _fill(table, pending.pop(ident))
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


def _fill(table: tomlkit.container.Container | Any, a: Annotation) -> None:
    import tomlkit

    record = to_record(a)
    for key in KNOWN_KEYS:
        value = record[key]
        if key == "quote":
            if not isinstance(table.get("quote"), Mapping):
                table["quote"] = tomlkit.table()
            quote = table["quote"]
            for qk, qv in value.items():
                if quote.get(qk) != qv:
                    quote[qk] = qv
        elif key == "note" and "\n" in value and not value.startswith("\n"):
            if table.get("note") != value:
                table["note"] = tomlkit.string(value, multiline=True)
        elif table.get(key) != value:
            table[key] = value
