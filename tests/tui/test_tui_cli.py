"""`reader open [TEXT]` (and `reader` alone) start the app; bad arguments fail before it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.cli import main


def test_open_is_registered_and_is_the_default(library, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    started: list[tuple[object, object, int]] = []

    class FakeApp:
        def __init__(self, lib, *, open_text, measure) -> None:  # type: ignore[no-untyped-def]
            started.append((lib.root, open_text, measure))

        def run(self) -> None:
            pass

    monkeypatch.setattr("reader.tui.app.ReaderApp", FakeApp)
    assert main(["--library", str(library.root)]) == 0
    assert main(["--library", str(library.root), "open", "harbour", "--measure", "72"]) == 0
    assert started == [(library.root, None, 80), (library.root, "harbour", 72)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["open", "no-such-text"], "no text 'no-such-text'"),
        (["open", "--measure", "10"], "--measure must be between 40 and 200"),
    ],
)
def test_bad_arguments_fail_with_one_line(library, capsys, args, message) -> None:  # type: ignore[no-untyped-def]
    assert main(["--library", str(library.root), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_the_command_module_does_not_import_textual() -> None:
    code = "import reader.cli, sys; reader.cli.build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_state_module_does_not_import_textual() -> None:
    code = "import reader.core.state, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
