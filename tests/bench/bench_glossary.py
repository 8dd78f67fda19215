"""How fast the glossary matcher scans a long article.

Generates, deterministically, a 30,000-word article and a glossary whose
names and aliases add up to 500 (people, organisations, lower-case terms),
then prints the median time of ``Matcher.find`` over the whole text, and of
``pane_items`` for one paragraph. Target: ≤ 10 ms for the scan, ≤ 1 ms for the
pane.

    .venv/bin/python tests/bench/bench_glossary.py [--words N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from reader.core.glossary import Entry, Glossary, annotate, pane_items
from reader.core.model import Article, Metadata, Paragraph

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "lu",
    "ne",
    "ta",
    "vo",
    "shi",
    "gor",
    "dan",
    "bel",
    "ux",
    "ter",
    "pol",
    "fra",
    "ard",
    "ens",
    "lev",
    "mar",
    "tin",
    "sko",
    "vel",
    "and",
    "rei",
    "nor",
    "bra",
    "chev",
    "kin",
    "ov",
    "ski",
    "mon",
    "ville",
    "ant",
]
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "he",
    "for",
    "it",
    "with",
    "as",
    "his",
    "on",
    "be",
    "at",
    "by",
    "had",
    "are",
    "from",
    "or",
    "this",
    "which",
    "but",
    "not",
    "have",
    "were",
    "they",
    "an",
    "their",
    "been",
    "has",
    "more",
    "what",
    "when",
    "who",
    "would",
    "there",
    "all",
    "so",
    "out",
    "up",
    "into",
    "than",
    "them",
    "could",
    "other",
    "its",
    "these",
    "some",
    "new",
    "one",
    "time",
    "people",
    "state",
    "workers",
    "government",
    "power",
    "class",
    "revolution",
    "party",
    "movement",
    "city",
    "war",
    "years",
]


def word(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(1, 3)))


def build(words: int, seed: int = 1871) -> tuple[Glossary, str, int]:
    rnd = random.Random(seed)
    entries: list[Entry] = []
    names: list[str] = []
    aliases = 0
    while aliases < 500:
        n = len(entries)
        if n % 5 == 4:  # a lower-case term with one alias
            name = " ".join(word(rnd) for _ in range(rnd.randint(1, 3)))
            entry = Entry(name, "term", (name + "s",))
        elif n % 5 == 3:  # an organisation with an acronym
            name = " ".join(word(rnd).capitalize() for _ in range(3))
            acronym = "".join(w[0] for w in name.split()).upper() + str(n)
            entry = Entry(name, "organisation", (acronym,))
        else:  # a person, with a second spelling
            first, last = word(rnd).capitalize(), word(rnd).capitalize()
            entry = Entry(f"{first} {last}", "person", (f"{first} {last}i",))
        entries.append(entry)
        names.extend(entry.names)
        aliases += len(entry.names)
    out: list[str] = []
    for i in range(words):
        r = rnd.random()
        if r < 0.02:
            choice = rnd.choice(names)
            out.extend(choice.split())
            if rnd.random() < 0.2:
                out[-1] += "\u2019s"
        elif r < 0.03:
            first, last = rnd.choice(names).split()[0], rnd.choice(names).split()[-1]
            out.append(f"{first[0]}. {last}")
        elif r < 0.08:
            out.append(word(rnd).capitalize())
        elif r < 0.65:
            out.append(rnd.choice(COMMON))
        else:
            out.append(word(rnd))
        if i % 17 == 16:
            out[-1] += "."
        if i % 150 == 149:
            out[-1] += "\n\n"
    text = " ".join(out).replace("\n\n ", "\n\n")
    return Glossary(entries), text, aliases


def timings_ms(fn: object, runs: int) -> tuple[float, float]:
    """(median, best) of ``runs`` calls, in milliseconds. The best run shows
    the cost on a quiet machine; the median what a busy one gives."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, min(times) * 1000


def median_ms(fn: object, runs: int) -> float:
    return timings_ms(fn, runs)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    glossary, text, aliases = build(args.words)
    t = time.perf_counter()
    matcher = glossary.matcher
    compile_ms = (time.perf_counter() - t) * 1000
    mentions = matcher.find(text)
    scan_ms, scan_best = timings_ms(lambda: matcher.find(text), args.runs)

    blocks = text.split("\n\n")
    paragraphs, start = [], 0
    for i, block in enumerate(blocks):
        paragraphs.append(Paragraph(index=i, text=block, start=start))
        start += len(block) + 2
    article = Article("bench", Metadata("bench"), paragraphs, [], [], [], [])
    annotate_ms = median_ms(lambda: annotate(article, glossary), max(3, args.runs // 3))
    middle = len(paragraphs) // 2
    pane_ms = median_ms(lambda: pane_items(article, middle, glossary), args.runs * 10)

    print(f"article: {len(text.split()):,} words, {len(text):,} characters")
    print(
        f"glossary: {len(glossary)} entries, {aliases} names and aliases, "
        f"{len(matcher.forms)} forms; compiled in {compile_ms:.0f} ms"
    )
    print(
        f"Matcher.find: {scan_ms:.2f} ms median of {args.runs}, best {scan_best:.2f} ms "
        f"({len(mentions)} mentions)"
    )
    print(f"annotate (whole article, {len(paragraphs)} paragraphs): {annotate_ms:.2f} ms")
    print(f"pane_items (one paragraph): {pane_ms * 1000:.1f} µs")


if __name__ == "__main__":
    main()
