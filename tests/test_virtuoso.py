"""A real shared store with accounts: Virtuoso 7 (Debian's `virtuoso-opensource`), started here.

A throwaway database in a temporary folder, on free loopback ports, with a user `loader` who
may update (SPARQL_UPDATE) and a dba password nobody knows. `pmgraph push` loads the bundled
graph, `--data tests/data/ladder.ttl` and an imported O*NET subset into a named graph through
Virtuoso's authenticated Graph Store endpoint (`/sparql-graph-crud-auth`, HTTP Digest, the
login from a `.netrc`); then named queries, `sparql`, `show`, `gap`, `compare` and `next` run
against its authenticated query endpoint (`/sparql-auth`, `--endpoint-user` with the password
in PMGRAPH_ENDPOINT_PASSWORD) and must print byte for byte what they print locally.

Skipped where `virtuoso-t` is not installed, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import DATA
from pmgraph.cli import main
from pmgraph.kb.endpoint import Endpoint
from pmgraph.serve import free_port
from pmgraph.kb.files import load_graph

# Slow (`python -m pytest -m "not slow"` leaves them out): starts a real Virtuoso server.
pytestmark = pytest.mark.slow

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
GRAPH = "https://example.org/graphs/pmgraph"
LADDER = str(DATA / "ladder.ttl")
ONET_CODES = {"15-1299.09", "11-3021.00", "15-1252.00", "13-1082.00", "15-1299.00"}
USER = "loader"

_MISSING = "Virtuoso is not installed (apt-get install virtuoso-opensource: virtuoso-t and isql-vt)"
needs_virtuoso = pytest.mark.skipif((VIRTUOSO is None or ISQL is None) and os.environ.get("CI") != "true",
                                    reason=_MISSING)


def test_virtuoso_is_installed():
    """In CI (CI=true) a missing Virtuoso fails here; elsewhere every test of this file skips for it."""
    if (VIRTUOSO is None or ISQL is None) and os.environ.get("CI") != "true":
        pytest.skip(_MISSING)
    assert VIRTUOSO is not None and ISQL is not None, _MISSING


_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 8
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
; Debian's default: answers are cut at 10,000 rows
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM when the test process dies, however it dies (Linux)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _isql(port: int, password: str, statements: str) -> None:
    done = subprocess.run([ISQL, f"127.0.0.1:{port}", "dba", password, f"exec={statements}"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, done.stdout + done.stderr


class Virtuoso:
    """A Virtuoso server on a throwaway database, stopped (and its folder removed) on :meth:`stop`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        (folder / "virtuoso.ini").write_text(_INI.format(folder=folder, sql_port=self.sql_port,
                                                         http_port=self.http_port), encoding="utf-8")
        self.password = secrets.token_urlsafe(12)
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        try:
            self._wait_online(120)
            dba = secrets.token_urlsafe(12)  # nobody logs in as dba after this
            _isql(self.sql_port, "dba", f"DB.DBA.USER_CREATE('{USER}', '{self.password}'); "
                                        f'GRANT SPARQL_UPDATE TO "{USER}"; '
                                        f"USER_CHANGE_PASSWORD('dba', 'dba', '{dba}');")
        except BaseException:
            self.stop()
            raise

    def _wait_online(self, seconds: float) -> None:
        log = self.folder / "virtuoso.log"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: "
                                   + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))
            text = log.read_text(errors="replace") if log.exists() else ""
            if "Server online at" in text:
                with socket.create_connection(("127.0.0.1", self.http_port), timeout=5):
                    return
            time.sleep(0.25)
        raise RuntimeError(f"virtuoso-t was not online within {seconds:g} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    @property
    def store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def query_url(self, *, auth: bool = True) -> str:
        return f"{self.base}/sparql{'-auth' if auth else ''}?default-graph-uri={quote(GRAPH, safe='')}"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if VIRTUOSO is None or ISQL is None:
        if os.environ.get("CI") == "true":
            pytest.fail(_MISSING)
        pytest.skip(_MISSING)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
    assert server.process.returncode is not None


@pytest.fixture(scope="module")
def onet_home(tmp_path_factory):
    """A data directory holding an imported O*NET subset (five occupations of tests/data/samples/)."""
    from importdata import onet_subset

    from pmgraph.kb.datasets import install
    from pmgraph.importers.onet import import_onet

    root = tmp_path_factory.mktemp("virtuoso-data")
    folder = onet_subset(root / "onet", ONET_CODES)
    home = root / "home"
    previous = os.environ.get("PMGRAPH_HOME")
    os.environ["PMGRAPH_HOME"] = str(home)
    try:
        install("onet", lambda out: import_onet(folder, out), source=str(folder))
    finally:
        if previous is None:
            del os.environ["PMGRAPH_HOME"]
        else:
            os.environ["PMGRAPH_HOME"] = previous
    return home


def _netrc(folder: Path, host: str, user: str, password: str) -> Path:
    path = folder / "netrc"
    path.write_text(f"machine {host}\n  login {user}\n  password {password}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def pushed(virtuoso, onet_home, tmp_path_factory):
    """The store filled by `pmgraph --data ladder.ttl push`, logging in with a .netrc; yields the
    environment of the local runs (PMGRAPH_HOME) and the push's result."""
    home = onet_home
    netrc = _netrc(tmp_path_factory.mktemp("netrc"), "127.0.0.1", USER, virtuoso.password)
    env = {"PMGRAPH_HOME": str(home), "NETRC": str(netrc), "PMGRAPH_ENDPOINT_PASSWORD": None}
    result = CliRunner().invoke(main, ["--quiet", "--data", LADDER, "push", "--endpoint", virtuoso.store_url,
                                       "--graph", GRAPH], env=env)
    return {"PMGRAPH_HOME": str(home)}, result


@pytest.fixture
def both(pushed, monkeypatch, virtuoso):
    """Run a command locally (with --data ladder.ttl) and against Virtuoso's authenticated query endpoint."""
    env, _ = pushed
    monkeypatch.setenv("PMGRAPH_HOME", env["PMGRAPH_HOME"])
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    monkeypatch.setenv("NETRC", "/nonexistent-netrc-is-not-read")
    runner = CliRunner()

    def run(*args: str):
        local = runner.invoke(main, ["--data", LADDER, *args], catch_exceptions=False)
        remote = runner.invoke(main, ["--endpoint", virtuoso.query_url(), "--endpoint-user", USER, *args],
                               catch_exceptions=False)
        return local, remote

    return run


# -- push ---------------------------------------------------------------------------------------


@needs_virtuoso
def test_push_into_virtuoso_with_a_netrc_login(pushed, virtuoso, monkeypatch):
    env, result = pushed
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    endpoint = Endpoint(virtuoso.query_url(), user=USER)
    count = endpoint.count_triples()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"added {count:,} triples in graph <{GRAPH}> of {virtuoso.store_url}\n"
    local = len(load_graph((LADDER,)))  # the bundled graph and the ladder
    if (Path(env["PMGRAPH_HOME"]) / "datasets").is_dir():
        assert count > local + 2000  # and the O*NET sample
    else:
        assert count == local
    assert endpoint.ask("ASK { <https://w3id.org/pmgraph/id/TechPM> ?p ?o }")
    assert not endpoint.ask("ASK { <https://w3id.org/pmgraph/id/NoSuchRole> ?p ?o }")
    assert virtuoso.password not in result.output


@needs_virtuoso
def test_push_sends_the_imported_dataset_sample(pushed, virtuoso, monkeypatch):
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    endpoint = Endpoint(virtuoso.query_url(), user=USER)
    assert endpoint.ask('ASK { <https://www.onetonline.org/link/summary/15-1252.00> '
                        '<http://www.w3.org/2004/02/skos/core#notation> "15-1252.00" }')


@needs_virtuoso
def test_push_without_a_login_says_how_to_give_one(virtuoso, run, monkeypatch, tmp_path):
    monkeypatch.setenv("NETRC", str(_netrc(tmp_path, "other.example.org", USER, "x")))
    monkeypatch.delenv("PMGRAPH_ENDPOINT_PASSWORD", raising=False)
    result = run("push", "--endpoint", virtuoso.store_url, "--graph", GRAPH)
    assert result.exit_code == 6
    assert result.stderr == (
        f"pmgraph: error: {virtuoso.store_url}: HTTP 401: the store asks for a user name and password "
        f"(Digest, realm 'SPARQL'); put them in {tmp_path / 'netrc'} (machine 127.0.0.1 login NAME password "
        "SECRET), or give --endpoint-user NAME with the password in PMGRAPH_ENDPOINT_PASSWORD\n")


@needs_virtuoso
def test_push_with_a_wrong_password_is_refused_without_showing_it(virtuoso, run, monkeypatch):
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", "not-the-password")
    result = run("push", "--endpoint", virtuoso.store_url, "--graph", GRAPH, "--endpoint-user", USER)
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {virtuoso.store_url}: HTTP 401: the store refused user 'loader' "
                             "(from --endpoint-user and PMGRAPH_ENDPOINT_PASSWORD); check the user name and password\n")
    assert "not-the-password" not in result.output


@needs_virtuoso
def test_push_into_virtuoso_without_a_graph_says_to_name_one(virtuoso, run, monkeypatch):
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    result = run("push", "--endpoint", virtuoso.store_url, "--endpoint-user", USER)
    assert result.exit_code == 6
    assert result.stderr.startswith(f"pmgraph: error: {virtuoso.store_url}: the store refused the graph: HTTP 500 ")
    assert result.stderr.endswith("; this store has no default graph to load into (Virtuoso): give --graph IRI\n")
    assert result.stderr.count("\n") == 1


@needs_virtuoso
@pytest.mark.parametrize("path", ["/sparql", "/sparql-auth"])
def test_push_to_virtuosos_query_url_says_which_url_is_wanted(virtuoso, run, monkeypatch, path):
    """Virtuoso's query URL never answers a graph POSTed to it: pmgraph says so at once."""
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    started = time.monotonic()
    result = run("push", "--endpoint", virtuoso.base + path, "--graph", GRAPH, "--endpoint-user", USER)
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {virtuoso.base}{path}: this is Virtuoso's query URL, which takes no "
                             "graph; push needs the store's Graph Store Protocol URL: http://host:7878/store "
                             "(Oxigraph), http://host:3030/DATASET/data (Fuseki), "
                             "http://host:8890/sparql-graph-crud-auth (Virtuoso)\n")
    assert time.monotonic() - started < 30


