"""Reading a note's text as the works it cites.

A note is cut into pieces, one work each (:mod:`reader.core.sources.pieces`).
Each piece is read left to right:

1. URLs and "accessed …" are taken out; a piece that is only URLs is a web page
   per URL.
2. The lead-in goes and the page cited is the locator
   (:mod:`reader.core.sources.fields`).
3. The authors (:mod:`reader.core.sources.names`), then the title.
4. What is left gives the container (after a quoted title), the volume, the
   place and publisher, and the year; and from all of these, the kind of work.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.core.footnotes import URL_RE
from reader.core.sources.fields import (
    DATE,
    OPENING,
    YEAR,
    drop_lead_in,
    first,
    last_year,
    last_year_outside,
    not_a_title,
    place_and_publisher,
    quotation,
    reads_as_prose,
    strip_quotes,
    take_locator,
    take_title,
)
from reader.core.sources.lexicon import MONTHS, NOT_GIVEN, OPENERS, PERIODICAL_WORDS, PLACES
from reader.core.sources.model import Citation, Name, WorkKind
from reader.core.sources.names import read_authors
from reader.core.sources.pieces import candidates, pieces, split_outside_brackets

__all__ = ["locator_of", "pieces", "read_citations"]

_TRAILING_URL_PUNCT = ".,;:!?)]}'"
_BY = re.compile(r"\b(?:by|in|from|see|cf\.)\s+(?=[A-Z])")
_ACCESSED = re.compile(
    r"[,.(]?\s*\(?(?:last\s+)?(?:accessed|retrieved|consulted|viewed)(?:\s+on)?\s+[^()]*?"
    r"(?:\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\)?",
    re.IGNORECASE,
)
_ONLINE = re.compile(r"[,.]?\s*(?:available\s+(?:at|online)|online\s+at|at)\s*:?\s*$", re.I)
_ONE_NAME = re.compile(r"[A-Z][a-zà-ÿ’'-]+(?:\s+[A-Z][a-zà-ÿ’'-]+){0,2}")
_VOLUME = re.compile(
    r"(?<![\w])(?:vols?|volume|Vol|Bd|tome|t)\.?\s*([IVXLC]+|\d{1,3})(?![\w])", re.IGNORECASE
)
_ISSUE = re.compile(r"\b(?:[Nn]os?|[Nn]r|[Ii]ssue|№)\.?\s*(\d{1,4})(?![\w])")
_ARCHIVE = re.compile(
    r"\bArchiv(?:es?|io)?\b|Record\s+Office|Bundesarchiv|\bRGASPI\b|\bGARF\b|"
    r"\bRGAE\b|\bIISG\b|\bIISH\b|\bNachlass\b|\bfonds?\s+\d|\bf\.\s*\d+\s*,\s*op\.|"
    r"\b[Bb]ox\s+\d|\b[Ff]older\s+\d|\bMSS?\.\s*\d|\bMSS?\s+[A-Z]?\d|\bdossier\b|\bcarton\s+\d|"
    r"\bPapers,\s+(?:[Bb]ox|[Ff]ile|[Ff]older)|\bfile\s+[A-Z]*\s?\d"
)
_INTERVIEW = re.compile(
    r"\b(?:[Ii]nterview(?:ed)?|[Cc]onversation)\s+(?:with|by)\b|^[^,]{0,60}?\b[Ii]nterview\b|"
    r"\bpersonal\s+communication\b|\binterviewed\b",
)
_IN_CONTAINER = re.compile(
    rf"(?:[,.]?\s*(?:\(?(?:\d{{1,2}}\s+)?(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},?\s+)?(\d{{4}})\)?))?"
    r"[\s,.:]*\bin:?\s+(?=[A-Z*‘“\"'])"
)
_DESCRIBED = re.compile(r"\s+(?=[a-z])[^,;()‘“\"]{3,80}?(?=,\s+in\s+[A-Z*‘“\"'])")
_INTERVIEWEE = re.compile(
    r"\b(?:[Ii]nterview(?:ed)?|[Cc]onversation)(?:\s+(?:by|conducted\s+by)\s+(?:the\s+)?author)?"
    r"\s+with\s+"
)
_INSTITUTION = re.compile(
    r"[Aa]rchiv|Record|Institut|Centre|Center|University|Universit|Library|Biblioth|Museum|"
    r"Papers|Collection|Nachlass|RGASPI|GARF|RGAE|IISH|IISG|Fonds?\b"
)
_REFERENCE = re.compile(
    r"(?:[A-Z][A-Z.]{0,6}\s?)?[\dIVX][\w/.\s-]*$|(?:f|op|d|ll?|fol|[Bb]ox|[Ff]older|dossier|"
    r"[Ff]ile|carton|MSS?)\.?\s*[\dA-Z]"
)
_NEWSPAPER_DATE = re.compile(
    rf"[\s,]*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+\d{{4}}"
)
_MY_WORK = re.compile(r"my\s+(?:own\s+)?(?:article|book|essay|piece|text|pamphlet|review)\b", re.I)


@lru_cache(maxsize=8192)
def read_citations(text: str) -> tuple[Citation, ...]:
    """Every work ``text`` (a note that is not a gloss or a back-reference)
    cites, in order; ``()`` when it cites none."""
    found: list[Citation] = []
    wrapped = _WRAPPED.match(text) if text.lstrip(" 0123456789").startswith("[") else None
    if wrapped:  # "[ Zosimus, l. i. p. 34.]": a book's note kept in its brackets
        text = wrapped.group(1)
    for piece in pieces(text):
        found.extend(_read_piece(piece))
    return tuple(found)


def locator_of(text: str) -> str | None:
    """The page(s) a note or a part of one cites."""
    return take_locator(drop_lead_in(text))[0]


# -- one piece, one work -------------------------------------------------------


def _read_piece(piece: str) -> list[Citation]:
    urls = [u.rstrip(_TRAILING_URL_PUNCT) for u in URL_RE.findall(piece)]
    rest = URL_RE.sub(" ", piece)
    if any(word in rest for word in ("ccessed", "etrieved", "onsulted", "iewed")):
        rest = _ACCESSED.sub(" ", rest)
    rest = " ".join(rest.split()).strip(" ,.;:")
    if urls:
        rest = _ONLINE.sub("", rest)
    words = re.findall(r"[^\W\d_]{2,}", rest)
    introduced = urls and re.search(r":\s*$", piece[: piece.find(urls[0])])
    if urls and (len(words) <= 2 or introduced):
        page = take_locator(rest)[0]
        return [Citation(kind="web page", url=u, locator=page, source=u) for u in urls]
    url = urls[0] if urls else None
    found = None
    for candidate in candidates(rest):
        citation = _read_work(candidate, piece, url)
        if citation is None:
            continue
        if citation.title or citation.container or citation.url:
            return [citation]
        # "MacMahon, with his coup-d'œil …, saw there 17,000 men. Enquête sur le
        # 18 Mars, vol. ii. p. 22": a name and a page; a later sentence may
        # name the work
        found = found or citation
    return [found] if found else []


_WRAPPED = re.compile(r"^\s*\d{0,4}\s*\[\s*([^\[\]]*?)\s*\]?\s*$")


def _read_work(text: str, piece: str, url: str | None) -> Citation | None:
    text = drop_lead_in(text)
    if not text:
        return None
    locator, text = take_locator(text)
    if _maybe_interview(piece):
        return _read_interview(text, piece, url, locator)
    if not url and _maybe_archive(piece) and "Internet Archive" not in piece:
        return _read_archive(text, piece, locator)
    mine = _MY_WORK.match(text)
    if mine:
        text = text[mine.end() :].lstrip(" ,:")
    if not text:
        return None
    authors, end = read_authors(text)
    possessive = None if authors else _POSSESSIVE.match(text)
    if possessive:  # 'Mather's "Magnalia Christi Americana"'
        name = possessive.group(1)
        authors, end = (Name(name, name.split()[-1]),), possessive.end()
    if not authors and locator and _a_name(text):
        # "Brehm, iv. 567", "Ammianus Marcellinus, xxiii. 5"
        authors, end = (
            (Name(text, text.split()[-1], " ".join(text.split()[:-1]) or None),),
            len(text),
        )
    if not authors and text[0] not in OPENING and text[0] not in "*_":
        start = _names_after_commentary(text)
        if start is not None:
            text = text[start:]
            authors, end = read_authors(text)
    if authors and (authors[0].literal.split()[0] in OPENERS or authors[0].literal in PLACES):
        authors, end = (), 0  # "Thus, for example, …", "Boston, 1826"
    if authors and authors[-1].family in PERIODICAL_WORDS and _DAY_MONTH.match(text, end):
        authors, end = (), 0  # "Weekly Dispatch, March 16th": a paper, not a person
    rest = text[end:].lstrip(" ,:.")
    if authors and not rest:  # "Thompson, 45": an author and a page, no title
        if not (locator or url):
            return None  # a name alone is not a reference
        return Citation(kind="book", authors=authors, locator=locator, url=url, source=piece)
    if authors:  # "Mr. Ashdown, in his Journal of a Tour …"
        rest = _IN_HIS.sub("", rest)
    if authors:  # "Mortemart, chef d'état-major, Enquête …": who the person was
        rest = _APPOSITION.sub("", rest)
    title, mark, after_title = take_title(rest)
    if title and mark == "quote" and quotation(title, text[:end], after_title):
        return None  # someone's words ("See," said they, "…"), not a title
    rest = after_title
    quoted = mark == "quote"
    container = None
    chapter_signal = False
    original_year = None
    original = re.match(r"\s*\((\d{4})\)", rest)
    if original:
        original_year = int(original.group(1))
        rest = rest[original.end() :]
    described = _DESCRIBED.match(rest)  # "'Introduction' (1891) to Marx's address, in …"
    if described:
        rest = rest[described.end() :]
    after = _IN_CONTAINER.match(rest)
    if after:
        chapter_signal = True
        if after.group(1):
            original_year = int(after.group(1))
        rest = rest[after.end() :]
        _, editors_end = read_authors(rest, short_ok=False)
        rest = rest[editors_end:].lstrip(" ,:.")
    elif quoted:
        rest = rest.lstrip(" ,.:")
    if quoted or after:
        container, _, rest = take_title(rest, container=True)
    elif title and not authors and not mark and _paper_and_date(title, rest):
        container, title = title, None  # "The Times, 29 May 1871, p. 9"
    volume = first(_VOLUME, rest)
    issue = first(_ISSUE, rest)
    place, publisher = place_and_publisher(rest)
    year = last_year(rest)
    if year is None and title:
        year = last_year_outside(text, title)
    if year is None:
        year = original_year
    if not title and not authors and not container:
        if url:
            return Citation(kind="web page", url=url, year=year, source=piece)
        return None
    if title and not mark:
        inner = _INNER_PLACE.search(title)
        if inner:  # "Tacit. Annal. l. ii. Dion Cassius, …": the title ends at its book
            title = title[: inner.start()].rstrip(" ,.")
        comment = _COMMENT_AFTER.search(title)
        if comment and reads_as_prose(title[comment.end() :].lower()):
            title = title[: comment.start()]  # "Souvenirs du 4 Septembre. His textual …"
    if title and mark and re.match(r"(?:See|Cf\.|Compare)\b", title):
        title = None  # "_See Appendix._": a cross-reference
    if title and not mark and not_a_title(title):
        title = None  # a sentence of commentary, not a title
    his = _HIS_WORK.search(text, end) if authors and not title else None
    if his:  # "Dr. Wade, from the Report of 1832, in his “History of the …”"
        title, mark, _ = take_title(text[his.end() :])
    if (
        container
        and not quoted
        and (reads_as_prose(container) or container.split()[0] in OPENERS | {"Even"})
    ):
        container = None
    # a year in a sentence ("the States-General of 1614 were called") dates nothing
    prose = (year or DATE.search(text)) and _prose_outside_quotes(text)
    dated = bool(volume or locator or (not prose and (year or DATE.search(text))))
    dated = dated or bool(container and not title and _paper_and_date(container, rest))
    wide = container and len(container.split()) >= 2  # not "Norfolk"
    evidence = (
        url
        or (title and (mark or dated or place or publisher or wide))
        or (title and authors and _titled(title))
        or (authors and (locator or volume or wide))
        or (container and dated and (wide or _paper_and_date(container, rest)))
        or (year and (place or publisher) and not prose)
    )
    if not evidence:
        return None  # a comment, a name or a number, not a reference
    kind = _kind(
        piece,
        quoted=quoted,
        container=container,
        chapter_signal=chapter_signal,
        place=place,
        publisher=publisher,
        volume=volume,
        issue=issue,
        url=url,
        rest=rest,
        locator=locator,
    )
    if container and not title and not chapter_signal:
        kind = "article"
    return Citation(
        kind=kind,
        authors=authors,
        title=title or None,
        container=container or None,
        volume=volume,
        place=place,
        publisher=publisher,
        year=year,
        locator=locator,
        url=url,
        source=piece,
    )


_APPOSITION = re.compile(r"^(?!in\s|et\s|l\.|c\.|p\.)[a-z][^,;:()‘“\"]{2,40},\s+(?=[A-ZÀ-Þ])")
_POSSESSIVE = re.compile(r"((?:[A-Z][a-z]*\.\s)?[A-Z][\w-]+)['’]s\s+(?=[‘“\"*_])")
_INNER_PLACE = re.compile(r"[,.]?\s(?:l|lib|c|cap|tom)\.\s?[ivxlc\d]+\b")
_COMMENT_AFTER = re.compile(r"(?<=[a-zé]{3})\.\s+(?=[A-Z])")
_HIS_WORK = re.compile(r"\bin\s+(?:his|her|their)\s+(?=[‘“\"*_])")
_IN_HIS = re.compile(r"^(?:in\s+(?:(?:his|her|their)\s+)?|(?:his|her|their)\s+)(?=[A-Z*‘“\"'_])")


_DAY_MONTH = re.compile(
    rf"[\s,]*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?"
)


def _paper_and_date(name: str, rest: str) -> bool:
    """ "The Times, 29 May 1871", "Manchester Guardian, October 30th": a
    periodical and the day of its issue (the year may be left to the text)."""
    if _NEWSPAPER_DATE.match(rest):
        return True
    words = set(name.split())
    return bool(words & PERIODICAL_WORDS) and bool(_DAY_MONTH.match(rest))


def _prose_outside_quotes(text: str) -> bool:
    return reads_as_prose(re.sub(r"[‘“\"«][^’”\"»]*[’”\"»]", " ", text))


def _a_name(text: str) -> bool:
    """ "Brehm", "Ammianus Marcellinus": a name alone before its place, not
    "The Augustan History" or "Camden's Britannia"."""
    if not _ONE_NAME.fullmatch(text) or re.search(r"['’]s\b", text):
        return False
    words = text.split()
    return len(words) == 1 or not any(w in NOT_GIVEN or w in PERIODICAL_WORDS for w in words)


def _titled(title: str) -> bool:
    """Words that can be a title with only an author beside them ("Jules Simon,
    Souvenirs du 4 Septembre"), not a second name ("Assi, Billioray")."""
    words = re.sub(r"\([^()]*\)", " ", title).split()
    return len(words) >= 3 or any(w[:1].islower() for w in words)


def _read_interview(text: str, piece: str, url: str | None, locator: str | None) -> Citation:
    """ "Interview with Maria K., Gdańsk, 12 August 2010": the person interviewed
    is the author, as Zotero has it."""
    authors: tuple[Name, ...] = ()
    title = None
    match = _INTERVIEWEE.search(text)
    if match:
        authors, _ = read_authors(text[match.end() :], short_ok=False)
    quoted = re.search(r"[‘“\"«]([^’”\"»]{4,})[’”\"»]", text)
    if quoted:
        title = strip_quotes(quoted.group(1))
    return Citation(
        kind="interview",
        authors=authors,
        title=title,
        year=last_year(text),
        locator=locator,
        url=url,
        source=piece,
    )


def _read_archive(text: str, piece: str, locator: str | None) -> Citation:
    """An archive document: what it is (the title, if the note says), where it
    is kept (institution, collection and reference, as the container), its date."""
    where: list[str] = []
    title = None
    place = None
    for chunk in (c.strip(" .") for c in split_outside_brackets(text, ",")):
        if not chunk:
            continue
        if _INSTITUTION.search(chunk) or _REFERENCE.match(chunk):
            where.append(chunk)
        elif chunk in PLACES or (where and re.fullmatch(r"[A-Z][a-z]+", chunk)):
            place = place or chunk
        elif DATE.fullmatch(chunk) or YEAR.fullmatch(chunk):
            continue
        elif title is None:
            title = chunk
    authors: tuple[Name, ...] = ()
    if title:
        sender = re.match(r"[Ll]etters?\s+(?:from|of)\s+", title)
        if sender:
            authors, _ = read_authors(title[sender.end() :], short_ok=False)
    return Citation(
        kind="archive",
        authors=authors,
        title=title,
        container=", ".join(where) or None,
        place=place,
        year=last_year(text),
        locator=locator,
        source=piece,
    )


# Words without which the archive and interview patterns cannot match: looking
# for them first spares most notes two long alternations.
_ARCHIVE_HINTS = (
    "rchiv", "Record", "RGASPI", "GARF", "RGAE", "IIS", "Nachlass", "fond", "op.", "ox ",
    "older ", "MS", "dossier", "carton", "Papers", "file ",
)  # fmt: skip
_INTERVIEW_HINTS = ("nterview", "onversation", "communication")


def _maybe_archive(piece: str) -> bool:
    if not any(hint in piece for hint in _ARCHIVE_HINTS):
        return False
    return bool(_ARCHIVE.search(URL_RE.sub(" ", piece)))


def _maybe_interview(piece: str) -> bool:
    return any(hint in piece for hint in _INTERVIEW_HINTS) and bool(_INTERVIEW.search(piece))


def _names_after_commentary(text: str) -> int | None:
    """ "This point was first made by W. G. Rosenberg, …": where the names start."""
    for match in _BY.finditer(text, 0, 160):
        names, end = read_authors(text[match.end() :], short_ok=False)
        if names and re.match(r"\s*[,:]", text[match.end() + end :]):
            return match.end()
    return None


def _kind(
    piece: str,
    *,
    quoted: bool,
    container: str | None,
    chapter_signal: bool,
    place: str | None,
    publisher: str | None,
    volume: str | None,
    issue: str | None,
    url: str | None,
    rest: str,
    locator: str | None,
) -> WorkKind:
    if _maybe_interview(piece):
        return "interview"
    if _maybe_archive(piece) and "Internet Archive" not in piece:
        return "archive"
    if container:
        words = set(re.findall(r"[\w’']+", container))
        periodical = bool(words & PERIODICAL_WORDS) or bool(issue) or bool(DATE.search(rest))
        if re.match(r"\s*(?:[IVX]+/)?\d", rest) and not place and not publisher:
            periodical = True
        if periodical and not (chapter_signal and (place or publisher)):
            return "article"
        if chapter_signal or place or publisher or volume:
            return "chapter"
        return "web page" if url else "article"
    if quoted:
        if url and not (place or publisher):
            return "web page"
        # 'Marshall's "Life of Washington," vol. i. p. 18': a work in volumes
        books = place or publisher or (locator or "").startswith(("vol.", "tom."))
        return "book" if books else "article"
    if url and not (place or publisher):
        return "web page"
    return "book"
