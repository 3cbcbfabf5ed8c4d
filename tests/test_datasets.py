"""Imported datasets: the data directory, atomic installs, listing and removal, and every
command answering over the bundled graph plus ESCO and O*NET (paths, gaps, comparisons,
names, queries) from the persistent snapshot."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
from pathlib import Path

import pytest
from importdata import Imported, dataset_store, onet_subset, select

ESCO_OCC = "http://data.europa.eu/esco/occupation/"
ONET = "https://www.onetonline.org/link/summary/"
PM = "https://w3id.org/pmgraph/id/"
SOFTWARE_DEVELOPER = ESCO_OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ICT_PROJECT_MANAGER = ESCO_OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"
ICT_PRODUCT_MANAGER = ESCO_OCC + "a79170ad-0b7b-4697-864f-1748359aa10a"
ESCO_PROJECT_MANAGER = ESCO_OCC + "bea99fea-0383-4c63-b944-70d4799de2c5"


def _esco_skills(data: Imported, occupation: str, relation: str | None = None) -> set[str]:
    """The skills of an ESCO occupation in the imported ``data``'s source file (only its ``relation``:
    essential or optional, if given)."""
    with open(data.esco / "occupationSkillRelations.csv", newline="", encoding="utf-8") as handle:
        return {row["skillUri"] for row in csv.DictReader(handle) if row["occupationUri"] == occupation
                and relation in (None, row["relationType"])}


def _onet_ratings(data: Imported, code: str) -> dict[str, dict]:
    """O*NET's skill ratings of one occupation, read from the imported ``data``'s Skills.tsv:
    ``{skill name: {"IM": .., "LV": ..}}`` (a level O*NET marks not relevant is left out, as the
    importer does)."""
    from decimal import Decimal

    ratings: dict[str, dict] = {}
    with open(data.onet / "Skills.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["O*NET-SOC Code"] == code and not (row["Scale ID"] == "LV" and row["Not Relevant"] == "Y"):
                ratings.setdefault(row["Element Name"], {})[row["Scale ID"]] = Decimal(row["Data Value"])
    return ratings


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("PMGRAPH_HOME", str(folder))
    return folder


def _json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- where data live -------------------------------------------------------------------------
def test_the_data_directory_is_pmgraph_home_else_the_user_data_folder(monkeypatch, tmp_path):
    import platformdirs

    from pmgraph.kb.datasets import data_dir, datasets_dir

    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path))
    assert (data_dir(), datasets_dir()) == (tmp_path, tmp_path / "datasets")
    monkeypatch.delenv("PMGRAPH_HOME")
    assert data_dir() == Path(platformdirs.user_data_dir("pmgraph", appauthor=False))


def test_without_datasets_commands_read_the_bundled_files_as_before(empty_home, run):
    from pmgraph import kb

    assert kb.open().datasets == ()
    assert _json(run("show", "project manager", "--format", "json"))["iri"] == PM + "ProjectManager"
    result = run("datasets")
    assert result.stdout == f"no dataset imported (data directory: {empty_home}); try `pmgraph import esco DIR`\n"


# -- import, list, re-import, remove ---------------------------------------------------------
SUBSET = {"15-1299.09", "11-3021.00", "15-1252.00", "13-1082.00"}


@pytest.mark.slow
def test_import_lists_and_removes_a_dataset(run, tmp_path, empty_home):
    folder = onet_subset(tmp_path / "onet-29.3", SUBSET)
    result = run("import", "onet", str(folder))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("imported onet: O*NET 29.3, ")
    assert lines[1] == f"  from {folder.resolve()}"
    assert "4 occupations" in lines[3] and "related-occupation moves" in lines[3]
    assert lines[-1].startswith("attribution: This product includes information from the O*NET 29.3 Database")
    # no progress bars when stderr is not a terminal: the line saying what is built and why, and
    # one line per step that took more than a second
    said = result.stderr.splitlines()
    assert said[0].startswith("pmgraph: building the store and indexes of dataset onet over the bundled ontology "
                              "(new or changed dataset) in "), said
    assert all(line.startswith("pmgraph: ") and line.endswith(" s") for line in said[1:]), said

    listing = _json(run("datasets", "--format", "json"))
    assert listing["data_dir"] == str(empty_home)
    [entry] = listing["datasets"]
    assert (entry["name"], entry["version"], entry["title"]) == ("onet", "29.3", "O*NET 29.3")
    assert entry["triples"] > 1000 and entry["imported_at"].endswith("+00:00")
    text = run("datasets").stdout.splitlines()
    assert text[0].split() == ["name", "version", "triples", "imported", "at", "(UTC)", "title"]
    assert text[2].split()[:3] == ["onet", "29.3", f"{entry['triples']:,}"]

    # the dataset is what commands see now
    assert _json(run("show", "15-1299.09", "--format", "json"))["label"] == "Information Technology Project Managers"

    result = run("datasets", "remove", "onet")
    assert (result.exit_code, result.stdout) == (0, f"removed onet (O*NET 29.3, {entry['triples']:,} triples)\n")
    assert _json(run("datasets", "--format", "json"))["datasets"] == []
    assert not list((empty_home / "datasets").glob("onet-*"))
    result = run("show", "15-1299.09")
    assert result.exit_code == 4


def test_removing_an_unknown_dataset_is_exit_4(run, empty_home):
    result = run("datasets", "remove", "esco")
    assert (result.exit_code, result.stderr) == (4, "pmgraph: error: no dataset named 'esco' (no dataset is installed)\n")


def test_quiet_and_json_summaries(run, tmp_path, empty_home):
    folder = onet_subset(tmp_path / "onet-29.3", SUBSET)
    result = run("import", "onet", str(folder), "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    summary = _json(run("import", "onet", str(folder), "--format", "json"))
    assert summary["counts"]["occupations"] == 4
    assert summary["name"] == "onet" and summary["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {anomaly["description"] for anomaly in summary["anomalies"]} >= {
        "O*NET occupation without skill ratings (imported without skills)"}


def test_reimporting_replaces_the_dataset_and_the_same_content_gives_the_same_folder(run, tmp_path, empty_home):
    folder = onet_subset(tmp_path / "onet-29.3", SUBSET)
    first = _json(run("import", "onet", str(folder), "--format", "json"))
    second = _json(run("import", "onet", str(folder), "--format", "json"))
    assert first["folder"] == second["folder"] and first["digest"] == second["digest"]
    bigger = onet_subset(tmp_path / "more" , SUBSET | {"13-1111.00"})
    os.rename(bigger, tmp_path / "onet-29.3-more")
    third = _json(run("import", "onet", str(tmp_path / "onet-29.3-more"), "--format", "json"))
    assert third["counts"]["occupations"] == 5
    assert [path.name for path in (empty_home / "datasets").iterdir() if path.is_dir()] == [third["folder"]]


def test_a_failed_or_interrupted_import_leaves_the_previous_one_intact(run, tmp_path, empty_home, monkeypatch):
    from pmgraph.importers import onet as onet_importer

    folder = onet_subset(tmp_path / "onet-29.3", SUBSET)
    before = _json(run("import", "onet", str(folder), "--format", "json"))
    pointer = (empty_home / "datasets" / "onet.json").read_text(encoding="utf-8")

    original = onet_importer._OnetImport.read_related

    def interrupted(self):
        original(self)  # many triples are written to the temporary folder by now
        raise KeyboardInterrupt

    monkeypatch.setattr(onet_importer._OnetImport, "read_related", interrupted)
    result = run("import", "onet", str(folder))
    assert (result.exit_code, result.stderr) == (130, "pmgraph: interrupted\n")
    assert (empty_home / "datasets" / "onet.json").read_text(encoding="utf-8") == pointer
    assert sorted(path.name for path in (empty_home / "datasets").iterdir()) == sorted([".onet.lock", "onet.json", before["folder"]])
    assert _json(run("show", "15-1299.09", "--format", "json"))["iri"] == ONET + "15-1299.09"


def test_a_leftover_of_a_killed_import_is_cleaned_by_the_next_one(run, tmp_path, empty_home):
    leftover = empty_home / "datasets" / ".onet.tmp-killed"
    leftover.mkdir(parents=True)
    (leftover / "data.nt").write_text("<a:b> <a:c> <a:d> .\n", encoding="utf-8")
    folder = onet_subset(tmp_path / "onet-29.3", SUBSET)
    assert run("import", "onet", str(folder), "--quiet").exit_code == 0
    assert not leftover.exists()


# -- the snapshot: built once, reused, keyed by content ---------------------------------------
def test_commands_reuse_the_snapshot_and_its_projections(on_imported, run, monkeypatch):
    from pmgraph.careers import project
    from pmgraph.kb import snapshot

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed instead of reading the snapshot")

    monkeypatch.setattr(snapshot.Snapshot, "build", refuse)
    monkeypatch.setattr(project, "career_graph", refuse)
    monkeypatch.setattr(project, "role_profiles", refuse)
    monkeypatch.setattr(project, "role_requirements", refuse)
    result = run("path", "15-1252.00", "11-3021.00", "-k", "1")
    assert result.exit_code == 0, result.stderr
    for command in (["gap", "2512.4", "1330.7"], ["compare", "15-1251.00", "11-3021.00"],
                    ["path", "15-1252.00", "11-3021.00", "--weight", "gap"]):
        result = run(*command)
        assert result.exit_code == 0, result.stderr


def test_query_answers_are_kept_with_the_snapshot(on_imported, run, monkeypatch):
    """Over imported datasets, whole-graph reports and other answers are computed on first use
    and kept with the stack's top layer; a kept answer is the one the store gives."""
    import pyoxigraph
    from rdflib import Literal

    from pmgraph import kb, sparql
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.oxstore import oxigraph_graph
    from pmgraph.kb.snapshot import Snapshot

    snapshot = Snapshot(installed())
    demand = sparql.named_query("skill-demand").parsed
    answers = snapshot.folder / "answers" / f"{sparql.result_key(demand)}.json"
    answers.unlink(missing_ok=True)  # another test of the session may have asked already
    kb._OPENED.clear()
    assert sparql.result_key(demand) not in snapshot.open().projections
    rows, first = {"sample": (414, 5), "full": (13_174, 879)}[on_imported.name]
    assert run("query", "skill-demand").stdout.splitlines()[2].split()[-3:] == [str(first), "0", "0"]
    assert answers.is_file()
    kept = snapshot.open().projections[sparql.result_key(demand)]
    graph = oxigraph_graph(pyoxigraph.Store.read_only(str(snapshot.folder / "store")))
    assert kept == sparql.run_local(demand, graph)
    assert len(kept.rows) == rows and kept.rows[0][1:] == (Literal(first), Literal(0), Literal(0))

    def refuse(*args, **kwargs):
        raise AssertionError("evaluated again instead of reading the kept answer")

    original = sparql.run_on_store
    monkeypatch.setattr("pmgraph.sparql.run_on_store", refuse)
    kb._OPENED.clear()  # a new process: the answer is read from the snapshot's answers/
    assert run("query", "skill-demand").stdout.splitlines()[2].split()[-3:] == [str(first), "0", "0"]
    monkeypatch.setattr("pmgraph.sparql.run_on_store", original)
    first = run("query", "skills-of-role", "--param", "role=2512.4")
    monkeypatch.setattr("pmgraph.sparql.run_on_store", refuse)
    kb._OPENED.clear()
    assert run("query", "skills-of-role", "--param", "role=2512.4").stdout == first.stdout


