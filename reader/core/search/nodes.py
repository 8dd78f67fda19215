"""A query as nodes that score in bulk: each node gives every candidate
document's score at once (:meth:`Node.bound`), or one document's exact score
(:meth:`Node.exact`) where the bound is only an upper bound (phrases)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# A document's score, by global document number.
Scores = dict[int, float]


def all_of(parts: list[Scores], boost: float) -> Scores:
    """The documents in every one of ``parts``, their scores summed (smallest
    part first: each step keeps only what is already there)."""
    parts = sorted(parts, key=len)
    out: Scores = dict(parts[0]) if parts else {}
    for scores in parts[1:]:
        out = {d: s + scores[d] for d, s in out.items() if d in scores}
    return boosted(out, boost)


def boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


class Node:
    # Whether an upper bound stands in for this node's exact scores.
    loose = False

    def bound(self) -> Scores:
        """Each candidate document's score, at least its exact score."""
        raise NotImplementedError

    def exact(self, doc: int) -> float | None:
        """The document's exact score, or None if it does not match."""
        raise NotImplementedError


class Words(Node):
    """One or more words of one field, their scores summed (a term, or the
    words a prefix* or fuzzy~ stands for)."""

    def __init__(self, scores: Scores) -> None:
        self.scores = scores

    def bound(self) -> Scores:
        return self.scores

    def exact(self, doc: int) -> float | None:
        return self.scores.get(doc)


class AnyOf(Node):
    def __init__(self, children: list[Node], boost: float) -> None:
        self.children = children
        self.boost = boost
        self.loose = any(c.loose for c in children)
        self._bound: Scores | None = None

    def bound(self) -> Scores:
        if self._bound is None:
            out: Scores = {}
            for child in sorted(self.children, key=lambda c: -len(c.bound())):
                scores = child.bound()
                if not out:
                    out = dict(scores)
                    continue
                get = out.get
                for d, s in scores.items():
                    out[d] = get(d, 0.0) + s
            self._bound = boosted(out, self.boost)
        return self._bound

    def exact(self, doc: int) -> float | None:
        if not self.loose:
            return self.bound().get(doc)
        found = [s for s in (c.exact(doc) for c in self.children) if s is not None]
        return sum(found) * self.boost if found else None


class AllOf(Node):
    def __init__(self, children: list[Node], negated: list[Node], boost: float) -> None:
        self.children = children
        self.negated = negated
        self.boost = boost
        self.loose = any(c.loose for c in children) or any(n.loose for n in negated)
        self._bound: Scores | None = None

    def bound(self) -> Scores:
        if self._bound is None:
            out = all_of([c.bound() for c in self.children], self.boost)  # a new dict
            for neg in self.negated:
                # A loose exclusion (a phrase) is checked document by document.
                if not neg.loose:
                    for d in neg.bound().keys() & out.keys():
                        del out[d]
            self._bound = out
        return self._bound

    def exact(self, doc: int) -> float | None:
        if not self.loose:
            return self.bound().get(doc)
        if doc not in self.bound():
            return None
        total = 0.0
        for child in self.children:
            s = child.exact(doc)
            if s is None:
                return None
            total += s
        if any(neg.exact(doc) is not None for neg in self.negated):
            return None
        return total * self.boost


class PhraseNode(Node):
    """Words next to one another: scored as all the words, checked on demand."""

    loose = True

    def __init__(
        self,
        words: list[Scores],
        values: list[dict[int, Any]],
        positions: Callable[[Any], Sequence[int]],
        boost: float,
    ) -> None:
        self.scores = all_of(words, boost)
        self.values = values
        self.positions = positions
        self._checked: dict[int, bool] = {}

    def bound(self) -> Scores:
        return self.scores

    def exact(self, doc: int) -> float | None:
        score = self.scores.get(doc)
        if score is None:
            return None
        ok = self._checked.get(doc)
        if ok is None:
            ok = self._check(doc)
            self._checked[doc] = ok
        return score if ok else None

    def _check(self, doc: int) -> bool:
        positions = self.positions
        if len(self.values) == 2:  # most phrases: one look-up a position
            following = set(positions(self.values[1][doc]))
            return any(p + 1 in following for p in positions(self.values[0][doc]))
        starts = set(positions(self.values[0][doc]))
        for offset, vals in enumerate(self.values[1:], start=1):
            at = set(positions(vals[doc]))
            starts = {p for p in starts if p + offset in at}
            if not starts:
                return False
        return bool(starts)
