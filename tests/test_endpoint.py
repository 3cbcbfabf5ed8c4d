"""Real SPARQL endpoints: a real `oxigraph` server on a free loopback port.

The graph is pushed over the Graph Store Protocol, every named query gives the same answer
remotely as in-process, the other commands work against the endpoint, a standard client
(SPARQLWrapper) queries `pmgraph serve`, and an endpoint that is down, slow or answers
garbage gives one line and exit 6 (5 for a query's own --timeout).
"""

from __future__ import annotations

import http.server
import os
import queue
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import pmgraph.kb.files
from pmgraph import sparql
from pmgraph.cli import main
from pmgraph.kb.endpoint import Endpoint
from pmgraph.errors import RemoteError, UsageError
from pmgraph.serve import OxigraphServer, free_port, oxigraph_binary

# Slow (`python -m pytest -m "not slow"` leaves them out): starts oxigraph servers.
pytestmark = pytest.mark.slow

try:
    BINARY = oxigraph_binary()
except UsageError:
    BINARY = None

needs_oxigraph = pytest.mark.skipif(BINARY is None, reason="the `oxigraph` server binary is not installed "
                                                            "(it comes with `pip install oxigraph`)")
QUERIES = sparql.named_queries()


def test_the_oxigraph_binary_is_installed():
    if BINARY is None and os.environ.get("CI") != "true":
        pytest.skip("the `oxigraph` binary is not installed here; in CI (CI=true) this test fails instead")
    assert BINARY is not None and Path(BINARY).is_file()


@pytest.fixture(scope="module")
def store(graph):
    """A writable Oxigraph server holding the bundled graph (pushed over the Graph Store Protocol)."""
    if BINARY is None:
        pytest.skip("the `oxigraph` server binary is not installed (it comes with `pip install oxigraph`)")
    with OxigraphServer(None, read_only=False) as server:
        Endpoint(server.store_url).push(graph)
        yield server


@pytest.fixture
def fast(monkeypatch, graph, run):
    """`run`, with the bundled graph parsed once for the session instead of once per command."""
    real = pmgraph.kb.files.load_graph
    monkeypatch.setattr(pmgraph.kb.files, "load_graph",
                        lambda data=(), *, bundled=True: graph if not data and bundled else real(data, bundled=bundled))
    return run


def _normal(term):
    """RDF says language tags are case-insensitive; Oxigraph writes them in lower case."""
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def _example_params(query) -> dict[str, str]:
    args = shlex.split(query.examples[0])
    return dict(args[i + 1].split("=", 1) for i, arg in enumerate(args) if arg in ("--param", "-p"))


# -- push -----------------------------------------------------------------------------------------


@needs_oxigraph
def test_push_loads_the_graph_into_a_store(fast, graph):
    with OxigraphServer(None, read_only=False) as server:
        result = fast("push", "--endpoint", server.store_url)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"added {len(graph):,} triples in the default graph of {server.store_url}\n"
        assert Endpoint(server.url).count_triples() == len(graph)


@needs_oxigraph
def test_push_into_a_named_graph_adds_or_replaces(fast, graph):
    name = "https://example.org/graphs/pmgraph"
    stray = Graph()
    stray.add((URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal("stray")))
    in_graph = f"GRAPH <{name}> {{ ?s ?p ?o }}"
    with OxigraphServer(None, read_only=False) as server:
        Endpoint(server.store_url).push(stray, graph_iri=name)
        added = fast("push", "--endpoint", server.store_url, "--graph", name)
        assert added.stdout == f"added {len(graph):,} triples in graph <{name}> of {server.store_url}\n"
        assert Endpoint(server.url).count_triples(in_graph) == len(graph) + 1
        replaced = fast("push", "--endpoint", server.store_url, "--graph", name, "--replace")
        assert replaced.stdout == f"replaced {len(graph):,} triples in graph <{name}> of {server.store_url}\n"
        assert Endpoint(server.url).count_triples(in_graph) == len(graph)
        assert Endpoint(server.url).count_triples() == 0  # the default graph was left alone


