"""O*NET import: the 29.3 database, columns read by name, its quirks, SHACL on a sample.

Each check over the imported data runs on the sample in tests/data/samples/ and again, where
``../shared`` holds it, on the full database; the counts expected of each are in :data:`EXPECTED`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from importdata import (
    PREFIXES,
    SAMPLE_ONET,
    ask,
    dataset_store,
    onet_subset,
    sample_graph,
    select,
)

ONET = "https://www.onetonline.org/link/summary/"
IT_PROJECT_MANAGERS = ONET + "15-1299.09"
SAMPLE = ["15-1299.09", "11-3021.00", "15-1252.00", "13-1082.00", "13-1111.00", "15-1211.00", "15-1299.00"]


#: What each imported copy holds: the sample (tests/data/samples/) and the full database.
EXPECTED = {
    "sample": {
        "counts": {"occupations": 8, "job zones": 7, "alternate titles": 427, "skills": 35,
                   "skill requirements": 5 * 35, "technologies": 698, "technology categories": 87,
                   "technology uses": 355, "hot technology marks": 606, "tools": 47, "tool categories": 34,
                   "tool uses": 54, "related-occupation moves": 22},
        "quirks": {"O*NET occupation without skill ratings (imported without skills)": 8 - 5,
                   "O*NET occupation without a job zone": 8 - 7,
                   "O*NET skill level rated 'not relevant' (level left out, importance kept)": 20,
                   "O*NET alternative label held by several concepts (made a hidden label of each)": 16,
                   "O*NET preferred label shared by several concepts (the others renamed with a qualifier)": 22},
        # the related occupations of 15-1299.09 that the sample holds, by O*NET's rank
        "related to IT project managers": ["13-1082.00", "13-1111.00", "15-1252.00", "11-3021.00"],
        # fewer triples than pmgraph.validate.WHOLE_BELOW: validated whole
        "tool rows": 66, "software": 698, "validated": ("whole", []),
    },
    "full": {
        "counts": {"occupations": 1016, "job zones": 923, "alternate titles": 56_560, "skills": 35,
                   "skill requirements": 879 * 35, "technologies": 8775, "technology categories": 135,
                   "technology uses": 12_861, "hot technology marks": 11_616, "tools": 18_105,
                   "tool categories": 4_127, "tool uses": 31_917, "related-occupation moves": 18_460},
        "quirks": {"O*NET occupation without skill ratings (imported without skills)": 1016 - 879,
                   "O*NET occupation without a job zone": 1016 - 923,
                   "O*NET skill level rated 'not relevant' (level left out, importance kept)": 3302,
                   "O*NET skill level flagged 'recommend suppress' (imported; O*NET deems its precision low)": 124,
                   "O*NET preferred label shared by several concepts (the others renamed with a qualifier)": 1035},
        "related to IT project managers": ["13-1082.00", "13-1111.00", "15-1252.00", "11-3021.00", "15-1211.00"],
        # a closed sample from two occupations: the first and the middle one by code
        "tool rows": 41_662, "software": 8775, "validated": ("sample", ["11-1011.00", "31-1122.00"]),
    },
}


@pytest.fixture(scope="module")
def onet(imported):
    return dataset_store(imported.home, "onet")


@pytest.fixture(scope="module")
def info(imported):
    return json.loads((imported.home / "datasets" / "onet.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected(imported):
    return EXPECTED[imported.name]


@pytest.fixture(scope="module")
def tsv(imported):
    """The rows of one of the imported copy's O*NET files."""
    def rows(name: str) -> list[dict[str, str]]:
        with open(imported.onet / f"{name}.tsv", newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))

    return rows


