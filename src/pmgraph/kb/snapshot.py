"""The local knowledge base on disk: a stack of layers, each an Oxigraph store and indexes built once.

Every local command reads the same thing, whether it sees the bundled ontology alone or
with imported datasets and ``--data`` files: a *snapshot*, a stack of layers (the bundled
ontology, each dataset in import order, the ``--data`` files; :mod:`pmgraph.kb.layers` says
how they are built and merged), one folder per layer in ``<cache>/<key>/`` (the cache folder
is ``$PMGRAPH_CACHE``, else ``$PMGRAPH_HOME/cache``, else the user data folder's). A layer's
key hashes pmgraph's own code, the layer below and the layer's content, so that nothing is
ever stale, another pmgraph version builds its own, and a new ``--data`` file or dataset
builds one layer over the others. A layer is built the first time its key is asked for
(about 2 s for the bundled ontology, under a minute for ESCO, a second for the crosswalk)
and then opened in milliseconds. Each holds, in a declared format (:data:`FORMAT`; JSON
values in SQLite tables, never pickles, so whoever can write to the cache can make pmgraph
read wrong data but never run code):

* ``store/``: a persistent Oxigraph store of every triple of the stack up to the layer
  (SPARQL, the rdflib graph view): the store below, hard-linked, plus the layer's triples;
* ``index.sqlite``: the layer's kinds and labels, source sections and name keys (tables
  ``kinds``, ``labels``, ``preferred``, ``sections``, ``names_exact``, ``names_loose`` and
  the small ``state`` table), read one entry at a time and merged with the layers below
  (:mod:`pmgraph.kb.stored`: plain-string IRIs, no rdflib);
* ``projections.sqlite``: the career model of :data:`pmgraph.kb.base.PROJECTIONS` (the
  stack's career graph as its adjacency and one row per move (:mod:`pmgraph.kb.careerstore`;
  a layer that leaves a part unchanged does not store it again), the layer's role profiles
  and requirement levels one row per role, the stack's study material) and, in the bundled
  layer, the answers of the named queries that take no parameters;
* ``knowledge.sqlite``: the layer's knowledge-graph projection (:class:`~pmgraph.kb.kgindex.KnowledgeIndex`)
  and labels with their normalised forms (:class:`~pmgraph.model.search.LabelIndex`);
  ``stack-knowledge.sqlite``: those of the whole stack, merged on first use;
* ``answers/``: answers of queries over the stack, kept after their first call (JSON files);
* ``manifest.json``: the format, what the layer and the stack hold, the layer below, and the
  size of every file, checked when it is opened: a damaged layer (a truncated or replaced
  file, a missing marker) is reported in one line and built again.

Where no cache folder can be written (a read-only home, a sandbox), :func:`memory_parts`
builds the same parts in memory, and the caller says so in one line.

    >>> Snapshot([], ()).key == Snapshot([], ()).key
    True
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .careerstore import CareerStore, graph_from_json, graph_json, write_career_graph
from .compact import dumps
from .jsontable import JsonTable, identity as _identity
from .datasets import DatasetInfo, data_dir
from .forked import Forked, fork
from .kgindex import KnowledgeIndex
from ..errors import OutputError
from ..i18n import AndList, Message, N_

__all__ = ["Snapshot", "Parts", "memory_parts", "cache_dir", "DamagedCache", "FORMAT"]

#: The version of the on-disk layout; a snapshot of another format is never read.
FORMAT = 6
#: How many stacks to keep (the most recently used top layers, each with every layer below it); older ones are deleted.
KEEP = 6
#: The environment variable that chooses the cache folder.
CACHE_ENVIRONMENT = "PMGRAPH_CACHE"


def _ends_digest(path: Path) -> str:
    """A digest of the first and last 4 KiB of a file."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
        handle.seek(max(handle.seek(0, os.SEEK_END) - 4096, 0))
        tail = handle.read(4096)
    return hashlib.sha256(head + tail).hexdigest()[:16]


class DamagedCache(Exception):
    """A snapshot's files are not what its manifest says (truncated, replaced, half-deleted)."""


def _code_digest() -> bytes:
    """A digest of the package's Python files (about 80 files: a few milliseconds)."""
    package = Path(__file__).resolve().parents[1]  # pmgraph/, from pmgraph/kb/snapshot.py
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_dir() -> Path:
    """Where snapshots live: ``$PMGRAPH_CACHE``, else ``cache/`` in the data directory."""
    chosen = os.environ.get(CACHE_ENVIRONMENT, "").strip()
    return Path(chosen).expanduser() if chosen else data_dir() / "cache"


# -- what is stored of the catalog and the resolver, declared -----------------------------
def _str_keys(value: Mapping) -> dict:
    return {str(key): item for key, item in value.items()}


#: Catalog attribute -> (table, encode, decode): its big indexes, one row per entity.
_CATALOG_TABLES = {"_kinds": ("kinds", _identity, _identity),
                   "_labels": ("labels", _identity, _identity),
                   "_preferred": ("preferred", _identity, _identity)}
#: Resolver name keys: normalised name -> {entity: strength}, exact and loose.
_NAME_TABLES = ("names_exact", "names_loose")


