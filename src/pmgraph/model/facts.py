"""Fact classes: n-ary relation nodes and the edges they stand for.

The vocabulary marks a fact class with ``pmo:edgeFrom`` / ``pmo:edgeTo`` / ``pmo:edgeLabel``
(a skill requirement is an edge *role → skill* labelled "requires skill"). Everything that
turns facts into edges — ``show``, the NetworkX projection — reads this table.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.namespaces import PMO
    >>> shapes = fact_shapes(load_graph())
    >>> shape = shapes[PMO.SkillRequirement]
    >>> shape.source_property, shape.target_property, shape.label["en"]
    (rdflib.term.URIRef('https://w3id.org/pmgraph/ontology#role'), rdflib.term.URIRef('https://w3id.org/pmgraph/ontology#skill'), 'requires skill')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rdflib is imported where a graph is read: `show` over a stored snapshot never does
    from rdflib import Graph, URIRef

__all__ = ["FactShape", "fact_shapes", "fact_class_of"]


@dataclass(frozen=True)
class FactShape:
    """How instances of one fact class become edges (its IRIs rdflib terms, or plain strings
    where a graph is read without rdflib: :mod:`pmgraph.model.describe`)."""

    cls: URIRef
    source_property: URIRef
    target_property: URIRef
    label: dict[str, str] = field(default_factory=dict)
    inverse_label: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> list:
        """This shape as plain JSON values (what a snapshot stores), read back by :meth:`from_json`.

            >>> from pmgraph.namespaces import PMO
            >>> shape = FactShape(PMO.SkillRequirement, PMO.role, PMO.skill, {"en": "requires skill"})
            >>> FactShape.from_json(shape.as_json()) == shape
            True
        """
        return [str(self.cls), str(self.source_property), str(self.target_property), self.label, self.inverse_label]

    @classmethod
    def from_json(cls, value: list, iri: Callable[[str], Any] | None = None) -> FactShape:
        """The shape :meth:`as_json` gave, its IRIs made by ``iri`` (rdflib's URIRef; ``str`` keeps
        them plain strings, without importing rdflib)."""
        if iri is None:
            from rdflib import URIRef as iri

        cls_iri, source, target, label, inverse = value
        return cls(iri(cls_iri), iri(source), iri(target), dict(label), dict(inverse))

    def name(self, lang: str = "en", inverse: bool = False) -> str:
        names = self.inverse_label if inverse else self.label
        return names.get(lang) or names.get("en") or ("inverse of " if inverse else "") + str(self.cls)


def _by_language(graph: Graph, subject: URIRef, prop: URIRef) -> dict[str, str]:
    from rdflib import Literal

    return {
        value.language or "": str(value)
        for value in sorted(graph.objects(subject, prop))
        if isinstance(value, Literal)
    }


def fact_shapes(graph: Graph) -> dict[URIRef, FactShape]:
    """Every fact class of the vocabulary in ``graph`` (and its subclasses) -> its shape."""
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from ..namespaces import PMO

    shapes: dict[URIRef, FactShape] = {}
    for cls, source in graph.subject_objects(PMO.edgeFrom):
        target = graph.value(cls, PMO.edgeTo)
        if not isinstance(cls, URIRef) or target is None:
            continue
        shape = FactShape(cls, source, target, _by_language(graph, cls, PMO.edgeLabel),
                          _by_language(graph, cls, PMO.inverseLabel))
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
            shapes[sub] = shape
    return shapes


def fact_class_of(graph: Graph, node: URIRef, shapes: dict[URIRef, FactShape]) -> FactShape | None:
    """The fact shape ``node`` is an instance of, or None if it is not a fact node."""
    from rdflib.namespace import RDF

    for cls in graph.objects(node, RDF.type):
        if cls in shapes:
            return shapes[cls]
    return None
