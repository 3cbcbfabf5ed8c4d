"""Logging in to a store: Basic and Digest against a small loopback server that demands them.

The server (127.0.0.1 only, stopped after each test) checks what arrives itself — the Basic
token, or the Digest response computed from the password as RFC 7616 says — and answers a
query with `true` and a Graph Store request with 204. The credentials come from a `.netrc`
(`NETRC`) or from `--endpoint-user` with PMGRAPH_ENDPOINT_PASSWORD, and never appear in any
output or message.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from pmgraph.kb.endpoint import Endpoint
from pmgraph.errors import RemoteError
from pmgraph.kb.httpauth import Credentials, digest_authorization, parse_challenges

# Slow (`python -m pytest -m "not slow"` leaves them out): starts loopback HTTP servers.
pytestmark = pytest.mark.slow

USER, PASSWORD = "alice", "s3cret-Pässword"
REALM = "pmgraph test"
LADDER = str(Path(__file__).parent / "data" / "ladder.ttl")


class _Guarded(http.server.BaseHTTPRequestHandler):
    """Demands `server.scheme` (basic / digest) with USER / PASSWORD on every request."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization")
        self.server.seen.append((self.command, self.path, header))
        if header is None:
            return False
        if self.server.scheme == "basic":
            return header == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
        if fields.get("nonce") != self.server.nonce or fields.get("username") != USER:
            return False

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        secret = md5(f"{USER}:{REALM}:{PASSWORD}")
        expected = md5(f"{secret}:{self.server.nonce}:{fields['nc']}:{fields['cnonce']}:auth:"
                       + md5(f"{self.command}:{self.path}"))
        return fields["uri"] == self.path and fields["response"] == expected

    def _answer(self, status: int, content_type: str = "text/plain", body: bytes = b"", extra=()):
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.server.redirect and self.path.startswith("/moved"):
            self._answer(307, extra=[("Location", self.server.redirect)])
            return
        if not self._authorized():
            if self.server.scheme == "basic":
                challenge = f'Basic realm="{REALM}"'
            elif self.server.scheme == "negotiate":
                challenge = "Negotiate"
            else:
                challenge = (f'Digest realm="{REALM}", nonce="{self.server.nonce}", opaque="xyz", '
                             'qop="auth", algorithm="MD5", stale="false"')
            self._answer(401, "text/html", b"<html>401 Unauthorized</html>", [("WWW-Authenticate", challenge)])
            return
        self.server.bodies.append((self.command, self.path, len(body)))
        if self.command == "HEAD":
            self._answer(200, extra=[("Server", "TestStore/1.0")])
        elif self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            if self.server.mode == "store-only":
                self._answer(415, body=b"No supported content Content-Type given: application/x-www-form-urlencoded")
            else:
                self._answer(200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')
        elif self.server.mode == "query-only":
            self._answer(415, body=b"Unsupported Media Type: text/turtle")
        else:
            self._answer(204)

    do_POST = do_PUT = do_HEAD = _handle


def _serve(scheme: str, mode: str = "both"):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Guarded)
    server.daemon_threads = True
    server.scheme, server.mode, server.nonce = scheme, mode, "n0nce-" + scheme
    server.seen, server.bodies, server.redirect = [], [], None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def guarded():
    """Start loopback servers demanding Basic or Digest; all are stopped after the test."""
    started = []

    def start(scheme: str, mode: str = "both"):
        server, thread = _serve(scheme, mode)
        started.append((server, thread))
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def netrc(tmp_path, monkeypatch):
    """A private .netrc named by NETRC, with USER / PASSWORD for 127.0.0.1; no password in the environment."""
    path = tmp_path / "netrc"
    path.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("NETRC", str(path))
    monkeypatch.delenv("PMGRAPH_ENDPOINT_PASSWORD", raising=False)
    return path


def _clean(result) -> None:
    """The password appears nowhere in what pmgraph printed."""
    assert PASSWORD not in result.stdout + result.stderr


# -- logging in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_a_query_logs_in_with_the_netrc_entry(guarded, netrc, run, scheme):
    server, base = guarded(scheme)
    result = run("--endpoint", f"{base}/sparql", "sparql", "ASK {}")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "true\n", "")
    assert [(method, header is not None) for method, _, header in server.seen] == [("POST", False), ("POST", True)]
    assert server.bodies == [("POST", "/sparql", server.bodies[0][2])]
    _clean(result)


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_push_logs_in_with_the_user_option_and_sends_the_graph_once(guarded, run, monkeypatch, tmp_path, scheme):
    """The HEAD that asks for the server's name takes the challenge; the graph then goes once, logged in."""
    monkeypatch.setenv("NETRC", str(tmp_path / "absent"))  # not read: the user option names the login
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    server, base = guarded(scheme)
    result = run("--data", LADDER, "push", "--endpoint", f"{base}/store", "--endpoint-user", USER, "--graph",
                 "https://example.org/g")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("added ") and result.stdout.endswith(f" of {base}/store\n")
    assert [(method, path, header is not None) for method, path, header in server.seen] == [
        ("HEAD", "/store", False), ("HEAD", "/store", True),
        ("POST", "/store?graph=https%3A%2F%2Fexample.org%2Fg", True)]
    assert server.bodies[1][2] > 10_000  # the N-Triples document, sent once
    if scheme == "digest":  # the second use of the nonce counts on
        assert re.search(r"nc=00000002", server.seen[2][2])
    _clean(result)


