"""Notes under load: a hypothesis state machine adds, edits and deletes notes,
edits the text under them (words inserted or deleted before, inside and after
their passages), re-anchors, re-indexes and "crashes" (the store is thrown away
and read again from disk), and checks after every step that

- the notes file on disk parses as TOML,
- every note added and not deleted is there (anchored or orphan), with its words,
- no anchored note points at text that differs from its quote,
- after a sync, the index's notes are exactly the file's notes.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reader.core.library import Library
from reader.core.model import Article
from reader.core.notes import NoteStore
from reader.core.parse import parse_file
from reader.core.search import store as index_store
from reader.core.search.sync import sync

TEXT_ID = "ledger"
TITLE = "The Ledger of the Harbour Board"
VOCABULARY = (
    "harbour",
    "ledger",
    "strike",
    "council",
    "bread",
    "railway",
    "union",
    "tariff",
    "famine",
    "congress",
    "barricade",
    "docker",
    "clerk",
    "printer",
    "weaver",
    "miner",
    "sailor",
    "baker",
    "market",
    "wages",
    "hours",
    "meeting",
    "paper",
    "committee",
    "delegate",
    "vote",
    "motion",
    "debate",
    "quay",
    "warehouse",
    "cargo",
    "steam",
)
NOTE_WORDS = st.text(alphabet=st.sampled_from(list("abc xyz [/]*\"'\n-#é\u202e")), max_size=30)


def _body(seed: int, paragraphs: int = 5, words: int = 30) -> str:
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."
        for _ in range(paragraphs)
    )


def _word_starts(plain: str) -> list[int]:
    return [i for i, c in enumerate(plain) if c not in " \n" and (i == 0 or plain[i - 1] in " \n")]


class NotesUnderLoad(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="notes-machine-"))
        self.library = Library(self.tmp)
        self.library.texts_dir.mkdir()
        self.path = self.library.texts_dir / f"{TEXT_ID}.txt"
        self.plain = _body(0)
        self._write_text()
        self.store = NoteStore(self.library, TEXT_ID)
        self.store.load()
        self.expected: dict[str, str] = {}  # id -> the note's words
        self.synced = False

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------

    def _write_text(self) -> None:
        self.path.write_text(f"{TITLE}\n\n{self.plain}\n", encoding="utf-8")
        self.article: Article = parse_file(self.path)
        # The model edits plain text directly; the parser must give it back unchanged.
        assert self.article.plain_text == self.plain

    def _anchored(self) -> list[tuple[str, int, int]]:
        return [(a.id, a.start, a.end) for a in self.store.annotations if not a.is_orphan]

    # -- rules ------------------------------------------------------------------

    @rule(first=st.integers(0, 10_000), length=st.integers(1, 6), words=NOTE_WORDS)
    def add(self, first: int, length: int, words: str) -> None:
        starts = _word_starts(self.plain)
        i = first % len(starts)
        start = starts[i]
        end = starts[min(i + length, len(starts)) - 1]
        while end < len(self.plain) and self.plain[end] not in " \n":
            end += 1
        note = self.store.add(self.article, start, end, note=words)
        self.expected[note.id] = note.note

    @precondition(lambda self: bool(self.expected))
    @rule(pick=st.integers(0, 10_000), words=NOTE_WORDS)
    def edit(self, pick: int, words: str) -> None:
        ident = sorted(self.expected)[pick % len(self.expected)]
        self.expected[ident] = self.store.edit(ident, note=words).note

    @precondition(lambda self: bool(self.expected))
    @rule(pick=st.integers(0, 10_000))
    def delete(self, pick: int) -> None:
        ident = sorted(self.expected)[pick % len(self.expected)]
        self.store.delete(ident)
        del self.expected[ident]

    @rule(
        pick=st.integers(0, 10_000),
        where=st.sampled_from(["before", "inside", "after", "anywhere"]),
        insert=st.booleans(),
        word=st.sampled_from(VOCABULARY),
    )
    def edit_the_text(self, pick: int, where: str, insert: bool, word: str) -> None:
        """Insert or delete a word near a note's passage, then re-anchor (as the app
        does when it opens a text that changed)."""
        starts = _word_starts(self.plain)
        anchored = self._anchored()
        if anchored and where != "anywhere":
            _, start, end = anchored[pick % len(anchored)]
            inside = [s for s in starts if start <= s < end]
            candidates = {
                "before": [s for s in starts if s < start][-2:],
                "inside": inside,
                "after": [s for s in starts if s >= end][:2],
            }[where] or starts
        else:
            candidates = starts
        at = candidates[pick % len(candidates)]
        if insert:
            self.plain = f"{self.plain[:at]}{word} {self.plain[at:]}"
        else:
            stop = at
            while stop < len(self.plain) and self.plain[stop] not in " \n":
                stop += 1
            paragraph_words = self.plain[:stop].rsplit("\n\n", 1)[-1].count(" ")
            if self.plain[stop : stop + 1] != " " or paragraph_words < 5:
                return  # keep every paragraph a few words long, ending in its full stop
            self.plain = self.plain[:at] + self.plain[stop + 1 :]
        self._write_text()
        self.store.reanchor(self.article)

    @rule()
    def reanchor(self) -> None:
        self.store.reanchor(self.article)

    @rule()
    def crash(self) -> None:
        """The process dies: nothing survives but what is on disk."""
        self.store = NoteStore(self.library, TEXT_ID)
        self.store.load()
        self.store.reanchor(parse_file(self.path))

    @rule()
    def reindex(self) -> None:
        sync(self.library)
        ix = index_store.open_index(self.library.index_dir)
        with ix.searcher() as s:
            metas = [f["meta"] for f in s.all_stored_fields()]
        indexed = sorted(m["key"].rsplit(":", 1)[-1] for m in metas if m["kind"] == "note")
        assert indexed == sorted(self.expected)
        self.synced = True

    # -- invariants -------------------------------------------------------------

    @invariant()
    def the_file_parses_and_holds_every_note(self) -> None:
        notes_file = self.library.notes_file(TEXT_ID)
        if not notes_file.exists():
            assert not self.expected
            return
        data = tomllib.loads(notes_file.read_text(encoding="utf-8"))
        on_disk = {t["id"]: t.get("note", "") for t in data.get("annotation", [])}
        assert on_disk == self.expected

    @invariant()
    def anchored_notes_point_at_their_quote(self) -> None:
        for a in NoteStore(self.library, TEXT_ID).load():
            if a.is_orphan:
                continue
            # A passage whose words changed is "changed": quote keeps the words as
            # highlighted, passage (current) is what the text reads there now.
            assert self.plain[a.start : a.end] == a.passage.exact, a
            assert (a.status == "changed") == (a.passage.exact != a.quote.exact), a


NotesUnderLoad.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_notes_under_load = NotesUnderLoad.TestCase