def test_the_bundled_layer_keeps_the_answers_of_whole_graph_reports():
    from pmgraph import sparql
    from pmgraph.kb.snapshot import Snapshot

    keys = {sparql.result_key(query.parsed) for query in sparql.named_queries().values() if not query.parameters}
    projections = Snapshot([]).open().projections
    assert len(keys) == 4 and all(key in projections for key in keys)


def test_the_snapshot_key_follows_the_content(on_imported, tmp_path):
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.snapshot import Snapshot

    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    plain = Snapshot(installed()).key
    assert Snapshot(installed()).key == plain
    with_data = Snapshot(installed(), [str(extra)]).key
    assert with_data != plain
    extra.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/d> .\n", encoding="utf-8")
    assert Snapshot(installed(), [str(extra)]).key not in (plain, with_data)


def test_the_snapshot_key_follows_pmgraphs_code(monkeypatch):
    """Projections are made by the code: another version must not read this version's snapshot."""
    from pmgraph.kb import snapshot

    before = snapshot.Snapshot([]).key
    real = snapshot._code_digest()
    monkeypatch.setattr(snapshot, "_code_digest", lambda: real + b"changed")
    assert snapshot.Snapshot([]).key != before
    monkeypatch.setattr(snapshot, "_code_digest", lambda: real)
    assert snapshot.Snapshot([]).key == before


