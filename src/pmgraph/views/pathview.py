"""The path view: the best career paths between two roles, each move with what it asks to learn.

The paths and each move's gap come from the library report :func:`pmgraph.careers.path` (the
same search and the same step gap as ``pmgraph path``); the view draws the roles on the paths
and the moves between them, and with ``context`` the roles one move away, faded.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> graph = load_graph(); catalog = Catalog(graph)
    >>> view = path_view(GraphKnowledgeBase(graph, catalog), "senior engineer", "CTO")
    >>> view.mode, len(view.paths), len(view.report["paths"]), sorted(view.context)
    ('path', 2, 2, [])
    >>> [step["move"] for step in view.report["paths"][0]["steps"]][:2]
    ['promotion', 'promotion']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from rdflib import Graph

from ..kb.base import KnowledgeBase
from ..model.catalog import Catalog
from .subgraph import View, build_view, build_view_indexed

__all__ = ["path_view", "GraphKnowledgeBase"]


class GraphKnowledgeBase(KnowledgeBase):
    """A knowledge base over an ``rdflib.Graph`` already loaded with its catalog (the gallery's
    and the tests' way to ask the career reports about a graph in memory)."""

    location = "a graph in memory"

    def __init__(self, graph: Graph, catalog: Catalog):
        super().__init__()
        self._graph = graph
        self._catalog = catalog

    @property
    def graph(self):
        return self._graph

    @property
    def catalog(self):
        return self._catalog

    @cached_property
    def resolver(self):
        from ..model.resolve import Resolver

        return Resolver(self._graph, self._catalog)

    def query(self, parsed, bindings=None, *, timeout: float | None = None, allow_network: bool = False):
        """Answer ``parsed`` with Oxigraph over the graph (:func:`pmgraph.sparql.run_local`)."""
        from ..sparql import run_local

        return run_local(parsed, self._graph, bindings, timeout=timeout, allow_network=allow_network)


def path_view(base: KnowledgeBase, source: str, target: str, *, k: int = 3, lang: str = "en", context: bool = False,
              kinds: Iterable[str] = (), relations: Iterable[str] = (), check=None) -> View:
    """The path view from ``source`` to ``target`` (names of roles): the ``k`` best paths of
    :func:`pmgraph.careers.path`, its report kept as ``view.report``.

    Raises :class:`~pmgraph.errors.NoResult` (exit 1) when no path joins them.
    """
    from ..careers import path as path_report
    from ..errors import NoResult

    report = path_report(base, source, target, k=k, lang=lang)
    if not report.paths:
        raise NoResult(f"no career path from {report.source['label']} to {report.target['label']}"
                       + (f" ({report.reason})" if report.reason else ""))
    paths = [tuple(node["iri"] for node in found["nodes"]) for found in report.paths]
    options = {"paths": paths, "kinds": tuple(kinds), "relations": tuple(relations), "context": context}
    index = base.knowledge_index()
    if index is not None:
        view = build_view_indexed(base.graph, base.catalog, index, check=check, **options)
    else:
        view = build_view(base.graph, base.catalog, base.knowledge()[0], **options)
    view.report = report.as_json()
    return view
