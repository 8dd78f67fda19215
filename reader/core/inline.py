"""Inline Markdown in a paragraph: code spans, emphasis, links and escapes.

The paragraph's text is never changed. What this finds is said as offsets into
it: the *hidden* ranges (the markup characters a reader should not see: the
backticks, the asterisks, a link's ``](address)``, an escaping backslash, the
caret of a Pandoc ``[^note]`` marker) and the *styled* ranges
(:class:`~reader.core.model.Markup`: emphasis, strong, code, a link and its
address). Notes, search and exports keep reading the text as written.

The rules are CommonMark's, in the part an article uses:

- code spans first: a run of backticks closes at the next run of the same
  length, and nothing inside is markup; a run with no such closer is text;
- ``\\*`` (any ASCII punctuation after a backslash) is the character itself;
- ``*``/``_`` delimiter runs open and close by their neighbours (a run
  between two letters is ``*``-emphasis only, never ``_``: ``snake_case``
  stays as it is); one left unmatched is text;
- ``[text](address)`` and ``[text](<address> "title")``; ``<https://…>``;
- footnote markers (the parser's refs) are atoms: no markup starts inside.

Every step is a single pass (the backtick runs are looked up with a pointer
per length, a link's address cannot hold a ``]`` so no two addresses are read
over the same characters), so the time is linear in the paragraph's length.
A paragraph with more than :data:`MOST_MARKUP` markup characters is left as
written: no prose has that many, and each costs a few microseconds here, so
megabytes of ``*`` and backticks stay a matter of seconds.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.core.model import Markup

Span = tuple[int, int]

MOST_MARKUP = 100_000
_SPECIAL = re.compile(r"[\\`*_\[\]<]")
_CHARS = frozenset("\\`*_[<")
_PUNCT_ASCII = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BACKTICKS = re.compile(r"`+")
_RUN = {"*": re.compile(r"\*+"), "_": re.compile(r"_+")}
# A link's address and optional title, after "](". No "]" inside an address:
# that keeps every address read once (see the module's docstring).
_DESTINATION = re.compile(
    r"[ \t]*(?:<(?P<angled>[^<>\n\]]*)>|(?P<bare>(?:[^\s()\\\]]|\\[^\s]|\([^\s()\\\]]*\))+))"
    r"(?:\s+(?:\"[^\"]{0,300}\"|'[^']{0,300}'))?[ \t]*\)"
)
_EMPTY_DESTINATION = re.compile(r"[ \t]*\)")
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")


@dataclass(slots=True)
class _Delimiter:
    """A run of ``*`` or ``_``: ``start``/``count`` are what is left of it."""

    char: str
    start: int
    count: int
    length: int
    can_open: bool
    can_close: bool
    prev: int = -1
    next: int = -1


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT_ASCII or (not ch.isascii() and unicodedata.category(ch)[0] in "PS")


class _Backticks:
    """The backtick runs of the text, found once, looked up by length in order."""

    def __init__(self, text: str, atoms: Sequence[Span]) -> None:
        self.by_length: dict[int, list[int]] = {}
        self.at: dict[int, int] = {}
        for m in _BACKTICKS.finditer(text):
            if not _inside(atoms, m.start()):
                self.by_length.setdefault(m.end() - m.start(), []).append(m.start())

    def closer(self, length: int, after: int) -> int | None:
        """The start of the first run of exactly ``length`` backticks at or after ``after``."""
        runs = self.by_length.get(length)
        if not runs:
            return None
        i = self.at.get(length, 0)
        while i < len(runs) and runs[i] < after:
            i += 1
        self.at[length] = i
        return runs[i] if i < len(runs) else None


def _inside(atoms: Sequence[Span], pos: int) -> bool:
    # ``atoms`` are few (a paragraph's markers): a scan is cheaper than a search.
    return any(s <= pos < e for s, e in atoms)


def parse_inline(
    text: str, atoms: Sequence[Span] = ()
) -> tuple[tuple[Span, ...], tuple[Markup, ...]]:
    """The hidden ranges and the styled ranges of a Markdown paragraph.

    ``atoms`` are the spans of its footnote markers (in order): nothing inside
    one is markup, and a Pandoc ``[^label]`` has its caret hidden, so that it
    reads ``[label]`` like a printed marker.
    """
    hidden: list[Span] = []
    for s, _ in atoms:
        if text.startswith("[^", s):
            hidden.append((s + 1, s + 2))
    if not any(c in text for c in _CHARS) or _too_much(text):
        return tuple(hidden), ()
    markup: list[Markup] = []
    _Scanner(text, atoms, hidden, markup).run()
    hidden.sort()
    markup.sort(key=lambda m: (m.start, -m.end))
    return merged(hidden), tuple(markup)


def _too_much(text: str) -> bool:
    if len(text) <= MOST_MARKUP:
        return False
    return sum(text.count(c) for c in "\\`*_[]<") > MOST_MARKUP


def merged(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted ``spans`` as disjoint ranges: overlapping or touching ones joined,
    empty ones dropped."""
    out: list[Span] = []
    for s, e in spans:
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


