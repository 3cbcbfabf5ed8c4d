"""The SHACL shapes (ontology/shapes.ttl) and the validate module.

Each file in tests/shapes/ is named after its expected outcome: ``*-valid*.ttl`` yields no
result at all, ``*-invalid-*.ttl`` exactly one violation and ``*-warning-*.ttl`` exactly
one warning. Each is validated together with vocabulary.ttl, facts/sources.ttl and
facts/schemes.ttl. The expected result (focus node, path, a fragment of the message) of
every file is listed in EXPECTED below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from pmgraph.namespaces import PM, PMO, PMSH
from pmgraph.kb.files import load_graph, ontology_dir
from pmgraph.validate import ValidationReport, Violation, bundled_shapes, shapes_path, validate

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "shapes"

#: file -> None (no result at all) or (severity, focus, path, fragment of the message).
EXPECTED: dict[str, tuple[str, str, str | None, str] | None] = {
    # labels
    "label-valid.ttl": None,
    "label-invalid-two-en.ttl": ("Violation", "pm:ExampleSkill", "skos:prefLabel", "two skos:prefLabel values in the same language"),
    "label-invalid-no-en.ttl": ("Violation", "pm:ExampleSkill", "skos:prefLabel", "has no English skos:prefLabel"),
    "label-invalid-untagged-alt.ttl": ("Violation", "pm:ExampleSkill", "skos:altLabel", 'skos:altLabel "ES" has no language tag'),
    "label-invalid-untyped.ttl": ("Violation", "pm:ExampleSkill", "rdf:type", "but no rdf:type"),
    "label-invalid-clash.ttl": ("Violation", "pm:ExampleSkillA", "skos:prefLabel", 'pm:ExampleSkillA and pm:ExampleSkillB have the same skos:prefLabel "Example skill"'),
    "label-invalid-alt-clash.ttl": ("Violation", "pm:ExampleSkillA", "skos:altLabel", 'pm:ExampleSkillA and pm:ExampleSkillB have the same skos:altLabel "ES"'),
    "label-valid-pref-is-another-alt.ttl": None,
    "label-invalid-pref-is-alt.ttl": ("Violation", "pm:ExampleSkill", "skos:prefLabel", "both as skos:prefLabel and as skos:altLabel"),
    "label-invalid-two-definitions.ttl": ("Violation", "pm:ExampleSkill", "skos:definition", "two skos:definition values in the same language"),
    "label-invalid-no-english-definition.ttl": ("Violation", "pm:ExampleSkill", "skos:definition", "has a skos:definition but none in English"),
    # roles and other entities
    "role-valid.ttl": None,
    "role-invalid-no-ja.ttl": ("Violation", "pm:ExampleRole", "skos:prefLabel", "has no Japanese skos:prefLabel"),
    "role-warning-no-ko.ttl": ("Warning", "pm:ExampleRole", "skos:prefLabel", "written in 'ko' but has no skos:prefLabel@ko"),
    "entity-valid-imported.ttl": None,
    "entity-valid-derived.ttl": None,
    "entity-invalid-no-source.ttl": ("Violation", "pm:ExampleTool", "dct:source|pmo:derivedBy", "has neither dct:source nor pmo:derivedBy"),
    "entity-invalid-source-is-document.ttl": ("Violation", "pm:ExampleTool", "dct:source", "dct:source pm:src000 is not a pmo:SourceSection"),
    "entity-invalid-undefined-source.ttl": ("Violation", "pm:ExampleTool", "dct:source", "dct:source pm:src000-s99 is not a pmo:SourceSection"),
    "entity-warning-no-ja.ttl": ("Warning", "pm:ExampleSkill", "skos:prefLabel", "written in 'ja' but has no skos:prefLabel@ja"),
    "skill-warning-no-type.ttl": ("Warning", "pm:ExampleSkill", "pmo:skillType", "has no pmo:skillType"),
    "class-invalid-undeclared.ttl": ("Violation", "pmo:Skil", None, "does not declare it as a class"),
    "domain-invalid-track-on-skill.ttl": ("Violation", "pm:ExampleSkill", None, "is not a pmo:CareerStage"),
    "domain-invalid-jobzone-on-skill.ttl": ("Violation", "pm:ExampleSkill", None, "uses pmo:focus, pmo:jobZone (properties of roles) but is not a pmo:Role"),
    "reference-invalid-undefined-related.ttl": ("Violation", "pm:ExampleSkill", "skos:related", "skos:related points to pm:NoSuchSkill, which nothing defines"),
    "reference-valid-external-match.ttl": None,
    # career stages
    "stage-valid.ttl": None,
    "stage-invalid-no-track.ttl": ("Violation", "pm:ExampleJunior", "pmo:track", "must have exactly one pmo:track"),
    "stage-invalid-two-levels.ttl": ("Violation", "pm:ExampleJunior", "pmo:level", "must have exactly one pmo:level"),
    "stage-invalid-level-zero.ttl": ("Violation", "pm:ExampleJunior", "pmo:level", 'pmo:level "0"^^xsd:integer is not a whole number of at least 1'),
    "stage-invalid-no-outlook.ttl": ("Violation", "pm:ExampleJunior", "pmo:outlook", "has no pmo:outlook"),
    "stage-invalid-no-english.ttl": ("Violation", "pm:ExampleJunior", "pmo:responsibilities", "has pmo:responsibilities text but none in English"),
    "stage-invalid-no-japanese.ttl": ("Violation", "pm:ExampleJunior", "pmo:responsibilities", "none in the language of its source ('ja')"),
    "stage-invalid-untagged.ttl": ("Violation", "pm:ExampleJunior", "pmo:outlook", 'pmo:outlook "untagged outlook" has no language tag'),
    # career transitions
    "transition-valid.ttl": None,
    "transition-valid-derived.ttl": None,
    "transition-invalid-two-from.ttl": ("Violation", "pm:move-ExampleJunior-ExampleSenior", "pmo:fromRole", "must have exactly one pmo:fromRole"),
    "transition-invalid-same-role.ttl": ("Violation", "pm:move-ExampleJunior-ExampleJunior", "pmo:fromRole", "leads from pm:ExampleJunior to itself"),
    "transition-invalid-no-movekind.ttl": ("Violation", "pm:move-ExampleJunior-ExampleSenior", "pmo:moveKind", "must have exactly one pmo:moveKind"),
    "transition-invalid-no-source.ttl": ("Violation", "pm:move-ExampleJunior-ExampleSenior", "dct:source|pmo:derivedBy", "has neither dct:source nor pmo:derivedBy"),
    "transition-invalid-source-and-derived.ttl": ("Violation", "pm:move-ExampleJunior-ExampleSenior", "dct:source|pmo:derivedBy", "both dct:source and pmo:derivedBy"),
    "transition-invalid-to-skill.ttl": ("Violation", "pm:move-ExampleJunior-ExampleSkill", "pmo:toRole", "pm:ExampleSkill, which is not a pmo:Role"),
    "transition-warning-promotion-down.ttl": ("Warning", "pm:move-ExampleSenior-ExampleJunior", "pmo:moveKind", "is a pm:Promotion but it does not lead to a higher pmo:level"),
    # skill requirements
    "requirement-valid.ttl": None,
    "requirement-valid-level-not-stated.ttl": None,
    "requirement-invalid-two-levels.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "pmo:requirementLevel", "has more than one pmo:requirementLevel"),
    "requirement-invalid-no-english-detail.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "pmo:detail", "has pmo:detail text but none in English"),
    "requirement-invalid-no-japanese-detail.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "pmo:detail", "none in the language of its source ('ja')"),
    "requirement-invalid-two-sources.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "dct:source|pmo:derivedBy", "has more than one dct:source"),
    "requirement-invalid-source-is-document.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "dct:source", "dct:source pm:src000 is not a pmo:SourceSection"),
    "requirement-invalid-undefined-mention.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "pmo:mentions", "pmo:mentions points to pm:NoSuchConcept, which nothing defines"),
    "requirement-invalid-skill-is-tool.ttl": ("Violation", "pm:req-ExampleRole-ExampleSkill", "pmo:skill", "pm:ExampleTool, which is not a pmo:Skill"),
    # duty assignments
    "duty-valid.ttl": None,
    "duty-invalid-no-order.ttl": ("Violation", "pm:duty-ExampleRole-1", "pmo:order", "must have exactly one pmo:order"),
    "duty-invalid-order-zero.ttl": ("Violation", "pm:duty-ExampleRole-1", "pmo:order", 'pmo:order "0"^^xsd:integer is not a whole number of at least 1'),
    "duty-invalid-duplicate-order.ttl": ("Violation", "pm:duty-ExampleRole-1", "pmo:order", "pm:duty-ExampleRole-1 and pm:duty-ExampleRole-2 are both number 1"),
    # tool uses, collaborations, learning steps, interview questions, trends
    "tooluse-valid.ttl": None,
    "tooluse-invalid-no-tool.ttl": ("Violation", "pm:tooluse-ExampleRole-1", "pmo:tool", "names no pmo:tool"),
    "tooluse-valid-imported.ttl": None,
    "tooluse-invalid-hot-not-listed.ttl": ("Violation", "pm:tooluse-ExampleImportedRole-1", "pmo:hotTechnology", "marks pm:ExampleSoftware with pmo:hotTechnology but does not list it with pmo:tool"),
    # job zones (O*NET)
    "jobzone-valid.ttl": None,
    "jobzone-invalid-not-a-zone.ttl": ("Violation", "pm:ExampleImportedRole", "pmo:jobZone", "pmo:jobZone points to pm:ExampleConcept, which is not a pmo:JobZone"),
    "jobzone-invalid-two-zones.ttl": ("Violation", "pm:ExampleImportedRole", "pmo:jobZone", "has more than one pmo:jobZone"),
    "collab-valid.ttl": None,
    "collab-invalid-no-activity.ttl": ("Violation", "pm:collab-ExampleRole-ExampleDepartment", "pmo:activity", "has no pmo:activity"),
    "learning-valid.ttl": None,
    "learning-invalid-no-recommends.ttl": ("Violation", "pm:learn-ExampleRole-1", "pmo:recommends", "recommends nothing"),
    "question-valid.ttl": None,
    "question-invalid-no-answer-points.ttl": ("Violation", "pm:q-ExampleRole-01", "pmo:answerPoints", "has no pmo:answerPoints"),
    "question-warning-no-mentions.ttl": ("Warning", "pm:q-ExampleRole-01", "pmo:mentions", "mentions nothing"),
    "trend-valid.ttl": None,
    "trend-invalid-no-definition.ttl": ("Violation", "pm:trend-ExampleRole-1", "skos:definition", "has no skos:definition"),
    # stated or inferred: fact nodes and link records
    "assertion-valid-stated.ttl": None,
    "assertion-valid-inferred.ttl": None,
    "assertion-invalid-none.ttl": ("Violation", "pm:duty-ExampleRole-1", None, "cites pm:src000-s2 but does not say whether it states it"),
    "assertion-invalid-inferred-no-reading.ttl": ("Violation", "pm:duty-ExampleRole-1", None, "is inferred but does not say how"),
    "assertion-invalid-stated-with-reading.ttl": ("Violation", "pm:duty-ExampleRole-1", None, "is stated but names a reading (pm:reading-example)"),
    "assertion-invalid-two.ttl": ("Violation", "pm:duty-ExampleRole-1", "pmo:assertion", "has more than one pmo:assertion"),
    "link-valid-stated.ttl": None,
    "link-invalid-unrecorded.ttl": ("Violation", "pm:q-ExampleRole-01", "pmo:testsSkill", "pm:q-ExampleRole-01 pmo:testsSkill pm:ExampleSkill: this link has 0 link records"),
    "link-invalid-not-in-graph.ttl": ("Violation", "pm:link-q-ExampleRole-01-testsSkill-ExampleDuty", None, "records a link that is not in the graph (pm:q-ExampleRole-01 pmo:testsSkill pm:ExampleDuty)"),
    # claims
    "claim-valid.ttl": None,
    "claim-invalid-no-about.ttl": ("Violation", "pm:claim-Example", "pmo:about", "must be pmo:about at least one pmo:Role"),
    # sources, vocabulary, file headers
    "section-valid.ttl": None,
    "section-invalid-no-document.ttl": ("Violation", "pm:srcExample-s1", "dct:isPartOf", "must be dct:isPartOf exactly one pmo:SourceDocument"),
    "section-invalid-no-heading.ttl": ("Violation", "pm:srcExample-s1", "pmo:heading", "has no pmo:heading"),
    "vocabulary-valid.ttl": None,
    "vocabulary-invalid-no-definition.ttl": ("Violation", "pmo:ExampleClass", "skos:definition", "has no English skos:definition"),
    "header-valid.ttl": None,
    "header-invalid-no-license.ttl": ("Violation", "https://w3id.org/pmgraph/facts/example", "dct:license", "must have exactly one dct:license"),
}


@pytest.fixture(scope="session")
def base_graph() -> Graph:
    """vocabulary.ttl + facts/sources.ttl + facts/schemes.ttl, parsed once."""
    graph = Graph()
    for name in ("vocabulary.ttl", "facts/sources.ttl", "facts/schemes.ttl"):
        graph.parse(ontology_dir() / name, format="turtle")
    return graph


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return bundled_shapes()


def _with_base(base_graph: Graph, path: Path) -> Graph:
    graph = Graph()
    graph += base_graph
    graph.parse(path, format="turtle")
    return graph


def _results(report: ValidationReport) -> list[tuple[str, str, str | None]]:
    return [(v.severity, v.focus, v.path) for v in report.violations]


# ---------------------------------------------------------------------------------------
# The example files
# ---------------------------------------------------------------------------------------


def test_every_example_file_is_listed_and_found():
    found = sorted(path.name for path in FIXTURES.glob("*.ttl"))
    assert len(found) == 90
    assert found == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_file_name_says_its_outcome(name):
    expected = EXPECTED[name]
    if "-valid" in name:
        assert expected is None
    elif "-invalid-" in name:
        assert expected is not None and expected[0] == "Violation"
    elif "-warning-" in name:
        assert expected is not None and expected[0] == "Warning"
    else:
        pytest.fail(f"{name} says neither valid, invalid nor warning")


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.slow
def test_example_file(name, base_graph, shapes):
    report = validate(_with_base(base_graph, FIXTURES / name), shapes)
    expected = EXPECTED[name]
    if expected is None:
        assert report.violations == (), report.as_text()
        assert report.conforms
        return
    severity, focus, path, fragment = expected
    assert _results(report) == [(severity, focus, path)], report.as_text()
    (result,) = report.violations
    assert fragment in result.message, result.message
    # placeholders are filled and pm: IRIs shortened
    assert "{$" not in result.message and "{?" not in result.message, result.message
    assert "https://w3id.org/pmgraph/id/" not in result.message, result.message
    assert result.shape.startswith("pmsh:")
    assert report.conforms is (severity != "Violation")


def test_base_graph_has_no_results(base_graph, shapes):
    """The vocabulary, the sources and the controlled values are clean on their own."""
    report = validate(base_graph, shapes)
    assert report.violations == (), report.as_text()


# ---------------------------------------------------------------------------------------
# The bundled ontology
# ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_bundled_ontology_conforms(graph):
    """vocabulary.ttl + every facts/*.ttl: no violations (warnings are listed, not failed)."""
    report = validate(graph)
    violations = [v for v in report.violations if v.severity == "Violation"]
    listing = "\n".join(f"{v.focus}  {v.path or '-'}  {v.message}" for v in violations)
    assert report.conforms, f"{len(violations)} violation(s):\n{listing}"


def test_bundled_ontology_uses_only_declared_pmo_terms(graph):
    """SHACL cannot cheaply list every predicate, so this is checked here: no misspelt pmo: term."""
    declared = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(PMO._NS))}
    used = {p for p in graph.predicates() if str(p).startswith(str(PMO._NS))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(PMO._NS))}
    assert sorted(used - declared) == []


@pytest.mark.slow
def test_a_users_own_ladder_is_well_formed():
    """tests/data/ladder.ttl (a company's ladder merged with --data) gets no result of its own."""
    report = validate(load_graph([TESTS / "data" / "ladder.ttl"]))
    own = [v for v in report.violations if v.focus.startswith("https://example.com/ladder/")]
    assert own == [], "\n".join(v.message for v in own)


# ---------------------------------------------------------------------------------------
# The shapes file
# ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_shapes_file_is_valid_shacl(shapes):
    """pySHACL's meta-shapes (SHACL-SHACL) accept the shapes graph."""
    import pyshacl

    conforms, _graph, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_shapes_file_header(shapes):
    ontology = URIRef("https://w3id.org/pmgraph/shapes")
    assert (ontology, RDF.type, OWL.Ontology) in shapes
    dct = rdflib.namespace.DCTERMS
    for predicate in (dct.title, dct.license, dct.created, dct.modified, OWL.versionInfo):
        assert shapes.value(ontology, predicate) is not None, predicate
    assert shapes_path().name == "shapes.ttl"


_CONSTRAINTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive,
    SH.pattern, SH.languageIn, SH.uniqueLang, SH.qualifiedValueShape, SH.disjoint,
    SH["or"], SH["not"], SH.node, SH["in"], SH.hasValue, SH.equals,
}


def test_every_constraint_has_a_message_and_a_severity(shapes):
    """Every named shape with a constraint (and every SPARQL constraint) says what is wrong."""
    checked = 0
    for shape in set(shapes.subjects()):
        if not str(shape).startswith(str(PMSH)):
            continue
        has_constraint = any((shape, p, None) in shapes for p in _CONSTRAINTS)
        sparql = list(shapes.objects(shape, SH.sparql))
        if not has_constraint and not sparql:
            continue
        if shape == PMSH.DefinedNode:  # used only inside sh:or; its results are never reported
            continue
        checked += 1
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        holders = sparql or [shape]
        for holder in holders:
            messages = [m for m in shapes.objects(holder, SH.message) if isinstance(m, Literal)]
            assert messages and all(m.language == "en" for m in messages), shape
    assert checked > 100


def test_every_kind_of_entity_is_targeted(shapes):
    """A class with a pmo:kindName (or a subclass of one) is checked by the label and provenance shapes."""
    vocabulary = Graph().parse(ontology_dir() / "vocabulary.ttl")
    kinds = set(vocabulary.subjects(PMO.kindName, None))

    def targeted(shape, cls):
        targets = set(shapes.objects(shape, SH.targetClass))
        return any(c in targets for c in vocabulary.transitive_objects(cls, RDFS.subClassOf))

    controlled_or_sources = {PMO.MoveKind, PMO.Focus, PMO.SkillType, PMO.RequirementLevel,
                             PMO.SourceDocument, PMO.SourceSection, PMO.AssertionStatus,
                             PMO.Inference}
    # Fact nodes that the README gives no name (no skos:prefLabel).
    unnamed_facts = {PMO.CareerTransition, PMO.SkillRequirement, PMO.DutyAssignment, PMO.ToolUse,
                     PMO.Collaboration}
    assert len(kinds) >= 30
    for cls in sorted(kinds):
        if cls in unnamed_facts:
            assert targeted(PMSH.FactProvenanceShape, cls), cls
            continue
        assert targeted(PMSH.EnglishLabelShape, cls), cls
        if cls in controlled_or_sources:
            continue
        assert targeted(PMSH.SourcedEntityShape, cls) or targeted(PMSH.FactProvenanceShape, cls), cls


def _property_shapes_on(shapes: Graph, path: URIRef) -> list:
    return [s for s in shapes.subjects(SH.path, path) if isinstance(s, URIRef)]


def _targets_subjects_of(shapes: Graph, shape, path: URIRef, vocabulary: Graph) -> bool:
    """Whether ``shape`` (or a node shape using it) targets the subjects of ``path``, or its domain."""
    owners = set(shapes.subjects(SH.property, shape)) | {shape}
    domains = set(vocabulary.objects(path, RDFS.domain))
    return any((owner, SH.targetSubjectsOf, path) in shapes
               or any((owner, SH.targetClass, d) in shapes for d in domains) for owner in owners)


def test_range_shapes_match_the_vocabulary(shapes):
    vocabulary = Graph().parse(ontology_dir() / "vocabulary.ttl")
    checked = 0
    for prop in vocabulary.subjects(RDF.type, OWL.ObjectProperty):
        for range_ in vocabulary.objects(prop, RDFS.range):
            matching = [s for s in _property_shapes_on(shapes, prop) if (s, SH["class"], range_) in shapes]
            assert matching, f"no shape checks that {prop} points to a {range_}"
            assert any(_targets_subjects_of(shapes, s, prop, vocabulary) for s in matching), prop
            checked += 1
    assert checked >= 25


def test_domain_shapes_match_the_vocabulary(shapes):
    vocabulary = Graph().parse(ontology_dir() / "vocabulary.ttl")
    checked = 0
    for prop, domain in vocabulary.subject_objects(RDFS.domain):
        shapes_for = [s for s in shapes.subjects(SH.targetSubjectsOf, prop) if (s, SH["class"], domain) in shapes]
        assert shapes_for, f"no shape checks that a subject of {prop} is a {domain}"
        checked += 1
    assert checked >= 30


def test_datatype_shapes_match_the_vocabulary(shapes):
    vocabulary = Graph().parse(ontology_dir() / "vocabulary.ttl")
    checked = 0
    for prop in vocabulary.subjects(RDF.type, OWL.DatatypeProperty):
        for datatype in vocabulary.objects(prop, RDFS.range):
            matching = [s for s in _property_shapes_on(shapes, prop) if (s, SH.datatype, datatype) in shapes]
            assert matching, f"no shape checks that {prop} is a {datatype}"
            assert any(_targets_subjects_of(shapes, s, prop, vocabulary) for s in matching), prop
            checked += 1
    assert checked >= 19


def test_text_properties_need_english_and_the_sources_words(shapes):
    vocabulary = Graph().parse(ontology_dir() / "vocabulary.ttl")
    sparql = str(shapes.value(shapes.value(PMSH.TextSourceLanguageShape, SH.sparql), SH.select))
    # pmo:heading and pmo:statedAs are the source's own words only: no translation is asked for.
    texts = [p for p in vocabulary.subjects(RDFS.range, RDF.langString) if p not in (PMO.heading, PMO.statedAs)]
    assert len(texts) >= 12
    for prop in texts:
        english = [s for s in _property_shapes_on(shapes, prop) if (s, SH.qualifiedValueShape, None) in shapes]
        assert english, f"no shape asks for an English {prop}"
        local = "pmo:" + str(prop).split("#")[1]
        assert local in sparql and (PMSH.TextSourceLanguageShape, SH.targetSubjectsOf, prop) in shapes, prop


# ---------------------------------------------------------------------------------------
# The report API
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mixed_report(base_graph, shapes) -> ValidationReport:
    """Two violations and one warning."""
    graph = Graph()
    graph += base_graph
    graph.parse(format="turtle", data="""
        @prefix pm: <https://w3id.org/pmgraph/id/> .
        @prefix pmo: <https://w3id.org/pmgraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        pm:ZTool a pmo:Tool ; skos:prefLabel "Z tool"@en .
        pm:ATool a pmo:Tool ; skos:prefLabel "A tool"@en , "Another tool"@en ; dct:source pm:src000-s3-tools .
        pm:ExampleRole a pmo:Role ; skos:prefLabel "Example role"@en ; dct:source pm:src002-s1 .
    """)
    return validate(graph, shapes)


def test_report_is_sorted_violations_first(mixed_report):
    assert _results(mixed_report) == [
        ("Violation", "pm:ATool", "skos:prefLabel"),
        ("Violation", "pm:ZTool", "dct:source|pmo:derivedBy"),
        ("Warning", "pm:ExampleRole", "skos:prefLabel"),
    ]
    assert not mixed_report.conforms
    assert all(isinstance(v, Violation) for v in mixed_report.violations)


def test_report_as_text(mixed_report):
    lines = mixed_report.as_text().splitlines()
    assert len(lines) == 4
    assert re.match(r"^Violation  pm:ATool\s+skos:prefLabel\s+pm:ATool has two skos:prefLabel", lines[0])
    assert lines[2].startswith("Warning    pm:ExampleRole")
    # columns line up
    assert lines[0].index("skos:prefLabel") == lines[1].index("dct:source|pmo:derivedBy")
    assert lines[-1] == "2 violations, 1 warning: does not conform"


def test_report_as_json(mixed_report):
    data = mixed_report.as_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"conforms", "violations"} and data["conforms"] is False
    assert data["violations"][0] == {
        "focus": "pm:ATool",
        "path": "skos:prefLabel",
        "message": mixed_report.violations[0].message,
        "severity": "Violation",
        "shape": "pmsh:LabelUniqueLang",
    }


def test_empty_report_text(base_graph, shapes):
    assert validate(base_graph, shapes).as_text() == "0 violations, 0 warnings: conforms"


def test_violation_is_frozen(mixed_report):
    with pytest.raises(AttributeError):
        mixed_report.violations[0].message = "changed"  # type: ignore[misc]


def test_validate_leaves_its_input_alone(base_graph, shapes):
    graph = Graph()
    graph += base_graph
    graph.parse(FIXTURES / "label-invalid-no-en.ttl")
    before = set(graph)
    validate(graph, shapes)
    assert set(graph) == before


@pytest.mark.slow
def test_validate_is_deterministic(base_graph, shapes):
    graph = _with_base(base_graph, FIXTURES / "duty-invalid-duplicate-order.ttl")
    graph.parse(FIXTURES / "label-invalid-alt-clash.ttl")
    assert validate(graph, shapes) == validate(graph, shapes)


def test_validate_reads_every_graph_of_a_dataset(base_graph, shapes):
    dataset = Dataset()
    defaults = dataset.graph(URIRef("urn:x-test:base"))
    defaults += base_graph
    dataset.graph(URIRef("urn:x-test:example")).parse(FIXTURES / "entity-invalid-no-source.ttl")
    assert _results(validate(dataset, shapes)) == [("Violation", "pm:ExampleTool", "dct:source|pmo:derivedBy")]


def test_bundled_shapes_are_a_fresh_graph_each_time():
    first = bundled_shapes()
    first.remove((None, None, None))
    assert len(bundled_shapes()) > 1000


def test_default_shapes_are_the_bundled_ones(base_graph):
    graph = _with_base(base_graph, FIXTURES / "role-invalid-no-ja.ttl")
    assert _results(validate(graph)) == [("Violation", "pm:ExampleRole", "skos:prefLabel")]
    assert (PM.ExampleRole, RDF.type, PMO.Role) in graph