# -- names: publishers' codes and IRIs, and ties with the bundled graph -----------------------
@pytest.mark.parametrize(("name", "iri"), [
    ("15-1252.00", ONET + "15-1252.00"),
    ("onet:11-3021.00", ONET + "11-3021.00"),
    ("2512.4", SOFTWARE_DEVELOPER),
    (SOFTWARE_DEVELOPER, SOFTWARE_DEVELOPER),
    ("ICT project manager", ICT_PROJECT_MANAGER),
    ("Computer and Information Systems Managers", ONET + "11-3021.00"),
    # ESCO's preferred label "project manager" ties with pmgraph's own role: the bundled one wins
    ("project manager", PM + "ProjectManager"),
    ("1219.6", ESCO_PROJECT_MANAGER),
    # a preferred label still beats an alternative one: pm:Developer has "software developer" as an altLabel
    ("software developer", SOFTWARE_DEVELOPER),
    ("Tech PM", PM + "TechPM"),
])
def test_codes_iris_and_labels_resolve(on_imported, run, name, iri):
    assert _json(run("show", name, "--format", "json"))["iri"] == iri


def test_an_unknown_name_suggests_close_names_quickly(on_imported, run):
    result = run("show", "sofware developer")
    assert result.exit_code == 4
    assert result.stderr.startswith("pmgraph: error: unknown name 'sofware developer'; did you mean: software developer (role, ")


