"""Search benchmark: reader's whoosh index against SQLite FTS5 and ripgrep.

    .venv/bin/python tests/bench/bench_search.py --articles 1000
    .venv/bin/python tests/bench/bench_search.py --articles 5000 --json out.json

On one generated library (tests/bench/corpus.py: Zipf English-like words,
headings, footnotes; ~5,000 words per article) it measures, side by side:
index build (MB of text per second; footnotes are indexed too), query
latency p50/p95 per query class for 10 paragraphs with highlighted snippets,
as ``reader search`` answers (also for the best 10 texts, one snippet each,
as the table measured before, and after 20 single-article updates), the
spelling suggestion, one changed article re-indexed including the commit,
the cold ``reader search`` wall time against ``python -c "import
whoosh.index"``, and memory. FTS5 indexes the same files (porter stemming,
diacritics removed, bm25, ``snippet()``); ripgrep scans them (no index, no
ranking). Prints a Markdown table; the targets are those of issue 3.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from corpus import COMMON, make_library, vocabulary  # noqa: E402

from reader.core.library import Library  # noqa: E402
from reader.core.search import Searcher, sync, tidy  # noqa: E402
from reader.core.search.store import open_index  # noqa: E402

CLASSES = ("common word", "rare word", "two words", "phrase", "prefix", "fuzzy")
STOP = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "for",
    "from",
    "have",
    "if",
    "in",
    "is",
    "it",
    "may",
    "not",
    "of",
    "on",
    "or",
    "tbd",
    "that",
    "the",
    "this",
    "to",
    "us",
    "we",
    "when",
    "will",
    "with",
    "yet",
    "you",
    "your",
}


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> float:
    return seconds * 1000


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# -- the queries -----------------------------------------------------------------


def make_queries(lib: Library, n: int, seed: int = 5) -> dict[str, list[dict[str, str]]]:
    """``n`` queries per class, each in reader's, FTS5's and ripgrep's syntax."""
    rng = random.Random(seed)
    vocab = vocabulary()
    common = [w for w in COMMON if w not in STOP and len(w) > 3][:60]
    mid = vocab[300:3000]
    rare = vocab[15000:40000]
    files = lib.text_files()
    phrases: list[tuple[str, str]] = []
    while len(phrases) < n:
        text = rng.choice(files).read_text(encoding="utf-8")
        paras = [p for p in text.split("\n\n") if not p.startswith(("#", "+", "["))]
        words = re.findall(r"[^\W\d_]+", rng.choice(paras).lower())
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if a not in STOP and b not in STOP and len(a) > 3 and len(b) > 3:
                phrases.append((a, b))
                break

    def fuzz(word: str) -> str:
        i = rng.randrange(1, len(word))
        return word[:i] + rng.choice("aeioutrsnl") + word[i + 1 :]

    out: dict[str, list[dict[str, str]]] = {c: [] for c in CLASSES}
    for _ in range(n):
        w = rng.choice(common)
        out["common word"].append({"reader": w, "fts": f'"{w}"', "rg": w})
        w = rng.choice(rare)
        out["rare word"].append({"reader": w, "fts": f'"{w}"', "rg": w})
        a, b = rng.sample(mid, 2)
        out["two words"].append({"reader": f"{a} {b}", "fts": f'"{a}" "{b}"', "rg": f"{a}\n{b}"})
        a, b = phrases.pop()
        out["phrase"].append({"reader": f'"{a} {b}"', "fts": f'"{a} {b}"', "rg": f"{a} {b}"})
        w = rng.choice(mid)[:4]
        out["prefix"].append({"reader": f"{w}*", "fts": f'"{w}"*', "rg": f"{w}\\w*"})
        w = rng.choice([m for m in mid if len(m) >= 5])
        out["fuzzy"].append({"reader": f"{fuzz(w)}~", "fts": "", "rg": ""})
    return out


# The clock queries are timed with: wall time, or this process's CPU time with
# --cpu (on a shared machine, CPU time leaves out the waits for a core).
CLOCK: list[Callable[[], float]] = [time.perf_counter]


