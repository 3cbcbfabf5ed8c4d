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

import html
import http.client
import io
import re
import socket
import ssl
import time
from collections.abc import Collection
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..model.catalog import Catalog, normalize
from ..errors import LimitReached, RemoteError, UnknownName, UsageError
from ..i18n import CommaList, Message, SlashList
from ..iris import DCT_NS, LABEL_PROPERTY_IRIS, PMO_NS, RDF_NS, RDF_TYPE, RDFS_NS, SKOS_NS
from ..namespaces import bind_prefixes, curie
from ..model.resolve import Resolver, loose_key
from ..sparql import QueryResult, from_json

__all__ = ["Endpoint", "EndpointResolver", "FocusedCatalog", "neighbourhood", "parse_results_json",
           "DEFAULT_CONNECT_TIMEOUT"]

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
#: What the two kinds of URL look like, said when one is given for the other.
_QUERY_URLS = "http://host:7878/query (Oxigraph), http://host:3030/DATASET/sparql (Fuseki), http://host:8890/sparql (Virtuoso)"
_STORE_URLS = ("http://host:7878/store (Oxigraph), http://host:3030/DATASET/data (Fuseki), "
               "http://host:8890/sparql-graph-crud-auth (Virtuoso)")
_MAX_REDIRECTS = 5


class _Timeout(Exception):
    """The read deadline passed while an answer was still coming."""


