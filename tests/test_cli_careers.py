"""`pmgraph path / gap / next / compare / connect`: exact results derived from the sources,
the JSON contract of docs/careers.md, exact text on the small test ontology, and every
error with its exit code."""

from __future__ import annotations

import json

import pytest

from conftest import DATA

PM = "https://w3id.org/pmgraph/id/"
MINI = "https://example.org/mini/"
MINI_DATA = str(DATA / "careers-mini.ttl")


def ids(nodes):
    return [node["iri"].removeprefix(PM).removeprefix(MINI) for node in nodes]


def as_json(run, *args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def error(result):
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, "an error is one line"
    return result.stderr.removeprefix("pmgraph: error: ").rstrip("\n")


NODE_KEYS = {"iri", "label", "kind"}


def check_node(node):
    assert set(node) == NODE_KEYS and node["iri"].startswith("http")


# -- path -------------------------------------------------------------------------------------
TECH_PM_LADDER = [["SeniorDeveloper", "EngineeringLead", "TechPM", "SeniorTechPM", "CTO"],
                  ["SeniorDeveloper", "EngineeringLead", "TechPM", "TechDirector", "CTO"]]


@pytest.mark.parametrize("lang", ["en", "ja", "ko"])
@pytest.mark.parametrize("name", ["senior engineer", "シニア開発者", "senior developer", "pm:SeniorDeveloper"])
def test_senior_engineer_to_cto_goes_through_tech_pm(run, name, lang):
    result = as_json(run, "path", name, "CTO", "--lang", lang)
    assert [ids(found["nodes"]) for found in result["paths"]] == TECH_PM_LADDER
    assert ids([result["from"], result["to"]]) == ["SeniorDeveloper", "CTO"]
    assert result["truncated"] is False and result["reason"] is None


def test_the_full_ladder_from_junior_developer_to_cto(run):
    result = as_json(run, "path", "junior developer", "CTO", "-k", "10")
    assert [ids(found["nodes"]) for found in result["paths"]] == [["JuniorDeveloper", *ladder] for ladder in TECH_PM_LADDER]
    first = result["paths"][0]
    assert (first["hops"], first["cost"]) == (5, 5)
    assert [step["move"] for step in first["steps"]] == ["promotion"] * 5
    assert all([source["iri"] for source in step["sources"]] == [PM + "src000-s5"] for step in first["steps"])


def test_path_json_follows_the_contract(run):
    result = as_json(run, "path", "engineering lead", "CTO", "-k", "1")
    assert set(result) == {"from", "to", "weight", "bridged", "paths", "truncated", "reason", "notes"}
    assert result["bridged"] is False
    (found,) = result["paths"]
    assert set(found) == {"nodes", "hops", "cost", "steps"}
    assert found["nodes"][0] == result["from"] and found["nodes"][-1] == result["to"]
    for node in found["nodes"]:
        check_node(node)
    for step, (u, v) in zip(found["steps"], zip(found["nodes"], found["nodes"][1:])):
        assert set(step) == {"from", "to", "move", "hop", "origin", "gap", "requirements_from", "sources", "condition",
                             "transitions", "inferred"}
        assert (step["from"], step["to"]) == (u, v)
        assert (step["hop"], step["origin"], step["requirements_from"]) == (
            "stated move", "Source 000 § 5 Career path", None)
        assert set(step["gap"]) == {"skills", "tools", "equipment"} and step["gap"]["equipment"] == []
        for node in step["gap"]["tools"]:
            assert (node["hot"], node["in_demand"]) == (False, False), "no bundled tool is marked"
            check_node({key: value for key, value in node.items() if key not in ("hot", "in_demand")})
        for node in step["gap"]["skills"]:
            assert node["level"] is None, "no bundled skill table states a level"
            check_node({key: value for key, value in node.items() if key != "level"})
        assert all(set(source) == {"iri", "label", "document", "heading"} for source in step["sources"])
    into_tech_pm = found["steps"][0]
    assert ids([into_tech_pm["to"]]) == ["TechPM"]
    assert {"CloudComputing", "SystemArchitecture"} <= set(ids(into_tech_pm["gap"]["skills"]))
    assert "Terraform" in ids(into_tech_pm["gap"]["tools"])
    assert [node["kind"] for node in into_tech_pm["gap"]["skills"]] == ["skill"] * len(into_tech_pm["gap"]["skills"])


def test_path_via_and_avoid(run):
    via = as_json(run, "path", "junior developer", "CTO", "--via", "Tech Director")
    assert [ids(found["nodes"]) for found in via["paths"]] == [["JuniorDeveloper", *TECH_PM_LADDER[1]]]
    avoid = as_json(run, "path", "junior developer", "CTO", "--avoid", "Tech Director")
    assert [ids(found["nodes"]) for found in avoid["paths"]] == [["JuniorDeveloper", *TECH_PM_LADDER[0]]]


def test_path_into_the_tpm_track_from_an_engineer(run):
    result = as_json(run, "path", "engineer", "Principal TPM")
    assert [ids(found["nodes"]) for found in result["paths"]] == [
        ["Engineer", "TechnicalProgramManager", "SeniorTPM", "PrincipalTPM"]]
    assert [step["move"] for step in result["paths"][0]["steps"]] == ["pivot", "promotion", "promotion"]


def test_path_text_on_the_test_ontology(run):
    result = run("--data", MINI_DATA, "path", "coder", "head of delivery", "-k", "2")
    assert result.exit_code == 0
    assert result.stdout == """\
coder → head of delivery: 2 paths (fewest moves first)

1. coder → solution architect → head of delivery
   2 moves, 6 new skills and tools on the way
   1. coder → solution architect  [switch; Mini wiki page]
      new skills (1): solution design
      new tools (2): MiniDiagrams, MiniModeller
   2. solution architect → head of delivery  [switch; Mini wiki page]
      new skills (3): budgeting, leading people, strategy

2. coder → team lead → delivery manager → head of delivery
   3 moves, 5 new skills and tools on the way
   1. coder → team lead  [step up; Mini handbook § 1; Mini wiki page]
      new skills (1): leading people
      new tools (1): MiniTracker
   2. team lead → delivery manager  [step up; Mini handbook § 1]
      new skills (2): budgeting, scheduling
   3. delivery manager → head of delivery  [step up; Mini handbook § 1]
      new skills (1): strategy
"""


def test_path_weight_gap_ranks_by_new_skills_and_tools(run):
    result = as_json(run, "--data", MINI_DATA, "path", "coder", "head of delivery", "--weight", "gap", "-k", "2")
    assert [(ids(found["nodes"]), found["cost"], found["hops"]) for found in result["paths"]] == [
        (["Coder", "TeamLead", "DeliveryManager", "HeadOfDelivery"], 5, 3),
        (["Coder", "SolutionArchitect", "HeadOfDelivery"], 6, 2)]
    assert result["weight"] == "gap"


def test_path_notes_roles_with_nothing_recorded(run):
    result = run("path", "senior engineer", "Tech PM")
    assert result.exit_code == 0
    assert result.stdout.endswith("\nnote: engineering lead has no skills or tools recorded in the sources, "
                                  "so the moves into them show no gap\n")
    assert as_json(run, "path", "senior engineer", "Tech PM")["notes"] == [
        "engineering lead has no skills or tools recorded in the sources, so the moves into them show no gap"]


def test_from_equals_to_is_a_zero_step_path(run):
    result = run("path", "CTO", "chief technology officer")
    assert result.exit_code == 0
    assert result.stdout == "CTO → CTO: 1 path (fewest moves first)\n\n1. CTO: the same role, no move needed\n"
    found = as_json(run, "path", "CTO", "CTO")["paths"]
    assert [(ids(p["nodes"]), p["hops"], p["cost"], p["steps"]) for p in found] == [(["CTO"], 0, 0, [])]


NO_BRIDGE = "; no bridge (alignment, crosswalk or derived move) connects them either"


@pytest.mark.parametrize(("args", "code", "message"), [
    (("path", "CTO", "junior developer"), 1,
     "no path from CTO to junior developer: no move out of CTO is recorded" + NO_BRIDGE),
    (("path", "CTO", "junior developer", "--stated-only"), 1,
     "no path from CTO to junior developer: no move out of CTO is recorded (--stated-only: over the moves the sources state)"),
    (("path", "Tech PM", "junior developer"), 1,
     "no path from Tech PM to junior developer: no move into junior developer is recorded" + NO_BRIDGE),
    (("path", "Tech PM", "Associate TPM", "--stated-only"), 1,
     "no path from Tech PM to Associate TPM: no move into Associate TPM is recorded (--stated-only: over the moves the sources state)"),
    # the specialist TPM's only move in is inferred (001 names no branch point)
    (("path", "Senior TPM", "specialist TPM", "--stated-only"), 1,
     "no path from Senior TPM to specialist TPM: no move into specialist TPM is recorded (--stated-only: over the moves the sources state)"),
    (("path", "junior developer", "CTO", "--max-hops", "3"), 5,
     "no path from junior developer to CTO within 3 moves; the shortest takes 5 (raise --max-hops)"),
    (("path", "junior developer", "CTO", "--avoid", "Tech PM", "--stated-only"), 1,
     "no path from junior developer to CTO: every path goes through a role that is avoided or is another stop "
     "of the route (Tech PM) (--stated-only: over the moves the sources state)"),
    (("path", "junior developer", "CTO", "--avoid", "Tech PM"), 5,
     "no path from junior developer to CTO: every path goes through a role that is avoided or is another stop "
     "of the route (Tech PM); with bridges, no path from junior developer to CTO within 8 moves; the shortest "
     "takes 9 (raise --max-hops)"),
    (("path", "Terraform", "CTO"), 4, "'Terraform' is a tool (pm:Terraform), not a role"),
    (("path", "junior developer", "CTO", "--avoid", "junior developer"), 2,
     "cannot avoid junior developer: it is the start of the path"),
    (("--data", MINI_DATA, "path", "lead", "coder"), 4,
     "ambiguous name 'lead' matches 2 entities: solution architect (role, https://example.org/mini/SolutionArchitect); "
     "team lead (role, https://example.org/mini/TeamLead); use a CURIE or IRI to pick one"),
    (("--data", MINI_DATA, "path", "data analyst", "coder"), 1,
     "no path from data analyst to coder: coder is not reachable from data analyst (data analyst is on the analyst "
     "track, coder on the delivery ladder); the moves recorded from data analyst lead to 1 role: senior data analyst"
     + NO_BRIDGE),
])
def test_path_errors(run, args, code, message):
    result = run(*args)
    assert (result.exit_code, error(result)) == (code, message)


def test_unknown_names_get_suggestions(run):
    result = run("path", "Tech PN", "CTO")
    assert result.exit_code == 4
    assert error(result).startswith("unknown role name 'Tech PN'; did you mean: Tech PM (role, pm:TechPM), ")


def test_path_k_is_bounded(run):
    result = run("path", "engineer", "CTO", "-k", "101")
    assert result.exit_code == 2
    assert "101 is not in the range 1<=x<=100" in result.stderr


def test_path_hitting_max_hops_with_some_paths_says_so(run):
    result = run("--data", MINI_DATA, "path", "coder", "head of delivery", "--max-hops", "2")
    assert result.exit_code == 0
    assert result.stdout.endswith("\nnote: paths longer than 2 moves were left out (--max-hops); "
                                  "the list may be incomplete\n")
    data = as_json(run, "--data", MINI_DATA, "path", "coder", "head of delivery", "--max-hops", "2")
    assert (data["truncated"], data["reason"]) == (True, "paths longer than 2 moves were left out (--max-hops)")
    assert [ids(found["nodes"]) for found in data["paths"]] == [["Coder", "SolutionArchitect", "HeadOfDelivery"]]


def test_a_cycle_never_loops(run):
    result = as_json(run, "--data", MINI_DATA, "path", "team lead", "delivery manager", "-k", "100")
    assert [ids(found["nodes"]) for found in result["paths"]] == [
        ["TeamLead", "DeliveryManager"], ["TeamLead", "SolutionArchitect", "DeliveryManager"]]


# -- gap --------------------------------------------------------------------------------------
def test_gap_json_follows_the_contract_and_is_a_study_plan(run):
    result = as_json(run, "gap", "senior engineer", "Tech PM")
    assert set(result) == {"from", "to", "requirements_from", "missing", "skill_levels", "to_strengthen",
                           "essential_only", "proficiency_step", "learning", "questions", "notes"}
    assert result["requirements_from"] is None, "Tech PM has its own requirements"
    assert result["skill_levels"] == {"essential": 0, "optional": 0, "unspecified": 12}
    assert (result["to_strengthen"], result["essential_only"], result["proficiency_step"]) == ([], False, 1.0)
    assert {(node["level"], node["importance"], node["proficiency"]) for node in result["missing"]["skill"]} == {
        (None, None, None)}
    assert ids([result["from"], result["to"]]) == ["SeniorDeveloper", "TechPM"]
    assert set(result["missing"]) == {"skill", "tool", "duty", "department"}
    assert ids(result["missing"]["department"]) == [
        "CustomerSupportAndOperations", "EngineeringTeam", "ExecutivesAndBusiness", "ProductTeam"]
    assert sorted(ids(result["missing"]["duty"])) == [
        "DevelopmentProcessOptimisation", "NonFunctionalRequirements", "TechnicalDebtManagement",
        "TechnicalRoadmapManagement", "TechnicalStakeholderCommunication", "TechnologySelection"]
    assert [entry["skill"] for entry in result["learning"]] == result["missing"]["skill"]
    assert [entry["skill"] for entry in result["questions"]] == result["missing"]["skill"]
    cloud = next(entry for entry in result["questions"] if ids([entry["skill"]]) == ["CloudComputing"])
    assert cloud["questions"] and ids(cloud["questions"])[0].startswith("q-TechPM-")
    assert all(node["kind"] == "question" for node in cloud["questions"])
    assert result["notes"] == ["senior developer has no skills, tools, duties or departments recorded in the "
                               "sources, so those parts of the gap are everything Tech PM is recorded as needing"]


def test_what_a_tpm_collaborates_with_that_a_tech_pm_does_not(run):
    result = as_json(run, "gap", "Tech PM", "TPM")
    assert ids(result["missing"]["department"]) == ["FinanceAndProcurement", "LegalComplianceSecurity"]
    assert result["notes"] == []
    ja = as_json(run, "gap", "Tech PM", "TPM", "--lang", "ja")
    assert [node["label"] for node in ja["missing"]["department"]] == [
        "法務・コンプライアンス・セキュリティ部門", "財務・調達部門"]


def test_gap_text_on_the_test_ontology(run):
    result = run("--data", MINI_DATA, "gap", "coder", "delivery manager")
    assert result.exit_code == 0
    assert result.stdout == """\
coder → delivery manager: 8 things delivery manager is recorded as needing that coder is not
note: coder has no duties or departments recorded in the sources, so those parts of the gap are everything delivery manager is recorded as needing

skills to learn (3)
  - budgeting
      learn with: Budgets for Busy Leads, Strategy Weekend
      asked: How do you plan a quarter's budget?
      asked: Where should delivery be in three years?
  - leading people
      learn with: (no resource recorded)
  - scheduling
      learn with: Scheduling 101

tools to learn (1)
  - MiniTracker

duties to take on (2)
  - release planning
  - status reporting

departments to work with (2)
  - mini engineering
  - mini finance
"""


LEVELS_DATA = str(DATA / "careers-levels.ttl")
LV = "https://example.org/levels/"


def test_gap_splits_skills_by_level_and_lists_the_ones_to_strengthen(run):
    result = run("--data", LEVELS_DATA, "gap", "level analyst", "level lead")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == """\
level analyst → level lead: 4 things level lead is recorded as needing that level analyst is not, and 2 skills to strengthen
note: no learning resource or interview question in the graph builds or tests these skills

essential skills to learn (2)
  - lv budgeting
  - lv negotiation

skills to learn, level not stated (1)
  - lv mentoring

optional skills to learn (1)
  - lv hiring

skills to strengthen (2): needed more by level lead than by level analyst
  - lv reporting: optional → essential, level 2.00 → 3.50, importance 2.50 → 3.50
  - lv statistics: essential, level 3.00 → 4.50, importance 3.50

tools to learn (0)
  (none)

duties to take on (0)
  (none)

departments to work with (0)
  (none)
"""


def test_gap_json_gives_levels_numbers_and_what_to_strengthen(run):
    result = as_json(run, "--data", LEVELS_DATA, "gap", "level analyst", "level lead")
    assert [(node["iri"].removeprefix(LV), node["level"]) for node in result["missing"]["skill"]] == [
        ("Budgeting", "essential"), ("Negotiation", "essential"), ("Mentoring", None), ("Hiring", "optional")]
    assert result["skill_levels"] == {"essential": 2, "optional": 1, "unspecified": 1}
    reporting, statistics = result["to_strengthen"]
    assert reporting["skill"]["iri"] == LV + "Reporting"
    assert reporting["from"] == {"level": {"iri": PM + "Optional", "label": "optional", "kind": "requirement-level"},
                                 "importance": 2.5, "proficiency": 2.0}
    assert reporting["to"]["level"]["iri"] == PM + "Essential"
    assert (reporting["to"]["importance"], reporting["to"]["proficiency"]) == (3.5, 3.5)
    assert reporting["reasons"] == ["level", "proficiency"]
    assert (statistics["skill"]["iri"], statistics["reasons"]) == (LV + "Stats", ["proficiency"])
    assert [entry["skill"]["iri"] for entry in result["learning"]] == [
        node["iri"] for node in result["missing"]["skill"]]
    ja = as_json(run, "--data", LEVELS_DATA, "gap", "level analyst", "level lead", "--lang", "ja")
    assert ja["to_strengthen"][0]["to"]["level"]["label"] == "必須"


def test_gap_essential_leaves_out_what_the_target_needs_only_as_optional(run):
    result = run("--data", LEVELS_DATA, "gap", "level lead", "level head", "--essential")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:8] == [
        "level lead → level head: 0 things level head is recorded as needing that level lead is not, "
        "and 1 skill to strengthen",
        "note: --essential: 2 skills level head needs only as optional left out",
        "",
        "essential skills to learn (0)",
        "  (none)",
        "",
        "skills to strengthen (1): needed more by level head than by level lead",
        "  - lv hiring: optional → essential",
    ]
    data = as_json(run, "--data", LEVELS_DATA, "gap", "level lead", "level head", "--essential")
    assert (data["essential_only"], data["missing"]["skill"], data["skill_levels"]) == (
        True, [], {"essential": 0, "optional": 0, "unspecified": 0})
    full = as_json(run, "--data", LEVELS_DATA, "gap", "level lead", "level head")
    assert ids(full["missing"]["skill"]) == [LV + "Strategy", LV + "Vision"]