def time_queries(
    run: Callable[[str], Any], queries: dict[str, list[dict[str, str]]], key: str, repeat: int
) -> dict[str, tuple[float, float]]:
    clock = CLOCK[0]
    figures: dict[str, tuple[float, float]] = {}
    for cls, qs in queries.items():
        times: list[float] = []
        for q in qs:
            if not q[key]:
                continue
            for _ in range(repeat):
                t = clock()
                run(q[key])
                times.append(clock() - t)
        if times:
            figures[cls] = (ms(pct(times, 0.5)), ms(pct(times, 0.95)))
    return figures


# -- reader ---------------------------------------------------------------------


def reader_search(s: Searcher) -> Callable[[str], Any]:
    """What ``reader search`` and the app answer: 10 paragraphs (footnotes
    included) with their snippets."""

    def run(q: str) -> Any:
        results = s.paragraphs(q, limit=10)
        assert all(h.snippet for h in results.hits)
        return results

    return run


def reader_texts(s: Searcher) -> Callable[[str], Any]:
    """The best 10 texts, one snippet each (what the table measured before
    results were paragraphs)."""

    def run(q: str) -> Any:
        results = s.search(q, limit=10)
        assert all(h.snippet for h in results.hits)
        return results

    return run


def edit_article(path: Path, round_: int) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\nAn added paragraph, edit number {round_}, about zqedit{round_} things.\n")


def cold_runs(cmd: list[str], runs: int) -> float:
    """Median wall time (ms) of ``runs`` runs, process start to exit.

    With Python's bytecode caches, as a user's install has them: a session
    that sets PYTHONDONTWRITEBYTECODE would otherwise compile reader's own
    modules at every run (whoosh's were compiled by pip), ~20 ms unfairly."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    walls: list[float] = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        walls.append(time.perf_counter() - t)
        if done.returncode:
            raise SystemExit(f"{cmd} failed: {done.stderr.decode()}")
    return ms(statistics.median(walls))


# Peak RSS (VmHWM, reset by exec, unlike ru_maxrss which counts the forked
# parent) and private memory, read by the process itself before it exits.
MEMORY = """
def memory():
    peak = private = 0
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            peak = int(line.split()[1])
    for line in open("/proc/self/smaps_rollup"):
        if line.startswith(("Private_Clean", "Private_Dirty")):
            private += int(line.split()[1])
    return {"peak_rss": peak / 1024, "private": private / 1024}
"""


CLI = (
    MEMORY
    + """
import contextlib, io, json, sys
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(memory()))
"""
)

APP = (
    MEMORY
    + """
import json, sys
from pathlib import Path
from reader.core.library import Library
from reader.core.search import Searcher
queries = json.loads(sys.argv[2])
with Searcher(Library(Path(sys.argv[1])), mmap=sys.argv[3] == "mmap") as s:
    for q in queries:
        s.paragraphs(q, limit=10)
    print(json.dumps(memory()))
"""
)

FTS_MEMORY = (
    MEMORY
    + """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(sys.argv[3], (sys.argv[2],)).fetchall()
