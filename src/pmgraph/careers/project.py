"""RDF -> NetworkX: the whole knowledge graph as a typed, directed multigraph.

Nodes are entity IRIs (strings) with ``label`` (per language: ``{"en": ..., "ja": ...}``)
and ``kind``. Each fact node (skill requirement, transition, duty assignment, tool use,
collaboration) becomes edges from its ``pmo:edgeFrom`` value to its ``pmo:edgeTo`` values;
every other triple between two entities becomes one edge. Edges carry ``property`` (the
CURIE of the RDF property or fact class), ``label`` (the relation's English name), ``fact``
(the fact node's IRI, or None) and ``sources`` (IRIs of the source sections).

    >>> from pmgraph.kb.files import load_graph
    >>> G = knowledge_graph(load_graph())
    >>> G.nodes["https://w3id.org/pmgraph/id/TechPM"]["kind"]
    'role'

The **career graph** keeps only roles, with one directed edge per (from, to) pair of roles
that some career transition links; the edge lists every transition that states the move::

    >>> C = career_graph(load_graph())
    >>> move = C.edges["https://w3id.org/pmgraph/id/SeniorDeveloper", "https://w3id.org/pmgraph/id/EngineeringLead"]
    >>> [t["move_label"]["en"] for t in move["transitions"]]
    ['promotion']

**Role profiles** say what each role is recorded as needing or doing: the ends of the fact
classes that start at a role (skill requirements, tool uses, duty assignments,
collaborations; any fact class the vocabulary adds), grouped by the kind of their end, and
the role's focus::

    >>> profiles = role_profiles(load_graph())
    >>> sorted(profiles["https://w3id.org/pmgraph/id/TechPM"]["focus"])
    ['https://w3id.org/pmgraph/id/FocusHow']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ..model.catalog import Catalog
from ..text import LANGUAGES, texts_by_language
from ..model.facts import FactShape
from ..namespaces import PM, PMO, curie

if TYPE_CHECKING:  # networkx is imported where a graph is built: compare and gap never need it
    import networkx as nx

__all__ = ["knowledge_graph", "career_graph", "role_profiles", "role_requirements", "study_material",
           "PROFILE_KINDS", "Requirement", "combine_requirements"]

#: Triples that describe the graph's own bookkeeping rather than relate two entities.
_NOT_RELATIONS = {RDF.type, DCTERMS.source, DCTERMS.isPartOf, RDFS.subClassOf, RDFS.domain,
                  RDFS.range, RDFS.seeAlso, PMO.edgeFrom, PMO.edgeTo,
                  RDF.subject, RDF.predicate, RDF.object, PMO.assertion, PROV.wasGeneratedBy}


def _node_attributes(catalog: Catalog, iri: URIRef) -> dict:
    return {"label": {lang: catalog.label(iri, lang) for lang in LANGUAGES}, "kind": catalog.kind(iri)}


def _iri_triples(graph: Graph, leave_out: Collection = (), leave_out_ends: Collection = ()):
    """The triples of ``graph`` whose subject and object are IRIs, in the graph's own order, but
    those of the properties ``leave_out`` and those whose subject or object is in ``leave_out_ends``.

    Over an Oxigraph store (:mod:`pmgraph.kb.oxstore`) the other triples (labels, definitions,
    types, sources, the facts' own: most of ESCO) are skipped before they are converted to rdflib terms.
    """
    from ..kb.oxstore import OxigraphGraphStore

    if isinstance(graph.store, OxigraphGraphStore):
        yield from graph.store.iri_triples(leave_out={str(prop) for prop in leave_out},
                                           leave_out_ends={str(end) for end in leave_out_ends if isinstance(end, URIRef)})
        return
    for subject, prop, obj in graph:
        if (isinstance(subject, URIRef) and isinstance(obj, URIRef) and prop not in leave_out
                and subject not in leave_out_ends and obj not in leave_out_ends):
            yield subject, prop, obj


def knowledge_graph(graph: Graph, catalog: Catalog | None = None) -> nx.MultiDiGraph:
    """Project every entity (anything with a kind) and every relation between entities.

    Each property the projection reads is read once for the whole graph (one pass per
    property instead of one lookup per fact), so a graph of ESCO's and O*NET's size (1.7
    million triples, 200,000 facts) projects in seconds.
    """
    catalog = catalog or Catalog(graph)
    shapes = catalog.fact_shapes
    import networkx as nx

    G = nx.MultiDiGraph()

    tables = _ObjectTables(graph)
    types = tables.table(RDF.type)
    fact_nodes: set[URIRef] = {node for node, classes in types.items() if any(c in shapes for c in classes)}
    source_table = tables.table(DCTERMS.source)
    sources_of: dict[URIRef, list[str]] = {}

    def sources(subject: URIRef) -> list[str]:
        if subject not in sources_of:
            sources_of[subject] = sorted(str(s) for s in source_table.get(subject, ()))
        return sources_of[subject]

    def add_node(iri: URIRef) -> bool:
        if catalog.kind(iri) is None or iri in fact_nodes:
            return False
        if str(iri) not in G:
            G.add_node(str(iri), **_node_attributes(catalog, iri))
        return True

    relation_names: dict[URIRef, str] = {}

    def relation_name(prop: URIRef) -> str:
        if prop not in relation_names:
            names = {v.language: str(v) for v in graph.objects(prop, RDFS.label) if isinstance(v, Literal)}
            relation_names[prop] = names.get("en") or curie(prop)
        return relation_names[prop]

    def values(fact: URIRef, prop: URIRef) -> list:
        return tables.table(prop).get(fact, [])

    move_kind, mentions = PMO.moveKind, PMO.mentions  # a namespace's attribute is looked up in Python each time
    for fact in sorted(fact_nodes, key=str):
        shape = next(shapes[c] for c in types[fact] if c in shapes)
        fact_sources = sources(fact)
        starts = [s for s in values(fact, shape.source_property) if isinstance(s, URIRef)]
        ends = [e for e in values(fact, shape.target_property) if isinstance(e, URIRef)]
        moves = values(fact, move_kind)
        move = moves[0] if moves else None
        for start in sorted(starts, key=str):
            for end in sorted(ends, key=str):
                if add_node(start) and add_node(end):
                    G.add_edge(str(start), str(end), key=str(fact), property=curie(shape.cls),
                               label=shape.name("en"), fact=str(fact), sources=list(fact_sources),
                               move=catalog.label(move, "en") if move is not None else None)
            # what the fact's text mentions hangs off its end, e.g. cloud computing -> AWS
        for mentioned in sorted(values(fact, mentions), key=str):
            for end in sorted(ends, key=str):
                if isinstance(mentioned, URIRef) and add_node(end) and add_node(mentioned):
                    G.add_edge(str(end), str(mentioned), key=f"{fact}#mentions", property="pmo:mentions",
                               label=relation_name(PMO.mentions), fact=str(fact), sources=list(fact_sources),
                               move=None)

    curies: dict[URIRef, str] = {}
    for subject, prop, obj in _iri_triples(graph, _NOT_RELATIONS, fact_nodes):
        if add_node(subject) and add_node(obj):
            if prop not in curies:
                curies[prop] = curie(prop)
            G.add_edge(str(subject), str(obj), key=curies[prop], property=curies[prop],
                       label=relation_name(prop), fact=None, sources=list(sources(subject)), move=None)
    return G


from .profiles import PROFILE_KINDS  # noqa: E402 - defined with the profiles, which need no rdflib


def _transition_shapes(catalog: Catalog) -> dict[URIRef, FactShape]:
    """The fact classes (with subclasses) that are career transitions."""
    return {cls: shape for cls, shape in catalog.fact_shapes.items() if shape.cls == PMO.CareerTransition}


class _ObjectTables:
    """``graph.objects(subject, prop)`` as a list, for many subjects: each property is read whole
    once (one pass instead of a lookup per subject); a subject with several values of it is
    looked up, so that the values come in the order a lookup gives them.

        >>> from pmgraph.kb.files import load_graph
        >>> from pmgraph.namespaces import PM
        >>> from rdflib.namespace import SKOS
        >>> graph = load_graph()
        >>> objects = _ObjectTables(graph)
        >>> [objects(PM.CTO, prop) == list(graph.objects(PM.CTO, prop)) for prop in (SKOS.prefLabel, PMO.track)]
        [True, True]
    """

    def __init__(self, graph: Graph):
        self._graph = graph
        self._tables: dict[URIRef, dict[URIRef, list]] = {}

    def table(self, prop: URIRef) -> dict[URIRef, list]:
        """Subject -> the values of ``prop``, every subject's in the order of the property's scan."""
        table = self._tables.get(prop)
        if table is None:
            table = self._tables[prop] = defaultdict(list)
            for owner, value in self._graph.subject_objects(prop):
                table[owner].append(value)
        return table

    def __call__(self, subject: URIRef, prop: URIRef) -> list:
        found = self.table(prop).get(subject, [])
        return found if len(found) < 2 else list(self._graph.objects(subject, prop))


def career_graph(graph: Graph, catalog: Catalog | None = None) -> nx.DiGraph:
    """Roles and the career moves between them, as a directed graph.

    Nodes are role IRIs (every entity of kind ``role``, and anything a transition starts or
    ends at) with ``label`` (``{lang: label}``), ``kind``, ``track`` (the IRI of its career
    track or None), ``track_label`` (``{lang: label}`` or None) and ``level`` (int or None).
    There is one edge per ordered pair of roles, with ``property`` (the CURIE of the fact
    class), ``label`` (its English edge label, "moves to"), ``sources`` (every source section
    stating the move) and ``transitions``, which lists every
    transition stating that move, sorted by IRI, each as ``{"fact", "move", "move_label",
    "sources", "condition", "derived_by"}`` (``move`` is the IRI of the kind of move,
    ``move_label`` and ``condition`` are ``{lang: text}``, ``sources`` the IRIs of the source
    sections). Only the vocabulary's ``pmo:edgeFrom`` / ``pmo:edgeTo`` of
    ``pmo:CareerTransition`` say which properties link a transition to its roles.
    """
    catalog = catalog or Catalog(graph)
    shapes = _transition_shapes(catalog)
    import networkx as nx

    G = nx.DiGraph()

    def add_role(iri: URIRef) -> None:
        key = str(iri)
        if key in G:
            return
        track = graph.value(iri, PMO.track)
        level = graph.value(iri, PMO.level)
        G.add_node(key, label={lang: catalog.label(iri, lang) for lang in LANGUAGES}, kind=catalog.kind(iri),
                   track=str(track) if isinstance(track, URIRef) else None,
                   track_label={lang: catalog.label(track, lang) for lang in LANGUAGES}
                   if isinstance(track, URIRef) else None,
                   level=int(level) if isinstance(level, Literal) and str(level).lstrip("-").isdigit() else None)

    for role in catalog.members("role"):
        add_role(role)

    facts = {fact: shape for cls, shape in shapes.items() for fact in graph.subjects(RDF.type, cls)
             if isinstance(fact, URIRef)}
    objects = _ObjectTables(graph) if len(facts) > 1000 else lambda fact, prop: list(graph.objects(fact, prop))
    for fact, shape in sorted(facts.items(), key=lambda pair: str(pair[0])):
        starts = sorted((s for s in objects(fact, shape.source_property) if isinstance(s, URIRef)), key=str)
        ends = sorted((e for e in objects(fact, shape.target_property) if isinstance(e, URIRef)), key=str)
        move = next(iter(objects(fact, PMO.moveKind)), None)  # graph.value: the first value
        derived = next(iter(objects(fact, PMO.derivedBy)), None)
        transition = {
            "fact": str(fact),
            "move": str(move) if isinstance(move, URIRef) else None,
            "move_label": {lang: catalog.label(move, lang) for lang in LANGUAGES} if isinstance(move, URIRef) else {},
            "sources": sorted(str(s) for s in objects(fact, DCTERMS.source)),
            "condition": texts_by_language(graph, fact, PMO.condition),
            "derived_by": str(derived) if derived is not None else None,
            # the source does not state the move in so many words: the project read it there
            "inferred": next(iter(objects(fact, PMO.assertion)), None) == PM.Inferred,
        }
        for start in starts:
            for end in ends:
                if start == end:
                    continue  # a move from a role to itself is no move
                add_role(start)
                add_role(end)
                if not G.has_edge(str(start), str(end)):
                    G.add_edge(str(start), str(end), property=curie(shape.cls), label=shape.name("en"),
                               sources=[], transitions=[])
                edge = G.edges[str(start), str(end)]
                edge["transitions"].append(dict(transition))
                edge["sources"] = sorted(set(edge["sources"]) | set(transition["sources"]))
    return G


def role_profiles(graph: Graph, catalog: Catalog | None = None) -> dict[str, dict[str, frozenset[str]]]:
    """What each role is recorded as needing or doing: ``{role: {kind: frozenset of IRIs}}``.

    For every fact class of the vocabulary (``pmo:edgeFrom`` / ``pmo:edgeTo``) whose facts
    start at a role, each end is filed under its kind (a skill requirement's skill under
    ``skill``, a tool use's tools under ``tool``, a duty assignment's duty under ``duty``, a
    collaboration's department under ``department``); ``pmo:focus`` adds ``focus``. Moves to
    other roles are not part of a profile. Every role has every kind of
    :data:`PROFILE_KINDS`, empty when nothing is recorded. One pass per fact class, so it
    suits ESCO-sized graphs (3,007 occupations and 123,855 requirements).
    """
    catalog = catalog or Catalog(graph)
    roles = {str(role) for role in catalog.members("role")}
    found: dict[str, dict[str, set[str]]] = {role: defaultdict(set) for role in roles}
    shapes = {shape.cls: shape for shape in catalog.fact_shapes.values() if shape.cls != PMO.CareerTransition}
    by_shape: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls, shape in catalog.fact_shapes.items():
        if shape.cls in shapes:
            by_shape[shape.cls].update(graph.subjects(RDF.type, cls))
    for declared, facts in sorted(by_shape.items()):
        shape = shapes[declared]
        starts: dict[URIRef, list[str]] = defaultdict(list)
        for fact, start in graph.subject_objects(shape.source_property):
            if fact in facts and str(start) in roles:
                starts[fact].append(str(start))
        if not starts:
            continue
        for fact, end in graph.subject_objects(shape.target_property):
            if fact not in starts or not isinstance(end, URIRef):
                continue
            kind = catalog.kind(end)
            if kind is None or kind == "role":
                continue
            for start in starts[fact]:
                found[start][kind].add(str(end))
    for role, focus in graph.subject_objects(PMO.focus):
        if str(role) in roles and isinstance(focus, URIRef):
            found[str(role)][catalog.kind(focus) or "focus"].add(str(focus))
    profiles: dict[str, dict[str, frozenset[str]]] = {}
    for role in sorted(roles):
        kinds = found[role]
        profiles[role] = {kind: frozenset(kinds.get(kind, ())) for kind in PROFILE_KINDS}
        profiles[role].update({kind: frozenset(items) for kind, items in sorted(kinds.items())
                               if kind not in PROFILE_KINDS})
    return profiles


#: How a role needs a skill: ``(level, importance, proficiency)``: the IRI of the requirement
#: level (``pm:Essential``, ``pm:Optional``...) or None when the source states none, and the
#: publisher's importance and proficiency level (O*NET: 1-5 and 0-7) or None.
Requirement = tuple[str | None, float | None, float | None]


def _number(value) -> float | None:
    try:
        return float(value.toPython()) if isinstance(value, Literal) else None
    except (TypeError, ValueError, AttributeError):
        return None


def role_requirements(graph: Graph, catalog: Catalog | None = None) -> dict[str, dict[str, Requirement]]:
    """How each role needs each of its skills: ``{role: {skill: (level, importance, proficiency)}}``.

    Read from the skill requirements (``pmo:SkillRequirement`` and its subclasses, linked to
    their role and skill by the vocabulary's ``pmo:edgeFrom`` / ``pmo:edgeTo``):
    ``pmo:requirementLevel`` (its IRI), ``pmo:importance`` and ``pmo:proficiencyLevel``
    (floats). It complements :func:`role_profiles`, which says *which* skills a role needs;
    roles and skills without a requirement are absent. When several requirements link the
    same role and skill, an essential level wins, then any stated level, and the highest
    importance and proficiency are kept. ::

        >>> from pmgraph.kb.files import load_graph
        >>> requirements = role_requirements(load_graph())
        >>> requirements["https://w3id.org/pmgraph/id/TechPM"]["https://w3id.org/pmgraph/id/CloudComputing"]
        (None, None, None)
    """
    catalog = catalog or Catalog(graph)
    essential = str(PM.Essential)
    roles = {str(role) for role in catalog.members("role")}
    facts: set[URIRef] = set()
    shapes = {}
    for cls, shape in catalog.fact_shapes.items():
        if shape.cls == PMO.SkillRequirement:
            shapes[shape.cls] = shape
            facts.update(fact for fact in graph.subjects(RDF.type, cls) if isinstance(fact, URIRef))
    levels: dict[URIRef, str] = {}
    interned: dict[str, str] = {}
    for fact, level in graph.subject_objects(PMO.requirementLevel):
        if fact in facts and isinstance(level, URIRef):
            name = interned.setdefault(str(level), str(level))  # one string per level
            if levels.get(fact) != essential:
                levels[fact] = name
    importance = {fact: _number(value) for fact, value in graph.subject_objects(PMO.importance) if fact in facts}
    proficiency = {fact: _number(value) for fact, value in graph.subject_objects(PMO.proficiencyLevel)
                   if fact in facts}
    found: dict[str, dict[str, Requirement]] = defaultdict(dict)
    for shape in shapes.values():
        starts: dict[URIRef, list[str]] = defaultdict(list)
        for fact, start in graph.subject_objects(shape.source_property):
            if fact in facts and str(start) in roles:
                starts[fact].append(str(start))
        for fact, end in graph.subject_objects(shape.target_property):
            if fact not in starts or not isinstance(end, URIRef):
                continue
            new = (levels.get(fact), importance.get(fact), proficiency.get(fact))
            for start in starts[fact]:
                old = found[start].get(str(end))
                found[start][str(end)] = new if old is None else _stronger(old, new, essential)
    return {role: dict(sorted(skills.items())) for role, skills in sorted(found.items())}


def combine_requirements(first: Requirement, second: Requirement) -> Requirement:
    """Two requirements of one role for one skill as one, by the rule :func:`role_requirements`
    applies (a layered knowledge base merges its layers' rows with it).

        >>> combine_requirements((None, 3.0, None), (str(PM.Essential), 2.0, 4.0))[1:]
        (3.0, 4.0)
    """
    return _stronger(first, second, str(PM.Essential))


def _stronger(first: Requirement, second: Requirement, essential: str) -> Requirement:
    """Two requirements of one role for one skill as one: the stronger level, the higher numbers."""
    if first[0] == essential or second[0] is None:
        level = first[0] or second[0]
    else:
        level = second[0]

    def highest(a: float | None, b: float | None) -> float | None:
        return b if a is None else a if b is None else max(a, b)

    return (level, highest(first[1], second[1]), highest(first[2], second[2]))


def _order(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def study_material(graph: Graph) -> dict[str, dict[str, list[tuple[str | None, int, str]]]]:
    """What builds and what tests each skill: ``{"resources": {skill: [...]}, "questions": {skill: [...]}}``.

    A resource builds a skill when a learning step recommends it and ``pmo:buildsSkill``
    that skill; a question tests a skill by ``pmo:testsSkill``. Each item is
    ``(role, order, iri)``: the role whose learning path or interview the item comes from
    and its position there, so that callers can put the target role's own material first.
    """
    resources: dict[str, list[tuple[str | None, int, str]]] = defaultdict(list)
    for step, skill in graph.subject_objects(PMO.buildsSkill):
        role = graph.value(step, PMO.role)
        order = _order(graph.value(step, PMO.order))
        for resource in graph.objects(step, PMO.recommends):
            if isinstance(resource, URIRef):
                item = (str(role) if role is not None else None, order, str(resource))
                if item not in resources[str(skill)]:
                    resources[str(skill)].append(item)
    questions: dict[str, list[tuple[str | None, int, str]]] = defaultdict(list)
    for question, skill in graph.subject_objects(PMO.testsSkill):
        if isinstance(question, URIRef):
            role = graph.value(question, PMO.role)
            questions[str(skill)].append((str(role) if role is not None else None,
                                          _order(graph.value(question, PMO.order)), str(question)))

    def ordered(table: dict[str, list[tuple[str | None, int, str]]]) -> dict[str, list[tuple[str | None, int, str]]]:
        return {skill: sorted(items, key=lambda item: (item[0] or "", item[1], item[2]))
                for skill, items in sorted(table.items())}

    return {"resources": ordered(resources), "questions": ordered(questions)}
