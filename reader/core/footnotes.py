"""Footnotes: what each note is, and which full citation it stands for.

Classification: a note is a full ``citation``, a ``gloss`` (it explains a
person or movement rather than citing), a ``url``, or a back-reference:
``ibid`` (Ibid., Ibidem, Id.), ``op-cit`` or ``loc-cit``.

Resolution traces every back-reference to the note holding the full citation:

- Ibid. → the previous note's work (the previous label in the numbering, so a
  note missing from the copy is noticed, not skipped); its page if it gives
  none; chains are followed. When the note it points to is missing from the
  source, the status is ``missing-target`` and ``hint`` names the nearest
  earlier note that is present.
- Op. cit. → the earlier full citation by that author, narrowed by title words
  when the author has several works; ``ambiguous`` when still several,
  ``unresolved`` when none.
- Loc. cit. → the same, the page carried from the target.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from reader.core.model import Note, NoteKind

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+")
_TRAILING_URL_PUNCT = ".,;:!?)]}'"

_IBID = re.compile(
    r"^\W*(?:see\s+|cf\.?\s+|quoted\s+|cited\s+)?(?:ibid(?:em)?\b\.?|id\.(?=\s|,|$))",
    re.IGNORECASE,
)
_OP_CIT = re.compile(r"\bop\.?\s*cit\b\.?", re.IGNORECASE)
_LOC_CIT = re.compile(r"\bloc\.?\s*cit\b\.?", re.IGNORECASE)
_PAGE = re.compile(r"(?<![\w])(?:pp?|pages?|P)\.?\s?(\d{1,5}(?:\s?[-–—]\s?\d{1,5})?)(?!\w)")
_TRAILING_PAGE = re.compile(r",\s*(\d{1,4}(?:\s?[-–—]\s?\d{1,4})?)\.?\s*$")
_LIFE_DATES = re.compile(r"\((?:c\.\s*|b\.\s*)?\d{3,4}\s*[-–—]\s*(?:c\.\s*)?\d{2,4}\)")
# "X was a …", "The X were the …": a sentence that says what something is.
_DEFINITION = re.compile(r"^[^.;:]{2,80}?\b(?:was|were|is|are)\s+(?:a|an|the)\s")
_GLOSS_VERB = re.compile(r"\b(?:was|were|is|are)\s+(?:a|an|the)\b|\b(?:was|were)\b")
_CITATION_SIGNALS = [
    re.compile(r"\b(?:Press|Books|Verlag|[ÉE]ditions|Publishers?|Publishing|University)\b"),
    re.compile(r"\b(?:vol|eds?|trans|tr|no|ch)\.\s", re.IGNORECASE),
    re.compile(r"\bVol\b"),
    # a year closing the note ("London 2007."), but not a day's date ("June 6, 2014.")
    re.compile(r"(?<!\d,\s)(?<!\d\s)(?:^|(?<=[\s(]))(?:1[5-9]|20)\d\d\)?\.?\s*$"),
    re.compile(r"^\W*(?:see|cf\.|quoted in|cited in|discussed in)\b", re.IGNORECASE),
    re.compile(r"[‘“\"][^’”\"]{3,}[’”\"]"),
]
# Leading author: initials then a surname ("K Marx", "AH Nimtz", "B. Kagarlitsky").
_INITIALS_NAME = re.compile(
    r"(?<![\w’'.-])((?:[A-Z]{1,3}\.?[\s-]?){1,3})\s*([A-Z][\w’'-]*[a-zà-ÿ][\w’'-]*)"
)
_FULL_NAME = re.compile(r"^\W*([A-Z][a-zà-ÿ]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'-]+)\s*[,.:]")
_SURNAME_FIRST = re.compile(r"^\W*([A-Z][\w’'-]+),\s+(?:[A-Z]\.|[A-Z][a-z]+)")
_SURNAME_BEFORE_CIT = re.compile(
    r"([A-Z][\w’'-]+)\W{0,3}(?:['‘“\"][^’”\"]*['’”\"]\W*)?\s*(?:op|loc)\.?\s*cit", re.UNICODE
)
_LEADING_SURNAME = re.compile(r"^\W*([A-Z][\w’'-]+)\s*,")
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
        "op",
        "cit",
        "loc",
        "ibid",
        "ibidem",
        "p",
        "pp",
        "vol",
        "ed",
        "eds",
        "see",
        "also",
        "cf",
        "quoted",
        "cited",
        "discussed",
        "following",
        "quotes",
        "section",
        "both",
        "trans",
        "london",
        "new",
        "york",
        "paris",
        "oxford",
        "cambridge",
    ]
)


def fold(text: str) -> str:
    """Lower-case, accents and curly apostrophes folded (for comparisons)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_urls(text: str) -> tuple[str, ...]:
    return tuple(u.rstrip(_TRAILING_URL_PUNCT) for u in URL_RE.findall(text))


