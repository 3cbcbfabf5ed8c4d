"""What a person has (--have, --profile), `pmgraph plan` and `pmgraph next --have` (issue 12):
exact answers on the bundled sources, the profile file's one-line errors, and library = JSON."""

from __future__ import annotations

import json

import pytest

from conftest import DATA

PM = "https://w3id.org/pmgraph/id/"
ENGINEER = ("--from", "senior engineer", "--have", "AWS,Terraform", "--have", "Jira")
TECH_PM_TOOLS_LEFT = ["Ansible", "Asana", "CloudFormation", "Confluence", "Datadog", "GitHub Actions", "GitLab CI",
                      "Google Analytics", "Grafana", "Jenkins", "Notion", "Prometheus", "Slack", "Snyk", "SonarQube",
                      "SQL", "Tableau", "Trello"]
#: Tech PM's skills as its learning path (source 000 § 7, steps 1..6) orders them, then the rest.
TECH_PM_SKILLS_IN_ORDER = [
    ("programming languages", 1), ("cloud computing", 2), ("DevOps and SRE", 2), ("network and infrastructure", 2),
    ("database and data design", 3), ("system architecture", 3), ("prioritisation", 4), ("communication", 5),
    ("leadership and influence", None), ("risk management", None), ("security and compliance", None),
    ("strategic thinking", None)]


