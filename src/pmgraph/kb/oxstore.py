"""An rdflib graph over a pyoxigraph store: rdflib's API, Oxigraph's storage and SPARQL.

pmgraph keeps every triple in Oxigraph (parsing, storage, SPARQL) and uses rdflib where it
serves: terms, serializers, pySHACL and the graph API its projections are written against.
:func:`oxigraph_graph` wraps a ``pyoxigraph.Store`` (on disk or in memory) in an
``rdflib.Graph`` whose store is :class:`OxigraphGraphStore`:

* terms are converted to rdflib once and then reused (URIRef and Literal construction is
  the slow part of reading many triples through rdflib);
* a plain string comes back as rdflib's plain ``Literal("x")``, exactly as rdflib's own
  parser gives it (Oxigraph types it ``xsd:string``, which rdflib treats as another term);
* ``graph.query(text)`` is answered by Oxigraph (a prepared rdflib query by its text, its
  ``initBindings`` as a VALUES block opening the WHERE clause); nothing falls back to
  rdflib's SPARQL engine, and rdflib's SPARQL package (0.3 s of imports) is never loaded.

It is written against rdflib's public ``Store`` interface only (no private helper of
oxrdflib or rdflib).

    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(b'<http://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a", "b"@en .',
    ...            format=pyoxigraph.RdfFormat.TURTLE)
    >>> graph = oxigraph_graph(store)
    >>> sorted(graph.objects(None, None))
    [rdflib.term.Literal('a'), rdflib.term.Literal('b', lang='en')]
    >>> [str(row.label) for row in graph.query('SELECT ?label WHERE { ?s skos:prefLabel ?label FILTER(lang(?label) = "en") }')]
    ['b']
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.store import Store

from ..namespaces import bind_prefixes

__all__ = ["OxigraphGraphStore", "oxigraph_graph", "to_oxigraph", "to_rdflib"]

_XSD_STRING = str(XSD.string)


class _QuietIllTypedLiterals(logging.Filter):
    """rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:integer``) it builds;
    such a literal is legal RDF (it just has no value), so that log line is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_QuietIllTypedLiterals())


