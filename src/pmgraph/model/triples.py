"""The triples around a few entities, read as plain terms from an Oxigraph store or an rdflib graph.

What ``pmgraph show`` reads of the graph (:mod:`pmgraph.model.describe`): the objects,
subjects and values of single patterns, with every term a :class:`~pmgraph.model.terms.Term`
and IRIs given as plain strings. :class:`StoreTriples` reads the default graph of a
``pyoxigraph.Store`` without importing rdflib (a tenth of a second per command);
:class:`GraphTriples` reads an rdflib graph (a knowledge base in memory, or fetched from an
endpoint)::

    >>> from pmgraph import kb
    >>> triples = StoreTriples(kb.open().store)
    >>> triples.value("https://w3id.org/pmgraph/id/SpecialistTPM", "https://w3id.org/pmgraph/ontology#level")
    Term(kind='literal', value='3', language=None, datatype='http://www.w3.org/2001/XMLSchema#integer')

:func:`rdflib_sorted` sorts terms as rdflib sorts its own, the order ``show`` has always listed
them in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .terms import Term, as_term, to_rdflib

__all__ = ["Triples", "StoreTriples", "GraphTriples", "SubjectReads", "rdflib_sorted"]

#: rdflib's order of term kinds: blank nodes, then IRIs, then literals.
_KIND_ORDER = {"bnode": 10, "uri": 30, "literal": 40}


class Triples:
    """The single-pattern reads of a graph; a subclass provides :meth:`match`.

    A pattern's IRIs are plain strings (or Terms); None matches anything.
    """

    def match(self, subject: str | Term | None, prop: str | None,
              obj: str | Term | None) -> Iterator[tuple[Term, Term, Term]]:
        """The triples matching the pattern, in the store's order."""
        raise NotImplementedError

    def objects(self, subject: str | Term, prop: str) -> list[Term]:
        return [o for _, _, o in self.match(subject, prop, None)]

    def subjects(self, prop: str, obj: str | Term | None) -> list[Term]:
        return [s for s, _, _ in self.match(None, prop, obj)]

    def value(self, subject: str | Term, prop: str) -> Term | None:
        """One object of ``subject`` and ``prop`` (the first the store gives), or None."""
        return next((o for _, _, o in self.match(subject, prop, None)), None)

    def predicate_objects(self, subject: str | Term) -> list[tuple[Term, Term]]:
        return [(p, o) for _, p, o in self.match(subject, None, None)]

    def subject_predicates(self, obj: str | Term) -> list[tuple[Term, Term]]:
        return [(s, p) for s, p, _ in self.match(None, None, obj)]

    def has(self, subject: str | Term, prop: str, obj: str | Term) -> bool:
        return next(self.match(subject, prop, obj), None) is not None


class StoreTriples(Triples):
    """The default graph of a ``pyoxigraph.Store`` (each term converted once)."""

    def __init__(self, store):
        import pyoxigraph as ox

        self._ox = ox
        self._store = store
        self._terms: dict[Any, Term] = {}

    def _node(self, term: str | Term | None):
        ox = self._ox
        if term is None:
            return None
        if isinstance(term, str):
            return ox.NamedNode(term)
        if term.kind == "uri":
            return ox.NamedNode(term.value)
        if term.kind == "bnode":
            return ox.BlankNode(term.value)
        if term.language:
            return ox.Literal(term.value, language=term.language)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)

    def _term(self, term) -> Term:
        try:
            return self._terms[term]
        except KeyError:
            self._terms[term] = converted = as_term(term)
            return converted

    def match(self, subject, prop, obj):
        try:
            quads = self._store.quads_for_pattern(self._node(subject), self._node(prop), self._node(obj),
                                                  self._ox.DefaultGraph())
        except (TypeError, ValueError):  # not an IRI, a literal as subject...: matches nothing
            return iter(())
        term = self._term
        return ((term(quad.subject), term(quad.predicate), term(quad.object)) for quad in quads)