def as_json(run, *args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def labels(nodes):
    return [node["label"] for node in nodes]


def write(tmp_path, text, name="me.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- the engineer of the issue ------------------------------------------------------------------
@pytest.mark.parametrize("target", ["CTO", "Tech PM"])
def test_the_engineer_gets_a_plan_without_aws_terraform_and_jira(run, target):
    result = as_json(run, "plan", target, *ENGINEER)
    best = result["paths"][0]
    assert labels(best["nodes"])[:3] == ["senior developer", "engineering lead", "Tech PM"]
    into_tech_pm = best["steps"][1]
    items = into_tech_pm["items"]
    assert [(item["label"], item["learning_step"] and item["learning_step"]["order"])
            for item in items if item["kind"] == "skill"] == TECH_PM_SKILLS_IN_ORDER
    assert [item["label"] for item in items if item["kind"] == "tool"] == TECH_PM_TOOLS_LEFT
    every_item = [item["label"] for step in best["steps"] for item in step["items"]]
    assert not {"AWS", "Terraform", "Jira"} & set(every_item)
    assert labels(into_tech_pm["had"]) == ["Jira", "Terraform"]
    partial = {item["label"]: labels(item["through"]) for item in items if item["have"] == "partial"}
    assert partial == {"cloud computing": ["AWS"], "DevOps and SRE": ["Terraform"]}
    assert best["left"] == {"skills": 12, "partial": 2, "tools": 18, "resources": 26, "total": 56}
    assert best["done"] == {"had": 2, "resources": 0, "total": 2}
    assert labels(result["have"]["items"]) == ["AWS", "Terraform", "Jira"]


def test_a_skill_item_has_its_resources_in_source_order_and_questions_with_answer_points(run):
    result = as_json(run, "plan", "Tech PM", *ENGINEER)
    first = result["paths"][0]["steps"][1]["items"][0]
    assert first["learning_step"]["label"] == "Revisit the fundamentals of software engineering"
    assert labels(first["resources"]) == ["Clean Code", "Data Structures and Algorithms (Coursera / edX course)",
                                          "The Art of Readable Code"]
    question = first["questions"][0]
    assert question["question"]["label"] == ("What are your technical evaluation criteria when introducing a new "
                                             "programming language (e.g. Go or Rust)?")
    assert question["answer_points"] == ("Use as criteria: performance, the ecosystem (richness of libraries), "
                                         "learning cost, ease of hiring people in the job market, and compatibility "
                                         "with existing systems.")


def test_an_item_is_listed_once_at_the_first_move_that_needs_it(run):
    # the solution architect needs neither leading people nor the tracker, the delivery manager both:
    # `path` lists them on the move into the team lead and again on the move into the delivery manager
    args = ("--data", str(DATA / "careers-mini.ttl"), "plan", "delivery manager", "--from", "trainee",
            "--via", "team lead", "--via", "solution architect")
    result = as_json(run, *args)
    steps = result["paths"][0]["steps"]
    assert [[item["label"] for item in step["items"]] for step in steps] == [
        ["coding", "MiniGit"], ["leading people", "MiniTracker"], ["solution design", "MiniDiagrams", "MiniModeller"],
        ["budgeting", "scheduling"]]
    assert [(item["learning_step"]["order"], item["learning_step"]["label"]) for item in steps[3]["items"]] == [
        (1, "Learn the money side"), (2, "Learn to plan")]
    raw = as_json(run, "--data", str(DATA / "careers-mini.ttl"), "path", "trainee", "delivery manager",
                  "--via", "team lead", "--via", "solution architect")
    assert [node["label"] for node in raw["paths"][0]["steps"][3]["gap"]["skills"]] == [
        "budgeting", "leading people", "scheduling"]


def test_a_rerun_with_more_done_shows_less_left(run, tmp_path):
    before = write(tmp_path, 'role = "senior engineer"\ntarget = "CTO"\ntools = ["Terraform", "Jira"]\n'
                             'concepts = ["AWS"]\n', "before.toml")
    after = write(tmp_path, 'role = "senior engineer"\ntarget = "CTO"\ntools = ["Terraform", "Jira", "Slack"]\n'
                            'concepts = ["AWS"]\nskills = ["programming languages", '
                            '{ name = "system architecture", level = "beginner" }]\n'
                            'done = ["Clean Code", "Designing Data-Intensive Applications"]\n', "after.toml")
    first = as_json(run, "plan", "--profile", before)["paths"][0]
    second = as_json(run, "plan", "--profile", after)["paths"][0]
    assert first["left"] == {"skills": 12, "partial": 2, "tools": 18, "resources": 26, "total": 56}
    # left out: programming languages (its resources too) and Slack; in part now: system architecture
    # (beginner, and Designing Data-Intensive Applications done) and database and data design (the same book)
    assert second["left"] == {"skills": 11, "partial": 4, "tools": 17, "resources": 22, "total": 50}
    assert second["done"] == {"had": 4, "resources": 1, "total": 5}
    items = {item["label"]: item for step in second["steps"] for item in step["items"]}
    assert "programming languages" not in items and "Slack" not in items
    assert labels(items["system architecture"]["through"]) == ["system architecture",
                                                               "Designing Data-Intensive Applications"]
    assert labels(items["database and data design"]["resources_done"]) == ["Designing Data-Intensive Applications"]
    text = run("plan", "--profile", after)
    assert "50 left: 11 skills (4 of them in part), 17 tools, 22 resources; 5 done (4 you have, 1 resources done)" in text.stdout


def test_the_library_returns_what_the_json_prints(run):
    from pmgraph import kb
    from pmgraph.careers import reports
    from pmgraph.careers.have import holding
    from pmgraph.careers.plan import plan
    from pmgraph.careers.recommend import recommend

    base = kb.open()
    have = holding(base, ["AWS", "Terraform", "Jira"])
    assert plan(base, "CTO", have=have, source="senior engineer").as_json() == as_json(run, "plan", "CTO", *ENGINEER)
    flags = ("--have", "AWS,Terraform,Jira")
    assert reports.gap(base, "senior engineer", "Tech PM", have=have).as_json() == as_json(
        run, "gap", "senior engineer", "Tech PM", *flags)
    assert reports.path(base, "senior engineer", "CTO", have=have).as_json() == as_json(
        run, "path", "senior engineer", "CTO", *flags)
    assert reports.compare(base, ["Tech PM", "TPM"], have=have).as_json() == as_json(
        run, "compare", "Tech PM", "TPM", *flags)
    assert recommend(base, "engineering lead", have=have).as_json() == as_json(
        run, "next", "engineering lead", *flags)


def test_without_have_the_reports_are_unchanged(run):
    result = as_json(run, "gap", "senior engineer", "Tech PM")
    assert "have" not in result and len(result["missing"]["tool"]) == 20


def test_gap_with_have_leaves_out_what_one_has_and_marks_what_one_has_in_part(run):
    result = as_json(run, "gap", "senior engineer", "Tech PM", "--have", "AWS,Terraform,Jira")
    assert "Jira" not in labels(result["missing"]["tool"]) and len(result["missing"]["tool"]) == 18
    assert [(node["label"], labels(node["through"])) for node in result["missing"]["skill"]
            if node["have"] == "partial"] == [("cloud computing", ["AWS"]), ("DevOps and SRE", ["Terraform"])]
    assert labels(result["have"]["had"]) == ["Jira", "Terraform"]
    assert result["notes"][-1] == "left out: 2 of the things Tech PM needs, which you have"


def test_compare_with_have_says_how_much_of_each_role_one_has(run):
    result = run("compare", "Tech PM", "TPM", "--have", "AWS,Terraform,Jira")
    assert result.stdout.endswith("what you have of each role's skills and tools\n"
                                  "  Tech PM: 2 of 32, 2 in part, 28 missing\n"
                                  "  Technical Program Manager: 2 of 29, 2 in part, 25 missing\n")


# -- next --have ---------------------------------------------------------------------------
def test_next_have_explains_each_score_by_its_parts(run):
    result = run("next", "engineering lead", "--have", "AWS,Terraform,Jira,cloud computing")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "from engineering lead: 1 role within 2 moves, ranked by how much of what they need you have\n"
        "\n"
        "1. Tech PM  score 0.116  (1 move: 1 stated; engineering lead → Tech PM)\n"
        "   essential skills  1/12 + 1 in part  coverage 0.125 × weight 0.5/0.8 → +0.078\n"
        "   tools             2/20              coverage 0.100 × weight 0.3/0.8 → +0.037\n"
        "   you have: cloud computing, Jira, Terraform\n"
        "   in part: DevOps and SRE\n"
        "\n"
        "note: 2 roles within reach have no skills or tools recorded, so no score: senior Tech PM, Tech Director\n")


def test_next_have_scores_add_up_and_penalise_extra_moves(run):
    result = as_json(run, "next", "senior engineer", "--have", "AWS,Terraform,Jira", "--max-moves", "3")
    [entry] = result["roles"]
    assert entry["role"]["label"] == "Tech PM" and entry["moves"] == 2
    assert [(part["part"], part["covered"], part["partial"], part["needed"]) for part in entry["parts"]] == [
        ("essential skills", 0, 2, 12), ("tools", 2, 0, 20)]
    assert entry["penalties"] == [{"reason": "1 move beyond the first", "points": -0.05}]
    assert entry["score"] == round(sum(part["points"] for part in entry["parts"]) - 0.05, 4) == 0.0396
    assert result["settings"]["max_moves"] == 3


def test_next_score_weights_are_configurable(run):
    result = as_json(run, "next", "engineering lead", "--have", "Jira", "--score-weight", "tools=1",
                     "--score-weight", "essential skills=0")
    assert result["roles"][0]["score"] == 0.05  # 1 of Tech PM's 20 tools, the only part that weighs


@pytest.mark.parametrize(("args", "code", "message"), [
    (("next",), 2, "next needs ROLE, or --have / --profile to rank where you can go"),
    (("next", "Tech PM", "--limit", "3"), 2, "--max-moves, --limit and --score-weight go with --have or --profile"),
    (("next", "Tech PM", "--have", "Jira", "--score-weight", "tool=1"), 2,
     "--score-weight 'tool=1': the parts are essential skills, optional skills, tools"),
    (("next", "Tech PM", "--have", "Terrafrom"), 4,
     "unknown concept/equipment/resource/skill/tool name 'Terrafrom'; did you mean: Terraform (tool, pm:Terraform)?"),
    (("plan", "CTO", "--have", "Jira"), 2,
     'a plan needs a current role: --from ROLE, or role = "..." in the profile'),
    (("gap", "Tech PM", "TPM", "--have", "senior engineer"), 4,
     "'senior engineer' is a role (pm:SeniorDeveloper), not a concept/equipment/resource/skill/tool"),
])
def test_usage_mistakes_are_one_line(run, args, code, message):
    result = run(*args)
    assert (result.exit_code, result.stderr) == (code, f"pmgraph: error: {message}\n")


# -- the profile file -----------------------------------------------------------------------
def test_every_profile_mistake_is_one_line_with_its_place(run, tmp_path):
    path = write(tmp_path, 'role = "senior engineer"\nskils = ["x"]\ntools = ["Terrafrom", "Jira"]\n'
                           'skills = [{ name = "cloud computing", level = "guru" }]\n')
    result = run("plan", "CTO", "--profile", path)
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"pmgraph: error: {path}:2: unknown key 'skils'; a profile has role, target, skills, tools, concepts, done",
        f"pmgraph: error: {path}:3: tools: unknown equipment/tool name 'Terrafrom'; did you mean: Terraform "
        "(tool, pm:Terraform)?",
        f"pmgraph: error: {path}:4: unknown level 'guru' for 'cloud computing'; use one of beginner, intermediate, "
        "advanced, expert",
    ]


