"""``reader notes``: add, list, import, re-attach and accept notes; merge notes files."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader.commands.common import library_from, print_json

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Article
    from reader.core.notes import Annotation

# The highlight colours a note may have (those of common e-readers).
COLORS = ("yellow", "green", "blue", "pink", "orange")


def register(sub: Any) -> None:
    notes = sub.add_parser("notes", help="add, list, import, re-attach and merge notes")
    verbs = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)

    p = verbs.add_parser("add", help="highlight a passage, with a note and tags")
    p.add_argument("text", metavar="TEXT", help="a text's id (file name without extension)")
    p.add_argument("--quote", required=True, help="the passage's words, as in the text")
    p.add_argument("--occurrence", type=int, metavar="N", help="which occurrence (from 1)")
    p.add_argument("--note", default="", help="your note ('-' reads it from standard input)")
    p.add_argument("--tags", default="", help="comma-separated tags, e.g. 'labour,1871'")
    p.add_argument(
        "--color",
        default="yellow",
        type=str.lower,
        choices=COLORS,
        metavar="COLOR",
        help=f"highlight colour: {', '.join(COLORS)} (default yellow)",
    )
    p.set_defaults(func=run_add)

    p = verbs.add_parser("list", help="list notes (all texts, or one)")
    p.add_argument("text", metavar="TEXT", nargs="?", help="only this text's notes")
    p.add_argument("--tag", help="only notes with this tag")
    p.add_argument(
        "--status",
        choices=("ok", "changed", "orphan", "conflict"),
        help="only notes with this status (changed: the passage's words changed)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_list)

    p = verbs.add_parser("orphans", help="notes whose passage is gone from their text")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_orphans)

    p = verbs.add_parser("import", help="merge notes from a JSON or TOML export (by id)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=run_import)

    p = verbs.add_parser("reattach", help="anchor a note (an orphan) to a passage")
    p.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    p.add_argument("--quote", required=True, help="the passage's words, as in the text")
    p.add_argument("--occurrence", type=int, metavar="N", help="which occurrence (from 1)")
    p.set_defaults(func=run_reattach)

    p = verbs.add_parser(
        "accept", help="take a changed passage's new words (or keep a conflict copy)"
    )
    p.add_argument("ids", metavar="ID", nargs="+", help="the notes' ids (or first characters)")
    p.set_defaults(func=run_accept)

    p = verbs.add_parser("edit", help="change a note's words, tags or colour")
    p.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    p.add_argument("--note", help="the new note ('-' reads it from standard input)")
    p.add_argument("--tags", help="the new comma-separated tags ('' for none)")
    p.add_argument(
        "--color",
        type=str.lower,
        choices=COLORS,
        metavar="COLOR",
        help=f"the new colour: {', '.join(COLORS)}",
    )
    p.set_defaults(func=run_edit)

    p = verbs.add_parser(
        "merge", help="merge three versions of a notes file by note id (git's merge driver)"
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    p.add_argument("ours", metavar="OURS", help="our version, rewritten with the result (%%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    p.set_defaults(func=run_merge)

    p = verbs.add_parser("setup-git", help="make git merge the library's notes files by note")
    p.set_defaults(func=run_setup_git)

    p = verbs.add_parser("delete", help="delete a note (a backup of the file is kept)")
    p.add_argument("id", metavar="ID", help="the note's id (or its first characters)")
    p.set_defaults(func=run_delete)


def _article(library: Library, text_id: str) -> Article:
    from reader.core.articles import read_article
    from reader.core.errors import ReaderError

    for path in library.text_files():
        if path.stem == text_id:
            return read_article(library, path, text_id=text_id)
    raise ReaderError(f"the text '{text_id}' is no longer in {library.texts_dir}")


def _say(line: str) -> None:
    import sys

    sys.stdout.write(line + "\n")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(a: Annotation) -> list[str]:
    lines = [f"  {a.id}  ¶{a.paragraph + 1}  “{_short(a.quote.exact)}”"]
    if a.status == "changed":
        lines[0] += "  (changed)"
        lines.append(f"      now reads: “{_short(a.passage.exact)}”")
    elif a.status == "conflict":
        lines[0] += f"  (conflict: another version of {a.conflict_of})"
    if a.note:
        lines.append(f"      {_short(a.note, 90)}")
    if a.tags:
        lines.append("      " + " ".join(f"#{t}" for t in a.tags))
    return lines


def run_add(args: argparse.Namespace) -> int:
    import sys

    from reader.core.articles import read_article
    from reader.core.notes import NoteStore
    from reader.core.notes.anchor import find_quote
    from reader.core.notes.model import parse_tags

    library = library_from(args)
    path = library.find_text(args.text)
    article = read_article(library, path, text_id=path.stem)
    note = sys.stdin.read() if args.note == "-" else args.note
    tags = parse_tags(args.tags)
    start, end = find_quote(article.plain_text, args.quote, args.occurrence)
    store = NoteStore(library, path.stem)
    store.reanchor(article)
    a = store.add(article, start, end, note=note, tags=tags, color=args.color)
    _say(f"added {a.id} to {path.stem}, paragraph {a.paragraph + 1}: “{_short(a.quote.exact)}”")
    return 0


def _groups(args: argparse.Namespace, text: str | None, tag: str | None) -> list[Any]:
    from reader.core.notes.export import gather, resolve_text_ids

    library = library_from(args)
    ids = resolve_text_ids(library, [text]) if text else None
    reports: dict[str, Any] = {}
    problems: list[Any] = []
    groups = gather(library, ids, tag=tag, reports=reports, problems=problems)
    tell_reanchored(reports, problems)
    return groups


def tell_reanchored(reports: dict[str, Any], problems: Sequence[Any] = ()) -> None:
    """One line on standard error per text whose notes had to follow it, and per
    conflict copy that could not be merged."""
    import sys

    for err in problems:
        print(f"reader: warning: {err}", file=sys.stderr)
    for text_id, r in reports.items():
        parts = []
        if r.moved:
            parts.append(f"{len(r.moved)} moved with the text")
        if r.reworded:
            parts.append(
                f'{len(r.reworded)} on a passage whose words changed (status "changed"; '
                "'reader notes accept ID' takes the new words)"
            )
        if r.placed:
            parts.append(f"{len(r.placed)} written by hand, now placed")
        if r.found:
            parts.append(f"{len(r.found)} orphan(s) found again")
        if r.orphaned:
            parts.append(f"{len(r.orphaned)} orphaned ('reader notes orphans' lists them)")
        print(f"reader: {text_id}: notes {', '.join(parts)}", file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:

    from reader.core.notes.codec import to_json_record

    groups = _groups(args, args.text, args.tag)
    if args.status:
        for g in groups:
            g.notes = [a for a in g.notes if a.status == args.status]
        groups = [g for g in groups if g.notes]
    if args.json:
        rows = [{**to_json_record(a), "title": g.title} for g in groups for a in g.notes]
        print_json(rows)
        return 0
    if not groups:
        tagged = f" tagged '{args.tag}'" if args.tag else ""
        _say(f"no {args.status} notes{tagged}" if args.status else f"no notes{tagged}")
        return 0
    for g in groups:
        _say(f"{g.text_id} — {g.title}")
        for a in g.notes:
            lines = _describe(a)
            if a.is_orphan:
                lines[0] += "  (orphan: passage not found)"
            for line in lines:
                _say(line)
    return 0


def run_orphans(args: argparse.Namespace) -> int:

    from reader.core.notes.codec import to_json_record

    groups = _groups(args, None, None)
    orphans = [(g, a) for g in groups for a in g.notes if a.is_orphan]
    if args.json:
        rows = [{**to_json_record(a), "title": g.title} for g, a in orphans]
        print_json(rows)
        return 0
    if not orphans:
        _say("no orphaned notes")
        return 0
    for g, a in orphans:
        _say(f"{g.text_id} — {g.title}")
        for line in _describe(a):
            _say(line)
    _say('re-attach one with: reader notes reattach ID --quote "words of the passage"')
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reader.core.notes import NoteStore
    from reader.core.notes.export import read_export

    library = library_from(args)
    by_text = read_export(Path(args.file))
    stores = {text_id: NoteStore(library, text_id) for text_id in by_text}  # ids checked first
    for text_id, notes in by_text.items():
        report = stores[text_id].merge(notes)
        _say(
            f"{text_id}: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} already there"
        )
    return 0


def run_reattach(args: argparse.Namespace) -> int:
    from reader.core.notes import find_note
    from reader.core.notes.anchor import find_quote

    library = library_from(args)
    store, note = find_note(library, args.id)
    article = _article(library, store.text_id)
    start, end = find_quote(article.plain_text, args.quote, args.occurrence)
    a = store.reattach(note.id, article, start, end)
    _say(f"re-attached {a.id} to paragraph {a.paragraph + 1}: “{_short(a.quote.exact)}”")
    return 0


def run_accept(args: argparse.Namespace) -> int:
    from reader.core.notes import find_note

    library = library_from(args)
    for ident in args.ids:
        store, note = find_note(library, ident)
        a = store.accept(note.id)
        _say(f"accepted {a.id} in {store.text_id}: “{_short(a.quote.exact)}”")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from reader.core.notes import find_note

    library = library_from(args)
    store, note = find_note(library, args.id)
    store.delete(note.id)
    _say(f"deleted {note.id} from {store.text_id}: “{_short(note.quote.exact)}”")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    import sys

    from reader.core.errors import ReaderError
    from reader.core.notes import find_note
    from reader.core.notes.model import parse_tags

    if args.note is None and args.tags is None and args.color is None:
        raise ReaderError("nothing to change: give --note, --tags or --color")
    library = library_from(args)
    store, note = find_note(library, args.id)
    words = sys.stdin.read() if args.note == "-" else args.note
    tags = None if args.tags is None else parse_tags(args.tags)
    a = store.edit(note.id, note=words, tags=tags, color=args.color)
    _say(f"changed {a.id} in {store.text_id}: “{_short(a.quote.exact)}”")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from reader.core.notes.driver import merge_three

    merged = merge_three(Path(args.base), Path(args.ours), Path(args.theirs))
    line = f"reader: notes merged by id: {len(merged.notes)} notes"
    if merged.conflicts:
        line += f', {len(merged.conflicts)} edited on both sides (kept twice, status "conflict")'
    print(line, file=sys.stderr)
    return 0


def run_setup_git(args: argparse.Namespace) -> int:
    from reader.core.notes.driver import setup_git

    for line in setup_git(library_from(args)):
        _say(line)
    return 0
