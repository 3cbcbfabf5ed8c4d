"""Read RDF files with Oxigraph's parsers, with one-line errors and no network access.

A file is read once (:func:`read_rdf`: its bytes and their SHA-256 digest, so that what is
hashed is what is parsed) and parsed by Oxigraph (:func:`parse_rdf`, :func:`load_into`)::

    >>> import pyoxigraph
    >>> file = read_rdf(ontology_dir() / "vocabulary.ttl")
    >>> file.format, len(file.digest)
    ('turtle', 64)
    >>> store = pyoxigraph.Store()
    >>> load_into(store, file) == len(store) > 100
    True

The bundled ontology (``ontology/vocabulary.ttl`` and ``ontology/facts/*.ttl``) is the
default graph; a user's own files are merged on top, as an rdflib graph for the code that
reads rdflib::

    >>> from rdflib.namespace import RDF
    >>> from pmgraph.namespaces import PM, PMO
    >>> graph = load_graph()
    >>> (PM.TechPM, RDF.type, PMO.CareerStage) in graph
    True

Errors name the file and, for syntax errors, the line and column::

    >>> load_graph(["no/such/file.ttl"], bundled=False)
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: no/such/file.ttl: no such file
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadInput

if TYPE_CHECKING:  # rdflib and pyoxigraph are imported where a file is read: opening a stored snapshot needs neither
    import pyoxigraph as ox
    from rdflib import Graph


__all__ = ["ontology_dir", "bundled_files", "data_files", "rdf_format", "RdfFile", "read_rdf", "parse_rdf",
           "load_into", "load_graph", "parse_file", "oxigraph_store"]

#: File suffix -> pmgraph's format name. Anything else is refused with a clear message.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
#: pmgraph's format name -> Oxigraph's parser.
_OXIGRAPH_FORMAT_NAMES = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "nquads": "N_QUADS", "trig": "TRIG",
                          "json-ld": "JSON_LD", "xml": "RDF_XML"}


def __getattr__(name: str):
    """``OXIGRAPH_FORMATS``: pmgraph's format names -> ``pyoxigraph.RdfFormat`` (made when first
    asked for, so that importing this module does not load pyoxigraph)."""
    if name == "OXIGRAPH_FORMATS":
        import pyoxigraph as ox

        globals()[name] = value = {key: getattr(ox.RdfFormat, member) for key, member in _OXIGRAPH_FORMAT_NAMES.items()}
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
#: How error messages name each format.
_FORMAT_NAMES = {"xml": "RDF/XML", "json-ld": "JSON-LD"}
#: An RDF/XML document's DTD may declare entities; their expansion is bounded (billion laughs).
MAX_ENTITY_EXPANSION = 16 * 1024 * 1024


# -- files ---------------------------------------------------------------------------------------


def ontology_dir() -> Path:
    """The folder of the bundled ontology: inside the installed package, or the source tree."""
    package = Path(__file__).resolve().parents[1]  # pmgraph/, from pmgraph/kb/files.py
    for candidate in (package / "ontology", package.parents[1] / "ontology"):
        if (candidate / "vocabulary.ttl").is_file():
            return candidate
    raise BadInput(f"the bundled ontology is missing (looked in {package / 'ontology'}); reinstall pmgraph")


def bundled_files() -> list[Path]:
    """The vocabulary, then every fact file in name order (shapes are not data)."""
    root = ontology_dir()
    return [root / "vocabulary.ttl", *sorted((root / "facts").glob("*.ttl"))]


def rdf_format(path: Path) -> str:
    """pmgraph's format name for ``path`` (a key of :data:`OXIGRAPH_FORMATS`), from its suffix."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise BadInput(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r}; use one of {known}") from None


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the RDF files directly inside it, in name order."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FORMATS)
            if not found:
                raise BadInput(f"{path}: folder holds no RDF files ({', '.join(sorted(FORMATS))})")
            files.extend(found)
        else:
            files.append(path)
    return files


def data_files(data: Sequence[str | Path]) -> list[Path]:
    """The files ``--data`` names, in load order (a folder stands for the RDF files in it)."""
    return _expand(data)


@dataclass(frozen=True)
class RdfFile:
    """One RDF file as read: its path, format name, the exact bytes that are parsed, and their
    SHA-256 digest (hex), so that a cache keyed by ``digest`` holds what was parsed."""

    path: Path
    format: str
    data: bytes = field(repr=False)
    digest: str

    @property
    def base_iri(self) -> str:
        """The IRI relative IRIs in the file resolve against: the file's own ``file:`` URI."""
        return self.path.resolve().as_uri()


