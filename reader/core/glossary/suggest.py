"""Names a text uses that the glossary does not know: suggestions for new entries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reader.core.dates import MONTH_NAMES, WEEKDAY_NAMES
from reader.core.glossary.book import Glossary
from reader.core.model import Article


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A capitalised name in the text that the glossary does not know."""

    name: str
    count: int
    notes: tuple[str, ...] = ()  # labels of the gloss notes that mention it
    paragraph: int | None = None  # the first paragraph it appears in

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": self.count,
            "notes": list(self.notes),
            "paragraph": self.paragraph,
        }


_MONTHS_DAYS = frozenset(MONTH_NAMES + WEEKDAY_NAMES)
_CONNECTORS = frozenset(
    [
        "of",
        "de",
        "du",
        "des",
        "la",
        "le",
        "von",
        "van",
        "der",
        "den",
        "di",
        "da",
        "del",
        "the",
        "for",
    ]
)
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "yet",
        "if",
        "in",
        "on",
        "at",
        "to",
        "of",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "upon",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "then",
        "now",
        "when",
        "while",
        "where",
        "what",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "after",
        "before",
        "during",
        "since",
        "until",
        "although",
        "though",
        "because",
        "however",
        "moreover",
        "nevertheless",
        "meanwhile",
        "later",
        "even",
        "also",
        "only",
        "both",
        "each",
        "every",
        "some",
        "many",
        "most",
        "much",
        "such",
        "another",
        "other",
        "all",
        "any",
        "no",
        "not",
        "one",
        "it",
        "its",
        "he",
        "she",
        "we",
        "they",
        "you",
        "i",
        "his",
        "her",
        "our",
        "their",
        "my",
        "your",
        "let",
        "take",
        "look",
        "see",
        "well",
        "yes",
        "ibid",
        "under",
        "over",
        "through",
        "against",
        "between",
        "among",
        "despite",
        "without",
        "within",
        "whether",
        "thus",
        "hence",
        "first",
        "second",
        "third",
        "last",
        "next",
        "perhaps",
        "indeed",
        "still",
        "just",
        "again",
        "once",
        "famously",
        "throughout",
        "around",
        "across",
        "along",
        "behind",
        "beyond",
        "towards",
        "toward",
        "top",
        "today",
        "yesterday",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "must",
        "shall",
        "might",
        "probably",
        "sooner",
    ]
)
_WORD = re.compile(r"[^\W\d_](?:[\w]|['\u2019\-](?=\w))*")
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u2019\u201d)\]]*\s*$")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def suggest(article: Article, glossary: Glossary) -> list[Suggestion]:
    """Capitalised names (one word or several) that occur in the article's body
    or its gloss notes and name no glossary entry, most frequent first, each
    with the gloss notes that mention it."""
    matcher = glossary.matcher
    counts: Counter[str] = Counter()
    first: dict[str, int | None] = {}
    in_notes: dict[str, list[str]] = {}
    sources: list[tuple[str, int | None, str | None]] = [
        (p.text, p.index, None) for p in article.paragraphs
    ]
    sources += [(n.text, None, n.label) for n in article.notes if n.kind == "gloss"]
    # capitalised words seen inside a sentence: names, even when one also starts a sentence
    inside = {w for text, _, _ in sources for w, initial in _words(text) if not initial}
    for text, index, label in sources:
        covered = [(start, end) for start, end, _ in matcher.scan(text)]
        for name, start, end in _names_in(text, inside):
            if _not_a_name(name) or any(s < end and start < e for s, e in covered):
                continue
            if glossary.lookup(name):
                continue
            counts[name] += 1
            first.setdefault(name, index)
            if label is not None and label not in in_notes.setdefault(name, []):
                in_notes[name].append(label)
    # a surname on its own counts for the one full name that ends with it and
    # comes first ("Aleksandr Kosvintsev … Kosvintsev", not "Russia … Great Russia")
    for name in [n for n in counts if " " not in n]:
        owners = [n for n in counts if " " in n and n.rsplit(" ", 1)[1] == name]
        if len(owners) == 1 and _comes_first(first[owners[0]], first[name]):
            owner = owners[0]
            counts[owner] += counts.pop(name)
            first[owner] = _earliest(first[owner], first.pop(name))
            in_notes.setdefault(owner, []).extend(
                label for label in in_notes.pop(name, []) if label not in in_notes[owner]
            )
    gloss = [(n.label, n.text) for n in article.notes if n.kind == "gloss"]
    for name in counts:  # "Anhel" in the body, "Yevhen Anhel" in note 19
        word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for label, text in gloss:
            labels = in_notes.setdefault(name, [])
            if label not in labels and word.search(text):
                labels.append(label)
    order = {name: i for i, name in enumerate(n for n in first if n in counts)}
    ranked = sorted(counts, key=lambda n: (-counts[n], order[n]))
    return [
        Suggestion(
            name, counts[name], tuple(sorted(in_notes.get(name, ()), key=_label_order)), first[name]
        )
        for name in ranked
    ]


