"""A view as one self-contained SVG picture: the page's layout, labels as ``<text>``.

The picture is drawn from :func:`pmgraph.views.render.page_data`, so nodes sit where the page
puts them, shaped and coloured by kind, edges coloured by relation (career paths orange,
inferred moves dashed, roles around the view pale with a dashed border). Labels follow the
page's rule: by priority (the focus and its neighbours, the paths, roles, then the best
connected), each only where it overlaps no label already drawn; a label left out is the
node's ``<title>`` (shown on hover, found by search). A legend explains kinds, relations and
marks, and a path view lists each move with what it asks to learn. Nothing is loaded from
anywhere; every string from the data is escaped. Text widths are estimated (CJK letters one
em, others 0.6 em), the same everywhere, so the same view gives the same bytes.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> from pmgraph.careers.project import knowledge_graph
    >>> from pmgraph.views.subgraph import build_view
    >>> from pmgraph.namespaces import PM
    >>> graph = load_graph(); catalog = Catalog(graph)
    >>> view = build_view(graph, catalog, knowledge_graph(graph, catalog), track=PM.TPMCareerPath)
    >>> picture = render_svg(view, graph, catalog)
    >>> picture.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), '>Associate TPM</text>' in picture
    (True, True)
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from rdflib import Graph

from ..model.catalog import Catalog
from .subgraph import View

__all__ = ["render_svg", "svg_from_data", "place_labels", "text_width", "LABEL_SIZE"]

#: Font size of the labels beside nodes and of edge labels, in pixels at zoom 1 (as on the page).
LABEL_SIZE = 12
EDGE_LABEL_SIZE = 11
FONT = ('system-ui, -apple-system, &quot;Segoe UI&quot;, &quot;Noto Sans&quot;, &quot;Noto Sans CJK JP&quot;, '
        '&quot;Hiragino Sans&quot;, Meiryo, &quot;Apple SD Gothic Neo&quot;, &quot;Malgun Gothic&quot;, sans-serif')
_MAIN = {"role", "track", "stage"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: Any) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    text = _INVALID_XML.sub("\ufffd", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` at ``size`` pixels: wide (CJK) letters one em, others 0.6.

    >>> text_width("CTO", 10), text_width("最高", 10)
    (18.0, 20.0)
    """
    return round(sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text) * size, 2)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, broken between words (or letters, for CJK)."""
    words = text.split(" ") if " " in text else list(text) if text_width(text, size) > width else [text]
    joiner = " " if " " in text else ""
    lines: list[str] = []
    for word in words:
        if lines and text_width(lines[-1] + joiner + word, size) <= width:
            lines[-1] += joiner + word
        else:
            lines.append(word)
    return lines or [""]


def _inside(data: dict[str, Any], node: dict[str, Any], kinds: dict[str, dict]) -> bool:
    """Whether the node is a box with its label inside (a ladder's or a path's roles; the roles
    around a path are small boxes labelled beside them, like every other node)."""
    return (data["layout"] == "layered" and kinds.get(node["kind"], data["fallbackKind"])["inside"]
            and not (data["mode"] == "path" and node["context"]))


def _box(node: dict[str, Any], kind: dict[str, Any]) -> tuple[float, float, list[str]]:
    """Width, height and lines of a labelled box (as vis-network sizes it: margin 10, at most 200 wide)."""
    size = kind["fontSize"]
    lines = _wrap(node["label"], size, 180)
    width = min(200.0, max(text_width(line, size) for line in lines) + 20)
    return width, len(lines) * size * 1.2 + 16, lines


#: Labels beside nodes are cut to this many letters (the page's rule; the full name is the
#: node's tooltip there and its ``<title>`` here).
LABEL_MAX = 36


def short_label(text: str) -> str:
    """``text``, cut to :data:`LABEL_MAX` letters with an ellipsis when longer.

    >>> short_label("CTO"), short_label("How would you build a zero-trust security model into a product?")
    ('CTO', 'How would you build a zero-trust se…')
    """
    return text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 1].rstrip() + "…"


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def place_labels(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The labels drawn at zoom 1, each ``{"id", "kind", "text", "x", "y", "w", "h", "inside"}``
    (the top-left corner and size of its box): boxes of a layered view first, then node labels by
    priority, each at the first of four spots (below, above, right, left) that overlaps no label
    already placed, then the moves' labels of a layered view where they fit.

    >>> data = {"layout": "force", "mode": "all", "fallbackKind": {"inside": False, "size": 10, "fontSize": 13},
    ...         "kinds": [], "edges": [], "paths": [], "nodes": [
    ...     {"id": "a", "label": "alpha", "kind": "", "x": 0, "y": 0, "focus": True, "context": False, "degree": 1},
    ...     {"id": "b", "label": "beta", "kind": "", "x": 0, "y": 30, "focus": False, "context": False, "degree": 1}]}
    >>> [(label["id"], label["y"]) for label in place_labels(data)]
    [('a', 12), ('b', 42)]
    """
    kinds = {k["name"]: k for k in data["kinds"]}
    nodes = {n["id"]: n for n in data["nodes"]}
    placed: list[dict[str, Any]] = []
    cells: dict[tuple[int, int], list[tuple]] = {}

    def cell_keys(box):
        return [(x, y) for x in range(math.floor(box[0] / 80), math.floor((box[0] + box[2]) / 80) + 1)
                for y in range(math.floor(box[1] / 40), math.floor((box[1] + box[3]) / 40) + 1)]

    def free(box) -> bool:
        return not any(_overlaps(box, other) for key in cell_keys(box) for other in cells.get(key, ()))

    def add(item: dict[str, Any]) -> None:
        box = (item["x"], item["y"], item["w"], item["h"])
        for key in cell_keys(box):
            cells.setdefault(key, []).append(box)
        placed.append(item)

    for node in data["nodes"]:
        if _inside(data, node, kinds):
            width, height, _ = _box(node, kinds.get(node["kind"], data["fallbackKind"]))
            add({"id": node["id"], "kind": "node", "text": node["label"], "x": round(node["x"] - width / 2, 2),
                 "y": round(node["y"] - height / 2, 2), "w": width, "h": height, "inside": True})
    near = set()
    on_paths = {n for path in data["paths"] for n in path}
    for edge in data["edges"]:
        if nodes[edge["from"]]["focus"] or nodes[edge["to"]]["focus"]:
            near.update((edge["from"], edge["to"]))

    def rank(node) -> tuple:
        level = (2 if node["focus"] else 3 if node["id"] in near or node["id"] in on_paths else 6 if node["context"]
                 else 4 if node["kind"] in _MAIN else 5)
        return (level, -node["degree"], node["label"], node["id"])

    for node in sorted(data["nodes"], key=rank):
        if _inside(data, node, kinds):
            continue
        kind = kinds.get(node["kind"], data["fallbackKind"])
        radius = max(9 if kind["inside"] else kind["size"], 4)
        text = short_label(node["label"])
        width, height = text_width(text, LABEL_SIZE) + 4, LABEL_SIZE + 4
        x, y = node["x"], node["y"]
        for sx, sy in ((x - width / 2, y + radius + 2), (x - width / 2, y - radius - 2 - height),
                       (x + radius + 3, y - height / 2), (x - radius - 3 - width, y - height / 2)):
            box = (round(sx, 2), round(sy, 2), width, height)
            if free(box):
                add({"id": node["id"], "kind": "node", "text": text, "x": box[0], "y": box[1],
                     "w": width, "h": height, "inside": False})
                break
    if data["layout"] == "layered":
        for edge in data["edges"]:
            around = data["mode"] == "path" and (nodes[edge["from"]]["context"] or nodes[edge["to"]]["context"])
            if not edge.get("move") or around:
                continue
            text = edge["move"]  # an inferred move says so by its dashes
            (mx, my), _ = _edge_middle(edge, nodes)
            width, height = text_width(text, EDGE_LABEL_SIZE) + 4, EDGE_LABEL_SIZE + 4
            for offset in (-height / 2, -height - 3, 3):  # on the edge, else just above or below it
                box = (round(mx - width / 2, 2), round(my + offset, 2), width, height)
                if free(box):
                    add({"id": edge["id"], "kind": "edge", "text": text, "x": box[0], "y": box[1], "w": width,
                         "h": height, "inside": False})
                    break
    return placed