def _write_catalog(connection: sqlite3.Connection, catalog, resolver, linked: Collection[str] = ()) -> None:
    """Store the catalog's and the resolver's indexes; the entities of ``linked`` (a layer only
    links them: :func:`pmgraph.kb.layers.add_context`) are left out, their rows are the layers' below."""
    from rdflib import URIRef

    skip = {URIRef(iri) for iri in linked}
    for attribute, (table, encode, _) in _CATALOG_TABLES.items():
        values = getattr(catalog, attribute)
        if skip:
            values = {key: value for key, value in values.items() if key not in skip}
        JsonTable.write(connection, table, values, encode)
    for table, index in zip(_NAME_TABLES, resolver.name_index(), strict=True):
        if skip:  # only the names of an entity left out are copied
            index = {name: kept for name, entities in index.items()
                     if (kept := entities if skip.isdisjoint(entities)
                         else {entity: strength for entity, strength in entities.items() if entity not in skip})}
        JsonTable.write(connection, table, index, _str_keys)
    from .stored import section_rows

    # every section, those it only links to as well: a row holds what the layer states of it (merged per field)
    JsonTable.write(connection, "sections", section_rows(catalog))
    small = {"kind_classes": {kind: sorted(map(str, classes)) for kind, classes in catalog._kind_classes.items()},
             "fact_shapes": catalog.fact_shape_rows()}
    JsonTable.write(connection, "state", small)


def _read_catalog(connections: Sequence[sqlite3.Connection], store: Callable[[], Any], graph: Callable[[], Any]):
    """A catalog and resolver (:mod:`pmgraph.kb.stored`: plain-string IRIs, no rdflib) whose indexes
    are the stored tables of the layers of ``connections`` (top first; read lazily and merged as
    :mod:`pmgraph.kb.layers` says); ``store`` opens the stack's Oxigraph store and ``graph`` makes
    its rdflib graph, each when first asked for."""
    from .layers import LayeredTable, merge_names
    from .stored import StoredCatalog, StoredResolver

    def names(table: str):
        tables = [JsonTable(connection, table) for connection in connections]
        return tables[0] if len(tables) == 1 else LayeredTable(tables, merge_names)

    catalog = StoredCatalog(connections, store, graph)
    resolver = StoredResolver(catalog, *(names(table) for table in _NAME_TABLES))
    return catalog, resolver


# -- the career projections, declared ---------------------------------------------------------
def _profile_from_json(value: Mapping[str, list]) -> dict[str, frozenset]:
    return {kind: frozenset(items) for kind, items in value.items()}


def _profile_json(value: Mapping[str, Iterable]) -> dict[str, list]:
    return {kind: sorted(items) for kind, items in value.items()}


def _requirements_from_json(value: Mapping[str, list]) -> dict[str, tuple]:
    return {skill: tuple(need) for skill, need in value.items()}


def _material_from_json(value: Mapping[str, Mapping[str, list]]) -> dict:
    return {part: {skill: [tuple(item) for item in items] for skill, items in table.items()}
            for part, table in value.items()}


