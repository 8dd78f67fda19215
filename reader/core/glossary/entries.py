"""Glossary entries and the glossary that holds them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.core.glossary.fold import key

if TYPE_CHECKING:
    from reader.core.glossary.match import Matcher

#: The kinds an entry may have, in the order ``reader glossary list`` groups them.
KINDS = ("person", "organisation", "movement", "place", "event", "publication", "work", "term")

Source = Literal["user", "text", "bundled"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary entry: who or what, when, in a sentence or three.

    ``source`` says which file it came from (the user's glossary, the text's
    front matter, or the bundled glossary); ``path`` and ``line`` say where.
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    dates: str = ""
    summary: str = ""
    see_also: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    source: Source = "bundled"
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    def to_table(self) -> dict[str, Any]:
        """The entry as a TOML table (the shape of ``[[entry]]``), empty fields left out."""
        table: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.aliases:
            table["aliases"] = list(self.aliases)
        if self.dates:
            table["dates"] = self.dates
        table["summary"] = self.summary
        if self.see_also:
            table["see_also"] = list(self.see_also)
        if self.links:
            table["links"] = list(self.links)
        return table

    def to_dict(self) -> dict[str, Any]:
        """The entry for ``--json`` output."""
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "dates": self.dates,
            "summary": self.summary,
            "see_also": list(self.see_also),
            "links": list(self.links),
            "source": self.source,
            "path": self.path,
            "line": self.line,
        }


class Glossary:
    """Entries by name, with an index from every name and alias to its entries.

    Entries keep the order they were given in; on a name clash (compared
    without case or accents) the first one given wins, so callers list the
    user's entries first. The matcher is compiled on first use and shared by
    every glossary holding the same entries.
    """

    def __init__(self, entries: Iterable[Entry] = (), *, user_path: Path | None = None) -> None:
        self._entries: dict[str, Entry] = {}
        self._by_key: dict[str, list[str]] = {}
        taken: set[str] = set()
        for entry in entries:
            k = key(entry.name)
            if k in taken:
                continue
            taken.add(k)
            self._entries[entry.name] = entry
        for entry in self._entries.values():
            for name in entry.names:
                names = self._by_key.setdefault(key(name), [])
                if entry.name not in names:
                    names.append(entry.name)
        self.user_path = user_path
        self._matcher: Matcher | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Glossary({len(self)} entries)"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries.values())

    def get(self, name: str) -> Entry | None:
        """The entry called exactly ``name``."""
        return self._entries.get(name)

    def lookup(self, name: str) -> list[Entry]:
        """Entries whose name or alias is ``name`` (ignoring case, accents,
        spaces and punctuation); several when an alias is shared."""
        return [self._entries[n] for n in self._by_key.get(key(name), ())]

    def recognise(self, name: str) -> list[Entry]:
        """:meth:`lookup`, else the entries the matcher finds as the whole of
        ``name`` (``K Marx``, ``A.H. Nimtz``, a bare surname). Compiles the
        matcher if needed."""
        found = self.lookup(name)
        if found:
            return found
        text = " ".join(name.split())
        names = [
            n
            for start, end, hit in self.matcher.scan(text)
            if (start, end) == (0, len(text))
            for n in hit
        ]
        return [self._entries[n] for n in dict.fromkeys(names)]

    def by_kind(self, kind: str) -> list[Entry]:
        return [e for e in self._entries.values() if e.kind == kind]

    @property
    def matcher(self) -> Matcher:
        """The compiled matcher for these entries (built once, then cached)."""
        if self._matcher is None:
            from reader.core.glossary.match import matcher_for

            self._matcher = matcher_for(self.entries)
        return self._matcher

    def with_entry(self, entry: Entry) -> Glossary:
        """A new glossary with ``entry`` first (so it wins a name clash)."""
        return Glossary([entry, *self._entries.values()], user_path=self.user_path)

    def add_user_entry(self, entry: Entry, path: Path | None = None) -> Glossary:
        """Append ``entry`` to the user's glossary file and return the new glossary.

        Writes atomically under a lock; refuses (with a :class:`ReaderError`)
        when the file does not parse, or already holds an entry of that name.
        """
        from reader.core.glossary.load import append_user_entry

        target = path if path is not None else self.user_path
        if target is None:
            raise ValueError("no user glossary path: pass path= or load with load_glossary()")
        written = append_user_entry(target, entry)
        return self.with_entry(written)
