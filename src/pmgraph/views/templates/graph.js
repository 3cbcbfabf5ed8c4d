/* pmgraph page: draws the graph embedded in #pmgraph-data with vis-network.
 *
 * Every string from the data reaches the page through textContent or the canvas, never
 * through an HTML parser, so a label that holds an HTML tag shows as text. Positions
 * come from Python and physics is off, so the first draw does not wait for a simulation.
 *
 * Labels: vis-network draws the labels inside boxes only on layered pages (ladders, paths),
 * where the layout keeps boxes apart. Every other label is drawn here, at a constant size on
 * screen, in order of priority (the selection and its neighbours, the page's focus and its
 * neighbours, the paths, roles, then the best connected), and only where it overlaps no label
 * already drawn; the rest appear on zoom or in the tooltip. state.labels lists the boxes of
 * the labels drawn (in CSS pixels of #graph), so tests and bench/ can check them.
 * window.pmgraph exposes the network and a few actions for tests and curious users.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("pmgraph-data").textContent);
  var ui = data.ui;
  var state = { firstDraw: null, drawn: { nodes: 0, edges: 0 }, selected: null, activePath: null, labels: [] };
  var DIM_NODE = { background: "#eef0f3", border: "#d5d9df" };
  var DIM_FONT = "#b4bbc4";
  var DIM_EDGE = "#e3e6ea";
  var PATH_COLOR = data.pathColor;
  var LABEL_SIZE = 12;
  var EDGE_LABEL_SIZE = 11;
  var layered = data.layout === "layered";

  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.name] = k; });
  var relations = {};
  data.relations.forEach(function (r) { relations[r.property] = r; });
  var nodeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  var edgesOf = new Map();
  data.nodes.forEach(function (n) { edgesOf.set(n.id, []); });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    edgesOf.get(e.from).push(e);
    if (e.to !== e.from) edgesOf.get(e.to).push(e);
  });
  function kindOf(n) { return kinds[n.kind] || data.fallbackKind; }
  // vis-network draws a label only inside the boxes of a layered page
  function insideLabel(n) { return layered && kindOf(n).inside && !(data.mode === "path" && n.context); }

  // -- paths ---------------------------------------------------------------------------
  function activePaths() {
    return state.activePath === null ? data.paths : [data.paths[state.activePath]];
  }
  function pathMembers() {
    var nodes = new Set(), steps = new Set();
    activePaths().forEach(function (path) {
      path.forEach(function (id, i) {
        nodes.add(id);
        if (i > 0) steps.add(path[i - 1] + "\u0000" + id);
      });
    });
    return { nodes: nodes, steps: steps };
  }

  // -- styles --------------------------------------------------------------------------
  function nodeStyle(n, dim, onPath) {
    var k = kindOf(n);
    var fill = n.context ? k.light : k.color;
    var style = {
      id: n.id,
      shape: k.shape,
      color: dim ? { background: DIM_NODE.background, border: DIM_NODE.border,
                     highlight: { background: fill, border: k.border }, hover: DIM_NODE }
                 : { background: fill, border: n.context ? "#9aa5b1" : k.border,
                     highlight: { background: fill, border: "#111827" },
                     hover: { background: fill, border: "#111827" } },
      font: { color: dim ? DIM_FONT : (k.inside && !n.context ? k.fontColor : "#1f2933") },
      borderWidth: onPath ? 5 : (n.focus ? 4 : 2),
      shapeProperties: { borderDashes: n.context ? [5, 4] : false }
    };
    if (onPath && !dim) style.color.border = PATH_COLOR;
    if (onPath) style.shadow = { enabled: !dim, color: "rgba(217,72,15,.35)", size: 12, x: 0, y: 0 };
    else style.shadow = { enabled: false };
    return style;
  }
  function edgeStyle(e, dim, onPath) {
    var faded = nodeById.get(e.from).context || nodeById.get(e.to).context;
    var base = faded ? "#c3cad3" : e.color;
    return {
      id: e.id,
      color: { color: dim ? DIM_EDGE : (onPath ? PATH_COLOR : base), highlight: "#111827", hover: "#111827",
               opacity: 1 },
      width: onPath ? 5 : (e.career ? 2 : 1.2),
      dashes: e.inferred ? [8, 6] : false
    };
  }
  function isOnPath(members, e) { return members.steps.has(e.from + "\u0000" + e.to); }

  var members = pathMembers();
  var visNodes = data.nodes.map(function (n) {
    var s = nodeStyle(n, false, members.nodes.has(n.id));
    var k = kindOf(n);
    s.x = n.x;
    s.y = n.y;
    s.size = k.size;
    s.font.size = k.fontSize;
    if (insideLabel(n)) {
      s.label = n.label;
      s.margin = 10;
    } else if (k.inside) {  // a small box: its label is drawn beside it, with the others
      s.label = " ";
      s.margin = 6;
      s.widthConstraint = { minimum: 22, maximum: 22 };
      s.heightConstraint = { minimum: 14 };
    }
    return s;
  });
  var visEdges = data.edges.map(function (e) {
    var s = edgeStyle(e, false, isOnPath(members, e));
    s.from = e.from;
    s.to = e.to;
    s.smooth = e.roundness ? { enabled: true, type: "curvedCW", roundness: e.roundness } : false;
    return s;
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var big = data.nodes.length > 1500;
  var fontFace = getComputedStyle(document.body).fontFamily;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, navigationButtons: false, keyboard: false },
    nodes: {
      font: { face: fontFace, size: 14, color: "#1f2933", strokeWidth: 0 },
      scaling: { label: { enabled: false, drawThreshold: 6 } },
      widthConstraint: { maximum: 200 },
      chosen: true
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      selectionWidth: 1.5,
      hoverWidth: 0.5,
      smooth: false
    }
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {}, options);

  // -- labels by priority, never overlapping -----------------------------------------------
  var hiddenKinds = new Set(), hiddenRelations = new Set();
  var focusNear = new Set();
  data.nodes.forEach(function (n) {
    if (n.focus) edgesOf.get(n.id).forEach(function (e) { focusNear.add(e.from); focusNear.add(e.to); });
  });
  var MAIN = { role: true, track: true, stage: true };
  var ranked = [];
  function rankLabels() {
    var near = new Set();
    if (state.selected !== null) {
      edgesOf.get(state.selected).forEach(function (e) { near.add(e.from); near.add(e.to); });
    }
    var onPath = pathMembers().nodes;
    function rank(n) {
      if (n.id === state.selected) return 0;
      if (near.has(n.id)) return 1;
      if (n.focus) return 2;
      if (focusNear.has(n.id) || onPath.has(n.id)) return 3;
      if (n.context) return 6;
      return MAIN[n.kind] ? 4 : 5;
    }
    ranked = data.nodes.map(function (n) { return { node: n, rank: rank(n) }; });
    ranked.sort(function (a, b) {
      return a.rank - b.rank || b.node.degree - a.node.degree || (a.node.label < b.node.label ? -1 : a.node.label > b.node.label ? 1 : 0)
        || (a.node.id < b.node.id ? -1 : 1);
    });
  }
  rankLabels();
  var widths = new Map();
  function textWidth(ctx, text, size) {
    var key = size + "\u0000" + text;
    var w = widths.get(key);
    if (w === undefined) {
      ctx.font = size + "px " + fontFace;
      w = ctx.measureText(text).width;
      widths.set(key, w);
    }
    return w;
  }
  function Grid() { this.cells = new Map(); }
  Grid.prototype.keys = function (b) {
    var out = [];
    for (var x = Math.floor(b.x / 80); x <= Math.floor((b.x + b.w) / 80); x++) {
      for (var y = Math.floor(b.y / 40); y <= Math.floor((b.y + b.h) / 40); y++) out.push(x + "," + y);
    }
    return out;
  };
  Grid.prototype.free = function (b) {
    var keys = this.keys(b);
    for (var i = 0; i < keys.length; i++) {
      var cell = this.cells.get(keys[i]);
      if (!cell) continue;
      for (var j = 0; j < cell.length; j++) {
        var o = cell[j];
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
    }
    return true;
  };
  Grid.prototype.add = function (b) {
    var self = this;
    this.keys(b).forEach(function (key) {
      var cell = self.cells.get(key);
      if (!cell) self.cells.set(key, cell = []);
      cell.push(b);
    });
  };
  function visible(n) { return !hiddenKinds.has(n.kind); }
  // a long label (a whole interview question) is cut beside its node; the tooltip has it whole
  var LABEL_MAX = 36;
  function shortLabel(text) {
    var letters = Array.from(text);
    return letters.length > LABEL_MAX ? letters.slice(0, LABEL_MAX - 1).join("").trimEnd() + "…" : text;
  }
  function placeLabels(ctx) {
    var scale = network.getScale();
    var width = container.clientWidth, height = container.clientHeight;
    var grid = new Grid();
    var placed = [];
    var near = null;
    if (state.selected !== null) {
      near = new Set();
      edgesOf.get(state.selected).forEach(function (e) { near.add(e.from); near.add(e.to); });
    }
    // the labels vis-network draws inside boxes come first: the layout keeps them apart
    if (layered) {
      data.nodes.forEach(function (n) {
        if (!insideLabel(n) || !visible(n) || kindOf(n).fontSize * scale < 6) return;
        var box = network.getBoundingBox(n.id);
        var a = network.canvasToDOM({ x: box.left, y: box.top }), b = network.canvasToDOM({ x: box.right, y: box.bottom });
        var item = { id: n.id, kind: "node", text: n.label, x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y, inside: true };
        if (item.x > width || item.y > height || item.x + item.w < 0 || item.y + item.h < 0) return;
        grid.add(item);
        placed.push(item);
      });
    }
    var draw = [];
    ranked.forEach(function (r) {
      var n = r.node;
      if (insideLabel(n) || !visible(n)) return;
      var p = network.canvasToDOM({ x: n.x, y: n.y });
      var radius = Math.max(kindOf(n).inside ? 9 : kindOf(n).size, 4) * scale;
      if (p.x < -200 || p.y < -50 || p.x > width + 200 || p.y > height + 50) return;
      var text = shortLabel(n.label);
      var w = textWidth(ctx, text, LABEL_SIZE) + 4, h = LABEL_SIZE + 4;
      var spots = [[p.x - w / 2, p.y + radius + 2], [p.x - w / 2, p.y - radius - 2 - h],
                   [p.x + radius + 3, p.y - h / 2], [p.x - radius - 3 - w, p.y - h / 2]];
      for (var i = 0; i < spots.length; i++) {
        var item = { id: n.id, kind: "node", text: text, x: spots[i][0], y: spots[i][1], w: w, h: h };
        // only where it is read whole: on screen, and on no other label
        if (item.x >= 0 && item.y >= 0 && item.x + w <= width && item.y + h <= height && grid.free(item)) {
          grid.add(item);
          placed.push(item);
          draw.push({ item: item, dim: near !== null && !near.has(n.id) });
          break;
        }
      }
    });
    // on layered pages, the kind of each move, where it fits
    if (layered) {
      data.edges.forEach(function (e) {
        var a = nodeById.get(e.from), b = nodeById.get(e.to);
        // around a path, the many moves of the roles around it stay unlabelled
        var around = data.mode === "path" && (a.context || b.context);
        if (!e.move || around || hiddenRelations.has(e.property) || !visible(a) || !visible(b)) return;
        var body = network.body.edges[e.id];
        if (!body || !body.edgeType) return;
        var mid = network.canvasToDOM(body.edgeType.getPoint(0.5));
        var text = e.move;  // an inferred move says so by its dashes (and in the tooltip and the panel)
        var w = textWidth(ctx, text, EDGE_LABEL_SIZE) + 4, h = EDGE_LABEL_SIZE + 4;
        // on the edge, else just above or below it
        var offsets = [-h / 2, -h - 3, 3];
        for (var i = 0; i < offsets.length; i++) {
          var item = { id: e.id, kind: "edge", text: text, x: mid.x - w / 2, y: mid.y + offsets[i], w: w, h: h };
          if (grid.free(item)) {
            grid.add(item);
            placed.push(item);
            draw.push({ item: item, dim: state.selected !== null && e.from !== state.selected && e.to !== state.selected, edge: true });
            break;
          }
        }
      });
    }
    return { placed: placed, draw: draw };
  }
  network.on("afterDrawing", function (ctx) {
    var result = placeLabels(ctx);
    var ratio = ctx.canvas.width / Math.max(1, container.clientWidth);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    result.draw.forEach(function (d) {
      var size = d.edge ? EDGE_LABEL_SIZE : LABEL_SIZE;
      ctx.font = size + "px " + fontFace;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,.92)";
      ctx.fillStyle = d.dim ? DIM_FONT : (d.edge ? "#3e4c59" : "#1f2933");
      ctx.strokeText(d.item.text, d.item.x + 2, d.item.y + 2);
      ctx.fillText(d.item.text, d.item.x + 2, d.item.y + 2);
    });
    ctx.restore();
    state.labels = result.placed;
    if (state.firstDraw === null) state.firstDraw = performance.now();
    state.drawn = { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
  });
  network.setData({ nodes: nodes, edges: edges });
  network.fit({ animation: false });

  // -- helpers -------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function kindLabel(name) { return (kinds[name] || { label: name }).label; }
  function more(count) { return ui.more.replace("{n}", String(count)); }
  function sectionLabel(iri) { return (data.sections[iri] || { label: iri }).label; }
  function button(className, text, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function sourceButtons(iris) {
    var box = el("div", "srcs");
    iris.forEach(function (iri) {
      box.appendChild(button("src", sectionLabel(iri), function () { openSource(iri); }));
    });
    return box;
  }

  // -- tooltip -------------------------------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  function showTooltip(parts, pointer) {
    clear(tooltip);
    parts.forEach(function (p) { tooltip.appendChild(p); });
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = Math.min(pointer.x + 14, box.width - tooltip.offsetWidth - 8);
    var y = pointer.y + 14;
    if (y + tooltip.offsetHeight > box.height - 8) y = Math.max(8, pointer.y - tooltip.offsetHeight - 14);
    tooltip.style.left = Math.max(8, x) + "px";
    tooltip.style.top = y + "px";
  }
  function sourceLine(sources) {
    if (!sources.length) return null;
    var shown = sources.slice(0, 3).map(sectionLabel).join("; ");
    if (sources.length > 3) shown += " " + more(sources.length - 3);
    return el("div", "sources", ui.sources + ": " + shown);
  }
  network.on("hoverNode", function (params) {
    var n = nodeById.get(params.node);
    var parts = [el("strong", null, n.label), el("span", "kindname", kindLabel(n.kind))];
    if (n.definition) parts.push(el("p", null, n.definition.length > 320 ? n.definition.slice(0, 317) + "…" : n.definition));
    var s = sourceLine(n.sources);
    if (s) parts.push(s);
    showTooltip(parts, params.pointer.DOM);
  });
  network.on("hoverEdge", function (params) {
    var e = edgeById.get(params.edge);
    var parts = [el("strong", null, nodeById.get(e.from).label + " → " + nodeById.get(e.to).label),
                 el("span", "kindname", e.relation + (e.move ? " · " + e.move : "") + (e.inferred ? " · " + ui.inferred : ""))];
    var s = sourceLine(e.sources);
    if (s) parts.push(s);
    showTooltip(parts, params.pointer.DOM);
  });
  function hideTooltip() { tooltip.hidden = true; }
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // -- neighbourhood highlight and details -----------------------------------------------
  function restyle() {
    var focus = state.selected;
    var near = null;
    if (focus !== null) {
      near = new Set(network.getConnectedNodes(focus));
      near.add(focus);
    }
    var m = pathMembers();
    rankLabels();
    nodes.update(data.nodes.map(function (n) {
      return nodeStyle(n, near !== null && !near.has(n.id), m.nodes.has(n.id));
    }));
    edges.update(data.edges.map(function (e) {
      var dim = near !== null && e.from !== focus && e.to !== focus;
      return edgeStyle(e, dim, isOnPath(m, e));
    }));
  }
  var details = document.getElementById("details");
  function connections(n) {
    var groups = new Map();
    edgesOf.get(n.id).forEach(function (e) {
      var out = e.from === n.id;
      var key = (out ? "out" : "in") + "\u0000" + e.property;
      if (!groups.has(key)) {
        var r = relations[e.property];
        groups.set(key, { label: out ? r.label : r.inverse, color: r.color, items: [] });
      }
      groups.get(key).items.push({ edge: e, other: nodeById.get(out ? e.to : e.from) });
    });
    var list = Array.from(groups.values());
    list.sort(function (a, b) { return b.items.length - a.items.length || (a.label < b.label ? -1 : 1); });
    return list;
  }
  function showDetails(n) {
    clear(details);
    details.appendChild(el("h3", null, n.label));
    details.appendChild(el("div", "kindname", kindLabel(n.kind)));
    if (n.definition) details.appendChild(el("p", null, n.definition));
    var dl = el("dl");
    var names = [];
    Object.keys(n.names).forEach(function (lang) {
      names.push((lang ? lang + ": " : "") + n.names[lang].join(", "));
    });
    if (names.length) {
      dl.appendChild(el("dt", null, ui.names));
      names.forEach(function (line) { dl.appendChild(el("dd", null, line)); });
    }
    if (n.sources.length) {
      dl.appendChild(el("dt", null, ui.sources));
      var dd = el("dd");
      dd.appendChild(sourceButtons(n.sources));
      dl.appendChild(dd);
    }
    var groups = connections(n);
    if (groups.length) {
      var count = groups.reduce(function (total, g) { return total + g.items.length; }, 0);
      dl.appendChild(el("dt", null, ui.connections + " (" + count + ")"));
      var holder = el("dd", "connections");
      groups.forEach(function (g) {
        var section = el("div", "group");
        var h = el("h4");
        var sw = el("span", "swatch line");
        sw.style.background = g.color;
        h.appendChild(sw);
        h.appendChild(el("span", "relation", g.label + " (" + g.items.length + ")"));
        section.appendChild(h);
        var list = el("ul");
        g.items.sort(function (a, b) { return a.other.label.localeCompare(b.other.label); });
        g.items.slice(0, 40).forEach(function (item) {
          var li = el("li");
          var b = button("item", item.other.label + " ", function () { pick(item.other.id); });
          b.dataset.id = item.other.id;
          b.appendChild(el("span", "kind", kindLabel(item.other.kind) + (item.edge.move ? " · " + item.edge.move : "")));
          if (item.edge.inferred) b.appendChild(el("span", "tag", ui.inferred));
          li.appendChild(b);
          if (item.edge.sources.length) li.appendChild(sourceButtons(item.edge.sources));
          list.appendChild(li);
        });
        if (g.items.length > 40) list.appendChild(el("li", "empty", more(g.items.length - 40)));
        section.appendChild(list);
        holder.appendChild(section);
      });
      dl.appendChild(holder);
    }
    dl.appendChild(el("dt", null, "IRI"));
    dl.appendChild(el("dd", "iri", n.id));
    details.appendChild(dl);
    details.hidden = false;
  }
  function openSource(iri) {
    var section = data.sections[iri] || { label: iri, heading: null, document: null };
    var doc = section.document ? data.documents[section.document] : null;
    var back = state.selected;
    clear(details);
    if (back !== null) details.appendChild(button("back", "← " + ui.back, function () { showDetails(nodeById.get(back)); }));
    details.appendChild(el("div", "kindname", ui.source));
    details.appendChild(el("h3", "source-label", section.label));
    if (section.heading) details.appendChild(el("p", "source-heading", section.heading));
    var dl = el("dl");
    function row(name, value, className) {
      if (!value) return;
      dl.appendChild(el("dt", null, name));
      dl.appendChild(el("dd", className || null, value));
    }
    if (doc) {
      row(ui.document, doc.label, "document");
      row(ui.title, doc.title);
      row(ui.author, doc.creator);
      row(ui.publisher, doc.publisher);
      row(ui.date, doc.date);
      row(ui.language, doc.language);
      row(ui.about, doc.description);
      row(ui.note, doc.note);
      if (doc.sections.length) {
        dl.appendChild(el("dt", null, ui.sections + " (" + doc.sections.length + ")"));
        var dd = el("dd");
        var list = el("ol", "sections");
        doc.sections.forEach(function (s) {
          var li = el("li", s.iri === iri ? "current" : null, s.label);
          if (s.heading) li.appendChild(el("span", "heading", s.heading));
          list.appendChild(li);
        });
        dd.appendChild(list);
        dl.appendChild(dd);
      }
      var page = data.sourcePages[doc.iri];
      if (page) {
        var link = el("a", "source-page", ui.sourcePage);
        link.href = page + "#" + iri.split("/").pop();
        dl.appendChild(el("dt", null, ""));
        var ddl = el("dd");
        ddl.appendChild(link);
        dl.appendChild(ddl);
      }
    }
    dl.appendChild(el("dt", null, "IRI"));
    dl.appendChild(el("dd", "iri", iri));
    details.appendChild(dl);
    details.hidden = false;
    document.body.classList.add("panel-open");
    details.scrollIntoView({ block: "nearest" });
  }
  function select(id) {
    state.selected = id;
    network.selectNodes([id], true);
    restyle();
    showDetails(nodeById.get(id));
  }
  function unselect() {
    state.selected = null;
    network.unselectAll();
    details.hidden = true;
    restyle();
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) unselect();
  });

  // -- filters ---------------------------------------------------------------------------
  function applyFilters() {
    var nodeChanges = [];
    visNodes.forEach(function (v, i) {
      var hide = hiddenKinds.has(data.nodes[i].kind);
      if (v.hidden !== hide) { v.hidden = hide; nodeChanges.push({ id: v.id, hidden: hide }); }
    });
    var edgeChanges = [];
    visEdges.forEach(function (v, i) {
      var hide = hiddenRelations.has(data.edges[i].property);
      if (v.hidden !== hide) { v.hidden = hide; edgeChanges.push({ id: v.id, hidden: hide }); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    network.redraw();
  }
  function legend(listId, togglesId, items, hidden, swatch) {
    var list = document.getElementById(listId);
    var boxes = [];
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = item.key;
      box.addEventListener("change", function () {
        if (box.checked) hidden.delete(item.key); else hidden.add(item.key);
        applyFilters();
      });
      boxes.push(box);
      label.appendChild(box);
      label.appendChild(swatch(item));
      label.appendChild(el("span", "name", item.label));
      label.appendChild(el("span", "count", String(item.count)));
      li.appendChild(label);
      list.appendChild(li);
    });
    var toggles = document.getElementById(togglesId);
    [[ui.all, true], [ui.none, false]].forEach(function (pair) {
      toggles.appendChild(button(null, pair[0], function () {
        boxes.forEach(function (box) {
          box.checked = pair[1];
          if (pair[1]) hidden.delete(box.value); else hidden.add(box.value);
        });
        applyFilters();
      }));
    });
    return boxes;
  }
  var kindBoxes = legend("kinds", "kind-toggles", data.kinds.map(function (k) {
    return { key: k.name, label: k.label, count: k.count, kind: k };
  }), hiddenKinds, function (item) {
    var s = el("span", "swatch " + item.kind.shape);
    s.style.background = item.kind.color;
    s.style.borderColor = item.kind.border;
    return s;
  });
  legend("relations", "relation-toggles", data.relations.map(function (r) {
    return { key: r.property, label: r.label, count: r.count, relation: r };
  }), hiddenRelations, function (item) {
    var s = el("span", "swatch line");
    s.style.background = item.relation.color;
    return s;
  });
  var marks = document.getElementById("marks");
  data.marks.forEach(function (m) {
    var li = el("li");
    li.dataset.mark = m.mark;
    li.appendChild(el("span", "swatch mark mark-" + m.mark));
    li.appendChild(el("span", "name wrap", m.label));
    marks.appendChild(li);
  });
  function showKind(kind) {
    if (!hiddenKinds.has(kind)) return;
    hiddenKinds.delete(kind);
    kindBoxes.forEach(function (box) { if (box.value === kind) box.checked = true; });
    applyFilters();
  }

  // -- search: the ranking of `pmgraph search` (pmgraph.model.search) ---------------------
  // exact label 1, prefix 0.9, contained 0.8, same letters and digits 0.75, a close spelling
  // 0.7 × difflib's ratio (at least 0.7) of the query and the best window of the label; ties
  // by the matched label's strength (an own name before an alternative before a hidden one),
  // then by kind (roles, stages, skills, tools, duties, departments, tool categories, then the
  // rest), then by how many statements point at the entity, then by label.
  var KIND_ORDER = ["role", "stage", "skill", "tool", "duty", "department", "tool-category"];
  // the strength of each label property, by its rank: prefLabel, altLabel, hiddenLabel, rdfs:label, notation
  var STRENGTH = [0, 1, 2, 0, 0];
  function normalize(text) { return text.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" "); }
  function loose(text) { return normalize(text).replace(/[^\p{L}\p{N}]/gu, ""); }
  function chars(text) { return Array.from(text); }
  function matched(a, b) {  // difflib.SequenceMatcher(None, a, b): letters in matching blocks
    var b2j = new Map();
    b.forEach(function (ch, j) { if (!b2j.has(ch)) b2j.set(ch, []); b2j.get(ch).push(j); });
    var total = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), alo = q[0], ahi = q[1], blo = q[2], bhi = q[3];
      var besti = alo, bestj = blo, best = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map(), js = b2j.get(a[i]) || [];
        for (var t = 0; t < js.length; t++) {
          var j = js[t];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > best) { besti = i - k + 1; bestj = j - k + 1; best = k; }
        }
        j2len = next;
      }
      if (best) {
        total += best;
        if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
        if (besti + best < ahi && bestj + best < bhi) queue.push([besti + best, ahi, bestj + best, bhi]);
      }
    }
    return total;
  }
  function closeness(query, text) {
    var q = chars(query), t = chars(text), width = q.length, best = 0;
    var windows = [];
    if (t.length <= width + 2) windows.push(t);
    else for (var start = 0; start <= t.length - width; start++) windows.push(t.slice(start, start + width + 1));
    windows.forEach(function (w) {
      var r = 2 * matched(q, w) / (q.length + w.length);
      if (r > best) best = r;
    });
    return best >= 0.7 ? Math.round(0.7 * best * 10000) / 10000 : 0;
  }
  function score(query, queryLoose, key) {
    if (key.text === query) return 1;
    if (key.text.indexOf(query) === 0) return 0.9;
    if (key.text.indexOf(query) > 0) return 0.8;
    if (queryLoose && key.loose.indexOf(queryLoose) >= 0) return 0.75;
    if (chars(query).length < 3) return 0;
    return closeness(query, key.text);
  }
  function kindRank(kind) { var i = KIND_ORDER.indexOf(kind); return i < 0 ? KIND_ORDER.length : i; }
  var index = data.nodes.map(function (n) {
    var keys = n.keys.map(function (pair) { return { text: normalize(pair[0]), loose: loose(pair[0]), rank: pair[1] }; });
    if (!keys.length) keys.push({ text: normalize(n.label), loose: loose(n.label), rank: 0 });
    return { node: n, keys: keys, sortKey: normalize(n.label) };
  });
  function search(text) {
    var query = normalize(text);
    if (!query) return [];
    var queryLoose = loose(text);
    var found = [];
    index.forEach(function (entry) {
      var best = 0, rank = 99;
      entry.keys.forEach(function (key) {
        var s = score(query, queryLoose, key);
        if (s > best || (s === best && s > 0 && key.rank < rank)) { best = s; rank = key.rank; }
      });
      if (best > 0) found.push({ score: best, strength: STRENGTH[rank], entry: entry });
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.strength - b.strength || kindRank(a.entry.node.kind) - kindRank(b.entry.node.kind)
        || (a.entry.node.kind < b.entry.node.kind ? -1 : a.entry.node.kind > b.entry.node.kind ? 1 : 0)
        || b.entry.node.weight - a.entry.node.weight
        || (a.entry.sortKey < b.entry.sortKey ? -1 : a.entry.sortKey > b.entry.sortKey ? 1 : 0)
        || (a.entry.node.id < b.entry.node.id ? -1 : 1);
    });
    return found.map(function (f) { return f.entry.node; });
  }
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  function narrow() { return window.matchMedia("(max-width: 640px)").matches; }
  function pick(id) {
    showKind(nodeById.get(id).kind);
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }
  function showResults() {
    clear(results);
    if (!input.value.trim()) return;
    var found = search(input.value);
    if (!found.length) { results.appendChild(el("li", "empty", ui.noMatch)); return; }
    found.slice(0, 12).forEach(function (n) {
      var li = el("li");
      var b = button("item", n.label + " ", function () { pick(n.id); });
      b.dataset.id = n.id;
      b.appendChild(el("span", "kind", kindLabel(n.kind)));
      li.appendChild(b);
      results.appendChild(li);
    });
    if (found.length > 12) results.appendChild(el("li", "empty", more(found.length - 12)));
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(input.value);
      if (found.length) pick(found[0].id);
    } else if (event.key === "Escape") {
      input.value = "";
      showResults();
    }
  });

  // -- career paths and what each move asks to learn ------------------------------------
  function moves(count) { return (count === 1 ? ui.move : ui.moves).replace("{n}", String(count)); }
  function nameList(items, withLevel) {
    var shown = items.slice(0, 12).map(function (i) { return i.label + (withLevel && i.level ? " (" + i.level + ")" : ""); });
    return shown.join(", ") + (items.length > 12 ? " " + more(items.length - 12) : "");
  }
  if (data.paths.length) {
    document.getElementById("paths-section").hidden = false;
    var pathList = document.getElementById("paths");
    var buttons = [];
    var choices = [{ label: ui.allPaths, index: null, hops: null }].concat(data.paths.map(function (path, i) {
      return { label: (i + 1) + ". " + path.map(function (id) { return nodeById.get(id).label; }).join(" → "),
               index: i, hops: path.length - 1 };
    }));
    choices.forEach(function (choice) {
      var li = el("li");
      var b = button("item" + (choice.index === null ? " active" : ""), choice.label, function () {
        state.activePath = choice.index;
        buttons.forEach(function (other) { other.classList.toggle("active", other === b); });
        restyle();
      });
      if (choice.hops !== null) b.appendChild(el("span", "hops", " (" + moves(choice.hops) + ")"));
      buttons.push(b);
      li.appendChild(b);
      pathList.appendChild(li);
    });
    var stepList = document.getElementById("steps");
    data.steps.forEach(function (steps, i) {
      stepList.appendChild(el("h3", null, (i + 1) + ". " + moves(steps.length)));
      steps.forEach(function (step) {
        var li = el("li", "step");
        li.appendChild(el("div", "move", nodeById.get(step.from).label + " → " + nodeById.get(step.to).label
                                           + " · " + step.move + (step.inferred ? " (" + ui.inferred + ")" : "")));
        if (step.condition) li.appendChild(el("div", "condition", ui.condition + ": " + step.condition));
        if (step.skills.length || step.tools.length || step.equipment.length) {
          if (step.skills.length) li.appendChild(el("div", "learn", ui.learn + " · " + ui.skills + " (" + step.skills.length + "): " + nameList(step.skills, true)));
          if (step.tools.length) li.appendChild(el("div", "learn", ui.learn + " · " + ui.tools + " (" + step.tools.length + "): " + nameList(step.tools, false)));
          if (step.equipment.length) li.appendChild(el("div", "learn", ui.learn + " · " + ui.equipment + " (" + step.equipment.length + "): " + nameList(step.equipment, false)));
        } else {
          li.appendChild(el("div", "none", ui.learn + ": " + ui.nothingNew));
        }
        if (step.sources.length) li.appendChild(sourceButtons(step.sources));
        stepList.appendChild(li);
      });
    });
  }

  // -- small screens: the panel folds into a button ------------------------------------
  var toggle = document.getElementById("panel-toggle");
  function setPanel(open) {
    document.body.classList.toggle("panel-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { setPanel(!document.body.classList.contains("panel-open")); });
  document.getElementById("panel-close").addEventListener("click", function () { setPanel(false); });
  results.addEventListener("click", function () { if (narrow()) setPanel(false); });

  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  window.pmgraph = {
    data: data, network: network, nodes: nodes, edges: edges, state: state,
    search: search, pick: pick, select: select, unselect: unselect, openSource: openSource
  };
}());
