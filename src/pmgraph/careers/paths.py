"""Career paths: the k best simple paths between two roles, bounded.

Works on any directed or undirected NetworkX graph whose nodes may carry ``label``
(``{lang: text}``): the career graph of :func:`pmgraph.careers.project.career_graph` (or the
:class:`~pmgraph.kb.digraph.Digraph` a stored snapshot reads it as), or the undirected
knowledge graph that ``pmgraph connect`` searches. Assumptions and guarantees:

* Paths are *simple* (no role twice), so a lateral move back and forth never loops.
* ``via`` stops are visited in the order given; ``avoid`` nodes are never visited.
* Paths are ranked by cost, best first: the number of moves (``weight="hops"``) or the sum of
  an integer edge cost (``edge_cost``), ties broken by fewer moves. Yen's algorithm
  (:mod:`pmgraph.careers.simple_paths`, networkx's, ported) yields paths lazily in that order,
  so only as many paths are computed as are asked for: no all-pairs work and no unbounded
  enumeration.
* Every search is bounded: at most ``max_hops`` moves, at most ``max_paths`` candidate paths
  examined, at most ``time_limit`` seconds. When a bound stops the search the result says
  so (``truncated`` and ``reason``); :class:`~pmgraph.errors.LimitReached` (exit 5) is
  raised only when a bound leaves nothing to return.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("junior", "senior"), ("senior", "lead"), ("lead", "cto"), ("senior", "cto")])
    >>> [p.nodes for p in best_paths(G, "junior", "cto", k=2).paths]
    [('junior', 'senior', 'cto'), ('junior', 'senior', 'lead', 'cto')]
    >>> best_paths(G, "junior", "cto", avoid=["lead"]).paths[0].hops
    2
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import LimitReached, NoResult, UsageError
from ..i18n import Message, PluralMessage
from ..text import pick
from .profiles import gap_cost, gap_size
from .simple_paths import NoPath, reachable, shortest_path_length, shortest_simple_paths

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CareerPath", "PathSearch", "best_paths", "career_paths", "moves", "node_label",
           "DEFAULT_K", "MAX_PATHS", "MAX_HOPS", "TIME_LIMIT", "WEIGHTS"]

#: Paths shown unless asked otherwise.
DEFAULT_K = 3
#: The most candidate paths one search examines (also the largest -k).
MAX_PATHS = 100
#: The most moves one path may take unless asked otherwise.
MAX_HOPS = 8
#: Seconds one search may take unless asked otherwise.
TIME_LIMIT = 10.0
#: What a path's cost counts.
WEIGHTS = ("hops", "gap")


@dataclass(frozen=True)
class CareerPath:
    """One path: its nodes from source to target and its cost."""

    nodes: tuple[str, ...]
    cost: int | float

    @property
    def hops(self) -> int:
        return len(self.nodes) - 1

    @property
    def steps(self) -> list[tuple[str, str]]:
        return list(zip(self.nodes, self.nodes[1:]))


@dataclass
class PathSearch:
    """The paths found, best first, and whether a bound cut the search short (and which)."""

    paths: list[CareerPath]
    truncated: bool = False
    reason: str | None = None
    weight: str = "hops"
    examined: int = 0


def node_label(G: nx.Graph, node: str, lang: str = "en") -> str:
    """The node's ``label`` in ``lang`` (falling back to en, ja, ko), or the node itself."""
    labels = G.nodes[node].get("label") if node in G else None
    if isinstance(labels, Mapping) and any(labels.values()):
        return pick(labels, lang)
    return str(node)


