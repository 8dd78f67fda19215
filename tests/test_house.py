"""Rules of the house that no one module's tests would notice breaking."""

from __future__ import annotations

from pathlib import Path

import reader

LIMIT = 500


def line_counts() -> dict[str, int]:
    root = Path(reader.__file__).parent
    return {
        path.relative_to(root.parent).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
    }


def test_no_module_in_reader_is_over_500_lines() -> None:
    # A module past this size has grown a second concern: split it along the
    # seam it already marks (ARCHITECTURE.md says where things go).
    counts = line_counts()
    over = {name: count for name, count in counts.items() if count > LIMIT}
    assert over == {}, f"over {LIMIT} lines: {over}"
