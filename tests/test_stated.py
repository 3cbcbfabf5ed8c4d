"""Stated apart from inferred, and sources a reader can follow (issue 11), in every view.

The bundled ontology records, for every fact node and every extra link, whether its source
states it or the project inferred it (ontology/facts/readings.ttl). These tests walk every
inferred link and check that no view presents it as stated, that --stated-only leaves it
out, and that a source can be looked up: its sections, the pages it cites, its claims.
"""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from pmgraph import kb
from pmgraph.careers import reports
from pmgraph.careers.readings import readings
from pmgraph.model.describe import describe
from pmgraph.namespaces import PM, PMO

ID = "https://w3id.org/pmgraph/id/"


def as_json(run, *args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def inferred_records(graph):
    records = [(graph.value(r, RDF.subject), graph.value(r, RDF.predicate), graph.value(r, RDF.object), r)
               for r in graph.subjects(PMO.assertion, PM.Inferred) if (r, RDF.type, RDF.Statement) in graph]
    assert len(records) == 98, "the link records of ontology/facts/readings.ttl"
    return records


def items_for(info, iri):
    return [item for items in info["relations"].values() for item in items if item["iri"] == str(iri)]


# -- show -------------------------------------------------------------------------------------
def test_show_marks_every_inferred_link_from_both_ends_and_stated_only_drops_it(graph, catalog):
    for subject, prop, obj, record in inferred_records(graph):
        for here, there in ((subject, obj), (obj, subject)):
            if not isinstance(here, URIRef):
                continue
            info = describe(catalog, here)
            if isinstance(there, URIRef):
                shown = items_for(info, there)
                assert shown and all(item["assertion"] == "inferred" for item in shown), (record, here)
                assert not items_for(describe(catalog, here, stated_only=True), there), (record, here)
            else:  # a literal: the specialist TPM's level
                name = next(n for n, texts in info["attributes"].items() if str(there) in texts.get("", []))
                assert [s["iri"] for s in info["inferred_attributes"][name]] == [ID + "src001-s5"]
                assert name not in describe(catalog, here, stated_only=True)["attributes"]


def test_show_text_says_inferred_and_keeps_the_sources_words(run):
    result = run("show", "cloud computing")
    assert result.exit_code == 0
    assert ("  - What architectural measures are needed to achieve 99.99% availability (Four Nines)? (question)"
            "  [inferred from Source 000 § 9 Interview questions]\n") in result.stdout
    assert ("  - Acquire expertise in cloud and infrastructure (learning-step)"
            "  [Source 000 § 7 How to learn: 「クラウドとインフラストラクチャの専門知識」]\n") in result.stdout
    stated = run("show", "cloud computing", "--stated-only")
    assert "tested by" not in stated.stdout and "(question)" not in stated.stdout
    assert "Acquire expertise in cloud and infrastructure" in stated.stdout
    level = run("show", "specialist TPM")
    assert "\nlevel (inferred from Source 001 § 5 Career path):\n  3\n" in level.stdout
    assert "\nlevel" not in run("show", "specialist TPM", "--stated-only").stdout


# -- sources ----------------------------------------------------------------------------------
def test_show_a_source_lists_its_sections_pages_and_claims(run):
    info = as_json(run, "show", "Source 002")
    assert info["kind"] == "source"
    assert [(item["curie"] if "curie" in item else item["iri"].removeprefix(ID), item["heading"])
            for item in info["relations"]["sections"]] == [
        ("src002-s0", "Tech PM(Project Manager)이란 무엇일까?"),
        ("src002-s1", "Tech PM 구글에 찾아보면…"),
        ("src002-s2", "Technical PM 업무 소개서(Job Description) 보기"),
        ("src002-s3", "TAM(Technical Account Manager)은 또 뭐지?"),
        ("src002-s4", "Technical Program Manager도 있네?"),
        ("src002-s5", "Tech PM, 프로젝트 매니저든 프로그램 매니저든")]
    pages = {item["label"]: item["url"] for item in info["relations"]["cited pages"]}
    assert len(pages) == 7
    assert pages["Amazon Jobs: Technical Program Manager"] == (
        "https://www.amazon.jobs/en/jobs/990061/technical-program-manager")
    assert pages['"Product, program, project manager? What is the difference?"'] is None
    conclusion = next(item for item in info["relations"]["claims"] if "conclusion of source 002" in item["label"])
    assert conclusion["words"] == {"ko": "어떤 역량과 경험을 가지고 일하는지에 따라 PM 역할은 달라질 수 있다. "
                                         "Tech PM이라는 역할에 갇히지말고 역량을 키우자"}
    assert [s["iri"] for s in conclusion["sources"]] == [ID + "src002-s5"]
    text = run("show", "Source 003").stdout
    assert "dct:creator:\n  Goto, product manager for the authentication domain at kubell\n" in text


def test_every_citation_names_a_source_that_show_finds(run, graph):
    sections = set(graph.subjects(RDF.type, PMO.SourceSection))
    assert len(sections) > 30
    for section in sections:
        document = graph.value(section, URIRef("http://purl.org/dc/terms/isPartOf"))
        assert document is not None, section
    info = as_json(run, "show", "Source 000 § 5")
    assert info["relations"]["part of"][0]["iri"] == ID + "src000"
    cited = {item["iri"].removeprefix(ID) for item in info["relations"]["cited for"]}
    assert {"CTO", "TechPM", "SeniorTechPM"} <= cited
    found = as_json(run, "search", "What is Tech PM")
    assert found["results"][0]["iri"] == ID + "src002"


def test_list_keeps_learning_steps_in_the_sources_order(run):
    result = as_json(run, "list", "learning-step")
    assert [item["iri"].removeprefix(ID) for item in result["items"]] == (
        [f"learn-TechPM-{n}" for n in range(1, 7)] + [f"learn-TechnicalProgramManager-{n}" for n in range(1, 8)])
    steps = as_json(run, "show", "Tech PM")["relations"]["learning steps"]
    assert [item["order"] for item in steps] == [1, 2, 3, 4, 5, 6]


# -- careers ----------------------------------------------------------------------------------
def test_gap_cites_each_item_in_its_sources_words_and_marks_inferred_links():
    base = kb.open()
    report = reports.gap(base, "Tech PM", "TPM").as_json()
    departments = {node["iri"].removeprefix(ID): node["citations"] for node in report["missing"]["department"]}
    assert departments["LegalComplianceSecurity"] == [{
        "sources": [base.source(ID + "src001-s4")], "words": "法務・コンプライアンス・セキュリティ部門",
        "inferred": False}]
    found = readings(base)
    for entry in report["questions"]:
        for question in entry["questions"]:
            expected = (question["iri"], "testsSkill", entry["skill"]["iri"]) in found.links
            assert question["inferred"] is expected
    assert any(q["inferred"] for entry in report["questions"] for q in entry["questions"])
    stated = reports.gap(base, "Tech PM", "TPM", stated_only=True).as_json()
    assert not any(q["inferred"] for entry in stated["questions"] for q in entry["questions"])
    assert not any(r["inferred"] for entry in stated["learning"] for r in entry["resources"])
    assert stated["notes"][-1].startswith("--stated-only: links the project inferred")


def test_gap_text_lists_inferred_material_apart(run):
    result = run("gap", "senior engineer", "Tech PM")
    assert result.exit_code == 0
    assert ("  - database and data design  [Source 000 § 3 Hard skills table: 「データベースとデータ設計」]\n"
            "      learn with (inferred link): Designing Data-Intensive Applications,\n") in result.stdout
    assert "      asked (inferred link): What patterns do you use to guarantee data consistency between services?\n" \
        in result.stdout
    assert "(inferred link)" not in run("gap", "senior engineer", "Tech PM", "--stated-only").stdout


def test_path_and_next_keep_to_stated_moves_with_stated_only(run):
    moves = as_json(run, "next", "Senior TPM")["moves"]
    assert {(m["role"]["iri"].removeprefix(ID), m["inferred"]) for m in moves} == {
        ("PrincipalTPM", False), ("SpecialistTPM", True)}
    stated = as_json(run, "next", "Senior TPM", "--stated-only")["moves"]
    assert [m["role"]["iri"].removeprefix(ID) for m in stated] == ["PrincipalTPM"]
    assert as_json(run, "path", "Senior TPM", "specialist TPM")["paths"][0]["steps"][0]["inferred"] is True
    result = run("path", "Senior TPM", "specialist TPM", "--stated-only")
    assert result.exit_code == 1
    assert result.stderr == ("pmgraph: error: no path from Senior TPM to specialist TPM: no move into specialist TPM "
                             "is recorded (--stated-only: over the moves the sources state)\n")


def test_compare_shows_how_and_when_inherited_from_the_broader_roles(run):
    result = as_json(run, "compare", "TPM", "technical project manager")
    only = result["claims"]["only"]
    how = [c for c in only[ID + "TechnicalProgramManager"] if c["focus"] == ["how"]]
    when = [c for c in only[ID + "TechnicalProjectManager"] if c["focus"] == ["when"]]
    assert [(c["claim"]["iri"].removeprefix(ID), c["about"][0]["stated_on"]["iri"].removeprefix(ID),
             c["about"][0]["inherited"], c["words"]) for c in how + when] == [
        ("claim-002-program-manager-how", "ProgramManager", True, "어떻게 제품을 만들지, How에 집중하는 역할로 이해했다."),
        ("claim-002-project-manager-when", "ProjectManager", True,
         "제품을 언제까지 만들 수 있을지, 언제 내보낼 수 있을지 When에 집중하는 역할로 이해했다.")]
    text = run("compare", "TPM", "technical project manager").stdout
    assert ("    - A program manager focuses on how to build the product (How) (inherited from program manager; "
            "focus: how)  [Source 002 § There is a Technical Program Manager too]\n") in text
    assert ("    - A project manager focuses on when the product can be built and shipped (When) (inherited from "
            "project manager; focus: when)  [Source 002 § There is a Technical Program Manager too]\n") in text


@pytest.mark.parametrize("target", ["Tech PM", "TPM", "technical project manager", "product manager"])
def test_no_report_presents_an_inferred_link_as_stated(target):
    """Every inferred fact and link that a report shows is marked as inferred there."""
    base = kb.open()
    found = readings(base)
    report = reports.gap(base, "senior engineer", target).as_json()
    for entry in report["learning"]:
        for resource in entry["resources"]:
            assert resource["inferred"] is found.inferred_resource(resource["iri"], entry["skill"]["iri"])
    for entry in report["questions"]:
        for question in entry["questions"]:
            assert question["inferred"] is found.inferred_link(question["iri"], "testsSkill", entry["skill"]["iri"])
    for nodes in report["missing"].values():
        for node in nodes:
            assert node["inferred"] is found.inferred_fact(str(base.resolve(target)), node["iri"])
    graph = base.career_graph()
    for u, v, data in graph.edges(data=True):
        step = reports._step(base, u, v, "en", reports._View(base))
        assert step["inferred"] is all(t["inferred"] for t in data["transitions"])


def test_exports_mark_inferred_links(run):
    mermaid = run("export", "--track", "TPM", "--format", "mermaid").stdout
    assert [line for line in mermaid.splitlines() if "inferred" in line] == [
        '  n3 -.->|"lateral move #40;inferred#41;"| n4']
    rows = run("export", "--focus", "cloud computing", "--format", "csv").stdout.lstrip("\ufeff").splitlines()
    header = rows[0].split(",")
    assert header[-1] == "inferred"
    inferred = [row for row in rows[1:] if row.endswith(",true")]
    assert len(inferred) == 10 and all(",pmo:testsSkill," in row or ",pmo:raisesImportanceOf," in row
                                       for row in inferred)


@pytest.mark.parametrize("name", ["Tech PM", "technical project manager"])
def test_one_name_for_two_roles_is_said_in_one_line(run, name):
    note = ('note: "Tech PM" names two roles: the technical project manager in source 002, the technical product '
            "manager in source 000 (Source 002 § Tech PM, project manager or program manager)\n")
    assert run("show", name).stdout.count(note) == 1
    assert as_json(run, "show", "CTO")["name_notes"] == []


def test_a_plan_marks_inferred_material_and_stated_only_leaves_it_out(run):
    args = ("plan", "Tech PM", "--from", "senior engineer", "--have", "AWS")
    items = [item for step in as_json(run, *args)["paths"][0]["steps"] for item in step["items"]]
    languages = next(item for item in items if item["iri"] == ID + "ProgrammingLanguages")
    assert [r["inferred"] for r in languages["resources"]] == [True, True, True]
    assert all(q["inferred"] for q in languages["questions"])
    stated = [item for step in as_json(run, *args, "--stated-only")["paths"][0]["steps"] for item in step["items"]]
    languages = next(item for item in stated if item["iri"] == ID + "ProgrammingLanguages")
    assert (languages["resources"], languages["questions"]) == ([], [])
    assert "(inferred link)" in run(*args).stdout and "(inferred link)" not in run(*args, "--stated-only").stdout