@dataclass(frozen=True)
class _Stored:
    """How one projection is stored: as one JSON value (row ``value``), or as a table of one row per key."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    table: bool = False

    def rows(self, value: Any) -> dict[str, str]:
        """The rows (key -> JSON text) that store ``value``."""
        return {"value": dumps(self.encode(value))}

    def read(self, connections: Sequence[sqlite3.Connection], table: str) -> Any:
        """The value stored in ``table`` by :meth:`rows`, in the first of ``connections`` (a layer's
        and those of the layers below it, top first) that has it."""
        for connection in connections:
            row = connection.execute(f'SELECT value FROM "{table}" WHERE key = ?', ("Svalue",)).fetchone()
            if row is not None:
                return self.decode(json.loads(row[0]))
        raise KeyError(table)


def _write_rows(connection: sqlite3.Connection, table: str, rows: Mapping[str, str]) -> None:
    connection.execute(f'CREATE TABLE "{table}" (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID')
    connection.executemany(f'INSERT INTO "{table}" VALUES (?, ?)', (("S" + key, text) for key, text in rows.items()))


#: Every projection a snapshot stores (the names of :data:`pmgraph.kb.base.PROJECTIONS`).
_PROJECTIONS = {
    # stored by pmgraph.kb.careerstore: the adjacency apart from each move's attributes; a layer
    # stores only the tables it changes (:func:`_write_career_graph`)
    "career_graph": _Stored(_identity, _identity),
    "role_profiles": _Stored(_profile_json, _profile_from_json, table=True),
    "role_requirements": _Stored(_identity, _requirements_from_json, table=True),
    "study_material": _Stored(_identity, _material_from_json),
}


#: What a stored career graph answers (:class:`~pmgraph.kb.careerstore.CareerStore`): the whole
#: graph; its adjacency without the moves' attributes (what ``path`` searches); the moves'
#: attributes by ``(u, v)`` (what ``path`` and ``next`` show); the graph around one role (``next``).
_CAREER_KEYS: dict[str, Callable[[CareerStore], Any]] = {
    "career_graph": CareerStore.whole, "career_adjacency": CareerStore.adjacency, "career_moves": CareerStore.moves,
    "career_around": lambda stored: stored.around}


def _merge_profile_rows(rows):
    from .layers import merge_profiles

    return merge_profiles(rows)


def _merge_requirement_rows(rows):
    from .layers import merge_requirements

    return merge_requirements(rows)


#: How the per-role rows of several layers are merged when read (:mod:`pmgraph.kb.layers`).
_LAYER_MERGES = {"role_profiles": _merge_profile_rows, "role_requirements": _merge_requirement_rows}


#: How a kept CONSTRUCT / DESCRIBE answer's JSON opens (a SELECT or ASK answer opens with "head").
_GRAPH_ANSWER = '{"rdf": '


def _answer_json(result) -> str | None:
    """A SELECT or ASK answer in the W3C SPARQL JSON results format; a CONSTRUCT or DESCRIBE
    answer as ``{"rdf": {format: text}, "form": ...}``, the text :func:`pmgraph.sparql.to_rdf`
    writes in each format (so that a kept answer is written again without rdflib)."""
    from ..sparql import to_json, to_rdf

    if result.form in ("SELECT", "ASK"):
        return to_json(result)
    return json.dumps({"rdf": {fmt: to_rdf(result, fmt) for fmt in ("turtle", "nt")}, "form": result.form},
                      ensure_ascii=False)


def _answer_from_json(text: str):
    from ..sparql import QueryResult, from_json

    if text.startswith(_GRAPH_ANSWER):
        document = json.loads(text)
        return QueryResult(document["form"], serialized=document["rdf"])
    return from_json(text, written_by_pmgraph=True)


class ProjectionStore(MutableMapping):
    """The projections and kept answers of one snapshot, by name.

    Declared projections are read from ``projections.sqlite``; answers to queries
    (``query-...`` keys, :func:`pmgraph.sparql.result_key`) from ``answers/`` or the warm
    table; anything else stays in memory for this process only.
    """

    def __init__(self, folder: Path, connection: sqlite3.Connection | None,
                 lower: Sequence[sqlite3.Connection] = ()):
        self.folder = folder
        self._connection = connection
        #: The layers below (top first), whose per-role rows are merged with this one's.
        self._lower = list(lower)
        self._memory: dict[str, Any] = {}

    @cached_property
    def _tables(self) -> set[str]:
        """The tables of ``projections.sqlite`` (none for a knowledge base in memory)."""
        if self._connection is None:
            return set()
        return {row[0] for row in self._connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _answer_file(self, key: str) -> Path:
        return self.folder / "answers" / f"{key}.json"

    def _load(self, key: str) -> Any:
        if key in _CAREER_KEYS and self._connection is not None:
            career = CareerStore(self._connection, self._lower)  # each table from the first layer, top down, with it
            if career.complete:
                return _CAREER_KEYS[key](career)
        stored = _PROJECTIONS.get(key)
        if stored is not None and key in self._tables:
            if stored.table:  # read one role at a time: a command needs a few of 4,000
                table = JsonTable(self._connection, key, stored.decode)
                if not self._lower:
                    return table
                from .layers import LayeredTable

                return LayeredTable([table, *(JsonTable(connection, key, stored.decode) for connection in self._lower)],
                                    _LAYER_MERGES[key])
            return stored.read([self._connection, *self._lower], key)
        if key.startswith("query-"):
            if "answers" in self._tables:
                row = self._connection.execute("SELECT value FROM answers WHERE key = ?", ("S" + key,)).fetchone()
                if row is not None:
                    return _answer_from_json(json.loads(row[0]))
            try:
                return _answer_from_json(self._answer_file(key).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        raise KeyError(key)

    def __getitem__(self, key: str) -> Any:
        if key not in self._memory:
            self._memory[key] = self._load(key)
        return self._memory[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __setitem__(self, key: str, value: Any) -> None:
        self._memory[key] = value
        if key.startswith("query-"):
            text = _answer_json(value)
            if text is not None:
                from ..atomic import write_atomic

                with contextlib.suppress(OSError, OutputError):
                    self._answer_file(key).parent.mkdir(exist_ok=True)
                    write_atomic(self._answer_file(key), text)

    def __delitem__(self, key: str) -> None:
        self._memory.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._memory)

    def __len__(self) -> int:
        return len(self._memory)


def _write_projections(path: Path, graph, catalog, lower: Sequence[Path] = (), described: Collection[str] = (),
                       linked: Collection[str] = ()) -> None:
    """Project the career model of ``graph`` (one layer's context graph) into ``path``: the
    per-role tables as this layer's own rows (none for a role it only ``linked`` to, unless its
    facts add to it); the career graph and study material merged with those of the stack
    below (``lower``: the ``projections.sqlite`` of the layers below, top first; the layer's
    attributes of the roles it ``described`` win), so that they are read whole. A layer that
    adds no move stores no moves: those below are read (:func:`_write_career_graph`)."""
    from .base import PROJECTIONS
    from .layers import merge_study_material

    below = [sqlite3.connect(item.resolve().as_uri() + "?mode=ro&immutable=1", uri=True) for item in lower]
    connection = _build_connection(path)
    try:
        for name, build in PROJECTIONS.items():
            stored = _PROJECTIONS[name]
            value = build(graph, catalog)
            if stored.table:
                if linked:
                    value = {role: row for role, row in value.items()
                             if role not in linked or any(row.values())}
                JsonTable.write(connection, name, value, stored.encode)
                continue
            if name == "career_graph":
                _write_career_graph(connection, value, below, described, linked)
                continue
            if not below:
                _write_rows(connection, name, stored.rows(value))
                continue
            _write_rows(connection, name, stored.rows(merge_study_material(stored.read(below, name), value)))
        connection.commit()
    finally:
        connection.close()
        for item in below:
            item.close()


def _write_career_graph(connection: sqlite3.Connection, G, below: Sequence[sqlite3.Connection],
                        described: Collection[str], linked: Collection[str]) -> None:
    """Store the stack's career graph in a layer's ``connection``: ``G`` (the layer's own, over its
    context graph) merged with the one of the layers ``below`` (top first), in
    :mod:`pmgraph.kb.careerstore`'s tables, only those the layer changes. A layer that adds no
    move and changes no role stores none (the tables below are read); one that adds roles but no
    move stores the adjacency and the roles, and the moves below are read."""
    from .layers import merge_career_graphs

    if not below:
        write_career_graph(connection, G)
        return
    upper = graph_json(G)
    lower = CareerStore(below[0], below[1:])
    if not upper["edges"] and all(node in linked for node, _ in upper["nodes"]):
        return  # no move, no role changed: the graph below, as it is
    if not upper["edges"]:  # roles but no move: the moves below, as they are
        import networkx as nx

        nodes, pairs = lower.nodes_and_pairs()
        merged = nx.DiGraph()
        merged.add_nodes_from(merge_career_graphs({"nodes": nodes, "edges": []}, upper, _role_order, described)["nodes"])
        merged.add_edges_from(pairs)
        write_career_graph(connection, merged, tables=("career_adjacency", "career_roles"))
        return
    write_career_graph(connection, graph_from_json(merge_career_graphs(lower.node_link(), upper, _role_order,
                                                                       described)))


def _role_order(node: str, attrs: Mapping[str, Any]) -> tuple[str, str]:
    """Where a role stands in the career graph's nodes: the order of ``catalog.members("role")``."""
    from ..model.keys import normalize

    return normalize(attrs["label"]["en"]), node