def test_counts(info, onet, tsv, expected):
    tools = tsv("Tools Used")
    assert info["version"] == "29.3"
    assert info["counts"] == expected["counts"]
    assert (info["counts"]["tools"], info["counts"]["tool categories"], info["counts"]["tool uses"]) == (
        len({row["Example"] for row in tools}), len({row["Commodity Code"] for row in tools}),
        len({(row["O*NET-SOC Code"], row["Commodity Code"]) for row in tools}))
    assert info["counts"]["occupations"] == len(tsv("Occupation Data"))
    assert info["triples"] == len(onet)


def test_the_anomaly_summary_names_the_known_gaps(info, onet, expected):
    anomalies = {anomaly["description"]: anomaly for anomaly in info["anomalies"]}
    for description, count in expected["quirks"].items():
        assert anomalies[description]["count"] == count, description
    # the README's quirk: Software Developers has no Skills rows in 29.3, but is imported
    assert select(onet, f"SELECT ?r WHERE {{ ?r pmo:role <{ONET}15-1252.00> ; pmo:skill ?s }}") == []
    assert select(onet, f"SELECT ?l WHERE {{ <{ONET}15-1252.00> skos:prefLabel ?l }}") == [("Software Developers",)]
    assert anomalies["O*NET alternative label held by several concepts (made a hidden label of each)"]["count"] > 10


def test_an_occupation_is_a_role_named_by_its_code(onet):
    it_pm = f"<{IT_PROJECT_MANAGERS}>"
    assert select(onet, f"SELECT ?c WHERE {{ {it_pm} skos:notation ?c }}") == [("15-1299.09",)]
    assert select(onet, f"SELECT ?l WHERE {{ {it_pm} skos:prefLabel ?l }}") == [("Information Technology Project Managers",)]
    assert select(onet, f"SELECT ?b WHERE {{ {it_pm} skos:broader ?b }}") == [(ONET + "15-1299.00",)]
    assert select(onet, f"SELECT ?z WHERE {{ {it_pm} pmo:jobZone/skos:notation ?z }}") == [("4",)]
    assert select(onet, "SELECT ?n ?l WHERE { ?z a pmo:JobZone ; skos:notation ?n ; skos:prefLabel ?l } ORDER BY ?n") == [
        ("1", "Job Zone One: Little or No Preparation Needed"), ("2", "Job Zone Two: Some Preparation Needed"),
        ("3", "Job Zone Three: Medium Preparation Needed"), ("4", "Job Zone Four: Considerable Preparation Needed"),
        ("5", "Job Zone Five: Extensive Preparation Needed")]
    # the vocabulary defines the terms; the dataset does not declare any of its own
    assert select(onet, "SELECT ?p WHERE { ?p a owl:ObjectProperty }") == []
    assert not ask(onet, "ASK { ?s ?p ?o FILTER (STRSTARTS(STR(?p), 'https://w3id.org/pmgraph/import#')) }")
    assert ("IT Project Manager",) in select(onet, f"SELECT ?a WHERE {{ {it_pm} skos:altLabel|skos:hiddenLabel ?a }}")


def test_related_occupations_are_transitions_with_tier_and_rank(onet, expected):
    rows = select(onet, f"""SELECT ?to ?tier ?rank WHERE {{ ?m pmo:fromRole <{IT_PROJECT_MANAGERS}> ;
        pmo:toRole ?to ; pmo:relatedness ?tier ; pmo:order ?rank ; pmo:moveKind ?kind ; dct:source ?source }}
        ORDER BY ?rank LIMIT 5""")
    assert rows == [(ONET + code, "Primary-Short", str(rank)) for rank, code in enumerate(
        expected["related to IT project managers"], start=1)]
    assert select(onet, "SELECT ?l WHERE { ?k a pmo:MoveKind ; skos:prefLabel ?l }") == [("related occupation",)]


