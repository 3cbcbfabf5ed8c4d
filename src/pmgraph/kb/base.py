"""The knowledge-base interface: what every command and report asks of pmgraph's knowledge.

A :class:`KnowledgeBase` answers the same questions whichever backend holds the triples
(the local Oxigraph store of :mod:`pmgraph.kb.local`, or a SPARQL endpoint through
:mod:`pmgraph.kb.remote`): resolve a name, label and describe an entity, search labels,
the career projection (career graph, role profiles, requirement levels, study material),
the knowledge-graph projection, counts, and SPARQL. Open one with :func:`pmgraph.kb.open`.

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> cto = base.resolve("CTO")
    >>> base.node(cto, "ja")
    {'iri': 'https://w3id.org/pmgraph/id/CTO', 'label': 'CTO', 'kind': 'role'}
    >>> sorted(base.career_graph().predecessors(str(cto)))[:1]
    ['https://w3id.org/pmgraph/id/SeniorTechPM']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

__all__ = ["KnowledgeBase", "Focus", "PROJECTIONS"]


@dataclass(frozen=True)
class Focus:
    """What a caller is about to read, for a backend that fetches on demand (an endpoint).

    A local knowledge base holds everything and ignores it. Against a remote store of
    millions of triples, a command that reads a few entities says so, and only their
    neighbourhood is fetched: ``names`` are resolved in one label scan; the neighbourhood of
    every resolved entity is fetched (with ``every`` false, only the last one's); ``study``
    adds what builds and tests skills; ``moves`` (``"next"`` or ``"previous"``) adds the
    roles one career move away and their neighbourhoods.

        >>> Focus(names=("Tech PM", "CTO"), study=True).every
        True
    """

    names: tuple[str, ...] = ()
    every: bool = True
    study: bool = False
    moves: str | None = None


def _project(name: str) -> Callable:
    def build(graph, catalog):
        from ..careers import project

        function = getattr(project, name)
        return function(graph) if name == "study_material" else function(graph, catalog)
    return build


#: The projections of the career model a knowledge base keeps, by name: how each is computed
#: from the graph and its catalog (:mod:`pmgraph.careers.project`).
PROJECTIONS: dict[str, Callable] = {
    "career_graph": _project("career_graph"),
    "role_profiles": _project("role_profiles"),
    "role_requirements": _project("role_requirements"),
    "study_material": _project("study_material"),
}


class KnowledgeBase:
    """What pmgraph knows, behind one interface. Subclasses provide :attr:`graph`,
    :attr:`catalog`, :attr:`resolver` and :meth:`query`; everything else is answered here.

    ``projections`` keeps computed projections by name; a local store persists it with its
    layer (:mod:`pmgraph.kb.snapshot`), so a projection is computed once per data, not per call.
    """

    #: A short description of where the data comes from (for messages).
    location: str = "the bundled ontology"

    def __init__(self, projections: MutableMapping[str, Any] | None = None):
        self.projections: MutableMapping[str, Any] = {} if projections is None else projections

    # -- what a backend provides ---------------------------------------------------------
    @property
    def graph(self):
        """The triples as an ``rdflib.Graph`` (read-only for the stored backends)."""
        raise NotImplementedError

    @property
    def catalog(self):
        """Kinds and labels (:class:`pmgraph.model.catalog.Catalog`)."""
        raise NotImplementedError

    @property
    def resolver(self):
        """Names to IRIs (:class:`pmgraph.model.resolve.Resolver`)."""
        raise NotImplementedError

    def query(self, parsed, bindings: Mapping | None = None, *, timeout: float | None = None,
              allow_network: bool = False):
        """Answer a parsed SPARQL query (:func:`pmgraph.sparql.parse_query`) with values bound as
        RDF terms; a :class:`pmgraph.sparql.QueryResult`."""
        raise NotImplementedError

    # -- names and entities --------------------------------------------------------------
    def resolve(self, name: str, kinds: Collection[str] | None = None):
        """The IRI ``name`` denotes (an IRI, a CURIE, a code or any label in any language);
        :class:`~pmgraph.errors.UnknownName` / :class:`~pmgraph.errors.AmbiguousName` otherwise."""
        return self.resolver.resolve(name, kinds)

    def label(self, iri, lang: str = "en") -> str:
        """The display label of ``iri`` in ``lang`` (falling back to en, ja, ko)."""
        return self.catalog.label(self.catalog.term(iri), lang)

    def kind(self, iri) -> str | None:
        """The kind of ``iri`` (``role``, ``skill``...), or None."""
        return self.catalog.kind(self.catalog.term(iri))

    def node(self, iri, lang: str = "en") -> dict[str, Any]:
        """``{"iri", "label", "kind"}``: how reports and JSON show an entity."""
        return self.catalog.node(self.catalog.term(iri), lang)

    def nodes(self, iris: Iterable, lang: str = "en") -> list[dict[str, Any]]:
        """:meth:`node` of each IRI, in the order given (labels read in one go where stored)."""
        iris = [self.catalog.term(iri) for iri in iris]
        self.catalog.prefetch_labels(iris)
        return [self.catalog.node(iri, lang) for iri in iris]

    def triples(self, subject: str | None = None, prop: str | None = None,
                obj: str | None = None) -> list[tuple[str, str, str, str | None]]:
        """The triples matching a pattern (None matches anything; ``obj`` an IRI), as plain
        strings: ``(subject, property, object, language)``: an object is an IRI or a literal's
        value, ``language`` its language tag (None for an IRI or an untagged literal). What a
        report reads of a few entities without the rdflib graph (:mod:`pmgraph.careers.readings`).

            >>> from pmgraph import kb
            >>> kb.open().triples("https://w3id.org/pmgraph/id/SpecialistTPM", "https://w3id.org/pmgraph/ontology#level")
            [('https://w3id.org/pmgraph/id/SpecialistTPM', 'https://w3id.org/pmgraph/ontology#level', '3', None)]
        """
        return [(s.value, p.value, o.value, o.language) for s, p, o in self.graph_triples().match(subject, prop, obj)]

    @property
    def imports_anything(self) -> bool:
        """Whether anything beyond the bundled ontology is here (imported datasets, ``--data``,
        or an endpoint's store): what only imported data holds (O*NET's tool marks, occupations
        lending requirements) is looked for only then."""
        return True

    def values(self, subject: str, prop: str) -> list[str]:
        """The objects of ``subject prop`` as strings (IRIs or literal values): :meth:`triples`
        without the rest.

            >>> from pmgraph import kb
            >>> kb.open().values("https://w3id.org/pmgraph/id/SpecialistTPM", "https://w3id.org/pmgraph/ontology#level")
            ['3']
        """
        return [obj for _, _, obj, _ in self.triples(subject, prop)]

    def members(self, kind: str) -> list:
        """The entities of ``kind``, sorted by English label."""
        return self.catalog.members(kind)

    def describe(self, iri, lang: str = "en", *, stated_only: bool = False) -> dict[str, Any]:
        """Everything known about one entity (what ``pmgraph show`` prints); with
        ``stated_only``, without what the project inferred."""
        from ..model.describe import describe

        return describe(self.catalog, str(iri), lang, stated_only=stated_only, triples=self.graph_triples())

    def graph_triples(self):
        """The graph as :meth:`describe` and :meth:`triples` read it (:class:`pmgraph.model.triples.Triples`):
        here the rdflib graph; a local knowledge base reads its Oxigraph store, without rdflib."""
        from ..model.triples import GraphTriples

        return GraphTriples(self.graph)

    def source(self, section) -> dict[str, Any]:
        """A source section as reports show it: ``{"iri", "label", "document", ...}``."""
        return self.catalog.source_info(self.catalog.term(section))

    def search(self, text: str, kinds: Collection[str] | None = None, limit: int = 20) -> list:
        """Entities whose labels match ``text``, best first (:class:`pmgraph.model.search.Hit`)."""
        from ..model.search import search

        return search(self.catalog, text, kinds, limit, index=self.label_index())

    def stats(self, lang: str = "en", top: int = 10) -> dict[str, Any]:
        """Counts by kind and source, and the most connected roles and skills."""
        from ..model.stats import graph_stats

        index = self.knowledge_index()
        return graph_stats(self.graph if index is None else None, self.catalog, lang, top, index=index)

    # -- projections ---------------------------------------------------------------------
    def projection(self, name: str) -> Any:
        """One of :data:`PROJECTIONS`, computed on first use and kept in :attr:`projections`."""
        if name not in self.projections:
            self.projections[name] = PROJECTIONS[name](self.graph, self.catalog)
        return self.projections[name]

    def career_graph(self, attributes: bool = True, around: str | None = None):
        """Roles and the moves between them (``networkx.DiGraph``, :func:`pmgraph.careers.project.career_graph`).

        With ``attributes`` false the moves may come without their attributes (read those of one
        move with :meth:`career_move`): a stored snapshot then reads its adjacency alone, the
        same roles and moves in the same order, which is all a path search needs. With ``around``
        (a role), the graph holds at least that role, the roles one move from it and the moves
        into and out of it, with their attributes (a stored snapshot reads only those).
        """
        if around is not None:
            stored = self.projections.get("career_around")
            if stored is not None:
                return stored(str(around))
        if not attributes:
            adjacency = self.projections.get("career_adjacency")
            if adjacency is not None:
                return adjacency
        return self.projection("career_graph")

    def career_move(self, u: str, v: str) -> Mapping[str, Any]:
        """The attributes of the move from role ``u`` to role ``v`` (those of that edge of
        :meth:`career_graph`: ``transitions``, ``sources``...); ``KeyError`` if there is none."""
        moves = self.projections.get("career_moves")
        if moves is not None:
            return moves[str(u), str(v)]
        return self.career_graph().edges[u, v]

    def role_profiles(self) -> Mapping[str, Mapping[str, frozenset]]:
        """``{role: {kind: items}}``: what each role is recorded as needing or doing."""
        return self.projection("role_profiles")

    def role_requirements(self) -> Mapping[str, Mapping[str, tuple]]:
        """``{role: {skill: (level, importance, proficiency)}}``."""
        return self.projection("role_requirements")

    def study_material(self) -> Mapping[str, Mapping[str, list]]:
        """What builds and what tests each skill (:func:`pmgraph.careers.project.study_material`)."""
        return self.projection("study_material")

    def knowledge(self):
        """The whole knowledge graph as ``(directed, undirected)`` networkx-like graphs."""
        index = self.knowledge_index()
        if index is not None:
            return index, index.undirected()
        if "knowledge_graph" not in self.projections:
            import networkx as nx

            from ..careers.project import knowledge_graph

            directed = knowledge_graph(self.graph, self.catalog)
            undirected = nx.Graph(directed)
            undirected.remove_edges_from(list(nx.selfloop_edges(undirected)))
            self.projections["knowledge_graph"] = (directed, undirected)
        return self.projections["knowledge_graph"]

    def knowledge_index(self):
        """The stored knowledge graph (:class:`pmgraph.kb.kgindex.KnowledgeIndex`) where the
        backend keeps one, else None (then :meth:`knowledge` projects it)."""
        return None

    def label_index(self):
        """The stored label index :meth:`search` reads (:class:`pmgraph.model.search.LabelIndex`), or None."""
        return None