@needs_oxigraph
def test_push_to_a_read_only_store_is_a_remote_error(fast):
    tiny = Graph()
    tiny.add((URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal(1)))
    with OxigraphServer(tiny) as server:
        result = fast("push", "--endpoint", server.store_url)
    assert result.exit_code == 6
    assert result.stderr.startswith(f"pmgraph: error: {server.store_url}: the store refused the graph: HTTP 403")
    assert result.stderr.count("\n") == 1


def test_push_refuses_the_global_endpoint(fast):
    result = fast("--endpoint", "http://127.0.0.1:9/query", "push", "--endpoint", "http://127.0.0.1:9/store")
    assert result.exit_code == 2
    assert "give the store's Graph Store URL as `pmgraph push --endpoint URL`" in result.stderr


# -- the same answers remotely --------------------------------------------------------------------


@needs_oxigraph
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_queries_answer_the_same_remotely(store, graph, resolver, name):
    query = QUERIES[name]
    bindings = sparql.bind_parameters(query, _example_params(query), resolver)
    local = sparql.run_local(query.parsed, graph, bindings)
    remote = Endpoint(store.url).query(sparql.remote_text(query.parsed, bindings), query.parsed.form)
    assert remote.form == local.form
    if local.form == "ASK":
        assert remote.boolean is local.boolean is True
    elif local.form == "CONSTRUCT":
        assert len(local.graph) > 0
        assert isomorphic(local.graph, remote.graph)
    else:
        assert local.rows, f"{name}: the example gives no rows"
        assert remote.variables == local.variables
        assert [tuple(map(_normal, row)) for row in remote.rows] == [tuple(map(_normal, row)) for row in local.rows]


@needs_oxigraph
def test_hostile_parameters_answer_the_same_remotely(store, graph):
    query = QUERIES["find-by-label"].parsed
    for text in ['")) || true', '"} UNION { ?s ?p ?o } #', "</script>", "DROP ALL", "cloud"]:
        bindings = {"text": Literal(text)}
        local = sparql.run_local(query, graph, bindings)
        remote = Endpoint(store.url).query(sparql.remote_text(query, bindings), "SELECT")
        assert [tuple(map(_normal, row)) for row in remote.rows] == [tuple(map(_normal, row)) for row in local.rows]
        assert (len(local.rows) > 0) == (text == "cloud")


@needs_oxigraph
@pytest.mark.parametrize("args", [
    ["query", "skills-of-role", "-p", "role=Tech PM"],
    ["query", "career-ladder", "-p", "track=TPM career path", "--lang", "ja"],
    ["query", "roles-needing-skill", "-p", "skill=リスクマネジメント", "--format", "csv"],
    ["query", "role-subgraph", "-p", "role=TAM", "--format", "nt"],
    ["sparql", "SELECT ?stage ?level WHERE { ?stage pmo:level ?level } ORDER BY ?level ?stage", "--format", "tsv"],
    ["sparql", "SELECT ?stage ?level WHERE { ?stage pmo:level ?level } ORDER BY ?level ?stage"],
    ["show", "Tech PM"],
    ["show", "テクニカル・プロダクトマネージャー", "--lang", "ja"],
    ["list", "role"],
    ["search", "クラウド"],
    ["path", "junior developer", "CTO"],
], ids=lambda args: " ".join(args[:2]))
def test_commands_give_the_same_output_against_the_endpoint(store, fast, args):
    local = fast(*args)
    remote = fast("--endpoint", store.url, *args)
    assert local.exit_code == 0, local.stderr
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout_bytes == local.stdout_bytes


@needs_oxigraph
def test_ask_exit_codes_against_the_endpoint(store, fast):
    yes = fast("--endpoint", store.url, "query", "can-move", "-p", "role=junior developer", "-p", "target=CTO")
    no = fast("--endpoint", store.url, "sparql", "ASK { pm:CTO pmo:track pm:TPMCareerPath }")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (1, "false\n")


