"""The bundled graph with every imported dataset: one Oxigraph store and cached projections.

With ESCO and O*NET imported the graph holds about 1.7 million triples: rdflib would need
about 40 s to parse them and its projections would take a minute on every command. So the
first command after a change builds a *snapshot* once, in
``$PMGRAPH_HOME/cache/<content hash>/``, and every later command opens it instantly:

* ``store/``: a persistent Oxigraph store of the bundled files, every dataset and the
  ``--data`` files, opened read-only and read through rdflib (:mod:`pmgraph.oxstore`);
* ``index.sqlite``: the label, kind and name indexes of :class:`~pmgraph.catalog.Catalog`
  and :class:`~pmgraph.resolve.Resolver`, computed by those classes and read back one
  entry at a time (a command looks up a few dozen names, not 300,000);
* ``projections/``: the career graph, role profiles, requirement levels and study material
  of :mod:`pmgraph.project`, the answers of the named queries that take no parameters
  (whole-graph reports such as ``skill-demand``) and any answer or projection a command
  keeps later, pickled;
* ``knowledge.sqlite``: the knowledge-graph projection as node and edge tables indexed by
  either end, with each node's degree and the counts ``stats`` shows
  (:class:`~pmgraph.kgindex.KnowledgeIndex`): ``stats``, ``connect``, ``render`` and
  ``export`` read the part they need instead of projecting 1.7 million triples; and every
  label with its normalised forms, which ``search`` filters in SQLite
  (:class:`~pmgraph.search.LabelIndex`).

The content hash covers pmgraph's own code, the bundled files, each dataset's digest and
the ``--data`` files, so changing any of them (upgrading pmgraph too) leads to a new
snapshot; nothing is ever stale. The projections and the answers are computed on an
in-memory Oxigraph store, which reads ten times faster than the on-disk one.

    >>> Snapshot([], ()).key == Snapshot([], ()).key
    True
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import inspect
import os
import pickle
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from .datasets import DatasetInfo, data_dir, installed
from .errors import OutputError
from .resolve import Resolver

__all__ = ["Snapshot", "imported_snapshot", "cache_dir", "WARM_PROJECTIONS", "SqliteMapping", "ProjectionCache"]

#: Bump when the layout of a snapshot changes, so that old snapshots are rebuilt.
FORMAT = 2
#: How many snapshots to keep (the newest by last use); older ones are deleted.
KEEP = 2
#: Mappings at least this large go to SQLite; smaller state is pickled whole.
_TABLE_MIN = 512
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _code_digest() -> bytes:
    """A digest of the package's Python files (about 80 files: a few milliseconds)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_dir() -> Path:
    """Where snapshots live: ``cache/`` in the data directory."""
    return data_dir() / "cache"


def imported_snapshot(data: Sequence[str | Path] = ()) -> Snapshot | None:
    """The snapshot of the bundled graph, the installed datasets and ``data``; None if no dataset is installed."""
    datasets = installed()
    return Snapshot(datasets, tuple(data)) if datasets else None


def _project(name: str) -> Callable:
    def build(graph, catalog):
        from . import project

        function = getattr(project, name)
        return function(graph) if name == "study_material" else function(graph, catalog)
    return build


#: Projections computed when a snapshot is built, under the names the CLI caches them by
#: (``pmgraph.cli.careers`` keeps them in ``State._cache`` under these keys).
WARM_PROJECTIONS: dict[str, Callable] = {
    "career_graph": _project("career_graph"),
    "role_profiles": _project("role_profiles"),
    "role_requirements": _project("role_requirements"),
    "study_material": _project("study_material"),
}


def _warm_queries(projections: MutableMapping, graph) -> None:
    """Answer the named queries that take no parameters (whole-graph reports such as
    ``skill-demand``) while the graph is in memory, under :func:`pmgraph.sparql.result_key`."""
    from .sparql import named_queries, result_key, run_local

    for query in named_queries().values():
        if not query.parameters:
            projections[result_key(query.parsed)] = run_local(query.parsed, graph, timeout=None)


