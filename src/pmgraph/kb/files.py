"""Load RDF files into one rdflib graph, with one-line errors and no network access.

The bundled ontology (``ontology/vocabulary.ttl`` and ``ontology/facts/*.ttl``) is the
default graph; a user's own files are merged on top::

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

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import BadInput
from ..namespaces import PM, PMO, bind_prefixes

__all__ = ["ontology_dir", "bundled_files", "data_files", "rdf_format", "load_graph", "parse_file"]

#: File suffix -> rdflib parser name. Anything else is refused with a clear message.
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
_QUAD_FORMATS = {"nquads", "trig"}


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
    """The rdflib format name for ``path``, from its suffix."""
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


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8", "replace"))
        raise BadInput(f"{path}:{line}:{column}: not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput(f"{path}: file is empty")
    return text


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column of the position just after ``before``."""
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def _syntax_error(path: Path, text: str, error: Exception, fmt: str) -> BadInput:
    """Turn a parser's exception into one line: ``file:line:column: message``."""
    if isinstance(error, BadSyntax):
        consumed = error._str[: error._i]
        before = consumed.decode("utf-8", "replace") if isinstance(consumed, bytes) else consumed
        line, column = _line_column(before)
        why = re.sub(r'Prefix "(.*?):" not bound', r"undeclared prefix '\1:' (add an @prefix line)", error._why)
        return BadInput(f"{path}:{line}:{column}: {fmt} syntax error: {why}")
    if isinstance(error, SAXParseException):
        return BadInput(f"{path}:{error.getLineNumber()}:{error.getColumnNumber() + 1}: RDF/XML syntax error: {error.getMessage()}")
    if isinstance(error, json.JSONDecodeError):
        return BadInput(f"{path}:{error.lineno}:{error.colno}: JSON syntax error: {error.msg}")
    if fmt in {"nt", "nquads"}:
        for number, line_text in enumerate(text.splitlines(), start=1):
            if line_text.strip() and not line_text.lstrip().startswith("#"):
                try:
                    (Dataset() if fmt == "nquads" else Graph()).parse(data=line_text + "\n", format=fmt)
                except Exception:  # noqa: BLE001 - any parser complaint marks the bad line
                    return BadInput(f"{path}:{number}:1: {fmt} syntax error: invalid line {line_text.strip()[:60]!r}")
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return BadInput(f"{path}: {fmt} syntax error: {message}")


def _refuse_remote_contexts(path: Path, text: str) -> None:
    """JSON-LD may name remote @context documents; fetching them would touch the network."""
    document = json.loads(text)
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            context = node.get("@context")
            contexts = context if isinstance(context, list) else [context]
            for item in contexts:
                if isinstance(item, str):
                    raise BadInput(f"{path}: JSON-LD names a remote @context {item!r}; pmgraph does not fetch from the network, inline the context")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new graph; raise :class:`BadInput` with one clear line."""
    fmt = rdf_format(path)
    text = _read_text(path)
    part = Dataset() if fmt in _QUAD_FORMATS else Graph()
    try:
        if fmt == "json-ld":
            _refuse_remote_contexts(path, text)
        part.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadInput:
        raise
    except Exception as error:  # noqa: BLE001 - parsers raise many types; each becomes one line
        raise _syntax_error(path, text, error, fmt) from None
    if isinstance(part, Dataset):
        merged = Graph()
        for subject, predicate, obj, _ in part.quads((None, None, None, None)):
            merged.add((subject, predicate, obj))
        part = merged
    if len(part) == 0:
        raise BadInput(f"{path}: holds no triples")
    return part


def load_graph(data: Sequence[str | Path] = (), *, bundled: bool = True) -> Graph:
    """The bundled ontology (unless ``bundled`` is false) merged with the files in ``data``.

    ``data`` may name files in any format of :data:`FORMATS` or folders of them.
    """
    graph = bind_prefixes(Graph())
    files = (bundled_files() if bundled else []) + _expand(data)
    for path in files:
        graph += parse_file(path)
    return graph
