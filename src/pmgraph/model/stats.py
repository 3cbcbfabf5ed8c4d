"""Counts by kind and by source, and the most connected roles and skills.

Centrality is *degree*: the number of distinct entities an entity is directly related to
in the knowledge-graph projection (:func:`pmgraph.careers.project.knowledge_graph`), ignoring edge
direction. It is cheap at any size and easy to explain ("Tech PM relates to 90 things").

    >>> from pmgraph.kb.files import load_graph
    >>> report = graph_stats(load_graph())
    >>> report["kinds"]["role"] > 20
    True
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..iris import PMO_NS

if TYPE_CHECKING:  # with a stored index and catalog, stats reads no rdflib graph
    from rdflib import Graph

    from ..kb.kgindex import KnowledgeIndex
    from .catalog import Catalog

__all__ = ["graph_stats", "stats_summary"]


def stats_summary(graph: Graph, catalog: Catalog | None = None) -> dict[str, Any]:
    """What :func:`graph_stats` counts over the whole graph: ``{"triples", "kinds": {kind: n},
    "statements": {document IRI: statements citing it}}`` (a snapshot stores it once).

    >>> from pmgraph.kb.files import load_graph
    >>> summary = stats_summary(load_graph())
    >>> summary["kinds"]["track"], summary["triples"] > 5000
    (2, True)
    """
    from rdflib.namespace import DCTERMS

    from .catalog import Catalog

    catalog = catalog or Catalog(graph)
    per_section: Counter = Counter(section for _, section in graph.subject_objects(DCTERMS.source))
    per_document: Counter[str] = Counter()
    for section, count in per_section.items():
        document = graph.value(section, DCTERMS.isPartOf) or section
        per_document[str(document)] += count
    return {"triples": len(graph), "kinds": catalog.kind_counts(), "statements": dict(per_document)}


def graph_stats(graph: Graph, catalog: Catalog | None = None, lang: str = "en", top: int = 10,
                index: KnowledgeIndex | None = None) -> dict[str, Any]:
    """``{"triples", "kinds": {kind: n}, "sources": [{document, label, facts}], "central": {kind: [node + degree]}}``.

    With ``index`` (the knowledge graph a snapshot stores), the counts and degrees come from
    it instead of being computed over the whole graph (then ``graph`` is not read: it may be None);
    the report is the same.
    """
    if catalog is None:
        from .catalog import Catalog

        catalog = Catalog(graph)
    summary = index.summary() if index is not None else stats_summary(graph, catalog)
    sources = [
        {**catalog.node(catalog.term(document), lang), "file": catalog.text(document, PMO_NS + "fileName") or "",
         "statements": count}
        for document, count in sorted(summary["statements"].items())
    ]
    central: dict[str, list[dict[str, Any]]] = {}
    if index is not None:
        ranked_by_kind = {kind: [(degree, node) for node, degree in index.top(kind, top)] for kind in ("role", "skill")}
    else:
        from ..careers.project import knowledge_graph

        undirected = knowledge_graph(graph, catalog).to_undirected(as_view=False)
        ranked_by_kind = {kind: [(len(set(undirected.neighbors(node))), node)
                                 for node, data in undirected.nodes(data=True) if data["kind"] == kind]
                          for kind in ("role", "skill")}
    for kind, pairs in ranked_by_kind.items():
        ranked = sorted(pairs, key=lambda pair: (-pair[0], catalog.label(catalog.term(pair[1]), lang), pair[1]))
        central[kind] = [{**catalog.node(catalog.term(node), lang), "degree": degree} for degree, node in ranked[:top]]
    return {"triples": summary["triples"], "kinds": summary["kinds"], "sources": sources, "central": central}
