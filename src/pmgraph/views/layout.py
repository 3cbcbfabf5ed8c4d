"""Node positions computed in Python, so that the browser draws at once with physics off.

A browser that lays out a graph itself (vis-network's physics) needs seconds for a hundred
nodes and minutes for a thousand; positions given up front draw in about a second. Three
layouts, all deterministic — the same nodes and edges give the same integer positions on
every platform (only ``+ - * /`` and square roots, a seeded Mersenne Twister, no hashing of
strings, and trigonometry only where nothing iterates on its result):

* :func:`layered_layout`: career ladders, one row per seniority layer, junior at the top,
  rows ordered by the barycentre heuristic so that moves cross as little as possible;
* :func:`radial_layout`: the neighbourhood of one entity, rings by distance from it;
* :func:`force_layout`: anything else, multilevel Fruchterman–Reingold with a grid so that
  each step costs about O(nodes + edges) rather than O(nodes²).

    >>> layered_layout(["dev", "lead", "cto"], [("dev", "lead"), ("lead", "cto")], {"dev": 0, "lead": 1, "cto": 2})
    {'dev': (0, 0), 'lead': (0, 150), 'cto': (0, 300)}
    >>> force_layout(["a", "b"], [("a", "b")]) == force_layout(["a", "b"], [("a", "b")])
    True
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["force_layout", "layered_layout", "radial_layout", "LAYER_GAP", "COLUMN_GAP"]

#: Vertical distance between two seniority layers, in pixels at zoom 1.
LAYER_GAP = 150
#: Horizontal distance between two nodes of one layer.
COLUMN_GAP = 240
#: The ideal edge length of the force layout.
EDGE_LENGTH = 110.0


def _index_edges(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> tuple[dict[str, int], list[tuple[int, int]]]:
    index = {node: i for i, node in enumerate(nodes)}
    pairs = set()
    for u, v in edges:
        if u in index and v in index and u != v:
            i, j = index[u], index[v]
            pairs.add((min(i, j), max(i, j)))
    return index, sorted(pairs)


def _coarsen(n: int, pairs: list[tuple[int, int]]) -> tuple[int, list[tuple[int, int]], list[int]]:
    """One level of coarsening: each node merges with its least-connected free neighbour.

    Returns the coarse node count, the coarse edges and each fine node's coarse node.
    """
    adjacent: list[list[int]] = [[] for _ in range(n)]
    for i, j in pairs:
        adjacent[i].append(j)
        adjacent[j].append(i)
    parent = [-1] * n
    count = 0
    for u in range(n):
        if parent[u] >= 0:
            continue
        best = -1
        for v in adjacent[u]:
            if parent[v] < 0 and v != u and (best < 0 or (len(adjacent[v]), v) < (len(adjacent[best]), best)):
                best = v
        parent[u] = count
        if best >= 0:
            parent[best] = count
        count += 1
    coarse = sorted({(min(parent[i], parent[j]), max(parent[i], parent[j])) for i, j in pairs if parent[i] != parent[j]})
    return count, coarse, parent


def _fruchterman_reingold(xs: list[float], ys: list[float], pairs: list[tuple[int, int]], iterations: int,
                          temperature: float, k: float) -> None:
    """Move the nodes at ``xs``/``ys`` in place: grid-limited repulsion, attraction along
    ``pairs``, a weak pull to the centre; each step at most ``temperature``, cooling to 0."""
    n = len(xs)
    degree = [0] * n
    for i, j in pairs:
        degree[i] += 1
        degree[j] += 1
    # well-connected nodes push harder (as in ForceAtlas2), which leaves room for their
    # neighbours and keeps dense graphs from packing too tight
    charge = [math.sqrt(1.0 + d) for d in degree]
    repulsion = k * k
    cell = 2.0 * k
    reach2 = cell * cell
    gravity = 0.06 * k / math.sqrt(n)
    cooling = temperature / (iterations + 1)
    neighbour_cells = ((1, -1), (1, 0), (1, 1), (0, 1))
    floor, sqrt = math.floor, math.sqrt
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((floor(xs[i] / cell), floor(ys[i] / cell)), []).append(i)
        # each pair of nodes in one cell or in two touching cells is visited once
        for (cx, cy), members in grid.items():
            touching = [grid[c] for c in ((cx + ox, cy + oy) for ox, oy in neighbour_cells) if c in grid]
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                qi = charge[i] * repulsion
                fxi = fyi = 0.0
                for others in (members[a + 1:], *touching):
                    for j in others:
                        ddx = xi - xs[j]
                        ddy = yi - ys[j]
                        d2 = ddx * ddx + ddy * ddy
                        if d2 >= reach2:
                            continue
                        if d2 < 1e-4:  # two nodes on one spot: push them apart along a fixed direction
                            ddx, ddy, d2 = 1e-2, 0.0, 1e-4
                        f = qi * charge[j] / d2
                        fxi += ddx * f
                        fyi += ddy * f
                        dx[j] -= ddx * f
                        dy[j] -= ddy * f
                dx[i] += fxi
                dy[i] += fyi
        for i, j in pairs:
            ddx = xs[i] - xs[j]
            ddy = ys[i] - ys[j]
            f = sqrt(ddx * ddx + ddy * ddy) / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            fx = dx[i] - gravity * xs[i]
            fy = dy[i] - gravity * ys[i]
            length = sqrt(fx * fx + fy * fy)
            if length > 0.0:
                step = min(length, temperature) / length
                xs[i] += fx * step
                ys[i] += fy * step
        temperature -= cooling


def force_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], *, seed: int = 7,
                 iterations: int | None = None, edge_length: float = EDGE_LENGTH) -> dict[str, tuple[int, int]]:
    """Force-directed positions (pixels, centred on 0) for ``nodes`` in the order given.

    Multilevel Fruchterman–Reingold: the graph is coarsened by merging neighbours until about
    50 nodes are left; that is laid out from seeded random positions, then each finer level
    starts from its coarse node's place and is refined locally. Repulsion acts only between
    nodes closer than two edge lengths (found through a grid of that cell size), so a step
    costs about O(nodes + edges); well-connected nodes repel harder (as in ForceAtlas2), which
    leaves room around hubs. ``iterations`` are the refinement steps of the finest level
    (default: 200 up to 100 nodes, 60 up to 2,000, 20 above).

    >>> positions = force_layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(positions), all(isinstance(x, int) for x, _ in positions.values())
    (['a', 'b', 'c'], True)
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0, 0)}
    _, pairs = _index_edges(nodes, edges)
    k = float(edge_length)
    levels: list[tuple[int, list[tuple[int, int]], list[int]]] = []  # (fine count, fine pairs, parent)
    count, current = n, pairs
    while count > 50:
        coarse_count, coarse_pairs, parent = _coarsen(count, current)
        if coarse_count > 0.85 * count:
            break
        levels.append((count, current, parent))
        count, current = coarse_count, coarse_pairs
    rng = random.Random(seed)
    side = k * math.sqrt(count) * 1.2
    xs = [(rng.random() - 0.5) * side for _ in range(count)]
    ys = [(rng.random() - 0.5) * side for _ in range(count)]
    finest = iterations if iterations is not None else 200 if n <= 100 else 60 if n <= 2000 else 20
    _fruchterman_reingold(xs, ys, current, 200 if levels else finest, side / 8.0, k)
    for fine_count, fine_pairs, parent in reversed(levels):
        grow = math.sqrt(fine_count / count)
        xs = [xs[parent[i]] * grow + (rng.random() - 0.5) * k * 0.5 for i in range(fine_count)]
        ys = [ys[parent[i]] * grow + (rng.random() - 0.5) * k * 0.5 for i in range(fine_count)]
        steps = finest if fine_count == n else max(finest, 40 if n <= 2000 else 20)
        _fruchterman_reingold(xs, ys, fine_pairs, steps, k * 1.5, k)
        count = fine_count
    mx = sum(xs) / n
    my = sum(ys) / n
    return {node: (round(xs[i] - mx), round(ys[i] - my)) for i, node in enumerate(nodes)}


