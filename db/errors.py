"""Database problems a person can act on; each carries a Chinese message saying what to do."""

from __future__ import annotations


class DatabaseProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseUnavailable(DatabaseProblem):
    """The database cannot be reached or opened."""


class DatabaseCorrupt(DatabaseProblem):
    """The file is not a database or fails its integrity check."""


class SchemaTooNew(DatabaseProblem):
    """The database was written by a newer version of the app."""
