"""One self-contained, safe, deterministic HTML page per view of the graph.

The page is pmgraph's own template (``templates/graph.html``, ``graph.css``, ``graph.js``)
with vis-network inlined from the copy that ships inside the pyvis package; pyvis itself is
not used, because its template loads Bootstrap from a CDN in every mode, writes some fields
unescaped, switches tooltips to ``innerHTML`` when a title contains "href", and its filter
menus blank the graph. Here:

* **offline**: every script and style is inline and a Content-Security-Policy allows only
  those exact scripts (by SHA-256) and no connection to any host;
* **safe**: the data travels as JSON in a ``<script type="application/json">`` block with
  ``<``, ``>`` and ``&`` escaped, and the page script writes it with ``textContent`` only;
* **deterministic**: nodes and edges sorted, positions from :mod:`pmgraph.views.layout`, JSON with
  sorted keys, no timestamps — the same view gives the same bytes;
* **fast**: positions given and physics off, so the first draw does not wait for a
  simulation (see bench/).

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> from pmgraph.careers.project import knowledge_graph
    >>> from pmgraph.views.subgraph import build_view
    >>> from pmgraph.namespaces import PM
    >>> graph = load_graph(); catalog = Catalog(graph)
    >>> view = build_view(graph, catalog, knowledge_graph(graph, catalog), track=PM.TPMCareerPath)
    >>> page = render_html(view, graph, catalog, lang="ja")
    >>> page.startswith("<!DOCTYPE html>"), "https://cdn" in page, '<h1 id="title">Technical Program Managerのキャリアパス</h1>' in page
    (True, False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..model.catalog import LABEL_PROPERTIES, Catalog
from ..text import pick as _pick
from ..errors import BadInput, LimitReached
from .layout import EDGE_LENGTH, force_layout, layered_layout, radial_layout
from ..namespaces import PM, PMO
from .subgraph import CAREER_MOVE, View, relation_names

__all__ = ["render_html", "page_data", "csp_hash", "check_size", "drawn_edges", "vis_network_js", "kind_style", "view_title",
           "MAX_NODES", "VIS_VERSION", "UI"]

#: Views with more nodes than this are refused unless forced: they draw slowly and read badly.
MAX_NODES = 1000
#: The vis-network release inlined into pages (the one pyvis 0.3.2 ships).
VIS_VERSION = "9.1.2"

#: How each kind is drawn: (vis shape, fill, border). Shapes that hold their label inside
#: (box, ellipse, database) get a dark fill and white text.
KIND_STYLES: dict[str, tuple[str, str, str]] = {
    "role": ("box", "#2b6cb0", "#1c4f85"),
    "track": ("box", "#1f3b5c", "#0f2137"),
    "skill": ("dot", "#dd6b20", "#a94f12"),
    "tool": ("diamond", "#38a169", "#25774b"),
    "tool-category": ("hexagon", "#8fd19e", "#4f9d63"),
    "duty": ("square", "#e53e3e", "#a82828"),
    "department": ("triangle", "#319795", "#1f6b6a"),
    "concept": ("dot", "#a0aec0", "#718096"),
    "question": ("triangleDown", "#ecc94b", "#b7922b"),
    "resource": ("star", "#9f7aea", "#6b46c1"),
    "learning-step": ("dot", "#f687b3", "#c0567f"),
    "trend": ("star", "#f6ad55", "#c27c2c"),
    "organization": ("hexagon", "#4a5568", "#2d3748"),
    "employer-type": ("hexagon", "#718096", "#4a5568"),
    "problem": ("triangleDown", "#c53030", "#822727"),
    "practice": ("square", "#805ad5", "#553c9a"),
    "benefit": ("diamond", "#d69e2e", "#975a16"),
    "focus": ("hexagon", "#63b3ed", "#3182ce"),
    "skill-type": ("hexagon", "#fbd38d", "#c9993f"),
    "stage": ("box", "#2b6cb0", "#1c4f85"),
}
#: Kinds the table does not know get one of these, chosen from the kind's name.
FALLBACK_COLOURS = ("#4fd1c5", "#b794f4", "#fc8181", "#68d391", "#f6e05e", "#76e4f7", "#fbb6ce", "#c3dafe")
_INSIDE = {"box", "ellipse", "database", "circle", "text"}
#: Kinds drawn bigger: the roles and ladders the graph is about.
_MAIN_KINDS = {"role", "track", "stage"}

#: Interface text by language.
UI: dict[str, dict[str, str]] = {
    "en": {"search": "Find a node by any of its names…", "kinds": "Kinds of node", "relations": "Kinds of edge",
           "paths": "Career paths", "allPaths": "All paths", "fit": "Fit to screen", "noMatch": "No match",
           "sources": "Sources", "names": "Names", "neighbours": "Connected to", "more": "+{n} more",
           "all": "all", "none": "none", "moves": "{n} moves", "move": "{n} move",
           "connections": "Connections", "marks": "Marks", "learn": "learn", "skills": "skills", "tools": "tools", "equipment": "equipment",
           "nothingNew": "nothing new recorded", "inferred": "inferred", "back": "Back",
           "source": "Source", "document": "Document", "title": "Title", "author": "Author", "publisher": "Publisher",
           "date": "Date", "language": "Language", "about": "About", "note": "Note", "sections": "Sections",
           "sourcePage": "Open the source's page", "panel": "Menu", "close": "Close", "condition": "if",
           "hint": "Click a node to highlight its neighbourhood; click the background to clear.",
           "noscript": "This page draws the graph with JavaScript; please enable it.",
           "counts": "{nodes} nodes, {edges} edges", "whole": "pmgraph: the whole graph", "narrowed": "pmgraph: {items}",
           "focus": "{label}: neighbourhood, depth {depth}", "path": "Career paths from {source} to {target}",
           "track": "{label}", "only": "only {items}",
           "markContext": "dashed, pale: a role around it, not on it", "markPath": "orange: on a career path",
           "markInferred": "dashed line: a move the project inferred from its source (the source does not state it)",
           "markFocus": "thick border: what the page is about",
           "markSelected": "click a node: it and its direct neighbours stay bright, the rest fades",
           "markHidden": "labels that would overlap are hidden: zoom in or hover a node to read them"},
    "ja": {"search": "名前でノードを検索…", "kinds": "ノードの種類", "relations": "エッジの種類",
           "paths": "キャリアパス", "allPaths": "すべての経路", "fit": "全体を表示", "noMatch": "該当なし",
           "sources": "出典", "names": "名称", "neighbours": "つながり", "more": "ほか{n}件",
           "all": "すべて", "none": "なし", "moves": "{n}ステップ", "move": "{n}ステップ",
           "connections": "つながり", "marks": "記号", "learn": "学ぶこと", "skills": "スキル", "tools": "ツール", "equipment": "機器",
           "nothingNew": "新たに学ぶことの記録なし", "inferred": "推論", "back": "戻る",
           "source": "出典", "document": "出典文書", "title": "題名", "author": "著者", "publisher": "発行者",
           "date": "日付", "language": "言語", "about": "概要", "note": "注記", "sections": "セクション",
           "sourcePage": "出典のページを開く", "panel": "メニュー", "close": "閉じる", "condition": "条件",
           "hint": "ノードをクリックすると隣接ノードを強調表示します。背景をクリックすると解除します。",
           "noscript": "このページは JavaScript でグラフを描きます。JavaScript を有効にしてください。",
           "counts": "ノード {nodes}、エッジ {edges}", "whole": "pmgraph: グラフ全体", "narrowed": "pmgraph: {items}",
           "focus": "{label} の周辺 (深さ {depth})", "path": "{source} から {target} へのキャリアパス",
           "track": "{label}", "only": "{items} のみ",
           "markContext": "破線・淡色: 周辺の職種 (対象外)", "markPath": "オレンジ: キャリアパス上",
           "markInferred": "破線: 出典が明記せずプロジェクトが推論した移行",
           "markFocus": "太い枠: このページの対象",
           "markSelected": "ノードをクリック: そのノードと直接の隣接ノード以外は淡く表示",
           "markHidden": "重なるラベルは隠れます。拡大するかノードにカーソルを合わせてください"},
    "ko": {"search": "이름으로 노드 검색…", "kinds": "노드 종류", "relations": "엣지 종류",
           "paths": "커리어 경로", "allPaths": "모든 경로", "fit": "화면에 맞추기", "noMatch": "결과 없음",
           "sources": "출처", "names": "이름", "neighbours": "연결", "more": "외 {n}건",
           "all": "모두", "none": "없음", "moves": "{n}단계", "move": "{n}단계",
           "connections": "연결", "marks": "기호", "learn": "배울 것", "skills": "스킬", "tools": "도구", "equipment": "장비",
           "nothingNew": "새로 배울 것 기록 없음", "inferred": "추론", "back": "뒤로",
           "source": "출처", "document": "출처 문서", "title": "제목", "author": "저자", "publisher": "발행자",
           "date": "날짜", "language": "언어", "about": "개요", "note": "주석", "sections": "섹션",
           "sourcePage": "출처 페이지 열기", "panel": "메뉴", "close": "닫기", "condition": "조건",
           "hint": "노드를 클릭하면 이웃 노드를 강조합니다. 배경을 클릭하면 해제됩니다.",
           "noscript": "이 페이지는 JavaScript로 그래프를 그립니다. JavaScript를 켜 주세요.",
           "counts": "노드 {nodes}개, 엣지 {edges}개", "whole": "pmgraph: 전체 그래프", "narrowed": "pmgraph: {items}",
           "focus": "{label} 주변 (깊이 {depth})", "path": "{source}에서 {target}(으)로 가는 커리어 경로",
           "track": "{label}", "only": "{items}만",
           "markContext": "점선·옅은 색: 주변 직무 (대상 아님)", "markPath": "주황색: 커리어 경로 위",
           "markInferred": "점선: 출처가 명시하지 않아 프로젝트가 추론한 이동",
           "markFocus": "굵은 테두리: 이 페이지의 대상",
           "markSelected": "노드를 클릭: 그 노드와 직접 이웃만 선명하게 표시",
           "markHidden": "겹치는 라벨은 숨겨집니다. 확대하거나 노드에 마우스를 올리세요"},
}


def kind_style(kind: str | None) -> dict[str, Any]:
    """How nodes of ``kind`` are drawn.

    >>> kind_style("role")["shape"], kind_style("no-such-kind")["shape"]
    ('box', 'dot')
    """
    name = kind or ""
    if name in KIND_STYLES:
        shape, colour, border = KIND_STYLES[name]
    else:
        shape, colour, border = "dot", FALLBACK_COLOURS[sum(map(ord, name)) % len(FALLBACK_COLOURS)], "#4a5568"
    inside = shape in _INSIDE
    return {"shape": shape, "color": colour, "border": border, "inside": inside, "light": _lighter(colour),
            "fontColor": "#ffffff" if inside else "#1f2933",
            "size": 16 if name in _MAIN_KINDS else 14 if name == "skill" else 11 if shape == "dot" else 13,
            "fontSize": 16 if name in _MAIN_KINDS else 13}


def _lighter(colour: str, amount: float = 0.6) -> str:
    """``colour`` mixed with white: how nodes that only give context are drawn.

    >>> _lighter("#000000", 0.5)
    '#808080'
    """
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


# -- assets -----------------------------------------------------------------------------------
def _pyvis_dir() -> Path:
    spec = importlib.util.find_spec("pyvis")  # finds the package without importing it (and IPython)
    if spec is None or not spec.submodule_search_locations:
        raise BadInput("pyvis is not installed, and pages need the vis-network it ships; pip install pyvis")
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's standalone build, from pyvis's package, ready to inline in a ``<script>``."""
    path = _pyvis_dir() / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise BadInput(f"vis-network {VIS_VERSION} is missing from pyvis ({path}); reinstall pyvis 0.3.2") from None
    # the source map comment would make developer tools fetch a file that is not there
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise BadInput(f"{path}: cannot be inlined safely (it contains '</script' or '<!--')")
    return text