def _write_answers(path: Path, store) -> None:
    """The answers of the named queries that take no parameters (whole-graph reports such as
    ``skill-demand``) over ``store`` (the stack's), under :func:`pmgraph.sparql.result_key`."""
    from ..sparql import named_queries, result_key, run_on_store

    answers = {}
    for query in named_queries().values():
        if not query.parameters:
            text = _answer_json(run_on_store(query.parsed, store, timeout=None))
            if text is not None:
                answers[result_key(query.parsed)] = text
    connection = sqlite3.connect(path)
    try:
        JsonTable.write(connection, "answers", answers)
        connection.commit()
    finally:
        connection.close()


# -- the parts a knowledge base is made of --------------------------------------------------
@dataclass
class Parts:
    """What a local knowledge base reads: the store and its graph view, the catalog and resolver,
    the projections, and the stored knowledge graph and label index (None: project on demand)."""

    store: Any
    graph: Any
    catalog: Any
    resolver: Any
    projections: MutableMapping[str, Any] = field(default_factory=dict)
    knowledge: Any = None
    labels: Any = None
    #: The folder of the on-disk Oxigraph store (what ``pmgraph serve`` serves), if any.
    store_path: Path | None = None
    #: Gives ``(knowledge, labels)`` on first use when they are merged from several layers.
    load_knowledge: Callable[[], tuple[Any, Any]] | None = None

    def knowledge_indexes(self) -> tuple[Any, Any]:
        """The stored knowledge graph and label index (merged on first use), or ``(None, None)``."""
        if self.knowledge is None and self.load_knowledge is not None:
            self.knowledge, self.labels = self.load_knowledge()
            self.load_knowledge = None
        return self.knowledge, self.labels


def _load_files(store, files: Sequence, datasets: Sequence[DatasetInfo], progress, on_disk: bool = False) -> None:
    """Load the bundled files (paths), the user's files (:class:`~pmgraph.kb.files.RdfFile`: the
    very bytes that were hashed) and the datasets into ``store`` (a store ``on_disk`` or in memory)."""
    import pyoxigraph as ox

    from .datafile import load_dataset
    from .files import load_into

    for item in files:
        if isinstance(item, Path):
            store.load(path=str(item), format=ox.RdfFormat.TURTLE, base_iri=item.resolve().as_uri())
        else:  # the user's own file, with the loader's one-line errors
            load_into(store, item)
    for info in datasets:
        with progress(f"loading dataset {info.name} ({info.triples:,} triples)", info.triples) as update:
            load_dataset(store, info.data_file, on_disk=on_disk)
            update(info.triples)


def memory_parts(files: Sequence[Path], datasets: Sequence[DatasetInfo] = ()) -> Parts:
    """The parts of a knowledge base built in memory: nothing is written anywhere; indexes and
    projections are computed when first asked for."""
    import pyoxigraph as ox

    from ..model.catalog import Catalog
    from ..importers import no_progress
    from .oxstore import oxigraph_graph
    from ..model.resolve import Resolver

    store = ox.Store()
    _load_files(store, files, datasets, no_progress)
    graph = oxigraph_graph(store)
    catalog = Catalog(graph)
    return Parts(store, graph, catalog, Resolver(graph, catalog))