@needs_oxigraph
def test_unknown_names_are_resolved_against_the_endpoint(store, fast):
    result = fast("--endpoint", store.url, "query", "skills-of-role", "-p", "role=Tech PN")
    assert result.exit_code == 4
    assert result.stderr.startswith("pmgraph: error: unknown role name 'Tech PN'; did you mean: Tech PM (role, pm:TechPM)")


@needs_oxigraph
def test_the_download_is_bounded(store, fast, graph):
    result = fast("--endpoint", store.url, "--endpoint-limit", "1000", "list", "role")
    assert result.exit_code == 5
    assert result.stderr == (f"pmgraph: error: {store.url}: the endpoint holds {len(graph)} triples, more than "
                             "--endpoint-limit 1000; raise the limit, or ask the store directly with "
                             "`pmgraph query` / `pmgraph sparql`\n")


def test_data_and_endpoint_do_not_mix(fast, tmp_path):
    result = fast("--endpoint", "http://127.0.0.1:9/query", "--data", "tests/data/ladder.ttl", "list", "role")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmgraph: error: --data cannot be combined with --endpoint")


def test_an_endpoint_url_must_be_http(fast):
    result = fast("--endpoint", "ftp://example.org/sparql", "sparql", "ASK {}")
    assert result.exit_code == 2
    assert result.stderr == ("pmgraph: error: 'ftp://example.org/sparql' is not an endpoint URL; give an http:// or "
                             "https:// URL such as http://127.0.0.1:7878/query\n")


# -- endpoints that are down, slow or answer garbage ---------------------------------------------


def _closed_port() -> int:
    return free_port()  # nothing listens there once the probe socket is closed


@pytest.mark.parametrize("args", [["sparql", "ASK {}"], ["show", "Tech PM"], ["query", "skills-of-role", "-p", "role=TPM"]],
                         ids=["sparql", "show", "query"])
def test_an_endpoint_that_is_down_exits_6(fast, args):
    url = f"http://127.0.0.1:{_closed_port()}/query"
    result = fast("--endpoint", url, *args)
    assert result.exit_code == 6
    assert result.stderr == f"pmgraph: error: {url}: connection refused; is the endpoint running?\n"
    assert result.stdout == ""


class _Fake(http.server.BaseHTTPRequestHandler):
    """Answers every request the way `server.mode` says."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.command, self.path, body.count(b"\n")))
        mode = self.server.mode
        if mode == "hang":
            self.server.release.wait(20)
            return
        status, content_type, body = {
            "html": (200, "text/html", b"<html><body>Service unavailable</body></html>"),
            "json": (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": 42}'),
            "error": (500, "text/plain", b"Internal error: the store is corrupt\nmore detail"),
            "turtle": (200, "text/turtle", b"this is not turtle"),
            "stored": (204, "text/plain", b""),
        }[mode]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def fake():
    """A loopback HTTP server that answers garbage, errors, or nothing; stopped after the test."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.daemon_threads = True
    server.mode = "html"
    server.requests = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.mark.parametrize(("mode", "args", "message"), [
    ("html", ["sparql", "SELECT * WHERE { ?s ?p ?o }"], "answered garbage: expected SPARQL results JSON, got text/html"),
    ("json", ["sparql", "SELECT * WHERE { ?s ?p ?o }"], "answered garbage: not SPARQL results JSON"),
    ("error", ["sparql", "ASK {}"], "HTTP 500 Internal error: the store is corrupt"),
    ("html", ["show", "Tech PM"], "answered garbage: expected SPARQL results JSON, got text/html"),
    ("turtle", ["sparql", "CONSTRUCT WHERE { ?s ?p ?o }"], "answered garbage: unreadable text/turtle"),
])
def test_an_endpoint_that_answers_garbage_exits_6(fast, fake, mode, args, message):
    server, url = fake
    server.mode = mode
    result = fast("--endpoint", url, *args)
    assert result.exit_code == 6
    assert result.stderr.startswith(f"pmgraph: error: {url}: {message}")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_an_endpoint_that_never_answers_times_out(fast, fake):
    server, url = fake
    server.mode = "hang"
    started = time.monotonic()
    result = fast("--endpoint", url, "--endpoint-timeout", "1", "show", "Tech PM")
    assert result.exit_code == 6
    assert result.stderr == f"pmgraph: error: {url}: no answer within 1 s\n"
    query = fast("--endpoint", url, "sparql", "ASK {}", "--timeout", "1")
    assert query.exit_code == 5
    assert query.stderr == (f"pmgraph: error: {url}: the query ran longer than 1 s and was given up; "
                            "raise --timeout or make the query narrower\n")
    assert time.monotonic() - started < 10


