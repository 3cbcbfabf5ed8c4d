"""pmgraph export: every format reads back in the tools it is for, and every write is atomic."""

from __future__ import annotations

import csv
import io
import json
import os

import networkx as nx
import pytest
from conftest import DATA
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from pmgraph.atomic import atomic_writer, write_atomic
from pmgraph.model.catalog import Catalog
from pmgraph.errors import LimitReached, OutputError
from pmgraph.views.export import FORMATS, export
from pmgraph.careers.project import knowledge_graph
from pmgraph.kb.files import load_graph, ontology_dir
from pmgraph.views.subgraph import build_view

MINI = DATA / "render-mini.ttl"
HOSTILE = DATA / "render-hostile.ttl"
EX = "https://example.org/mini/"


def load(*files):
    graph = load_graph([ontology_dir() / "vocabulary.ttl", *files], bundled=False)
    catalog = Catalog(graph)
    return graph, catalog, knowledge_graph(graph, catalog)


@pytest.fixture(scope="module")
def mini():
    return load(MINI)


def out(view, mini, fmt, **options):
    graph, catalog, G = mini
    return export(view, graph, catalog, fmt, all_entities=G.nodes, **options)


# -- RDF ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_whole_graph_rdf_reads_back_as_the_same_graph(mini, fmt):
    graph, catalog, G = mini
    text = out(build_view(graph, catalog, G), mini, fmt)
    again = Graph().parse(data=text, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert len(again) == len(graph)
    assert isomorphic(again, graph)


def test_trig_puts_the_view_in_one_named_graph(mini):
    graph, catalog, G = mini
    text = out(build_view(graph, catalog, G), mini, "trig")
    dataset = Dataset()
    dataset.parse(data=text, format="trig")
    named = dataset.graph(URIRef("https://w3id.org/pmgraph/graph/all"))
    assert len(named) == len(graph)
    assert isomorphic(named, graph)


def test_nt_is_sorted_lines(mini):
    graph, catalog, G = mini
    lines = out(build_view(graph, catalog, G), mini, "nt").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)


def test_view_rdf_is_the_triples_about_the_view(mini):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G, track=EX + "ladder")
    sub = Graph().parse(data=out(view, mini, "ttl"), format="turtle")
    subjects = {str(s) for s in sub.subjects(unique=True)}
    assert subjects == {EX + n for n in ("Junior", "Senior", "Lead", "Architect", "move-Junior-Senior",
                                         "move-Senior-Lead", "move-Senior-Architect", "move-Architect-Lead")}
    # labels and facts are kept; links to entities the view leaves out are not
    assert (URIRef(EX + "Junior"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), None) in sub
    assert not list(sub.triples((None, URIRef("https://w3id.org/pmgraph/ontology#track"), None)))
    assert str(sub.value(URIRef(EX + "move-Senior-Lead"), URIRef("https://w3id.org/pmgraph/ontology#moveKind"))) \
        == EX + "Promotion"


# -- graph formats --------------------------------------------------------------------------------
def test_graphml_and_gexf_open_in_networkx(mini, tmp_path):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        path.write_text(out(view, mini, fmt, lang="ja"), encoding="utf-8")
        read = reader(path)
        assert read.number_of_nodes() == 8 and read.number_of_edges() == 11, fmt
        labels = {node: data["label"] for node, data in read.nodes(data=True)}
        assert labels[EX + "Junior"] == "ジュニアエンジニア", fmt
        kinds = {node: data["kind"] for node, data in read.nodes(data=True)}
        assert kinds[EX + "Python"] == "skill", fmt
        relations = sorted(data["property"] for _, _, data in read.edges(data=True))
        assert relations.count("pmo:CareerTransition") == 4, fmt


def test_gexf_has_no_date_and_colours_kinds(mini):
    graph, catalog, G = mini
    text = out(build_view(graph, catalog, G), mini, "gexf")
    assert "lastmodifieddate" not in text and "<creator>pmgraph</creator>" in text
    assert '<viz:color r="43" g="108" b="176"' in text  # roles


def test_node_link_json(mini):
    graph, catalog, G = mini
    document = json.loads(out(build_view(graph, catalog, G, relations=["moves to"]), mini, "json"))
    assert sorted(document) == ["directed", "graph", "links", "multigraph", "nodes"]
    read = nx.node_link_graph(document, edges="links")
    assert read.number_of_edges() == 4
    promotion = next(link for link in document["links"] if link["source"] == EX + "Junior")
    assert promotion == {"source": EX + "Junior", "target": EX + "Senior", "key": EX + "move-Junior-Senior",
                         "property": "pmo:CareerTransition", "label": "moves to", "fact": EX + "move-Junior-Senior",
                         "move": "promotion", "sources": EX + "handbook", "inferred": False}