def page_of(text: str, *, back_reference: bool = False) -> str | None:
    """The page a note cites ("p341" → "341", "pp185-86" → "185-86")."""
    match = _PAGE.search(text)
    if match:
        return re.sub(r"\s", "", match.group(1))
    if back_reference:
        trailing = _TRAILING_PAGE.search(text)
        if trailing:
            return re.sub(r"\s", "", trailing.group(1))
    return None


_OWN_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


def _is_back_reference(rx: re.Pattern[str], text: str) -> bool:
    """Is the note an op. cit./loc. cit. note, or does it only mention one in
    passing ("(op. cit., p. 55)") beside a citation of its own?"""
    match = rx.search(text)
    if match is None:
        return False
    head = text[: match.start()]
    if head.count("(") > head.count(")"):
        return False  # inside parentheses: an aside
    # a year before it: the note gives a work of its own, with place and date
    return _OWN_YEAR.search(head) is None


def classify(text: str) -> NoteKind:
    stripped = text.strip()
    if _IBID.match(stripped):
        return "ibid"
    if _is_back_reference(_LOC_CIT, stripped):
        return "loc-cit"
    if _is_back_reference(_OP_CIT, stripped):
        return "op-cit"
    if URL_RE.search(stripped):
        residue = URL_RE.sub(" ", stripped)
        words = _WORD.findall(residue)
        if len(words) <= 3:
            return "url"
    if _is_gloss(stripped):
        return "gloss"
    return "citation"


def _is_gloss(text: str) -> bool:
    if URL_RE.search(text) or _PAGE.search(text):
        return False
    citation = sum(1 for rx in _CITATION_SIGNALS if rx.search(text))
    gloss = 0
    if _LIFE_DATES.search(text[:120]):
        gloss += 2
    if _DEFINITION.search(text[:100]):
        gloss += 2
    elif _GLOSS_VERB.search(text):
        gloss += 1
    words = len(text.split())
    if words >= 20 and text.count(". ") >= 1:
        gloss += 1
    if words < 8:
        return False
    return gloss >= 2 and gloss > citation


def author_of(text: str) -> str | None:
    """The leading author's surname as written ("K Marx, …" → "Marx")."""
    head = text[:160]
    match = _SURNAME_FIRST.match(head)
    if match:
        return match.group(1)
    match = _INITIALS_NAME.search(head)
    if match:
        return match.group(2)
    match = _FULL_NAME.match(head)
    if match:
        return match.group(2)
    return None


def _surnames_in_back_reference(text: str) -> set[str]:
    names: set[str] = set()
    cut = re.search(r"\b(?:op|loc)\.?\s*cit", text, re.IGNORECASE)
    head = text[: cut.start()] if cut else text
    for match in _INITIALS_NAME.finditer(head):
        names.add(fold(match.group(2)))
    before = _SURNAME_BEFORE_CIT.search(text)
    if before:
        names.add(fold(before.group(1)))
    first = (
        _SURNAME_FIRST.match(head)
        or _LEADING_SURNAME.match(head)
        or re.match(r"^\W*([A-Z][\w’'-]+)\W*$", head)
    )
    if first:
        names.add(fold(first.group(1)))
    return names


def _content_words(text: str, exclude: set[str]) -> set[str]:
    return {
        w
        for w in (fold(m) for m in _WORD.findall(URL_RE.sub(" ", text)))
        if len(w) >= 3 and w not in _STOPWORDS and w not in exclude
    }