def test_the_endpoint_client_refuses_results_of_the_wrong_form(fake):
    server, url = fake
    server.mode = "json"
    with pytest.raises(RemoteError, match="answered garbage"):
        Endpoint(url).query("ASK {}", "ASK")


# -- pmgraph serve -----------------------------------------------------------------------------


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


@pytest.fixture
def served(tmp_path):
    """`pmgraph serve` in a child process on a free port; yields (process, url, tmp folder); always stopped."""
    if BINARY is None:
        pytest.skip("the `oxigraph` server binary is not installed (it comes with `pip install oxigraph`)")
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "pmgraph", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        url, seen, deadline = None, [], time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
            if line.startswith("SPARQL endpoint: "):
                url = line.removeprefix("SPARQL endpoint: ").strip()
        assert url == f"http://127.0.0.1:{port}/query", f"no URL from pmgraph serve: {seen!r} {process.stderr.read() if process.poll() is not None else ''}"
        assert seen[0].startswith("Serving ") and "read-only" in seen[0]
        yield process, url, tmp_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_sparqlwrapper_queries_pmgraph_serve(served, graph):
    from urllib.error import HTTPError

    from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    process, url, folder = served
    assert len(list(folder.glob("pmgraph-oxigraph-*"))) == 1
    client = SPARQLWrapper(url)
    client.setQuery("PREFIX pmo: <https://w3id.org/pmgraph/ontology#>\n"
                    "SELECT ?stage ?level WHERE { ?stage pmo:track ?track ; pmo:level ?level } ORDER BY ?level ?stage LIMIT 3")
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer["head"]["vars"] == ["stage", "level"]
    assert [(b["stage"]["value"], b["level"]["value"]) for b in answer["results"]["bindings"]] == [
        ("https://w3id.org/pmgraph/id/AssociateTPM", "1"), ("https://w3id.org/pmgraph/id/JuniorDeveloper", "1"),
        ("https://w3id.org/pmgraph/id/SeniorDeveloper", "2")]
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(CSV)
    assert client.query().convert().decode("utf-8") == f"n\r\n{len(graph)}\r\n"
    writer = SPARQLWrapper(url.removesuffix("/query") + "/update")
    writer.setMethod(POST)
    writer.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises((SPARQLWrapperException, HTTPError)):
        writer.query()
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert client.query().convert().decode("utf-8") == f"n\r\n{len(graph)}\r\n"  # read-only: nothing was deleted

    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    assert process.stderr.read() == "pmgraph: server stopped\n"
    assert list(folder.glob("pmgraph-oxigraph-*")) == []  # the temporary store is gone
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].split("/")[0])), timeout=2).close()


@needs_oxigraph
def test_serve_on_a_busy_port_says_address_already_in_use(fast):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fast("serve", "--port", str(port))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"pmgraph: error: cannot serve on 127.0.0.1:{port}: address already in use "
                             "(choose another port, or port 0 for a free one)\n")


@needs_oxigraph
def test_the_server_wrapper_serves_data_files_too(tmp_path):
    extra = Graph().parse(source=str(Path(__file__).parent / "data" / "ladder.ttl"), format="turtle")
    with OxigraphServer(extra) as server:
        assert Endpoint(server.url).count_triples() == len(extra)
        folder = server.folder
        assert folder.is_dir()
    assert not folder.exists()
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/query")


# -- the imported datasets on a server ----------------------------------------------------------

