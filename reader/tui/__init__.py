"""The Textual app: library, reading and search screens (imports Textual; the core never does)."""
