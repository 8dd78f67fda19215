"""Citations of one work gathered into one :class:`~reader.core.sources.model.Work`.

Citations are matched loosely: by the first author's family name ("K Marx"
and "Karl Marx" are one author) and the title's words, with quotes, case,
accents and a subtitle ignored, so "Karl Marx and the British labour
movement" and the same title with ": years of the First International" are
one work, and a short title ("Thompson, Making") joins the full one. Each
citation's :class:`Signature` (what matching compares) is worked out once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from reader.core.footnotes import fold
from reader.core.sources.lexicon import word_set
from reader.core.sources.model import Citation, Place, Work

_TITLE_STOPWORDS = word_set(
    """
    a an and the of in on to for at by with from la le les l de des du der die das den
    el il lo los las un une ein eine et und
    """
)
_WORDS = re.compile(r"[^\W_]+")


def folded_words(text: str | None) -> list[str]:
    return _WORDS.findall(fold(text)) if text else []


def title_words(title: str | None) -> list[str]:
    return [w for w in folded_words(title) if w not in _TITLE_STOPWORDS]


def _main_title(title: str | None) -> tuple[str, ...]:
    if not title:
        return ()
    main = re.split(r"\s*[:;]\s+|\s+[–—-]\s+|\.\s+", title, maxsplit=1)[0]
    return tuple(title_words(main))


def _url_key(url: str) -> str:
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return url.rstrip("/")


class Signature(NamedTuple):
    """What matching compares, worked out once per citation (and stored with
    each work in the index, so the library's works are matched without
    reading any title again)."""

    family: str  # the first author's family name, its last word, folded
    main: str  # the title before any subtitle: its words folded, joined by spaces
    words: tuple[str, ...]  # all the title's words, folded, no stop words
    url: str
    titled: bool
    authored: bool
    same: tuple[object, ...]  # every field but the page
    id_base: str = ""  # the work's id before any suffix, when known


def identity(c: Citation) -> tuple[object, ...]:
    return (c.kind, c.authors, c.title, c.container, c.volume, c.place, c.publisher, c.year, c.url)


def signature_of(
    citation: Citation,
    family: str | None = None,
    main: str | None = None,
    words: tuple[str, ...] | None = None,
    id_base: str = "",
) -> Signature:
    """``citation``'s signature; ``family``, ``main``, ``words`` and ``id_base``
    when already known."""
    if words is None:
        words = tuple(title_words(citation.title))
    if main is None:
        main = " ".join(_main_title(citation.title))
    if family is None:
        family = ""
        if citation.authors:
            names = folded_words(citation.authors[0].family)
            family = names[-1] if names else ""
    return Signature(
        family,
        main,
        words,
        _url_key(citation.url) if citation.url else "",
        citation.title is not None,
        bool(citation.authors),
        identity(citation),
        id_base,
    )


@lru_cache(maxsize=65536)
def signature(citation: Citation) -> Signature:
    """``citation``'s signature, worked out once (a work's citations are
    compared with many others)."""
    return signature_of(citation)


def family_key(citation: Citation) -> str:
    return signature(citation).family


def same_work(a: Citation, b: Citation) -> bool:
    return _matches(signature(a), signature(b))


def _matches(sa: Signature, sb: Signature) -> bool:
    if sa.same == sb.same:
        return True  # a work and its Ibid.
    if not sa.titled or not sb.titled:
        if not sa.titled and not sb.titled and sa.url:
            return sa.url == sb.url
        return False
    if sa.family != sb.family:
        return False
    if sa.main and sa.main == sb.main:
        return True
    if not sa.words or not sb.words or not (sa.authored and sb.authored):
        return False
    small, large = (sa, sb) if len(sa.words) <= len(sb.words) else (sb, sa)
    if not _in_order(small.words, large.words):
        return False
    # a one-word short title stands for a title it begins ("Capital", "Making")
    return len(small.words) >= 2 or len(large.words) <= 3 or small.words[0] in large.words[:2]


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of the short title, in the same order, in the long one."""
    rest = iter(long)
    return all(word in rest for word in short)


def _richness(citation: Citation) -> int:
    fields = (
        citation.title,
        citation.container,
        citation.volume,
        citation.place,
        citation.publisher,
        citation.year,
        citation.url,
    )
    return sum(f is not None for f in fields) + len(citation.authors)


def group(cited: Iterable[tuple[Citation, Place]]) -> list[Work]:
    """One :class:`Work` per distinct source, most cited first."""
    return group_signed((signature(c), c, (place,)) for c, place in cited)


def group_records(cited: Iterable[tuple[Citation, Sequence[Place]]]) -> list[Work]:
    """:func:`group` for citations that each come with several places (the works
    of several texts, each already grouped)."""
    return group_signed((signature(c), c, places) for c, places in cited)


class _Cluster:
    __slots__ = ("first", "members", "places")

    def __init__(self, first: int) -> None:
        self.first = first  # the ordinal of the record that began it
        self.members: list[tuple[Signature, Citation]] = []
        self.places: list[Place] = []


class Gathered(NamedTuple):
    """One work as :func:`gather` finds it: the signature of its fullest
    reading, that reading, every place citing it, and the ordinal (in the
    records given) of the record that first cited it."""

    signature: Signature
    citation: Citation
    places: list[Place]
    first: int


