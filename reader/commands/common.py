"""Small helpers every subcommand shares (kept light: argparse-level imports only)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.library import Library


def library_from(args: argparse.Namespace, *, create: bool = False) -> Library:
    """The library the command works on (``--library``, env, cwd, user dir); a
    folder named that does not exist is an error unless ``create``."""
    from reader.core.library import resolve_library

    return resolve_library(getattr(args, "library", None), create=create)


def print_json(data: object) -> None:
    """``--json`` output: UTF-8 as written (not \\u escapes), indented, one newline."""
    import json
    import sys

    # one write: json.dump writes every token apart, and each write to the
    # guarded stdout is checked for escape sequences on its own
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
