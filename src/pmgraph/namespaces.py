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

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

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

#: Every prefix pmgraph writes, parses queries with and shortens IRIs with.
PREFIXES: dict[str, str] = {
    "pm": str(PM),
    "pmo": str(PMO._NS),
    "pmsh": str(PMSH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "esco": str(ESCO),
    "onet": str(ONET),
}


@lru_cache(maxsize=1 << 16)
def curie(iri: str) -> str:
    """Shorten ``iri`` with the first matching prefix, or return it unchanged (remembered:
    projections of imported data ask for the same few hundred thousand IRIs again and again).

    >>> curie("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    text = str(iri)
    best = ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = text[len(PREFIXES[best]):]
        if local and all(ch.isalnum() or ch in "-_." for ch in local) and not local.endswith("."):
            return f"{best}:{local}"
    return text


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
