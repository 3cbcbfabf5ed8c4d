"""The graph, or a view of it, in the formats other tools open.

* ``ttl`` / ``nt`` / ``jsonld`` / ``trig``: RDF for Protégé and triple stores. The whole graph
  is every triple loaded; a view is the triples *about* its entities and about the fact nodes
  behind its edges, minus links to entities outside the view.
* ``graphml`` / ``gexf``: Gephi, yEd and Cytoscape (node ``label`` and ``kind``; GEXF also
  carries each kind's colour).
* ``json``: node-link JSON (``nodes`` / ``links``, as d3 and :func:`networkx.node_link_graph`
  read it).
* ``mermaid``: a Mermaid flowchart, top-down, for career ladders in Markdown.
* ``csv``: one row per edge, for spreadsheets (UTF-8 with a byte-order mark, so that Excel
  reads Japanese correctly).

Every format is deterministic: the same view gives the same text. Write it with
:func:`pmgraph.atomic.write_atomic`.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> from pmgraph.careers.project import knowledge_graph
    >>> from pmgraph.views.subgraph import build_view
    >>> from pmgraph.namespaces import PM
    >>> graph = load_graph(); catalog = Catalog(graph)
    >>> view = build_view(graph, catalog, knowledge_graph(graph, catalog), track=PM.TPMCareerPath)
    >>> print(export(view, graph, catalog, "mermaid").splitlines()[3])
      n0["Associate TPM"]:::role
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import BNode, Dataset, Graph, URIRef

from ..model.catalog import Catalog
from ..text import LANGUAGES
from ..text import pick as _pick
from ..errors import LimitReached, UsageError
from ..namespaces import PMO, PREFIXES, bind_prefixes
from .subgraph import CAREER_MOVE, View, context_nodes, relation_names

__all__ = ["export", "rdf_subgraph", "export_rdf", "export_graphml", "export_gexf", "export_node_link",
           "export_mermaid", "export_csv", "FORMATS", "SUFFIXES", "MERMAID_MAX_EDGES", "GRAPH_BASE"]

#: Formats and the file suffix each is usually saved with.
SUFFIXES: dict[str, str] = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "graphml": ".graphml",
                            "gexf": ".gexf", "json": ".json", "mermaid": ".mmd", "csv": ".csv"}
FORMATS = tuple(SUFFIXES)
#: Mermaid refuses to draw a flowchart with more edges than this (its ``maxEdges`` default).
MERMAID_MAX_EDGES = 500
#: Named graphs in TriG are called this plus the view's name.
GRAPH_BASE = "https://w3id.org/pmgraph/graph/"


def _is_whole(view: View) -> bool:
    return view.mode == "all" and not view.kinds and not view.relations


# -- RDF ----------------------------------------------------------------------------------------
def rdf_subgraph(view: View, graph: Graph, all_entities: Iterable[str]) -> Graph:
    """The triples of ``graph`` about the view's entities and the facts behind its edges.

    A triple is kept when its subject is one of those, unless its object is an entity of the
    projection (``all_entities``) that the view leaves out.
    """
    entities = set(view.graph.nodes)
    subjects = {URIRef(n) for n in entities}
    subjects |= {URIRef(fact) for _, _, fact in view.graph.edges(data="fact") if fact}
    outside = {URIRef(n) for n in all_entities} - {URIRef(n) for n in entities}
    result = bind_prefixes(Graph())
    for subject in sorted(subjects):
        for prop, obj in graph.predicate_objects(subject):
            if obj not in outside:
                result.add((subject, prop, obj))
    return result


def _canonical(graph: Graph) -> Graph:
    """Blank nodes get stable names (they are random per parse otherwise)."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        canonical = bind_prefixes(Graph())
        for triple in to_canonical_graph(graph):
            canonical.add(triple)
        return canonical
    return graph