@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return resources.files("pmgraph.views").joinpath("templates", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style: ``'sha256-...'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its ``<script>`` element, whatever the strings in it say."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -- data -------------------------------------------------------------------------------------
def _definitions(graph: Graph, nodes: list[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for node in nodes:
        texts: dict[str, str] = {}
        for value in sorted(graph.objects(URIRef(node), SKOS.definition)):
            if isinstance(value, Literal):
                texts.setdefault(value.language or "", str(value))
        found[node] = texts
    return found


def _kind_labels(graph: Graph, catalog: Catalog, lang: str) -> dict[str, str]:
    """kind name -> the label (in ``lang``) of the class that declares it."""
    labels: dict[str, str] = {}
    for cls, name in sorted(graph.subject_objects(PMO.kindName)):
        labels.setdefault(str(name), catalog.label(cls, lang))
    return labels


def view_title(view: View, catalog: Catalog, lang: str = "en") -> str:
    """The page's heading: what the view shows, in ``lang``."""
    text = UI.get(lang, UI["en"])
    if view.mode == "focus":
        title = text["focus"].format(label=catalog.label(URIRef(view.subjects[0]), lang), depth=view.depth)
    elif view.mode == "track":
        title = text["track"].format(label=catalog.label(URIRef(view.subjects[0]), lang))
    elif view.mode == "path":
        source, target = (catalog.label(URIRef(s), lang) for s in view.subjects)
        title = text["path"].format(source=source, target=target)
    elif view.kinds or view.relations:
        kind_labels = _kind_labels(catalog.graph, catalog, lang)
        relations = [_pick(relation_names(catalog.graph, catalog, r), lang) or r for r in view.relations]
        title = text["narrowed"].format(items=", ".join([*(kind_labels.get(k, k) for k in view.kinds), *relations]))
    else:
        title = text["whole"]
    return title


def _roundness(edges: list[dict[str, Any]]) -> None:
    """Edges sharing a pair of nodes curve apart instead of drawing on top of each other."""
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        by_pair[tuple(sorted((edge["from"], edge["to"])))].append(edge)
    for group in by_pair.values():
        if len(group) > 1:
            for i, edge in enumerate(group):
                edge["roundness"] = round(0.12 + 0.14 * i, 2)


def _around_paths(view: View, nodes: list[str], edges: list[tuple[str, str]], order: dict[str, tuple]) -> dict[str, tuple[int, int]]:
    """A path view with its surroundings: the paths' roles in rows (junior at the top) and the
    roles around them on an ellipse outside, each near the path roles it moves to or from, so
    that the view stays as tall as its paths however many roles surround them."""
    import math

    on_paths = sorted((n for n in nodes if n not in view.context), key=order.__getitem__)
    core = layered_layout(on_paths, [(u, v) for u, v in edges if u not in view.context and v not in view.context],
                          view.levels)
    xs = [x for x, _ in core.values()]
    ys = [y for _, y in core.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    around = sorted(view.context, key=order.__getitem__)
    near: dict[str, list[str]] = {node: [] for node in around}
    for u, v in edges:
        if u in near and v in core:
            near[u].append(v)
        elif v in near and u in core:
            near[v].append(u)

    def angle(node: str) -> float:
        anchors = near[node] or on_paths
        ax = sum(core[a][0] for a in anchors) / len(anchors) - cx
        ay = sum(core[a][1] for a in anchors) / len(anchors) - cy
        return math.atan2(ay, ax * 0.5)  # wide rows: spread by the rows' height as much as by their width

    around.sort(key=lambda node: (round(angle(node), 6), order[node]))
    rx = (max(xs) - min(xs)) / 2 + 260
    ry = (max(ys) - min(ys)) / 2 + 170
    # about 90 px of ellipse per role; grow it (alternate roles a little further out) when crowded
    perimeter = math.pi * (3 * (rx + ry) - math.sqrt((3 * rx + ry) * (rx + 3 * ry)))
    grow = max(1.0, len(around) * 90 / perimeter / 2)
    positions = dict(core)
    for i, node in enumerate(around):
        theta = -math.pi + 2 * math.pi * (i + 0.5) / len(around)
        r = grow * (1.0 if i % 2 == 0 else 1.12)
        positions[node] = (round(cx + r * rx * math.cos(theta)), round(cy + r * ry * math.sin(theta)))
    return {node: positions[node] for node in nodes}


def _positions(view: View, nodes: list[str], edges: list[tuple[str, str]], order: dict[str, tuple]) -> dict[str, tuple[int, int]]:
    if view.mode == "path" and view.context:
        return _around_paths(view, nodes, edges, order)
    if view.levels:
        return layered_layout(sorted(nodes, key=order.__getitem__), edges, view.levels)
    if view.mode == "focus":
        return radial_layout(sorted(nodes, key=order.__getitem__), edges, view.subjects[0])
    # small graphs get longer edges, so that edge labels have room to be read
    length = 180.0 if len(nodes) <= 60 else EDGE_LENGTH
    kinds = sorted({order[node][0] for node in nodes})
    if len(nodes) <= 60 or len(kinds) < 2:
        return force_layout(nodes, edges, edge_length=length)
    # grouped by kind: each kind's nodes are tied to a hub of their own, laid out with the
    # rest and then left out, so that the skills, the tools, the roles... gather in regions
    hubs = {kind: f"\u0000kind:{kind}" for kind in kinds}
    ties = [(node, hubs[order[node][0]]) for node in nodes]
    placed = force_layout([*nodes, *hubs.values()], [*edges, *ties], edge_length=length)
    return {node: placed[node] for node in nodes}


#: Edge colours by relation, in the order of the view's relations (most edges first); career
#: moves are always :data:`CAREER_COLOUR`, and orange is kept for the highlighted paths.
RELATION_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f00", "#5c6b7a",
                    "#1b9e77", "#7570b3", "#c2185b", "#558b2f", "#a6761d", "#00838f", "#6d4c41", "#3949ab")
CAREER_COLOUR = "#334e68"
PATH_COLOUR = "#d9480f"


def inverse_name(graph: Graph, catalog: Catalog, prop: str, lang: str = "en") -> str:
    """How the relation ``prop`` reads from its end ("needed by" for "requires skill").

    >>> from pmgraph.kb.files import load_graph
    >>> graph = load_graph()
    >>> inverse_name(graph, Catalog(graph), "pmo:SkillRequirement"), inverse_name(graph, Catalog(graph), "skos:broader")
    ('needed by', 'narrower')
    """
    from ..model.describe import STANDARD_NAMES
    from .subgraph import _expand

    iri = _expand(prop)
    shape = catalog.fact_shapes.get(iri)
    names: dict[str, str] = dict(shape.inverse_label) if shape is not None and shape.cls == iri else {}
    if not names:
        for value in sorted(graph.objects(iri, PMO.inverseLabel)):
            if isinstance(value, Literal):
                names.setdefault(value.language or "en", str(value))
    if not names and str(iri) in STANDARD_NAMES:
        names = {"en": STANDARD_NAMES[str(iri)][1]}
    return _pick(names, lang) or "← " + (_pick(relation_names(graph, catalog, prop), lang) or prop)


def _marks(view: View, edges: list[dict[str, Any]], context: set[str], text: dict[str, str]) -> list[dict[str, str]]:
    """The legend of every mark the page draws besides kinds and relations."""
    marks = []
    if view.mode == "focus":
        marks.append({"mark": "focus", "label": text["markFocus"]})
    if view.paths:
        marks.append({"mark": "path", "label": text["markPath"]})
    if context:
        marks.append({"mark": "context", "label": text["markContext"]})
    if any(e["inferred"] for e in edges):
        marks.append({"mark": "inferred", "label": text["markInferred"]})
    marks.append({"mark": "selected", "label": text["markSelected"]})
    marks.append({"mark": "hidden", "label": text["markHidden"]})
    return marks


def _steps(view: View) -> list[list[dict[str, Any]]]:
    """Each path's moves from the view's path report: from, to, move, inferred, condition, the
    skills (with how the new role needs them) and tools to learn, the sources' IRIs."""
    if not view.report:
        return []
    found = []
    for item in view.report["paths"]:
        found.append([{"from": step["from"]["iri"], "to": step["to"]["iri"], "move": step["move"],
                       "inferred": bool(step.get("inferred")), "condition": step.get("condition"),
                       "skills": [{"iri": n["iri"], "label": n["label"], "level": n.get("level")} for n in step["gap"]["skills"]],
                       "tools": [{"iri": n["iri"], "label": n["label"]} for n in step["gap"]["tools"]],
                       "equipment": [{"iri": n["iri"], "label": n["label"]} for n in step["gap"].get("equipment", [])],
                       "sources": [source["iri"] for source in step["sources"]]}
                      for step in item["steps"]])
    return found


def page_data(view: View, graph: Graph, catalog: Catalog, lang: str = "en", title: str | None = None,
              source_pages: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-ready values (sorted, so stable).

    ``source_pages`` maps a source document's IRI to a page about it (the gallery's), which
    the details panel links to.
    """
    from .sources import source_tables

    G = view.graph
    text = UI.get(lang, UI["en"])
    kind_labels = _kind_labels(graph, catalog, lang)
    nodes = sorted(G.nodes)
    definitions = _definitions(graph, nodes)
    cited: set[str] = set()

    def sources_of(iris) -> list[str]:
        found = sorted(set(iris))
        cited.update(found)
        return found

    relation_label: dict[str, str] = {}
    for _, _, prop in G.edges(data="property"):
        if prop not in relation_label:
            relation_label[prop] = _pick(relation_names(graph, catalog, prop), lang) or prop

    # one drawn edge per (from, to, relation); parallel facts merge into it
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[3]["property"], e[2])):
        item = merged.setdefault((u, v, attrs["property"]), {"facts": [], "sources": set(), "moves": [], "inferred": []})
        if attrs.get("fact"):
            item["facts"].append(attrs["fact"])
            move = graph.value(URIRef(attrs["fact"]), PMO.moveKind)
            if move is not None and attrs["property"] == CAREER_MOVE:
                name = catalog.label(move, lang)
                if name not in item["moves"]:
                    item["moves"].append(name)
            if attrs["property"] == CAREER_MOVE:
                item["inferred"].append(graph.value(URIRef(attrs["fact"]), PMO.assertion) == PM.Inferred)
        item["sources"].update(attrs.get("sources") or ())
    relation_counts: dict[str, int] = defaultdict(int)
    for _, _, prop in merged:
        relation_counts[prop] += 1
    ordered = sorted(relation_counts.items(), key=lambda pc: (-pc[1], pc[0]))
    colours: dict[str, str] = {}
    for prop, _ in ordered:
        colours[prop] = CAREER_COLOUR if prop == CAREER_MOVE else \
            RELATION_COLOURS[len([p for p in colours if p != CAREER_MOVE]) % len(RELATION_COLOURS)]
    edges: list[dict[str, Any]] = []
    for i, ((u, v, prop), item) in enumerate(sorted(merged.items())):
        move = ", ".join(item["moves"]) or None
        edges.append({"id": f"e{i}", "from": u, "to": v, "property": prop, "relation": relation_label[prop],
                      "label": move or relation_label[prop], "move": move, "career": prop == CAREER_MOVE,
                      "inferred": bool(item["inferred"]) and all(item["inferred"]), "color": colours[prop],
                      "sources": sources_of(item["sources"])})
    _roundness(edges)

    kinds = {node: G.nodes[node].get("kind") or "" for node in nodes}
    labels = {node: catalog.label(URIRef(node), lang) for node in nodes}
    order = {node: (kinds[node], labels[node].casefold(), node) for node in nodes}
    positions = _positions(view, nodes, [(e["from"], e["to"]) for e in edges], order)
    focus = set(view.subjects) if view.mode in ("focus", "path") else set()
    # a ladder's own stages stand out; roles around a ladder or the paths are context
    context = set(view.context)
    degree: dict[str, int] = defaultdict(int)
    for edge in edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    node_items = []
    for node in nodes:
        iri = URIRef(node)
        names = {language: values for language, values in catalog.labels(iri).items()}
        # every label search compares, with its property's rank (preferred, alternative, hidden,
        # rdfs:label, notation), for the page's search to rank as pmgraph search does
        ranks: dict[str, int] = {}
        for rank, prop in enumerate(LABEL_PROPERTIES):
            for value in graph.objects(iri, prop):
                if isinstance(value, Literal):
                    ranks[str(value)] = min(rank, ranks.get(str(value), rank))
        keys = sorted([text, rank] for text, rank in ranks.items())
        x, y = positions[node]
        node_items.append({"id": node, "label": labels[node], "kind": kinds[node], "x": x, "y": y,
                           "names": names, "keys": keys, "definition": _pick(definitions[node], lang),
                           "sources": sources_of(str(s) for s in graph.objects(iri, DCTERMS.source)),
                           "focus": node in focus, "context": node in context, "degree": degree[node],
                           "weight": sum(1 for _ in graph.subjects(None, iri))})

    kind_counts: dict[str, int] = defaultdict(int)
    for node in nodes:
        kind_counts[kinds[node]] += 1
    kind_items = [{"name": kind, "label": kind_labels.get(kind, kind or "?"), "count": count, **kind_style(kind)}
                  for kind, count in sorted(kind_counts.items(), key=lambda kc: (-kc[1], kc[0]))]
    relation_items = [{"property": prop, "label": relation_label[prop], "count": count, "career": prop == CAREER_MOVE,
                       "color": colours[prop], "inverse": inverse_name(graph, catalog, prop, lang)}
                      for prop, count in ordered]
    heading = title if title is not None else view_title(view, catalog, lang)
    subtitle = text["counts"].format(nodes=f"{len(node_items):,}", edges=f"{len(edges):,}")
    narrowed = [*(kind_labels.get(k, k) for k in view.kinds), *(relation_label.get(r, r) for r in view.relations)]
    if narrowed and view.mode != "all":  # the heading of a narrowed whole graph says it already
        subtitle += " · " + text["only"].format(items=", ".join(narrowed))
    steps = _steps(view)
    for path_steps in steps:
        for step in path_steps:
            step["sources"] = sources_of(step["sources"])
    sections, documents = source_tables(graph, catalog, cited, lang)
    return {
        "title": heading, "subtitle": subtitle, "lang": lang, "mode": view.mode, "name": view.name,
        "layout": "layered" if view.levels else "radial" if view.mode == "focus" else "force",
        "ui": {key: value for key, value in text.items() if key not in ("search", "hint", "noscript", "kinds", "relations",
                                                                        "paths", "fit")},
        "kinds": kind_items, "fallbackKind": kind_style(None) | {"name": "", "label": "?"},
        "relations": relation_items, "nodes": node_items, "edges": edges,
        "paths": [list(path) for path in view.paths], "steps": steps,
        "marks": _marks(view, edges, context, text), "pathColor": PATH_COLOUR,
        "sections": sections, "documents": documents,
        "sourcePages": {d: page for d, page in sorted((source_pages or {}).items()) if d in documents},
    }


def drawn_edges(view: View) -> int:
    """How many edges the page draws: one per (from, to, relation), parallel facts merged."""
    return len({(u, v, prop) for u, v, prop in view.graph.edges(data="property")})


def check_size(view: View, max_nodes: int = MAX_NODES, force: bool = False) -> None:
    """Refuse (exit 5) a view bigger than ``max_nodes`` unless ``force``."""
    count = view.graph.number_of_nodes()
    if count > max_nodes and not force:
        raise LimitReached(f"the view has {count:,} nodes, more than the limit of {max_nodes:,}: narrow it with "
                           "--focus, --track, --path, --kind or --relation, or pass --force to draw it anyway")


def render_html(view: View, graph: Graph, catalog: Catalog, *, lang: str = "en", title: str | None = None,
                source_pages: dict[str, str] | None = None) -> str:
    """The page for ``view`` as one string of HTML (write it with :func:`pmgraph.atomic.write_atomic`)."""
    data = page_data(view, graph, catalog, lang, title, source_pages)
    text = UI.get(lang, UI["en"])
    style = _template("graph.css")
    vis = vis_network_js()
    app = _template("graph.js")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {csp_hash(vis)} {csp_hash(app)}",
        f"style-src {csp_hash(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    page = Template(_template("graph.html")).substitute(
        lang=html.escape(lang), csp=csp.replace("&", "&amp;").replace('"', "&quot;"), title=html.escape(data["title"]),
        subtitle=html.escape(data["subtitle"]), search_placeholder=html.escape(text["search"]),
        hint=html.escape(text["hint"]), paths_heading=html.escape(text["paths"]),
        kinds_heading=html.escape(text["kinds"]), relations_heading=html.escape(text["relations"]),
        fit=html.escape(text["fit"]), noscript=html.escape(text["noscript"]), marks_heading=html.escape(text["marks"]),
        panel=html.escape(text["panel"]), close=html.escape(text["close"]),
        style=style, vis=vis, app=app, data=_json_for_script(data),
    )
    return page