def _comes_first(full: int | None, bare: int | None) -> bool:
    """Whether a full name first seen in paragraph ``full`` (None: only in the
    notes) may absorb a bare word first seen in paragraph ``bare``."""
    return full is None or bare is None or full <= bare


def _earliest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


_ADJECTIVE_ENDINGS = ("ian", "ean", "ish", "ese", "ern")
_NOT_NAMES = frozenset(
    [
        "french",
        "dutch",
        "german",
        "germans",
        "greek",
        "swiss",
        "thai",
        "west",
        "east",
        "north",
        "south",
        "southeast",
        "southwest",
        "northeast",
        "northwest",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sir",
        "madame",
        "monsieur",
    ]
)


def _not_a_name(name: str) -> bool:
    """A lone nationality adjective, compass point or title: not worth an entry."""
    if " " in name:
        return False
    folded = name.casefold()
    return folded in _NOT_NAMES or folded.endswith(_ADJECTIVE_ENDINGS)


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)


def _words(text: str) -> list[tuple[str, bool]]:
    """Capitalised words, each with whether it starts a sentence."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word[0].isupper():
            out.append((_POSSESSIVE.sub("", word), _starts_sentence(text, m.start())))
    return out


_OPENERS = "\"'\u201c\u2018\u00ab(["


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (after an opening quote too)."""
    before = text[max(0, start - 12) : start].rstrip().rstrip(_OPENERS).rstrip()
    if not before:
        return not text[: max(0, start - 12)].strip()
    return bool(_SENTENCE_END.search(before))


def _names_in(text: str, inside: set[str]) -> list[tuple[str, int, int]]:
    """Runs of capitalised words (``Bank of France``), with their offsets.

    A lone word that starts a sentence only counts when it is also seen
    capitalised inside a sentence somewhere (``Kautsky``, not ``Nobody``).
    """
    out: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []

    doubtful = False  # the run's first word starts a sentence and is not known as a name

    def close() -> None:
        while run and run[-1][0].casefold() in _CONNECTORS:
            run.pop()
        if doubtful and len(run) > 1 and run[1][0].casefold() in _CONNECTORS:
            del run[0]  # "Is the Russian nation…": the verb is not part of a name
            while run and run[0][0].casefold() in _CONNECTORS:
                del run[0]
        if run and not (doubtful and len(run) == 1):
            out.append((" ".join(w for w, _, _ in run), run[0][1], run[-1][2]))
        run.clear()

    previous_end = 0
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        gap = text[previous_end:start]
        if run and (gap.strip() or "\n\n" in gap):
            close()  # punctuation (or a quote) between words ends a name
        previous_end = end
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], end - 2
        folded = word.casefold()
        capital = word[0].isupper() and len(word) > 1
        if folded in _MONTHS_DAYS or not (capital or (run and folded in _CONNECTORS)):
            close()
            continue
        if not run and capital:
            if folded in _STARTERS:
                continue  # a common word that starts a sentence
            # "Nobody knew" is not a name, "Yevhen Anhel led" is: wait for the next word
            doubtful = word not in inside and _starts_sentence(text, start)
        run.append((word, start, end))
        if possessive:
            close()
    close()
    return out
