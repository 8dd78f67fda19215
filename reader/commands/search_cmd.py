"""``reader search QUERY`` and ``reader index [--rebuild]``.

Both bring the index up to date first (only what changed is re-indexed). The
search opens the index without mmap for a fast cold start and never imports
Textual. Titles and snippets are untrusted text: they are printed as Rich
``Text`` objects, never as markup.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.search import ProgressFn, SearchResults, SyncReport

# Below this many texts to index, no progress bar is drawn.
PROGRESS_MIN = 20


def register(sub: Any) -> None:
    p = sub.add_parser(
        "search",
        help="search every text, note and glossary entry",
        description=(
            "Search the library, footnotes included; the results are paragraphs, grouped "
            'under their text and heading. Words must all match; "exact phrases", OR, '
            "NOT or -word (leaves out the paragraphs holding it), title:, author:, "
            "date:2011, note: (in footnotes only), prefix* and fuzzy~ work too."
        ),
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N paragraphs")
    p.add_argument(
        "--in",
        dest="kinds",
        default="texts,notes,glossary",
        metavar="KINDS",
        help="where to look: a comma-separated list of texts, notes, glossary",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run_search)

    ix = sub.add_parser(
        "index",
        help="bring the search index up to date (or rebuild it)",
        description="Index new and changed texts, notes and glossary entries; "
        "drop deleted ones. The index is a cache: --rebuild makes it again from scratch.",
    )
    ix.add_argument("--rebuild", action="store_true", help="rebuild the whole index")
    ix.set_defaults(func=run_index)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


_KIND_NAMES = {
    "texts": "text",
    "text": "text",
    "notes": "note",
    "note": "note",
    "glossary": "glossary",
}


def parse_kinds(value: str) -> list[str]:
    from reader.core.errors import ReaderError

    kinds: list[str] = []
    for part in value.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in _KIND_NAMES:
            raise ReaderError(f"--in: unknown kind {part.strip()!r}; use texts, notes, glossary")
        kinds.append(_KIND_NAMES[name])
    if not kinds:
        raise ReaderError("--in needs at least one of texts, notes, glossary")
    return kinds


class _Bar:
    """A Rich progress bar on stderr, drawn only when there is real work."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int, what: str) -> None:
        if self._progress is None:
            if total < PROGRESS_MIN:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("indexing", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _sync(library: Library, *, rebuild: bool = False, verify: bool = True) -> SyncReport:
    import sys

    from reader.core.search.sync import sync

    bar = _Bar()
    progress: ProgressFn = bar
    try:
        report = sync(library, progress, rebuild=rebuild, verify=verify)
    finally:
        bar.close()
    for line in [*report.notices, *report.failed]:
        print(f"reader: {line}", file=sys.stderr)
    return report


def run_search(args: argparse.Namespace) -> int:
    import sys

    from reader.commands.common import library_from
    from reader.core.library import TEXT_SUFFIXES
    from reader.core.scan import prefetch

    kinds = parse_kinds(args.kinds)
    library = library_from(args)
    # The texts folder is listed on another core while whoosh loads.
    prefetch(library.texts_dir, TEXT_SUFFIXES)
    from reader.core.search.query import IndexDamaged

    query = " ".join(args.query)
    _sync(library, verify=False)
    try:
        results = _search(library, query, args.limit, kinds)
    except IndexDamaged:
        _sync(library)  # verifies: moves the damaged index aside and rebuilds it
        results = _search(library, query, args.limit, kinds)
    if args.json:
        import json

        json.dump([h.to_json() for h in results.hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        if results.suggestion:
            print(f"reader: did you mean: {results.suggestion}", file=sys.stderr)
        return 0
    _print_results(results)
    return 0


def _search(library: Library, query: str, limit: int, kinds: list[str]) -> SearchResults:
    from reader.core.search.query import Searcher

    # No mmap: reading only what the query needs makes a faster cold start.
    with Searcher(library, mmap=False) as searcher:
        return searcher.paragraphs(query, limit=limit, kinds=kinds)


def _lines(results: SearchResults) -> list[list[tuple[str, str]]]:
    """The human output as lines of (text, style) pieces (style "" = plain):
    each text's paragraphs under its title and headings (the app groups them
    with the same :func:`~reader.core.search.group_hits`)."""
    from reader.core.search.results import count_line, group_hits

    lines: list[list[tuple[str, str]]] = []
    if results.suggestion:
        lines.append([("Did you mean: ", ""), (results.suggestion, "bold"), ("?", "")])
    if not results.hits:
        lines.append([(f"No results for {results.query}", "dim")])
        return lines
    for group in group_hits(results.hits):
        kind = "" if group.kind == "text" else group.kind
        where = " · ".join(w for w in (kind, group.text) if w)
        lines.append([(group.title, "bold"), ("  " + where, "dim")])
        for section in group.sections:
            if section.heading and group.kind == "text":
                lines.append([("  § ", "dim"), (section.heading, "italic")])
            for hit in section.hits:
                label = []
                if hit.paragraph is not None:
                    label.append(f"¶{hit.paragraph + 1}")  # the parse --json index, from 1
                if hit.note is not None:
                    label.append(f"note {hit.note}")
                prefix = [("    " + " ".join(label) + "  ", "dim")] if label else [("    ", "")]
                snippet = [(t, "bold reverse" if is_match else "") for t, is_match in hit.snippet]
                lines.append([*prefix, *snippet])
    lines.append([(count_line(results), "dim")])
    return lines


def _print_results(results: SearchResults) -> None:
    import sys

    lines = _lines(results)
    if not sys.stdout.isatty():
        # Piped: no styles to draw, so no need to load Rich; the text is the same.
        sys.stdout.write("".join("".join(t for t, _ in line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for line in lines:
        console.print(Text.assemble(*line))


def run_index(args: argparse.Namespace) -> int:
    from reader.commands.common import library_from
    from reader.core.search.merge import tidy

    library = library_from(args)
    report = _sync(library, rebuild=args.rebuild)
    if report.read_only:
        return 0
    merged = tidy(library)
    total = report.unchanged + len(report.added) + len(report.changed)
    parts = [f"{total} text{'s' if total != 1 else ''} indexed"]
    for label, items in (
        ("new", report.added),
        ("changed", report.changed),
        ("removed", report.deleted),
    ):
        if items:
            parts.append(f"{len(items)} {label}")
    if merged:
        parts.append("merged into one segment")
    print(f"{', '.join(parts)} ({report.seconds:.2f} s)")
    return 0
