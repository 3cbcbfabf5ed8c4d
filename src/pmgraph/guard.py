"""The front door of ``pmgraph serve``: an HTTP proxy that lets through only checked read queries.

Oxigraph's server evaluates ``SERVICE`` clauses, and its command line has no option to stop
it; a served endpoint without CORS still receives the cross-origin form POSTs of any web
page its user visits, so any page could make it send requests to any address. The guard
listens where the user asked, and forwards to the Oxigraph server (on a loopback port of its
own) only:

* ``GET /`` (Oxigraph's query page) and ``OPTIONS`` (CORS preflights, answered by Oxigraph);
* ``GET`` or ``HEAD /query?query=...`` and ``POST /query`` (form or ``application/sparql-query``), once
  the query has passed :func:`pmgraph.sparql.parse_query`: an update is refused, and so is
  ``SERVICE`` unless the guard allows the network (``serve --allow-network``).

A refused query gets HTTP 403 and a syntax error HTTP 400, each with pmgraph's one-line
message as ``text/plain``; anything else gets 404 or 405. Answers are streamed through.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from pmgraph.kb.endpoint import Endpoint
    >>> from pmgraph.serve import OxigraphServer
    >>> graph = Graph()
    >>> _ = graph.add((URIRef("http://example/x"), URIRef("http://example/p"), Literal(1)))
    >>> with OxigraphServer(graph) as server, QueryGuard(server.base) as guard:
    ...     Endpoint(guard.url).ask("ASK { <http://example/x> ?p 1 }")
    True
"""

from __future__ import annotations

import http.client
import http.server
import threading
from urllib.parse import parse_qs, urlsplit

from .errors import BadInput, PmgraphError, UsageError
from .serve import listening_address

__all__ = ["QueryGuard"]

#: The longest request body read (a query, not data).
MAX_BODY = 1 << 20
# Headers of a request that the server needs; everything else stays at the door.
_REQUEST_HEADERS = ("Accept", "Accept-Encoding", "Content-Type", "Origin", "Access-Control-Request-Method",
                    "Access-Control-Request-Headers")
# Hop-by-hop headers of an answer, which the guard sets itself.
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}


class QueryGuard:
    """Listen on ``host:port`` and forward checked queries to the server at ``backend``.

    ``backend`` is the server's base URL (``http://127.0.0.1:PORT``). ``port=0`` picks a
    free port. A context manager; :meth:`start` returns once it listens.
    """

    def __init__(self, backend: str, *, host: str = "127.0.0.1", port: int = 0, allow_service: bool = False):
        parts = urlsplit(backend)
        self.backend = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = host
        self.allow_service = allow_service
        family, address = listening_address(host, port)
        guard = self

        class Server(http.server.ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

        class Handler(_Handler):
            owner = guard

        try:
            self._server = Server(address, Handler)
        except OSError as error:  # taken since listening_address looked: say it as it would have
            raise UsageError(f"cannot serve on {host}:{port}: {(error.strerror or str(error)).lower()}") from None
        self.port = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint the guard serves."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="pmgraph-guard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> QueryGuard:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def check(self, text: str) -> None:
        """:class:`UsageError` for an update or (unless allowed) SERVICE, :class:`BadInput` for bad syntax."""
        from .sparql import parse_query

        parse_query(text, "query", allow_network=self.allow_service)


class _Handler(http.server.BaseHTTPRequestHandler):
    owner: QueryGuard
    protocol_version = "HTTP/1.1"
    server_version = "pmgraph-guard"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        pass  # the terminal shows what pmgraph says, not a line per request

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self._forward(b"")

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path == "/":
            self._forward(b"")
        elif parts.path == "/query":
            queries = parse_qs(parts.query).get("query", [])
            if len(queries) > 1:
                self._answer(400, "give one query parameter")
            elif not queries or self._allowed(queries[0]):  # no query: Oxigraph says what it is
                self._forward(b"")
        else:
            self._answer(404, f"no such page: {parts.path} (queries go to /query)")

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/query":
            self._answer(405 if urlsplit(self.path).path in ("/update", "/store") else 404,
                         "this endpoint is read-only: queries go to /query")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY or self.headers.get("Transfer-Encoding"):
            self._answer(413, f"a query of more than {MAX_BODY:,} bytes (or of unknown length) is refused")
            return
        body = self.rfile.read(length)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            text = body.decode("utf-8", "replace")
        elif kind == "application/x-www-form-urlencoded":
            queries = parse_qs(body.decode("utf-8", "replace")).get("query", [])
            if len(queries) != 1:
                self._answer(400, "give one query parameter")
                return
            text = queries[0]
        else:
            self._answer(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
            return
        if self._allowed(text):
            self._forward(body)

    def do_PUT(self) -> None:  # noqa: N802
        self._answer(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _allowed(self, text: str) -> bool:
        try:
            self.owner.check(text)
        except UsageError as error:
            self._answer(403, str(error))
            return False
        except (BadInput, PmgraphError) as error:
            self._answer(400, str(error))
            return False
        return True

    def _answer(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, body: bytes) -> None:
        headers = {name: self.headers[name] for name in _REQUEST_HEADERS if self.headers.get(name)}
        if body:
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(*self.owner.backend, timeout=None)
        try:
            connection.request(self.command, self.path, body or None, headers)
            answer = connection.getresponse()
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            length = answer.getheader("Content-Length")
            if self.command == "HEAD":
                self.end_headers()
                return
            if length is not None:
                self.send_header("Content-Length", length)
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while True:
                chunk = answer.read1(1 << 16) if hasattr(answer, "read1") else answer.read(1 << 16)
                if not chunk:
                    break
                self.wfile.write(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if length is None:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True  # the client or the server went away: nothing more to say
        finally:
            connection.close()
