"""A small directed graph with networkx's read API, for the career graph a stored snapshot reads.

``pmgraph path`` and ``pmgraph next`` over a stored snapshot walk the career graph and show
a few of its moves; importing networkx (about 0.08 s) would be most of their time. So the
stored career graph (:mod:`pmgraph.kb.careerstore`) is read into a :class:`Digraph`: nodes
and edges with attribute dicts, in insertion order, and the part of
:class:`networkx.DiGraph`'s interface that the path search
(:mod:`pmgraph.careers.simple_paths`, :mod:`pmgraph.careers.paths`) and the readings of
``--stated-only`` use. :meth:`Digraph.to_networkx` gives the networkx graph for anything else.

    >>> G = Digraph(nodes=[("dev", {"label": {"en": "developer"}})], edges=[("dev", "lead", {"kind": "up"})])
    >>> list(G), G.nodes["dev"]["label"], G.edges["dev", "lead"], list(G.successors("dev"))
    (['dev', 'lead'], {'en': 'developer'}, {'kind': 'up'}, ['lead'])
    >>> list(G.in_edges("lead", data=True)), G.out_degree("lead"), "cto" in G
    ([('dev', 'lead', {'kind': 'up'})], 0, False)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

__all__ = ["Digraph"]

#: The attributes of an edge read without any (:meth:`Digraph.from_indexes`): read-only.
_NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})


class _NodeView(Mapping):
    """``G.nodes[n]``: the attributes of node ``n``; ``G.nodes(data=True)``: ``(n, attributes)`` pairs."""

    def __init__(self, succ: dict, attrs: Mapping):
        self._succ = succ
        self._attrs = attrs

    def __getitem__(self, node: Hashable) -> Mapping:
        return self._attrs[node]

    def __iter__(self) -> Iterator:
        return iter(self._succ)

    def __len__(self) -> int:
        return len(self._succ)

    def __call__(self, data: bool = False) -> Iterator:
        return ((node, self._attrs[node]) for node in self._succ) if data else iter(self._succ)


class _EdgeView(Mapping):
    """``G.edges[u, v]``: the attributes of the edge; ``G.edges(data=True)``: ``(u, v, attributes)``,
    in networkx's order (by source node, then by target as added)."""

    def __init__(self, succ: dict):
        self._succ = succ

    def __getitem__(self, edge: tuple) -> dict:
        u, v = edge
        return self._succ[u][v]

    def __iter__(self) -> Iterator[tuple]:
        return ((u, v) for u, targets in self._succ.items() for v in targets)

    def __len__(self) -> int:
        return sum(len(targets) for targets in self._succ.values())

    def __call__(self, data: bool = False) -> Iterator[tuple]:
        if data:
            return ((u, v, attrs) for u, targets in self._succ.items() for v, attrs in targets.items())
        return iter(self)


class Digraph:
    """Nodes and directed edges with attribute dicts, kept in insertion order (see the module)."""

    def __init__(self, nodes: Iterable[tuple[Hashable, Mapping[str, Any]]] = (), edges: Iterable[tuple] = ()):
        self._attrs: dict = {}
        self._succ: dict = {}
        self._pred: dict = {}
        # add_node inlined: a stored career graph has thousands of roles and moves
        known, succ, pred = self._attrs, self._succ, self._pred
        for node, attrs in nodes:
            if node in succ:
                known[node].update(attrs)
            else:
                known[node], succ[node], pred[node] = dict(attrs), {}, {}
        for edge in edges:
            u, v = edge[0], edge[1]
            if u not in succ:
                self.add_node(u)
            if v not in succ:
                self.add_node(v)
            data = dict(edge[2]) if len(edge) > 2 else {}
            if v in succ[u]:
                succ[u][v].update(data)
            else:
                succ[u][v] = pred[v][u] = data

    @classmethod
    def from_indexes(cls, names: Sequence[Hashable], edges: Iterable[int],
                     attributes: Mapping[Hashable, Mapping[str, Any]] | None = None) -> Digraph:
        """The graph of the nodes ``names`` and of edges given as indexes into them, flat:
        ``[u, v, u, v...]`` (how :mod:`pmgraph.kb.careerstore` stores an adjacency). The edges
        have no attributes; the nodes' come from ``attributes`` when asked for (a mapping that
        may read them from storage), else they have none. Read-only.

        >>> G = Digraph.from_indexes(["a", "b", "c"], [0, 1, 0, 2, 2, 1], {"a": {"label": {"en": "A"}}})
        >>> list(G.edges()), dict(G.edges["a", "b"]), G.nodes["a"], "c" in G
        ([('a', 'b'), ('a', 'c'), ('c', 'b')], {}, {'label': {'en': 'A'}}, True)
        """
        G = cls()
        succ: dict = {name: {} for name in names}
        pred: dict = {name: {} for name in names}
        numbers = iter(edges)
        for i, j in zip(numbers, numbers):  # one read-only empty mapping as every edge's attributes
            u, v = names[i], names[j]
            succ[u][v] = pred[v][u] = _NO_ATTRIBUTES
        G._succ, G._pred = succ, pred
        G._attrs = attributes if attributes is not None else {name: {} for name in names}
        return G

    def add_node(self, node: Hashable, **attrs: Any) -> None:
        if node not in self._succ:
            self._attrs[node] = {}
            self._succ[node] = {}
            self._pred[node] = {}
        self._attrs[node].update(attrs)

    def remove_edge(self, u: Hashable, v: Hashable) -> None:
        del self._succ[u][v]
        del self._pred[v][u]

    def copy(self) -> Digraph:
        """A copy whose node and edge attribute dicts are new (their values are shared), as networkx copies."""
        return Digraph(((node, dict(attrs)) for node, attrs in self.nodes(data=True)),
                       ((u, v, dict(attrs)) for u, v, attrs in self.edges(data=True)))

    def to_networkx(self):
        """The same graph as a :class:`networkx.DiGraph` (same order, shared attribute values)."""
        import networkx as nx

        G = nx.DiGraph()
        G.add_nodes_from(self.nodes(data=True))
        G.add_edges_from(self.edges(data=True))
        return G

    def is_directed(self) -> bool:
        return True

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._succ
        except TypeError:
            return False

    def __iter__(self) -> Iterator:
        return iter(self._succ)

    def __len__(self) -> int:
        return len(self._succ)

    @property
    def nodes(self) -> _NodeView:
        return _NodeView(self._succ, self._attrs)

    @property
    def edges(self) -> _EdgeView:
        return _EdgeView(self._succ)

    def successors(self, node: Hashable) -> Iterator:
        return iter(self._succ[node])

    def predecessors(self, node: Hashable) -> Iterator:
        return iter(self._pred[node])

    def out_edges(self, node: Hashable, data: bool = False) -> Iterator[tuple]:
        return ((node, v, attrs) if data else (node, v) for v, attrs in self._succ[node].items())

    def in_edges(self, node: Hashable, data: bool = False) -> Iterator[tuple]:
        return ((u, node, attrs) if data else (u, node) for u, attrs in self._pred[node].items())

    def out_degree(self, node: Hashable) -> int:
        return len(self._succ[node])

    def in_degree(self, node: Hashable) -> int:
        return len(self._pred[node])
