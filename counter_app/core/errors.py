"""Expected problems: shown to the staff in Chinese, next to the field that caused them."""

from __future__ import annotations


class CounterError(Exception):
    """An expected problem with a message (Simplified Chinese) that says what to do.

    ``field`` names the form field that caused it, so the UI can show the message there.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(CounterError):
    """Input that breaks a format, length or check-digit rule."""


class InvalidTransition(CounterError):
    """A case state change that the case's life cycle does not allow."""

    def __init__(self, message: str, *, current: str, target: str) -> None:
        super().__init__(message)
        self.current = current
        self.target = target


class UnknownCalendarYear(CounterError):
    """A date in a year whose holidays and make-up workdays nobody has entered yet."""

    def __init__(self, message: str, *, year: int) -> None:
        super().__init__(message)
        self.year = year
