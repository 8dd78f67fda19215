"""Bring a file into the library: copied as it is into ``texts/``, under a
safe name, never twice.

The user's words are never rewritten. ``--title``/``--author`` given on import
are recorded as TOML front matter in the copy (added, or merged into the
front matter the file already has); the original's sha256 is recorded there
too, so that importing the same file again is recognised.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from reader.core.atomic import atomic_write, locked
from reader.core.clean import sniff_binary
from reader.core.errors import ReaderError
from reader.core.library import Library, slugify
from reader.core.parse import MD_SUFFIXES, parse_text

FRONT = b"+++"


@dataclass(frozen=True)
class Imported:
    path: Path
    title: str
    duplicate_of: Path | None = None  # set when the same content was already there


def content_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _recorded_sha(data: bytes) -> str | None:
    """The ``imported_sha256`` recorded in a text's front matter, if any."""
    if not data.startswith(FRONT):
        return None
    end = data.find(b"\n+++", 3)
    if end < 0:
        return None
    try:
        front = tomllib.loads(data[3:end].decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError:
        return None
    value = front.get("imported_sha256")
    return value if isinstance(value, str) else None


def find_duplicate(library: Library, sha: str) -> Path | None:
    for existing in library.text_files():
        try:
            data = existing.read_bytes()
        except OSError:
            continue
        if content_sha(data) == sha or _recorded_sha(data) == sha:
            return existing
    return None


def import_file(
    library: Library, source: Path, *, title: str | None = None, author: str | None = None
) -> Imported:
    try:
        data = source.read_bytes()
    except IsADirectoryError:
        raise ReaderError("is a folder; name the files to import", source) from None
    except OSError as err:
        raise ReaderError(f"cannot read the file: {err.strerror or err}", source) from None
    what = sniff_binary(data)
    if what is not None:
        raise ReaderError(
            f"this is {what}, not a text; reader imports plain text (.txt) and Markdown (.md)",
            source,
        )
    is_md = source.suffix.lower() in MD_SUFFIXES
    article = parse_text(data, text_id="import", path=str(source), fmt="md" if is_md else "txt")
    sha = content_sha(data)
    library.texts_dir.mkdir(parents=True, exist_ok=True)
    with locked(library.state_dir / "import"):
        duplicate = find_duplicate(library, sha)
        if duplicate is not None:
            return Imported(duplicate, article.meta.title, duplicate_of=duplicate)
        name = title or (None if article.meta.title_provisional else article.meta.title)
        stem = slugify(name or source.stem)
        suffix = ".md" if is_md else ".txt"
        target = library.texts_dir / f"{stem}{suffix}"
        n = 2
        while target.exists() or target.is_symlink():
            target = library.texts_dir / f"{stem}-{n}{suffix}"
            n += 1
        if title or author:
            data = _with_front_matter(data, source, title=title, author=author, sha=sha)
        atomic_write(target, data, mode=0o644)
    return Imported(target, title or article.meta.title)


def _with_front_matter(
    data: bytes, source: Path, *, title: str | None, author: str | None, sha: str
) -> bytes:
    front: dict[str, object] = {}
    body = data
    if data.startswith(FRONT):
        end = data.find(b"\n+++", 3)
        if end >= 0:
            try:
                front = tomllib.loads(data[3:end].decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
                raise ReaderError(
                    f"its front matter is not valid TOML ({err}); fix it before importing",
                    source,
                    1,
                ) from None
            newline = data.find(b"\n", end + 1)
            body = data[newline + 1 :] if newline >= 0 else b""
    if title:
        front["title"] = title
    if author:
        front["author"] = author
    front["imported_sha256"] = sha
    return b"+++\n" + tomli_w.dumps(front).encode("utf-8") + b"+++\n" + body
