"""Cutting a note into pieces, one work each.

At semicolons, and at a sentence that starts another citation ("… 1990, p. 4.
See also …"); sentences that cite nothing (no year, page, quoted title or URL)
are commentary and dropped, or joined to the next when a reference runs over a
full stop ("Thompson, E. P. The Making …. London: …, 1963").
"""

from __future__ import annotations

import re

from reader.core.footnotes import URL_RE
from reader.core.sources.fields import PAGE, YEAR
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
