/* pmgraph page: draws the graph embedded in #pmgraph-data with vis-network.
 *
 * Every string from the data reaches the page through textContent or the canvas, never
 * through an HTML parser, so a label that holds an HTML tag shows as text. Positions
 * come from Python and physics is off, so the first draw does not wait for a simulation.
 * window.pmgraph exposes the network and a few actions for tests and curious users.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("pmgraph-data").textContent);
  var ui = data.ui;
  var state = { firstDraw: null, drawn: { nodes: 0, edges: 0 }, selected: null, activePath: null };
  var DIM_NODE = { background: "#eef0f3", border: "#d5d9df" };
  var DIM_FONT = "#b4bbc4";
  var DIM_EDGE = "#e3e6ea";
  var PATH_COLOR = "#d9480f";

  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.name] = k; });
  var relations = {};
  data.relations.forEach(function (r) { relations[r.property] = r; });
  var nodeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

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
    var k = kinds[n.kind] || data.fallbackKind;
    var fill = n.context ? k.light : k.color;
    var style = {
      id: n.id,
      shape: k.shape,
      color: dim ? { background: DIM_NODE.background, border: DIM_NODE.border,
                     highlight: { background: fill, border: k.border }, hover: DIM_NODE }
                 : { background: fill, border: k.border,
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
    var base = e.career ? "#52606d" : "#a3acb6";
    return {
      id: e.id,
      color: { color: dim ? DIM_EDGE : (onPath ? PATH_COLOR : base), highlight: "#111827", hover: "#111827",
               opacity: 1 },
      width: onPath ? 5 : (e.career ? 2 : 1),
      font: { color: dim ? "rgba(0,0,0,0)" : "#3e4c59", strokeColor: dim ? "rgba(0,0,0,0)" : "#ffffff" }
    };
  }
  function isOnPath(members, e) { return members.steps.has(e.from + "\u0000" + e.to); }

  var members = pathMembers();
  var visNodes = data.nodes.map(function (n) {
    var s = nodeStyle(n, false, members.nodes.has(n.id));
    var k = kinds[n.kind] || data.fallbackKind;
    s.label = n.label;
    s.x = n.x;
    s.y = n.y;
    s.size = k.size;
    s.font.size = k.fontSize;
    if (k.inside) s.margin = 10;
    return s;
  });
  var visEdges = data.edges.map(function (e) {
    var s = edgeStyle(e, false, isOnPath(members, e));
    s.from = e.from;
    s.to = e.to;
    s.label = e.label;
    s.smooth = e.roundness ? { enabled: true, type: "curvedCW", roundness: e.roundness } : false;
    return s;
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var big = data.nodes.length > 1500;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, navigationButtons: false, keyboard: false },
    nodes: {
      font: { face: getComputedStyle(document.body).fontFamily, size: 14, color: "#1f2933",
              strokeWidth: 0 },
      scaling: { label: { enabled: false, drawThreshold: 6 } },
      widthConstraint: { maximum: 220 },
      chosen: true
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      font: { face: getComputedStyle(document.body).fontFamily, size: 11, align: "middle", strokeWidth: 3 },
      scaling: { label: { enabled: false, drawThreshold: 7 } },
      selectionWidth: 1.5,
      hoverWidth: 0.5,
      smooth: false
    }
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {}, options);
  network.on("afterDrawing", function () {
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
    var shown = sources.slice(0, 3).join("; ");
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
                 el("span", "kindname", e.relation + (e.move ? " · " + e.move : ""))];
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
    nodes.update(data.nodes.map(function (n) {
      return nodeStyle(n, near !== null && !near.has(n.id), m.nodes.has(n.id));
    }));
    edges.update(data.edges.map(function (e) {
      var dim = near !== null && e.from !== focus && e.to !== focus;
      return edgeStyle(e, dim, isOnPath(m, e));
    }));
  }
  var details = document.getElementById("details");
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
      n.sources.forEach(function (s) { dl.appendChild(el("dd", null, s)); });
    }
    var around = network.getConnectedNodes(n.id).map(function (id) { return nodeById.get(id); });
    around.sort(function (a, b) { return a.label.localeCompare(b.label); });
    if (around.length) {
      dl.appendChild(el("dt", null, ui.neighbours + " (" + around.length + ")"));
      var dd = el("dd");
      var list = el("ul", "neighbours legend");
      around.slice(0, 40).forEach(function (m) {
        var li = el("li");
        var b = el("button", "item", m.label + " ");
        b.type = "button";
        b.appendChild(el("span", "kind", kindLabel(m.kind)));
        b.addEventListener("click", function () { pick(m.id); });
        li.appendChild(b);
        list.appendChild(li);
      });
      if (around.length > 40) list.appendChild(el("li", "empty", more(around.length - 40)));
      dd.appendChild(list);
      dl.appendChild(dd);
    }
    dl.appendChild(el("dt", null, "IRI"));
    dl.appendChild(el("dd", "iri", n.id));
    details.appendChild(dl);
    details.hidden = false;
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
  var hiddenKinds = new Set(), hiddenRelations = new Set();
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
      var b = el("button", null, pair[0]);
      b.type = "button";
      b.addEventListener("click", function () {
        boxes.forEach(function (box) {
          box.checked = pair[1];
          if (pair[1]) hidden.delete(box.value); else hidden.add(box.value);
        });
        applyFilters();
      });
      toggles.appendChild(b);
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
    s.style.background = item.relation.career ? "#52606d" : "#a3acb6";
    return s;
  });
  function showKind(kind) {
    if (!hiddenKinds.has(kind)) return;
    hiddenKinds.delete(kind);
    kindBoxes.forEach(function (box) { if (box.value === kind) box.checked = true; });
    applyFilters();
  }

  // -- search ----------------------------------------------------------------------------
  function fold(text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
  var index = data.nodes.map(function (n) {
    var keys = [fold(n.label)];
    Object.keys(n.names).forEach(function (lang) {
      n.names[lang].forEach(function (name) { keys.push(fold(name)); });
    });
    return { node: n, keys: keys };
  });
  function search(text) {
    var q = fold(text);
    if (!q) return [];
    var found = [];
    index.forEach(function (entry) {
      var rank = 3;
      entry.keys.forEach(function (key) {
        if (key === q) rank = Math.min(rank, 0);
        else if (key.indexOf(q) === 0) rank = Math.min(rank, 1);
        else if (key.indexOf(q) > 0) rank = Math.min(rank, 2);
      });
      if (rank < 3) found.push({ rank: rank, node: entry.node });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || a.node.label.localeCompare(b.node.label) || (a.node.id < b.node.id ? -1 : 1);
    });
    return found.map(function (f) { return f.node; });
  }
  var input = document.getElementById("search");
  var results = document.getElementById("results");
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
      var b = el("button", "item", n.label + " ");
      b.type = "button";
      b.dataset.id = n.id;
      b.appendChild(el("span", "kind", kindLabel(n.kind)));
      b.addEventListener("click", function () { pick(n.id); });
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

  // -- career paths --------------------------------------------------------------------
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
      var b = el("button", "item" + (choice.index === null ? " active" : ""), choice.label);
      b.type = "button";
      if (choice.hops !== null) b.appendChild(el("span", "hops", " (" + ui.moves.replace("{n}", String(choice.hops)) + ")"));
      b.addEventListener("click", function () {
        state.activePath = choice.index;
        buttons.forEach(function (other) { other.classList.toggle("active", other === b); });
        restyle();
      });
      buttons.push(b);
      li.appendChild(b);
      pathList.appendChild(li);
    });
  }

  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  window.pmgraph = {
    data: data, network: network, nodes: nodes, edges: edges, state: state,
    search: search, pick: pick, select: select, unselect: unselect
  };
}());
