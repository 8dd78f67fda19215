"""Measure main-content extraction for `reader import page.html`, and the whole
import (HTML page, EPUB book).

    .venv/bin/python tests/bench/bench_import.py            # our pipeline only
    .venv/bin/python tests/bench/bench_import.py --compare  # + readability vs trafilatura
    .venv/bin/python tests/bench/bench_import.py --book FILE…  # real books too

The books (a generated 1.2-million-word EPUB with 4,542 endnotes in a notes
file, a generated 1 MB Project Gutenberg-style HTML book with page numbers and
footnotes, and any ``--book`` given) are imported by ``reader import`` into a
fresh library in a fresh Python, three times: wall and CPU seconds (median)
and peak memory.

``--compare`` needs trafilatura importable (it is not a dependency: install it
in a scratch venv and put that venv's site-packages on PYTHONPATH). For each
fixture page it prints, per extractor run on the raw page: milliseconds, the
share of the article's sentences kept, headings kept, page furniture leaked,
note-reference links kept and notes kept. Then the installed size of each
library with its dependencies, and the time our own import takes.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "importers" / "fixtures"

# What each fixture's article says (a few words from each block), its headings,
# what must not leak in, and a phrase from its first note.
PROBES: dict[str, dict[str, list[str]]] = {
    "party_paper.html": {
        "body": [
            "Nine days in May",
            "The coalfields were not",
            "Where the strike lasted",
            "The committees also kept",
            "By November the drift",
            "What remained was",
        ],
        "headings": ["The relief committees", "The return to work"],
        "furniture": [
            "Most read",
            "Share on Twitter",
            "redflag1917",
            "newsletter",
            "All rights reserved",
            "Share it with your branch",
            "Read also",
        ],
        "note": ["Years of Struggle"],
    },
    "archive_classic.html": {
        "body": [
            "The question of the land",
            "It is therefore no longer",
            "Debt, not competition",
            "The peasant who owes",
            "We propose, then",
            "The rest of the programme",
        ],
        "headings": ["I. The Mortgage", "II. The Programme"],
        "furniture": ["Writers' Index", "Next part"],
        "note": ["agricultural census"],
    },
    "popup_notes.html": {
        "body": [
            "The argument between",
            "In Berlin the councils",
            "Munich went the other way",
            "Whatever one thinks",
        ],
        "headings": ["The Bavarian exception"],
        "furniture": ["Recent Posts", "Leave a Reply", "Annelise", "Share this", "Proudly"],
        "note": ["European Labour Protest"],
    },
    "superscripts.html": {
        "body": [
            "When the peasants of Tambov",
            "The provisional government",
            "By the autumn",
            "The decree on land",
        ],
        "headings": ["Introduction", "The committees"],
        "furniture": ["Article tools", "How to cite", "ISSN"],
        "note": ["Peasant Russia"],
    },
    "plain_brackets.html": {
        "body": [
            "The press of the Spanish",
            "In Barcelona the unions",
            "Censorship came later",
            "That last stage",
        ],
        "headings": [],
        "furniture": ["From the archive", "lector", "Spanish edition"],
        "note": ["Preston"],
    },
}


def _text(markup: str) -> str:
    from lxml import html

    if not markup.strip():
        return ""
    return re.sub(r"\s+", " ", html.fromstring(markup).text_content())


def _readability(page: str) -> str:
    from readability import Document

    return str(Document(page).summary(html_partial=True))


def _trafilatura(page: str) -> str:
    import trafilatura

    out = trafilatura.extract(
        page, output_format="html", include_links=True, include_formatting=True
    )
    return out or ""


def _long_page(page: str, times: int) -> str:
    """The party paper's article body repeated: a long read inside the same page."""
    start = page.index('<div class="entry-content">') + len('<div class="entry-content">')
    end = page.index('<div class="footnotes"')
    return page[:start] + page[start:end] * times + page[end:]