def test_path_weight_gap_counts_an_optional_skill_half(run):
    by_gap = as_json(run, "--data", LEVELS_DATA, "path", "level analyst", "level head", "--weight", "gap")
    assert [(ids(found["nodes"]), found["cost"]) for found in by_gap["paths"]] == [
        ([LV + "Analyst", LV + "Specialist", LV + "Head"], 4),
        ([LV + "Analyst", LV + "Lead", LV + "Head"], 4.5)]
    by_hops = as_json(run, "--data", LEVELS_DATA, "path", "level analyst", "level head")
    assert [ids(found["nodes"]) for found in by_hops["paths"]] == [
        [LV + "Analyst", LV + "Lead", LV + "Head"], [LV + "Analyst", LV + "Specialist", LV + "Head"]]
    text = run("--data", LEVELS_DATA, "path", "level analyst", "level head", "--weight", "gap", "-k", "2")
    assert text.stdout.splitlines()[:12] == [
        "level analyst → level head: 2 paths (fewest new skills and tools first; an optional skill counts half)",
        "",
        "1. level analyst → level specialist → level head",
        "   2 moves, 7 new skills and tools on the way, 6 of the skills optional (cost 4)",
        "   1. level analyst → level specialist  [level step; Levels guide § 1]",
        "      new skills (6): optional (6): lv budgeting, lv forecasting, lv machine learning, lv modelling,",
        "                                    lv strategy, lv vision",
        "   2. level specialist → level head  [level step; Levels guide § 1]",
        "      new skills (1): lv hiring",
        "",
        "2. level analyst → level lead → level head",
        "   2 moves, 6 new skills and tools on the way, 3 of the skills optional (cost 4.5)",
    ]
    assert text.stdout.splitlines()[13:15] == [
        "      new skills (4): lv budgeting, lv mentoring, lv negotiation",
        "                      optional (1): lv hiring"]


