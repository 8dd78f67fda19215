"""Finding a note's passage again after its text has changed.

In order, stopping at the first that holds:

1. **Position.** The text at the stored offsets still equals the quote, and
   its surroundings still look like the stored context (an edit elsewhere
   can slide another occurrence of the same words under the old offsets).
2. **Exact.** The quote occurs elsewhere. Each occurrence is scored on how
   well the text around it matches the stored prefix and suffix (difflib's
   ratio, weighted by their lengths), ties going to the one nearest the old
   position. An occurrence is taken if its context scores at least
   :data:`EXACT_CONTEXT_MIN`, or if it is the only one and the quote is long
   enough (:data:`UNIQUE_QUOTE_LEN`) to stand on its own. A short quote that
   is repeated, or whose surroundings are gone, is not taken on faith.
3. **Fuzzy.** Candidate places come from pieces of the quote, the end of the
   prefix and the start of the suffix found verbatim, and the old position.
   At each, a small edit-distance alignment (ours, below: pattern anywhere in
   a window) finds the best-matching span. A span is scored
   ``0.6 * quote + 0.3 * context + 0.1 * closeness`` and taken only when the
   quote alone is at least :data:`FUZZY_QUOTE_MIN` alike, the score at least
   :data:`FUZZY_SCORE_MIN`, and — for quotes shorter than
   :data:`UNIQUE_QUOTE_LEN` — the context at least :data:`FUZZY_CONTEXT_MIN`.

Anything else is an orphan: kept, listed, re-attachable, never dropped and
never attached to a passage we are not sure of. The thresholds are pinned by
``tests/notes/test_anchor.py`` (cases just above and just below them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from reader.core.notes.model import Quote

EXACT_CONTEXT_MIN = 0.6
UNIQUE_QUOTE_LEN = 40
FUZZY_QUOTE_MIN = 0.75
FUZZY_SCORE_MIN = 0.75
FUZZY_CONTEXT_MIN = 0.6

_CHUNK = 12  # length of the verbatim pieces used to find candidate places
_MAX_CHUNKS = 8
_MAX_HITS = 40  # a piece found more often than this says nothing about where
_MAX_CANDIDATES = 6
_HEAD = 32  # long quotes are aligned by their first and last 32 characters
_SHORT = 64  # quotes up to this long are aligned whole

Method = Literal["position", "exact", "fuzzy"]


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    method: Method
    quote_score: float
    context_score: float
    score: float


def similarity(a: str, b: str) -> float:
    """difflib's ratio (1.0 for two empty strings)."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def context_score(plain: str, start: int, end: int, quote: Quote) -> float:
    """How well the text around ``plain[start:end]`` matches the stored context.

    The prefix and suffix count by their length: near the start or end of a
    text one of them is short, and a few characters prove little.
    """
    before = plain[max(0, start - len(quote.prefix)) : start]
    after = plain[end : end + len(quote.suffix)]
    weight = len(quote.prefix) + len(quote.suffix)
    if weight == 0:
        return 1.0 if not before and not after else 0.0
    pre = similarity(quote.prefix, before) * len(quote.prefix)
    suf = similarity(quote.suffix, after) * len(quote.suffix)
    return (pre + suf) / weight


def locate(plain: str, quote: Quote, old_start: int, old_end: int) -> Match | None:
    """Where ``quote`` is now in ``plain``, or ``None`` (an orphan)."""
    exact = quote.exact
    if not exact:
        return None
    if plain[old_start:old_end] == exact:
        ctx = context_score(plain, old_start, old_end, quote)
        if ctx >= EXACT_CONTEXT_MIN:
            return Match(old_start, old_end, "position", 1.0, ctx, 0.9 + 0.1 * ctx)
    found = _exact(plain, quote, old_start)
    if found is not None:
        return found
    return _fuzzy(plain, quote, old_start)


def _occurrences(plain: str, needle: str, limit: int) -> list[int]:
    hits: list[int] = []
    at = plain.find(needle)
    while at != -1:
        hits.append(at)
        if len(hits) > limit:
            break
        at = plain.find(needle, at + 1)
    return hits


def _closeness(plain: str, start: int, old_start: int) -> float:
    return 1.0 - min(1.0, abs(start - old_start) / max(1, len(plain)))


def _exact(plain: str, quote: Quote, old_start: int) -> Match | None:
    hits = _occurrences(plain, quote.exact, 1000)
    if not hits:
        return None
    n = len(quote.exact)
    scored = [(context_score(plain, h, h + n, quote), -abs(h - old_start), h) for h in hits]
    ctx, _, best = max(scored)
    unique_and_long = len(hits) == 1 and n >= UNIQUE_QUOTE_LEN
    if ctx < EXACT_CONTEXT_MIN and not unique_and_long:
        return None
    score = 0.6 + 0.3 * ctx + 0.1 * _closeness(plain, best, old_start)
    return Match(best, best + n, "exact", 1.0, ctx, score)


def _fuzzy(plain: str, quote: Quote, old_start: int) -> Match | None:
    best: Match | None = None
    for start in _candidates(plain, quote, old_start):
        span = _align_at(plain, quote.exact, start)
        if span is None:
            continue
        s, e = span
        q = similarity(quote.exact, plain[s:e])
        ctx = context_score(plain, s, e, quote)
        score = 0.6 * q + 0.3 * ctx + 0.1 * _closeness(plain, s, old_start)
        if best is None or score > best.score:
            best = Match(s, e, "fuzzy", q, ctx, score)
    if best is None:
        return None
    if best.quote_score < FUZZY_QUOTE_MIN or best.score < FUZZY_SCORE_MIN:
        return None
    if len(quote.exact) < UNIQUE_QUOTE_LEN and best.context_score < FUZZY_CONTEXT_MIN:
        return None
    return best


