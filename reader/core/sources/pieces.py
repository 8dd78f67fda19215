"""Cutting a note into pieces, one work each, and a piece into the places its
citation may be.

At semicolons, and at a sentence that starts another citation ("… 1990, p. 4.
See also …"); sentences that cite nothing (no year, page, quoted title or URL)
are commentary and dropped, or joined to the next when a reference runs over a
full stop ("Thompson, E. P. The Making …. London: …, 1963"). In a piece that
does not read as a citation from its start, the citation may be its end:
after a quotation's dash, its last sentences, a parenthesis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.footnotes import URL_RE
from reader.core.sources.fields import PAGE, YEAR, dash_tail, reads_as_prose
from reader.core.sources.lexicon import word_set

_BACK_REFERENCE = re.compile(
    r"\b(?:ibid(?:em)?\b|id\.(?=[\s,]|$)|op\.?\s*cit\b|loc\.?\s*cit\b)", re.IGNORECASE
)
# "Eutrop. ix. 2", "Zosimus, l. ii. c. 22": book and chapter, as older books cite
_CLASSICAL_PLACE = re.compile(
    r"(?<![\w.])(?:[ivxlc]{1,6}|(?:l|lib|c|cap)\.\s?[ivxlc\d]+)\.?\s?\d{1,4}\b"
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z‘“\"'(*])")
_ABBREVIATIONS = word_set(
    """
    ed eds trans tr vol vols no nos pp p dr mr mrs ms st cf ch chap repr rev ibid op cit
    loc al etc esp n nn fol fols f ff jr sr bd t comp col cols art sect pt ser eg ie viz
    vs cit ca c fig mss ms univ dept co inc ltd bros intro trad hg hrsg éd
    """
)


def pieces(text: str) -> list[str]:
    """``text`` cut into the parts that cite one work each."""
    text = " ".join(text.split())
    found: list[str] = []
    parts = split_outside_brackets(text, ";")
    if len(parts) > 1:
        parts = [p for p in parts if cites_something(p)] or parts
    for part in parts:
        found.extend(_sentences(part))
    found = [re.sub(r"^(?:and|also|or)\s+", "", p.strip(" ,;")) for p in found]
    return [p for p in found if p]


def split_outside_brackets(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _sentences(text: str) -> list[str]:
    """The sentences of ``text`` that cite something, one work each: a sentence
    that cites nothing joins the next ("Thompson, E. P. The Making …. London:
    …, 1963"), and commentary after the last citation is dropped."""
    if len(text) < 40:
        return [text]
    spans: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip(".?! ")
        last = re.split(r"[\s(—]", before)[-1].lower().strip(".") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", last):
            continue  # "ed. M. Shatz", "K. Marx", "St. Martin's"
        if _in_quotes(text, match.start()):
            continue
        spans.append(text[start : match.start()])
        start = match.end()
    spans.append(text[start:])
    return _citing(spans, join=" ")


def _citing(spans: list[str], *, join: str) -> list[str]:
    groups: list[str] = []
    for span in spans:
        if groups and not cites_something(groups[-1]):
            groups[-1] = groups[-1] + join + span
        else:
            groups.append(span)
    citing = [g for g in groups if cites_something(g)]
    return citing or groups


def _in_quotes(text: str, pos: int) -> bool:
    head = text[:pos]
    return (
        head.count("“") > head.count("”")
        or head.count('"') % 2 == 1
        or head.count("‘") > head.count("’") - len(re.findall(r"\w’\w", head))
    )


def cites_something(sentence: str) -> bool:
    return bool(
        re.search(r",\s*\d{1,4}(?:\s?[-–]\s?\d{1,4})?\.?\s*$", sentence)
        or _BACK_REFERENCE.search(sentence)
        or URL_RE.search(sentence)
        or YEAR.search(sentence)
        or PAGE.search(sentence)
        or re.search(r"[‘“\"][^’”\"]{4,}[’”\"]|\*[^*]{3,}\*", sentence)
        or _CLASSICAL_PLACE.search(sentence)
    )


# -- where in a piece its citation is ---------------------------------------------

_SENTENCE = re.compile(r"(?<=[a-z\d)\]”\"’][.!?])\s+(?=[A-ZÀ-Þ«\"“‘*_])")
_SIGNATURE = re.compile(r"\s*(?:—|--)\s*[A-Z]\.?(?:\s+\d{4})?\.?\s*$")
_SIGNED = re.compile(
    r"\.?\s*(?:—|--)\s*[A-Z]\.\s+(?=(?:Compare|See|Cf|On|The|This|It|In|But|According|Mr)\b)"
)
_PARENTHESIS = re.compile(r"\(([^()]{6,200})\)")
_VOLUME_TAIL = re.compile(r"\b(?:vols?|tom)\.\s?[ivxlc\d]", re.IGNORECASE)


def candidates(text: str) -> Iterator[str]:
    """Where the citation of a piece may be, most likely first: the source after
    a quotation's dash, the piece itself, its last sentences, a parenthesis
    ("… (Enquête, vol. i. p. 406). A dozen …"). Lazily: most pieces are read
    at the first."""
    if "—" in text or "--" in text:
        # an editor's initial closing their remark ("…abundance of brass.—M. 1845")
        text = _SIGNATURE.sub("", text)
        text = _SIGNED.sub(". ", text)
    tail = dash_tail(text) if "—" in text or "--" in text else None
    if tail and (cites_something(tail) or _VOLUME_TAIL.search(tail) or _short_reference(tail)):
        yield tail
    if tail is None:  # after a quotation's dash, the words before are quoted
        yield text
    sentences = _full_stops(text)
    yield from (s for s in reversed(sentences[1:]) if cites_something(s) or _short_reference(s))
    if "(" in text:
        yield from (m.group(1) for m in _PARENTHESIS.finditer(text) if cites_something(m.group(1)))


def _full_stops(text: str) -> list[str]:
    """``text`` cut where a sentence ends: not inside a run of capitalised
    abbreviations ("Hist. August. p. 9", "Panegyr. Vet.") as older books
    write titles."""
    found = []
    start = 0
    for match in _SENTENCE.finditer(text):
        word = re.split(r"[\s(—]", text[start : match.start()].rstrip(".!?"))[-1]
        abbreviated = re.match(r"[A-Z][a-z]{1,10}\.", text[match.end() :])
        if abbreviated and word[:1].isupper() and len(word) < 8 and word.isalpha():
            continue  # "Hist. August.": one title, abbreviated
        found.append(text[start : match.start()])
        start = match.end()
    found.append(text[start:])
    return found


def _short_reference(text: str) -> bool:
    """ "M. Thiers, Enquête sur le 18 Mars": a few capitalised words, no sentence."""
    return len(text.split()) <= 16 and "," in text and not reads_as_prose(text)
