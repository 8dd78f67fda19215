"""The command palette's entries: the active screen's commands, from the one list."""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.tui.commands import Command, commands_for


class ReaderCommands(Provider):
    """The command palette entries of the active screen, from the same list."""

    def _commands(self) -> Iterator[Command]:
        kind = getattr(self.screen, "SCREEN_KIND", None)
        if kind is None:
            return
        for command in commands_for(kind):
            if command.palette:
                yield command

    def _runner(self, command: Command) -> partial[Coroutine[Any, Any, None]]:
        return partial(self.screen.run_action, command.id)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                f"{command.name} ({command.key_text})",
                self._runner(command),
                help=command.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            label = f"{command.name} ({command.key_text})"
            score = matcher.match(f"{command.name} {command.help}")
            if score > 0:
                yield Hit(score, matcher.highlight(label), self._runner(command), help=command.help)
