"""The library's works kept grouped between calls (``index/sources.cache``):
always the answer grouping every text afresh gives, however texts come and go,
and a damaged or outdated cache is rebuilt, never trusted."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.parse import parse_text
from reader.core.sources import shelf as shelf_module
from reader.core.sources.listing import from_plain, listing, plain, tail, work_json
from reader.core.sources.model import Citation, Name, Place, Work
from reader.core.sources.shelf import CACHE, Shelf, load, shelved
from reader.core.sources.store import index_fields, library_works

# Notes of our own, written so that works meet across texts in every way the
# grouping knows: initials and full names, a short title and the full one, a
# longer title holding a shorter one, the same URL twice, Ibid. and op. cit.,
# a gloss, two interviews of one man (equally cited works the order must
# keep apart), two works whose ids would be the same but for a letter, and
# authors who share a family name but not a work.
NOTES = [
    "J Doe The long strike: dockers in 1889 London 1990, p10.",
    "John Doe, The Long Strike, London: Verso, 1990, p. 12.",
    "J. Doe, The long strike and after, Leeds 1995, p. 7.",
    "Doe, Strike, 44.",
    "R Roe, 'Notes on the demands' Weekly Worker June 3 2001.",
    "R. Roe, Notes, London 2003, p. 5.",
    "M. Fenn, Profit and Loss, Leeds: Northern Press, 2004, p. 3.",
    "M Fenn, Profit, 2004, p. 9.",
    "https://example.org/strike/archive",
    "See https://example.org/strike/archive/ for the leaflets.",
    "Ibid., p. 20.",
    "Ada Quill, 'The river trade', History Workshop 12 (1981), pp. 3-9.",
    "Quill, op. cit., p. 4.",
    "The union later split over this question.",
    "Interview with J. Doe, London, 3 May 1999.",
    "Interview with J. Doe, Leeds, 5 June 2001.",
    "Tom Doe, Harbour lights, Hull 1975, p. 2.",
    "J. Doe, Harbour cranes, Hull 1975, p. 8.",
    "Ann Roe, Weavers and spinners, Bradford 1968, p. 88.",
    "A. Roe, Weavers, 1968, p. 90.",
]


def _text(text_id: str, notes: list[str]) -> bytes:
    """A short article citing ``notes``, as the index packs its works."""
    body = "".join(f"Paragraph {i} makes a claim.[{i}]\n\n" for i in range(1, len(notes) + 1))
    listed = "".join(f"[{i}] {n}\n" for i, n in enumerate(notes, 1))
    article = parse_text(f"A title\n\n{body}Notes\n\n{listed}", text_id=text_id)
    packed: bytes = index_fields(article)["sources"]
    return packed


def _same_as_afresh(shelf: Shelf, packed: list[bytes]) -> None:
    afresh = library_works(packed)
    assert shelf.works() == afresh
    assert shelf.tails() == [tail(plain(w)) for w in afresh]
    assert len(shelf) == len(afresh) and sum(shelf.counts) == sum(len(w.places) for w in afresh)


@pytest.mark.parametrize("seed", range(6))
def test_texts_added_changed_and_deleted_give_the_answer_grouped_afresh(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    texts: dict[str, bytes] = {}
    for step in range(14):
        action = rng.choice(["add", "add", "change", "delete"]) if texts else "add"
        name = f"t{rng.randrange(40):02d}" if action == "add" else rng.choice(sorted(texts))
        if action == "delete":
            del texts[name]
        else:
            texts[name] = _text(name, rng.sample(NOTES, rng.randint(1, 7)))
        packed = list(texts.values())
        rng.shuffle(packed)  # the index's order is not the library's
        as_json = rng.random() < 0.5  # its JSON is kept once asked for, then kept up
        kept = shelved(tmp_path, packed, tails=as_json)
        if as_json:
            assert kept.has_tails
        _same_as_afresh(kept, packed)
        reloaded = load(tmp_path)
        assert reloaded is not None, f"step {step}: the cache was not kept"
        assert reloaded.works() == kept.works() and reloaded.ids == kept.ids


def test_an_unchanged_library_is_not_grouped_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = [_text(f"t{i}", NOTES[i : i + 5]) for i in range(0, 15, 3)]
    first = shelved(tmp_path, packed).works()

    def no_grouping(*args: object) -> None:
        raise AssertionError("grouped again")

    monkeypatch.setattr(shelf_module, "gather", no_grouping)
    monkeypatch.setattr(shelf_module, "records", no_grouping)
    assert shelved(tmp_path, packed).works() == first


def test_a_changed_text_groups_again_only_the_works_it_touches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = [_text("a", NOTES[:4]), _text("b", NOTES[4:8]), _text("c", NOTES[15:])]
    shelved(tmp_path, packed)
    regrouped: list[str] = []
    gather = shelf_module.gather

    def counting(cited: list[tuple[object, Citation, list[Place]]]) -> object:
        regrouped.extend(c.authors[0].family if c.authors else "" for _, c, _ in cited)
        return gather(cited)  # type: ignore[arg-type]

    monkeypatch.setattr(shelf_module, "gather", counting)
    changed = [packed[0], _text("b", NOTES[4:6]), packed[2]]  # b drops Fenn
    _same_as_afresh(shelved(tmp_path, changed), changed)
    assert regrouped and set(regrouped) <= {"Roe", "Fenn"}  # never Doe's works


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: b"",
        lambda data: b"not ours at all\n" + data,
        lambda data: data.replace(b"reader sources cache 1 ", b"reader sources cache 0 ", 1),
        lambda data: data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],  # the grouping
        lambda data: data[:400] + bytes([data[400] ^ 0xFF]) + data[401:],  # the works
    ],
)
def test_a_damaged_or_outdated_cache_is_rebuilt(tmp_path: Path, damage: object) -> None:
    packed = [_text("a", NOTES[:6]), _text("b", NOTES[6:12])]
    shelved(tmp_path, packed)
    cache = tmp_path / CACHE
    cache.write_bytes(damage(cache.read_bytes()))  # type: ignore[operator]
    more = [*packed, _text("c", NOTES[12:])]  # a change: the grouping is read too
    _same_as_afresh(shelved(tmp_path, more, tails=True), more)
    _same_as_afresh(shelved(tmp_path, more, tails=True), more)
    assert load(tmp_path) is not None  # and kept again, whole


@pytest.mark.parametrize("in_the_way", ["folder", "link"])
def test_a_cache_that_cannot_be_written_still_gives_the_answer(
    tmp_path: Path, in_the_way: str
) -> None:
    if in_the_way == "folder":
        (tmp_path / CACHE).mkdir()
    else:
        (tmp_path / CACHE).symlink_to(tmp_path / "elsewhere")
    packed = [_text("a", NOTES[:6])]
    _same_as_afresh(shelved(tmp_path, packed), packed)
    assert not (tmp_path / "elsewhere").exists()


def test_the_json_laid_out_as_json_dumps_would() -> None:
    works = [
        Work("a", Citation("book"), []),
        Work(
            "b",
            Citation(
                "article",
                (Name("K Marx", "Marx", "K"), Name("Verso", "Verso")),
                'The "civil" war\tin France — ü \u0085 \x1b',
                "Neue Zeit",
                "3",
                "London",
                "Verso",
                1974,
                None,  # a work has no page: its places have theirs
                "https://example.org/ä",
            ),
            [Place("t", "1", 0, "233", (4, 7)), Place("u", "2a", None, None)],
        ),
    ]
    expected = json.dumps([work_json(w) for w in works], ensure_ascii=False, indent=2)
    assert listing((w.id, tail(plain(w))) for w in works) == expected
    assert [from_plain(w.id, plain(w)) for w in works] == works
    assert listing([]) == json.dumps([], indent=2)


def test_reader_sources_lists_the_most_cited_and_says_how_many_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(3):
        notes = "".join(f"[{n}] {note}\n" for n, note in enumerate(NOTES[i * 5 : i * 5 + 5], 1))
        body = "".join(f"Claim {n}.[{n}]\n\n" for n in range(1, 6))
        (texts / f"t{i}.md").write_text(f"Text {i}\n\n{body}Notes\n\n{notes}")
    import reader.commands.sources_cmd as sources_cmd

    monkeypatch.setattr(sources_cmd, "SHOWN", 2)
    assert main(["--library", str(tmp_path), "sources", "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["--library", str(tmp_path), "sources"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{len(every)} works cited")
    assert f"… and {len(every) - 2} more works (--all lists every one)" in out
    assert f"] {every[1]['id']}\n" in out and f"] {every[2]['id']}\n" not in out
    assert main(["--library", str(tmp_path), "sources", "--all"]) == 0
    out = capsys.readouterr().out
    assert "more works" not in out and all(f"] {w['id']}\n" in out for w in every)
    (texts / "t1.md").unlink()  # the index and the cache follow
    assert main(["--library", str(tmp_path), "sources", "--json"]) == 0
    fewer = json.loads(capsys.readouterr().out)
    assert {c["text"] for w in fewer for c in w["cited"]} == {"t0", "t2"}


def test_a_full_build_groups_the_works_and_a_later_sync_leaves_them(tmp_path: Path) -> None:
    from reader.core.library import Library
    from reader.core.search.sync import sync

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.md").write_text("A\n\nA claim.[1]\n\nNotes\n\n[1] " + NOTES[0] + "\n")
    library = Library(tmp_path)
    sync(library)
    kept = load(library.index_dir)
    assert kept is not None and [w.id for w in kept.works()] == ["doe1990long"]
    before = (library.index_dir / CACHE).stat().st_mtime_ns
    (texts / "b.md").write_text("B\n\nA claim.[1]\n\nNotes\n\n[1] " + NOTES[4] + "\n")
    sync(library)  # one text: its works wait for the next call that reads them
    assert (library.index_dir / CACHE).stat().st_mtime_ns == before


def test_a_byte_changed_anywhere_in_the_cache_is_never_trusted(tmp_path: Path) -> None:
    packed = [_text("a", NOTES[:6]), _text("b", NOTES[6:12])]
    with_json = shelved(tmp_path, packed, tails=True)
    expected = (with_json.works(), with_json.tails())
    data = (tmp_path / CACHE).read_bytes()
    for at in random.Random(7).sample(range(len(data)), 40):
        (tmp_path / CACHE).write_bytes(data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :])
        again = shelved(tmp_path, packed, tails=True)
        assert (again.works(), again.tails()) == expected, f"byte {at}"


def test_a_cache_written_by_other_code_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = [_text("a", NOTES[:6])]
    shelved(tmp_path, packed)
    assert load(tmp_path) is not None
    # the grouping's code changed (and VERSION was not): the cache is not read
    monkeypatch.setattr(shelf_module, "_code", lambda: "0123456789abcdef")
    assert load(tmp_path) is None
    _same_as_afresh(shelved(tmp_path, packed), packed)
    assert load(tmp_path) is not None
