"""reader: a terminal study reader for long-form political and historical articles."""

__version__ = "0.1.0"
