"""SPARQL over the pmgraph graph: named queries, ad-hoc queries and the W3C result formats.

A query is checked once (:func:`parse_query`, by Oxigraph's parser with the project's prefixes
predeclared) before it runs: updates are refused, ``SERVICE`` and ``FROM`` are refused unless
the caller allows the network, and a syntax error names its line and column. Oxigraph
evaluates it (:func:`run_on_store` on a ``pyoxigraph.Store``; :func:`run_local` also takes an
rdflib graph). Values are bound as RDF terms in a ``VALUES`` block, never pasted into the
query text as text (:func:`bind_values`)::

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.namespaces import PM
    >>> graph = load_graph()
    >>> query = parse_query("SELECT ?skill WHERE { ?req pmo:role ?role ; pmo:skill ?skill } ORDER BY ?skill")
    >>> result = run_local(query, graph, {"role": PM.TechPM})
    >>> result.form, result.variables, len(result.rows)
    ('SELECT', ['skill'], 12)
    >>> print(to_csv(result).splitlines()[1])
    https://w3id.org/pmgraph/id/CloudComputing

The library of named queries lives in ``queries/*.rq``; each file's header comment gives its
title, purpose, parameters and an example (see :class:`NamedQuery`)::

    >>> skills = named_queries()["skills-of-role"]
    >>> [(p.name, p.kind) for p in skills.parameters]
    [('role', 'role'), ('lang', 'lang')]

Results come back as a :class:`QueryResult` and are written in SPARQL 1.1 Query Results JSON,
CSV or TSV exactly as the W3C specifications say (:func:`to_json`, :func:`to_csv`,
:func:`to_tsv`), or as Turtle / N-Triples for ``CONSTRUCT`` and ``DESCRIBE`` (:func:`to_rdf`).
A SELECT answer from Oxigraph holds :class:`~pmgraph.model.terms.Term` rows, which these
writers read without importing rdflib (only ``CONSTRUCT`` and ``DESCRIBE`` answers, rdflib
graphs, and callers of :attr:`QueryResult.rows` import it).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadInput, LimitReached, UsageError
from ..iris import PREFIXES, RDF_LANG_STRING, XSD_NS, XSD_STRING
from ..model.terms import Term, as_term, escape_string, literal, n_triples, to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "QUERY_DIR",
    "DEFAULT_TIMEOUT",
    "ParsedQuery",
    "Parameter",
    "NamedQuery",
    "QueryResult",
    "parse_query",
    "query_keyword",
    "bind_values",
    "result_key",
    "named_queries",
    "named_query",
    "bind_parameters",
    "run_local",
    "run_on_store",
    "remote_text",
    "sparql_term",
    "to_json",
    "from_json",
    "to_csv",
    "to_tsv",
    "to_rdf",
    "FORMATS_BY_FORM",
]

#: The folder of the named queries shipped with pmgraph.
QUERY_DIR = Path(__file__).resolve().parent / "queries"
#: Seconds a query may run before it is stopped (exit code 5 on the command line).
DEFAULT_TIMEOUT = 30.0
#: Output formats each query form can be written in (``text`` is the human default).
FORMATS_BY_FORM: dict[str, tuple[str, ...]] = {
    "SELECT": ("text", "json", "csv", "tsv"),
    "ASK": ("text", "json"),
    "CONSTRUCT": ("text", "turtle", "nt"),
    "DESCRIBE": ("text", "turtle", "nt"),
}

_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: An escaped backslash (an even run of them) followed by u or U, in an escaped string.
_BACKSLASH_U = re.compile(r"((?<!\\)(?:\\\\)+)([uU])")
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
# Characters SPARQL's IRIREF production does not allow inside <...>.
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_TOKEN = re.compile(
    r'''(?P<ws>\s+)
      | (?P<comment>\#[^\n]*)
      | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*)
      | (?P<other>.)''',
    re.X | re.S,
)


# -- parsing and checking ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A query that parsed and passed the read-only and network checks.

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``dataset_iris`` are the
    graphs it names in ``FROM`` / ``FROM NAMED``, as written.
    """

    text: str
    source: str
    form: str
    dataset_iris: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    #: The IRI relative IRIs in the query resolve against (None: relative IRIs are an error).
    base_iri: str | None = None


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """Significant tokens of a query: (kind, text, end offset); comments and strings are skipped over."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.end()


def _first_keyword(text: str) -> tuple[str, set[str]]:
    """The first keyword after the prologue (upper case) and the prefixes the prologue declares."""
    declared: set[str] = set()
    tokens = list(_tokens(text))
    index = 0
    while index < len(tokens):
        kind, value, _ = tokens[index]
        if kind == "word" and value.upper() == "PREFIX":
            named = index + 1 < len(tokens) and tokens[index + 1][0] == "word"
            declared.add(tokens[index + 1][1] if named else "")
            index += 4 if named else 3  # PREFIX, the name (if any), ':', the IRI
        elif kind == "word" and value.upper() == "BASE":
            index += 2
        else:
            return (value.upper() if kind == "word" else value), declared
    return "", declared


def _keyword_operands(text: str, keyword: str) -> list[str]:
    """What follows each use of ``keyword`` (``SERVICE``, ``FROM``) as a keyword: the IRI or
    name after it (``SILENT`` and ``NAMED`` skipped). A word preceded by ``?``, ``$`` or ``:``
    is a variable or part of a prefixed name, not a keyword."""
    tokens = list(_tokens(text))
    operands = []
    for index, (kind, value, end) in enumerate(tokens):
        if kind != "word" or value.upper() != keyword:
            continue
        start = end - len(value)
        if start > 0 and text[start - 1] in "?$:":
            continue
        rest = [token for token in tokens[index + 1:index + 5] if token[1].upper() not in ("SILENT", "NAMED")]
        operand = "".join(token[1] for token in rest[:3]) if rest else ""
        if rest and rest[0][0] == "iri":
            operand = rest[0][1]
        elif rest and rest[0][0] == "word" and len(rest) > 2 and rest[1][1] == ":":
            operand = rest[0][1] + ":" + rest[2][1]
        operands.append(operand)
    return operands


def query_keyword(text: str) -> str:
    """The query form a query's text opens with (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``).

    >>> query_keyword("PREFIX x: <http://example.org/> ask { ?s ?p ?o }")
    'ASK'
    """
    return _first_keyword(text)[0]


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    """The offset in ``text`` of 1-based ``line`` and ``column``."""
    lines = text.split("\n")
    return sum(len(item) + 1 for item in lines[: line - 1]) + column - 1


def _near(text: str, line: int, column: int) -> str:
    """Where a syntax error is, in words: what follows its position, or its line when Oxigraph's
    parser ran to the end of a query whose brackets and strings are all closed."""
    lines = text.splitlines() or [""]
    rest = " ".join(lines[line - 1][column - 1:].split()) if line <= len(lines) else ""
    if rest:
        return f"at {rest[:24]!r}"
    depth = 0
    for kind, value, _ in _tokens(text):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(value, 0)
        if kind == "other" and value in "\"'":
            depth += 1000  # an unclosed string
    whole = " ".join(lines[line - 1].split()) if line <= len(lines) else ""
    if depth <= 0 and whole:
        return f"in the line {whole!r}" if len(whole) <= 40 else f"in the line ending {whole[-32:]!r}"
    return "where the query ends too early (an unclosed brace, bracket or string?)"


_OXIGRAPH_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.S)
#: Oxigraph lists what it expected; the entries that are sentences explain the error.
_EXPLANATION = re.compile(r"(?:(?<=one of )|(?<=, )|(?<=expected ))([A-Z][A-Za-z]*(?: [^\s,\[\]\"']+)+)(?=,|$)")
_PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%\\-]*$")


def _syntax_error(text: str, source: str, error: SyntaxError) -> BadInput:
    """One line for Oxigraph's complaint: the line and column it gives (the farthest point its
    parser reached), what is there, and Oxigraph's explanation when it has one."""
    message = " ".join((error.msg if isinstance(error, SyntaxError) else str(error)).split())
    found = _OXIGRAPH_POSITION.match(message)
    if not found:
        return BadInput(f"{source}: SPARQL syntax error: {message}")
    line, column, why = int(found.group(1)), int(found.group(2)), found.group(3)
    explanations = [item for item in _EXPLANATION.findall(why) if item != "Prefix not found"]
    if "Prefix not found" in why:
        prefixed = _PREFIXED_NAME_END.search(text[: _offset(text, line, column)])
        if prefixed:
            name = prefixed.group(1) or ""
            line, column = _line_column(text, prefixed.start())
            known = ", ".join(PREFIXES)
            return BadInput(f"{source}:{line}:{column}: undeclared prefix '{name}:' "
                            f"(declare it with PREFIX {name}: <...>; predeclared: {known})")
    if not why.startswith("expected"):
        explanations = [why]
    near = _near(text, line, column)
    if explanations:
        where = "" if near.startswith(("where", "in the line")) else f" {near}"
        return BadInput(f"{source}:{line}:{column}: SPARQL syntax error{where}: {'; '.join(explanations)}")
    return BadInput(f"{source}:{line}:{column}: SPARQL syntax error {near}")