# -- the same output through --endpoint ----------------------------------------------------------


ROUND_TRIP = [
    ["query", "skills-of-role", "-p", "role=Tech PM"],
    ["query", "career-ladder", "-p", "track=TPM career path", "--lang", "ja"],
    ["query", "roles-needing-skill", "-p", "skill=リスクマネジメント", "--format", "csv"],
    ["query", "skill-gap", "-p", "role=TPM", "-p", "target=Tech PM"],
    ["query", "moves-from-role", "-p", "role=senior engineer"],
    ["query", "role-subgraph", "-p", "role=TAM", "--format", "nt"],
    ["query", "find-by-label", "-p", "text=cloud"],
    ["sparql", "SELECT ?stage ?level WHERE { ?stage pmo:level ?level } ORDER BY ?level ?stage", "--format", "tsv"],
    ["sparql", "SELECT ?stage ?level WHERE { ?stage pmo:level ?level } ORDER BY ?level ?stage"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a pmo:Role }", "--format", "json"],
    ["show", "Tech PM"],
    ["show", "テクニカル・プロダクトマネージャー", "--lang", "ja"],
    ["gap", "senior engineer", "Tech PM"],
    ["gap", "TPM", "Tech PM", "--format", "json"],
    ["compare", "Tech PM", "TPM"],
    ["compare", "Tech PM", "TPM", "TAM", "--format", "json"],
    ["next", "senior engineer"],
    ["next", "Tech PM", "--previous", "--lang", "ja"],
]
ROUND_TRIP_ONET = [
    ["query", "skills-of-role", "-p", "role=15-1252.00"],
    ["show", "15-1252.00"],
    ["gap", "15-1252.00", "11-3021.00"],
    ["compare", "15-1252.00", "11-3021.00", "15-1299.09"],
    ["next", "15-1252.00"],
]


