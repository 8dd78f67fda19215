"""What the side panes show for each paragraph, worked out once per article.

Moving the cursor must cost next to nothing, so :class:`PaneData` groups, per
paragraph, the notes its markers cite (resolved: Ibid. → the full citation,
missing notes flagged with the last citation present) and the glossary items
it mentions. The displayed lines are :class:`~textual.content.Content` built
from plain text and style spans: a note's text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual.content import Content

from reader.core.explain import TARGET_WIDTH, Explained, Role, explain_ref
from reader.core.model import Article, Ref
from reader.core.parse import MD_SUFFIXES
from reader.tui.display import markdown_content
from reader.tui.sources_pane import work_line

LABEL = "bold $accent"
ARROW = "$text-muted"
FLAG = "bold $warning"
KIND = "italic $text-muted"
LINK = "underline $text-primary"

# How each role of the core's explanation of a note is styled in the pane.
ROLE_STYLES: dict[Role, str] = {
    "label": LABEL,
    "kind": KIND,
    "arrow": ARROW,
    "flag": FLAG,
    "url": LINK,
    "text": "",
    "target": "",
    "page": "",
    "plain": "",
}


@dataclass(frozen=True, slots=True)
class NoteItem:
    """One line of the footnotes pane."""

    label: str
    prompt: Content
    urls: tuple[str, ...] = ()
    missing: bool = False
    target: int | None = None
    """The index of the note holding the full citation, for Ibid./op. cit."""
    note: int | None = None
    """The index of this note in ``Article.notes`` (None when it is missing)."""
    ref: Ref | None = field(default=None, compare=False)
    """The marker it was built for (to say it again in full: :meth:`PaneData.in_full`)."""


@dataclass(frozen=True, slots=True)
class GlossItem:
    """One entry of the glossary pane."""

    key: str
    prompt: Content
    detail: Content | None = None


GlossaryItems = Callable[[Article, int], Sequence[GlossItem]]


@dataclass(slots=True)
class PaneData:
    """Per-paragraph pane content for one article.

    The markers of each paragraph are grouped once; each note's line is built
    the first time a paragraph citing it is shown, then kept.
    """

    article: Article
    glossary_items: GlossaryItems | None = None
    _notes: dict[object, NoteItem] = field(default_factory=dict)
    _by_paragraph: list[tuple[Ref, ...]] = field(default_factory=list)
    _gloss_cache: dict[int, Sequence[GlossItem]] = field(default_factory=dict)
    _paragraph_of_note: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        article = self.article
        for paragraph in article.paragraphs:
            refs: dict[object, Ref] = {}
            for ref in paragraph.refs:
                refs.setdefault(_key(ref), ref)
                if ref.note is not None:
                    self._paragraph_of_note.setdefault(ref.note, paragraph.index)
            self._by_paragraph.append(tuple(refs.values()))

    def set_glossary(self, glossary_items: GlossaryItems | None) -> None:
        """Use ``glossary_items`` from now on (it arrives after the article opened)."""
        self.glossary_items = glossary_items
        self._gloss_cache.clear()

    # -- per move -------------------------------------------------------------

    def notes(self, paragraph: int) -> list[NoteItem]:
        """The footnotes pane for ``paragraph``: one item per distinct marker."""
        if not 0 <= paragraph < len(self._by_paragraph):
            return []
        return [self._note(ref) for ref in self._by_paragraph[paragraph]]

    def _note(self, ref: Ref) -> NoteItem:
        key = _key(ref)
        item = self._notes.get(key)
        if item is None:
            item = self._notes[key] = self._item(ref)
        return item

    def glossary(self, paragraph: int) -> Sequence[GlossItem]:
        """The glossary pane for ``paragraph``."""
        cached = self._gloss_cache.get(paragraph)
        if cached is None:
            if self.glossary_items is not None:
                cached = self.glossary_items(self.article, paragraph)
            else:
                cached = self._gloss_notes(paragraph)
            self._gloss_cache[paragraph] = cached
        return cached

    def paragraph_citing(self, note: int) -> int | None:
        """The first paragraph whose marker cites the note at index ``note``."""
        return self._paragraph_of_note.get(note)

    # -- building ---------------------------------------------------------------

    def _gloss_notes(self, paragraph: int) -> list[GlossItem]:
        """Until a glossary is loaded: the gloss notes this paragraph cites."""
        out: list[GlossItem] = []
        for ref in self._by_paragraph[paragraph] if paragraph < len(self._by_paragraph) else ():
            note = self.article.note_of(ref)
            label = ref.label
            if note is not None and note.kind == "gloss":
                out.append(
                    GlossItem(
                        key=f"note:{label}",
                        prompt=Content.assemble(
                            (f"[{label}] ", LABEL), self._note_words(" ".join(note.text.split()))
                        ),
                    )
                )
        return out

    def _note_words(self, text: str, style: str = "") -> Content:
        """A note's own words: a Markdown text's drawn as its paragraphs are."""
        if (self.article.path or "").lower().endswith(MD_SUFFIXES):
            return markdown_content(text, style)
        return Content.styled(text, style) if style else Content(text)

    def in_full(self, item: NoteItem) -> Content:
        """``item`` with nothing shortened (a cited work quoted whole), for a
        note too long for its pane."""
        if item.ref is None:
            return item.prompt
        return self._prompt(item.ref, width=None)

    def _item(self, ref: Ref) -> NoteItem:
        explained = explain_ref(self.article, ref)
        note = self.article.note_of(ref)
        return NoteItem(
            ref.label,
            self._prompt(ref, explained=explained),
            urls=explained.urls,
            missing=explained.missing,
            target=note.target if note is not None else None,
            note=ref.note,
            ref=ref,
        )

    def _prompt(
        self, ref: Ref, *, width: int | None = TARGET_WIDTH, explained: Explained | None = None
    ) -> Content:
        if explained is None:
            explained = explain_ref(self.article, ref, width=width)
        prompt = Content.assemble(
            *(
                self._note_words(text, ROLE_STYLES[role])
                if role in ("text", "target")
                else (text, ROLE_STYLES[role])
                if ROLE_STYLES[role]
                else text
                for text, role in explained.segments
            )
        )
        work = work_line(self.article, self.article.note_of(ref))  # the work it cites, when sure
        if work is not None:
            prompt = Content.assemble(prompt, "\n", work)
        return prompt


def _key(ref: Ref) -> object:
    """One pane line per note cited (a missing note: per label and section)."""
    return ref.note if ref.note is not None else ("missing", ref.label, ref.scope)
