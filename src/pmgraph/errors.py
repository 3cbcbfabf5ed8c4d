"""One exception tree for pmgraph: every error knows its exit code.

The CLI prints ``str(error)`` as one line on stderr and exits with ``error.exit_code``;
library callers catch the narrow class they care about.

    >>> try:
    ...     raise UnknownName("unknown name 'TPN'", suggestions=["TPM"])
    ... except PmgraphError as error:
    ...     (error.exit_code, str(error))
    (4, "unknown name 'TPN'")
"""

from __future__ import annotations

import re

__all__ = [
    "hide_credentials",
    "PmgraphError",
    "NoResult",
    "UsageError",
    "BadInput",
    "NameNotResolved",
    "UnknownName",
    "AmbiguousName",
    "LimitReached",
    "RemoteError",
    "OutputError",
]


# The user-information part of a URL (``http://user:secret@host/``): never printed.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s'\"]*@")


def hide_credentials(text: str) -> str:
    """``text`` with the user name and password of every URL in it replaced by ``***``.

    >>> hide_credentials("http://alice:s3cret@store.example/sparql: HTTP 401 Unauthorized")
    'http://***@store.example/sparql: HTTP 401 Unauthorized'
    """
    return _USERINFO.sub(r"\1***@", text)


class PmgraphError(Exception):
    """Base of every error pmgraph raises on purpose. Its text never shows a URL's password
    (:func:`hide_credentials`), whoever prints it."""

    exit_code = 2

    def __str__(self) -> str:
        return hide_credentials(super().__str__())


class NoResult(PmgraphError):
    """A well-formed question with no answer (no path, ASK is false)."""

    exit_code = 1


class UsageError(PmgraphError):
    """The command was used wrongly, or the operation is refused (e.g. a SPARQL update)."""

    exit_code = 2


class BadInput(PmgraphError):
    """Input data or a query is broken: syntax, encoding, missing file, failed validation."""

    exit_code = 3


class NameNotResolved(PmgraphError):
    """A name on the command line did not resolve to exactly one entity."""

    exit_code = 4

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = list(candidates or [])


class UnknownName(NameNotResolved):
    """No entity has that name; ``suggestions`` holds the closest ones."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message, suggestions)
        self.suggestions = self.candidates


class AmbiguousName(NameNotResolved):
    """Several entities have that name; ``candidates`` lists them."""


class LimitReached(PmgraphError):
    """A limit was hit (time, size, number of paths) before any answer could be given."""

    exit_code = 5


class RemoteError(PmgraphError):
    """A remote SPARQL endpoint could not be reached or answered garbage."""

    exit_code = 6


class OutputError(PmgraphError):
    """An output file could not be written."""

    exit_code = 7
