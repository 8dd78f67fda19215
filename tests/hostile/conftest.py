"""A library built to attack the terminal, and the checks that say it failed to.

Every place untrusted words come from carries the same payload: a text's body,
its title and its file name, a note, a user glossary entry (and so the search
snippets of all of them). ``terminal_faults`` names each escape sequence in a
byte stream that reader did not make.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.core.library import Library

OSC52 = "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07"
CLEAR = "\x1b[2J"
C1 = "\x9b31m"
MARKUP = (
    "[sic]",
    "[bold]x[/bold]",
    "[/",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
)
# Everything at once, with the markup kept apart so it can be seen as text.
PAYLOAD = f"{OSC52}{CLEAR}{C1}\x00\x7f\u202e " + " ".join(MARKUP)
# A text with a NUL is refused as binary, so texts carry everything else.
TEXT_PAYLOAD = PAYLOAD.replace("\x00", "")
SEARCH_WORD = "quassinoid"  # an invented-looking word only the hostile text holds
HOSTILE_ID = "hostile-\x1b[2J-\u202etxt"  # the file name (stem) itself attacks too

# TOML escapes for the payload (TOML basic strings cannot hold raw control characters).
_TOML_PAYLOAD = (
    PAYLOAD.replace("\\", "\\\\")
    .replace('"', '\\"')
    .replace("\x1b", "\\u001b")
    .replace("\x07", "\\u0007")
    .replace("\x9b", "\\u009b")
    .replace("\x00", "\\u0000")
    .replace("\x7f", "\\u007f")
)


def hostile_text() -> str:
    lines = [
        f"The {TEXT_PAYLOAD} Title",
        "",
        f"A first paragraph about the {SEARCH_WORD} harbour, which quotes the halo [sic] "
        f"of the port and then carries {TEXT_PAYLOAD} in its middle.[1]",
        "",
        f"A second paragraph: [bold]x[/bold] stays as typed, {OSC52} never reaches a "
        f"clipboard and {CLEAR} never clears a screen; {SEARCH_WORD} again.",
        "",
        "A third paragraph with [link=file:///etc/passwd]x[/link] that is never a link, "
        "and [@click=app.quit]x[/] that never quits.",
        "",
        "Notes",
        "",
        f"[1] A footnote holding {TEXT_PAYLOAD} as well.",
        "",
    ]
    return "\n".join(lines)


def glossary_toml() -> str:
    return (
        "[[entry]]\n"
        'name = "harbour"\n'
        'kind = "term"\n'
        f'summary = "A place for ships; {_TOML_PAYLOAD}"\n'
        "\n"
        "[[entry]]\n"
        f'name = "Quassinoid Payload {_TOML_PAYLOAD}"\n'
        'kind = "term"\n'
        f'aliases = ["{SEARCH_WORD}"]\n'
        f'summary = "An entry whose name and summary carry {_TOML_PAYLOAD}."\n'
    )


def make_hostile_library(root: Path) -> Library:
    """Texts, a note and glossary entries carrying :data:`PAYLOAD` everywhere."""
    from reader.core.notes import NoteStore
    from reader.core.parse import parse_file

    library = Library(root)
    library.texts_dir.mkdir(parents=True)
    library.notes_dir.mkdir(parents=True)
    path = library.texts_dir / f"{HOSTILE_ID}.txt"
    path.write_text(hostile_text(), encoding="utf-8", errors="surrogatepass")
    (library.texts_dir / "plain.txt").write_text(
        "A Plain Text\n\nAn ordinary paragraph about rivers and boats, long enough to read.\n",
        encoding="utf-8",
    )
    # ...and one with a NUL, refused: its error line is output too.
    (library.texts_dir / "has-nul.txt").write_bytes(b"A NUL \x00 in a text\n")
    library.user_glossary.write_text(glossary_toml(), encoding="utf-8")
    # A note typed in the app may carry markup and U+202E (control characters are refused).
    article = parse_file(path)
    store = NoteStore(library, HOSTILE_ID)
    store.load()
    start = article.plain_text.index(SEARCH_WORD)
    store.add(
        article,
        start,
        start + len(SEARCH_WORD),
        note="a note with " + " ".join(MARKUP) + " \u202e reversed",
        tags=["x"],
    )
    return library


@pytest.fixture
def hostile_library(tmp_path: Path) -> Library:
    return make_hostile_library(tmp_path / "hostile-lib")


# -- what must never be in reader's output ------------------------------------------------

_C1_OR_RAW = re.compile("[\x80-\x9f\udc80-\udc9f]")  # C1 as characters, or as stray bytes


def terminal_faults(data: bytes) -> list[str]:
    """Each hostile sequence found in bytes written to a terminal (empty: none)."""
    faults = []
    if b"\x1b]52" in data:
        faults.append("OSC 52 (clipboard write)")
    if b"\x1b[2J" in data:  # Textual uses the alternate screen, never ESC [ 2 J
        faults.append("ESC [ 2 J (clear screen)")
    text = data.decode("utf-8", errors="surrogateescape")
    found = _C1_OR_RAW.search(text)
    if found:
        faults.append(f"a C1 control (U+{ord(found.group()) & 0xFF:04X})")
    if re.search(rb"\x1b]8;[^\x07\x1b]*;file:", data):
        faults.append("an OSC 8 hyperlink to a file: URL")
    if b"\x00" in data:
        faults.append("a NUL byte")
    if b"\x7f" in data:
        faults.append("a DEL byte")
    return faults
