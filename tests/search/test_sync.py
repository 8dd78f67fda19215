"""The index follows the library: incremental, healing, never someone else's."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.search import SCHEMA_VERSION, Searcher, catalog, store, sync, tidy
from reader.core.search.merge import RECENT_SEGMENTS

NEW_TEXT = """# Lamps of the Harbour

Fishermen lit paraffin lamps along the harbour wall every evening.
"""


def found(library: Library, query: str) -> list[str]:
    with Searcher(library) as s:
        return [h.text for h in s.search(query).hits]


def test_nothing_changed_is_a_no_op(library: Library) -> None:
    report = sync(library)
    assert (report.added, report.changed, report.deleted) == ([], [], [])
    assert report.unchanged == 4


def test_add_change_delete(library: Library) -> None:
    (library.texts_dir / "harbour.md").write_text(NEW_TEXT, encoding="utf-8")
    report = sync(library)
    assert report.added == ["harbour"] and report.unchanged == 4
    assert found(library, "paraffin") == ["harbour"]

    path = library.texts_dir / "harbour.md"
    path.write_text(NEW_TEXT.replace("paraffin", "whale oil"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    report = sync(library)
    assert report.changed == ["harbour"]
    assert found(library, "paraffin") == []
    assert found(library, "whale") == ["harbour"]

    path.unlink()
    report = sync(library)
    assert report.deleted == ["harbour"]
    assert found(library, "whale") == []
    assert "harbour" not in [t.id for t in catalog(library)]


def test_quick_look_skips_the_stamps_when_nothing_changed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync(library)  # leaves the digest of how the library looks

    def no_stamps(folder: Path) -> None:
        raise AssertionError("the stamps were read although nothing changed")

    monkeypatch.setattr(sync_module(), "load_stamps", no_stamps)
    report = sync(library, verify=False)
    assert report.touched == 0 and report.unchanged == 4


def test_quick_look_still_notices_a_text_edited_in_place(library: Library) -> None:
    sync(library)
    folder_mtime = library.texts_dir.stat().st_mtime_ns
    path = library.texts_dir / "river-trade.md"
    size = path.stat().st_size
    with path.open("r+", encoding="utf-8") as fh:  # same size, same folder mtime
        text = fh.read()
        fh.seek(0)
        fh.write(text.replace("carried salt", "carried sand", 1))
    assert path.stat().st_size == size
    os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns + 10**9))
    assert library.texts_dir.stat().st_mtime_ns == folder_mtime
    assert sync(library, verify=False).changed == ["river-trade"]
    assert sync(library, verify=False).touched == 0
    assert "river-trade" in found(library, "sand")


def test_quick_look_notices_notes_and_glossary(library: Library) -> None:
    sync(library)
    library.notes_dir.mkdir(parents=True, exist_ok=True)
    (library.notes_dir / "glossary.toml").write_text(
        '[[entry]]\nname = "Quayside Guild"\nkind = "organisation"\n'
        'summary = "Dockers who ran the quayside."\n',
        encoding="utf-8",
    )
    sync(library, verify=False)
    with Searcher(library) as s:
        assert [h.kind for h in s.search("quayside").hits] == ["glossary"]


def test_touched_but_unchanged_is_not_reindexed(library: Library) -> None:
    path = library.texts_dir / "river-trade.md"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5 * 10**9))
    report = sync(library)
    assert report.changed == [] and report.unchanged == 4
    # …and the new mtime is remembered, so the hash is not computed again.
    stamps = json.loads((library.index_dir / store.STAMPS).read_text())
    assert stamps["texts"]["river-trade"][2] == path.stat().st_mtime_ns


def test_catalog_needs_no_parsing(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.parse

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("catalog parsed a file")

    monkeypatch.setattr(reader.core.parse, "parse_file", boom)
    infos = {t.id: t for t in catalog(library)}
    assert sorted(infos) == ["commune-kitchens", "quiet-revolution", "river-trade", "strike-diary"]
    kitchens = infos["commune-kitchens"]
    assert kitchens.title == "Kitchens of the Besieged City"
    assert (kitchens.author, kitchens.date) == ("Ada Quill", "2011-03-18")
    assert kitchens.publication == "Field Notes Quarterly"
    assert kitchens.notes == 3 and kitchens.words > 40
    assert kitchens.size == (library.texts_dir / "commune-kitchens.md").stat().st_size
    assert len(kitchens.sha256) == 64


def test_a_text_that_fails_to_parse_is_reported_not_fatal(library: Library) -> None:
    (library.texts_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    report = sync(library)
    assert report.failed and "broken" in report.failed[0]
    assert found(library, "salt")
    assert sync(library).failed == []  # not retried while unchanged


def test_updates_fold_into_few_small_segments(library: Library) -> None:
    tidy(library)
    path = library.texts_dir / "harbour.md"
    for i in range(8):
        path.write_text(NEW_TEXT + f"\nEdition {i} word{i}x.\n", encoding="utf-8")
        sync(library)
        assert len(store.open_index(library.index_dir)._segments()) <= 1 + RECENT_SEGMENTS
    assert found(library, "word7x") == ["harbour"]
    assert found(library, "word3x") == []
    assert tidy(library)
    assert len(store.open_index(library.index_dir)._segments()) == 1
    assert found(library, "word7x") == ["harbour"]


def test_twenty_single_text_updates_keep_three_segments(library: Library) -> None:
    for i in range(6):
        (library.texts_dir / f"extra{i}.txt").write_text(f"Extra text {i} about ropes.\n")
    sync(library)
    tidy(library)
    names = sorted(p.name for p in library.texts_dir.iterdir() if p.suffix in (".md", ".txt"))
    for i in range(20):  # one text changed, one sync: as the benchmark does
        path = library.texts_dir / names[i % len(names)]
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\nAn added line about knot{i}q.\n")
        assert sync(library).changed == [path.stem]
        assert merge_module().segment_count(library) <= 1 + RECENT_SEGMENTS
    assert found(library, "knot19q") == [names[19 % len(names)].rsplit(".", 1)[0]]
    assert len(found(library, "ropes")) == 6


def test_small_segment_budget_bounds_each_commit(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(12):
        (library.texts_dir / f"extra{i}.txt").write_text(f"Extra text {i} about ropes.\n")
    sync(library)
    tidy(library)
    (big,) = store.open_index(library.index_dir)._segments()
    # Count a segment's size in texts: room for two, so a full one stays as it is.
    module = merge_module()
    monkeypatch.setattr(
        module, "_segment_bytes", lambda storage, segs: {id(s): s.doc_count() for s in segs}
    )
    monkeypatch.setattr(module, "RECENT_BYTES", 2)
    counts = []
    for i in range(5):
        (library.texts_dir / f"extra{i}.txt").write_text(f"Changed text {i} about sails.\n")
        sync(library)
        ix = store.open_index(library.index_dir)
        counts.append(sorted(s.doc_count() for s in ix._segments() if s.segid != big.segid))
    # No commit re-writes more than two texts; two small segments at most
    # beside the full ones.
    assert counts == [[1], [1, 1], [1, 2], [1, 1, 2], [1, 2, 2]]
    assert len(found(library, "sails")) == 5
    assert len(found(library, "ropes")) == 7  # extra5 … extra11


def test_segment_bytes_are_the_segment_files(library: Library) -> None:
    from whoosh.filedb.filestore import FileStorage

    tidy(library)
    storage = FileStorage(str(library.index_dir))
    (seg,) = store.open_index(library.index_dir)._segments()
    size = merge_module()._segment_bytes(storage, [seg])[id(seg)]
    index_files = sum(p.stat().st_size for p in library.index_dir.iterdir() if p.is_file())
    assert 0 < size < index_files


def sync_module():  # type: ignore[no-untyped-def]
    return importlib.import_module("reader.core.search.sync")


def merge_module():  # type: ignore[no-untyped-def]
    return importlib.import_module("reader.core.search.merge")


def test_schema_change_rebuilds(library: Library) -> None:
    marker = library.index_dir / store.MARKER
    marker.write_text(json.dumps({"made_by": "reader", "schema": SCHEMA_VERSION - 1}))
    report = sync(library)
    assert report.rebuilt and any("another version" in n for n in report.notices)
    assert len(report.added) == 4
    assert found(library, "salt")


def test_foreign_index_folder_is_never_opened(tmp_path: Path) -> None:
    lib = Library(tmp_path)
    (lib.texts_dir).mkdir()
    lib.index_dir.mkdir()
    (lib.index_dir / "precious.txt").write_text("not ours")
    with pytest.raises(ReaderError, match="not made by reader"):
        sync(lib)
    with pytest.raises(ReaderError, match="not made by reader"):
        Searcher(lib)
    assert (lib.index_dir / "precious.txt").read_text() == "not ours"


def _segment_file(library: Library) -> Path:
    return next(p for p in library.index_dir.iterdir() if p.suffix == ".seg")


def _toc_file(library: Library) -> Path:
    return next(p for p in library.index_dir.iterdir() if p.suffix == ".toc")


@pytest.mark.parametrize(
    "damage",
    [
        lambda lib: _segment_file(lib).write_bytes(_segment_file(lib).read_bytes()[:200]),
        lambda lib: _toc_file(lib).write_bytes(b"\x93garbage" * 50),
        lambda lib: _segment_file(lib).write_bytes(os.urandom(4096)),
        lambda lib: _segment_file(lib).unlink(),
    ],
    ids=["truncated-segment", "garbage-toc", "garbage-segment", "missing-segment"],
)
def test_damaged_index_is_moved_aside_and_rebuilt(library: Library, damage) -> None:  # type: ignore[no-untyped-def]
    damage(library)
    report = sync(library)
    assert report.rebuilt
    assert len(report.notices) == 1 and "moved it to index.damaged" in report.notices[0]
    assert (library.root / "index.damaged" / store.MARKER).exists()
    assert found(library, "salt") == ["river-trade", "quiet-revolution"]


HOLD_WRITER = """
import sys
from whoosh.filedb.filestore import FileStorage
ix = FileStorage(sys.argv[1]).open_index(indexname="MAIN")
w = ix.writer()
print("holding", flush=True)
sys.stdin.readline()
w.cancel()
"""


def test_writer_held_by_another_process_means_read_only(library: Library) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(library.index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        (library.texts_dir / "harbour.md").write_text(NEW_TEXT, encoding="utf-8")
        started = time.monotonic()
        report = sync(library, lock_timeout=0.5)
        assert time.monotonic() - started < 5
        assert report.read_only and report.added == []
        assert "another reader process" in report.notices[0]
        assert found(library, "salt")  # still searchable
        assert found(library, "paraffin") == []
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    report = sync(library)
    assert report.added == ["harbour"]
    assert found(library, "paraffin") == ["harbour"]


def test_progress_is_reported(tmp_path: Path) -> None:
    lib = Library(tmp_path)
    lib.texts_dir.mkdir()
    for i in range(5):
        (lib.texts_dir / f"t{i}.txt").write_text(f"Text number {i} about tides.\n")
    seen: list[tuple[int, int, str]] = []
    sync(lib, lambda done, total, what: seen.append((done, total, what)))
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5]
    assert {t for _, t, _ in seen} == {5}


def test_parallel_build_finds_everything(tmp_path: Path) -> None:
    lib = Library(tmp_path)
    lib.texts_dir.mkdir()
    for i in range(30):
        (lib.texts_dir / f"t{i:02}.txt").write_text(f"Text number {i} about tides and word{i}z.\n")
    report = sync(lib, procs=2)
    assert len(report.added) == 30
    assert len(store.open_index(lib.index_dir)._segments()) <= 2
    for i in (0, 17, 29):
        assert found(lib, f"word{i}z") == [f"t{i:02}"]


def test_scan_lists_what_the_library_lists(library: Library) -> None:
    from reader.core.library import TEXT_SUFFIXES
    from reader.core.scan import scan

    (library.texts_dir / ".hidden.md").write_text("hidden")
    (library.texts_dir / "picture.png").write_bytes(b"\x89PNG")
    (library.texts_dir / "UPPER.MD").write_text("# Upper\n\nCase suffix.\n")
    (library.texts_dir / "folder.md").mkdir()
    listing = scan(library.texts_dir, TEXT_SUFFIXES)
    assert [library.texts_dir / name for name, _, _ in listing] == library.text_files()
    for name, size, mtime_ns in listing:
        st = (library.texts_dir / name).stat()
        assert (size, mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="no posix_spawn here")
def test_a_prefetched_listing_is_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core import scan as scan_module

    for i in range(30):
        (tmp_path / f"t{i:02}.md").write_text("x" * i)
    (tmp_path / "notes.png").write_bytes(b"")
    monkeypatch.setattr(scan_module, "PREFETCH_MIN", 10)
    monkeypatch.setattr(scan_module, "_cores", lambda: 2)
    assert scan_module.prefetch(tmp_path, (".md",))
    pending = scan_module._PENDING[str(tmp_path)]
    # Listed by the child: the parent's own listing would not go through here.
    monkeypatch.setattr(scan_module, "_listing", lambda folder, names, suffixes: [])
    assert scan_module.scan(tmp_path, (".md",)) == [
        (f"t{i:02}.md", i, (tmp_path / f"t{i:02}.md").stat().st_mtime_ns) for i in range(30)
    ]
    assert str(tmp_path) not in scan_module._PENDING
    with contextlib.suppress(ChildProcessError):  # reaped already, or now
        os.waitpid(pending.pid, 0)


def test_no_prefetch_for_a_small_folder_or_one_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core import scan as scan_module

    for i in range(3):
        (tmp_path / f"t{i}.md").write_text("x")
    assert not scan_module.prefetch(tmp_path, (".md",))  # fewer than PREFETCH_MIN files
    monkeypatch.setattr(scan_module, "PREFETCH_MIN", 1)
    monkeypatch.setattr(scan_module, "_cores", lambda: 1)
    assert not scan_module.prefetch(tmp_path, (".md",))


def test_word_lists_are_read_into_memory_postings_on_demand(library: Library) -> None:
    from whoosh.filedb.structfile import BufferFile

    ix = store.open_index(library.index_dir)
    assert isinstance(ix.storage, store.LexiconStorage)
    seg = next(p.name for p in library.index_dir.iterdir() if p.suffix == ".seg")
    f = ix.storage.open_file(seg)
    try:
        assert isinstance(f.subset(0, 8, name="x.trm"), BufferFile)
        assert isinstance(f.subset(0, 8, name="x._content_len.col"), BufferFile)
        assert not isinstance(f.subset(0, 8, name="x.pst"), BufferFile)
    finally:
        f.close()


def test_merges_read_each_word_in_one_slice(library: Library) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.reading import SegmentReader

    module = importlib.import_module("reader.core.search.whoosh_internals")
    tidy(library)
    ix = store.open_index(library.index_dir)
    (seg,) = ix._segments()
    storage = FileStorage(str(library.index_dir), supports_mmap=True)
    ours = module.merge_reader_class()(storage, ix.schema, seg)
    theirs = SegmentReader(storage, ix.schema, seg)
    try:
        assert list(ours.iter_postings()) == list(theirs.iter_postings())
        terms = ours._terms
        for (fieldname, _), info in list(terms.items())[:300]:
            fmt = ix.schema[fieldname].format
            assert module.raw_postings(terms._postfile, info, fmt) is not None
    finally:
        ours.close()
        theirs.close()


def test_caches_are_written_without_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core import atomic

    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", calls.append)
    atomic.atomic_write(tmp_path / "cache.json", "{}", durable=False)
    assert calls == [] and (tmp_path / "cache.json").read_text() == "{}"
    atomic.atomic_write(tmp_path / "notes.toml", "x = 1\n")
    assert len(calls) == 2  # the file and its folder