# -- key/value storage ---------------------------------------------------------------------
def _encode_key(key: Any) -> str:
    from rdflib import BNode, URIRef

    if isinstance(key, URIRef):
        return "U" + key
    if isinstance(key, BNode):
        return "B" + key
    if isinstance(key, str):
        return "S" + key
    raise TypeError(f"cannot store a key of type {type(key).__name__}")


def _decode_key(text: str) -> Any:
    from rdflib import BNode, URIRef

    kind, value = text[0], text[1:]
    return URIRef(value) if kind == "U" else BNode(value) if kind == "B" else value


class SqliteMapping(Mapping):
    """A read-only mapping stored in one SQLite table, read one entry at a time (and remembered).

    >>> connection = sqlite3.connect(":memory:")
    >>> SqliteMapping.write(connection, "labels", {"tech pm": {"en": "Tech PM"}})
    >>> labels = SqliteMapping(connection, "labels")
    >>> labels.get("tech pm"), labels.get("cto"), len(labels), list(labels)
    ({'en': 'Tech PM'}, None, 1, ['tech pm'])
    """

    def __init__(self, connection: sqlite3.Connection, table: str):
        self._connection = connection
        self._table = table
        self._seen: dict[Any, Any] = {}
        self._length: int | None = None

    @staticmethod
    def write(connection: sqlite3.Connection, table: str, values: Mapping) -> None:
        connection.execute(f'CREATE TABLE "{table}" (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID')
        connection.executemany(f'INSERT INTO "{table}" VALUES (?, ?)',
                               ((_encode_key(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                                for key, value in values.items()))

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._seen[key]
        except (KeyError, TypeError):
            pass
        try:
            encoded = _encode_key(key)
        except TypeError:
            raise KeyError(key) from None
        row = self._connection.execute(f'SELECT value FROM "{self._table}" WHERE key = ?', (encoded,)).fetchone()
        if row is None:
            raise KeyError(key)
        value = pickle.loads(row[0])
        self._seen[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        for (key,) in self._connection.execute(f'SELECT key FROM "{self._table}"'):
            yield _decode_key(key)

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._connection.execute(f'SELECT COUNT(*) FROM "{self._table}"').fetchone()[0]
        return self._length

    def prefetch(self, keys: Iterable[Any]) -> None:
        """Read many entries in a few queries instead of one query each (then remembered).

        >>> connection = sqlite3.connect(":memory:")
        >>> SqliteMapping.write(connection, "labels", {"a": 1, "b": 2})
        >>> labels = SqliteMapping(connection, "labels")
        >>> labels.prefetch(["a", "b", "c"])
        >>> labels._seen
        {'a': 1, 'b': 2}
        """
        wanted = {}
        for key in keys:
            if key not in self._seen:
                try:
                    wanted[str(_encode_key(key))] = key
                except TypeError:
                    continue
        encoded = list(wanted)
        for start in range(0, len(encoded), 500):
            chunk = encoded[start:start + 500]
            rows = self._connection.execute(
                f'SELECT key, value FROM "{self._table}" WHERE key IN ({",".join("?" * len(chunk))})', chunk)
            for key, value in rows:
                self._seen[wanted[key]] = pickle.loads(value)

    def keys_like(self, pattern: str, limit: int) -> list[Any]:
        """Keys matching an SQL ``LIKE`` pattern (on the stored text), at most ``limit``."""
        rows = self._connection.execute(f'SELECT key FROM "{self._table}" WHERE key LIKE ? LIMIT ?',
                                        (pattern, limit))
        return [_decode_key(key) for (key,) in rows]


def _cached_names(cls: type) -> list[str]:
    """The names of the ``functools.cached_property`` attributes of ``cls`` and its bases."""
    names: list[str] = []
    for klass in inspect.getmro(cls):
        for name, attribute in vars(klass).items():
            if isinstance(attribute, cached_property) and name not in names:
                names.append(name)
    return names


def save_state(connection: sqlite3.Connection, prefix: str, obj: Any) -> None:
    """Compute every cached property of ``obj`` and store it: big mappings as tables, the rest pickled."""
    small: dict[str, Any] = {}
    for name in _cached_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, Mapping) and len(value) >= _TABLE_MIN:
            SqliteMapping.write(connection, f"{prefix}.{name}", value)
            small[name] = ("table",)
        elif (isinstance(value, tuple) and value and all(isinstance(item, Mapping) for item in value)
              and sum(len(item) for item in value) >= _TABLE_MIN):
            for index, item in enumerate(value):
                SqliteMapping.write(connection, f"{prefix}.{name}.{index}", item)
            small[name] = ("tables", len(value))
        else:
            small[name] = ("value", value)
    connection.execute('CREATE TABLE IF NOT EXISTS "state" (key TEXT PRIMARY KEY, value BLOB)')
    connection.execute('INSERT INTO "state" VALUES (?, ?)', (prefix, pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL)))


def restore_state(connection: sqlite3.Connection, prefix: str, obj: Any) -> Any:
    """Give ``obj`` the cached properties :func:`save_state` stored (tables are read lazily)."""
    row = connection.execute('SELECT value FROM "state" WHERE key = ?', (prefix,)).fetchone()
    if row is None:
        return obj
    for name, stored in pickle.loads(row[0]).items():
        if stored[0] == "table":
            obj.__dict__[name] = SqliteMapping(connection, f"{prefix}.{name}")
        elif stored[0] == "tables":
            obj.__dict__[name] = tuple(SqliteMapping(connection, f"{prefix}.{name}.{index}")
                                       for index in range(stored[1]))
        else:
            obj.__dict__[name] = stored[1]
    return obj


class ProjectionCache(MutableMapping):
    """A dict that also keeps its (picklable) values as files, so the next command finds them.

    Values are read from disk on first use; a value that cannot be pickled stays in memory only.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._memory: dict[str, Any] = {}

    def _file(self, key: str) -> Path:
        return self.folder / f"{_SAFE.sub('_', key)}.pickle"

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._memory or self._file(key).is_file())

    def __getitem__(self, key: str) -> Any:
        if key in self._memory:
            return self._memory[key]
        try:
            with open(self._file(key), "rb") as handle, _no_gc():
                value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            raise KeyError(key) from None
        self._memory[key] = value
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self._memory[key] = value
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - e.g. a value holding a graph or a lambda: keep it in memory
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temporary, self._file(key))

    def __delitem__(self, key: str) -> None:
        self._memory.pop(key, None)
        with contextlib.suppress(OSError):
            self._file(key).unlink()

    def __iter__(self) -> Iterator[str]:
        return iter(self._memory)

    def __len__(self) -> int:
        return len(self._memory)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling creates many objects at once; the cycle collector would rescan them each time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- the snapshot --------------------------------------------------------------------------
class Snapshot:
    """The bundled graph plus ``datasets`` plus ``data`` files, stored and indexed once."""

    def __init__(self, datasets: Sequence[DatasetInfo], data: Sequence[str | Path] = (), *, progress=None):
        self.datasets = list(datasets)
        self.data = tuple(data)
        #: Shows the steps of a build (a :class:`pmgraph.importers.Progress`); None shows nothing.
        self.progress = progress

    @cached_property
    def files(self) -> list[Path]:
        """The bundled files, then the ``--data`` files (folders expanded)."""
        from .store import bundled_files, data_files

        return bundled_files() + data_files(self.data)

    @cached_property
    def key(self) -> str:
        """The content hash: format, pmgraph's own code, bundled and ``--data`` files (name and
        bytes), datasets' digests. The code is part of it because the indexes and projections
        are made by it: another pmgraph version (or an edited checkout) builds its own snapshot."""
        digest = hashlib.sha256(f"pmgraph snapshot {FORMAT}\n".encode())
        digest.update(_code_digest())
        for path in self.files:
            digest.update(f"file {path.name}\n".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"(unreadable)")  # the loader reports it when the snapshot is built
        for info in self.datasets:
            digest.update(f"dataset {info.name} {info.digest}\n".encode())
        return digest.hexdigest()

    @property
    def folder(self) -> Path:
        return cache_dir() / self.key[:24]

    @property
    def ready(self) -> bool:
        return (self.folder / "ready").is_file()

    def ensure(self, progress=None) -> Path:
        """Build the snapshot unless it exists; return its folder."""
        if not self.ready:
            self.build(progress or self.progress)
        with contextlib.suppress(OSError):
            os.utime(self.folder / "ready")  # remember the last use, for clean-up
        return self.folder

    # -- building ----------------------------------------------------------------------
    def _user_files(self) -> list[tuple[Path, bytes]]:
        """The ``--data`` files as N-Triples, parsed by rdflib's loader (its familiar one-line errors)."""
        from .store import bundled_files, parse_file

        bundled = set(bundled_files())
        return [(path, parse_file(path).serialize(format="nt", encoding="utf-8"))
                for path in self.files if path not in bundled]

    def _load(self, store, user_files: list[tuple[Path, bytes]], progress) -> None:
        """Load the bundled files, the datasets and the user's files into ``store``."""
        import pyoxigraph as ox

        from .store import bundled_files

        for path in bundled_files():
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        for info in self.datasets:
            with progress(f"loading dataset {info.name} ({info.triples:,} triples)", info.triples) as update:
                store.bulk_load(path=str(info.data_file), format=ox.RdfFormat.N_TRIPLES)
                update(info.triples)
        for _, payload in user_files:
            store.load(payload, format=ox.RdfFormat.N_TRIPLES)

    def build(self, progress=None) -> None:
        """Load everything into memory, compute the indexes and projections, write the store.

        The on-disk store is written by a second thread meanwhile (Oxigraph's bulk loader
        releases the GIL), so the build takes about as long as the projections alone.
        """
        import threading

        import pyoxigraph as ox

        from .catalog import Catalog
        from .importers import no_progress
        from .oxstore import oxigraph_graph

        progress = progress or no_progress
        quiet = no_progress
        root = cache_dir()
        user_files = self._user_files()
        try:
            root.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
        except OSError as error:
            raise OutputError(f"cannot write the index of the imported datasets in {root}: "
                              f"{(error.strerror or str(error)).lower()} (set PMGRAPH_HOME to a folder you can write)") \
                from None
        failures: list[BaseException] = []

        def write_store() -> None:
            try:
                disk = ox.Store(str(temporary / "store"))
                self._load(disk, user_files, quiet)
                disk.optimize()  # compacts the bulk-loaded files: whole-graph queries run about twice as fast
                disk.flush()
                del disk
            except BaseException as error:  # noqa: BLE001 - handed to the main thread
                failures.append(error)

        writer = threading.Thread(target=write_store, name="pmgraph-snapshot-store", daemon=True)
        try:
            writer.start()
            memory = ox.Store()
            self._load(memory, user_files, progress)
            graph = oxigraph_graph(memory)
            steps = ["catalog", "resolver", *WARM_PROJECTIONS, "knowledge graph", "store"]
            with progress("indexing names and projecting careers", len(steps)) as update:
                connection = _build_connection(temporary / "index.sqlite")
                catalog = Catalog(graph)
                save_state(connection, "catalog", catalog)
                update(1)
                save_state(connection, "resolver", Resolver(graph, catalog))
                update(1)
                connection.commit()
                connection.close()
                projections = ProjectionCache(temporary / "projections")
                for name, build in WARM_PROJECTIONS.items():
                    projections[name] = build(graph, catalog)
                    update(1)
                _warm_queries(projections, graph)
                write_knowledge(temporary / "knowledge.sqlite", graph, catalog)
                update(1)
                del graph, memory, catalog, projections
                writer.join()
                if failures:
                    raise failures[0]
                update(1)
            (temporary / "ready").write_text(time.strftime("%Y-%m-%dT%H:%M:%S\n"), encoding="utf-8")
            try:
                os.replace(temporary, self.folder)
            except OSError:
                if not self.ready:  # another process did not win the race: something is wrong
                    raise
                shutil.rmtree(temporary, ignore_errors=True)
        except OSError as error:
            shutil.rmtree(temporary, ignore_errors=True)
            raise OutputError(f"cannot write the index of the imported datasets in {root}: "
                              f"{(error.strerror or str(error)).lower()}") from None
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        self._clean_up()

    def _clean_up(self) -> None:
        """Keep the :data:`KEEP` most recently used snapshots, and no half-built ones older than a day."""
        root = cache_dir()
        built = []
        for folder in root.iterdir():
            if folder.name.startswith(".build-"):
                with contextlib.suppress(OSError):
                    if time.time() - folder.stat().st_mtime > 86400:
                        shutil.rmtree(folder, ignore_errors=True)
            elif (folder / "ready").is_file():
                built.append(((folder / "ready").stat().st_mtime, folder))
        for _, folder in sorted(built, reverse=True)[KEEP:]:
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True)

    # -- opening -----------------------------------------------------------------------
    @cached_property
    def _index(self) -> sqlite3.Connection:
        uri = (self.folder / "index.sqlite").resolve().as_uri() + "?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def graph(self):
        """The whole graph, read-only, through rdflib."""
        import pyoxigraph as ox

        from .oxstore import oxigraph_graph

        self.ensure()
        return oxigraph_graph(ox.Store.read_only(str(self.folder / "store")))

    def catalog(self, graph):
        """A :class:`~pmgraph.catalog.Catalog` of ``graph`` whose indexes come from the snapshot."""
        from .catalog import Catalog

        return restore_state(self._index, "catalog", Catalog(graph))

    def resolver(self, graph, catalog):
        """A :class:`~pmgraph.resolve.Resolver` whose name index comes from the snapshot."""
        return restore_state(self._index, "resolver", IndexedResolver(graph, catalog))

    @cached_property
    def knowledge(self):
        """The stored knowledge-graph projection (:class:`~pmgraph.kgindex.KnowledgeIndex`)."""
        from .kgindex import KnowledgeIndex

        self.ensure()
        uri = (self.folder / "knowledge.sqlite").resolve().as_uri() + "?mode=ro&immutable=1"
        return KnowledgeIndex(sqlite3.connect(uri, uri=True, check_same_thread=False))

    @cached_property
    def labels(self):
        """The label index that ``search`` reads (:class:`~pmgraph.search.LabelIndex`)."""
        from .search import LabelIndex

        return LabelIndex(self.knowledge._connection)

    @cached_property
    def cache(self) -> ProjectionCache:
        """Projections by name (``State._cache``): the warm ones, and whatever commands add."""
        return ProjectionCache(self.folder / "projections")


