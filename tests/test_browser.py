"""Generated pages in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright.

Every page is served from a fake origin with all other network access aborted, so a page
that tried to load anything (a CDN script, a font, a source map) would show it here. One
browser serves the whole module. Without /usr/bin/chromium the tests are skipped, except in
CI (CI=true), where a missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from conftest import DATA

from pmgraph.model.catalog import Catalog
from pmgraph.namespaces import PM
from pmgraph.careers.project import knowledge_graph
from pmgraph.views.render import render_html
from pmgraph.kb.files import load_graph, ontology_dir
from pmgraph.views.subgraph import build_view, career_paths_between

# Slow (`python -m pytest -m "not slow"` leaves them out): drives Chromium.
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND"]
PAGE_URL = "http://pmgraph.test/page.html"
EX = "https://example.org/mini/"
PATH_COLOR = (0xD9, 0x48, 0x0F)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium): browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but playwright is not installed: pip install '.[test]'")
        pytest.skip("playwright is not installed (pip install '.[test]'): browser tests skipped")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, viewport={"width": 1200, "height": 800}, service_workers="block")
        try:
            yield context
        finally:
            context.close()


class Loaded:
    """A page opened with the network blocked, and what it tried to do."""

    def __init__(self, browser, html: str, init_script: str | None = None):
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page()
        if init_script:
            self.page.add_init_script(init_script)
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        body = html.encode("utf-8")

        def route(request_route):
            if request_route.request.url == PAGE_URL:
                request_route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
            else:
                self.blocked.append(request_route.request.url)
                request_route.abort()

        self.page.route("**/*", route)
        self.page.goto(PAGE_URL)
        # predicates are functions: a string would be eval()ed, which the page's CSP forbids
        self.page.wait_for_function("() => window.pmgraph && window.pmgraph.state.firstDraw !== null", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def bundled():
    graph = load_graph()
    catalog = Catalog(graph)
    return graph, catalog, knowledge_graph(graph, catalog)


@pytest.fixture(scope="module")
def whole_page(bundled):
    graph, catalog, G = bundled
    view = build_view(graph, catalog, G)
    return view, render_html(view, graph, catalog)


@pytest.fixture
def whole(browser, whole_page):
    loaded = Loaded(browser, whole_page[1])
    yield loaded
    loaded.close()


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6) and body[12] == 0
        elif kind == b"IDAT":
            idat += body
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]


def wait_until_centred(page, node: str) -> None:
    """Wait for the search's camera move to put ``node`` in the middle of the view."""
    page.wait_for_function(
        """id => { const n = window.pmgraph.network, p = n.getPosition(id), v = n.getViewPosition();
                   return Math.hypot(p.x - v.x, p.y - v.y) < 2; }""", arg=node, timeout=5_000)
    page.wait_for_timeout(50)


# -- the tests ----------------------------------------------------------------------------------
def test_page_loads_offline_and_draws_every_node_and_edge(whole, whole_page):
    view, _ = whole_page
    drawn_edges = len({(u, v, d["property"]) for u, v, d in view.graph.edges(data=True)})
    assert whole.errors == []
    assert whole.blocked == []  # it asked for nothing but itself
    assert whole.js("window.pmgraph.state.drawn") == {"nodes": view.graph.number_of_nodes(), "edges": drawn_edges}
    assert whole.js("document.querySelectorAll('canvas').length") == 1


def test_search_finds_a_node_by_a_japanese_label_and_centres_it(whole):
    tech_pm = str(PM.TechPM)
    whole.page.fill("#search", "テクニカル・プロダクトマネージャー")
    first = whole.page.locator("#results button").first
    assert first.get_attribute("data-id") == tech_pm
    whole.page.press("#search", "Enter")
    wait_until_centred(whole.page, tech_pm)
    assert whole.js("window.pmgraph.network.getSelectedNodes()") == [tech_pm]
    assert whole.page.inner_text("#details h3") == "Tech PM"
    assert "テックPM" in whole.page.inner_text("#details")
    whole.page.fill("#search", "存在しない名前")
    assert whole.page.inner_text("#results") == "No match"


