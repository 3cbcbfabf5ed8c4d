"""A knowledge base read from a SPARQL 1.1 endpoint (``--endpoint URL``).

Nothing is downloaded up front. Names resolve with targeted label queries; a caller that
reads a few entities says so with a :class:`~pmgraph.kb.base.Focus`, and only their
neighbourhood is fetched; otherwise the whole default graph is downloaded once (refused
beyond ``limit`` triples, exit 5). Named queries and ``pmgraph sparql`` run on the endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from .base import Focus, KnowledgeBase

__all__ = ["RemoteKnowledgeBase"]


class RemoteKnowledgeBase(KnowledgeBase):
    """The store at ``url``, read through :class:`pmgraph.kb.endpoint.Endpoint`."""

    def __init__(self, url: str, *, timeout: float = 60.0, limit: int = 1_000_000, focus: Focus | None = None,
                 user: str | None = None):
        from .endpoint import Endpoint

        super().__init__()
        self.endpoint = Endpoint(url, timeout=timeout, user=user)
        self.limit = limit
        self.focus = focus
        self.location = url

    @cached_property
    def resolver(self):
        from .endpoint import EndpointResolver

        resolver = EndpointResolver(self.endpoint)
        if self.focus is not None:
            resolver.prefetch(list(self.focus.names))  # every name of the command in one label scan
        return resolver

    @cached_property
    def catalog(self):
        from ..model.catalog import Catalog

        if self.focus is not None:
            from .endpoint import FocusedCatalog

            return FocusedCatalog(self.endpoint, self.resolver, self.limit, every=self.focus.every,
                                  study=self.focus.study, moves=self.focus.moves)
        return Catalog(self.graph)

    @cached_property
    def graph(self):
        if self.focus is not None:
            return self.catalog.graph
        return self.endpoint.download_graph(self.limit)

    def query(self, parsed, bindings: Mapping | None = None, *, timeout: float | None = None,
              allow_network: bool = False):
        from ..sparql import remote_text

        return self.endpoint.query(remote_text(parsed, bindings), parsed.form, timeout=timeout)

    def labelled(self, iris):
        """A :class:`~pmgraph.model.catalog.Catalog` of the labels of ``iris`` only (one query for
        all of them), for labelling query results."""
        from ..model.catalog import Catalog

        return Catalog(self.endpoint.labels(list(iris)))