def _sorted_jsonld(text: str) -> str:
    """rdflib's JSON-LD with nodes sorted by ``@id`` and every value list sorted."""
    document = json.loads(text)

    def tidy(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: tidy(item) for key, item in sorted(value.items())}
        if isinstance(value, list):
            items = [tidy(item) for item in value]
            return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
        return value

    if isinstance(document, dict) and "@graph" in document:
        document["@graph"] = sorted((tidy(node) for node in document["@graph"]), key=lambda node: str(node.get("@id")))
        document = {key: document[key] for key in sorted(document)}
    else:
        document = tidy(document)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_rdf(view: View, graph: Graph, catalog: Catalog, fmt: str, all_entities: Iterable[str] = ()) -> str:
    """``ttl``, ``nt``, ``jsonld`` or ``trig`` text of the view (the whole graph for an unnarrowed view)."""
    data = graph if _is_whole(view) else rdf_subgraph(view, graph, all_entities)
    data = _canonical(data)
    if fmt == "ttl":
        return bind_prefixes(data).serialize(format="turtle")
    if fmt == "nt":
        lines = data.serialize(format="nt").split("\n")  # not splitlines(): U+2028, U+0085 and vertical tabs are data inside a literal
        return "".join(line + "\n" for line in sorted(set(line for line in lines if line.strip())))
    if fmt == "jsonld":
        context = {prefix: ns for prefix, ns in PREFIXES.items() if any(ns in str(p) for p in data.predicates(unique=True))}
        return _sorted_jsonld(data.serialize(format="json-ld", context=context, auto_compact=True))
    if fmt == "trig":
        dataset = Dataset()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns, override=True, replace=True)
        named = dataset.graph(URIRef(GRAPH_BASE + view.name))
        for triple in data:
            named.add(triple)
        return dataset.serialize(format="trig")
    raise UsageError(f"unknown RDF format {fmt!r}")


# -- NetworkX formats -----------------------------------------------------------------------------
def inferred_edges(graph: Graph) -> tuple[frozenset[str], frozenset[tuple[str, str, str]]]:
    """What the project inferred rather than read in its sources: the IRIs of inferred fact
    nodes, and ``(subject, property CURIE, object)`` of inferred link records (readings.ttl)."""
    from rdflib.namespace import RDF

    from ..namespaces import PM, curie

    facts: set[str] = set()
    links: set[tuple[str, str, str]] = set()
    for node in graph.subjects(PMO.assertion, PM.Inferred):
        if (node, RDF.type, RDF.Statement) in graph:
            prop = graph.value(node, RDF.predicate)
            links.add((str(graph.value(node, RDF.subject)), curie(prop) if prop is not None else "",
                       str(graph.value(node, RDF.object))))
        else:
            facts.add(str(node))
    return frozenset(facts), frozenset(links)


def _is_inferred(u: str, v: str, attrs: dict, inferred: tuple) -> bool:
    facts, links = inferred
    return attrs.get("fact") in facts if attrs.get("fact") else (u, attrs["property"], v) in links


def _flat_graph(view: View, graph: Graph, catalog: Catalog, lang: str) -> nx.MultiDiGraph:
    """The view with plain string attributes only (what GraphML and GEXF can hold), sorted."""
    G = view.graph
    flat = nx.MultiDiGraph(name=view.name)
    for node in sorted(G):
        attrs = G.nodes[node]
        labels = attrs.get("label") or {}
        item = {"label": _pick(labels, lang, ""), "kind": attrs.get("kind") or "", "iri": node}
        item.update({f"label_{language}": labels[language] for language in LANGUAGES if labels.get(language)})
        flat.add_node(node, **item)
    names: dict[str, str] = {}
    inferred = inferred_edges(graph)
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        prop = attrs["property"]
        if prop not in names:
            names[prop] = _pick(relation_names(graph, catalog, prop), lang, "")
        item = {"property": prop, "label": names[prop], "sources": " ".join(attrs.get("sources") or ()),
                "inferred": _is_inferred(u, v, attrs, inferred)}
        if attrs.get("fact"):
            item["fact"] = attrs["fact"]
        if attrs.get("move"):
            item["move"] = attrs["move"]
        flat.add_edge(u, v, key=key, **item)
    return flat