print(json.dumps(memory()))
"""
)


def bench_reader(
    lib: Library, queries: dict[str, list[dict[str, str]]], repeat: int, updates: int
) -> dict[str, Any]:
    r: dict[str, Any] = {}
    shutil.rmtree(lib.index_dir, ignore_errors=True)
    shutil.rmtree(lib.root / "index.damaged", ignore_errors=True)
    text_mb = folder_mb(lib.texts_dir)
    t = time.perf_counter()
    report = sync(lib)
    build = time.perf_counter() - t
    assert not report.failed, report.failed[:3]
    r["build_s"] = build
    r["build_mbps"] = text_mb / build
    r["segments_after_build"] = len(open_index(lib.index_dir)._segments())
    r["text_mb"] = text_mb
    # What `reader index` and the idle app do next: merge into one segment.
    t = time.perf_counter()
    tidy(lib)
    r["optimize_s"] = time.perf_counter() - t
    r["index_mb"] = folder_mb(lib.index_dir)

    with Searcher(lib) as s:
        run = reader_search(s)
        time_queries(run, queries, "reader", 1)  # warm the OS cache and whoosh's
        r["queries"] = time_queries(run, queries, "reader", repeat)
        by_text = reader_texts(s)
        time_queries(by_text, queries, "reader", 1)
        r["queries_texts"] = time_queries(by_text, queries, "reader", repeat)
        words = [q["reader"].rstrip("~") for q in queries["fuzzy"]]
        times = []
        for w in words:
            for _ in range(repeat):
                t = time.perf_counter()
                s.suggest(w)
                times.append(time.perf_counter() - t)
        r["suggest"] = (ms(pct(times, 0.5)), ms(pct(times, 0.95)))

        files = lib.text_files()
        rng = random.Random(11)
        update_times = []
        for i in range(updates):
            path = rng.choice(files)
            edit_article(path, i)
            t = time.perf_counter()
            rep = sync(lib)
            update_times.append(time.perf_counter() - t)
            assert rep.changed == [path.stem], rep
        r["update_ms"] = (ms(statistics.median(update_times)), ms(max(update_times)))
        r["segments_after_updates"] = len(open_index(lib.index_dir)._segments())
        s.refresh()
        assert s.search(f"zqedit{updates - 1}").hits
        time_queries(run, queries, "reader", 1)
        r["queries_after"] = time_queries(run, queries, "reader", repeat)
    # For comparison: whoosh's own mmap mode (it copies every index file into
    # memory when it opens a segment).
    with Searcher(lib, mmap=True) as s:
        run = reader_search(s)
        time_queries(run, queries, "reader", 1)
        r["queries_mmap"] = time_queries(run, queries, "reader", repeat)
        times = []
        for w in words:
            t = time.perf_counter()
            s.suggest(w)
            times.append(time.perf_counter() - t)
        r["suggest_mmap"] = (ms(pct(times, 0.5)), ms(pct(times, 0.95)))

    reader_bin = Path(sys.executable).with_name("reader")
    word = queries["common word"][0]["reader"]
    cli = [str(reader_bin), "--library", str(lib.root), "search", word]
    cold_runs(cli, 2)
    r["cold_ms"] = cold_runs(cli, 9)
    base = [sys.executable, "-c", "import whoosh.index"]
    cold_runs(base, 2)
    r["import_whoosh_ms"] = cold_runs(base, 9)
    out = subprocess.run(
        [sys.executable, "-c", CLI, "--library", str(lib.root), "search", word],
        capture_output=True,
        text=True,
        check=True,
    )
    r["cli"] = json.loads(out.stdout.strip().splitlines()[-1])
    every = [q["reader"] for qs in queries.values() for q in qs]
    for mode in ("lexicon", "mmap"):
        out = subprocess.run(
            [sys.executable, "-c", APP, str(lib.root), json.dumps(every), mode],
            capture_output=True,
            text=True,
            check=True,
        )
        r[f"app_{mode}"] = json.loads(out.stdout)
    return r


# -- SQLite FTS5 ------------------------------------------------------------------


FTS_QUERY = (
    "SELECT id, snippet(docs, 2, '[[', ']]', '…', 24) FROM docs "
    "WHERE docs MATCH ? ORDER BY rank LIMIT 10"
)


def title_of(text: str) -> str:
    m = re.search(r'^title = "(.*)"$', text, re.M)
    return m.group(1) if m else ""


def bench_fts(
    lib: Library, work: Path, queries: dict[str, list[dict[str, str]]], repeat: int, updates: int
) -> dict[str, Any]:
    r: dict[str, Any] = {}
    db_path = work / "fts.db"
    db_path.unlink(missing_ok=True)
    files = lib.text_files()
    t = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    with db:
        for p in files:
            text = p.read_text(encoding="utf-8")
            db.execute("INSERT INTO docs VALUES (?, ?, ?)", (p.stem, title_of(text), text))
    build = time.perf_counter() - t
    r["build_mbps"] = folder_mb(lib.texts_dir) / build
    r["index_mb"] = db_path.stat().st_size / 1e6

    def run(q: str) -> Any:
        return db.execute(FTS_QUERY, (q,)).fetchall()

    time_queries(run, queries, "fts", 1)
    r["queries"] = time_queries(run, queries, "fts", repeat)
    rng = random.Random(11)
    times = []
    for i in range(updates):
        p = rng.choice(files)
        text = p.read_text(encoding="utf-8") + f"\nfts edit {i}\n"
        t = time.perf_counter()
        with db:
            db.execute("UPDATE docs SET body = ? WHERE id = ?", (text, p.stem))
        times.append(time.perf_counter() - t)
    r["update_ms"] = (ms(statistics.median(times)), ms(max(times)))
    time_queries(run, queries, "fts", 1)
    r["queries_after"] = time_queries(run, queries, "fts", repeat)
    db.close()
    word = queries["common word"][0]["fts"]
    probe = (
        "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        f"print(db.execute({FTS_QUERY!r}, (sys.argv[2],)).fetchall())"
    )
    cmd = [sys.executable, "-c", probe, str(db_path), word]
    cold_runs(cmd, 2)
    r["cold_ms"] = cold_runs(cmd, 9)
    out = subprocess.run(
        [sys.executable, "-c", FTS_MEMORY, str(db_path), word, FTS_QUERY],
        capture_output=True,
        text=True,
        check=True,
    )
    r["cli"] = json.loads(out.stdout)
    return r


# -- ripgrep ----------------------------------------------------------------------


def bench_rg(lib: Library, queries: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    rg = shutil.which("rg")
    if rg is None:
        return {}
    texts = str(lib.texts_dir)

    def run(q: str) -> Any:
        if "\n" in q:  # both words in one file: files with the first, then the second
            a, b = q.split("\n")
            first = subprocess.run(
                [rg, "-l", "-i", "-w", a, texts], capture_output=True, text=True
            ).stdout.split()
            if not first:
                return []
            return subprocess.run(
                [rg, "-i", "-w", "-m", "1", b, *first], capture_output=True, text=True
            ).stdout
        return subprocess.run(
            [rg, "-i", "-w", "-m", "1", q, texts], capture_output=True, text=True
        ).stdout

    few = {c: qs[:5] for c, qs in queries.items()}
    time_queries(run, few, "rg", 1)
    return {"queries": time_queries(run, few, "rg", 1)}


# -- report -----------------------------------------------------------------------


def fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×"


def table(n: int, rd: dict[str, Any], fts: dict[str, Any], rg: dict[str, Any]) -> str:
    rows = [
        f"Search benchmark, {n:,} articles, {rd['text_mb']:.0f} MB of text "
        f"(reader index {rd['index_mb']:.0f} MB, FTS5 {fts['index_mb']:.0f} MB)",
        "",
        "| measure | reader | FTS5 | ripgrep | reader/FTS5 | reader/rg | target |",
        "|---|---|---|---|---|---|---|",
        f"| index build, MB/s | {fmt(rd['build_mbps'], 2)} | {fmt(fts['build_mbps'], 2)} | — "
        f"| {ratio(rd['build_mbps'], fts['build_mbps'])} | — | ≥ 1.1 (aim 2) |",
    ]
    labels = (
        ("queries", ""),
        ("queries_texts", ", best 10 texts"),
        ("queries_after", " after 20 updates"),
        ("queries_mmap", ", whoosh mmap"),
    )
    for key, label in labels:
        for cls in CLASSES:
            a = rd[key].get(cls)
            b = fts["queries_after" if key == "queries_after" else "queries"].get(cls)
            c = rg.get("queries", {}).get(cls) if key == "queries" else None
            rows.append(
                f"| {cls}{label}, p50 / p95 ms | {fmt(a[0])} / {fmt(a[1])} | "
                f"{fmt(b[0]) + ' / ' + fmt(b[1]) if b else 'n/a'} | "
                f"{fmt(c[0]) + ' / ' + fmt(c[1]) if c else '—'} | "
                f"{ratio(a[0], b[0]) if b else '—'} | {ratio(a[0], c[0]) if c else '—'} | "
                "≤ 10 / ≤ 30 (aim p95 16) |"
            )
    phrase, fts_phrase = rd["queries"].get("phrase"), fts["queries"].get("phrase")
    if phrase and fts_phrase:
        rows.append(
            f"| phrase p95, reader / FTS5 | {fmt(phrase[1])} / {fmt(fts_phrase[1])} ms | — | — "
            f"| {ratio(phrase[1], fts_phrase[1])} | — | ≤ 2× |"
        )
    rows += [
        f"| spelling suggestion, p50 / p95 ms | {fmt(rd['suggest'][0], 2)} / "
        f"{fmt(rd['suggest'][1], 2)} | n/a | n/a | — | — | ≤ 5 |",
        f"| one article re-indexed incl. commit, median / max ms | {fmt(rd['update_ms'][0])} / "
        f"{fmt(rd['update_ms'][1])} | {fmt(fts['update_ms'][0])} / {fmt(fts['update_ms'][1])} "
        f"| — | {ratio(rd['update_ms'][0], fts['update_ms'][0])} | — | ≤ 300 / ≤ 700 |",
        f"| cold search, ms (whoosh import alone {fmt(rd['import_whoosh_ms'])}) | "
        f"{fmt(rd['cold_ms'])} ({rd['cold_ms'] / rd['import_whoosh_ms']:.2f}× import) | "
        f"{fmt(fts['cold_ms'])} | — | {ratio(rd['cold_ms'], fts['cold_ms'])} | — "
        "| ≤ 150 and ≤ 2.5× import |",
        f"| CLI memory, MB (peak RSS / private) | {fmt(rd['cli']['peak_rss'])} / "
        f"{fmt(rd['cli']['private'])} | {fmt(fts['cli']['peak_rss'])} / "
        f"{fmt(fts['cli']['private'])} | — | — | — | private ≤ 30 |",
        f"| app searcher memory, MB (peak RSS / private) | "
        f"{fmt(rd['app_lexicon']['peak_rss'])} / {fmt(rd['app_lexicon']['private'])} | — | — "
        f"| — | — | ≤ index + 60 = {rd['index_mb'] + 60:.0f} |",
        f"| app searcher memory, whoosh mmap, MB (peak RSS / private) | "
        f"{fmt(rd['app_mmap']['peak_rss'])} / {fmt(rd['app_mmap']['private'])} | — | — | — "
        f"| — | ≤ index + 60 = {rd['index_mb'] + 60:.0f} |",
        f"| spelling suggestion, whoosh mmap, p50 / p95 ms | {fmt(rd['suggest_mmap'][0], 2)} / "
        f"{fmt(rd['suggest_mmap'][1], 2)} | n/a | n/a | — | — | ≤ 5 |",
        f"| segments after build / after 20 updates | {rd['segments_after_build']} / "
        f"{rd['segments_after_updates']} | — | — | — | — | 1–2 |",
        f"| optimize when idle, s | {fmt(rd['optimize_s'], 2)} | — | — | — | — | — |",
    ]
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/reader-search-bench"))
    ap.add_argument("--queries", type=int, default=20, help="queries per class")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--updates", type=int, default=20)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--cpu", action="store_true", help="time queries in CPU time, not wall time")
    args = ap.parse_args()
    if args.cpu:
        CLOCK[0] = time.process_time
    work = args.work / f"{args.articles}"
    t = time.perf_counter()
    make_library(work, args.articles, args.words)
    print(f"corpus ready in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    lib = Library(work)
    queries = make_queries(lib, args.queries)
    rd = bench_reader(lib, queries, args.repeat, args.updates)
    print("reader done", file=sys.stderr)
    # FTS5 and ripgrep read the same files (as edited by the update rounds).
    fts = bench_fts(lib, work, queries, args.repeat, args.updates)
    rg = bench_rg(lib, queries)
    print(table(args.articles, rd, fts, rg))
    if args.json:
        args.json.write_text(json.dumps({"reader": rd, "fts5": fts, "ripgrep": rg}, indent=1))


if __name__ == "__main__":
    main()