def _predecessor(label: str, order: Sequence[str], present: dict[str, Note]) -> str | None:
    """The note before ``label``: the previous number, or the previous note."""
    if label.isdigit():
        n = int(label)
        return str(n - 1) if n > 1 else None
    index = order.index(label) if label in order else -1
    return order[index - 1] if index > 0 else None


def _nearest_present(label: str, present: dict[str, Note], order: Sequence[str]) -> str | None:
    """The nearest earlier note that the source does give (for the hint)."""
    if label.isdigit():
        n = int(label)
        for k in range(n, 0, -1):
            if str(k) in present:
                return str(k)
        return None
    index = order.index(label) if label in order else len(order)
    for candidate in reversed(order[: index + 1]):
        if candidate in present:
            return candidate
    return None


def resolve(notes: Sequence[Note], order: Sequence[str] | None = None) -> None:
    """Fill ``kind``, ``page``, ``urls``, ``author``, ``resolves_to``, ``status``,
    ``hint`` and ``candidates`` on every note, in place.

    ``order`` is the document order of labels (markers first seen, then notes);
    it decides "previous" for labels that are not numbers.
    """
    present = {n.label: n for n in notes}
    order = list(order) if order is not None else [n.label for n in notes]
    for note in notes:
        note.kind = classify(note.text)
        note.urls = find_urls(note.text)
        back = note.kind in ("ibid", "op-cit", "loc-cit")
        note.page = page_of(note.text, back_reference=back)
        note.author = author_of(note.text) if note.kind == "citation" else None
    resolver = _Resolver(present, order)
    position = {label: i for i, label in enumerate(order)}

    def sort_key(n: Note) -> tuple[int, int]:
        if n.label.isdigit():
            return (0, int(n.label))
        return (1, position.get(n.label, len(order)))

    for note in sorted(notes, key=sort_key):
        resolver.resolve(note)


def _citations_by_author(notes: Iterable[Note]) -> dict[str, list[Note]]:
    """The full citations among ``notes``, by their leading author's folded name."""
    by_author: dict[str, list[Note]] = {}
    for note in notes:
        if note.kind == "citation" and note.author is not None:
            by_author.setdefault(fold(note.author), []).append(note)
    return by_author


class _Resolver:
    """Resolves notes in order, with the look-ups op. cit. needs built once."""

    def __init__(self, present: dict[str, Note], order: Sequence[str]) -> None:
        self.present = present
        self.order = order
        self.done: set[str] = set()
        self.by_author = _citations_by_author(present.values())
        self._words: dict[str, set[str]] = {}
        # the page most recently cited of each work, for loc. cit. ("same place")
        self.last_page: dict[str, str | None] = {}

    def words(self, note: Note) -> set[str]:
        cached = self._words.get(note.label)
        if cached is None:
            cached = self._words[note.label] = _content_words(note.text, set())
        return cached

    def resolve(self, note: Note) -> None:
        if note.label in self.done:
            return
        self.done.add(note.label)
        if note.kind == "ibid":
            self._ibid(note)
        elif note.kind in ("op-cit", "loc-cit"):
            self._by_author(note)
        work = note.resolves_to if note.resolves_to is not None else note.label
        if note.page is not None or work not in self.last_page:
            self.last_page[work] = note.page

    def _ibid(self, note: Note) -> None:
        previous = _predecessor(note.label, self.order, self.present)
        if previous is None:
            note.status = "unresolved"
            return
        target = self.present.get(previous)
        if target is None:
            note.resolves_to = previous
            note.status = "missing-target"
            note.hint = _nearest_present(previous, self.present, self.order)
            return
        if target.kind in ("ibid", "op-cit", "loc-cit"):
            self.resolve(target)
            note.resolves_to = target.resolves_to
            note.status = target.status
            note.hint = target.hint
            note.candidates = target.candidates
        else:
            note.resolves_to = target.label
        if note.page is None:
            note.page = target.page

    def _by_author(self, note: Note) -> None:
        names = _surnames_in_back_reference(note.text)
        candidates = [
            c
            for name in names
            for c in self.by_author.get(name, ())
            if _comes_before(c.label, note.label, self.order)
        ]
        if not candidates:  # no leading author matched: any earlier citation naming them
            candidates = [
                c
                for c in self.present.values()
                if c.kind == "citation"
                and _comes_before(c.label, note.label, self.order)
                and names & _content_words(c.text[:80], set())
            ]
        unique = {c.label: c for c in candidates}
        candidates = sorted(unique.values(), key=lambda c: _position(c.label, self.order))
        if not candidates:
            note.status = "unresolved"
            return
        candidates = _best_fitting(note, names, candidates, self.words)
        if len(candidates) > 1:
            note.status = "ambiguous"
            note.candidates = tuple(c.label for c in candidates)
            return
        target = candidates[0]
        note.resolves_to = target.label
        if note.kind == "loc-cit" and note.page is None:
            note.page = self.last_page.get(target.label, target.page)


