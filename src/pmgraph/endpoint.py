"""Remote SPARQL 1.1 endpoints: run queries, download the graph, push a graph into a store.

Anything that speaks the SPARQL 1.1 Protocol works (Oxigraph server, Apache Jena Fuseki,
GraphDB, Virtuoso). Every request has a connect timeout and a read timeout; an endpoint that
is down, slow or answers something that is not what the protocol promises gives one line
and :class:`pmgraph.errors.RemoteError` (exit 6)::

    >>> Endpoint("http://127.0.0.1:9/query", timeout=1).ask("ASK {}")
    Traceback (most recent call last):
    ...
    pmgraph.errors.RemoteError: http://127.0.0.1:9/query: connection refused; is the endpoint running?

Only the standard library's HTTP client is used, and only when a caller names an endpoint.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from urllib.parse import quote, urlencode, urljoin, urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import LimitReached, RemoteError, UsageError
from .namespaces import bind_prefixes
from .sparql import QueryResult

__all__ = ["Endpoint", "parse_results_json", "NAME_PROPERTIES", "DEFAULT_CONNECT_TIMEOUT"]

#: Seconds to wait for a TCP (and TLS) connection.
DEFAULT_CONNECT_TIMEOUT = 10.0
_GRAPH_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
}
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULTS_ACCEPT = "application/sparql-results+json"
_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_REDIRECTS = 5
#: Properties that name entities or give their kind: what resolving a name needs.
NAME_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "https://w3id.org/pmgraph/ontology#kindName",
)


class _Timeout(Exception):
    """The read deadline passed while an answer was still coming."""


class Endpoint:
    """One SPARQL 1.1 query endpoint, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph),
    ``http://localhost:3030/ds/sparql`` (Fuseki) or ``http://localhost:7200/repositories/r`` (GraphDB).

    ``timeout`` bounds the wait for an answer (seconds); ``connect_timeout`` the wait for a
    connection (at most ``timeout``).
    """

    def __init__(self, url: str, *, timeout: float = 60.0, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT):
        self.url = _checked_url(url)
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # -- queries ----------------------------------------------------------------------------
    def query(self, text: str, form: str, *, timeout: float | None = None) -> QueryResult:
        """Run a query (already checked by :func:`pmgraph.sparql.parse_query`) and parse its answer.

        A ``timeout`` here is a limit the user set on the query: running out of it raises
        :class:`LimitReached` (exit 5) rather than :class:`RemoteError`.
        """
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        accept = _GRAPH_ACCEPT if graph_form else _RESULTS_ACCEPT
        try:
            content_type, body = self._post_query(text, accept, timeout or self.timeout)
        except _Timeout:
            if timeout is None:
                raise RemoteError(f"{self.url}: no answer within {self.timeout:g} s") from None
            raise LimitReached(f"{self.url}: the query ran longer than {timeout:g} s and was given up; "
                               "raise --timeout or make the query narrower") from None
        if graph_form:
            return QueryResult(form, graph=self._parse_graph(content_type, body))
        result = parse_results_json(body, self.url, content_type)
        if (result.form == "ASK") != (form == "ASK"):
            raise RemoteError(f"{self.url}: answered garbage: a {result.form} result to an {form} query")
        return result

    def ask(self, text: str) -> bool:
        """The answer to an ``ASK`` query."""
        return bool(self.query(text, "ASK").boolean)

    def count_triples(self, where: str = "?s ?p ?o") -> int:
        """How many triples of the endpoint's default graph match the pattern ``where``."""
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", "SELECT")
        try:
            return int(str(result.rows[0][0]))
        except (IndexError, TypeError, ValueError):
            raise RemoteError(f"{self.url}: answered garbage: no count in the answer to a COUNT query") from None

    def download_graph(self, limit: int) -> Graph:
        """Every triple of the endpoint's default graph, refusing (exit 5) a store of more than ``limit`` triples."""
        self._check_size("?s ?p ?o", limit, "the endpoint holds")
        return self._construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", limit)

    def download_names(self, limit: int) -> Graph:
        """The triples that name entities and give their kind (labels, types, the class tree).

        That is all :class:`pmgraph.resolve.Resolver` needs, and much less than the whole store.
        """
        values = " ".join(f"<{iri}>" for iri in NAME_PROPERTIES)
        where = f"VALUES ?p {{ {values} }} ?s ?p ?o"
        self._check_size(where, limit, "the endpoint's labels and types are")
        return self._construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", limit)

    def labels(self, iris: list[URIRef]) -> Graph:
        """The preferred labels (``skos:prefLabel``, ``rdfs:label``) of ``iris``, fetched in batches.

        IRIs that cannot be written in a query (they hold characters IRIs may not contain) are
        left out: they simply keep no label.
        """
        from .sparql import _IRI_FORBIDDEN, sparql_term

        iris = [iri for iri in iris if not _IRI_FORBIDDEN.search(str(iri))]
        graph = Graph()
        for start in range(0, len(iris), 200):
            batch = " ".join(sparql_term(iri) for iri in iris[start:start + 200])
            graph += self._construct(
                "CONSTRUCT { ?s ?p ?label } WHERE { VALUES ?s { " + batch + " } "
                "VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2000/01/rdf-schema#label> } "
                "?s ?p ?label }", None)
        return graph

    def _check_size(self, where: str, limit: int, what: str) -> None:
        count = self.count_triples(where)
        if count > limit:
            raise LimitReached(f"{self.url}: {what} {count} triples, more than --endpoint-limit {limit}; "
                               "raise the limit, or ask the store directly with `pmgraph query` / `pmgraph sparql`")

    def _construct(self, text: str, limit: int | None) -> Graph:
        graph = self.query(text, "CONSTRUCT").graph
        if limit is not None and len(graph) > limit:
            raise LimitReached(f"{self.url}: the answer holds {len(graph)} triples, more than --endpoint-limit {limit}")
        return bind_prefixes(graph)

    # -- Graph Store Protocol --------------------------------------------------------------
    def push(self, graph: Graph, *, graph_iri: str | None = None, replace: bool = False) -> int:
        """Send ``graph`` to this URL as a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

        Into the default graph, or the named graph ``graph_iri``; ``replace`` uses PUT (the
        graph's old content goes), otherwise POST (triples are added). Returns the number of
        triples sent. The body is N-Triples, sent as ``text/turtle`` (every N-Triples document
        is Turtle, and every Graph Store implementation reads Turtle).
        """
        target = f"graph={quote(graph_iri, safe='')}" if graph_iri else "default"
        separator = "&" if urlsplit(self.url).query else "?"
        url = f"{self.url}{separator}{target}"
        body = graph.serialize(format="nt", encoding="utf-8")
        try:
            status, _, answer = self._request("PUT" if replace else "POST", url, body,
                                              {"Content-Type": "text/turtle; charset=utf-8"}, self.timeout)
        except _Timeout:
            raise RemoteError(f"{self.url}: no answer within {self.timeout:g} s while storing the graph") from None
        if status not in (200, 201, 204):
            raise RemoteError(f"{self.url}: the store refused the graph: HTTP {status} {_first_line(answer)}")
        return len(graph)

    # -- HTTP ------------------------------------------------------------------------------
    def _post_query(self, text: str, accept: str, timeout: float) -> tuple[str, bytes]:
        body = urlencode({"query": text}).encode("ascii")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        status, content_type, answer = self._request("POST", self.url, body, headers, timeout)
        if status != 200:
            raise RemoteError(f"{self.url}: HTTP {status} {_first_line(answer)}".rstrip())
        return content_type, answer

    def _request(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                 timeout: float) -> tuple[int, str, bytes]:
        """One HTTP exchange (following redirects); returns status, media type and body."""
        from . import __version__

        deadline = time.monotonic() + timeout
        headers = {"User-Agent": f"pmgraph/{__version__}", **headers}
        for _ in range(_MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            connection = connection_class(parts.hostname, parts.port, timeout=self.connect_timeout)
            try:
                try:
                    connection.connect()
                except ConnectionRefusedError:
                    raise RemoteError(f"{self.url}: connection refused; is the endpoint running?") from None
                except socket.gaierror:
                    raise RemoteError(f"{self.url}: unknown host {parts.hostname!r}") from None
                except (socket.timeout, TimeoutError):
                    raise RemoteError(f"{self.url}: no connection within {self.connect_timeout:g} s") from None
                except ssl.SSLError as error:
                    raise RemoteError(f"{self.url}: TLS error: {error.reason or error}") from None
                except OSError as error:
                    raise RemoteError(f"{self.url}: cannot connect: {error.strerror or error}") from None
                path = parts.path or "/"
                if parts.query:
                    path += "?" + parts.query
                sock = connection.sock  # kept: the connection drops it once a response says it will close
                try:
                    sock.settimeout(max(deadline - time.monotonic(), 0.001))
                    connection.request(method, path, body=body, headers=headers)
                    response = connection.getresponse()
                    answer = _read_until(response, deadline, sock)
                except (socket.timeout, TimeoutError):
                    raise _Timeout() from None
                except (http.client.HTTPException, OSError) as error:
                    raise RemoteError(f"{self.url}: the connection failed: {error or type(error).__name__}") from None
            finally:
                connection.close()
            if response.status in _REDIRECTS and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                if response.status == 303:
                    method, body = "GET", None
                continue
            media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return response.status, media_type, answer
        raise RemoteError(f"{self.url}: more than {_MAX_REDIRECTS} redirects")

    def _parse_graph(self, content_type: str, body: bytes) -> Graph:
        fmt = _GRAPH_TYPES.get(content_type)
        if fmt is None:
            raise RemoteError(f"{self.url}: answered garbage: expected RDF (N-Triples, Turtle or RDF/XML), "
                              f"got {content_type or 'no content type'}")
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format=fmt)
        except Exception as error:  # noqa: BLE001 - any parser complaint means the answer is unusable
            raise RemoteError(f"{self.url}: answered garbage: unreadable {content_type}: "
                              f"{str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}") from None
        return graph


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an endpoint URL; give an http:// or https:// URL "
                         "such as http://127.0.0.1:7878/query")
    return url