ONET_CODES = {"15-1299.09", "11-3021.00", "15-1252.00", "13-1082.00", "15-1299.00"}


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory):
    """A data directory holding an O*NET subset (five occupations), imported and indexed."""
    from importdata import onet_subset

    from pmgraph.kb.datasets import install, installed
    from pmgraph.importers.onet import import_onet
    from pmgraph.kb.snapshot import Snapshot

    root = tmp_path_factory.mktemp("endpoint-data")
    folder = onet_subset(root / "onet", ONET_CODES)
    home = root / "home"
    previous = os.environ.get("PMGRAPH_HOME")
    os.environ["PMGRAPH_HOME"] = str(home)
    try:
        install("onet", lambda out: import_onet(folder, out), source=str(folder))
        snapshot = Snapshot(installed())
        snapshot.ensure()
        count = len(pyoxigraph.Store.read_only(str(snapshot.folder / "store")))
    finally:
        if previous is None:
            del os.environ["PMGRAPH_HOME"]
        else:
            os.environ["PMGRAPH_HOME"] = previous
    return home, count


@pytest.fixture(scope="module")
def imported_store(imported_home):
    """A writable Oxigraph server filled by `pmgraph push` from the data directory; yields (server, push result)."""
    if BINARY is None:
        pytest.skip("the `oxigraph` server binary is not installed (it comes with `pip install oxigraph`)")
    home, _ = imported_home
    with OxigraphServer(None, read_only=False) as server:
        pushed = CliRunner().invoke(main, ["push", "--endpoint", server.store_url], env={"PMGRAPH_HOME": str(home)},
                                    catch_exceptions=False)
        yield server, pushed


@pytest.fixture
def at_home(imported_home, monkeypatch, run):
    """`run` with PMGRAPH_HOME pointing at the imported data."""
    monkeypatch.setenv("PMGRAPH_HOME", str(imported_home[0]))
    return run


@needs_oxigraph
def test_push_sends_the_imported_datasets(imported_home, imported_store, graph):
    _, count = imported_home
    server, pushed = imported_store
    assert (pushed.exit_code, pushed.stderr) == (0, "")
    assert pushed.stdout == f"added {count:,} triples in the default graph of {server.store_url}\n"
    endpoint = Endpoint(server.url)
    assert endpoint.count_triples() == count > len(graph) + 2000
    assert endpoint.ask("ASK { <https://www.onetonline.org/link/summary/15-1252.00> "
                        "<http://www.w3.org/2004/02/skos/core#notation> \"15-1252.00\" }")
    assert endpoint.ask("ASK { <https://w3id.org/pmgraph/id/TechPM> ?p ?o }")


@needs_oxigraph
@pytest.mark.parametrize("args", [
    ["query", "skills-of-role", "-p", "role=15-1252.00"],
    ["query", "moves-from-role", "-p", "role=Software Developers"],
    ["query", "skill-gap", "-p", "role=TPM", "-p", "target=Tech PM"],
    ["query", "skill-gap", "-p", "role=15-1252.00", "-p", "target=computer and information systems managers"],
    ["query", "skills-of-role", "-p", "role=project manager"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a pmo:Role }", "--format", "csv"],
    ["show", "15-1252.00"],
    ["show", "Information Technology Project Managers"],
    ["show", "Tech PM"],
    ["show", "project manager", "--lang", "ja"],
    ["show", "pm:TechnicalProgramManager", "--format", "json"],
    ["gap", "15-1252.00", "11-3021.00"],
    ["gap", "Software Developers", "Tech PM", "--format", "json"],
    ["gap", "senior engineer", "Tech PM", "--lang", "ja"],
    ["compare", "15-1252.00", "11-3021.00", "15-1299.09"],
    ["compare", "Tech PM", "TPM", "--format", "json"],
    ["next", "15-1252.00"],
    ["next", "11-3021.00", "--previous", "--format", "json"],
    ["next", "senior engineer", "--lang", "ja"],
], ids=lambda args: " ".join(args[:3]))
def test_commands_over_imported_data_give_the_same_output_against_the_endpoint(imported_store, at_home, args):
    server, _ = imported_store
    local = at_home(*args)
    remote = at_home("--endpoint", server.url, *args)
    assert local.exit_code == 0, local.stderr
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout_bytes == local.stdout_bytes


