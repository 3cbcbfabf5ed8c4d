"""ESCO import: the v1.1.1 export, its known quirks, the model it maps to, SHACL on a sample.

Each check over the imported data runs on the sample in tests/data/samples/ and again, where
``../shared`` holds it, on the full export; the counts expected of each are in :data:`EXPECTED`.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from importdata import SAMPLE_ESCO, ask, dataset_store, sample_graph, select

ESCO_OCC = "http://data.europa.eu/esco/occupation/"
SOFTWARE_DEVELOPER = ESCO_OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ICT_PROJECT_MANAGER = ESCO_OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"
DANGLING = ESCO_OCC + "a9e54177-a185-404d-b6e6-15663d31137e"
UNTYPED_SKILL = "http://data.europa.eu/esco/skill/c13fb093-5ffb-491a-b8b7-fa2d42a57e2e"
#: The ICT occupations of the shared data's README, for the SHACL sample.
ICT_OCCUPATIONS = [ESCO_OCC + tail for tail in (
    "8b6388a4-4904-471b-9331-d3b1211f5525", "a79170ad-0b7b-4697-864f-1748359aa10a",
    "9f508305-80ce-4111-8722-f2c9b4a44890", "bea99fea-0383-4c63-b944-70d4799de2c5",
    "7b1b5da8-573a-49bb-a38e-68725a949f4f", "82f90e87-de92-4678-adae-61d3e5f7e1e4",
    "e297ec12-4712-40a4-ad98-ba004cacb205", "276ba420-ef09-4a0e-b215-2c2e2f80ad28",
    "f0ca39a8-1e30-487c-95f9-ef2d5e734adc", "89b85c45-ddc7-4fe1-be5a-d3db2be11f3b",
    "f2b15a0e-e65a-438a-affb-29b9d50b77d1", "d0aa0792-4345-474b-9365-686cf4869d2e",
    "bd272aee-adc9-4a06-a15c-a73b4b4a46a7", "2ed56c3f-61d6-4f7e-9ef8-8849eb102e4c")]


#: What each imported copy holds: the sample (tests/data/samples/) and the full export.
EXPECTED = {
    "sample": {
        "relations": 711, "dangling relations": 1,
        "counts": {"occupations": 10, "skills": 363, "ISCO groups": 15, "skill groups": 146,
                   "skill requirements": 710, "occupation hierarchy links": 23, "skill hierarchy links": 635},
        "quirks": {"ESCO skill without a skill type (imported without one)": 1,
                   "ESCO relation with an empty skillType (the skill's own type is used)": 1,
                   "ESCO file with CRLF line ends (read as usual)": 7,
                   "ESCO alternative label held by several concepts (made a hidden label of each)": 13,
                   "ESCO label with stray or repeated spaces (trimmed)": 15,
                   "ESCO description spanning several lines (line breaks kept)": 40},
        "skill types": {"skill": 162, "knowledge": 200},
        "reuse levels": {"sector-specific": 249, "cross-sector": 110, "occupation-specific": 4},
        "most moves": 3, "least relatedness": 0.1977,
        "nearest to software developer": [(ESCO_OCC + "bd272aee-adc9-4a06-a15c-a73b4b4a46a7", "0.7021"),
                                          (ESCO_OCC + "c40a2919-48a9-40ea-b506-1f34f693496d", "0.5633")],
        "shapes sample": 8973,
    },
    "full": {
        "relations": 123_855, "dangling relations": 67,
        "counts": {"occupations": 3007, "skills": 13_896, "ISCO groups": 619, "skill groups": 640,
                   "skill requirements": 123_788, "occupation hierarchy links": 3616,
                   "skill hierarchy links": 20_649},
        "quirks": {"ESCO skill without a skill type (imported without one)": 6,
                   "ESCO skill without a reuse level (imported without one)": 5,
                   "ESCO relation with an empty skillType (the skill's own type is used)": 5,
                   "ESCO skill hierarchy row naming a concept that no file defines (skipped)": 7,
                   "ESCO file with CRLF line ends (read as usual)": 7},
        "skill types": {"skill": 10831, "knowledge": 3059},
        "reuse levels": {"sector-specific": 6654, "cross-sector": 3754, "occupation-specific": 3043,
                         "transversal": 440},
        "most moves": 10, "least relatedness": 0.15,
        "nearest to software developer": [(ESCO_OCC + "bd272aee-adc9-4a06-a15c-a73b4b4a46a7", "0.7021"),
                                          (ESCO_OCC + "2ed56c3f-61d6-4f7e-9ef8-8849eb102e4c", "0.6383")],
        "shapes sample": 16_821,
    },
}


@pytest.fixture(scope="module")
def esco(imported):
    return dataset_store(imported.home, "esco")


@pytest.fixture(scope="module")
def info(imported):
    [pointer] = (imported.home / "datasets").glob("esco.json")
    return json.loads(pointer.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected(imported):
    return EXPECTED[imported.name]


def _anomalies(info) -> dict[str, dict]:
    return {anomaly["description"]: anomaly for anomaly in info["anomalies"]}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_occupation_skill_and_valid_relation_is_imported(imported, expected, info, esco):
    relations = _rows(imported.esco, "occupationSkillRelations.csv")
    occupations = {row["conceptUri"] for row in _rows(imported.esco, "occupations_en.csv")}
    valid = [row for row in relations if row["occupationUri"] in occupations]
    assert len(relations) == expected["relations"]
    assert len(valid) == expected["relations"] - expected["dangling relations"]
    counts = expected["counts"]
    assert {key: value for key, value in info["counts"].items() if key != "derived moves"} == counts
    assert counts["occupations"] == len(occupations) and counts["skill requirements"] == len(valid)
    [(count,)] = select(esco, "SELECT (COUNT(*) AS ?n) WHERE { ?r a pmo:SkillRequirement }")
    assert int(count) == len(valid)
    [(count,)] = select(esco, "SELECT (COUNT(*) AS ?n) WHERE { ?o a pmo:Role , esco:Occupation }")
    assert int(count) == len(occupations)
    assert info["triples"] == len(esco), "the pointer's triple count is the number of distinct triples"


def test_the_anomaly_summary_matches_the_known_quirks(expected, info):
    anomalies = _anomalies(info)
    dangling = anomalies["ESCO relation to an occupation that is not in occupations_en.csv (skipped)"]
    assert dangling["count"] == expected["dangling relations"]
    assert all(DANGLING in example for example in dangling["examples"])
    assert len(dangling["examples"]) == min(3, expected["dangling relations"])
    hierarchy = anomalies["ESCO occupation hierarchy row naming a concept that no file defines (skipped)"]
    assert hierarchy["count"] == 1 and DANGLING in hierarchy["examples"][0]
    for description, count in expected["quirks"].items():
        assert anomalies[description]["count"] == count, description
    assert anomalies["ESCO alternative label held by several concepts (made a hidden label of each)"]["count"] > 10
    assert anomalies["ESCO label with stray or repeated spaces (trimmed)"]["count"] > 0
    assert anomalies["ESCO description spanning several lines (line breaks kept)"]["count"] > 0


def test_software_developer_is_a_role_with_its_code_labels_and_skills(esco):
    sd = f"<{SOFTWARE_DEVELOPER}>"
    assert select(esco, f"SELECT ?code WHERE {{ {sd} skos:notation ?code }}") == [("2512.4",)]
    assert select(esco, f"SELECT ?l WHERE {{ {sd} skos:prefLabel ?l }}") == [("software developer",)]
    assert select(esco, f"SELECT ?b WHERE {{ {sd} skos:broader ?b }}") == [("http://data.europa.eu/esco/isco/C2512",)]
    levels = dict(select(esco, f"SELECT ?level (COUNT(*) AS ?n) WHERE {{ ?r pmo:role {sd} ; "
                               "pmo:requirementLevel ?level } GROUP BY ?level"))
    assert levels == {"https://w3id.org/pmgraph/id/Essential": "24", "https://w3id.org/pmgraph/id/Optional": "80"}
    assert select(esco, f"SELECT ?s WHERE {{ {sd} dct:source ?s }}") == [("https://w3id.org/pmgraph/data/esco-1.1.1",)]
    [(definition,)] = select(esco, f"SELECT ?d WHERE {{ {sd} skos:definition ?d }}")
    assert definition.startswith("Software developers implement or program all kinds of software systems")


def test_a_requirement_is_a_sourced_fact_node(esco):
    skill = "http://data.europa.eu/esco/skill/0daaf096-1639-461c-bf1a-bbeea77e6b67"
    rows = select(esco, f"""SELECT ?p ?o WHERE {{
        ?r pmo:role <{ICT_PROJECT_MANAGER}> ; pmo:skill <{skill}> . ?r ?p ?o }}""")
    assert dict(rows) == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "https://w3id.org/pmgraph/ontology#SkillRequirement",
        "https://w3id.org/pmgraph/ontology#role": ICT_PROJECT_MANAGER,
        "https://w3id.org/pmgraph/ontology#skill": skill,
        "https://w3id.org/pmgraph/ontology#requirementLevel": "https://w3id.org/pmgraph/id/Essential",
        "https://w3id.org/pmgraph/ontology#detail": "Essential knowledge of this occupation in ESCO v1.1.1.",
        "http://purl.org/dc/terms/source": "https://w3id.org/pmgraph/data/esco-1.1.1",
    }


def test_skill_types_and_reuse_levels_are_escos_own_iris(esco, expected):
    types = dict(select(esco, "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a pmo:Skill ; pmo:skillType ?t } GROUP BY ?t"))
    assert {iri.rsplit("/", 1)[1]: int(n) for iri, n in types.items()} == expected["skill types"]
    assert select(esco, "SELECT ?t WHERE { ?t a pmo:SkillType } ORDER BY ?t") == [
        ("http://data.europa.eu/esco/skill-type/knowledge",), ("http://data.europa.eu/esco/skill-type/skill",)]
    reuse = dict(select(esco, "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s esco:skillReuseLevel ?t } GROUP BY ?t"))
    assert {iri.rsplit("/", 1)[1]: int(n) for iri, n in reuse.items()} == expected["reuse levels"]
    assert select(esco, f"SELECT ?t WHERE {{ <{UNTYPED_SKILL}> pmo:skillType ?t }}") == []
    assert select(esco, f"SELECT ?l WHERE {{ <{UNTYPED_SKILL}> skos:prefLabel ?l }}") == [
        ("implement cloud security and compliance",)]


def test_labels_follow_the_projects_rules(esco):
    assert not ask(esco, "ASK { ?s skos:prefLabel ?l ; skos:altLabel ?l }")
    assert not ask(esco, "ASK { ?s skos:prefLabel ?l ; skos:hiddenLabel ?l }")
    shared_alt = select(esco, "SELECT ?l WHERE { ?a skos:altLabel ?l . ?b skos:altLabel ?l FILTER (?a != ?b) } LIMIT 1")
    assert shared_alt == []
    shared_pref = select(esco, "SELECT ?l WHERE { ?a skos:prefLabel ?l . ?b skos:prefLabel ?l FILTER (?a != ?b) } LIMIT 1")
    assert shared_pref == []
    # "chief technology officer" is one occupation's preferred label and another's alternative one
    holders = select(esco, 'SELECT ?s ?p WHERE { ?s ?p "chief technology officer"@en } ORDER BY ?p')
    assert holders == [(ESCO_OCC + "810e5e67-acd5-499a-b307-cf5bea330859", "http://www.w3.org/2004/02/skos/core#altLabel"),
                       (ESCO_OCC + "7b1b5da8-573a-49bb-a38e-68725a949f4f", "http://www.w3.org/2004/02/skos/core#prefLabel")]
    # an ISCO group sharing its unit group's name is renamed, and keeps the name as a hidden label
    assert select(esco, 'SELECT ?l ?h WHERE { <http://data.europa.eu/esco/isco/C133> skos:prefLabel ?l ; '
                        'skos:hiddenLabel ?h }') == [
        ("Information and communications technology service managers (ISCO-08 133)",
         "Information and communications technology service managers")]


def test_derived_moves_say_how_they_were_derived_and_cite_no_source(esco, info, expected):
    assert select(esco, "SELECT ?m WHERE { ?m a pmo:CareerTransition ; dct:source ?s } LIMIT 1") == []
    assert select(esco, "SELECT ?m WHERE { ?m a pmo:CareerTransition FILTER NOT EXISTS { ?m pmo:derivedBy ?d } } LIMIT 1") == []
    [(method,)] = select(esco, "SELECT DISTINCT ?d WHERE { ?m pmo:derivedBy ?d }")
    assert method == ("skill overlap: weighted Jaccard (Ruzicka) similarity of ESCO v1.1.1 essential (weight 1.0) "
                      "and optional (weight 0.5) skills; a move to each of the 10 most similar occupations with "
                      "similarity >= 0.15")
    assert info["parameters"]["moves"]["top_k"] == 10
    [(most,)] = select(esco, "SELECT (MAX(?n) AS ?most) WHERE { SELECT ?from (COUNT(*) AS ?n) WHERE { "
                             "?m pmo:fromRole ?from } GROUP BY ?from }")
    assert int(most) == expected["most moves"]
    [(least,)] = select(esco, "SELECT (MIN(?r) AS ?least) WHERE { ?m pmo:relatedness ?r }")
    assert float(least) == expected["least relatedness"] >= 0.15
    nearest = select(esco, f"SELECT ?to ?r WHERE {{ ?m pmo:fromRole <{SOFTWARE_DEVELOPER}> ; pmo:toRole ?to ; "
                           "pmo:relatedness ?r } ORDER BY DESC(?r) LIMIT 2")
    assert nearest == expected["nearest to software developer"]


def test_the_dataset_node_carries_publisher_version_licence_and_attribution(esco):
    rows = dict(select(esco, "SELECT ?p ?o WHERE { <https://w3id.org/pmgraph/data/esco-1.1.1> ?p ?o "
                             "FILTER (?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) }"))
    assert rows["http://purl.org/dc/terms/license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert rows["http://purl.org/dc/terms/publisher"] == "European Commission (DG EMPL)"
    assert rows["http://www.w3.org/2002/07/owl#versionInfo"] == "1.1.1"
    assert rows["https://schema.org/creditText"] == "ESCO - European Commission, v1.1.1"
    assert rows["http://www.w3.org/2004/02/skos/core#prefLabel"] == "ESCO v1.1.1"


@pytest.mark.slow
def test_a_sample_of_the_import_conforms_to_the_shapes(esco, expected):
    from pmgraph.validate import validate, vocabulary_graph

    graph = sample_graph(esco, ICT_OCCUPATIONS)
    # besides the vocabulary: the occupations, their requirements and their skills
    assert len(graph) - len(vocabulary_graph()) == expected["shapes sample"]
    report = validate(graph)
    assert report.count("Violation") == 0, report.as_text()[:2000]
    # the only results: the known skills without a skill type (a warning), if the sample has any
    assert {(v.severity, v.shape) for v in report.violations} <= {("Warning", "pmsh:SkillTypePresent")}


# -- bad input: one line, exit 3, nothing installed ------------------------------------------
@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    return home


def _copy_of_esco(folder: Path, replace: dict[str, str] | None = None, drop: str | None = None) -> Path:
    """A folder of links to the sample's ESCO files, with one file replaced or left out."""
    folder.mkdir()
    sources = sorted(SAMPLE_ESCO.glob("*.csv"))
    assert len(sources) == 7, sources
    for source in sources:
        if source.name == drop:
            continue
        if replace and source.name in replace:
            (folder / source.name).write_text(replace[source.name], encoding="utf-8")
        else:
            os.symlink(source, folder / source.name)
    return folder