def layered_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], levels: Mapping[str, int], *,
                   layer_gap: int = LAYER_GAP, column_gap: int = COLUMN_GAP, sweeps: int = 4) -> dict[str, tuple[int, int]]:
    """One row per layer (``levels[node]``, 0 at the top), each row centred on x = 0.

    Rows start in the order of ``nodes`` and are reordered by the mean column of each
    node's neighbours in the row above, then below (``sweeps`` times), ties kept in order.

    >>> layered_layout(["a", "b", "c"], [("a", "c")], {"a": 0, "b": 1, "c": 1})
    {'a': (0, 0), 'b': (-120, 150), 'c': (120, 150)}
    """
    rows: dict[int, list[str]] = {}
    for node in nodes:
        rows.setdefault(levels.get(node, 0), []).append(node)
    order = sorted(rows)
    neighbours: dict[str, list[str]] = {node: [] for node in nodes}
    for u, v in edges:
        if u in neighbours and v in neighbours and u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    column = {node: i for row in rows.values() for i, node in enumerate(row)}

    def reorder(level: int, towards: int) -> None:
        row = rows[level]
        keyed = []
        for position, node in enumerate(row):
            near = [column[m] for m in neighbours[node] if levels.get(m, 0) == towards]
            keyed.append((sum(near) / len(near) if near else float(position), position, node))
        rows[level] = [node for _, _, node in sorted(keyed)]
        for i, node in enumerate(rows[level]):
            column[node] = i

    for _ in range(sweeps):
        for previous, level in zip(order, order[1:]):
            reorder(level, previous)
        for following, level in zip(order[::-1], order[-2::-1]):
            reorder(level, following)
    positions = {}
    for level in order:
        row = rows[level]
        for i, node in enumerate(row):
            positions[node] = (round((i - (len(row) - 1) / 2) * column_gap), level * layer_gap)
    return {node: positions[node] for node in nodes}