@lru_cache(maxsize=1)
def _empty_store():
    import pyoxigraph

    return pyoxigraph.Store()


def _check_syntax(text: str, source: str, base_iri: str | None) -> None:
    """Let Oxigraph parse ``text`` by evaluating it on an empty store: no data, so no work
    (the answers of SELECT, CONSTRUCT and DESCRIBE are not even read)."""
    try:
        answer = _empty_store().query(text, prefixes=PREFIXES, base_iri=base_iri)
    except SyntaxError as error:
        raise _syntax_error(text, source, error) from None
    except (OSError, RuntimeError, ValueError) as error:
        raise BadInput(f"{source}: the query failed: {' '.join(str(error).split())}") from None
    del answer


def parse_query(text: str, source: str = "<query>", *, allow_network: bool = False,
                base_iri: str | None = None) -> ParsedQuery:
    """Parse and check one SPARQL query; :data:`PREFIXES` are predeclared.

    Raises :class:`UsageError` (exit 2) for an update, or for ``SERVICE`` without
    ``allow_network`` (``FROM`` is refused when the query runs in-process: :func:`run_on_store`), and :class:`BadInput` (exit 3) for a syntax error, with its line and column.

    >>> parse_query("ASK { pm:TechPM a pmo:CareerStage }").form
    'ASK'
    >>> parse_query("DROP ALL")
    Traceback (most recent call last):
    ...
    pmgraph.errors.UsageError: <query>: refused: DROP is a SPARQL update; pmgraph's queries are read-only
    >>> parse_query("SELECT ?role WHERE { ?role a pmo:Role }\\nLIMIT ten")
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: <query>:2:7: SPARQL syntax error at 'ten'
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput(f"{source}: the query is empty")
    keyword, _ = _first_keyword(text)
    if keyword in _UPDATE_KEYWORDS:
        raise UsageError(f"{source}: refused: {keyword} is a SPARQL update; pmgraph's queries are read-only")
    services = tuple(_keyword_operands(text, "SERVICE"))
    if services and not allow_network:
        raise UsageError(f"{source}: refused: SERVICE {services[0]} would query the network; "
                         "pass --allow-network to allow it")
    form = keyword if keyword in _QUERY_FORMS else "SELECT"
    if not services:  # a SERVICE clause would be sent even to an empty store
        _check_syntax(text, source, base_iri)
    if keyword not in _QUERY_FORMS:
        raise BadInput(f"{source}:1:1: SPARQL syntax error: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE")
    return ParsedQuery(text, source, form, tuple(_keyword_operands(text, "FROM")), services, base_iri)


# -- named queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query.

    ``kind`` is an entity kind (``role``, ``skill``, ...: the value is a name, resolved like any
    name on the command line; ``section|source`` allows either), ``any`` (a name of any kind), ``text`` (a plain string) or
    ``lang`` (a language tag such as ``ja``).
    """

    name: str
    kind: str
    description: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