def test_skill_ratings_become_requirements_with_importance_and_level(onet, imported):
    rows = select(onet, f"""SELECT ?name ?importance ?level ?requirement WHERE {{
        ?r pmo:role <{IT_PROJECT_MANAGERS}> ; pmo:skill ?skill ; pmo:importance ?importance ;
           pmo:requirementLevel ?requirement .
        OPTIONAL {{ ?r pmo:proficiencyLevel ?level }}
        ?skill skos:prefLabel ?name }} ORDER BY ?name""")
    assert len(rows) == 35
    by_name = {name: (importance, level, requirement.rsplit("/", 1)[1]) for name, importance, level, requirement in rows}
    with open(imported.onet / "Skills.tsv", newline="", encoding="utf-8") as handle:
        published = {(row["Element Name"], row["Scale ID"]): row["Data Value"]
                     for row in csv.DictReader(handle, delimiter="\t") if row["O*NET-SOC Code"] == "15-1299.09"}
    for name, (importance, level, requirement) in by_name.items():
        assert float(importance) == float(published[name, "IM"])
        assert level is None or float(level) == float(published[name, "LV"])
        assert requirement == ("Essential" if float(importance) >= 3.0 else "Optional")
    assert by_name["Speaking"][2] == "Essential"
    assert select(onet, "SELECT ?t WHERE { ?s skos:notation '2.A.1.a' ; pmo:skillType/skos:prefLabel ?t }") == [
        ("Basic Skills",)]


