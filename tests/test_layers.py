"""Layers: each imported dataset indexed once, ``--data`` as a small overlay, merged when read.

The samples of ESCO, O*NET and the crosswalk (tests/data/samples) are imported into a data
directory of the test's own; a layered stack must answer exactly what the same data projected
as one graph (in memory, by the same functions) answers, and building an upper layer must not
rewrite a file of the layers below.
"""

from __future__ import annotations

import json
import time

import pytest

from pmgraph import kb

from importdata import SAMPLE_CROSSWALK, SAMPLE_ESCO, SAMPLE_ONET

OVERLAY = """\
@prefix pmo: <https://w3id.org/pmgraph/ontology#> .
@prefix pm: <https://w3id.org/pmgraph/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/ladder/> .
@prefix onet: <https://www.onetonline.org/link/summary/> .
@prefix dct: <http://purl.org/dc/terms/> .
ex:r1 a pmo:Role ; skos:prefLabel "Bench role 1"@en ; skos:altLabel "bench 1"@en .
ex:r2 a pmo:Role ; skos:prefLabel "Bench role 2"@en .
onet:15-1252.00 skos:altLabel "code writer"@en .
ex:t1 a pmo:CareerTransition ; pmo:fromRole ex:r1 ; pmo:toRole onet:15-1252.00 .
ex:t2 a pmo:CareerTransition ; pmo:fromRole pm:TechPM ; pmo:toRole ex:r2 .
ex:q a pmo:SkillRequirement ; pmo:role ex:r1 ; pmo:skill pm:CloudComputing .
onet:15-1252.00 pmo:track pm:TPMCareerPath ; pmo:level 3 ; dct:source pm:src000-s5 .
ex:t3 a pmo:CareerTransition ; pmo:fromRole onet:15-1252.00 ; pmo:toRole onet:11-3021.00 ; dct:source pm:src000-s5 .
ex:q2 a pmo:SkillRequirement ; pmo:role onet:11-3021.00 ; pmo:skill pm:CloudComputing ; pmo:importance 4.5 ;
    pmo:requirementLevel pm:Essential .
pm:CTO skos:closeMatch onet:11-3021.00 .
ex:newskill a pmo:Skill ; skos:prefLabel "Quantum wrangling"@en .
ex:q3 a pmo:SkillRequirement ; pmo:role pm:TechPM ; pmo:skill ex:newskill .
"""


@pytest.fixture
def layered_home(tmp_path, monkeypatch):
    """A data directory and cache of this test's own, with the ESCO and O*NET samples imported
    (a second apart, so that their order is the import order) and indexed."""
    from pmgraph.importers.esco import import_esco
    from pmgraph.importers.onet import import_onet
    from pmgraph.kb.datasets import install, installed
    from pmgraph.kb.snapshot import Snapshot

    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PMGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kb, "_OPENED", {})
    install("esco", lambda out: import_esco(SAMPLE_ESCO, out), source=str(SAMPLE_ESCO))
    time.sleep(1.05)
    install("onet", lambda out: import_onet(SAMPLE_ONET, out), source=str(SAMPLE_ONET))
    Snapshot(installed()).ensure()
    return tmp_path