def _position(label: str, order: Sequence[str]) -> tuple[int, int]:
    if label.isdigit():
        return (0, int(label))
    return (1, order.index(label) if label in order else len(order))


def _comes_before(a: str, b: str, order: Sequence[str]) -> bool:
    if a.isdigit() and b.isdigit():
        return int(a) < int(b)
    try:
        return order.index(a) < order.index(b)
    except ValueError:
        return False


def resolve_across_groups(notes: Sequence[Note]) -> None:
    """Resolve, across numbering groups, the back references their own group
    cannot: a book that numbers its notes afresh in each chapter may open a
    chapter with "Ibid." (the last note of the chapter before) or cite by
    "Smith, op. cit." a work given in full chapters earlier.

    ``notes`` are the article's, in document order, each resolved inside its
    group by :func:`resolve` (``index`` and ``group`` set). A reference found
    here gets ``target`` (the note's index) as well as ``resolves_to`` (its
    label, which another group may repeat); one that several earlier works fit
    equally is left unresolved rather than guessed.
    """
    if len({n.group for n in notes}) < 2:
        return
    by_author = _citations_by_author(notes)
    for note in notes:
        if note.status != "unresolved":
            continue
        if note.kind == "ibid":
            target = _previous_in_reading(notes, note)
        elif note.kind in ("op-cit", "loc-cit"):
            target = _earlier_work(notes, note, by_author)
        else:
            continue
        if target is None:
            continue
        note.resolves_to, note.target, note.status = target.label, target.index, "ok"
        if note.page is None and note.kind != "op-cit":
            note.page = target.page


def _previous_in_reading(notes: Sequence[Note], note: Note) -> Note | None:
    """The work the note just before ``note`` (in an earlier group) stands for."""
    if note.index == 0 or notes[note.index - 1].group == note.group:
        return None
    before = notes[note.index - 1]
    if before.kind in ("ibid", "op-cit", "loc-cit"):
        if before.status != "ok" or before.target is None:
            return None
        return notes[before.target]
    return before if before.kind == "citation" else None


def _earlier_work(
    notes: Sequence[Note], note: Note, by_author: dict[str, list[Note]]
) -> Note | None:
    """The one citation of an earlier group that ``note``'s author (and words) name."""
    names = _surnames_in_back_reference(note.text)
    candidates = [
        c
        for name in names
        for c in by_author.get(name, ())
        if c.index < note.index and c.group != note.group
    ]
    if not candidates:
        return None
    unique = list({c.index: c for c in candidates}.values())
    unique = _best_fitting(note, names, unique, lambda c: _content_words(c.text, set()))
    return unique[0] if len(unique) == 1 else None


def _best_fitting(
    note: Note, names: set[str], candidates: list[Note], words: Callable[[Note], set[str]]
) -> list[Note]:
    """Among earlier citations by the authors ``note`` names, those sharing most
    of its other words ("Smith, op. cit., Wealth" is the Wealth, not the
    Lectures); all of them when none shares any."""
    if len(candidates) < 2:
        return candidates
    wanted = _content_words(note.text, names)
    scored = [(len(wanted & (words(c) - names)), c) for c in candidates]
    best = max(score for score, _ in scored)
    return [c for score, c in scored if score == best] if best > 0 else candidates