def test_filters_hide_a_kind_of_node_and_a_kind_of_edge(whole, whole_page):
    view, _ = whole_page
    nodes = view.graph.number_of_nodes()
    skills = sum(1 for _, kind in view.graph.nodes(data="kind") if kind == "skill")
    assert skills > 10
    whole.page.uncheck("#kinds input[value='skill']")
    whole.page.wait_for_function("n => window.pmgraph.state.drawn.nodes === n", arg=nodes - skills, timeout=5_000)
    visible_skills = whole.js("""() => { const p = window.pmgraph; const kinds = new Map(p.data.nodes.map(n => [n.id, n.kind]));
                                        return p.network.body.nodeIndices.filter(id => kinds.get(id) === 'skill').length; }""")
    assert visible_skills == 0
    whole.page.check("#kinds input[value='skill']")
    whole.page.wait_for_function("n => window.pmgraph.state.drawn.nodes === n", arg=nodes, timeout=5_000)
    edges = whole.js("window.pmgraph.state.drawn.edges")
    related = whole.js("window.pmgraph.data.edges.filter(e => e.property === 'skos:related').length")
    whole.page.uncheck("#relations input[value='skos:related']")
    whole.page.wait_for_function("n => window.pmgraph.state.drawn.edges === n", arg=edges - related, timeout=5_000)
    assert whole.errors == []


def test_clicking_a_node_highlights_its_neighbourhood(browser, bundled):
    graph, catalog, G = bundled
    view = build_view(graph, catalog, G, track=str(PM.TPMCareerPath))
    loaded = Loaded(browser, render_html(view, graph, catalog))
    try:
        target = str(PM.SeniorTPM)
        box = loaded.page.locator("#graph").bounding_box()
        point = loaded.js("id => { const n = window.pmgraph.network; return n.canvasToDOM(n.getPosition(id)); }", target)
        loaded.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        loaded.page.wait_for_function("id => window.pmgraph.state.selected === id", arg=target, timeout=5_000)
        colours = loaded.js("() => Object.fromEntries(window.pmgraph.nodes.get().map(n => [n.id, n.color.background]))")
        near = {target, str(PM.TechnicalProgramManager), str(PM.PrincipalTPM), str(PM.SpecialistTPM)}
        assert {node for node, colour in colours.items() if colour != "#eef0f3"} == near
        assert loaded.page.inner_text("#details h3") == "Senior TPM"
        # clicking the empty background clears it
        loaded.page.mouse.click(box["x"] + 5, box["y"] + 5)
        loaded.page.wait_for_function("() => window.pmgraph.state.selected === null", timeout=5_000)
        colours = loaded.js("() => window.pmgraph.nodes.get().map(n => n.color.background)")
        assert "#eef0f3" not in colours
        assert loaded.errors == []
    finally:
        loaded.close()


def test_the_career_path_is_highlighted(browser, bundled):
    graph, catalog, G = bundled
    paths = career_paths_between(graph, catalog, str(PM.SeniorDeveloper), str(PM.CTO), k=3)
    view = build_view(graph, catalog, G, paths=paths)
    loaded = Loaded(browser, render_html(view, graph, catalog))
    try:
        steps = {(u, v) for path in paths for u, v in zip(path, path[1:])}
        widths = loaded.js("""() => window.pmgraph.data.edges.map(e =>
                               [e.from, e.to, window.pmgraph.network.body.edges[e.id].options.width])""")
        assert {(u, v) for u, v, width in widths if width == 5} == steps
        assert all(width < 5 for u, v, width in widths if (u, v) not in steps)
        borders = loaded.js("() => Object.fromEntries(Object.values(window.pmgraph.network.body.nodes).map(n => [n.id, n.options.borderWidth]))")
        assert {node for node, width in borders.items() if width == 5} == {n for path in paths for n in path}
        assert loaded.page.locator("#paths button").count() == len(paths) + 1
        # and it shows: the path colour is on screen
        width, height, pixels = _png_pixels(loaded.page.locator("#graph").screenshot())
        orange = sum(1 for p in pixels if abs(p[0] - PATH_COLOR[0]) < 24 and abs(p[1] - PATH_COLOR[1]) < 24
                     and abs(p[2] - PATH_COLOR[2]) < 24)
        assert orange > 500
        assert loaded.errors == []
    finally:
        loaded.close()


