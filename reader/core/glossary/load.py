"""Reading glossary files (and writing the user's).

Three sources, in precedence order: the user's ``notes/glossary.toml``, the
text's front matter (``glossary`` tables, that text only), the bundled
``texts/glossary.toml``. A broken file or entry never stops the others from
loading: loading returns the entries plus a list of problems, each a
:class:`ReaderError` naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.atomic import atomic_write, locked
from reader.core.clean import strip_controls
from reader.core.errors import ReaderError, load_toml
from reader.core.glossary.entries import KINDS, Entry, Source
from reader.core.glossary.fold import key

if TYPE_CHECKING:
    from reader.core.model import Article

_FIELDS = ("name", "kind", "aliases", "dates", "summary", "see_also", "links", "surname")
_TEXT_FIELDS = ("dates", "summary")
_LIST_FIELDS = ("aliases", "see_also", "links")
# Names and aliases become paths in the matcher's trie (one level per character).
MAX_NAME = 200
_ENTRY_HEADER = re.compile(r"^\s*\[\[\s*entry\s*\]\]\s*(?:#.*)?$")
_FRONT_HEADER = re.compile(r"^\s*\[\[\s*glossary(?:\s*\.\s*entry)?\s*\]\]\s*(?:#.*)?$")


def read_glossary_file(path: Path, source: Source, problems: list[ReaderError]) -> list[Entry]:
    """The entries of one glossary file ([] when it is absent or unreadable)."""
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ReaderError(f"cannot read the glossary ({_reason(exc)}); skipped", path))
        return []
    try:
        data = parse_toml(text, path)
    except ReaderError as err:
        problems.append(err)
        return []
    tables = data.get("entry", [])
    for name in data:
        if name != "entry":
            problems.append(
                ReaderError(
                    f"unknown top-level key '{name}' (a glossary holds [[entry]] tables); ignored",
                    path,
                    _key_line(text.splitlines(), name, 0, None),
                )
            )
    if not isinstance(tables, list):
        problems.append(
            ReaderError("'entry' must be [[entry]] tables; no entries read", path, None)
        )
        return []
    return entries_from_tables(tables, source, path, text, _ENTRY_HEADER, problems)


def front_matter_entries(article: Article, problems: list[ReaderError]) -> list[Entry]:
    """Entries from the ``glossary`` tables of a text's TOML front matter."""
    raw = article.front_matter.get("glossary")
    if raw is None:
        return []
    path = Path(article.path) if article.path else None
    where: str | Path = path if path is not None else article.id
    tables: Any = raw.get("entry", []) if isinstance(raw, dict) else raw
    if not isinstance(tables, list):
        problems.append(
            ReaderError("front matter 'glossary' must be [[glossary]] tables; ignored", where)
        )
        return []
    source_text = ""
    if path is not None:
        try:
            source_text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            source_text = ""
    return entries_from_tables(tables, "text", where, source_text, _FRONT_HEADER, problems)


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """``tomllib.loads`` with its error turned into a :class:`ReaderError` with the line."""
    return load_toml(
        text,
        path,
        lambda reason, _: (
            f"not valid TOML ({reason}); fix that line, the file is skipped until then"
        ),
    )


def entries_from_tables(
    tables: Sequence[Any],
    source: Source,
    path: Path | str,
    text: str,
    header: re.Pattern[str],
    problems: list[ReaderError],
) -> list[Entry]:
    """Validated entries from a list of TOML tables; problems for the rest."""
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if header.match(line)]
    if len(headers) != len(tables):
        headers = []
    entries: list[Entry] = []
    seen: dict[str, int | None] = {}
    for i, table in enumerate(tables):
        start = headers[i] if headers else None
        end = headers[i + 1] if headers and i + 1 < len(headers) else None
        line = start + 1 if start is not None else None

        def at(field: str, start: int | None = start, end: int | None = end) -> int | None:
            return _key_line(lines, field, start, end) if start is not None else None

        if not isinstance(table, dict):
            problems.append(ReaderError("a glossary entry must be a table; skipped", path, line))
            continue
        entry, errors = _entry_from_table(table, source, str(path), line, at)
        problems.extend(errors)
        if entry is None:
            continue
        k = key(entry.name)
        if k in seen:
            first = seen[k]
            where = f" (first at line {first})" if first is not None else ""
            problems.append(
                ReaderError(
                    f"entry '{entry.name}' appears twice{where}; the first one is used",
                    path,
                    line,
                )
            )
            continue
        seen[k] = line
        entries.append(entry)
    return entries