def _slack(n: int) -> int:
    return max(16, n // 4)


def _candidates(plain: str, quote: Quote, old_start: int) -> list[int]:
    """Likely start positions of the quote, most supported first."""
    exact = quote.exact
    n = len(exact)
    votes: dict[int, int] = {min(max(0, old_start), len(plain)): 1}

    def vote(pos: int) -> None:
        if -n < pos < len(plain):
            pos = max(0, pos)
            votes[pos] = votes.get(pos, 0) + 1

    size = min(_CHUNK, n)
    count = min(_MAX_CHUNKS, max(1, n // size))
    offsets = {round(i * (n - size) / max(1, count - 1)) for i in range(count)}
    for off in sorted(offsets):
        hits = _occurrences(plain, exact[off : off + size], _MAX_HITS)
        if len(hits) <= _MAX_HITS:
            for h in hits:
                vote(h - off)
    tail = quote.prefix[-_CHUNK:]
    if len(tail) >= 8:
        hits = _occurrences(plain, tail, _MAX_HITS)
        if len(hits) <= _MAX_HITS:
            for h in hits:
                vote(h + len(tail))
    head = quote.suffix[:_CHUNK]
    if len(head) >= 8:
        hits = _occurrences(plain, head, _MAX_HITS)
        if len(hits) <= _MAX_HITS:
            for h in hits:
                vote(h - n)
    # Gather nearby positions into one place (the best-supported one stands for it).
    slack = _slack(n)
    clusters: list[tuple[int, int, int]] = []  # (total votes, its own votes, position)
    for pos in sorted(votes):
        if clusters and pos - clusters[-1][2] <= slack:
            total, own, where = clusters[-1]
            if votes[pos] > own:
                own, where = votes[pos], pos
            clusters[-1] = (total + votes[pos], own, where)
        else:
            clusters.append((votes[pos], votes[pos], pos))
    clusters.sort(key=lambda c: (-c[0], abs(c[2] - old_start)))
    return [where for _, _, where in clusters[:_MAX_CANDIDATES]]


def _align_at(plain: str, exact: str, start: int) -> tuple[int, int] | None:
    """The span near ``start`` that best matches ``exact`` (or ``None``)."""
    n = len(exact)
    slack = _slack(n)
    if n <= _SHORT:
        lo = max(0, start - slack)
        hit = align(exact, plain[lo : start + n + slack])
        return None if hit is None else (lo + hit[1], lo + hit[2])
    lo = max(0, start - slack)
    head = align(exact[:_HEAD], plain[lo : start + _HEAD + slack])
    if head is None:
        return None
    s = lo + head[1]
    grow = slack + n // 4
    lo_tail = max(s, start + n - _HEAD - grow)
    tail = align(exact[-_HEAD:], plain[lo_tail : start + n + grow])
    if tail is None:
        return None
    e = lo_tail + tail[2]
    return (s, e) if e > s else None


def align(pattern: str, region: str) -> tuple[int, int, int] | None:
    """Best match of all of ``pattern`` in any part of ``region``.

    Levenshtein distance with free ends in ``region`` (semi-global
    alignment). Returns ``(distance, start, end)`` of the best span, the
    shortest distance winning and then the earliest span; ``None`` when the
    region is empty.
    """
    if not region or not pattern:
        return None
    width = len(region) + 1
    prev = [0] * width  # distance, with the pattern empty: free start anywhere
    prev_start = list(range(width))
    for i, pc in enumerate(pattern, 1):
        cur = [i] * width
        cur_start = [0] * width
        for j in range(1, width):
            rc = region[j - 1]
            diag = prev[j - 1] + (pc != rc)
            up = prev[j] + 1
            left = cur[j - 1] + 1
            if diag <= up and diag <= left:
                cur[j], cur_start[j] = diag, prev_start[j - 1]
            elif up <= left:
                cur[j], cur_start[j] = up, prev_start[j]
            else:
                cur[j], cur_start[j] = left, cur_start[j - 1]
        prev, prev_start = cur, cur_start
    best_j = min(range(1, width), key=lambda j: (prev[j], j))
    return prev[best_j], prev_start[best_j], best_j


def find_quote(plain: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets of a quote typed by a person (``reader notes add --quote``).

    Matches exactly, else with any run of spaces and line breaks standing for
    any other. A quote found several times needs ``occurrence`` (from 1).
    """
    from reader.core.errors import ReaderError

    words = quote.split()
    if not words:
        raise ReaderError("the quote is empty; give the words of the passage")
    hits = [(h, h + len(quote)) for h in _occurrences(plain, quote, 10_000)]
    if not hits:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        hits = [(m.start(), m.end()) for m in pattern.finditer(plain)]
    if not hits:
        raise ReaderError(
            f"“{_short(quote)}” is not in the text; copy the words exactly, with their punctuation"
        )
    if occurrence is None:
        if len(hits) > 1:
            raise ReaderError(
                f"“{_short(quote)}” occurs {len(hits)} times; add --occurrence N "
                f"(1–{len(hits)}) or quote more words"
            )
        return hits[0]
    if not 1 <= occurrence <= len(hits):
        if len(hits) == 1:
            raise ReaderError(f"“{_short(quote)}” occurs only once; leave out --occurrence")
        raise ReaderError(
            f"“{_short(quote)}” occurs {len(hits)} times; --occurrence must be 1–{len(hits)}"
        )
    return hits[occurrence - 1]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
