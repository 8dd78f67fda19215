"""The fields of one citation, read off the front or the back of its text.

The lead-in goes ("See", "Discussed in", "Both quotes"); the page cited
(``p233``, ``pp. 45–7``, the number after ``(London: Verso, 1990),``) is the
locator; the title is quoted, italic (``*…*``), or runs to the first thing that
is not title — a comma before a capital, ``Vol 3``, a known place before a year
("… London 1974"), a short capitalised run before the year ("Newton Abbot
1972"), a publication parenthesis; then the place and publisher, and the year
(the last one, so "The Paris Commune 1871 … 1972" is 1972).
"""

from __future__ import annotations

import re

from reader.core.sources.lexicon import (
    MONTHS,
    OPENERS,
    PLACES,
    PROSE_WORDS,
    PUBLISHER_WORDS,
    PUBLISHERS,
    SENTENCE_OPENERS,
)

OPENING = {"‘": "’", "“": "”", '"': '"', "'": "'", "«": "»", "„": "“", "‚": "’"}
YEAR = re.compile(r"(?<![\w/.-])(1[4-9]\d\d|20\d\d)(?:[-–/]\d{2,4})?[a-rt-z]?(?![\w/])")
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
      | note(?=\s*:)
    )[\s:,]+""",
    re.IGNORECASE | re.VERBOSE,
)
# "For Marx's own account, see K Marx …": commentary up to a "see".
_SEE_INSIDE = re.compile(
    r"^[^‘“\"]{3,160}?[,;:.]?\s+(?:see|cf\.|compare)(?:\s+also)?\s+", re.IGNORECASE
)
PAGE = re.compile(
    r"(?<![\w])(?:pp?|pgs?|pages?|fols?|ff?|at|(?:ll?|S)\.(?=\s?\d))\.?\s?"
    r"((?:\d{1,5}[a-z]?|[ivxlc]{1,7})(?:\s?(?:[-–—]|ff?\.?)\s?(?:\d{1,5}[a-z]?|[ivxlc]{1,7})?)?"
    r"(?:\s?(?:,|and)\s?\d{1,5}(?:\s?[-–—]\s?\d{1,5})?)*)(?![\w])"
)
_CHICAGO_PAGE = re.compile(
    r"(?:\)|\d{4}\)?)\s*[,:]\s*((?:\d{1,5}|[ivxlc]{1,7})(?:\s?[-–—]\s?\d{1,5})?(?:n\.?\s?\d+)?)\s*\.?\s*$"
)
_CLASSICAL = re.compile(
    r"[,.][”’\"']?\s*((?:(?:l|lib|b|c|cap|ch|chap|v|vol|t|tom)\.\s*)?[ivxlcdm]+\.?"
    r"(?:[,\s]+(?:(?:l|c|cap|ch|p|n)\.\s*)?(?:[ivxlcdm]+|\d+)\.?)*)(?:,?\s*&c\.?)?\s*$"
)
_TRAILING_NUMBER = re.compile(r"(?<!\d)[,:][”’\"']?\s*(\d{1,4}(?:\s?[-–—]\s?\d{1,4})?)\s*\.?\s*$")
DATE = re.compile(
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+\d{{4}}"
)
_PUBLICATION = re.compile(r"\(([^()]*?\b(?:1[4-9]\d\d|20\d\d)\b[^()]*|(?:eds?|trans)\.?[^()]*)\)")
_PLACE_COLON = re.compile(
    r"(?:^|[,(]\s*)((?:[A-Z][\w.’'-]*\s?){1,3}(?:,\s?(?:MA|Mass\.|NY|NJ|CA|Calif\.|CT|Conn\.|IL|"
    r"Ill\.|UK|US|USA))?(?:\s+and\s+(?:[A-Z][\w.’'-]*\s?){1,2})?)\s*:\s*([^,;:()]+?)(?=\s*,|\s*\)|\s+\d{4}|$)"
)


def strip_quotes(text: str) -> str:
    """A title without its quotes, italics and closing punctuation."""
    text = text.strip().strip("*_").strip()
    while len(text) >= 2 and text[0] in OPENING and text[-1] == OPENING[text[0]]:
        text = text[1:-1].strip()
    text = text.strip("‘’“”\"«»'")
    return text.rstrip(" ,.;:").strip()


def drop_lead_in(text: str) -> str:
    text = text.strip(" ,.;:")
    if text[:1] in OPENING and text[1:4].lower() in ("see", "cf.", "com"):
        return text  # '"See," said they': someone's words, not a lead-in
    for _ in range(3):
        match = _LEAD_IN.match(text)
        if match is None:
            break
        text = text[match.end() :]
    see = _SEE_INSIDE.match(text)
    if see:
        text = text[see.end() :]
    return text.strip(" ,.;:")


def take_locator(text: str) -> tuple[str | None, str]:
    """The page(s) cited, and the text without them."""
    matches = [m for m in PAGE.finditer(text) if not _after_volume(text, m.start())]
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
    if trailing and not YEAR.fullmatch(trailing.group(1)):
        # "…, 1963), 213" is a page; so are "Ibid., 45" and "Thompson, Making, 402"
        return trailing.group(1).replace(" ", ""), text[: trailing.start()].rstrip(" ,.:")
    classical = _CLASSICAL.search(text)
    if classical:  # "Zosimus, l. i., c. 22", "Brehm, iv. 567": book, chapter, page
        return " ".join(classical.group(1).split()), text[: classical.start()].rstrip(" ,.:")
    return None, text


def _after_volume(text: str, pos: int) -> bool:
    return bool(re.search(r"(?:vol|no)\.?\s*$", text[max(0, pos - 6) : pos], re.IGNORECASE))


def take_title(text: str, *, container: bool = False) -> tuple[str | None, str, str]:
    """The title at the start of ``text``: (title, how it is marked — "quote",
    "italic" or "" —, what follows)."""
    text = text.lstrip()
    if not text:
        return None, "", ""
    if text[0] in OPENING:
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
    close = OPENING[text[start]]
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
    if years and not YEAR.search(text, years[-1].end() + 4):
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
    for year in list(YEAR.finditer(text))[-1:]:
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


def first(rx: re.Pattern[str], text: str) -> str | None:
    match = rx.search(text)
    return match.group(1) if match else None


def last_year(text: str) -> int | None:
    years = [int(m.group(1)) for m in YEAR.finditer(text)]
    return years[-1] if years else None


def last_year_outside(text: str, title: str) -> int | None:
    cut = text.find(title)
    if cut >= 0:
        text = text[:cut] + " " + text[cut + len(title) :]
    return last_year(text)


def place_and_publisher(text: str) -> tuple[str | None, str | None]:
    inner = _PUBLICATION.search(text)
    scope = inner.group(1) if inner else text
    match = _PLACE_COLON.search(scope)
    if match and not re.fullmatch(r"\d+", match.group(2).strip()):
        place = match.group(1).strip()
        publisher = match.group(2).strip()
        if not YEAR.fullmatch(publisher) and place.split()[0] not in ("No", "Vol"):
            return place, publisher
    place = None
    publisher = None
    for chunk in re.split(r"\s*[,;()]\s*", scope):
        words = chunk.split()
        if not words:
            continue
        bare = [w for w in words if not YEAR.fullmatch(w)]
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


# -- comment or citation --------------------------------------------------------

_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")
# a quotation, then a dash, then what it is quoted from: '…4th September."—Enquête …'
_DASH_TAIL = re.compile(r"[.!?,;:)\]\"”’]\s*(?:—|--)\s*(?=[A-ZÀ-Þ«\"“‘*_])")
_SPEECH = re.compile(
    r"^[\s,;:]*(?:—|--|\(?\s*(?:he\s+|she\s+|they\s+|we\s+)?(?:[a-z]+ly\s+)?(?:said|says|say|answered|replied|asked|cried|exclaimed|wrote|writes|"
    r"added|adds|continued|declared|declares|observed|remarked|rejoined|retorted)\b)"
)
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|answered|replied|asked|cried|exclaimed|wrote|writes|added|adds|continued|"
    r"declared|declares|observed|remarked|words|thus|that)\b[^.!?]{0,30}[:,]?\s*$"
)
_DATE_ONLY = re.compile(
    rf"^(?:{MONTHS})\.?\s+\d{{1,2}}|^\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b"
)


def reads_as_prose(text: str) -> bool:
    """Does ``text`` hold the words of a sentence (a pronoun, a finite verb, a
    relative) in lower case, as titles seldom do unless quoted?"""
    return any(w in PROSE_WORDS for w in _LOWER_WORD.findall(text))


def dash_tail(text: str) -> str | None:
    """What follows the last dash after a quotation or a sentence: the source
    an older book gives for it ('"…"—Enquête sur le 4 Septembre, vol. i. p. 258')."""
    last = None
    for match in _DASH_TAIL.finditer(text):
        last = match
    if last is None:
        return None
    tail = text[last.end() :].strip(" .,;")
    return tail or None


def quotation(title: str, before: str, after: str) -> bool:
    """Is a quoted "title" someone's words? Words followed by "said he", or after
    "says:", or a quotation too long or too full of sentences to be a title."""
    if _SPEECH.match(after) or _SPEECH_BEFORE.search(before):
        return True
    words = len(title.split())
    if words > 40 or (words > 16 and reads_as_prose(title)):
        return True
    if words > 8 and re.search(r"[a-z]{3}[.!;]\s+\S", title):
        return True
    if words >= 6 and "?" not in title and reads_as_prose(title):
        return True
    return bool(title) and title[-1] in "!" and len(title.split()) > 3


def not_a_title(title: str) -> bool:
    """Unmarked words that cannot be a title: a sentence, a date, a number, the
    lower-case run of a comment."""
    words = title.split()
    if len(title.rstrip(".")) < 2:
        return True  # "M": an initial
    capitalised = sum(1 for w in words if w[:1].isupper())
    if title in PLACES or re.fullmatch(MONTHS, title.rstrip(". ")):
        return True  # "London, 1835", "October, 1844": a place, a month
    if title.rstrip(". ") in OPENERS or words[0] in SENTENCE_OPENERS:
        return True  # "Vol. ii. p. 80": a locator, no title; "Not the English …"
    if title.count('"') % 2 or title.count("“") != title.count("”"):
        return True  # 'anything."—Vol': the end of a quotation
    if len(words) > 14 and capitalised * 2 < len(words):
        return True
    if "?" not in title and reads_as_prose(title):
        return True
    if title[0].isdigit() or _DATE_ONLY.match(title) or re.search(r"\d,\d{3}", title):
        return True  # "108 have from …", "March 15", "Tridon 65,707"
    if title.count("(") != title.count(")"):
        return True  # "U. Parent (9th": a list of names cut at a comma
    return title[0].islower() and not re.match(r"(?:[ld][’']|de\s|du\s|des\s)", title)
