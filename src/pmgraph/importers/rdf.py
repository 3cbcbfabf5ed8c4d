"""Write imported data as N-Triples, fast and always well-formed.

Importers produce a million triples or more, so they write N-Triples lines directly
instead of building rdflib graphs (which would cost seconds per hundred thousand triples).
Every IRI is checked and every literal escaped here, so a broken publisher value cannot
make the output unparsable: :func:`iri` refuses what N-Triples cannot hold, and
:func:`literal` escapes quotes, backslashes and line breaks::

    >>> literal('say "hi"\\nthen go', "en")
    '"say \\\\"hi\\\\"\\\\nthen go"@en'
    >>> iri("http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1")
    '<http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1>'
    >>> iri("http://example.org/a b")
    Traceback (most recent call last):
    ...
    ValueError: not an IRI: 'http://example.org/a b'
    >>> clean_text("  project \\t manager \\r\\n")
    'project manager'

Minted IRIs live under :data:`DATA` (``https://w3id.org/pmgraph/data/``); every term the
importers write is a standard one or the vocabulary's (``pmo:``, see :class:`T`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import IO
from urllib.parse import quote

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from ..namespaces import ESCO, ONET, PM, PMO

__all__ = ["DATA", "iri", "literal", "decimal_literal", "integer_literal", "boolean_literal",
           "mint", "clean_text", "clean_block", "NTriplesWriter", "T"]

#: Namespace of the nodes pmgraph mints for imported data (fact nodes, datasets, O*NET elements).
DATA = "https://w3id.org/pmgraph/data/"

# What N-Triples (and RFC 3987) do not allow inside <...>.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: What percent-encoding leaves as it is (RFC 3986 unreserved characters): most parts of a minted IRI.
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]*")


def iri(text: str) -> str:
    """``<text>`` for N-Triples; :class:`ValueError` if ``text`` is not an absolute IRI."""
    if not _SCHEME.match(text) or _BAD_IRI.search(text):
        raise ValueError(f"not an IRI: {text!r}")
    return f"<{text}>"


def mint(*parts: str) -> str:
    """An N-Triples IRI under :data:`DATA` from path parts, each percent-encoded as needed.

    >>> mint("onet", "req", "15-1252.00", "2.A.1.a")
    '<https://w3id.org/pmgraph/data/onet/req/15-1252.00/2.A.1.a>'
    """
    return "<" + DATA + "/".join(part if _UNRESERVED.fullmatch(part) else quote(part, safe="-._~") for part in parts) + ">"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


def literal(text: str, lang: str | None = None) -> str:
    """A string literal, language-tagged when ``lang`` is given."""
    return f'"{_escape(text)}"@{lang}' if lang else f'"{_escape(text)}"'


def decimal_literal(text: str) -> str:
    """An ``xsd:decimal`` literal in canonical form; :class:`ValueError` if ``text`` is not a number.

    >>> decimal_literal("4.00"), decimal_literal("4")
    ('"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    digits = format(value.normalize(), "f")
    if "." not in digits:
        digits += ".0"
    return f'"{digits}"^^<{XSD.decimal}>'


def integer_literal(value: int) -> str:
    return f'"{int(value)}"^^<{XSD.integer}>'


def boolean_literal(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{XSD.boolean}>'


def clean_text(text: str) -> str:
    """A one-line value (a label, a code): whitespace runs become one space, ends trimmed.

    >>> clean_text("  Tech\t PM\u3000 ")
    'Tech PM'
    """
    return " ".join(text.split())  # str.split's whitespace is the regular expressions' \s


def clean_block(text: str) -> str:
    """A multi-line value (a description): CRLF becomes LF, trailing spaces go, ends trimmed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


class T:
    """The N-Triples form of every standard term the importers write."""

    type = iri(str(RDF.type))
    label = iri(str(RDFS.label))
    comment = iri(str(RDFS.comment))
    domain = iri(str(RDFS.domain))
    range = iri(str(RDFS.range))
    pref = iri(str(SKOS.prefLabel))
    alt = iri(str(SKOS.altLabel))
    hidden = iri(str(SKOS.hiddenLabel))
    notation = iri(str(SKOS.notation))
    definition = iri(str(SKOS.definition))
    scope_note = iri(str(SKOS.scopeNote))
    editorial_note = iri(str(SKOS.editorialNote))
    example = iri(str(SKOS.example))
    broader = iri(str(SKOS.broader))
    close_match = iri(str(SKOS.closeMatch))
    concept = iri(str(SKOS.Concept))
    concept_scheme = iri(str(SKOS.ConceptScheme))
    in_scheme = iri(str(SKOS.inScheme))
    source = iri(str(DCTERMS.source))
    title = iri(str(DCTERMS.title))
    description = iri(str(DCTERMS.description))
    publisher = iri(str(DCTERMS.publisher))
    license = iri(str(DCTERMS.license))
    rights = iri(str(DCTERMS.rights))
    issued = iri(str(DCTERMS.issued))
    created = iri(str(DCTERMS.created))
    bibliographic_citation = iri(str(DCTERMS.bibliographicCitation))
    has_version = iri(str(DCTERMS.hasVersion))
    version_info = iri(str(OWL.versionInfo))
    object_property = iri(str(OWL.ObjectProperty))
    datatype_property = iri(str(OWL.DatatypeProperty))
    dataset = iri(str(SDO.Dataset))
    software_application = iri(str(SDO.SoftwareApplication))
    url = iri(str(SDO.url))
    credit_text = iri(str(SDO.creditText))
    prov_entity = iri(str(PROV.Entity))
    generated_at = iri(str(PROV.generatedAtTime))

    role = iri(str(PMO.Role))
    skill_class = iri(str(PMO.Skill))
    skill_type_class = iri(str(PMO.SkillType))
    requirement_class = iri(str(PMO.SkillRequirement))
    transition_class = iri(str(PMO.CareerTransition))
    move_kind_class = iri(str(PMO.MoveKind))
    tool_class = iri(str(PMO.Tool))
    tool_category_class = iri(str(PMO.ToolCategory))
    tool_use_class = iri(str(PMO.ToolUse))
    equipment_class = iri(str(PMO.Equipment))
    job_zone_class = iri(str(PMO.JobZone))
    p_role = iri(str(PMO.role))
    p_skill = iri(str(PMO.skill))
    p_skill_type = iri(str(PMO.skillType))
    p_level = iri(str(PMO.requirementLevel))
    p_importance = iri(str(PMO.importance))
    p_proficiency = iri(str(PMO.proficiencyLevel))
    p_detail = iri(str(PMO.detail))
    p_from = iri(str(PMO.fromRole))
    p_to = iri(str(PMO.toRole))
    p_move_kind = iri(str(PMO.moveKind))
    p_relatedness = iri(str(PMO.relatedness))
    p_derived_by = iri(str(PMO.derivedBy))
    p_order = iri(str(PMO.order))
    p_tool = iri(str(PMO.tool))
    p_tool_category = iri(str(PMO.toolCategory))
    p_purpose = iri(str(PMO.purpose))
    p_hot_technology = iri(str(PMO.hotTechnology))
    p_in_demand = iri(str(PMO.inDemand))
    p_job_zone = iri(str(PMO.jobZone))
    inverse_label = iri(str(PMO.inverseLabel))
    essential = iri(str(PM.Essential))
    optional = iri(str(PM.Optional))

    esco_occupation = iri(str(ESCO.Occupation))
    esco_skill = iri(str(ESCO.Skill))
    esco_isco_group = iri(str(ESCO.ISCOGroup))
    esco_skill_type = iri(str(ESCO.skillType))
    esco_reuse_level = iri(str(ESCO.skillReuseLevel))
    onet = str(ONET)


class NTriplesWriter:
    """Writes triples (already in N-Triples form) to a text stream and counts them."""

    def __init__(self, handle: IO[str]):
        self._write = handle.write
        self.count = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._write(f"{subject} {predicate} {obj} .\n")
        self.count += 1

    def add_all(self, subject: str, predicate: str, objects: Iterable[str]) -> None:
        for obj in objects:
            self.add(subject, predicate, obj)
