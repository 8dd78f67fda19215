"""Which blocks are headings.

Articles: a short line with no closing punctuation before a real paragraph.
Books typed out: lines set apart by two blank lines, numbered chapters with
their title line, never a contents page, a title page or an advertisement.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from reader.core.blocks import Block
from reader.core.dates import parse_date
from reader.core.footnotes import URL_RE
from reader.core.markers import Span
from reader.core.notes_section import NOTES_HEADING
from reader.core.shapes import (
    BAD_ENDINGS,
    BYLINE_START,
    DEDICATION,
    INDEX_ENTRY,
    NUMBER_ONLY,
    NUMBERED_HEADING,
    SECTION_ANYWHERE,
    SECTION_WORD,
    SUBSECTION,
    SYNOPSIS,
    TABLE_ROW,
    TERMINAL,
    heading_shaped,
    is_real_paragraph,
    title_cased,
)


def book_heading_shaped(block: Block, text: str) -> bool:
    core = text.strip().strip("_*").strip()
    if not core or len(core) > 160 or block.lines > 3 or len(core.split()) > 25:
        return False
    if core[:1] in "[(\"'“‘" or not any(c.isalpha() for c in core):
        return False
    if core.endswith(BAD_ENDINGS) or INDEX_ENTRY.search(core) or TABLE_ROW.search(core):
        return False
    if core.endswith(",") and not core.isupper():
        return False
    if parse_date(core) or URL_RE.match(core):
        return False
    return title_cased(core)


def is_prose(block: Block) -> bool:
    text = block.text.strip()
    if title_cased(text):
        return False
    return len(text) >= 200 or (block.lines >= 3 and TERMINAL.search(text) is not None)


def same_kind_of_title(a: str, b: str) -> bool:
    first = NUMBERED_HEADING.match(a.strip())
    return first is not None and b.strip().lower().startswith(a.strip().split()[0].lower())


def detect_headings(blocks: list[Block], refs: list[list[Span]]) -> None:
    for i, block in enumerate(blocks):
        if block.kind != "paragraph" or not block.single:
            continue
        text = block.text
        if len(text) > 120:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or following.kind != "paragraph":
            continue
        if not is_real_paragraph(following.text):
            continue
        if refs[i]:
            _, last_start, last_end = refs[i][-1]
            if not text[last_end:].strip():
                text = text[:last_start]
        if heading_shaped(text) and not heading_shaped(following.text):
            block.kind = "heading"
            block.level = 2


def detect_book_headings(blocks: list[Block], refs: list[list[Span]]) -> bool:
    """Headings of a book typed out: set apart by two or more blank lines (or a
    numbered "CHAPTER IV." line), title-cased or in capitals, and followed by the
    text they head rather than by a list of their like (a contents page)."""
    found = False
    candidates: list[bool] = []
    for i, block in enumerate(blocks):
        text = block.text
        if refs[i]:
            _, last_start, last_end = refs[i][-1]
            if not text[last_end:].strip():
                text = text[:last_start]
        ok = block.kind == "paragraph" and book_heading_shaped(block, text)
        if ok and block.gap < 2:
            ok = bool(
                NUMBERED_HEADING.match(text.strip())
                or (i and candidates[i - 1] and SECTION_ANYWHERE.search(text))
            )
        if ok and SUBSECTION.match(text.strip()):
            ok = False
        candidates.append(ok)
    prose = next((i for i, b in enumerate(blocks) if is_prose(b)), len(blocks))
    for i, block in enumerate(blocks):
        if not candidates[i]:
            continue
        text = block.text.strip()
        named = bool(SECTION_WORD.match(text) or NUMBERED_HEADING.match(text))
        if i < prose and not named and any(candidates[i + 1 : prose]):
            continue  # the title page: only the heading of the first text counts
        following = i + 1
        if following < len(blocks) and candidates[following] and blocks[following].gap <= 1:
            continue  # a heading right above it names it better (or this is a contents page)
        # a chapter's subtitle line may sit between the number and the text
        if (
            following + 1 < len(blocks)
            and blocks[following].gap <= 1
            and not BYLINE_START.match(blocks[following].text)
            and book_heading_shaped(blocks[following], blocks[following].text)
        ):
            following += 1  # a subtitle or the first subheading stands between
        if following + 1 < len(blocks) and _DATE_LINE.match(blocks[following].text.strip()):
            following += 1  # the years the chapter covers ("1524-1525") stand before its text
        if following >= len(blocks):
            if NOTES_HEADING.match(text):  # the book's notes follow it
                block.kind, block.level, found = "heading", 2, True
            continue
        after = blocks[following]
        if candidates[following]:
            if after.gap <= 1 or not named:
                continue  # one of a list of titles (a contents page), or a half-title
        elif (
            len(after.text.strip()) < 60
            and not is_prose(after)
            and not DEDICATION.match(text)
            and not (SECTION_ANYWHERE.search(text) and block.gap >= 2)
            and not (NUMBERED_HEADING.match(text) and _text_soon(blocks, candidates, following))
        ):
            continue  # a title page's line, an advertisement: no text follows
        elif after.gap <= 1 and same_kind_of_title(text, after.text):
            continue  # a contents page: "CHAPTER 12. …" then "CHAPTER 13. …"
        block.kind = "heading"
        block.level = 2
        found = True
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and nxt.gap <= 1 and SYNOPSIS.match(nxt.text):
            nxt.kind, nxt.level = "heading", 3  # "Chapter Summary", "ARGUMENT"
    return found


def chapter_subtitles(
    blocks: list[Block], refs: list[list[Span]]
) -> tuple[list[Block], list[list[Span]]]:
    """ "CHAPTER I" and the title line under it are one heading."""
    out: list[Block] = []
    out_refs: list[list[Span]] = []
    skip = 0
    for i, block in enumerate(blocks):
        if skip:
            skip -= 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if _book_and_chapter(blocks, refs, i):
            # "Book 2" / "Chapter 3" / its title: one heading, "Book 2, Chapter 3: …"
            chapter, argument = blocks[i + 1], blocks[i + 2]
            chapter.heading_text = (
                f"{block.text.strip().rstrip('.')}, {chapter.text.strip().rstrip('.')}: "
                f"{' '.join(argument.text.split())}"
            )
            chapter.text = f"{block.text.strip()}\n{chapter.text.strip()}\n{argument.text.strip()}"
            chapter.kind, chapter.level = "heading", chapter.level or 2
            chapter.line, chapter.gap = block.line, block.gap
            out.append(chapter)
            out_refs.append(refs[i + 1])
            skip = 2
            continue
        if (
            nxt is not None
            and (block.kind == "heading" or (block.kind == "paragraph" and nxt.kind == "heading"))
            and nxt.kind in ("paragraph", "heading")
            and (nxt.gap <= 1 or (nxt.gap <= 3 and NUMBER_ONLY.match(block.text.strip())))
            and not refs[i]
            and (NUMBER_ONLY.match(block.text.strip()) or DEDICATION.match(block.text.strip()))
            and (
                book_heading_shaped(nxt, _before_last_marker(nxt.text, refs[i + 1]))
                or (NUMBER_ONLY.match(block.text.strip()) is not None and _argument_shaped(nxt))
            )
            and i + 2 < len(blocks)
        ):
            number, title = block.text.strip(), nxt.text.strip()
            joiner = " " if DEDICATION.match(number) else ": "
            listed = _without_markers(nxt.text, refs[i + 1])
            block.heading_text = f"{number.rstrip('.')}{joiner}{listed}"
            # the title's markers ("OF INDUSTRY[10]") move with it into the heading
            shift = len(block.text) + 1 - (len(nxt.text) - len(nxt.text.lstrip()))
            block.text = f"{block.text}\n{title}"
            block.kind, block.level = "heading", block.level or nxt.level or 2
            out.append(block)
            out_refs.append([(label, a + shift, b + shift) for label, a, b in refs[i + 1]])
            skip = 1
            continue
        out.append(block)
        out_refs.append(refs[i])
    return out, out_refs


_DATE_LINE = re.compile(r"^(?:A\.\s?D\.\s*)?\d{3,4}(?:\s*[-–—]{1,2}\s*\d{2,4})?\.?$")
_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+)?contents\.?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[a-z,;)\]'’”\"][.!?][\"'”’)\]]*(?:\s+(?=[A-Z\"'“‘(])|$)")


def _has_sentences(block: Block) -> bool:
    text = block.text.strip()
    return len(text.split()) >= 25 and len(_SENTENCE_END.findall(text)) >= 2


def _text_soon(blocks: list[Block], candidates: list[bool], start: int) -> bool:
    """Does running text follow within a few short lines (an essay's paper,
    date and author under its number), before another numbered heading?"""
    for k in range(start, min(start + 6, len(blocks))):
        if is_prose(blocks[k]):
            return True
        if candidates[k] and NUMBERED_HEADING.match(blocks[k].text.strip()):
            return False
    return False


def contents_entries(blocks: list[Block]) -> None:
    """A contents page typed out as the chapters are ("CHAPTER III." over its
    title and page) is not a run of headings: a numbered heading that comes
    again later, with no sentences of its own before the next heading, is its
    entry in the contents; and "CONTENTS." itself is the contents' label."""
    keys: list[tuple[int, str]] = []
    words: dict[int, list[str]] = {}
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        first = block.text.strip().split("\n")[0].strip()
        if _CONTENTS_TITLE.match(first):
            block.kind, block.level, block.heading_text = "paragraph", 0, None
            continue
        number = NUMBERED_HEADING.match(first)
        if number:
            keys.append((i, " ".join(number.group(0).lower().split())))
            words[i] = _title_words(first)
    later: dict[str, int] = {}
    for i, key in reversed(keys):
        last = later.get(key)
        later[key] = i
        if last is None or not _one_begins_the_other(words[i], words[last]):
            continue  # "Chapter I … Part I." and "Chapter I … Part II." are two headings
        section = itertools.takewhile(lambda b: b.kind != "heading", blocks[i + 1 :])
        if not any(_has_sentences(b) for b in section):
            block = blocks[i]
            block.kind, block.level, block.heading_text = "paragraph", 0, None


