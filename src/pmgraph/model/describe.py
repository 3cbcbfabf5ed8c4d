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

from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .catalog import LABEL_PROPERTIES, Catalog
from .facts import fact_class_of
from ..namespaces import PM, PMO, curie

__all__ = ["describe", "source_info", "TEXT_PROPERTIES", "PROJECT_NOTES"]

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
    """``{"iri", "label", "document", "heading"}`` for a source (section) IRI (:meth:`Catalog.source_info`)."""
    return catalog.source_info(section)


def _sources(catalog: Catalog, subject: URIRef) -> list[dict[str, Any]]:
    return [source_info(catalog, s) for s in sorted(catalog.graph.objects(subject, DCTERMS.source), key=str)
            if isinstance(s, URIRef)]


def _item(catalog: Catalog, target: URIRef, lang: str, fact: URIRef | None = None) -> dict[str, Any]:
    item: dict[str, Any] = catalog.node(target, lang)
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
        item["sources"] = _sources(catalog, fact)
        words = _texts(catalog, fact, PMO.statedAs)
        if words:  # the cited source's own words for the item (a shared node keeps one label)
            item["words"] = {language: texts[0] for language, texts in words.items()}
        assertion = catalog.graph.value(fact, PMO.assertion)
        if assertion is not None:
            item["assertion"] = "inferred" if assertion == PM.Inferred else "stated"
    return item


def _is_requirement(catalog: Catalog, fact: URIRef) -> bool:
    """Whether ``fact`` is a skill requirement (of pmo:SkillRequirement or a subclass)."""
    shape = fact_class_of(catalog.graph, fact, catalog.fact_shapes)
    return shape is not None and shape.cls == PMO.SkillRequirement


def describe(catalog: Catalog, iri: URIRef, lang: str = "en") -> dict[str, Any]:
    """The JSON form of ``pmgraph show``::

        {"iri", "curie", "kind", "label", "labels": {lang: [...]}, "definitions": {lang: [...]},
         "attributes": {name: {lang: [...]}}, "relations": {name: [node + details]},
         "sources": [{"iri", "label", "document", "heading"}]}

    A relation item is a node (``iri``, ``label``, ``kind``) and, when a fact node stands
    for the relation, ``via`` (the fact's IRI), its ``sources`` and its details when it has
    them: ``move`` (kind of career move), ``requirement_level`` ("essential" / "optional"),
    ``importance`` and ``proficiency_level`` (O*NET ratings, numbers), and its texts by
    property name (``detail``, ``condition``...) as ``{lang: [text]}``.
    """
    graph = catalog.graph
    shapes = catalog.fact_shapes
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attributes: dict[str, dict[str, list[str]]] = {}

    for prop, value in sorted(graph.predicate_objects(iri)):
        if prop in _SKIPPED or prop == PMO.kindName:
            continue
        if isinstance(value, Literal):
            attributes[_property_name(catalog, prop, False)] = _texts(catalog, iri, prop)
        elif isinstance(value, URIRef):
            relations[_property_name(catalog, prop, False)].append(_item(catalog, value, lang))

    for subject, prop in sorted(graph.subject_predicates(iri)):
        if not isinstance(subject, URIRef) or prop == RDF.type or (subject, RDF.type, RDF.Statement) in graph:
            continue  # a link record (facts/readings.ttl) qualifies a link; it is not one
        shape = fact_class_of(graph, subject, shapes)
        if shape is not None and prop == shape.source_property:
            for end in sorted(graph.objects(subject, shape.target_property), key=str):
                relations[shape.name("en")].append(_item(catalog, end, lang, subject))
        elif shape is not None and prop == shape.target_property:
            for start in sorted(graph.objects(subject, shape.source_property), key=str):
                relations[shape.name("en", inverse=True)].append(_item(catalog, start, lang, subject))
        elif prop == DCTERMS.source or prop == DCTERMS.isPartOf:
            continue  # a section lists what cites it through `pmgraph search`, not here
        elif prop == PMO.role:
            # pmo:role is deliberately generic: name the group after what points here
            relations[_kind_group(catalog, subject)].append(_item(catalog, subject, lang))
        else:
            relations[_property_name(catalog, prop, True)].append(
                _item(catalog, subject, lang, subject if shape is not None else None))

    for name, items in relations.items():
        # a symmetric relation (skos:related) is seen from both ends: keep each item once
        unique = {(item["iri"], item.get("via")): item for item in items}
        relations[name] = sorted(unique.values(), key=lambda item: (
            item.get("kind") or "", _LEVEL_ORDER.get(item.get("requirement_level"), 0), item["label"], item["iri"]))
    return {
        "iri": str(iri),
        "curie": curie(iri),
        "kind": catalog.kind(iri),
        "label": catalog.label(iri, lang),
        "labels": catalog.labels(iri),
        "definitions": _texts(catalog, iri, SKOS.definition),
        "attributes": dict(sorted(attributes.items())),
        "relations": dict(sorted(relations.items())),
        "sources": _sources(catalog, iri),
    }