def _read_until(response: http.client.HTTPResponse, deadline: float, sock: socket.socket) -> bytes:
    """The whole body, giving up when ``deadline`` passes even if data keeps trickling in."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout()
        sock.settimeout(remaining)
        chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def _term(value: object, where: str) -> URIRef | BNode | Literal:
    if not isinstance(value, dict) or not isinstance(value.get("value"), str):
        raise ValueError(f"{where}: a binding is not a JSON object with a string value")
    kind, text = value.get("type"), value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang, datatype = value.get("xml:lang"), value.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        if datatype and datatype not in (str(XSD.string), str(RDF.langString)):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise ValueError(f"{where}: unknown term type {kind!r}")


def parse_results_json(body: bytes, url: str = "endpoint", content_type: str = _RESULTS_ACCEPT) -> QueryResult:
    """Read SPARQL 1.1 Query Results JSON strictly; anything else is :class:`RemoteError`.

    >>> parse_results_json(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://e/x"}}]}}').rows
    [(rdflib.term.URIRef('http://e/x'),)]
    >>> parse_results_json(b'<html>Service unavailable</html>', "http://e/sparql", "text/html")
    Traceback (most recent call last):
    ...
    pmgraph.errors.RemoteError: http://e/sparql: answered garbage: expected SPARQL results JSON, got text/html
    """
    try:
        document = json.loads(body.decode("utf-8"))
        if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
            raise ValueError("no head object")
        if "boolean" in document:
            if not isinstance(document["boolean"], bool):
                raise ValueError("boolean is not true or false")
            return QueryResult("ASK", boolean=document["boolean"])
        variables = document["head"].get("vars", [])
        bindings = document["results"]["bindings"]
        if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables) or not isinstance(bindings, list):
            raise ValueError("vars or bindings are not lists")
        rows = []
        for solution in bindings:
            if not isinstance(solution, dict):
                raise ValueError("a solution is not an object")
            rows.append(tuple(_term(solution[name], name) if name in solution else None for name in variables))
        return QueryResult("SELECT", variables, rows)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        if content_type not in ("application/sparql-results+json", "application/json"):
            raise RemoteError(f"{url}: answered garbage: expected SPARQL results JSON, "
                              f"got {content_type or 'no content type'}") from None
        raise RemoteError(f"{url}: answered garbage: not SPARQL results JSON ({error})") from None
