"""A note: a highlighted passage of a text, with the reader's words and tags.

An :class:`Annotation` is anchored by offsets into the text's normalised plain
text (:attr:`reader.core.model.Article.plain_text`: the paragraphs' texts
joined by a blank line) and, to survive edits of the text, by the passage
itself plus 32 characters either side (:class:`Quote`). ``text_sha256`` is the
sha256 of the plain text the offsets were taken from; when the text's sha
changes the note is re-anchored (see :mod:`reader.core.notes.anchor`).

Ids are UUIDs version 7 (time-ordered, made here: Python 3.11's ``uuid`` has no
``uuid7``), so sorting ids sorts notes by creation and ``urn:uuid:<id>`` is a
valid IRI for the W3C export.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from reader.core.errors import ReaderError

Status = Literal["ok", "changed", "orphan", "conflict"]
STATUSES: tuple[Status, ...] = ("ok", "changed", "orphan", "conflict")
# What each status means, in the words the CLI and the exports use.
STATUS_WORDS: dict[Status, str] = {
    "ok": "",
    "changed": "the passage's words have changed since you highlighted it",
    "orphan": "passage not found in the text since it changed",
    "conflict": "another version of a note edited on two machines",
}
CONTEXT = 32
DEFAULT_COLOR = "yellow"
TEXT_PREFIX = "urn:reader:text:"


@dataclass(frozen=True, slots=True)
class Quote:
    """The passage (``exact``) and up to 32 characters before and after it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """One note on one passage of one text (a highlight when ``note`` is empty).

    ``status`` says whether the passage is as highlighted:

    - ``"ok"``: ``quote.exact`` is the text at ``start:end``.
    - ``"changed"``: the passage was found again after the text changed, but
      its words differ. ``quote`` keeps what the user highlighted; ``current``
      is what the passage (at ``start:end``) reads now. It stays so until the
      user accepts the new words (:meth:`NoteStore.accept`) or re-attaches it.
    - ``"orphan"``: the passage could not be found: the note keeps the
      position and quote it last had (and that text's sha) until re-attached.
    - ``"conflict"``: a version of note ``conflict_of`` that was edited on
      two machines at once; both are kept until the user keeps one
      (:mod:`.merge`).
    """

    id: str
    text_id: str
    quote: Quote
    start: int
    end: int
    paragraph: int
    text_sha256: str
    created: datetime
    updated: datetime
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = DEFAULT_COLOR
    status: Status = "ok"
    current: Quote | None = None
    conflict_of: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    # A note written by hand with only a quote: its table's position in the
    # file (from 1) until reader has found the passage and filled in the rest.
    draft: int = field(default=0, compare=False, repr=False)

    @property
    def is_orphan(self) -> bool:
        return self.status == "orphan"

    @property
    def passage(self) -> Quote:
        """The passage as it reads now in the text (``current`` when it changed)."""
        return self.current if self.current is not None else self.quote

    def touched(self, **changes: object) -> Annotation:
        """A copy with ``changes`` applied and ``updated`` set to now."""
        # fields by name: mypy cannot check **changes against the dataclass's fields
        return replace(self, updated=utc_now(), **changes)  # type: ignore[arg-type]

    def content(self) -> tuple[object, ...]:
        """Everything but ``extra``: what makes two versions of a note the same."""
        return (
            self.id,
            self.text_id,
            self.quote,
            self.start,
            self.end,
            self.paragraph,
            self.text_sha256,
            self.created,
            self.updated,
            self.note,
            self.tags,
            self.color,
            self.status,
            self.current,
            self.conflict_of,
        )


def utc_now() -> datetime:
    """Now, in UTC, to the millisecond (what the files store)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def new_id(now_ms: int | None = None) -> str:
    """A UUID version 7: 48 bits of Unix milliseconds, then random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & (2**48 - 1)) << 80
    value |= 0x7 << 76  # version
    value |= (rand >> 68) << 64 & (0xFFF << 64)  # 12 random bits (rand_a)
    value |= 0b10 << 62  # variant
    value |= rand & (2**62 - 1)  # 62 random bits (rand_b)
    return str(uuid.UUID(int=value))


def text_sha256(plain_text: str) -> str:
    """The sha256 of a text's normalised plain text (what anchors are taken from)."""
    return hashlib.sha256(plain_text.encode("utf-8")).hexdigest()


def quote_at(plain: str, start: int, end: int) -> Quote:
    """The quote of ``plain[start:end]`` with its context."""
    return Quote(
        exact=plain[start:end],
        prefix=plain[max(0, start - CONTEXT) : start],
        suffix=plain[end : end + CONTEXT],
    )


_ALLOWED_CONTROLS = {"\t", "\n"}
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # Cc and surrogates


def clean_text(value: str, what: str, *, multiline: bool = True) -> str:
    """``value`` made safe to store, or a :class:`ReaderError` saying why not.

    TOML cannot hold lone surrogates. Control characters (ESC, C0, C1, DEL),
    which cannot be typed but arrive in pastes and would act as terminal
    escape sequences when notes are listed, are refused too; CRLF and CR
    become LF.
    """
    if not isinstance(value, str):
        raise ReaderError(f"{what} must be text, not {type(value).__name__}")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not _SUSPECT.search(value):
        return value
    for i, ch in enumerate(value):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise ReaderError(
                f"{what} holds a lone surrogate (U+{code:04X}) at character {i + 1}, "
                "which a notes file cannot store; remove it"
            )
        if ch in _ALLOWED_CONTROLS and (multiline or ch == "\t"):
            continue
        if unicodedata.category(ch) == "Cc":
            raise ReaderError(
                f"{what} holds a control character (U+{code:04X}) at character {i + 1}; remove it"
            )
    return value


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags as stored: stripped, no empties, no duplicates, in the given order."""
    if isinstance(tags, str) or not isinstance(tags, list | tuple):
        raise ReaderError("tags must be a list of words")
    out: list[str] = []
    for tag in tags:
        tag = clean_text(tag, "a tag", multiline=False).strip()
        if tag.startswith("#"):
            tag = tag[1:]
        if any(c.isspace() for c in tag) or "," in tag:
            raise ReaderError(f"tag {tag!r} holds a space or a comma; use one word per tag")
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def parse_tags(text: str) -> tuple[str, ...]:
    """``"a, b,c"`` → ``("a", "b", "c")`` (the CLI's ``--tags``)."""
    return clean_tags([t for t in text.split(",") if t.strip()])