def test_technology_skills_are_tool_uses_with_hot_technologies(onet):
    it_pm = f"<{IT_PROJECT_MANAGERS}>"
    [(tools,)] = select(onet, f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?u pmo:role {it_pm} ; pmo:tool ?t
        FILTER NOT EXISTS {{ ?t a pmo:Equipment }} }}""")
    [(equipment,)] = select(onet, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?u pmo:role {it_pm} ; pmo:tool/a pmo:Equipment }}")
    [(hot,)] = select(onet, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?u pmo:role {it_pm} ; pmo:hotTechnology ?t }}")
    # the shared data's README: 334 technology-skill rows (123 hot) and 10 tools
    assert (int(tools), int(hot), int(equipment)) == (334, 123, 10)
    assert select(onet, f"""SELECT ?category WHERE {{ ?u pmo:role {it_pm} ; pmo:tool ?t ; pmo:toolCategory ?c .
        ?t skos:prefLabel "Atlassian JIRA"@en . ?c skos:prefLabel ?category }}""") == [("Project management software",)]


def test_tools_used_are_equipment_grouped_by_commodity(onet, tsv, expected):
    rows = tsv("Tools Used")
    cis_managers = f"<{ONET}11-3021.00>"
    published = sorted(row["Example"] for row in rows if row["O*NET-SOC Code"] == "11-3021.00")
    found = select(onet, f"""SELECT ?name WHERE {{ ?u pmo:role {cis_managers} ; pmo:tool ?t .
        ?t a pmo:Equipment ; skos:prefLabel ?name }} ORDER BY ?name""")
    assert [name for (name,) in found] == published and len(published) == 27
    assert ("Screwdrivers",) in found
    # one tool use per occupation and commodity, with the commodity's UNSPSC code
    assert select(onet, f"""SELECT ?tool ?category ?code WHERE {{ ?u pmo:role <{ONET}15-1252.00> ; pmo:tool ?t ;
        pmo:toolCategory ?c ; pmo:purpose ?purpose . ?t skos:prefLabel ?tool . ?c skos:prefLabel ?category ;
        skos:notation ?code FILTER (STR(?tool) IN ("Logic analyzers", "In circuit emulators ICE")) }} ORDER BY ?tool""") == [
        ("In circuit emulators ICE", "Integrated circuit testers", "41113704"),
        ("Logic analyzers", "Integrated circuit testers", "41113704")]
    [(equipment,)] = select(onet, "SELECT (COUNT(*) AS ?n) WHERE { ?t a pmo:Equipment }")
    [(marks,)] = select(onet, "SELECT (COUNT(*) AS ?n) WHERE { ?u pmo:tool ?t . ?t a pmo:Equipment }")
    assert (int(equipment), int(marks)) == (len({row["Example"] for row in rows}), len(rows)) == (
        expected["counts"]["tools"], expected["tool rows"])
    # technology products are software; tools are not
    assert not ask(onet, "ASK { ?t a pmo:Equipment , schema:SoftwareApplication }")
    [(software,)] = select(onet, "SELECT (COUNT(*) AS ?n) WHERE { ?t a pmo:Tool , schema:SoftwareApplication }")
    assert int(software) == expected["counts"]["technologies"] == expected["software"]


def test_a_tool_keeps_its_name_and_its_commodity_is_qualified(onet):
    assert select(onet, """SELECT ?t ?c WHERE { ?tool a pmo:Equipment ; skos:prefLabel "Desktop computers"@en .
        ?u pmo:tool ?tool ; pmo:toolCategory ?category . ?category skos:prefLabel ?c BIND (STR(?tool) AS ?t) }
        LIMIT 1""") == [("https://w3id.org/pmgraph/data/onet/tool/desktop-computers",
                         "Desktop computers (UNSPSC 43211507)")]


def test_an_occupation_keeps_its_name_and_the_tool_named_like_it_is_renamed(home):
    onet = dataset_store(home, "onet")
    assert select(onet, f"SELECT ?l WHERE {{ <{ONET}35-9021.00> skos:prefLabel ?l }}") == [("Dishwashers",)]
    assert ("Dishwashers (O*NET tool)",) in select(onet, "SELECT ?l WHERE { ?t a pmo:Equipment ; skos:prefLabel ?l }")


def test_tool_uses_are_numbered_after_the_technology_uses(onet):
    for code in ("11-3021.00", "15-1252.00", "15-1299.09"):
        rows = select(onet, f"""SELECT ?order ?kind WHERE {{ ?u pmo:role <{ONET}{code}> ; pmo:order ?order
            BIND (IF(CONTAINS(STR(?u), "/tools-used/"), "tools", "technology") AS ?kind) }}""")
        technology = sum(1 for _, kind in rows if kind == "technology")
        by_order = sorted((int(order), kind) for order, kind in rows)
        assert [order for order, _ in by_order] == list(range(1, len(rows) + 1))
        assert all(kind == ("technology" if order <= technology else "tools") for order, kind in by_order)


def test_show_lists_an_occupations_tools_and_job_zone(on_imported, run):
    result = run("show", "11-3021.00", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    tools = {item["label"]: item["kind"] for item in shown["relations"]["uses tool"]}
    assert len(tools) == 177 + 27
    assert tools["Screwdrivers"] == tools["Atlassian JIRA"] == "tool"
    assert [(item["label"], item["kind"]) for item in shown["relations"]["job zone"]] == [
        ("Job Zone Four: Considerable Preparation Needed", "job-zone")]
    text = run("show", "11-3021.00").stdout
    assert "\nuses tool (204):\n" in text and "\n  - Screwdrivers (tool)  [O*NET 29.3]\n" in text
    assert "\njob zone (1):\n  - Job Zone Four: Considerable Preparation Needed (job-zone)\n" in text


@pytest.mark.slow
def test_a_sample_of_the_import_conforms_to_the_shapes(onet):
    from pmgraph.validate import validate

    graph = sample_graph(onet, [ONET + code for code in SAMPLE])
    assert len(graph) > 5000
    # the sample has every kind of node the import writes, the new terms among them
    for query in ("?x a pmo:Equipment", "?x a pmo:JobZone", "?x pmo:jobZone ?z", "?x pmo:hotTechnology ?t",
                  "?x pmo:inDemand ?t", "?x a pmo:CareerTransition", "?x a pmo:SkillRequirement"):
        assert graph.query(f"ASK {{ {query} }}", initNs=PREFIXES).askAnswer, query
    report = validate(graph)
    assert report.violations == (), report.as_text()[:2000]


# -- columns by name: the official text layout gives the same graph ---------------------------
SUBSET = {"15-1299.09", "11-3021.00", "15-1252.00", "13-1082.00", "15-1299.00"}


def _subset(folder: Path, suffix: str, official: bool) -> Path:
    return onet_subset(folder, SUBSET, suffix, official)


def _import(folder: Path) -> tuple[list[str], dict]:
    from pmgraph.importers.onet import import_onet
    from pmgraph.importers.rdf import NTriplesWriter

    out = io.StringIO()
    summary = import_onet(folder, NTriplesWriter(out))
    return sorted(out.getvalue().splitlines()), summary.as_dict()


def test_columns_are_read_by_name(tmp_path):
    excel, excel_summary = _import(_subset(tmp_path / "excel", ".tsv", official=False))
    text, text_summary = _import(_subset(tmp_path / "text", ".txt", official=True))
    assert excel == text
    assert excel_summary["counts"] == text_summary["counts"]
    assert excel_summary["counts"]["occupations"] == 5
    with open(SAMPLE_ONET / "Related Occupations.tsv", newline="", encoding="utf-8") as handle:
        related = [row for row in csv.DictReader(handle, delimiter="\t")
                   if row["O*NET-SOC Code"] in SUBSET and row["Related O*NET-SOC Code"] in SUBSET]
    assert excel_summary["counts"]["related-occupation moves"] == len(related) == 10
    with open(SAMPLE_ONET / "Tools Used.tsv", newline="", encoding="utf-8") as handle:
        tools = [row for row in csv.DictReader(handle, delimiter="\t") if row["O*NET-SOC Code"] in SUBSET]
    assert (excel_summary["counts"]["tools"], excel_summary["counts"]["tool uses"]) == (
        len({row["Example"] for row in tools}), len({(row["O*NET-SOC Code"], row["Commodity Code"]) for row in tools}))
    assert excel_summary["counts"]["tool uses"] > 20
    assert len(excel) > 2000


def test_tools_used_anomalies_are_reported(tmp_path):
    folder = _subset(tmp_path / "onet", ".tsv", official=False)
    path = folder / "Tools Used.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split("\t")  # O*NET-SOC Code, Title, Example, Commodity Code, Commodity Title
    empty = [first[0], first[1], "", first[3], first[4]]
    stranger = ["99-9999.00", "Nobody", "Hammers", "27111602", "Hammers"]
    path.write_text("\r\n".join([*lines, lines[1], "\t".join(empty), "\t".join(stranger)]) + "\r\n", encoding="utf-8")
    _triples, summary = _import(folder)
    anomalies = {anomaly["description"]: anomaly for anomaly in summary["anomalies"]}
    count = len(lines) + 2
    assert anomalies["O*NET tool listed twice (second skipped)"]["examples"] == [f"Tools Used.tsv:{count - 1}"]
    assert anomalies["O*NET tool with an empty example or commodity (skipped)"]["examples"] == [
        f"Tools Used.tsv:{count}"]
    assert anomalies["O*NET row naming an occupation that is not in Occupation Data (skipped)"]["examples"] == [
        f"Tools Used.tsv:{count + 1}: 99-9999.00"]


def test_a_missing_file_or_wrong_header_is_exit_3(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path / "home"))
    folder = _subset(tmp_path / "onet-29.3", ".tsv", official=False)
    (folder / "Skills.tsv").unlink()
    result = run("import", "onet", str(folder))
    assert (result.exit_code, result.stderr) == (
        3, f"pmgraph: error: {folder}: missing file 'Skills.txt' or 'Skills.tsv'\n")
    (folder / "Skills.tsv").write_text("O*NET-SOC Code\tElement ID\n", encoding="utf-8")
    result = run("import", "onet", str(folder))
    assert (result.exit_code, result.stderr) == (
        3, f"pmgraph: error: {folder / 'Skills.tsv'}: wrong header: no column 'Element Name' "
           "(the header has: O*NET-SOC Code, Element ID)\n")
    assert not (tmp_path / "home" / "datasets" / "onet.json").exists()


# -- pmgraph validate with datasets installed ----------------------------------------------------
@pytest.mark.slow
def test_validate_checks_the_bundled_graph_and_says_the_datasets_are_left_out(on_imported, run):
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, ("0 violations, 0 warnings: conforms\n"
                                                     "imported datasets not validated here: crosswalk, esco, onet "
                                                     "(check them with `pmgraph validate --datasets`)\n"))
    shown = json.loads(run("validate", "--format", "json").stdout)
    assert shown == {"conforms": True, "violations": [], "datasets_not_validated": ["crosswalk", "esco", "onet"]}


@pytest.mark.slow
def test_validate_datasets_checks_a_closed_sample_of_each(on_imported, run, tsv, expected):
    from pmgraph.validate import vocabulary_graph

    result = run("validate", "--dataset", "onet", "--dataset", "crosswalk", "--sample", "2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["conforms"] is True
    onet, crosswalk = shown["datasets"]
    codes = sorted(row["O*NET-SOC Code"] for row in tsv("Occupation Data"))
    scope, seeds = expected["validated"]
    assert (onet["name"], onet["scope"], onet["roles"], onet["violations"]) == (
        "onet", scope, expected["counts"]["occupations"], [])
    assert onet["seeds"] == [ONET + code for code in seeds]
    assert seeds in ([], [codes[0], codes[len(codes) // 2]])
    links = json.loads((on_imported.home / "datasets" / "crosswalk.json").read_text(encoding="utf-8"))["triples"]
    assert (crosswalk["scope"], crosswalk["seeds"], crosswalk["triples"]) == (
        "whole", [], len(vocabulary_graph()) + links)
    text = run("validate", "--dataset", "crosswalk").stdout
    assert text == (f"crosswalk (Nesta ESCO-O*NET crosswalk (November 2020)): every triple, "
                    f"{len(vocabulary_graph()) + links:,} with the vocabulary\n0 violations, 0 warnings: conforms\n")


def test_validate_datasets_finds_a_broken_dataset(run, tmp_path, monkeypatch):
    from pmgraph.kb.datasets import install
    from pmgraph.importers import ImportSummary

    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path))
    job, zone = "<https://example.org/job>", "<https://example.org/zone>"

    def build(out):
        out.add(job, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/pmgraph/ontology#Role>")
        out.add(job, "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"Example job"@en')
        out.add(job, "<http://purl.org/dc/terms/source>", "<https://example.org/data>")
        out.add(job, "<https://w3id.org/pmgraph/ontology#jobZone>", zone)
        return ImportSummary("demo", "Demo 1.0", "1.0", "Example", "https://example.org/licence", "Demo",
                             "https://example.org/")

    install("demo", build)
    result = run("validate", "--datasets")
    assert result.exit_code == 3
    assert result.stdout.splitlines()[1:] == [
        ("Violation  https://example.org/job  pmo:jobZone  pmo:jobZone points to https://example.org/zone, which is "
         "not a pmo:JobZone: point it to a pmo:JobZone (O*NET's job zones 1-5), define https://example.org/zone as a "
         "pmo:JobZone, or fix the IRI."),
        "1 violation, 0 warnings: does not conform"]
    assert result.stderr == "pmgraph: error: imported data does not conform to the shapes: 1 violation(s)\n"


@pytest.mark.parametrize(("args", "code", "error"), [
    (["--full"], 2, "--full and --sample apply to --datasets / --dataset"),
    (["--datasets"], 2, "no dataset is installed: import one first (pmgraph import esco|onet|crosswalk)"),
    (["--dataset", "nope"], 4, "no dataset named 'nope' (no dataset is installed)"),
])
def test_validate_datasets_usage_errors(run, args, code, error):
    result = run("validate", *args)
    assert (result.exit_code, result.stderr) == (code, f"pmgraph: error: {error}\n")