def to_oxigraph(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term (None stays None: a wildcard).

    >>> to_oxigraph(Literal("3", datatype=XSD.integer))
    <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term; a plain string literal stays plain.

    >>> to_rdflib(ox.Literal("x")), to_rdflib(ox.NamedNode("http://example.org/a"))
    (rdflib.term.Literal('x'), rdflib.term.URIRef('http://example.org/a'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        return (to_rdflib(term.subject), to_rdflib(term.predicate), to_rdflib(term.object))
    raise ValueError(f"unexpected Oxigraph term: {term!r}")


class OxigraphGraphStore(Store):
    """A read-mostly rdflib ``Store`` over the default graph of a ``pyoxigraph.Store``."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: ox.Store, remember_scans: bool = False):
        super().__init__()
        #: The pyoxigraph store itself, for code that talks to Oxigraph directly.
        self.oxigraph = store
        self._terms: dict[Any, Any] = {}
        self._prefixes: dict[str, URIRef] = {}
        #: With ``remember_scans``: property IRI -> every ``(subject, object)`` of it, and (property,
        #: object IRI) -> every subject (a class's instances), kept after the first scan (a layer's
        #: indexes read the same few properties and classes several times over).
        self._scans: dict[Any, list] | None = {} if remember_scans else None

    def term(self, term: Any) -> Any:
        """The rdflib term for a pyoxigraph term, converted once and then reused."""
        try:
            return self._terms[term]
        except KeyError:
            pass
        converted = to_rdflib(term)
        if len(self._terms) < 2_000_000 and not isinstance(term, ox.Triple):  # bounded for huge scans
            self._terms[term] = converted
        return converted

    # -- reading ------------------------------------------------------------------------
    def triples(self, triple_pattern, context=None) -> Iterator:
        subject, predicate, obj = triple_pattern
        try:
            pattern = (to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj))
            quads = self.oxigraph.quads_for_pattern(*pattern, ox.DefaultGraph())
        except (TypeError, ValueError):  # a literal as subject, a variable...: matches nothing
            return iter(())
        if self._scans is not None and subject is None and type(predicate) is URIRef:
            if obj is None:
                pairs = self._scans.get(predicate)
                if pairs is None:
                    pairs = self._scans[predicate] = [(s, o) for (s, _, o), _ in self._rows(quads, None, predicate, None)]
                return (((s, predicate, o), iter((None,))) for s, o in pairs)
            if type(obj) is URIRef:  # e.g. the instances of a class
                subjects = self._scans.get((predicate, obj))
                if subjects is None:
                    subjects = self._scans[predicate, obj] = [s for (s, _, _), _ in self._rows(quads, None, predicate, obj)]
                return (((s, predicate, obj), iter((None,))) for s in subjects)
        return self._rows(quads, *(term if type(term) is URIRef else None for term in triple_pattern))

    def _rows(self, quads, subject, predicate, obj) -> Iterator:
        """rdflib's ``((s, p, o), contexts)`` rows of ``quads``; a position the pattern fixed to an
        IRI (``subject``, ``predicate``, ``obj``: None where it did not) is that term, not converted
        again (a million-triple scan of one property converts a third fewer terms)."""
        terms = self._terms
        convert = self.term
        for s, p, o, _ in quads:  # the lookup is written out three times: as a call, 7% more of a scan's time
            if subject is None:
                try:
                    s = terms[s]
                except KeyError:
                    s = convert(s)
            else:
                s = subject
            if predicate is None:
                try:
                    p = terms[p]
                except KeyError:
                    p = convert(p)
            else:
                p = predicate
            if obj is None:
                try:
                    o = terms[o]
                except KeyError:
                    o = convert(o)
            else:
                o = obj
            yield (s, p, o), iter((None,))

    def iri_triples(self, leave_out: Collection[str] = (),
                    leave_out_ends: Collection[str] = ()) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
        """The triples of the default graph whose subject and object are IRIs, as rdflib terms, in
        the store's order, but those of the properties ``leave_out`` and those whose subject or
        object is one of ``leave_out_ends`` (IRIs); the others (labels, definitions, types: most
        of a dataset) are skipped before anything is converted."""
        iri = ox.NamedNode
        skipped = frozenset(leave_out)
        ends = leave_out_ends if isinstance(leave_out_ends, (set, frozenset)) else frozenset(leave_out_ends)

        def wanted(quads):
            for quad in quads:
                s, p, o, _ = quad
                if (type(s) is iri and type(o) is iri and p.value not in skipped
                        and (not ends or (s.value not in ends and o.value not in ends))):
                    yield quad

        for triple, _ in self._rows(wanted(self.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                                    None, None, None):
            yield triple

    def __len__(self, context=None) -> int:
        if not any(True for _ in self.oxigraph.named_graphs()):
            return len(self.oxigraph)  # the store's own count: instant even at millions of triples
        return sum(1 for _ in self.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Forget the terms converted and the scans kept so far (a graph read over a million triples
        holds a million of them); the Oxigraph store stays open and the graph can still be read."""
        self._terms.clear()
        self._forget_scans()

    def release(self) -> None:
        """:meth:`close`, and let go of the Oxigraph store: the graph cannot be read any more, and
        an in-memory store nothing else holds is freed now (a third of a second for a million
        triples: a build frees its store while its child works, not when the process ends)."""
        self.close()
        self.oxigraph = None

    def _forget_scans(self) -> None:
        if self._scans:
            self._scans.clear()

    def contexts(self, triple=None):
        return iter(())

    # -- writing (in-memory stores, e.g. a graph a test builds) ---------------------------
    def add(self, triple, context=None, quoted: bool = False) -> None:
        self._forget_scans()
        subject, predicate, obj = (to_oxigraph(term) for term in triple)
        self.oxigraph.add(ox.Quad(subject, predicate, obj, ox.DefaultGraph()))

    def remove(self, triple, context=None) -> None:
        for (found, _) in list(self.triples(triple)):
            self.oxigraph.remove(ox.Quad(*(to_oxigraph(term) for term in found), ox.DefaultGraph()))
        self._forget_scans()  # after: finding what to remove may have kept a scan of it

    # -- prefixes -----------------------------------------------------------------------
    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        namespace = URIRef(namespace)
        if override or prefix not in self._prefixes:
            if override:  # one prefix per namespace: pmgraph's dct: replaces rdflib's default dcterms:
                for other in [name for name, iri in self._prefixes.items() if iri == namespace and name != prefix]:
                    del self._prefixes[other]
            self._prefixes[prefix] = namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return next((prefix for prefix, iri in self._prefixes.items() if iri == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(list(self._prefixes.items()))

    # -- SPARQL -------------------------------------------------------------------------
    def query(self, query, initNs: Mapping[str, Any], initBindings: Mapping[str, Any],  # noqa: N803
              queryGraph: Any, **kwargs: object) -> Result:
        if isinstance(query, str):
            text, prefixes = query, {}
        else:  # an rdflib prepared query: Oxigraph evaluates its text
            original = getattr(query, "_original_args", None)
            if not original or not isinstance(original[0], str):
                raise ValueError("this prepared query keeps no text; pass the query text")
            text, prefixes = original[0], dict(original[1] or {})
        if initBindings:
            from ..sparql import bind_values, query_keyword

            text = bind_values(text, query_keyword(text), initBindings)
        prefixes = {**{str(k): str(v) for k, v in self.namespaces()}, **prefixes,
                    **{str(k): str(v) for k, v in initNs.items()}}
        form, payload = _evaluate(self.oxigraph, text, prefixes=prefixes)
        convert = self.term
        if form == "ASK":
            answer = Result("ASK")
            answer.askAnswer = payload
        elif form == "SELECT":
            names, rows = payload
            answer = Result("SELECT")
            answer.vars = [Variable(name) for name in names]
            answer.bindings = [{Variable(name): convert(value) for name, value in zip(names, row, strict=True)
                                if value is not None} for row in rows]
        else:
            answer = Result("CONSTRUCT")
            answer.graph = Graph()
            for triple in payload:
                answer.graph.add(convert(triple))
        return answer


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
                names = [variable.value for variable in result.variables]
                box["outcome"] = ("SELECT", (names, [tuple(solution) for solution in result]))
            else:
                box["outcome"] = ("CONSTRUCT", list(result))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = error

    worker = threading.Thread(target=work, name="pmgraph-oxigraph-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if "error" in box:
        raise box["error"]
    return box["outcome"]


def oxigraph_graph(store: ox.Store, remember_scans: bool = False) -> Graph:
    """An rdflib ``Graph`` over the default graph of ``store``, with pmgraph's prefixes bound.

    With ``remember_scans``, every ``(subject, object)`` of a property read whole
    (``graph.subject_objects(prop)``), and every subject of a property and IRI
    (``graph.subjects(RDF.type, cls)``), is kept and read again from memory: for a store
    nothing changes while the graph reads it, except through the graph (a layer being
    indexed), whose indexes scan the same properties and classes several times.

        >>> store = ox.Store()
        >>> graph = oxigraph_graph(store, remember_scans=True)
        >>> a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
        >>> graph.add((a, p, Literal("x")))
        <Graph identifier=urn:x-rdflib:default (<class 'rdflib.graph.Graph'>)>
        >>> [str(o) for o in graph.objects(None, p)]
        ['x']
        >>> graph.remove((None, p, None))
        <Graph identifier=urn:x-rdflib:default (<class 'rdflib.graph.Graph'>)>
        >>> [str(o) for o in graph.objects(None, p)]
        []
    """
    graph = Graph(store=OxigraphGraphStore(store, remember_scans), identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(graph)