class Endpoint:
    """One SPARQL 1.1 query endpoint, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph),
    ``http://localhost:3030/ds/sparql`` (Fuseki) or ``http://localhost:7200/repositories/r`` (GraphDB).

    ``timeout`` bounds the wait for an answer (seconds); ``connect_timeout`` the wait for a
    connection (at most ``timeout``). A store that asks for a user name and password (HTTP
    401) gets them from ``~/.netrc``, or for ``user`` from ``PMGRAPH_ENDPOINT_PASSWORD``
    (:mod:`pmgraph.kb.httpauth`).
    """

    def __init__(self, url: str, *, timeout: float = 60.0, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
                 user: str | None = None):
        from .httpauth import Authenticator

        self.url = _checked_url(url)
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.auth = Authenticator(self.url, user=user)

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
        if form == "ASK" and result.form == "SELECT" and result.variables == ["__ASK_RETVAL"]:
            # Virtuoso 7.2 answers ASK as a SELECT of one variable: a row holding 1 for true, no row for false.
            return QueryResult("ASK", boolean=any(row and str(row[0]) == "1" for row in result.rows))
        if (result.form == "ASK") != (form == "ASK"):
            raise RemoteError(f"{self.url}: answered garbage: a {result.form} result to an {form} query")
        if form == "SELECT" and _selects_distinct(text):
            # Virtuoso 7.2 keeps duplicates of a solution with an unbound variable under SELECT DISTINCT.
            result.rows = list(dict.fromkeys(result.rows))
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
        count = self._check_size("?s ?p ?o", limit, "the endpoint holds")
        graph = self._construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", limit)
        if len(graph) < count and len(graph) < self.count_triples("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"):
            # (The second count leaves out a triple held in several graphs of a union default graph.)
            raise RemoteError(f"{self.url}: the store sent {len(graph):,} of its {count:,} triples: it cuts answers "
                              "short (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini, 10000 "
                              "by default); raise that limit above the store's size")
        return graph

    def labels(self, iris: list[URIRef]) -> Graph:
        """The preferred labels (``skos:prefLabel``, ``rdfs:label``) of ``iris``, fetched in batches.

        IRIs that cannot be written in a query (they hold characters IRIs may not contain) are
        left out: they simply keep no label.
        """
        from ..sparql import _IRI_FORBIDDEN, sparql_term

        iris = [iri for iri in iris if not _IRI_FORBIDDEN.search(str(iri))]
        graph = Graph()
        for start in range(0, len(iris), 200):
            batch = " ".join(sparql_term(iri) for iri in iris[start:start + 200])
            graph += self._construct(
                "CONSTRUCT { ?s ?p ?label } WHERE { VALUES ?s { " + batch + " } "
                "VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2000/01/rdf-schema#label> } "
                "?s ?p ?label }", None)
        return graph

    def _check_size(self, where: str, limit: int, what: str) -> int:
        count = self.count_triples(where)
        if count > limit:
            raise LimitReached(f"{self.url}: {what} {count} triples, more than --endpoint-limit {limit}; "
                               "raise the limit, or ask the store directly with `pmgraph query` / `pmgraph sparql`")
        return count

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
        self.send_document(graph.serialize(format="nt", encoding="utf-8"), graph_iri=graph_iri, replace=replace)
        return len(graph)

    def send_document(self, body: bytes | Path, *, graph_iri: str | None = None, replace: bool = False,
                      bulk: bool = False, update=None) -> None:
        """Send one N-Triples document (bytes, or a file streamed from disk) to the Graph Store.

        ``bulk`` asks an Oxigraph server for its bulk loader (``no_transaction``, ``lenient``:
        about twice as fast, not atomic); other stores would not know these options, so
        :meth:`push_documents` asks for it only when the server says it is Oxigraph.
        ``update(n)`` is told of every ``n`` more bytes sent (a progress bar).
        """
        target = f"graph={quote(graph_iri, safe='')}" if graph_iri else "default"
        if bulk:
            target += "&no_transaction&lenient"
        separator = "&" if urlsplit(self.url).query else "?"
        url = f"{self.url}{separator}{target}"
        headers = {"Content-Type": "text/turtle; charset=utf-8"}
        handle = open(body, "rb") if isinstance(body, Path) else io.BytesIO(body)  # noqa: SIM115 - closed below
        headers["Content-Length"] = str(body.stat().st_size if isinstance(body, Path) else len(body))
        try:
            reader = _CountingReader(handle, update) if update is not None else handle
            status, _, answer = self._request("PUT" if replace else "POST", url, reader, headers, self.timeout)
        except _Timeout:
            raise RemoteError(f"{self.url}: no answer within {self.timeout:g} s while storing the graph") from None
        finally:
            handle.close()
        if status == 415:
            raise RemoteError(f"{self.url}: the store refused the graph: HTTP 415 (it takes no RDF at this URL); "
                              f"push needs the store's Graph Store Protocol URL, not its query URL: {_STORE_URLS}")
        if status not in (200, 201, 204):
            hint = ""
            if status == 500 and not graph_iri and b"not configured to have default graph" in answer:
                hint = "; this store has no default graph to load into (Virtuoso): give --graph IRI"
            raise RemoteError(f"{self.url}: the store refused the graph: HTTP {status} {_first_line(answer)}".rstrip()
                              + hint)

    def push_documents(self, documents: list[bytes | Path], *, graph_iri: str | None = None,
                       replace: bool = False, progress=None) -> None:
        """Send several N-Triples documents into one graph, in order, each as its own request
        (so that blank nodes of different documents stay apart). With ``replace`` the first
        replaces the graph and the others are added to it. An Oxigraph server loads them with
        its bulk loader. ``progress`` (a :class:`pmgraph.importers.Progress`) is shown the
        bytes sent.
        """
        from ..importers import no_progress

        server = self.server_name()
        if server.startswith("Virtuoso") and urlsplit(self.url).path.rstrip("/").endswith(("/sparql", "/sparql-auth")):
            # Virtuoso's query URL never answers a graph sent to it: say so now, not after --timeout.
            raise RemoteError(f"{self.url}: this is Virtuoso's query URL, which takes no graph; push needs the "
                              f"store's Graph Store Protocol URL: {_STORE_URLS}")
        bulk = server.startswith("Oxigraph")
        total = sum(document.stat().st_size if isinstance(document, Path) else len(document) for document in documents)
        with (progress or no_progress)(f"pushing {len(documents)} document{'s' if len(documents) != 1 else ''}",
                                       total) as update:
            for index, document in enumerate(documents):
                self.send_document(document, graph_iri=graph_iri, replace=replace and index == 0, bulk=bulk,
                                   update=update)

    def server_name(self) -> str:
        """The ``Server`` header of the endpoint's answer to ``HEAD`` (``""`` if it gives none)."""
        try:
            _, _, _, server = self._exchange("HEAD", self.url, None, {}, min(self.timeout, 10.0))
        except (_Timeout, RemoteError):
            return ""
        return server

    # -- HTTP ------------------------------------------------------------------------------
    def _post_query(self, text: str, accept: str, timeout: float) -> tuple[str, bytes]:
        body = urlencode({"query": text}).encode("ascii")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        status, content_type, answer = self._request("POST", self.url, body, headers, timeout)
        if status in (406, 415):
            raise RemoteError(f"{self.url}: HTTP {status}: this URL does not answer SPARQL queries; --endpoint needs "
                              f"the store's query URL, not its Graph Store URL: {_QUERY_URLS}")
        if status != 200:
            raise RemoteError(f"{self.url}: HTTP {status} {_first_line(answer)}".rstrip())
        return content_type, answer

    def _request(self, method: str, url: str, body, headers: dict[str, str],
                 timeout: float) -> tuple[int, str, bytes]:
        """One HTTP exchange (following redirects); returns status, media type and body."""
        status, media_type, answer, _ = self._exchange(method, url, body, headers, timeout)
        return status, media_type, answer

    def _exchange(self, method: str, url: str, body, headers: dict[str, str],
                  timeout: float) -> tuple[int, str, bytes, str]:
        """:meth:`_request`, also giving the ``Server`` header. ``body`` may be bytes or a binary file."""
        from .. import __version__

        deadline = time.monotonic() + timeout
        headers = {"User-Agent": f"pmgraph/{__version__}", **headers}
        start = body.tell() if hasattr(body, "tell") else 0
        answered = 0  # how many authentication challenges this request has answered
        redirects = 0
        while True:
            parts = urlsplit(url)
            connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            connection = connection_class(parts.hostname, parts.port, timeout=self.connect_timeout,
                                          blocksize=1 << 20)
            if hasattr(body, "seek"):
                body.seek(start)
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
                authorization = self.auth.authorization(method, url)
                sent = {**headers, "Authorization": authorization} if authorization else headers
                try:
                    sock.settimeout(max(deadline - time.monotonic(), 0.001))
                    try:
                        connection.request(method, path, body=body, headers=sent)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the server answered before reading the whole body (a refusal): read it
                    response = connection.getresponse()
                    answer = b"" if method == "HEAD" else _read_until(response, deadline, sock)
                except (socket.timeout, TimeoutError):
                    raise _Timeout() from None
                except (http.client.HTTPException, OSError) as error:
                    raise RemoteError(f"{self.url}: the connection failed: {error or type(error).__name__}") from None
            finally:
                connection.close()
            if response.status == 401:
                if self.auth.answer(response.headers.get_all("WWW-Authenticate") or [], method, url,
                                    attempts=answered):
                    answered += 1
                    continue
            if response.status in _REDIRECTS and response.getheader("Location"):
                redirects += 1
                if redirects > _MAX_REDIRECTS:
                    raise RemoteError(f"{self.url}: more than {_MAX_REDIRECTS} redirects")
                url = urljoin(url, response.getheader("Location"))
                answered = 0
                if response.status == 303:
                    method, body = "GET", None
                continue
            media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return response.status, media_type, answer, response.getheader("Server") or ""

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


