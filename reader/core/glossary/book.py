"""The glossary: entries by name and alias, the matcher compiled for them,
and the user's additions.

:func:`load_glossary` reads the three sources (:mod:`.load`) into a
:class:`Glossary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.glossary.entries import Entry
from reader.core.glossary.fold import key
from reader.core.glossary.load import append_user_entry, front_matter_entries, read_glossary_file
from reader.core.glossary.match import Matcher, matcher_for

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.model import Article


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
        target = path if path is not None else self.user_path
        if target is None:
            raise ValueError("no user glossary path: pass path= or load with load_glossary()")
        written = append_user_entry(target, entry)
        return self.with_entry(written)


def load_glossary(
    library: Library, article: Article | None = None
) -> tuple[Glossary, list[ReaderError]]:
    """The glossary for ``library`` (and ``article``'s own entries, if given).

    Never raises for a bad file: the problems come back as the second value,
    and every entry that could be read is kept.
    """
    problems: list[ReaderError] = []
    user = read_glossary_file(library.user_glossary, "user", problems)
    text: list[Entry] = []
    if article is not None:
        text = front_matter_entries(article, problems)
    bundled = read_glossary_file(library.our_glossary(), "bundled", problems)
    return Glossary([*user, *text, *bundled], user_path=library.user_glossary), problems
