"""SPARQL over the pmgraph graph: named queries, ad-hoc queries and the W3C result formats.

A query is parsed once (:func:`parse_query`, rdflib's ``prepareQuery`` with the project's
prefixes predeclared) and checked before it runs: updates are refused, ``SERVICE`` is refused
unless the caller allows the network, and a syntax error names its line and column. Values
are bound with ``initBindings``, never pasted into the query text::

    >>> from pmgraph.store import load_graph
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
"""

from __future__ import annotations

import hashlib
import json
import re
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import BadInput, LimitReached, UsageError
from .namespaces import PM, PREFIXES, bind_prefixes  # noqa: F401 - PM is used by the doctests

__all__ = [
    "QUERY_DIR",
    "DEFAULT_TIMEOUT",
    "ParsedQuery",
    "Parameter",
    "NamedQuery",
    "QueryResult",
    "parse_query",
    "bind_values",
    "result_key",
    "named_queries",
    "named_query",
    "bind_parameters",
    "run_local",
    "remote_text",
    "sparql_term",
    "to_json",
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

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
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

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``prepared`` is rdflib's
    prepared query, evaluated as often as needed without parsing again.
    """

    text: str
    source: str
    form: str
    prepared: object = field(repr=False, compare=False)

    @property
    def dataset_iris(self) -> list[str]:
        """The IRIs the query names in ``FROM`` / ``FROM NAMED``."""
        clauses = self.prepared.algebra.get("datasetClause") or []
        return [str(clause.default or clause.named) for clause in clauses]


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


def query_keyword(text: str) -> str:
    """The query form a query's text opens with (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``).

    >>> query_keyword("PREFIX x: <http://example.org/> ask { ?s ?p ?o }")
    'ASK'
    """
    return _first_keyword(text)[0]


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _near(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    rest = " ".join(lines[line - 1][column - 1:].split()) if line <= len(lines) else ""
    if not rest:
        return "where the query ends too early (an unclosed brace, bracket or string?)"
    return f"in the clause starting {rest[:24]!r}"


def _syntax_error(text: str, source: str, error: Exception) -> BadInput:
    """One line for rdflib's complaint: the position is the start of the clause that failed to parse."""
    message = str(error)
    prefix = re.search(r"Unknown namespace prefix : (\S*)", message)
    if prefix:
        name = prefix.group(1)
        found = re.search(rf"(?<![\w:<?$]){re.escape(name)}:", text)
        line, column = _line_column(text, found.start()) if found else (1, 1)
        known = ", ".join(PREFIXES)
        return BadInput(f"{source}:{line}:{column}: undeclared prefix '{name}:' "
                        f"(declare it with PREFIX {name}: <...>; predeclared: {known})")
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    if line is None or column is None:
        first = message.strip().splitlines()[0] if message.strip() else type(error).__name__
        return BadInput(f"{source}: SPARQL error: {first}")
    return BadInput(f"{source}:{line}:{column}: SPARQL syntax error {_near(text, line, column)}")


def _walk(node) -> Iterator[object]:
    """Every node of a parsed query's algebra."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)


def parse_query(text: str, source: str = "<query>", *, allow_network: bool = False) -> ParsedQuery:
    """Parse and check one SPARQL query; :data:`PREFIXES` are predeclared.

    Raises :class:`UsageError` (exit 2) for an update or for ``SERVICE`` without
    ``allow_network``, and :class:`BadInput` (exit 3) for a syntax error, with its line and column.

    >>> parse_query("ASK { pm:TechPM a pmo:CareerStage }").form
    'ASK'
    >>> parse_query("DROP ALL")
    Traceback (most recent call last):
    ...
    pmgraph.errors.UsageError: <query>: refused: DROP is a SPARQL update; pmgraph's queries are read-only
    >>> parse_query("SELECT ?x WHERE {\\n  ?x a pmo:Role .\\n  FILTER(?x = ) }")
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: <query>:3:3: SPARQL syntax error in the clause starting 'FILTER(?x = ) }'
    """
    from rdflib.plugins.sparql import prepareQuery

    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput(f"{source}: the query is empty")
    keyword, _ = _first_keyword(text)
    if keyword in _UPDATE_KEYWORDS:
        raise UsageError(f"{source}: refused: {keyword} is a SPARQL update; pmgraph's queries are read-only")
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except Exception as error:  # noqa: BLE001 - pyparsing and rdflib's translator raise many types
        raise _syntax_error(text, source, error) from None
    for node in _walk(prepared.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern" and not allow_network:
            raise UsageError(f"{source}: refused: SERVICE <{node.get('term')}> would query the network; "
                             "pass --allow-network to allow it")
    return ParsedQuery(text, source, _FORMS[prepared.algebra.name], prepared)


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


def bind_parameters(query: NamedQuery, values: Mapping[str, str], resolver) -> dict[str, Identifier]:
    """Turn the user's parameter values into RDF terms for ``initBindings``.

    Names resolve with ``resolver`` (a :class:`pmgraph.resolve.Resolver`), restricted to the
    parameter's kind; ``text`` becomes a plain literal and ``lang`` a checked language tag. The
    values are never put into the query text.

    >>> from pmgraph.store import load_graph
    >>> from pmgraph.resolve import Resolver
    >>> query = named_query("skills-of-role")
    >>> bind_parameters(query, {"role": "tech pm"}, Resolver(load_graph()))
    {'role': rdflib.term.URIRef('https://w3id.org/pmgraph/id/TechPM'), 'lang': rdflib.term.Literal('en')}
    """
    bindings: dict[str, Identifier] = {}
    for name in values:
        query.parameter(name)  # refuses unknown names
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise UsageError(f"query {query.name!r} needs --param {parameter.name}=... ({parameter.description})")
        if parameter.kind == "text":
            bindings[parameter.name] = Literal(value)
        elif parameter.kind == "lang":
            if not _LANG_TAG.match(value):
                raise UsageError(f"--param {parameter.name}={value!r} is not a language tag (e.g. en, ja, ko)")
            bindings[parameter.name] = Literal(value.lower())
        else:
            kinds = None if parameter.kind == "any" else set(parameter.kind.split("|"))
            bindings[parameter.name] = resolver.resolve(value, kinds=kinds)
    return bindings


# -- running -----------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer to a query, whichever engine gave it.

    ``SELECT``: ``variables`` and ``rows`` (``None`` where a variable is unbound); ``ASK``:
    ``boolean``; ``CONSTRUCT`` / ``DESCRIBE``: ``graph``.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


class _Deadline(BaseException):
    """Raised inside a running query when its time is up (a BaseException, so no `except Exception` in rdflib swallows it)."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Stop the code in the block after ``seconds`` by raising :class:`_Deadline` in it.

    In the main thread this is a real-time timer signal: no cost until it fires, and it
    interrupts any Python code, even a runaway regular expression. In other threads (and
    where there is no ``setitimer``) a watchdog thread raises the exception asynchronously in
    the querying thread. Either way the exception is raised again every 50 ms until the block
    is left, because one raised inside a destructor would be swallowed.
    """
    if seconds is None:
        yield
        return
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _signal_deadline(seconds):
            yield
    else:
        with _watchdog_deadline(seconds):
            yield


@contextmanager
def _signal_deadline(seconds: float) -> Iterator[None]:
    active = [True]

    def expire(signum, frame):
        if active[0]:
            raise _Deadline()

    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    started = time.monotonic()
    try:
        yield
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # give back a timer someone else had set, minus the time spent here
            remaining = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


@contextmanager
def _watchdog_deadline(seconds: float) -> Iterator[None]:
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    stop = threading.Event()

    def watch() -> None:
        if stop.wait(seconds):
            return
        while not stop.is_set():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Deadline))
            stop.wait(0.05)

    watcher = threading.Thread(target=watch, name="pmgraph-query-deadline", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # drop one still pending


def _dataset_for(graph: Graph, query: ParsedQuery, allow_network: bool) -> Graph:
    """The graph to evaluate ``query`` on; ``FROM`` makes rdflib fetch graphs, so it needs the network."""
    iris = query.dataset_iris
    if not iris:
        return graph
    if not allow_network:
        raise UsageError(f"{query.source}: refused: FROM <{iris[0]}> would fetch a graph from the network; "
                         "in-process queries run over the loaded graph (add files with --data), "
                         "or pass --allow-network to fetch it")
    from rdflib import Dataset

    dataset = Dataset()
    dataset.default_context += graph
    return dataset


def result_key(query: ParsedQuery, bindings: Mapping[str, Identifier] | None = None) -> str:
    """The name a query's answer is kept under in a snapshot's cache: a hash of its text and
    bindings (the snapshot itself is keyed by the data, so the answer can never be stale).

    >>> result_key(parse_query("ASK { ?s ?p ?o }")) == result_key(parse_query("ASK { ?s ?p ?o }"))
    True
    >>> result_key(parse_query("ASK { ?s ?p ?o }"), {"s": PM.CTO})[:6]
    'query-'
    """
    digest = hashlib.sha256(query.text.encode("utf-8"))
    for name, value in sorted((bindings or {}).items()):
        digest.update(f"\n{name}={value.n3()}".encode())
    return "query-" + digest.hexdigest()[:32]


def run_local(query: ParsedQuery, graph: Graph, bindings: Mapping[str, Identifier] | None = None, *,
              timeout: float | None = DEFAULT_TIMEOUT, allow_network: bool = False) -> QueryResult:
    """Evaluate ``query`` on ``graph`` in this process, with ``bindings`` as ``initBindings``.

    Raises :class:`LimitReached` (exit 5) when it runs longer than ``timeout`` seconds.
    """
    target = _dataset_for(graph, query, allow_network)
    try:
        with _deadline(timeout):
            answer = target.query(query.prepared, initBindings=dict(bindings or {}))
            result = _materialise(query.form, answer)
    except _Deadline:
        raise LimitReached(f"{query.source}: the query ran longer than {timeout:g} s and was stopped; "
                           "raise --timeout or make the query narrower") from None
    except (UsageError, BadInput, LimitReached):
        raise
    except Exception as error:  # noqa: BLE001 - rdflib's evaluator raises plain exceptions
        raise BadInput(f"{query.source}: the query failed: {error}") from None
    return result


def _materialise(form: str, answer) -> QueryResult:
    """Pull every solution out of rdflib's lazy result (so that the deadline covers the work)."""
    if form == "SELECT":
        variables = [str(v) for v in answer.vars or []]
        return QueryResult(form, variables, [tuple(row) for row in answer])
    if form == "ASK":
        return QueryResult(form, boolean=bool(answer.askAnswer))
    graph = bind_prefixes(Graph())
    for triple in answer.graph if answer.graph is not None else answer:
        graph.add(triple)
    return QueryResult(form, graph=graph)


# -- sending a query to an endpoint --------------------------------------------------------------


def sparql_term(term: Identifier) -> str:
    """``term`` in SPARQL syntax, escaped so that it cannot end early.

    >>> sparql_term(Literal('")) || true'))
    '"\\\\")) || true"'
    >>> sparql_term(URIRef("https://w3id.org/pmgraph/id/TechPM"))
    '<https://w3id.org/pmgraph/id/TechPM>'
    """
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise UsageError(f"cannot send the IRI {str(term)!r} to an endpoint: it holds characters IRIs may not contain")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = _escape_string(str(term))
        if term.language:
            if not _LANG_TAG.match(term.language):
                raise UsageError(f"bad language tag {term.language!r}")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^{sparql_term(term.datatype)}'
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


def _union_branches(text: str, where: int) -> list[int]:
    """Offsets just after the ``{`` of each group that is an operand of a UNION directly in
    the WHERE clause that opens at ``where`` (subqueries excepted)."""
    tokens = [(value, end) for _, value, end in _tokens(text[where:])]
    branches, depth, opened = [], 0, []
    for index, (value, end) in enumerate(tokens):
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
                if "UNION" in (before, after) and first != "SELECT":
                    branches.append(where + tokens[start][1])
            depth -= 1
    return branches


def bind_values(text: str, form: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with ``bindings`` as a one-row ``VALUES`` block opening its WHERE clause and
    each UNION branch directly in it, for a store that takes no ``initBindings``.

    Repeating the block inside the branches changes no answer (a join with the same single
    row), but lets Oxigraph, which evaluates a UNION before joining it with what precedes it,
    start each branch from the bound values: ``shared-by-roles`` takes 0.05 s instead of 1 s
    with ESCO and O*NET loaded.

    >>> print(bind_values("SELECT ?x WHERE { { ?x pmo:role ?r } UNION { ?x pmo:hires ?r } }", "SELECT",
    ...                   {"r": PM.CTO}))
    SELECT ?x WHERE { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } ?x pmo:role ?r } UNION { VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) } ?x pmo:hires ?r } }
    """
    names = list(bindings)
    block = (f" VALUES ({' '.join('?' + str(name) for name in names)}) "
             f"{{ ({' '.join(sparql_term(bindings[name]) for name in names)}) }}")
    where = _where_brace(text, form)
    for at in sorted([where, *_union_branches(text, where)], reverse=True):
        text = text[:at] + block + text[at:]
    return text


def remote_text(query: ParsedQuery, bindings: Mapping[str, Identifier] | None = None) -> str:
    """The text to send to a SPARQL endpoint: the project's prefixes declared, and ``bindings``
    given as a ``VALUES`` block at the start of the WHERE clause (the protocol has no
    ``initBindings``; see :func:`bind_values`). Every value is written by :func:`sparql_term`, and the result is parsed
    again before it is sent.

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


