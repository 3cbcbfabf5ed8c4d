"""Everything the graph says about one entity, grouped for people and scripts.

This is what ``pmgraph show`` prints. Relations are grouped by name: outgoing triples by
the property's label, incoming ones by its ``pmo:inverseLabel``, and fact nodes (skill
requirements, transitions, ...) as the edges they stand for, each item with the fact's
details (kind of move; requirement level and, for O*NET, importance and proficiency level)
and sources.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> info = describe(Catalog(load_graph()), PM.TechPM)
    >>> info["kind"], "requires skill" in info["relations"]
    ('role', True)
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .catalog import LABEL_PROPERTIES, Catalog
from .facts import fact_class_of
from ..namespaces import PM, PMO, curie

__all__ = ["describe", "source_info", "link_records", "TEXT_PROPERTIES", "PROJECT_NOTES"]

#: Literal properties of a fact node shown with each relation item, in this order.
TEXT_PROPERTIES = (PMO.detail, PMO.content, PMO.purpose, PMO.goal, PMO.condition, PMO.activity)
_SKIPPED = {RDF.type, SKOS.definition, DCTERMS.source, *LABEL_PROPERTIES}
#: Essential requirements are listed before optional ones.
_LEVEL_ORDER = {"essential": 0, "optional": 1}
#: Names of standard (non-pmgraph) properties: (forward, inverse). pmgraph's own come from the vocabulary.
STANDARD_NAMES: dict[URIRef, tuple[str, str]] = {
    SKOS.broader: ("broader", "narrower"),
    SKOS.narrower: ("narrower", "broader"),
    SKOS.related: ("related", "related"),
    SKOS.closeMatch: ("close match", "close match of"),
    SKOS.exactMatch: ("exact match", "exact match of"),
    SKOS.broadMatch: ("broad match", "narrow match of"),
    SKOS.narrowMatch: ("narrow match", "broad match of"),
    SKOS.editorialNote: ("editorial note", "editorial note of"),
    SKOS.scopeNote: ("scope note", "scope note of"),
    SKOS.note: ("note", "note of"),
    SKOS.example: ("example", "example of"),
    RDFS.seeAlso: ("see also", "see also of"),
    RDFS.comment: ("comment", "comment of"),
    DCTERMS.isPartOf: ("part of", "parts"),
}


#: The names of the attributes that are the project's own notes, not what a source records.
PROJECT_NOTES = frozenset(STANDARD_NAMES[prop][0] for prop in (SKOS.editorialNote, SKOS.scopeNote))


def _texts(catalog: Catalog, subject: URIRef, prop: URIRef) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for value in sorted(catalog.graph.objects(subject, prop)):
        if isinstance(value, Literal):
            by_lang[value.language or ""].append(str(value))
    return dict(sorted(by_lang.items()))


def _property_name(catalog: Catalog, prop: URIRef, inverse: bool, lang: str = "en") -> str:
    graph = catalog.graph
    if prop in STANDARD_NAMES:
        return STANDARD_NAMES[prop][1 if inverse else 0]
    if inverse:
        names = {v.language: str(v) for v in graph.objects(prop, PMO.inverseLabel) if isinstance(v, Literal)}
        if names:
            return names.get(lang) or names.get("en") or next(iter(names.values()))
        return f"inverse of {_property_name(catalog, prop, False, lang)}"
    names = {v.language: str(v) for v in graph.objects(prop, RDFS.label) if isinstance(v, Literal)}
    return names.get(lang) or names.get("en") or curie(prop)


def _kind_group(catalog: Catalog, subject: URIRef) -> str:
    """"interview questions", "trends", ...: the plural English label of the subject's kind class."""
    kind = catalog.kind(subject)
    for cls in catalog.graph.subjects(PMO.kindName, Literal(kind)):
        for label in catalog.graph.objects(cls, RDFS.label):
            if isinstance(label, Literal) and label.language == "en":
                return f"{label.lower()}s"
    return _property_name(catalog, PMO.role, True)


def source_info(catalog: Catalog, section: URIRef) -> dict[str, Any]:
    """``{"iri", "label", "document", "heading"}`` for a source (section) IRI."""
    graph = catalog.graph
    document = graph.value(section, DCTERMS.isPartOf)
    heading = graph.value(section, PMO.heading)
    return {
        "iri": str(section),
        "label": catalog.label(section, "en"),
        "document": str(document) if document is not None else None,
        "heading": str(heading) if heading is not None else None,
    }


def _sources(catalog: Catalog, subject: URIRef) -> list[dict[str, Any]]:
    return [source_info(catalog, s) for s in sorted(catalog.graph.objects(subject, DCTERMS.source), key=str)
            if isinstance(s, URIRef)]


