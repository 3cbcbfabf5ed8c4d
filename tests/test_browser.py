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