_PARAM_LINE = re.compile(r"^param (?P<name>[a-z][a-zA-Z0-9]*) \((?P<kind>[a-z|-]+)(?:, default (?P<default>[^)]+))?\): (?P<text>.+)$")


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: ``queries/NAME.rq`` and what its header comment says.

    The header is the comment block at the top of the file::

        # title: Skills of a role
        # What the query answers, in a sentence or two.
        #
        # param role (role): the role, by any label, CURIE or IRI
        # param lang (lang, default en): language of the texts
        #
        # example: pmgraph query skills-of-role --param role="Tech PM"
    """

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    text: str
    path: Path

    @cached_property
    def parsed(self) -> ParsedQuery:
        """The query, parsed on first use and kept."""
        return parse_query(self.text, str(self.path.name))

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        names = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r}; its parameters: {names}")


def _read_named_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, parameters, examples = "", [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("title:"):
            title = body.removeprefix("title:").strip()
        elif body.startswith("param "):
            match = _PARAM_LINE.match(body)
            if not match:
                raise BadInput(f"{path}:{number}: malformed parameter line; write `# param NAME (KIND[, default VALUE]): text`")
            parameters.append(Parameter(match["name"], match["kind"], match["text"], match["default"]))
        elif body.startswith("example:"):
            examples.append(body.removeprefix("example:").strip())
        elif body and not body.startswith("PREFIX"):
            description.append(body)
    if not title or not examples:
        raise BadInput(f"{path}: the header comment needs a `# title:` line and at least one `# example:` line")
    return NamedQuery(path.stem, title, " ".join(description), tuple(parameters), tuple(examples), text, path)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with pmgraph, by name (headers read once, queries parsed on use)."""
    files = sorted(QUERY_DIR.glob("*.rq"))
    if not files:
        raise BadInput(f"the named queries are missing (looked in {QUERY_DIR}); reinstall pmgraph")
    return {path.stem: _read_named_query(path) for path in files}


def named_query(name: str) -> NamedQuery:
    """The named query ``name``, or :class:`UsageError` listing the close ones."""
    import difflib

    queries = named_queries()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; `pmgraph queries` lists them"
    raise UsageError(f"no named query {name!r}{hint}")


def bind_parameters(query: NamedQuery, values: Mapping[str, str], resolver) -> dict[str, Term]:
    """Turn the user's parameter values into RDF terms (:class:`~pmgraph.model.terms.Term`) to bind.

    Names resolve with ``resolver`` (a :class:`pmgraph.model.resolve.Resolver`), restricted to the
    parameter's kind; ``text`` becomes a plain literal and ``lang`` a checked language tag. The
    values are never put into the query text as text: they are bound as terms
    (:func:`bind_values`).

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.resolve import Resolver
    >>> query = named_query("skills-of-role")
    >>> bind_parameters(query, {"role": "tech pm"}, Resolver(load_graph()))
    {'role': Term(kind='uri', value='https://w3id.org/pmgraph/id/TechPM', language=None, datatype=None), 'lang': Term(kind='literal', value='en', language=None, datatype=None)}
    """
    bindings: dict[str, Term] = {}
    for name in values:
        query.parameter(name)  # refuses unknown names
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise UsageError(f"query {query.name!r} needs --param {parameter.name}=... ({parameter.description})")
        if parameter.kind == "text":
            bindings[parameter.name] = Term("literal", value)
        elif parameter.kind == "lang":
            if not _LANG_TAG.match(value):
                raise UsageError(f"--param {parameter.name}={value!r} is not a language tag (e.g. en, ja, ko)")
            bindings[parameter.name] = Term("literal", value.lower())
        else:
            kinds = None if parameter.kind == "any" else set(parameter.kind.split("|"))
            bindings[parameter.name] = Term("uri", str(resolver.resolve(value, kinds=kinds)))
    return bindings