def _selects_distinct(text: str) -> bool:
    """Whether the query's own (outermost) SELECT is ``SELECT DISTINCT``.

    >>> _selects_distinct("PREFIX s: <http://e/> SELECT DISTINCT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }")
    True
    >>> _selects_distinct("SELECT ?x WHERE { { SELECT DISTINCT ?x WHERE { ?x ?p ?o } } }")
    False
    """
    from ..sparql import _tokens

    words = [value.upper() for kind, value, _ in _tokens(text) if kind == "word"]
    return "SELECT" in words and words[words.index("SELECT") + 1:words.index("SELECT") + 2] == ["DISTINCT"]


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if "@" in parts.netloc:
        # Said without the URL, which holds the secret.
        raise UsageError("an endpoint URL may not hold a user name or password (they would show in the "
                         "process list and the shell history); put them in ~/.netrc, or give --endpoint-user "
                         "NAME with the password in PMGRAPH_ENDPOINT_PASSWORD")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an endpoint URL; give an http:// or https:// URL "
                         "such as http://127.0.0.1:7878/query")
    return url


class _CountingReader:
    """A binary file that tells ``update`` how many more bytes were read, counting each byte
    once even when a request is sent again (after a redirect or an authentication challenge)."""

    def __init__(self, handle, update):
        self._handle = handle
        self._update = update
        self._furthest = handle.tell()

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        position = self._handle.tell()
        if position > self._furthest:
            self._update(position - self._furthest)
            self._furthest = position
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()


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
    """The start of an error answer: its first line, or for an HTML page (Virtuoso's errors) its text.

    >>> _first_line(b'<!DOCTYPE HTML>\\n<html><head><title>Request failed</title></head><body><h3>Error 22023</h3></body></html>')
    'Request failed Error 22023'
    """
    text = body.decode("utf-8", "replace").strip()
    if text[:200].lower().startswith(("<!doctype html", "<html")):
        text = " ".join(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)).split())
        return html.unescape(text)[:200]
    return text.splitlines()[0][:200] if text else ""


