"""``reader sources [TEXT|FILE] [--json]``: the works a text, a file or the whole
library cites; and the works as CSL-JSON or BibTeX for ``reader export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.commands.common import library_from

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.sources.model import Work
    from reader.core.sources.shelf import Shelf

EXPORT_FORMATS = ("csl-json", "bibtex")


# Works listed for people unless --all (JSON always has every one).
SHOWN = 100


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sources",
        help="the works a text, a file or the library cites, most cited first",
        description="List the works cited: in TEXT (a text of the library), in FILE (any "
        "file), or across the whole library (read from the search index).",
    )
    p.add_argument("text", metavar="TEXT|FILE", nargs="?", help="default: the whole library")
    p.add_argument("--json", action="store_true", help="print JSON (every work)")
    p.add_argument(
        "--all", action="store_true", help=f"list every work, not the {SHOWN} most cited"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from reader.core.sources.listing import listing

    shown = None if args.all or args.json else SHOWN
    if args.text:
        works, titles = _works_of_one(args)
        if args.json:
            from reader.core.sources.listing import plain, tail

            sys.stdout.write(listing((w.id, tail(plain(w))) for w in works) + "\n")
            return 0
        _print(works[:shown], titles, len(works), sum(len(w.places) for w in works))
        return 0
    library = library_from(args)
    shelf = library_shelf(library, tails=args.json)
    if args.json:
        sys.stdout.write(listing(zip(shelf.ids, shelf.tails(), strict=True)))
        sys.stdout.write("\n")
        return 0
    titles = _titles(library)
    _print(shelf.works(0, shown), titles, len(shelf), sum(shelf.counts), whole_library=True)
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


def library_shelf(library: Library, *, tails: bool = False) -> Shelf:
    """Every work the library cites, from the index (brought up to date first);
    with ``tails``, their JSON too."""
    from reader.commands.search_cmd import _sync
    from reader.core.sources.library import library_shelf as shelf_of

    _sync(library, verify=False)
    return shelf_of(library, tails=tails)


def library_works(library: Library) -> tuple[list[Work], dict[str, str]]:
    """Every work the library cites, from the index (brought up to date
    first), and the texts' titles."""
    works = library_shelf(library).works()
    return works, _titles(library)


def _titles(library: Library) -> dict[str, str]:
    """Each indexed text's title, by id: from the index's stamps (one small
    file; the catalog reads every text's stored fields), or its catalog if
    they are lost."""
    from reader.core.search.stamps import load_stamps

    loaded = load_stamps(library.index_dir)
    if loaded is not None:
        return {text: stamp.title for text, stamp in loaded[0].items() if not stamp.failed}
    from reader.core.search.catalog import catalog

    return {info.id: info.title for info in catalog(library)}


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


def _print(
    works: list[Work],
    titles: dict[str, str],
    total: int,
    cited: int,
    *,
    whole_library: bool = False,
) -> None:
    """The ``works`` shown of ``total``, cited ``cited`` times in all."""
    from rich.text import Text

    from reader.commands.render import console
    from reader.core.sources.export import place_line, summary

    out = console()
    if not total:
        out.print(
            Text("No works cited." if not whole_library else "No works cited in the library.")
        )
        return
    where = "the library" if whole_library else next(iter(titles.values()), "this text")
    works_word = "work" if total == 1 else "works"
    times = "once" if cited == 1 else f"{cited} times"
    lines = [Text(f"{total} {works_word} cited {times} in {where}", style="bold")]
    for work in works:
        line = Text(f"{len(work.places):>4}× ", style="bold")
        line.append(summary(work.citation))
        line.append(f"  [{work.citation.kind}] {work.id}", style="dim")
        lines.append(line)
        by_text: dict[str, list[str]] = {}
        for place in work.places:
            by_text.setdefault(place.text, []).append(place_line(place, with_text=False))
        for text, places in by_text.items():
            lead = f"{titles.get(text) or text}: " if whole_library else ""
            lines.append(Text(f"        {lead}{' · '.join(places)}", style="dim"))
    if len(works) < total:
        more = total - len(works)
        lines.append(
            Text(f"… and {more} more work{'s' if more != 1 else ''} (--all lists every one)")
        )
    out.print(Text("\n").join(lines))  # one print: each costs as much as a line's layout


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
    from reader.commands.export_cmd import texts_themselves

    own = texts_themselves(library, args.texts)  # the entries `y` pastes keys of
    write = to_csl_json if args.format == "csl-json" else to_bibtex
    out = write(works, titles, own)
    if args.output:
        atomic_write(Path(args.output), out.encode("utf-8"))
        count = len(works)
        print(f"{count} work{'s' if count != 1 else ''} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0
