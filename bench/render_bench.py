"""Benchmark: how long a rendered page takes to draw in headless Chromium, at 100 / 1,000 / 10,000 nodes.

It measures the bundled ontology's whole graph, then for each size a synthetic career graph
(roles, skills, tools, duties, concepts; about 3.3 edges per node, labels in English and
Japanese, definitions and sources). Each goes through the real pipeline (load ->
knowledge_graph -> build_view -> render_html, as --force does above the node limit) and the
page is opened in Debian's /usr/bin/chromium with every network request aborted.
"First draw" is performance.now() at vis-network's first ``afterDrawing`` event, i.e. the time
from navigation start until the graph is on screen.

Baselines, measured in the same run and the same browser so that the ratios hold on any machine:

* **empty**: a pmgraph page with no nodes (the fixed cost of parsing the page and vis-network);
* **pyvis**: the same graph written by pyvis 0.3.2 with its defaults (physics on) and
  ``cdn_resources="in_line"``, which is what a pyvis user gets; it is cut off after
  ``--baseline-timeout`` seconds (reported as ">N"), and not run at 10,000 nodes.

Then, for every page of the gallery (``exports/``, or ``--gallery DIR``): its first draw, how
many labels it draws and **how many of them overlap** (goal: none), measured from the page's
own label boxes (``window.pmgraph.state.labels``, placed from the node positions the page
draws) at 1280 × 800, 800 × 700 and 390 × 780, the share of the nodes on screen whose label is
drawn, and the same after zooming in 2.5 times.

Run from the repository root:

    python bench/render_bench.py                   # 100, 1000, 10000 nodes, and the gallery
    python bench/render_bench.py --sizes 100 1000 --runs 5 --json bench/results.json
    python bench/render_bench.py --sizes --no-bundled   # the gallery only

Needs /usr/bin/chromium and playwright (pip install '.[test]').
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pmgraph.model.catalog import Catalog  # noqa: E402
from pmgraph.careers.project import knowledge_graph  # noqa: E402
from pmgraph.views.render import render_html  # noqa: E402
from pmgraph.kb.files import load_graph, ontology_dir  # noqa: E402
from pmgraph.views.subgraph import build_view  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND"]
PAGE_URL = "http://pmgraph.bench/page.html"
#: Kinds of the synthetic graph: (class, share of the nodes, English and Japanese name).
KINDS = (("Role", 0.06, "Role", "職種"), ("Skill", 0.12, "Skill", "スキル"), ("Tool", 0.12, "Tool", "ツール"),
         ("Duty", 0.10, "Duty", "業務"), ("TechnicalConcept", 0.60, "Concept", "概念"))
#: Patched into pyvis's page (which has no CSP) to time its first draw the way pmgraph pages do.
FIRST_DRAW_HOOK = """<script>(function () {
  var setData = vis.Network.prototype.setData;
  window.__firstDraw = null;
  vis.Network.prototype.setData = function () {
    this.once("afterDrawing", function () { window.__firstDraw = performance.now(); });
    return setData.apply(this, arguments);
  };
}());</script>
</head>"""


def synthetic_turtle(nodes: int, seed: int = 5) -> str:
    """A career graph of ``nodes`` entities with about 3.3 edges each, as Turtle."""
    rng = random.Random(seed)
    lines = ["@prefix pmo: <https://w3id.org/pmgraph/ontology#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix b: <https://example.org/bench/> .",
             'b:src a pmo:SourceSection ; skos:prefLabel "Benchmark handbook § 1"@en .']
    by_kind: dict[str, list[str]] = {}
    count = 0
    for index, (cls, share, en, ja) in enumerate(KINDS):
        size = max(1, round(nodes * share)) if index < len(KINDS) - 1 else nodes - count
        for i in range(size):
            name = f"b:{cls}{i}"
            by_kind.setdefault(cls, []).append(name)
            lines.append(f'{name} a pmo:{cls} ; skos:prefLabel "{en} {i}"@en , "{ja}{i}"@ja ; '
                         f'skos:definition "A synthetic {en.lower()} for the benchmark."@en ; dct:source b:src .')
        count += size
    everyone = [n for names in by_kind.values() for n in names]
    edges = 0
    target = round(nodes * 3.3)
    for role in by_kind["Role"]:  # each role requires skills and moves to another role
        for skill in rng.sample(by_kind["Skill"], min(4, len(by_kind["Skill"]))):
            lines.append(f"{role.replace('b:', 'b:req-')}-{skill[2:]} a pmo:SkillRequirement ; "
                         f"pmo:role {role} ; pmo:skill {skill} ; dct:source b:src .")
            edges += 1
        other = rng.choice(by_kind["Role"])
        if other != role:
            lines.append(f"{role.replace('b:', 'b:move-')}-{other[2:]} a pmo:CareerTransition ; "
                         f"pmo:fromRole {role} ; pmo:toRole {other} ; dct:source b:src .")
            edges += 1
    concepts = by_kind["TechnicalConcept"]
    for a in everyone:  # everything is related to some concept, so that every node is drawn
        b = rng.choice(concepts)
        if a == b:
            b = concepts[(concepts.index(a) + 1) % len(concepts)]
        lines.append(f"{a} skos:related {b} .")
        edges += 1
    while edges < target:  # the rest: concepts and everything else related to each other
        a, b = rng.choice(everyone), rng.choice(by_kind["TechnicalConcept"])
        if a != b:
            lines.append(f"{a} skos:related {b} .")
            edges += 1
    return "\n".join(lines) + "\n"


def _load(turtle: Path | None):
    """The synthetic graph in ``turtle``, or the bundled ontology for None."""
    return load_graph() if turtle is None else load_graph([ontology_dir() / "vocabulary.ttl", turtle], bundled=False)


def pmgraph_page(turtle: Path | None) -> tuple[str, int, int, float]:
    """The page, its node and edge counts, and the seconds Python took (layout included)."""
    graph = _load(turtle)
    catalog = Catalog(graph)
    G = knowledge_graph(graph, catalog)
    started = time.perf_counter()
    view = build_view(graph, catalog, G)
    page = render_html(view, graph, catalog)
    return page, view.graph.number_of_nodes(), view.graph.number_of_edges(), time.perf_counter() - started


def empty_page() -> str:
    import networkx as nx

    from pmgraph.views.subgraph import View

    graph = load_graph([ontology_dir() / "vocabulary.ttl"], bundled=False)
    return render_html(View(nx.MultiDiGraph()), graph, Catalog(graph))


def pyvis_page(turtle: Path | None, folder: Path) -> str:
    """What pyvis 0.3.2 writes for the same graph with its defaults and inlined assets."""
    from pyvis.network import Network

    graph = _load(turtle)
    catalog = Catalog(graph)
    G = knowledge_graph(graph, catalog)
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in sorted(G.nodes(data=True)):
        net.add_node(node, label=data["label"]["en"], title=data["kind"])
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["property"])):
        net.add_edge(u, v, title=data["label"])
    path = folder / "pyvis.html"
    net.write_html(str(path))
    return path.read_text(encoding="utf-8").replace("</head>", FIRST_DRAW_HOOK, 1)


def first_draw(browser, html: str, probe: str, timeout: float) -> float | None:
    """Seconds from navigation to the first draw in a fresh browser context, or None on timeout."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    body = html.encode("utf-8")

    def route(request_route):
        if request_route.request.url == PAGE_URL:
            request_route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
        else:
            request_route.abort()

    try:
        page = context.new_page()
        page.route("**/*", route)
        page.goto(PAGE_URL, wait_until="commit", timeout=timeout * 1000)
        page.wait_for_function(f"() => ({probe}) !== null && ({probe}) !== undefined", timeout=timeout * 1000,
                               polling=50)
        return page.evaluate(f"() => {probe}") / 1000
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        if "Timeout" in type(error).__name__ or "Timeout" in str(error):
            return None
        raise
    finally:
        context.close()


