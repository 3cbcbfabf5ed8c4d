"""The career graph of a snapshot, stored so that a path or a move reads only what it needs.

With ESCO and O*NET imported the career graph has about 4,000 roles and 40,000 moves, each
move with its transitions (fact, kind of move, sources, condition...). ``pmgraph path`` and
``pmgraph next`` search the moves but show the attributes of a handful, so the two are kept
apart in ``projections.sqlite`` (JSON, never pickles):

* ``career_adjacency``: one row, ``{"nodes": [iri...], "edges": [u, v, u, v...]}`` (the edges
  as indexes into ``nodes``), in the projection's node and edge order, so that the graph read
  back searches exactly as the one projected;
* ``career_moves``: one row per move, ``(u, v, position, attributes)``, read when a move is
  shown, and ``career_roles``: one row per role, ``(iri, position, attributes)``, read when a
  role is labelled: a path search reads the adjacency and the roles of the paths it finds;
  ``pmgraph next`` reads one role, its moves and the roles one move from it.

In a stack of layers (:mod:`pmgraph.kb.layers`) each layer stores the stack's career graph,
but only the tables it changes: a layer that adds roles and no move keeps the ``career_moves``
of the layer below, one that changes nothing stores none; each table is read from the first
layer, top down, that has it.

    >>> import sqlite3, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("dev", label={"en": "developer"}); G.add_node("lead", label={"en": "lead"})
    >>> G.add_edge("dev", "lead", label="moves to", transitions=[{"fact": "t1"}])
    >>> connection = sqlite3.connect(":memory:")
    >>> write_career_graph(connection, G)
    >>> stored = CareerStore(connection)
    >>> list(stored.adjacency().edges()), stored.moves()["dev", "lead"]["transitions"]
    ([('dev', 'lead')], [{'fact': 't1'}])
    >>> nx.utils.graphs_equal(stored.whole(), G)
    True
    >>> list(stored.around("lead").edges()), list(stored.around("nobody"))
    ([('dev', 'lead')], [])

A layer above that adds a role and no move stores the adjacency and the roles, and reads the
moves below:

    >>> G.add_node("cto", label={"en": "CTO"})
    >>> upper = sqlite3.connect(":memory:")
    >>> write_career_graph(upper, G, tables=("career_adjacency", "career_roles"))
    >>> stack = CareerStore(upper, [connection])
    >>> stack.complete, len(stack.adjacency()), stack.moves()["dev", "lead"]["transitions"]
    (True, 3, [{'fact': 't1'}])
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .compact import dumps
from .digraph import Digraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CareerStore", "CareerMoves", "write_career_graph", "graph_json", "graph_from_json", "TABLES"]

#: The tables of ``projections.sqlite`` that hold the career graph.
TABLES = ("career_adjacency", "career_moves", "career_roles")


def write_career_graph(connection: sqlite3.Connection, G: nx.DiGraph, tables: Sequence[str] = TABLES) -> None:
    """Store the career graph ``G`` (:func:`pmgraph.careers.project.career_graph`) in ``connection``:
    the tables of :data:`TABLES` named in ``tables`` (a layer leaves out those it does not change)."""
    index = {node: number for number, node in enumerate(G)}
    if "career_adjacency" in tables:
        edges: list[int] = []
        for u, v in G.edges():
            edges += (index[u], index[v])
        connection.execute("CREATE TABLE career_adjacency (value TEXT NOT NULL)")
        connection.execute("INSERT INTO career_adjacency VALUES (?)", (dumps({"nodes": list(G), "edges": edges}),))
    if "career_moves" in tables:
        connection.execute("CREATE TABLE career_moves (u TEXT NOT NULL, v TEXT NOT NULL, position INTEGER NOT NULL, "
                           "attrs TEXT NOT NULL, PRIMARY KEY (u, v)) WITHOUT ROWID")
        connection.executemany("INSERT INTO career_moves VALUES (?, ?, ?, ?)",
                               ((u, v, position, dumps(attrs))
                                for position, (u, v, attrs) in enumerate(G.edges(data=True))))
        connection.execute("CREATE INDEX career_moves_v ON career_moves (v)")
    if "career_roles" in tables:
        connection.execute("CREATE TABLE career_roles (iri TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                           "attrs TEXT NOT NULL) WITHOUT ROWID")
        connection.executemany("INSERT INTO career_roles VALUES (?, ?, ?)",
                               ((node, index[node], dumps(attrs)) for node, attrs in G.nodes(data=True)))


class _Rows(Mapping):
    """The attributes in one career table by key, each row read and decoded when first asked for."""

    table: str
    key_columns: tuple[str, ...]

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection
        self._seen: dict[Any, dict] = {}

    def __getitem__(self, key: Any) -> dict:
        if key not in self._seen:
            values = key if len(self.key_columns) > 1 else (key,)
            where = " AND ".join(f"{column} = ?" for column in self.key_columns)
            row = self._connection.execute(f"SELECT attrs FROM {self.table} WHERE {where}",
                                           tuple(str(value) for value in values)).fetchone()
            if row is None:
                raise KeyError(key)
            self._seen[key] = json.loads(row[0])
        return self._seen[key]

    def __iter__(self) -> Iterator:
        rows = self._connection.execute(f"SELECT {', '.join(self.key_columns)} FROM {self.table} ORDER BY position")
        return iter(rows) if len(self.key_columns) > 1 else (key for key, in rows)

    def __len__(self) -> int:
        return self._connection.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]


class CareerMoves(_Rows):
    """``(u, v)`` -> the attributes of the move from ``u`` to ``v``, read one move at a time."""

    table, key_columns = "career_moves", ("u", "v")


class CareerRoles(_Rows):
    """A role's IRI -> its attributes (``label``, ``track``...), read one role at a time."""

    table, key_columns = "career_roles", ("iri",)


