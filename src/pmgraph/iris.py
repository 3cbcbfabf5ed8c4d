"""IRIs as plain strings: the prefix table and CURIEs, importable without rdflib.

The commands that only read a stored snapshot (``path``, ``gap``, ``search``...) work in
plain strings and never import rdflib (a tenth of a second per command); this module is
what they shorten IRIs with. :mod:`pmgraph.namespaces` re-exports the same table and
function next to its rdflib namespaces.

    >>> curie("https://w3id.org/pmgraph/id/TechPM"), curie(RDF_TYPE)
    ('pm:TechPM', 'rdf:type')
    >>> curie("http://example.org/x")
    'http://example.org/x'
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["PREFIXES", "curie", "PM_NS", "PMO_NS", "RDF_NS", "RDF_TYPE", "SKOS_NS", "RDFS_NS", "DCT_NS", "SCHEMA_NS",
           "XSD_NS", "XSD_STRING", "RDF_LANG_STRING", "LABEL_PROPERTY_IRIS"]

PM_NS = "https://w3id.org/pmgraph/id/"
PMO_NS = "https://w3id.org/pmgraph/ontology#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCT_NS = "http://purl.org/dc/terms/"
SCHEMA_NS = "https://schema.org/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF_NS + "type"
#: The datatypes of string literals: plain and language-tagged.
XSD_STRING, RDF_LANG_STRING = XSD_NS + "string", RDF_NS + "langString"
#: The properties that name an entity, strongest first (:data:`pmgraph.model.catalog.LABEL_PROPERTIES`).
LABEL_PROPERTY_IRIS = (SKOS_NS + "prefLabel", SKOS_NS + "altLabel", SKOS_NS + "hiddenLabel", RDFS_NS + "label",
                       SKOS_NS + "notation")

#: Every prefix pmgraph writes, parses queries with and shortens IRIs with.
PREFIXES: dict[str, str] = {
    "pm": PM_NS,
    "pmo": PMO_NS,
    "pmsh": "https://w3id.org/pmgraph/shapes#",
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "dct": DCT_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": SCHEMA_NS,
    "esco": "http://data.europa.eu/esco/model#",
    "onet": "https://www.onetonline.org/link/summary/",
}


@lru_cache(maxsize=1 << 16)
def curie(iri: str) -> str:
    """Shorten ``iri`` with the first matching prefix, or return it unchanged (remembered:
    projections of imported data ask for the same few hundred thousand IRIs again and again).

    >>> curie("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
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
