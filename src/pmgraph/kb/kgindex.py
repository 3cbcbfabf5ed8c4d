"""The knowledge-graph projection stored in SQLite, read one neighbourhood at a time.

With ESCO and O*NET imported, :func:`pmgraph.careers.project.knowledge_graph` has about 27,000 nodes
and 270,000 edges: projecting it takes a minute and unpickling it seconds. A snapshot
(:mod:`pmgraph.kb.snapshot`) therefore stores it once as three tables, and the commands that
need only part of it (``render --focus``, ``connect``, ``stats``) read only that part:

* ``kg_nodes``: one row per node, numbered in the projection's order, with its kind, its
  attributes and its *degree* (distinct neighbours, either direction: what ``stats`` ranks);
* ``kg_edges``: one row per edge in the projection's order (``u``, ``v``, ``key``,
  ``property``, attributes), indexed by either end, so a neighbourhood is two index lookups
  however big the graph, and a hub (ESCO's "skill" skill type, linked to 21,000 skills) costs
  only when a view really reaches it;
* ``kg_meta``: the relations present and the counts ``stats`` shows (:func:`pmgraph.model.stats.stats_summary`).

Whatever is read back is exactly what the in-memory projection holds: same nodes, same
attributes, same edge order (so even the order of neighbours in :meth:`KnowledgeIndex.undirected`
is that of ``networkx.Graph(projection)``).

    >>> import sqlite3, networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="role", label={"en": "A"}); G.add_node("b", kind="skill", label={"en": "B"})
    >>> G.add_node("c", kind="skill", label={"en": "C"})
    >>> G.add_edge("a", "b", key="k1", property="pmo:SkillRequirement"); G.add_edge("c", "b", key="k2", property="skos:related")
    'k1'
    'k2'
    >>> connection = sqlite3.connect(":memory:")
    >>> KnowledgeIndex.write(connection, G, {})
    >>> index = KnowledgeIndex(connection)
    >>> index.number_of_nodes(), index.properties(), index.top("skill", 1)
    (3, ['pmo:SkillRequirement', 'skos:related'], [('b', 2)])
    >>> sorted(index.ball("a", 2)), sorted(index.ball("a", 2, relations=["pmo:SkillRequirement"]))
    (['a', 'b', 'c'], ['a', 'b'])
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .compact import dumps

if TYPE_CHECKING:  # networkx is imported where a graph is built: `show` and `stats` never need it
    import networkx as nx


__all__ = ["KnowledgeIndex"]

#: SQLite's limit on the parameters of one statement is 999 in old builds: chunk below it.
_CHUNK = 900


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _multidigraph(nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]]) -> nx.MultiDiGraph:
    """A MultiDiGraph with ``nodes`` and then ``edges`` added in order (both ends must be among ``nodes``)."""
    import networkx as nx

    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from((u, v, key, attrs) for u, v, key, attrs in edges)
    return H


class KnowledgeIndex:
    """The knowledge graph of a snapshot, in the tables :meth:`write` made on ``connection``."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection
        self._ids: dict[str, int | None] = {}
        self._iris: dict[int, str] = {}
        self._kinds: dict[int, str | None] = {}
        self._meta: dict[str, Any] = {}

    # -- writing -------------------------------------------------------------------------
    @staticmethod
    def write(connection: sqlite3.Connection, G: nx.MultiDiGraph, summary: Mapping[str, Any]) -> None:
        """Store ``G`` (a knowledge-graph projection) and the ``stats`` ``summary`` in ``connection``."""
        ids = {node: number for number, node in enumerate(G)}
        connection.executescript("""
            CREATE TABLE kg_nodes (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT,
                                   degree INTEGER NOT NULL, attrs BLOB NOT NULL);
            CREATE TABLE kg_edges (id INTEGER PRIMARY KEY, u INTEGER NOT NULL, v INTEGER NOT NULL,
                                   key TEXT NOT NULL, property TEXT NOT NULL, attrs BLOB NOT NULL);
            CREATE TABLE kg_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        """)
        connection.executemany(
            "INSERT INTO kg_nodes VALUES (?, ?, ?, ?, ?)",
            ((ids[node], node, data.get("kind"), len(set(G.succ[node]) | set(G.pred[node])),
              dumps(data)) for node, data in G.nodes(data=True)))
        connection.executemany(
            "INSERT INTO kg_edges VALUES (?, ?, ?, ?, ?, ?)",
            ((number, ids[u], ids[v], key, data.get("property", ""), dumps(data))
             for number, (u, v, key, data) in enumerate(G.edges(keys=True, data=True))))
        connection.executescript("""
            CREATE INDEX kg_edges_u ON kg_edges (u, property);
            CREATE INDEX kg_edges_v ON kg_edges (v, property);
            CREATE INDEX kg_nodes_kind ON kg_nodes (kind, degree);
        """)
        meta = {"properties": sorted({data.get("property", "") for _, _, data in G.edges(data=True)}),
                "summary": dict(summary)}
        connection.executemany("INSERT INTO kg_meta VALUES (?, ?)",
                               ((key, dumps(value)) for key, value in meta.items()))

    @staticmethod
    def present(connection: sqlite3.Connection) -> bool:
        """Whether ``connection`` holds the tables (a snapshot built before them does not)."""
        row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kg_meta'").fetchone()
        return row is not None

    # -- small lookups -------------------------------------------------------------------
    def _value(self, key: str) -> Any:
        if key not in self._meta:
            row = self._connection.execute("SELECT value FROM kg_meta WHERE key = ?", (key,)).fetchone()
            self._meta[key] = json.loads(row[0]) if row else None
        return self._meta[key]

    def properties(self) -> list[str]:
        """The relations (edge ``property`` CURIEs) the graph has, sorted."""
        return list(self._value("properties"))

    def summary(self) -> dict[str, Any]:
        """The counts stored with the graph (see :func:`pmgraph.model.stats.stats_summary`)."""
        return dict(self._value("summary"))

    def number_of_nodes(self) -> int:
        return self._connection.execute("SELECT COUNT(*) FROM kg_nodes").fetchone()[0]

    def _id(self, iri: str) -> int | None:
        if iri not in self._ids:
            row = self._connection.execute("SELECT id, kind FROM kg_nodes WHERE iri = ?", (str(iri),)).fetchone()
            self._ids[iri] = row[0] if row else None
            if row:
                self._iris[row[0]] = iri
                self._kinds[row[0]] = row[1]
        return self._ids[iri]

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and self._id(iri) is not None

    def _learn(self, ids: Iterable[int]) -> None:
        """Remember the IRI and kind of ``ids``."""
        missing = sorted({i for i in ids if i not in self._iris})
        for chunk in _chunks(missing):
            for number, iri, kind in self._connection.execute(
                    f"SELECT id, iri, kind FROM kg_nodes WHERE id IN ({_marks(len(chunk))})", chunk):
                self._iris[number], self._kinds[number], self._ids[iri] = iri, kind, number

    def kind(self, iri: str) -> str | None:
        number = self._id(iri)
        return None if number is None else self._kinds[number]

    def top(self, kind: str, count: int) -> list[tuple[str, int]]:
        """The nodes of ``kind`` whose degree is at least that of the ``count``-th most connected
        (so that ties at the cut can be ordered by the caller), as ``(iri, degree)``, by degree."""
        rows = self._connection.execute("SELECT degree FROM kg_nodes WHERE kind = ? ORDER BY degree DESC LIMIT ?",
                                        (kind, count)).fetchall()
        if not rows:
            return []
        least = rows[-1][0]
        return [(iri, degree) for iri, degree in self._connection.execute(
            "SELECT iri, degree FROM kg_nodes WHERE kind = ? AND degree >= ? ORDER BY degree DESC, iri",
            (kind, least))]

    # -- neighbourhoods ------------------------------------------------------------------
    def _adjacent(self, ids: Collection[int], relations: Collection[str] = ()) -> set[int]:
        """Ids linked to any of ``ids`` by an edge (either direction), of ``relations`` if given."""
        found: set[int] = set()
        relation_list = sorted(relations)
        where = f" AND property IN ({_marks(len(relation_list))})" if relation_list else ""
        for chunk in _chunks(sorted(ids), _CHUNK - len(relation_list)):
            marks = _marks(len(chunk))
            for end, start in (("v", "u"), ("u", "v")):
                found.update(row[0] for row in self._connection.execute(
                    f"SELECT DISTINCT {end} FROM kg_edges WHERE {start} IN ({marks}){where}",
                    [*chunk, *relation_list]))
        return found

    def ball(self, center: str, depth: int, kinds: Collection[str] = (), relations: Collection[str] = (),
             pinned: Collection[str] = ()) -> set[str]:
        """The nodes within ``depth`` edges of ``center`` (either direction) in the graph narrowed to
        nodes of ``kinds`` (and ``pinned``) and edges of ``relations``; empty if ``center`` is no node."""
        start = self._id(str(center))
        if start is None:
            return set()
        pinned_ids = {self._id(str(node)) for node in pinned} - {None}
        seen = {start}
        frontier = {start}
        for _ in range(depth):
            if not frontier:
                break
            following = self._adjacent(frontier, relations) - seen
            if kinds:
                self._learn(following)
                following = {n for n in following if self._kinds[n] in kinds or n in pinned_ids}
            seen |= following
            frontier = following
        self._learn(seen)
        return {self._iris[n] for n in seen}

    def around(self, nodes: Iterable[str]) -> set[str]:
        """``nodes`` (those that are nodes of the graph) and every node linked to one of them."""
        ids = {self._id(str(node)) for node in nodes} - {None}
        found = ids | self._adjacent(ids)
        self._learn(found)
        return {self._iris[n] for n in found}

    def narrowed_nodes(self, kinds: Collection[str] = (), relations: Collection[str] = (),
                       pinned: Collection[str] = ()) -> set[str]:
        """The nodes of the whole graph narrowed as :func:`pmgraph.views.subgraph.build_view` narrows it:
        nodes of ``kinds`` (or ``pinned``); with ``relations``, only those that such an edge
        between two such nodes touches (or ``pinned``)."""
        connection = self._connection
        if kinds:
            kind_list = sorted(kinds)
            rows = connection.execute(f"SELECT id FROM kg_nodes WHERE kind IN ({_marks(len(kind_list))})", kind_list)
            allowed = {row[0] for row in rows}
        else:
            allowed = {row[0] for row in connection.execute("SELECT id FROM kg_nodes")}
        pinned_ids = {self._id(str(node)) for node in pinned} - {None}
        allowed |= pinned_ids
        if relations:
            relation_list = sorted(relations)
            touched: set[int] = set(pinned_ids)
            for u, v in connection.execute(
                    f"SELECT u, v FROM kg_edges WHERE property IN ({_marks(len(relation_list))})", relation_list):
                if u in allowed and v in allowed:
                    touched.update((u, v))
            allowed = touched
        self._learn(allowed)
        return {self._iris[n] for n in allowed}

    # -- graphs --------------------------------------------------------------------------
    def subgraph(self, nodes: Iterable[str]) -> nx.MultiDiGraph:
        """The projection restricted to ``nodes``: their attributes and every edge between two of them,
        in the projection's order."""
        ids = sorted({self._id(str(node)) for node in nodes} - {None})
        wanted = set(ids)
        names: dict[int, str] = {}
        nodes: list[tuple[str, dict]] = []
        for chunk in _chunks(ids):
            for number, iri, attrs in self._connection.execute(
                    f"SELECT id, iri, attrs FROM kg_nodes WHERE id IN ({_marks(len(chunk))}) ORDER BY id", chunk):
                names[number] = iri
                nodes.append((iri, json.loads(attrs)))
        rows: list[tuple[int, int, int, str, bytes]] = []
        for chunk in _chunks(ids):
            rows += self._connection.execute(
                f"SELECT id, u, v, key, attrs FROM kg_edges WHERE u IN ({_marks(len(chunk))})", chunk).fetchall()
        rows.sort()
        return _multidigraph(nodes, ((names[u], names[v], key, json.loads(attrs))
                                     for _, u, v, key, attrs in rows if v in wanted))

    def get_edge_data(self, u: str, v: str) -> dict[str, dict] | None:
        """The edges from ``u`` to ``v`` as ``{key: attributes}`` (None if there is none), like
        ``networkx.MultiDiGraph.get_edge_data``."""
        start, end = self._id(str(u)), self._id(str(v))
        if start is None or end is None:
            return None
        rows = self._connection.execute("SELECT key, attrs FROM kg_edges WHERE u = ? AND v = ? ORDER BY id",
                                        (start, end)).fetchall()
        return {key: json.loads(attrs) for key, attrs in rows} or None

    def whole(self, ordered: bool = False) -> nx.MultiDiGraph:
        """The whole projection, as :func:`pmgraph.careers.project.knowledge_graph` made it; with
        ``ordered``, nodes sorted and edges sorted by ``(u, v, key)`` instead (the order of a view)."""
        connection = self._connection
        if ordered:
            node_rows = connection.execute("SELECT id, iri, attrs FROM kg_nodes ORDER BY iri")
            edge_rows = connection.execute("SELECT e.u, e.v, e.key, e.attrs FROM kg_edges e JOIN kg_nodes a ON a.id = e.u "
                                           "JOIN kg_nodes b ON b.id = e.v ORDER BY a.iri, b.iri, e.key")
        else:
            node_rows = connection.execute("SELECT id, iri, attrs FROM kg_nodes ORDER BY id")
            edge_rows = None
        names: dict[int, str] = {}
        nodes: list[tuple[str, dict]] = []
        for number, iri, attrs in node_rows:
            names[number] = iri
            nodes.append((iri, json.loads(attrs)))
        if edge_rows is None:
            edge_rows = connection.execute("SELECT u, v, key, attrs FROM kg_edges ORDER BY id")
        return _multidigraph(nodes, ((names[u], names[v], key, json.loads(attrs)) for u, v, key, attrs in edge_rows))

    def iris(self) -> list[str]:
        """Every node, in the projection's order."""
        return [row[0] for row in self._connection.execute("SELECT iri FROM kg_nodes ORDER BY id")]

    def undirected(self) -> nx.Graph:
        """``networkx.Graph(projection)`` without self-loops and without edge attributes: the graph
        ``pmgraph connect`` searches, with the same order of nodes and of each node's neighbours."""
        import networkx as nx

        U = nx.Graph()
        names: dict[int, str] = {}
        nodes = []
        for number, iri, attrs in self._connection.execute("SELECT id, iri, attrs FROM kg_nodes ORDER BY id"):
            names[number] = iri
            nodes.append((iri, json.loads(attrs)))
        U.add_nodes_from(nodes)
        U.add_edges_from((names[u], names[v]) for u, v in
                         self._connection.execute("SELECT u, v FROM kg_edges WHERE u != v ORDER BY id"))
        return U