def test_next_json_gives_the_level_of_each_new_skill(run):
    moves = as_json(run, "--data", LEVELS_DATA, "next", "level analyst")["moves"]
    lead = moves[0]
    assert [(node["iri"].removeprefix(LV), node["level"]) for node in lead["gap"]["skills"]] == [
        ("Budgeting", "essential"), ("Hiring", "optional"), ("Mentoring", None), ("Negotiation", "essential")]


def test_compare_lists_shared_skills_at_different_levels(run):
    result = run("--data", LEVELS_DATA, "compare", "level analyst", "level lead")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[3:12] == [
        "skill (similarity 0.43)",
        "  both                lv querying, lv reporting, lv statistics",
        "  only level analyst  —",
        "  only level lead     lv budgeting, lv hiring, lv mentoring, lv negotiation",
        "  at different levels (3), as level analyst / level lead need them:",
        "    lv querying: essential, level 4.50 / essential, level 3.00",
        "    lv reporting: optional, level 2.00 / essential, level 3.50",
        "    lv statistics: essential, level 3.00 / essential, level 4.50",
        "",
    ]
    data = as_json(run, "--data", LEVELS_DATA, "compare", "level analyst", "level lead")
    assert data["similarity"] == round(3 / 7, 4), "levels do not change the score"
    reporting = data["level_differences"][1]
    assert reporting["skill"]["iri"] == LV + "Reporting"
    assert [(need["role"], need["level"]["label"], need["importance"], need["proficiency"])
            for need in reporting["requirements"]] == [(LV + "Analyst", "optional", 2.5, 2.0),
                                                       (LV + "Lead", "essential", 3.5, 3.5)]


