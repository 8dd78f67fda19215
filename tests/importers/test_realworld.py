"""The real public-domain books in ../shared/realworld-dev (Project Gutenberg
HTML editions, Standard Ebooks EPUBs), read at run time; skipped without them.

Its ``check.py`` imports each book with our ``reader`` and compares the
parsed Markdown with hand-checked expectations (markers, notes, labels as
printed, headings, where the work starts and ends, no licence in the body).
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from reader.core.epub_import import convert_epub
from reader.core.web.page import convert_html

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "realworld-dev"
BOOKS = [
    "lissagaray-history-of-the-commune-of-1871.htm",
    "engels-condition-of-the-working-class.htm",
    "gibbon-decline-and-fall-vol1.htm",
    "marx-engels-communist-manifesto.epub",
    "kropotkin-mutual-aid.epub",
]
READER = Path(sys.executable).with_name("reader")
# What may go on import: note labels (they become markers), the "return"
# links back to the text, and per-chapter "Footnotes:" titles.
_NOT_TEXT = re.compile(r"^(?:\d{1,4}[a-z]?|[ivxlc]{1,6}|return|footnotes?)$")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/realworld-dev is absent")


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


@pytest.mark.parametrize("name", BOOKS)
def test_the_book_reads_as_its_expectations_say(name: str) -> None:
    run = subprocess.run(
        [sys.executable, str(CORPUS / "check.py"), str(READER), name],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("name", BOOKS)
def test_no_text_of_a_real_book_is_lost_on_import(name: str) -> None:
    """Every word of the source (page numbers aside) is in the converted text:
    body, notes, or front and back matter."""
    path = CORPUS / "texts" / name
    data = path.read_bytes()
    if path.suffix == ".epub":
        source: Counter[str] = Counter()
        with zipfile.ZipFile(path) as book:
            for member in book.namelist():
                if member.endswith(".xhtml") and not member.endswith("toc.xhtml"):
                    body = etree.fromstring(book.read(member)).find("{*}body")
                    source += _words("".join(body.itertext()))
        out = convert_epub(data, path).body
    else:
        page = html.document_fromstring(data)
        for el in page.xpath("//span[contains(@class, 'pagenum')]"):
            el.drop_tree()
        source = _words(page.find("body").text_content())
        out = convert_html(data, path).body
    lost = source - _words(re.sub(r"\[\^[^\]\s]+\]", " ", out))
    lost_words = {w: n for w, n in lost.items() if not _NOT_TEXT.match(w)}
    # a handful of words glued to a label in the source ("period7") are allowed
    assert sum(lost_words.values()) <= 12, sorted(lost_words.items())[:20]
