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

from ..iris import PM_NS, PREFIXES
from ..iris import PMO_NS as _PMO

__all__ = ["Readings", "readings", "role_citations", "fact_ends"]


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


_RDF = PREFIXES["rdf"]
_INFERRED = PM_NS + "Inferred"


def fact_ends(kb, fact: str) -> tuple[str, str] | None:
    """``(start property, end property)`` of a fact node's class (``pmo:edgeFrom`` / ``pmo:edgeTo``,
    inherited along ``rdfs:subClassOf``), or None when ``fact`` is no fact node."""
    cache = kb.projections.setdefault("fact_class_ends", {}) if hasattr(kb.projections, "setdefault") else {}
    for cls in kb.values(fact, _RDF + "type"):
        if cls not in cache:
            found, seen, todo = None, set(), [cls]
            while todo and found is None:
                here = todo.pop()
                seen.add(here)
                starts, ends = kb.values(here, _PMO + "edgeFrom"), kb.values(here, _PMO + "edgeTo")
                if starts and ends:
                    found = (starts[0], ends[0])
                todo += [up for up in kb.values(here, "http://www.w3.org/2000/01/rdf-schema#subClassOf")
                         if up not in seen]
            cache[cls] = found
        if cache[cls] is not None:
            return cache[cls]
    return None


def _collect(kb) -> Readings:
    inferred_facts: set[tuple[str, str]] = set()
    stated_facts: set[tuple[str, str]] = set()
    links: set[tuple[str, str, str]] = set()
    for node, _, _, _ in kb.triples(None, _PMO + "assertion", _INFERRED):
        if _RDF + "Statement" in kb.values(node, _RDF + "type"):
            subjects, props, objects = (kb.values(node, _RDF + name) for name in ("subject", "predicate", "object"))
            if subjects and props and objects and props[0].startswith(_PMO):
                links.add((subjects[0], props[0][len(_PMO):], objects[0]))
            continue
        ends = fact_ends(kb, node)
        if ends is None:
            continue
        for start in kb.values(node, ends[0]):
            for end in kb.values(node, ends[1]):
                inferred_facts.add((start, end))
                # the same link may also be stated by another fact node
                others = {s for s, _, _, _ in kb.triples(None, ends[0], start)} & {
                    s for s, _, _, _ in kb.triples(None, ends[1], end)}
                if any(_INFERRED not in kb.values(other, _PMO + "assertion") for other in others - {node}):
                    stated_facts.add((start, end))
    resources: set[tuple[str, str]] = set()
    for step, _, skill in [link for link in links if link[1] == "buildsSkill"]:
        for resource in kb.values(step, _PMO + "recommends"):
            others = [other for other, _, _, _ in kb.triples(None, _PMO + "recommends", resource)
                      if skill in kb.values(other, _PMO + "buildsSkill")
                      and (other, "buildsSkill", skill) not in links]
            if not others:
                resources.add((resource, skill))
    return Readings(frozenset(inferred_facts - stated_facts), frozenset(links), frozenset(resources))


def role_citations(kb, role: str) -> dict[str, list[dict[str, Any]]]:
    """``{item: [citation]}``: how each fact starting at ``role`` (a skill requirement, a duty
    assignment...) cites its sources, ``{"sources", "words", "inferred"}``: ``words`` are the
    cited source's own words for the item (None where the fact names several items: its words
    are then its row's), read from the store without describing the whole role.

        >>> from pmgraph import kb
        >>> cited = role_citations(kb.open(), "https://w3id.org/pmgraph/id/TechnicalProgramManager")
        >>> cited["https://w3id.org/pmgraph/id/LegalComplianceSecurity"][0]["words"]
        '法務・コンプライアンス・セキュリティ部門'
    """
    cited: dict[str, list[dict[str, Any]]] = {}
    for fact, _, _, _ in sorted(kb.triples(None, None, role)):
        ends = fact_ends(kb, fact)
        if ends is None or role not in kb.values(fact, ends[0]):
            continue
        items = kb.values(fact, ends[1])
        sources = sorted(kb.values(fact, "http://purl.org/dc/terms/source"))
        if not sources:
            continue
        words = [o for _, _, o, _ in sorted(kb.triples(fact, _PMO + "statedAs"))]
        citation = {"sources": [kb.source(source) for source in sources],
                    "words": words[0] if words and len(items) == 1 else None,
                    "inferred": _INFERRED in kb.values(fact, _PMO + "assertion")}
        for item in items:
            cited.setdefault(item, []).append(citation)
    return cited
