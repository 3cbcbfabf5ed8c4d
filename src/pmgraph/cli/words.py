"""Words the CLI shows that come from the library or the vocabulary, in the display language.

Kind names (``role``, ``skill``), requirement levels and the names of relations in ``show``
are stable English in JSON. In text, a relation is named by the vocabulary's own label in
the display language (``pmo:edgeLabel "必要なスキル"@ja``) when it has one, else through
the gettext catalog (:mod:`pmgraph.i18n`), where the constant English words below are
marked for extraction.

    >>> from pmgraph.i18n import set_language
    >>> set_language("ja"); kind_word("skill"), kind_word(None); set_language("en")
    ('スキル', 'エンティティ')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..i18n import N_, _, language

__all__ = ["kind_word", "relation_word", "KIND_WORDS", "RELATION_WORDS"]

#: Kind names as the CLI shows them (``pmgraph list KIND`` takes the English ones).
KIND_WORDS = (
    N_("entity"), N_("assertion-status"), N_("benefit"), N_("book"), N_("certification"), N_("cited-page"),
    N_("claim"), N_("collaboration"), N_("concept"), N_("course"), N_("department"), N_("duty"),
    N_("duty-assignment"), N_("employer-type"), N_("equipment"), N_("focus"), N_("inference"), N_("job-zone"),
    N_("learning-step"), N_("move-kind"), N_("organization"), N_("practice"), N_("problem"), N_("question"),
    N_("requirement-level"), N_("resource"), N_("role"), N_("section"), N_("skill"), N_("skill-requirement"),
    N_("skill-type"), N_("source"), N_("stage"), N_("tool"), N_("tool-category"), N_("tool-use"), N_("track"),
    N_("transition"), N_("trend"), N_("occupation"),
    # requirement levels, and the library's words for a similarity measure
    N_("essential"), N_("optional"),
    N_("Jaccard index: the items all compared roles share divided by the items any of them has, "
       "over every kind compared; requirement levels are not weighed"),
)
#: Relation names that do not come from the vocabulary's labels (SKOS, RDFS, Dublin Core),
#: and the groups ``show`` names after the kind of what points at an entity.
RELATION_WORDS = (
    N_("broader"), N_("narrower"), N_("related"), N_("close match"), N_("close match of"), N_("exact match"),
    N_("exact match of"), N_("broad match"), N_("narrow match of"), N_("narrow match"), N_("broad match of"),
    N_("editorial note"), N_("editorial note of"), N_("scope note"), N_("scope note of"), N_("note"),
    N_("note of"), N_("example"), N_("example of"), N_("see also"), N_("see also of"), N_("comment"),
    N_("comment of"), N_("part of"), N_("parts"), N_("interview questions"), N_("trends"), N_("learning steps"),
    N_("claims"), N_("inverse of same name as"),
    # attributes a gap note names when the sources record no requirement for a role
    N_("main responsibilities"), N_("outlook"), N_("level"),
    # the vocabulary's relation names (its rdfs:label / pmo:edgeLabel / pmo:inverseLabel @en): shown
    # by the vocabulary's own label where it has one in the display language (Japanese), else from here
    N_("about"), N_("about this role"), N_("activity"), N_("address"), N_("addressed by"), N_("addresses"),
    N_("answer points"), N_("assertion status"), N_("benefit of"), N_("builds skill"), N_("built by"),
    N_("carried by"), N_("caused by"), N_("causes"), N_("cited by"), N_("cites"), N_("claims focus"),
    N_("collaborates with"), N_("collaborates with role"), N_("comes from"), N_("condition"),
    N_("content and purpose"), N_("counterpart"), N_("counterpart in"), N_("derived by"), N_("detail"),
    N_("edge from"), N_("edge label"), N_("edge to"), N_("example organisations"), N_("examples"),
    N_("facts with this status"), N_("file name"), N_("from role"), N_("goal"), N_("has duty"), N_("heading"),
    N_("hired by"), N_("hires"), N_("hot technology"), N_("hot technology in"), N_("how the role is used"),
    N_("importance"), N_("in"), N_("in demand in"), N_("in-demand technology"), N_("inverse label"),
    N_("involved in"), N_("involves role"), N_("job zone"), N_("kind name"), N_("kind of employer"),
    N_("kind of move"), N_("made more important by"), N_("mentioned by"), N_("mentions"), N_("moves of this kind"),
    N_("moves to"), N_("needed by"), N_("order"), N_("organisation"), N_("practices"), N_("proficiency level"),
    N_("purpose"), N_("raises importance of"), N_("recommended by"), N_("recommends"), N_("relatedness"),
    N_("requirement level"), N_("requirements at this level"), N_("requires skill"), N_("roles in this job zone"),
    N_("roles with this focus"), N_("runs"), N_("same name as"), N_("significance"), N_("skill type"),
    N_("skills of this type"), N_("stages"), N_("stated as"), N_("tested by"), N_("tests skill"), N_("to role"),
    N_("tool category"), N_("tool uses"), N_("used by"), N_("uses tool"),
)


def kind_word(kind: str | None, default: str = "entity") -> str:
    """A kind name (``None``: ``default``) in the display language."""
    return _(kind or default) if (kind or default) else ""


def relation_word(base: Any, name: str) -> str:
    """The name of a relation or attribute of ``show``, or of a kind of move (English, as in
    JSON), in the display language: the vocabulary's label in that language, else the
    catalog's translation."""
    if language() == "en":
        return name
    if base is not None:
        shown = _vocabulary_names(base, language()).get(name)
        if shown:
            return shown
    return _(name)


@lru_cache(maxsize=8)
def _vocabulary_names(base: Any, lang: str) -> dict[str, str]:
    """English label -> label in ``lang`` of the vocabulary's properties, fact classes and kinds
    of move, read from the knowledge base ``base`` (:meth:`~pmgraph.kb.base.KnowledgeBase.graph_triples`)."""
    from ..iris import PMO_NS, PREFIXES, RDF_NS, RDF_TYPE, RDFS_NS, SKOS_NS

    owl = PREFIXES["owl"]
    triples = base.graph_triples()
    named = set()
    for kind in (owl + "ObjectProperty", owl + "DatatypeProperty", owl + "AnnotationProperty", RDF_NS + "Property"):
        named.update(triples.subjects(RDF_TYPE, kind))
    names: dict[str, str] = {}
    moves = set(triples.subjects(RDF_TYPE, PMO_NS + "MoveKind"))
    for predicate, subjects in ((RDFS_NS + "label", named), (PMO_NS + "edgeLabel", None), (PMO_NS + "inverseLabel", None),
                                (SKOS_NS + "prefLabel", moves)):
        for subject in (subjects if subjects is not None else set(triples.subjects(predicate, None))):
            values = [value for value in triples.objects(subject, predicate) if value.kind == "literal"]
            english = [value.value for value in values if value.language == "en"]
            wanted = [value.value for value in values if value.language == lang]
            if english and wanted:
                names.setdefault(english[0], wanted[0])
    return names
