"""From the bytes a user pasted to clean text: decoding, newlines, controls.

Nothing here rewrites the user's words. It only decides how bytes become
characters (UTF-8, with a per-byte Windows-1252 fallback for invalid
sequences, reported as a warning), turns every newline convention into
``\\n``, and removes what must never reach a terminal: escape sequences
(CSI, OSC, DCS…), C0/C1 control characters other than tab and newline, DEL,
and the bidirectional overrides that can disguise text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError

if TYPE_CHECKING:  # the model costs ~5 ms to import; terminal_safe() needs none of it
    from reader.core.model import Diagnostic

_ERROR_HANDLER = "reader-cp1252-fallback"


def _fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):  # pragma: no cover - decode only
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), err.end


codecs.register_error(_ERROR_HANDLER, _fallback)

# Escape sequences as terminals understand them, matched whole so that no
# payload ("[2J", "]52;c;…") is left behind once the ESC byte is gone.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI … final byte
    r"|\x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC … BEL or ST
    r"|\x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # two-character and nF escapes (or a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x9c)?"  # 8-bit string controls
)
# C0 except tab and newline, DEL, C1, bidi embeddings/overrides/isolates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85")

_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a zip archive (an EPUB or office file?)",
    b"\x7fELF": "a program",
    b"\x1f\x8b": "a gzip archive",
}


def read_source(path: Path) -> bytes:
    """A file's bytes, or a :class:`ReaderError` saying why not, in one line."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ReaderError("is a folder, not a text; name the files themselves", path) from None
    except OSError as err:
        raise ReaderError(f"cannot read the file: {err.strerror or err}", path) from None


def sniff_binary(data: bytes) -> str | None:
    """Say what kind of binary file ``data`` is, or ``None`` if it looks like text."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return what
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = data[:8192]
    if b"\x00" in head:
        return "a binary file"
    return None


def decode(data: bytes) -> tuple[str, list[Diagnostic]]:
    """Bytes to text: BOMs honoured, invalid UTF-8 decoded byte by byte as
    Windows-1252 with a warning naming the first bad line."""
    from reader.core.model import Diagnostic

    diagnostics: list[Diagnostic] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), diagnostics
    try:
        return data.decode("utf-8"), diagnostics
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        if not _UTF8_SEQUENCE.search(data):
            # No UTF-8 anywhere: a Latin-1 or Windows-1252 file (older Project
            # Gutenberg texts), read whole in that encoding. Windows-1252 is
            # Latin-1 with printable characters where Latin-1 has controls.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            diagnostics.append(
                Diagnostic(
                    "the file is in a one-byte encoding, not UTF-8; read as Windows-1252 (Latin-1)",
                    line=line,
                    severity="info",
                )
            )
            return text, diagnostics
        diagnostics.append(
            Diagnostic(
                "the file is not valid UTF-8; the invalid bytes were read as Windows-1252 "
                "(save it as UTF-8 to silence this)",
                line=line,
            )
        )
    return data.decode("utf-8", errors=_ERROR_HANDLER), diagnostics


# A well-formed multi-byte UTF-8 sequence: its presence means the file is UTF-8
# with some damage, not a file in a one-byte encoding.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text)


def strip_controls(text: str) -> tuple[str, int]:
    """Remove escape sequences and control characters; return the count removed."""
    if not _CONTROLS.search(text):  # every escape sequence starts with a control
        return text, 0
    count = 0

    def _drop(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return ""

    text = _ESCAPES.sub(_drop, text)
    text = _CONTROLS.sub(_drop, text)
    return text, count


def clean(source: str | bytes) -> tuple[str, int, list[Diagnostic]]:
    """Decode (if bytes), normalise newlines, strip a BOM and controls."""
    from reader.core.model import Diagnostic

    diagnostics: list[Diagnostic] = []
    if isinstance(source, bytes):
        text, diagnostics = decode(source)
    else:
        text = source
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    text, removed = strip_controls(text)
    if removed:
        diagnostics.append(
            Diagnostic(
                f"removed {removed} control character(s) or escape sequence(s) "
                "that a terminal would have obeyed",
                severity="info",
            )
        )
    return text, removed, diagnostics


# Select Graphic Rendition (colours, bold): the only sequences reader's CLI writes.
_SGR = re.compile(r"\x1b\[[0-9;:]*m")
# ESC is left to _ESCAPES, which keeps it only at the start of an SGR sequence.
_OUTPUT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` fit to print: escape sequences other than colours (SGR) and control
    characters other than tab and newline removed. The last guard on the CLI's
    output, for words that reach it without passing :func:`clean` (file names)."""
    if "\x1b" not in text and not _OUTPUT_CONTROLS.search(text):
        return text
    text = _ESCAPES.sub(lambda m: m.group() if _SGR.fullmatch(m.group()) else "", text)
    return _OUTPUT_CONTROLS.sub("", text.replace("\r\n", "\n"))
