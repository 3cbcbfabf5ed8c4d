"""Everything the graph says about one entity, grouped for people and scripts.

This is what ``pmgraph show`` prints. Relations are grouped by name: outgoing triples by
the property's label, incoming ones by its ``pmo:inverseLabel``, and fact nodes (skill
requirements, transitions, ...) as the edges they stand for, each item with the fact's
details (kind of move; requirement level and, for O*NET, importance and proficiency level)
and sources. The triples are read through :mod:`pmgraph.model.triples` as plain terms (a
stored snapshot's Oxigraph store without rdflib, or an rdflib graph).

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> info = describe(Catalog(load_graph()), "https://w3id.org/pmgraph/id/TechPM")
    >>> info["kind"], "requires skill" in info["relations"]
    ('role', True)
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..iris import DCT_NS, LABEL_PROPERTY_IRIS, PM_NS, PMO_NS, RDF_NS, RDF_TYPE, RDFS_NS, SKOS_NS, curie
from .terms import Term
from .facts import FactShape
from .triples import GraphTriples, SubjectReads, Triples, rdflib_sorted

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["describe", "link_records", "TEXT_PROPERTIES", "PROJECT_NOTES", "STANDARD_NAMES"]

_PMO_DETAIL, _PMO_CONTENT, _PMO_PURPOSE = PMO_NS + "detail", PMO_NS + "content", PMO_NS + "purpose"
_PMO_GOAL, _PMO_CONDITION, _PMO_ACTIVITY = PMO_NS + "goal", PMO_NS + "condition", PMO_NS + "activity"
_KIND_NAME, _INVERSE_LABEL, _ORDER = PMO_NS + "kindName", PMO_NS + "inverseLabel", PMO_NS + "order"
_MOVE_KIND, _REQUIREMENT_LEVEL = PMO_NS + "moveKind", PMO_NS + "requirementLevel"
_IMPORTANCE, _PROFICIENCY_LEVEL = PMO_NS + "importance", PMO_NS + "proficiencyLevel"
_STATED_AS, _ASSERTION, _ROLE = PMO_NS + "statedAs", PMO_NS + "assertion", PMO_NS + "role"
_HEADING, _CITES, _URL = PMO_NS + "heading", PMO_NS + "cites", PMO_NS + "url"
_SAME_NAME_AS, _ABOUT = PMO_NS + "sameNameAs", PMO_NS + "about"
_CLAIM, _SKILL_REQUIREMENT = PMO_NS + "Claim", PMO_NS + "SkillRequirement"
_INFERRED = PM_NS + "Inferred"
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = RDF_NS + "subject", RDF_NS + "predicate", RDF_NS + "object"
_RDF_STATEMENT = RDF_NS + "Statement"
_RDFS_LABEL, _RDFS_SEE_ALSO, _RDFS_COMMENT = RDFS_NS + "label", RDFS_NS + "seeAlso", RDFS_NS + "comment"
_SKOS_DEFINITION = SKOS_NS + "definition"
_DCT_SOURCE, _DCT_PART_OF = DCT_NS + "source", DCT_NS + "isPartOf"

#: Literal properties of a fact node shown with each relation item, in this order (IRIs as strings).
TEXT_PROPERTIES = (_PMO_DETAIL, _PMO_CONTENT, _PMO_PURPOSE, _PMO_GOAL, _PMO_CONDITION, _PMO_ACTIVITY)
_SKIPPED = {RDF_TYPE, _SKOS_DEFINITION, _DCT_SOURCE, *LABEL_PROPERTY_IRIS}
#: Essential requirements are listed before optional ones.
_LEVEL_ORDER = {"essential": 0, "optional": 1}
#: Names of standard (non-pmgraph) properties, by IRI as a plain string (``str(iri)`` of an
#: rdflib term): (forward, inverse).
STANDARD_NAMES: dict[str, tuple[str, str]] = {
    SKOS_NS + "broader": ("broader", "narrower"),
    SKOS_NS + "narrower": ("narrower", "broader"),
    SKOS_NS + "related": ("related", "related"),
    SKOS_NS + "closeMatch": ("close match", "close match of"),
    SKOS_NS + "exactMatch": ("exact match", "exact match of"),
    SKOS_NS + "broadMatch": ("broad match", "narrow match of"),
    SKOS_NS + "narrowMatch": ("narrow match", "broad match of"),
    SKOS_NS + "editorialNote": ("editorial note", "editorial note of"),
    SKOS_NS + "scopeNote": ("scope note", "scope note of"),
    SKOS_NS + "note": ("note", "note of"),
    SKOS_NS + "example": ("example", "example of"),
    _RDFS_SEE_ALSO: ("see also", "see also of"),
    _RDFS_COMMENT: ("comment", "comment of"),
    _DCT_PART_OF: ("part of", "parts"),
}

#: The names of the attributes that are the project's own notes, not what a source records.
PROJECT_NOTES = frozenset(STANDARD_NAMES[SKOS_NS + prop][0] for prop in ("editorialNote", "scopeNote"))


class _Reading:
    """What the functions here read: the catalog (labels, kinds), the triples and the fact shapes
    by class IRI. Entities are :class:`~pmgraph.model.terms.Term`; the catalog is asked with
    its own kind of IRI (:meth:`Catalog.term`)."""

    def __init__(self, catalog: Catalog, triples: Triples):
        self.catalog = catalog
        self.triples = SubjectReads(triples)  # each fact node is asked for a dozen of its properties
        self.shapes = {cls: FactShape.from_json(shape, iri=str) for cls, *shape in catalog.fact_shape_rows()}

    def node(self, term: Term, lang: str) -> dict[str, Any]:
        return self.catalog.node(self.catalog.term(term.value), lang)

    def label(self, term: Term, lang: str) -> str:
        return self.catalog.label(self.catalog.term(term.value), lang)

    def kind(self, term: Term) -> str | None:
        return self.catalog.kind(self.catalog.term(term.value))

    def shape(self, node: Term) -> FactShape | None:
        """The fact shape ``node`` is an instance of, or None if it is not a fact node
        (as :func:`pmgraph.model.facts.fact_class_of`)."""
        for cls in self.triples.objects(node, RDF_TYPE):
            if cls.value in self.shapes and cls.kind == "uri":
                return self.shapes[cls.value]
        return None


def _texts(reading: _Reading, subject: Term, prop: str) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for (value,) in rdflib_sorted((value,) for value in reading.triples.objects(subject, prop)):
        if value.kind == "literal":
            by_lang[value.language or ""].append(value.value)
    return dict(sorted(by_lang.items()))


def _literals(reading: _Reading, subject: str, prop: str) -> dict[str | None, str]:
    """The literal values of ``prop`` by language, in the store's order (the last one of a language kept)."""
    return {v.language: v.value for v in reading.triples.objects(subject, prop) if v.kind == "literal"}