def group_signed(cited: Iterable[tuple[Signature, Citation, Sequence[Place]]]) -> list[Work]:
    """:func:`group_records` with each citation's :class:`Signature` given."""
    gathered = gather(cited)
    gathered.sort(key=order)  # stable: works equally placed stay in the order first cited
    return named([(g.signature, Work("", g.citation, g.places)) for g in gathered])


def order(work: Gathered) -> tuple[int, str, tuple[str, ...], str]:
    """Most cited first, then by family name, title words and URL."""
    sig = work.signature
    return (-len(work.places), sig.family, sig.words, sig.url)


def bucket(sig: Signature) -> str:
    """Which records :func:`gather` could ever put in one work: a titled or
    URL-less citation only joins works whose first author has its family name,
    one with a URL and no title only works with that URL. The library's works
    are kept grouped a bucket at a time (:mod:`reader.core.sources.shelf`)."""
    return "\x00" + sig.url if not sig.titled and sig.url else sig.family


def gather(cited: Iterable[tuple[Signature, Citation, Sequence[Place]]]) -> list[Gathered]:
    """The works of the records ``cited``, in the order first cited.

    An exact key (family name and main title, or the URL, or every field) finds
    most works at once; otherwise only works sharing a title word are compared
    (a short title's words all occur in the long one, its first one included).
    Only records of one :func:`bucket` are ever compared or keyed together.
    """
    clusters: list[_Cluster] = []
    exact: dict[tuple[object, ...], int] = {}
    by_word: dict[tuple[str, str], list[int]] = {}  # works whose titles have the word
    by_first: dict[tuple[str, str], list[int]] = {}  # works whose titles start with it
    for ordinal, (sig, citation, cited_at) in enumerate(cited):
        if sig.titled and sig.main:
            key: tuple[object, ...] = ("title", sig.family, sig.main)
        elif not sig.titled and sig.url:
            key = ("url", sig.url)
        else:
            key = ("same", sig.same)
        found = exact.get(key)
        if found is None and sig.titled and sig.words and sig.authored:
            family = sig.family
            candidates = set(by_word.get((family, sig.words[0]), ()))
            for word in set(sig.words):
                candidates.update(by_first.get((family, word), ()))
            for i in sorted(candidates):
                if any(_matches(sig, seen) for seen, _ in clusters[i].members):
                    found = i
                    break
        if found is None:
            clusters.append(_Cluster(ordinal))
            found = len(clusters) - 1
        exact.setdefault(key, found)
        cluster = clusters[found]
        cluster.places.extend(cited_at)
        if len(cluster.members) < 4 and all(sig.same != m.same for m, _ in cluster.members):
            cluster.members.append((sig, citation))
            if sig.words:
                for word in set(sig.words):
                    by_word.setdefault((sig.family, word), []).append(found)
                by_first.setdefault((sig.family, sig.words[0]), []).append(found)
    return [Gathered(*_best(c.members), c.places, c.first) for c in clusters]


def _best(members: list[tuple[Signature, Citation]]) -> tuple[Signature, Citation]:
    """The fullest reading of a work (the first, of those equally full), with
    a year if any reading has one, and no page."""
    sig, best = members[0] if len(members) == 1 else max(members, key=lambda m: _richness(m[1]))
    year = best.year
    if year is None:
        year = next((c.year for _, c in members if c.year is not None), None)
    if best.locator is not None or year != best.year:
        best = replace(best, locator=None, year=year)
    return sig, best


def work_id(citation: Citation) -> str:
    """A short, readable id, also the BibTeX key: ``marx1974civil``."""
    family = citation.authors[0].family if citation.authors else None
    title = title_words(citation.title)[:1]
    if not title and citation.url:
        parts = [p for p in _url_key(citation.url).split("/") if p]
        host = [w for w in folded_words(parts[0]) if len(w) > 3][:1] if parts else []
        title = host + [w for w in folded_words(parts[-1])][-1:] if len(parts) > 1 else host
    return citation_key(family, citation.year, " ".join(title)) or "work"


def citation_key(author: str | None, year: int | str | None, title: str | None) -> str:
    """``marx1974civil``: the last word of the author's name, the year, the
    title's first word that is not a stop word, in plain ASCII."""
    family = folded_words(author)[-1:] if author else []
    years = re.findall(r"\d{4}", str(year))[:1] if year is not None else []
    first = title_words(title)[:1]
    return "".join(_ascii(p) for p in (*family, *years, *first))


def _ascii(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.encode("ascii", "ignore").decode())


def named(works: list[tuple[Signature, Work]]) -> list[Work]:
    """The works, in their order, each given its id: the first with a base id
    takes it as it is, later ones a letter (``marx1974civil``, ``…a``, ``…b``)."""
    seen: dict[str, int] = {}
    for sig, work in works:
        base = sig.id_base or work_id(work.citation)
        count = seen.get(base, 0)
        seen[base] = count + 1
        work.id = base if count == 0 else f"{base}{suffix(count)}"
    return [work for _, work in works]


def suffix(count: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    while count:
        count, rest = divmod(count - 1, 26)
        out = letters[rest] + out
    return out