def test_hostile_labels_run_no_script(browser):
    graph = load_graph([ontology_dir() / "vocabulary.ttl", DATA / "render-mini.ttl", DATA / "render-hostile.ttl"],
                       bundled=False)
    catalog = Catalog(graph)
    view = build_view(graph, catalog, knowledge_graph(graph, catalog))
    spy = """window.__ran = [];
             for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => { window.__ran.push(String(m)); };"""
    loaded = Loaded(browser, render_html(view, graph, catalog, title="<img src=x onerror=alert('title')>"), spy)
    try:
        evil = EX + "Evil"
        loaded.page.fill("#search", "<img src=x")
        assert loaded.page.locator("#results button").first.get_attribute("data-id") == evil
        loaded.page.press("#search", "Enter")
        loaded.page.wait_for_function("id => window.pmgraph.state.selected === id", arg=evil, timeout=5_000)
        wait_until_centred(loaded.page, evil)
        # hover the node too: the tooltip shows the definition and the source
        box = loaded.page.locator("#graph").bounding_box()
        point = loaded.js("id => { const n = window.pmgraph.network; return n.canvasToDOM(n.getPosition(id)); }", evil)
        loaded.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        loaded.page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
        assert loaded.page.inner_text("#details h3") == "</script><script>alert('label')</script>"
        assert "<a href=\"javascript:alert('definition')\">click me</a> has an href" in loaded.page.inner_text("#tooltip")
        assert "<svg onload=alert('source')>" in loaded.page.inner_text("#tooltip")
        assert loaded.page.title() == "<img src=x onerror=alert('title')>"
        assert loaded.js("document.querySelectorAll('img, svg, a, b, iframe, object').length") == 0
        assert loaded.js("window.__ran") == []
        assert loaded.dialogs == [] and loaded.errors == [] and loaded.blocked == []
    finally:
        loaded.close()


def test_a_screenshot_is_not_blank(whole):
    whole.page.wait_for_timeout(200)
    width, height, pixels = _png_pixels(whole.page.screenshot(clip={"x": 500, "y": 200, "width": 400, "height": 300}))
    assert (width, height) == (400, 300)
    drawn = sum(1 for p in pixels if p != b"\xff\xff\xff")
    assert drawn > 0.05 * len(pixels)
    assert len(set(pixels)) > 50


# -- readable views: labels, connections, sources, small screens, search, paths (issue 13) ----------
EXPORTS = Path(__file__).resolve().parents[1] / "exports"


