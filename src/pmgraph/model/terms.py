"""The RDF terms of query answers as plain values: no rdflib on the way from Oxigraph to the output.

A :class:`Term` is what the W3C result formats need of a term: its ``kind`` (``uri``,
``bnode`` or ``literal``, the words of SPARQL's JSON results), its ``value`` (an IRI, a blank
node's name or a literal's lexical form), and a literal's ``language`` or ``datatype``
(``None`` for a plain string). :func:`as_term` reads a pyoxigraph term, an rdflib term or a
:class:`Term` alike, importing neither library (a term of either means it is loaded already)::

    >>> import pyoxigraph as ox
    >>> as_term(ox.NamedNode("https://w3id.org/pmgraph/id/CTO"))
    Term(kind='uri', value='https://w3id.org/pmgraph/id/CTO', language=None, datatype=None)
    >>> as_term(ox.Literal("CTO", language="ja")), as_term(ox.Literal("x")).datatype
    (Term(kind='literal', value='CTO', language='ja', datatype=None), None)

A literal's value is its lexical form as rdflib gives it, which is what pmgraph's outputs have
always shown: rdflib writes the canonical form of some datatypes (``"01"^^xsd:integer`` is
``1``). The forms that rdflib leaves alone (strings, IRIs typed ``xsd:anyURI``, ``-12``,
``3.50``, ``2024-05-01``) are read as they are; anything else is asked of rdflib itself::

    >>> XSD = "http://www.w3.org/2001/XMLSchema#"
    >>> [as_term(ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))).value for text in ("12", "012")]
    ['12', '12']

:func:`to_rdflib` turns a :class:`Term` into the rdflib term for code that works with rdflib.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..iris import RDF_LANG_STRING, XSD_NS, XSD_STRING

__all__ = ["Term", "as_term", "literal", "escape_string", "n_triples", "to_rdflib"]

#: Lexical forms rdflib keeps as written, by datatype (it rewrites others: "+5", "1E3", "2024-05-01Z").
_KEPT_BY_RDFLIB = {
    XSD_NS + "integer": re.compile(r"^(0|-?[1-9][0-9]*)$"),
    XSD_NS + "decimal": re.compile(r"^-?(0|[1-9][0-9]*)\.[0-9]+$"),
    XSD_NS + "date": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    XSD_NS + "anyURI": re.compile(r".*", re.DOTALL),  # rdflib keeps every anyURI as written
}


class Term(NamedTuple):
    """One RDF term: ``kind`` is ``uri``, ``bnode`` or ``literal``; ``language`` and
    ``datatype`` are a literal's (both None for a plain string).

        >>> Term("literal", "3", datatype="http://www.w3.org/2001/XMLSchema#integer").datatype
        'http://www.w3.org/2001/XMLSchema#integer'
    """

    kind: str
    value: str
    language: str | None = None
    datatype: str | None = None


def _from_rdflib(term: Any) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        datatype = None if term.language or term.datatype is None else str(term.datatype)
        return Term("literal", str(term), term.language or None, datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def _from_oxigraph(term: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.language, None if term.language else term.datatype.value)
    raise TypeError(f"not an RDF term: {term!r}")


def literal(text: str, language: str | None = None, datatype: str | None = None) -> Term:
    """The literal ``text`` (tagged ``language``, or typed ``datatype``) as a :class:`Term`, its
    value in the form rdflib gives it (see the module).

        >>> literal("+5", datatype="http://www.w3.org/2001/XMLSchema#integer").value
        '5'
        >>> literal("chef", "fr"), literal("x", datatype=XSD_STRING).datatype
        (Term(kind='literal', value='chef', language='fr', datatype=None), None)
    """
    if language:
        return Term("literal", text, language)
    if datatype in (None, XSD_STRING, RDF_LANG_STRING):
        return Term("literal", text)
    kept = _KEPT_BY_RDFLIB.get(datatype)
    if kept is not None and kept.match(text):
        return Term("literal", text, None, datatype)
    from rdflib import Literal, URIRef

    return Term("literal", str(Literal(text, datatype=URIRef(datatype))), None, datatype)  # rdflib's canonical form


def as_term(term: Any) -> Term:
    """``term`` (a :class:`Term`, a pyoxigraph term or an rdflib term) as a :class:`Term`.

        >>> from rdflib import Literal
        >>> as_term(Literal("chef", lang="fr"))
        Term(kind='literal', value='chef', language='fr', datatype=None)
    """
    if isinstance(term, Term):
        return term
    if isinstance(term, str):  # rdflib's terms are strings; pyoxigraph's are not
        return _from_rdflib(term)
    return _from_oxigraph(term)


def to_rdflib(term: Term | None) -> Any:
    """The rdflib term for ``term`` (None stays None: an unbound variable).

        >>> to_rdflib(Term("uri", "https://w3id.org/pmgraph/id/CTO"))
        rdflib.term.URIRef('https://w3id.org/pmgraph/id/CTO')
    """
    if term is None:
        return None
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None)


def escape_string(text: str) -> str:
    """``text`` escaped for a double-quoted SPARQL, Turtle or N-Triples string.

        >>> print(escape_string('a "b"\\tc'))
        a \\"b\\"\\tc
    """
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def n_triples(term: Any) -> str:
    """``term`` written as in N-Triples (one line; ``"..."@lang``, ``"..."^^<datatype>``).

        >>> n_triples(Term("literal", 'say "hi"', "en")), n_triples(Term("uri", "http://example.org/a"))
        ('"say \\\\"hi\\\\""@en', '<http://example.org/a>')
    """
    term = as_term(term)
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    text = f'"{escape_string(term.value)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text