def _property_name(reading: _Reading, prop: str, inverse: bool, lang: str = "en") -> str:
    if prop in STANDARD_NAMES:
        return STANDARD_NAMES[prop][1 if inverse else 0]
    if inverse:
        names = _literals(reading, prop, _INVERSE_LABEL)
        if names:
            return names.get(lang) or names.get("en") or next(iter(names.values()))
        return f"inverse of {_property_name(reading, prop, False, lang)}"
    names = _literals(reading, prop, _RDFS_LABEL)
    return names.get(lang) or names.get("en") or curie(prop)


def _kind_group(reading: _Reading, subject: Term) -> str:
    """"interview questions", "trends", ...: the plural English label of the subject's kind class."""
    kind = reading.kind(subject)
    for cls in reading.triples.subjects(_KIND_NAME, Term("literal", str(kind))):
        for label in reading.triples.objects(cls, _RDFS_LABEL):
            if label.kind == "literal" and label.language == "en":
                return f"{label.value.lower()}s"
    return _property_name(reading, _ROLE, True)


def _sources(reading: _Reading, subject: Term) -> list[dict[str, Any]]:
    found = sorted(reading.triples.objects(subject, _DCT_SOURCE), key=lambda source: source.value)
    return [reading.catalog.source_info(reading.catalog.term(source.value)) for source in found if source.kind == "uri"]


