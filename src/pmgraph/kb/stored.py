"""The catalog and resolver of a stored snapshot, in plain strings: no rdflib on a command's path.

A snapshot (:mod:`pmgraph.kb.snapshot`) keeps the catalog's kinds and labels and the
resolver's name keys in ``index.sqlite``, one JSON row per entity or name. The
:class:`StoredCatalog` and :class:`StoredResolver` here read those rows and answer with IRIs
as plain ``str``; the few single values they need from the triples (a section's document,
whether an IRI is known, what types an entity has) come straight from the Oxigraph store.
rdflib (a tenth of a second to import) is only imported when something asks for the rdflib
graph itself (``catalog.graph``: ``show``, SPARQL, views, validation), or for the label of
an entity that has none of its own (a fact node, labelled after its ends).

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> isinstance(base.catalog, StoredCatalog), base.resolve("テクニカル・プロダクトマネージャー")
    (True, 'https://w3id.org/pmgraph/id/TechPM')
    >>> base.catalog.members("track")[:1], base.catalog.text(base.resolve("CTO"), "http://www.w3.org/2004/02/skos/core#prefLabel")
    (['https://w3id.org/pmgraph/id/TechPMCareerPath'], 'CTO')
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, cached_property
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..iris import DCT_NS, PMO_NS, RDF_TYPE, SCHEMA_NS, curie
from ..model.catalog import Catalog
from ..model.keys import normalize
from ..model.resolve import Resolver
from ..text import pick
from .jsontable import IriTable

if TYPE_CHECKING:  # pyoxigraph is imported when the store is first read (a path by role names never reads it)
    import pyoxigraph as ox

__all__ = ["StoredCatalog", "StoredResolver", "section_rows"]

_PART_OF = DCT_NS + "isPartOf"
_HEADING = PMO_NS + "heading"


def section_rows(catalog: Catalog) -> dict:
    """What :meth:`StoredCatalog.source_info` reads for each source section (every IRI with a
    ``dct:isPartOf`` or a ``pmo:heading``): ``{IRI: {"document", "heading"}}``, as ``catalog``
    (over the whole graph) reads them; a snapshot stores it in the ``sections`` table."""
    from rdflib import URIRef

    sections = {subject for prop in (_PART_OF, _HEADING) for subject in catalog.graph.subjects(URIRef(prop))
                if isinstance(subject, URIRef)}
    return {section: {"document": catalog.text(section, _PART_OF), "heading": catalog.text(section, _HEADING)}
            for section in sorted(sections)}


@cache
def _terms() -> SimpleNamespace:
    """pyoxigraph (``ox``) and the terms read here: ``type`` (rdf:type), ``source`` (dct:source),
    ``dataset`` (schema:Dataset) and the ``default`` graph; imported and made once."""
    import pyoxigraph as ox

    return SimpleNamespace(ox=ox, type=ox.NamedNode(RDF_TYPE), source=ox.NamedNode(DCT_NS + "source"),
                           dataset=ox.NamedNode(SCHEMA_NS + "Dataset"), default=ox.DefaultGraph())


def _node(iri: str) -> ox.NamedNode | None:
    """``iri`` as an Oxigraph term, or None when it is no valid IRI (then it matches nothing)."""
    ox = _terms().ox
    try:
        return ox.NamedNode(str(iri))
    except ValueError:
        return None


def _layered_state(connections: Sequence[sqlite3.Connection]) -> dict[str, Any]:
    """The ``state`` rows of the layers of ``connections`` (top first) as one: the kinds' classes
    united, the fact shapes by class (an upper layer's vocabulary adds to the one below)."""
    kind_classes: dict[str, set[str]] = {}
    fact_shapes: dict[str, list] = {}
    for connection in reversed(connections):  # bottom first
        state = {key[1:]: json.loads(value) for key, value in connection.execute('SELECT key, value FROM "state"')}
        for kind, classes in state["kind_classes"].items():
            kind_classes.setdefault(kind, set()).update(classes)
        fact_shapes.update({cls: shape for cls, *shape in state["fact_shapes"]})
    return {"kind_classes": kind_classes, "fact_shapes": [[cls, *shape] for cls, shape in fact_shapes.items()]}


class StoredCatalog(Catalog):
    """A :class:`~pmgraph.model.catalog.Catalog` over a snapshot's ``index.sqlite`` and its store:
    entities are plain ``str`` IRIs, and the rdflib graph (``graph``) is made when first asked for.

    ``connections`` is the open index, or those of a stack's layers, top first (a row of the
    topmost layer that has one wins: :mod:`pmgraph.kb.layers`); ``store`` opens the stack's
    ``pyoxigraph.Store`` (when first needed: a path between two roles named by their labels
    never needs it), and ``graph`` makes the rdflib view of that store
    (:func:`pmgraph.kb.oxstore.oxigraph_graph`).
    """

    def __init__(self, connections: sqlite3.Connection | Sequence[sqlite3.Connection],
                 store: Callable[[], ox.Store], graph: Callable[[], Any]):
        # not Catalog.__init__: the indexes are the stored tables, the graph comes when asked for
        if isinstance(connections, sqlite3.Connection):
            connections = [connections]
        self._open_store = store
        self._make_graph = graph

        from .layers import LayeredTable, first_row, merge_fields

        def table(name: str, merge: Callable[[Sequence[Any]], Any] = first_row) -> Mapping:
            tables = [IriTable(connection, name) for connection in connections]
            return tables[0] if len(tables) == 1 else LayeredTable(tables, merge)

        self._sections = table("sections", merge_fields)
        state = self._state = _layered_state(connections)
        self.__dict__.update(_kinds=table("kinds"), _labels=table("labels"), _preferred=table("preferred"),
                             _kind_classes=state["kind_classes"])

    @cached_property
    def store(self) -> ox.Store:
        """The snapshot's Oxigraph store (opened here, on first use)."""
        return self._open_store()

    @property
    def _store(self) -> ox.Store:
        return self.store

    @cached_property
    def graph(self):
        """The rdflib graph over the store (rdflib is imported here, on first use)."""
        return self._make_graph()

    @cached_property
    def fact_shapes(self) -> dict:
        from rdflib import URIRef

        from ..model.facts import FactShape

        return {URIRef(cls): FactShape.from_json(shape) for cls, *shape in self._state["fact_shapes"]}

    def fact_shape_rows(self) -> list[list]:
        """As :meth:`Catalog.fact_shape_rows`, from the stored state (no rdflib)."""
        return self._state["fact_shapes"]

    def prefetch_labels(self, iris: Iterable[str]) -> None:
        """Read the labels and kinds of ``iris`` in a few queries (:meth:`Catalog.prefetch_labels`)."""
        iris = list(iris)
        self._preferred.prefetch(iris)
        self._kinds.prefetch(iris)

    def label(self, iri: str, lang: str = "en") -> str:
        """As :meth:`Catalog.label`; only a fact node (labelled after its ends) reads the rdflib graph."""
        names = self._preferred.get(iri)
        if names:
            return pick(dict(sorted(names.items())), lang)
        if self._is_fact(iri):
            from rdflib import URIRef

            return super().label(URIRef(str(iri)), lang)
        return curie(iri)

    @cached_property
    def _fact_classes(self) -> frozenset[str]:
        return frozenset(cls for cls, *_ in self._state["fact_shapes"])

    def _is_fact(self, iri: str) -> bool:
        terms = _terms()
        node = _node(iri)
        return node is not None and any(quad.object.value in self._fact_classes
                                        for quad in self._store.quads_for_pattern(node, terms.type, None, terms.default))

    # -- what the store answers directly ---------------------------------------------------
    def term(self, iri: str) -> str:
        """IRIs are plain strings here."""
        return str(iri)

    def _typed(self, classes: Iterable[str]) -> tuple[set[str], bool]:
        """The IRIs typed with any of ``classes``, and whether a blank node is typed with one."""
        terms = _terms()
        found: set[str] = set()
        blank = False
        for cls in classes:
            for quad in self._store.quads_for_pattern(None, terms.type, terms.ox.NamedNode(cls), terms.default):
                if isinstance(quad.subject, terms.ox.NamedNode):
                    found.add(quad.subject.value)
                else:
                    blank = True
        return found, blank

    def members(self, kind: str) -> list:
        """Entities of ``kind``, sorted by English label (as :meth:`Catalog.members`, as strings)."""
        found, blank = self._typed(self._kind_classes.get(kind, ()))
        if blank:  # a blank node of this kind: rdflib's terms keep it apart from IRIs
            return super().members(kind)
        return sorted(found, key=lambda iri: (normalize(self.label(iri, "en")), iri))

    def kind_counts(self) -> dict[str, int]:
        counts = {}
        for kind in self.kind_names():
            found, blank = self._typed(self._kind_classes[kind])
            counts[kind] = len(found) if not blank else len(super().members(kind))
        return counts

    def text(self, subject: str, prop: str) -> str | None:
        terms = _terms()
        start, predicate = _node(subject), _node(prop)
        if start is None or predicate is None:
            return None
        quad = next(self._store.quads_for_pattern(start, predicate, None, terms.default), None)
        return None if quad is None else quad.object.value

    def source_info(self, section: str) -> dict[str, str | None]:
        """As :meth:`Catalog.source_info`, from the ``sections`` table (no store needed)."""
        row = self._sections.get(section) or {"document": None, "heading": None}
        return {"iri": str(section), "label": self.label(section, "en"), **row}

    def in_degree(self, iri: str) -> int:
        terms = _terms()
        end = _node(iri)
        return 0 if end is None else sum(1 for _ in self._store.quads_for_pattern(None, None, end, terms.default))

    def known(self, iri: str) -> bool:
        """Whether ``iri`` is the subject or object of any triple."""
        terms = _terms()
        node = _node(iri)
        if node is None:
            return False
        return any(True for _ in self._store.quads_for_pattern(node, None, None, terms.default)) or \
            any(True for _ in self._store.quads_for_pattern(None, None, node, terms.default))

    def imported(self, iri: str) -> bool:
        """Whether ``iri`` is typed by no triple, or cites an imported dataset (``dct:source`` a ``schema:Dataset``)."""
        terms = _terms()
        node = _node(iri)
        if node is None or not any(True for _ in self._store.quads_for_pattern(node, terms.type, None, terms.default)):
            return True
        for quad in self._store.quads_for_pattern(node, terms.source, None, terms.default):
            source = quad.object
            if isinstance(source, (terms.ox.NamedNode, terms.ox.BlankNode)) and any(
                    True for _ in self._store.quads_for_pattern(source, terms.type, terms.dataset, terms.default)):
                return True
        return False


class StoredResolver(Resolver):
    """A :class:`~pmgraph.model.resolve.Resolver` over a snapshot's stored name keys
    (``exact`` and ``loose``: normalised name -> ``{IRI: strength}``), answering plain ``str`` IRIs."""

    def __init__(self, catalog: StoredCatalog, exact: Mapping[str, dict[str, int]],
                 loose: Mapping[str, dict[str, int]]):
        # not Resolver.__init__: no graph is read to resolve a name
        self.catalog = catalog
        self.__dict__["_index"] = (exact, loose)

    @property
    def graph(self):
        return self.catalog.graph

    def _known(self, iri: str) -> bool:
        return self.catalog.known(iri)

    def _external(self, iri: str) -> bool:
        return self.catalog.imported(iri)
