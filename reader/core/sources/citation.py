"""Reading a note's text as the works it cites.

A note is cut into pieces, one work each: at semicolons, and at a sentence
that starts another citation ("… 1990, p. 4. See also …"); sentences that cite
nothing (no year, page, quoted title or URL) are commentary and dropped. Each
piece is read left to right:

1. URLs and "accessed …" are taken out; a piece that is only URLs is a web page
   per URL.
2. The lead-in goes ("See", "Discussed in", "Both quotes", "This and following
   quotes … from").
3. The page cited (``p233``, ``pp. 45–7``, the number after ``(London: Verso,
   1990),``) is the locator.
4. The authors (:mod:`reader.core.sources.names`), then the title: quoted,
   italic (``*…*``), or running to the first thing that is not title —
   a comma before a capital, ``Vol 3``, a known place before a year
   ("… London 1974"), a short capitalised run before the year ("Newton Abbot
   1972"), a publication parenthesis.
5. What is left gives the container (after a quoted title), the volume, the
   place and publisher, and the year (the last one, so "The Paris Commune 1871
   … 1972" is 1972).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.core.footnotes import URL_RE
from reader.core.sources.lexicon import (
    MONTHS,
    PERIODICAL_WORDS,
    PLACES,
    PUBLISHER_WORDS,
    PUBLISHERS,
    word_set,
)
from reader.core.sources.model import Citation, Name, WorkKind
from reader.core.sources.names import read_authors

_TRAILING_URL_PUNCT = ".,;:!?)]}'"
_OPENING = {"‘": "’", "“": "”", '"': '"', "'": "'", "«": "»", "„": "“", "‚": "’"}
_YEAR = re.compile(r"(?<![\w/.-])(1[4-9]\d\d|20\d\d)(?:[-–/]\d{2,4})?[a-rt-z]?(?![\w/])")
_BACK_REFERENCE = re.compile(
    r"\b(?:ibid(?:em)?\b|id\.(?=[\s,]|$)|op\.?\s*cit\b|loc\.?\s*cit\b)", re.IGNORECASE
)
_BY = re.compile(r"\b(?:by|in|from|see|cf\.)\s+(?=[A-Z])")
_ACCESSED = re.compile(
    r"[,.(]?\s*\(?(?:last\s+)?(?:accessed|retrieved|consulted|viewed)(?:\s+on)?\s+[^()]*?"
    r"(?:\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\)?",
    re.IGNORECASE,
)
_ONLINE = re.compile(r"[,.]?\s*(?:available\s+(?:at|online)|online\s+at|at)\s*:?\s*$", re.I)
_LEAD_IN = re.compile(
    r"""^\W*(?:
        (?:this|these)\s+and\s+(?:the\s+)?following\s+(?:quotes?|quotations?)[^,;]{0,60}?\s+from
      | (?:this|these)\s+and\s+(?:the\s+)?following\s+(?:quotes?|quotations?)[^,;]{0,60}?\s+in
      | (?:all|both|the|these|other)\s+(?:quotes?|quotations?|figures?|citations?)
        (?:\s+(?:are\s+)?(?:from|in))?
      | (?:quotes?|quotations?|figures?|cited|quoted|discussed|reprinted|translated|reproduced|
           summarised|summarized|analysed|analyzed|described|mentioned)\s+(?:from|in|by)
      | as\s+(?:quoted|cited)\s+in
      | (?:see|cf\.?|compare)(?:\s+(?:also|especially|esp\.|for\s+example|e\.g\.|generally))?
      | also | e\.g\. | for\s+example | taken\s+from | from | in
    )[\s:,]+""",
    re.IGNORECASE | re.VERBOSE,
)
# "For Marx's own account, see K Marx …": commentary up to a "see".
_SEE_INSIDE = re.compile(r"^[^‘“\"]{3,160}?[,;:.]?\s+(?:see|cf\.)(?:\s+also)?\s+", re.IGNORECASE)
_PAGE = re.compile(
    r"(?<![\w])(?:pp?|pgs?|pages?|fols?|ff?|at|(?:ll?|S)\.(?=\s?\d))\.?\s?"
    r"((?:\d{1,5}[a-z]?|[ivxlc]{1,7})(?:\s?(?:[-–—]|ff?\.?)\s?(?:\d{1,5}[a-z]?|[ivxlc]{1,7})?)?"
    r"(?:\s?(?:,|and)\s?\d{1,5}(?:\s?[-–—]\s?\d{1,5})?)*)(?![\w])"
)
_CHICAGO_PAGE = re.compile(
    r"(?:\)|\d{4}\)?)\s*[,:]\s*((?:\d{1,5}|[ivxlc]{1,7})(?:\s?[-–—]\s?\d{1,5})?(?:n\.?\s?\d+)?)\s*\.?\s*$"
)
_ONE_NAME = re.compile(r"[A-Z][a-zà-ÿ’'-]+")
_CLASSICAL = re.compile(
    r"[,.]\s*((?:(?:l|lib|b|c|cap|ch|chap|v|vol|t|tom)\.\s*)?[ivxlcdm]+\.?"
    r"(?:[,\s]+(?:(?:l|c|cap|ch|p|n)\.\s*)?(?:[ivxlcdm]+|\d+)\.?)*)(?:,?\s*&c\.?)?\s*$"
)
_TRAILING_NUMBER = re.compile(r"[,:][”’\"']?\s*(\d{1,4}(?:\s?[-–—]\s?\d{1,4})?)\s*\.?\s*$")
_VOLUME = re.compile(
    r"(?<![\w])(?:vols?|volume|Vol|Bd|tome|t)\.?\s*([IVXLC]+|\d{1,3})(?![\w])", re.IGNORECASE
)
_ISSUE = re.compile(r"\b(?:[Nn]os?|[Nn]r|[Ii]ssue|№)\.?\s*(\d{1,4})(?![\w])")
_DATE = re.compile(
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+\d{{4}}"
)
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
_PUBLICATION = re.compile(r"\(([^()]*?\b(?:1[4-9]\d\d|20\d\d)\b[^()]*|(?:eds?|trans)\.?[^()]*)\)")
_PLACE_COLON = re.compile(
    r"(?:^|[,(]\s*)((?:[A-Z][\w.’'-]*\s?){1,3}(?:,\s?(?:MA|Mass\.|NY|NJ|CA|Calif\.|CT|Conn\.|IL|"
    r"Ill\.|UK|US|USA))?(?:\s+and\s+(?:[A-Z][\w.’'-]*\s?){1,2})?)\s*:\s*([^,;:()]+?)(?=\s*,|\s*\)|\s+\d{4}|$)"
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z‘“\"'(*])")
_ABBREVIATIONS = word_set(
    """
    ed eds trans tr vol vols no nos pp p dr mr mrs ms st cf ch chap repr rev ibid op cit
    loc al etc esp n nn fol fols f ff jr sr bd t comp col cols art sect pt ser eg ie viz
    vs cit ca c fig mss ms univ dept co inc ltd bros intro trad hg hrsg éd
    """
)
_COMMENTARY_SIGNAL = re.compile(r"^\W*(?:see|cf\.|also|compare)\b", re.IGNORECASE)
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


def strip_quotes(text: str) -> str:
    """A title without its quotes, italics and closing punctuation."""
    text = text.strip().strip("*_").strip()
    while len(text) >= 2 and text[0] in _OPENING and text[-1] == _OPENING[text[0]]:
        text = text[1:-1].strip()
    text = text.strip("‘’“”\"«»'")
    return text.rstrip(" ,.;:").strip()


@lru_cache(maxsize=8192)
def read_citations(text: str) -> tuple[Citation, ...]:
    """Every work ``text`` (a note that is not a gloss or a back-reference)
    cites, in order; ``()`` when it cites none."""
    found: list[Citation] = []
    for piece in _pieces(" ".join(text.split())):
        found.extend(_read_piece(piece))
    return tuple(found)


def pieces(text: str) -> list[str]:
    """``text`` cut into the parts that cite one work each."""
    return _pieces(" ".join(text.split()))


def locator_of(text: str) -> str | None:
    """The page(s) a note or a part of one cites."""
    return _take_locator(_drop_lead_in(text))[0]


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    parts = _split_outside_brackets(text, ";")
    if len(parts) > 1:
        parts = [p for p in parts if _cites_something(p)] or parts
    for part in parts:
        pieces.extend(_sentences(part))
    pieces = [re.sub(r"^(?:and|also|or)\s+", "", p.strip(" ,;")) for p in pieces]
    return [p for p in pieces if p]


def _split_outside_brackets(text: str, sep: str) -> list[str]:
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
        last = re.split(r"[\s(]", before)[-1].lower().strip(".") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"(?:\w\.)*\w", last):
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
        if groups and not _cites_something(groups[-1]):
            groups[-1] = groups[-1] + join + span
        else:
            groups.append(span)
    citing = [g for g in groups if _cites_something(g)]
    return citing or groups


def _in_quotes(text: str, pos: int) -> bool:
    head = text[:pos]
    return (
        head.count("“") > head.count("”")
        or head.count('"') % 2 == 1
        or head.count("‘") > head.count("’") - len(re.findall(r"\w’\w", head))
    )


def _cites_something(sentence: str) -> bool:
    return bool(
        re.search(r",\s*\d{1,4}(?:\s?[-–]\s?\d{1,4})?\.?\s*$", sentence)
        or _BACK_REFERENCE.search(sentence)
        or URL_RE.search(sentence)
        or _YEAR.search(sentence)
        or _PAGE.search(sentence)
        or re.search(r"[‘“\"][^’”\"]{4,}[’”\"]|\*[^*]{3,}\*", sentence)
    )


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
        page = _take_locator(rest)[0]
        return [Citation(kind="web page", url=u, locator=page, source=u) for u in urls]
    citation = _read_work(rest, piece, urls[0] if urls else None)
    if citation is None:
        return []
    return [citation]


def _read_work(text: str, piece: str, url: str | None) -> Citation | None:
    text = _drop_lead_in(text)
    if not text:
        return None
    locator, text = _take_locator(text)
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
    if not authors and locator and _ONE_NAME.fullmatch(text):
        authors, end = (Name(text, text),), len(text)  # "Brehm, iv. 567"
    if not authors and text[0] not in _OPENING and text[0] not in "*_":
        start = _names_after_commentary(text)
        if start is not None:
            text = text[start:]
            authors, end = read_authors(text)
    rest = text[end:].lstrip(" ,:.")
    if authors and not rest:  # "Thompson, 45": an author and a page, no title
        return Citation(kind="book", authors=authors, locator=locator, url=url, source=piece)
    title, mark, rest = _take_title(rest)
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
        container, _, rest = _take_title(rest, container=True)
    elif title and not authors and not mark and _NEWSPAPER_DATE.match(rest):
        container, title = title, None  # "The Times, 29 May 1871, p. 9"
    volume = _first(_VOLUME, rest)
    issue = _first(_ISSUE, rest)
    place, publisher = _place_and_publisher(rest)
    year = _last_year(rest)
    if year is None and title:
        year = _last_year_outside(text, title)
    if year is None:
        year = original_year
    if not title and not authors and not container:
        if url:
            return Citation(kind="web page", url=url, year=year, source=piece)
        return None
    if title and not (authors or mark) and (title[0].islower() or len(title.split()) > 14):
        title = None  # a sentence of commentary, not a title
        if not (container or url):
            return None
    known = authors or mark or container or place or publisher or url or locator or volume
    if not known and not _DATE.search(text):
        return None  # a sentence, not a reference
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
        year=_last_year(text),
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
    for chunk in (c.strip(" .") for c in _split_outside_brackets(text, ",")):
        if not chunk:
            continue
        if _INSTITUTION.search(chunk) or _REFERENCE.match(chunk):
            where.append(chunk)
        elif chunk in PLACES or (where and re.fullmatch(r"[A-Z][a-z]+", chunk)):
            place = place or chunk
        elif _DATE.fullmatch(chunk) or _YEAR.fullmatch(chunk):
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
        year=_last_year(text),
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


def _drop_lead_in(text: str) -> str:
    text = text.strip(" ,.;:")
    for _ in range(3):
        match = _LEAD_IN.match(text)
        if match is None:
            break
        text = text[match.end() :]
    see = _SEE_INSIDE.match(text)
    if see:
        text = text[see.end() :]
    return text.strip(" ,.;:")


def _names_after_commentary(text: str) -> int | None:
    """ "This point was first made by W. G. Rosenberg, …": where the names start."""
    for match in _BY.finditer(text, 0, 160):
        names, end = read_authors(text[match.end() :], short_ok=False)
        if names and re.match(r"\s*[,:]", text[match.end() + end :]):
            return match.end()
    return None


def _take_locator(text: str) -> tuple[str | None, str]:
    """The page(s) cited, and the text without them."""
    matches = [m for m in _PAGE.finditer(text) if not _after_volume(text, m.start())]
    if matches:
        match = matches[-1]
        locator = re.sub(r"\s+", "", match.group(1)).rstrip(",")
        text = (text[: match.start()] + text[match.end() :]).strip(" ,.;:")
        text = re.sub(r"\s+,", ",", text)
        classical = _CLASSICAL.search(text)  # "Herodian, l. i. p. 12"
        if classical and match.group(0)[:1] in "pP" and match.start() >= classical.start():
            book = " ".join(classical.group(1).split()).rstrip(".,")
            return f"{book}, p. {locator}", text[: classical.start()].rstrip(" ,.:")
        return locator, text
    chicago = _CHICAGO_PAGE.search(text)
    if chicago:
        return chicago.group(1).replace(" ", ""), text[: chicago.start(1)].rstrip(" ,.:")
    trailing = _TRAILING_NUMBER.search(text)
    if trailing and not _YEAR.fullmatch(trailing.group(1)):
        # "…, 1963), 213" is a page; so are "Ibid., 45" and "Thompson, Making, 402"
        return trailing.group(1).replace(" ", ""), text[: trailing.start()].rstrip(" ,.:")
    classical = _CLASSICAL.search(text)
    if classical:  # "Zosimus, l. i., c. 22", "Brehm, iv. 567": book, chapter, page
        return " ".join(classical.group(1).split()), text[: classical.start()].rstrip(" ,.:")
    return None, text


def _after_volume(text: str, pos: int) -> bool:
    return bool(re.search(r"(?:vol|no)\.?\s*$", text[max(0, pos - 6) : pos], re.IGNORECASE))


def _take_title(text: str, *, container: bool = False) -> tuple[str | None, str, str]:
    """The title at the start of ``text``: (title, how it is marked — "quote",
    "italic" or "" —, what follows)."""
    text = text.lstrip()
    if not text:
        return None, "", ""
    if text[0] in _OPENING:
        close = _closing(text, 0)
        if close is not None:
            return strip_quotes(text[1:close]), "quote", text[close + 1 :]
    if text[0] in "*_":
        mark = text[0]
        close = text.find(mark, 1)
        if close > 1:
            return strip_quotes(text[1:close]), "italic", text[close + 1 :]
    end = _title_end(text, container=container)
    title = re.sub(r"\s*\[\d{4}\]", "", text[:end]).strip(" ,.:")
    return strip_quotes(title) or None, "", text[end:]


def _closing(text: str, start: int) -> int | None:
    """Where the quote opened at ``start`` closes (an apostrophe in a word does not)."""
    close = _OPENING[text[start]]
    pos = start + 1
    while True:
        pos = text.find(close, pos)
        if pos < 0:
            return None
        after = text[pos + 1 : pos + 2]
        if close in "’'" and after.isalpha():
            pos += 1
            continue
        return pos


_TITLE_STOPS = [
    re.compile(r"\s*\((?=[^()]*\b(?:1[4-9]\d\d|20\d\d|eds?\.|trans\.|[A-Z][\w ]+:))"),
    re.compile(r"[,.]\s+in\s+(?=[A-Z*‘“\"'])"),
    re.compile(
        r"[,.]?\s+(?:vols?\.|Vol\b|volume\s+[\dIVX]|Volume\s+[\dIVX]|Bd\.|tome\s|t\.\s?\d|no\.\s?\d|"
        r"eds?\.(?=\s)|edited\s+by|trans(?:lated)?\.?\s+(?:by\s+)?[A-Z]|tr\.\s|repr(?:inted)?\.?\s|"
        r"\d(?:st|nd|rd|th)\s+ed|rev\.\s+ed|new\s+ed)",
        re.IGNORECASE,
    ),
    re.compile(r"[,.]?\s+(?:a\s+cura\s+di|hrsg\.|herausgegeben|éd\.|sous\s+la\s+dir)"),
    re.compile(r"\.\s+(?=(?:[A-Z][\w.’'-]*\s?){1,3}(?:,\s?[A-Z]{2,5}\.?)?\s*:\s)"),
    re.compile(
        rf"[,.]?\s+(?=(?:\d{{1,2}}\s+)?(?:{MONTHS})\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}(?:[,.;)]|$))"
    ),
]
_BARE_YEAR = re.compile(r"\s+(?=(?:1[4-9]\d\d|20\d\d)\s*(?:[,.;)]|$))")
_PERIODICAL_NUMBER = re.compile(r"\s+(?=(?:[IVX]+/)?\d{1,4}\s*[,(:]|\d{1,4}\s*$)")


def _title_end(text: str, *, container: bool) -> int:
    ends = [len(text)]
    for rx in _TITLE_STOPS:
        match = rx.search(text, 2)
        if match:
            ends.append(match.start())
    comma = _comma_stop(text)
    if comma is not None:
        ends.append(comma)
    years = list(_BARE_YEAR.finditer(text, 2))
    if years and not _YEAR.search(text, years[-1].end() + 4):
        ends.append(years[-1].start())
    if container:
        match = _PERIODICAL_NUMBER.search(text, 2)
        if match:
            ends.append(match.start())
    end = min(ends)
    place = _terse_place(text)
    if place is not None and place < end:
        end = place
    # a comma that is followed by lower case goes on with the title
    return end


_COMMA = re.compile(r",\s+(?=[A-Z\d(])")
_LISTED = re.compile(
    r"([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)(?:,\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?){0,4},?"
    r"\s+(?:and|&|or)\s+[\w’'-]+([^,:]*)"
)
_YEAR_RANGE = re.compile(r"\d{4}\s?[-–]\s?\d{2,4}\b(?!\s*\))")


def _comma_stop(text: str) -> int | None:
    """The first comma before a capital or a number that ends the title. Not
    one inside a list ("Politics, Culture, and Society") or before a span of
    years ("Councils, 1905–1921")."""
    for match in _COMMA.finditer(text, 2):
        after = text[match.end() :]
        listed = _LISTED.match(after)
        if (
            listed
            and listed.group(1) not in PLACES
            and not listed.group(2).lstrip().startswith(":")
        ):
            continue
        if _YEAR_RANGE.match(after):
            continue
        return match.start()
    return None


def _terse_place(text: str) -> int | None:
    """Press style: where "… London 1974" or "… Newton Abbot 1972" starts."""
    best: int | None = None
    for year in list(_YEAR.finditer(text))[-1:]:
        before = text[: year.start()].rstrip(" ,")
        words = list(re.finditer(r"[\w.’'-]+", before))
        if not words:
            continue
        known = None
        for count in (3, 2, 1):
            if len(words) > count:
                phrase = " ".join(w.group(0) for w in words[-count:])
                if phrase in PLACES or phrase.rstrip(".") in PLACES:
                    known = words[-count].start()
                    break
        if known is not None:
            best = known
            continue
        run = []
        for word in reversed(words):
            if word.group(0)[0].isupper() and not word.group(0).isdigit():
                run.append(word)
            else:
                break
        if 1 <= len(run) <= 2 and len(run) < len(words):
            previous = words[-len(run) - 1].group(0)
            if previous[0].islower() or previous.isdigit():
                best = run[-1].start()
    return best


def _first(rx: re.Pattern[str], text: str) -> str | None:
    match = rx.search(text)
    return match.group(1) if match else None


def _last_year(text: str) -> int | None:
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    return years[-1] if years else None


def _last_year_outside(text: str, title: str) -> int | None:
    cut = text.find(title)
    if cut >= 0:
        text = text[:cut] + " " + text[cut + len(title) :]
    return _last_year(text)


def _place_and_publisher(text: str) -> tuple[str | None, str | None]:
    inner = _PUBLICATION.search(text)
    scope = inner.group(1) if inner else text
    match = _PLACE_COLON.search(scope)
    if match and not re.fullmatch(r"\d+", match.group(2).strip()):
        place = match.group(1).strip()
        publisher = match.group(2).strip()
        if not _YEAR.fullmatch(publisher) and place.split()[0] not in ("No", "Vol"):
            return place, publisher
    place = None
    publisher = None
    for chunk in re.split(r"\s*[,;()]\s*", scope):
        words = chunk.split()
        if not words:
            continue
        bare = [w for w in words if not _YEAR.fullmatch(w)]
        if not bare:
            continue
        named = bare[-1] in PUBLISHER_WORDS or " ".join(bare) in PUBLISHERS
        if publisher is None and named and bare[0][0].isupper() and len(bare) <= 5:
            publisher = " ".join(bare)
            continue
        if place is None:
            for count in (3, 2, 1):
                phrase = " ".join(bare[-count:])
                if len(bare) >= count and phrase.rstrip(".") in PLACES:
                    place = phrase
                    break
            # "Newton Abbot 1972": a short capitalised run before a year
            before_year = place is None and len(bare) < len(words) and 1 <= len(bare) <= 2
            capitalised = all(w[0].isupper() for w in bare) and bare[0] not in ("Vol", "No")
            if before_year and capitalised and not re.search(MONTHS, chunk):
                place = " ".join(bare)
    return place, publisher


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
) -> WorkKind:
    if _maybe_interview(piece):
        return "interview"
    if _maybe_archive(piece) and "Internet Archive" not in piece:
        return "archive"
    if container:
        words = set(re.findall(r"[\w’']+", container))
        periodical = bool(words & PERIODICAL_WORDS) or bool(issue) or bool(_DATE.search(rest))
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
        return "book" if place or publisher else "article"
    if url and not (place or publisher):
        return "web page"
    return "book"
