"""Layers: the bundled ontology, each imported dataset and the ``--data`` files, indexed one by one.

A local knowledge base is a *stack* of layers, bottom to top: the bundled ontology (built
once per pmgraph version), the imported datasets in the order they were imported (each
built once, when imported), and the ``--data`` files (a small overlay keyed by their bytes).
Each layer has a folder in the cache (:mod:`pmgraph.kb.snapshot`) holding:

* ``store/``: the Oxigraph store of the whole stack up to this layer: a hard-linked copy
  (``Store.backup``) of the store below, with this layer's triples loaded into it;
* ``index.sqlite``, ``projections.sqlite``, ``knowledge.sqlite``: this layer's own rows of
  the declared tables, computed by the usual functions (:class:`~pmgraph.model.catalog.Catalog`,
  :class:`~pmgraph.model.resolve.Resolver`, :data:`pmgraph.kb.base.PROJECTIONS`,
  :func:`~pmgraph.kb.snapshot.write_knowledge`) over the layer's *context graph*
  (:func:`add_context`): its own triples, the vocabulary of the stack below, and every
  triple below whose subject the layer mentions (with the labels and types of what those
  triples point at).

A layer's key is a hash of pmgraph's code, the key of the layer below and its own content,
so adding or changing a ``--data`` file, or importing the crosswalk on top of ESCO and
O*NET, builds one small layer and re-indexes nothing below it.

How the layers' rows are merged when read (documented in ``docs/architecture.md``):

* kinds, labels and preferred labels of an entity: the **topmost** layer that has a row
  wins. That row was computed with every triple of the entity below (its context), so it is
  the row the merged graph gives;
* source sections (document and heading): per field, the topmost layer's value that is not
  None (:func:`merge_fields`: a layer that only links a section may not state them);
* name keys: the union of the layers' ``{entity: strength}``, the **strongest** (lowest)
  strength per entity, exactly as one index of the merged graph keeps the strongest;
* role profiles: the **union** per kind; role requirements: per skill, the **stronger**
  requirement (:func:`pmgraph.careers.project.combine_requirements`, the rule one graph uses);
* the career graph and the study material: merged when the layer is built (transitions and
  items deduplicated, ordered as one projection orders them) and stored whole in the layer;
* the knowledge graph and label index (``stats``, ``search``, ``connect``, ``render``):
  merged into one file per stack on first use (:func:`merge_knowledge`): nodes by IRI (the
  topmost layer's attributes), edges deduplicated by ``(from, to, key)``, **degrees
  recomputed** over the merged edges (never summed); the ``stats`` counts are counted over
  the stack's store when ``stats`` first asks, and kept;
* answers of whole-graph named queries (``skill-demand``...): computed when the bundled
  layer is built; over datasets, on their first call (seconds over 2 million triples: not
  worth adding to every import), then kept in the stack's ``answers/``.

    >>> merge_names([{"a": 1}, {"a": 0, "b": 2}])
    {'a': 0, 'b': 2}
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..iris import LABEL_PROPERTY_IRIS, RDF_TYPE
from .compact import dumps

__all__ = ["LayeredTable", "add_context", "merge_fields", "merge_names", "merge_profiles", "merge_requirements",
           "merge_career_graphs", "merge_study_material", "merge_knowledge", "prepare_knowledge_for_merging",
           "first_row", "timed"]

#: Predicates whose subjects are the vocabulary (classes and properties): every layer sees all of them.
_VOCABULARY_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "https://w3id.org/pmgraph/ontology#kindName",
    "https://w3id.org/pmgraph/ontology#edgeFrom",
    "https://w3id.org/pmgraph/ontology#edgeTo",
)
_VOCABULARY_CLASSES = (
    "http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property", "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty", "http://www.w3.org/2002/07/owl#AnnotationProperty",
)
#: Predicates that describe their subject (beyond naming it): the layer's rows of it are recomputed.
_DESCRIBING = ("https://w3id.org/pmgraph/ontology#", "http://purl.org/dc/terms/source")
#: What the projections read of an entity a layer only links to: kind, preferred labels, sources, track, level.
_LINKED_PREDICATES = (
    RDF_TYPE, "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/source", "https://w3id.org/pmgraph/ontology#track",
    "https://w3id.org/pmgraph/ontology#level",
)
#: What a context triple's object brings along (its name and kind): labels and types.
_NAMING_PREDICATES = (RDF_TYPE, *LABEL_PROPERTY_IRIS)


def timed(notice: Callable[[str], None], what: str, threshold: float = 1.0):
    """A context manager that says ``what`` took how long, when it took more than ``threshold`` seconds.

    >>> said = []
    >>> with timed(said.append, "nothing"):
    ...     pass
    >>> said
    []
    """
    import contextlib

    @contextlib.contextmanager
    def manager() -> Iterator[None]:
        start = time.monotonic()
        yield
        took = time.monotonic() - start
        if took > threshold:
            from ..i18n import Message

            notice(Message("{what}: {seconds} s", what=what, seconds=f"{took:.1f}"))

    return manager()


# -- the context graph of a layer -----------------------------------------------------------
def add_context(graph, lower_store, lower_is_smaller: bool = False) -> tuple[set[str], set[str]]:
    """Add to ``graph`` (an in-memory ``pyoxigraph.Store`` holding one layer's triples) the
    triples of ``lower_store`` (the stack below) that the layer's rows depend on; return the
    IRIs of the stack below that the layer *describes* and those it only *links* (see below).

    * The vocabulary (classes and properties) with every triple about it.
    * Every triple about an entity the layer *describes*: one it types or labels, or gives a
      pmgraph property (``pmo:``) or a source (``dct:source``); and every triple about what
      points at an entity the layer types (a triple below whose object only now gets a kind).
    * For an entity the layer only links (the object of a triple, or the subject of a plain
      link such as the crosswalk's ``skos:closeMatch``), what the projections read of it: its
      types, preferred labels, sources, career track and level. Its rows are not the layer's
      to store (:func:`pmgraph.kb.snapshot._write_catalog` leaves them out): the layer changes
      none of its own triples.
    * The types and labels of the IRIs all these triples point at.

    Rows computed over the result are exact for every entity the layer describes, whichever
    layer states the entity's other triples. The smaller of the two stores is scanned and the
    other one looked up (``lower_is_smaller``: a big dataset over the bundled ontology).
    """
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    rdf_type = ox.NamedNode(RDF_TYPE)
    vocabulary_classes = {ox.NamedNode(cls) for cls in _VOCABULARY_CLASSES}
    naming_predicates = {ox.NamedNode(predicate) for predicate in _NAMING_PREDICATES}

    def describing(predicate) -> bool:
        return predicate in naming_predicates or predicate.value.startswith(_DESCRIBING)

    vocabulary: set = set()
    for predicate in _VOCABULARY_PREDICATES:
        for quad in lower_store.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
            vocabulary.add(quad.subject)
    for cls in vocabulary_classes:
        for quad in lower_store.quads_for_pattern(None, rdf_type, cls, default):
            vocabulary.add(quad.subject)
    described: set = set()
    linked: set = set()
    pointing: set = set()  # what points, below, at an entity the layer types
    if lower_is_smaller:
        pointers: dict = {}
        for quad in lower_store.quads_for_pattern(None, None, None, default):
            if quad.subject not in pointers:
                pointers[quad.subject] = None
            if isinstance(quad.object, ox.NamedNode) and quad.predicate != rdf_type:
                pointers.setdefault(quad.object, set())
                if pointers[quad.object] is None:
                    pointers[quad.object] = set()
                pointers[quad.object].add(quad.subject)
        for entity, sources in pointers.items():
            own = list(graph.quads_for_pattern(entity, None, None, default))
            if any(describing(quad.predicate) for quad in own):
                described.add(entity)
            elif own or next(graph.quads_for_pattern(None, None, entity, default), None) is not None:
                linked.add(entity)
            if sources and any(quad.predicate == rdf_type and quad.object not in vocabulary_classes for quad in own):
                pointing |= sources
    else:
        mentioned: set = set()
        typed: set = set()
        for quad in graph.quads_for_pattern(None, None, None, default):
            subject, predicate, value = quad.subject, quad.predicate, quad.object
            mentioned.add(subject)
            if describing(predicate):
                described.add(subject)
            if isinstance(value, ox.NamedNode):
                mentioned.add(value)
                if predicate == rdf_type and value not in vocabulary_classes:
                    typed.add(subject)
        for entity in typed:
            for quad in lower_store.quads_for_pattern(None, None, entity, default):
                if quad.predicate != rdf_type:
                    pointing.add(quad.subject)
        linked = mentioned - described
    whole = described | vocabulary | pointing
    linked -= whole
    second: set = set()
    batch: list = []

    def add(quads) -> None:
        nonlocal batch
        for quad in quads:
            batch.append(quad)
            if isinstance(quad.object, ox.NamedNode) and quad.object not in whole and quad.object not in linked:
                second.add(quad.object)
        if len(batch) > 100_000:
            graph.extend(batch)
            batch = []

    for subject in whole:
        add(lower_store.quads_for_pattern(subject, None, None, default))
    reading = [ox.NamedNode(predicate) for predicate in _LINKED_PREDICATES]
    for subject in linked:
        for predicate in reading:
            add(lower_store.quads_for_pattern(subject, predicate, None, default))
    naming = [ox.NamedNode(predicate) for predicate in _NAMING_PREDICATES]
    for subject in second:
        for predicate in naming:
            batch.extend(lower_store.quads_for_pattern(subject, predicate, None, default))
    graph.extend(batch)
    return ({node.value for node in described if isinstance(node, ox.NamedNode)},
            {node.value for node in linked if isinstance(node, ox.NamedNode)})


# -- tables read across layers --------------------------------------------------------------
def first_row(rows: Sequence[Any]) -> Any:
    """The topmost layer's row (``rows`` are top first)."""
    return rows[0]


def merge_fields(rows: Sequence[Mapping]) -> dict:
    """Rows of several layers as one: per field, the topmost layer's value that is not None (a
    source section's document and heading, which a layer that only links the section may lack).

    >>> merge_fields([{"document": None, "heading": "Scope"}, {"document": "d1", "heading": None}])
    {'document': 'd1', 'heading': 'Scope'}
    """
    merged: dict = {}
    for row in reversed(rows):  # bottom first: an upper value replaces a lower one
        merged.update({field: value for field, value in row.items() if value is not None or field not in merged})
    return merged


def merge_names(rows: Sequence[Mapping]) -> dict:
    """Name-key rows ``{entity: strength}`` of several layers as one: the strongest per entity."""
    merged: dict = {}
    for row in rows:
        for entity, strength in row.items():
            if strength < merged.get(entity, 3):
                merged[entity] = strength
    return merged


def merge_profiles(rows: Sequence[Mapping[str, frozenset]]) -> dict[str, frozenset]:
    """Role-profile rows of several layers as one: the union per kind, in the first row's kind order."""
    merged: dict[str, frozenset] = {}
    for row in reversed(rows):  # bottom first: the kinds keep the order one projection gives
        for kind, items in row.items():
            merged[kind] = merged.get(kind, frozenset()) | items
    return merged


def merge_requirements(rows: Sequence[Mapping[str, tuple]]) -> dict[str, tuple]:
    """Role-requirement rows of several layers as one: per skill, the stronger requirement."""
    from ..careers.project import combine_requirements

    merged: dict[str, tuple] = {}
    for row in reversed(rows):
        for skill, need in row.items():
            merged[skill] = need if skill not in merged else combine_requirements(merged[skill], need)
    return dict(sorted(merged.items()))


class LayeredTable(Mapping):
    """One mapping over the same table in several layers (``tables``, top first): a key's value
    is ``merge`` of the rows of the layers that have it (top first).

    >>> table = LayeredTable([{"a": {"en": "A2"}}, {"a": {"en": "A1"}, "b": {"en": "B"}}], first_row)
    >>> table["a"], table["b"], sorted(table), len(table)
    ({'en': 'A2'}, {'en': 'B'}, ['a', 'b'], 2)
    """

    def __init__(self, tables: Sequence[Mapping], merge: Callable[[Sequence[Any]], Any]):
        self._tables = list(tables)
        self._merge = merge
        self._seen: dict[Any, Any] = {}
        self._keys: list | None = None

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._seen[key]
        except (KeyError, TypeError):
            pass
        rows = []
        for table in self._tables:
            try:
                rows.append(table[key])
            except KeyError:
                continue
        if not rows:
            raise KeyError(key)
        value = self._seen[key] = rows[0] if len(rows) == 1 else self._merge(rows)
        return value

    def __contains__(self, key: object) -> bool:
        return any(key in table for table in self._tables)

    def _all_keys(self) -> list:
        if self._keys is None:
            seen: dict = {}
            for table in reversed(self._tables):
                seen.update(dict.fromkeys(table))
            self._keys = list(seen)
        return self._keys

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all_keys())

    def __len__(self) -> int:
        return len(self._all_keys())

    def prefetch(self, keys: Iterable[Any]) -> None:
        """Read many entries of every layer in a few queries (see :meth:`pmgraph.kb.jsontable.JsonTable.prefetch`)."""
        keys = list(keys)
        for table in self._tables:
            prefetch = getattr(table, "prefetch", None)
            if prefetch is not None:
                prefetch(keys)

    def keys_like(self, pattern: str, limit: int) -> list[Any]:
        """Keys of any layer matching an SQL ``LIKE`` pattern, at most ``limit``."""
        found: dict = {}
        for table in self._tables:
            found.update(dict.fromkeys(table.keys_like(pattern, limit)))
        return list(found)[:limit]


# -- projections merged when a layer is built -----------------------------------------------
def merge_career_graphs(lower: Mapping[str, list], upper: Mapping[str, list], role_order: Callable[[str, dict], Any],
                        described: Collection[str]) -> dict[str, list]:
    """The career graph of a stack, in its stored node-link form (``{"nodes": [[node, attrs]...],
    "edges": [[u, v, attrs]...]}``): ``lower``'s (the stack below) and ``upper``'s (this layer's
    own) as one, as :func:`pmgraph.careers.project.career_graph` would project the merged graph.

    Nodes: roles first in ``role_order`` (the projection's order of ``catalog.members("role")``),
    then the other ends of moves in the order they first appear; the upper layer's attributes
    win for the nodes it ``described`` (computed with the node's every triple) and for new
    ones. Edges: one per ordered pair, in the order of the first transition (by fact IRI)
    stating it, the transitions of both deduplicated by fact (the upper layer's, which saw
    every triple of the fact) and sorted, the sources those of the transitions.

        >>> def move(fact, *sources):
        ...     return {"transitions": [{"fact": fact, "sources": list(sources)}], "sources": list(sources)}
        >>> lower = {"nodes": [["a", {"kind": "role"}], ["b", {"kind": "role"}]], "edges": [["a", "b", move("f2", "s2")]]}
        >>> upper = {"nodes": [["c", {"kind": "role"}], ["a", {"kind": "role"}]],
        ...          "edges": [["a", "b", move("f1", "s1")], ["c", "a", move("f3")]]}
        >>> merged = merge_career_graphs(lower, upper, lambda node, attrs: node, described=["c"])
        >>> [node for node, _ in merged["nodes"]], [(u, v, [t["fact"] for t in a["transitions"]], a["sources"])
        ...                                         for u, v, a in merged["edges"]]
        (['a', 'b', 'c'], [('a', 'b', ['f1', 'f2'], ['s1', 's2']), ('c', 'a', ['f3'], [])])
    """
    nodes: dict[str, dict] = {node: attrs for node, attrs in lower["nodes"]}
    for node, attrs in upper["nodes"]:
        if node in described or node not in nodes:
            nodes[node] = attrs
    edges: dict[tuple[str, str], dict] = {}
    for graph in (lower, upper):
        for u, v, attrs in graph["edges"]:
            edge = edges.get((u, v))
            if edge is None:
                edges[(u, v)] = attrs
                continue
            by_fact = {t["fact"]: t for t in edge["transitions"]}
            by_fact.update({t["fact"]: t for t in attrs["transitions"]})  # the upper layer saw the fact's every triple
            transitions = [by_fact[fact] for fact in sorted(by_fact)]
            edges[(u, v)] = {**edge, "transitions": transitions,
                             "sources": sorted({source for t in transitions for source in t["sources"]})}
    roles = sorted((node for node, attrs in nodes.items() if attrs.get("kind") == "role"),
                   key=lambda node: role_order(node, nodes[node]))
    ordered = sorted(edges.items(), key=lambda item: item[1]["transitions"][0]["fact"] if item[1]["transitions"] else "")
    order = dict.fromkeys(roles)
    for (u, v), _ in ordered:
        order.update(dict.fromkeys((u, v)))
    order.update(dict.fromkeys(nodes))
    return {"nodes": [[node, nodes[node]] for node in order], "edges": [[u, v, attrs] for (u, v), attrs in ordered]}


def merge_study_material(lower: Mapping, upper: Mapping) -> dict:
    """What builds and tests each skill, of two layers as one (items deduplicated, ordered as one projection)."""
    merged: dict[str, dict[str, list]] = {}
    for part in ("resources", "questions"):
        table: dict[str, list] = {skill: list(items) for skill, items in lower.get(part, {}).items()}
        for skill, items in upper.get(part, {}).items():
            known = table.setdefault(skill, [])
            known.extend(item for item in items if item not in known)
        merged[part] = {skill: sorted(items, key=lambda item: (item[0] or "", item[1], item[2]))
                        for skill, items in sorted(table.items())}
    return merged


# -- the knowledge graph of a stack, merged on first use ------------------------------------
def merge_knowledge(target: Path, lower: Path, upper: Path) -> None:
    """Write to ``target`` the knowledge graph and label index of ``lower`` (a merged or single
    file) and ``upper`` (one layer's own) as one. Its ``stats`` counts are not merged: they are
    counted over the stack's store when ``stats`` first asks (:mod:`pmgraph.kb.snapshot`).

    Nodes are matched by IRI (the upper layer's kind and attributes win), edges deduplicated by
    ``(from, to, key)`` (the upper layer's attributes win: it saw every triple of the edge's
    subject) and new ones appended in the upper layer's order, the degree of every node an
    upper edge touches recomputed over the merged edges, labels deduplicated.
    """
    temporary = target.with_name(target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    shutil.copyfile(lower, temporary)
    connection = sqlite3.connect(temporary)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("ATTACH DATABASE ? AS up", (upper.resolve().as_uri() + "?mode=ro",))
        connection.executescript("""
            CREATE TEMP TABLE up_ids AS
                SELECT u.id AS up_id, u.iri, u.kind, u.attrs, m.id AS main_id
                FROM up.kg_nodes u LEFT JOIN main.kg_nodes m ON m.iri = u.iri;
            UPDATE main.kg_nodes SET kind = (SELECT kind FROM up_ids WHERE main_id = kg_nodes.id),
                                     attrs = (SELECT attrs FROM up_ids WHERE main_id = kg_nodes.id)
                WHERE id IN (SELECT main_id FROM up_ids WHERE main_id IS NOT NULL);
            INSERT INTO main.kg_nodes (id, iri, kind, degree, attrs)
                SELECT (SELECT COALESCE(MAX(id), -1) FROM main.kg_nodes) + ROW_NUMBER() OVER (ORDER BY up_id),
                       iri, kind, 0, attrs FROM up_ids WHERE main_id IS NULL ORDER BY up_id;
            CREATE TEMP TABLE up_map AS
                SELECT u.id AS up_id, m.id AS main_id FROM up.kg_nodes u JOIN main.kg_nodes m ON m.iri = u.iri;
            CREATE UNIQUE INDEX temp.up_map_id ON up_map (up_id);
            CREATE TEMP TABLE up_edges AS
                SELECT e.id AS up_id, a.main_id AS u, b.main_id AS v, e.key, e.property, e.attrs,
                       (SELECT k.id FROM main.kg_edges k WHERE k.u = a.main_id AND k.v = b.main_id
                        AND k.key = e.key) AS main_id
                FROM up.kg_edges e JOIN up_map a ON a.up_id = e.u JOIN up_map b ON b.up_id = e.v;
            CREATE INDEX temp.up_edges_main ON up_edges (main_id);
            UPDATE main.kg_edges SET attrs = (SELECT attrs FROM up_edges WHERE main_id = kg_edges.id)
                WHERE id IN (SELECT main_id FROM up_edges WHERE main_id IS NOT NULL AND attrs IS NOT
                             (SELECT attrs FROM main.kg_edges k WHERE k.id = up_edges.main_id));
            CREATE TEMP TABLE new_edges AS SELECT * FROM up_edges WHERE main_id IS NULL;
            INSERT INTO main.kg_edges (id, u, v, key, property, attrs)
                SELECT (SELECT COALESCE(MAX(id), -1) FROM main.kg_edges) + ROW_NUMBER() OVER (ORDER BY up_id),
                       u, v, key, property, attrs FROM new_edges ORDER BY up_id;
            CREATE TEMP TABLE touched AS SELECT u AS id FROM new_edges UNION SELECT v FROM new_edges
                UNION SELECT main_id FROM up_map;
            UPDATE main.kg_nodes SET degree = (
                SELECT COUNT(*) FROM (SELECT v AS n FROM main.kg_edges WHERE u = kg_nodes.id
                                      UNION SELECT u FROM main.kg_edges WHERE v = kg_nodes.id))
                WHERE id IN (SELECT id FROM touched);
            INSERT INTO main.search_labels (prop_rank, subject, value, lang, norm, loose)
                SELECT prop_rank, subject, value, lang, norm, loose FROM up.search_labels s
                WHERE NOT EXISTS (SELECT 1 FROM main.search_labels m WHERE m.subject = s.subject
                                  AND m.value = s.value AND m.lang = s.lang AND m.prop_rank = s.prop_rank)
                ORDER BY id;
        """)
        properties = {row[0] for row in connection.execute("SELECT DISTINCT property FROM main.kg_edges")}
        connection.execute("UPDATE main.kg_meta SET value = ? WHERE key = 'properties'",
                           (dumps(sorted(properties)),))
        connection.commit()
        connection.execute("DETACH DATABASE up")
    finally:
        connection.close()
    temporary.replace(target)


def prepare_knowledge_for_merging(path: Path) -> None:
    """Add to a layer's ``knowledge.sqlite`` the indexes :func:`merge_knowledge` looks nodes, edges
    and labels up by (built once with the layer, so that a merge never scans a whole table)."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript("""
            CREATE INDEX IF NOT EXISTS kg_edges_uvk ON kg_edges (u, v, key);
            CREATE INDEX IF NOT EXISTS search_labels_subject ON search_labels (subject, value);
        """)
        connection.commit()
    finally:
        connection.close()
