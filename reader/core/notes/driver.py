"""reader as git's merge driver for notes files, and the setup that makes it one.

git merges text line by line, so a note added on each of two branches is a
conflict, and a note deleted on one and edited on the other is a mess of
markers in TOML. With ``.gitattributes`` naming a *merge driver* for
``notes/*.toml``, git instead runs ``reader notes merge BASE OURS THEIRS``
(its ``%O %A %B``): the three versions are merged by note id
(:mod:`.merge`) and the result written over OURS, keeping its comments and
layout. ``reader notes setup-git`` writes the two pieces::

    # .gitattributes, beside texts/ and notes/
    notes/*.toml merge=reader-notes
    notes/glossary.toml merge=text

    # the repository's .git/config (git config does it)
    [merge "reader-notes"]
        name = reader: notes merged by id
        driver = reader notes merge %O %A %B
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from reader.core.atomic import atomic_write
from reader.core.errors import ReaderError
from reader.core.library import Library
from reader.core.notes.merge import Merged, as_side, changes, merge, without_drafts
from reader.core.notes.toml_file import decode, edit_document, parse_document, parse_file

DRIVER = "reader-notes"
ATTRIBUTES = (
    "# reader: notes files are merged note by note ('reader notes setup-git')",
    f"notes/*.toml merge={DRIVER}",
    "notes/glossary.toml merge=text",
)


def merge_three(base: Path, ours: Path, theirs: Path) -> Merged:
    """Merge THEIRS into OURS with BASE their common ancestor; OURS is rewritten.

    A file that does not parse raises (git then reports a conflict and
    leaves OURS as it was).
    """
    raw = {}
    for path in (base, ours, theirs):
        try:
            raw[path] = path.read_bytes()
        except OSError as err:
            raise ReaderError(f"cannot read: {err.strerror}", path) from None
    text_id = "notes"  # not stored in the file; only names notes in errors
    old, mine, other = (parse_file(raw[p], p, text_id) for p in (base, ours, theirs))
    mine_side = as_side(mine.notes, mine.tombs)
    merged = merge(
        mine_side,
        without_drafts(as_side(other.notes, other.tombs), text_id),
        without_drafts(as_side(old.notes, old.tombs), text_id),
    )
    upserts, deletes, tombs = changes(mine_side, merged)
    if upserts or deletes or tombs:
        doc = parse_document(decode(raw[ours], ours), text_id, ours)
        new_text = edit_document(doc, upserts, deletes, dict(tombs))
        check = parse_file(new_text.encode("utf-8"), ours, text_id)
        if {a.id for a in check.notes} != set(merged.notes) or check.tombs != merged.tombs:
            raise ReaderError("the merged notes could not be written faithfully (a bug)", ours)
        atomic_write(ours, new_text.encode("utf-8"))
    return merged


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ReaderError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        first = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise ReaderError(f"git {args[0]} failed: {first[0] if first else done.returncode}", root)
    return done.stdout.strip()


def setup_git(library: Library, command: str | None = None) -> list[str]:
    """Make git merge this library's notes files with reader; what was done, line by line.

    ``command`` is how git should run reader (default: this Python, ``-m
    reader``, so the driver works whatever the ``PATH`` of the shell git runs).
    """
    root = library.root
    try:
        _git(root, "rev-parse", "--show-toplevel")
    except ReaderError:
        raise ReaderError(
            "the library is not in a git repository; run 'git init' in it first", root
        ) from None
    done: list[str] = []
    attributes = root / ".gitattributes"
    try:
        have = attributes.read_text(encoding="utf-8")
    except FileNotFoundError:
        have = ""
    missing = [line for line in ATTRIBUTES if line not in have.splitlines()]
    if missing:
        text = have + ("\n" if have and not have.endswith("\n") else "") + "\n".join(missing) + "\n"
        atomic_write(attributes, text.encode("utf-8"))
        done.append(f"{attributes}: notes/*.toml merge={DRIVER}")
    if command is None:
        command = f"{shlex.quote(sys.executable)} -m reader"
    driver = f"{command} notes merge %O %A %B"
    _git(root, "config", f"merge.{DRIVER}.name", "reader: notes merged by id")
    _git(root, "config", f"merge.{DRIVER}.driver", driver)
    done.append(f"git config merge.{DRIVER}.driver '{driver}'")
    return done
