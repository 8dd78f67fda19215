"""``reader parse FILE [--json]``: the parsed tree of any file, no library needed."""

from __future__ import annotations

import argparse
from typing import Any

from reader.commands.common import print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "parse",
        help="parse a file and print its structure (no library needed)",
        description="Parse FILE as reader would and print what it found.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the whole tree as JSON")
    p.add_argument("--title", help="use this title instead of the detected one")
    p.add_argument("--author", help="use this author instead of the detected one")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reader.core.parse import parse_file

    article = parse_file(Path(args.file))
    if args.title or args.author:
        import dataclasses

        article.meta = dataclasses.replace(
            article.meta,
            title=args.title or article.meta.title,
            author=args.author or article.meta.author,
            title_provisional=article.meta.title_provisional and not args.title,
        )
    _mark_mentions(article, args)
    data = article.to_dict()
    if args.json:
        print_json(data)
        return 0
    from reader.commands.render import print_summary

    print_summary(article)
    return 0


def _mark_mentions(article: Any, args: argparse.Namespace) -> None:
    """Fill each paragraph's glossary mentions. ``parse`` needs no library: it
    uses the one named (``--library``, ``$READER_LIBRARY``, the current folder
    with ``texts/``) when there is one, else the glossary we ship."""
    import os
    import sys
    from pathlib import Path

    from reader.core.glossary import annotate, load_glossary
    from reader.core.library import ENV_VAR, Library, bundled_texts_dir

    root: Path | None = None
    if getattr(args, "library", None):
        root = Path(args.library).expanduser()
    elif os.environ.get(ENV_VAR):
        root = Path(os.environ[ENV_VAR]).expanduser()
    elif (Path.cwd() / "texts").is_dir():
        root = Path.cwd()
    else:
        shipped = bundled_texts_dir()
        root = shipped.parent if shipped is not None else None
    if root is None:
        return
    glossary, problems = load_glossary(Library(root), article)
    for problem in problems:
        print(f"reader: warning: {problem}", file=sys.stderr)
    annotate(article, glossary)