def test_unknown_names_alone_exit_4(run, tmp_path):
    path = write(tmp_path, 'role = "senior enginer"\ntarget = "CTO"\n')
    result = run("plan", "--profile", path)
    assert result.exit_code == 4
    assert result.stderr.startswith(f"pmgraph: error: {path}:1: role: unknown role name 'senior enginer'; did you mean: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("text", "message"), [
    ('role = "senior engineer"\ntools = ["Jira" "Slack"]\n', "2:17: unclosed array"),
    ('role = "senior engineer\n', "1:24: illegal character '\\n'"),
    ('role = "senior engineer"\ntools = ["Jira",\n', "3:1: invalid value at the end of the file"),
])
def test_a_toml_syntax_error_names_line_and_column(run, tmp_path, text, message):
    path = write(tmp_path, text)
    result = run("gap", "senior engineer", "CTO", "--profile", path)
    assert (result.exit_code, result.stderr) == (3, f"pmgraph: error: {path}:{message}\n")


def test_a_missing_profile_is_bad_input(run, tmp_path):
    result = run("path", "senior engineer", "CTO", "--profile", str(tmp_path / "none.toml"))
    assert (result.exit_code, result.stderr) == (3, f"pmgraph: error: {tmp_path / 'none.toml'}: no such file\n")