# -- the snapshot: a stack of layers -------------------------------------------------------
@dataclass
class Layer:
    """One layer of a stack: the bundled ontology, one imported dataset, or the ``--data`` files."""

    #: ``"bundled"``, ``"dataset"`` or ``"data"``.
    kind: str
    #: What it holds, for messages: "the bundled ontology", "dataset esco", "--data my.ttl".
    name: str
    #: The content hash: pmgraph's code and the layer below (through its key) and this layer's content.
    key: str
    #: The bundled files (paths) or the ``--data`` files (:class:`~pmgraph.kb.files.RdfFile`).
    files: list = field(default_factory=list)
    dataset: DatasetInfo | None = None

    @property
    def folder(self) -> Path:
        return cache_dir() / self.key[:24]

    @property
    def ready(self) -> bool:
        return (self.folder / "manifest.json").is_file()


def _layer_key(kind: str, lower: str, content: Iterable[bytes]) -> str:
    digest = hashlib.sha256(f"pmgraph layer {FORMAT} {kind}\n{lower}\n".encode())
    for part in content:
        digest.update(part)
    return digest.hexdigest()


class Snapshot:
    """The bundled graph plus ``datasets`` plus ``data`` files, as a stack of layers each stored
    and indexed once (:mod:`pmgraph.kb.layers`)."""

    def __init__(self, datasets: Sequence[DatasetInfo], data: Sequence[str | Path] = (), *, progress=None,
                 notice: Callable[[str], None] | None = None, loaded: MutableMapping[str, Any] | None = None):
        # bottom to top in the order they were imported: a new import goes on top, over what it links to
        self.datasets = sorted(datasets, key=lambda info: (info.imported_at, info.name))
        self.data = tuple(data)
        #: Shows the steps of a build (a :class:`pmgraph.importers.Progress`); None shows nothing.
        self.progress = progress
        #: Told, in one line, what layer is built and why, and when a damaged one is built again.
        self.notice = notice or (lambda line: None)
        #: Dataset name -> an Oxigraph store holding just its triples (what ``import`` loaded while
        #: writing them): the build of that dataset's layer takes it instead of loading the file.
        self.loaded = {} if loaded is None else loaded

    @cached_property
    def files(self) -> list:
        """The bundled files (paths), then the ``--data`` files (folders expanded), each read once
        (:class:`~pmgraph.kb.files.RdfFile`): what is hashed is what is parsed."""
        from .files import bundled_files, data_files, read_rdf

        return bundled_files() + [read_rdf(path) for path in data_files(self.data)]

    @cached_property
    def layers(self) -> list[Layer]:
        """The layers, bottom (the bundled ontology) to top (the ``--data`` files, if any)."""
        bundled = [item for item in self.files if isinstance(item, Path)]
        data = [item for item in self.files if not isinstance(item, Path)]
        content = [_code_digest()]
        for path in bundled:
            content += [f"file {path.name}\n".encode(), path.read_bytes()]
        layers = [Layer("bundled", Message("the bundled ontology"), _layer_key("bundled", "", content), bundled)]
        for info in self.datasets:
            key = _layer_key("dataset", layers[-1].key, [f"dataset {info.name} {info.digest}\n".encode()])
            layers.append(Layer("dataset", Message("dataset {name}", name=info.name), key, dataset=info))
        if data:
            key = _layer_key("data", layers[-1].key, [f"data {item.path.name} {item.digest}\n".encode() for item in data])
            layers.append(Layer("data", "--data " + ", ".join(item.path.name for item in data), key, data))
        return layers

    @property
    def key(self) -> str:
        """The content hash of the whole stack: its top layer's key."""
        return self.layers[-1].key

    @property
    def folder(self) -> Path:
        """The top layer's folder (its ``store/`` holds every triple of the stack)."""
        return self.layers[-1].folder

    @property
    def ready(self) -> bool:
        return all(layer.ready for layer in self.layers)

    def describe(self) -> str:
        """What this snapshot holds, for messages: "the bundled ontology, esco and --data my.ttl"."""
        parts = [Message("the bundled ontology"), *(Message("dataset {name}", name=info.name) for info in self.datasets)]
        parts += [f"--data {name}" for name in self.data]
        return parts[0] if len(parts) == 1 else AndList(parts)

    # -- checking ------------------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`DamagedCache` unless every layer's files are what its manifest lists."""
        for layer in self.layers:
            _check_folder(layer.folder)

    def _write_manifest(self, folder: Path, index: int) -> None:
        """What the layer holds, and each file's size and a digest of its first and last 4 KiB:
        enough to notice a truncated, replaced or half-deleted file in a millisecond."""
        files = {path.relative_to(folder).as_posix(): [path.stat().st_size, _ends_digest(path)]
                 for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "LOCK"
                 and "answers" not in path.relative_to(folder).parts and not path.name.startswith("LOG")}
        layer = self.layers[index]
        below = [item.name for item in self.layers[:index]]
        manifest = {"format": FORMAT, "holds": AndList([*below, layer.name]), "layer": layer.name,
                    "lower": self.layers[index - 1].folder.name if index else None,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "datasets": {info.name: info.digest for info in self.datasets[:index]}, "files": files}
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")

    def ensure(self, progress=None) -> Path:
        """Build every layer that is not built (or is damaged), bottom up; return the top folder."""
        for index, layer in enumerate(self.layers):
            why = None
            if layer.ready:
                try:
                    _check_folder(layer.folder)
                except DamagedCache as damage:
                    self.notice(f"the index at {layer.folder} is damaged ({damage}); building it again")
                    shutil.rmtree(layer.folder, ignore_errors=True)
            else:
                why = Message(_WHY[layer.kind])
            if not layer.ready:
                if why is not None and not index:
                    self.notice(Message("building the store and indexes of {location} ({why}) in {folder}",
                                        location=layer.name, why=why, folder=layer.folder))
                elif why is not None:
                    self.notice(Message("building the store and indexes of {location} over {below} ({why}) in {folder}",
                                        location=layer.name, below=AndList([item.name for item in self.layers[:index]]),
                                        why=why, folder=layer.folder))
                with _collector_paused():
                    self.build(index, progress or self.progress)
        for layer in self.layers:
            with contextlib.suppress(OSError):
                os.utime(layer.folder / "manifest.json")  # remember the last use, for clean-up
        return self.folder

    # -- building ------------------------------------------------------------------------
    def build(self, index: int | None = None, progress=None) -> None:
        """Store and index one layer (``index``; the top one by default), whose lower layers are built: the stack's store is the one below (hard-linked) plus this
        layer's triples; the tables are this layer's own rows over its context graph.

        The indexes read an in-memory store: the one ``import`` loaded while writing the dataset
        (:attr:`loaded`), else one loaded here. Once it is complete the on-disk store is written
        by a second thread (Oxigraph's loaders release the GIL; started earlier, the two loads
        would share the cores while the indexes wait for the first), and, for a dataset, the
        knowledge graph by a forked child (:func:`~pmgraph.kb.forked.fork`) while this
        process indexes names and projections: a build takes about as long as those alone.
        """
        import gc
        import threading

        import pyoxigraph as ox

        from ..importers import no_progress
        from .layers import add_context
        from ..model.catalog import Catalog
        from .oxstore import oxigraph_graph
        from ..model.resolve import Resolver

        index = len(self.layers) - 1 if index is None else index
        layer = self.layers[index]
        lower = self.layers[index - 1] if index else None
        progress = progress or no_progress
        quiet = no_progress
        if layer.kind == "bundled":
            progress = quiet  # about a second: the one line of ensure() says it
        root = cache_dir()
        for item in layer.files:  # a broken --data file is reported before anything is written
            if not isinstance(item, Path):
                from .files import parse_rdf

                parse_rdf(item)
        try:
            root.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
        except OSError as error:
            raise OutputError(f"cannot write the index in {root}: "
                              f"{(error.strerror or str(error)).lower()} (set PMGRAPH_CACHE to a folder you can write)") \
                from None
        failures: list[BaseException] = []
        datasets = [layer.dataset] if layer.dataset is not None else []
        big = layer.dataset is not None and layer.dataset.triples >= _BIG_DATASET

        def write_store() -> None:
            try:
                if lower is not None:  # hard links to the files of the store below: no copy
                    ox.Store.read_only(str(lower.folder / "store")).backup(str(temporary / "store"))
                disk = ox.Store(str(temporary / "store"))
                _load_files(disk, layer.files, datasets, quiet, on_disk=True)
                if big or lower is None:
                    disk.optimize()  # compacts the bulk-loaded files: opened by every command, a dataset's
                    # store of fewer files answers its first query sooner (ESCO + O*NET: 0.19 s a path, not 0.23 s)
                disk.flush()
                if lower is None:  # over datasets, whole-graph reports are answered on first call (then kept)
                    _write_answers(temporary / "projections.sqlite.answers", disk)
                del disk
            except BaseException as error:  # noqa: BLE001 - handed to the main thread
                failures.append(error)

        writer = threading.Thread(target=write_store, name="pmgraph-layer-store", daemon=True)
        knowledge = temporary / "knowledge.sqlite"
        child: Forked | None = None
        try:
            memory = self.loaded.pop(layer.dataset.name, None) if layer.dataset is not None else None
            if memory is None:
                memory = ox.Store()
                _load_files(memory, layer.files, datasets, progress)
            described: set[str] = set()
            linked: set[str] = set()
            if lower is not None:
                below = _BUNDLED_TRIPLES + sum(info.triples for info in self.datasets[:index - 1])
                with progress(f"reading what {layer.name} links to in {lower.name} and below", 1) as update:
                    described, linked = add_context(memory, ox.Store.read_only(str(lower.folder / "store")),
                                                    lower_is_smaller=bool(datasets) and below < datasets[0].triples)
                    update(1)
            writer.start()  # the on-disk store, loaded by Oxigraph (which releases the GIL) meanwhile
            graph = oxigraph_graph(memory, remember_scans=True)  # read only from here on
            catalog = Catalog(graph)
            if big:  # a child writes the knowledge graph meanwhile, from what is read so far
                child = fork(functools.partial(_write_layer_knowledge, knowledge, graph, catalog))
            steps = ["catalog", "projections", "knowledge graph", "store"]
            with progress(f"indexing names and projecting careers of {layer.name}", len(steps)) as update:
                connection = _build_connection(temporary / "index.sqlite")
                _write_catalog(connection, catalog, Resolver(graph, catalog), linked)
                connection.commit()
                connection.close()
                update(1)
                _write_projections(temporary / "projections.sqlite", graph, catalog,
                                   [item.folder / "projections.sqlite" for item in reversed(self.layers[:index])],
                                   described, linked)
                update(1)
                if child is None:
                    _write_layer_knowledge(knowledge, graph, catalog)
                graph.store.release()  # the converted terms and, with `memory`, the in-memory store:
                del graph, memory, catalog  # freed now, while the child works, not when the process ends
                if child is not None:
                    child.wait()
                update(1)
                if index < len(self.layers) - 1:  # rdflib's graph and the store refer to each other:
                    gc.collect()  # free the layer before the next one (the top one is freed by the next collection)
                writer.join()
                if failures:
                    raise failures[0]
                _move_answers(temporary)
                update(1)
            self._write_manifest(temporary, index)
            if layer.folder.exists():  # a damaged or half-removed one: replaced
                shutil.rmtree(layer.folder, ignore_errors=True)
            try:
                os.replace(temporary, layer.folder)
            except OSError:
                if not layer.ready:  # another process did not win the race: something is wrong
                    raise
                shutil.rmtree(temporary, ignore_errors=True)
        except OSError as error:
            _abandon(temporary, child, writer)
            raise OutputError(f"cannot write the index in {root}: {(error.strerror or str(error)).lower()}") from None
        except BaseException:
            _abandon(temporary, child, writer)
            raise
        self._clean_up()

    def _clean_up(self) -> None:
        """Keep the :data:`KEEP` most recently used stacks (with every layer below them), and no
        half-built folder older than a day."""
        root = cache_dir()
        built: list[tuple[float, Path]] = []
        lower_of: dict[str, str | None] = {}
        for folder in root.iterdir():
            if folder.name.startswith(".build-"):
                with contextlib.suppress(OSError):
                    if time.time() - folder.stat().st_mtime > 86400:
                        shutil.rmtree(folder, ignore_errors=True)
            elif (folder / "manifest.json").is_file():
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
                    lower_of[folder.name] = manifest.get("lower")
                    built.append(((folder / "manifest.json").stat().st_mtime, folder))
        tops = [folder for folder in built if folder[1].name not in set(lower_of.values())]
        keep = {layer.folder.name for layer in self.layers}
        for _, folder in sorted(tops, reverse=True)[:KEEP]:
            name: str | None = folder.name
            while name and name not in keep:
                keep.add(name)
                name = lower_of.get(name)
        for _, folder in built:
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    # -- opening -------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def open(self) -> Parts:
        """The parts of a knowledge base over this stack (built first if needed)."""
        self.ensure()
        folders = [layer.folder for layer in reversed(self.layers)]  # top first
        store_folder = str(self.folder / "store")  # the top layer's store holds every triple of the stack
        try:
            catalog, resolver = _read_catalog([self._connect(folder / "index.sqlite") for folder in folders],
                                              lambda: _read_only_store(store_folder),
                                              lambda: _rdflib_graph(catalog.store))
            projections = ProjectionStore(self.folder, self._connect(self.folder / "projections.sqlite"),
                                          [self._connect(folder / "projections.sqlite") for folder in folders[1:]])
            knowledge = labels = None
            if len(folders) == 1:
                knowledge, labels = self._knowledge(self.folder / "knowledge.sqlite")
        except (OSError, sqlite3.DatabaseError, KeyError, ValueError) as error:
            raise DamagedCache(f"cannot open it: {error}") from None
        # the store and the rdflib graph are the catalog's, opened and made when first asked for
        # (Parts.store and Parts.graph None: LocalKnowledgeBase asks the catalog)
        parts = Parts(None, None, catalog, resolver, projections, knowledge, labels, self.folder / "store")
        if len(folders) > 1:
            parts.load_knowledge = self._stack_knowledge
        return parts

    def _knowledge(self, path: Path):
        from .kgindex import KnowledgeIndex
        from ..model.search import LabelIndex

        connection = self._connect(path)
        return KnowledgeIndex(connection), LabelIndex(connection)

    def _stack_knowledge(self):
        """The knowledge graph and label index of the whole stack (merged on first use), whose
        ``stats`` counts are counted over the stack's store on first use (:class:`_StackKnowledgeIndex`)."""
        from ..model.search import LabelIndex

        connection = self._connect(self._merged_knowledge(len(self.layers) - 1))
        return _StackKnowledgeIndex(connection, self.folder, self.notice), LabelIndex(connection)

    def _merged_knowledge(self, index: int) -> Path:
        """The knowledge graph and label index of the stack up to layer ``index``, merged from its
        layers' on first use (and kept in the top layer's folder as ``stack-knowledge.sqlite``)."""
        layer = self.layers[index]
        if index == 0:
            return layer.folder / "knowledge.sqlite"
        target = layer.folder / _MERGED_KNOWLEDGE
        if target.is_file():
            try:
                connection = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True)
                with contextlib.closing(connection):
                    connection.execute("SELECT value FROM kg_meta WHERE key = 'properties'").fetchone()
                return target
            except sqlite3.DatabaseError:
                target.unlink(missing_ok=True)
        lower = self._merged_knowledge(index - 1)

        from .layers import merge_knowledge, timed

        with timed(self.notice, Message("merged the knowledge graphs of {layers} into {file} (once, for stats, search, "
                                        "connect and render)", layers=AndList([item.name for item in self.layers[:index + 1]]),
                                        file=target)):
            try:
                merge_knowledge(target, lower, layer.folder / "knowledge.sqlite")
            except (OSError, sqlite3.DatabaseError) as error:
                raise OutputError(f"cannot write the merged knowledge graph in {layer.folder}: {error}") from None
        return target


