"""Bridges (issue 12): when no recorded move connects two roles, `path` answers with the best
bridge (alignments, the ESCO-O*NET crosswalk, moves derived from skill overlap), every hop
marked; a role with nothing recorded takes its aligned occupation's requirements; tools are
ranked hot / in-demand first with the equipment apart; search ranks a label that is an
entity's own name first. Exact answers on the bundled graph, on the samples of
tests/data/samples, and (slow, skipped without ../shared) on the full data."""

from __future__ import annotations

import csv
import json
import re
import shlex
from pathlib import Path

import pytest

PM = "https://w3id.org/pmgraph/id/"
ONET = "https://www.onetonline.org/link/summary/"
ESCO_OCC = "http://data.europa.eu/esco/occupation/"
SOFTWARE_DEVELOPER = ESCO_OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ICT_PROJECT_MANAGER = ESCO_OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"
ESCO_CTO = ESCO_OCC + "7b1b5da8-573a-49bb-a38e-68725a949f4f"
ESCO_PROJECT_MANAGER = ESCO_OCC + "bea99fea-0383-4c63-b944-70d4799de2c5"


def as_json(run, *args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def short(iri: str) -> str:
    return iri.removeprefix(PM).removeprefix(ONET).removeprefix(ESCO_OCC)


def hops(found):
    return [(short(step["from"]["iri"]), short(step["to"]["iri"]), step["hop"]) for step in found["steps"]]


# -- the bundled graph ---------------------------------------------------------------------------
def test_senior_engineer_to_tpm_is_a_marked_bridge(run):
    result = as_json(run, "path", "senior engineer", "TPM")
    assert result["bridged"] is True
    first = result["paths"][0]
    assert hops(first) == [("SeniorDeveloper", "EngineeringLead", "stated move"),
                           ("EngineeringLead", "TechPM", "stated move"),
                           ("TechPM", "TechnicalProgramManager", "derived move")]
    assert (first["hops"], first["cost"]) == (3, 5), "two stated moves (1 each) and a derived one (3)"
    derived = first["steps"][2]
    assert derived["similarity"] == 0.4375, "7 shared skills of 16: Tech PM's 12 and the TPM's 11"
    assert derived["origin"] == (
        "derived by pmgraph: skill overlap: weighted Jaccard (Ruzicka) similarity of the bundled roles' essential "
        "(weight 1.0) and optional (weight 0.5) skills; a move to each of the 10 most similar occupations with "
        "similarity >= 0.15")
    assert [node["label"] for node in derived["gap"]["skills"]] == [
        "data engineering", "facilitation", "network and security", "stakeholder management"]
    assert (derived["sources"], derived["inferred"]) == ([], False)
    # the next best bridges go through the ESCO and O*NET occupations the developers are aligned to
    second = result["paths"][1]
    assert hops(second)[:2] == [("SeniorDeveloper", "f2b15a0e-e65a-438a-affb-29b9d50b77d1", "alignment"),
                                ("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "Developer", "alignment")]
    assert [(step.get("match"), step["aligned"]["publisher"]) for step in second["steps"][:2]] == [
        ("broad match", "ESCO"), ("close match", "ESCO")]
    assert second["cost"] == 6 and second["steps"][0]["origin"] == "pmgraph's alignments (ontology/facts/alignments.ttl)"


def test_a_bridged_path_in_text_marks_each_hop(run):
    lines = run("path", "senior engineer", "TPM", "-k", "2").stdout.splitlines()
    assert lines[0] == ("senior developer → Technical Program Manager: no recorded path; 2 bridged paths (lowest "
                        "cost first: a stated or inferred move costs 1, a derived move 3, a broad match 2, a close "
                        "match or crosswalk link 0)")
    assert "   3 moves, 40 new skills and tools on the way (cost 5)" in lines
    assert ("   3. Tech PM ⇢ Technical Program Manager  [derived move: similar skills, similarity 0.44; derived by "
            "pmgraph from the bundled roles' skills]") in lines
    assert ("   1. senior developer ⇢ software developer  [alignment, broad match: ESCO 'software developer' is wider "
            "than senior developer; pmgraph's alignments (ontology/facts/alignments.ttl)]") in lines
    assert "      a hop between classifications: no gap computed" in lines
    assert ("note: no recorded moves lead from senior developer to Technical Program Manager: the paths bridge them "
            "(⇢ marks a hop that is no recorded move)") in lines


def test_tpm_to_cto_bridges_through_the_tech_pm(run):
    result = as_json(run, "path", "TPM", "CTO", "-k", "2")
    assert [hops(found) for found in result["paths"]] == [
        [("TechnicalProgramManager", "TechPM", "derived move"), ("TechPM", "SeniorTechPM", "stated move"),
         ("SeniorTechPM", "CTO", "stated move")],
        [("TechnicalProgramManager", "TechPM", "derived move"), ("TechPM", "TechDirector", "stated move"),
         ("TechDirector", "CTO", "stated move")]]


def test_recorded_paths_are_never_bridged(run):
    result = as_json(run, "path", "senior engineer", "CTO")
    assert result["bridged"] is False
    assert {step["hop"] for found in result["paths"] for step in found["steps"]} == {"stated move"}


def test_stated_only_leaves_out_inferred_moves(run):
    inferred = as_json(run, "path", "Senior TPM", "specialist TPM")
    assert [step["hop"] for step in inferred["paths"][0]["steps"]] == ["inferred move"]
    assert inferred["bridged"] is False
    moves = as_json(run, "next", "Senior TPM", "--stated-only")["moves"]
    assert [(move["role"]["label"], move["hop"]) for move in moves] == [("Principal TPM", "stated move")]
    result = run("next", "specialist TPM", "--previous", "--stated-only")
    assert (result.exit_code, result.stderr) == (
        1, "pmgraph: error: no move into specialist TPM is recorded (--stated-only: of the moves the sources "
           "state)\n")


def test_derived_moves_between_bundled_roles(run):
    from pmgraph import kb
    from pmgraph.careers.bridges import derived_moves

    assert derived_moves(kb.open()) == {PM + "TechPM": [(PM + "TechnicalProgramManager", 0.4375)],
                                        PM + "TechnicalProgramManager": [(PM + "TechPM", 0.4375)]}


def test_the_hop_costs_are_the_documented_defaults():
    from pmgraph.careers.reports import DEFAULTS

    assert DEFAULTS["hop_costs"] == {"stated move": 1, "inferred move": 1, "derived move": 3, "broad match": 2,
                                     "close match": 0, "crosswalk": 0}
    docs = (Path(__file__).resolve().parents[1] / "docs" / "careers.md").read_text(encoding="utf-8")
    assert "| stated move, inferred move | 1 |" in docs and "| derived move | 3 |" in docs


def test_without_datasets_a_role_with_nothing_recorded_borrows_nothing(run):
    result = as_json(run, "gap", "Tech PM", "CTO")
    assert result["requirements_from"] is None
    assert all(items == [] for items in result["missing"].values())


def test_names_suggested_hold_the_query_first(run):
    result = run("show", "program manag")
    assert result.exit_code == 4
    assert result.stderr.startswith("pmgraph: error: unknown name 'program manag'; did you mean: program manager "
                                    "(role, pm:ProgramManager), ")


# -- over the samples (then, slow, the full data) -----------------------------------------------
def _onet_rows(data, name: str, code: str) -> list[dict]:
    with open(data.onet / f"{name}.tsv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["O*NET-SOC Code"] == code]


def _esco_skills(data, occupation: str) -> set[str]:
    with open(data.esco / "occupationSkillRelations.csv", newline="", encoding="utf-8") as handle:
        return {row["skillUri"] for row in csv.DictReader(handle) if row["occupationUri"] == occupation}


def test_software_developer_to_ict_project_manager_over_esco_and_onet(on_imported, run):
    result = as_json(run, "path", "software developer", "ICT project manager")
    assert result["bridged"] is True
    first = result["paths"][0]
    expected = {
        "sample": ([("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "15-1251.00", "crosswalk"),
                    ("15-1251.00", "11-3021.00", "stated move"),
                    ("11-3021.00", "15-1299.09", "stated move"),
                    ("15-1299.09", "8b6388a4-4904-471b-9331-d3b1211f5525", "crosswalk")], 2),
        "full": ([("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "15-1251.00", "crosswalk"),
                  ("15-1251.00", "15-1221.00", "stated move"),
                  ("15-1221.00", "15-1299.09", "stated move"),
                  ("15-1299.09", "8b6388a4-4904-471b-9331-d3b1211f5525", "crosswalk")], 2),
    }[on_imported.name]
    assert (hops(first), first["cost"]) == expected
    crosswalk = first["steps"][0]
    assert (crosswalk["match"], crosswalk["origin"]) == ("close match", "Nesta ESCO-O*NET crosswalk 2020-11")
    assert [source["label"] for source in first["steps"][1]["sources"]] == ["O*NET 29.3"]
    text = run("path", "software developer", "ICT project manager", "-k", "1").stdout.splitlines()
    assert text[4] == ("   1. software developer ⇢ Computer Programmers  [crosswalk, close match: O*NET 'Computer "
                       "Programmers' is the same job as software developer; Nesta ESCO-O*NET crosswalk 2020-11]")
    assert run("path", "software developer", "ICT project manager", "--stated-only").exit_code == 1


def test_tech_pm_to_computer_and_information_systems_managers_is_its_alignment(on_imported, run):
    result = as_json(run, "path", "Tech PM", "11-3021.00", "-k", "1")
    [found] = result["paths"]
    assert (hops(found), found["cost"]) == ([("TechPM", "11-3021.00", "alignment")], 2)
    [step] = found["steps"]
    assert (step["match"], step["aligned"]["publisher"], step["gap"]) == (
        "broad match", "O*NET", {"skills": [], "tools": [], "equipment": []})


def test_the_ctos_requirements_come_from_esco_when_imported(on_imported, run):
    gap = as_json(run, "gap", "Tech PM", "CTO")
    assert gap["requirements_from"] == "from ESCO 'chief technology officer', close match"
    assert {node["iri"] for node in gap["missing"]["skill"]} == _esco_skills(on_imported, ESCO_CTO)
    assert gap["notes"][0] == ("the sources record no skills or tools for CTO: its requirements are those of its "
                               "aligned occupation, from ESCO 'chief technology officer', close match")
    assert {node["level"] for node in gap["missing"]["skill"]} == {"essential", "optional"}
    # a path into the CTO shows the same requirements on its last move
    steps = as_json(run, "path", "Tech PM", "CTO", "-k", "1")["paths"][0]["steps"]
    assert [step["requirements_from"] for step in steps] == [
        None, "from ESCO 'chief technology officer', close match"], "senior Tech PM shares Tech PM's occupation"


def name(node) -> str:
    """An O*NET tool's name as its file gives it (a label some other concept also has gets a qualifier)."""
    return re.sub(r" \(O\*NET (technology|tool)\)$", "", node["label"])


def test_the_vp_of_engineerings_tools_are_ranked_with_the_equipment_apart(on_imported, run):
    gap = as_json(run, "gap", "Tech PM", "VP of Engineering")
    assert gap["requirements_from"] == "from O*NET 'Computer and Information Systems Managers', broad match"
    technology = _onet_rows(on_imported, "Technology Skills", "11-3021.00")
    equipment = {row["Example"] for row in _onet_rows(on_imported, "Tools Used", "11-3021.00")}
    tools = gap["missing"]["tool"]
    assert {name(node) for node in gap["missing"]["equipment"]} == equipment
    assert {name(node) for node in tools} == {row["Example"] for row in technology}
    hot = {row["Example"] for row in technology if row["Hot Technology"] == "Y"}
    demand = {row["Example"] for row in technology if row["In Demand"] == "Y"}
    marks = [(name(node) in hot, name(node) in demand) for node in tools]
    assert marks == [(node["hot"], node["in_demand"]) for node in tools]
    order = [(not is_hot, not in_demand) for is_hot, in_demand in marks]
    assert order == sorted(order), "hot and in demand first, then hot, then in demand, then the rest"
    assert marks[0] == (True, True)
    text = run("gap", "Tech PM", "VP of Engineering").stdout.splitlines()
    at = text.index(f"equipment to learn ({len(equipment)})")
    assert text[at + 1] == "  (not listed: --all-tools lists them)"
    listed = run("gap", "Tech PM", "VP of Engineering", "--all-tools").stdout.splitlines()
    assert listed[at + 1].startswith("  - ") and len(equipment) > 10


def test_search_puts_an_entitys_own_name_first(on_imported, run):
    results = as_json(run, "search", "project manager", "--limit", "10")["results"]
    assert {short(hit["iri"]) for hit in results[:2]} == {"ProjectManager", "bea99fea-0383-4c63-b944-70d4799de2c5"}
    assert [hit["matched"] for hit in results[:2]] == ["project manager"] * 2
    # O*NET occupations with "Project Manager" among their alternate titles come after them
    exact_by_another_name = [hit for hit in results if hit["score"] == 1.0 and hit["label"] != hit["matched"]]
    assert exact_by_another_name and all(results.index(hit) >= 2 for hit in exact_by_another_name)
    if on_imported.name == "sample":
        assert [(short(hit["iri"]), hit["matched"]) for hit in results[2:3]] == [("13-1082.00", "Project Manager")]


# -- docs/careers.md: the shell-session examples are real output over the full data ------------
DOC = Path(__file__).resolve().parents[1] / "docs" / "careers.md"
SESSION = re.compile(r"```shell-session\n\$ (pmgraph [^\n]*)\n(.*?)```", re.DOTALL)
DOC_EXAMPLES = [pytest.param(match.group(1), match.group(2), id=match.group(1))
                for match in SESSION.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_careers_docs_have_examples_over_the_full_data():
    assert len(DOC_EXAMPLES) >= 4


@pytest.mark.parametrize(("command", "shown"), DOC_EXAMPLES)
def test_careers_docs_examples_over_the_full_data_are_real(full, command, shown):
    from click.testing import CliRunner

    from pmgraph.cli import main

    result = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
    output = result.stdout + result.stderr
    assert (output if output.endswith("\n") else output + "\n") == shown


def test_bridged_paths_are_ranked_by_hop_costs_even_with_weight_gap(run):
    by_gap = as_json(run, "path", "senior engineer", "TPM", "--weight", "gap")
    by_hops = as_json(run, "path", "senior engineer", "TPM")
    assert [found["nodes"] for found in by_gap["paths"]] == [found["nodes"] for found in by_hops["paths"]]
    assert ("bridged paths are ranked by their hops' costs, not by --weight gap: a hop between classifications "
            "has no gap to count") in by_gap["notes"]


def test_the_engineers_plan_to_cto_has_the_ctos_esco_requirements_and_not_what_he_has(on_imported, run):
    """Issue 12's engineer: has AWS, Terraform and Jira; target CTO, with ESCO imported."""
    result = as_json(run, "plan", "CTO", "--from", "senior engineer", "--have", "AWS,Terraform,Jira")
    [found] = result["paths"]
    items = {item["iri"] for step in found["steps"] for item in step["items"]}
    assert not items & {PM + "Terraform", PM + "Jira"}, "what he has is not left to learn"
    assert [step["requirements_from"] for step in found["steps"]][-1] == (
        "from ESCO 'chief technology officer', close match")
    last = {item["iri"] for item in found["steps"][-1]["items"] if item["kind"] == "skill"}
    assert last and last <= _esco_skills(on_imported, ESCO_CTO)
    cloud = next(item for step in found["steps"] for item in step["items"] if item["iri"] == PM + "CloudComputing")
    assert (cloud["have"], [node["label"] for node in cloud["through"]]) == ("partial", ["AWS"])