def test_the_profile_as_rdf_gives_the_same_plan(run, tmp_path):
    from pmgraph import kb
    from pmgraph.careers.profile_file import profile_turtle, read_profile

    toml = write(tmp_path, 'role = "senior engineer"\ntarget = "CTO"\ntools = ["Terraform", "Jira"]\n'
                           'concepts = ["AWS"]\nskills = [{ name = "system architecture", level = "beginner" }]\n'
                           'done = ["Clean Code"]\n')
    turtle = write(tmp_path, profile_turtle(read_profile(kb.open(), toml)), "me.ttl")
    assert (tmp_path / "me.ttl").read_text().splitlines()[4:] == [
        "<#me> a schema:Person ;",
        "    schema:hasOccupation pm:SeniorDeveloper ;",
        "    schema:seeks pm:CTO ;",
        '    schema:knowsAbout [ schema:about pm:SystemArchitecture ; schema:skillLevel "beginner" ] , '
        'pm:Terraform , pm:Jira , pm:AWS ;',
        "    prov:used pm:CleanCode ."]
    from_toml = as_json(run, "plan", "--profile", toml)
    from_rdf = as_json(run, "plan", "--profile", turtle)
    assert from_rdf["paths"] == from_toml["paths"]
    assert from_rdf["paths"][0]["done"] == {"had": 2, "resources": 1, "total": 3}


# -- formats -------------------------------------------------------------------------------
def test_the_markdown_checklist_can_be_ticked(run):
    result = run("plan", "CTO", *ENGINEER, "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[:5] == ["# Plan: senior developer → CTO", "", "You have: AWS, Terraform, Jira", "",
                         "## Path 1: senior developer → engineering lead → Tech PM → senior Tech PM → CTO"]
    assert "- [ ] **cloud computing** (skill; in part: AWS; Tech PM learning step 2: Acquire expertise in cloud "\
           "and infrastructure)" in lines
    assert "- [x] Jira (you have it)" in lines
    assert sum(line.lstrip().startswith("- [ ]") for line in lines) == 118