def test_a_wrong_password_is_refused_in_one_line_without_showing_it(guarded, run, monkeypatch):
    monkeypatch.setenv("PMGRAPH_ENDPOINT_PASSWORD", "wrong-" + PASSWORD)
    _, base = guarded("digest")
    result = run("--endpoint", f"{base}/sparql", "--endpoint-user", USER, "sparql", "ASK {}")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {base}/sparql: HTTP 401: the store refused user 'alice' "
                             "(from --endpoint-user and PMGRAPH_ENDPOINT_PASSWORD); check the user name and password\n")
    assert "wrong-" not in result.stderr
    _clean(result)


def test_without_a_login_the_error_says_where_to_put_one(guarded, run, monkeypatch, tmp_path):
    other = tmp_path / "netrc"
    other.write_text(f"machine store.example.org login {USER} password {PASSWORD}\n", encoding="utf-8")
    other.chmod(0o600)
    monkeypatch.setenv("NETRC", str(other))
    monkeypatch.delenv("PMGRAPH_ENDPOINT_PASSWORD", raising=False)
    _, base = guarded("basic")
    result = run("--endpoint", f"{base}/sparql", "show", "Tech PM")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {base}/sparql: HTTP 401: the store asks for a user name and password "
                             f"(Basic, realm 'pmgraph test'); put them in {other} (machine 127.0.0.1 login NAME "
                             "password SECRET), or give --endpoint-user NAME with the password in "
                             "PMGRAPH_ENDPOINT_PASSWORD\n")
    _clean(result)


def test_the_user_option_without_a_password_is_a_usage_error(run, netrc, monkeypatch):
    result = run("--endpoint", "http://127.0.0.1:9/sparql", "--endpoint-user", "bob", "sparql", "ASK {}")
    assert result.exit_code == 2
    assert result.stderr == ("pmgraph: error: --endpoint-user bob: no password: set it in the environment variable "
                             "PMGRAPH_ENDPOINT_PASSWORD, or add `machine 127.0.0.1 login bob password ...` to "
                             f"{netrc}\n")
    _clean(result)


def test_the_netrc_password_of_the_named_user_is_used(guarded, netrc, run):
    _, base = guarded("digest")
    result = run("--endpoint", f"{base}/sparql", "--endpoint-user", USER, "sparql", "ASK {}")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "true\n", "")


def test_a_netrc_others_can_read_is_not_used(guarded, netrc, run):
    netrc.chmod(0o644)
    _, base = guarded("basic")
    result = run("--endpoint", f"{base}/sparql", "sparql", "ASK {}")
    assert result.exit_code == 2
    assert result.stderr == (f"pmgraph: error: {netrc}: other users can read or change this file, so it is not "
                             f"used for passwords; run `chmod 600 {netrc}`\n")


def test_a_damaged_netrc_is_named_by_line_without_quoting_it(guarded, netrc, run):
    netrc.write_text(f"machine 127.0.0.1\nlogin {USER} password {PASSWORD} frobnicate\n", encoding="utf-8")
    _, base = guarded("basic")
    result = run("--endpoint", f"{base}/sparql", "sparql", "ASK {}")
    assert result.exit_code == 3
    assert result.stderr == (f"pmgraph: error: {netrc}: not a valid .netrc file, near line 2 "
                             "(expected: machine HOST login NAME password SECRET)\n")
    _clean(result)