def test_gap_errors(run):
    result = run("gap", "Tech PM", "nobody at all")
    assert result.exit_code == 4
    assert error(result).startswith("unknown role name 'nobody at all'")


# -- next -------------------------------------------------------------------------------------
def test_next_and_previous(run):
    result = run("next", "CTO", "--previous")
    assert result.exit_code == 0
    assert result.stdout == """\
CTO comes from 2 roles:

previous role   move       new skills  new tools  source
--------------  ---------  ----------  ---------  --------------------------
senior Tech PM  promotion  0           0          Source 000 § 5 Career path
Tech Director   promotion  0           0          Source 000 § 5 Career path
"""
    data = as_json(run, "next", "engineer")
    assert set(data) == {"role", "direction", "moves"}
    assert data["direction"] == "next"
    assert [(ids([move["role"]])[0], move["move"]) for move in data["moves"]] == [
        ("TechPM", "pivot"), ("TechnicalProgramManager", "pivot")]
    assert set(data["moves"][0]) == {"role", "move", "hop", "origin", "gap", "requirements_from", "sources",
                                     "condition", "inferred"}
    assert [(move["hop"], move["origin"]) for move in data["moves"]] == [
        ("stated move", "Source 000 § 5 Career path"), ("stated move", "Source 001 § 10 Summary")]
    assert data["moves"][0]["condition"].startswith("A Tech PM is a position usually reached by an engineer")


