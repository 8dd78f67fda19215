"""Bring a file into the library: copied as it is into ``texts/``, under a
safe name, never twice.

The user's words are never rewritten. ``--title``/``--author`` given on import
are recorded as TOML front matter in the copy (added, or merged into the
front matter the file already has); the original's sha256 is recorded there
too, so that importing the same file again is recognised.

Saved web pages (``.html``, ``.htm``, ``.xhtml``) and EPUB books are
converted (:mod:`reader.core.web`, :mod:`reader.core.epub_import`) to a
Markdown text with front matter; the file itself is kept, byte for byte, in
``texts/.originals/<text id>.<ext>`` (named in the front matter as
``original``), so that a better converter can redo the work later, and its
sha256 is recorded as for any import. A page saved again (other bytes, same
canonical URL) is recognised by its URL.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from reader.core.atomic import atomic_write, locked
from reader.core.clean import read_source, sniff_binary
from reader.core.errors import ReaderError
from reader.core.library import Library, slugify
from reader.core.parse import MD_SUFFIXES, parse_text

FRONT = b"+++"
CONVERTED_SUFFIXES = (".html", ".htm", ".xhtml", ".epub")
_UNSUPPORTED = {
    ".mht": "a web archive (MHTML); save the page as 'Web Page, HTML only' (.html)",
    ".mhtml": "a web archive (MHTML); save the page as 'Web Page, HTML only' (.html)",
    ".mobi": "a Kindle book; convert it to EPUB first (e.g. with Calibre)",
    ".azw": "a Kindle book; convert it to EPUB first (e.g. with Calibre)",
    ".azw3": "a Kindle book; convert it to EPUB first (e.g. with Calibre)",
}


@dataclass(frozen=True)
class Imported:
    path: Path
    title: str
    duplicate_of: Path | None = None  # set when the same content was already there


def content_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _recorded_front(data: bytes) -> dict[str, object]:
    """A text's front matter, or nothing when it has none that reads."""
    if not data.startswith(FRONT):
        return {}
    end = data.find(b"\n+++", 3)
    if end < 0:
        return {}
    try:
        return tomllib.loads(data[3:end].decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError:
        return {}


def _recorded_sha(data: bytes) -> str | None:
    """The ``imported_sha256`` recorded in a text's front matter, if any."""
    value = _recorded_front(data).get("imported_sha256")
    return value if isinstance(value, str) else None


def _same_page(library: Library, url: str) -> Path | None:
    """A text converted from a page with the same URL: saved again, a page's
    bytes change (dates, ads, tracking), the article does not."""
    for existing in library.text_files():
        try:
            front = _recorded_front(existing.read_bytes())
        except OSError:
            continue
        if "original" in front and front.get("source") == url:
            return existing
    return None


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
    unsupported = _UNSUPPORTED.get(source.suffix.lower())
    if unsupported is not None:
        raise ReaderError(f"this is {unsupported}", source)
    data = read_source(source)
    if source.suffix.lower() in CONVERTED_SUFFIXES:
        return _import_converted(library, source, data, title=title, author=author)
    what = sniff_binary(data)
    if what is not None:
        raise ReaderError(
            f"this is {what}, not a text; reader imports plain text (.txt), Markdown (.md), "
            "saved web pages (.html) and EPUB books (.epub)",
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
        # the title names the file; a provisional one (first words) still reads
        # better than a downloaded file's name, unless it is only punctuation
        name = title or article.meta.title
        stem = slugify(name, max_length=60) if slugify(name) != "text" else slugify(source.stem)
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


def _import_converted(
    library: Library, source: Path, data: bytes, *, title: str | None, author: str | None
) -> Imported:
    """A web page or an EPUB: converted to Markdown, the original kept beside it."""
    suffix = source.suffix.lower()
    sha = content_sha(data)
    library.texts_dir.mkdir(parents=True, exist_ok=True)
    duplicate = find_duplicate(library, sha)
    if duplicate is not None:  # before converting: a book takes a moment
        return Imported(duplicate, duplicate.stem, duplicate_of=duplicate)
    if suffix == ".epub":
        from reader.core.epub_import import convert_epub

        converted = convert_epub(data, source)
    else:
        from reader.core.web.page import convert_html

        converted = convert_html(data, source)
    front: dict[str, object] = dict(converted.front)
    if title:
        front["title"] = title
    if author:
        front["author"] = author
    name = str(front.get("title") or source.stem)
    url = front.get("source")
    with locked(library.state_dir / "import"):
        duplicate = find_duplicate(library, sha)
        if duplicate is None and isinstance(url, str):
            duplicate = _same_page(library, url)
        if duplicate is not None:
            return Imported(duplicate, name, duplicate_of=duplicate)
        stem = slugify(name)
        target = library.texts_dir / f"{stem}.md"
        original = library.originals_dir / f"{stem}{suffix}"
        n = 2
        while any(p.exists() or p.is_symlink() for p in (target, original)):
            target = library.texts_dir / f"{stem}-{n}.md"
            original = library.originals_dir / f"{stem}-{n}{suffix}"
            n += 1
        front["imported_from"] = source.name
        front["imported_sha256"] = sha
        front["original"] = f"{library.originals_dir.name}/{original.name}"
        text = "+++\n" + tomli_w.dumps(front) + "+++\n\n" + converted.body
        article = parse_text(text, text_id=target.stem, path=str(target), fmt="md")
        atomic_write(original, data, mode=0o644)
        try:
            atomic_write(target, text, mode=0o644)
        except BaseException:
            original.unlink(missing_ok=True)  # no original without its text
            raise
    return Imported(target, article.meta.title)