class CareerStore:
    """The career graph stored in ``connection`` by :func:`write_career_graph`; with ``lower`` (the
    databases of the layers below, top first), each table is read from the first that has it."""

    def __init__(self, connection: sqlite3.Connection, lower: Sequence[sqlite3.Connection] = ()):
        self._databases = [connection, *lower]

    @cached_property
    def _where(self) -> dict[str, sqlite3.Connection]:
        """Each table of :data:`TABLES` that is stored, and the database it is read from."""
        found: dict[str, sqlite3.Connection] = {}
        for database in self._databases:
            names = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table in TABLES:
                if table in names:
                    found.setdefault(table, database)
        return found

    @property
    def complete(self) -> bool:
        """Whether every table of a stored career graph is there."""
        return len(self._where) == len(TABLES)

    @property
    def _adjacency(self) -> sqlite3.Connection:
        return self._where["career_adjacency"]

    @property
    def _moves(self) -> sqlite3.Connection:
        return self._where["career_moves"]

    @property
    def _roles(self) -> sqlite3.Connection:
        return self._where["career_roles"]

    def _read(self) -> tuple[list[str], list[int]]:
        data = json.loads(self._adjacency.execute("SELECT value FROM career_adjacency").fetchone()[0])
        return data["nodes"], data["edges"]

    def _nodes(self) -> list[list]:
        """Every role with its attributes, ``[[iri, attributes]...]``, in the projection's order."""
        return [[iri, json.loads(attrs)]
                for iri, attrs in self._roles.execute("SELECT iri, attrs FROM career_roles ORDER BY position")]

    def nodes_and_pairs(self) -> tuple[list[list], list[tuple[str, str]]]:
        """The roles with their attributes (``[[iri, attributes]...]``) and the moves as ``(u, v)``,
        in the projection's order (no move's attributes are read)."""
        names, edges = self._read()
        return self._nodes(), list(zip([names[i] for i in edges[0::2]], [names[i] for i in edges[1::2]]))

    def node_link(self) -> dict[str, list]:
        """The whole graph as ``{"nodes": [[iri, attributes]...], "edges": [[u, v, attributes]...]}``,
        in the projection's order (what :func:`pmgraph.kb.layers.merge_career_graphs` merges)."""
        rows = self._moves.execute("SELECT u, v, attrs FROM career_moves ORDER BY position")
        return {"nodes": self._nodes(), "edges": [[u, v, json.loads(attrs)] for u, v, attrs in rows]}

    def adjacency(self) -> Digraph:
        """The roles and the moves (without their attributes: see :meth:`moves`), in the
        projection's order, as a :class:`~pmgraph.kb.digraph.Digraph` (no networkx import)
        whose roles' attributes are read when asked for (a path search labels a few roles)."""
        return Digraph.from_indexes(*self._read(), attributes=CareerRoles(self._roles))

    def around(self, role: str) -> Digraph:
        """``role``, the roles one move from it and the moves into and out of it (all with their
        attributes), in the projection's order; an empty graph if ``role`` is no node."""
        moves = self._moves.execute(
            "SELECT u, v, position, attrs FROM career_moves WHERE u = ? UNION ALL "
            "SELECT u, v, position, attrs FROM career_moves WHERE v = ? ORDER BY position", (role, role)).fetchall()
        names = sorted({role} | {u for u, *_ in moves} | {v for _, v, *_ in moves})
        rows = self._roles.execute(
            f"SELECT iri, attrs FROM career_roles WHERE iri IN ({','.join('?' * len(names))}) ORDER BY position",
            names).fetchall()
        return Digraph(((iri, json.loads(attrs)) for iri, attrs in rows),
                       ((u, v, json.loads(attrs)) for u, v, _, attrs in moves))

    def moves(self) -> CareerMoves:
        """Each move's attributes, by ``(u, v)``."""
        return CareerMoves(self._moves)

    def whole(self) -> nx.DiGraph:
        """The career graph with every move's attributes, as it was projected."""
        return graph_from_json(self.node_link())


def graph_json(G) -> dict:
    """A directed graph as ``{"nodes": [[node, attrs]...], "edges": [[u, v, attrs]...]}``, in order."""
    return {"nodes": [[node, attrs] for node, attrs in G.nodes(data=True)],
            "edges": [[u, v, attrs] for u, v, attrs in G.edges(data=True)]}


def graph_from_json(data: dict) -> nx.DiGraph:
    """The graph :func:`graph_json` gave (the same nodes, edges, attributes and order).

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b", {"label": "moves to"})])
    >>> H = graph_from_json(json.loads(json.dumps(graph_json(G))))
    >>> list(H.edges(data=True)) == list(G.edges(data=True)), list(H) == list(G)
    (True, True)
    """
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(data["nodes"])
    G.add_edges_from(data["edges"])
    return G