def parse_results_json(body: bytes, url: str = "endpoint", content_type: str = _RESULTS_ACCEPT) -> QueryResult:
    """Read SPARQL 1.1 Query Results JSON strictly (:func:`pmgraph.sparql.from_json`); anything
    else is :class:`RemoteError`.

    >>> parse_results_json(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://e/x"}}]}}').rows
    [(rdflib.term.URIRef('http://e/x'),)]
    >>> parse_results_json(b'<html>Service unavailable</html>', "http://e/sparql", "text/html")
    Traceback (most recent call last):
    ...
    pmgraph.errors.RemoteError: http://e/sparql: answered garbage: expected SPARQL results JSON, got text/html
    """
    try:
        return from_json(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        if content_type not in ("application/sparql-results+json", "application/json"):
            raise RemoteError(f"{url}: answered garbage: expected SPARQL results JSON, "
                              f"got {content_type or 'no content type'}") from None
        raise RemoteError(f"{url}: answered garbage: not SPARQL results JSON ({error})") from None


# -- names and neighbourhoods of a large store, without downloading it -------------------------

_SKOS, _RDFS, _RDF, _PMO, _RDF_TYPE = SKOS_NS, RDFS_NS, RDF_NS, PMO_NS, RDF_TYPE  # short, for the queries below
_DCT_SOURCE, _DCT_PART_OF = DCT_NS + "source", DCT_NS + "isPartOf"
_RDF_STATEMENT = _RDF + "Statement"
_LABEL_VALUES = " ".join(f"<{iri}>" for iri in LABEL_PROPERTY_IRIS)
#: At most this many labels are compared with an unknown name to suggest close ones.
SUGGESTION_CANDIDATES = 5000


def _string(text: str) -> str:
    from ..sparql import sparql_term

    return sparql_term(Literal(text))


#: What a regular expression must escape (as Rust's ``regex::escape``, which Oxigraph uses).
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


def _regex(text: str) -> str:
    """``text`` as a regular expression matching itself, with any run of spaces matching any whitespace."""
    return "\\s+".join("".join("\\" + ch if ch in _REGEX_META else ch for ch in word) for word in text.split(" "))


def _values(iris) -> str:
    from ..sparql import _IRI_FORBIDDEN

    return " ".join(f"<{iri}>" for iri in sorted(iris, key=str) if not _IRI_FORBIDDEN.search(str(iri)))


class EndpointResolver:
    """Resolve names against an endpoint with a few targeted queries, never the whole label set.

    The same rules as :class:`pmgraph.model.resolve.Resolver` (IRI, CURIE, any label or notation
    after NFKC normalisation and case folding, then the looser letters-and-digits key; a
    preferred label beats an alternative one; on a tie a bundled ``pm:`` entity beats imported
    ones), because the decision is taken by that very class, on a small graph holding only the
    candidates: the entities whose label matches the name's key case-insensitively (a
    ``REGEX`` the store evaluates), with all their labels, types and sources, and the
    ontology's kinds. One label scan serves every name of a command (:meth:`prefetch`).
    Suggestions for an unknown name come from at most :data:`SUGGESTION_CANDIDATES` labels
    that contain a piece of it, as with the snapshot's index. A store label whose characters
    change under NFKC (``PM²``, ``①``: 9 of the 211,352 labels of ESCO + O*NET) is found by
    its own spelling only.

        >>> from pmgraph.serve import OxigraphServer
        >>> from pmgraph.kb.files import load_graph
        >>> with OxigraphServer(load_graph()) as server:
        ...     resolver = EndpointResolver(Endpoint(server.url))
        ...     resolver.resolve("ＴＥＣＨ pm"), resolver.resolve("テクニカルプロダクトマネージャー")
        (rdflib.term.URIRef('https://w3id.org/pmgraph/id/TechPM'), rdflib.term.URIRef('https://w3id.org/pmgraph/id/TechPM'))
    """

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        self._exact: dict[str, set[URIRef]] = {}
        self._details: dict[URIRef, Graph] = {}
        #: Every IRI resolved so far, in order.
        self.resolved: list[URIRef] = []

    # -- what the store says ---------------------------------------------------------------
    @cached_property
    def kind_tree(self) -> Graph:
        """``pmo:kindName`` and ``rdfs:subClassOf``: what an entity's kind is computed from."""
        return self.endpoint._construct(
            f"CONSTRUCT {{ ?c <{_PMO}kindName> ?n . ?a <{_RDFS}subClassOf> ?b }} WHERE "
            f"{{ {{ ?c <{_PMO}kindName> ?n }} UNION {{ ?a <{_RDFS}subClassOf> ?b }} }}", None)

    def _scan(self, pattern: str, limit: int | None = None) -> list[tuple[URIRef, URIRef, Literal]]:
        """Label triples whose label matches the regular expression ``pattern``, case-insensitively.

        (A case-insensitive REGEX is about twice as fast in Oxigraph as comparing ``LCASE``.)
        """
        tail = f" LIMIT {limit}" if limit else ""
        rows = self.endpoint.query(
            f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {_LABEL_VALUES} }} ?s ?p ?l "
            f'FILTER(REGEX(?l, {_string(pattern)}, "i")) }}{tail}', "SELECT").rows
        return list(dict.fromkeys(row for row in rows if isinstance(row[0], URIRef) and isinstance(row[2], Literal)))

    def prefetch(self, names) -> None:
        """Find the exact-match candidates of all ``names`` with one scan of the store's labels."""
        keys: dict[str, set[str]] = {}
        for name in names:
            text = name.strip()
            key = normalize(text)
            if key and key not in self._exact and Resolver._as_iri(text) is None:
                keys[key] = {key, " ".join(text.lower().split())}
        if not keys:
            return
        wanted = sorted({variant for variants in keys.values() for variant in variants})
        rows = self._scan("^\\s*(" + "|".join(_regex(variant) for variant in wanted) + ")\\s*$")
        for key in keys:
            self._exact[key] = {s for s, _, label in rows if normalize(str(label)) == key}

    def _candidates_graph(self, subjects) -> Graph:
        """The kind tree plus, for each of ``subjects``, its labels, types and sources (and
        whether those sources are datasets): all :class:`Resolver` and :class:`Catalog` read."""
        graph = Graph()
        graph += self.kind_tree
        missing = [s for s in subjects if s not in self._details]
        for start in range(0, len(missing), 200):
            batch = missing[start:start + 200]
            found = self.endpoint._construct(
                f"CONSTRUCT {{ ?s ?p ?o . ?src a <https://schema.org/Dataset> }} WHERE {{ VALUES ?s {{ {_values(batch)} }} "
                f"{{ ?s ?p ?o FILTER(?p IN ({_LABEL_VALUES.replace(' ', ', ')}, <{_RDF_TYPE}>, <{_DCT_SOURCE}>)) }} UNION "
                f"{{ ?s <{_DCT_SOURCE}> ?src . ?src a <https://schema.org/Dataset> }} }}", None)
            for subject in batch:
                self._details[subject] = Graph()
            for triple in found:
                if triple[0] in self._details:
                    self._details[triple[0]].add(triple)
                if triple[1] == RDF.type:  # a source typed schema:Dataset: kept with every subject citing it
                    for subject in found.subjects(URIRef(_DCT_SOURCE), triple[0]):
                        self._details[subject].add(triple)
        for subject in subjects:
            graph += self._details[subject]
        return graph

    def _local(self, subjects) -> Resolver:
        graph = self._candidates_graph(sorted(subjects, key=str))
        return Resolver(graph, Catalog(graph))

    # -- the Resolver interface ------------------------------------------------------------
    def resolve(self, name: str, kinds: Collection[str] | None = None) -> URIRef:
        """The one IRI that ``name`` denotes, exactly as :meth:`pmgraph.model.resolve.Resolver.resolve`."""
        iri = self._resolve(name, kinds)
        self.resolved.append(iri)
        return iri

    def _resolve(self, name: str, kinds: Collection[str] | None) -> URIRef:
        text = name.strip()
        wanted = Message(" {kinds}", kinds=SlashList(map(Message, sorted(kinds)))) if kinds else ""
        iri = Resolver._as_iri(text)
        if iri is not None:
            from ..sparql import sparql_term

            term = sparql_term(iri)
            if not self.endpoint.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}"):
                raise UnknownName(Message("unknown{wanted} {name!r}: no such IRI in the graph", wanted=wanted,
                                          name=curie(iri)), [])
            catalog = self._local([iri]).catalog
            if kinds and catalog.kind(iri) not in kinds:
                raise UnknownName(Message("{name} is a {kind}, not a{wanted}", name=curie(iri), wanted=wanted,
                                          kind=Message(catalog.kind(iri) or "entity")), [])
            return iri
        key = normalize(text)
        if key:
            self.prefetch([text])
            local = self._local(self._exact[key])
            if key in local._index[0]:
                return local.resolve(name, kinds)
            loose = loose_key(text)
            if loose:
                other = "[^\\p{L}\\p{N}]*"
                rows = self._scan("^" + other + other.join(_regex(ch) for ch in loose) + other + "$")
                local = self._local({s for s, _, label in rows if loose_key(str(label)) == loose})
                if loose in local._index[1]:
                    return local.resolve(name, kinds)
        suggestions = self.suggest(text, kinds)
        hint = (Message("; did you mean: {names}?", names=CommaList(suggestions)) if suggestions
                else Message("; try `pmgraph search`"))
        raise UnknownName(Message("unknown{wanted} name {name!r}{hint}", wanted=wanted, name=name, hint=hint),
                          suggestions)

    def suggest(self, text: str, kinds: Collection[str] | None = None) -> list[str]:
        """Up to five close names, each as ``label (kind, curie)``, chosen as the snapshot's
        :class:`~pmgraph.kb.snapshot.IndexedResolver` does: among labels containing the first six
        letters of one of the two longest words (or starting like the name)."""
        import difflib

        query = normalize(text)
        words = sorted(query.split(), key=len, reverse=True)[:2]
        rows = self._scan("|".join(_regex(word[:6]) for word in words), SUGGESTION_CANDIDATES) if words else []
        if not rows and query:
            rows = self._scan("^" + _regex(query[:2]), SUGGESTION_CANDIDATES)
        if not rows:
            return []
        exact: dict[str, set[URIRef]] = {}
        for subject, _, label in rows:
            key = normalize(str(label))
            if key:
                exact.setdefault(key, set()).add(subject)
        catalog = self._kinds_of({s for s, _, _ in rows}) if kinds else None
        keys = [k for k in sorted(exact) if not kinds or any(catalog.kind(m) in kinds for m in exact[k])]
        close = difflib.get_close_matches(query, keys, n=10, cutoff=0.6)
        close += sorted((key for key in keys if query and query in key and key not in close), key=len)
        chosen = [iri for key in close for iri in sorted(exact[key], key=str)
                  if not kinds or catalog.kind(iri) in kinds][:25]
        local = self._local(set(chosen))
        seen: list[str] = []
        for iri in chosen:
            entry = local._describe(iri)
            if entry not in seen:
                seen.append(entry)
        return seen[:5]

    def _kinds_of(self, subjects) -> Catalog:
        """A catalog that knows the kinds (only) of ``subjects``."""
        graph = Graph()
        graph += self.kind_tree
        subjects = sorted(subjects, key=str)
        for start in range(0, len(subjects), 500):
            graph += self.endpoint._construct(
                f"CONSTRUCT {{ ?s a ?t }} WHERE {{ VALUES ?s {{ {_values(subjects[start:start + 500])} }} ?s a ?t }}", None)
        return Catalog(graph)