def test_a_missing_file_is_one_line_and_exit_3(run, tmp_path, empty_home):
    folder = _copy_of_esco(tmp_path / "esco-1.1.1", drop="occupationSkillRelations.csv")
    result = run("import", "esco", str(folder))
    assert result.exit_code == 3
    assert result.stderr == f"pmgraph: error: {folder / 'occupationSkillRelations.csv'}: missing file\n"
    assert not (empty_home / "datasets").exists() or not list((empty_home / "datasets").glob("*.json"))


def test_a_wrong_header_is_one_line_and_exit_3(run, tmp_path, empty_home):
    folder = _copy_of_esco(tmp_path / "esco-1.1.1", replace={"skills_en.csv": "conceptUri,label\nx,y\n"})
    result = run("import", "esco", str(folder))
    assert result.exit_code == 3
    assert result.stderr == (f"pmgraph: error: {folder / 'skills_en.csv'}: wrong header: no column 'skillType' "
                             "(the header has: conceptUri, label)\n")


def test_no_such_folder_is_exit_3(run, tmp_path, empty_home):
    result = run("import", "esco", str(tmp_path / "nowhere"))
    assert (result.exit_code, result.stderr) == (3, f"pmgraph: error: {tmp_path / 'nowhere'}: no such folder\n")


def test_the_version_comes_from_the_folder_name_or_the_option(run, tmp_path, empty_home):
    folder = _copy_of_esco(tmp_path / "esco", drop="skills_en.csv")
    result = run("import", "esco", str(folder))
    assert result.exit_code == 2
    assert "cannot tell the ESCO version from the folder name; pass it with --version" in result.stderr
    result = run("import", "esco", str(folder), "--version", "1.1.1")
    assert result.exit_code == 3, "with the version given, the missing file is the next problem"
