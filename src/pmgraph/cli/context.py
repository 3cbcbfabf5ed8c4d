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
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def graph(self) -> Graph:
        from ..store import load_graph

        return load_graph(self.data)

    @cached_property
    def catalog(self):
        from ..catalog import Catalog

        return Catalog(self.graph)

    @cached_property
    def resolver(self):
        from ..resolve import Resolver

        return Resolver(self.graph, self.catalog)
