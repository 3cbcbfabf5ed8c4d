"""SHACL validation of a pmgraph graph against the bundled shapes, and its report.

The shapes (``ontology/shapes.ttl``) say what a well-formed fact is. :func:`validate` runs
pySHACL on a graph that holds the vocabulary and the facts, and turns pySHACL's results
graph into a sorted, deterministic :class:`ValidationReport`::

    >>> from rdflib import Graph
    >>> from pmgraph.kb.files import ontology_dir
    >>> graph = Graph()
    >>> for name in ("vocabulary.ttl", "facts/sources.ttl", "facts/schemes.ttl"):
    ...     _ = graph.parse(ontology_dir() / name)
    >>> _ = graph.parse(format="turtle", data='''
    ...     @prefix pm: <https://w3id.org/pmgraph/id/> .
    ...     @prefix pmo: <https://w3id.org/pmgraph/ontology#> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     pm:Kanban a pmo:TechnicalConcept ; skos:prefLabel "Kanban"@en .
    ... ''')
    >>> report = validate(graph)
    >>> report.conforms
    False
    >>> print(report.as_text())
    Violation  pm:Kanban  dct:source|pmo:derivedBy  pm:Kanban has neither dct:source nor pmo:derivedBy: add dct:source pointing to every source section that mentions it (e.g. pm:src000-s3-hard), or pmo:derivedBy naming the method that produced it.
    1 violation, 0 warnings: does not conform

"Conforms" means no result of severity ``sh:Violation``; warnings and infos are reported
but do not fail. No inference is run and nothing is fetched from the network: the
vocabulary must be part of ``data`` (``sh:targetClass`` and ``sh:class`` then follow its
``rdfs:subClassOf``).

Imported datasets (``pmgraph import``) are too big for pySHACL on rdflib's store (ESCO and
O*NET hold 2 million triples; a whole one takes minutes to tens of minutes and gigabytes), so
:func:`validate_dataset` checks a *closed sample* of one by default (:func:`dataset_sample`):
a few of its occupations, spread evenly over them, with every fact about them and everything
those point to, and validates the whole dataset only when asked (``full=True``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery

__all__ = ["Violation", "ValidationReport", "DatasetCheck", "bundled_shapes", "shapes_path", "validate",
           "vocabulary_graph", "dataset_sample", "validate_dataset", "SAMPLE_ROLES", "WHOLE_BELOW"]

#: Severity IRI -> the word used in reports, and the order reports list them in.
_SEVERITIES: dict[URIRef, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_RANK = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what is wrong (``message``) with which node (``focus``).

    IRIs are shortened to CURIEs where pmgraph knows the prefix (``pm:TechPM``,
    ``skos:prefLabel``); ``path`` is ``None`` for node-level results and uses SPARQL
    property-path syntax for complex paths (``dct:source|pmo:derivedBy``).
    """

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    shape: str

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict with the keys focus, path, message, severity, shape."""
        return {
            "focus": self.focus,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
        }


def _sort_key(violation: Violation) -> tuple:
    return (
        _SEVERITY_RANK.get(violation.severity, 9),
        violation.focus,
        violation.path or "",
        violation.message,
        violation.shape,
    )


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: whether the graph conforms, and every result, sorted.

    Results are sorted by severity (violations first), then focus node, path, message and
    shape, so two runs on the same graph give the same report.
    """

    conforms: bool
    violations: tuple[Violation, ...]

    def count(self, severity: str) -> int:
        """How many results have ``severity`` ("Violation", "Warning" or "Info")."""
        return sum(1 for v in self.violations if v.severity == severity)

    def summary(self) -> str:
        """One line such as ``"2 violations, 1 warning: does not conform"``."""
        parts = [_plural(self.count("Violation"), "violation"), _plural(self.count("Warning"), "warning")]
        infos = self.count("Info")
        if infos:
            parts.append(_plural(infos, "info"))
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{', '.join(parts)}: {verdict}"

    def as_text(self) -> str:
        """One line per result, columns aligned, then the :meth:`summary` line.

        Each line reads ``severity  focus  path  message`` (``-`` when there is no path)::

            Violation  pm:X  skos:prefLabel  pm:X has no English skos:prefLabel: ...
        """
        rows = [(v.severity, v.focus, v.path or "-", v.message) for v in self.violations]
        lines = []
        if rows:
            widths = [max(len(row[i]) for row in rows) for i in range(3)]
            for row in rows:
                cells = [row[i].ljust(widths[i]) for i in range(3)]
                lines.append("  ".join([*cells, row[3]]))
        lines.append(self.summary())
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """``{"conforms": bool, "violations": [{"focus", "path", "message", "severity", "shape"}, ...]}``."""
        return {"conforms": self.conforms, "violations": [v.as_dict() for v in self.violations]}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# ---------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------