def test_next_in_japanese(run):
    data = as_json(run, "next", "Senior TPM", "--lang", "ja")
    assert [(move["role"]["label"], move["move"]) for move in data["moves"]] == [
        ("Principal TPM", "昇進"), ("専門分野 TPM", "横異動")]


def test_next_with_no_move_exits_1(run):
    result = run("next", "CTO")
    assert (result.exit_code, error(result)) == (1, "no move out of CTO is recorded")
    result = run("next", "junior developer", "--previous")
    assert (result.exit_code, error(result)) == (1, "no move into junior developer is recorded")


# -- compare ----------------------------------------------------------------------------------
def test_compare_tech_pm_and_tpm_answers_source_002(run):
    result = as_json(run, "compare", "Tech PM", "TPM")
    assert set(result) == {"roles", "shared", "only", "partly_shared", "similarity", "similarity_by_kind", "pairs",
                           "level_differences", "method", "notes", "claims"}
    assert result["level_differences"] == [], "no bundled skill table states a level"
    assert ids(result["roles"]) == ["TechPM", "TechnicalProgramManager"]
    assert set(result["shared"]) == {"skill", "tool", "duty", "department", "focus"}
    tpm, tech_pm = result["only"][PM + "TechnicalProgramManager"], result["only"][PM + "TechPM"]
    assert ids(tpm["department"]) == ["FinanceAndProcurement", "LegalComplianceSecurity"]
    assert ids(tech_pm["department"]) == ["CustomerSupportAndOperations"]
    assert ids(result["shared"]["department"]) == ["EngineeringTeam", "ExecutivesAndBusiness", "ProductTeam"]
    assert ids(result["shared"]["focus"]) == ["FocusHow"] and ids(tpm["focus"]) == ["FocusWhen"]
    assert 0 < result["similarity"] < 1
    assert result["pairs"] == [{"roles": [PM + "TechPM", PM + "TechnicalProgramManager"],
                                "similarity": result["similarity"]}]


