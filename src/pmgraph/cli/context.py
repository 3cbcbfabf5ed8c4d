"""What every command shares: the loaded graph and the indexes built on it, made on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph

__all__ = ["State"]


@dataclass
class State:
    """The global options of one ``pmgraph`` invocation and the objects they lead to."""

    data: tuple[str, ...] = ()
    debug: bool = False
    #: A SPARQL 1.1 endpoint to read the data from instead of the bundled files (``--endpoint``).
    endpoint: str | None = None
    endpoint_timeout: float = 60.0
    endpoint_limit: int = 1_000_000
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # With imported datasets (`pmgraph import`), the graph is a stored snapshot of the bundled
        # files, the datasets and --data, whose indexes and projections persist across commands.
        self._snapshot = None
        if not self.endpoint:
            from ..datasets import installed

            datasets = installed()
            if datasets:
                from ..snapshot import Snapshot
                from .datasets import terminal_progress

                self._snapshot = Snapshot(datasets, self.data, progress=terminal_progress())
                self._cache = self._snapshot.cache

    @cached_property
    def graph(self) -> Graph:
        """The bundled graph plus the imported datasets plus ``--data``; with ``--endpoint``, the
        endpoint's whole default graph, downloaded once (refused beyond ``endpoint_limit`` triples)."""
        if self.endpoint:
            return self.remote.download_graph(self.endpoint_limit)
        if self._snapshot is not None:
            return self._snapshot.graph()
        from ..store import load_graph

        return load_graph(self.data)

    @cached_property
    def remote(self):
        """The :class:`pmgraph.endpoint.Endpoint` of ``--endpoint`` (None without it)."""
        if not self.endpoint:
            return None
        if self.data:
            from ..errors import UsageError

            raise UsageError("--data cannot be combined with --endpoint: the endpoint is the data; "
                             "load the files into the store with `pmgraph --data FILE push --endpoint STORE-URL`")
        from ..endpoint import Endpoint

        return Endpoint(self.endpoint, timeout=self.endpoint_timeout)

    @cached_property
    def catalog(self):
        from ..catalog import Catalog

        if self._snapshot is not None:
            return self._snapshot.catalog(self.graph)
        return Catalog(self.graph)

    @cached_property
    def resolver(self):
        from ..resolve import Resolver

        if self._snapshot is not None:
            return self._snapshot.resolver(self.graph, self.catalog)
        return Resolver(self.graph, self.catalog)