_CLAUSE_BREAK = re.compile(r"\s*(?:—|--|\s-\s|\.\s)\s*")


def argument_titles(blocks: list[Block]) -> None:
    """A chapter headed only by its number ("CHAPTER I.") and summed up a little
    below in capitals ("FIRST ATTACKS OF THE COALITION—THE PRUSSIANS ENTER…",
    perhaps after an epigraph) is listed by that summary's first clause:
    "CHAPTER I: FIRST ATTACKS OF THE COALITION". Only the contents and the
    header change; the text is as written."""
    for i, block in enumerate(blocks):
        if block.kind != "heading" or block.heading_text or "\n" in block.text.strip():
            continue
        number = block.text.strip()
        if not NUMBER_ONLY.match(number):
            continue
        for below in blocks[i + 1 : i + 4]:
            if below.kind == "heading":
                break
            text = " ".join(below.text.split())
            if _summary_in_capitals(text):
                clause = _CLAUSE_BREAK.split(text, maxsplit=1)[0].rstrip(".,;:")
                block.heading_text = f"{number.rstrip('.')}: {clause}"
                break


def _summary_in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 12
        and len(text) <= 600
        and text[:1] not in "\"'“‘(["
        and all(c.isupper() for c in letters)
    )


_TITLE_PAGE_BLOCKS = 40
"""A book's title page is a handful of lines; more than this before the first
heading is the book itself."""


