"""A glossary entry: who or what, when, in a sentence or three."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
    surname: bool = True
    """A person named by the surname alone ("Michel")? False where that surname
    names others more often than this person."""
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
        if not self.surname:
            table["surname"] = False
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
            "surname": self.surname,
            "source": self.source,
            "path": self.path,
            "line": self.line,
        }
