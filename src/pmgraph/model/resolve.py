"""Turn what a user typed into exactly one IRI, or a helpful error.

A name may be an IRI (``https://...`` or ``<...>``), a CURIE (``pm:TechPM``) or any label,
alternative label, hidden label or notation in any language, compared after Unicode NFKC
normalisation and case folding. When that finds nothing, a looser key that also ignores
spaces and punctuation is tried, so "テクニカル・プロダクトマネージャー" and
"テクニカルプロダクトマネージャー" reach the same role.

When several entities carry the name, a preferred label (``skos:prefLabel``, ``rdfs:label``,
``skos:notation``) beats an alternative one, which beats a hidden one: source 001 calls both
a soft skill and a tool category "コミュニケーション", the skill has it as its preferred
label, so the name reaches the skill. On a tie at the same strength, a bundled entity
(``pm:``) beats entities imported by ``pmgraph import`` (whose ``dct:source`` is a
``schema:Dataset``) and external IRIs that the alignments only label: ESCO's "project
manager" and pmgraph's own share the name, which reaches ``pm:ProjectManager``; ESCO's is
reached by its code ``1219.6`` or its IRI. A tie with a user's own entity stays ambiguous.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.namespaces import PM
    >>> resolver = Resolver(load_graph())
    >>> resolver.resolve("tech pm") == resolver.resolve("pm:TechPM") == PM.TechPM
    True
    >>> resolver.resolve("Tech PN")
    Traceback (most recent call last):
    ...
    pmgraph.errors.UnknownName: unknown name 'Tech PN'; did you mean: Tech PM (role, pm:TechPM)...
    >>> resolver.resolve("project manager")  # also the label alignments.ttl gives ESCO's project manager
    rdflib.term.URIRef('https://w3id.org/pmgraph/id/ProjectManager')
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from ..errors import AmbiguousName, UnknownName
from ..i18n import CommaList, Message, SemicolonList, SlashList
from ..iris import PREFIXES, RDFS_NS, SKOS_NS, curie
from .keys import letters_and_digits, loose_key, normalize

if TYPE_CHECKING:  # rdflib is imported where the graph is read: a stored index resolves without it
    from rdflib import Graph, URIRef

    from .catalog import Catalog

__all__ = ["Resolver", "loose_key"]

#: How strongly a label property names its subject: lower wins a tie between entities.
_STRENGTH = {SKOS_NS + "prefLabel": 0, RDFS_NS + "label": 0, SKOS_NS + "notation": 0, SKOS_NS + "altLabel": 1,
             SKOS_NS + "hiddenLabel": 2}
_IRI = re.compile(r"^<?([a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>]+|urn:[^\s<>]+)>?$")
_MAX_SUGGESTIONS = 5


class Resolver:
    """Resolve names against the labels of one graph (indexed on first use)."""

    def __init__(self, graph: Graph, catalog: Catalog | None = None):
        self.graph = graph
        if catalog is None:
            from .catalog import Catalog

            catalog = Catalog(graph)
        self.catalog = catalog

    def name_index(self) -> tuple[Mapping[str, dict[URIRef, int]], Mapping[str, dict[URIRef, int]]]:
        """The name keys: normalised name -> {entity: strength} (0 preferred, 1 alternative,
        2 hidden), exact and loose (:func:`loose_key`).

            >>> from pmgraph.kb.files import load_graph
            >>> from pmgraph.namespaces import PM
            >>> exact, loose = Resolver(load_graph()).name_index()
            >>> exact["tech pm"][PM.TechPM], loose["techpm"][PM.TechPM]
            (0, 0)
        """
        return self._index

    @cached_property
    def _index(self) -> tuple[dict[str, dict[URIRef, int]], dict[str, dict[URIRef, int]]]:
        """normalised name -> {entity: strength}, for exact and for loose keys."""
        from .catalog import LABEL_PROPERTIES
        from .labelscan import iri_literal_texts

        exact: dict[str, dict[URIRef, int]] = defaultdict(dict)
        loose: dict[str, dict[URIRef, int]] = defaultdict(dict)
        for prop in LABEL_PROPERTIES:
            strength = _STRENGTH[str(prop)]
            for subject, text, _ in iri_literal_texts(self.graph, str(prop)):
                folded = normalize(text)
                for index, key in ((exact, folded), (loose, letters_and_digits(folded))):
                    if key and strength < index[key].get(subject, 3):
                        index[key][subject] = strength
        return dict(exact), dict(loose)

    def _describe(self, iri: URIRef) -> str:
        return Message("{label} ({kind}, {id})", label=self.catalog.label(iri),
                       kind=Message(self.catalog.kind(iri) or "entity"), id=curie(iri))

    def _external(self, iri: URIRef) -> bool:
        """Whether ``iri`` is known from an imported dataset (its dct:source is a schema:Dataset)
        or only as a reference that no file types (an alignment target's label)."""
        from rdflib.namespace import DCTERMS, RDF, SDO

        if (iri, RDF.type, None) not in self.graph:
            return True
        return any((source, RDF.type, SDO.Dataset) in self.graph for source in self.graph.objects(iri, DCTERMS.source))

    def _known(self, iri) -> bool:
        from rdflib import URIRef

        term = URIRef(str(iri))  # a stored catalog's terms are strings; the graph holds URIRefs
        return (term, None, None) in self.graph or (None, None, term) in self.graph

    def resolve(self, name: str, kinds: Collection[str] | None = None) -> URIRef:
        """The one IRI that ``name`` denotes; with ``kinds``, only entities of those kinds count.

        Raises :class:`UnknownName` (with suggestions) or :class:`AmbiguousName` (with the
        candidates); both exit with code 4 on the command line.
        """
        text = name.strip()
        wanted = Message(" {kinds}", kinds=SlashList(map(Message, sorted(kinds)))) if kinds else ""
        spelled = self._spelled_iri(text)
        iri = None if spelled is None else self.catalog.term(spelled)
        if iri is not None:
            if not self._known(iri):
                raise UnknownName(Message("unknown{wanted} {name!r}: no such IRI in the graph",
                                          wanted=wanted, name=curie(iri)), [])
            if kinds and self.catalog.kind(iri) not in kinds:
                raise UnknownName(Message("{name} is a {kind}, not a{wanted}", name=curie(iri), wanted=wanted,
                                          kind=Message(self.catalog.kind(iri) or "entity")), [])
            return iri
        exact, loose = self._index
        for matches in (exact.get(normalize(text), {}), loose.get(loose_key(text), {})):
            if not matches:
                continue
            fitting = {m: strength for m, strength in matches.items() if not kinds or self.catalog.kind(m) in kinds}
            if not fitting:
                found = sorted(matches, key=str)[0]
                raise UnknownName(Message("{name!r} is a {kind} ({id}), not a{wanted}", name=name, id=curie(found),
                                          kind=Message(self.catalog.kind(found) or "entity"), wanted=wanted), [])
            strongest = sorted(m for m, strength in fitting.items() if strength == min(fitting.values()))
            if len(strongest) == 1:
                return strongest[0]
            # A tie between a bundled entity and imported ones (ESCO's "project manager" and
            # pmgraph's own): the bundled one is what pmgraph's sources describe; the others
            # stay reachable by their code, IRI or CURIE. A tie with a user's own entity stays ambiguous.
            bundled = [m for m in strongest if self.catalog.is_bundled(m)]
            if len(bundled) == 1 and all(self._external(m) for m in strongest if m != bundled[0]):
                return bundled[0]
            candidates = sorted(self._describe(m) for m in strongest)
            raise AmbiguousName(Message("ambiguous name {name!r} matches {n} entities: {candidates}; use a CURIE or "
                                        "IRI to pick one", name=name, n=len(candidates),
                                        candidates=SemicolonList(candidates)), candidates)
        suggestions = self.suggest(text, kinds)
        hint = (Message("; did you mean: {names}?", names=CommaList(suggestions)) if suggestions
                else Message("; try `pmgraph search`"))
        raise UnknownName(Message("unknown{wanted} name {name!r}{hint}", wanted=wanted, name=name, hint=hint),
                          suggestions)

    def suggest(self, text: str, kinds: Collection[str] | None = None) -> list[str]:
        """Up to five close names, each as ``label (kind, curie)``.

        Names that hold the whole query come first, shortest first (a name that starts with it
        before one that only contains it), then close spellings, closest first; the entities of
        one name in order of how strongly it names them (their own name, then an alternative,
        then a hidden label), bundled ones first.

            >>> from pmgraph.kb.files import load_graph
            >>> Resolver(load_graph()).suggest("program manag")[:2]
            ['program manager (role, pm:ProgramManager)', 'Director of Program Management (role, pm:DirectorOfProgramManagement)']
        """
        exact, _ = self._index
        query = normalize(text)
        keys = [k for k in self._suggestion_keys(query)
                if not kinds or any(self.catalog.kind(m) in kinds for m in exact[k])]
        holding = sorted((k for k in keys if query and query in k), key=lambda k: (not k.startswith(query), len(k), k))
        close = holding + [k for k in difflib.get_close_matches(query, keys, n=_MAX_SUGGESTIONS * 2, cutoff=0.6)
                           if k not in holding]
        seen: list[str] = []
        for key in close:
            for iri in sorted(exact[key], key=lambda m: (exact[key][m], not self.catalog.is_bundled(m), str(m))):
                if kinds and self.catalog.kind(iri) not in kinds:
                    continue
                entry = self._describe(iri)
                if entry not in seen:
                    seen.append(entry)
        return seen[:_MAX_SUGGESTIONS]

    def _suggestion_keys(self, query: str) -> list[str]:
        """The normalised names :meth:`suggest` compares ``query`` with: all of them in memory;
        from a stored index (300,000 names with ESCO and O*NET), those sharing a piece of the
        query's two longest words (or its first two letters), found by SQLite."""
        exact = self._index[0]
        keys_like = getattr(exact, "keys_like", None)
        if keys_like is None:
            return list(exact)
        keys: dict[str, None] = {}
        for word in sorted(query.split(), key=len, reverse=True)[:2]:
            keys.update(dict.fromkeys(keys_like(f"S%{word[:6]}%", 5000)))
        if not keys and query:
            keys.update(dict.fromkeys(keys_like(f"S{query[:2]}%", 5000)))
        return list(keys)

    @staticmethod
    def _spelled_iri(text: str) -> str | None:
        """The IRI ``text`` spells (``<...>``, ``https://...``, ``urn:...`` or a CURIE), or None."""
        match = _IRI.match(text)
        if match:
            return match.group(1)
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and local and " " not in local:
            return PREFIXES[prefix] + local
        return None

    @staticmethod
    def _as_iri(text: str) -> URIRef | None:
        from rdflib import URIRef

        spelled = Resolver._spelled_iri(text)
        return None if spelled is None else URIRef(spelled)