# -- running -----------------------------------------------------------------------------------


class QueryResult:
    """The answer to a query, whichever engine gave it.

    ``SELECT``: ``variables`` and ``rows`` (``None`` where a variable is unbound); ``ASK``:
    ``boolean``; ``CONSTRUCT`` / ``DESCRIBE``: ``graph``.

    ``rows`` hold rdflib terms. An answer read from Oxigraph or from a kept answer is given
    as ``terms`` instead (rows of :class:`~pmgraph.model.terms.Term`), which the result
    formats write without importing rdflib; its ``rows`` are made when first asked for::

        >>> result = QueryResult("SELECT", ["x"], terms=[(Term("uri", "http://example.org/x"),)])
        >>> result.rows
        [(rdflib.term.URIRef('http://example.org/x'),)]
    """

    def __init__(self, form: str, variables: list[str] | None = None, rows: list[tuple] | None = None,
                 boolean: bool | None = None, graph: Graph | None = None, *, terms: list[tuple] | None = None,
                 serialized: Mapping[str, str] | None = None):
        self.form = form
        self.variables = list(variables or [])
        self.boolean = boolean
        self._graph = graph
        #: A kept CONSTRUCT / DESCRIBE answer as :func:`to_rdf` wrote it, by format (``turtle``,
        #: ``nt``): written again as it is, without rdflib; ``graph`` is parsed when asked for.
        self.serialized: dict[str, str] = dict(serialized or {})
        self._rows = rows if rows is not None or terms is not None else []
        self._terms = terms

    @property
    def graph(self) -> Graph | None:
        """A CONSTRUCT / DESCRIBE answer as an rdflib graph."""
        if self._graph is None and "nt" in self.serialized:
            from rdflib import Graph

            self._graph = Graph().parse(data=self.serialized["nt"], format="nt")
        return self._graph

    @graph.setter
    def graph(self, graph: Graph | None) -> None:
        self._graph = graph

    @property
    def terms(self) -> list[tuple]:
        """The rows as :class:`~pmgraph.model.terms.Term` (``None`` where a variable is unbound):
        as given, or made once from the rdflib terms of :attr:`rows`."""
        if self._terms is None:
            self._terms = [tuple(None if term is None else as_term(term) for term in row) for row in self._rows]
        return self._terms

    @property
    def rows(self) -> list[tuple]:
        """The rows as rdflib terms (``None`` where a variable is unbound)."""
        if self._rows is None:
            self._rows = [tuple(to_rdflib(term) for term in row) for row in self._terms]
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple]) -> None:
        self._rows, self._terms = rows, None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return ((self.form, self.variables, self.terms, self.boolean, self.graph)
                == (other.form, other.variables, other.terms, other.boolean, other.graph))

    def __repr__(self) -> str:
        return (f"QueryResult(form={self.form!r}, variables={self.variables!r}, rows={len(self._rows if self._terms is None else self._terms)}, "
                f"boolean={self.boolean!r})")


def _refuse_network(query: ParsedQuery, allow_network: bool, *, fetches_graphs: bool = True) -> None:
    if allow_network:
        return
    if query.services:
        raise UsageError(f"{query.source}: refused: SERVICE {query.services[0]} would query the network; "
                         "pass --allow-network to allow it")
    if query.dataset_iris and fetches_graphs:
        raise UsageError(f"{query.source}: refused: FROM {query.dataset_iris[0]} would fetch a graph from the network; "
                         "in-process queries run over the loaded graph (add files with --data), "
                         "or pass --allow-network to fetch it")


def result_key(query: ParsedQuery, bindings: Mapping[str, Any] | None = None) -> str:
    """The name a query's answer is kept under in a snapshot's cache: a hash of its text and
    bindings (the snapshot itself is keyed by the data, so the answer can never be stale).

    >>> result_key(parse_query("ASK { ?s ?p ?o }")) == result_key(parse_query("ASK { ?s ?p ?o }"))
    True
    >>> result_key(parse_query("ASK { ?s ?p ?o }"), {"s": Term("uri", "https://w3id.org/pmgraph/id/CTO")})[:6]
    'query-'
    """
    digest = hashlib.sha256(query.text.encode("utf-8"))
    for name, value in sorted((bindings or {}).items()):
        digest.update(f"\n{name}={n_triples(value)}".encode())
    return "query-" + digest.hexdigest()[:32]


