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
* a query prepared with ``rdflib.plugins.sparql.prepareQuery`` (as :mod:`pmgraph.sparql`
  does) is evaluated by Oxigraph from its text, with ``initBindings`` as a VALUES block
  opening the WHERE clause (as :func:`pmgraph.sparql.remote_text` does for endpoints); a
  query Oxigraph cannot evaluate falls back to rdflib's evaluator.

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(b'<http://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a", "b"@en .',
    ...            format=pyoxigraph.RdfFormat.TURTLE)
    >>> graph = oxigraph_graph(store)
    >>> sorted(graph.objects(None, None))
    [rdflib.term.Literal('a'), rdflib.term.Literal('b', lang='en')]
    >>> from rdflib.plugins.sparql import prepareQuery
    >>> query = prepareQuery("SELECT ?label WHERE { ?s skos:prefLabel ?label }",
    ...                      initNs={"skos": "http://www.w3.org/2004/02/skos/core#"})
    >>> sorted(row.label for row in graph.query(query, initBindings={"label": Literal("a")}))
    [rdflib.term.Literal('a')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import to_ox, to_ox_quad_pattern
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result

from .namespaces import bind_prefixes

__all__ = ["OxigraphGraphStore", "oxigraph_graph"]

_XSD_STRING = str(XSD.string)


class OxigraphGraphStore(OxigraphStore):
    """oxrdflib's store with cached term conversion, plain literals and native prepared queries."""

    def __init__(self, store: ox.Store):
        super().__init__(store=store)
        self._terms: dict[Any, Any] = {}

    def _rdflib(self, term):
        try:
            return self._terms[term]
        except KeyError:
            pass
        if isinstance(term, ox.NamedNode):
            converted = URIRef(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                converted = Literal(term.value, lang=term.language)
            elif term.datatype.value == _XSD_STRING:
                converted = Literal(term.value)
            else:
                converted = Literal(term.value, datatype=URIRef(term.datatype.value))
        elif isinstance(term, ox.BlankNode):
            converted = BNode(term.value)
        elif isinstance(term, ox.Triple):
            converted = (self._rdflib(term.subject), self._rdflib(term.predicate), self._rdflib(term.object))
            return converted
        else:
            raise ValueError(f"unexpected Oxigraph term: {term!r}")
        if len(self._terms) < 2_000_000:  # bounded: a full scan of a huge store must not keep every term
            self._terms[term] = converted
        return converted

    def triples(self, triple_pattern, context=None):
        try:
            quads = self._inner.quads_for_pattern(*to_ox_quad_pattern(triple_pattern, context))
        except (TypeError, ValueError):
            return iter(())
        convert = self._rdflib
        return (((convert(q.subject), convert(q.predicate), convert(q.object)), iter((None,))) for q in quads)

    def query(self, query, initNs: Mapping[str, Any], initBindings: Mapping[str, Any],  # noqa: N803
              queryGraph: Any, **kwargs: object) -> Result:
        if kwargs:
            raise NotImplementedError("keyword arguments are not supported by the Oxigraph store")
        if isinstance(query, str):
            if initBindings:
                raise NotImplementedError("bindings need a prepared query; rdflib evaluates it")
            text, prefixes = query, {}
        else:
            original = getattr(query, "_original_args", None)
            if not original or not isinstance(original[0], str) or original[2]:
                raise NotImplementedError("this prepared query keeps no text; rdflib evaluates it")
            text, prefixes = original[0], dict(original[1] or {})
            if initBindings:
                text = _with_values(text, query, initBindings)
        prefixes = {**{str(k): str(v) for k, v in self.namespaces()}, **prefixes,
                    **{str(k): str(v) for k, v in initNs.items()}}
        outcome = _evaluate(self._inner, text, use_default_graph_as_union=queryGraph == "__UNION__",
                            default_graph=to_ox(queryGraph) if isinstance(queryGraph, (URIRef, BNode)) else None,
                            prefixes=prefixes)
        convert = self._rdflib
        form, payload = outcome
        if form == "ASK":
            answer = Result("ASK")
            answer.askAnswer = payload
        elif form == "SELECT":
            variables, rows = payload
            answer = Result("SELECT")
            answer.vars = [Variable(name) for name in variables]
            names = answer.vars
            answer.bindings = [{name: convert(value) for name, value in zip(names, row, strict=True) if value is not None}
                               for row in rows]
        else:
            answer = Result("CONSTRUCT")
            answer.graph = Graph()
            for triple in payload:
                answer.graph.add(convert(triple))
        return answer

    def triples_count(self) -> int:
        return len(self._inner)


def _evaluate(store: ox.Store, text: str, **options: Any) -> tuple[str, Any]:
    """Run the query in a worker thread (Oxigraph releases the GIL) and wait for it here.

    Waiting in short steps lets the main thread handle signals meanwhile, so that
    :mod:`pmgraph.sparql`'s deadline (a timer signal) stops a long query on time; the worker
    then runs on unobserved until the process ends.
    """
    import threading

    box: dict[str, Any] = {}

    def work() -> None:
        try:
            result = store.query(text, **options)
            if isinstance(result, ox.QueryBoolean):
                box["outcome"] = ("ASK", bool(result))
            elif isinstance(result, ox.QuerySolutions):
                variables = [variable.value for variable in result.variables]
                box["outcome"] = ("SELECT", (variables, [tuple(solution) for solution in result]))
            else:
                box["outcome"] = ("CONSTRUCT", list(result))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = error

    worker = threading.Thread(target=work, name="pmgraph-oxigraph-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if "error" in box:
        if isinstance(box["error"], (SyntaxError, ValueError)):
            raise NotImplementedError("Oxigraph cannot evaluate this query; rdflib evaluates it")
        raise box["error"]
    return box["outcome"]


_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def _with_values(text: str, query: Any, bindings: Mapping[str, Any]) -> str:
    """``text`` with ``bindings`` as a VALUES block opening its WHERE clause, as for an endpoint.

    Oxigraph's own substitutions only bind projected variables; rdflib's ``initBindings``
    bind any, and so does a VALUES block at the start of the WHERE group.
    """
    from .sparql import bind_values

    try:
        return bind_values(text, _FORMS[query.algebra.name], bindings)
    except Exception:  # noqa: BLE001 - anything unusual is left to rdflib's evaluator
        raise NotImplementedError("cannot bind this query's parameters for Oxigraph") from None


def oxigraph_graph(store: ox.Store) -> Graph:
    """An rdflib ``Graph`` over the default graph of ``store``, with pmgraph's prefixes bound."""
    graph = Graph(store=OxigraphGraphStore(store), identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(graph)