@needs_virtuoso
@pytest.mark.parametrize("args", ROUND_TRIP + ROUND_TRIP_ONET, ids=lambda args: " ".join(args[:3]))
def test_commands_give_the_local_output_against_virtuoso(pushed, both, args):
    assert (pushed[1].exit_code, pushed[1].stderr) == (0, "")
    local, remote = both(*args)
    assert local.exit_code == 0, local.stderr
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout_bytes == local.stdout_bytes


@needs_virtuoso
def test_the_open_query_endpoint_reads_without_a_login(pushed, virtuoso, run, monkeypatch):
    """`/sparql` needs no login for reading; `/sparql-auth` does, and says how to give it."""
    monkeypatch.setenv("PMGRAPH_HOME", pushed[0]["PMGRAPH_HOME"])
    monkeypatch.delenv("PMGRAPH_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent-netrc-is-not-read")
    local = run("--data", LADDER, "query", "skills-of-role", "-p", "role=Tech PM")
    remote = run("--endpoint", virtuoso.query_url(auth=False), "query", "skills-of-role", "-p", "role=Tech PM")
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout == local.stdout
    monkeypatch.delenv("NETRC")
    monkeypatch.setenv("HOME", "/nonexistent-home")
    refused = run("--endpoint", virtuoso.query_url(), "sparql", "ASK {}")
    assert refused.exit_code == 6
    assert "HTTP 401: the store asks for a user name and password (Digest, realm 'SPARQL')" in refused.stderr


@needs_virtuoso
def test_a_download_cut_short_by_the_store_is_an_error_not_a_wrong_answer(pushed, virtuoso, run, monkeypatch):
    """Debian's Virtuoso cuts every answer at 10,000 rows (ResultSetMaxRows): `list`, which
    downloads the store, would list what happened to come first."""
    monkeypatch.setenv("PMGRAPH_HOME", pushed[0]["PMGRAPH_HOME"])
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", virtuoso.password)
    count = Endpoint(virtuoso.query_url(), user=USER).count_triples()
    if count <= 10_001:
        pytest.skip("the store holds too few triples to be cut short without the O*NET sample (../shared)")
    result = run("--endpoint", virtuoso.query_url(), "--endpoint-user", USER, "list", "role")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {virtuoso.query_url()}: the store sent 10,001 of its {count:,} "
                             "triples: it cuts answers short (Virtuoso: ResultSetMaxRows in the [SPARQL] section "
                             "of virtuoso.ini, 10000 by default); raise that limit above the store's size\n")
    assert result.stdout == ""