def run_on_store(query: ParsedQuery, store, bindings: Mapping[str, Any] | None = None, *,
                 timeout: float | None = DEFAULT_TIMEOUT, allow_network: bool = False) -> QueryResult:
    """Evaluate ``query`` with Oxigraph on ``store`` (a ``pyoxigraph.Store``, its default graph
    as the query's default graph), ``bindings`` joined in as a one-row ``VALUES`` block.

    ``FROM`` / ``FROM NAMED`` name graphs of ``store``; ``SERVICE`` needs ``allow_network``.
    Raises :class:`LimitReached` (exit 5) when it runs longer than ``timeout`` seconds, and
    :class:`BadInput` (exit 3) when Oxigraph refuses it.

    >>> import pyoxigraph
    >>> run_on_store(parse_query("ASK { FILTER(false) }"), pyoxigraph.Store()).boolean
    False
    """
    _refuse_network(query, allow_network, fetches_graphs=False)
    text = bind_values(query.text, query.form, bindings) if bindings else query.text
    return _evaluate(store, text, query, timeout)


def run_local(query: ParsedQuery, graph, bindings: Mapping[str, Any] | None = None, *,
              timeout: float | None = DEFAULT_TIMEOUT, allow_network: bool = False) -> QueryResult:
    """Evaluate ``query`` on ``graph`` in this process: :func:`run_on_store` on the
    ``pyoxigraph.Store`` itself, or on the Oxigraph store behind (or copied from) an rdflib graph
    (:func:`pmgraph.kb.files.oxigraph_store`). An rdflib graph holds no named graphs, so the
    graphs a query names in ``FROM`` / ``FROM NAMED`` are fetched (with ``allow_network``)
    into a store of their own, which the query then runs over, as the dataset clause says."""
    import pyoxigraph

    if not isinstance(graph, pyoxigraph.Store):
        if query.dataset_iris:
            _refuse_network(query, allow_network)
            graph = _fetched_dataset(query, timeout)
        else:
            from ..kb.files import oxigraph_store

            graph = oxigraph_store(graph)
    return run_on_store(query, graph, bindings, timeout=timeout, allow_network=allow_network)


def _dataset_clause_iris(query: ParsedQuery) -> list[str]:
    """The IRIs of ``FROM`` / ``FROM NAMED``, resolved (prefixed names, relative IRIs)."""
    from urllib.parse import urljoin

    tokens = list(_tokens(query.text))
    prefixes = dict(PREFIXES)
    for index, (kind, value, _) in enumerate(tokens[:-3]):
        if kind == "word" and value.upper() == "PREFIX":
            name = tokens[index + 1][1] if tokens[index + 1][0] == "word" else ""
            iri = tokens[index + 3 if name else index + 2][1]
            prefixes[name] = iri.strip("<>")
    iris = []
    for written in query.dataset_iris:
        if written.startswith("<"):
            iris.append(urljoin(query.base_iri or "", written[1:-1]))
        else:
            name, _, local = written.partition(":")
            iris.append(prefixes.get(name, name + ":") + local)
    return iris


#: Media types of RDF documents fetched for FROM, by pmgraph's format name.
_RDF_MEDIA_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
                    "application/trig": "trig", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                    "text/n3": "n3"}
#: The most a fetched graph may weigh.
MAX_FETCHED_BYTES = 256 * 1024 * 1024


