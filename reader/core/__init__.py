"""The pure-Python core of reader: parsing, footnotes, glossary, search, notes, export.

Nothing in this package imports Textual (an import-linter contract and a test
keep it so); the app in ``reader.tui`` and the CLI in ``reader.cli`` read the
dataclass tree built here.
"""
