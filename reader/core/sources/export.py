"""Works cited, as Zotero imports them: CSL-JSON and BibTeX.

Both carry, in the ``note`` field, every place that cites the work (text,
paragraph, note, page), so an imported item says where the user met it.
Paragraphs are numbered from 1, as every command shows them to people.

CSL-JSON follows the CSL input schema (``tests/fixtures/csl``); BibTeX is
written here (a few lines; no library writes it better for us) and read back
with ``bibtexparser`` in the tests. Field values are escaped for LaTeX, so a
brace, ``%`` or ``&`` in a title cannot break the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from reader.core.sources.model import Citation, Name, Place, Work

_CSL_TYPES = {
    "book": "book",
    "article": "article-journal",
    "chapter": "chapter",
    "web page": "webpage",
    "archive": "manuscript",
    "interview": "interview",
}
_BIBTEX_TYPES = {
    "book": "book",
    "article": "article",
    "chapter": "incollection",
    "web page": "misc",
    "archive": "unpublished",
    "interview": "misc",
}
_NEWSPAPER = re.compile(
    r"\b(?:Times|Worker|Guardian|Post|Herald|Tribune|Gazette|Observer|Telegraph|Daily|Weekly|"
    r"News|Zeitung|Monde|Pravda|Izvestia|Humanité|Cri|Socialist|Militant|Star|Express|Mirror)\b"
)


def place_line(
    place: Place, titles: Mapping[str, str] | None = None, *, with_text: bool = True
) -> str:
    """ "Title ¶9, note 2, p. 233": one place, for people (paragraphs from 1)."""
    parts = []
    if with_text:
        parts.append((titles or {}).get(place.text) or place.text)
    if place.paragraph is not None:
        parts.append(f"¶{place.paragraph + 1}")
    parts = [" ".join(parts)] if parts else []
    parts.append(f"note {place.note}")
    if place.locator:
        # "vol. i, p. 258" and "l. iii, p. 12" say their own units
        named = re.match(r"[a-z]{1,5}\.|[ivxlc]+[.,]\s", place.locator)
        parts.append(place.locator if named else f"p. {place.locator}")
    return ", ".join(parts)


def cited_note(work: Work, titles: Mapping[str, str] | None = None) -> str:
    return "Cited in: " + "; ".join(place_line(p, titles) for p in work.places)


def text_note(text_id: str) -> str:
    """What marks a text's own entry (its key is the one ``y`` copies)."""
    return f"The text itself: {text_id} in your reader library"


def with_texts(texts: Mapping[str, Work], works: Sequence[Work]) -> list[Work]:
    """The texts' own entries (by text id) first, then the works they cite; a
    cited work whose key a text already has takes the next free letter, as
    the text's key is the one pasted citations use."""
    own = {w.id: w for w in texts.values()}  # two texts one key: one entry, as pasted
    taken = set(own)
    out = list(own.values())
    for work in works:
        key, n = work.id, 0
        while key in taken:
            n += 1
            key = f"{work.id}{_letter(n)}"
        taken.add(key)
        out.append(work if key == work.id else replace(work, id=key))
    return out


