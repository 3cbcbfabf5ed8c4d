"""An rdflib graph backed by Oxigraph (pyoxigraph), so the rdflib-based code keeps working at scale.

rdflib's own store takes about 24 s to parse a million triples and seconds per join query;
Oxigraph parses them in a few seconds, opens a stored copy instantly and answers SPARQL far
faster. :func:`oxigraph_graph` wraps a ``pyoxigraph.Store`` (on disk or in memory) in an
``rdflib.Graph`` through oxrdflib's store, with three changes that matter here:

* terms are converted to rdflib once and then reused (URIRef and Literal construction is
  the slow part of reading many triples through rdflib);
* a plain string comes back as rdflib's plain ``Literal("x")``, exactly as rdflib's own
  parser gives it (oxrdflib would add ``datatype=xsd:string``, which rdflib treats as a
  different term);
* ``graph.query(text)`` is evaluated by Oxigraph, never by rdflib's evaluator (pmgraph's
  own queries go through :func:`pmgraph.sparql.run_local`, which takes the Oxigraph store
  itself: :func:`oxigraph_store_of`).

:func:`pmgraph.store.to_rdflib` and :func:`pmgraph.store.to_oxigraph` convert single terms.

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(b'<http://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a", "b"@en .',
    ...            format=pyoxigraph.RdfFormat.TURTLE)
    >>> graph = oxigraph_graph(store)
    >>> sorted(graph.objects(None, None))
    [rdflib.term.Literal('a'), rdflib.term.Literal('b', lang='en')]
    >>> oxigraph_store_of(graph) is store
    True
    >>> sorted(row.label for row in graph.query("SELECT ?label WHERE { ?s skos:prefLabel ?label }"))
    [rdflib.term.Literal('a'), rdflib.term.Literal('b', lang='en')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from .namespaces import bind_prefixes
from .store import to_oxigraph, to_rdflib

__all__ = ["OxigraphGraphStore", "oxigraph_graph", "oxigraph_store_of", "to_rdflib", "to_oxigraph"]

class OxigraphGraphStore(OxigraphStore):
    """oxrdflib's store with cached term conversion, plain literals and Oxigraph's SPARQL."""

    def __init__(self, store: ox.Store):
        super().__init__(store=store)
        self.oxigraph = store
        self._terms: dict[Any, Any] = {}

    def _rdflib(self, term):
        try:
            return self._terms[term]
        except KeyError:
            pass
        if isinstance(term, ox.Triple):
            return (self._rdflib(term.subject), self._rdflib(term.predicate), self._rdflib(term.object))
        converted = to_rdflib(term)
        if len(self._terms) < 2_000_000:  # bounded: a full scan of a huge store must not keep every term
            self._terms[term] = converted
        return converted

    def triples(self, triple_pattern, context=None):
        try:
            pattern = [None if term is None else to_oxigraph(term) for term in (*triple_pattern, context)]
            quads = self.oxigraph.quads_for_pattern(*pattern)
        except (TypeError, ValueError):  # a term Oxigraph cannot hold (e.g. a literal as subject): no match
            return iter(())
        convert = self._rdflib
        return (((convert(q.subject), convert(q.predicate), convert(q.object)), iter((None,))) for q in quads)

    def query(self, query, initNs: Mapping[str, Any], initBindings: Mapping[str, Any],  # noqa: N803
              queryGraph: Any, **kwargs: object) -> Result:
        if kwargs or initBindings or not isinstance(query, str):
            raise NotImplementedError("pass the query text without bindings, or use pmgraph.sparql.run_local")
        prefixes = {**{str(k): str(v) for k, v in self.namespaces()}, **{str(k): str(v) for k, v in initNs.items()}}
        options: dict[str, Any] = {"prefixes": prefixes, "use_default_graph_as_union": queryGraph == "__UNION__"}
        if isinstance(queryGraph, (URIRef, BNode)):
            options["default_graph"] = to_oxigraph(queryGraph)
        outcome = self.oxigraph.query(query, **options)
        convert = self._rdflib
        if isinstance(outcome, ox.QueryBoolean):
            answer = Result("ASK")
            answer.askAnswer = bool(outcome)
        elif isinstance(outcome, ox.QuerySolutions):
            answer = Result("SELECT")
            answer.vars = [Variable(variable.value) for variable in outcome.variables]
            answer.bindings = [{name: convert(value) for name, value in zip(answer.vars, row, strict=True)
                                if value is not None} for row in outcome]
        else:
            answer = Result("CONSTRUCT")
            answer.graph = Graph()
            for triple in outcome:
                answer.graph.add(convert(triple))
        return answer

    def triples_count(self) -> int:
        return len(self.oxigraph)


def oxigraph_graph(store: ox.Store) -> Graph:
    """An rdflib ``Graph`` over the default graph of ``store``, with pmgraph's prefixes bound."""
    graph = Graph(store=OxigraphGraphStore(store), identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(graph)



def oxigraph_store_of(graph: Graph) -> ox.Store | None:
    """The Oxigraph store behind ``graph`` when it is one of :func:`oxigraph_graph`, else None."""
    store = graph.store
    return store.oxigraph if isinstance(store, OxigraphGraphStore) else None