def test_compare_text_in_korean_names_the_focus(run):
    result = run("compare", "Tech PM", "기술 프로그램 매니저", "--lang", "ko")
    assert result.exit_code == 0
    assert ("\n초점 (유사도 0.50)\n"
            "  둘 다                   어떻게(How)\n"
            "  Tech PM만               —\n"
            "  기술 프로그램 매니저만  언제(When)\n\n") in result.stdout


def test_compare_three_roles_says_what_is_not_recorded(run):
    result = as_json(run, "compare", "Tech PM", "TPM", "technical project manager")
    assert result["notes"] == ["technical project manager has no skills, tools, departments or focus "
                               "recorded in the sources"]
    assert len(result["pairs"]) == 3
    groups = result["partly_shared"]["department"]
    assert [(group["roles"], ids(group["items"])) for group in groups] == [
        ([PM + "TechPM", PM + "TechnicalProgramManager"], ["EngineeringTeam", "ExecutivesAndBusiness", "ProductTeam"])]


def test_compare_text_on_the_test_ontology(run):
    result = run("--data", MINI_DATA, "compare", "team lead", "delivery manager")
    assert result.exit_code == 0
    assert result.stdout == """\
team lead vs delivery manager
similarity 0.42 (Jaccard index: the items all compared roles share divided by the items any of them has, over every kind compared; requirement levels are not weighed)

skill (similarity 0.25)
  both                   leading people
  only team lead         coding
  only delivery manager  budgeting, scheduling

tool (similarity 0.50)
  both                   MiniTracker
  only team lead         MiniGit
  only delivery manager  —

duty (similarity 0.50)
  both                   release planning
  only team lead         —
  only delivery manager  status reporting

department (similarity 0.50)
  both                   mini engineering
  only team lead         —
  only delivery manager  mini finance

focus (similarity 0.50)
  both                   people
  only team lead         code
  only delivery manager  —
"""


