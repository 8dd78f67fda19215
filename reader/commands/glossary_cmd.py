"""``reader glossary list|show|suggest|add``: the people and terms the texts name."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from reader.commands.common import library_from, print_json

if TYPE_CHECKING:
    from reader.core.errors import ReaderError
    from reader.core.glossary import Glossary

KINDS = ("person", "organisation", "movement", "place", "event", "publication", "work", "term")


def register(sub: Any) -> None:
    p = sub.add_parser("glossary", help="the glossary of people and terms")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)

    q = gsub.add_parser("list", help="list the glossary's entries")
    q.add_argument("--kind", choices=KINDS, help="only entries of this kind")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=run_list)

    q = gsub.add_parser("show", help="show one entry (by name or alias)")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=run_show)

    q = gsub.add_parser(
        "suggest", help="names in a text that the glossary does not have yet, most frequent first"
    )
    q.add_argument("text", metavar="TEXT", help="a text's id, file name or path")
    q.add_argument("--limit", type=int, default=40, help="at most this many (default 40)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=run_suggest)

    q = gsub.add_parser("add", help="add an entry to your own glossary (notes/glossary.toml)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--kind", choices=KINDS, required=True)
    q.add_argument("--summary", required=True, help="one to three sentences")
    q.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    q.add_argument("--dates", default="", help='born–died, or when ("1818–1883")')
    q.add_argument("--see-also", action="append", default=[], help="a related entry (repeatable)")
    q.add_argument("--link", action="append", default=[], help="a URL (repeatable)")
    q.set_defaults(func=run_add)


def _load(args: argparse.Namespace, article: Any = None) -> Glossary:
    from reader.core.glossary import load_glossary

    glossary, problems = load_glossary(library_from(args), article)
    _warn(problems)
    return glossary


def _warn(problems: list[ReaderError]) -> None:
    import sys

    for problem in problems:
        print(f"reader: warning: {problem}", file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:
    glossary = _load(args)
    entries = [e for e in glossary if args.kind is None or e.kind == args.kind]
    if args.json:
        print_json([e.to_dict() for e in entries])
        return 0
    import sys

    rows = sorted(entries, key=lambda e: (e.kind, e.name.casefold()))
    if not sys.stdout.isatty():  # one entry a line, tab-separated, nothing cut
        for e in rows:
            print("\t".join(" ".join(f.split()) for f in (e.name, e.kind, e.dates, e.source)))
        return 0
    from rich.table import Table
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    if not entries:
        what = f" of kind {args.kind}" if args.kind else ""
        out.print(Text(f"No glossary entries{what}."))
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("name", "kind", "dates", "source"):
        table.add_column(column)
    for e in rows:
        table.add_row(Text(e.name), Text(e.kind), Text(e.dates), Text(e.source))
    out.print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    from reader.commands.render import console
    from reader.core.errors import ReaderError

    glossary = _load(args)
    entries = glossary.recognise(args.name)
    if not entries:
        import difflib

        names = [n for e in glossary for n in e.names]
        close = difflib.get_close_matches(args.name, names, n=3, cutoff=0.7)
        hint = (
            f"; did you mean {', '.join(repr(c) for c in close)}?"
            if close
            else ("; 'reader glossary list' shows them all")
        )
        raise ReaderError(f"no glossary entry called '{args.name}'{hint}")
    out = console()
    for i, e in enumerate(entries):
        if i:
            out.print()
        head = Text(e.name, style="bold")
        head.append(f"  {e.kind}", style="dim")
        if e.dates:
            head.append(f"  {e.dates}")
        out.print(head)
        if e.aliases:
            out.print(Text("also: " + "; ".join(e.aliases), style="dim"))
        if e.summary:
            out.print(Text(e.summary))
        if e.see_also:
            out.print(Text("see also: " + "; ".join(e.see_also), style="dim"))
        for link in e.links:
            out.print(Text(link, style="underline"))
        where = e.path or ""
        if where and e.line:
            where += f":{e.line}"
        out.print(Text(f"({e.source} glossary{': ' + where if where else ''})", style="dim"))
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    from reader.core.articles import read_article
    from reader.core.glossary import suggest

    library = library_from(args)
    article = read_article(library, library.find_text(args.text))
    glossary = _load(args, article)
    suggestions = suggest(article, glossary)[: max(0, args.limit)]
    if args.json:
        print_json([s.to_dict() for s in suggestions])
        return 0
    from rich.table import Table
    from rich.text import Text

    from reader.commands.render import console

    out = console()
    if not suggestions:
        out.print(Text("Every capitalised name in this text is in the glossary."))
        return 0
    import sys

    if sys.stdout.isatty():
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("count", justify="right")
        table.add_column("name")
        table.add_column("gloss notes")
        for s in suggestions:
            table.add_row(Text(str(s.count)), Text(s.name), Text(", ".join(s.notes)))
        out.print(table)
    else:  # one name a line, tab-separated, nothing wrapped
        for s in suggestions:
            print(f"{s.count}\t{' '.join(s.name.split())}\t{', '.join(s.notes)}")
    labels = list(dict.fromkeys(label for s in suggestions for label in s.notes))
    for label in labels:
        note = article.note(label)
        if note is not None:
            out.print(Text(f"[{label}] ", style="dim") + Text(note.text))
    out.print(Text("Add one with: reader glossary add NAME --kind KIND --summary …", style="dim"))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from rich.text import Text

    from reader.commands.render import console
    from reader.core.glossary import new_entry

    glossary = _load(args)
    entry = new_entry(
        args.name,
        args.kind,
        args.summary,
        aliases=args.alias,
        dates=args.dates,
        see_also=args.see_also,
        links=args.link,
    )
    shadowed = glossary.get(entry.name) or next(iter(glossary.lookup(entry.name)), None)
    glossary = glossary.add_user_entry(entry)
    added = glossary.get(entry.name)
    where = f"{added.path}:{added.line}" if added is not None and added.path else ""
    out = console()
    out.print(Text(f"added '{entry.name}' ({entry.kind}) to {where}"))
    if shadowed is not None and shadowed.source != "user":
        out.print(
            Text(f"yours now replaces the {shadowed.source} entry '{shadowed.name}'", style="dim")
        )
    return 0