def _item(reading: _Reading, target: Term, lang: str, fact: Term | None = None) -> dict[str, Any]:
    triples = reading.triples
    item: dict[str, Any] = reading.node(target, lang)
    order = triples.value(target, _ORDER)
    if order is not None and order.kind == "literal" and order.value.isdigit():
        item["order"] = int(order.value)  # a learning step's or question's place in its source
    if fact is not None:
        item["via"] = fact.value
        move = triples.value(fact, _MOVE_KIND)
        if move is not None:
            item["move"] = reading.label(move, "en")
        level = triples.value(fact, _REQUIREMENT_LEVEL)
        if level is not None:
            item["requirement_level"] = reading.label(level, "en")
        elif _is_requirement(reading, fact):
            item["requirement_level"] = None  # no source states one: shown as "level not stated"
        for prop, key in ((_IMPORTANCE, "importance"), (_PROFICIENCY_LEVEL, "proficiency_level")):
            rating = triples.value(fact, prop)
            if rating is not None and rating.kind == "literal":
                item[key] = float(rating.value)
        for prop in TEXT_PROPERTIES:
            texts = _texts(reading, fact, prop)
            if texts:
                item[_property_name(reading, prop, False)] = texts
        _provenance(reading, fact, item)
        shape = reading.shape(fact)
        if shape is not None and len(set(triples.objects(fact, shape.target_property))) > 1:
            item.pop("words", None)  # a row naming several (Slack, Microsoft Teams): its words are the row's
    return item


def _is_inferred(assertion: Term | None) -> bool:
    return assertion is not None and assertion.kind == "uri" and assertion.value == _INFERRED


def _provenance(reading: _Reading, node: Term, item: dict[str, Any]) -> dict[str, Any]:
    """Give ``item`` what ``node`` (a fact node or a link record) says of where it comes from:
    ``sources``, the cited source's own ``words`` for the item (a shared node keeps one label)
    and ``assertion`` ("stated" / "inferred") where the node records one."""
    item["sources"] = _sources(reading, node)
    words = _texts(reading, node, _STATED_AS)
    if words:
        item["words"] = {language: texts[0] for language, texts in words.items()}
    assertion = reading.triples.value(node, _ASSERTION)
    if assertion is not None:
        item["assertion"] = "inferred" if _is_inferred(assertion) else "stated"
    return item


def link_records(triples: Triples, iri: str | Term) -> dict[tuple[Term, Term, Term], Term]:
    """The link records (``rdf:Statement``, ontology/facts/readings.ttl) of the triples that
    start or end at ``iri``, by ``(subject, predicate, object)``: each says whether its
    source states the link or the project inferred it.

        >>> from pmgraph.kb.files import load_graph
        >>> records = link_records(GraphTriples(load_graph()), "https://w3id.org/pmgraph/id/SpecialistTPM")
        >>> [record.value for (_, prop, _), record in records.items() if prop.value.endswith("#level")]
        ['https://w3id.org/pmgraph/id/link-SpecialistTPM-level-3']
    """
    records: dict[tuple[Term, Term, Term], Term] = {}
    for position in (_RDF_SUBJECT, _RDF_OBJECT):
        for record in triples.subjects(position, iri):
            if record.kind == "uri" and triples.has(record, RDF_TYPE, _RDF_STATEMENT):
                key = (triples.value(record, _RDF_SUBJECT), triples.value(record, _RDF_PREDICATE),
                       triples.value(record, _RDF_OBJECT))
                records[key] = record
    return records


def _is_requirement(reading: _Reading, fact: Term) -> bool:
    """Whether ``fact`` is a skill requirement (of pmo:SkillRequirement or a subclass)."""
    shape = reading.shape(fact)
    return shape is not None and shape.cls == _SKILL_REQUIREMENT


