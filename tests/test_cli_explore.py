"""`pmgraph show / list / search / stats`: what users see, exactly."""

from __future__ import annotations

import json

import pytest

from conftest import DATA

PM = "https://w3id.org/pmgraph/id/"


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_json_has_the_documented_shape(run):
    info = _json(run("show", "tech pm", "--format", "json"))
    assert set(info) >= {"iri", "kind", "labels", "relations", "sources"}
    assert info["iri"] == PM + "TechPM"
    assert info["kind"] == "role"
    assert "Tech PM" in info["labels"]["en"]
    assert "テクニカル・プロダクトマネージャー" in info["labels"]["ja"]
    for items in info["relations"].values():
        for item in items:
            assert {"iri", "label", "kind"} <= set(item)
    assert PM + "src000-s1" in {s["iri"] for s in info["sources"]}


def test_show_groups_tech_pm_skills_from_both_tables_of_source_000(run):
    info = _json(run("show", "pm:TechPM", "--format", "json"))
    skills = {item["iri"].removeprefix(PM) for item in info["relations"]["requires skill"]}
    assert skills == {
        "CloudComputing", "SystemArchitecture", "ProgrammingLanguages", "DatabaseAndDataDesign",
        "DevOpsAndSRE", "SecurityAndCompliance", "NetworkAndInfrastructure",
        "StrategicThinking", "Communication", "RiskManagement", "Prioritisation", "LeadershipAndInfluence",
    }
    cloud = next(i for i in info["relations"]["requires skill"] if i["iri"] == PM + "CloudComputing")
    assert [s["iri"] for s in cloud["sources"]] == [PM + "src000-s3-hard"]
    assert cloud["detail"]["ja"] == ["AWS, Azure, GCPなどの主要サービスの知識と設計経験。特にIaaS, PaaS, FaaSの適切な使い分けとコスト最適化。"]


def test_show_gives_each_requirement_its_level(run):
    info = _json(run("show", "pm:TechPM", "--format", "json"))
    # No row of source 000's skill tables states a level: none is shown as essential (issue 11).
    levels = {item["iri"].removeprefix(PM): item.get("requirement_level") for item in info["relations"]["requires skill"]}
    assert set(levels.values()) == {None} and len(levels) == 12
    text = run("show", "pm:TechPM").output
    assert "  - cloud computing (skill) [level not stated]  [Source 000 § 3 Hard skills table: 「クラウドコンピューティング」]\n" in text


def test_show_in_japanese_uses_japanese_labels(run):
    result = run("show", "テクニカル・プロダクトマネージャー", "--lang", "ja")
    assert result.exit_code == 0
    assert "クラウドコンピューティング (スキル)" in result.stdout
    assert "[Source 000 § 3 Hard skills table]" in result.stdout


def test_show_a_korean_name(run):
    info = _json(run("show", "개발 PM", "--format", "json", "--lang", "ko"))
    assert info["iri"] == PM + "DevelopmentPM"
    assert "개발 PM" in info["labels"]["ko"]


def test_show_unknown_name_exits_4_with_suggestions(run):
    result = run("show", "Tech PN")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("pmgraph: error: unknown name 'Tech PN'; did you mean: Tech PM (role, pm:TechPM)")
    assert result.stderr.count("\n") == 1


def test_list_role_includes_every_career_stage(run):
    roles = {item["iri"].removeprefix(PM) for item in _json(run("list", "role", "--format", "json"))["items"]}
    stages = {item["iri"].removeprefix(PM) for item in _json(run("list", "stages", "--format", "json"))["items"]}
    assert stages == {
        "JuniorDeveloper", "SeniorDeveloper", "EngineeringLead", "TechPM", "SeniorTechPM", "TechDirector",
        "CTO", "VPEngineering",
        "AssociateTPM", "TechnicalProgramManager", "SeniorTPM", "PrincipalTPM", "DirectorOfProgramManagement",
        "SpecialistTPM",
    }
    assert stages < roles
    assert {"TechnicalProjectManager", "TechnicalAccountManager", "ProductManager", "ProgramManager",
            "ProjectManager", "DevelopmentPM", "SRE", "Architect"} <= roles