@needs_oxigraph
def test_names_resolve_with_one_label_scan_not_a_download(imported_store, at_home, monkeypatch):
    server, _ = imported_store
    sent: list[str] = []
    real = Endpoint._post_query

    def record(self, text, accept, timeout):
        sent.append(text)
        return real(self, text, accept, timeout)

    monkeypatch.setattr(Endpoint, "_post_query", record)
    labels = Endpoint(server.url).count_triples("VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> "
                                                "<http://www.w3.org/2004/02/skos/core#altLabel> } ?s ?p ?o")
    assert labels > 2000
    sent.clear()
    local = at_home("query", "skill-gap", "-p", "role=15-1252.00", "-p", "target=11-3021.00")
    # Under the old way (downloading every label) a limit below the label count was refused.
    remote = at_home("--endpoint", server.url, "--endpoint-limit", "1000", "query", "skill-gap",
                     "-p", "role=15-1252.00", "-p", "target=11-3021.00")
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout_bytes == local.stdout_bytes
    assert sum("REGEX(?l" in text for text in sent) == 1  # both names in one scan
    assert not any(text.startswith("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") for text in sent)
    assert len(sent) <= 6


@needs_oxigraph
def test_unknown_and_ambiguous_names_against_the_endpoint_with_imported_data(imported_store, at_home):
    server, _ = imported_store
    for args in (["query", "skills-of-role", "-p", "role=Software Developerz"],
                 ["query", "skills-of-role", "-p", "role=Tech PN"],
                 ["query", "skills-of-role", "-p", "role=cloud computing"],
                 ["show", "onet:99-9999.99"],
                 ["query", "skills-of-role", "-p", "role=pm:CloudComputing"]):
        local = at_home(*args)
        remote = at_home("--endpoint", server.url, *args)
        assert local.exit_code == 4, (args, local.stderr)
        assert (remote.exit_code, remote.stderr) == (local.exit_code, local.stderr)
    typo = at_home("--endpoint", server.url, "query", "skills-of-role", "-p", "role=Software Developerz")
    assert typo.stderr == ("pmgraph: error: unknown role name 'Software Developerz'; did you mean: "
                           "developer (role, pm:Developer), Software Developers (role, onet:15-1252.00), "
                           "development PM (role, pm:DevelopmentPM), Computer and Information Systems Managers "
                           "(role, onet:11-3021.00)?\n")


@needs_oxigraph
def test_show_gap_compare_fetch_neighbourhoods_and_path_is_refused_in_one_line(imported_store, imported_home,
                                                                                at_home, monkeypatch):
    server, _ = imported_store
    _, count = imported_home
    limit = str(count - 1)  # the whole store would be refused
    sent: list[str] = []
    real = Endpoint._post_query
    monkeypatch.setattr(Endpoint, "_post_query", lambda self, text, *rest: sent.append(text) or real(self, text, *rest))
    shown = at_home("--endpoint", server.url, "--endpoint-limit", limit, "show", "15-1252.00")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Software Developers  (role, onet:15-1252.00)\n")
    sent.clear()
    gap = at_home("--endpoint", server.url, "--endpoint-limit", limit, "gap", "Software Developers", "TPM")
    assert (gap.exit_code, gap.stderr) == (0, "")
    assert gap.stdout.startswith("Software Developers → Technical Program Manager: 40 things ")
    assert sum("REGEX(?l" in text for text in sent) == 1  # both names in one scan
    compared = at_home("--endpoint", server.url, "--endpoint-limit", limit, "compare", "15-1252.00", "11-3021.00")
    assert (compared.exit_code, compared.stderr) == (0, "")
    path = at_home("--endpoint", server.url, "--endpoint-limit", limit, "path", "15-1252.00", "11-3021.00")
    assert path.exit_code == 5
    assert path.stderr == (f"pmgraph: error: {server.url}: the endpoint holds {count} triples, more than "
                           f"--endpoint-limit {limit}; raise the limit, or ask the store directly with "
                           "`pmgraph query` / `pmgraph sparql`\n")


