"""Authors at the head of a citation: "K Marx", "E. P. Thompson", "H Collins
and C Abramsky", "Alexis de Tocqueville", "Dutch Safety Board", "Thompson"."""

from __future__ import annotations

import re

from reader.core.sources.lexicon import MONTHS, NOT_GIVEN, ORGANISATION_WORDS, PARTICLES, word_set
from reader.core.sources.model import Name

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"  # capitals, with the Latin accented ones
_LOW = "a-zß-öø-ÿā-ſ"
# "K", "AH", "E.", "E. P.", "E.P.", "Ch.", "J.-P."
# ("Mrs. Barbauld": a title before the family name, as older books write it)
_INITIALS = (
    rf"(?:(?:Mrs|Mme|Prof)\.\s?(?=[{_UP}])|[{_UP}][{_LOW}]?\.(?:\s?-?[{_UP}][{_LOW}]?\.)*"
    rf"|[{_UP}]{{1,3}}(?![\w’'.]))"
)
_WORD = rf"[{_UP}][{_LOW}’'][\w’'-]*|[{_UP}]’[{_UP}][\w’'-]+|Mc[{_UP}][\w’'-]+|Mac[{_UP}][\w’'-]+"
_PARTICLE = (
    r"(?:(?:de|du|des|da|di|del|della|von|van|der|den|ten|ter|la|le)\s+){0,2}"
    r"(?:(?:Du|De|Van|Von|Da|Di|Del|Della|Dos|Das|Ten|Ter|Le|La)\s+(?=[A-Z]))?"
)
_FAMILY = rf"{_PARTICLE}(?:{_WORD})(?:-(?:{_WORD}))?"
_GIVEN_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"

_INITIALS_NAME = re.compile(rf"({_INITIALS}(?:\s?{_INITIALS})*)\s*({_FAMILY})(?![\w’'])")
_FULL_NAME = re.compile(
    rf"((?:{_GIVEN_WORD})(?:\s+(?:{_GIVEN_WORD}|{_INITIALS}))*?)\s+({_FAMILY}"
    rf"(?:\s+(?:Du|De|Van|Von|Da|Di|Le|La)\s+{_WORD})?)(?![\w’'])"
)
_SECOND_FAMILY = re.compile(rf"\s+({_WORD})(?![\w’'])")
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|jr|sr)\.?(?=[,\s])|\s+(?:II|III|IV)(?=[,\s])")
# "Thompson, E. P. The Making", "Braverman, Harry. Labor and …": surname first
_SURNAME_FIRST = re.compile(
    rf"({_FAMILY}),\s+((?:{_INITIALS}\s?)+|{_GIVEN_WORD}(?:\s+{_GIVEN_WORD})?(?:\s+{_INITIALS})?)"
    rf"(?:(?<=\.)\s+(?=[A-Z‘“\"'*])|\.\s+|\s+(?=[‘“\"'*]))"
)
_FAMILY_ONLY = re.compile(rf"({_FAMILY})(?![\w’'])")
_ORGANISATION = re.compile(
    rf"((?:[{_UP}][\w’'&-]*\s+|of\s+|the\s+|for\s+|and\s+){{0,5}}[{_UP}][\w’'-]+)"
)
_AND = re.compile(r"\s*,?\s+(?:and|&|with)\s+|\s*,\s+")
_ET_AL = re.compile(r"\s*,?\s+(?:et\s+al\.?|and\s+others)")
# after the names: how a note goes on to the title
_DELIMITER = re.compile(r"\s*(?:[,:]|\.(?=\s)|(?=\s*[‘“\"'«*_]))")
_EDITOR = re.compile(
    r"\s*(?:\((?:eds?|ed\.|editors?|trans\.?|comp\.?|coord\.?)\.?\)|,\s*(?:eds?\.?|editors?)(?=[,\s:]))"
)
_DATED = re.compile(rf"\s*,\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\b\.?\s*\d")
_TITLE_WORDS = word_set(
    """
    History Short Study Note Notes Critique Contribution Letter Letters Reply Manifesto
    Guide Survey Life Century World Theory Programme Report Question Civil Crisis
    """
)


def _given_ok(given: str) -> bool:
    first = re.split(r"[\s.]", given.strip(), maxsplit=1)[0]
    return first not in NOT_GIVEN


def _organisation(head: str) -> tuple[Name, int] | None:
    match = _ORGANISATION.match(head)
    if not match:
        return None
    words = match.group(1).split()
    if words[0] in NOT_GIVEN or not any(w in ORGANISATION_WORDS for w in words):
        return None
    end = match.end()
    if not _DELIMITER.match(head, end):
        return None
    literal = match.group(1)
    return Name(literal=literal, family=literal), end


