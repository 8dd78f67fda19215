"""A deterministic long article for benchmarks: English-like words drawn from a
Zipf distribution, sentences, paragraphs, headings, footnote markers and a
notes section with citations, Ibid. and op. cit. (nothing here is real text)."""

from __future__ import annotations

import random

SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "tin",
    "sa",
    "ro",
    "vel",
    "dan",
    "qui",
    "pe",
    "mor",
    "es",
    "tra",
    "lin",
    "gor",
    "be",
    "nu",
    "sha",
    "vor",
    "ti",
    "al",
    "cre",
    "do",
    "fen",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def make_article(words: int = 100_000, notes: int = 1_000, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocab = vocabulary(8_000, rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    names = [w.capitalize() for w in vocab[:60]]
    out = [
        "Bench Weekly",
        "",
        "01.02.2003",
        "",
        "A long article for the benchmark",
        "",
        "What the figures say, writes Ada Bench",
        "",
    ]
    written = 0
    marker = 0
    per_note = max(1, words // max(1, notes))
    paragraph: list[str] = []
    while written < words:
        sentence = rng.choices(vocab, weights, k=rng.randint(8, 24))
        sentence[0] = sentence[0].capitalize()
        if rng.random() < 0.3:
            sentence.insert(rng.randint(1, len(sentence) - 1), rng.choice(names))
        text = " ".join(sentence) + "."
        written += len(sentence)
        if marker < notes and written // per_note > marker:
            marker += 1
            text += f"[{marker}]"
        paragraph.append(text)
        if len(paragraph) >= rng.randint(3, 7):
            out += [" ".join(paragraph), ""]
            paragraph = []
            if rng.random() < 0.05:
                out += [" ".join(rng.choices(vocab, k=3)).capitalize(), ""]
    if paragraph:
        out += [" ".join(paragraph), ""]
    out += ["Notes", ""]
    for n in range(1, marker + 1):
        roll = rng.random()
        author = rng.choice(names)
        if roll < 0.2 and n > 1:
            out.append(f"  {n}. Ibid.")
        elif roll < 0.3 and n > 1:
            out.append(f"  {n}. {author[0]} {author}, op cit p{rng.randint(1, 400)}.")
        else:
            title = " ".join(rng.choices(vocab, k=4)).capitalize()
            out.append(
                f"  {n}. {author[0]} {author} {title} London {rng.randint(1850, 2020)}, "
                f"p{rng.randint(1, 400)}."
            )
    return "\n".join(out) + "\n"


def make_book(words: int = 1_000_000, chapters: int = 40, seed: int = 11) -> str:
    """A book typed out as Project Gutenberg does: a header and licence around the
    work, chapters set apart by blank lines, ``[N]`` markers and ``[Footnote N: …]``
    blocks after their paragraphs, numbered again in each chapter."""
    rng = random.Random(seed)
    vocab = vocabulary(4_000, rng)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    out = [
        "The Project Gutenberg EBook of A Generated Book\n\nTitle: A Generated Book\n\n"
        "Author: Nobody At All\n\n*** START OF THIS PROJECT GUTENBERG EBOOK ***\n\n\n\n"
    ]
    per_chapter = words // chapters
    for c in range(1, chapters + 1):
        out.append(f"\n\n\nCHAPTER {c}.\n\n")
        written = 0
        note = 0
        while written < per_chapter:
            sentence_words = rng.choices(vocab, weights, k=rng.randint(60, 140))
            written += len(sentence_words)
            lines, line = [], []
            for i, w in enumerate(sentence_words):
                line.append(w.capitalize() if i == 0 else w)
                if sum(len(x) + 1 for x in line) > 68:
                    lines.append(" ".join(line))
                    line = []
            lines.append(" ".join(line) + ".")
            cited = rng.random() < 0.5
            if cited:
                note += 1
                lines[-1] += f" [{note}]"
            out.append("\n".join(lines) + "\n\n")
            if cited:
                gloss = " ".join(rng.choices(vocab, weights, k=rng.randint(8, 30)))
                out.append(f"[Footnote {note}: {gloss.capitalize()}, {1800 + note} p. {c}.]\n\n")
    out.append("\n\n\nEnd of the Project Gutenberg EBook of A Generated Book\n\n")
    out.append("*** END OF THIS PROJECT GUTENBERG EBOOK ***\n\nThe licence follows here.\n")
    return "".join(out)