# -- paths, gaps and comparisons over the imported data ---------------------------------------
def test_a_path_across_onet_related_occupations(on_imported, run):
    found = _json(run("path", "15-1252.00", "11-3021.00", "-k", "2", "--format", "json"))
    first = found["paths"][0]
    assert [node["iri"] for node in first["nodes"]] == [ONET + "15-1252.00", ONET + "11-3021.00"]
    [step] = first["steps"]
    assert step["move"] == "related occupation"
    assert [source["label"] for source in step["sources"]] == ["O*NET 29.3"]
    assert len(found["paths"]) == 2 and found["paths"][1]["hops"] == 2


def test_the_gap_between_two_esco_occupations_is_the_skills_to_acquire(on_imported, run):
    gap = _json(run("gap", "2512.4", "1330.7", "--format", "json"))
    expected = _esco_skills(on_imported, ICT_PROJECT_MANAGER) - _esco_skills(on_imported, SOFTWARE_DEVELOPER)
    assert {node["iri"] for node in gap["missing"]["skill"]} == expected
    assert len(expected) == 64


def test_the_essential_skills_to_acquire_from_software_developer_to_ict_project_manager(on_imported, run):
    gap = _json(run("gap", "2512.4", "1330.7", "--format", "json"))
    essential = _esco_skills(on_imported, ICT_PROJECT_MANAGER, "essential") - _esco_skills(on_imported, SOFTWARE_DEVELOPER)
    optional = _esco_skills(on_imported, ICT_PROJECT_MANAGER, "optional") - _esco_skills(on_imported, SOFTWARE_DEVELOPER)
    assert (len(essential), len(optional)) == (21, 43)
    assert gap["skill_levels"] == {"essential": 21, "optional": 43, "unspecified": 0}
    levels = [node["level"] for node in gap["missing"]["skill"]]
    assert levels == ["essential"] * 21 + ["optional"] * 43, "essential skills come first"
    assert {node["iri"] for node in gap["missing"]["skill"][:21]} == essential
    # the same, asked of the imported ESCO data with SPARQL
    rows = select(dataset_store(on_imported.home, "esco"), """
        SELECT ?skill WHERE {
          ?target skos:notation "1330.7" . ?have skos:notation "2512.4" .
          ?r pmo:role ?target ; pmo:skill ?skill ; pmo:requirementLevel pm:Essential .
          FILTER NOT EXISTS { ?held pmo:role ?have ; pmo:skill ?skill } }""")
    assert {skill for (skill,) in rows} == essential
    names = [node["label"] for node in gap["missing"]["skill"][:21]]
    assert names[:3] == ["apply conflict management", "build business relationships", "coach employees"]
    assert {"manage budgets", "ICT project management", "perform risk analysis"} <= set(names)
    assert gap["to_strengthen"] == []  # no skill is optional for the developer and essential for the manager

    text = run("gap", "2512.4", "1330.7", "--essential")
    assert text.exit_code == 0, text.stderr
    assert text.stdout.splitlines()[:7] == [
        "software developer → ICT project manager: 21 things ICT project manager is recorded as needing "
        "that software developer is not",
        "note: --essential: 43 skills ICT project manager needs only as optional left out",
        "note: no learning resource or interview question in the graph builds or tests these skills",
        "",
        "essential skills to learn (21)",
        "  - apply conflict management",
        "  - build business relationships",
    ], "a gap line does not repeat the dataset every item cites (its JSON does)"


