"""Shared test fixtures.

``../shared/seeds/`` holds real articles used as acceptance cases; tests that
read it skip cleanly when it is absent. Its text is never copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_000 = "000_b369a4335a42b8db.txt"
SEED_002 = "002_d413bcefd06811ac.txt"


def _seed(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"../shared/seeds/{name} is not here")
    return path


@pytest.fixture
def seed_000() -> Path:
    return _seed(SEED_000)


@pytest.fixture
def seed_002() -> Path:
    return _seed(SEED_002)


@pytest.fixture
def w3c_tests_dir() -> Path:
    path = SHARED / "w3c-annotation-tests"
    if not path.is_dir():
        pytest.skip("../shared/w3c-annotation-tests is not here")
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's library, config or state from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("READER_LIBRARY", raising=False)


def _bundled_digest() -> str:
    """A digest of the bundled library: no test may change it."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "texts").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BUNDLED] = _bundled_digest()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BUNDLED, None)
    if before is not None and _bundled_digest() != before:
        session.config.get_terminal_writer().line(
            "ERROR: a test changed the bundled library in texts/ (restore it with git)", red=True
        )
        session.exitstatus = 1


_BUNDLED = pytest.StashKey[str]()
