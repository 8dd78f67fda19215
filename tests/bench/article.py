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
