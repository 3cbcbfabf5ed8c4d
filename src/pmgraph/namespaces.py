"""The project's namespaces and the one prefix table used everywhere.

``PMO`` is closed: a misspelt term raises instead of silently minting a wrong IRI.

    >>> PMO.Role
    rdflib.term.URIRef('https://w3id.org/pmgraph/ontology#Role')
    >>> PMO.Roel
    Traceback (most recent call last):
    ...
    AttributeError: term 'Roel' not in namespace 'https://w3id.org/pmgraph/ontology#'
    >>> curie(PM.TechPM)
    'pm:TechPM'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace  # noqa: F401

from .iris import PREFIXES as _PREFIXES
from .iris import curie

__all__ = ["PMO", "PM", "PMSH", "ESCO", "ONET", "PREFIXES", "curie", "bind_prefixes"]


class PMO(DefinedNamespace):
    """The pmgraph vocabulary (``ontology/vocabulary.ttl``)."""

    _NS = Namespace("https://w3id.org/pmgraph/ontology#")
    _fail = True

    AssertionStatus: URIRef
    Benefit: URIRef
    Book: URIRef
    CareerStage: URIRef
    CareerTrack: URIRef
    CareerTransition: URIRef
    Certification: URIRef
    CitedPage: URIRef
    Claim: URIRef
    Collaboration: URIRef
    Course: URIRef
    Department: URIRef
    Duty: URIRef
    DutyAssignment: URIRef
    EmployerType: URIRef
    Equipment: URIRef
    Focus: URIRef
    Inference: URIRef
    InterviewQuestion: URIRef
    JobZone: URIRef
    LearningResource: URIRef
    LearningStep: URIRef
    MoveKind: URIRef
    Organization: URIRef
    Practice: URIRef
    Problem: URIRef
    RequirementLevel: URIRef
    Role: URIRef
    Skill: URIRef
    SkillRequirement: URIRef
    SkillType: URIRef
    SourceDocument: URIRef
    SourceSection: URIRef
    TechnicalConcept: URIRef
    Tool: URIRef
    ToolCategory: URIRef
    ToolUse: URIRef
    Trend: URIRef

    about: URIRef
    activity: URIRef
    addresses: URIRef
    assertion: URIRef
    answerPoints: URIRef
    benefit: URIRef
    buildsSkill: URIRef
    causes: URIRef
    cites: URIRef
    claimsFocus: URIRef
    condition: URIRef
    content: URIRef
    counterpart: URIRef
    department: URIRef
    derivedBy: URIRef
    detail: URIRef
    duty: URIRef
    edgeFrom: URIRef
    edgeLabel: URIRef
    edgeTo: URIRef
    employerType: URIRef
    examples: URIRef
    fileName: URIRef
    focus: URIRef
    fromRole: URIRef
    goal: URIRef
    heading: URIRef
    hires: URIRef
    hotTechnology: URIRef
    importance: URIRef
    inDemand: URIRef
    inverseLabel: URIRef
    involvesRole: URIRef
    jobZone: URIRef
    kindName: URIRef
    level: URIRef
    mentions: URIRef
    moveKind: URIRef
    order: URIRef
    organisation: URIRef
    outlook: URIRef
    proficiencyLevel: URIRef
    purpose: URIRef
    raisesImportanceOf: URIRef
    recommends: URIRef
    relatedness: URIRef
    requirementLevel: URIRef
    responsibilities: URIRef
    role: URIRef
    sameNameAs: URIRef
    significance: URIRef
    skill: URIRef
    skillType: URIRef
    statedAs: URIRef
    testsSkill: URIRef
    toRole: URIRef
    tool: URIRef
    toolCategory: URIRef
    track: URIRef
    url: URIRef
    usage: URIRef


PM = Namespace("https://w3id.org/pmgraph/id/")
PMSH = Namespace("https://w3id.org/pmgraph/shapes#")
ESCO = Namespace("http://data.europa.eu/esco/model#")
ONET = Namespace("https://www.onetonline.org/link/summary/")

#: Every prefix pmgraph writes, parses queries with and shortens IRIs with (plain strings,
#: :mod:`pmgraph.iris`; ``tests/test_hotpath.py`` checks they are these namespaces).
PREFIXES = _PREFIXES


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
