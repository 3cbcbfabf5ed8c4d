"""Skill gaps, study plans and role comparison: set arithmetic over role profiles, checked on
the small test ontology and on the bundled one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmgraph.model.catalog import Catalog
from pmgraph.careers.profiles import (ESSENTIAL, PROFICIENCY_STEP, compare_roles, gap_cost, gap_size, jaccard,
                             level_differences, role_gap, skill_gap, study_plan)
from pmgraph.errors import UsageError
from pmgraph.namespaces import PM
from pmgraph.careers.project import role_profiles, role_requirements, study_material
from pmgraph.kb.files import load_graph, ontology_dir

from conftest import DATA

MINI = "https://example.org/mini/"


def m(name: str) -> str:
    return MINI + name


def p(name: str) -> str:
    return str(PM[name])


def short(items):
    return [item.removeprefix(MINI).removeprefix(str(PM)) for item in items]


@pytest.fixture(scope="module")
def mini_graph():
    return load_graph([ontology_dir() / "vocabulary.ttl", DATA / "careers-mini.ttl"], bundled=False)


@pytest.fixture(scope="module")
def mini_profiles(mini_graph):
    return role_profiles(mini_graph, Catalog(mini_graph))


@pytest.fixture(scope="module")
def profiles(graph, catalog):
    return role_profiles(graph, catalog)


# -- gaps -------------------------------------------------------------------------------------
def test_gap_is_what_the_target_has_and_the_source_has_not(mini_profiles):
    gap = role_gap(mini_profiles, m("TeamLead"), m("DeliveryManager"))
    assert {kind: short(items) for kind, items in gap.items()} == {
        "skill": ["Budgeting", "Scheduling"], "tool": [], "duty": ["Reporting"], "department": ["Finance"],
        "focus": []}
    assert gap_size(mini_profiles, m("TeamLead"), m("DeliveryManager")) == 2


def test_a_role_with_nothing_recorded_has_the_whole_target_as_its_gap(mini_profiles):
    gap = role_gap(mini_profiles, m("Trainee"), m("TeamLead"), ["skill", "tool"])
    assert {kind: short(items) for kind, items in gap.items()} == {"skill": ["Coding", "Leading"],
                                                                  "tool": ["Git", "Tracker"]}


def test_study_plan_puts_the_target_roles_own_material_first(mini_graph, mini_profiles):
    material = study_material(mini_graph)
    plan = study_plan(mini_profiles, material, m("Coder"), m("DeliveryManager"), ["skill", "tool", "duty"])
    assert short(plan.missing["skill"]) == ["Budgeting", "Leading", "Scheduling"]
    assert {short([skill])[0]: short(items) for skill, items in plan.resources.items()} == {
        "Budgeting": ["BudgetBook", "StrategyCourse"], "Leading": [], "Scheduling": ["PlanningCourse"]}
    assert {short([skill])[0]: short(items) for skill, items in plan.questions.items()} == {
        "Budgeting": ["q-DeliveryManager-01", "q-HeadOfDelivery-01"], "Leading": [], "Scheduling": []}
    assert plan.unrecorded == ["duty"]


def test_the_tech_pm_gap_from_a_senior_developer_is_everything_tech_pm_needs(profiles):
    gap = role_gap(profiles, p("SeniorDeveloper"), p("TechPM"))
    assert set(gap["skill"]) == set(profiles[p("TechPM")]["skill"])
    assert p("CloudComputing") in gap["skill"] and p("SystemArchitecture") in gap["skill"]
    assert set(gap["department"]) == {p("EngineeringTeam"), p("ProductTeam"), p("ExecutivesAndBusiness"),
                                      p("CustomerSupportAndOperations")}


def test_bundled_study_material_builds_and_tests_cloud_computing(graph, profiles):
    plan = study_plan(profiles, study_material(graph), p("SeniorDeveloper"), p("TechPM"))
    questions = plan.questions[p("CloudComputing")]
    assert questions and all(q.startswith(str(PM) + "q-") for q in questions)
    assert questions[0].startswith(p("q-TechPM-")), "the target role's own questions come first"
    assert plan.resources[p("CloudComputing")], "some learning step builds cloud computing"


# -- comparison -------------------------------------------------------------------------------
def test_compare_two_roles(mini_profiles):
    comparison = compare_roles(mini_profiles, [m("TeamLead"), m("DeliveryManager")])
    assert {kind: short(items) for kind, items in comparison.shared.items()} == {
        "skill": ["Leading"], "tool": ["Tracker"], "duty": ["Planning"], "department": ["Engineering"],
        "focus": ["FocusPeople"]}
    assert {kind: short(items) for kind, items in comparison.only[m("TeamLead")].items()} == {
        "skill": ["Coding"], "tool": ["Git"], "duty": [], "department": [], "focus": ["FocusCode"]}
    assert {kind: short(items) for kind, items in comparison.only[m("DeliveryManager")].items()} == {
        "skill": ["Budgeting", "Scheduling"], "tool": [], "duty": ["Reporting"], "department": ["Finance"],
        "focus": []}
    # 5 shared of 12 distinct items (5 shared, 3 only the team lead, 4 only the delivery manager)
    assert comparison.similarity == round(5 / 12, 4)
    assert comparison.similarity_by_kind == {"skill": 0.25, "tool": 0.5, "duty": 0.5, "department": 0.5,
                                             "focus": 0.5}
    assert comparison.pairs == [(m("TeamLead"), m("DeliveryManager"), round(5 / 12, 4))]
    assert comparison.partly == {kind: [] for kind in comparison.kinds}


def test_compare_three_roles_groups_what_some_share(mini_profiles):
    comparison = compare_roles(mini_profiles, [m("Coder"), m("TeamLead"), m("SolutionArchitect")], ["skill", "tool"])
    assert short(comparison.shared["skill"]) == ["Coding"]
    assert comparison.partly["tool"] == []
    assert short(comparison.shared["tool"]) == ["Git"]
    assert short(comparison.only[m("SolutionArchitect")]["tool"]) == ["Diagrams", "Modeller"]
    assert [(short(who), short(items)) for who, items in comparison.partly["skill"]] == []
    lead_vs_manager = compare_roles(mini_profiles, [m("TeamLead"), m("DeliveryManager"), m("HeadOfDelivery")],
                                    ["skill"])
    assert [(short(who), short(items)) for who, items in lead_vs_manager.partly["skill"]] == [
        (["DeliveryManager", "HeadOfDelivery"], ["Budgeting"])]
    assert short(lead_vs_manager.shared["skill"]) == ["Leading"]


def test_compare_says_which_roles_have_nothing_recorded(mini_profiles):
    comparison = compare_roles(mini_profiles, [m("Trainee"), m("Coder")], ["skill", "duty"])
    assert comparison.unrecorded == [(m("Trainee"), "skill")]
    assert comparison.similarity_by_kind == {"skill": 0.0, "duty": None}
    empty = compare_roles(mini_profiles, [m("Trainee"), m("Hermit")])
    assert empty.similarity is None


@pytest.mark.parametrize(("roles", "message"), [
    (["a"], "compare needs at least two roles"),
    (["a", "b", "a"], "compare needs different roles; named twice: a"),
])
def test_compare_refuses_fewer_than_two_different_roles(roles, message):
    with pytest.raises(UsageError) as caught:
        compare_roles({}, roles)
    assert str(caught.value) == message


def test_tech_pm_and_tpm_answer_source_002(profiles):
    """Source 002 asks how a Tech PM and a TPM differ: how vs when, and whom they work with."""
    comparison = compare_roles(profiles, [p("TechPM"), p("TechnicalProgramManager")])
    assert comparison.shared["focus"] == [p("FocusHow")]
    assert comparison.only[p("TechnicalProgramManager")]["focus"] == [p("FocusWhen")]
    assert comparison.only[p("TechnicalProgramManager")]["department"] == [p("FinanceAndProcurement"),
                                                                         p("LegalComplianceSecurity")]
    assert comparison.only[p("TechPM")]["department"] == [p("CustomerSupportAndOperations")]
    assert 0 < comparison.similarity < 1


# -- requirement levels -----------------------------------------------------------------------
LV = "https://example.org/levels/"
OPTIONAL = p("Optional")


def lv(name: str) -> str:
    return LV + name


@pytest.fixture(scope="module")
def levels_graph():
    return load_graph([ontology_dir() / "vocabulary.ttl", DATA / "careers-levels.ttl"], bundled=False)


@pytest.fixture(scope="module")
def levels(levels_graph):
    catalog = Catalog(levels_graph)
    return role_profiles(levels_graph, catalog), role_requirements(levels_graph, catalog)


def test_requirements_record_level_importance_and_proficiency(levels):
    _, requirements = levels
    assert requirements[lv("Analyst")] == {lv("Reporting"): (OPTIONAL, 2.5, 2.0), lv("Sql"): (ESSENTIAL, 4.0, 4.5),
                                           lv("Stats"): (ESSENTIAL, 3.5, 3.0)}
    assert requirements[lv("Lead")][lv("Mentoring")] == (None, None, None), "no level stated"
    assert set(requirements) == {lv("Analyst"), lv("Lead"), lv("Head"), lv("Specialist")}


def test_requirements_of_one_skill_stated_twice_keep_the_stronger(levels_graph):
    from rdflib import Literal, URIRef

    from pmgraph.namespaces import PMO
    graph = load_graph([ontology_dir() / "vocabulary.ttl", DATA / "careers-levels.ttl"], bundled=False)
    again = URIRef(LV + "req-Analyst-Reporting-again")
    graph.add((again, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), PMO.SkillRequirement))
    graph.add((again, PMO.role, URIRef(lv("Analyst"))))
    graph.add((again, PMO.skill, URIRef(lv("Reporting"))))
    graph.add((again, PMO.requirementLevel, URIRef(ESSENTIAL)))
    graph.add((again, PMO.importance, Literal("2.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    assert role_requirements(graph)[lv("Analyst")][lv("Reporting")] == (ESSENTIAL, 2.5, 2.0)


def test_no_bundled_requirement_states_a_level_and_all_match_the_profiles(graph, catalog, profiles):
    requirements = role_requirements(graph, catalog)
    # no row of the guides' skill tables says whether its skill is essential or optional
    assert {need for skills in requirements.values() for need in skills.values()} == {(None, None, None)}
    for role, skills in requirements.items():
        assert set(skills) == set(profiles[role]["skill"])
    assert len(requirements[p("TechPM")]) == 12


def test_skill_gap_files_missing_skills_by_level_and_finds_what_to_strengthen(levels):
    profiles, requirements = levels
    found = skill_gap(profiles, requirements, lv("Analyst"), lv("Lead"))
    assert (found.essential, found.unspecified, found.optional) == (
        [lv("Budgeting"), lv("Negotiation")], [lv("Mentoring")], [lv("Hiring")])
    assert found.missing == [lv("Budgeting"), lv("Negotiation"), lv("Mentoring"), lv("Hiring")]
    assert [(item.skill, item.source, item.target, item.reasons) for item in found.strengthen] == [
        (lv("Reporting"), (OPTIONAL, 2.5, 2.0), (ESSENTIAL, 3.5, 3.5), ("level", "proficiency")),
        (lv("Stats"), (ESSENTIAL, 3.5, 3.0), (ESSENTIAL, 3.5, 4.5), ("proficiency",))]
    # querying: the lead needs it at a lower level, so nothing to strengthen
    assert found.left_out == 0


def test_skill_gap_essential_only_and_the_proficiency_step(levels):
    profiles, requirements = levels
    found = skill_gap(profiles, requirements, lv("Lead"), lv("Head"), essential_only=True)
    assert (found.essential, found.optional, found.left_out) == ([], [], 2)
    assert [(item.skill, item.reasons) for item in found.strengthen] == [(lv("Hiring"), ("level",))]
    assert PROFICIENCY_STEP == 1.0
    strict = skill_gap(profiles, requirements, lv("Analyst"), lv("Lead"), step=1.6)
    assert [(item.skill, item.reasons) for item in strict.strengthen] == [(lv("Reporting"), ("level",))]


def test_gap_cost_counts_an_optional_skill_half(levels, mini_profiles):
    profiles, requirements = levels
    assert [gap_cost(profiles, requirements, lv(a), lv(b)) for a, b in [
        ("Analyst", "Lead"), ("Lead", "Head"), ("Analyst", "Specialist"), ("Specialist", "Head")]] == [3.5, 1, 3, 1]
    # without levels it is the plain count of new skills and tools
    assert gap_cost(mini_profiles, {}, m("TeamLead"), m("DeliveryManager")) == gap_size(
        mini_profiles, m("TeamLead"), m("DeliveryManager")) == 2


def test_compare_lists_shared_skills_needed_at_different_levels(levels):
    profiles, requirements = levels
    comparison = compare_roles(profiles, [lv("Analyst"), lv("Lead")], ["skill"], requirements)
    assert comparison.levels == [
        (lv("Reporting"), [(OPTIONAL, 2.5, 2.0), (ESSENTIAL, 3.5, 3.5)]),
        (lv("Sql"), [(ESSENTIAL, 4.0, 4.5), (ESSENTIAL, 3.5, 3.0)]),
        (lv("Stats"), [(ESSENTIAL, 3.5, 3.0), (ESSENTIAL, 3.5, 4.5)])]
    assert comparison.similarity == round(3 / 7, 4) == compare_roles(profiles, [lv("Analyst"), lv("Lead")],
                                                                     ["skill"]).similarity
    assert level_differences(requirements, [lv("Specialist"), lv("Head")], [lv("Budgeting"), lv("Strategy")]) == [
        (lv("Budgeting"), [(OPTIONAL, None, None), (ESSENTIAL, None, None)])]


# -- properties -------------------------------------------------------------------------------
item_sets = st.frozensets(st.sampled_from("abcdefg"))


@given(item_sets, item_sets)
def test_jaccard_is_symmetric_and_bounded(first, second):
    score = jaccard(first, second)
    assert score == jaccard(second, first)
    assert score is None if not (first | second) else 0 <= score <= 1
    if first and first == second:
        assert score == 1


@given(st.lists(st.tuples(item_sets, item_sets), min_size=2, max_size=4))
def test_compare_partitions_every_item(profiles_list):
    roles = [f"r{i}" for i in range(len(profiles_list))]
    profiles = {role: {"skill": skills, "tool": tools} for role, (skills, tools) in zip(roles, profiles_list)}
    comparison = compare_roles(profiles, roles)
    for kind in ("skill", "tool"):
        union = set().union(*(profiles[role][kind] for role in roles))
        grouped = list(comparison.shared[kind]) + [i for role in roles for i in comparison.only[role][kind]]
        grouped += [i for _, items in comparison.partly[kind] for i in items]
        assert sorted(grouped) == sorted(union), "each item is in exactly one group"
    for role in roles:
        for other in roles:
            if role != other:
                gap = role_gap(profiles, role, other)
                assert all(set(gap[kind]) == set(profiles[other][kind]) - set(profiles[role][kind]) for kind in gap)