def _item(catalog: Catalog, target: URIRef, lang: str, fact: URIRef | None = None) -> dict[str, Any]:
    item: dict[str, Any] = catalog.node(target, lang)
    order = catalog.graph.value(target, PMO.order)
    if isinstance(order, Literal) and str(order).isdigit():
        item["order"] = int(order)  # a learning step's or question's place in its source
    if fact is not None:
        item["via"] = str(fact)
        move = catalog.graph.value(fact, PMO.moveKind)
        if move is not None:
            item["move"] = catalog.label(move, "en")
        level = catalog.graph.value(fact, PMO.requirementLevel)
        if level is not None:
            item["requirement_level"] = catalog.label(level, "en")
        elif _is_requirement(catalog, fact):
            item["requirement_level"] = None  # no source states one: shown as "level not stated"
        for prop, key in ((PMO.importance, "importance"), (PMO.proficiencyLevel, "proficiency_level")):
            rating = catalog.graph.value(fact, prop)
            if isinstance(rating, Literal):
                item[key] = float(rating)
        for prop in TEXT_PROPERTIES:
            texts = _texts(catalog, fact, prop)
            if texts:
                item[_property_name(catalog, prop, False)] = texts
        _provenance(catalog, fact, item)
        shape = fact_class_of(catalog.graph, fact, catalog.fact_shapes)
        if shape is not None and len(set(catalog.graph.objects(fact, shape.target_property))) > 1:
            item.pop("words", None)  # a row naming several (Slack, Microsoft Teams): its words are the row's
    return item


def _provenance(catalog: Catalog, node: URIRef, item: dict[str, Any]) -> dict[str, Any]:
    """Give ``item`` what ``node`` (a fact node or a link record) says of where it comes from:
    ``sources``, the cited source's own ``words`` for the item (a shared node keeps one label)
    and ``assertion`` ("stated" / "inferred") where the node records one."""
    item["sources"] = _sources(catalog, node)
    words = _texts(catalog, node, PMO.statedAs)
    if words:
        item["words"] = {language: texts[0] for language, texts in words.items()}
    assertion = catalog.graph.value(node, PMO.assertion)
    if assertion is not None:
        item["assertion"] = "inferred" if assertion == PM.Inferred else "stated"
    return item


def link_records(graph, iri: URIRef) -> dict[tuple, URIRef]:
    """The link records (``rdf:Statement``, ontology/facts/readings.ttl) of the triples that
    start or end at ``iri``, by ``(subject, predicate, object)``: each says whether its
    source states the link or the project inferred it.

        >>> from pmgraph.kb.files import load_graph
        >>> records = link_records(load_graph(), PM.SpecialistTPM)
        >>> [str(record) for (_, prop, _), record in records.items() if prop == PMO.level]
        ['https://w3id.org/pmgraph/id/link-SpecialistTPM-level-3']
    """
    records: dict[tuple, URIRef] = {}
    for position in (RDF.subject, RDF.object):
        for record in graph.subjects(position, iri):
            if isinstance(record, URIRef) and (record, RDF.type, RDF.Statement) in graph:
                key = (graph.value(record, RDF.subject), graph.value(record, RDF.predicate),
                       graph.value(record, RDF.object))
                records[key] = record
    return records


def _is_requirement(catalog: Catalog, fact: URIRef) -> bool:
    """Whether ``fact`` is a skill requirement (of pmo:SkillRequirement or a subclass)."""
    shape = fact_class_of(catalog.graph, fact, catalog.fact_shapes)
    return shape is not None and shape.cls == PMO.SkillRequirement


