"""Every named query of the library runs against the bundled graph with asserted results.

Each query's answer is checked against what the source documents say (ladders, moves,
skill tables) and, where an answer is large, against the same count made by walking the
graph with rdflib's triple API instead of SPARQL.
"""

from __future__ import annotations

import shlex
from collections import Counter, defaultdict

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

import pmgraph.kb.files
from pmgraph import sparql
from pmgraph.namespaces import PM, PMO, curie

QUERIES = sparql.named_queries()
CHECKS = {}


def check(name):
    """Register the test of one named query."""
    def register(function):
        CHECKS[name] = function
        return function
    return register


def plain(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, Literal) and isinstance(term.toPython(), int):
        return term.toPython()
    return str(term)


@pytest.fixture(scope="module")
def ask(graph, resolver):
    """ask(name, **params) -> the rows of a named query as CURIEs, ints and strings."""
    def run(name, **params):
        query = QUERIES[name]
        result = sparql.run_local(query.parsed, graph, sparql.bind_parameters(query, params, resolver))
        if result.form == "ASK":
            return result.boolean
        if result.form in ("CONSTRUCT", "DESCRIBE"):
            return result.graph
        return [tuple(plain(term) for term in row) for row in result.rows]
    return run


@pytest.fixture
def fast(monkeypatch, graph, run):
    """`run`, with the bundled graph parsed once for the session instead of once per command."""
    real = pmgraph.kb.files.load_graph
    monkeypatch.setattr(pmgraph.kb.files, "load_graph",
                        lambda data=(), *, bundled=True: graph if not data and bundled else real(data, bundled=bundled))
    return run


# -- the library itself -------------------------------------------------------------------------


def test_the_library_has_at_least_20_documented_queries():
    assert len(QUERIES) >= 20
    for query in QUERIES.values():
        assert query.title and len(query.description) > 40, query.name
        assert query.examples, query.name
        for example in query.examples:
            assert example.startswith(f"pmgraph query {query.name}"), example


def test_every_query_has_a_test_here():
    assert set(CHECKS) == set(QUERIES)


def test_every_parameter_has_a_known_kind_and_appears_in_its_query(catalog):
    kinds = set(catalog.kind_names()) | {"any", "text", "lang"}
    for query in QUERIES.values():
        for parameter in query.parameters:
            assert set(parameter.kind.split("|")) <= kinds, (query.name, parameter.kind)
            assert f"?{parameter.name}" in query.text, (query.name, parameter.name)


@pytest.mark.slow
def test_every_query_with_parameters_can_be_sent_to_an_endpoint():
    for query in QUERIES.values():
        bindings = {p.name: Literal("en") if p.kind in ("lang", "text") else PM.TechPM for p in query.parameters}
        text = sparql.remote_text(query.parsed, bindings)
        assert text.startswith("PREFIX pm: <https://w3id.org/pmgraph/id/>\n")
        if bindings:
            assert "VALUES (" in text, query.name