def test_csv_edge_list(mini):
    graph, catalog, G = mini
    text = out(build_view(graph, catalog, G, relations=["requires skill"]), mini, "csv", lang="ja")
    assert text.startswith("\ufeffsource,source_label,source_kind,relation,property,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [(r["source_label"], r["relation"], r["target_label"]) for r in rows] == [
        ("アーキテクト", "必要なスキル", "システム設計"), ("テックリード", "必要なスキル", "システム設計"),
        ("シニアエンジニア", "必要なスキル", "Python")]


def test_mermaid_ladder(mini):
    graph, catalog, G = mini
    text = out(build_view(graph, catalog, G, track=EX + "ladder"), mini, "mermaid")
    assert text == """%% pmgraph export: track-https---example-org-mini-ladder
flowchart TD
  %% Mini ladder
  n0["Junior engineer"]:::role
  n1["Architect"]:::role
  n2["Senior engineer"]:::role
  n3["Tech lead"]:::role
  n0 -->|"promotion"| n2
  n1 -->|"pivot"| n3
  n2 -->|"pivot"| n1
  n2 -->|"promotion"| n3
  classDef role fill:#2b6cb0,stroke:#1c4f85,color:#ffffff
  classDef context fill:#aac4e6,stroke:#1c4f85,stroke-dasharray:5 4,color:#1f2933
  class n1 context
"""


def test_mermaid_path_is_drawn_thick(mini):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G, paths=[(EX + "Junior", EX + "Senior", EX + "Lead")], context=True)
    lines = out(view, mini, "mermaid").splitlines()
    assert "  class n0,n2,n3 onpath" in lines
    assert "  linkStyle 0,3 stroke:#d9480f,stroke-width:4px" in lines


def test_mermaid_escapes_hostile_labels():
    graph, catalog, G = load(MINI, HOSTILE)
    text = export(build_view(graph, catalog, G, kinds=["concept", "skill"]), graph, catalog, "mermaid")
    assert '["#60;/script#62;#60;script#62;alert#40;\'label\'#41;#60;/script#62;"]' in text
    for raw in ("<script", "<img", '" onmouseover', "<svg"):
        assert raw not in text


def test_mermaid_refuses_more_edges_than_mermaid_draws(graph, catalog):
    G = knowledge_graph(graph, catalog)
    view = build_view(graph, catalog, G)
    with pytest.raises(LimitReached, match=r"edges and Mermaid draws at most 500 by default: narrow it"):
        export(view, graph, catalog, "mermaid")
    assert export(view, graph, catalog, "mermaid", force=True).count(" -->|") > 500


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic(mini, fmt):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G)
    assert out(view, mini, fmt) == out(build_view(graph, catalog, G), mini, fmt)


# -- atomic writes ------------------------------------------------------------------------------
def test_interrupted_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old content\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(target) as stream:
            stream.write("half of the new")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]  # no temporary file left


def test_atomic_write_keeps_permissions_and_writes_utf8(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("x", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "テクニカル\n")
    assert target.read_bytes() == "テクニカル\n".encode("utf-8")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write read-only files")
def test_read_only_target_is_refused(tmp_path):
    target = tmp_path / "keep.ttl"
    target.write_text("mine", encoding="utf-8")
    os.chmod(target, 0o444)
    with pytest.raises(OutputError, match="permission denied"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "mine"


def test_export_command_error_midway_leaves_the_file(run, tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_text("precious\n", encoding="utf-8")

    class FullDisk:
        """A file that takes the first bytes, then runs out of space."""

        def __init__(self, stream):
            self.stream = stream

        def write(self, text):
            self.stream.write(text[:20])
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    import pmgraph.atomic

    real_fdopen = os.fdopen
    monkeypatch.setattr(pmgraph.atomic.os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    result = run("--data", str(MINI), "export", "--format", "ttl", "--track", "Mini ladder", "-o", str(target))
    monkeypatch.undo()
    assert result.exit_code == 7
    assert result.stderr == f"pmgraph: error: cannot write {target}: no space left on device\n"
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


@pytest.mark.slow
def test_export_command_writes_and_refuses(run, tmp_path):
    target = tmp_path / "ladder.mmd"
    result = run("--data", str(MINI), "export", "--track", "Mini ladder", "--format", "mermaid", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("%% pmgraph export: track-https---example-org-mini-ladder\n")
    result = run("--data", str(MINI), "export", "--track", "Mini ladder", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("\ufeffsource,source_label,")
    result = run("export", "--format", "mermaid", "-o", str(tmp_path / "all.mmd"))
    assert result.exit_code == 5 and "Mermaid draws at most 500" in result.stderr
    assert not (tmp_path / "all.mmd").exists()
    result = run("export", "--format", "ttl", "-o", str(tmp_path / "no" / "such" / "dir.ttl"))
    assert result.exit_code == 7
    assert result.stderr.startswith("pmgraph: error: cannot write ")
    result = run("export", "--format", "xlsx")
    assert result.exit_code == 2