class _Scanner:
    def __init__(
        self, text: str, atoms: Sequence[Span], hidden: list[Span], markup: list[Markup]
    ) -> None:
        self.text = text
        self.atoms = sorted(atoms)
        self.hidden = hidden
        self.markup = markup
        self.delims: list[_Delimiter] = []
        self.brackets: list[tuple[int, int]] = []  # (position of "[", first delimiter after it)
        self.ticks: _Backticks | None = None

    def run(self) -> None:
        text, atoms = self.text, self.atoms
        n = len(text)
        a = 0  # the next atom
        pos = 0
        while True:
            m = _SPECIAL.search(text, pos)
            if m is None:
                break
            i = m.start()
            while a < len(atoms) and atoms[a][1] <= i:
                a += 1
            if a < len(atoms) and atoms[a][0] <= i:
                pos = atoms[a][1]
                continue
            ch = text[i]
            if ch == "\\":
                if i + 1 < n and text[i + 1] in _PUNCT_ASCII:
                    self.hidden.append((i, i + 1))
                    pos = i + 2
                else:
                    pos = i + 1
            elif ch == "`":
                pos = self._code(i)
            elif ch in "*_":
                pos = self._delimiter_run(i, ch)
            elif ch == "[":
                self.brackets.append((i, len(self.delims)))
                pos = i + 1
            elif ch == "]":
                pos = self._close_bracket(i)
            else:  # "<"
                pos = self._autolink(i)
        self._emphasis(0)

    def _code(self, i: int) -> int:
        text = self.text
        run = _BACKTICKS.match(text, i)
        assert run is not None
        length = run.end() - i
        if self.ticks is None:
            self.ticks = _Backticks(text, self.atoms)
        close = self.ticks.closer(length, run.end())
        if close is None:
            return run.end()  # no closer: the backticks are text
        start, end = run.end(), close
        body = text[start:end]
        if len(body) >= 2 and body[0] == " " and body[-1] == " " and body.strip(" "):
            start, end = start + 1, end - 1
        self.hidden.append((i, start))
        self.hidden.append((end, close + length))
        self.markup.append(Markup("code", start, end))
        return close + length

    def _delimiter_run(self, i: int, ch: str) -> int:
        text = self.text
        run = _RUN[ch].match(text, i)
        assert run is not None
        end = run.end()
        before = text[i - 1] if i else " "
        after = text[end] if end < len(text) else " "
        left = not _is_space(after) and (
            not _is_punct(after) or _is_space(before) or _is_punct(before)
        )
        right = not _is_space(before) and (
            not _is_punct(before) or _is_space(after) or _is_punct(after)
        )
        if ch == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        if can_open or can_close:
            count = end - i
            self.delims.append(_Delimiter(ch, i, count, count, can_open, can_close))
        return end

    def _close_bracket(self, i: int) -> int:
        if not self.brackets:
            return i + 1
        opener, bottom = self.brackets.pop()
        text = self.text
        if not text.startswith("(", i + 1):
            return i + 1
        m = _DESTINATION.match(text, i + 2)
        url = ""
        if m is not None:
            url = m.group("angled") if m.group("angled") is not None else m.group("bare")
            url = re.sub(r"\\(?=[!-/:-@\[-`{-~])", "", url)
        else:
            m = _EMPTY_DESTINATION.match(text, i + 2)
            if m is None:
                return i + 1
        self._emphasis(bottom)  # the link text is a region of its own
        del self.delims[bottom:]
        self.brackets.clear()  # no link inside a link
        self.hidden.append((opener, opener + 1))
        self.hidden.append((i, m.end()))
        self.markup.append(Markup("link", opener + 1, i, url))
        return m.end()

    def _autolink(self, i: int) -> int:
        m = _AUTOLINK.match(self.text, i)
        if m is None:
            return i + 1
        self.hidden.append((i, i + 1))
        self.hidden.append((m.end() - 1, m.end()))
        self.markup.append(Markup("link", i + 1, m.end() - 1, m.group("url")))
        return m.end()

    def _emphasis(self, bottom: int) -> None:
        """CommonMark's "process emphasis" over ``delims[bottom:]``."""
        ds = self.delims[bottom:]
        if not ds:
            return
        for k, d in enumerate(ds):
            d.prev, d.next = k - 1, k + 1 if k + 1 < len(ds) else -1

        def unlink(k: int) -> None:
            d = ds[k]
            if d.prev >= 0:
                ds[d.prev].next = d.next
            if d.next >= 0:
                ds[d.next].prev = d.prev

        floors: dict[tuple[str, bool, int], int] = {}
        closer = 0
        while closer >= 0:
            c = ds[closer]
            if not c.can_close:
                closer = c.next
                continue
            key = (c.char, c.can_open, c.length % 3)
            floor = floors.get(key, -1)
            opener = c.prev
            while opener > floor:
                o = ds[opener]
                if o.char == c.char and o.can_open and not _odd_match(o, c):
                    break
                opener = o.prev
            if opener <= floor:
                floors[key] = c.prev
                nxt = c.next
                if not c.can_open:
                    unlink(closer)
                closer = nxt
                continue
            o = ds[opener]
            use = 2 if o.count >= 2 and c.count >= 2 else 1
            o.count -= use
            inner = o.start + o.count
            self.hidden.append((inner, inner + use))
            self.hidden.append((c.start, c.start + use))
            self.markup.append(Markup("strong" if use == 2 else "em", inner + use, c.start))
            c.start += use
            c.count -= use
            o.next = closer  # the delimiters between are text now
            c.prev = opener
            if o.count == 0:
                unlink(opener)
            if c.count == 0:
                nxt = c.next
                unlink(closer)
                closer = nxt


