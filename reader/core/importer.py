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
from typing import Literal

import tomli_w

from reader.core.atomic import atomic_write, locked
from reader.core.clean import read_source, sniff_binary
from reader.core.errors import ReaderError
from reader.core.library import Library, slugify
from reader.core.model import Article
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


# What to do with a file imported before (found by its recorded path or sha256):
# say so and import nothing, import it over the earlier copy, or import it as a
# new text beside it.
Again = Literal["ask", "replace", "new"]


@dataclass(frozen=True)
class Imported:
    path: Path
    title: str
    duplicate_of: Path | None = None  # set when the same content was already there
    unchanged: bool = False  # duplicate_of holds the file's very bytes


def _imports_record(library: Library) -> Path:
    """Which file each text was imported from, and its sha256 then: a text
    edited since is still known as that file's import."""
    return library.state_dir / "imported.toml"


def _read_record(library: Library) -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(_imports_record(library).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # a lost record only means an edited copy is not recognised
    texts = data.get("texts", {})
    return {k: v for k, v in texts.items() if isinstance(v, dict)}


def _remember(library: Library, target: Path, source: Path, sha: str) -> None:
    record = {  # texts deleted since are forgotten
        name: entry
        for name, entry in _read_record(library).items()
        if (library.texts_dir / name).is_file()
    }
    record[target.name] = {"source": str(source.resolve()), "sha256": sha}
    library.state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(_imports_record(library), tomli_w.dumps({"texts": record}))


def earlier_import(library: Library, source: Path, sha: str) -> Path | None:
    """The text an earlier import of ``source`` made, edited since or not: the
    same bytes, or the same path or sha256 as recorded at that import."""
    duplicate = find_duplicate(library, sha)
    if duplicate is not None:
        return duplicate
    where = str(source.resolve())
    for name, entry in _read_record(library).items():
        text = library.texts_dir / name
        if (entry.get("source") == where or entry.get("sha256") == sha) and text.is_file():
            return text
    return None


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


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
    library: Library,
    source: Path,
    *,
    title: str | None = None,
    author: str | None = None,
    again: Again = "ask",
) -> Imported:
    """Copy (or convert) ``source`` into the library. A file imported before is
    not imported twice unless ``again`` says how: over the earlier copy
    (``"replace"``, which keeps its name and so its notes) or as a new text."""
    unsupported = _UNSUPPORTED.get(source.suffix.lower())
    if unsupported is not None:
        raise ReaderError(f"this is {unsupported}", source)
    data = read_source(source)
    if source.suffix.lower() in CONVERTED_SUFFIXES:
        return _import_converted(library, source, data, title=title, author=author, again=again)
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
        earlier = earlier_import(library, source, sha) if again != "new" else None
        if earlier is not None and (again == "ask" or _unchanged(earlier, data)):
            unchanged = _unchanged(earlier, data)
            return Imported(earlier, article.meta.title, earlier, unchanged=unchanged)
        target = earlier if earlier is not None else _new_name(library, source, title, article)
        if title or author:
            data = _with_front_matter(data, source, title=title, author=author, sha=sha)
        atomic_write(target, data, mode=0o644)
        _remember(library, target, source, sha)
    return Imported(target, title or article.meta.title)


ID_LENGTH = 40
# Words a cut id does not end with ("the-history-of-the-decline-and-fall").
_LINKING = {
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}


def new_id(title: str) -> str:
    """A new text's id, from its title: short enough to type and to read beside
    the title in ``reader list``, cut between words, without a dangling "of
    the". Ids already given never change: they name the text's notes file."""
    whole = slugify(title, max_length=10**9)
    stem = slugify(title, max_length=ID_LENGTH).split("-")
    while len(stem) > 1 and stem[-1] in _LINKING and "-".join(stem) != whole:
        stem.pop()
    return "-".join(stem)


def _new_name(library: Library, source: Path, title: str | None, article: Article) -> Path:
    # the title names the file; a provisional one (first words) still reads
    # better than a downloaded file's name, unless it is only punctuation
    name = title or article.meta.title
    stem = new_id(name) if slugify(name) != "text" else new_id(source.stem)
    suffix = ".md" if source.suffix.lower() in MD_SUFFIXES else ".txt"
    target = library.texts_dir / f"{stem}{suffix}"
    n = 2
    while target.exists() or target.is_symlink():
        target = library.texts_dir / f"{stem}-{n}{suffix}"
        n += 1
    return target


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


def convert_source(source: Path, data: bytes) -> tuple[dict[str, object], str]:
    """A web page or an EPUB as import converts it: its front matter and its
    Markdown body (``reader parse`` shows the same)."""
    if source.suffix.lower() == ".epub":
        from reader.core.epub_import import convert_epub

        converted = convert_epub(data, source)
    else:
        from reader.core.web.page import convert_html

        converted = convert_html(data, source)
    return dict(converted.front), converted.body


def converted_text(front: dict[str, object], body: str) -> str:
    """The Markdown text a conversion is written as."""
    return "+++\n" + tomli_w.dumps(front) + "+++\n\n" + body


def _import_converted(
    library: Library,
    source: Path,
    data: bytes,
    *,
    title: str | None,
    author: str | None,
    again: Again,
) -> Imported:
    """A web page or an EPUB: converted to Markdown, the original kept beside it."""
    suffix = source.suffix.lower()
    sha = content_sha(data)
    library.texts_dir.mkdir(parents=True, exist_ok=True)
    earlier = earlier_import(library, source, sha) if again != "new" else None
    if earlier is not None and again == "ask":  # before converting: a book takes a moment
        return Imported(earlier, earlier.stem, duplicate_of=earlier)
    front, body = convert_source(source, data)
    if title:
        front["title"] = title
    if author:
        front["author"] = author
    name = str(front.get("title") or source.stem)
    url = front.get("source")
    with locked(library.state_dir / "import"):
        earlier = earlier_import(library, source, sha) if again != "new" else None
        if earlier is None and again == "ask" and isinstance(url, str):
            earlier = _same_page(library, url)
        if earlier is not None and again == "ask":
            return Imported(earlier, name, duplicate_of=earlier)
        stem = new_id(name)
        target = library.texts_dir / f"{stem}.md"
        original = library.originals_dir / f"{stem}{suffix}"
        n = 2
        while any(p.exists() or p.is_symlink() for p in (target, original)):
            target = library.texts_dir / f"{stem}-{n}.md"
            original = library.originals_dir / f"{stem}-{n}{suffix}"
            n += 1
        if earlier is not None:  # again == "replace"
            target = earlier
            original = library.originals_dir / f"{earlier.stem}{suffix}"
        front["imported_from"] = source.name
        front["imported_sha256"] = sha
        front["original"] = f"{library.originals_dir.name}/{original.name}"
        text = converted_text(front, body)
        shown = front.get("title")
        if not isinstance(shown, str):  # a book's own title spares parsing all of it
            shown = parse_text(text, text_id=target.stem, path=str(target), fmt="md").meta.title
        atomic_write(original, data, mode=0o644)
        try:
            atomic_write(target, text, mode=0o644)
        except BaseException:
            if earlier is None:
                original.unlink(missing_ok=True)  # no original without its text
            raise
        _remember(library, target, source, sha)
    return Imported(target, shown)