def _ontology_dir() -> Path:
    """The bundled ontology folder, found the same way the loader finds it."""
    from ..kb.files import ontology_dir

    return ontology_dir()


def shapes_path() -> Path:
    """The path of the bundled ``shapes.ttl``."""
    return _ontology_dir() / "shapes.ttl"


def bundled_shapes() -> Graph:
    """Parse the bundled ``ontology/shapes.ttl`` into a new graph (the caller may change it).

    >>> shapes = bundled_shapes()
    >>> from pmgraph.namespaces import PMSH
    >>> (PMSH.CareerTransitionShape, RDF.type, SH.NodeShape) in shapes
    True
    """
    graph = Graph()
    graph.parse(shapes_path(), format="turtle")
    return graph


def vocabulary_graph() -> Graph:
    """The vocabulary and the controlled values (``facts/schemes.ttl``): what imported data is checked with.

    An imported dataset uses the vocabulary's classes and the controlled values (``pm:Essential``,
    ``pm:Optional``) but cites no bundled source section, so these two files are all it needs
    beside it to be validated on its own.

    >>> graph = vocabulary_graph()
    >>> from pmgraph.namespaces import PM, PMO
    >>> (PM.Essential, RDF.type, PMO.RequirementLevel) in graph
    True
    """
    graph = Graph()
    for name in ("vocabulary.ttl", "facts/schemes.ttl"):
        graph.parse(_ontology_dir() / name, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def _cached_bundled_shapes() -> Graph:
    return bundled_shapes()


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _prepared(query: str):
    return prepareQuery(query)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL runs every SPARQL-based constraint once per focus node, with the same text and
    a different ``$this`` binding; parsing dominates the cost (about 10 ms a query against
    well under 1 ms to evaluate), so caching the parse makes validation many times faster.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs") and (len(args) < 3 or not args[2]):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _copy_for_validation(data: Graph) -> Graph:
    """A private copy of ``data`` (every triple of every named graph, for a Dataset)."""
    copy = _PreparedQueryGraph()
    if isinstance(data, rdflib.ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        for s, p, o, _ in data.quads((None, None, None, None)):
            copy.add((s, p, o))
    else:
        copy += data
    return copy


def validate(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (vocabulary + facts) against ``shapes`` (default: the bundled shapes).

    ``data`` is not modified. The report lists every result of every severity; it
    conforms when no result is a ``sh:Violation``. A warning alone does not fail::

        >>> from rdflib import Graph
        >>> from pmgraph.kb.files import ontology_dir
        >>> graph = Graph()
        >>> for name in ("vocabulary.ttl", "facts/sources.ttl", "facts/schemes.ttl"):
        ...     _ = graph.parse(ontology_dir() / name)
        >>> _ = graph.parse(format="turtle", data='''
        ...     @prefix pm: <https://w3id.org/pmgraph/id/> .
        ...     @prefix pmo: <https://w3id.org/pmgraph/ontology#> .
        ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ...     @prefix dct: <http://purl.org/dc/terms/> .
        ...     pm:DevelopmentPM a pmo:Role ;
        ...         skos:prefLabel "development PM"@en ;
        ...         dct:source pm:src002-s5 .
        ... ''')
        >>> report = validate(graph)
        >>> report.conforms
        True
        >>> [(v.severity, v.focus, v.path) for v in report.violations]
        [('Warning', 'pm:DevelopmentPM', 'skos:prefLabel')]
        >>> report.as_json()["violations"][0]["shape"]
        'pmsh:SourceLanguageLabelShape'
    """
    import pyshacl  # imported here: it is slow to import and only validation needs it

    if shapes is None:
        shapes = _cached_bundled_shapes()
    work = _copy_for_validation(data)
    _conforms, results, _text = pyshacl.validate(
        work,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        inplace=True,  # on the private copy
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    violations = tuple(sorted(set(_parse_results(results, shapes)), key=_sort_key))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=violations)


# ---------------------------------------------------------------------------------------
# Imported datasets
# ---------------------------------------------------------------------------------------

#: How many occupations a dataset's sample starts from, by default.
SAMPLE_ROLES = 10
#: A dataset with fewer triples than this is validated whole (the crosswalk: 1,494).
WHOLE_BELOW = 50_000

_ROLE = "https://w3id.org/pmgraph/ontology#Role"
_RDF_TYPE = str(RDF.type)
_ABOUT = ("https://w3id.org/pmgraph/ontology#role", "https://w3id.org/pmgraph/ontology#fromRole")
_DATASET = "https://schema.org/Dataset"


@dataclass(frozen=True)
class DatasetCheck:
    """The outcome of :func:`validate_dataset`: what was validated, and the report."""

    name: str
    version: str
    #: "sample" (a closed sample) or "whole" (every triple of the dataset)
    scope: str
    #: the occupations the sample starts from (their IRIs), empty when the scope is "whole"
    seeds: tuple[str, ...]
    #: how many occupations (``pmo:Role``) the dataset holds
    roles: int
    #: triples validated: the dataset's (or the sample's) plus the vocabulary's
    triples: int
    report: ValidationReport

    def heading(self) -> str:
        """One line saying what was validated, e.g. ``onet (O*NET 29.3): a sample of 10 of 1,016 roles ...``."""
        if self.scope == "whole":
            return f"{self.name} ({self.version}): every triple, {self.triples:,} with the vocabulary"
        return (f"{self.name} ({self.version}): a sample of {len(self.seeds)} of {self.roles:,} roles and "
                f"everything they point to, {self.triples:,} triples with the vocabulary")

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "scope": self.scope, "seeds": list(self.seeds),
                "roles": self.roles, "triples": self.triples, **self.report.as_json()}


def _load_store(data_file: Path):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(data_file), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items spread evenly over ``items`` (sorted), first one included.

    >>> _spread(["a", "b", "c", "d", "e", "f"], 3)
    ['a', 'c', 'e']
    >>> _spread(["a", "b"], 5)
    ['a', 'b']
    """
    if count >= len(items):
        return list(items)
    return [items[(index * len(items)) // count] for index in range(count)]


def dataset_sample(data: str | Path | Any, *, roles: int = SAMPLE_ROLES,
                   seeds: Sequence[str] = ()) -> tuple[Graph, list[str], int]:
    """A closed sample of one imported dataset, with the vocabulary: ``(graph, seeds, roles in the dataset)``.

    ``data`` is the dataset's N-Triples file, or a ``pyoxigraph.Store`` holding it.

    The sample starts from ``seeds`` (occupation IRIs), or else from ``roles`` of the dataset's
    ``pmo:Role`` nodes spread evenly over them in IRI order, and the dataset's own node; it
    adds every fact about them (the subjects of ``pmo:role`` and ``pmo:fromRole`` pointing to
    them: skill requirements, tool uses, moves), and then, again and again, everything the
    sampled nodes point to (skills, tools, categories, job zones, the roles moves lead to,
    broader concepts up to the top), with all their triples. Nothing a sampled node points
    to is missing, so every shape sees the same thing it would in the whole dataset; only the
    checks across nodes (two concepts sharing a label) see the sample alone.
    """
    import pyoxigraph

    store = data if isinstance(data, pyoxigraph.Store) else _load_store(Path(data))
    everyone = sorted(quad.subject.value for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(_RDF_TYPE),
                                                                             pyoxigraph.NamedNode(_ROLE))
                      if isinstance(quad.subject, pyoxigraph.NamedNode))
    chosen = list(seeds) if seeds else _spread(everyone, roles)
    start = set(chosen)
    start.update(quad.subject.value for quad in store.quads_for_pattern(
        None, pyoxigraph.NamedNode(_RDF_TYPE), pyoxigraph.NamedNode(_DATASET)))
    for seed in chosen:
        for about in _ABOUT:
            start.update(quad.subject.value for quad in store.quads_for_pattern(
                None, pyoxigraph.NamedNode(about), pyoxigraph.NamedNode(seed)))
    seen: set[str] = set()
    todo = sorted(start)
    lines: list[str] = []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(pyoxigraph.NamedNode(node), None, None):
            lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
            target = quad.object
            if (isinstance(target, pyoxigraph.NamedNode) and quad.predicate.value != _RDF_TYPE
                    and target.value not in seen):
                todo.append(target.value)
    graph = vocabulary_graph()
    graph.parse(data="".join(lines), format="nt")
    return graph, chosen, len(everyone)


def validate_dataset(info, *, full: bool = False, roles: int = SAMPLE_ROLES, seeds: Sequence[str] = (),
                     shapes: Graph | None = None) -> DatasetCheck:
    """Validate one installed dataset (a :class:`pmgraph.kb.datasets.DatasetInfo`) with the vocabulary.

    A closed sample (:func:`dataset_sample`) unless ``full`` is true or the dataset has fewer
    than :data:`WHOLE_BELOW` triples; the whole of ESCO or O*NET takes minutes and gigabytes
    (``bench/validate_import.py`` measures it).
    """
    whole = full or info.triples < WHOLE_BELOW
    if whole:
        graph = vocabulary_graph()
        graph.parse(info.data_file, format="nt")
        chosen: list[str] = []
        total = sum(1 for _ in graph.subjects(RDF.type, URIRef(_ROLE)))
    else:
        graph, chosen, total = dataset_sample(info.data_file, roles=roles, seeds=seeds)
    report = validate(graph, shapes)
    return DatasetCheck(name=info.name, version=info.title, scope="whole" if whole else "sample",
                        seeds=tuple(chosen), roles=total, triples=len(graph), report=report)


# ---------------------------------------------------------------------------------------
# Reading pySHACL's results graph
# ---------------------------------------------------------------------------------------


def _curie(term: Any) -> str:
    from ..namespaces import curie

    return curie(str(term))


def _render_path(graph: Graph, path: Any) -> str:
    """A SHACL property path in SPARQL syntax, with CURIEs: ``p``, ``^p``, ``p/q``, ``p|q``, ``p*``."""
    if isinstance(path, URIRef):
        return _curie(path)
    if isinstance(path, BNode):
        if (path, RDF.first, None) in graph:
            return "/".join(_render_path_part(graph, step) for step in Collection(graph, path))
        for predicate, template in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = graph.value(path, predicate)
            if inner is not None:
                return template.format(_render_path_part(graph, inner))
        options = graph.value(path, SH.alternativePath)
        if options is not None:
            return "|".join(_render_path_part(graph, step) for step in Collection(graph, options))
    return str(path)


def _render_path_part(graph: Graph, path: Any) -> str:
    text = _render_path(graph, path)
    return text if isinstance(path, URIRef) else f"({text})"


def _render_term(term: Any) -> str:
    """A node as a report shows it: a CURIE or IRI, ``"text"@lang`` for a literal, ``[]`` for a blank node."""
    if isinstance(term, URIRef):
        return _curie(term)
    if isinstance(term, Literal):
        text = f'"{term}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{_curie(term.datatype)}"
        return text
    return "[]"


_IRI_IN_TEXT = re.compile(r"(?:https?|urn):[^\s\"'<>(){}\[\],;]+[^\s\"'<>(){}\[\],;.:]")


def _shorten_iris(text: str) -> str:
    """Shorten the IRIs that SPARQL-based messages spell out in full."""
    return _IRI_IN_TEXT.sub(lambda match: _curie(match.group(0)), text)


def _parse_results(results: Graph, shapes: Graph) -> list[Violation]:
    out = []
    # Only the report's own results: nested results (sh:detail, from sh:node and the like)
    # explain a top-level result and are not results of their own.
    for report in results.subjects(RDF.type, SH.ValidationReport):
        out.extend(_parse_result(results, shapes, result) for result in results.objects(report, SH.result))
    return out


def _parse_result(results: Graph, shapes: Graph, result: Any) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = _SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation")
    shape = results.value(result, SH.sourceShape)
    messages = sorted({str(m) for m in results.objects(result, SH.resultMessage)})
    path_text = None
    if path is not None:
        path_text = _render_path(results if (path, None, None) in results else shapes, path)
    replacements = {
        "this": _render_term(focus),
        "path": path_text or "",
        "value": _render_term(value) if value is not None else "",
    }
    message = " / ".join(_fill(m, replacements) for m in messages) or _default_message(results, result)
    return Violation(
        focus=_render_term(focus),
        path=path_text,
        message=_shorten_iris(message),
        severity=severity,
        shape=_render_term(shape) if isinstance(shape, URIRef) else "[]",
    )


def _fill(message: str, replacements: dict[str, str]) -> str:
    """Fill ``{$this}``, ``{$path}`` and ``{$value}`` (or ``{?...}``) in a message template."""
    for name, text in replacements.items():
        message = message.replace("{$" + name + "}", text).replace("{?" + name + "}", text)
    return message


def _default_message(results: Graph, result: Any) -> str:
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {_curie(component)}" if component is not None else "fails a shape"
