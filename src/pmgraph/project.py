"""RDF -> NetworkX: the whole knowledge graph as a typed, directed multigraph.

Nodes are entity IRIs (strings) with ``label`` (per language: ``{"en": ..., "ja": ...}``)
and ``kind``. Each fact node (skill requirement, transition, duty assignment, tool use,
collaboration) becomes edges from its ``pmo:edgeFrom`` value to its ``pmo:edgeTo`` values;
every other triple between two entities becomes one edge. Edges carry ``property`` (the
CURIE of the RDF property or fact class), ``label`` (the relation's English name), ``fact``
(the fact node's IRI, or None) and ``sources`` (IRIs of the source sections).

    >>> from pmgraph.store import load_graph
    >>> G = knowledge_graph(load_graph())
    >>> G.nodes["https://w3id.org/pmgraph/id/TechPM"]["kind"]
    'role'
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .catalog import LANGUAGES, Catalog
from .namespaces import PMO, curie

__all__ = ["knowledge_graph"]

#: Triples that describe the graph's own bookkeeping rather than relate two entities.
_NOT_RELATIONS = {RDF.type, DCTERMS.source, DCTERMS.isPartOf, RDFS.subClassOf, RDFS.domain,
                  RDFS.range, RDFS.seeAlso, PMO.edgeFrom, PMO.edgeTo}


def _node_attributes(catalog: Catalog, iri: URIRef) -> dict:
    return {"label": {lang: catalog.label(iri, lang) for lang in LANGUAGES}, "kind": catalog.kind(iri)}


def knowledge_graph(graph: Graph, catalog: Catalog | None = None) -> nx.MultiDiGraph:
    """Project every entity (anything with a kind) and every relation between entities."""
    catalog = catalog or Catalog(graph)
    shapes = catalog.fact_shapes
    G = nx.MultiDiGraph()
    fact_nodes: set[URIRef] = set()
    for node, cls in graph.subject_objects(RDF.type):
        if cls in shapes:
            fact_nodes.add(node)

    def add_node(iri: URIRef) -> bool:
        if catalog.kind(iri) is None or iri in fact_nodes:
            return False
        if iri not in G:
            G.add_node(str(iri), **_node_attributes(catalog, iri))
        return True

    def relation_name(prop: URIRef) -> str:
        names = {v.language: str(v) for v in graph.objects(prop, RDFS.label) if isinstance(v, Literal)}
        return names.get("en") or curie(prop)

    for fact in sorted(fact_nodes, key=str):
        shape = next(shapes[c] for c in graph.objects(fact, RDF.type) if c in shapes)
        sources = sorted(str(s) for s in graph.objects(fact, DCTERMS.source))
        starts = [s for s in graph.objects(fact, shape.source_property) if isinstance(s, URIRef)]
        ends = [e for e in graph.objects(fact, shape.target_property) if isinstance(e, URIRef)]
        move = graph.value(fact, PMO.moveKind)
        for start in sorted(starts, key=str):
            for end in sorted(ends, key=str):
                if add_node(start) and add_node(end):
                    G.add_edge(str(start), str(end), key=str(fact), property=curie(shape.cls),
                               label=shape.name("en"), fact=str(fact), sources=sources,
                               move=catalog.label(move, "en") if move is not None else None)
            # what the fact's text mentions hangs off its end, e.g. cloud computing -> AWS
        for mentioned in sorted(graph.objects(fact, PMO.mentions), key=str):
            for end in sorted(ends, key=str):
                if isinstance(mentioned, URIRef) and add_node(end) and add_node(mentioned):
                    G.add_edge(str(end), str(mentioned), key=f"{fact}#mentions", property="pmo:mentions",
                               label=relation_name(PMO.mentions), fact=str(fact), sources=sources, move=None)

    for subject, prop, obj in graph:
        if (prop in _NOT_RELATIONS or not isinstance(obj, URIRef) or not isinstance(subject, URIRef)
                or subject in fact_nodes or obj in fact_nodes):
            continue
        if add_node(subject) and add_node(obj):
            G.add_edge(str(subject), str(obj), key=curie(prop), property=curie(prop),
                       label=relation_name(prop), fact=None,
                       sources=sorted(str(s) for s in graph.objects(subject, DCTERMS.source)), move=None)
    return G
