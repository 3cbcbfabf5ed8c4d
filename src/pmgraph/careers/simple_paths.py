"""Simple paths, shortest first (Yen's algorithm), over any graph with networkx's read API.

A port of ``networkx.shortest_simple_paths`` and its two helpers (bidirectional breadth-first
search, bidirectional Dijkstra) from networkx 3.4-3.6 (BSD-3-Clause, © NetworkX Developers),
reading the graph only through ``successors``, ``predecessors``, ``neighbors`` and
``is_directed``. So it walks a :class:`networkx.DiGraph` or Graph, or the
:class:`~pmgraph.kb.digraph.Digraph` a stored snapshot reads without importing networkx,
and yields the same paths in the same order as networkx does (``tests/test_simple_paths.py``
compares the two on random graphs). ``blocked`` nodes are left out of the graph, as
``networkx.restricted_view`` leaves them out.

    >>> from pmgraph.kb.digraph import Digraph
    >>> G = Digraph(edges=[("junior", "senior"), ("senior", "lead"), ("lead", "cto"), ("senior", "cto")])
    >>> list(shortest_simple_paths(G, "junior", "cto"))
    [['junior', 'senior', 'cto'], ['junior', 'senior', 'lead', 'cto']]
    >>> list(shortest_simple_paths(G, "junior", "cto", blocked={"lead"}))
    [['junior', 'senior', 'cto']]
    >>> shortest_path_length(G, "junior", "cto"), shortest_path_length(G, "cto", "junior")
    (2, None)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from heapq import heappop, heappush
from itertools import count
from typing import Any

__all__ = ["NoPath", "shortest_simple_paths", "shortest_path_length", "reachable"]


class NoPath(Exception):
    """No path joins the two nodes (in what is not blocked or ignored)."""


def _neighbours(G: Any, ignore_nodes: Collection,
                ignore_edges: Collection) -> tuple[Callable[[Any], Iterator], Callable[[Any], Iterator]]:
    """``(successors, predecessors)`` of ``G`` without the ignored nodes and edges."""
    directed = G.is_directed()
    forward = G.successors if directed else G.neighbors
    backward = G.predecessors if directed else G.neighbors

    def successors(v):
        for w in forward(v):
            if w in ignore_nodes:
                continue
            if ignore_edges and ((v, w) in ignore_edges or (not directed and (w, v) in ignore_edges)):
                continue
            yield w

    def predecessors(v):
        for w in backward(v):
            if w in ignore_nodes:
                continue
            if ignore_edges and ((w, v) in ignore_edges or (not directed and (v, w) in ignore_edges)):
                continue
            yield w

    return successors, predecessors


def _bidirectional_bfs(G: Any, source, target, ignore_nodes: Collection = (), ignore_edges: Collection = ()) -> list:
    """The fewest-moves path from ``source`` to ``target``, searched from both ends."""
    if source in ignore_nodes or target in ignore_nodes:
        raise NoPath
    if source == target:
        return [source]
    successors, predecessors = _neighbours(G, ignore_nodes, ignore_edges)
    pred = {source: None}
    succ = {target: None}
    forward_fringe = [source]
    reverse_fringe = [target]
    meet = None
    while forward_fringe and reverse_fringe and meet is None:
        if len(forward_fringe) <= len(reverse_fringe):
            this_level, forward_fringe = forward_fringe, []
            for v in this_level:
                for w in successors(v):
                    if w not in pred:
                        forward_fringe.append(w)
                        pred[w] = v
                    if w in succ:
                        meet = w
                        break
                if meet is not None:
                    break
        else:
            this_level, reverse_fringe = reverse_fringe, []
            for v in this_level:
                for w in predecessors(v):
                    if w not in succ:
                        succ[w] = v
                        reverse_fringe.append(w)
                    if w in pred:
                        meet = w
                        break
                if meet is not None:
                    break
    if meet is None:
        raise NoPath
    path = []
    w = meet
    while w is not None:
        path.append(w)
        w = succ[w]
    w = pred[path[0]]
    while w is not None:
        path.insert(0, w)
        w = pred[w]
    return path


def _bidirectional_dijkstra(G: Any, source, target, weight: Callable[[Any, Any], float],
                            ignore_nodes: Collection = (), ignore_edges: Collection = ()) -> tuple[float, list]:
    """``(cost, path)`` of the cheapest path, ``weight(u, v)`` the cost of the edge ``u -> v``."""
    if source in ignore_nodes or target in ignore_nodes:
        raise NoPath
    if source == target:
        return 0, [source]
    successors, predecessors = _neighbours(G, ignore_nodes, ignore_edges)
    dists: list[dict] = [{}, {}]
    paths: list[dict] = [{source: [source]}, {target: [target]}]
    fringe: list[list] = [[], []]
    seen: list[dict] = [{source: 0}, {target: 0}]
    c = count()
    heappush(fringe[0], (0, next(c), source))
    heappush(fringe[1], (0, next(c), target))
    neighs = [successors, predecessors]
    finalpath: list = []
    finaldist = 0
    direction = 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        dist, _, v = heappop(fringe[direction])
        if v in dists[direction]:
            continue
        dists[direction][v] = dist
        if v in dists[1 - direction]:
            return finaldist, finalpath
        for w in neighs[direction](v):
            cost = weight(v, w) if direction == 0 else weight(w, v)
            if cost is None:
                continue
            length = dists[direction][v] + cost
            if w in dists[direction]:
                if length < dists[direction][w]:
                    raise ValueError("Contradictory paths found: negative weights?")
            elif w not in seen[direction] or length < seen[direction][w]:
                seen[direction][w] = length
                heappush(fringe[direction], (length, next(c), w))
                paths[direction][w] = paths[direction][v] + [w]
                if w in seen[0] and w in seen[1]:
                    total = seen[0][w] + seen[1][w]
                    if finalpath == [] or finaldist > total:
                        finaldist = total
                        finalpath = paths[0][w] + paths[1][w][-2::-1]
    raise NoPath


def shortest_simple_paths(G: Any, source, target, weight: Callable[[Any, Any], float] | None = None,
                          blocked: Collection = ()) -> Iterator[list]:
    """Every simple path from ``source`` to ``target``, cheapest first, lazily: fewest moves, or
    with ``weight`` (``weight(u, v)``, non-negative) the least total cost; ``blocked`` nodes are
    never visited. Ties come out in the order networkx gives them. Raises :class:`NoPath` at
    the first ``next`` when no path exists."""
    for node in (source, target):
        if node not in G or node in blocked:
            raise NoPath

    if weight is None:
        def length_of(path: list) -> float:
            return len(path)

        def shortest(start, ignore_nodes, ignore_edges):
            path = _bidirectional_bfs(G, start, target, ignore_nodes, ignore_edges)
            return len(path), path
    else:
        def length_of(path: list) -> float:
            return sum(weight(u, v) for u, v in zip(path, path[1:]))

        def shortest(start, ignore_nodes, ignore_edges):
            return _bidirectional_dijkstra(G, start, target, weight, ignore_nodes, ignore_edges)

    found: list[list] = []
    candidates: list[tuple] = []
    queued: set[tuple] = set()
    order = count()

    def push(cost, path: list) -> None:
        key = tuple(path)
        if key not in queued:
            heappush(candidates, (cost, next(order), path))
            queued.add(key)

    previous: list | None = None
    while True:
        if not previous:
            push(*shortest(source, blocked, ()))  # blocked nodes are ignored, as the root's are below
        else:
            ignore_nodes: set = set(blocked)
            ignore_edges: set = set()
            for i in range(1, len(previous)):
                root = previous[:i]
                root_length = length_of(root)
                for path in found:
                    if path[:i] == root:
                        ignore_edges.add((path[i - 1], path[i]))
                try:
                    length, spur = shortest(root[-1], ignore_nodes, ignore_edges)
                    push(root_length + length, root[:-1] + spur)
                except NoPath:
                    pass
                ignore_nodes.add(root[-1])
        if not candidates:
            return
        _, _, path = heappop(candidates)
        queued.remove(tuple(path))
        yield path
        found.append(path)
        previous = path


def shortest_path_length(G: Any, source, target, blocked: Collection = ()) -> int | None:
    """The fewest moves from ``source`` to ``target`` avoiding ``blocked``, or None if none leads there."""
    try:
        return len(_bidirectional_bfs(G, source, target, blocked)) - 1  # None if source or target is blocked
    except NoPath:
        return None


def reachable(G: Any, source) -> set:
    """The other nodes a path from ``source`` reaches, following the edges' direction.

    >>> from pmgraph.kb.digraph import Digraph
    >>> sorted(reachable(Digraph(edges=[("a", "b"), ("b", "c"), ("d", "a")]), "a"))
    ['b', 'c']
    """
    forward = G.successors if G.is_directed() else G.neighbors
    seen: set = set()
    todo = [source]
    while todo:
        for w in forward(todo.pop()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen - {source}