def export_graphml(view: View, graph: Graph, catalog: Catalog, lang: str = "en") -> str:
    """GraphML: node attributes ``label``, ``label_en/ja/ko``, ``kind``, ``iri``; edges ``property``,
    ``label``, ``fact``, ``move``, ``sources`` (space-separated IRIs) and ``inferred`` (boolean:
    the project's reading of its source, not stated by it)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(_flat_graph(view, graph, catalog, lang), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8") + "\n"


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def export_gexf(view: View, graph: Graph, catalog: Catalog, lang: str = "en") -> str:
    """GEXF 1.2 with each node coloured by kind (no date, so the file is stable)."""
    from networkx.readwrite.gexf import GEXFWriter

    from .render import kind_style

    flat = _flat_graph(view, graph, catalog, lang)
    for node, kind in flat.nodes(data="kind"):
        flat.nodes[node]["viz"] = {"color": _rgb(kind_style(kind)["color"])}
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "pmgraph"
    writer.add_graph(flat)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8") + "\n"


def export_node_link(view: View, graph: Graph, catalog: Catalog, lang: str = "en") -> str:
    """Node-link JSON: ``{"directed", "multigraph", "graph", "nodes", "links"}``."""
    flat = _flat_graph(view, graph, catalog, lang)
    document = {
        "directed": True, "multigraph": True, "graph": {"name": view.name},
        "nodes": [{"id": node, **attrs} for node, attrs in flat.nodes(data=True)],
        "links": [{"source": u, "target": v, "key": key, **attrs} for u, v, key, attrs in flat.edges(keys=True, data=True)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# -- CSV ----------------------------------------------------------------------------------------
CSV_COLUMNS = ("source", "source_label", "source_kind", "relation", "property", "target", "target_label",
               "target_kind", "move", "fact", "sources", "inferred")


def export_csv(view: View, graph: Graph, catalog: Catalog, lang: str = "en") -> str:
    """One row per edge: the columns of :data:`CSV_COLUMNS`, ``sources`` separated by spaces."""
    flat = _flat_graph(view, graph, catalog, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for u, v, attrs in flat.edges(data=True):
        writer.writerow([u, flat.nodes[u]["label"], flat.nodes[u]["kind"], attrs["label"], attrs["property"],
                         v, flat.nodes[v]["label"], flat.nodes[v]["kind"], attrs.get("move", ""),
                         attrs.get("fact", ""), attrs["sources"], "true" if attrs["inferred"] else "false"])
    return "\ufeff" + buffer.getvalue()


# -- Mermaid --------------------------------------------------------------------------------------
_MERMAID_UNSAFE = set('"#<>&`|[]{}()\\;')


def _mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: markup characters as Mermaid's ``#code;`` entities.

    >>> _mermaid_text('<b>"x"</b>')
    '#60;b#62;#34;x#34;#60;/b#62;'
    """
    return "".join(f"#{ord(ch)};" if ch in _MERMAID_UNSAFE else " " if ch < " " else ch for ch in text)


def _class_name(kind: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in kind) or "other"


