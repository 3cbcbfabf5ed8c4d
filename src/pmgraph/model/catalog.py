"""Labels and kinds of every entity in a graph, indexed once.

An entity's *kind* comes from the ontology, not from code: each class may carry
``pmo:kindName``, and an entity's kind is the kind name of its most general class that
has one (a career stage is a ``role``; ``members("stage")`` lists the stages).

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.namespaces import PM
    >>> catalog = Catalog(load_graph())
    >>> catalog.kind(PM.TechPM), catalog.label(PM.TechPM, "ja")
    ('role', 'Tech PM')
    >>> catalog.node(PM.CTO)
    {'iri': 'https://w3id.org/pmgraph/id/CTO', 'label': 'CTO', 'kind': 'role'}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..iris import PM_NS, curie
from ..text import LANGUAGES, pick
from .keys import normalize

if TYPE_CHECKING:  # rdflib is imported where the graph is read: a stored catalog answers without it
    from rdflib import Graph, URIRef

    from .facts import FactShape

__all__ = ["Catalog", "normalize", "LANGUAGES", "LABEL_PROPERTIES"]


def __getattr__(name: str) -> Any:
    """``LABEL_PROPERTIES``: the properties that name an entity, strongest first (rdflib terms,
    made when first asked for, so that importing this module does not import rdflib)."""
    if name == "LABEL_PROPERTIES":
        from rdflib import URIRef

        from ..iris import LABEL_PROPERTY_IRIS

        globals()[name] = value = tuple(URIRef(iri) for iri in LABEL_PROPERTY_IRIS)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Catalog:
    """Kinds and display labels of the entities of ``graph``."""

    def __init__(self, graph: Graph):
        self.graph = graph

    # -- kinds -----------------------------------------------------------------------
    @cached_property
    def _kind_classes(self) -> dict[str, set[URIRef]]:
        """kind name -> every class whose instances are members of that kind."""
        from rdflib.namespace import RDFS

        from ..namespaces import PMO

        subclasses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in self.graph.subject_objects(RDFS.subClassOf):
            subclasses[sup].add(sub)
        result: dict[str, set[URIRef]] = defaultdict(set)
        for cls, name in self.graph.subject_objects(PMO.kindName):
            stack, seen = [cls], set()
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(subclasses.get(current, ()))
            result[str(name)] |= seen
        return dict(result)

    @cached_property
    def _kinds(self) -> dict[URIRef, str]:
        """entity -> kind, choosing the kind whose classes are the most general."""
        from rdflib.namespace import RDF

        breadth = {kind: len(classes) for kind, classes in self._kind_classes.items()}
        class_kinds: dict[URIRef, list[str]] = defaultdict(list)
        for kind, classes in self._kind_classes.items():
            for cls in classes:
                class_kinds[cls].append(kind)
        kinds: dict[URIRef, str] = {}
        for entity, cls in self.graph.subject_objects(RDF.type):
            for kind in class_kinds.get(cls, ()):
                current = kinds.get(entity)
                if current is None or (breadth[kind], kind) > (breadth[current], current):
                    kinds[entity] = kind
        return kinds

    def kind(self, iri: URIRef) -> str | None:
        """The kind of ``iri`` (``"role"``, ``"skill"``, ...), or None if it has none."""
        return self._kinds.get(iri)

    def kind_names(self) -> list[str]:
        """Every kind name the ontology defines, sorted."""
        return sorted(self._kind_classes)

    def kind_counts(self) -> dict[str, int]:
        """How many entities each kind has (``len(members(kind))`` for every kind, in one pass).

        >>> from pmgraph.kb.files import load_graph
        >>> Catalog(load_graph()).kind_counts()["track"]
        2
        """
        from rdflib.namespace import RDF

        class_kinds: dict[URIRef, list[str]] = defaultdict(list)
        for kind, classes in self._kind_classes.items():
            for cls in classes:
                class_kinds[cls].append(kind)
        found: dict[str, set[URIRef]] = {kind: set() for kind in self.kind_names()}
        for entity, cls in self.graph.subject_objects(RDF.type):
            for kind in class_kinds.get(cls, ()):
                found[kind].add(entity)
        return {kind: len(entities) for kind, entities in found.items()}

    def members(self, kind: str) -> list[URIRef]:
        """Entities of ``kind`` (instances of its classes and their subclasses), sorted by English label."""
        from rdflib.namespace import RDF

        classes = self._kind_classes.get(kind, set())
        found = {entity for cls in classes for entity in self.graph.subjects(RDF.type, cls)}
        return sorted(found, key=lambda iri: (normalize(self.label(iri, "en")), str(iri)))

    # -- labels ----------------------------------------------------------------------
    @cached_property
    def _label_tables(self) -> tuple[dict[URIRef, dict[str, list[str]]], dict[URIRef, dict[str, str]]]:
        """:attr:`_labels` and :attr:`_preferred`, read in one pass over the label properties."""
        from rdflib.namespace import RDFS, SKOS

        labels: dict[URIRef, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        preferred: dict[URIRef, dict[str, str]] = defaultdict(dict)
        for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
            names = prop != SKOS.altLabel  # a preferred name is a prefLabel, else an rdfs:label
            for subject, language, text in self._string_values(prop):
                bucket = labels[subject][language]
                if text not in bucket:
                    bucket.append(text)
                if names:
                    preferred[subject].setdefault(language, text)
        return labels, preferred

    @cached_property
    def _labels(self) -> dict[URIRef, dict[str, list[str]]]:
        """entity -> language -> labels (prefLabel first, then altLabel, rdfs:label)."""
        return self._label_tables[0]

    @cached_property
    def _preferred(self) -> dict[URIRef, dict[str, str]]:
        """entity -> language -> the label shown: its first prefLabel, else its first rdfs:label."""
        return self._label_tables[1]

    def _string_values(self, prop: URIRef) -> list[tuple[URIRef, str, str]]:
        """``(subject, language or "", text)`` of the literal values of ``prop``, in the order of
        ``sorted(graph.subject_objects(prop))`` (:func:`pmgraph.model.labelscan.string_values`)."""
        from .labelscan import string_values

        return string_values(self.graph, str(prop))

    def prefetch_labels(self, iris: Iterable[URIRef]) -> None:
        """Get ready to label many IRIs (and tell their kinds: :meth:`node`): a snapshot's index
        reads them in a few queries instead of one each; in memory there is nothing to do.

        >>> from pmgraph.kb.files import load_graph
        >>> from pmgraph.namespaces import PM
        >>> Catalog(load_graph()).prefetch_labels([PM.TechPM])
        """

    def label(self, iri: URIRef, lang: str = "en") -> str:
        """The best display label in ``lang``, falling back to en, ja, ko, any, then the CURIE."""
        names = self._preferred.get(iri, {})
        if names:
            return pick(dict(sorted(names.items())), lang)
        from .facts import fact_class_of

        shape = fact_class_of(self.graph, iri, self.fact_shapes)
        if shape is not None:
            return self._fact_label(iri, shape, lang)
        return curie(iri)

    @cached_property
    def fact_shapes(self) -> dict[URIRef, FactShape]:
        """The fact classes of the graph's vocabulary (see :mod:`pmgraph.model.facts`)."""
        from .facts import fact_shapes

        return fact_shapes(self.graph)

    def fact_shape_rows(self) -> list[list]:
        """:attr:`fact_shapes` as plain JSON rows, ``[class, *shape.as_json()]`` (what a snapshot stores)."""
        return [[str(cls), *shape.as_json()] for cls, shape in self.fact_shapes.items()]

    def _fact_label(self, iri: URIRef, shape: FactShape, lang: str) -> str:
        """A fact node has no name of its own: "Tech PM → クラウドコンピューティング"."""
        start = self.graph.value(iri, shape.source_property)
        ends = sorted(self.graph.objects(iri, shape.target_property), key=str)
        start_label = self.label(start, lang) if start is not None else "?"
        end_labels = [self.label(end, lang) for end in ends[:3]] + (["…"] if len(ends) > 3 else [])
        return f"{start_label} → {', '.join(end_labels) or '?'}"

    def labels(self, iri: URIRef) -> dict[str, list[str]]:
        """Every label of ``iri`` by language (``""`` for untagged), preferred label first."""
        return {lang: list(values) for lang, values in sorted(self._labels.get(iri, {}).items())}

    def node(self, iri: URIRef, lang: str = "en") -> dict[str, str | None]:
        """The JSON form of an entity: ``{"iri", "label", "kind"}``."""
        return {"iri": str(iri), "label": self.label(iri, lang), "kind": self.kind(iri)}

    def is_bundled(self, iri: URIRef) -> bool:
        """Whether ``iri`` is in the pmgraph instance namespace."""
        return str(iri).startswith(PM_NS)

    # -- reading single values (a stored catalog reads them from the store, without rdflib) --
    def term(self, iri: str) -> URIRef:
        """``iri`` as the catalog keys entities: an rdflib ``URIRef`` (a stored catalog: a string).

        >>> from pmgraph.kb.files import load_graph
        >>> Catalog(load_graph()).term("https://w3id.org/pmgraph/id/CTO")
        rdflib.term.URIRef('https://w3id.org/pmgraph/id/CTO')
        """
        from rdflib import URIRef

        return iri if isinstance(iri, URIRef) else URIRef(str(iri))

    def text(self, subject: str, prop: str) -> str | None:
        """One value of ``prop`` for ``subject`` as text (an IRI, or a literal's lexical form), or None.

        >>> from pmgraph.kb.files import load_graph
        >>> from pmgraph.namespaces import PM
        >>> Catalog(load_graph()).text(PM.CTO, "http://www.w3.org/2004/02/skos/core#prefLabel")
        'CTO'
        """
        from rdflib import URIRef

        value = self.graph.value(self.term(subject), URIRef(str(prop)))
        return None if value is None else str(value)

    def in_degree(self, iri: str) -> int:
        """How many triples have ``iri`` as their object."""
        return sum(1 for _ in self.graph.subjects(None, self.term(iri)))

    def source_info(self, section: str) -> dict[str, str | None]:
        """``{"iri", "label", "document", "heading"}`` for a source (section) IRI.

        >>> from pmgraph.kb.files import load_graph
        >>> Catalog(load_graph()).source_info("https://w3id.org/pmgraph/id/src001-s1")["document"]
        'https://w3id.org/pmgraph/id/src001'
        """
        return {"iri": str(section), "label": self.label(self.term(section), "en"),
                "document": self.text(section, "http://purl.org/dc/terms/isPartOf"),
                "heading": self.text(section, "https://w3id.org/pmgraph/ontology#heading")}