def _natural(text: str) -> list:
    """A sort key that orders ``src002-s2`` before ``src002-s10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _source_relations(catalog: Catalog, iri: URIRef, lang: str,
                      relations: dict[str, list[dict[str, Any]]]) -> None:
    """What a source document or section is about: a document's ``sections`` (with the heading
    each has in the source), the ``cited pages`` (with their ``url``) and the ``claims`` it makes; a section's ``cited for``: the
    entities whose facts cite it."""
    graph = catalog.graph
    kind = catalog.kind(iri)
    if kind == "source":
        sections = sorted((s for s in graph.subjects(DCTERMS.isPartOf, iri) if isinstance(s, URIRef)),
                          key=lambda section: _natural(str(section)))
        for section in sections:
            item = catalog.node(section, lang)
            heading = graph.value(section, PMO.heading)
            item["heading"] = str(heading) if heading is not None else None
            relations["sections"].append(item)
            for page in graph.objects(section, PMO.cites):
                if isinstance(page, URIRef):
                    cited = catalog.node(page, lang)
                    url = graph.value(page, PMO.url)
                    cited["url"] = str(url) if url is not None else None
                    relations["cited pages"].append(cited)
        claims = {claim for section in sections for claim in graph.subjects(DCTERMS.source, section)
                  if (claim, RDF.type, PMO.Claim) in graph}
        relations["claims"] += [_provenance(catalog, claim, catalog.node(claim, lang)) for claim in claims]
    elif kind == "section":
        shapes = catalog.fact_shapes
        cited: set[URIRef] = set()
        for subject in graph.subjects(DCTERMS.source, iri):
            shape = fact_class_of(graph, subject, shapes)
            if shape is not None:
                cited.update(e for e in graph.objects(subject, shape.target_property) if isinstance(e, URIRef))
            elif (subject, RDF.type, RDF.Statement) in graph:
                cited.update(e for e in (graph.value(subject, RDF.object),) if isinstance(e, URIRef))
            elif isinstance(subject, URIRef) and catalog.kind(subject) is not None:
                cited.add(subject)
        relations["cited for"] += [catalog.node(entity, lang) for entity in cited if catalog.kind(entity) is not None]


def _name_notes(catalog: Catalog, iri: URIRef, lang: str) -> list[str]:
    """One line per claim saying the sources use this entity's name for another role too
    (``pmo:sameNameAs``: source 000's "Tech PM" is the product role, source 002's the project one)."""
    graph = catalog.graph
    claims = {claim for claim in graph.subjects(PMO.sameNameAs, iri)}
    claims |= {claim for claim in graph.subjects(PMO.about, iri) if (claim, PMO.sameNameAs, None) in graph}
    return [f"{catalog.label(claim, lang)} ({'; '.join(s['label'] for s in _sources(catalog, claim))})"
            for claim in sorted(claims, key=str)]


def describe(catalog: Catalog, iri: URIRef, lang: str = "en", *, stated_only: bool = False) -> dict[str, Any]:
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

        >>> from pmgraph.kb.files import load_graph
        >>> info = describe(Catalog(load_graph()), PM.SpecialistTPM)
        >>> info["attributes"]["level"], [s["label"] for s in info["inferred_attributes"]["level"]]
        ({'': ['3']}, ['Source 001 § 5 Career path'])
    """
    graph = catalog.graph
    shapes = catalog.fact_shapes
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attributes: dict[str, dict[str, list[str]]] = {}
    inferred_attributes: dict[str, list[dict[str, Any]]] = {}
    records = link_records(graph, iri)

    def qualified(item: dict[str, Any], triple: tuple) -> dict[str, Any]:
        record = records.get(triple)
        return item if record is None else _provenance(catalog, record, item)

    def add(name: str, item: dict[str, Any]) -> None:
        if not (stated_only and item.get("assertion") == "inferred"):
            relations[name].append(item)

    for prop, value in sorted(graph.predicate_objects(iri)):
        if prop in _SKIPPED or prop == PMO.kindName:
            continue
        if isinstance(value, Literal):
            name = _property_name(catalog, prop, False)
            record = records.get((iri, prop, value))
            inferred = record is not None and graph.value(record, PMO.assertion) == PM.Inferred
            if inferred and stated_only:
                continue
            if inferred:
                inferred_attributes[name] = _sources(catalog, record)
            attributes.setdefault(name, {}).setdefault(value.language or "", []).append(str(value))
        elif isinstance(value, URIRef):
            add(_property_name(catalog, prop, False), qualified(_item(catalog, value, lang), (iri, prop, value)))

    for subject, prop in sorted(graph.subject_predicates(iri)):
        if not isinstance(subject, URIRef) or prop == RDF.type or (subject, RDF.type, RDF.Statement) in graph:
            continue  # a link record (facts/readings.ttl) qualifies a link; it is not one
        shape = fact_class_of(graph, subject, shapes)
        if shape is not None and prop == shape.source_property:
            for end in sorted(graph.objects(subject, shape.target_property), key=str):
                add(shape.name("en"), _item(catalog, end, lang, subject))
        elif shape is not None and prop == shape.target_property:
            for start in sorted(graph.objects(subject, shape.source_property), key=str):
                add(shape.name("en", inverse=True), _item(catalog, start, lang, subject))
        elif prop == DCTERMS.source or prop == DCTERMS.isPartOf:
            continue  # a source's sections and what cites a section: _source_relations
        elif prop == PMO.role:
            # pmo:role is deliberately generic: name the group after what points here
            add(_kind_group(catalog, subject), qualified(_item(catalog, subject, lang), (subject, prop, iri)))
        else:
            add(_property_name(catalog, prop, True),
                qualified(_item(catalog, subject, lang, subject if shape is not None else None), (subject, prop, iri)))
    _source_relations(catalog, iri, lang, relations)

    for name, items in relations.items():
        # a symmetric relation (skos:related) is seen from both ends: keep each item once
        unique = {(item["iri"], item.get("via")): item for item in items}
        if name == "sections":
            relations[name] = list(unique.values())  # in the document's order
            continue
        relations[name] = sorted(unique.values(), key=lambda item: (
            item.get("kind") or "", _LEVEL_ORDER.get(item.get("requirement_level"), 0),
            item.get("order", 0), item["label"], item["iri"]))
    return {
        "iri": str(iri),
        "curie": curie(iri),
        "kind": catalog.kind(iri),
        "label": catalog.label(iri, lang),
        "labels": catalog.labels(iri),
        "name_notes": _name_notes(catalog, iri, lang),
        "definitions": _texts(catalog, iri, SKOS.definition),
        "attributes": {name: dict(sorted(texts.items())) for name, texts in sorted(attributes.items())},
        "inferred_attributes": dict(sorted(inferred_attributes.items())),
        "relations": dict(sorted(relations.items())),
        "sources": _sources(catalog, iri),
    }
