"""Exporting notes: Markdown, CSV (Readwise's columns), JSON and TOML; and re-import.

All formats read one list of :class:`TextNotes` (a text's metadata, its parsed
article when the text is still in the library, its notes), built by
:func:`gather`. JSON and TOML carry every field of every note, orphans
included, and :func:`read_export` turns them back into notes without loss
(``reader notes import``). They hold no export time, so exporting the same
notes twice gives the same bytes.

Markdown is for people and Obsidian: YAML front matter, a section per text
(title, author, date, source), each passage as a block quote with a stable
block id (``^note-<id>``), the note, its tags as ``#tags``, and the footnotes
cited inside the passage, resolved (Ibid. and op. cit. followed to the full
citation). Text from the article is escaped so it can never become Markdown;
the note itself is the user's own writing and goes out as they wrote it
(Markdown in a note stays Markdown).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError
from reader.core.explain import explain_label
from reader.core.library import Library
from reader.core.model import Article
from reader.core.notes.codec import from_record, iso, to_json_record, to_record
from reader.core.notes.collection import notes_files
from reader.core.notes.copies import settle_copies
from reader.core.notes.follow import ReanchorReport
from reader.core.notes.model import Annotation
from reader.core.notes.store import NoteStore
from reader.core.notes.toml_file import read_notes

FORMAT_NAME = "reader-notes"
FORMAT_VERSION = 1
# Readwise's CSV import template, column for column (readwise.io/import_bulk).
CSV_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


@dataclass
class TextNotes:
    """One text's notes, with what an export says about the text."""

    text_id: str
    title: str
    author: str | None
    date: str | None
    source: str | None
    notes: list[Annotation]
    article: Article | None = None
    path: Path | None = None  # the text file, while it is in the library

    @classmethod
    def of(
        cls,
        text_id: str,
        notes: list[Annotation],
        article: Article | None,
        path: Path | None = None,
    ) -> TextNotes:
        if article is None:
            return cls(text_id, text_id, None, None, None, notes, None, path)
        m = article.meta
        return cls(text_id, m.title, m.author, m.date, m.source, notes, article, path)

    @property
    def url(self) -> str | None:
        """The text's web address with its scheme, when its source is one."""
        return web_url(self.source)


def web_url(source: str | None) -> str | None:
    """``source`` as an absolute http(s) URL, or ``None`` when it is not an address.

    Sources taken from a "please quote the source" line are often written
    without a scheme (``www.example.org/x``); those get ``https://``.
    """
    if not source:
        return None
    source = source.strip()
    if re.fullmatch(r"https?://[^\s<>\"]+", source):
        return source
    if re.fullmatch(
        r"(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#][^\s<>\"]*)?", source
    ):
        return "https://" + source
    return None


def _text_path(library: Library, text_id: str) -> Path | None:
    for p in library.text_files():
        if p.stem == text_id:
            return p
    return None


def resolve_text_ids(library: Library, names: Sequence[str]) -> list[str]:
    """Text ids for names given on the command line (a text, or notes whose text is gone)."""
    have_notes = {tid for tid, _ in notes_files(library)}
    out: list[str] = []
    for name in names:
        if name in have_notes:
            out.append(name)
            continue
        out.append(library.find_text(name).stem)
    return list(dict.fromkeys(out))


def gather(
    library: Library,
    text_ids: Sequence[str] | None = None,
    *,
    tag: str | None = None,
    since: datetime | None = None,
    follow: bool = True,
    reports: dict[str, ReanchorReport] | None = None,
    problems: list[ReaderError] | None = None,
) -> list[TextNotes]:
    """The notes to export, grouped by text, in text order (orphans last).

    With ``follow`` (the default), notes of a text that changed are re-anchored
    first, and the result saved, so exports never quote stale offsets; what
    moved is added to ``reports`` (by text id) when given. Sync tools'
    conflict copies are merged in first; those that could not be go to
    ``problems``, when given.
    """
    from reader.core.articles import read_article

    settled = settle_copies(library)  # a copy that does not parse stays, and is not exported
    if problems is not None:
        problems.extend(settled.errors)
    ids = list(text_ids) if text_ids is not None else [tid for tid, _ in notes_files(library)]
    groups: list[TextNotes] = []
    for text_id in ids:
        path = _text_path(library, text_id)
        article = read_article(library, path, text_id=text_id) if path is not None else None
        if article is not None and follow:
            store = NoteStore(library, text_id)
            report = store.reanchor(article)
            if reports is not None and report.changed:
                reports[text_id] = report
            notes = store.annotations
        else:
            _, notes = read_notes(library.notes_file(text_id), text_id)
            notes.sort(key=lambda a: (a.is_orphan, a.start, a.end, a.id))
        notes = [a for a in notes if _wanted(a, tag, since)]
        if notes:
            groups.append(TextNotes.of(text_id, notes, article, path))
    return groups