def test_onet_skills_of_an_unrated_occupation_are_all_to_learn_essential_first(on_imported, run):
    gap = _json(run("gap", "15-1252.00", "11-3021.00", "--format", "json"))
    ratings = _onet_ratings(on_imported, "11-3021.00")
    assert _onet_ratings(on_imported, "15-1252.00") == {}, "O*NET 29.3 rates no skills for Software Developers"
    essential = sorted((name for name, r in ratings.items() if r["IM"] >= 3), key=str.casefold)
    optional = sorted((name for name, r in ratings.items() if r["IM"] < 3), key=str.casefold)
    assert (len(essential), len(optional)) == (22, 13)
    assert [node["label"] for node in gap["missing"]["skill"]] == essential + optional
    assert gap["skill_levels"] == {"essential": 22, "optional": 13, "unspecified": 0}
    monitoring = next(node for node in gap["missing"]["skill"] if node["label"] == "Monitoring")
    assert (monitoring["level"], monitoring["importance"], monitoring["proficiency"]) == ("essential", 3.88, 4.38)
    text = run("gap", "15-1252.00", "11-3021.00").stdout.splitlines()
    assert text[4:7] == ["essential skills to learn (22)", "  - Active Learning (importance 3.38, level 3.88)",
                         "  - Active Listening (importance 4.00, level 4.00)"]
    assert "optional skills to learn (13)" in text


def test_onet_skills_to_strengthen_from_computer_programmers_to_their_managers(on_imported, run):
    gap = _json(run("gap", "15-1251.00", "11-3021.00", "--format", "json"))
    assert gap["missing"]["skill"] == [], "O*NET rates the same 35 skills for both"
    have, need = _onet_ratings(on_imported, "15-1251.00"), _onet_ratings(on_imported, "11-3021.00")
    expected = []
    for name in sorted(need, key=str.casefold):
        reasons = []
        if need[name]["IM"] >= 3 > have[name]["IM"]:
            reasons.append("level")
        if "LV" in need[name] and "LV" in have[name] and need[name]["LV"] - have[name]["LV"] >= 1:
            reasons.append("proficiency")
        if reasons:
            expected.append((name, reasons, float(have[name].get("LV")), float(need[name].get("LV"))))
    assert [(entry["skill"]["label"], entry["reasons"], entry["from"]["proficiency"], entry["to"]["proficiency"])
            for entry in gap["to_strengthen"]] == expected
    assert [name for name, *_ in expected] == [
        "Coordination", "Instructing", "Learning Strategies", "Management of Financial Resources",
        "Management of Material Resources", "Management of Personnel Resources", "Monitoring", "Negotiation",
        "Persuasion"]
    text = run("gap", "15-1251.00", "11-3021.00").stdout.splitlines()
    tools = len(gap["missing"]["tool"]) + len(gap["missing"].get("equipment", []))  # technologies and equipment
    assert text[0] == (f"Computer Programmers → Computer and Information Systems Managers: {tools} things Computer "
                       "and Information Systems Managers is recorded as needing that Computer Programmers is not, "
                       "and 9 skills to strengthen")
    start = text.index("skills to strengthen (9): needed more by Computer and Information Systems Managers "
                       "than by Computer Programmers")
    assert text[start + 1:start + 3] == [
        "  - Coordination: essential, level 2.88 → 3.88, importance 3.00 → 3.75",
        "  - Instructing: optional → essential, level 3.12 → 3.88, importance 2.50 → 3.12"]
    assert text[start + 5] == "  - Management of Material Resources: optional, level 1.25 → 3.12, importance 2.00 → 2.75"
    essential = _json(run("gap", "15-1251.00", "11-3021.00", "--essential", "--format", "json"))
    assert [entry["skill"]["label"] for entry in essential["to_strengthen"]] == [
        name for name, *_ in expected if need[name]["IM"] >= 3]