def _natural(text: str) -> list:
    """A sort key that orders ``src002-s2`` before ``src002-s10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _source_relations(reading: _Reading, iri: Term, lang: str, relations: dict[str, list[dict[str, Any]]]) -> None:
    """What a source document or section is about: a document's ``sections`` (with the heading
    each has in the source), the ``cited pages`` (with their ``url``) and the ``claims`` it makes; a section's ``cited for``: the
    entities whose facts cite it."""
    triples = reading.triples
    kind = reading.kind(iri)
    if kind == "source":
        sections = sorted((s for s in triples.subjects(_DCT_PART_OF, iri) if s.kind == "uri"),
                          key=lambda section: _natural(section.value))
        for section in sections:
            item = reading.node(section, lang)
            heading = triples.value(section, _HEADING)
            item["heading"] = heading.value if heading is not None else None
            relations["sections"].append(item)
            for page in triples.objects(section, _CITES):
                if page.kind == "uri":
                    cited = reading.node(page, lang)
                    url = triples.value(page, _URL)
                    cited["url"] = url.value if url is not None else None
                    relations["cited pages"].append(cited)
        claims = {claim for section in sections for claim in triples.subjects(_DCT_SOURCE, section)
                  if triples.has(claim, RDF_TYPE, _CLAIM)}
        relations["claims"] += [_provenance(reading, claim, reading.node(claim, lang)) for claim in claims]
    elif kind == "section":
        cited: set[Term] = set()
        for subject in triples.subjects(_DCT_SOURCE, iri):
            shape = reading.shape(subject)
            if shape is not None:
                cited.update(e for e in triples.objects(subject, shape.target_property) if e.kind == "uri")
            elif triples.has(subject, RDF_TYPE, _RDF_STATEMENT):
                cited.update(e for e in (triples.value(subject, _RDF_OBJECT),) if e is not None and e.kind == "uri")
            elif subject.kind == "uri" and reading.kind(subject) is not None:
                cited.add(subject)
        relations["cited for"] += [reading.node(entity, lang) for entity in cited if reading.kind(entity) is not None]


def _name_notes(reading: _Reading, iri: Term, lang: str) -> list[str]:
    """One line per claim saying the sources use this entity's name for another role too
    (``pmo:sameNameAs``: source 000's "Tech PM" is the product role, source 002's the project one)."""
    triples = reading.triples
    claims = set(triples.subjects(_SAME_NAME_AS, iri))
    claims |= {claim for claim in triples.subjects(_ABOUT, iri) if next(triples.match(claim, _SAME_NAME_AS, None), None)}
    return [f"{reading.label(claim, lang)} ({'; '.join(s['label'] for s in _sources(reading, claim))})"
            for claim in sorted(claims, key=lambda claim: claim.value)]


def describe(catalog: Catalog, iri, lang: str = "en", *, stated_only: bool = False,
             triples: Triples | None = None) -> dict[str, Any]:
    """The JSON form of ``pmgraph show``::

        {"iri", "curie", "kind", "label", "labels": {lang: [...]}, "name_notes": [str],
         "definitions": {lang: [...]},
         "attributes": {name: {lang: [...]}}, "inferred_attributes": {name: [source]},
         "relations": {name: [node + details]}, "sources": [{"iri", "label", "document", "heading"}]}

    A relation item is a node (``iri``, ``label``, ``kind``) and, when a fact node stands
    for the relation, ``via`` (the fact's IRI), its ``sources`` and its details when it has
    them: ``move`` (kind of career move), ``requirement_level`` ("essential" / "optional"),
    ``importance`` and ``proficiency_level`` (O*NET ratings, numbers), and its texts by
    property name (``detail``, ``condition``...) as ``{lang: [text]}``. Where the fact node or
    the link's record (ontology/facts/readings.ttl) says so, an item has ``assertion``
    ("stated" or "inferred": the project's reading of its source) and ``words`` (the cited
    source's own words for it, ``{lang: text}``); learning steps and questions have their
    ``order`` in the source, and are listed in it. ``name_notes`` says, a line each, where the
    sources use the entity's name for another role too. ``inferred_attributes`` names the
    attributes the project inferred, with the sources they were read from. With
    ``stated_only``, what the project inferred is left out.

    ``triples`` reads the graph (:mod:`pmgraph.model.triples`; by default ``catalog.graph``,
    an rdflib graph).

        >>> from pmgraph.kb.files import load_graph
        >>> from pmgraph.model.catalog import Catalog
        >>> info = describe(Catalog(load_graph()), "https://w3id.org/pmgraph/id/SpecialistTPM")
        >>> info["attributes"]["level"], [s["label"] for s in info["inferred_attributes"]["level"]]
        ({'': ['3']}, ['Source 001 § 5 Career path'])
    """
    reading = _Reading(catalog, triples if triples is not None else GraphTriples(catalog.graph))
    triples = reading.triples
    entity = Term("uri", str(iri))
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attributes: dict[str, dict[str, list[str]]] = {}
    inferred_attributes: dict[str, list[dict[str, Any]]] = {}
    records = link_records(triples, entity)

    def qualified(item: dict[str, Any], triple: tuple) -> dict[str, Any]:
        record = records.get(triple)
        return item if record is None else _provenance(reading, record, item)

    def add(name: str, item: dict[str, Any]) -> None:
        if not (stated_only and item.get("assertion") == "inferred"):
            relations[name].append(item)

    for prop, value in rdflib_sorted(triples.predicate_objects(entity)):
        if prop.value in _SKIPPED or prop.value == _KIND_NAME:
            continue
        if value.kind == "literal":
            name = _property_name(reading, prop.value, False)
            record = records.get((entity, prop, value))
            inferred = record is not None and _is_inferred(triples.value(record, _ASSERTION))
            if inferred and stated_only:
                continue
            if inferred:
                inferred_attributes[name] = _sources(reading, record)
            attributes.setdefault(name, {}).setdefault(value.language or "", []).append(value.value)
        elif value.kind == "uri":
            add(_property_name(reading, prop.value, False),
                qualified(_item(reading, value, lang), (entity, prop, value)))

    incoming = []  # (subject, prop, shape, the fact's other ends if it starts or ends here)
    for subject, prop in rdflib_sorted(triples.subject_predicates(entity)):
        if subject.kind != "uri" or prop.value == RDF_TYPE or triples.has(subject, RDF_TYPE, _RDF_STATEMENT):
            continue  # a link record (facts/readings.ttl) qualifies a link; it is not one
        shape = reading.shape(subject)
        other = (None if shape is None else shape.target_property if prop.value == shape.source_property
                 else shape.source_property if prop.value == shape.target_property else None)
        ends = None if other is None else sorted(triples.objects(subject, other), key=lambda end: end.value)
        incoming.append((subject, prop, shape, ends))
    # every item is labelled: a stored catalog reads their labels and kinds in a few queries, not one each
    catalog.prefetch_labels([catalog.term(term.value) for subject, _, _, ends in incoming
                             for term in (ends if ends is not None else (subject,)) if term.kind == "uri"])
    for subject, prop, shape, ends in incoming:
        if ends is not None and prop.value == shape.source_property:
            for end in ends:
                add(shape.name("en"), _item(reading, end, lang, subject))
        elif ends is not None:
            for start in ends:
                add(shape.name("en", inverse=True), _item(reading, start, lang, subject))
        elif prop.value == _DCT_SOURCE or prop.value == _DCT_PART_OF:
            continue  # a source's sections and what cites a section: _source_relations
        elif prop.value == _ROLE:
            # pmo:role is deliberately generic: name the group after what points here
            add(_kind_group(reading, subject), qualified(_item(reading, subject, lang), (subject, prop, entity)))
        else:
            add(_property_name(reading, prop.value, True),
                qualified(_item(reading, subject, lang, subject if shape is not None else None), (subject, prop, entity)))
    _source_relations(reading, entity, lang, relations)

    for name, items in relations.items():
        # a symmetric relation (skos:related) is seen from both ends: keep each item once
        unique = {(item["iri"], item.get("via")): item for item in items}
        if name == "sections":
            relations[name] = list(unique.values())  # in the document's order
            continue
        relations[name] = sorted(unique.values(), key=lambda item: (
            item.get("kind") or "", _LEVEL_ORDER.get(item.get("requirement_level"), 0),
            item.get("order", 0), item["label"], item["iri"]))
    key = catalog.term(entity.value)
    return {
        "iri": entity.value,
        "curie": curie(entity.value),
        "kind": catalog.kind(key),
        "label": catalog.label(key, lang),
        "labels": catalog.labels(key),
        "name_notes": _name_notes(reading, entity, lang),
        "definitions": _texts(reading, entity, _SKOS_DEFINITION),
        "attributes": {name: dict(sorted(texts.items())) for name, texts in sorted(attributes.items())},
        "inferred_attributes": dict(sorted(inferred_attributes.items())),
        "relations": dict(sorted(relations.items())),
        "sources": _sources(reading, entity),
    }
