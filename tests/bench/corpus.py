"""A deterministic library for the search benchmark (nothing here is real text).

``make_library(root, articles, words)`` writes ``root/texts/NNNNN.md``: each a
Markdown article of about ``words`` words: a title, a byline in front matter,
a date, ``##`` headings every few paragraphs, paragraphs of sentences drawn
from an English-like Zipf vocabulary (real function words at the top ranks,
invented words below, a few with accents), ``[^n]`` footnote markers and a
notes section of invented citations with Ibid. and op. cit. The same
arguments always give the same bytes. Run ``python tests/bench/corpus.py DIR N``.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

# Our own list of frequent English function and common words (top Zipf ranks).
COMMON = """
the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they were had one been their has all would there she
more when who will no if out so said what up its about into than them can only
other new some could time these two may then do first any my now such like our
over man me even most made after also did many before must through back years
where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between
both life being under never day same another know while last might us great old
year off come since against go came right used take three party workers war
power class government movement political social revolution struggle labour
""".split()  # noqa: SIM905 - a word list reads best as prose

ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "br",
    "cr",
    "dr",
    "gr",
    "pr",
    "tr",
    "st",
    "sl",
    "pl",
    "ch",
    "sh",
    "th",
    "",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "é", "è", "ö"]
CODAS = ["", "n", "r", "s", "l", "t", "nd", "st", "rk", "m", "x", "ng"]
SUFFIXES = ["", "", "", "s", "ed", "ing", "ion", "ism", "ist", "er", "ly", "ment"]

VOCABULARY = 40_000
ZIPF_S = 1.05


def vocabulary(size: int = VOCABULARY, seed: int = 1871) -> list[str]:
    """``size`` distinct words, most frequent first."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        n = rng.choice((1, 1, 2, 2, 2, 3))
        stem = "".join(
            rng.choice(ONSETS)
            + (rng.choice(VOWELS) if rng.random() < 0.97 else "a")
            + rng.choice(CODAS)
            for _ in range(n)
        )
        # Accented vowels only in rarer words, as in names and loan words.
        if len(words) < 2_000:
            stem = stem.replace("é", "e").replace("è", "e").replace("ö", "o")
        word = stem + rng.choice(SUFFIXES)
        if 3 <= len(word) <= 16 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def cumulative_weights(size: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** ZIPF_S for rank in range(size)))


class Writer:
    def __init__(self, vocab: list[str]) -> None:
        self.vocab = vocab
        self.cum = cumulative_weights(len(vocab))

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def sentence(self, rng: random.Random) -> str:
        ws = self.words(rng, rng.randint(7, 26))
        ws[0] = ws[0].capitalize()
        if rng.random() < 0.25:  # a proper name
            ws[rng.randrange(1, len(ws))] = rng.choice(self.vocab[200:3000]).capitalize()
        return " ".join(ws) + rng.choice(".....?;")[0].replace(";", ".")

    def article(self, index: int, words: int, seed: int) -> str:
        rng = random.Random(seed * 1_000_003 + index)
        title = " ".join(w.capitalize() for w in self.words(rng, rng.randint(3, 7)))
        author = " ".join(rng.choice(self.vocab[300:5000]).capitalize() for _ in range(2))
        year = 1990 + index % 35
        out = [
            "+++",
            f"title = {json.dumps(title)}",
            f"author = {json.dumps(author)}",
            f'date = "{year}-{1 + index % 12:02}-{1 + index % 28:02}"',
            "+++",
            "",
            f"# {title}",
            "",
        ]
        written = 0
        marker = 0
        since_heading = 0
        while written < words:
            if since_heading >= rng.randint(5, 10):
                heading = " ".join(self.words(rng, rng.randint(2, 5))).capitalize()
                out += [f"## {heading}", ""]
                since_heading = 0
            sentences = [self.sentence(rng) for _ in range(rng.randint(3, 8))]
            if rng.random() < 0.4:
                marker += 1
                at = rng.randrange(len(sentences))
                sentences[at] += f"[^{marker}]"
            para = " ".join(sentences)
            written += para.count(" ") + 1
            out += [para, ""]
            since_heading += 1
        for n in range(1, marker + 1):
            roll = rng.random()
            if n > 1 and roll < 0.2:
                note = f"Ibid., p. {rng.randint(2, 400)}."
            elif n > 2 and roll < 0.3:
                note = f"{author.split()[-1]}, op. cit., p. {rng.randint(2, 400)}."
            else:
                work = " ".join(w.capitalize() for w in self.words(rng, rng.randint(2, 5)))
                note = (
                    f"{author}, *{work}* ({rng.choice(self.vocab[100:900]).capitalize()}: "
                    f"{rng.choice(self.vocab[900:3000]).capitalize()} Press, "
                    f"{rng.randint(1850, 2020)}), p. {rng.randint(2, 400)}."
                )
            out.append(f"[^{n}]: {note}")
        return "\n".join(out) + "\n"


def make_library(root: Path, articles: int, words: int = 5_000, seed: int = 1) -> Path:
    """Write (or reuse, when the same parameters made it) the benchmark library."""
    texts = root / "texts"
    stamp = root / "corpus.json"
    params = {"articles": articles, "words": words, "seed": seed, "version": 1}
    if stamp.is_file() and json.loads(stamp.read_text()) == params:
        _own_glossary(texts)
        return root
    texts.mkdir(parents=True, exist_ok=True)
    for old in texts.glob("*.md"):
        old.unlink()
    writer = Writer(vocabulary())
    for i in range(articles):
        (texts / f"{i:05}.md").write_text(writer.article(i, words, seed), encoding="utf-8")
    _own_glossary(texts)
    stamp.write_text(json.dumps(params))
    return root


def _own_glossary(texts: Path) -> None:
    """A copy of reader's glossary in the library: without one the library uses
    the checkout's ``texts/glossary.toml``, and an edit to it in the middle of a
    run would re-index every entry between two measurements."""
    own = texts / "glossary.toml"
    if own.exists():
        return
    from reader.core.library import bundled_texts_dir

    shipped = bundled_texts_dir()
    if shipped is not None and (shipped / "glossary.toml").is_file():
        own.write_bytes((shipped / "glossary.toml").read_bytes())


if __name__ == "__main__":
    make_library(Path(sys.argv[1]), int(sys.argv[2]))