def title_page(blocks: list[Block], refs: list[list[Span]]) -> int:
    """How many blocks at the start of a book are its title page: short lines
    (title, author, publisher, price, printer, ornaments) before its first
    heading, with no sentence of prose and no note among them. 0 when there is
    none, or when anything before the first heading reads as the work."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first is None or not 2 <= first <= _TITLE_PAGE_BLOCKS:
        return 0
    for block, spans in zip(blocks[:first], refs[:first], strict=True):
        text = block.text.strip()
        if spans or block.lines > 3 or len(text) > 100 or is_prose(block):
            return 0
        if _SENTENCE_END.search(text) and len(text.split()) > 8:
            return 0  # a sentence, not a line of a title page
    return first


def _title_words(line: str) -> list[str]:
    """A heading line's words, lower case, without a contents page's page number."""
    found = re.findall(r"\w+", line.lower())
    while len(found) > 2 and found[-1].isdigit():
        found.pop()
    return found


def _one_begins_the_other(a: list[str], b: list[str]) -> bool:
    """Whether one heading's words begin the other's: a contents entry says its
    chapter's number line, or that line with its title."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


_SIGNATURE = re.compile(r"^[A-Z][A-Z'’-]+\.$")


def signatures(blocks: list[Block]) -> None:
    """A one-word name in capitals closing essay after essay ("PUBLIUS.") is
    the author's signature, not a heading: no two chapters share such a title."""
    signed = [b for b in blocks if b.kind == "heading" and _SIGNATURE.match(b.text.strip())]
    counts = Counter(b.text.strip() for b in signed)
    for block in signed:
        text = block.text.strip()
        if counts[text] >= 3 and not SECTION_WORD.match(text):
            block.kind, block.level, block.heading_text = "paragraph", 0, None


def _before_last_marker(text: str, spans: list[Span]) -> str:
    """A heading's text without the marker closing it ("OF INDUSTRY[10]")."""
    if spans and not text[spans[-1][2] :].strip():
        return text[: spans[-1][1]]
    return text


def _without_markers(text: str, spans: list[Span]) -> str:
    for _, start, end in reversed(spans):
        text = text[:start] + text[end:]
    return " ".join(text.split())


def _book_and_chapter(blocks: list[Block], refs: list[list[Span]], i: int) -> bool:
    if i + 3 >= len(blocks) or refs[i] or refs[i + 1] or refs[i + 2]:
        return False
    book, chapter, title = blocks[i], blocks[i + 1], blocks[i + 2]
    first, second = NUMBER_ONLY.match(book.text.strip()), NUMBER_ONLY.match(chapter.text.strip())
    return (
        first is not None
        and second is not None
        and book.text.split()[0].lower() != chapter.text.split()[0].lower()
        and chapter.gap <= 1
        and title.gap <= 1
        and (chapter.kind == "heading" or title.kind == "heading")
        and _argument_shaped(title)
    )


def _argument_shaped(block: Block) -> bool:
    """A chapter's argument under its number ("Pizarro's Reception At Court--His
    Capitulation With The Crown--…"): it may run longer than a heading."""
    text = block.text.strip()
    return (
        block.lines <= 4
        and len(text) <= 320
        and text[:1].isalnum()
        and title_cased(text)
        and not NUMBER_ONLY.match(text)
        and not _has_sentences(block)
    )
