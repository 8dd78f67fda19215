"""``reader export``: notes to Markdown, JSON, CSV (Readwise), TOML or W3C JSON-LD;
the works cited to CSL-JSON or BibTeX (:mod:`reader.commands.sources_cmd`)."""

from __future__ import annotations

import argparse
from typing import Any

from reader.commands.common import library_from

FORMATS = ("markdown", "json", "csv", "toml", "w3c", "csl-json", "bibtex")
WORKS_FORMATS = ("csl-json", "bibtex")  # the works cited, not the notes


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export notes (Markdown, JSON, CSV, TOML, W3C) or works cited (CSL-JSON, BibTeX)",
    )
    p.add_argument("texts", metavar="TEXT", nargs="*", help="only these texts (default: all)")
    p.add_argument("--tag", help="only notes with this tag")
    p.add_argument(
        "--since", metavar="DATE", help="only notes created or changed since (2026-01-31)"
    )
    p.add_argument("--format", choices=FORMATS, default="markdown", help="default: markdown")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.set_defaults(func=run)


def texts_themselves(library: Any, names: list[str]) -> dict[str, Any]:
    """The named texts as works of their own, by text id, under the key the
    app's copy-with-citation pastes (read as the app reads them, so a
    provisional title gives the same key)."""
    from reader.core.articles import read_article
    from reader.core.sources.quote import text_work

    own = {}
    for name in names:
        path = library.find_text(name)
        own[path.stem] = text_work(read_article(library, path, text_id=path.stem))
    return own


def parse_since(value: str) -> Any:
    from datetime import UTC, datetime

    from reader.core.errors import ReaderError

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ReaderError(
            f"--since {value!r} is not a date; write it like 2026-01-31 or 2026-01-31T18:00"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from reader.core.atomic import atomic_write
    from reader.core.notes import export, w3c
    from reader.core.notes.model import utc_now

    if args.format in WORKS_FORMATS:
        from reader.commands.sources_cmd import export as export_works

        return export_works(args)
    library = library_from(args)
    since = parse_since(args.since) if args.since else None
    ids = export.resolve_text_ids(library, args.texts) if args.texts else None
    from reader.commands.notes_cmd import tell_reanchored

    reports: dict[str, Any] = {}
    problems: list[Any] = []
    groups = export.gather(
        library, ids, tag=args.tag, since=since, reports=reports, problems=problems
    )
    tell_reanchored(reports, problems)
    if args.format == "markdown":
        out = export.to_markdown(groups, now=utc_now())
    elif args.format == "json":
        out = export.to_json(groups)
    elif args.format == "csv":
        out = export.to_csv(groups)
    elif args.format == "toml":
        out = export.to_toml(groups)
    else:
        out = w3c.to_w3c(groups)
    if args.output:
        atomic_write(Path(args.output), out.encode("utf-8"))
        count = sum(len(g.notes) for g in groups)
        print(f"{count} note{'s' if count != 1 else ''} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0
