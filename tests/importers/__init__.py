"""Tests for importing saved web pages and EPUB books (issue 8)."""