def _files(folder):
    """Every file of a layer folder but its manifest (touched on each use): inode, size, mtime."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "manifest.json"}


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _import_crosswalk(run):
    time.sleep(1.05)  # imported a second after O*NET: on top of it
    return run("import", "crosswalk", str(SAMPLE_CROSSWALK), "--esco", str(SAMPLE_ESCO), "--onet", str(SAMPLE_ONET))


def test_importing_the_crosswalk_leaves_the_esco_and_onet_layers_untouched(layered_home, run, monkeypatch):
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.snapshot import Snapshot

    below = Snapshot(installed()).layers
    assert [layer.name for layer in below] == ["the bundled ontology", "dataset esco", "dataset onet"]
    before = {layer.name: _files(layer.folder) for layer in below}
    assert all(before.values())
    built = []
    original = Snapshot.build

    def counting(self, index=None, progress=None):
        built.append(self.layers[index].name)
        return original(self, index, progress)

    monkeypatch.setattr(Snapshot, "build", counting)
    result = _import_crosswalk(run)
    assert result.exit_code == 0, result.stderr
    assert built == ["dataset crosswalk"]
    assert {layer.name: _files(layer.folder) for layer in below} == before  # not one file rewritten
    stack = Snapshot(installed()).layers
    assert [layer.name for layer in stack] == ["the bundled ontology", "dataset esco", "dataset onet",
                                               "dataset crosswalk"]
    top = _manifest(stack[-1].folder)
    assert top["lower"] == below[-1].folder.name and top["format"] == 6
    assert top["holds"] == "the bundled ontology, dataset esco, dataset onet and dataset crosswalk"
    # the crosswalk's links are read through the layered tables
    kb._OPENED.clear()
    assert run("show", "2512.4").exit_code == 0


def test_a_data_overlay_builds_one_small_layer_and_answers_as_one_graph(layered_home, run, monkeypatch):
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.local import LocalKnowledgeBase
    from pmgraph.kb.snapshot import Snapshot, memory_parts

    assert _import_crosswalk(run).exit_code == 0
    below = Snapshot(installed()).layers
    before = {layer.name: _files(layer.folder) for layer in below}
    overlay = layered_home / "ladder.ttl"
    overlay.write_text(OVERLAY, encoding="utf-8")
    said: list[str] = []
    snapshot = Snapshot(installed(), [str(overlay)], notice=said.append)
    layered = LocalKnowledgeBase(snapshot.open())
    assert said == ["building the store and indexes of --data ladder.ttl over the bundled ontology, dataset esco, "
                    f"dataset onet and dataset crosswalk (new or changed --data files) in {snapshot.folder}"]
    assert {layer.name: _files(layer.folder) for layer in below} == before
    assert _manifest(snapshot.folder)["lower"] == below[-1].folder.name
    # the stack's store is the one below, hard-linked, plus the overlay
    store_below = {path.name: path.stat().st_ino for path in (below[-1].folder / "store").glob("*.sst")}
    shared = [path.name for path in (snapshot.folder / "store").glob("*.sst")
              if store_below.get(path.name) == path.stat().st_ino]
    assert shared, "the overlay's store shares the files of the store below"

    whole = LocalKnowledgeBase(memory_parts(snapshot.files, snapshot.datasets))
    _assert_same_answers(layered, whole)
    ex_r1 = layered.resolve("bench 1")
    assert str(ex_r1) == "https://example.org/ladder/r1"
    assert layered.resolve("code writer") == layered.resolve("15-1252.00")
    assert layered.role_profiles()[str(ex_r1)]["skill"] == frozenset({"https://w3id.org/pmgraph/id/CloudComputing"})


def _assert_same_answers(layered, whole) -> None:
    """Every table, the career graph, stats, search and the knowledge graph: equal."""
    entities = set(whole.catalog._kinds)
    assert len(entities) > 3000
    catalog = layered.catalog
    assert {e: catalog.kind(e) for e in entities} == dict(whole.catalog._kinds)
    assert {e: catalog.labels(e) for e in entities} == {e: whole.catalog.labels(e) for e in entities}
    assert {e: catalog.label(e, "ja") for e in entities} == {e: whole.catalog.label(e, "ja") for e in entities}
    for mine, theirs in zip(layered.resolver.name_index(), whole.resolver.name_index(), strict=True):
        assert sorted(mine) == sorted(theirs)
        # the stored resolver names entities by plain-string IRIs (no rdflib on the hot path)
        assert {key: dict(mine[key]) for key in theirs} == {key: {str(entity): strength for entity, strength
                                                                   in value.items()} for key, value in theirs.items()}
    for name in ("role_profiles", "role_requirements"):
        mine, theirs = layered.projection(name), whole.projection(name)
        assert sorted(mine) == sorted(theirs)
        assert {role: dict(mine[role]) for role in theirs} == {role: dict(value) for role, value in theirs.items()}
    assert layered.study_material() == whole.study_material()
    mine, theirs = layered.career_graph(), whole.career_graph()
    assert list(mine.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(mine.edges(data=True)) == list(theirs.edges(data=True))
    assert layered.stats() == whole.stats()
    def hits(found):
        return [(str(hit.iri), hit.matched, hit.lang, hit.score, hit.strength) for hit in found]

    for text in ("cloud", "developer", "manager", "bench", "quantum", "code writer"):
        assert hits(layered.search(text)) == hits(whole.search(text))
    merged, projected = layered.knowledge()[0].whole(ordered=True), whole.knowledge()[0]

    def edges(G):
        return sorted((u, v, key, json.dumps(data, sort_keys=True)) for u, v, key, data in G.edges(keys=True, data=True))

    assert sorted(merged.nodes(data=True)) == sorted(projected.nodes(data=True))
    assert edges(merged) == edges(projected)


def test_the_imported_layers_answer_as_one_graph(layered_home, run):
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.local import LocalKnowledgeBase
    from pmgraph.kb.snapshot import Snapshot, memory_parts

    assert _import_crosswalk(run).exit_code == 0
    snapshot = Snapshot(installed())
    _assert_same_answers(LocalKnowledgeBase(snapshot.open()), LocalKnowledgeBase(memory_parts(snapshot.files,
                                                                                               snapshot.datasets)))


def test_an_import_says_what_it_builds_when_not_on_a_terminal(layered_home, run, monkeypatch):
    from pmgraph.cli import datasets

    monkeypatch.setattr(datasets, "NOTICE_AFTER", -1.0)  # every step "takes more than a second"
    result = _import_crosswalk(run)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("pmgraph: ") for line in lines), lines
    assert "pmgraph: building the store and indexes of dataset crosswalk over the bundled ontology, dataset esco " \
           "and dataset onet (new or changed dataset) in " in result.stderr
    steps = [line.rsplit(": ", 1)[0] for line in lines[1:]]
    assert "pmgraph: indexing names and projecting careers of dataset crosswalk" in steps
    assert "pmgraph: reading what dataset crosswalk links to in dataset onet and below" in steps
    assert all(line.endswith(" s") for line in lines if not line.startswith("pmgraph: building"))


def test_a_quiet_import_says_nothing(layered_home, run, monkeypatch):
    from pmgraph.cli import datasets

    monkeypatch.setattr(datasets, "NOTICE_AFTER", -1.0)
    time.sleep(1.05)
    result = run("--quiet", "import", "crosswalk", str(SAMPLE_CROSSWALK), "--esco", str(SAMPLE_ESCO),
                 "--onet", str(SAMPLE_ONET))
    assert result.exit_code == 0 and result.stderr == ""


def test_a_damaged_dataset_layer_is_rebuilt_alone(layered_home, run):
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.snapshot import Snapshot

    layers = Snapshot(installed()).layers
    bundled, esco, onet = (layer.folder for layer in layers)
    kept = {"bundled": _files(bundled), "onet": _files(onet)}
    with open(esco / "index.sqlite", "r+b") as handle:
        handle.truncate(1000)
    result = run("show", "2512.4")
    assert result.exit_code == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith("pmgraph: ")]
    steps = [line for line in notices[1:] if line.endswith(" s")]  # a step of the rebuild that took over a second
    assert len(notices) == 1 + len(steps), notices
    assert notices[0].startswith(f"pmgraph: the index at {esco} is damaged (index.sqlite has 1,000 bytes instead of ")
    assert {"bundled": _files(bundled), "onet": _files(onet)} == kept
    kb._OPENED.clear()
    assert run("show", "2512.4").stderr == ""


def test_the_context_of_a_layer_is_the_same_whichever_store_is_scanned(tmp_path):
    """:func:`pmgraph.kb.layers.add_context` scans the smaller store: both ways give the same context."""
    import pyoxigraph as ox

    from pmgraph.kb.files import bundled_files, load_into, read_rdf
    from pmgraph.kb.layers import add_context

    lower = ox.Store()
    for path in bundled_files():
        lower.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    overlay = tmp_path / "ladder.ttl"
    overlay.write_text(OVERLAY, encoding="utf-8")
    found = []
    for lower_is_smaller in (False, True):
        layer = ox.Store()
        load_into(layer, read_rdf(overlay))
        described, linked = add_context(layer, lower, lower_is_smaller=lower_is_smaller)
        found.append((set(layer), described, linked))
    below = {term.value for quad in lower for term in (quad.subject, quad.object) if isinstance(term, ox.NamedNode)}
    (quads, described, linked), (other_quads, other_described, other_linked) = found
    assert quads == other_quads and len(quads) > 50
    assert "https://www.onetonline.org/link/summary/15-1252.00" in below  # the bundled alignments name it
    assert described & below == other_described & below == {"https://www.onetonline.org/link/summary/15-1252.00"}
    assert linked & below == other_linked & below
    assert "https://w3id.org/pmgraph/id/CTO" in linked and "https://w3id.org/pmgraph/id/TechPM" in linked


def test_a_layer_stores_only_the_career_tables_it_changes(layered_home):
    """A --data layer of roles and no move stores the career graph's adjacency and roles and reads
    the moves below; one that changes no role and adds no move stores none (pmgraph.kb.careerstore)."""
    import sqlite3

    from pmgraph.kb.datasets import installed
    from pmgraph.kb.local import LocalKnowledgeBase
    from pmgraph.kb.snapshot import Snapshot, memory_parts

    roles = layered_home / "roles.ttl"
    roles.write_text("@prefix pmo: <https://w3id.org/pmgraph/ontology#> .\n"
                     "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     '<https://example.org/r9> a pmo:Role ; skos:prefLabel "Zeta role"@en .\n', encoding="utf-8")
    links = layered_home / "links.ttl"
    links.write_text("<https://w3id.org/pmgraph/id/CTO> <http://www.w3.org/2004/02/skos/core#closeMatch> "
                     "<https://w3id.org/pmgraph/id/TechPM> .\n", encoding="utf-8")
    for data, tables in ((roles, ["career_adjacency", "career_roles"]), (links, [])):
        snapshot = Snapshot(installed(), [str(data)])
        layered = LocalKnowledgeBase(snapshot.open())
        with sqlite3.connect(snapshot.folder / "projections.sqlite") as connection:
            stored = sorted(name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'career%'"))
        assert stored == tables
        whole = LocalKnowledgeBase(memory_parts(snapshot.files, snapshot.datasets)).career_graph()
        assert whole.number_of_edges() > 20
        mine = layered.career_graph()
        assert list(mine.nodes(data=True)) == list(whole.nodes(data=True))
        assert list(mine.edges(data=True)) == list(whole.edges(data=True))
        assert list(layered.career_graph(attributes=False).edges()) == list(whole.edges())
        for u, v, data_ in whole.edges(data=True):
            assert layered.career_move(u, v) == data_
        role = next(u for u, _ in whole.edges())
        assert list(layered.career_graph(around=role).edges(data=True)) == [
            (u, v, data_) for u, v, data_ in whole.edges(data=True) if role in (u, v)]
    assert "https://example.org/r9" in LocalKnowledgeBase(Snapshot(installed(), [str(roles)]).open()).career_graph()


def _tables(path) -> dict[str, list]:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}
    finally:
        connection.close()


def test_a_big_datasets_knowledge_graph_written_by_a_child_is_the_one_written_in_process(layered_home, monkeypatch):
    from pmgraph.kb import snapshot
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.forked import fork

    layers = snapshot.Snapshot(installed()).layers[1:]
    in_process = {layer.name: _tables(layer.folder / "knowledge.sqlite") for layer in layers}
    monkeypatch.setenv("PMGRAPH_CACHE", str(layered_home / "cache-forked"))
    monkeypatch.setattr(snapshot, "_BIG_DATASET", 0)  # the samples are small: every dataset counts as big
    children = []
    monkeypatch.setattr(snapshot, "fork", lambda work: children.append(fork(work)) or children[-1])
    stack = snapshot.Snapshot(installed())
    stack.ensure()
    assert len(children) == 2 and None not in children  # esco, onet: forked
    forked = {layer.name: _tables(layer.folder / "knowledge.sqlite") for layer in stack.layers[1:]}
    assert forked == in_process
    assert all(rows for tables in forked.values() for rows in tables.values())


def test_where_no_child_can_be_forked_a_big_datasets_knowledge_graph_is_written_in_process(layered_home, monkeypatch):
    import sys

    from pmgraph.kb import snapshot
    from pmgraph.kb.datasets import installed

    layers = snapshot.Snapshot(installed()).layers[1:]
    in_process = {layer.name: _tables(layer.folder / "knowledge.sqlite") for layer in layers}
    monkeypatch.setenv("PMGRAPH_CACHE", str(layered_home / "cache-unforked"))
    monkeypatch.setattr(snapshot, "_BIG_DATASET", 0)  # every dataset counts as big...
    monkeypatch.setattr(sys, "platform", "darwin")  # ...on a system where a build does not fork
    stack = snapshot.Snapshot(installed())
    stack.ensure()
    assert {layer.name: _tables(layer.folder / "knowledge.sqlite") for layer in stack.layers[1:]} == in_process