class GraphTriples(Triples):
    """An rdflib graph.

        >>> from pmgraph.kb.files import load_graph
        >>> labels = GraphTriples(load_graph()).objects("https://w3id.org/pmgraph/id/CTO",
        ...                                            "http://www.w3.org/2004/02/skos/core#prefLabel")
        >>> sorted((term.value, term.language) for term in labels)
        [('CTO', 'en'), ('CTO', 'ja')]
    """

    def __init__(self, graph):
        self._graph = graph

    def match(self, subject, prop, obj):
        from rdflib import URIRef

        def node(term):
            return None if term is None else URIRef(term) if isinstance(term, str) else to_rdflib(term)

        found = self._graph.triples((node(subject), node(prop), node(obj)))
        return ((as_term(s), as_term(p), as_term(o)) for s, p, o in found)


class SubjectReads(Triples):
    """``triples`` with the values of a subject asked for more than once (``match(subject, prop,
    None)``) answered from one read of all its triples, kept: for a reader that asks each of
    hundreds of nodes for a dozen properties (``show`` of an O*NET occupation: 500 fact nodes).
    A subject's first question is read as asked: the entities an item names are asked one
    property, and many have dozens of labels that a whole read would fetch for nothing. A
    subject's triples come in the store's order, so its values of each property come in the
    order ``triples`` gives them. Other patterns are read from ``triples`` as they are.

        >>> from pmgraph.kb.files import load_graph
        >>> graph = GraphTriples(load_graph())
        >>> reads = SubjectReads(graph)
        >>> cto, label = "https://w3id.org/pmgraph/id/CTO", "http://www.w3.org/2004/02/skos/core#prefLabel"
        >>> [reads.objects(cto, label) == graph.objects(cto, label) for _ in range(2)]
        [True, True]
    """

    def __init__(self, triples: Triples):
        self._triples = triples
        self._asked: set[str] = set()
        self._subjects: dict[str, dict[str, list[tuple[Term, Term, Term]]]] = {}

    def match(self, subject, prop, obj):
        if subject is None or prop is None or obj is not None:
            return self._triples.match(subject, prop, obj)
        key = subject if isinstance(subject, str) else subject.value if subject.kind == "uri" else None
        by_property = self._subjects.get(key)
        if by_property is None:
            if key is None or key not in self._asked:  # a blank node, or a first question: as asked
                self._asked.add(key)
                return self._triples.match(subject, prop, obj)
            by_property = self._subjects[key] = {}
            for triple in self._triples.match(subject, None, None):
                by_property.setdefault(triple[1].value, []).append(triple)
        return iter(by_property.get(prop if isinstance(prop, str) else prop.value, ()))


def _key(term: Term) -> tuple:
    if term.kind == "literal":
        return (40, term.language or "", term.value)
    return (_KIND_ORDER[term.kind], term.value)


def rdflib_sorted(rows: Iterable[tuple[Term, ...]]) -> list[tuple[Term, ...]]:
    """``rows`` (tuples of terms, a literal only last) sorted as rdflib sorts tuples of its terms:
    blank nodes, IRIs, then literals; strings by language (none first), then text. rdflib orders
    literals of other datatypes by value (``"10"^^xsd:integer`` after ``"9"``): where two such
    literals would be compared, rdflib itself sorts the rows.

        >>> rdflib_sorted([(Term("literal", "b"),), (Term("literal", "a", "ja"),), (Term("uri", "http://example.org/z"),),
        ...                (Term("literal", "c"),)])  # doctest: +NORMALIZE_WHITESPACE
        [(Term(kind='uri', value='http://example.org/z', language=None, datatype=None),),
         (Term(kind='literal', value='b', language=None, datatype=None),),
         (Term(kind='literal', value='c', language=None, datatype=None),),
         (Term(kind='literal', value='a', language='ja', datatype=None),)]
    """
    rows = list(rows)
    literals = Counter(row[:-1] for row in rows if row[-1].kind == "literal")
    typed = {row[:-1] for row in rows if row[-1].kind == "literal" and row[-1].datatype}
    if any(literals[prefix] > 1 for prefix in typed):
        return sorted(rows, key=lambda row: tuple(to_rdflib(term) for term in row))
    return sorted(rows, key=lambda row: tuple(_key(term) for term in row))
