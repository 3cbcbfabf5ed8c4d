"""pmgraph's port of Yen's algorithm yields exactly networkx's paths, in networkx's order.

``pmgraph path`` over a stored snapshot searches a :class:`~pmgraph.kb.digraph.Digraph`
with :mod:`pmgraph.careers.simple_paths` instead of importing networkx; which of several
equally short paths it finds depends on the order the search explores, so the port must
break ties as networkx does. Compared here on seeded random graphs, directed and not,
weighted and not, with nodes blocked (networkx: ``restricted_view``).
"""

from __future__ import annotations

import itertools
import random
import zlib

import networkx as nx
import pytest

from pmgraph.kb.digraph import Digraph
from pmgraph.careers.simple_paths import NoPath, reachable, shortest_path_length, shortest_simple_paths

SEEDS = range(40)
TAKE = 25


def _graph(seed: int, directed: bool) -> nx.Graph:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(6, 18))]
    rng.shuffle(nodes)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes)
    for u, v in itertools.permutations(nodes, 2):
        if rng.random() < 0.22:
            G.add_edge(u, v)
    return G


def _weight(seed: int):
    """Edge costs 1, 8, 15, 22 or 29 (many ties), the same for u -> v and v -> u."""
    def weight(u: str, v: str, *_data) -> int:
        return zlib.crc32(f"{min(u, v)} {max(u, v)} {seed}".encode()) % 5 * 7 + 1
    return weight


def _ends(G: nx.Graph, seed: int) -> tuple[str, str, set[str]]:
    rng = random.Random(seed * 31 + 7)
    source, target, *rest = rng.sample(list(G), 3 + min(2, len(G) - 3))
    return source, target, set(rest[: seed % 3])


def _networkx(G: nx.Graph, source: str, target: str, weight, blocked: set[str]) -> list[list[str]]:
    H = nx.restricted_view(G, blocked, []) if blocked else G
    try:
        return list(itertools.islice(nx.shortest_simple_paths(H, source, target, weight=weight), TAKE))
    except nx.NetworkXNoPath:
        return []


def _ours(G, source: str, target: str, weight, blocked: set[str]) -> list[list[str]]:
    try:
        return list(itertools.islice(shortest_simple_paths(G, source, target, weight=weight, blocked=blocked), TAKE))
    except NoPath:
        return []


@pytest.mark.parametrize("weighted", [False, True], ids=["hops", "weighted"])
@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
def test_same_paths_in_the_same_order_as_networkx(directed: bool, weighted: bool) -> None:
    compared = with_paths = 0
    for seed in SEEDS:
        G = _graph(seed, directed)
        source, target, blocked = _ends(G, seed)
        weight = _weight(seed) if weighted else None
        expected = _networkx(G, source, target, weight, blocked)
        ours_weight = (lambda u, v, w=weight: w(u, v)) if weighted else None
        assert _ours(G, source, target, ours_weight, blocked) == expected, seed
        if directed:  # the Digraph a stored snapshot reads, built in the same order
            D = Digraph(G.nodes(data=True), G.edges())
            assert _ours(D, source, target, ours_weight, blocked) == expected, seed
        compared += 1
        with_paths += bool(expected)
    assert compared == len(SEEDS)
    assert with_paths >= len(SEEDS) // 2  # most pairs are connected: the comparison is not vacuous


def test_lengths_and_reachability_agree_with_networkx() -> None:
    checked = 0
    for seed in SEEDS:
        G = _graph(seed, True)
        D = Digraph(G.nodes(data=True), G.edges())
        source, target, _ = _ends(G, seed)
        expected = nx.shortest_path_length(G, source, target) if nx.has_path(G, source, target) else None
        assert shortest_path_length(D, source, target) == expected
        assert reachable(D, source) == nx.descendants(G, source)
        assert reachable(G.to_undirected(), source) == nx.node_connected_component(G.to_undirected(), source) - {source}
        checked += 1
    assert checked == len(SEEDS)


def test_no_path_and_blocked_ends() -> None:
    D = Digraph(edges=[("a", "b"), ("b", "c")])
    with pytest.raises(NoPath):
        next(shortest_simple_paths(D, "c", "a"))
    with pytest.raises(NoPath):
        next(shortest_simple_paths(D, "a", "c", blocked={"b"}))
    with pytest.raises(NoPath):
        next(shortest_simple_paths(D, "a", "nobody"))
    assert shortest_path_length(D, "a", "c", blocked={"b"}) is None


def test_digraph_reads_like_networkx() -> None:
    edges = [("a", "b", {"k": 1}), ("c", "a", {"k": 2}), ("a", "c", {"k": 3}), ("b", "c", {})]
    G = nx.DiGraph()
    G.add_node("z", label={"en": "Z"})
    G.add_edges_from(edges)
    D = Digraph([("z", {"label": {"en": "Z"}})], edges)
    assert list(D) == list(G) and len(D) == len(G)
    assert list(D.edges(data=True)) == list(G.edges(data=True))
    assert list(D.edges()) == list(G.edges())
    assert list(D.in_edges("c", data=True)) == list(G.in_edges("c", data=True))
    assert list(D.out_edges("a")) == list(G.out_edges("a"))
    assert [D.in_degree(n) for n in D] == [G.in_degree(n) for n in G]
    copy = D.copy()
    copy.edges["a", "b"]["k"] = 9
    copy.remove_edge("a", "c")
    assert D.edges["a", "b"] == {"k": 1} and ("a", "c") in D.edges  # the copy is apart
    assert nx.utils.graphs_equal(D.to_networkx(), G)
