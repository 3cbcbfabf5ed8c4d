"""Whole-graph commands at the scale of ESCO + O*NET: the indexed code paths of a snapshot.

With datasets installed, ``search``, ``stats``, ``connect``, ``render`` and ``export`` read the
knowledge graph and the labels that a snapshot stores in SQLite (:mod:`pmgraph.kb.kgindex`,
:class:`pmgraph.model.search.LabelIndex`) instead of scanning 1.7 million triples. The first part
checks that on small graphs with real structure those paths give exactly what the in-memory
ones give; the second asserts exact results over the full imported data.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from rdflib import URIRef

from pmgraph.model.catalog import Catalog
from pmgraph.errors import NoResult, UsageError
from pmgraph.kb.kgindex import KnowledgeIndex
from pmgraph.namespaces import PM
from pmgraph.careers.project import knowledge_graph
from pmgraph.model.search import LabelIndex, search, write_label_index
from pmgraph.model.stats import graph_stats, stats_summary
from pmgraph.kb.files import load_graph
from pmgraph.views.subgraph import build_view, build_view_indexed, career_paths_between

# Slow (`python -m pytest -m "not slow"` leaves them out): builds and compares indexed
# projections; the second part reads the full data.
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
GRAPHS = {"bundled": (), "careers-mini": (DATA / "careers-mini.ttl",), "ladder": (DATA / "ladder.ttl",)}


class Indexed:
    """One graph, its in-memory projection, and the same stored the way a snapshot stores it."""

    def __init__(self, data):
        self.graph = load_graph(data)
        self.catalog = Catalog(self.graph)
        self.G = knowledge_graph(self.graph, self.catalog)
        connection = sqlite3.connect(":memory:")
        KnowledgeIndex.write(connection, self.G, stats_summary(self.graph, self.catalog))
        write_label_index(connection, self.graph)
        self.index = KnowledgeIndex(connection)
        self.labels = LabelIndex(connection)


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def indexed(request):
    return Indexed(GRAPHS[request.param])


@pytest.fixture(scope="module")
def bundled():
    return Indexed(())


def _dump(G: nx.MultiDiGraph):
    return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))


# -- the stored projection is the projection -----------------------------------------------
def test_whole_projection_round_trips_in_order(indexed):
    assert _dump(indexed.index.whole()) == _dump(indexed.G)
    assert indexed.index.iris() == list(indexed.G)
    assert indexed.index.number_of_nodes() == indexed.G.number_of_nodes()
    assert indexed.index.properties() == sorted({d["property"] for _, _, d in indexed.G.edges(data=True)})


def test_undirected_graph_has_the_same_node_and_neighbour_order(indexed):
    expected = nx.Graph(indexed.G)
    expected.remove_edges_from(list(nx.selfloop_edges(expected)))
    got = indexed.index.undirected()
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert all(list(got.adj[node]) == list(expected.adj[node]) for node in expected)


def test_edge_data_between_two_nodes(indexed):
    for u, v in list(indexed.G.edges())[::97]:
        assert indexed.index.get_edge_data(u, v) == indexed.G.get_edge_data(u, v)
    assert indexed.index.get_edge_data(str(PM.CTO), "https://example.org/nothing") is None


def test_stats_from_the_index_equal_stats_over_the_graph(indexed):
    for top in (1, 3, 10):
        for lang in ("en", "ja"):
            assert (graph_stats(indexed.graph, indexed.catalog, lang, top, index=indexed.index)
                    == graph_stats(indexed.graph, indexed.catalog, lang, top))


def test_stats_top_on_the_bundled_graph(bundled):
    report = graph_stats(bundled.graph, bundled.catalog, "en", 3, index=bundled.index)
    assert [(n["label"], n["degree"]) for n in report["central"]["role"]] == \
        [(n["label"], n["degree"]) for n in graph_stats(bundled.graph, bundled.catalog, "en", 3)["central"]["role"]]
    assert report["kinds"]["track"] == 2


# -- views ---------------------------------------------------------------------------------
def _view_specs(case: Indexed):
    nodes = list(case.G)
    hubs = sorted(nodes, key=lambda n: -case.G.degree(n))[:3]
    specs = [{}]
    for node in hubs + nodes[::max(1, len(nodes) // 12)]:
        for depth in (0, 1, 2):
            specs.append({"focus": node, "depth": depth})
        specs.append({"focus": node, "depth": 2, "kinds": ["role", "skill"]})
        specs.append({"focus": node, "depth": 2, "relations": ["pmo:CareerTransition", "requires skill"]})
    specs += [{"kinds": ["role"]}, {"relations": ["pmo:CareerTransition"]}, {"kinds": ["skill", "tool"], "relations": ["skos:related"]}]
    for track in case.catalog.members("track"):
        specs += [{"track": str(track)}, {"track": str(track), "kinds": ["role"]},
                  {"track": str(track), "relations": ["pmo:CareerTransition"]},
                  {"track": str(track), "relations": ["pmo:SkillRequirement"]}]
    roles = [str(r) for r in case.catalog.members("role") if str(r) in case.G]
    found = 0
    for source in roles:
        for target in roles[::-1]:
            if found >= 3 or source == target:
                continue
            try:
                paths = career_paths_between(case.graph, case.catalog, source, target)
            except (NoResult, UsageError):
                continue
            if len(paths[0]) > 2:
                specs += [{"paths": paths}, {"paths": paths, "kinds": ["role"]},
                          {"paths": paths, "relations": ["pmo:SkillRequirement"]}]
                found += 1
    assert found
    return specs


def _view_outcome(build):
    try:
        view = build()
    except (NoResult, UsageError) as error:
        return type(error).__name__, str(error)
    return (view.mode, view.name, view.subjects, view.depth, view.kinds, view.relations, view.paths,
            view.levels, _dump(view.graph))


def test_views_from_the_index_equal_views_of_the_projection(indexed):
    specs = _view_specs(indexed)
    assert len(specs) > 20
    for spec in specs:
        expected = _view_outcome(lambda spec=spec: build_view(indexed.graph, indexed.catalog, indexed.G, **spec))
        got = _view_outcome(lambda spec=spec: build_view_indexed(indexed.graph, indexed.catalog, indexed.index, **spec))
        assert got == expected, spec


def test_view_errors_are_the_same(bundled):
    for spec in ({"relations": ["no such relation"]}, {"kinds": ["no such kind"]},
                 {"focus": str(PM.TechPM), "track": str(PM.TPMCareerPath)}, {"focus": "https://example.org/x"}):
        expected = _view_outcome(lambda spec=spec: build_view(bundled.graph, bundled.catalog, bundled.G, **spec))
        assert _view_outcome(lambda spec=spec: build_view_indexed(bundled.graph, bundled.catalog, bundled.index,
                                                                  **spec)) == expected
    assert expected == ("NoResult", "https://example.org/x (https://example.org/x) has no relation to draw")


def test_the_size_check_sees_exactly_the_focus_view(bundled):
    seen = []
    view = build_view_indexed(bundled.graph, bundled.catalog, bundled.index, focus=str(PM.TechPM), depth=1,
                              check=seen.append)
    assert seen == [set(view.graph)]


# -- search --------------------------------------------------------------------------------
QUERIES = ["tech pm", "techpm", "TPM", "ＴＰＭ", "クラウド", "project manager", "projet manajer", "stakeholdr",
           "terraform", "ｔｅｒｒａｆｏｒｍ", "engineer", "enginer", "a", "pm", "xyzzy", "テクニカル・プロダクトマネージャー",
           "communication", "コミュニケーション", "cloud computing", "developper", "Jira", "aws"]


def test_search_through_the_label_index_equals_the_scan(indexed):
    for query in QUERIES:
        for kinds, limit in ((None, 20), ({"skill"}, 3), (None, 1000)):
            assert (search(indexed.catalog, query, kinds, limit, index=indexed.labels)
                    == search(indexed.catalog, query, kinds, limit)), (query, kinds, limit)


def test_search_finds_a_typo_through_the_index(bundled):
    [hit] = search(bundled.catalog, "stakeholdr", {"skill"}, 1, index=bundled.labels)
    assert (hit.matched, hit.score) == ("stakeholder management", 0.6667)


# -- the full ESCO + O*NET + crosswalk data ----------------------------------------------
def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_search_over_the_full_data(full, run):
    result = run("search", "ICT project manager", "--limit", "2", "--format", "json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)["results"]
    assert [(h["label"], h["kind"], h["matched"], h["score"]) for h in hits] == [
        ("ICT project manager", "role", "ICT project manager", 1.0),
        ("Information Technology Project Managers", "role", "IT Project Manager", 0.6811),
    ]
    assert hits[0]["iri"] == "http://data.europa.eu/esco/occupation/8b6388a4-4904-471b-9331-d3b1211f5525"
    result = run("search", "xyzzyq")
    assert (result.exit_code, result.stderr) == (1, "pmgraph: error: no entity matches 'xyzzyq'\n")


def test_search_with_a_typo_over_the_full_data(full, run):
    result = run("search", "softwre developer", "--kind", "role", "--limit", "1", "--format", "json")
    [hit] = json.loads(result.stdout)["results"]
    # at an equal score an entity's own name ranks before another's alternative title (issue 12)
    assert (hit["label"], hit["matched"], hit["score"]) == ("software developer", "software developer", 0.68)


def _whole_projection():
    """The knowledge base a command over the full data opens, and the whole knowledge graph it stores."""
    from pmgraph import kb

    base = kb.open()
    return base, base.knowledge_index(), base.knowledge_index().whole()


def test_stats_over_the_full_data(full, run):
    result = run("stats", "--top", "3", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    roles = [(n["label"], n["iri"]) for n in report["central"]["role"]]
    assert roles[0] == ("Software Developers", "https://www.onetonline.org/link/summary/15-1252.00")
    assert [n["label"] for n in report["central"]["skill"]] == ["Active Learning", "Active Listening",
                                                                "Complex Problem Solving"]
    # the degrees are those of the whole projection, ties ordered by label
    state, _, G = _whole_projection()
    undirected = G.to_undirected(as_view=False)
    for kind in ("role", "skill"):
        expected = sorted(((len(set(undirected.neighbors(n))), n) for n, d in G.nodes(data=True) if d["kind"] == kind),
                          key=lambda pair: (-pair[0], state.catalog.label(URIRef(pair[1])), pair[1]))[:3]
        assert [(n["degree"], n["iri"]) for n in report["central"][kind]] == expected
    assert report["kinds"]["track"] == 2
    assert report["triples"] == len(state.graph)
    assert {s["label"] for s in report["sources"]} >= {"ESCO v1.1.1", "O*NET 29.3"}


def test_connect_over_the_full_data(full, run):
    result = run("connect", "Tech PM", "15-1252.00")
    assert result.exit_code == 0
    assert _lines(result.stdout) == [
        "Tech PM ↔ Software Developers: 3 chains, shortest first",
        "",
        ("1. Tech PM (role) —broad match→ Computer and Information Systems Managers (role) —moves to→ ←moves to— "
         "Software Developers (role)"),
        "",
        "2. Tech PM (role) ←moves to— developer (role) —close match→ Software Developers (role)",
        "",
        "3. Tech PM (role) ←moves to— engineering lead (role) —broad match→ Software Developers (role)",
    ]


def test_render_focus_over_the_full_data(full, run, tmp_path):
    result = run("render", "--focus", "Tech PM", "-o", str(tmp_path / "techpm.html"))
    assert (result.exit_code, result.stdout) == (0, f"wrote {tmp_path / 'techpm.html'}: 89 nodes, 157 edges\n")
    state, _, G = _whole_projection()
    from pmgraph.views.render import drawn_edges

    view = build_view(state.graph, state.catalog, G, focus=str(PM.TechPM), depth=2)
    result = run("render", "--focus", "Tech PM", "--depth", "2", "-o", str(tmp_path / "two.html"))
    assert result.stdout == (f"wrote {tmp_path / 'two.html'}: {view.graph.number_of_nodes():,} nodes, "
                             f"{drawn_edges(view):,} edges\n")
    assert view.graph.number_of_nodes() > 600


def test_a_whole_graph_render_is_refused_at_once(full, run, tmp_path):
    _, index, _ = _whole_projection()
    count = index.number_of_nodes()
    assert count > 27000
    result = run("render", "-o", str(tmp_path / "all.html"))
    assert result.exit_code == 5
    assert result.stderr == (f"pmgraph: error: the view has {count:,} nodes, more than the limit of 1,000: narrow it "
                             "with --focus, --track, --path, --kind or --relation, or pass --force to draw it anyway\n")
    assert not (tmp_path / "all.html").exists()


def test_views_of_the_full_data_equal_views_of_the_whole_projection(full):
    state, index, G = _whole_projection()
    techpm = str(PM.TechPM)
    hub = "http://data.europa.eu/esco/skill-type/knowledge"  # linked to 6,000 skills
    paths = career_paths_between(state.graph, state.catalog, str(PM.SeniorDeveloper), str(PM.CTO),
                                 career=state.career_graph())
    assert paths and all(path[0] == str(PM.SeniorDeveloper) and path[-1] == str(PM.CTO) for path in paths)
    for spec in ({"focus": techpm, "depth": 2}, {"focus": techpm, "depth": 3, "kinds": ["role"]},
                 {"focus": hub, "depth": 1, "relations": ["esco:skillType"]}, {"track": str(PM.TPMCareerPath)},
                 {"paths": paths}, {"paths": paths, "relations": ["pmo:CareerTransition"]}):
        expected = _view_outcome(lambda spec=spec: build_view(state.graph, state.catalog, G, **spec))
        assert _view_outcome(lambda spec=spec: build_view_indexed(state.graph, state.catalog, index, **spec)) \
            == expected, spec
