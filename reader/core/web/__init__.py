"""Saved web pages and EPUB books turned into our Markdown texts.

The steps, shared by both formats:

1. :mod:`.dom` decodes the bytes and parses them with lxml (never fetching
   anything: no DTDs, no external entities, no network).
2. :mod:`.notes` finds the footnotes in the whole document, wherever the page
   keeps them (in-page ``#n1`` anchors, notes sections, EPUB ``noteref``
   links and ``footnote`` asides, ``title`` popups, bare superscripts), puts a
   sentinel where each reference stood and takes the notes out of the body.
3. For a web page, readability-lxml picks the article out of the page (see
   :mod:`.page`); an EPUB chapter is already the text.
4. :mod:`.render` writes the blocks as Markdown (``##`` headings, plain
   paragraphs, ``[^n]`` markers and ``[^n]: …`` definitions), and
   :mod:`.meta` reads title, author, date, publication and URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Converted:
    """A converted document: front matter values and the Markdown body."""

    front: dict[str, str] = field(default_factory=dict)
    body: str = ""
    notes: int = 0  # how many notes became [^n] definitions
