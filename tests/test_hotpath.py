"""The commands' hot path over a stored snapshot: plain strings, no rdflib, a career graph read
in parts. (How fast is measured by bench/engine_bench.py, never here; these tests check what
the speed rests on, and that the answers are those of the rdflib path.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: The commands whose answer a stored snapshot gives without rdflib (bundled ontology).
WITHOUT_RDFLIB = [
    ["path", "senior engineer", "CTO"],
    ["path", "senior engineer", "CTO", "--weight", "gap"],
    ["gap", "senior engineer", "Tech PM"],
    ["compare", "Tech PM", "TPM", "CTO"],
    ["next", "Tech PM"],
    ["next", "CTO", "--previous"],
    ["search", "cloud"],
    ["search", "stakeholder", "--kind", "skill"],
    ["list", "role"],
    ["stats", "--top", "3"],
    ["show", "CTO"],
    ["show", "Source 002", "--lang", "ja"],
    ["show", "Tech PM", "--format", "json", "--stated-only"],
    ["query", "skills-of-role", "-p", "role=Tech PM"],
    ["query", "career-ladder", "-p", "track=pm:TechPMCareerPath", "--format", "csv", "--labels"],
    ["query", "facts-per-role", "--format", "json"],
    ["query", "can-move", "-p", "role=junior developer", "-p", "target=CTO"],
    ["sparql", "SELECT ?level WHERE { ?stage pmo:level ?level } LIMIT 3", "--format", "tsv"],
]

_PROBE = """
import contextlib, io, json, sys
from pmgraph.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main.main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
print(json.dumps({"rdflib": "rdflib" in sys.modules, "networkx": "networkx" in sys.modules}))
"""


def _modules(args: list[str]) -> dict[str, bool]:
    done = subprocess.run([sys.executable, "-c", _PROBE, "--quiet", *args], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_prefixes_are_the_rdflib_namespaces():
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

    from pmgraph import iris
    from pmgraph.namespaces import ESCO, ONET, PM, PMO, PMSH, PREFIXES

    assert PREFIXES is iris.PREFIXES
    assert PREFIXES == {"pm": str(PM), "pmo": str(PMO._NS), "pmsh": str(PMSH), "rdf": str(RDF), "rdfs": str(RDFS),
                        "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS), "dct": str(DCTERMS), "prov": str(PROV),
                        "schema": str(SDO), "esco": str(ESCO), "onet": str(ONET)}
    assert iris.RDF_TYPE == str(RDF.type)


@pytest.mark.parametrize("args", WITHOUT_RDFLIB, ids=" ".join)
def test_a_stored_snapshot_answers_without_rdflib(args):
    from pmgraph import kb

    kb.open()  # the snapshot is built (with rdflib) before the commands read it
    assert _modules(args)["rdflib"] is False


def test_a_kept_answer_with_typed_literals_is_read_without_rdflib():
    """A kept SELECT answer holds its literals in the form pmgraph writes them (rdflib's
    canonical form) already: reading it back needs no rdflib (claims-about-role answers with
    dates and other typed literals)."""
    from pmgraph import kb

    kb.open()
    args = ["query", "claims-about-role", "-p", "role=technical project manager", "--format", "json"]
    _modules(args)  # answered by Oxigraph, and kept
    assert _modules(args)["rdflib"] is False


def test_a_construct_answer_is_kept_and_written_again_without_rdflib(tmp_path):
    """What is left on rdflib among show and SPARQL: a CONSTRUCT or DESCRIBE answer is an rdflib
    graph, written as Turtle or N-Triples by rdflib when the query is first answered. The
    snapshot keeps the text, so that asking again writes the same bytes without rdflib; they
    are those of a knowledge base in memory (no cache: a file stands where the cache would be),
    which answers afresh every time."""
    import os

    from pmgraph import kb

    kb.open()
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("")
    for fmt, opening in (("turtle", b"@prefix"), ("nt", b"<https://w3id.org/pmgraph/id/")):
        args = ["query", "role-subgraph", "-p", "role=VP of Engineering", "--format", fmt]
        command = [sys.executable, "-m", "pmgraph", *args]
        first = subprocess.run(command, capture_output=True, check=True).stdout
        again = subprocess.run(command, capture_output=True, check=True).stdout
        fresh = subprocess.run(command, capture_output=True, check=True,
                               env={**os.environ, "PMGRAPH_CACHE": str(not_a_folder)}).stdout
        assert first == again == fresh and first.startswith(opening), fmt
        assert _modules(args)["rdflib"] is False, fmt


def test_gap_compare_and_search_do_not_import_networkx():
    from pmgraph import kb

    kb.open()
    for args in (["gap", "senior engineer", "Tech PM"], ["compare", "Tech PM", "TPM"], ["search", "cloud"]):
        assert _modules(args)["networkx"] is False, args


def test_the_stored_catalog_answers_as_the_one_in_memory():
    """Kinds, labels, members, names and single values: the stored catalog (plain strings, read
    from the snapshot and the store) gives what the rdflib catalog computes over the graph."""
    from pmgraph import kb
    from pmgraph.kb.files import load_graph
    from pmgraph.kb.stored import StoredCatalog
    from pmgraph.model.catalog import Catalog
    from pmgraph.model.resolve import Resolver

    base = kb.open()
    stored = base.catalog
    assert isinstance(stored, StoredCatalog)
    memory = Catalog(load_graph())
    resolver = Resolver(memory.graph, memory)
    assert stored.kind_names() == memory.kind_names()
    assert stored.kind_counts() == memory.kind_counts()
    for kind in memory.kind_names():
        assert stored.members(kind) == [str(iri) for iri in memory.members(kind)], kind
    entities = [iri for kind in memory.kind_names() for iri in memory.members(kind)]
    assert len(entities) > 100
    for iri in entities:
        for lang in ("en", "ja", "ko"):
            assert stored.label(str(iri), lang) == memory.label(iri, lang)
        assert stored.labels(str(iri)) == memory.labels(iri)
        assert stored.node(str(iri)) == memory.node(iri)
        assert stored.in_degree(str(iri)) == memory.in_degree(iri)
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    sections = set(memory.graph.objects(None, DCTERMS.source)) | set(memory.graph.subjects(DCTERMS.isPartOf))
    assert len(sections) == 43
    for section in sections:
        if isinstance(section, URIRef):
            assert stored.source_info(str(section)) == memory.source_info(section), section
    section = "https://w3id.org/pmgraph/id/src000-s5"
    assert stored.source_info(section)["document"] == "https://w3id.org/pmgraph/id/src000"
    assert stored.source_info("https://example.org/no-section") == {
        "iri": "https://example.org/no-section", "label": "https://example.org/no-section", "document": None,
        "heading": None}
    assert stored.text("https://example.org/nothing", "http://purl.org/dc/terms/isPartOf") is None
    for name in ("tech pm", "テクニカル・プロダクトマネージャー", "pm:TechPM", "<https://w3id.org/pmgraph/id/CTO>",
                 "project manager", "コミュニケーション", "1219.6"):
        try:
            expected = str(resolver.resolve(name))
        except Exception as error:  # noqa: BLE001 - the same error is expected
            expected = f"{type(error).__name__}: {error}"
        try:
            got = base.resolve(name)
        except Exception as error:  # noqa: BLE001
            got = f"{type(error).__name__}: {error}"
        assert got == expected, name
        assert type(got) is str


def test_the_career_graph_is_read_in_parts_and_whole_alike():
    """path and next search the adjacency (no move attributes) and read the moves they show; the
    whole graph read back is the projected one, in the same order."""
    import networkx as nx

    from pmgraph import kb
    from pmgraph.careers.project import career_graph
    from pmgraph.kb.files import load_graph

    base = kb.open()
    projected = career_graph(load_graph())
    adjacency = base.career_graph(attributes=False)
    assert list(adjacency.nodes(data=True)) == list(projected.nodes(data=True))
    assert list(adjacency.edges()) == list(projected.edges())
    assert all(data == {} for _, _, data in adjacency.edges(data=True))
    assert projected.number_of_edges() == 20
    for u, v, data in projected.edges(data=True):
        assert base.career_move(u, v) == data
    with pytest.raises(KeyError):
        base.career_move("https://w3id.org/pmgraph/id/CTO", "https://w3id.org/pmgraph/id/Nobody")
    whole = base.career_graph()
    assert list(whole.edges(data=True)) == list(projected.edges(data=True))
    assert nx.utils.graphs_equal(whole, projected)
    for role in projected:  # what `next` reads: one role, its neighbours and its moves
        around = base.career_graph(around=role)
        assert list(around.edges(data=True)) == [(u, v, data) for u, v, data in projected.edges(data=True)
                                                 if role in (u, v)]
        assert set(around) == {role, *projected.pred[role], *projected.succ[role]}
        assert all(around.nodes[node] == projected.nodes[node] for node in around)
    assert len(base.career_graph(around="https://example.org/nobody")) == 0


def test_a_fact_without_a_label_is_labelled_after_its_ends(tmp_path):
    """The one label the stored catalog reads from the rdflib graph: a fact node's, "start → end"."""
    import sqlite3

    from pmgraph.kb.files import load_graph, oxigraph_store
    from pmgraph.kb.snapshot import _write_catalog
    from pmgraph.kb.stored import StoredCatalog
    from pmgraph.model.catalog import Catalog
    from pmgraph.model.resolve import Resolver

    data = tmp_path / "fact.ttl"
    data.write_text("@prefix pmo: <https://w3id.org/pmgraph/ontology#> .\n@prefix pm: <https://w3id.org/pmgraph/id/> .\n"
                    "<https://example.org/req1> a pmo:SkillRequirement ; pmo:role pm:TechPM ; pmo:skill pm:CloudComputing .\n",
                    encoding="utf-8")
    graph = load_graph([data])
    memory = Catalog(graph)
    connection = sqlite3.connect(":memory:")
    _write_catalog(connection, memory, Resolver(graph, memory))
    stored = StoredCatalog(connection, lambda: oxigraph_store(graph), lambda: graph)
    fact = "https://example.org/req1"
    assert stored.label(fact, "ja") == memory.label(memory.term(fact), "ja") == "Tech PM → クラウドコンピューティング"
    assert stored.label("https://example.org/unlabelled", "en") == "https://example.org/unlabelled"