def _letter(n: int) -> str:
    """``a`` … ``z``, ``aa`` …: as works.suffix (not imported: it would load the
    citation reader into every ``reader sources``)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters


def _note(work: Work, titles: Mapping[str, str] | None, texts: Mapping[str, str]) -> str | None:
    if work.id in texts:
        return text_note(texts[work.id])
    return cited_note(work, titles) if work.places else None


# -- CSL-JSON --------------------------------------------------------------------


def _csl_name(name: Name) -> dict[str, str]:
    if name.given is None and " " in name.family:
        return {"literal": name.family}  # an organisation
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    return out


def csl_item(
    work: Work, titles: Mapping[str, str] | None = None, texts: Mapping[str, str] | None = None
) -> dict[str, Any]:
    c = work.citation
    kind = _CSL_TYPES[c.kind]
    if c.kind == "article" and c.container and _NEWSPAPER.search(c.container):
        kind = "article-newspaper"
    item: dict[str, Any] = {"id": work.id, "type": kind}
    if c.authors:  # for an interview, the person interviewed, as Zotero has it
        item["author"] = [_csl_name(a) for a in c.authors]
    fields = {
        "title": c.title,
        "volume": c.volume,
        "publisher": c.publisher,
        "URL": c.url,
    }
    if c.kind == "archive":
        fields["archive"] = c.container
        fields["archive-place"] = c.place
    else:
        fields["container-title"] = c.container
        fields["publisher-place"] = c.place
    item.update({k: v for k, v in fields.items() if v})
    if c.year is not None:
        item["issued"] = {"date-parts": [[c.year]]}
    if note := _note(work, titles, texts or {}):
        item["note"] = note
    return item


def to_csl_json(
    works: Sequence[Work],
    titles: Mapping[str, str] | None = None,
    texts: Mapping[str, Work] | None = None,
) -> str:
    """The works as a CSL-JSON array (Zotero: File → Import; Pandoc: ``--bibliography``);
    ``texts`` (by text id) come first, marked as the texts themselves."""
    own = {w.id: text_id for text_id, w in (texts or {}).items()}
    items = [csl_item(w, titles, own) for w in with_texts(texts or {}, works)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- BibTeX ------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile(r"[\\{}&%$#_~^]")


def latex(text: str) -> str:
    """``text`` safe inside a braced BibTeX value."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], " ".join(text.split()))


def _url(url: str) -> str:
    # a URL goes out as written (Zotero and \url read it so), braces and
    # spaces percent-encoded so the value stays one balanced group
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20").replace("\\", "%5C")


def _bibtex_name(name: Name) -> str:
    if name.given is None and " " in name.family:
        return "{" + latex(name.family) + "}"  # an organisation, kept whole
    if name.given:
        return f"{latex(name.family)}, {latex(name.given)}"
    return latex(name.family)


def bibtex_entry(
    work: Work, titles: Mapping[str, str] | None = None, texts: Mapping[str, str] | None = None
) -> str:
    c = work.citation
    kind = _BIBTEX_TYPES[c.kind]
    fields: list[tuple[str, str]] = []
    if c.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in c.authors)))
    if c.title:
        fields.append(("title", latex(c.title)))
    if c.container:
        container_field = {"article": "journal", "chapter": "booktitle"}.get(c.kind)
        fields.append((container_field or "howpublished", latex(c.container)))
    for name, value in (
        ("volume", c.volume),
        ("address", c.place),
        ("publisher", c.publisher),
        ("year", None if c.year is None else str(c.year)),
    ):
        if value:
            fields.append((name, latex(value)))
    if c.url:
        fields.append(("url", _url(c.url)))
    if note := _note(work, titles, texts or {}):
        fields.append(("note", latex(note)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{work.id},\n{body}}}\n"


def to_bibtex(
    works: Sequence[Work],
    titles: Mapping[str, str] | None = None,
    texts: Mapping[str, Work] | None = None,
) -> str:
    """The works as BibTeX entries (Zotero: File → Import); ``texts`` (by text
    id) come first, marked as the texts themselves."""
    own = {w.id: text_id for text_id, w in (texts or {}).items()}
    return "\n".join(bibtex_entry(w, titles, own) for w in with_texts(texts or {}, works))


def summary(citation: Citation) -> str:
    """ "K Marx, The civil war in France (1974)": a work in one line, for people."""
    who = " and ".join(a.literal for a in citation.authors[:3])
    if len(citation.authors) > 3:
        who += " et al."
    what = citation.title or citation.container or citation.url
    if what is None:
        line = who or "(a work the note does not name)"
    else:
        line = f"{who}, {what}" if who else what
    if citation.container and citation.title:
        line += f", in {citation.container}"
    if citation.year is not None:
        line += f" ({citation.year})"
    return line