def test_the_html_page_draws_the_path_with_the_checklist_offline_and_escaped(run, tmp_path):
    data = tmp_path / "odd.ttl"
    data.write_text("""@prefix pmo: <https://w3id.org/pmgraph/ontology#> .
@prefix pm: <https://w3id.org/pmgraph/id/> .
@prefix x: <https://example.org/x/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
x:Odd a pmo:Skill ; skos:prefLabel "<img src=x onerror=alert(1)> *odd*"@en ; dct:source pm:src000-s3-hard .
x:req a pmo:SkillRequirement ; pmo:role pm:EngineeringLead ; pmo:skill x:Odd ; dct:source pm:src000-s3-hard .
""", encoding="utf-8")
    page = tmp_path / "plan.html"
    result = run("--data", str(data), "plan", "Tech PM", "--from", "senior engineer", "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {page}: 1 path, 59 things left on the first\n"
    text = page.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; *odd*" in text and "<img src=x" not in text
    assert '<aside id="plan">' in text and "http://" not in text.split("<script>")[0].replace(
        "http://www.w3.org", "")
    markdown = run("--data", str(data), "plan", "Tech PM", "--from", "senior engineer", "--format", "markdown")
    assert "- [ ] **\\<img src=x onerror=alert(1)\\> \\*odd\\*** (skill)\n" in markdown.stdout


def test_text_output_needs_no_file(run, tmp_path):
    result = run("plan", "CTO", *ENGINEER, "-o", str(tmp_path / "x.txt"))
    assert (result.exit_code, result.stderr) == (2, "pmgraph: error: -o goes with --format json, markdown or html\n")


# -- over O*NET (the imported samples) --------------------------------------------------------
@pytest.fixture
def on_samples(tmp_path_factory, monkeypatch):
    from importdata import sample_home

    monkeypatch.setenv("PMGRAPH_HOME", str(sample_home(tmp_path_factory)))


def test_next_have_weighs_the_onet_job_zone(run, on_samples):
    result = as_json(run, "next", "13-1111.00", "--have", "Critical Thinking,Speaking,Judgment and Decision Making",
                     "--max-moves", "1")
    assert [(entry["role"]["label"], entry["score"], entry["job_zone"]["difference"]) for entry in result["roles"]] == [
        ("Computer and Information Systems Managers", 0.0682, 0), ("Information Technology Project Managers", 0.0682, 0),
        ("Chief Executives", 0.0125, 1), ("Project Management Specialists", 0.0, 0)]
    chief = result["roles"][2]
    assert [(part["part"], part["covered"], part["needed"]) for part in chief["parts"]] == [
        ("essential skills", 3, 24), ("optional skills", 0, 11), ("tools", 0, 56)]
    assert chief["penalties"] == [{"reason": "1 O*NET job zone up", "points": -0.05}]
    assert labels(chief["parts"][0]["covered_items"]) == ["Critical Thinking", "Judgment and Decision Making", "Speaking"]


def test_a_plan_to_the_same_role_draws_the_role(run, tmp_path):
    page = tmp_path / "same.html"
    result = run("plan", "CTO", "--from", "CTO", "--format", "html", "-o", str(page))
    assert result.stdout == f"wrote {page}: 1 path, 0 things left on the first\n"
    assert '<aside id="plan">' in page.read_text(encoding="utf-8")


def test_no_path_is_exit_1_in_one_line(run):
    result = run("plan", "Associate TPM", "--from", "CTO", "--have", "Jira")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("pmgraph: error: no path from CTO to Associate TPM") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("text", "line"), [
    ('role = 3\n', "1: 'role' must be one name, e.g. role = \"Tech PM\""),
    ('role = "CTO"\nskills = 3\n', "2: 'skills' must be a list of names, e.g. skills = [\"...\"]"),
    ('role = "CTO"\ntools = [1]\n', "2: an item of 'tools' must be a name or { name = \"...\", level = \"...\" }, not 1"),
    ('concepts = [{ name = "AWS", level = "expert" }]\n', "1: 'concepts' items have no level ('AWS')"),
    ('tools = [{ name = "Jira", since = 2020 }]\n', "1: unknown key 'since' in an item of 'tools'; an item has name and level"),
])
def test_a_value_of_the_wrong_form_is_one_line_exit_3(run, tmp_path, text, line):
    path = write(tmp_path, text)
    result = run("next", "--profile", path)
    assert (result.exit_code, result.stderr) == (3, f"pmgraph: error: {path}:{line}\n")


