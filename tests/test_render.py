"""pmgraph render: views, layouts, and pages that are self-contained, safe and deterministic.

The browser side (drawing, search, filters, highlights) is in test_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from rdflib import URIRef

from pmgraph.model.catalog import Catalog
from pmgraph.errors import LimitReached, NoResult, UsageError
from pmgraph.views.layout import force_layout, layered_layout, radial_layout
from pmgraph.careers.project import knowledge_graph
from pmgraph.views.render import check_size, page_data, render_html, vis_network_js
from pmgraph.kb.files import load_graph, ontology_dir
from pmgraph.views.subgraph import build_view, seniority_levels

MINI = DATA / "render-mini.ttl"
HOSTILE = DATA / "render-hostile.ttl"
EX = "https://example.org/mini/"
SRC = Path(__file__).resolve().parents[1] / "src"


def ex(name: str) -> str:
    return EX + name


def load(*files: Path):
    graph = load_graph([ontology_dir() / "vocabulary.ttl", *files], bundled=False)
    catalog = Catalog(graph)
    return graph, catalog, knowledge_graph(graph, catalog)


@pytest.fixture(scope="module")
def mini():
    return load(MINI)


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="pmgraph-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds no data block"
    return json.loads(match.group(1))


def inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# -- views --------------------------------------------------------------------------------------
def test_whole_view_is_the_projection(mini):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G)
    assert (view.mode, view.name) == ("all", "all")
    assert sorted(view.graph.nodes) == sorted(G.nodes)
    assert view.graph.number_of_edges() == 11


def test_focus_view_is_the_neighbourhood(mini):
    graph, catalog, G = mini
    one = build_view(graph, catalog, G, focus=ex("Lead"), depth=1)
    assert sorted(one.graph.nodes) == [ex("Architect"), ex("Design"), ex("Lead"), ex("Senior"), ex("ladder")]
    assert one.name == "focus-https---example-org-mini-Lead-1"
    two = build_view(graph, catalog, G, focus=ex("Lead"), depth=2)
    assert set(two.graph.nodes) - set(one.graph.nodes) == {ex("Cloud"), ex("Junior"), ex("Python")}
    assert build_view(graph, catalog, G, focus=ex("Lead"), depth=0).graph.number_of_nodes() == 1


def test_kind_and_relation_filters(mini):
    graph, catalog, G = mini
    roles = build_view(graph, catalog, G, kinds=["roles"])
    assert sorted(roles.graph.nodes) == [ex(n) for n in ("Architect", "Junior", "Lead", "Senior")]
    assert {d["property"] for _, _, d in roles.graph.edges(data=True)} == {"pmo:CareerTransition"}
    skills = build_view(graph, catalog, G, relations=["requires skill"])
    # the nodes no such edge touches are left out
    assert sorted(skills.graph.nodes) == [ex(n) for n in ("Architect", "Design", "Lead", "Python", "Senior")]
    assert sorted((u[len(EX):], v[len(EX):]) for u, v in skills.graph.edges()) == [
        ("Architect", "Design"), ("Lead", "Design"), ("Senior", "Python")]
    by_curie = build_view(graph, catalog, G, relations=["pmo:SkillRequirement"])
    assert sorted(by_curie.graph.edges) == sorted(skills.graph.edges)
    japanese = build_view(graph, catalog, G, relations=["必要なスキル"])
    assert sorted(japanese.graph.edges) == sorted(skills.graph.edges)
    # a focus is kept whatever its kind
    around = build_view(graph, catalog, G, focus=ex("Design"), kinds=["skill"])
    assert sorted(around.graph.nodes) == [ex("Design")]


def test_bad_view_choices_are_refused(mini):
    graph, catalog, G = mini
    with pytest.raises(UsageError, match="unknown kind 'robot'; use one of assertion-status, benefit, book"):
        build_view(graph, catalog, G, kinds=["robot"])
    with pytest.raises(UsageError, match=r"unknown relation 'likes'; the graph has: "):
        build_view(graph, catalog, G, relations=["likes"])
    with pytest.raises(UsageError, match="choose one of --focus, --track and --path"):
        build_view(graph, catalog, G, focus=ex("Lead"), track=ex("ladder"))
    with pytest.raises(NoResult, match="nothing to draw: no node matches --kind department"):
        build_view(graph, catalog, G, kinds=["department"])


def test_track_view_is_the_ladder_with_its_entries_and_exits(mini):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G, track=ex("ladder"))
    assert view.mode == "track"
    # the architect has no level: one above the most junior role it moves to
    assert view.levels == {ex("Architect"): 1, ex("Junior"): 0, ex("Lead"): 2, ex("Senior"): 1}
    assert {d["property"] for _, _, d in view.graph.edges(data=True)} == {"pmo:CareerTransition"}
    data = page_data(view, graph, catalog)
    assert {n["label"]: n["context"] for n in data["nodes"]} == {
        "Architect": True, "Junior engineer": False, "Tech lead": False, "Senior engineer": False}
    # junior at the top, each level one row lower
    rows = {n["label"]: n["y"] for n in data["nodes"]}
    assert rows["Junior engineer"] < rows["Senior engineer"] == rows["Architect"] < rows["Tech lead"]


def test_path_view_draws_the_paths_and_with_context_their_surroundings(mini):
    graph, catalog, G = mini
    paths = [(ex("Junior"), ex("Senior"), ex("Lead"))]
    view = build_view(graph, catalog, G, paths=paths)
    assert (view.mode, view.subjects) == ("path", (ex("Junior"), ex("Lead")))
    # the paths themselves: their roles and moves only
    assert sorted(view.graph.edges()) == [(ex("Junior"), ex("Senior")), (ex("Senior"), ex("Lead"))]
    assert view.context == frozenset()
    data = page_data(view, graph, catalog)
    assert data["paths"] == [list(p) for p in paths]
    assert [n["label"] for n in data["nodes"] if n["focus"]] == ["Junior engineer", "Tech lead"]
    assert [m["mark"] for m in data["marks"]] == ["path", "selected", "hidden"]
    # --context: the roles one move away, faded, on the paths' own rows
    around = build_view(graph, catalog, G, paths=paths, context=True)
    assert sorted(around.graph) == sorted([ex("Junior"), ex("Senior"), ex("Lead"), ex("Architect")])
    assert around.context == frozenset({ex("Architect")})
    assert around.levels == {ex("Architect"): 1, ex("Junior"): 0, ex("Lead"): 2, ex("Senior"): 1}
    alone = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    data = page_data(around, graph, catalog)
    assert {n["label"]: n["context"] for n in data["nodes"]}["Architect"] is True
    # the paths keep their rows; the roles around them go outside, not into new rows of a column
    placed = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert {node: placed[node] for node in alone} == alone
    x, y = placed[ex("Architect")]
    assert not (min(p[0] for p in alone.values()) - 200 < x < max(p[0] for p in alone.values()) + 200
                and min(p[1] for p in alone.values()) - 150 < y < max(p[1] for p in alone.values()) + 150)
    assert [m["mark"] for m in data["marks"]] == ["path", "context", "selected", "hidden"]
    with pytest.raises(UsageError, match="is not a career move of the graph"):
        build_view(graph, catalog, G, paths=[(ex("Junior"), ex("Lead"))])


def test_seniority_levels_without_stated_levels():
    import networkx as nx
    from rdflib import Graph

    G = nx.MultiDiGraph([("dev", "lead", "m1"), ("lead", "head", "m2"), ("dev", "head", "m3"), ("qa", "lead", "m4")])
    assert seniority_levels(Graph(), G) == {"dev": 0, "head": 2, "lead": 1, "qa": 0}


# -- layouts --------------------------------------------------------------------------------------
def test_layered_layout_puts_layers_in_rows_and_uncrosses():
    nodes = ["a", "b", "x", "y"]
    positions = layered_layout(nodes, [("a", "y"), ("b", "x")], {"a": 0, "b": 0, "x": 1, "y": 1})
    assert positions["a"][1] == positions["b"][1] == 0
    assert positions["x"][1] == positions["y"][1] == 150
    # y sits under a, x under b: the two edges do not cross
    assert (positions["a"][0] < positions["b"][0]) == (positions["y"][0] < positions["x"][0])


def test_radial_layout_rings_by_distance():
    positions = radial_layout(["c", "a", "b", "far"], [("c", "a"), ("c", "b"), ("a", "far")], "c")
    assert positions["c"] == (0, 0)
    radius = {n: (x * x + y * y) ** 0.5 for n, (x, y) in positions.items()}
    assert round(radius["a"]) == round(radius["b"]) == 260
    assert radius["far"] > radius["a"]


def test_force_layout_is_deterministic_and_spreads_nodes():
    nodes = [f"n{i}" for i in range(60)]
    edges = [(nodes[i], nodes[(i * 7 + 3) % 60]) for i in range(60)]
    first = force_layout(nodes, edges)
    assert first == force_layout(nodes, edges)
    assert len(set(first.values())) == 60
    spots = list(first.values())
    closest = min(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 for i, (ax, ay) in enumerate(spots) for bx, by in spots[i + 1:])
    assert closest > 10


# -- pages --------------------------------------------------------------------------------------
def test_page_is_self_contained_and_locked_down(mini):
    graph, catalog, G = mini
    page = render_html(build_view(graph, catalog, G), graph, catalog)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    # nothing is loaded from anywhere: no src= / href= attributes, no <link>, no @import
    assert re.findall(r"<(?:script|link|img|iframe)[^>]*\s(?:src|href)\s*=", page, re.I) == []
    assert "<link" not in page and "@import" not in page and "sourceMappingURL" not in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    scripts = inline_scripts(page)
    assert len(scripts) == 2 and scripts[0] == vis_network_js()
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "connect-src" not in csp


def test_page_data_lists_kinds_relations_and_nodes(mini):
    graph, catalog, G = mini
    data = page_data(build_view(graph, catalog, G), graph, catalog, lang="ja")
    assert data["title"] == "pmgraph: グラフ全体"
    assert data["subtitle"] == "ノード 8、エッジ 11"
    assert [(k["name"], k["label"], k["count"]) for k in data["kinds"]] == [
        ("role", "職種・役割", 4), ("skill", "スキル", 2), ("concept", "技術・概念", 1), ("track", "キャリアパス", 1)]
    assert [(r["property"], r["count"]) for r in data["relations"]] == [
        ("pmo:CareerTransition", 4), ("pmo:SkillRequirement", 3), ("pmo:track", 3), ("skos:related", 1)]
    junior = next(n for n in data["nodes"] if n["id"] == ex("Junior"))
    assert junior["label"] == "ジュニアエンジニア"
    assert junior["definition"] == "チームの助けを借りてコードを書く。"
    assert junior["names"] == {"en": ["Junior engineer", "L1"], "ja": ["ジュニアエンジニア"]}
    assert junior["sources"] == [ex("handbook")]
    assert data["sections"][ex("handbook")] == {"label": "Mini handbook § 1", "heading": None, "document": None}
    promotion = next(e for e in data["edges"] if (e["from"], e["to"]) == (ex("Junior"), ex("Senior")))
    assert (promotion["label"], promotion["relation"], promotion["career"]) == ("昇進", "移行先", True)
    # each relation has its own colour, career moves the fixed one, and the name read from its end
    assert [(r["property"], r["color"], r["inverse"]) for r in data["relations"]] == [
        ("pmo:CareerTransition", "#334e68", "移行元"), ("pmo:SkillRequirement", "#1f77b4", "必要とする職種"),
        ("pmo:track", "#2ca02c", "段階"), ("skos:related", "#9467bd", "related")]
    assert [m["mark"] for m in data["marks"]] == ["selected", "hidden"]


def test_hostile_labels_are_never_markup():
    graph, catalog, G = load(MINI, HOSTILE)
    page = render_html(build_view(graph, catalog, G), graph, catalog, title="<script>alert('title')</script>")
    for raw in ("<script>alert(", "<img src=x", "<svg onload", "<a href=", "<b>ラベル", "onmouseover=\"alert", "<!--"):
        assert raw not in page, raw
    assert "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;</title>" in page
    # the data survives intact as text
    data = embedded_data(page)
    evil = next(n for n in data["nodes"] if n["id"] == ex("Evil"))
    assert evil["label"] == "</script><script>alert('label')</script>"
    assert evil["names"]["en"] == ["</script><script>alert('label')</script>", "<img src=x onerror=alert('alt')>"]
    assert evil["definition"] == "<a href=\"javascript:alert('definition')\">click me</a> has an href"
    assert evil["sources"] == [ex("evil-source")]
    assert data["sections"][ex("evil-source")]["label"] == "<svg onload=alert('source')>"
    # and the page script never hands data to an HTML parser
    app = inline_scripts(page)[1]
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app and "document.write" not in app


def test_size_limit(mini):
    graph, catalog, G = mini
    view = build_view(graph, catalog, G)
    with pytest.raises(LimitReached, match="the view has 8 nodes, more than the limit of 5: narrow it"):
        check_size(view, 5)
    check_size(view, 5, force=True)
    check_size(view, 8)


def _render_in_subprocess(tmp_path: Path, seed: str, name: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
           "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(SRC)}
    out = tmp_path / name
    result = subprocess.run([sys.executable, "-m", "pmgraph", "--data", str(MINI), "render", "--lang", "ja",
                             "--focus", "Tech PM", "--depth", "2", "-o", str(out)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.slow
def test_render_is_byte_identical_across_runs_and_utf8_in_a_c_locale(tmp_path):
    first = _render_in_subprocess(tmp_path, "1", "a.html")
    second = _render_in_subprocess(tmp_path, "2", "b.html")
    assert first == second
    text = first.decode("utf-8")
    assert "Tech PM の周辺 (深さ 2)" in text and '<meta charset="utf-8">' in text


# -- the command --------------------------------------------------------------------------------
def test_render_command_writes_the_page(run, tmp_path):
    out = tmp_path / "ladder.html"
    result = run("--data", str(MINI), "render", "--track", "Junior engineer", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 4 nodes, 4 edges\n"
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert (data["title"], data["layout"]) == ("Mini ladder", "layered")


def test_render_command_path(run, tmp_path):
    out = tmp_path / "path.html"
    result = run("--data", str(MINI), "render", "--path", "ジュニアエンジニア", "Tech lead", "-k", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["paths"] == [[ex("Junior"), ex("Senior"), ex("Lead")],
                             [ex("Junior"), ex("Senior"), ex("Architect"), ex("Lead")]]
    assert data["title"] == "Career paths from Junior engineer to Tech lead"


@pytest.mark.slow
def test_render_command_to_stdout(run):
    result = run("--data", str(MINI), "render", "--focus", "ジュニアエンジニア", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and "Junior engineer: neighbourhood, depth 1" in result.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--focus", "Tech PM", "--depth", "2", "--max-nodes", "10"], 5,
     "pmgraph: error: the view has 3"),
    (["--focus", "Tech PM", "--track", "TPM"], 2, "pmgraph: error: choose one of --focus, --track and --path (got --focus and --track)\n"),
    (["--kind", "robots"], 2, "pmgraph: error: unknown kind 'robots'; use one of "),
    (["--depth", "2"], 2, "pmgraph: error: --depth goes with --focus\n"),
    (["--track", "TPM", "-k", "2"], 2, "pmgraph: error: -k goes with --path\n"),
    (["--focus", "Tech PNM"], 4, "pmgraph: error: unknown name 'Tech PNM'"),
    (["--track", "Architect"], 2, "pmgraph: error: architect is on no career track; the tracks are: "),
])
def test_render_command_refusals(run, tmp_path, args, code, message):
    out = tmp_path / "page.html"
    result = run("render", *args, "-o", str(out))
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_render_command_cannot_write(run, tmp_path):
    target = tmp_path / "missing" / "page.html"
    result = run("--data", str(MINI), "render", "--track", "Mini ladder", "-o", str(target))
    assert result.exit_code == 7
    assert result.stderr == f"pmgraph: error: cannot write {target}: folder {target.parent} does not exist\n"
    result = run("--data", str(MINI), "render", "--track", "Mini ladder", "-o", str(tmp_path))
    assert result.exit_code == 7
    assert result.stderr == f"pmgraph: error: cannot write {tmp_path}: it is a folder\n"


def test_bundled_focus_pages_name_their_roles(graph, catalog):
    G = knowledge_graph(graph, catalog)
    from pmgraph.namespaces import PM

    view = build_view(graph, catalog, G, focus=str(PM.TechPM))
    data = page_data(view, graph, catalog, lang="ja")
    assert data["title"] == "Tech PM の周辺 (深さ 1)"
    names = {n["id"]: n for n in data["nodes"]}
    assert "テクニカル・プロダクトマネージャー" in names[str(PM.TechPM)]["names"]["ja"]
    assert catalog.label(URIRef(str(PM.TechPM)), "ja") == names[str(PM.TechPM)]["label"]


# -- path views with each move's gap, pictures -----------------------------------------------------
def test_path_page_gives_each_move_what_it_asks_to_learn(graph, catalog):
    from pmgraph.careers import path as path_report
    from pmgraph.namespaces import PM
    from pmgraph.views.pathview import GraphKnowledgeBase, path_view

    base = GraphKnowledgeBase(graph, catalog)
    view = path_view(base, "senior engineer", "CTO", k=3)
    report = path_report(base, "senior engineer", "CTO", k=3).as_json()
    assert view.report == report
    data = page_data(view, graph, catalog)
    assert data["paths"] == [[node["iri"] for node in found["nodes"]] for found in report["paths"]]
    assert [len(steps) for steps in data["steps"]] == [4, 4]
    step = data["steps"][0][1]
    assert (step["from"], step["to"], step["move"], step["inferred"]) == (
        str(PM.EngineeringLead), str(PM.TechPM), "promotion", False)
    assert [s["label"] for s in step["skills"]] == [s["label"] for s in report["paths"][0]["steps"][1]["gap"]["skills"]]
    assert len(step["skills"]) == 12 and len(step["tools"]) == 20
    assert step["sources"] == [str(PM["src000-s5"])]
    # the step's source is a section of a document the page knows
    assert data["sections"][str(PM["src000-s5"])]["document"] == str(PM.src000)
    assert data["documents"][str(PM.src000)]["sections"][0]["label"] == "Source 000 § 1 What is a Tech PM"


def test_inferred_moves_are_marked(graph, catalog):
    from pmgraph.namespaces import PM

    G = knowledge_graph(graph, catalog)
    data = page_data(build_view(graph, catalog, G, track=str(PM.TPMCareerPath)), graph, catalog)
    inferred = [(e["from"], e["to"]) for e in data["edges"] if e["inferred"]]
    assert inferred, "the TPM ladder has a move the project inferred"
    assert all(e["career"] for e in data["edges"] if e["inferred"])
    assert "inferred" in [m["mark"] for m in data["marks"]]


def _svg_texts(picture: str):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(picture)
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
    titles = ["".join(t.itertext()) for t in root.iter(ns + "title")]
    return root, texts, titles


@pytest.mark.parametrize("mode", ["whole", "track", "focus", "path"])
def test_svg_parses_and_holds_every_drawn_label(graph, catalog, mode):
    from pmgraph.namespaces import PM
    from pmgraph.views.pathview import GraphKnowledgeBase, path_view
    from pmgraph.views.svg import place_labels, render_svg

    G = knowledge_graph(graph, catalog)
    if mode == "path":
        view = path_view(GraphKnowledgeBase(graph, catalog), "senior engineer", "CTO")
    else:
        options = {"whole": {}, "track": {"track": str(PM.TechPMCareerPath)}, "focus": {"focus": str(PM.TechPM)}}[mode]
        view = build_view(graph, catalog, G, **options)
    picture = render_svg(view, graph, catalog)
    root, texts, titles = _svg_texts(picture)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    data = page_data(view, graph, catalog)
    placed = place_labels(data)
    assert placed
    # no two labels drawn overlap
    boxes = [(p["x"], p["y"], p["w"], p["h"]) for p in placed]
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]]
    assert overlapping == []
    joined = "\n".join(texts)
    for label in placed:
        if label["inside"]:  # a box's label may be wrapped over lines
            assert all(word in joined for word in label["text"].split()), label["text"]
        else:
            assert label["text"] in texts, label["text"]
    # every node's name is in the picture: drawn, or the title of its shape
    drawn_ids = {p["id"] for p in placed}
    for node in data["nodes"]:
        assert node["id"] in drawn_ids or node["label"] in titles, node["label"]
    assert texts[0] == data["title"]
    if mode == "path":
        assert any(t.startswith("learn · skills (12): cloud computing, communication") for t in texts)


def test_svg_of_hostile_labels_is_text():
    from pmgraph.views.svg import render_svg

    graph, catalog, G = load(MINI, HOSTILE)
    picture = render_svg(build_view(graph, catalog, G), graph, catalog, title="<script>alert('title')</script>")
    root, texts, titles = _svg_texts(picture)
    assert "<script" not in picture and "<img" not in picture and "<a " not in picture
    assert texts[0] == "<script>alert('title')</script>"
    assert "</script><script>alert('label')</script>" in texts + titles


def test_render_command_svg_and_context(run, tmp_path):
    out = tmp_path / "ladder.svg"
    result = run("--data", str(MINI), "render", "--track", "Junior engineer", "--format", "svg", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 4 nodes, 4 edges\n"
    _, texts, _ = _svg_texts(out.read_text(encoding="utf-8"))
    assert {"Mini ladder", "Junior engineer", "Senior engineer", "Tech lead", "Architect"} <= set(texts)
    out = tmp_path / "path.html"
    result = run("--data", str(MINI), "render", "--path", "Junior engineer", "Tech lead", "-k", "1", "--context",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert [n["label"] for n in data["nodes"] if n["context"]] == ["Architect"]
    assert [[(s["move"], s["skills"][0]["label"] if s["skills"] else None) for s in steps] for steps in data["steps"]] == [
        [("promotion", "Python"), ("promotion", "System design")]]
    result = run("render", "--track", "TPM", "--context", "-o", str(tmp_path / "x.html"))
    assert (result.exit_code, result.stderr) == (2, "pmgraph: error: --context goes with --path\n")
