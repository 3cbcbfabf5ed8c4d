"""What every command shares: the loaded graph and the indexes built on it, made on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph

__all__ = ["State", "FOCUSED_COMMANDS"]

#: Commands that, against an endpoint, read only the neighbourhood of the entities they name
#: (:func:`pmgraph.endpoint.neighbourhood`); the others download the whole store (up to
#: ``--endpoint-limit``).
FOCUSED_COMMANDS = ("show", "gap", "compare", "next")


@dataclass
class State:
    """The global options of one ``pmgraph`` invocation and the objects they lead to."""

    data: tuple[str, ...] = ()
    debug: bool = False
    #: A SPARQL 1.1 endpoint to read the data from instead of the bundled files (``--endpoint``).
    endpoint: str | None = None
    endpoint_timeout: float = 60.0
    endpoint_limit: int = 1_000_000
    #: The user to log in to the endpoint as (``--endpoint-user``; the password comes from the environment).
    endpoint_user: str | None = None
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

    @property
    def persistent(self) -> bool:
        """Whether the graph is a stored snapshot (imported datasets), whose ``_cache`` persists."""
        return self._snapshot is not None

    @cached_property
    def graph(self) -> Graph:
        """The bundled graph plus the imported datasets plus ``--data``; with ``--endpoint``, the
        endpoint's whole default graph, downloaded once (refused beyond ``endpoint_limit`` triples)."""
        if self.endpoint:
            if _command() in FOCUSED_COMMANDS:
                return self.catalog.graph
            return self.remote.download_graph(self.endpoint_limit)
        if self._snapshot is not None:
            return self._snapshot.graph()
        from ..store import load_graph

        return load_graph(self.data)

    @property
    def snapshot_store(self):
        """The folder of the snapshot's Oxigraph store (built if needed), or None without imported datasets."""
        if self._snapshot is None:
            return None
        return self._snapshot.ensure() / "store"

    def documents(self):
        """What ``push`` sends: N-Triples documents of everything pmgraph sees, and how many
        distinct triples they hold.

        The bundled files and ``--data`` as one document; each imported dataset as its own
        file, streamed from the data directory (never parsed into memory).
        """
        from ..store import load_graph

        graph = load_graph(self.data)
        first = graph.serialize(format="nt", encoding="utf-8")
        if self._snapshot is None:
            return [first], len(graph)
        import pyoxigraph

        count = len(pyoxigraph.Store.read_only(str(self.snapshot_store)))
        return [first, *(info.data_file for info in self._snapshot.datasets)], count

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

        return Endpoint(self.endpoint, timeout=self.endpoint_timeout, user=self.endpoint_user)

    @cached_property
    def catalog(self):
        from ..catalog import Catalog

        command = _command() if self.remote is not None else None
        if command in FOCUSED_COMMANDS:
            # These read a few entities and what is around them: fetch that, not the whole store.
            from ..endpoint import FocusedCatalog

            return FocusedCatalog(self.remote, self.resolver, self.endpoint_limit, every=command != "show",
                                  study=command == "gap", moves=_moves(command))

        if self._snapshot is not None:
            return self._snapshot.catalog(self.graph)
        return Catalog(self.graph)

    @cached_property
    def resolver(self):
        if self.remote is not None:
            # Targeted queries: a name costs one label scan on the server, not the download of every label.
            from ..endpoint import EndpointResolver

            resolver = EndpointResolver(self.remote)
            resolver.prefetch(_named())  # every name of the command in one label scan
            return resolver
        from ..resolve import Resolver

        if self._snapshot is not None:
            return self._snapshot.resolver(self.graph, self.catalog)
        return Resolver(self.graph, self.catalog)


def _command() -> str | None:
    """The name of the pmgraph command being run (``show``, ``path``...), if any."""
    import click

    context = click.get_current_context(silent=True)
    return context.command.name if context is not None else None


#: The options and arguments of pmgraph's commands that take names of entities.
_NAME_PARAMETERS = ("name", "source", "target", "roles", "via", "avoid", "role", "first", "second")


def _named() -> list[str]:
    """The names the running command was given (`show NAME`, `gap FROM TO`, `compare A B`...)."""
    import click

    context = click.get_current_context(silent=True)
    if context is None or context.command.name == "query":  # its NAME is a query's; `query` prefetches its parameters
        return []
    names: list[str] = []
    for key, value in context.params.items():
        if key in _NAME_PARAMETERS:
            names += [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]
    return names


def _moves(command: str | None) -> str | None:
    """For `next`, which way it looks: ``"next"`` or (``--previous``) ``"previous"``."""
    if command != "next":
        return None
    import click

    return "previous" if click.get_current_context().params.get("previous") else "next"
