"""The global options of one ``pmgraph`` invocation, and the knowledge base they open.

Each command says what it needs: ``state.open()`` for the whole knowledge base, or
``state.open(Focus(...))`` when it reads a few named entities (which, against an endpoint,
fetches only their neighbourhood). Nothing here looks at which command is running.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from ..kb import Focus, KnowledgeBase

__all__ = ["State"]


@dataclass
class State:
    """The global options of one ``pmgraph`` invocation and the knowledge bases they lead to."""

    data: tuple[str, ...] = ()
    debug: bool = False
    #: A SPARQL 1.1 endpoint to read the data from instead of the bundled files (``--endpoint``).
    endpoint: str | None = None
    endpoint_timeout: float = 60.0
    endpoint_limit: int = 1_000_000
    #: The user to log in to the endpoint as (``--endpoint-user``; the password comes from the environment).
    endpoint_user: str | None = None
    #: ``--quiet``: say nothing on stderr about what is being built.
    quiet: bool = False
    _opened: dict = field(default_factory=dict, repr=False)

    def notice(self, line: str) -> None:
        """Tell the user, on stderr, what is taking a while (unless ``--quiet``)."""
        if not self.quiet:
            from ..i18n import localize

            click.echo(f"pmgraph: {localize(line)}", err=True)

    def open(self, focus: Focus | None = None) -> KnowledgeBase:
        """The knowledge base of these options (opened once per focus)."""
        if focus not in self._opened:
            from .. import kb
            from .datasets import terminal_progress

            self._opened[focus] = kb.open(self.data, endpoint=self.endpoint, focus=focus,
                                          endpoint_timeout=self.endpoint_timeout, endpoint_limit=self.endpoint_limit,
                                          endpoint_user=self.endpoint_user, notice=self.notice,
                                          progress=terminal_progress(self.quiet))
        return self._opened[focus]