def test_comparing_two_esco_occupations(on_imported, run):
    comparison = _json(run("compare", "2512.4", "1330.7", "--format", "json"))
    developer, manager = _esco_skills(on_imported, SOFTWARE_DEVELOPER), _esco_skills(on_imported, ICT_PROJECT_MANAGER)
    assert {node["iri"] for node in comparison["shared"]["skill"]} == developer & manager
    assert comparison["similarity"] == round(len(developer & manager) / len(developer | manager), 4)
    # a shared skill at different levels: essential for one, optional for the other
    expected = {skill for skill in developer & manager
                if (skill in _esco_skills(on_imported, SOFTWARE_DEVELOPER, "essential"))
                != (skill in _esco_skills(on_imported, ICT_PROJECT_MANAGER, "essential"))}
    assert {entry["skill"]["iri"] for entry in comparison["level_differences"]} == expected


def test_comparing_two_onet_occupations_shows_their_level_differences(on_imported, run):
    comparison = _json(run("compare", "15-1251.00", "11-3021.00", "--format", "json"))
    assert comparison["similarity_by_kind"]["skill"] == 1.0
    first, second = _onet_ratings(on_imported, "15-1251.00"), _onet_ratings(on_imported, "11-3021.00")
    expected = sorted((name for name in first
                       if (first[name]["IM"] >= 3) != (second[name]["IM"] >= 3)
                       or ("LV" in first[name] and "LV" in second[name]
                           and abs(first[name]["LV"] - second[name]["LV"]) >= 1)), key=str.casefold)
    assert [entry["skill"]["label"] for entry in comparison["level_differences"]] == expected
    assert len(expected) == 12
    programming = next(entry for entry in comparison["level_differences"] if entry["skill"]["label"] == "Programming")
    assert [(need["role"], need["level"]["label"], need["proficiency"]) for need in programming["requirements"]] == [
        (ONET + "15-1251.00", "essential", 4.88), (ONET + "11-3021.00", "optional", 2.62)]
    text = run("compare", "15-1251.00", "11-3021.00").stdout
    assert ("  at different levels (12), as Computer Programmers / Computer and Information Systems Managers "
            "need them:\n    Coordination: essential, level 2.88 / essential, level 3.88\n") in text


def test_a_path_by_gap_counts_optional_onet_skills_half(on_imported, run):
    found = _json(run("path", "15-1252.00", "11-3021.00", "--weight", "gap", "-k", "1", "--format", "json"))
    [path] = found["paths"]
    [step] = path["steps"]
    optional = [node for node in step["gap"]["skills"] if node["level"] == "optional"]
    essential = [node for node in step["gap"]["skills"] if node["level"] == "essential"]
    tools = len(step["gap"]["tools"]) + len(step["gap"]["equipment"])  # technologies and equipment
    assert (len(essential), len(optional)) == (22, 13)
    assert path["cost"] == 22 + 13 / 2 + tools
    assert path["cost"] != int(path["cost"]), "half a point for each of 13 optional skills"