def export_mermaid(view: View, graph: Graph, catalog: Catalog, lang: str = "en", force: bool = False) -> str:
    """A ``flowchart TD``: one node per entity (career views ordered junior to senior), one edge
    per relation between two entities (dotted and marked "(inferred)" where only the project's
    reading links them), roles outside a ladder dashed, path steps drawn thick. Refuses (exit 5) more than
    :data:`MERMAID_MAX_EDGES` edges unless ``force``."""
    from .render import kind_style, view_title

    G = view.graph
    labels = {node: _pick(G.nodes[node].get("label") or {}, lang, "") for node in G}
    order = sorted(G, key=lambda n: (view.levels.get(n, 0), G.nodes[n].get("kind") or "", labels[n].casefold(), n))
    position = {node: i for i, node in enumerate(order)}
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    edges: dict[tuple[str, str, str], list[str]] = {}
    inferred = inferred_edges(graph)
    stated: set[tuple[str, str, str]] = set()
    for u, v, attrs in sorted(G.edges(data=True), key=lambda e: (position[e[0]], position[e[1]], e[2]["property"])):
        moves = edges.setdefault((u, v, attrs["property"]), [])
        if not _is_inferred(u, v, attrs, inferred):
            stated.add((u, v, attrs["property"]))
        if attrs["property"] == CAREER_MOVE and attrs.get("fact"):
            move = graph.value(URIRef(attrs["fact"]), PMO.moveKind)
            name = catalog.label(move, lang) if move is not None else None
            if name and name not in moves:
                moves.append(name)
    if len(edges) > MERMAID_MAX_EDGES and not force:
        raise LimitReached(f"the view has {len(edges):,} edges and Mermaid draws at most {MERMAID_MAX_EDGES} by default: "
                           "narrow it with --track, --focus, --kind or --relation, or pass --force")
    names: dict[str, str] = {}
    lines = ["%% pmgraph export: " + view.name, "flowchart TD",
             f"  %% {_mermaid_text(view_title(view, catalog, lang))}"]
    kinds = []
    for node in order:
        kind = G.nodes[node].get("kind") or ""
        if kind not in kinds:
            kinds.append(kind)
        lines.append(f'  {ids[node]}["{_mermaid_text(labels[node])}"]:::{_class_name(kind)}')
    steps = view.path_steps
    thick = []
    for index, ((u, v, prop), moves) in enumerate(edges.items()):
        if prop not in names:
            names[prop] = _pick(relation_names(graph, catalog, prop), lang, "")
        label = ", ".join(moves) or names[prop]
        if (u, v, prop) in stated:
            lines.append(f'  {ids[u]} -->|"{_mermaid_text(label)}"| {ids[v]}')
        else:  # only the project's reading links them: a dotted arrow
            lines.append(f'  {ids[u]} -.->|"{_mermaid_text(label + " (inferred)")}"| {ids[v]}')
        if (u, v) in steps:
            thick.append(str(index))
    for kind in sorted(kinds):
        style = kind_style(kind)
        lines.append(f"  classDef {_class_name(kind)} fill:{style['color']},stroke:{style['border']},"
                     f"color:{style['fontColor']}")
    context = context_nodes(view, graph)
    if context:
        lines.append("  classDef context fill:#aac4e6,stroke:#1c4f85,stroke-dasharray:5 4,color:#1f2933")
        lines.append("  class " + ",".join(ids[n] for n in order if n in context) + " context")
    if view.paths:
        lines.append("  classDef onpath stroke:#d9480f,stroke-width:4px")
        lines.append("  class " + ",".join(ids[n] for n in order if n in view.path_nodes) + " onpath")
    if thick:
        lines.append(f"  linkStyle {','.join(thick)} stroke:#d9480f,stroke-width:4px")
    return "\n".join(lines) + "\n"


def export(view: View, graph: Graph, catalog: Catalog, fmt: str, *, lang: str = "en", force: bool = False,
           all_entities: Iterable[str] = ()) -> str:
    """The view in ``fmt`` (one of :data:`FORMATS`) as text. ``all_entities`` are the nodes of the
    whole projection (for RDF: links to entities outside the view are left out)."""
    if fmt in ("ttl", "nt", "jsonld", "trig"):
        return export_rdf(view, graph, catalog, fmt, all_entities)
    if fmt == "graphml":
        return export_graphml(view, graph, catalog, lang)
    if fmt == "gexf":
        return export_gexf(view, graph, catalog, lang)
    if fmt == "json":
        return export_node_link(view, graph, catalog, lang)
    if fmt == "mermaid":
        return export_mermaid(view, graph, catalog, lang, force)
    if fmt == "csv":
        return export_csv(view, graph, catalog, lang)
    raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