def radial_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], center: str, *,
                  ring_gap: int = 260, spacing: int = 120, band_gap: int = 100, max_bands: int = 3) -> dict[str, tuple[int, int]]:
    """``center`` at (0, 0), the others on rings by their distance from it (edges undirected).

    The first ring keeps the order of ``nodes`` (sort them by kind to group the kinds); each
    further ring is sorted by the angle of the node's parent in the ring inside it. A crowded
    ring is split into up to ``max_bands`` staggered bands ``band_gap`` apart, then widened
    until nodes of one band are ``spacing`` pixels apart. Nodes not connected to the centre
    go on one last ring.

    >>> radial_layout(["hub", "a", "b"], [("hub", "a"), ("hub", "b")], "hub")
    {'hub': (0, 0), 'a': (0, -260), 'b': (0, 260)}
    """
    index = {node: i for i, node in enumerate(nodes)}
    adjacent: dict[str, list[str]] = {node: [] for node in nodes}
    for u, v in edges:
        if u in adjacent and v in adjacent and u != v:
            adjacent[u].append(v)
            adjacent[v].append(u)
    for node in adjacent:
        adjacent[node].sort(key=index.__getitem__)
    distance = {center: 0}
    parent: dict[str, str] = {}
    frontier = [center]
    while frontier:
        following = []
        for node in frontier:
            for other in adjacent[node]:
                if other not in distance:
                    distance[other] = distance[node] + 1
                    parent[other] = node
                    following.append(other)
        frontier = following
    outer = max(distance.values()) + 1
    rings: dict[int, list[str]] = {}
    for node in nodes:
        rings.setdefault(distance.get(node, outer), []).append(node)
    angle: dict[str, float] = {center: 0.0}
    positions = {center: (0, 0)}
    radius = 0.0
    for ring in sorted(r for r in rings if r > 0):
        members = rings[ring]
        if ring > 1:
            members = sorted(members, key=lambda m: (angle[parent[m]] if m in parent else 10.0, index[m]))
        inner = radius + ring_gap
        bands = 1
        while bands < max_bands and len(members) * spacing / (2 * math.pi * bands) > inner:
            bands += 1
        radius = max(inner, len(members) * spacing / (2 * math.pi * bands))
        for i, node in enumerate(members):
            theta = 2 * math.pi * i / len(members)
            r = radius + (i % bands) * band_gap
            angle[node] = theta
            positions[node] = (round(r * math.sin(theta)), round(-r * math.cos(theta)))
        radius += (bands - 1) * band_gap
    return {node: positions[node] for node in nodes}