def test_list_unknown_kind_exits_2_and_names_the_kinds(run):
    result = run("list", "wizard")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmgraph: error: unknown kind 'wizard'; kinds are: assertion-status, benefit, book, ")


def test_list_text_is_an_aligned_table(run):
    result = run("list", "department", "--lang", "ja")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ラベル (ja)")
    assert lines[-1] == f"部門: {len(lines) - 4} 件"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("techpm", "TechPM"),
        ("ｔｅｒｒａｆｏｒｍ", "Terraform"),  # full-width
        ("TERRAFORM", "Terraform"),
        ("terrafrom", "Terraform"),  # a typo
        ("クラウド", "CloudComputing"),
        ("개발 PM", "DevelopmentPM"),
    ],
)
def test_search_is_tolerant_of_width_case_and_typos(run, query, first):
    results = _json(run("search", query, "--format", "json"))["results"]
    assert results[0]["iri"] == PM + first


def test_search_by_kind(run):
    results = _json(run("search", "management", "--kind", "skill", "--format", "json"))["results"]
    assert results and {r["kind"] for r in results} == {"skill"}


def test_search_without_match_exits_1(run):
    result = run("search", "qqqxxyyzz")
    assert result.exit_code == 1
    assert result.stderr == "pmgraph: error: no entity matches 'qqqxxyyzz'\n"


def test_stats_counts_kinds_and_sources(run, catalog):
    report = _json(run("stats", "--format", "json"))
    assert report["kinds"]["role"] == len(catalog.members("role"))
    assert report["kinds"]["question"] == 29
    assert [s["file"] for s in report["sources"]] == [
        "000_1644f7cfab8d38e5.txt", "001_89ca5c684063cfe3.txt", "002_b11f9b55777122a6.txt", "003_1586f09122be6f32.txt"]
    assert all(s["statements"] > 0 for s in report["sources"])
    top_roles = [n["iri"].removeprefix(PM) for n in report["central"]["role"][:2]]
    assert set(top_roles) == {"TechPM", "TechnicalProgramManager"}


def test_data_option_merges_a_company_ladder(run):
    info = _json(run("--data", str(DATA / "ladder.ttl"), "show", "Staff Engineer", "--format", "json"))
    assert info["iri"] == "https://example.com/ladder/StaffEngineer"
    assert info["kind"] == "role"
    assert [i["label"] for i in info["relations"]["moves to"]] == ["Technical Program Manager"]


def test_show_lists_a_symmetric_relation_once(run):
    info = _json(run("show", "TAM", "--format", "json"))
    related = [item["iri"] for item in info["relations"]["related"]]
    assert related == sorted(set(related))
    assert PM + "TechnicalSalesPM" in related


def test_show_tech_pm_groups_everything_source_000_says_about_it(run):
    """Counts straight from source 000: 6 duties, 12 skill rows, 20 tools, 4 collaborations,
    15 interview questions, 7 trends, 6 learning steps, 4 kinds of employer."""
    relations = _json(run("show", "Tech PM", "--format", "json"))["relations"]
    counts = {name: len(items) for name, items in relations.items()}
    assert {name: counts.get(name) for name in (
        "has duty", "requires skill", "uses tool", "collaborates with", "interview questions", "trends",
        "learning steps", "hired by")} == {
        "has duty": 6, "requires skill": 12, "uses tool": 20, "collaborates with": 4,
        "interview questions": 15, "trends": 7, "learning steps": 6, "hired by": 4}
    assert [i["iri"].removeprefix(PM) for i in relations["moves to"]] == ["TechDirector", "SeniorTechPM"]
    assert {i["move"] for i in relations["moves to"]} == {"promotion"}