def _edge_middle(edge: dict[str, Any], nodes: dict[str, dict]) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """The middle of an edge and, for a curved one, its control point (vis-network's curvedCW)."""
    a, b = nodes[edge["from"]], nodes[edge["to"]]
    roundness = edge.get("roundness")
    if not roundness:
        return ((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2), None
    dx, dy = b["x"] - a["x"], b["y"] - a["y"]
    radius = math.hypot(dx, dy)
    angle = math.atan2(dy, dx) + (0.5 * roundness + 0.5) * math.pi
    cx = a["x"] + dx / 2 + 0.5 * radius * roundness * math.cos(angle)
    cy = a["y"] + dy / 2 + 0.5 * radius * roundness * math.sin(angle)
    # the middle of the quadratic curve a -> c -> b
    return (0.25 * a["x"] + 0.5 * cx + 0.25 * b["x"], 0.25 * a["y"] + 0.5 * cy + 0.25 * b["y"]), (cx, cy)


def _polygon(shape: str, x: float, y: float, r: float) -> str | None:
    corners = {"diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)], "triangle": [(0, -1), (0.87, 0.5), (-0.87, 0.5)],
               "triangleDown": [(0, 1), (0.87, -0.5), (-0.87, -0.5)],
               "hexagon": [(math.cos(math.pi / 3 * i), math.sin(math.pi / 3 * i)) for i in range(6)],
               "star": [((1 if i % 2 == 0 else 0.45) * math.sin(math.pi / 5 * i),
                         -(1 if i % 2 == 0 else 0.45) * math.cos(math.pi / 5 * i)) for i in range(10)]}
    if shape not in corners:
        return None
    return " ".join(f"{round(x + cx * r, 1)},{round(y + cy * r, 1)}" for cx, cy in corners[shape])


def svg_from_data(data: dict[str, Any]) -> str:
    """The SVG picture of a page's data (:func:`pmgraph.views.render.page_data`)."""
    kinds = {k["name"]: k for k in data["kinds"]}
    nodes = {n["id"]: n for n in data["nodes"]}
    labels = place_labels(data)
    drawn = {label["id"] for label in labels}
    path_nodes = {n for path in data["paths"] for n in path}
    path_steps = {(u, v) for path in data["paths"] for u, v in zip(path, path[1:])}
    path_colour = data["pathColor"]
    xs = [n["x"] for n in data["nodes"]] + [b["x"] for b in labels] + [b["x"] + b["w"] for b in labels]
    ys = [n["y"] for n in data["nodes"]] + [b["y"] for b in labels] + [b["y"] + b["h"] for b in labels]
    left, top = min(xs) - 30, min(ys) - 30
    header = 56
    right, bottom = max(xs) + 30, max(ys) + 30 + header
    legend_x = right + 20
    out: list[str] = []
    body: list[str] = []

    # edges, with one arrowhead marker per colour
    markers: dict[str, str] = {}
    for edge in data["edges"]:
        a, b = nodes[edge["from"]], nodes[edge["to"]]
        on_path = (edge["from"], edge["to"]) in path_steps
        faded = a["context"] or b["context"]
        colour = path_colour if on_path else "#c3cad3" if faded else edge["color"]
        marker = markers.setdefault(colour, f"arrow{len(markers)}")
        width = 5 if on_path else 2 if edge["career"] else 1.2
        target = kinds.get(b["kind"], data["fallbackKind"])
        _, control = _edge_middle(edge, nodes)
        fx, fy = control if control else (a["x"], a["y"])
        dx, dy = b["x"] - fx, b["y"] - fy
        length = math.hypot(dx, dy) or 1.0
        if _inside(data, b, kinds):  # stop at the box's border
            bw, bh, _ = _box(b, target)
            t = min(bw / 2 / abs(dx) if dx else math.inf, bh / 2 / abs(dy) if dy else math.inf, 0.5)
            end_gap = t * length + 3
        else:
            end_gap = max(9 if target["inside"] else target["size"], 4) + 3
        ex, ey = b["x"] - dx / length * end_gap, b["y"] - dy / length * end_gap
        dash = ' stroke-dasharray="8 6"' if edge["inferred"] else ""
        shape = (f'M{a["x"]},{a["y"]} Q{round(control[0], 1)},{round(control[1], 1)} {round(ex, 1)},{round(ey, 1)}'
                 if control else f'M{a["x"]},{a["y"]} L{round(ex, 1)},{round(ey, 1)}')
        body.append(f'<path class="edge" d="{shape}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} '
                    f'marker-end="url(#{marker})"><title>{_x(a["label"])} → {_x(b["label"])}: {_x(edge["label"])}</title></path>')

    # nodes
    for node in data["nodes"]:
        kind = kinds.get(node["kind"], data["fallbackKind"])
        fill = kind["light"] if node["context"] else kind["color"]
        border = path_colour if node["id"] in path_nodes else "#9aa5b1" if node["context"] else kind["border"]
        stroke_width = 5 if node["id"] in path_nodes else 4 if node["focus"] else 2
        dash = ' stroke-dasharray="5 4"' if node["context"] else ""
        x, y = node["x"], node["y"]
        parts = [f'<g class="node" data-kind="{_x(node["kind"])}">']
        if node["id"] not in drawn or short_label(node["label"]) != node["label"]:
            parts.append(f"<title>{_x(node['label'])}</title>")
        paint = f'fill="{fill}" stroke="{border}" stroke-width="{stroke_width}"{dash}'
        if _inside(data, node, kinds):
            width, height, lines = _box(node, kind)
            parts.append(f'<rect x="{round(x - width / 2, 2)}" y="{round(y - height / 2, 2)}" width="{width}" '
                         f'height="{round(height, 2)}" rx="5" {paint}/>')
            size = kind["fontSize"]
            colour = kind["fontColor"] if not node["context"] else "#1f2933"
            first = y - (len(lines) - 1) * size * 0.6
            for i, line in enumerate(lines):
                parts.append(f'<text class="label" x="{x}" y="{round(first + i * size * 1.2, 2)}" font-size="{size}" '
                             f'text-anchor="middle" dominant-baseline="central" fill="{colour}">{_x(line)}</text>')
        elif kind["inside"]:
            parts.append(f'<rect x="{x - 11}" y="{y - 7}" width="22" height="14" rx="3" {paint}/>')
        elif kind["shape"] == "square":
            r = kind["size"]
            parts.append(f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" {paint}/>')
        else:
            points = _polygon(kind["shape"], x, y, kind["size"] * 1.15)
            parts.append(f'<polygon points="{points}" {paint}/>' if points else
                         f'<circle cx="{x}" cy="{y}" r="{kind["size"]}" {paint}/>')
        parts.append("</g>")
        body.append("".join(parts))

    # labels beside nodes and on moves
    for label in labels:
        if label["inside"]:
            continue
        size = EDGE_LABEL_SIZE if label["kind"] == "edge" else LABEL_SIZE
        colour = "#3e4c59" if label["kind"] == "edge" else "#1f2933"
        body.append(f'<text class="label" x="{round(label["x"] + 2, 2)}" y="{round(label["y"] + 2 + size * 0.85, 2)}" '
                    f'font-size="{size}" fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
                    f'stroke-linejoin="round">{_x(label["text"])}</text>')

    # the legend: kinds, relations, marks
    legend: list[str] = []
    ly = top + header

    def heading(text: str) -> None:
        nonlocal ly
        ly += 10
        legend.append(f'<text x="{legend_x}" y="{ly}" font-size="12" font-weight="700" fill="#616e7c">{_x(text)}</text>')
        ly += 8

    heading(data["ui"].get("kindsHeading", "Kinds of node"))
    for kind in data["kinds"]:
        ly += 18
        legend.append(f'<rect x="{legend_x}" y="{ly - 10}" width="12" height="12" rx="2" fill="{kind["color"]}" '
                      f'stroke="{kind["border"]}" stroke-width="2"/>'
                      f'<text x="{legend_x + 20}" y="{ly}" font-size="12" fill="#1f2933">{_x(kind["label"])} ({kind["count"]})</text>')
    ly += 10
    heading(data["ui"].get("relationsHeading", "Kinds of edge"))
    for relation in data["relations"]:
        ly += 18
        legend.append(f'<line x1="{legend_x}" y1="{ly - 4}" x2="{legend_x + 14}" y2="{ly - 4}" stroke="{relation["color"]}" '
                      f'stroke-width="3"/><text x="{legend_x + 20}" y="{ly}" font-size="12" fill="#1f2933">'
                      f'{_x(relation["label"])} ({relation["count"]})</text>')
    ly += 10
    heading(data["ui"].get("marks", "Marks"))
    mark_style = {"path": f'fill="#ffffff" stroke="{path_colour}" stroke-width="3"',
                  "context": 'fill="#f0f4f8" stroke="#9aa5b1" stroke-width="2" stroke-dasharray="4 3"',
                  "focus": 'fill="#ffffff" stroke="#1c4f85" stroke-width="3"'}
    for mark in data["marks"]:
        if mark["mark"] in ("selected", "hidden"):  # things the page does, not the picture
            continue
        ly += 18
        if mark["mark"] == "inferred":
            swatch = f'<line x1="{legend_x}" y1="{ly - 4}" x2="{legend_x + 14}" y2="{ly - 4}" stroke="#334e68" stroke-width="2" stroke-dasharray="4 3"/>'
        else:
            swatch = f'<rect x="{legend_x}" y="{ly - 10}" width="14" height="11" rx="2" {mark_style[mark["mark"]]}/>'
        legend.append(f'{swatch}<text x="{legend_x + 20}" y="{ly}" font-size="12" fill="#1f2933">{_x(mark["label"])}</text>')
    legend_width = 20 + max([text_width(k["label"] + " (000)", 12) for k in data["kinds"]]
                            + [text_width(r["label"] + " (000)", 12) for r in data["relations"]]
                            + [text_width(m["label"], 12) for m in data["marks"] if m["mark"] not in ("selected", "hidden")]
                            + [100])
    graph_bottom = max(bottom, ly + 20)

    # a path view: each move with what it asks to learn
    steps: list[str] = []
    sy = graph_bottom + 10
    widest = max(text_width(data["title"], 18) * 1.1, text_width(data["subtitle"], 12))
    ui = data["ui"]
    for i, path in enumerate(data["steps"]):
        sy += 22
        count = len(path)
        steps.append(f'<text x="{left}" y="{sy}" font-size="14" font-weight="700" fill="#1f2933">'
                     f'{i + 1}. {_x((ui["move"] if count == 1 else ui["moves"]).replace("{n}", str(count)))}</text>')
        for step in path:
            sy += 18
            move = f'{nodes[step["from"]]["label"]} → {nodes[step["to"]]["label"]} · {step["move"]}'
            if step["inferred"]:
                move += f' ({ui["inferred"]})'
            steps.append(f'<text x="{left + 14}" y="{sy}" font-size="12" font-weight="600" fill="#1f2933">{_x(move)}</text>')
            widest = max(widest, 14 + text_width(move, 12) * 1.1)  # bold letters are a little wider
            lines = []
            if step["skills"]:
                names = ", ".join(s["label"] + (f' ({s["level"]})' if s.get("level") else "") for s in step["skills"][:12])
                more = f' {ui["more"].replace("{n}", str(len(step["skills"]) - 12))}' if len(step["skills"]) > 12 else ""
                lines.append(f'{ui["learn"]} · {ui["skills"]} ({len(step["skills"])}): {names}{more}')
            if step["tools"]:
                names = ", ".join(t["label"] for t in step["tools"][:12])
                more = f' {ui["more"].replace("{n}", str(len(step["tools"]) - 12))}' if len(step["tools"]) > 12 else ""
                lines.append(f'{ui["learn"]} · {ui["tools"]} ({len(step["tools"])}): {names}{more}')
            if step["equipment"]:
                names = ", ".join(t["label"] for t in step["equipment"][:12])
                more = (f' {ui["more"].replace("{n}", str(len(step["equipment"]) - 12))}'
                        if len(step["equipment"]) > 12 else "")
                lines.append(f'{ui["learn"]} · {ui["equipment"]} ({len(step["equipment"])}): {names}{more}')
            if not lines:
                lines.append(f'{ui["learn"]}: {ui["nothingNew"]}')
            for line in lines:
                for part in _wrap(line, 12, max(right - left + legend_width, 400)):
                    widest = max(widest, 28 + text_width(part, 12))
                    sy += 16
                    steps.append(f'<text x="{left + 28}" y="{sy}" font-size="12" fill="#3e4c59">{_x(part)}</text>')
    total_right = max(legend_x + legend_width, left + widest) + 20
    total_bottom = sy + 24
    width, height = round(total_right - left), round(total_bottom - top)
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{round(left)} {round(top)} {width} {height}" '
               f'width="{width}" height="{height}" font-family="{FONT}" lang="{_x(data["lang"])}">')
    out.append(f"<title>{_x(data['title'])}</title>")
    out.append("<defs>" + "".join(
        f'<marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for colour, marker in markers.items()) + "</defs>")
    out.append(f'<rect x="{round(left)}" y="{round(top)}" width="{width}" height="{height}" fill="#ffffff"/>')
    out.append(f'<text x="{left}" y="{top + 22}" font-size="18" font-weight="700" fill="#1f2933">{_x(data["title"])}</text>')
    out.append(f'<text x="{left}" y="{top + 42}" font-size="12" fill="#616e7c">{_x(data["subtitle"])}</text>')
    out.append(f'<g transform="translate(0 {header})">')
    out.extend(body)
    out.append("</g>")
    out.extend(legend)
    out.extend(steps)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_svg(view: View, graph: Graph, catalog: Catalog, *, lang: str = "en", title: str | None = None) -> str:
    """The SVG picture of ``view`` (write it with :func:`pmgraph.atomic.write_atomic`)."""
    from .render import UI, page_data

    data = page_data(view, graph, catalog, lang, title)
    text = UI.get(lang, UI["en"])
    data["ui"] = dict(data["ui"], kindsHeading=text["kinds"], relationsHeading=text["relations"])
    return svg_from_data(data)
