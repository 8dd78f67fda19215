"""``reader parse FILE [--json]``: the parsed tree of any file, no library needed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.commands.common import print_json

if TYPE_CHECKING:
    from reader.core.model import Article


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
    article = _parse(Path(args.file))
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


def _parse(path: Path) -> Article:
    """The file as the library would hold it: a saved web page or an EPUB is
    converted first, by the very function ``reader import`` uses."""
    from reader.core.importer import CONVERTED_SUFFIXES, convert_source, converted_text
    from reader.core.parse import parse_file, parse_text

    if path.suffix.lower() not in CONVERTED_SUFFIXES:
        return parse_file(path)
    from reader.core.clean import read_source

    front, body = convert_source(path, read_source(path))
    text = converted_text(front, body)
    return parse_text(text, text_id=path.stem, path=str(path), fmt="md")


def _mark_mentions(article: Any, args: argparse.Namespace) -> None:
    """Fill each paragraph's glossary mentions. ``parse`` needs no library: it
    uses the one named (``--library``, ``$READER_LIBRARY``, the current folder
    with ``texts/``) when there is one, else the glossary we ship."""
    import os
    import sys

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