def _fetched_dataset(query: ParsedQuery, timeout: float | None):
    """A new store holding each graph the query names, fetched over HTTP(S) as a named graph."""
    import hashlib
    import urllib.error
    import urllib.request

    import pyoxigraph

    from ..errors import RemoteError
    from ..kb.files import FORMATS, RdfFile, load_into

    store = pyoxigraph.Store()
    accept = ", ".join(_RDF_MEDIA_TYPES) + ";q=0.9, */*;q=0.1"
    for iri in dict.fromkeys(_dataset_clause_iris(query)):
        if not iri.startswith(("http://", "https://")):
            raise UsageError(f"{query.source}: FROM <{iri}>: only http and https graphs can be fetched")
        request = urllib.request.Request(iri, headers={"Accept": accept, "User-Agent": "pmgraph"})
        try:
            with urllib.request.urlopen(request, timeout=timeout or DEFAULT_TIMEOUT) as response:  # noqa: S310 - http(s) only
                data = response.read(MAX_FETCHED_BYTES + 1)
                media = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raise RemoteError(f"{query.source}: cannot fetch FROM <{iri}>: HTTP {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise RemoteError(f"{query.source}: cannot fetch FROM <{iri}>: {getattr(error, 'reason', error)}") from None
        if len(data) > MAX_FETCHED_BYTES:
            raise LimitReached(f"{query.source}: FROM <{iri}> is larger than {MAX_FETCHED_BYTES // 2**20} MiB")
        fmt = _RDF_MEDIA_TYPES.get(media) or FORMATS.get(Path(iri.split("?")[0]).suffix.lower())
        if fmt is None:
            raise BadInput(f"{query.source}: FROM <{iri}> answered {media}, not an RDF format pmgraph reads")
        file = RdfFile(Path(iri.rsplit("/", 1)[-1] or "graph"), fmt, data, hashlib.sha256(data).hexdigest())
        load_into(store, file, pyoxigraph.NamedNode(iri), base_iri=iri)
    return store


def _evaluate(store, text: str, query: ParsedQuery, timeout: float | None) -> QueryResult:
    """Run the query in a worker thread (Oxigraph releases the GIL) and wait for it here, at
    most ``timeout`` seconds: no timer signal, so it works in any thread and a tiny timeout
    cannot outlive the wait. A query stopped at the deadline is told to stop reading
    solutions; one step of Oxigraph that never ends runs on until the process ends."""
    box: dict[str, object] = {}
    cancelled = threading.Event()

    def work() -> None:
        # Oxigraph's answer may only be dropped in the thread that made it: it is let go here
        # (finally), and an error's traceback keeps the lines, not the frames' variables.
        answer = None
        try:
            answer = store.query(text, prefixes=PREFIXES, base_iri=query.base_iri)
            box["result"] = _materialise(query.form, answer, cancelled)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            traceback.clear_frames(error.__traceback__)
            box["error"] = error
        finally:
            answer = None

    worker = threading.Thread(target=work, name="pmgraph-sparql", daemon=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    worker.start()
    while worker.is_alive():
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            cancelled.set()
            # A moment for the worker to stop at its next solution and drop Oxigraph's answer
            # itself (it may only be dropped in the thread that made it).
            worker.join(0.2)
            raise LimitReached(f"{query.source}: the query ran longer than {timeout:g} s and was stopped; "
                               "raise --timeout or make the query narrower")
        worker.join(0.05 if left is None else min(left, 0.05))
    error = box.get("error")
    if isinstance(error, SyntaxError):
        raise _syntax_error(text, query.source, error)
    if isinstance(error, (OSError, RuntimeError, ValueError)):
        raise BadInput(f"{query.source}: the query failed: {' '.join(str(error).split())}")
    if error is not None:
        raise error
    return box["result"]


class _Cancelled(Exception):
    """The waiting thread gave up on this query."""


def _materialise(form: str, answer, cancelled: threading.Event) -> QueryResult:
    """Every solution of Oxigraph's lazy answer (read in the worker, so that the deadline
    covers the work): SELECT rows as :class:`~pmgraph.model.terms.Term` (no rdflib), a
    CONSTRUCT or DESCRIBE graph as an rdflib graph."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult("ASK", boolean=bool(answer))
    terms: dict = {}  # each term converted once

    def convert(term):
        if term is None:
            return None
        try:
            return terms[term]
        except KeyError:
            terms[term] = converted = as_term(term)
            return converted

    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [variable.value for variable in answer.variables]
        rows = []
        for solution in answer:
            if cancelled.is_set():
                raise _Cancelled()
            rows.append(tuple(convert(value) for value in solution))
        return QueryResult(form, variables, terms=rows)
    from rdflib import Graph

    from ..kb.oxstore import to_rdflib as rdflib_term
    from ..namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in answer:
        if cancelled.is_set():
            raise _Cancelled()
        graph.add(rdflib_term(triple))
    return QueryResult(form, graph=graph)


# -- sending a query to an endpoint --------------------------------------------------------------


def sparql_term(term: Any) -> str:
    """``term`` (a :class:`~pmgraph.model.terms.Term`, an rdflib or a pyoxigraph term) in
    SPARQL syntax, escaped so that it cannot end early.

    >>> from rdflib import Literal, URIRef
    >>> sparql_term(Literal('")) || true'))
    '"\\\\")) || true"'
    >>> print(sparql_term(Literal("\\\\u0041")))
    "\\\\\\U000000750041"
    >>> sparql_term(URIRef("https://w3id.org/pmgraph/id/TechPM"))
    '<https://w3id.org/pmgraph/id/TechPM>'
    """
    try:
        fields = as_term(term)
    except TypeError:
        fields = None
    if fields is not None and fields.kind == "uri":
        if _IRI_FORBIDDEN.search(fields.value):
            raise UsageError(f"cannot send the IRI {fields.value!r} to an endpoint: it holds characters IRIs may not contain")
        return f"<{fields.value}>"
    if fields is not None and fields.kind == "literal":
        # SPARQL 1.1 lets a parser replace \uXXXX and \UXXXXXXXX anywhere in the text before it
        # parses (Jena and rdflib do): an escaped backslash followed by "u" would become a
        # code point. Writing that "u" as \U00000075 (eight digits: no parser reads on into the
        # text after it) keeps the value a value for every parser.
        text = _BACKSLASH_U.sub(lambda m: m.group(1) + ("\\U00000075" if m.group(2) == "u" else "\\U00000055"),
                                escape_string(fields.value))
        if fields.language:
            if not _LANG_TAG.match(fields.language):
                raise UsageError(f"bad language tag {fields.language!r}")
            return f'"{text}"@{fields.language}'
        if fields.datatype is not None and fields.datatype != XSD_STRING:
            return f'"{text}"^^{sparql_term(Term("uri", fields.datatype))}'
        return f'"{text}"'
    raise UsageError(f"cannot send {term!r} to an endpoint (blank nodes have no name outside their graph)")


def _where_brace(text: str, form: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE clause."""
    depth, after_where, top_level = 0, False, []
    for kind, value, end in _tokens(text):
        if depth == 0 and kind == "word" and value.upper() == "WHERE":
            after_where = True
            continue
        if value == "{":
            if depth == 0:
                if after_where:
                    return end
                top_level.append(end)
            depth += 1
        elif value == "}":
            depth -= 1
        after_where = False
    # WHERE is optional: the pattern is the first group (the second after a CONSTRUCT template).
    wanted = 1 if form == "CONSTRUCT" else 0
    if form != "DESCRIBE" and len(top_level) > wanted:
        return top_level[wanted]
    raise UsageError("cannot bind parameters for an endpoint: the query has no WHERE clause")


def _top_groups(text: str, where: int) -> list[tuple[int, str, str, set[str]]]:
    """Each group directly in the WHERE clause that opens at ``where`` (subqueries excepted):
    the offset just after its ``{``, the keywords just before and just after it (upper case),
    and the names of the variables it mentions."""
    tokens = [(value, end) for _, value, end in _tokens(text[where:])]
    groups, depth, opened = [], 0, []
    for index, (value, _) in enumerate(tokens):
        if value == "{":
            depth += 1
            if depth == 1:
                opened.append(index)
        elif value == "}":
            if depth == 0:
                break  # the end of the WHERE clause
            if depth == 1:
                start = opened.pop()
                before = tokens[start - 1][0].upper() if start > 0 else ""
                after = tokens[index + 1][0].upper() if index + 1 < len(tokens) else ""
                first = tokens[start + 1][0].upper() if start + 1 < len(tokens) else ""
                if first != "SELECT":
                    names = {tokens[i + 1][0] for i in range(start, index) if tokens[i][0] in ("?", "$")}
                    groups.append((where + tokens[start][1], before, after, names))
            depth -= 1
    return groups


def bind_values(text: str, form: str, bindings: Mapping[str, Any]) -> str:
    """``text`` with ``bindings`` as a one-row ``VALUES`` block opening its WHERE clause and
    each UNION branch directly in it, for a store that takes no ``initBindings``; an
    ``OPTIONAL`` group directly in it gets the blocks of the variables it mentions.

    Repeating the block inside the branches changes no answer (a join with the same single
    row), but lets Oxigraph, which evaluates a UNION before joining it with what precedes it,
    start each branch from the bound values: ``shared-by-roles`` takes 0.05 s instead of 1 s
    with ESCO and O*NET loaded. Each variable gets a block of its own (the same single row):
    Virtuoso 7.2's compiler fails on some queries with one block of several variables
    ("ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED"). In an OPTIONAL group the blocks change
    no answer either (both sides of the left join hold the same value), and Virtuoso 7.2, which
    evaluates a FILTER inside OPTIONAL without the variables bound outside it, needs them there:
    ``OPTIONAL { ?req pmo:detail ?detail FILTER(lang(?detail) = ?lang) }`` would find no detail.

    >>> from pmgraph.namespaces import PM
    >>> print(bind_values("SELECT ?x WHERE { { ?x pmo:role ?r } UNION { ?x pmo:hires ?r } }", "SELECT",
    ...                   {"r": PM.CTO}))
    SELECT ?x WHERE { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } ?x pmo:role ?r } UNION { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } ?x pmo:hires ?r } }
    """
    blocks = {name: f" VALUES (?{name}) {{ ({sparql_term(value)}) }}" for name, value in bindings.items()}
    block = "".join(blocks.values())
    where = _where_brace(text, form)
    inserts = [(where, block)]
    for at, before, after, names in _top_groups(text, where):
        if "UNION" in (before, after):
            inserts.append((at, block))
        elif before == "OPTIONAL":
            inserts.append((at, "".join(blocks[name] for name in blocks if name in names)))
    for at, inserted in sorted(inserts, reverse=True):
        text = text[:at] + inserted + text[at:]
    return text


def remote_text(query: ParsedQuery, bindings: Mapping[str, Any] | None = None) -> str:
    """The text to send to a SPARQL endpoint: the project's prefixes declared, and ``bindings``
    given as a ``VALUES`` block at the start of the WHERE clause (the protocol has no
    ``initBindings``; see :func:`bind_values`). Every value is written by :func:`sparql_term`, and the result is parsed
    again before it is sent.

    >>> from pmgraph.namespaces import PM
    >>> query = parse_query("SELECT ?skill WHERE { ?req pmo:role ?role ; pmo:skill ?skill }")
    >>> print(remote_text(query, {"role": PM.TechPM}).splitlines()[-1])
    SELECT ?skill WHERE { VALUES (?role) { (<https://w3id.org/pmgraph/id/TechPM>) } ?req pmo:role ?role ; pmo:skill ?skill }
    """
    _, declared = _first_keyword(query.text)
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared)
    text = query.text
    if bindings:
        text = bind_values(text, query.form, bindings)
    composed = prologue + text
    parse_query(composed, query.source, allow_network=True)  # the bound text must still be one valid query
    return composed


# -- result formats -------------------------------------------------------------------------------


def _json_term(term: Term) -> dict[str, str]:
    value: dict[str, str] = {"type": term.kind, "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = term.datatype
    return value


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/).

    >>> print(to_json(QueryResult("ASK", boolean=True)))
    {
      "head": {},
      "boolean": true
    }
    """
    if result.form == "ASK":
        document: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{name: _json_term(term) for name, term in zip(result.variables, row) if term is not None}
                    for row in result.terms]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2)


def from_json(text: str, *, written_by_pmgraph: bool = False) -> QueryResult:
    """An answer in SPARQL 1.1 Query Results JSON (an endpoint's, or one :func:`to_json` wrote
    and a snapshot kept), read strictly, its rows as :class:`~pmgraph.model.terms.Term`;
    :class:`ValueError` saying what is wrong for anything else. A typed literal's value is
    given in rdflib's canonical form (:func:`~pmgraph.model.terms.literal`), which an answer
    ``written_by_pmgraph`` holds already (so it is read as it is, without rdflib).

    >>> answer = QueryResult("SELECT", ["x", "n"], terms=[(Term("uri", "http://example/x"), None)])
    >>> from_json(to_json(answer), written_by_pmgraph=True) == answer
    True
    >>> from_json('{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "tree", "value": "1"}}]}}')
    Traceback (most recent call last):
    ...
    ValueError: x: unknown term type 'tree'
    """
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
            raise ValueError("no head object")
        if "boolean" in document:
            if not isinstance(document["boolean"], bool):
                raise ValueError("boolean is not true or false")
            return QueryResult("ASK", boolean=document["boolean"])
        variables = document["head"].get("vars", [])
        bindings = document["results"]["bindings"]
        if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables) \
                or not isinstance(bindings, list):
            raise ValueError("vars or bindings are not lists")
        rows = []
        for solution in bindings:
            if not isinstance(solution, dict):
                raise ValueError("a solution is not an object")
            rows.append(tuple(_json_binding(solution[name], name, written_by_pmgraph) if name in solution else None
                              for name in variables))
    except KeyError as error:
        raise ValueError(f"no {error} member") from None
    except (TypeError, AttributeError) as error:
        raise ValueError(str(error)) from None
    return QueryResult("SELECT", variables, terms=rows)


def _json_binding(value: object, where: str, as_written: bool) -> Term:
    if not isinstance(value, dict) or not isinstance(value.get("value"), str):
        raise ValueError(f"{where}: a binding is not a JSON object with a string value")
    kind, text = value.get("type"), value["value"]
    if kind in ("uri", "bnode"):
        return Term(kind, text)
    if kind in ("literal", "typed-literal"):  # typed-literal: the JSON of SPARQL's first drafts
        language, datatype = value.get("xml:lang") or None, value.get("datatype")
        if not as_written:
            return literal(text, language, datatype)
        if language or datatype in (XSD_STRING, RDF_LANG_STRING):
            datatype = None
        return Term("literal", text, language, datatype)
    raise ValueError(f"{where}: unknown term type {kind!r}")


def _csv_field(term: Term | None) -> str:
    if term is None:
        return ""
    text = f"_:{term.value}" if term.kind == "bnode" else term.value
    if any(ch in text for ch in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, CRLF line ends, plain values.

    >>> to_csv(QueryResult("SELECT", ["x", "text"], terms=[(Term("uri", "http://example/x"), Term("literal", 'say "hi", then'))]))
    'x,text\\r\\nhttp://example/x,"say ""hi"", then"\\r\\n'
    """
    lines = [",".join(result.variables)]
    lines += [",".join(_csv_field(term) for term in row) for row in result.terms]
    return "".join(line + "\r\n" for line in lines)


_TURTLE_NUMBER = {
    XSD_NS + "integer": re.compile(r"^[+-]?\d+$"),
    XSD_NS + "decimal": re.compile(r"^[+-]?\d*\.\d+$"),
    XSD_NS + "double": re.compile(r"^[+-]?(\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+)$"),
}


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "bnode":
        return f"_:{term.value}"
    if term.kind == "uri":
        escaped = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", term.value)
        return f"<{escaped}>"
    pattern = _TURTLE_NUMBER.get(term.datatype) if not term.language else None
    if pattern is not None and pattern.match(term.value):
        return term.value  # the spec: abbreviated forms for numbers should be used
    text = f'"{escape_string(term.value)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD_STRING:
        return f"{text}^^{_tsv_term(Term('uri', term.datatype))}"
    return text


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?``-named header, terms in SPARQL syntax, LF line ends.

    >>> to_tsv(QueryResult("SELECT", ["x", "n", "l"], terms=[(Term("uri", "http://example/x"),
    ...     Term("literal", "3", datatype="http://www.w3.org/2001/XMLSchema#integer"), Term("literal", "a\\tb", "en"))]))
    '?x\\t?n\\t?l\\n<http://example/x>\\t3\\t"a\\\\tb"@en\\n'
    """
    lines = ["\t".join("?" + name for name in result.variables)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in result.terms]
    return "".join(line + "\n" for line in lines)


def to_rdf(result: QueryResult, fmt: str = "turtle") -> str:
    """The graph of a ``CONSTRUCT`` / ``DESCRIBE`` result as Turtle or N-Triples (sorted lines);
    a kept answer's text as it was written (:attr:`QueryResult.serialized`)."""
    if fmt in result.serialized:
        return result.serialized[fmt]
    from rdflib import Graph

    from ..namespaces import bind_prefixes

    graph = result.graph if result.graph is not None else Graph()
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").split("\n") if line.strip())
        return "".join(line + "\n" for line in lines)
    return bind_prefixes(graph).serialize(format="turtle")