def _escape_string(text: str) -> str:
    """Escape a string for a SPARQL / Turtle single-quoted-by-double-quotes literal."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
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
                    for row in result.rows]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _csv_field(term: Identifier | None) -> str:
    if term is None:
        return ""
    text = f"_:{term}" if isinstance(term, BNode) else str(term)
    if any(ch in text for ch in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, CRLF line ends, plain values.

    >>> to_csv(QueryResult("SELECT", ["x", "text"], [(URIRef("http://example/x"), Literal('say "hi", then'))]))
    'x,text\\r\\nhttp://example/x,"say ""hi"", then"\\r\\n'
    """
    lines = [",".join(result.variables)]
    lines += [",".join(_csv_field(term) for term in row) for row in result.rows]
    return "".join(line + "\r\n" for line in lines)


_TURTLE_NUMBER = {
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.decimal: re.compile(r"^[+-]?\d*\.\d+$"),
    XSD.double: re.compile(r"^[+-]?(\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+)$"),
}


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        escaped = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", str(term))
        return f"<{escaped}>"
    pattern = _TURTLE_NUMBER.get(term.datatype) if not term.language else None
    if pattern is not None and pattern.match(str(term)):
        return str(term)  # the spec: abbreviated forms for numbers should be used
    text = f'"{_escape_string(str(term))}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^{_tsv_term(term.datatype)}"
    return text


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?``-named header, terms in SPARQL syntax, LF line ends.

    >>> to_tsv(QueryResult("SELECT", ["x", "n", "l"], [(URIRef("http://example/x"), Literal(3), Literal("a\\tb", lang="en"))]))
    '?x\\t?n\\t?l\\n<http://example/x>\\t3\\t"a\\\\tb"@en\\n'
    """
    lines = ["\t".join("?" + name for name in result.variables)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in result.rows]
    return "".join(line + "\n" for line in lines)


def to_rdf(result: QueryResult, fmt: str = "turtle") -> str:
    """The graph of a ``CONSTRUCT`` / ``DESCRIBE`` result as Turtle or N-Triples (sorted lines)."""
    graph = result.graph if result.graph is not None else Graph()
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
        return "".join(line + "\n" for line in lines)
    return bind_prefixes(graph).serialize(format="turtle")

