"""``reader sources [TEXT|FILE] [--json]``: the works a text, a file or the whole
library cites; and the works as CSL-JSON or BibTeX for ``reader export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.commands.common import library_from, print_json

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.sources.model import Work

EXPORT_FORMATS = ("csl-json", "bibtex")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sources",
        help="the works a text, a file or the library cites, most cited first",
        description="List the works cited: in TEXT (a text of the library), in FILE (any "
        "file), or across the whole library (read from the search index).",
    )
    p.add_argument("text", metavar="TEXT|FILE", nargs="?", help="default: the whole library")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.text:
        works, titles = _works_of_one(args)
    else:
        library = library_from(args)
        works, titles = library_works(library, titles=not args.json)
    if args.json:
        print_json([work_dict(w) for w in works])
        return 0
    _print(works, titles, whole_library=not args.text)
    return 0


def _works_of_one(args: argparse.Namespace) -> tuple[list[Work], dict[str, str]]:
    from reader.core.sources import works_of

    path = Path(args.text)
    if path.is_file():
        from reader.commands.parse import _parse

        article = _parse(path)
    else:
        from reader.core.parse import parse_file

        library = library_from(args)
        found = library.find_text(args.text)
        article = parse_file(found, text_id=found.stem)
    return works_of(article), {article.id: article.meta.title}


def library_works(library: Library, *, titles: bool = True) -> tuple[list[Work], dict[str, str]]:
    """Every work the library cites, from the index (brought up to date first),
    and the texts' titles (for people; JSON gives text ids)."""
    from reader.commands.search_cmd import _sync
    from reader.core.search.catalog import catalog
    from reader.core.sources.library import stored_works

    _sync(library, verify=False)
    named = {info.id: info.title for info in catalog(library)} if titles else {}
    return stored_works(library), named


def texts_works(library: Library, names: list[str]) -> tuple[list[Work], dict[str, str]]:
    """The works the named texts cite, grouped across them."""
    from reader.core.parse import parse_file
    from reader.core.sources import cited_in, group

    cited = []
    titles: dict[str, str] = {}
    for name in names:
        path = library.find_text(name)
        article = parse_file(path, text_id=path.stem)
        titles[article.id] = article.meta.title
        cited.extend(cited_in(article))
    return group(cited), titles


def work_dict(work: Work) -> dict[str, Any]:
    """The JSON shape of one work (``null`` where the notes do not say)."""
    c = work.citation
    return {
        "id": work.id,
        "kind": c.kind,
        "authors": [{"given": a.given, "family": a.family} for a in c.authors],
        "title": c.title,
        "container": c.container,
        "volume": c.volume,
        "place": c.place,
        "publisher": c.publisher,
        "year": c.year,
        "url": c.url,
        "cited": [
            {"text": p.text, "note": p.note, "paragraph": p.paragraph, "locator": p.locator}
            for p in work.places
        ],
    }


def _print(works: list[Work], titles: dict[str, str], *, whole_library: bool) -> None:
    from rich.text import Text

    from reader.commands.render import console
    from reader.core.sources.export import place_line, summary

    out = console()
    if not works:
        out.print(
            Text("No works cited." if not whole_library else "No works cited in the library.")
        )
        return
    count = sum(len(w.places) for w in works)
    where = "the library" if whole_library else next(iter(titles.values()), "this text")
    out.print(Text(f"{len(works)} works cited {count} times in {where}", style="bold"))
    for work in works:
        line = Text(f"{len(work.places):>4}× ", style="bold")
        line.append(summary(work.citation))
        line.append(f"  [{work.citation.kind}] {work.id}", style="dim")
        out.print(line)
        by_text: dict[str, list[str]] = {}
        for place in work.places:
            by_text.setdefault(place.text, []).append(place_line(place, with_text=False))
        for text, places in by_text.items():
            lead = f"{titles.get(text) or text}: " if whole_library else ""
            out.print(Text(f"        {lead}{' · '.join(places)}", style="dim"))


def export(args: argparse.Namespace) -> int:
    """``reader export --format csl-json|bibtex [TEXT…] [-o FILE]``."""
    import sys

    from reader.core.atomic import atomic_write
    from reader.core.errors import ReaderError
    from reader.core.sources.export import to_bibtex, to_csl_json

    if args.tag or args.since:
        raise ReaderError(f"--tag and --since choose notes; --format {args.format} exports works")
    library = library_from(args)
    works, titles = texts_works(library, args.texts) if args.texts else library_works(library)
    out = to_csl_json(works, titles) if args.format == "csl-json" else to_bibtex(works, titles)
    if args.output:
        atomic_write(Path(args.output), out.encode("utf-8"))
        count = len(works)
        print(f"{count} work{'s' if count != 1 else ''} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0