def _wanted(a: Annotation, tag: str | None, since: datetime | None) -> bool:
    if tag is not None and tag.lstrip("#").casefold() not in {t.casefold() for t in a.tags}:
        return False
    return since is None or a.updated >= since


# -- JSON and TOML (everything; re-importable) ---------------------------------


def _text_header(group: TextNotes) -> dict[str, Any]:
    return {
        "id": group.text_id,
        "title": group.title,
        "author": group.author,
        "date": group.date,
        "source": group.source,
    }


def to_json(groups: Iterable[TextNotes]) -> str:
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "texts": [
            {**_text_header(g), "annotations": [to_json_record(a) for a in g.notes]} for g in groups
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_toml(groups: Iterable[TextNotes]) -> str:
    import tomli_w

    texts = []
    for g in groups:
        header = {k: v for k, v in _text_header(g).items() if v is not None}
        texts.append({**header, "annotation": [to_record(a) for a in g.notes]})
    return tomli_w.dumps(
        {"format": FORMAT_NAME, "version": FORMAT_VERSION, "text": texts}, multiline_strings=True
    )


def read_export(path: Path) -> dict[str, list[Annotation]]:
    """Notes by text id from one of our JSON or TOML exports (or a notes file)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReaderError(f"cannot read: {err.strerror}", path) from None
    from reader.core.notes.toml_file import decode, parse_toml

    text = decode(raw, path)
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ReaderError(
                f"column {err.colno}: not valid JSON ({err.msg})", path, err.lineno
            ) from None
        texts_key, notes_key = "texts", "annotations"
    else:
        data = parse_toml(text, path)
        texts_key, notes_key = "text", "annotation"
        if "annotation" in data and "text" not in data:  # a notes file itself
            return {path.stem: list(read_notes(path, path.stem)[1])}
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ReaderError(f'not a reader notes export (expected format = "{FORMAT_NAME}")', path)
    if data.get("version") != FORMAT_VERSION:
        raise ReaderError(
            f"notes export version {data.get('version')!r}; this reader reads version "
            f"{FORMAT_VERSION}",
            path,
        )
    out: dict[str, list[Annotation]] = {}
    texts = data.get(texts_key, [])
    if not isinstance(texts, list):
        raise ReaderError(f"'{texts_key}' must be a list of texts", path)
    for t_index, text_entry in enumerate(texts, 1):
        text_id = text_entry.get("id") if isinstance(text_entry, dict) else None
        if not isinstance(text_id, str) or not text_id:
            raise ReaderError(f"text {t_index} has no 'id'", path)
        records = text_entry.get(notes_key, [])
        if not isinstance(records, list):
            raise ReaderError(f"text '{text_id}': '{notes_key}' must be a list", path)
        notes = out.setdefault(text_id, [])
        for n, record in enumerate(records, 1):
            try:
                notes.append(from_record(record, text_id, f"text '{text_id}', note {n}"))
            except ReaderError as err:
                raise ReaderError(err.message, path) from None
    return out


# -- CSV (Readwise) ----------------------------------------------------------------


def to_csv(groups: Iterable[TextNotes]) -> str:
    """Readwise's CSV import template: Location is the paragraph (from 1), Date when
    the note was made (UTC), and the tags go inside Note as Readwise reads them
    (``.tag``, before the note's words)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for g in groups:
        for a in g.notes:
            note = " ".join(x for x in (_readwise_tags(a), a.note) if x)
            note = "\n".join(x for x in (note, status_line(a)) if x)
            writer.writerow(
                [
                    a.quote.exact,
                    g.title,
                    g.author or "",
                    g.url or "",
                    note,
                    a.paragraph + 1,
                    a.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                ]
            )
    return out.getvalue()


def _readwise_tags(a: Annotation) -> str:
    return " ".join(f".{t}" for t in a.tags)


def status_line(a: Annotation) -> str:
    """What an export says of a note that is not simply "ok" (one line, plain words)."""
    if a.status == "changed":
        return f"[changed: the passage now reads “{' '.join(a.passage.exact.split())}”]"
    if a.status == "orphan":
        return "[orphan: the passage was not found in the text since it changed]"
    if a.status == "conflict":
        return f"[conflict: another version of note {a.conflict_of}, edited elsewhere]"
    return ""


# -- Markdown --------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^=$%&!{}])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Text that Markdown (and Obsidian) shows as itself, never as markup."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        found = _LINE_START.match(line)
        if found:
            marker = found.group(2)
            head = found.group(1) + ("\\" + marker if marker in "-+" else marker + "\\")
            line = head + line[found.end() :]
        lines.append(line)
    return "\n".join(lines)


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def block_id(a: Annotation) -> str:
    """The note's Obsidian block id (letters, digits and dashes only)."""
    return block_id_of(a.id)


def block_id_of(ident: str) -> str:
    return "note-" + re.sub(r"[^A-Za-z0-9-]", "-", ident)


def cited_notes(article: Article, a: Annotation) -> list[str]:
    """The footnote markers inside the passage, each with its note resolved."""
    lines: list[str] = []
    if a.is_orphan:
        return lines
    for p in article.paragraphs[a.paragraph :]:
        if p.start >= a.end:
            break
        for ref in p.refs:
            if a.start <= p.start + ref.start and p.start + ref.end <= a.end:
                lines.append(_resolved(article, ref.label))
    return lines


def _resolved(article: Article, label: str) -> str:
    """The note as every view says it (reader.core.explain), escaped for Markdown."""
    explained = explain_label(article, label, width=None)
    return "".join(md_escape(text) for text, _ in explained.segments).replace("\n", " ")


def to_markdown(groups: Sequence[TextNotes], *, now: datetime) -> str:
    tags = sorted({t for g in groups for a in g.notes for t in a.tags}, key=str.casefold)
    out = [
        "---",
        f"title: {_yaml_str(_md_title(groups))}",
        f"exported: {_yaml_str(iso(now))}",
        "texts:" if groups else "texts: []",
        *(f"  - {_yaml_str(g.text_id)}" for g in groups),
        "tags:" if tags else "tags: []",
        *(f"  - {_yaml_str(t)}" for t in tags),
        "---",
        "",
    ]
    for g in groups:
        out.extend(_md_text(g))
    return "\n".join(out).rstrip("\n") + "\n"


def _md_title(groups: Sequence[TextNotes]) -> str:
    if len(groups) == 1:
        return f"Notes on {groups[0].title}"
    return "Notes from reader"


def _md_text(g: TextNotes) -> list[str]:
    out = [f"# {md_escape(g.title)}", ""]
    facts = [md_escape(x) for x in (g.author, g.date) if x]
    if g.source:
        facts.append(f"<{g.source}>" if _plain_url(g.source) else md_escape(g.source))
    facts.append(f"text `{g.text_id}`" if "`" not in g.text_id else md_escape(g.text_id))
    out += [" · ".join(facts), ""]
    anchored = [a for a in g.notes if not a.is_orphan]
    orphans = [a for a in g.notes if a.is_orphan]
    for a in anchored:
        out.extend(_md_note(g, a))
    if orphans:
        out += ["## Orphaned notes", "", "Their passage was not found in the current text.", ""]
        for a in orphans:
            out.extend(_md_note(g, a))
    return out


def _md_tag(tag: str) -> str:
    """``#tag`` as Obsidian reads it; a tag it could not read is written escaped."""
    if re.fullmatch(r"[\w/-]*[^\W\d][\w/-]*", tag):
        return f"#{tag}"
    return md_escape(f"#{tag}")


def _plain_url(url: str) -> bool:
    return re.fullmatch(r"https?://[^\s<>]+", url) is not None


def _md_note(g: TextNotes, a: Annotation) -> list[str]:
    where = f"Paragraph {a.paragraph + 1}"
    if g.article is not None and not a.is_orphan:
        heading = g.article.heading_for(a.paragraph)
        if heading is not None:
            where += f" · {md_escape(heading.text)}"
    out = [f"## {where}" if not a.is_orphan else f"### Was paragraph {a.paragraph + 1}", ""]
    for line in a.quote.exact.split("\n"):
        out.append(f"> {md_escape(line)}" if line.strip() else ">")
    out += ["", f"^{block_id(a)}", ""]
    if a.status == "changed":
        out += ["Changed since you highlighted it; the passage now reads:", ""]
        out += [
            f"> {md_escape(line)}" if line.strip() else ">" for line in a.passage.exact.split("\n")
        ]
        out.append("")
    elif a.status == "conflict":
        out += [f"Conflict: another version of note ^{block_id_of(a.conflict_of)}.", ""]
    if a.note:
        out += [a.note, ""]
    if a.tags:
        out += ["Tags: " + " ".join(_md_tag(t) for t in a.tags), ""]
    if g.article is not None:
        cited = cited_notes(g.article, a)
        if cited:
            out += ["Footnotes in this passage:", "", *(f"- {c}" for c in cited), ""]
    return out