class _StackKnowledgeIndex(KnowledgeIndex):
    """A merged knowledge graph whose ``stats`` counts (:func:`pmgraph.model.stats.stats_summary`)
    are counted over the stack's store when first asked for (seconds over 2 million triples:
    only ``stats`` needs them), then kept beside it in ``stack-summary.json``."""

    def __init__(self, connection: sqlite3.Connection, folder: Path, notice: Callable[[str], None]):
        super().__init__(connection)
        self._folder = folder
        self._notice = notice

    def summary(self) -> dict[str, Any]:
        path = self._folder / _STACK_SUMMARY
        try:
            return dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass
        import pyoxigraph as ox

        from ..atomic import write_atomic
        from .layers import timed
        from .oxstore import oxigraph_graph
        from ..model.stats import stats_summary

        with timed(self._notice, Message("counted the statements and kinds of the stack in {folder} (once, for stats)",
                                         folder=self._folder)):
            counts = stats_summary(oxigraph_graph(ox.Store.read_only(str(self._folder / "store"))))
        with contextlib.suppress(OSError, OutputError):
            write_atomic(path, dumps(counts))
        return dict(counts)


#: Why a layer is built, by kind (for the line on stderr).
_WHY = {"bundled": N_("first use of this pmgraph version"), "dataset": N_("new or changed dataset"),
        "data": N_("new or changed --data files")}
