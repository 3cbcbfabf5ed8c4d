"""Stated or inferred: which links the project read into its sources rather than found there.

Every fact node citing a source says with ``pmo:assertion`` whether its source states it
(``pm:Stated``) or the project inferred it (``pm:Inferred``); the links a fact or practice
makes besides its main one are recorded as ``rdf:Statement`` link records with the same
status (ontology/facts/readings.ttl). Facts without a status (imported datasets, a user's
``--data``) are what their publisher states. :func:`readings` collects the inferred ones,
so that reports can mark them and ``--stated-only`` can leave them out::

    >>> from pmgraph import kb
    >>> found = readings(kb.open())
    >>> found.inferred_move("https://w3id.org/pmgraph/id/SeniorTPM", "https://w3id.org/pmgraph/id/SpecialistTPM")
    True
    >>> found.inferred_link("https://w3id.org/pmgraph/id/q-TechPM-03", "testsSkill",
    ...                     "https://w3id.org/pmgraph/id/CloudComputing")
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Readings", "readings"]


@dataclass(frozen=True)
class Readings:
    """The inferred links of a knowledge base, as IRI strings."""

    #: ``(start, end)`` pairs that only inferred fact nodes link (a role and a skill, two roles).
    facts: frozenset[tuple[str, str]]
    #: ``(subject, property local name, object)`` of every inferred link record.
    links: frozenset[tuple[str, str, str]]
    #: ``(resource, skill)`` pairs whose every learning step builds the skill only by inference.
    resources: frozenset[tuple[str, str]]

    def inferred_fact(self, start: str, end: str) -> bool:
        """Whether only the project's reading links ``start`` to ``end`` (a requirement, a duty...)."""
        return (start, end) in self.facts

    def inferred_move(self, start: str, end: str) -> bool:
        """Whether the move ``start`` → ``end`` is inferred (every transition stating it is)."""
        return (start, end) in self.facts

    def inferred_link(self, subject: str, prop: str, obj: str) -> bool:
        """Whether the link ``subject prop obj`` (``prop`` a pmo: local name) is inferred."""
        return (subject, prop, obj) in self.links

    def inferred_resource(self, resource: str, skill: str) -> bool:
        """Whether "``resource`` builds ``skill``" rests only on inferred learning-step links."""
        return (resource, skill) in self.resources

    def stated_profiles(self, profiles: Mapping[str, Mapping[str, frozenset]]) -> dict[str, dict[str, frozenset]]:
        """``profiles`` (:func:`pmgraph.careers.project.role_profiles`) without inferred items."""
        if not self.facts:
            return dict(profiles)
        return {role: {kind: frozenset(item for item in items if (role, item) not in self.facts)
                       for kind, items in by_kind.items()} for role, by_kind in profiles.items()}

    def stated_material(self, material: Mapping[str, Mapping[str, list]]) -> dict[str, dict[str, list]]:
        """Study material (:func:`pmgraph.careers.project.study_material`) without the resources
        and questions only an inferred link ties to a skill."""
        return {
            "resources": {skill: [item for item in items if (item[2], skill) not in self.resources]
                          for skill, items in material.get("resources", {}).items()},
            "questions": {skill: [item for item in items if (item[2], "testsSkill", skill) not in self.links]
                          for skill, items in material.get("questions", {}).items()},
        }

    def stated_career_graph(self, graph):
        """The career graph with only stated transitions (a move every transition of which is
        inferred, or derived by pmgraph from skill overlap, is left out)."""
        stated = graph.copy()
        for u, v, data in graph.edges(data=True):
            kept = [t for t in data["transitions"] if not t.get("inferred") and not t.get("derived_by")]
            if kept:
                stated.edges[u, v]["transitions"] = kept
            else:
                stated.remove_edge(u, v)
        return stated


def readings(kb) -> Readings:
    """The inferred links of ``kb`` (computed once per knowledge base)."""
    if "readings" not in kb.projections:
        kb.projections["readings"] = _collect(kb)
    return kb.projections["readings"]


def _collect(kb) -> Readings:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from ..model.facts import fact_class_of
    from ..namespaces import PM, PMO

    graph, shapes = kb.graph, kb.catalog.fact_shapes
    inferred_facts: set[tuple[str, str]] = set()
    stated_facts: set[tuple[str, str]] = set()
    links: set[tuple[str, str, str]] = set()
    for node in graph.subjects(PMO.assertion, PM.Inferred):
        if (node, RDF.type, RDF.Statement) in graph:
            subject, prop, obj = (graph.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            if isinstance(prop, URIRef) and str(prop).startswith(str(PMO)):
                links.add((str(subject), str(prop)[len(str(PMO)):], str(obj)))
            continue
        shape = fact_class_of(graph, node, shapes)
        if shape is None:
            continue
        for start in graph.objects(node, shape.source_property):
            for end in graph.objects(node, shape.target_property):
                inferred_facts.add((str(start), str(end)))
                # the same link may also be stated by another fact node
                others = set(graph.subjects(shape.source_property, start)) & set(
                    graph.subjects(shape.target_property, end))
                if any(graph.value(other, PMO.assertion) != PM.Inferred for other in others if other != node):
                    stated_facts.add((str(start), str(end)))
    resources: set[tuple[str, str]] = set()
    for step, prop, skill in [(s, p, o) for s, p, o in links if p == "buildsSkill"]:
        for resource in graph.objects(URIRef(step), PMO.recommends):
            others = [other for other in graph.subjects(PMO.recommends, resource)
                      if (other, PMO.buildsSkill, URIRef(skill)) in graph
                      and (str(other), "buildsSkill", skill) not in links]
            if not others:
                resources.add((str(resource), skill))
    return Readings(frozenset(inferred_facts - stated_facts), frozenset(links), frozenset(resources))


def citations(item: Mapping[str, Any]) -> dict[str, Any]:
    """How a report cites one fact of :meth:`pmgraph.kb.KnowledgeBase.describe`:
    ``{"sources", "words", "inferred"}`` (``words``: the cited source's own words, or None)."""
    words = item.get("words") or {}
    return {"sources": item.get("sources", []), "words": next(iter(words.values()), None),
            "inferred": item.get("assertion") == "inferred"}
