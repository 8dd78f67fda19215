"""The notes of one text, kept in ``<library>/notes/<text-id>.toml``.

**Format.** One ``[[annotation]]`` table per note (see :mod:`.codec` for the
fields). The files are the user's: plain, diffable, editable by hand.

**Editing in place.** A save changes only the tables of the notes that
changed, keeping the user's comments and layout (:mod:`.toml_file`).

**Saving.** Every change (add, edit, delete, re-anchor, import) is one
transaction under :func:`reader.core.atomic.locked`: read the file as it is
now, apply *this* change to it by ``id``, write it with
:func:`reader.core.atomic.atomic_write`. If the file is not what this store
last read or wrote (another reader process, or the user in an editor), their
version is the base and only our change is applied on top, field by field:
nothing anyone else wrote is clobbered. Before anything is written, the new
text is read back with ``tomllib`` and must give exactly the notes intended.

**Deleting** leaves a tombstone (``[[deleted]]``: the id and when), so a
synced or merged copy cannot bring the note back (:mod:`.merge`).

**Backups.** The first time a store changes an existing file, the file as it
was is kept in ``notes/.backup/<text-id>.toml.1`` (older ones shift up to
``.5``). **Killed saves** leave the old file whole (the rename is atomic) and
at worst a temp file, which the next save or load, holding the lock, removes.

**Files that do not parse.** Bad TOML, bytes that are not UTF-8, a note with
no quote: the error names the line and column, the file is never written,
and the store is read-only (:attr:`NoteStore.error`) until it is fixed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.core.atomic import atomic_write, locked
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.notes.follow import ReanchorReport, follow_text
from reader.core.notes.merge import (
    Merged,
    MergeReport,
    Side,
    changes,
    import_notes,
    merge,
    tomb_changes,
    without_drafts,
)
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
from reader.core.notes.toml_file import (
    annotations_from,
    backup,
    decode,
    edit_document,
    parse_document,
    parse_toml,
    read_file,
    stale_temps,
    sweep,
    tombstones_from,
)

if TYPE_CHECKING:
    from reader.core.model import Article


_TEXT_ID_RE = re.compile(r"^[^/\\\x00]+$")


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


# A change: given the notes on disk now (by id), what to write (by id) and what to
# remove, and optionally tombstones to set (a date) or drop (None).
Change = Callable[
    [dict[str, Annotation]],
    tuple[list[Annotation], list[str]]
    | tuple[list[Annotation], list[str], dict[str, datetime | None]],
]


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
        self._tombs: dict[str, datetime] = {}  # deleted notes (see .merge)
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
        if stale_temps(self.path):
            try:
                with locked(self.path, timeout=0):
                    sweep(self.path)
            except ReaderError:
                pass  # another process is saving right now; the next save sweeps
            except OSError:
                pass  # a library we cannot write to: reading it is still fine
        try:
            got = read_file(self.path, self.text_id)
        except ReaderError as err:
            self.error = err
            self._notes = {}
            raise
        self.error = None
        self._loaded = True
        self._notes = {a.id: a for a in got.notes}
        self._tombs = got.tombs
        self._digest = _digest(got.raw)
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
            report, upserts, gone = follow_text(current.values(), article)
            return upserts, gone

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
                current=None,
            )
            result.append(new)
            return [new], []

        self._commit(change)
        return result[0]

    def accept(self, ident: str) -> Annotation:
        """Take a note as it is now: a ``"changed"`` note's quote becomes what the
        passage reads now; a ``"conflict"`` copy becomes a note of its own."""
        mine = self.get(ident)
        if mine.status not in ("changed", "conflict"):
            what = "an orphan: re-attach it instead" if mine.is_orphan else "not changed"
            raise ReaderError(f"note {mine.id} is {what}", self.path)
        result: list[Annotation] = []

        def change(current: dict[str, Annotation]) -> tuple[list[Annotation], list[str]]:
            a = current.get(mine.id, mine)
            if a.status == "changed":
                new = a.touched(quote=a.passage, current=None, status="ok")
            elif a.status == "conflict":
                new = a.touched(status="ok", conflict_of="")
            else:
                new = a
            result.append(new)
            return [new], []

        self._commit(change)
        return result[0]

    def absorb(self, other: Side, base: Side | None = None) -> Merged:
        """Merge another copy of this file into it by note id (:mod:`.merge`)."""
        result: list[Merged] = []

        def change(
            current: dict[str, Annotation],
        ) -> tuple[list[Annotation], list[str], dict[str, datetime | None]]:
            mine = Side(current, dict(self._tombs))
            merged = merge(mine, without_drafts(other, self.text_id), base)
            result.append(merged)
            upserts, deletes, tombs = changes(mine, merged)
            return upserts, deletes, dict(tombs)

        self._commit(change, only_if_changed=True)
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
            report = import_notes(current, self._tombs, notes)
            return [*report.added, *report.updated], []

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
            sweep(self.path)
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                raw = None
            digest = _digest(raw)
            self.external_change = digest != self._digest
            if not self._loaded or self.external_change:
                try:
                    got = read_file(self.path, self.text_id)
                except ReaderError as err:
                    self.error = err
                    raise
                raw, digest = got.raw, _digest(got.raw)
                self._notes, self._tombs = {a.id: a for a in got.notes}, got.tombs
                self._digest, self._loaded = digest, True
            current = dict(self._notes)
            done = change(current)
            upserts, deletes = done[0], done[1]
            tomb_edit = tomb_changes(current, self._tombs, upserts, deletes)
            if len(done) == 3:
                tomb_edit.update(done[2])
            if only_if_changed and not upserts and not deletes and not tomb_edit:
                return
            expected = dict(current)
            for ident in deletes:
                expected.pop(ident, None)
            for a in upserts:
                expected[a.id] = replace(a, draft=0) if a.draft else a
            tombs = dict(self._tombs)
            for ident, when in tomb_edit.items():
                if when is None:
                    tombs.pop(ident, None)
                else:
                    tombs[ident] = when
            text = "" if raw is None else decode(raw, self.path)
            cached = self._doc[1] if self._doc is not None and self._doc[0] == digest else None
            self._doc = None  # the document is edited in place: trust it again only if saved
            doc = cached if cached is not None else parse_document(text, self.text_id, self.path)
            new_text = edit_document(doc, upserts, deletes, tomb_edit)
            new_raw = new_text.encode("utf-8")
            self._verify(new_text, expected, tombs)
            if new_raw != raw:
                if raw is not None and not self._backed_up:
                    backup(self.path, raw)
                    self._backed_up = True
                atomic_write(self.path, new_raw)
            self._notes, self._tombs, self._digest = expected, tombs, _digest(new_raw)
            self._doc = (self._digest, doc) if self._digest is not None else None

    def _verify(
        self, new_text: str, expected: dict[str, Annotation], tombs: dict[str, datetime]
    ) -> None:
        """The text we are about to write must read back as exactly ``expected``."""
        data = parse_toml(new_text, self.path)
        got = annotations_from(data, self.text_id, self.path, new_text)
        same = {a.id: a.content() for a in got} == {i: a.content() for i, a in expected.items()}
        if not same or tombstones_from(data, self.path) != tombs:
            raise ReaderError(
                "the notes could not be written faithfully (a bug in reader); the file was "
                "left as it was — please report this",
                self.path,
            )


def _tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        raise ReaderError("tags must be a list of words, not one string")
    return clean_tags(list(tags))
