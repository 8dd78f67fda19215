"""The ``reader`` subcommands, one module each (see :mod:`reader.cli`)."""