#: ``next`` against an endpoint fetches the neighbourhood of each role one move away, up to this many.
MAX_MOVES = 200
#: What `show` reads of every node it mentions: names, kinds, the texts of sources.
_NODE_PROPERTIES = ", ".join(f"<{iri}>" for iri in (
    f"{_SKOS}prefLabel", f"{_SKOS}altLabel", f"{_RDFS}label", _RDF_TYPE, f"{_PMO}inverseLabel",
    f"{_PMO}kindName", "http://purl.org/dc/terms/isPartOf", f"{_PMO}heading", f"{_PMO}track", f"{_PMO}level",
    f"{_PMO}order"))
#: The vocabulary that turns fact nodes into relations and gives entities their kinds.
_VOCABULARY_PROPERTIES = " ".join(f"<{iri}>" for iri in (
    f"{_PMO}edgeFrom", f"{_PMO}edgeTo", f"{_PMO}edgeLabel", f"{_PMO}inverseLabel", f"{_PMO}kindName",
    f"{_RDFS}subClassOf"))


def neighbourhood(endpoint: Endpoint, iris, limit: int, *, study: bool = False) -> Graph:
    """The part of the endpoint's graph that :func:`pmgraph.model.describe.describe` reads about the
    entities ``iris`` (one IRI or several), and what the role profiles of ``gap`` / ``compare``
    read about them.

    Their triples in both directions, every triple of the fact nodes pointing at them (a skill
    requirement, a transition...), the vocabulary of fact classes and kinds, with ``study`` every
    learning step and interview question (``pmo:buildsSkill``, ``pmo:testsSkill``), and the
    names, types and source details of every node and property these mention, the link records
    (stated / inferred) of their links, for a source document its cited pages and claims, and the
    roles above them (``skos:broader``) with the claims about those (inherited claims). ``describe``
    over this small graph gives what it gives over the whole graph. Each answer is refused
    (exit 5) beyond ``limit`` triples.

        >>> from pmgraph.model.describe import describe
        >>> from pmgraph.namespaces import PM
        >>> from pmgraph.serve import OxigraphServer
        >>> from pmgraph.kb.files import load_graph
        >>> whole = load_graph()
        >>> with OxigraphServer(whole) as server:
        ...     parts = {entity: neighbourhood(Endpoint(server.url), entity, 10_000)
        ...              for entity in (PM.TechPM, PM.TechnicalProjectManager, PM.SpecialistTPM, PM.src002)}
        >>> len(parts[PM.TechPM]) < len(whole) / 3
        True
        >>> all(describe(Catalog(part), entity) == describe(Catalog(whole), entity) for entity, part in parts.items())
        True
    """
    from ..sparql import sparql_term

    graph = Graph()
    graph += endpoint._construct(
        f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?p {{ {_VOCABULARY_PROPERTIES} }} ?x ?p ?o }}", limit)
    for iri in dict.fromkeys([iris] if isinstance(iris, URIRef) else iris):
        term = sparql_term(iri)  # one query each: Oxigraph plans a constant far better than VALUES here
        graph += endpoint._construct(
            f"CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} . ?s ?r ?v . ?section ?cites ?s }} WHERE {{ {{ {term} ?p ?o }} UNION "
            f"{{ ?s ?q {term} }} UNION {{ ?s ?q {term} . ?s a ?c . ?c <{_RDFS}subClassOf>* ?f . "
            f"?f <{_PMO}edgeFrom> ?x . ?s ?r ?v }} UNION {{ ?s ?q {term} . ?s a ?record . ?s ?r ?v "
            f"FILTER(?record IN (<{_RDF_STATEMENT}>, <{_PMO}Claim>)) }} "
            f"UNION {{ ?section <{_DCT_PART_OF}> {term} . {{ ?section ?cites ?s FILTER(?cites = <{_PMO}cites>) }} UNION "
            f"{{ ?s <{_DCT_SOURCE}> ?section ; a <{_PMO}Claim> }} ?s ?r ?v }} "
            f"UNION {{ {term} <{_SKOS}broader>+ ?above . ?s <{_PMO}about> ?above ; a <{_PMO}Claim> ; ?r ?v }} "
            f"UNION {{ {term} <{_SKOS}broader>* ?s . ?s ?r ?v FILTER(?r = <{_SKOS}broader>) }} }}", limit)
    if study:
        graph += endpoint._construct(
            f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ {{ ?x <{_PMO}buildsSkill> ?s }} UNION {{ ?x <{_PMO}testsSkill> ?s }} "
            f"UNION {{ ?x <{_RDF}predicate> ?s FILTER(?s IN (<{_PMO}buildsSkill>, <{_PMO}testsSkill>)) }} "
            "?x ?p ?o }", limit)
    nodes = sorted({term for triple in graph for term in triple if isinstance(term, URIRef)}, key=str)
    for start in range(0, len(nodes), 200):
        graph += endpoint._construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {_values(nodes[start:start + 200])} }} "
            f"?s ?p ?o FILTER(?p IN ({_NODE_PROPERTIES})) }}", limit)
    return bind_prefixes(graph)


