"""Where a library lives, and every path reader touches inside it.

A library is a folder holding ``texts/`` (the user's articles, kept as they
are), ``index/`` (the search index, a cache), ``notes/`` (the user's notes and
glossary) and ``.reader/`` (app state: resume positions, settings). This module
is the one place that knows those paths; tests patch :func:`user_library_dir`.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from reader.core.errors import ReaderError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
ENV_VAR = "READER_LIBRARY"
GLOSSARY_FILE = "glossary.toml"


class Library(NamedTuple):
    root: Path

    @property
    def texts_dir(self) -> Path:
        return self.root / "texts"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def notes_dir(self) -> Path:
        return self.root / "notes"

    @property
    def state_dir(self) -> Path:
        return self.root / ".reader"

    @property
    def originals_dir(self) -> Path:
        """Converted files (web pages, EPUBs) as they were given, beside the texts."""
        return self.texts_dir / ".originals"

    @property
    def bundled_glossary(self) -> Path:
        """The library's copy of our glossary (``texts/glossary.toml``)."""
        return self.texts_dir / GLOSSARY_FILE

    def our_glossary(self) -> Path:
        """Where to READ our glossary: the library's copy when it has one, else
        the one shipped with reader, so every library has it. Never write here:
        it may be reader's own installed file."""
        here = self.bundled_glossary
        if here.is_file():
            return here
        shipped = bundled_texts_dir()
        return shipped / GLOSSARY_FILE if shipped is not None else here

    @property
    def user_glossary(self) -> Path:
        """The user's own glossary entries (theirs win on a name clash)."""
        return self.notes_dir / GLOSSARY_FILE

    def notes_file(self, text_id: str) -> Path:
        return self.notes_dir / f"{text_id}.toml"

    def text_files(self) -> list[Path]:
        """The library's texts, sorted by file name."""
        if not self.texts_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.texts_dir.iterdir()
            if p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )

    def find_text(self, name: str) -> Path:
        """A text by id (file stem), file name or path; a clear error otherwise."""
        candidate = Path(name)
        if candidate.is_file() and candidate.suffix.lower() in TEXT_SUFFIXES:
            return candidate
        files = self.text_files()
        for p in files:
            if name in (p.stem, p.name):
                return p
        lowered = name.casefold()
        prefixed = [p for p in files if p.stem.casefold().startswith(lowered)]
        if len(prefixed) == 1:
            return prefixed[0]
        hint = "; run 'reader list' to see the library"
        if len(prefixed) > 1:
            names = ", ".join(p.stem for p in prefixed[:5])
            raise ReaderError(f"'{name}' matches several texts ({names}); be more specific")
        raise ReaderError(f"no text '{name}' in {self.texts_dir}{hint}")


def text_id(path: Path) -> str:
    """A text's id: its file name without the extension."""
    return path.stem


def user_library_dir() -> Path:
    """The per-user library (platformdirs), used when nothing else names one."""
    import platformdirs

    return Path(platformdirs.user_data_dir("reader", appauthor=False))


def bundled_texts_dir() -> Path | None:
    """The sample texts we ship: beside the package in a checkout, or installed data."""
    here = Path(__file__).resolve().parent.parent.parent / "texts"
    if here.is_dir():
        return here
    installed = Path(sys.prefix) / "share" / "reader" / "texts"
    return installed if installed.is_dir() else None


def resolve_library(
    option: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    *,
    create: bool = False,
) -> Library:
    """Which library: ``--library``, else ``$READER_LIBRARY``, else the current
    directory if it has ``texts/``, else the user data directory (created and
    seeded with the bundled texts on first use). A folder named by
    ``--library`` or ``$READER_LIBRARY`` must exist (a mistyped path would
    otherwise start an empty library), unless ``create`` says to make it:
    ``reader import`` does, so importing into a new folder starts a library."""
    env = os.environ if env is None else env
    if option:
        return _existing(Path(option).expanduser(), "--library", create)
    if env.get(ENV_VAR):
        return _existing(Path(env[ENV_VAR]).expanduser(), ENV_VAR, create)
    cwd = Path.cwd() if cwd is None else cwd
    if (cwd / "texts").is_dir():
        return Library(cwd)
    root = user_library_dir()
    if not (root / "texts").is_dir():
        seed_library(root)
    return Library(root)


def _existing(root: Path, where: str, create: bool) -> Library:
    if root.exists() and not root.is_dir():
        raise ReaderError(f"{where} names {root}, which is not a folder")
    if not root.exists():
        if not create:
            raise ReaderError(
                f"{where} names {root}, which does not exist; check the path, or start a "
                f"library there with 'reader import FILE --library {root}'"
            )
        root.mkdir(parents=True)
    (root / "texts").mkdir(exist_ok=True)
    return Library(root)


def seed_library(root: Path) -> Library:
    """Create a library at ``root`` holding copies of the bundled texts."""
    texts = root / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    source = bundled_texts_dir()
    if source is not None:
        for p in source.iterdir():
            if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or p.name == GLOSSARY_FILE):
                target = texts / p.name
                if not target.exists():
                    shutil.copy2(p, target)
    return Library(root)


_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def slugify(name: str, max_length: int = 80) -> str:
    """A safe file stem: lower-case ASCII words joined by '-', never a path, at
    most ``max_length`` characters, cut between words."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = "-".join(words)
    if len(slug) > max_length:  # cut between words; one long word is cut where it must be
        slug = slug[: max_length + 1].rpartition("-")[0] or slug[:max_length]
    if not slug or slug in _RESERVED:
        slug = f"text-{slug}" if slug else "text"
    return slug