def _read_bytes(path: Path) -> bytes:
    """The whole content of ``path``, read once; a FIFO without a writer reads as empty instead of
    blocking forever."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise BadInput(f"{path}: is a folder, not a file")
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
        if stat.S_ISFIFO(mode):
            flags |= os.O_NONBLOCK  # opening a FIFO blocks until someone writes to it
        descriptor = os.open(path, flags)
        if stat.S_ISFIFO(mode):
            os.set_blocking(descriptor, True)  # a writer that is there is waited for
        with open(descriptor, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read: {(error.strerror or str(error)).lower()}") from None


def read_rdf(path: str | Path) -> RdfFile:
    """Read ``path`` once and check it is non-empty UTF-8 in a known format; raise :class:`BadInput`.

    >>> read_rdf("notes.txt")
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: notes.txt: unknown RDF format '.txt'; use one of .json, .jsonld, .n3, .nq, .nt, .owl, .rdf, .trig, .ttl, .turtle, .xml
    """
    path = Path(path)
    fmt = rdf_format(path)
    raw = _read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8", "replace"))
        raise BadInput(f"{path}:{line}:{column}: not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8") from None
    data = raw.removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        raise BadInput(f"{path}: file is empty")
    return RdfFile(path, fmt, data, digest)


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column of the position just after ``before``."""
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


_PARSER_POSITION = re.compile(r"^Parser error (?:at|between) [^:]*?: ")


def _syntax_error(file: RdfFile, error: Exception) -> BadInput:
    """Turn Oxigraph's complaint into one line: ``file:line:column: <format> syntax error: message``."""
    fmt = _FORMAT_NAMES.get(file.format, file.format)
    text = error.msg if isinstance(error, SyntaxError) else str(error)
    message = _PARSER_POSITION.sub("", (text or "").strip()) or type(error).__name__
    message = " ".join(message.split())
    if "LoadDocumentCallback" in message:
        return _remote_context_error(file)
    message = re.sub(r"The prefix (\S*): has not been declared", r"undeclared prefix '\1:' (add an @prefix line)", message)
    line, column = getattr(error, "lineno", None), getattr(error, "offset", None)
    if line is None and file.format == "xml":
        line, column = _xml_position(file, message)
    if line is None:
        return BadInput(f"{file.path}: {fmt} syntax error: {message}")
    return BadInput(f"{file.path}:{line}:{column}: {fmt} syntax error: {message}")


def _xml_position(file: RdfFile, message: str) -> tuple[int | None, int | None]:
    """Where an RDF/XML error is. Oxigraph's XML parser gives no position, so: expat's, for an
    XML well-formedness error; else the line Oxigraph had read up to when it failed (the file
    is fed to it one line at a time), and on that line the culprit the message names."""
    from xml.parsers import expat

    import pyoxigraph as ox

    parser = expat.ParserCreate()
    try:
        parser.Parse(file.data, True)
    except expat.ExpatError as error:
        return error.lineno, error.offset + 1
    lines = _LineReader(file.data)
    try:
        for _ in ox.parse(lines, format=ox.RdfFormat.RDF_XML, base_iri=file.base_iri):
            pass
    except (SyntaxError, ValueError, OSError):
        pass
    if not lines.count:
        return None, None
    text = file.data.splitlines()[lines.count - 1].decode("utf-8", "replace")
    culprit = _CULPRIT.search(message)
    name = next((group for group in culprit.groups() if group), "") if culprit else ""
    at = text.find(name.rsplit("#", 1)[-1]) if name else -1
    if at < 0:
        at = len(text) - len(text.lstrip())
    return lines.count, at + 1


#: What an Oxigraph RDF/XML message names: an IRI's local name, an attribute value, a quoted text.
_CULPRIT = re.compile(r"^(\S+) is not a valid|tag name: (\S+)$|'([^'\n]{1,200})'")


class _LineReader(io.RawIOBase):
    """Bytes handed out one line at a time; ``count`` is how many lines were handed out."""

    def __init__(self, data: bytes):
        self._lines = data.splitlines(keepends=True)
        self._rest = b""
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._rest:
            if self.count >= len(self._lines):
                return 0
            self._rest = self._lines[self.count]
            self.count += 1
        chunk, self._rest = self._rest[: len(buffer)], self._rest[len(buffer):]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _remote_context_error(file: RdfFile) -> BadInput:
    """JSON-LD that names another document as (part of) its @context: never fetched, never read."""
    named = None
    stack = [json.loads(file.data)]
    while stack and named is None:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("@context", "@import"):
                value = node.get(key)
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and named is None:
                        named = item
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    what = f"a remote @context {named!r}" if named else "a remote @context"
    return BadInput(f"{file.path}: JSON-LD names {what}; pmgraph does not fetch from the network "
                    "or read other files, inline the context")