class FocusedCatalog(Catalog):
    """A :class:`~pmgraph.model.catalog.Catalog` over the neighbourhood of the entities ``resolver``
    resolved (the last one, or with ``every`` all of them): what ``pmgraph show``, ``gap`` and
    ``compare`` need from a store too large to download. The graph is fetched on first use,
    once the command has resolved its names."""

    def __init__(self, endpoint: Endpoint, resolver: EndpointResolver, limit: int, *, every: bool = False,
                 study: bool = False, moves: str | None = None):
        self.endpoint = endpoint
        self.resolver = resolver
        self.limit = limit
        self.every = every
        self.study = study
        #: Also the roles one career move away (``"next"``) or one move before (``"previous"``),
        #: and their neighbourhoods: what ``pmgraph next`` reads.
        self.moves = moves

    @cached_property
    def graph(self) -> Graph:
        if not self.resolver.resolved:
            raise UsageError("internal: the entity to show was not resolved")
        entities = list(self.resolver.resolved if self.every else self.resolver.resolved[-1:])
        if self.moves:
            others = moved_to_or_from(self.endpoint, entities[-1], previous=self.moves == "previous")
            if len(others) > MAX_MOVES:
                raise LimitReached(f"{self.endpoint.url}: {curie(entities[-1])} has {len(others)} {self.moves} roles, "
                                   f"more than the {MAX_MOVES} pmgraph fetches one by one from an endpoint; ask the "
                                   "store with `pmgraph query moves-from-role`, or run `pmgraph next` on local data")
            entities += others
        return neighbourhood(self.endpoint, entities, self.limit, study=self.study)


def moved_to_or_from(endpoint: Endpoint, iri: URIRef, *, previous: bool = False) -> list[URIRef]:
    """The entities a career transition (``pmo:CareerTransition`` or a subclass, through the
    properties its class names as ``pmo:edgeFrom`` / ``pmo:edgeTo``) leads to from ``iri``,
    or with ``previous`` comes from to ``iri``."""
    from ..sparql import sparql_term

    term = sparql_term(iri)
    here, there = ("?to", "?from") if previous else ("?from", "?to")
    # Literals are dropped below, not by FILTER(isIRI(?o)): Virtuoso 7.2 answers nothing with
    # that filter next to the property path.
    rows = endpoint.query(
        f"SELECT DISTINCT ?o WHERE {{ <{_PMO}CareerTransition> <{_PMO}edgeFrom> ?from ; <{_PMO}edgeTo> ?to . "
        f"?t {here} {term} ; {there} ?o ; a ?c . ?c <{_RDFS}subClassOf>* <{_PMO}CareerTransition> }}",
        "SELECT").rows
    return sorted({row[0] for row in rows if isinstance(row[0], URIRef)} - {iri}, key=str)
