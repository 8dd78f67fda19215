"""Saved web pages and EPUB books turned into our Markdown texts.

The steps, shared by both formats:

1. :mod:`.dom` decodes the bytes and parses them with lxml (never fetching
   anything: no DTDs, no external entities, no network).
2. :mod:`.notes` drops a printed edition's page and line numbers, finds the
   footnotes in the whole document, wherever the page keeps them (in-page
   ``#n1`` anchors, notes sections, EPUB ``noteref`` links and ``footnote``
   asides, ``title`` popups, bare superscripts, references into a notes file
   we lack), puts a sentinel where each reference stood and takes the notes,
   every paragraph of them, out of the body.
3. For a web page, readability-lxml picks the article out of the page (see
   :mod:`.page`); a Project Gutenberg book and an EPUB are read whole, their
   front and back matter (header, licence, title page, contents, imprint,
   colophon) set apart.
4. :mod:`.render` writes the blocks as Markdown (``##`` headings, plain
   paragraphs, ``[^label]`` markers and ``[^label]: …`` definitions, fenced
   ``::: front-matter`` / ``::: back-matter``), and :mod:`.meta` reads title,
   author, date, publication and URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Where a note reference stood: ``\ue000<n>\ue001``, private-use characters no
# extractor drops, ``n`` the note's index in the list :mod:`.notes` returns.
OPEN, CLOSE = "\ue000", "\ue001"
SENTINEL = re.compile(OPEN + r"(\d+)" + CLOSE)
# Where a note no marker cites stood, so that its definition is written there.
PLACE = "\ue003"
PLACED = re.compile(PLACE + r"(\d+)" + CLOSE)
# Ours alone: a page that holds these characters loses them on reading, so
# that its text can never pass for a note reference.
OWN_CHARACTERS = dict.fromkeys(map(ord, "\ue000\ue001\ue002\ue003"))


@dataclass
class FoundNote:
    """A note found in a page: its label as printed ("1", "35a", "*"; "" when
    it shows none) and its paragraphs, separated by blank lines."""

    label: str
    text: str
    missing: bool = False  # cited, but kept in a file we were not given


@dataclass
class Converted:
    """A converted document: front matter values and the Markdown body."""

    front: dict[str, str] = field(default_factory=dict)
    body: str = ""
    notes: int = 0  # how many notes became [^n] definitions
