"""Rich output shared by the CLI commands. Text from articles, notes and the
glossary is untrusted: it is only ever wrapped in :class:`rich.text.Text`,
never interpreted as console markup."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.text import Text

from reader.core.explain import Explained, Role, explain, explain_ref
from reader.core.inline import parse_inline, visible
from reader.core.model import Article, Markup, MarkupKind, Paragraph
from reader.core.parse import MD_SUFFIXES

MEASURE = 80
ROLE_STYLES: dict[Role, str | None] = {
    "label": "bold cyan",
    "kind": "italic dim",
    "arrow": "dim",
    "flag": "bold yellow",
    "url": "underline",
    "text": None,
    "target": None,
    "page": None,
    "plain": None,
}


def note_text(explained: Explained, *, markdown: bool = False) -> Text:
    """A note as the core explains it, styled for the terminal (never markup);
    a ``markdown`` text's note with its inline markup drawn."""
    text = Text()
    for piece, role in explained.segments:
        if markdown and role in ("text", "target"):
            hidden, markup = parse_inline(piece)
            text.append_text(_drawn(piece, hidden, _markup_spans(markup)))
        else:
            text.append(piece, style=ROLE_STYLES[role])
    return text


def console(*, stderr: bool = False) -> Console:
    """A console for people: on a terminal, lines wrap to its width; piped, a
    line is written as it is (wrapping at an assumed 80 columns would break
    words a program or ``grep`` looks for)."""
    stream = sys.stderr if stderr else sys.stdout
    piped = not stream.isatty()
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=piped)


def meta_line(article: Article) -> Text:
    m = article.meta
    parts = [p for p in (m.author, m.date, m.publication) if p]
    return Text(" · ".join(parts), style="dim")


Spans = list[tuple[int, int, str]]  # (start, end, style) in a text
MARKUP_STYLES: dict[MarkupKind, str] = {
    "em": "italic",
    "strong": "bold",
    "code": "yellow",
    "link": "underline",
}


def paragraph_text(p: Paragraph) -> Text:
    """A paragraph as a person reads it: a Markdown text's inline markup drawn
    as the app draws it (styled, its markup characters left out)."""
    style = {"heading": "bold", "standfirst": "italic", "dateline": "dim", "coda": "dim"}.get(
        p.kind
    )
    spans = _markup_spans(p.markup) + [(ref.start, ref.end, "bold cyan") for ref in p.refs]
    text = _drawn(p.text, p.hidden, spans)
    if style:
        text.stylize(style)
    return text


def _markup_spans(markup: Sequence[Markup]) -> Spans:
    return [(m.start, m.end, MARKUP_STYLES[m.kind]) for m in markup]


def _drawn(words: str, hidden: Sequence[tuple[int, int]], spans: Spans) -> Text:
    """``words`` without their ``hidden`` ranges, ``spans`` styled."""
    if not hidden:
        text = Text(words)
        for start, end, styled in spans:
            text.stylize(styled, start, end)
        return text
    text = Text()
    cuts = sorted({0, len(words), *(s[0] for s in spans), *(s[1] for s in spans)})
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = " ".join(st for s, e, st in spans if s <= a and b <= e)
        for s, e in visible(hidden, a, b):
            text.append(words[s:e], style=piece or None)
    return text


def show(article: Article, *, pager: bool | None = None) -> None:
    """The article through Rich, notes resolved, ready for a pager."""
    out = console()
    width = min(out.width, MEASURE)
    blocks: list[Text | Rule | Padding] = []
    title = Text(article.meta.title, style="bold underline")
    if article.meta.title_provisional:
        title.append("  (provisional title)", style="dim")
    blocks += [title, meta_line(article)]
    if article.meta.source:
        blocks.append(Text(article.meta.source, style="dim"))
    blocks.append(Text(""))
    for p in article.paragraphs:
        if p.kind == "heading":
            blocks.append(Text(""))
        blocks.append(paragraph_text(p))
        blocks.append(Text(""))
    if article.notes or article.missing_notes:
        blocks.append(Rule("Notes", style="dim"))
        blocks += _notes_blocks(article)
    # wrapped at the reading measure, piped too: a text ready for a pager
    lines = out.render_lines(Group(*blocks), out.options.update_width(width), pad=False)
    page = Segments([piece for line in lines for piece in (*_trimmed(line), Segment.line())])
    use_pager = sys.stdout.isatty() if pager is None else pager
    if use_pager:
        with out.pager(styles=True):
            out.print(page, soft_wrap=True)
    else:
        out.print(page, soft_wrap=True)


def _trimmed(line: list[Segment]) -> list[Segment]:
    """A wrapped line without the spaces Rich leaves where it broke it."""
    line = list(line)
    while line and not line[-1].control:
        last = line.pop()
        kept = last.text.rstrip(" ")
        if kept:
            line.append(Segment(kept, last.style))
            break
    return line


def _notes_blocks(article: Article) -> list[Text]:
    """Every note, resolved; a missing one where its number falls. A hint under a
    missing note is shortened, so a long note is not printed again in full."""
    missing = {r.label: r for p in article.paragraphs for r in p.refs if r.note is None}
    labels = [n.label for n in article.notes]
    markdown = (article.path or "").lower().endswith(MD_SUFFIXES)
    if len(set(labels)) == len(labels):  # one numbering: in the order of the labels
        out: list[Text] = []
        for label in _all_labels(article):
            note = article.note(label)
            if note is not None:
                out.append(note_text(explain(article, note, width=None), markdown=markdown))
            elif label in missing:
                hint = explain_ref(article, missing[label], width=HINT_WIDTH)
                out.append(note_text(hint, markdown=markdown))
        return out
    # a book numbering again in each chapter: chapter by chapter, in document order
    out = []
    scope: int | None = -1
    for note in article.notes:
        if note.scope != scope and note.scope is not None:
            out.append(Text(article.headings[note.scope].text, style="bold dim"))
        scope = note.scope
        out.append(note_text(explain(article, note, width=None), markdown=markdown))
    gone = [r for p in article.paragraphs for r in p.refs if r.note is None]
    out += [note_text(explain_ref(article, r, width=HINT_WIDTH), markdown=markdown) for r in gone]
    return out


HINT_WIDTH = 80


def _all_labels(article: Article) -> list[str]:
    labels = [n.label for n in article.notes] + list(article.missing_notes)

    def key(label: str) -> tuple[int, int | str]:
        return (0, int(label)) if label.isdigit() else (1, label)

    return sorted(set(labels), key=key)


def print_summary(article: Article) -> None:
    out = console()
    m = article.meta
    title = Text(m.title, style="bold")
    if m.title_provisional:
        title.append("  (provisional)", style="dim")
    out.print(title)
    out.print(meta_line(article))
    refs = sum(len(p.refs) for p in article.paragraphs)
    out.print(
        Text(
            f"{article.word_count} words · {len(article.paragraphs)} paragraphs · "
            f"{len(article.headings)} headings · {refs} markers · {len(article.notes)} notes"
        )
    )
    for h in article.headings:
        out.print(Text(f"  § {h.text}"))
    if article.missing_notes:
        out.print(Text("missing notes: " + ", ".join(article.missing_notes), style="yellow"))
    if article.unreferenced_notes:
        out.print(Text("notes no marker points to: " + ", ".join(article.unreferenced_notes)))
    for d in article.diagnostics:
        where = f"line {d.line}: " if d.line else ""
        out.print(Text(f"{d.severity}: {where}{d.message}", style="dim"))