def _entry_from_table(
    table: dict[str, Any],
    source: Source,
    path: str,
    line: int | None,
    at: Callable[[str], int | None],
) -> tuple[Entry | None, list[ReaderError]]:
    errors: list[ReaderError] = []
    name = table.get("name")
    if isinstance(name, str):
        # Escape sequences and control characters would act on the terminal: dropped.
        name = " ".join(strip_controls(name)[0].split())
    if not isinstance(name, str) or not name:
        what = "has no 'name'" if name is None else "has a 'name' that is not text"
        errors.append(
            ReaderError(f'glossary entry {what}; add name = "…"; entry skipped', path, line)
        )
        return None, errors
    if len(name) > MAX_NAME:
        errors.append(
            ReaderError(
                f"glossary entry '{name[:40]}…' has a name of {len(name)} characters "
                f"(at most {MAX_NAME}); entry skipped",
                path,
                line,
            )
        )
        return None, errors
    label = f"entry '{name}'"
    kind = table.get("kind")
    if kind is None:
        errors.append(
            ReaderError(
                f"{label} has no 'kind' (one of {', '.join(KINDS)}); entry skipped", path, line
            )
        )
        return None, errors
    if kind not in KINDS:
        errors.append(
            ReaderError(
                f"{label}: unknown kind {kind!r} (use one of {', '.join(KINDS)}); entry skipped",
                path,
                at("kind"),
            )
        )
        return None, errors
    values: dict[str, Any] = {}
    for field_name in _TEXT_FIELDS:
        value = table.get(field_name, "")
        if not isinstance(value, str):
            errors.append(
                ReaderError(
                    f"{label}: '{field_name}' must be text in quotes; entry skipped",
                    path,
                    at(field_name),
                )
            )
            return None, errors
        values[field_name] = strip_controls(value)[0].strip()
    for field_name in _LIST_FIELDS:
        value = table.get(field_name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(
                ReaderError(
                    f"{label}: '{field_name}' must be a list of strings, "
                    f'e.g. {field_name} = ["…"]; entry skipped',
                    path,
                    at(field_name),
                )
            )
            return None, errors
        values[field_name] = tuple(
            " ".join(strip_controls(v)[0].split()) for v in value if v.strip()
        )
        if field_name == "aliases" and any(len(v) > MAX_NAME for v in values[field_name]):
            errors.append(
                ReaderError(
                    f"{label}: an alias is longer than {MAX_NAME} characters; entry skipped",
                    path,
                    at(field_name),
                )
            )
            return None, errors
    surname = table.get("surname", True)
    if not isinstance(surname, bool):
        errors.append(
            ReaderError(
                f"{label}: 'surname' must be true or false (false: never matched by the "
                "surname alone); entry skipped",
                path,
                at("surname"),
            )
        )
        return None, errors
    for field_name in table:
        if field_name not in _FIELDS:
            errors.append(
                ReaderError(
                    f"{label}: unknown field '{field_name}' (known: {', '.join(_FIELDS)}); ignored",
                    path,
                    at(field_name),
                )
            )
    entry = Entry(
        name=name,
        kind=kind,
        aliases=values["aliases"],
        dates=values["dates"],
        summary=values["summary"],
        see_also=values["see_also"],
        links=values["links"],
        surname=surname,
        source=source,
        path=path,
        line=line,
    )
    return entry, errors


def _key_line(lines: list[str], field: str, start: int | None, end: int | None) -> int | None:
    """The 1-based line of ``field = …`` between lines ``start`` and ``end``."""
    first = start if start is not None else 0
    pattern = re.compile(rf"^\s*(?:{re.escape(field)}|\"{re.escape(field)}\")\s*=")
    for i in range(first, end if end is not None else len(lines)):
        if pattern.match(lines[i]):
            return i + 1
    return first + 1 if start is not None else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


def new_entry(
    name: str,
    kind: str,
    summary: str,
    *,
    aliases: Sequence[str] = (),
    dates: str = "",
    see_also: Sequence[str] = (),
    links: Sequence[str] = (),
) -> Entry:
    """A user entry, checked the way a glossary file is (a :class:`ReaderError` if not)."""
    for what, value in (
        ("name", name),
        ("summary", summary),
        ("dates", dates),
        *(("alias", a) for a in aliases),
        *(("see also", s) for s in see_also),
        *(("link", u) for u in links),
    ):
        _refuse_controls(value, what)
    name = " ".join(name.split())
    if not name:
        raise ReaderError("a glossary entry needs a name")
    if len(name) > MAX_NAME or any(len(" ".join(a.split())) > MAX_NAME for a in aliases):
        raise ReaderError(f"a glossary name or alias has at most {MAX_NAME} characters")
    if not key(name):  # "~" or "*": nothing to match, and every such name would clash
        raise ReaderError(f"a glossary entry's name needs a letter or a digit, not only {name!r}")
    if kind not in KINDS:
        raise ReaderError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return Entry(
        name=name,
        kind=kind,
        aliases=tuple(" ".join(a.split()) for a in aliases if a.strip()),
        dates=dates.strip(),
        summary=summary.strip(),
        see_also=tuple(s.strip() for s in see_also if s.strip()),
        links=tuple(u.strip() for u in links if u.strip()),
        source="user",
    )


def _refuse_controls(value: str, what: str) -> None:
    """Control characters would act on the terminal, lone surrogates cannot be saved:
    both are refused before anything is written (tab and newline are fine)."""
    for i, ch in enumerate(value):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise ReaderError(
                f"the entry's {what} holds a lone surrogate (U+{code:04X}) at character "
                f"{i + 1}, which a glossary file cannot store; remove it"
            )
        if (code < 0x20 and ch not in "\t\n") or 0x7F <= code <= 0x9F:
            raise ReaderError(
                f"the entry's {what} holds a control character (U+{code:04X}) at character "
                f"{i + 1}; remove it"
            )


def append_user_entry(path: Path, entry: Entry) -> Entry:
    """Append ``entry`` as a new ``[[entry]]`` table to the user's glossary.

    The file is re-read under the lock; if it does not parse, or already has
    an entry of that name, nothing is written and a :class:`ReaderError` says
    why. The rest of the file (comments, layout) is kept byte for byte.
    """
    import tomli_w

    if entry.kind not in KINDS:
        raise ReaderError(f"unknown kind {entry.kind!r}; use one of {', '.join(KINDS)}")
    with locked(path):
        existing = ""
        if path.exists():
            try:
                existing = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise ReaderError(
                    f"cannot read your glossary ({_reason(exc)}); nothing was added", path
                ) from None
            try:
                data = parse_toml(existing, path)
            except ReaderError as err:
                raise ReaderError(
                    f"{err.message.split(';')[0]}; fix it before adding entries "
                    "(nothing was written)",
                    path,
                    err.line,
                ) from None
            tables = data.get("entry", [])
            if not isinstance(tables, list):
                raise ReaderError(
                    "'entry' is not a list of [[entry]] tables; nothing was added", path
                )
            lines = existing.splitlines()
            headers = [i for i, line in enumerate(lines) if _ENTRY_HEADER.match(line)]
            for i, table in enumerate(tables):
                if isinstance(table, dict) and key(str(table.get("name", ""))) == key(entry.name):
                    line = headers[i] + 1 if len(headers) == len(tables) else None
                    raise ReaderError(
                        f"'{entry.name}' is already in your glossary; edit that entry instead",
                        path,
                        line,
                    )
        # The header written out: tomli_w puts a short table inline ("entry = [{…}]"),
        # which the next append could not extend.
        block = "[[entry]]\n" + tomli_w.dumps(entry.to_table())
        prefix = existing
        if prefix and not prefix.endswith("\n"):
            prefix += "\n"
        if prefix.strip():
            prefix += "\n"
        new_text = prefix + block
        try:  # our own output must parse, or we write nothing
            check = tomllib.loads(new_text)
        except tomllib.TOMLDecodeError:
            check = {}
        if not isinstance(check.get("entry"), list):
            raise ReaderError(
                "cannot append an [[entry]] table to this file's layout "
                "(is 'entry' written inline?); nothing was added",
                path,
            )
        line = new_text.count("\n", 0, len(prefix)) + 1
        atomic_write(path, new_text)
    return Entry(
        name=entry.name,
        kind=entry.kind,
        aliases=entry.aliases,
        dates=entry.dates,
        summary=entry.summary,
        see_also=entry.see_also,
        links=entry.links,
        source="user",
        path=str(path),
        line=line,
    )
