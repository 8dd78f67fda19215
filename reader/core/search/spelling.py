"""Did you mean: the indexed word one edit away from a word nothing matched."""

# whoosh is only partly annotated; our own code stays fully typed.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from whoosh.query.qcore import Query
from whoosh.query.terms import Term

from reader.core.search.body import Body

# A document's stored text, by document number.
BodyOf = Callable[[int], Body]


def suggest(searcher: Any, analyzer: Any, body_of: BodyOf, word: str) -> str | None:
    """The most frequent indexed word one edit away from ``word`` (keeping
    its first letter; swapping two neighbours counts as one edit, so
    "Kautksy" → "Kautsky"), spelled as the text spells it; else None."""
    reader = searcher.reader()
    forms = {t.text for t in analyzer(word)}
    if len(forms) != 1:
        return None
    (term,) = forms
    # One segment at a time: whoosh walks a segment's word list with an
    # automaton, but scans every word on a multi-segment reader.
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        found.update(leaf.terms_within("content", term, 1, prefix=1))
    for i in range(1, len(term) - 1):  # whoosh's automaton has no transpositions
        swapped = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
        if swapped != term and reader.doc_frequency("content", swapped):
            found.add(swapped)
    found.discard(term)
    if not found:
        return None
    best: str = max(sorted(found), key=lambda w: reader.doc_frequency("content", w))
    spelled = _surface(searcher, body_of, best)
    if spelled is None:
        return None
    if word[:1].isupper() and not spelled[:1].isupper():
        spelled = spelled[:1].upper() + spelled[1:]
    elif word.islower() and not spelled.isupper():
        spelled = spelled.lower()
    return spelled


def _surface(searcher: Any, body_of: BodyOf, term: str) -> str | None:
    """The word as a text spells it where the index has ``term``."""
    m = searcher.postings("content", term)
    if not m.is_active():
        return None
    chars = m.value_as("characters")
    if not chars:
        return None
    _, start, end = chars[0]
    spelled: str = body_of(m.id())[start:end]
    return spelled or None


def _unknown(searcher: Any, q: Query) -> Iterable[tuple[int, int]]:
    reader = searcher.reader()
    seen: set[tuple[int, int]] = set()
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if type(leaf) is not Term or leaf.fieldname != "content":
            continue
        start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
        if start is None or end is None or (start, end) in seen:
            continue
        if reader.doc_frequency("content", leaf.text) == 0:
            seen.add((start, end))
            yield start, end


def suggest_query(searcher: Any, analyzer: Any, body_of: BodyOf, text: str, q: Query) -> str | None:
    """``text`` with each unknown word of ``q`` replaced by its suggestion, if any."""
    changed = False
    out = text
    for start, end in sorted(_unknown(searcher, q), reverse=True):
        better = suggest(searcher, analyzer, body_of, text[start:end])
        if better:
            out = out[:start] + better + out[end:]
            changed = True
    return out if changed else None