def _timed(func: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def _closure_size(name: str) -> tuple[int, float]:
    """Packages and megabytes installed for ``name`` and what it requires."""
    seen: set[str] = set()
    todo = [name]
    total = 0
    while todo:
        current = re.split(r"[ ;<>=!\[~(]", todo.pop())[0].lower().replace("_", "-")
        if not current or current in seen:
            continue
        try:
            dist = md.distribution(current)
        except md.PackageNotFoundError:
            continue
        seen.add(current)
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(req)
    return len(seen), total / 1e6


def compare() -> None:
    extractors: dict[str, Callable[[str], str]] = {"readability-lxml": _readability}
    try:
        import trafilatura  # noqa: F401

        extractors["trafilatura"] = _trafilatura
    except ImportError:
        print("(trafilatura is not importable: comparing readability-lxml alone)")
    from reader.core.web.dom import decode_html

    header = f"{'extractor':17} {'page':22} {'ms':>6} {'body':>5} {'heads':>5} "
    print(header + f"{'leaks':>5} {'refs':>5} {'notes':>5}")
    pages = {name: decode_html((FIXTURES / name).read_bytes()) for name in PROBES}
    pages["party_paper.html x40"] = _long_page(pages["party_paper.html"], 40)
    for name, page in pages.items():
        probes = PROBES[name.split()[0]]
        for label, extract in extractors.items():
            ms, out = _timed(lambda extract=extract, page=page: extract(page))
            markup = str(out)
            text = _text(markup)
            body = sum(p in text for p in probes["body"])
            heads = sum(
                re.search(rf"<h\d[^>]*>\s*{re.escape(h)}", markup) is not None
                for h in probes["headings"]
            )
            leaks = sum(p in text for p in probes["furniture"])
            refs = len(re.findall(r'href="#', markup))
            notes = sum(p in text for p in probes["note"])
            print(
                f"{label:17} {name:22} {ms:6.1f} {body:>2}/{len(probes['body']):<2} "
                f"{heads:>2}/{len(probes['headings']):<2} {leaks:>2}/{len(probes['furniture']):<2} "
                f"{refs:>5} {notes:>2}/{len(probes['note'])}"
            )
    print()
    for dist in ("readability-lxml", "trafilatura"):
        try:
            count, size = _closure_size(dist)
        except Exception as err:  # noqa: BLE001 - a report line, not program logic
            print(f"{dist}: size unknown ({err})")
            continue
        if count:
            print(f"{dist}: {count} packages, {size:.1f} MB installed (with its dependencies)")
    for module in ("readability", "trafilatura"):
        if module in extractors or module == "readability":
            start = time.perf_counter()
            code = f"import {module}"
            import subprocess

            subprocess.run([sys.executable, "-c", code], check=False)
            print(f"python -c '{code}': {(time.perf_counter() - start) * 1000:.0f} ms")


def _book(path: Path, chapters: int, paragraphs: int) -> Path:
    from tests.importers.conftest import build_epub

    parts = []
    for c in range(chapters):
        body = [f"<h1>Chapter {c + 1}</h1>"]
        for p in range(paragraphs):
            n = p + 1
            body.append(
                f"<p>Paragraph {n} of chapter {c + 1} says what the delegates said and did, "
                "at the length a historian allows, and cites its source."
                f'<a epub:type="noteref" href="#c{c}n{n}">{n}</a></p>'
                f'<aside epub:type="footnote" id="c{c}n{n}"><p>Minutes, vol. {c + 1}, '
                f"p. {n}.</p></aside>"
            )
        parts.append((f"ch{c}.xhtml", "<section>" + "".join(body) + "</section>"))
    return build_epub(path, chapters=parts)


def ours() -> None:
    from reader.core.epub_import import convert_epub
    from reader.core.web.page import convert_html

    print("\nreader's import (conversion only, median of 5):")
    for name in PROBES:
        path = FIXTURES / name
        data = path.read_bytes()
        ms, _ = _timed(lambda data=data, path=path: convert_html(data, path))
        print(f"  {name:22} {len(data) / 1024:6.1f} KiB  {ms:6.1f} ms")
    from reader.core.web.dom import decode_html

    long_page = _long_page(decode_html((FIXTURES / "party_paper.html").read_bytes()), 40)
    data = long_page.encode("utf-8")
    ms, _ = _timed(lambda: convert_html(data, Path("long.html")))
    print(f"  {'party_paper.html x40':22} {len(data) / 1024:6.1f} KiB  {ms:6.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        for chapters, paragraphs in ((5, 20), (40, 30)):
            book = _book(Path(tmp) / f"book{chapters}.epub", chapters, paragraphs)
            data = book.read_bytes()
            ms, converted = _timed(lambda data=data, book=book: convert_epub(data, book), 3)
            notes = getattr(converted, "notes", 0)
            print(
                f"  EPUB {chapters} chapters x {paragraphs} paragraphs "
                f"({notes} notes, {len(data) / 1024:.0f} KiB): {ms:.0f} ms"
            )


_WORDS = re.findall(
    r"\w+",
    "the delegates met again at the yard and wrote down what the owners had said "
    "about wages and the hours of the night shift before they went home to supper",
)


def _prose(n: int, seed: int) -> str:
    return " ".join(_WORDS[(seed + i * 7) % len(_WORDS)] for i in range(n))


def _big_epub(path: Path, words: int = 1_200_000, notes: int = 4542, chapters: int = 120) -> Path:
    """A diary-sized book: notes cited from every chapter, kept in one notes file."""
    from tests.importers.conftest import build_epub

    per_note = words // notes
    parts, cited = [], 0
    for c in range(chapters):
        body = [f'<section epub:type="chapter"><h2>Month {c + 1}</h2>']
        while cited < notes * (c + 1) // chapters:
            cited += 1
            body.append(
                f'<p>{_prose(per_note - 1, cited)} the end<a href="endnotes.xhtml#note-{cited}" '
                f'id="noteref-{cited}" epub:type="noteref">{cited}</a>.</p>'
            )
        parts.append((f"chapter-{c + 1}.xhtml", "".join(body) + "</section>"))
    items = "".join(
        f'<li id="note-{n}"><p>Note {n}: {_prose(12, n)}. <a href="chapter-1.xhtml" '
        f'epub:type="backlink">↩</a></p></li>'
        for n in range(1, notes + 1)
    )
    parts.append(
        (
            "endnotes.xhtml",
            f'<section epub:type="endnotes"><h2>Endnotes</h2><ol>{items}</ol></section>',
        )
    )
    return build_epub(path, chapters=parts)


def _big_page(path: Path, size: int = 1_000_000) -> Path:
    """A Gutenberg-style HTML book: header and licence, page numbers, footnotes."""
    out = [
        "<html><head><title>A long book</title></head><body><pre>Title: A Long Book\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK A LONG BOOK ***</pre>"
    ]
    n = 0
    while sum(map(len, out)) < size:
        n += 1
        out.append(
            f"<h2>CHAPTER {n}.</h2><p>{_prose(120, n)} <span class='pagenum'><a id='Page_{n}'>"
            f"[Pg {n}]</a></span>{_prose(80, n + 1)}.<a name='FNanchor_{n}' id='FNanchor_{n}'>"
            f"</a><a href='#Footnote_{n}' class='fnanchor'>[{n}]</a></p>"
            f"<p>{_prose(150, n + 2)}.</p>"
            f"<div class='footnote'><p><a name='Footnote_{n}' id='Footnote_{n}'></a>"
            f"<a href='#FNanchor_{n}'><span class='label'>[{n}]</span></a> {_prose(30, n)}.</p>"
            f"<p>{_prose(20, n + 3)}.</p></div>"
        )
    out.append("<p>*** END OF THE PROJECT GUTENBERG EBOOK A LONG BOOK ***</p></body></html>")
    path.write_text("".join(out), encoding="utf-8")
    return path


_IMPORT = """
import resource, sys, tempfile, time
from pathlib import Path
start, cpu = time.perf_counter(), time.process_time()
from reader.core.importer import import_file
from reader.core.library import Library
import_file(Library(Path(tempfile.mkdtemp())), Path(sys.argv[1]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(time.perf_counter() - start, time.process_time() - cpu, peak)
"""


def books(extra: list[Path]) -> None:
    import subprocess

    print("\nreader import of a whole book (fresh Python, median of 3):")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [_big_epub(Path(tmp) / "diary.epub"), _big_page(Path(tmp) / "book.html"), *extra]
        for path in paths:
            runs = []
            for _ in range(3):
                done = subprocess.run(
                    [sys.executable, "-c", _IMPORT, str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                runs.append([float(x) for x in done.stdout.split()])
            wall, cpu, peak = (statistics.median(r[i] for r in runs) for i in range(3))
            print(
                f"  {path.name:48} {path.stat().st_size / 1e6:5.2f} MB  {wall:5.2f} s wall  "
                f"{cpu:5.2f} s CPU  {peak:4.0f} MB peak"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="readability vs trafilatura")
    parser.add_argument("--book", nargs="*", type=Path, default=[], help="real books to time")
    args = parser.parse_args()
    if args.compare:
        compare()
    ours()
    books(args.book)


if __name__ == "__main__":
    main()
