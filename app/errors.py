"""The product's error base: every failure a user can meet is one of these.

Each error carries a plain sentence (``message``) and what to do next (``next_step``), so
the command line and the window can show it without a traceback. Messages never contain
secrets: build them from facts, never from request headers or OBS client objects.
"""

from __future__ import annotations


class ExitCode:
    """Process exit codes of the command line, one per kind of failure."""

    OK = 0
    OTHER = 1
    USAGE = 2
    API_KEY_REJECTED = 3
    COMPRIMATO = 4
    OBS = 5
    TIMED_OUT = 6
    #: Standard output was closed (``… | head -1``): what a shell shows for SIGPIPE.
    STDOUT_CLOSED = 141


class CompanionError(Exception):
    """A failure with a sentence for the user and the next step.

    Attributes:
        message: what went wrong, one sentence, no secrets.
        next_step: what the user can do about it, one sentence (may be empty).
        exit_code: the command line's exit code for this kind of failure.
    """

    exit_code: int = ExitCode.OTHER

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class UsageError(CompanionError):
    """The user asked for something that cannot be done as asked (bad option, bad value)."""

    exit_code = ExitCode.USAGE


class WaitTimedOut(CompanionError):
    """Waiting for a state (OBS live, Comprimato running) took longer than allowed."""

    exit_code = ExitCode.TIMED_OUT
