"""Timings for notes: saves, loads, re-anchoring and export on a large text.

Run: ``.venv/bin/python tests/bench/bench_notes.py`` (prints one line per figure).
The article is made up here from a small vocabulary: 100,000 words, 1,000
paragraphs, 200 notes.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.core.library import Library
from reader.core.notes import NoteStore
from reader.core.notes.driver import merge_three
from reader.core.notes.export import gather, to_markdown
from reader.core.notes.model import utc_now
from reader.core.notes.w3c import to_w3c
from reader.core.parse import parse_text

VOCAB = (
    "council",
    "clerk",
    "minutes",
    "river",
    "town",
    "mayor",
    "motion",
    "archive",
    "record",
    "vote",
    "bridge",
    "ferry",
    "tariff",
    "county",
    "assembly",
    "treasurer",
    "winter",
    "harvest",
    "market",
    "guild",
    "charter",
    "petition",
    "strike",
    "wage",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
)
T = TypeVar("T")


def article_source(rng: random.Random, paragraphs: int = 1000, words: int = 100) -> str:
    out = ["+++", 'title = "Bench"', "+++", ""]
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(VOCAB) for _ in range(words)) + ".")
        out.append("")
    return "\n".join(out)


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> T:
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    per = (time.perf_counter() - start) / repeat
    print(f"{label}: {per * 1000:.1f} ms")
    return result


def main() -> int:
    rng = random.Random(1871)
    source = article_source(rng)
    root = Path(tempfile.mkdtemp())
    library = Library(root)
    library.texts_dir.mkdir(parents=True)
    (library.texts_dir / "bench.md").write_text(source, encoding="utf-8")
    article = parse_text(source, text_id="bench")
    plain = article.plain_text
    store = NoteStore(library, "bench")
    spots = sorted(rng.sample(range(len(plain) - 100), 200))
    for s in spots:
        store.add(article, s, s + 60, note="a note", tags=["bench"])
    print(f"text: {len(plain.split())} words, {len(plain)} characters, 200 notes")
    timed("add one note (open store, 200 notes)", lambda: store.add(article, 5, 40), 10)
    timed(
        "add one note (fresh store, 200 notes)",
        lambda: NoteStore(library, "bench").add(article, 5, 40),
        3,
    )
    timed("load 200+ notes", lambda: NoteStore(library, "bench").load(), 5)

    shifted = parse_text(
        source.replace("+++\n\n", "+++\n\nA new opening paragraph.\n\n", 1), text_id="bench"
    )
    fresh = NoteStore(library, "bench")
    fresh.load()
    report = timed(
        "re-anchor after an insertion at the start (all exact)", lambda: fresh.reanchor(shifted)
    )
    print(
        f"  moved {len(report.moved)}, reworded {len(report.reworded)}, "
        f"orphaned {len(report.orphaned)}"
    )

    # Change one word inside 20 of the quotes: those go through the fuzzy search.
    changed = shifted.plain_text
    for a in fresh.annotations[:20]:
        q = a.quote.exact
        changed = changed.replace(q, q[:20] + "XYZ" + q[23:], 1)
    edited = parse_text(changed, text_id="bench")
    fresh2 = NoteStore(library, "bench")
    fresh2.load()
    report = timed("re-anchor with 20 quotes edited inside", lambda: fresh2.reanchor(edited))
    print(
        f"  moved {len(report.moved)}, reworded {len(report.reworded)}, "
        f"orphaned {len(report.orphaned)}"
    )
    groups = gather(library)
    timed("export markdown (200 notes)", lambda: to_markdown(groups, now=utc_now()))
    timed("export w3c (200 notes)", lambda: to_w3c(groups))

    # Two machines from one base: 20 notes edited on each (5 of them on both),
    # 10 added on each, 10 deleted on one; merged as git's merge driver would.
    base = root / "base.toml"
    base.write_bytes(fresh2.path.read_bytes())
    sides = []
    for name, edit in (("ours", range(0, 20)), ("theirs", range(15, 35))):
        copy = NoteStore(library, name)
        text = parse_text(changed, text_id=name)
        copy.path.write_bytes(base.read_bytes())
        copy.load()
        ids = [a.id for a in copy.annotations]
        for i in edit:
            copy.edit(ids[i], note=f"edited on {name}")
        for s in rng.sample(range(len(plain) - 100), 10):
            copy.add(text, s, s + 60, note=f"new on {name}")
        if name == "theirs":
            for ident in ids[100:110]:
                copy.delete(ident)
        sides.append(copy.path)
    merged = timed(
        "merge two copies by id (git's merge driver, 200+ notes each)",
        lambda: merge_three(base, sides[0], sides[1]),
    )
    print(f"  {len(merged.notes)} notes, {len(merged.conflicts)} conflicts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