#: Measured on each gallery page: the labels drawn, how many pairs overlap, the share of the
#: nodes on screen that are labelled (the page's own boxes, in CSS pixels of #graph).
LABEL_PROBE = """() => {
  const p = window.pmgraph, g = document.getElementById('graph'), labels = p.state.labels;
  let overlapping = 0;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i], b = labels[j];
    if (a.x < b.x + b.w - 0.01 && b.x < a.x + a.w - 0.01 && a.y < b.y + b.h - 0.01 && b.y < a.y + a.h - 0.01) overlapping++;
  }
  const onScreen = p.data.nodes.filter(n => { const d = p.network.canvasToDOM({ x: n.x, y: n.y });
    return d.x >= 0 && d.y >= 0 && d.x <= g.clientWidth && d.y <= g.clientHeight; }).map(n => n.id);
  const drawn = new Set(labels.filter(l => l.kind === 'node').map(l => l.id));
  const labelled = onScreen.filter(id => drawn.has(id)).length;
  return { labels: labels.length, overlapping: overlapping, labelled_share: onScreen.length ? labelled / onScreen.length : 1 };
}"""
WIDTHS = ((1280, 800), (800, 700), (390, 780))


def gallery_rows(browser, folder: Path, runs: int) -> list[dict]:
    """First draw and label overlaps of every interactive page of the gallery in ``folder``."""
    pages = sorted(p for p in folder.glob("*.html") if p.name != "index.html" and not p.name.startswith("source-"))
    if not pages:
        raise SystemExit(f"{folder}: no gallery pages (run `pmgraph gallery {folder}`)")
    probe = "window.pmgraph && window.pmgraph.state.firstDraw"
    rows = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        draws = [first_draw(browser, html, probe, 60) for _ in range(runs)]
        row = {"page": path.name, "first_draw_s": round(statistics.median(d for d in draws if d is not None), 2),
               "widths": {}}
        for width, height in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
            body = html.encode("utf-8")
            try:
                page = context.new_page()
                page.route("**/*", lambda r: r.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
                           if r.request.url == PAGE_URL else r.abort())
                page.goto(PAGE_URL)
                page.wait_for_function(f"() => ({probe}) !== null", timeout=60_000)
                page.evaluate("() => window.pmgraph.network.redraw()")
                page.wait_for_timeout(100)
                row["nodes"] = page.evaluate("() => window.pmgraph.data.nodes.length")
                found = page.evaluate(LABEL_PROBE)
                page.evaluate("() => { const n = window.pmgraph.network; n.moveTo({ scale: n.getScale() * 2.5 }); }")
                page.wait_for_timeout(100)
                zoomed = page.evaluate(LABEL_PROBE)
            finally:
                context.close()
            row["widths"][width] = {**found, "zoomed_labels": zoomed["labels"], "zoomed_overlapping": zoomed["overlapping"],
                                    "zoomed_labelled_share": zoomed["labelled_share"]}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def _format(seconds: float | None, limit: float) -> str:
    return f">{limit:.0f}" if seconds is None else f"{seconds:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size for pmgraph pages (median)")
    parser.add_argument("--baseline-timeout", type=float, default=60.0, help="seconds before a pyvis page is cut off")
    parser.add_argument("--pyvis-max", type=int, default=1000, help="largest size to run the pyvis baseline at")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-bundled", dest="bundled", action="store_false",
                        help="skip the row for the bundled ontology's whole graph")
    parser.add_argument("--gallery", type=Path, default=ROOT / "exports",
                        help="the gallery whose pages are measured for overlapping labels (default: exports/)")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        probe = "window.pmgraph && window.pmgraph.state.firstDraw"
        empty = statistics.median(first_draw(browser, empty_page(), probe, 60) for _ in range(options.runs))
        print(f"Chromium {browser.version}; empty pmgraph page: first draw {empty:.2f} s", flush=True)
        for size in ([0] if options.bundled else []) + options.sizes:
            turtle = None  # 0 stands for the bundled ontology's whole graph
            if size:
                turtle = folder / f"bench-{size}.ttl"
                turtle.write_text(synthetic_turtle(size), encoding="utf-8")
            page, nodes, edges, python_seconds = pmgraph_page(turtle)
            runs = 1 if size >= 10000 else options.runs
            draws = [first_draw(browser, page, probe, 300) for _ in range(runs)]
            ours = statistics.median(d for d in draws if d is not None) if any(d is not None for d in draws) else None
            theirs = None
            if size <= options.pyvis_max:
                theirs = first_draw(browser, pyvis_page(turtle, folder), "window.__firstDraw",
                                    options.baseline_timeout)
            row = {"graph": "bundled" if turtle is None else "synthetic", "nodes": nodes, "edges": edges, "page_mb": round(len(page.encode()) / 1e6, 2),
                   "python_s": round(python_seconds, 2), "pmgraph_first_draw_s": ours and round(ours, 2),
                   "pmgraph_runs": [d and round(d, 2) for d in draws],
                   "empty_page_s": round(empty, 2),
                   "ratio_to_empty": ours and round(ours / empty, 2),
                   "pyvis_first_draw_s": None if theirs is None else round(theirs, 2),
                   "pyvis_cut_off": size <= options.pyvis_max and theirs is None,
                   "pyvis_run": size <= options.pyvis_max}
            if theirs is not None and ours:
                row["speedup_vs_pyvis"] = round(theirs / ours, 1)
            elif row["pyvis_cut_off"] and ours:
                row["speedup_vs_pyvis"] = f">{options.baseline_timeout / ours:.0f}"
            results.append(row)
            print(json.dumps(row), flush=True)
        gallery = gallery_rows(browser, options.gallery, options.runs)
        browser.close()

    print()
    print("| graph | nodes | edges | page MB | Python s | first draw s | × empty page | pyvis default s | pyvis ÷ pmgraph |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        pyvis = (_format(row["pyvis_first_draw_s"], options.baseline_timeout) if row["pyvis_run"] else "not run")
        speedup = row.get("speedup_vs_pyvis", "–")
        print(f"| {row['graph']} | {row['nodes']:,} | {row['edges']:,} | {row['page_mb']} | {row['python_s']} | "
              f"{_format(row['pmgraph_first_draw_s'], 300)} | {row['ratio_to_empty']} | {pyvis} | {speedup} |")
    print()
    print("| gallery page | nodes | first draw s | width | labels drawn | overlapping | labelled on screen | "
          "zoomed in: labels | overlapping | labelled |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in gallery:
        for width, m in row["widths"].items():
            print(f"| {row['page']} | {row['nodes']:,} | {row['first_draw_s']} | {width} | {m['labels']} | "
                  f"{m['overlapping']} | {m['labelled_share']:.0%} | {m['zoomed_labels']} | {m['zoomed_overlapping']} | "
                  f"{m['zoomed_labelled_share']:.0%} |")
    if options.json:
        options.json.write_text(json.dumps({"sizes": results, "gallery": gallery}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