class _Stop(Exception):
    """A bound was hit while pulling paths."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Budget:
    max_paths: int
    deadline: float
    clock: Callable[[], float]
    time_limit: float
    examined: int = 0

    def spend(self) -> None:
        if self.clock() > self.deadline:
            raise _Stop(Message("stopped after the time limit of {seconds} s", seconds=f"{self.time_limit:g}"))
        if self.examined >= self.max_paths:
            raise _Stop(Message("stopped after examining {count} candidate paths", count=self.max_paths))
        self.examined += 1


@dataclass
class _Leg:
    """The paths of one leg (between two consecutive stops), pulled lazily and cached."""

    generator: Iterator[list[str]]
    weigh: Callable[[list[str]], int]
    max_hops: int
    monotone: bool  # costs are hop counts, so the first too-long path ends the leg
    budget: _Budget
    paths: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    done: bool = False
    too_long: bool = False

    def get(self, index: int) -> tuple[int, tuple[str, ...]] | None:
        while len(self.paths) <= index and not self.done:
            self.budget.spend()
            try:
                path = next(self.generator)
            except (StopIteration, NoPath):
                self.done = True
                break
            if len(path) - 1 > self.max_hops:
                self.too_long = True
                if self.monotone:
                    self.done = True
                continue
            self.paths.append((self.weigh(path), tuple(path)))
        return self.paths[index] if index < len(self.paths) else None


def _check_nodes(G: nx.Graph, source: str, target: str, via: Sequence[str], avoid: Iterable[str],
                 label: Callable[[str], str]) -> None:
    for node in (source, target, *via):
        if node not in G:
            raise NoResult(Message("{node} is not in the graph searched", node=label(node)))
    avoided = set(avoid)
    for node, message in ((source, Message("cannot avoid {node}: it is the start of the path", node=label(source))),
                          (target, Message("cannot avoid {node}: it is the end of the path", node=label(target)))):
        if node in avoided:
            raise UsageError(message)
    stops = [source, *via, target] if source != target else [source, *via]
    for node in via:
        if node in avoided:
            raise UsageError(Message("cannot both go via and avoid {node}", node=label(node)))
        if node in (source, target):
            raise UsageError(Message("--via {node} is already the start or the end of the path", node=label(node)))
    seen: set[str] = set()
    for node in stops:
        if node in seen:
            raise UsageError(Message("{node} is named twice as a stop; a path visits each node once", node=label(node)))
        seen.add(node)


def best_paths(G: nx.Graph, source: str, target: str, *, k: int = DEFAULT_K, via: Sequence[str] = (),
               avoid: Iterable[str] = (), max_hops: int = MAX_HOPS,
               edge_cost: Callable[[str, str], int] | None = None, max_paths: int = MAX_PATHS,
               time_limit: float = TIME_LIMIT, clock: Callable[[], float] = time.monotonic,
               lang: str = "en") -> PathSearch:
    """The ``k`` best simple paths from ``source`` to ``target``, best first.

    Cost is the number of moves, or with ``edge_cost`` the sum of ``edge_cost(u, v)``
    (non-negative integers) with fewer moves breaking ties. ``via`` stops are visited in
    order, ``avoid`` nodes never. Raises :class:`NoResult` when no path exists at all,
    :class:`LimitReached` when paths exist but a bound left none to return, and
    :class:`UsageError` for contradictory stops (avoiding the source, via the target...).

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> result = best_paths(G, "a", "c", edge_cost=lambda u, v: 5 if (u, v) == ("a", "c") else 1)
    >>> [(p.nodes, p.cost) for p in result.paths]
    [(('a', 'b', 'c'), 2), (('a', 'c'), 5)]
    """
    if k < 1:
        raise UsageError("ask for at least one path (-k 1 or more)")
    if max_hops < 0:
        raise UsageError("--max-hops cannot be negative")
    via = list(via)
    avoid = set(avoid)

    def label(node: str) -> str:
        return node_label(G, node, lang)

    _check_nodes(G, source, target, via, avoid, label)
    if source == target:
        if via:
            raise UsageError(Message("the path from {node} to itself has no moves; it cannot go via other roles",
                                     node=label(source)))
        return PathSearch([CareerPath((source,), 0)], weight="hops" if edge_cost is None else "cost")

    stops = [source, *via, target]
    legs_count = len(stops) - 1
    scale = max_hops + 1  # cost * scale + hops orders by cost, then hops, for paths within max_hops

    costs: dict[tuple[str, str], int] = {}

    def internal_weight(u: str, v: str) -> int:
        # cached: every Yen iteration runs Dijkstra again over mostly the same edges
        if (u, v) not in costs:
            costs[u, v] = edge_cost(u, v) * scale + 1
        return costs[u, v]

    weight = None if edge_cost is None else internal_weight

    def weigh(path: Sequence[str]) -> int:
        if edge_cost is None:
            return len(path) - 1
        return sum(internal_weight(u, v) for u, v in zip(path, path[1:]))

    budget = _Budget(max_paths, clock() + time_limit, clock, time_limit)
    head = Message("no path from {source} to {target}", source=label(source), target=label(target))
    blocks: list[set[str]] = []
    lengths: list[int] = []
    for index in range(legs_count):
        start, end = stops[index], stops[index + 1]
        blocked = avoid | (set(stops) - {start, end})
        length = shortest_path_length(G, start, end, blocked)
        if length is None:
            raise NoResult(_no_path_message(G, source, target, start, end, blocked, label))
        lengths.append(length)
        blocks.append(blocked)

    def beyond_max_hops() -> LimitReached | NoResult:
        """Paths exist, but none within max_hops: say how many moves the shortest takes."""
        if legs_count == 1:
            return LimitReached(Message("{head} within {moves}; the shortest takes {count} (raise --max-hops)",
                                        head=head, moves=_moves(max_hops), count=lengths[0]))
        if max_hops >= len(G) - 1:
            # no simple path is longer: the longer ways through the stops all visit a role twice
            names = ", ".join(label(node) for node in via)
            return NoResult(Message("{head}: every way through {names} (in that order) visits some role twice",
                                    head=head, names=names))
        # The legs' shortest paths may share a role; the fewest-moves search over the whole
        # route (a simple path has fewer moves than the graph has nodes) says whether any
        # path exists, within what is left of the time limit.
        remaining = max(budget.deadline - clock(), 0.0)
        try:
            shortest = best_paths(G, source, target, k=1, via=via, avoid=avoid, max_hops=max(len(G) - 1, 1),
                                  max_paths=max_paths, time_limit=remaining, clock=clock, lang=lang).paths[0].hops
        except LimitReached:
            return LimitReached(Message("{head} within {moves}; the shortest takes at least {count} (raise --max-hops)",
                                        head=head, moves=_moves(max_hops), count=sum(lengths)))
        return LimitReached(Message("{head} within {moves}; the shortest takes {count} (raise --max-hops)",
                                    head=head, moves=_moves(max_hops), count=shortest))

    if sum(lengths) > max_hops:
        raise beyond_max_hops()
    legs = [_Leg(shortest_simple_paths(G, start, end, weight=weight, blocked=blocked), weigh,
                 max_hops - (sum(lengths) - length), edge_cost is None, budget)
            for blocked, start, end, length in zip(blocks, stops, stops[1:], lengths)]

    found: list[tuple[int, tuple[str, ...]]] = []
    reason: str | None = None
    try:
        if legs_count == 1:
            index = 0
            while len(found) < k:
                item = legs[0].get(index)
                if item is None:
                    break
                found.append(item)
                index += 1
        else:
            _combine(legs, k, max_hops, found, budget)
    except _Stop as stop:
        reason = stop.reason
    if reason is None and len(found) < k and any(leg.too_long for leg in legs):
        reason = Message("paths longer than {moves} were left out (--max-hops)", moves=_moves(max_hops))
    if not found:
        if reason is None:
            names = ", ".join(label(node) for node in via)
            raise NoResult(Message("{head}: every way through {names} (in that order) visits some role twice",
                                   head=head, names=names))
        if reason.startswith("paths longer"):
            raise beyond_max_hops()
        raise LimitReached(Message("{head} found: {reason}", head=head, reason=reason))

    def tie_key(item: tuple[int, tuple[str, ...]]):
        # English labels, so that the order is the same in every display language
        return (item[0], len(item[1]), [node_label(G, node, "en").casefold() for node in item[1]], item[1])

    found.sort(key=tie_key)
    paths = [CareerPath(nodes, cost if edge_cost is None else (cost - (len(nodes) - 1)) // scale)
             for cost, nodes in found]
    return PathSearch(paths, truncated=reason is not None, reason=reason,
                      weight="hops" if edge_cost is None else "cost", examined=budget.examined)


def _moves(count: int) -> str:
    return PluralMessage("{n} move", "{n} moves", count)


def _combine(legs: list[_Leg], k: int, max_hops: int, found: list[tuple[int, tuple[str, ...]]],
             budget: _Budget) -> None:
    """Best-first over the product of the legs' sorted path lists, keeping simple combinations.

    Costs add up across legs, so popping index tuples from a heap by summed cost visits
    every combination in non-decreasing cost; each leg's paths are pulled only when needed.
    """
    def entry(indexes: tuple[int, ...]):
        parts = [leg.get(i) for leg, i in zip(legs, indexes)]
        if any(part is None for part in parts):
            return None
        return (sum(part[0] for part in parts), indexes, parts)

    first = entry(tuple(0 for _ in legs))
    heap = [first] if first is not None else []
    queued = {first[1]} if first is not None else set()
    while heap and len(found) < k:
        cost, indexes, parts = heapq.heappop(heap)
        budget.spend()
        nodes = list(parts[0][1])
        for part in parts[1:]:
            nodes.extend(part[1][1:])
        if len(nodes) - 1 <= max_hops and len(set(nodes)) == len(nodes):
            found.append((cost, tuple(nodes)))
        for position in range(len(legs)):
            following = indexes[:position] + (indexes[position] + 1,) + indexes[position + 1:]
            if following not in queued:
                queued.add(following)
                item = entry(following)
                if item is not None:
                    heapq.heappush(heap, item)


def _names(G: nx.Graph, nodes: Iterable[str], label: Callable[[str], str], limit: int = 5) -> str:
    names = sorted({label(node) for node in nodes}, key=str.casefold)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "")


def _no_path_message(G: nx.Graph, source: str, target: str, start: str, end: str, blocked: set[str],
                     label: Callable[[str], str]) -> str:
    """``no path from X to Y: why`` — the first reason that explains it."""
    head = Message("no path from {source} to {target}", source=label(source), target=label(target))
    leg = "" if (start, end) == (source, target) else Message(" (on the way from {start} to {end})",
                                                              start=label(start), end=label(end))
    directed = G.is_directed()
    reachable_roles = reachable(G, start)
    if end in reachable_roles:
        return Message("{head}{leg}: every path goes through a role that is avoided or is another stop of the route "
                       "({roles})", head=head, leg=leg, roles=_names(G, blocked, label))
    if directed and G.out_degree(start) == 0:
        return Message("{head}{leg}: no move out of {role} is recorded", head=head, leg=leg, role=label(start))
    if directed and G.in_degree(end) == 0:
        return Message("{head}{leg}: no move into {role} is recorded", head=head, leg=leg, role=label(end))
    if not directed and G.degree(start) == 0:
        return Message("{head}{leg}: {role} is related to nothing", head=head, leg=leg, role=label(start))
    why = Message("{end} is not reachable from {start}", end=label(end), start=label(start))
    tracks = [G.nodes[n].get("track_label") for n in (start, end)]
    if all(isinstance(t, Mapping) for t in tracks):
        start_track, end_track = (node_label_of(t) for t in tracks)
        if start_track != end_track:
            why = Message("{end} is not reachable from {start} ({start} is on the {start_track}, {end} on the "
                          "{end_track})", end=label(end), start=label(start), start_track=start_track,
                          end_track=end_track)
    return PluralMessage("{head}{leg}: {why}; the moves recorded from {start} lead to {n} role: {roles}",
                         "{head}{leg}: {why}; the moves recorded from {start} lead to {n} roles: {roles}",
                         n=len(reachable_roles), head=head, leg=leg, why=why, start=label(start),
                         roles=_names(G, reachable_roles, label))


def node_label_of(labels: Mapping[str, str], lang: str = "en") -> str:
    return pick(labels, lang, "")


def career_paths(G: nx.DiGraph, source: str, target: str, *, weight: str = "hops",
                 profiles: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
                 requirements: Mapping[str, Mapping[str, tuple]] | None = None, **options) -> PathSearch:
    """The best career paths in a career graph; ``weight`` is ``"hops"`` or ``"gap"``.

    With ``weight="gap"`` a move costs the number of skills and tools the next role needs
    that the current one is not recorded as having (:func:`pmgraph.careers.profiles.gap_size`), so the
    best path is the one with the fewest new skills and tools to learn; ``profiles`` is
    :func:`pmgraph.careers.project.role_profiles`. With ``requirements``
    (:func:`pmgraph.careers.project.role_requirements`) a skill the next role needs as optional
    costs half (:func:`pmgraph.careers.profiles.gap_cost`), and a path's cost may end in .5.
    Other options are those of :func:`best_paths`.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("dev", "lead"), ("lead", "head"), ("dev", "architect"), ("architect", "head")])
    >>> profiles = {"dev": {"skill": {"code"}}, "lead": {"skill": {"code", "people"}},
    ...             "architect": {"skill": {"code", "design", "cloud"}},
    ...             "head": {"skill": {"code", "people", "budget"}}}
    >>> [(p.nodes, p.cost) for p in career_paths(G, "dev", "head", weight="gap", profiles=profiles).paths]
    [(('dev', 'lead', 'head'), 2), (('dev', 'architect', 'head'), 4)]
    >>> optional = {"architect": {"design": ("https://w3id.org/pmgraph/id/Optional", None, None),
    ...                           "cloud": ("https://w3id.org/pmgraph/id/Optional", None, None)}}
    >>> found = career_paths(G, "dev", "head", weight="gap", profiles=profiles, requirements=optional)
    >>> [(p.nodes, p.cost) for p in found.paths]
    [(('dev', 'lead', 'head'), 2), (('dev', 'architect', 'head'), 3)]
    """
    if weight not in WEIGHTS:
        raise UsageError(f"unknown weight {weight!r}; use one of {', '.join(WEIGHTS)}")
    if weight == "gap":
        if profiles is None:
            raise UsageError("weight 'gap' needs role profiles")
        if requirements is None:
            search = best_paths(G, source, target, edge_cost=lambda u, v: gap_size(profiles, u, v), **options)
        else:
            # in half units, so that costs stay integers (best_paths orders by cost, then moves)
            search = best_paths(G, source, target, **options,
                                edge_cost=lambda u, v: round(2 * gap_cost(profiles, requirements, u, v)))
            search.paths = [CareerPath(found.nodes, found.cost // 2 if found.cost % 2 == 0 else found.cost / 2)
                            for found in search.paths]
    else:
        search = best_paths(G, source, target, **options)
    search.weight = weight
    return search


def moves(G: nx.DiGraph, role: str, *, previous: bool = False, lang: str = "en") -> list[tuple[str, dict]]:
    """The recorded moves out of ``role`` (or into it, with ``previous``): ``[(other role, edge data)]``.

    Sorted by the other role's label. Raises :class:`NoResult` when there is none.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("dev", "lead"), ("dev", "architect")])
    >>> [other for other, _ in moves(G, "dev")]
    ['architect', 'lead']
    """
    if role not in G:
        raise NoResult(f"{role} is not in the career graph")
    edges = G.in_edges(role, data=True) if previous else G.out_edges(role, data=True)
    found = [((u if previous else v), data) for u, v, data in edges]
    if not found:
        raise NoResult(Message("no move into {role} is recorded", role=node_label(G, role, lang)) if previous
                       else Message("no move out of {role} is recorded", role=node_label(G, role, lang)))
    return sorted(found, key=lambda item: (node_label(G, item[0], lang).casefold(), item[0]))