def _build_connection(path: Path) -> sqlite3.Connection:
    """A new SQLite file for a snapshot being built: no journal and no syncs, since a
    snapshot only counts once it is complete and renamed into place (the ``ready`` file)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def write_knowledge(path: Path, graph, catalog) -> None:
    """Project the knowledge graph of ``graph`` and store it, with the ``stats`` counts, in ``path``."""
    from .kgindex import KnowledgeIndex
    from .project import knowledge_graph
    from .search import write_label_index
    from .stats import stats_summary

    connection = _build_connection(path)
    try:
        KnowledgeIndex.write(connection, knowledge_graph(graph, catalog), stats_summary(graph, catalog))
        write_label_index(connection, graph)
        connection.commit()
    finally:
        connection.close()


class IndexedResolver(Resolver):
    """A resolver over a snapshot's name index: suggestions look at likely keys only."""

    def _suggestion_keys(self, query: str) -> list[str]:
        """Names sharing a piece of the query's two longest words (or its first two letters),
        found by SQLite instead of reading every name of a 300,000-name index."""
        exact, _ = self._index
        if not isinstance(exact, SqliteMapping):
            return super()._suggestion_keys(query)
        keys: dict[str, None] = {}
        for word in sorted(query.split(), key=len, reverse=True)[:2]:
            keys.update(dict.fromkeys(exact.keys_like(f"S%{word[:6]}%", 5000)))
        if not keys and query:
            keys.update(dict.fromkeys(exact.keys_like(f"S{query[:2]}%", 5000)))
        return list(keys)
