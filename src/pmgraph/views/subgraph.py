"""Views: the part of the knowledge graph that a page or an export shows.

A :class:`View` is a subgraph of :func:`pmgraph.careers.project.knowledge_graph` plus what the page
needs to know about how it was chosen: the whole graph, the neighbourhood of one entity
(``--focus`` / ``--depth``), one career ladder (``--track``) or the career paths between two
roles (``--path``, the paths themselves come from :mod:`pmgraph.careers.paths`), each optionally
narrowed to some kinds of node (``--kind``) and kinds of edge (``--relation``). Career views
also carry each role's seniority layer, so that a ladder is drawn top (junior) to bottom
(senior).

Relations are named by the CURIE of their RDF property or fact class (``pmo:SkillRequirement``,
``skos:related``) or by any of their labels in any language ("requires skill", "移行先").

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> from pmgraph.careers.project import knowledge_graph
    >>> graph = load_graph(); catalog = Catalog(graph); G = knowledge_graph(graph, catalog)
    >>> view = build_view(graph, catalog, G, track=PM.TPMCareerPath)
    >>> view.mode, [catalog.label(URIRef(n)) for n in sorted(view.graph, key=view.levels.get)][:3]
    ('track', ['Associate TPM', 'engineer', 'Technical Program Manager'])
    >>> sorted({data["property"] for _, _, data in view.graph.edges(data=True)})
    ['pmo:CareerTransition']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ..model.catalog import Catalog, normalize
from ..model.describe import STANDARD_NAMES
from ..errors import NoResult, UsageError
from ..namespaces import PM, PMO, PREFIXES, curie

if TYPE_CHECKING:
    from ..kb.kgindex import KnowledgeIndex

__all__ = ["View", "build_view", "build_view_indexed", "view_nodes", "career_paths_between", "context_nodes", "neighbourhood", "relation_names", "resolve_relations", "check_kinds",
           "seniority_levels", "is_career_view", "CAREER_MOVE", "MODES"]

#: The edge property of a career move in the knowledge graph.
CAREER_MOVE = curie(PMO.CareerTransition)
#: How a view was chosen.
MODES = ("all", "focus", "track", "path")


@dataclass
class View:
    """A subgraph of the knowledge graph and how it was chosen.

    ``graph`` keeps the projection's node and edge attributes. ``subjects`` are the IRIs the
    view is about (the focus, the track, or the two ends of the paths); ``paths`` the career
    paths to highlight, best first; ``levels`` the seniority layer of each node of a career
    view (0 = most junior); ``name`` a slug for file and graph names.
    """

    graph: nx.MultiDiGraph
    mode: str = "all"
    name: str = "all"
    subjects: tuple[str, ...] = ()
    depth: int | None = None
    kinds: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    levels: dict[str, int] = field(default_factory=dict)
    #: Roles drawn faded around a ladder or the paths (``--context``), not on them.
    context: frozenset[str] = frozenset()
    #: A path view's :class:`pmgraph.careers.reports.PathReport` as JSON (each move's gap), if made from one.
    report: dict | None = None

    @property
    def path_nodes(self) -> set[str]:
        return {node for path in self.paths for node in path}

    @property
    def path_steps(self) -> set[tuple[str, str]]:
        return {step for path in self.paths for step in zip(path, path[1:])}


def _expand(name: str) -> URIRef:
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and local and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(name)


def relation_names(graph: Graph, catalog: Catalog, prop: str) -> dict[str, str]:
    """Every name of the relation ``prop`` (a CURIE from the projection), by language.

    >>> from pmgraph.kb.files import load_graph
    >>> graph = load_graph()
    >>> relation_names(graph, Catalog(graph), "pmo:SkillRequirement")
    {'en': 'requires skill', 'ja': '必要なスキル'}
    >>> relation_names(graph, Catalog(graph), "skos:related")
    {'en': 'related'}
    """
    iri = _expand(prop)
    shape = catalog.fact_shapes.get(iri)
    if shape is not None and shape.cls == iri:
        names = dict(shape.label)
    else:
        names = {}
        for value in sorted(graph.objects(iri, RDFS.label)):
            if isinstance(value, Literal):
                names.setdefault(value.language or "en", str(value))
    if not names and str(iri) in STANDARD_NAMES:
        names = {"en": STANDARD_NAMES[str(iri)][0]}
    return dict(sorted(names.items())) or {"en": prop}


def resolve_relations(graph: Graph, catalog: Catalog, G: nx.MultiDiGraph | None, names: Iterable[str],
                      present: Iterable[str] | None = None) -> tuple[str, ...]:
    """The relation CURIEs of ``G`` (or the relations ``present``) that ``names`` denote (by
    CURIE or any label), sorted.

    Raises :class:`~pmgraph.errors.UsageError` (exit 2) naming the relations ``G`` has when
    a name matches none of them.
    """
    if present is None:
        present = {data["property"] for _, _, data in G.edges(data=True)}
    present = sorted(present)
    keys: dict[str, set[str]] = {}
    for prop in present:
        for text in (prop, *relation_names(graph, catalog, prop).values()):
            keys.setdefault(normalize(text), set()).add(prop)
    chosen: set[str] = set()
    for name in names:
        found = keys.get(normalize(name))
        if not found:
            known = ", ".join(relation_names(graph, catalog, p).get("en", p) for p in present)
            raise UsageError(f"unknown relation {name!r}; the graph has: {known}")
        chosen |= found
    return tuple(sorted(chosen))


def check_kinds(catalog: Catalog, kinds: Iterable[str]) -> tuple[str, ...]:
    """The kind names ``kinds`` denote (plurals accepted), sorted; or
    :class:`~pmgraph.errors.UsageError` naming the kinds that exist.

    >>> from pmgraph.kb.files import load_graph
    >>> check_kinds(Catalog(load_graph()), ["skills", "role"])
    ('role', 'skill')
    """
    known = catalog.kind_names()
    found = set()
    for kind in kinds:
        name = next((c for c in (kind, kind.removesuffix("s"), kind.removesuffix("es")) if c in known), None)
        if name is None:
            raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(known)}")
        found.add(name)
    return tuple(sorted(found))


def career_paths_between(graph: Graph, catalog: Catalog, source: str, target: str, k: int = 3,
                         lang: str = "en", career: nx.DiGraph | None = None) -> list[tuple[str, ...]]:
    """The ``k`` best career paths (fewest moves first) from one role to another, as node
    tuples — :func:`pmgraph.careers.paths.career_paths` on :func:`pmgraph.careers.project.career_graph`
    (``career``, if already made), the same search as ``pmgraph path``.

    >>> from pmgraph.kb.files import load_graph
    >>> graph = load_graph()
    >>> [len(p) - 1 for p in career_paths_between(graph, Catalog(graph), PM.SeniorDeveloper, PM.CTO)]
    [4, 4]
    """
    from ..careers.paths import career_paths
    from ..careers.project import career_graph

    if career is None:
        career = career_graph(graph, catalog)
    search = career_paths(career, str(source), str(target), k=k, lang=lang)
    return [tuple(found.nodes) for found in search.paths]


def neighbourhood(G: nx.MultiDiGraph, center: str, depth: int) -> set[str]:
    """Nodes within ``depth`` edges of ``center``, whatever the edges' direction.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "b", 1)), sorted(neighbourhood(G, "b", 2))
    (['a', 'b', 'c'], ['a', 'b', 'c', 'd'])
    """
    seen = {center}
    frontier = [center]
    for _ in range(depth):
        following = []
        for node in frontier:
            for other in sorted(set(G.successors(node)) | set(G.predecessors(node))):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return seen


def is_career_view(G: nx.MultiDiGraph) -> bool:
    """Whether every edge of ``G`` is a career move (and there is one): a ladder to draw top-down."""
    return G.number_of_edges() > 0 and all(d["property"] == CAREER_MOVE for _, _, d in G.edges(data=True))


def seniority_levels(graph: Graph, G: nx.MultiDiGraph) -> dict[str, int]:
    """A layer per node, 0 = most junior: ``pmo:level`` where the data gives one, otherwise
    one above the most junior role the node moves to (or one below the most senior it comes
    from), so that every move in a career view points down or sideways where it can.

    >>> G = nx.MultiDiGraph([("dev", "lead"), ("lead", "cto")])
    >>> seniority_levels(Graph(), G)
    {'cto': 2, 'dev': 0, 'lead': 1}
    """
    levels: dict[str, int] = {}
    for node in sorted(G):
        value = graph.value(URIRef(node), PMO.level)
        if isinstance(value, Literal) and str(value).lstrip("-").isdigit():
            levels[node] = int(str(value))
    if not levels and G.number_of_nodes():
        # no stated levels: longest path from the roles nothing leads to
        simple = nx.DiGraph(G)
        simple.remove_edges_from(list(nx.selfloop_edges(simple)))
        while not nx.is_directed_acyclic_graph(simple):
            cycle = nx.find_cycle(simple)
            simple.remove_edge(*max(cycle)[:2])
        for node in nx.lexicographical_topological_sort(simple):
            levels[node] = max((levels[p] + 1 for p in simple.predecessors(node) if p in levels), default=0)
        for node in sorted(G):
            levels.setdefault(node, 0)
    for _ in range(G.number_of_nodes()):
        changed = False
        for node in sorted(G):
            if node in levels:
                continue
            after = [levels[n] for n in G.successors(node) if n in levels and n != node]
            before = [levels[n] for n in G.predecessors(node) if n in levels and n != node]
            if after:
                levels[node] = min(after) - 1
            elif before:
                levels[node] = max(before) + 1
            else:
                continue
            changed = True
        if not changed:
            break
    lowest = min(levels.values(), default=0)
    return {node: levels.get(node, lowest) - lowest for node in sorted(G)}


def context_nodes(view: View, graph: Graph) -> set[str]:
    """In a ladder view, the roles that are not on the ladder but move into or out of it; in a
    path view drawn with its surroundings, the roles that are on no path."""
    if view.mode == "path":
        return set(view.graph) - view.path_nodes
    if view.mode != "track":
        return set()
    on_track = {str(s) for s in graph.subjects(PMO.track, URIRef(view.subjects[0]))}
    return set(view.graph) - on_track


def _slug(iri: str) -> str:
    text = str(iri)
    local = text[len(str(PM)):] if text.startswith(str(PM)) else curie(text)
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in local)


def _career_edges(G: nx.MultiDiGraph, nodes: Collection[str]) -> list[tuple[str, str, str]]:
    return [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
            if d["property"] == CAREER_MOVE and u in nodes and v in nodes]


def _career_neighbours(G: nx.MultiDiGraph, nodes: Iterable[str]) -> set[str]:
    around = set(nodes)
    for node in list(around):
        for u, v, d in list(G.in_edges(node, data=True)) + list(G.out_edges(node, data=True)):
            if d["property"] == CAREER_MOVE:
                around.update((u, v))
    return around


def _edge_subgraph(G: nx.MultiDiGraph, nodes: Collection[str], edges: Iterable[tuple[str, str, str]]) -> nx.MultiDiGraph:
    """A sorted copy of ``G`` restricted to ``nodes`` and ``edges`` (stable order for stable output)."""
    H = nx.MultiDiGraph()
    for node in sorted(nodes):
        H.add_node(node, **G.nodes[node])
    for u, v, k in sorted(edges):
        if u in H and v in H:
            H.add_edge(u, v, key=k, **G.edges[u, v, k])
    return H


def build_view(graph: Graph, catalog: Catalog, G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
               track: str | None = None, paths: Sequence[Sequence[str]] | None = None,
               kinds: Iterable[str] = (), relations: Iterable[str] = (),
               present_relations: Iterable[str] | None = None, context: bool = False) -> View:
    """Select a view of the projection ``G``: at most one of ``focus``, ``track``, ``paths``.

    ``kinds`` (kind names) and ``relations`` (CURIEs or labels) narrow the graph first; with
    ``relations``, nodes left without an edge are dropped; relation names are looked up among
    ``present_relations`` when ``G`` is only part of the graph. A path view holds the roles on
    the paths and their moves; with ``context``, also every role one move away from them (drawn
    faded). The focus and the paths' roles are
    kept whatever their kind. Raises
    :class:`~pmgraph.errors.UsageError` for a bad combination or name and
    :class:`~pmgraph.errors.NoResult` when nothing is left to show.
    """
    chosen = [name for name, value in (("--focus", focus), ("--track", track), ("--path", paths)) if value]
    if len(chosen) > 1:
        raise UsageError(f"choose one of --focus, --track and --path (got {' and '.join(chosen)})")
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    kinds = check_kinds(catalog, kinds)
    relations = resolve_relations(graph, catalog, G, relations, present_relations) if relations else ()
    pinned: set[str] = set()
    if focus:
        pinned.add(str(focus))
    if paths:
        pinned.update(str(node) for path in paths for node in path)
    for node in pinned:
        if node not in G:
            raise NoResult(f"{catalog.label(URIRef(node))} ({curie(node)}) has no relation to draw")

    nodes = [n for n, d in G.nodes(data=True) if not kinds or d["kind"] in kinds or n in pinned]
    edges = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if not relations or d["property"] in relations]
    narrowed = _edge_subgraph(G, nodes, edges)
    if relations:  # nodes the chosen relations do not touch are noise
        narrowed.remove_nodes_from([n for n in list(narrowed) if narrowed.degree(n) == 0 and n not in pinned])

    if focus:
        around = neighbourhood(narrowed, str(focus), depth)
        view = View(_edge_subgraph(narrowed, around, narrowed.edges(keys=True)), "focus",
                    f"focus-{_slug(focus)}-{depth}", (str(focus),), depth)
    elif track:
        stages = {str(s) for s in graph.subjects(PMO.track, URIRef(track))} & set(narrowed)
        if not stages:
            raise NoResult(f"no role is on {catalog.label(URIRef(track))} ({curie(track)})")
        ladder = _career_neighbours(narrowed, stages)
        view = View(_edge_subgraph(narrowed, ladder, _career_edges(narrowed, ladder)), "track",
                    f"track-{_slug(track)}", (str(track),))
    elif paths:
        steps = [tuple(str(n) for n in path) for path in paths]
        on_paths = {n for path in steps for n in path}
        if context:
            around = _career_neighbours(narrowed, on_paths)
            moves = _career_edges(narrowed, around)
        else:
            around = on_paths
            taken = {step for path in steps for step in zip(path, path[1:])}
            moves = [edge for edge in _career_edges(narrowed, around) if edge[:2] in taken]
        ends = (steps[0][0], steps[0][-1])
        view = View(_edge_subgraph(narrowed, around, moves), "path",
                    f"path-{_slug(ends[0])}-{_slug(ends[1])}", ends, paths=tuple(steps))
        missing = [step for step in view.path_steps if not view.graph.has_edge(*step)]
        if missing:
            u, v = sorted(missing)[0]
            raise UsageError(f"the path step {curie(u)} -> {curie(v)} is not a career move of the graph")
    else:
        view = View(narrowed)
    return _finish(graph, view, kinds, relations)


def _finish(graph: Graph, view: View, kinds: tuple[str, ...], relations: tuple[str, ...]) -> View:
    """Name the view, refuse an empty one, and give a career view its seniority layers."""
    view.kinds, view.relations = kinds, relations
    if view.mode == "all" and (kinds or relations):
        view.name = "-".join(["all", *kinds, *(r.replace(":", "-") for r in relations)])
    if view.graph.number_of_nodes() == 0:
        raise NoResult("nothing to draw: no node matches " + (f"--kind {','.join(kinds)}" if kinds else "the view"))
    view.context = frozenset(context_nodes(view, graph))
    if view.mode == "path" and view.context:
        view.levels = _around_path_levels(graph, view)
    elif view.mode in ("track", "path") or is_career_view(view.graph):
        view.levels = seniority_levels(graph, view.graph)
    return view


def _around_path_levels(graph: Graph, view: View) -> dict[str, int]:
    """Layers of a path view with its surroundings: the paths' roles layered among themselves,
    each role around them one layer above the first path role it moves to, or else one below
    the first it comes from (so the view stays as tall as its paths, not as its surroundings)."""
    on_paths = view.path_nodes
    levels = seniority_levels(graph, view.graph.subgraph(on_paths))
    for node in sorted(view.context):
        after = sorted(levels[n] - 1 for n in view.graph.successors(node) if n in on_paths)
        before = sorted(levels[n] + 1 for n in view.graph.predecessors(node) if n in on_paths)
        levels[node] = (after or before or [0])[0]
    lowest = min(levels.values(), default=0)
    return {node: levels[node] - lowest for node in sorted(levels)}


def view_nodes(graph: Graph, catalog: Catalog, index: KnowledgeIndex, *, focus: str | None = None, depth: int = 1,
               track: str | None = None, paths: Sequence[Sequence[str]] | None = None,
               kinds: Iterable[str] = (), relations: Iterable[str] = ()) -> tuple[set[str], bool]:
    """The nodes of the stored projection ``index`` that :func:`build_view` needs for this view,
    and whether they are exactly the view's nodes (the focus and whole-graph views) rather than
    a superset (ladders and paths, which take every neighbour of their roles).

    A neighbourhood is searched edge by edge in the narrowed graph; a ladder or a path needs
    its roles and everything linked to them (so that :func:`build_view` sees every move and
    every edge that keeps a role in a view narrowed by relation).
    """
    kinds = check_kinds(catalog, kinds)
    relations = resolve_relations(graph, catalog, None, relations, index.properties()) if relations else ()
    if focus:
        return index.ball(str(focus), depth, kinds, relations, pinned=(str(focus),)), True
    if track:
        return index.around(str(s) for s in graph.subjects(PMO.track, URIRef(track))), False
    if paths:
        return index.around(str(node) for path in paths for node in path), False
    return index.narrowed_nodes(kinds, relations), True


def build_view_indexed(graph: Graph, catalog: Catalog, index: KnowledgeIndex, *, focus: str | None = None,
                       depth: int = 1, track: str | None = None, paths: Sequence[Sequence[str]] | None = None,
                       kinds: Iterable[str] = (), relations: Iterable[str] = (),
                       check: Callable[[set[str]], None] | None = None, context: bool = False) -> View:
    """:func:`build_view` over a snapshot's stored projection, reading only the nodes the view needs.

    ``check`` sees the view's nodes before anything else is read when they are known exactly
    (``render`` refuses a view too big to draw there). The view is the one :func:`build_view`
    makes from the whole projection.
    """
    chosen = [name for name, value in (("--focus", focus), ("--track", track), ("--path", paths)) if value]
    if len(chosen) > 1:
        raise UsageError(f"choose one of --focus, --track and --path (got {' and '.join(chosen)})")
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    kinds, relations = tuple(kinds), tuple(relations)
    nodes, exact = view_nodes(graph, catalog, index, focus=focus, depth=depth, track=track, paths=paths,
                              kinds=kinds, relations=relations)
    if check is not None and exact and nodes:
        check(nodes)
    if not (focus or track or paths or kinds or relations):  # the whole graph, already in a view's order
        return _finish(graph, View(index.whole(ordered=True)), (), ())
    return build_view(graph, catalog, index.subgraph(nodes), focus=focus, depth=depth, track=track, paths=paths,
                      kinds=kinds, relations=relations, present_relations=index.properties(), context=context)