def drawn_labels(loaded) -> list[dict]:
    """The label boxes the page says it drew (CSS pixels of #graph), after the last draw."""
    loaded.js("() => window.pmgraph.network.redraw()")
    loaded.page.wait_for_timeout(50)
    return loaded.js("() => window.pmgraph.state.labels")


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn labels whose boxes overlap (by more than a rounding error)."""
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if (a["x"] < b["x"] + b["w"] - 0.01 and b["x"] < a["x"] + a["w"] - 0.01
                    and a["y"] < b["y"] + b["h"] - 0.01 and b["y"] < a["y"] + a["h"] - 0.01):
                found.append((a["text"], b["text"]))
    return found


def labelled_share(loaded, labels: list[dict]) -> float:
    """The share of the nodes on screen whose label is drawn."""
    on_screen = set(loaded.js("""() => { const p = window.pmgraph, g = document.getElementById('graph');
        return p.data.nodes.filter(n => { const d = p.network.canvasToDOM({ x: n.x, y: n.y });
            return d.x >= 0 && d.y >= 0 && d.x <= g.clientWidth && d.y <= g.clientHeight; }).map(n => n.id); }"""))
    drawn = {label["id"] for label in labels if label["kind"] == "node"}
    return len(drawn & on_screen) / max(1, len(on_screen))


def node_centre(loaded, node: str) -> tuple[float, float]:
    box = loaded.page.locator("#graph").bounding_box()
    point = loaded.js("id => { const n = window.pmgraph.network; return n.canvasToDOM(n.getPosition(id)); }", node)
    return box["x"] + point["x"], box["y"] + point["y"]


GALLERY_PAGES = sorted(p.name for p in EXPORTS.glob("*.html") if p.name != "index.html" and not p.name.startswith("source-"))


def test_the_gallery_has_pages_to_check():
    assert len(GALLERY_PAGES) == 8, GALLERY_PAGES


@pytest.mark.parametrize("name", GALLERY_PAGES)
def test_gallery_page_draws_no_overlapping_labels(browser, name):
    loaded = Loaded(browser, (EXPORTS / name).read_text(encoding="utf-8"))
    try:
        labels = drawn_labels(loaded)
        assert len(labels) >= 6
        assert overlapping(labels) == []
        data = loaded.js("() => window.pmgraph.data")
        # the page's focus (a role page) or the paths' roles are among the labels drawn
        wanted = {n["label"] for n in data["nodes"] if n["focus"]} | {
            n["label"] for n in data["nodes"] if any(n["id"] in path for path in data["paths"])}
        assert wanted <= {label["text"] for label in labels}
        # closer in, more labels fit, still none on top of another
        before = labelled_share(loaded, labels)
        loaded.js("() => { const n = window.pmgraph.network; n.moveTo({ scale: n.getScale() * 2.5 }); }")
        closer = drawn_labels(loaded)
        assert overlapping(closer) == []
        assert labelled_share(loaded, closer) >= before
        assert loaded.errors == [] and loaded.blocked == []
    finally:
        loaded.close()


@pytest.fixture(scope="module")
def tech_pm_page(bundled):
    graph, catalog, G = bundled
    view = build_view(graph, catalog, G, focus=str(PM.TechPM))
    pages = {str(PM.src000): "source-src000.html"}
    return render_html(view, graph, catalog, source_pages=pages)


def test_clicking_a_node_lists_its_connections_by_relation_with_sources(browser, tech_pm_page):
    loaded = Loaded(browser, tech_pm_page)
    try:
        loaded.page.mouse.click(*node_centre(loaded, str(PM.TechPM)))
        loaded.page.wait_for_function("id => window.pmgraph.state.selected === id", arg=str(PM.TechPM), timeout=5_000)
        groups = loaded.page.locator("#details .group h4").all_inner_texts()
        assert "requires skill (12)" in groups and "uses tool (20)" in groups
        data = loaded.js("() => window.pmgraph.data")
        count = sum(1 for e in data["edges"] if str(PM.TechPM) in (e["from"], e["to"]))
        assert sum(int(g.rsplit("(", 1)[1].rstrip(")")) for g in groups) == count
        skills = loaded.page.locator("#details .group", has_text="requires skill (12)")
        assert skills.locator("li").count() == 12
        first = skills.locator("li").first
        assert first.locator("button.src").count() >= 1
        assert first.locator("button.src").first.inner_text().startswith("Source 000 § 3")
        # a source opens: what is known about its document, its sections and their headings
        first.locator("button.src").first.click()
        details = loaded.page.inner_text("#details")
        assert loaded.page.inner_text("#details .source-label").startswith("Source 000 § 3")
        assert "[完全ガイド] Tech PM: 技術的な製品開発を成功に導く推進役" in details
        assert "3️⃣ 必要なスキルとツール" in details and "1️⃣ Tech PMとは?" in details
        assert loaded.page.locator("#details ol.sections li.current").count() == 1
        link = loaded.page.locator("#details a.source-page")
        assert link.get_attribute("href").startswith("source-src000.html#src000-s3")
        # and back to the node
        loaded.page.click("#details button.back")
        assert loaded.page.inner_text("#details h3") == "Tech PM"
        assert loaded.errors == [] and loaded.blocked == []
    finally:
        loaded.close()


def test_a_phone_sees_the_graph_and_a_menu_button(browser, tech_pm_page):
    loaded = Loaded(browser, tech_pm_page)
    try:
        loaded.page.set_viewport_size({"width": 390, "height": 780})
        loaded.page.wait_for_function("() => document.getElementById('graph').clientWidth === 390", timeout=5_000)
        assert not loaded.page.locator("aside").is_visible()
        assert loaded.page.locator("#panel-toggle").is_visible()
        labels = drawn_labels(loaded)
        assert labels and overlapping(labels) == []
        assert "Tech PM" in {label["text"] for label in labels}
        loaded.page.click("#panel-toggle")
        loaded.page.wait_for_function("() => getComputedStyle(document.querySelector('aside')).transform === 'none'",
                                      timeout=5_000)
        box = loaded.page.locator("aside").bounding_box()
        assert loaded.page.locator("aside").is_visible() and box["x"] >= 0 and box["width"] <= 0.9 * 390
        # a search result closes the panel and selects the node
        loaded.page.fill("#search", "terrafrom")
        loaded.page.locator("#results button").first.click()
        loaded.page.wait_for_function("() => !document.body.classList.contains('panel-open')", timeout=5_000)
        assert loaded.js("window.pmgraph.state.selected") == str(PM.Terraform)
        assert loaded.errors == []
    finally:
        loaded.close()


def test_an_800px_screen_keeps_the_panel_and_the_labels(browser, tech_pm_page):
    loaded = Loaded(browser, tech_pm_page)
    try:
        loaded.page.set_viewport_size({"width": 800, "height": 700})
        loaded.page.wait_for_function("() => document.getElementById('graph').clientWidth === 550", timeout=5_000)
        assert loaded.page.locator("aside").is_visible() and not loaded.page.locator("#panel-toggle").is_visible()
        labels = drawn_labels(loaded)
        assert len(labels) >= 20 and overlapping(labels) == []
        assert "Tech PM" in {label["text"] for label in labels}
        assert loaded.errors == []
    finally:
        loaded.close()


@pytest.mark.parametrize(("query", "first"), [
    ("terrafrom", "Terraform"), ("cto", "CTO"), ("Terraform", "Terraform"), ("tech pm", "Tech PM"),
    ("テクニカル・プロダクトマネジャー", "Tech PM"), ("기술 프로그렘 매니저", "Technical Program Manager"),
])
def test_search_ranks_and_tolerates_typos_like_the_cli(whole, whole_page, query, first):
    from pmgraph.model.search import search

    view, _ = whole_page
    graph = load_graph()
    catalog = Catalog(graph)
    found = whole.js("q => window.pmgraph.search(q).map(n => n.id)", query)
    labels = whole.js("q => window.pmgraph.search(q).map(n => n.label)", query)
    assert labels[0] == first
    # the CLI's ranking, over the entities the page draws
    expected = [str(hit.iri) for hit in search(catalog, query, limit=400) if str(hit.iri) in view.graph]
    assert found[:5] == expected[:5]
    whole.page.fill("#search", query)
    assert whole.page.locator("#results button").first.inner_text().startswith(first)


def test_the_mini_path_picture_draws_as_png(run, tmp_path):
    out = tmp_path / "ladder.png"
    result = run("--data", str(DATA / "render-mini.ttl"), "render", "--track", "Junior engineer", "--format", "png",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    width, height, pixels = _png_pixels(out.read_bytes())
    assert width > 400 and height > 300
    assert len(set(pixels)) > 20


def _path_page(run, tmp_path, home) -> Path:
    out = tmp_path / "onet-path.html"
    result = run("render", "--path", "15-1252.00", "11-3021.00", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def _check_onet_path_page(browser, page: Path, paths: list[list[str]]):
    loaded = Loaded(browser, page.read_text(encoding="utf-8"))
    try:
        data = loaded.js("() => window.pmgraph.data")
        labels = {n["id"]: n["label"] for n in data["nodes"]}
        assert [[labels[n] for n in path] for path in data["paths"]] == paths
        # the paths themselves, not their 80 surroundings
        assert len(data["nodes"]) == len({n for path in paths for n in path})
        hops = loaded.page.locator("#paths .hops").all_inner_texts()
        assert hops == [f" ({len(p) - 1} move{'s' if len(p) > 2 else ''})" for p in paths]
        steps = loaded.page.locator("#steps li.step")
        assert steps.count() == sum(len(p) - 1 for p in paths)
        for i in range(steps.count()):
            text = steps.nth(i).inner_text()
            assert "related occupation" in text
            assert any(part in text for part in ("learn · skills (", "learn · tools (", "learn · equipment (",
                                                 "learn: nothing new recorded"))
        first = steps.first.inner_text()
        assert first.startswith("Software Developers → Computer and Information Systems Managers · related occupation")
        assert "learn · skills (" in first
        assert overlapping(drawn_labels(loaded)) == []
        assert loaded.errors == [] and loaded.blocked == []
    finally:
        loaded.close()


def test_onet_sample_path_view_shows_its_paths_and_each_moves_gap(browser, run, tmp_path, tmp_path_factory, monkeypatch):
    from importdata import sample_home

    monkeypatch.setenv("PMGRAPH_HOME", str(sample_home(tmp_path_factory)))
    page = _path_page(run, tmp_path, None)
    _check_onet_path_page(browser, page, [
        ["Software Developers", "Computer and Information Systems Managers"],
        ["Software Developers", "Computer Programmers", "Computer and Information Systems Managers"]])


def test_onet_path_view_shows_its_three_paths_and_each_moves_gap(browser, run, tmp_path, full):
    page = _path_page(run, tmp_path, full)
    _check_onet_path_page(browser, page, [
        ["Software Developers", "Computer and Information Systems Managers"],
        ["Software Developers", "Computer Network Architects", "Computer and Information Systems Managers"],
        ["Software Developers", "Computer Network Support Specialists", "Computer and Information Systems Managers"]])
