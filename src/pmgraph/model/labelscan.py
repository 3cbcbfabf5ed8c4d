"""The string values of one property for every subject, read from an Oxigraph store as plain text.

A catalog over an Oxigraph store (:mod:`pmgraph.kb.oxstore`) reads its labels here rather
than as rdflib terms: converting and sorting a million rdflib literals (rdflib compares
literals in Python, slowly) took seconds of every dataset import. The rows come in the order
``sorted(graph.subject_objects(prop))`` gives them (rdflib's term order: blank nodes before
IRIs, each by its text; for the values, plain strings before language-tagged ones, then by
language tag, then by text), so what is built from them is what rdflib's order builds.

    >>> import pyoxigraph
    >>> from pmgraph.kb.oxstore import oxigraph_graph
    >>> store = pyoxigraph.Store()
    >>> store.load(b'<http://e/b> <http://e/p> "b"@en, "a", <http://e/x> . <http://e/a> <http://e/p> "z"@ja .',
    ...            format=pyoxigraph.RdfFormat.TURTLE)
    >>> [(str(subject), lang, text) for subject, lang, text in string_values(oxigraph_graph(store), "http://e/p")]
    [('http://e/a', 'ja', 'z'), ('http://e/b', '', 'a'), ('http://e/b', 'en', 'b')]
"""

from __future__ import annotations

from typing import Any

from ..iris import RDF_LANG_STRING, XSD_STRING

__all__ = ["string_values", "iri_literal_texts"]

_STRING_TYPES = (XSD_STRING, RDF_LANG_STRING)


def string_values(graph: Any, prop: str) -> list[tuple[Any, str, str]]:
    """``(subject, language, text)`` of every literal value of ``prop`` in ``graph`` (an rdflib
    graph), in rdflib's order; ``language`` is ``""`` for a plain string and ``subject`` the rdflib
    term the graph gives. Values that are not literals are left out.

    Over an Oxigraph store the rows are read and sorted as plain text, unless a value is a
    literal of another datatype or a subject a quoted triple (rdflib orders those by value):
    then, as over any other store, rdflib's terms are sorted.
    """
    rows = _string_values_as_text(graph, prop)
    if rows is None:
        from rdflib import Literal, URIRef

        rows = [(subject, value.language or "", str(value))
                for subject, value in sorted(graph.subject_objects(URIRef(prop))) if isinstance(value, Literal)]
    return rows


def _string_values_as_text(graph: Any, prop: str) -> list[tuple[Any, str, str]] | None:
    """:func:`string_values` over an Oxigraph store, or None where it cannot be read as text."""
    from ..kb.oxstore import OxigraphGraphStore

    store = getattr(graph, "store", None)
    if not isinstance(store, OxigraphGraphStore):
        return None
    import pyoxigraph as ox

    rows = []
    for subject, _, value, _ in store.oxigraph.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph()):
        if not isinstance(value, ox.Literal):
            continue
        if value.datatype.value not in _STRING_TYPES:
            return None
        if isinstance(subject, ox.NamedNode):
            rows.append((1, subject.value, value.language or "", value.value, subject))
        elif isinstance(subject, ox.BlankNode):
            rows.append((0, subject.value, value.language or "", value.value, subject))
        else:
            return None
    rows.sort(key=lambda row: row[:4])
    convert = store.term
    found = []
    last = term = None
    for blank, iri, language, text, subject in rows:
        if (blank, iri) != last:  # rows of one subject are together: its rdflib term is made once
            last, term = (blank, iri), convert(subject)
        found.append((term, language, text))
    return found


def iri_literal_texts(graph: Any, prop: str) -> list[tuple[Any, str, str]]:
    """``(subject, text, language)`` of every literal value of ``prop`` whose subject is an IRI,
    in the order of ``graph.subject_objects(prop)``: ``text`` the literal's lexical form,
    ``language`` its language tag or ``""``, ``subject`` the rdflib term the graph gives (read
    without making rdflib literals over an Oxigraph store).

        >>> import pyoxigraph
        >>> from pmgraph.kb.oxstore import oxigraph_graph
        >>> store = pyoxigraph.Store()
        >>> store.load(b'<http://e/a> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>, <http://e/x> .'
        ...            b' _:b <http://e/p> "b" .', format=pyoxigraph.RdfFormat.TURTLE)
        >>> [(str(subject), text, language) for subject, text, language in iri_literal_texts(oxigraph_graph(store), "http://e/p")]
        [('http://e/a', '1', '')]
    """
    from ..kb.oxstore import OxigraphGraphStore

    store = getattr(graph, "store", None)
    if not isinstance(store, OxigraphGraphStore):
        from rdflib import Literal, URIRef

        return [(subject, str(value), value.language or "") for subject, value in graph.subject_objects(URIRef(prop))
                if isinstance(value, Literal) and isinstance(subject, URIRef)]
    import pyoxigraph as ox

    convert = store.term
    literal, iri = ox.Literal, ox.NamedNode
    return [(convert(subject), value.value, value.language or "")
            for subject, _, value, _ in store.oxigraph.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph())
            if type(value) is literal and type(subject) is iri]