EXAMPLES = [(query.name, example) for query in QUERIES.values() for example in query.examples]


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}:{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_every_documented_example_runs(fast, name, example):
    args = shlex.split(example)
    assert args[:2] == ["pmgraph", "query"]
    result = fast(*args[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_queries_lists_every_query(fast):
    result = fast("queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "parameters", "question"]
    assert lines[2].split()[0] == "can-move"
    assert lines[-1] == (f"{len(QUERIES)} named queries; `pmgraph queries NAME` shows one, "
                         "`pmgraph query NAME` runs it")
    skills = next(line for line in lines if line.startswith("skills-of-role "))
    assert skills.split(None, 1)[1].split("  ")[0].strip() == "role, [lang]"


def test_queries_shows_one_query(fast):
    result = fast("queries", "can-move")
    assert result.exit_code == 0
    assert result.stdout == QUERIES["can-move"].path.read_text(encoding="utf-8")
    as_json = fast("queries", "skills-of-role", "--format", "json")
    assert '"kind": "role"' in as_json.stdout and '"default": "en"' in as_json.stdout


# -- each query's answer --------------------------------------------------------------------------


@check("skills-of-role")
def test_skills_of_role(ask, graph):
    rows = ask("skills-of-role", role="Tech PM")
    assert [row[0] for row in rows] == [
        "pm:CloudComputing", "pm:SystemArchitecture", "pm:ProgrammingLanguages", "pm:DatabaseAndDataDesign",
        "pm:DevOpsAndSRE", "pm:SecurityAndCompliance", "pm:NetworkAndInfrastructure",
        "pm:StrategicThinking", "pm:Communication", "pm:RiskManagement", "pm:Prioritisation",
        "pm:LeadershipAndInfluence"]
    # No table row states whether its skill is essential or optional: the level is not stated (None).
    assert {row[1:4] for row in rows[:7]} == {("pm:HardSkill", None, "pm:src000-s3-hard")}
    assert {row[1:4] for row in rows[7:]} == {("pm:SoftSkill", None, "pm:src000-s3-soft")}
    assert rows[4][5] == "DevOpsとSREプラクティス"  # the skill as source 000 writes it
    assert rows[0][4].startswith("Knowledge of and design experience with major services such as AWS, Azure and GCP.")
    japanese = ask("skills-of-role", role="Tech PM", lang="ja")
    assert japanese[0][4].startswith("AWS, Azure, GCPなどの主要サービスの知識と設計経験。")
    tpm = {row[0]: row[5] for row in ask("skills-of-role", role="TPM")}
    assert (tpm["pm:DevOpsAndSRE"], tpm["pm:RiskManagement"]) == ("DevOpsとSRE原則", "リスクと危機管理")


@check("roles-needing-skill")
def test_roles_needing_skill(ask):
    assert ask("roles-needing-skill", skill="cloud computing") == [
        ("pm:TechPM", None, "pm:src000-s3-hard"),
        ("pm:TechnicalProgramManager", None, "pm:src001-s3-hard")]
    assert ask("roles-needing-skill", skill="リスクマネジメント") == [
        ("pm:TechPM", None, "pm:src000-s3-soft"),
        ("pm:TechnicalProgramManager", None, "pm:src001-s3-soft")]


@check("tools-of-role")
def test_tools_of_role(ask, graph):
    rows = ask("tools-of-role", role="Tech PM")
    assert rows[:3] == [
        ("pm:ProductManagementTools", "pm:Asana", rows[0][2]),
        ("pm:ProductManagementTools", "pm:Jira", rows[0][2]),
        ("pm:ProductManagementTools", "pm:Trello", rows[0][2])]
    assert rows[0][2].startswith("Backlog management, prioritisation of tasks and progress tracking")
    categories = list(dict.fromkeys(row[0] for row in rows))
    assert categories[:3] == ["pm:ProductManagementTools", "pm:CICDTools", "pm:MonitoringTools"]
    uses = [use for use in graph.subjects(PMO.role, PM.TechPM) if (use, RDF.type, PMO.ToolUse) in graph]
    assert len(rows) == sum(len(list(graph.objects(use, PMO.tool))) for use in uses)


@check("shared-by-roles")
def test_shared_by_roles(ask, graph):
    rows = ask("shared-by-roles", role="Tech PM", other="TPM")
    by_relation = defaultdict(list)
    for relation, item in rows:
        by_relation[relation].append(item)
    assert by_relation["skill"] == ["pm:CloudComputing", "pm:Communication", "pm:DevOpsAndSRE",
                                    "pm:ProgrammingLanguages", "pm:RiskManagement", "pm:StrategicThinking",
                                    "pm:SystemArchitecture"]
    assert by_relation["department"] == ["pm:EngineeringTeam", "pm:ExecutivesAndBusiness", "pm:ProductTeam"]
    assert {"pm:Jira", "pm:Terraform", "pm:Datadog"} <= set(by_relation["tool"])

    def of(role, cls, prop):
        return {o for s in graph.subjects(PMO.role, role) if (s, RDF.type, cls) in graph for o in graph.objects(s, prop)}
    tools = of(PM.TechPM, PMO.ToolUse, PMO.tool) & of(PM.TechnicalProgramManager, PMO.ToolUse, PMO.tool)
    assert set(by_relation["tool"]) == {curie(t) for t in tools}


@check("collaborations-of-role")
def test_collaborations_of_role(ask):
    rows = ask("collaborations-of-role", role="Tech PM")
    assert [row[:2] for row in rows] == [
        ("pm:CustomerSupportAndOperations", None), ("pm:EngineeringTeam", "pm:Architect"),
        ("pm:EngineeringTeam", "pm:Developer"), ("pm:EngineeringTeam", "pm:SRE"),
        ("pm:ExecutivesAndBusiness", None), ("pm:ProductTeam", "pm:ProductManager")]
    assert rows[5][2] == "To balance maximising business value with technical sustainability."
    assert {row[3:5] for row in rows} == {
        ("カスタマーサポートおよびオペレーションチーム", "pm:Stated"), ("エンジニアリングチーム(開発者、SRE、アーキテクト)", "pm:Stated"),
        ("経営層およびビジネス部門(マーケティング、セールス)", "pm:Stated"), ("プロダクトマネージャー(ビジネスPM)", "pm:Stated")}
    tpm = defaultdict(set)
    for row in ask("collaborations-of-role", role="TPM"):
        tpm[row[0]].add((row[3], row[5]))
    assert tpm["pm:EngineeringTeam"] == {("エンジニアリングチーム(開発・インフラ)", "pm:collab-TechnicalProgramManager-EngineeringTeam")}
    # the collaboration's heading, and duty 5, which reports to executives and business leaders
    assert tpm["pm:ExecutivesAndBusiness"] == {
        ("ビジネスリーダー/エグゼクティブ", "pm:collab-TechnicalProgramManager-ExecutivesAndBusiness"),
        ("エグゼクティブやビジネスリーダー", "pm:duty-TechnicalProgramManager-5")}
    # kubell's product manager has no collaboration node, but source 003 names the departments
    # it works with in its duties and practices
    kubell = ask("collaborations-of-role", role="product manager")
    assert [(row[0], row[3], row[4], row[5]) for row in kubell] == [
        ("pm:CustomerSuccess", None, "pm:Inferred", "pm:ClientServerMaintenanceSplit"),
        ("pm:CustomerSuccess", None, "pm:Inferred", "pm:OrganisationWideOperationsSetup"),
        ("pm:CustomerSuccess", "カスタマーサクセス", "pm:Stated", "pm:duty-ProductManager-7"),
        ("pm:CustomerSupportAndOperations", None, "pm:Inferred", "pm:OrganisationWideOperationsSetup"),
        ("pm:CustomerSupportAndOperations", "カスタマーサポート", "pm:Stated", "pm:WeeklyIncidentResponseRotation"),
        ("pm:CustomerSupportAndOperations", "カスタマーサポート", "pm:Stated", "pm:duty-ProductManager-4"),
        ("pm:PublicRelations", None, "pm:Inferred", "pm:OrganisationWideOperationsSetup"),
        ("pm:PublicRelations", "広報", "pm:Stated", "pm:WeeklyIncidentResponseRotation"),
        ("pm:PublicRelations", "広報", "pm:Stated", "pm:duty-ProductManager-4")]


@check("career-ladder")
def test_career_ladder(ask):
    assert ask("career-ladder", track="pm:TechPMCareerPath") == [
        (1, "pm:JuniorDeveloper", "pm:SeniorDeveloper"),
        (2, "pm:SeniorDeveloper", "pm:EngineeringLead"),
        (3, "pm:EngineeringLead", "pm:TechPM"),
        (4, "pm:TechPM", "pm:SeniorTechPM"),
        (4, "pm:TechPM", "pm:TechDirector"),
        (5, "pm:SeniorTechPM", "pm:CTO"),
        (5, "pm:SeniorTechPM", "pm:VPEngineering"),
        (5, "pm:TechDirector", "pm:CTO"),
        (5, "pm:TechDirector", "pm:VPEngineering"),
        (6, "pm:CTO", None),
        (6, "pm:VPEngineering", None)]
    assert ask("career-ladder", track="pm:TPMCareerPath") == [
        (1, "pm:AssociateTPM", "pm:TechnicalProgramManager"),
        (2, "pm:TechnicalProgramManager", "pm:SeniorTPM"),
        (3, "pm:SeniorTPM", "pm:PrincipalTPM"),
        (3, "pm:SpecialistTPM", None),
        (4, "pm:PrincipalTPM", "pm:DirectorOfProgramManagement"),
        (5, "pm:DirectorOfProgramManagement", None)]


@check("reachable-roles")
def test_reachable_roles(ask):
    assert ask("reachable-roles", role="engineering lead") == [
        ("pm:TechPM", "pm:TechPMCareerPath", 4), ("pm:SeniorTechPM", "pm:TechPMCareerPath", 5),
        ("pm:TechDirector", "pm:TechPMCareerPath", 5), ("pm:CTO", "pm:TechPMCareerPath", 6),
        ("pm:VPEngineering", "pm:TechPMCareerPath", 6)]
    from_director = ask("reachable-roles", role="pm:DirectorOfProgramManagement")
    assert [row[0] for row in from_director] == ["pm:CTOOfficeStrategicRole", "pm:VPEngineering"]


@check("can-move")
def test_can_move(ask, fast):
    assert ask("can-move", role="junior developer", target="CTO") is True
    assert ask("can-move", role="CTO", target="junior developer") is False
    assert ask("can-move", role="Associate TPM", target="VP of Engineering") is True
    no = fast("query", "can-move", "-p", "role=CTO", "-p", "target=junior developer")
    assert (no.exit_code, no.stdout) == (1, "false\n")


@check("moves-into-role")
def test_moves_into_role(ask):
    rows = ask("moves-into-role", role="Tech PM")
    assert [row[:3] for row in rows] == [
        ("pm:Developer", "pm:Pivot", "pm:src000-s10"),
        ("pm:Engineer", "pm:Pivot", "pm:src000-s5"),
        ("pm:EngineeringLead", "pm:Promotion", "pm:src000-s5")]
    assert rows[1][3].startswith("A Tech PM is a position usually reached by an engineer")
    assert rows[2][3] is None


@check("moves-from-role")
def test_moves_from_role(ask):
    rows = ask("moves-from-role", role="Tech PM")
    assert [row[:3] for row in rows] == [("pm:SeniorTechPM", "pm:Promotion", "pm:src000-s5"),
                                         ("pm:TechDirector", "pm:Promotion", "pm:src000-s5")]
    director = ask("moves-from-role", role="Director of Program Management")
    assert [row[:2] for row in director] == [("pm:CTOOfficeStrategicRole", "pm:Pivot"), ("pm:VPEngineering", "pm:Pivot")]


@check("learning-for-skill")
def test_learning_for_skill(ask):
    assert [(row[0], row[1], row[3], row[4]) for row in ask("learning-for-skill", skill="cloud computing")] == [
        ("pm:TechPM", 2, "pm:AWSCertifiedSolutionsArchitectAssociate", "pmo:Certification"),
        ("pm:TechPM", 2, "pm:AWSCertifiedSolutionsArchitectProfessional", "pmo:Certification"),
        ("pm:TechPM", 2, "pm:SiteReliabilityEngineeringBook", "pmo:Book"),
        ("pm:TechnicalProgramManager", 1, "pm:AWSSolutionsArchitectOfficialTraining", "pmo:Course"),
        ("pm:TechnicalProgramManager", 1, "pm:BuildingMicroservices", "pmo:Book"),
        ("pm:TechnicalProgramManager", 1, "pm:IntroductionToCloudComputingCourse", "pmo:Course"),
        ("pm:TechnicalProgramManager", 1, "pm:SiteReliabilityEngineeringBook", "pmo:Book")]


@check("questions-for-skill")
def test_questions_for_skill(ask, graph):
    rows = ask("questions-for-skill", skill="system architecture")
    assert rows[0] == ("pm:TechPM", "pm:q-TechPM-01", "pm:src000-s9", "pm:Inferred")
    # the guides never say which skill a question tests: every such link is inferred
    assert {row[3] for row in rows} == {"pm:Inferred"}
    assert Counter(row[0] for row in rows) == Counter(
        curie(role) for q in graph.subjects(PMO.testsSkill, PM.SystemArchitecture) for role in graph.objects(q, PMO.role))
    assert {row[2] for row in rows} == {"pm:src000-s9", "pm:src001-s9"}


@check("trends-raising-skill")
def test_trends_raising_skill(ask):
    assert [row[0] for row in ask("trends-raising-skill", skill="security and compliance")] == [
        "pm:TechPM", "pm:TechnicalProgramManager"]
    assert {row[2] for row in ask("trends-raising-skill", skill="security and compliance")} == {
        "pm:src000-s6", "pm:src001-s6"}


@check("external-matches")
def test_external_matches(ask):
    assert ask("external-matches", role="TPM") == [
        ("ESCO", "skos:broadMatch", "http://data.europa.eu/esco/occupation/c94f3565-d987-431f-a46b-6f4e018e0bd7"),
        ("O*NET", "skos:broadMatch", "onet:15-1299.09")]
    assert ask("external-matches", role="Tech PM") == [
        ("ESCO", "skos:broadMatch", "http://data.europa.eu/esco/occupation/a79170ad-0b7b-4697-864f-1748359aa10a"),
        ("O*NET", "skos:broadMatch", "onet:11-3021.00")]


@check("sources-of")
def test_sources_of(ask, graph):
    assert ask("sources-of", item="pm:req-TechPM-CloudComputing") == [
        ("pm:src000-s3-hard", "pm:src000", "000_1644f7cfab8d38e5.txt", "🚀 技術スキル(ハードスキル)")]
    rows = ask("sources-of", item="Tech PM")
    assert [row[0] for row in rows] == sorted(curie(s) for s in graph.objects(PM.TechPM, URIRef("http://purl.org/dc/terms/source")))
    assert len(rows) >= 5


@check("facts-from-source")
def test_facts_from_source(ask):
    rows = ask("facts-from-source", source="pm:src000-s5")
    assert {row[0] for row in rows} == {"pmo:CareerTransition"}
    assert len(rows) == 10 and ("pmo:CareerTransition", "pm:move-Engineer-TechPM", "pm:src000-s5") in rows
    whole = ask("facts-from-source", source="pm:src000")
    assert {row[2] for row in whole} > {"pm:src000-s5", "pm:src000-s3-hard", "pm:src000-s9"}
    assert set(rows) < set(whole)


@check("role-labels")
def test_role_labels(ask):
    korean = ask("role-labels", lang="ko")
    assert ("pm:TechnicalProgramManager", "preferred", "기술 프로그램 매니저") in korean
    # no source writes the Tech PM's name in Korean (002's "Tech PM" is the technical project manager)
    assert not [row for row in korean if row[0] == "pm:TechPM"]
    assert ("pm:TechnicalProjectManager", "alternative", "Tech PM(Technical Project Manager)") in korean
    assert korean[0] == ("pm:AppDeveloper", "preferred", "앱 개발자")
    english = ask("role-labels")
    assert ("pm:TechPM", "preferred", "Tech PM") in english
    assert ("pm:TechnicalProgramManager", "alternative", "TPM") in english


@check("find-by-label")
def test_find_by_label(ask, graph):
    rows = ask("find-by-label", text="cloud")
    expected = {(curie(s), str(o)) for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                for s, o in graph.subject_objects(prop) if "cloud" in str(o).lower()}
    assert {(row[0], row[2]) for row in rows} == expected
    assert rows[0] == ("pm:CloudComputing", "pmo:Skill", "cloud computing", "en")
    japanese = ask("find-by-label", text="クラウド")
    assert ("pm:CloudComputing", "pmo:Skill", "クラウドコンピューティング", "ja") in japanese


@check("duties-of-role")
def test_duties_of_role(ask):
    rows = ask("duties-of-role", role="Tech PM")
    assert [row[:3] for row in rows] == [
        (1, "pm:TechnicalRoadmapManagement", "pm:src000-s2"), (2, "pm:TechnicalDebtManagement", "pm:src000-s2"),
        (3, "pm:NonFunctionalRequirements", "pm:src000-s2"), (4, "pm:TechnologySelection", "pm:src000-s2"),
        (5, "pm:DevelopmentProcessOptimisation", "pm:src000-s2"),
        (6, "pm:TechnicalStakeholderCommunication", "pm:src000-s2")]
    assert rows[0][3] == ("To remove technical bottlenecks in advance and to maintain or raise the speed of future "
                          "feature development.")


@check("roles-with-duty")
def test_roles_with_duty(ask):
    assert ask("roles-with-duty", duty="pm:TechnicalDebtManagement") == [
        ("pm:TechPM", 2, "pm:src000-s2"), ("pm:TechnicalProgramManager", 6, "pm:src001-s2")]


@check("tool-users")
def test_tool_users(ask):
    assert ask("tool-users", tool="Jira") == [
        ("pm:TechPM", "pm:ProductManagementTools", "pm:src000-s3-tools"),
        ("pm:TechnicalProgramManager", "pm:ProjectManagementTools", "pm:src001-s3-tools")]


@check("employers-of-role")
def test_employers_of_role(ask, graph):
    rows = ask("employers-of-role", role="Tech PM")
    assert rows == sorted(("pmo:EmployerType" if (e, RDF.type, PMO.EmployerType) in graph else "pmo:Organization",
                           curie(e)) for e in graph.subjects(PMO.hires, PM.TechPM))
    assert ("pmo:EmployerType", "pm:LargeSaaSCompanies") in rows
    # 002 names Oracle and IBM for the technical sales PM
    assert ask("employers-of-role", role="기술 영업 PM") == [
        ("pmo:EmployerType", "pm:ITSolutionVendors"), ("pmo:Organization", "pm:IBM"), ("pmo:Organization", "pm:Oracle")]
    # kubell employs the product manager whose duties source 003 describes
    assert ("pmo:Organization", "pm:Kubell") in ask("employers-of-role", role="product manager")


@check("skill-gap")
def test_skill_gap(ask):
    assert ask("skill-gap", role="TPM", target="Tech PM") == [
        ("pm:DatabaseAndDataDesign", "pm:HardSkill", None),
        ("pm:NetworkAndInfrastructure", "pm:HardSkill", None),
        ("pm:SecurityAndCompliance", "pm:HardSkill", None),
        ("pm:LeadershipAndInfluence", "pm:SoftSkill", None),
        ("pm:Prioritisation", "pm:SoftSkill", None)]
    assert ask("skill-gap", role="Tech PM", target="Tech PM") == []


@check("facts-per-role")
def test_facts_per_role(ask, graph):
    rows = {row[0]: row[1:] for row in ask("facts-per-role")}
    classes = [PMO.SkillRequirement, PMO.DutyAssignment, PMO.ToolUse, PMO.Collaboration, PMO.LearningStep,
               PMO.InterviewQuestion, PMO.Trend]
    counts = defaultdict(lambda: [0] * len(classes))
    for fact, role in graph.subject_objects(PMO.role):
        for index, cls in enumerate(classes):
            if (fact, RDF.type, cls) in graph:
                counts[curie(role)][index] += 1
    assert rows == {role: tuple(values) for role, values in counts.items()}
    assert rows["pm:TechPM"][:3] == (12, 6, 7)


@check("concepts-of-role")
def test_concepts_of_role(ask, graph):
    rows = ask("concepts-of-role", role="Tech PM")
    mentions = Counter()
    for fact in set(graph.subjects(PMO.role, PM.TechPM)):
        for concept in set(graph.objects(fact, PMO.mentions)):
            if (concept, RDF.type, PMO.TechnicalConcept) in graph:
                mentions[curie(concept)] += 1
    assert dict(rows) == dict(mentions)
    assert [count for _, count in rows] == sorted((count for _, count in rows), reverse=True)


@check("skill-demand")
def test_skill_demand(ask, graph):
    rows = ask("skill-demand")
    assert rows[0] == ("pm:SystemArchitecture", 2,
                       len(set(graph.subjects(PMO.raisesImportanceOf, PM.SystemArchitecture))),
                       len(set(graph.subjects(PMO.testsSkill, PM.SystemArchitecture))))
    required = {curie(s) for s in graph.objects(None, PMO.skill)}
    assert {row[0] for row in rows} == required


@check("role-subgraph")
def test_role_subgraph(ask, graph):
    subgraph = ask("role-subgraph", role="TAM")
    assert set(subgraph.predicate_objects(PM.TechnicalAccountManager)) == set(graph.predicate_objects(PM.TechnicalAccountManager))
    duties = [s for s in graph.subjects(PMO.role, PM.TechnicalAccountManager)]
    assert len(duties) == 5
    for fact in duties:
        assert set(subgraph.predicate_objects(fact)) == set(graph.predicate_objects(fact))


@check("practices-for-problems")
def test_practices_for_problems(ask, graph):
    rows = ask("practices-for-problems")
    assert len(rows) == len(list(graph.subject_objects(PMO.addresses)))
    assert ("pm:LoadConcentration", "pm:WeeklyIncidentResponseRotation", "pm:Kubell", "pm:Inferred") in rows
    assert ("pm:LoadConcentration", "pm:OrganisationWideOperationsSetup", "pm:Kubell", "pm:Stated") in rows
    assert Counter(row[3] for row in rows) == Counter({"pm:Stated": 5, "pm:Inferred": 7})


@check("claims-about-role")
def test_claims_about_role(ask):
    rows = ask("claims-about-role", role="technical project manager")
    assert [(row[0], row[1], row[2], row[3], row[4], row[5]) for row in rows] == [
        ("pm:claim-002-jds-differ", "pm:TechnicalProjectManager", False, None, None, "pm:src002-s2"),
        ("pm:claim-002-pm-definitions-differ", "pm:TechnicalProjectManager", False, None, None, "pm:src002-s4"),
        ("pm:claim-002-grow-capability", "pm:TechnicalProjectManager", False, None, None, "pm:src002-s5"),
        ("pm:claim-002-no-clear-distinction-in-korea", "pm:TechnicalProjectManager", False, None, None, "pm:src002-s5"),
        ("pm:claim-002-pm-role-depends-on-capability", "pm:TechnicalProjectManager", False, None, None, "pm:src002-s5"),
        ("pm:claim-002-tech-pm-names-two-roles", "pm:TechnicalProjectManager", False, None, "pm:TechPM", "pm:src002-s5"),
        ("pm:claim-002-pm-definitions-differ", "pm:ProjectManager", True, None, None, "pm:src002-s4"),
        ("pm:claim-002-project-manager-when", "pm:ProjectManager", True, "pm:FocusWhen", None, "pm:src002-s4"),
        ("pm:claim-002-no-clear-distinction-in-korea", "pm:ProjectManager", True, None, None, "pm:src002-s5"),
        ("pm:claim-002-pm-role-depends-on-capability", "pm:ProjectManager", True, None, None, "pm:src002-s5")]
    conclusion = next(row for row in rows if row[0] == "pm:claim-002-grow-capability")
    assert conclusion[6] == ("어떤 역량과 경험을 가지고 일하는지에 따라 PM 역할은 달라질 수 있다. "
                             "Tech PM이라는 역할에 갇히지말고 역량을 키우자")
    assert conclusion[7].startswith("The PM role can differ according to the capability and experience")
    # 002's How / When distinction reaches the TPM from the broader program manager, inherited
    tpm = ask("claims-about-role", role="TPM")
    focus = {(row[0], row[1], row[2], row[3]) for row in tpm if row[3]}
    assert focus == {
        ("pm:claim-001-how-and-when", "pm:TechnicalProgramManager", False, "pm:FocusHow"),
        ("pm:claim-001-how-and-when", "pm:TechnicalProgramManager", False, "pm:FocusWhen"),
        ("pm:claim-002-program-manager-how", "pm:ProgramManager", True, "pm:FocusHow")}


@check("roles-by-focus")
def test_roles_by_focus(ask):
    assert ask("roles-by-focus") == [
        ("pm:FocusHow", "pm:ProgramManager"), ("pm:FocusHow", "pm:TechPM"),
        ("pm:FocusHow", "pm:TechnicalProgramManager"), ("pm:FocusWhat", "pm:ProductManager"),
        ("pm:FocusWhen", "pm:ProjectManager"), ("pm:FocusWhen", "pm:TechnicalProgramManager")]
