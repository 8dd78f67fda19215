"""Words made ready for the screen. Those that come from the file system
(paths, file names, error messages that name them) never passed through the
parser's cleaning: they are made plain here, at the edge of the screen, so no
escape sequence in a file name reaches the terminal. A Markdown text's notes
are drawn here as its paragraphs are in the article view."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from reader.core.clean import strip_controls
from reader.core.inline import parse_inline, visible
from reader.core.model import MarkupKind


def plain(text: str) -> str:
    """``text`` without escape sequences or control characters (newlines kept)."""
    return strip_controls(text)[0]


def shown_path(path: Path) -> str:
    """``~/library`` rather than ``/home/someone/library``, made plain."""
    try:
        shown = str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        shown = str(path)
    return plain(shown)


# Inline Markdown in a pane, as the article view draws it (reader.tcss there).
MARKUP_STYLES: dict[MarkupKind, str] = {
    "em": "italic",
    "strong": "bold",
    "code": "$text-warning",
    "link": "underline",
}


def markdown_content(text: str, style: str = "") -> Content:
    """A Markdown text's words (a note of a ``.md`` text) as drawn: the markup
    characters left out, emphasis, code and links styled; never read as
    Textual markup."""
    hidden, markup = parse_inline(text)
    if not hidden and not markup:
        return Content.styled(text, style) if style else Content(text)
    spans = [(m.start, m.end, MARKUP_STYLES[m.kind]) for m in markup]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    parts: list[str | tuple[str, str]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = " ".join([style, *(st for s, e, st in spans if s <= a and b <= e)]).strip()
        for s, e in visible(hidden, a, b):
            parts.append((text[s:e], piece) if piece else text[s:e])
    return Content.assemble(*parts)
