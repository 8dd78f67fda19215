"""Annotations to and from plain records (the TOML tables, the JSON objects).

One record shape serves the notes files, the JSON and TOML exports and their
re-import, so nothing is lost between them. Reading is forgiving where a
person may have edited by hand (a missing ``color`` or ``updated``, a date
written as a string, a note in a notes file with only its ``quote``: a draft
reader completes) and strict where a guess would lose data (no quote, offsets
that are not numbers, an export's note without an ``id``): those are errors
naming the note.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from reader.core.errors import ReaderError
from reader.core.notes.model import (
    DEFAULT_COLOR,
    STATUSES,
    Annotation,
    Quote,
    Status,
    clean_tags,
    clean_text,
    utc_now,
)

# The keys we write, in the order a person reads them; others are kept as they are.
KNOWN_KEYS = (
    "id",
    "status",
    "created",
    "updated",
    "start",
    "end",
    "paragraph",
    "text_sha256",
    "color",
    "tags",
    "note",
    "quote",
    "current",
    "conflict_of",
)


def to_record(a: Annotation, *, with_text_id: bool = False) -> dict[str, Any]:
    """The annotation as a TOML-ready dict (datetimes stay datetimes)."""
    record: dict[str, Any] = {}
    if with_text_id:
        record["text_id"] = a.text_id
    record.update(
        id=a.id,
        status=a.status,
        created=a.created,
        updated=a.updated,
        start=a.start,
        end=a.end,
        paragraph=a.paragraph,
        text_sha256=a.text_sha256,
        color=a.color,
        tags=list(a.tags),
        note=a.note,
        quote=_quote_record(a.quote),
    )
    if a.current is not None:
        record["current"] = _quote_record(a.current)
    if a.conflict_of:
        record["conflict_of"] = a.conflict_of
    return record


def _quote_record(q: Quote) -> dict[str, str]:
    return {"exact": q.exact, "prefix": q.prefix, "suffix": q.suffix}


def to_json_record(a: Annotation) -> dict[str, Any]:
    """The annotation as JSON-ready data (datetimes as ISO 8601 UTC strings)."""
    record = to_record(a, with_text_id=True)
    record["created"] = iso(a.created)
    record["updated"] = iso(a.updated)
    return record


def iso(when: datetime) -> str:
    """``2026-11-21T06:03:46.123Z``: UTC, milliseconds, a ``Z``."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def from_record(
    record: Mapping[str, Any], text_id: str, where: str, *, table: int = 0
) -> Annotation:
    """An annotation from a record; ``where`` names it in errors ("note 3").

    ``table`` is the record's position (from 1) in a notes file, where a note
    written by hand may hold only ``quote`` (a string or a table), ``note``
    and ``tags``: it comes back as a *draft* (:attr:`Annotation.draft`), an
    orphan until reader finds its passage and fills in the rest. Records of
    an export (``table=0``) must be complete.
    """
    if not isinstance(record, Mapping):
        raise ReaderError(f"{where} is not a table of fields")
    ident = record.get("id")
    has_id = isinstance(ident, str) and bool(ident.strip())
    quote = record.get("quote")
    if isinstance(quote, str):
        quote = {"exact": quote}
    if not isinstance(quote, Mapping) or not isinstance(quote.get("exact"), str):
        raise ReaderError(f"{where} has no quote.exact (the highlighted passage)")
    draft = table > 0 and not (has_id and {"start", "end", "created"} <= record.keys())
    if not has_id and not draft:
        raise ReaderError(f"{where} has no 'id'; give it one (any unique word) or remove it")
    ident = str(ident).strip() if has_id else f"draft-{table}"
    where = f"{where} (id {ident})" if has_id else where
    start = _int(record, "start", where, 0 if draft else None)
    end = _int(record, "end", where, 0 if draft else None)
    if not 0 <= start <= end:
        raise ReaderError(f"{where}: start and end must be offsets with start <= end")
    status = record.get("status", "ok")
    if status not in STATUSES:
        raise ReaderError(f"{where}: status must be one of {', '.join(STATUSES)}")
    created = when_from(record.get("created", utc_now() if draft else None), "created", where)
    updated = when_from(record.get("updated", created), "updated", where)
    tags = record.get("tags", [])
    try:
        clean = clean_tags(list(tags) if isinstance(tags, list | tuple) else tags)
        note = clean_text(_str(record, "note", where, ""), f"{where}: the note")
        color = clean_text(_str(record, "color", where, DEFAULT_COLOR), "color", multiline=False)
        q = _quote(quote, where, "quote")
        current = record.get("current")
        now = None if current is None else _quote(current, where, "current")
        conflict_of = clean_text(_str(record, "conflict_of", where, ""), "conflict_of")
    except ReaderError as err:
        msg = err.message if err.message.startswith(where) else f"{where}: {err.message}"
        raise ReaderError(msg) from None
    paragraph = _int(record, "paragraph", where, 0)
    sha = _str(record, "text_sha256", where, "")
    extra = {k: v for k, v in record.items() if k not in KNOWN_KEYS and k != "text_id"}
    # ``current`` is what the passage read when last found, if not as highlighted:
    # kept by a "changed" note and by one that has since been lost (an orphan) or
    # copied in a conflict, since reader writes it for all three. A note saying
    # "changed" whose current is missing or reads as its quote has not changed.
    if draft or status == "ok" or (now is not None and now.exact == q.exact):
        now = None
    if status == "changed" and now is None:
        status = "ok"
    return Annotation(
        id=ident,
        text_id=text_id,
        quote=q,
        start=start,
        end=end,
        paragraph=paragraph,
        text_sha256="" if draft else sha,
        created=created,
        updated=updated,
        note=note,
        tags=clean,
        color=color or DEFAULT_COLOR,
        status="orphan" if draft else _status(status),
        current=now,
        conflict_of=conflict_of,
        extra=extra,
        draft=table if draft else 0,
    )


def _quote(value: object, where: str, key: str) -> Quote:
    if not isinstance(value, Mapping) or not isinstance(value.get("exact"), str):
        raise ReaderError(f"{where}: {key}.exact must be the passage's text")
    return Quote(
        exact=clean_text(value["exact"], f"{key}.exact"),
        prefix=clean_text(_str(value, "prefix", where, ""), f"{key}.prefix"),
        suffix=clean_text(_str(value, "suffix", where, ""), f"{key}.suffix"),
    )


def _status(value: str) -> Status:
    return next((s for s in STATUSES if s == value), "ok")


def _int(record: Mapping[str, Any], key: str, where: str, default: int | None = None) -> int:
    value = record.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReaderError(f"{where}: '{key}' must be a whole number")
    return value


def _str(record: Mapping[str, Any], key: str, where: str, default: str) -> str:
    value = record.get(key, default)
    if not isinstance(value, str):
        raise ReaderError(f"{where}: '{key}' must be text")
    return value


def when_from(value: object, key: str, where: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ReaderError(
                f"{where}: '{key}' is not a date and time like 2026-01-31T12:00:00Z"
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ReaderError(f"{where}: '{key}' must be a date and time like 2026-01-31T12:00:00Z")