_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s%&;<>\"']+)\s+(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"[&%]([^\s%&;<>\"']+);")


def _refuse_entity_bombs(file: RdfFile) -> None:
    """Refuse an XML document whose entities expand beyond :data:`MAX_ENTITY_EXPANSION` bytes
    ("billion laughs": a few nested declarations that expand to gigabytes)."""
    if b"<!ENTITY" not in file.data:
        return
    values = {match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
              for match in _ENTITY.finditer(file.data)}
    sizes: dict[bytes, int] = {}

    def size(name: bytes, depth: int = 0) -> int:
        if name not in values:
            return len(name) + 2  # a character or predefined entity, or unknown: left for the parser
        if name not in sizes:
            if depth > 64:
                raise BadInput(f"{file.path}: RDF/XML syntax error: entity {name.decode('utf-8', 'replace')!r} refers to itself")
            sizes[name] = len(values[name]) + sum(size(ref, depth + 1) for ref in _REFERENCE.findall(values[name]))
            sizes[name] = min(sizes[name], MAX_ENTITY_EXPANSION + 1)
        return sizes[name]

    total = sum(size(name) for name in _REFERENCE.findall(file.data))
    if total > MAX_ENTITY_EXPANSION:
        raise BadInput(f"{file.path}: RDF/XML syntax error: its entity declarations expand to more than "
                       f"{MAX_ENTITY_EXPANSION // (1024 * 1024)} MiB of text (a 'billion laughs' document?); refused")


def parse_rdf(file: RdfFile, *, base_iri: str | None = None) -> list[ox.Quad]:
    """Every quad of ``file`` (triples are in the default graph), parsed by Oxigraph; blank
    nodes get fresh names, so that two files never share one. Relative IRIs resolve against
    ``base_iri`` (default: the file's own URI). Raises :class:`BadInput`.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "space.ttl"
    >>> _ = path.write_text("<http://example.org/a b> <http://example.org/p> 1 .")
    >>> parse_rdf(read_rdf(path))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: .../space.ttl:1:1: turtle syntax error: Invalid IRI code point ' '
    """
    import pyoxigraph as ox

    if file.format == "xml":
        _refuse_entity_bombs(file)
    try:
        quads = list(ox.parse(file.data, format=getattr(ox.RdfFormat, _OXIGRAPH_FORMAT_NAMES[file.format]), base_iri=base_iri or file.base_iri,
                              rename_blank_nodes=True))
    except (SyntaxError, ValueError, OSError) as error:
        raise _syntax_error(file, error) from None
    if not quads:
        raise BadInput(f"{file.path}: holds no triples")
    return quads


def _asserted(file: RdfFile, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads that state something: in N3, a named graph is a quoted formula, not a claim."""
    import pyoxigraph as ox

    if file.format == "n3":
        return [quad for quad in quads if isinstance(quad.graph_name, ox.DefaultGraph)]
    return quads


def load_into(store: ox.Store, file: RdfFile, graph: ox.NamedNode | ox.BlankNode | None = None, *,
              base_iri: str | None = None) -> int:
    """Add every triple of ``file`` to ``graph`` of ``store`` (default: its default graph); the
    named graphs of TriG and N-Quads are merged into it, as everywhere in pmgraph. Returns the
    number of triples parsed."""
    import pyoxigraph as ox

    target = graph if graph is not None else ox.DefaultGraph()
    quads = _asserted(file, parse_rdf(file, base_iri=base_iri))
    if any(quad.graph_name != target for quad in quads):
        quads = [ox.Quad(quad.subject, quad.predicate, quad.object, target) for quad in quads]
    store.extend(quads)
    return len(quads)


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new rdflib graph (named graphs merged); raise :class:`BadInput`."""
    from rdflib import Graph

    from .oxstore import to_rdflib

    file = read_rdf(path)
    graph = Graph()
    for quad in _asserted(file, parse_rdf(file)):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


#: The Oxigraph store each graph of :func:`load_graph` was built from, with its size then.
_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def load_graph(data: Sequence[str | Path] = (), *, bundled: bool = True) -> Graph:
    """The bundled ontology (unless ``bundled`` is false) merged with the files in ``data``.

    ``data`` may name files in any format of :data:`FORMATS` or folders of them.
    """
    import pyoxigraph as ox
    from rdflib import Graph

    from ..namespaces import bind_prefixes
    from .oxstore import to_rdflib

    store = ox.Store()
    for path in (bundled_files() if bundled else []) + _expand(data):
        load_into(store, read_rdf(path))
    graph = bind_prefixes(Graph())
    terms: dict = {}

    def convert(term):
        try:
            return terms[term]
        except KeyError:
            terms[term] = converted = to_rdflib(term)
            return converted

    graph.addN((convert(quad.subject), convert(quad.predicate), convert(quad.object), graph) for quad in store)
    _STORES[graph] = (store, len(graph))
    return graph


def oxigraph_store(graph: Graph) -> ox.Store:
    """An Oxigraph store holding the triples of the rdflib ``graph`` in its default graph: the
    store ``graph`` was built from or reads (:func:`load_graph`, :func:`pmgraph.kb.oxstore.oxigraph_graph`)
    while it is unchanged, else a new in-memory copy.

    >>> oxigraph_store(load_graph()) is oxigraph_store(load_graph())
    False
    >>> graph = load_graph(); len(oxigraph_store(graph)) == len(graph)
    True
    """
    import pyoxigraph as ox

    from .oxstore import to_oxigraph

    behind = getattr(graph.store, "oxigraph", None)  # pmgraph.kb.oxstore.OxigraphGraphStore's store
    if isinstance(behind, ox.Store):
        return behind
    known = _STORES.get(graph)
    if known is not None and known[1] == len(graph):
        return known[0]
    store = ox.Store()
    quads = getattr(graph, "quads", None)
    triples = ((s, p, o) for s, p, o, _ in quads((None, None, None, None))) if quads else graph
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples)
    _STORES[graph] = (store, len(graph))
    return store