#: About how many triples the bundled ontology has (to tell whether a layer is bigger than the stack below it).
_BUNDLED_TRIPLES = 10_000
#: A dataset layer of at least this many triples has its store compacted and its knowledge graph written
#: by a forked child while the names and projections are indexed (a smaller one is not worth either).
_BIG_DATASET = 100_000
#: The merged knowledge graph of a stack of several layers, in the top layer's folder.
_MERGED_KNOWLEDGE = "stack-knowledge.sqlite"
#: The ``stats`` counts of a stack of several layers, in the top layer's folder (counted on first use).
_STACK_SUMMARY = "stack-summary.json"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a layer is built: indexing a dataset makes
    millions of long-lived objects, which every full collection walks again (about a sixth of
    the indexing time); the build collects its own cycles once, at its end.

    >>> import gc
    >>> with _collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _check_folder(folder: Path) -> None:
    """Raise :class:`DamagedCache` unless every file the manifest of ``folder`` lists is there, with its size."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DamagedCache(f"its manifest is unreadable ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedCache("its manifest is of another format")
    for name, (size, ends) in dict(manifest.get("files") or {}).items():
        path = folder / name
        try:
            actual = path.stat().st_size
        except OSError:
            raise DamagedCache(f"{name} is missing") from None
        if actual != size:
            raise DamagedCache(f"{name} has {actual:,} bytes instead of {size:,}")
        if _ends_digest(path) != ends:
            raise DamagedCache(f"{name} is not the file that was written")


def _move_answers(folder: Path) -> None:
    """Copy the answers the store thread wrote beside ``projections.sqlite`` into it."""
    answers = folder / "projections.sqlite.answers"
    if not answers.is_file():
        return
    connection = sqlite3.connect(folder / "projections.sqlite")
    try:
        connection.execute("ATTACH DATABASE ? AS answers", (str(answers),))
        connection.execute("CREATE TABLE main.answers AS SELECT * FROM answers.answers")
        connection.commit()
        connection.execute("DETACH DATABASE answers")
    finally:
        connection.close()
    answers.unlink()


def _read_only_store(folder: str):
    import pyoxigraph as ox

    return ox.Store.read_only(folder)


def _rdflib_graph(store):
    from .oxstore import oxigraph_graph

    return oxigraph_graph(store)


def _abandon(temporary: Path, child: Forked | None, writer) -> None:
    """Remove the folder of a build that failed, once its child and store thread are done with it."""
    if child is not None:
        child.stop()
    if writer.is_alive():
        writer.join()
    shutil.rmtree(temporary, ignore_errors=True)


def _write_layer_knowledge(path: Path, graph, catalog) -> None:
    """Write a layer's knowledge graph and label index (:func:`write_knowledge`), ready to merge."""
    from .layers import prepare_knowledge_for_merging

    write_knowledge(path, graph, catalog)
    prepare_knowledge_for_merging(path)


def _build_connection(path: Path) -> sqlite3.Connection:
    """A new SQLite file for a snapshot being built: no journal and no syncs, since a
    snapshot only counts once it is complete and renamed into place (its manifest)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def write_knowledge(path: Path, graph, catalog) -> None:
    """Project the knowledge graph of ``graph`` and store it, with the ``stats`` counts, in ``path``."""
    from .kgindex import KnowledgeIndex
    from ..careers.project import knowledge_graph
    from ..model.search import write_label_index
    from ..model.stats import stats_summary

    connection = _build_connection(path)
    try:
        KnowledgeIndex.write(connection, knowledge_graph(graph, catalog), stats_summary(graph, catalog))
        write_label_index(connection, graph)
        connection.commit()
    finally:
        connection.close()