@pytest.mark.parametrize(("args", "code", "message"), [
    (("compare", "Tech PM"), 2, "compare needs at least two roles (A B [C ...])"),
    (("compare", "Tech PM", "TechPM"), 2, "compare needs different roles; Tech PM is named twice"),
    (("compare", "Tech PM", "Jira"), 4, "'Jira' is a tool (pm:Jira), not a role"),
])
def test_compare_errors(run, args, code, message):
    result = run(*args)
    assert (result.exit_code, error(result)) == (code, message)


# -- connect ----------------------------------------------------------------------------------
def test_connect_terraform_and_the_tpm(run):
    result = as_json(run, "connect", "Terraform", "TPM")
    assert set(result) == {"from", "to", "chains", "truncated", "reason"}
    first = result["chains"][0]
    assert ids(first["nodes"]) == ["Terraform", "TechnicalProgramManager"] and first["hops"] == 1
    (step,) = first["steps"]
    assert set(step) == {"from", "to", "relations"}
    assert [(r["relation"], r["property"], r["direction"]) for r in step["relations"]] == [
        ("uses tool", "pmo:ToolUse", "backward")]
    assert step["relations"][0]["fact"].startswith(PM + "tooluse-TechnicalProgramManager-")
    assert [chain["hops"] for chain in result["chains"]] == sorted(chain["hops"] for chain in result["chains"])
    text = run("connect", "Terraform", "TPM", "-k", "1")
    assert text.stdout == ("Terraform ↔ Technical Program Manager: 1 chain, shortest first\n\n"
                           "1. Terraform (tool) ←uses tool— Technical Program Manager (role)\n")
    ja = run("connect", "Terraform", "TPM", "-k", "1", "--lang", "ja")
    assert ja.stdout == ("Terraform ↔ Technical Program Manager: つながり 1 件 (短い順)\n\n"
                         "1. Terraform (ツール) ←使用ツール— Technical Program Manager (職種・役割)\n")


def test_connect_text_on_the_test_ontology(run):
    result = run("--data", MINI_DATA, "connect", "MiniGit", "mini finance", "-k", "2")
    assert result.exit_code == 0
    assert result.stdout == """\
MiniGit ↔ mini finance: 2 chains, shortest first

1. MiniGit (tool) ←uses tool— solution architect (role) —moves to→ delivery manager (role) —collaborates with→ mini finance (department)

2. MiniGit (tool) ←uses tool— team lead (role) —moves to→ delivery manager (role) —collaborates with→ mini finance (department)
"""


