"""One exception hierarchy for everything a user can get wrong.

A ``Problem`` is one located mistake in a content file; a ``ContentError`` carries every problem
found in one pass so that the user fixes them all at once. The CLI prints ``str(error)`` and exits
with status 2; nothing here knows about the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file and, when known, a 1-based line and column."""

    file: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is, which key, what was expected and what was found."""

    location: Location
    path: str
    expected: str
    found: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: "
        if self.path:
            text += f"{self.path}: "
        text += f"expected {self.expected}"
        if self.found is not None:
            text += f", got {self.found}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class HandoutError(Exception):
    """Base class of every error that the CLI reports as a message instead of a traceback."""


class ContentError(HandoutError):
    """One or more problems in the YAML content of a guide or clinic."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return f"{head} found:\n" + "\n".join(f"  {p}" for p in self.problems)


class UsageError(HandoutError):
    """A mistake in the command's options or environment."""


class NotFoundError(HandoutError):
    """An unknown clinic, guide, file or project root."""


class LayoutError(HandoutError):
    """Content that cannot be laid out on a page (a quote, say, taller than a page): the message
    names the file, line and key of the text to shorten."""


class OutputError(HandoutError):
    """The output could not be written (read-only or full disk, and so on)."""