def _one_name(
    head: str, pos: int, *, terse_ok: bool, full_ok: bool = True
) -> tuple[Name, int, bool] | None:
    """A name at ``pos``: (name, end, delimited). Initials may run straight into
    the title (press style); a full given name must be followed by a delimiter."""
    match = _INITIALS_NAME.match(head, pos)
    if match and match.group(2).split()[-1] not in _TITLE_WORDS | NOT_GIVEN:
        given = re.sub(r"\s+", " ", match.group(1)).strip()
        end = match.end()
        family = match.group(2)
        longer = _SECOND_FAMILY.match(head, end)  # "E. Meiksins Wood,"
        if longer and head[longer.end() : longer.end() + 1] == ",":
            family = f"{family} {longer.group(1)}"
            end = longer.end()
        end = _after_suffix(head, end)
        delimited = bool(_DELIMITER.match(head, end))
        if delimited or terse_ok:
            return Name(head[match.start() : end], family, given), end, delimited
    if not full_ok:
        return None
    # full names: the shortest one followed by a delimiter or "and"
    for end in _word_ends(head, pos, 5):
        piece = head[pos:end]
        full = _FULL_NAME.fullmatch(piece)
        if full is None or not _given_ok(full.group(1)):
            continue
        end = _after_suffix(head, end)
        if _DELIMITER.match(head, end) or _AND.match(head, end) or _ET_AL.match(head, end):
            if full.group(2) in NOT_GIVEN or full.group(2).split()[-1] in ORGANISATION_WORDS:
                return None
            return Name(head[pos:end], full.group(2), full.group(1)), end, True
    return None


def _after_suffix(head: str, end: int) -> int:
    suffix = _SUFFIX.match(head, end)
    return suffix.end() if suffix else end


def _word_ends(head: str, pos: int, count: int) -> list[int]:
    ends = []
    for match in re.finditer(r"[^\s,:;()‘“\"]+", head[pos : pos + 120]):
        ends.append(pos + match.end())
        if len(ends) >= count:
            break
    return ends


def read_authors(head: str, *, short_ok: bool = True) -> tuple[tuple[Name, ...], int]:
    """The names ``head`` starts with, and where they end (after any "(ed.)")."""
    org = _organisation(head)
    if org:
        return (org[0],), _after_editor(head, org[1])
    surname_first = _SURNAME_FIRST.match(head)
    if (
        surname_first
        and _given_ok(surname_first.group(1))
        and _given_ok(surname_first.group(2))  # not "Times, Oct. 12th"
    ):
        given = surname_first.group(2).strip()
        family = surname_first.group(1)
        end = surname_first.end()
        if end < len(head):
            literal = f"{given} {family}"
            given = given[:-1] if re.search(r"[a-z]{2}\.$", given) else given
            return (Name(literal, family, given),), end
    names: list[Name] = []
    seps: list[str] = []
    pos = 0
    end = 0
    initials_only = False
    while True:
        found = _one_name(head, pos, terse_ok=True, full_ok=not initials_only)
        if found is None:
            break
        name, end, _ = found
        if not names and name.given and _INITIALS_NAME.match(name.literal):
            initials_only = True  # "N. Poulantzas, T. O'Hagan": never "Political Power"
        names.append(name)
        pos = end
        sep = _AND.match(head, pos)
        if sep is None:
            break
        seps.append("and" if "," not in sep.group(0) or re.search(r"and|&", sep.group(0)) else ",")
        pos_after = sep.end()
        if seps[-1] == "," and not _more_names_follow(head, pos_after):
            seps.pop()
            break
        pos = pos_after
    if not names and short_ok:
        return _family_only(head)
    if not names:
        return (), 0
    et_al = _ET_AL.match(head, end)
    if et_al:
        end = et_al.end()
    return tuple(names), _after_editor(head, end)


def _more_names_follow(head: str, pos: int) -> bool:
    """After "A, ": is there a "B and C" or "B, C and D" list (not a title)?"""
    probe = pos
    for _ in range(4):
        found = _one_name(head, probe, terse_ok=True, full_ok=False)
        if found is None:
            return False
        sep = _AND.match(head, found[1])
        if sep is None:
            return False
        if re.search(r"and|&", sep.group(0)):
            return True
        probe = sep.end()
    return False


def _after_editor(head: str, end: int) -> int:
    editor = _EDITOR.match(head, end)
    return editor.end() if editor else end


def _family_only(head: str) -> tuple[tuple[Name, ...], int]:
    """ "Thompson, Making, 45" and "Collins and Abramsky, loc. cit.": surnames
    alone, followed by a comma (never a newspaper followed by its date)."""
    names: list[Name] = []
    pos = 0
    while True:
        match = _FAMILY_ONLY.match(head, pos)
        if not match or match.group(1) in NOT_GIVEN or match.group(1) in PARTICLES:
            break
        names.append(Name(match.group(1), match.group(1)))
        pos = match.end()
        sep = re.compile(r"\s+(?:and|&)\s+").match(head, pos)
        if sep is None:
            break
        pos = sep.end()
    if not names or not re.match(r"\s*,\s*(?![\d(]|(?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d)", head[pos:]):
        return (), 0
    if _DATED.match(head, pos):  # "Times, Oct. 12th, 1843": a paper and its date
        return (), 0
    if any(n.family.split()[-1] in ORGANISATION_WORDS for n in names):
        return (), 0
    return tuple(names), pos