def test_connect_errors(run):
    result = run("--data", MINI_DATA, "connect", "hermit", "coder")
    assert (result.exit_code, error(result)) == (1, "hermit is related to nothing in the knowledge graph")
    result = run("--data", MINI_DATA, "connect", "MiniGit", "mini finance", "--avoid", "delivery manager")
    assert (result.exit_code, error(result)) == (
        1, "nothing links MiniGit and mini finance in the knowledge graph without the entities you avoid")
    result = run("connect", "Terraform", "Terraform")
    assert result.exit_code == 0
    assert result.stdout.endswith("1. Terraform (tool): the same entity\n")


# -- every command, every language, both formats ------------------------------------------------
COMMANDS = [
    ("path", "senior engineer", "CTO"),
    ("gap", "Tech PM", "TPM"),
    ("next", "Senior TPM"),
    ("compare", "Tech PM", "TPM"),
    ("connect", "Terraform", "TPM"),
]
TPM_LABELS = {"en": "Technical Program Manager", "ja": "Technical Program Manager", "ko": "기술 프로그램 매니저"}


@pytest.mark.parametrize("lang", ["en", "ja", "ko"])
@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_answers_in_every_language(run, command, lang):
    text = run(*command, "--lang", lang)
    assert text.exit_code == 0 and text.stdout.strip() and text.stderr == ""
    data = as_json(run, *command, "--lang", lang)
    labels = {node["label"] for node in _nodes_in(data) if node["iri"] == PM + "TechnicalProgramManager"}
    if command[0] in ("gap", "compare", "connect"):
        assert labels == {TPM_LABELS[lang]}


def _nodes_in(value):
    if isinstance(value, dict):
        if set(value) == NODE_KEYS:
            yield value
        for item in value.values():
            yield from _nodes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes_in(item)


def test_gap_to_a_role_with_nothing_recorded_says_so_and_what_the_sources_record(run):
    """Issue 11: `gap "Tech PM" CTO` no longer goes silent: the note says the sources record no
    skills for the CTO, and what they do record about it."""
    result = run("gap", "Tech PM", "CTO", "--format", "json")
    report = json.loads(result.stdout)
    assert report["notes"] == [
        "the sources record no skills, tools, duties or departments for CTO, so there is nothing to compare; "
        "what they record about it: level, main responsibilities, outlook (see `pmgraph show`)"]
    text = run("gap", "Tech PM", "VP of Engineering").stdout.splitlines()
    assert text[1].startswith("note: the sources record no skills, tools, duties or departments for VP of Engineering")


def test_show_gives_each_fact_its_sources_own_words_and_marks_inferred_ones(run):
    """Issue 11: a shared node keeps one label, but each fact shows the words of the source it
    cites; a fact the project inferred says so, in text and JSON."""
    lines = run("show", "TPM").stdout.splitlines()
    assert ("  - Engineering team (department)  [Source 001 § 4 Collaboration style: 「エンジニアリングチーム(開発・インフラ)」]"
            in lines)
    info = json.loads(run("show", "TPM", "--format", "json").stdout)
    [engineering] = [item for item in info["relations"]["collaborates with"] if item["label"] == "Engineering team"]
    assert (engineering["words"], engineering["assertion"]) == ({"ja": "エンジニアリングチーム(開発・インフラ)"}, "stated")
    senior = run("show", "Senior TPM").stdout.splitlines()
    assert "  - specialist TPM (role) [lateral move]  [inferred from Source 001 § 5 Career path]" in senior


def test_a_move_the_project_inferred_says_so_in_path_and_next(run):
    """Issue 11: 001 lists the specialist TPM last and names no branch point, so the Senior TPM
    → specialist TPM move is the project's reading: path and next say "inferred from"."""
    lines = run("path", "Senior TPM", "specialist TPM").stdout.splitlines()
    assert "   1. Senior TPM → specialist TPM  [lateral move; inferred from Source 001 § 5 Career path]" in lines
    moves = {item["role"]["label"]: item["inferred"]
             for item in json.loads(run("next", "Senior TPM", "--format", "json").stdout)["moves"]}
    assert moves == {"Principal TPM": False, "specialist TPM": True}