def test_next_gives_the_level_of_each_new_esco_skill(on_imported, run):
    moves = _json(run("next", "2512.4", "--format", "json"))["moves"]
    web = next(move for move in moves if move["role"]["label"] == "web developer")
    target = web["role"]["iri"]
    assert {node["iri"] for node in web["gap"]["skills"] if node["level"] == "essential"} == (
        _esco_skills(on_imported, target, "essential") - _esco_skills(on_imported, SOFTWARE_DEVELOPER))
    assert {node["iri"] for node in web["gap"]["skills"] if node["level"] == "optional"} == (
        _esco_skills(on_imported, target, "optional") - _esco_skills(on_imported, SOFTWARE_DEVELOPER))


def test_derived_esco_moves_show_as_derived(on_imported, run):
    moves = _json(run("next", "2512.4", "--format", "json"))["moves"]
    # ESCO moves are derived from the imported occupations: the 10 most similar, in the sample only 3
    assert len(moves) == {"sample": 3, "full": 10}[on_imported.name]
    assert {move["move"] for move in moves} == {"similar occupation"}
    assert all(move["sources"] == [] for move in moves)
    assert moves[0]["role"]["kind"] == "role"


def test_bundled_roles_reach_imported_occupations_through_the_alignments(on_imported, run):
    shown = _json(run("show", "Tech PM", "--format", "json"))
    matched = {item["iri"]: item["kind"] for item in shown["relations"]["broad match"]}
    assert matched[ICT_PRODUCT_MANAGER] == "role" and matched[ONET + "11-3021.00"] == "role"
    # what ESCO says the Tech PM's broader occupation needs, as a gap from the Tech PM
    gap = _json(run("gap", "Tech PM", "1330.6", "--format", "json"))
    assert {node["iri"] for node in gap["missing"]["skill"]} == _esco_skills(on_imported, ICT_PRODUCT_MANAGER)


def test_named_queries_run_on_the_store(on_imported, run):
    rows = _json(run("query", "skills-of-role", "--param", "role=2512.4", "--format", "json"))["results"]["bindings"]
    assert len(rows) == len(_esco_skills(on_imported, SOFTWARE_DEVELOPER)) == 104
    assert {row["level"]["value"] for row in rows} == {PM + "Essential", PM + "Optional"}


# -- docs/data.md: every shell-session example is real ----------------------------------------
DOC = Path(__file__).resolve().parents[1] / "docs" / "data.md"
SESSION = re.compile(r"```shell-session\n\$ (pmgraph [^\n]*)\n(.*?)```", re.DOTALL)
DOC_EXAMPLES = [pytest.param(match.group(1), match.group(2), id=match.group(1))
                for match in SESSION.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_data_docs_have_checked_examples():
    assert len(DOC_EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "shown"), DOC_EXAMPLES)
def test_data_docs_examples_are_real(full, command, shown):
    from click.testing import CliRunner

    from pmgraph.cli import main

    result = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
    output = result.stdout + result.stderr
    assert (output if output.endswith("\n") else output + "\n") == shown


def test_progress_bars_on_a_terminal_and_plain_lines_elsewhere(monkeypatch):
    import io
    import sys

    from pmgraph.cli import datasets
    from pmgraph.cli.datasets import terminal_progress
    from pmgraph.importers import no_progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    log = io.StringIO()  # a pipe, a log file, CI: no bars, a line per step that took more than a second
    monkeypatch.setattr(sys, "stderr", log)
    assert terminal_progress(quiet=True) is no_progress
    with terminal_progress()("reading occupations_en.csv", 100) as update:
        update(100)
    assert log.getvalue() == ""  # quick: nothing said
    monkeypatch.setattr(datasets, "NOTICE_AFTER", -1.0)
    with terminal_progress()("reading skills_en.csv", 100) as update:
        update(100)
    assert log.getvalue().startswith("pmgraph: reading skills_en.csv: ") and log.getvalue().endswith(" s\n")
    assert log.getvalue().count("\n") == 1

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert terminal_progress(quiet=True) is no_progress
    with terminal_progress()("reading skills_en.csv", 100) as update:
        update(50)
        update(50)
    assert "reading skills_en.csv" in screen.getvalue() and "100%" in screen.getvalue()