@needs_oxigraph
def test_serve_serves_the_snapshot_store_as_it_is(imported_home, tmp_path):
    home, count = imported_home
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1", "PMGRAPH_HOME": str(home)}
    process = subprocess.Popen([sys.executable, "-m", "pmgraph", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
        assert first == f"Serving {count:,} triples read-only (Oxigraph). Press Ctrl-C to stop.\n"
        assert second == f"SPARQL endpoint: http://127.0.0.1:{port}/query\n"
        endpoint = Endpoint(second.split(": ", 1)[1].strip())
        assert endpoint.count_triples() == count
        assert endpoint.ask("ASK { <https://www.onetonline.org/link/summary/11-3021.00> ?p ?o }")
        [folder] = tmp_path.glob("pmgraph-oxigraph-*")
        assert [path.name for path in folder.iterdir()] == ["server.log"]  # nothing was copied or loaded
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    assert list(tmp_path.glob("pmgraph-oxigraph-*")) == []
    assert next(Path(os.environ["PMGRAPH_CACHE"]).glob("*/store")).is_dir()  # the snapshot itself stays


@needs_oxigraph
def test_the_endpoint_resolver_decides_as_the_local_one(tmp_path, graph):
    """A user's entity sharing a bundled label stays ambiguous; a preferred label beats an
    alternative one; codes, loose spellings and CURIEs resolve; an unknown name gets suggestions."""
    from pmgraph.kb.endpoint import EndpointResolver
    from pmgraph.errors import AmbiguousName, UnknownName
    from pmgraph.model.resolve import Resolver

    clash = Graph().parse(data=(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix pmo: <https://w3id.org/pmgraph/ontology#> .\n"
        '<https://example.com/TechPM> a pmo:Role ; skos:prefLabel "Tech PM"@en .\n'), format="turtle")
    data = graph + clash + Graph().parse(source=str(Path(__file__).parent / "data" / "ladder.ttl"), format="turtle")
    local = Resolver(data)
    with OxigraphServer(data) as server:
        remote = EndpointResolver(Endpoint(server.url))
        for name, kinds in [("tech pm", None), ("コミュニケーション", None), ("コミュニケーション", ("tool-category",)),
                            ("L6", None), ("スタッフエンジニア", None), ("テクニカルプロダクトマネージャー", None),
                            ("ＴＰＭ", ("role",)), ("pm:TechPM", None), ("junior developr", ("role",)),
                            ("cloud computing", ("role",)), ("<https://example.com/nothing>", None)]:
            try:
                expected = ("resolved", local.resolve(name, kinds))
            except (AmbiguousName, UnknownName) as error:
                expected = (type(error).__name__, str(error))
            try:
                got = ("resolved", remote.resolve(name, kinds))
            except (AmbiguousName, UnknownName) as error:
                got = (type(error).__name__, str(error))
            assert got == expected, name
    assert remote.resolved[:2] == [URIRef("https://w3id.org/pmgraph/id/Communication"),
                                   URIRef("https://w3id.org/pmgraph/id/CommunicationTools")]


@needs_oxigraph
def test_push_replace_with_datasets_replaces_the_graph_then_adds_each_dataset(imported_home, at_home):
    _, count = imported_home
    stray = Graph()
    stray.add((URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal("stray")))
    name = "https://example.org/graphs/pmgraph"
    with OxigraphServer(None, read_only=False) as server:
        assert Endpoint(server.store_url).server_name().startswith("Oxigraph/")  # so the bulk loader is asked for
        Endpoint(server.store_url).push(stray, graph_iri=name)
        replaced = at_home("push", "--endpoint", server.store_url, "--graph", name, "--replace")
        assert (replaced.exit_code, replaced.stderr) == (0, "")
        assert replaced.stdout == f"replaced {count:,} triples in graph <{name}> of {server.store_url}\n"
        endpoint = Endpoint(server.url)
        assert endpoint.count_triples(f"GRAPH <{name}> {{ ?s ?p ?o }}") == count
        assert not endpoint.ask(f'ASK {{ GRAPH <{name}> {{ ?s ?p "stray" }} }}')
        assert endpoint.ask(f"ASK {{ GRAPH <{name}> {{ <https://www.onetonline.org/link/summary/15-1252.00> ?p ?o }} }}")
        assert endpoint.count_triples() == 0


@needs_oxigraph
def test_next_against_an_endpoint_refuses_a_role_with_too_many_moves(imported_store, at_home, monkeypatch):
    import pmgraph.kb.endpoint

    server, _ = imported_store
    monkeypatch.setattr(pmgraph.kb.endpoint, "MAX_MOVES", 1)
    result = at_home("--endpoint", server.url, "next", "11-3021.00")
    assert result.exit_code == 5
    assert result.stderr == (f"pmgraph: error: {server.url}: onet:11-3021.00 has 3 next roles, more than the 1 "
                             "pmgraph fetches one by one from an endpoint; ask the store with `pmgraph query "
                             "moves-from-role`, or run `pmgraph next` on local data\n")


def test_push_to_a_store_that_is_not_oxigraph_sends_plain_graph_store_requests(imported_home, at_home, fake):
    """One POST per document (the bundled files, then each dataset), without Oxigraph's bulk-load options."""
    import json

    home, count = imported_home
    server, url = fake
    server.mode = "stored"
    store = url.replace("/sparql", "/data")
    result = at_home("push", "--endpoint", store)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"added {count:,} triples in the default graph of {store}\n"
    [info] = [json.loads(path.read_text(encoding="utf-8")) for path in (home / "datasets").glob("onet.json")]
    assert [(method, path) for method, path, _ in server.requests] == [("POST", "/data?default"), ("POST", "/data?default")]
    assert server.requests[1][2] == info["triples"]  # the dataset's own N-Triples file, line for line



# -- the full ESCO + O*NET data, served as it is -----------------------------------------------------


@pytest.fixture(scope="module")
def full_served(home):
    """The snapshot of the full imported data (1.75 million triples) served read-only, as `pmgraph serve` does."""
    if BINARY is None:
        pytest.skip("the `oxigraph` server binary is not installed (it comes with `pip install oxigraph`)")
    from pmgraph.kb.datasets import installed
    from pmgraph.kb.snapshot import Snapshot

    previous = os.environ.get("PMGRAPH_HOME")
    os.environ["PMGRAPH_HOME"] = str(home)
    try:
        store = Snapshot(installed()).ensure() / "store"
    finally:
        if previous is None:
            del os.environ["PMGRAPH_HOME"]
        else:
            os.environ["PMGRAPH_HOME"] = previous
    with OxigraphServer(None, location=store) as server:
        yield home, server


@needs_oxigraph
@pytest.mark.parametrize("args", [
    ["query", "skills-of-role", "-p", "role=2512.4"],
    ["query", "skill-gap", "-p", "role=TPM", "-p", "target=Tech PM"],
    ["show", "15-1252.00"],
    ["show", "project manager"],
    ["gap", "2512.4", "1330.7"],
], ids=lambda args: " ".join(args[:3]))
def test_full_data_against_the_served_snapshot_gives_the_local_output(full_served, run, monkeypatch, args):
    home, server = full_served
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    local = run(*args)
    remote = run("--endpoint", server.url, *args)
    assert local.exit_code == 0, local.stderr
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout_bytes == local.stdout_bytes


@needs_oxigraph
def test_full_data_path_against_the_endpoint_is_refused_in_one_line(full_served, run, monkeypatch):
    home, server = full_served
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    count = Endpoint(server.url).count_triples()
    assert count > 1_700_000
    result = run("--endpoint", server.url, "path", "15-1252.00", "11-3021.00")
    assert result.exit_code == 5
    assert result.stderr == (f"pmgraph: error: {server.url}: the endpoint holds {count} triples, more than "
                             "--endpoint-limit 1000000; raise the limit, or ask the store directly with "
                             "`pmgraph query` / `pmgraph sparql`\n")
