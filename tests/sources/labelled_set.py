"""The labelled citing notes in ``labelled/*.txt`` and how reader is scored on them.

Each ``# text:`` block becomes a small article (a paragraph per note, a Notes
section) parsed by reader itself, so Ibid. and op. cit. go through the real
resolver. Scores are field-level precision and recall over (note, work) pairs:
family names (each name counts), title, year and locator; and how many
citations land in exactly the right work, across every text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.model import Article
from reader.core.parse import parse_text
from reader.core.sources import Citation, cited_in, group, read_notes

HERE = Path(__file__).resolve().parent / "labelled"
HELD_OUT = Path(__file__).resolve().parent / "heldout"


@dataclass
class Expected:
    work: str
    kind: str | None = None
    families: tuple[str, ...] = ()
    title: str | None = None
    year: int | None = None
    locator: str | None = None


@dataclass
class LabelledNote:
    label: str
    text: str
    works: list[Expected] = field(default_factory=list)
    gloss: bool = False


@dataclass
class LabelledText:
    id: str
    notes: list[LabelledNote] = field(default_factory=list)

    def source(self) -> str:
        body = [f"Labelled text {self.id}", ""]
        for note in self.notes:
            body += [f"Paragraph {note.label} makes a point and cites a note.[{note.label}]", ""]
        body += ["Notes", ""]
        body += [f"[{note.label}] {note.text}" for note in self.notes]
        return "\n".join(body) + "\n"

    def article(self) -> Article:
        return parse_text(self.source(), text_id=self.id)


def load(folder: Path = HERE) -> list[LabelledText]:
    texts: list[LabelledText] = []
    defined: dict[str, Expected] = {}
    for path in sorted(folder.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line.startswith("# text:"):
                texts.append(LabelledText(line.split()[2]))
            elif not line or line.startswith("#"):
                continue
            elif line.startswith("["):
                label, text = re.match(r"\[(\w+)\]\s*(.*)", line).groups()  # type: ignore[union-attr]
                texts[-1].notes.append(LabelledNote(label, text))
            elif line.startswith("="):
                _expect(texts[-1].notes[-1], line[1:].strip(), defined)
            else:
                raise ValueError(f"{path.name}: cannot read {raw!r}")
    return texts


def _expect(note: LabelledNote, spec: str, defined: dict[str, Expected]) -> None:
    if spec == "gloss":
        note.gloss = True
        return
    if spec == "none":
        return
    if "@" in spec:
        work, _, locator = (s.strip() for s in spec.partition("@"))
        base = defined[work]
        note.works.append(
            Expected(work, base.kind, base.families, base.title, base.year, locator or None)
        )
        return
    work, kind, families, title, year, locator = (s.strip() for s in spec.split("|"))
    expected = Expected(
        work,
        kind or None,
        tuple(f for f in families.split(";") if f),
        title or None,
        int(year) if year else None,
        locator or None,
    )
    defined[work] = expected
    note.works.append(expected)


# -- scoring -------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[*_\"'‘’“”«»„,.:;?!]", " ", text).split())


def family(name: str) -> str:
    words = fold(name).split()
    return words[-1] if words else ""


def page(locator: str) -> str:
    return re.sub(r"[–—]", "-", locator).replace(" ", "")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: object, found: object) -> None:
        if expected is not None and found == expected:
            self.tp += 1
            return
        if found is not None:
            self.fp += 1
        if expected is not None:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    fields: dict[str, Counts]
    kinds_right: int
    citations: int
    notes: int
    glosses_right: int
    glosses: int
    grouped_right: int
    grouped: int
    failures: list[str]


def _pair(
    expected: list[Expected], found: tuple[Citation, ...]
) -> list[tuple[Expected | None, Citation | None]]:
    pairs: list[tuple[Expected | None, Citation | None]] = []
    for i in range(max(len(expected), len(found))):
        pairs.append(
            (expected[i] if i < len(expected) else None, found[i] if i < len(found) else None)
        )
    return pairs


def score(texts: list[LabelledText] | None = None) -> Score:
    texts = texts if texts is not None else load()
    fields = {name: Counts() for name in ("families", "title", "year", "locator")}
    kinds_right = citations = notes = glosses_right = glosses = 0
    failures: list[str] = []
    expected_work: dict[tuple[str, str, int], str] = {}
    cited = []
    for text in texts:
        article = text.article()
        readings = {r.label: r for r in read_notes(article)}
        for note in text.notes:
            notes += 1
            reading = readings[note.label]
            if note.gloss:
                glosses += 1
                glosses_right += reading.gloss and not reading.citations
                if reading.citations:
                    failures.append(f"{text.id} [{note.label}] gloss read as a citation")
                continue
            for i, (want, got) in enumerate(_pair(note.works, reading.citations)):
                if want is not None:
                    citations += 1
                    expected_work[(text.id, note.label, i)] = want.work
                _score_pair(fields, want, got, f"{text.id} [{note.label}]", failures)
                if want is not None and got is not None and want.kind == got.kind:
                    kinds_right += 1
        cited.extend(cited_in(article))
    grouped_right, grouped = _grouping(cited, expected_work, failures)
    return Score(
        fields,
        kinds_right,
        citations,
        notes,
        glosses_right,
        glosses,
        grouped_right,
        grouped,
        failures,
    )


def _score_pair(
    fields: dict[str, Counts],
    want: Expected | None,
    got: Citation | None,
    where: str,
    failures: list[str],
) -> None:
    want_families = [family(f) for f in want.families] if want else []
    got_families = [family(a.family) for a in got.authors] if got else []
    spare = list(got_families)
    for name in want_families:
        if name in spare:
            spare.remove(name)
            fields["families"].tp += 1
        else:
            fields["families"].fn += 1
    fields["families"].fp += len(spare)
    values = {
        "title": (
            fold(want.title) if want and want.title else None,
            fold(got.title) if got and got.title else None,
        ),
        "year": (want.year if want else None, got.year if got else None),
        "locator": (
            page(want.locator) if want and want.locator else None,
            page(got.locator) if got and got.locator else None,
        ),
    }
    wrong = (
        []
        if want_families == got_families or sorted(want_families) == sorted(got_families)
        else [("families", want_families, got_families)]
    )
    for name, (expected, found) in values.items():
        fields[name].add(expected, found)
        if expected != found:
            wrong.append((name, expected, found))
    for name, expected, found in wrong:
        failures.append(f"{where} {name}: expected {expected!r}, read {found!r}")


def _grouping(
    cited: list[tuple[Citation, object]],
    expected_work: dict[tuple[str, str, int], str],
    wrong: list[str],
) -> tuple[int, int]:
    """Citations whose work holds exactly the places it should, across texts."""
    from reader.core.sources import Place

    index_in_note: dict[tuple[str, str], int] = {}
    keyed: list[tuple[Citation, Place]] = []
    place_key: dict[int, tuple[str, str, int]] = {}
    for citation, place in cited:
        assert isinstance(place, Place)
        slot = (place.text, place.note)
        i = index_in_note.get(slot, 0)
        index_in_note[slot] = i + 1
        tagged = Place(place.text, f"{place.note}#{i}", place.paragraph, place.locator)
        keyed.append((citation, tagged))
        place_key[id(tagged)] = (place.text, place.note, i)
    works = group(keyed)
    expected_sets: dict[str, set[tuple[str, str, int]]] = {}
    for key, work in expected_work.items():
        expected_sets.setdefault(work, set()).add(key)
    right = 0
    for work in works:
        found = {place_key[id(p)] for p in work.places}
        for key in found:
            want = expected_work.get(key)
            if want is not None and expected_sets[want] == found:
                right += 1
            elif want is not None:
                wrong.append(f"{key[0]} [{key[1]}] grouped with {sorted(found - {key})}")
    return right, len(expected_work)