def _odd_match(o: _Delimiter, c: _Delimiter) -> bool:
    """CommonMark's "rule of 3": a run that can both open and close does not
    pair with one whose lengths sum to a multiple of 3 (unless both are)."""
    if not (o.can_close or c.can_open):
        return False
    return (o.length + c.length) % 3 == 0 and not (o.length % 3 == 0 and c.length % 3 == 0)


def visible(hidden: Sequence[Span], start: int, end: int) -> Iterator[Span]:
    """The parts of ``start:end`` that are drawn: outside every hidden range."""
    i = max(0, bisect.bisect_right(hidden, (start, start)) - 1)
    at = start
    while i < len(hidden) and at < end:
        s, e = hidden[i]
        i += 1
        if e <= at:
            continue
        if s >= end:
            break
        if s > at:
            yield at, s
        at = max(at, e)
    if at < end:
        yield at, end


class Shown:
    """A paragraph's text as drawn (its hidden ranges left out), and the way
    back from an offset in it to one in the paragraph's text."""

    def __init__(self, text: str, hidden: Sequence[Span]) -> None:
        parts: list[str] = []
        self._at: list[int] = []  # where each hidden range falls in the drawn text
        self._skipped: list[int] = []  # hidden characters up to and including each
        at = total = 0
        for s, e in hidden:
            parts.append(text[at:s])
            self._at.append(s - total)
            total += e - s
            self._skipped.append(total)
            at = e
        parts.append(text[at:])
        self.text = "".join(parts)

    def source(self, k: int) -> int:
        """The offset in the paragraph's text of drawn character ``k``."""
        i = bisect.bisect_right(self._at, k)
        return k + (self._skipped[i - 1] if i else 0)

    def source_span(self, start: int, end: int) -> Span:
        """``start:end`` of the drawn text as a span of the paragraph's text
        (the hidden characters at either end left out)."""
        first = self.source(start)
        return (first, self.source(end - 1) + 1) if end > start else (first, first)


def shown_text(text: str, hidden: Sequence[Span]) -> str:
    """``text`` without its ``hidden`` ranges (in any order, overlapping or not)."""
    parts: list[str] = []
    at = 0
    for s, e in sorted(hidden):
        if s > at:
            parts.append(text[at:s])
        at = max(at, e)
    parts.append(text[at:])
    return "".join(parts)


_WEB_ADDRESS = re.compile(r"(?:https?|ftp)://\S+|mailto:\S+", re.IGNORECASE)


def web_links(markup: Sequence[Markup]) -> tuple[str, ...]:
    """The addresses of a paragraph's links that a browser may open (no
    ``javascript:``, no page anchors), each once, in order."""
    found = (m.url for m in markup if m.kind == "link" and _WEB_ADDRESS.fullmatch(m.url))
    return tuple(dict.fromkeys(found))