def test_a_url_holding_credentials_is_refused_without_echoing_them(run):
    for args in (["--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/sparql", "sparql", "ASK {}"],
                 ["push", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:9/store"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == ("pmgraph: error: an endpoint URL may not hold a user name or password (they would "
                                 "show in the process list and the shell history); put them in ~/.netrc, or give "
                                 "--endpoint-user NAME with the password in PMGRAPH_ENDPOINT_PASSWORD\n")
        _clean(result)


def test_credentials_do_not_follow_a_redirect_to_another_origin(guarded, netrc):
    """The login is for the endpoint's own scheme, host and port: elsewhere it is not sent."""
    elsewhere, other = guarded("basic")
    server, base = guarded("basic")
    server.redirect = f"{other}/sparql"
    with pytest.raises(RemoteError) as caught:
        Endpoint(f"{base}/moved").ask("ASK {}")
    assert [header for _, _, header in elsewhere.seen] == [None]
    assert str(caught.value).startswith(f"{base}/moved: HTTP 401: the store asks for a user name and password")


def test_an_authentication_pmgraph_does_not_speak_is_said(guarded, netrc, run):
    _, base = guarded("negotiate")
    result = run("--endpoint", f"{base}/sparql", "sparql", "ASK {}")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {base}/sparql: HTTP 401: the store asks for an authentication pmgraph "
                             "does not speak (negotiate); pmgraph speaks Basic and Digest\n")


# -- the two kinds of URL, and the global --endpoint with push ------------------------------------


def test_a_query_url_given_to_push_says_which_url_is_wanted(guarded, netrc, run):
    _, base = guarded("basic", mode="query-only")
    result = run("push", "--endpoint", f"{base}/query")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {base}/query: the store refused the graph: HTTP 415 (it takes no RDF "
                             "at this URL); push needs the store's Graph Store Protocol URL, not its query URL: "
                             "http://host:7878/store (Oxigraph), http://host:3030/DATASET/data (Fuseki), "
                             "http://host:8890/sparql-graph-crud-auth (Virtuoso)\n")


def test_a_store_url_given_as_the_query_endpoint_says_which_url_is_wanted(guarded, netrc, run):
    _, base = guarded("basic", mode="store-only")
    result = run("--endpoint", f"{base}/store", "sparql", "ASK {}")
    assert result.exit_code == 6
    assert result.stderr == (f"pmgraph: error: {base}/store: HTTP 415: this URL does not answer SPARQL queries; "
                             "--endpoint needs the store's query URL, not its Graph Store URL: "
                             "http://host:7878/query (Oxigraph), http://host:3030/DATASET/sparql (Fuseki), "
                             "http://host:8890/sparql (Virtuoso)\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--endpoint", "http://127.0.0.1:9/store", "push"],
     "push takes the store's Graph Store URL as its own option, after the command: "
     "`pmgraph push --endpoint http://127.0.0.1:9/store`"),
    (["--endpoint", "http://127.0.0.1:9/store", "--endpoint-user", "bob", "push", "--replace"],
     "push takes the store's Graph Store URL as its own option, after the command: "
     "`pmgraph push --endpoint http://127.0.0.1:9/store --endpoint-user bob`"),
    (["--endpoint-user", "bob", "push", "--endpoint", "http://127.0.0.1:9/store"],
     "push takes the store's login as its own option, after the command: "
     "`pmgraph push --endpoint URL --endpoint-user bob`"),
    (["push"], "push needs the store's Graph Store URL: `pmgraph push --endpoint URL`"),
    (["--endpoint-user", "bob", "show", "Tech PM"],
     "--endpoint-user goes with --endpoint URL: the user to log in to that store as"),
])
def test_push_and_the_global_options_refuse_in_one_line_with_the_right_form(run, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"pmgraph: error: {message}\n")


# -- progress ------------------------------------------------------------------------------------


def test_push_reports_every_byte_once_even_when_a_challenge_makes_it_resend(guarded, netrc):
    server, base = guarded("digest")
    graph = Graph()
    for index in range(2000):
        graph.add((URIRef(f"https://example.org/s{index}"), URIRef("https://example.org/p"), Literal(index)))
    documents = [graph.serialize(format="nt", encoding="utf-8"), b"<https://example.org/a> <https://example.org/p> 1 .\n"]
    seen = []

    def progress(label, total):
        import contextlib

        @contextlib.contextmanager
        def bar():
            seen.append((label, total))
            yield lambda amount: seen.append(amount)

        return bar()

    server.scheme = "digest"
    endpoint = Endpoint(f"{base}/store")
    endpoint.server_name = lambda: ""  # no HEAD first: the first document meets the challenge and is sent again
    endpoint.push_documents(documents, progress=progress)
    total = sum(map(len, documents))
    assert seen[0] == ("pushing 2 documents", total)
    assert sum(seen[1:]) == total
    assert [(method, header is not None) for method, _, header in server.seen] == [
        ("POST", False), ("POST", True), ("POST", True)]


def test_push_draws_progress_on_a_terminal_only(guarded, netrc, tmp_path):
    _, base = guarded("basic")
    env = {**os.environ, "NETRC": str(netrc), "PMGRAPH_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "pmgraph", "push", "--endpoint", f"{base}/store"]
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=secondary, timeout=120)
        os.close(secondary)
        drawn = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(primary)
    assert done.returncode == 0
    assert b"pushing 1 document" in drawn and b"100%" in drawn
    piped = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert (piped.returncode, piped.stderr) == (0, b"")
    assert PASSWORD.encode() not in drawn + piped.stdout + done.stdout


def test_the_challenge_parser_reads_several_schemes_and_quoted_commas():
    assert parse_challenges(['Basic realm="a, b", charset="UTF-8"', 'Digest realm="r", nonce="n", qop="auth,auth-int"']) == [
        ("basic", {"realm": "a, b", "charset": "UTF-8"}), ("digest", {"realm": "r", "nonce": "n", "qop": "auth,auth-int"})]


def test_digest_sha256_matches_rfc_7616():
    """RFC 7616, section 3.9.1, the SHA-256 response."""
    challenge = {"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256",
                 "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                 "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
    header = digest_authorization(challenge, Credentials("Mufasa", "Circle of Life"), "GET", "/dir/index.html", 1,
                                  "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert 'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"' in header
    assert 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' in header and "nc=00000001" in header