def test_next_starts_from_the_profiles_role(run):
    result = as_json(run, "next", "--profile", "docs/examples/engineer.toml", "--max-moves", "3")
    assert result["role"]["label"] == "senior developer" and labels(result["have"]["items"]) == [
        "system architecture", "Terraform", "Jira", "AWS", "Clean Code"]
    # 4 of Tech PM's 12 skills in part (cloud computing: AWS, DevOps and SRE: Terraform, programming languages:
    # Clean Code, system architecture: beginner) = 2/12 × 0.5/0.8; 2 of 20 tools × 0.3/0.8; one move too many: -0.05
    assert [(entry["role"]["label"], entry["score"]) for entry in result["roles"]] == [("Tech PM", 0.0917)]
    assert round(2 / 12 * 0.5 / 0.8 + 2 / 20 * 0.3 / 0.8 - 0.05, 4) == 0.0917


def test_a_plan_over_onet_lists_the_essential_skills_first(run, on_samples):
    result = as_json(run, "plan", "11-3021.00", "--from", "15-1252.00", "--have", "Critical Thinking,Speaking")
    [step] = result["paths"][0]["steps"]
    levels = [item["level"] for item in step["items"] if item["kind"] == "skill"]
    assert levels == ["essential"] * 20 + ["optional"] * 13
    assert labels(step["had"]) == ["Critical Thinking", "Speaking"]
    assert result["paths"][0]["left"] == {"skills": 33, "partial": 0, "tools": 80, "resources": 0, "total": 113}


def test_have_adds_to_the_profile(run):
    result = as_json(run, "plan", "--profile", "docs/examples/engineer.toml", "--have", "Slack,Clean Code")
    assert [(node["label"], node["given_as"], node["level"]) for node in result["have"]["items"]] == [
        ("system architecture", "system architecture", "beginner"), ("Terraform", "Terraform", None),
        ("Jira", "Jira", None), ("AWS", "AWS", None), ("Clean Code", "Clean Code", None), ("Slack", "Slack", None)]
    assert result["have"]["origin"] == "docs/examples/engineer.toml"
    assert labels(result["paths"][0]["steps"][1]["had"]) == ["Jira", "Slack", "Terraform"]


@pytest.mark.parametrize(("text", "message"), [
    ("@prefix schema: <https://schema.org/> .\n<#me> a schema:Person ;\n  schema:knowsAbout .\n", None),
    ("@prefix schema: <https://schema.org/> .\n<#a> a schema:Person .\n<#b> a schema:Person .\n",
     "a profile in RDF is one schema:Person; found 2"),
    ("@prefix schema: <https://schema.org/> .\n@prefix pm: <https://w3id.org/pmgraph/id/> .\n"
     "<#me> a schema:Person ; schema:knowsAbout pm:Terrafrom .\n",
     "unknown concept/equipment/resource/skill/tool 'pm:Terrafrom': no such IRI in the graph"),
    ("@prefix schema: <https://schema.org/> .\n@prefix pm: <https://w3id.org/pmgraph/id/> .\n"
     '<#me> a schema:Person ; schema:knowsAbout [ schema:about pm:Jira ; schema:skillLevel "guru" ] .\n',
     "unknown level 'guru' for 'https://w3id.org/pmgraph/id/Jira'; use one of beginner, intermediate, advanced, expert"),
])
def test_an_rdf_profile_with_a_mistake_is_one_line(run, tmp_path, text, message):
    path = write(tmp_path, text, "me.ttl")
    result = run("plan", "CTO", "--profile", path)
    assert result.stdout == "" and result.stderr.count("\n") == 1
    if message is None:  # a syntax error: the parser's file:line:column
        assert result.exit_code == 3 and result.stderr.startswith(f"pmgraph: error: {path}:3:")
    else:
        assert result.stderr == f"pmgraph: error: {path}: {message}\n"
        assert result.exit_code == (4 if message.startswith("unknown concept") else 3)
