"""Hostile input, damaged state and hostile environments (issue 14): one regression test per
case, named after it, with its input inline or generated. docs/reliability.md is the table
of these cases."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from pmgraph.atomic import STALE_AFTER, write_atomic


# -- output files -----------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="mknod needs root")
def test_export_onto_a_device_node_writes_to_it_and_keeps_it_a_device(run, tmp_path):
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    result = run("export", "--format", "ttl", "-o", str(device))
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["null"]


def test_export_onto_a_fifo_writes_into_the_fifo(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("export", "--format", "nt", "-o", str(fifo))
    reader.join(10)
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].count(b"\n") > 1000 and received[0].endswith(b" .\n")
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


@pytest.mark.slow
def test_export_onto_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(run, tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "graph.ttl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "graph.ttl"
    link.symlink_to(real)
    result = run("export", "--format", "ttl", "-o", str(link))
    assert (result.exit_code, result.stderr) == (0, "")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("@prefix")
    assert sorted(os.listdir(tmp_path / "real")) == ["graph.ttl"]


def test_temporary_files_left_by_kill_9_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "graph.ttl"
    dead = tmp_path / ".graph.ttl.999999999-abcd_123.tmp"  # no such process
    alive = tmp_path / f".graph.ttl.{os.getppid()}-abcd_124.tmp"  # a running process's
    young = tmp_path / ".graph.ttl.999999998-abcd_125.tmp"
    foreign = tmp_path / ".graph.ttl.notes.tmp"  # not our naming pattern
    for path in (dead, alive, young, foreign):
        path.write_text("half", encoding="utf-8")
    old = time.time() - STALE_AFTER - 60
    for path in (dead, alive, foreign):
        os.utime(path, (old, old))
    write_atomic(target, "new\n")
    assert sorted(os.listdir(tmp_path)) == sorted(["graph.ttl", alive.name, young.name, foreign.name])


def test_a_write_leaves_its_temporary_file_named_after_its_process(tmp_path, monkeypatch):
    import pmgraph.atomic

    seen = []
    real_fsync = pmgraph.atomic.os.fsync
    monkeypatch.setattr(pmgraph.atomic.os, "fsync", lambda fd: (seen.append(os.listdir(tmp_path)), real_fsync(fd)))
    write_atomic(tmp_path / "graph.ttl", "x")
    assert [[name.startswith(f".graph.ttl.{os.getpid()}-") and name.endswith(".tmp") for name in names]
            for names in seen[:1]] == [[True]]


# -- datasets -----------------------------------------------------------------------------------
def _esco_folder(folder: Path, description: str = "Develops software.") -> Path:
    """A one-occupation, one-skill ESCO export with every file the importer needs."""
    import csv

    from pmgraph.importers.esco import ESCO_FILES

    occupation, skill = "http://data.europa.eu/esco/occupation/1", "http://data.europa.eu/esco/skill/1"
    rows = {"occupations": [{"conceptUri": occupation, "preferredLabel": "software developer", "altLabels": "",
                             "hiddenLabels": "", "code": "2512.1", "description": description}],
            "skills": [{"conceptUri": skill, "skillType": "knowledge", "reuseLevel": "transversal",
                        "preferredLabel": "Python", "altLabels": "", "hiddenLabels": "", "description": "A language."}],
            "relations": [{"occupationUri": occupation, "relationType": "essential", "skillUri": skill}]}
    folder.mkdir(parents=True)
    for key, (name, columns, _) in ESCO_FILES.items():
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows.get(key, []))
    return folder


def _state(home: Path) -> dict[str, bytes]:
    """Every file under ``home/datasets`` (path -> content), to compare before and after."""
    return {str(path.relative_to(home)): path.read_bytes()
            for path in sorted((home / "datasets").rglob("*")) if path.is_file()}


def _installed_folder(home: Path) -> str:
    import json

    return json.loads((home / "datasets" / "esco.json").read_text(encoding="utf-8"))["folder"]


@pytest.fixture
def esco_home(run, tmp_path, empty_pmgraph_home):
    """A data directory with a good ESCO import installed."""
    result = run("import", "esco", str(_esco_folder(tmp_path / "good" / "esco-1.1.1")), "--quiet")
    assert (result.exit_code, result.stderr) == (0, "")
    return empty_pmgraph_home


def test_an_import_with_a_16_mib_field_keeps_the_previous_dataset_and_exits_3(run, tmp_path, esco_home):
    before = _state(esco_home)
    folder = _esco_folder(tmp_path / "bad" / "esco-1.1.1", description="x" * (17 << 20))
    result = run("import", "esco", str(folder), "--quiet")
    assert (result.exit_code, result.stderr) == (
        3, f"pmgraph: error: {folder / 'occupations_en.csv'}:2: a field longer than 1,048,576 characters "
           "(the longest pmgraph reads)\n")
    assert _state(esco_home) == before
    assert [p.name for p in (esco_home / "datasets").iterdir() if p.is_dir()] == [_installed_folder(esco_home)]


def test_an_import_whose_indexing_fails_puts_the_previous_dataset_back(tmp_path, esco_home):
    from pmgraph.kb.datasets import install, installed
    from pmgraph.importers.esco import import_esco

    before, kept = _state(esco_home), installed()
    folder = _esco_folder(tmp_path / "other" / "esco-1.1.1", description="Another description.")

    def failing_index():
        assert [info.folder for info in installed()] != [info.folder for info in kept], "the new one is in place"
        raise MemoryError("Reached the buffer maximal size of 16777216")

    with pytest.raises(MemoryError):
        install("esco", lambda out: import_esco(folder, out), check=failing_index)
    assert _state(esco_home) == before
    assert installed() == kept


def test_a_first_import_whose_indexing_fails_installs_nothing(tmp_path, empty_pmgraph_home):
    from pmgraph.kb.datasets import install, installed
    from pmgraph.importers.esco import import_esco

    folder = _esco_folder(tmp_path / "esco-1.1.1")
    with pytest.raises(KeyboardInterrupt):
        install("esco", lambda out: import_esco(folder, out), check=lambda: (_ for _ in ()).throw(KeyboardInterrupt))
    assert installed() == []
    assert [p.name for p in (empty_pmgraph_home / "datasets").iterdir()] == [".esco.lock"]


def test_a_second_import_of_the_same_dataset_at_once_is_refused_in_one_line(run, tmp_path, esco_home):
    import fcntl

    before = _state(esco_home)
    with open(esco_home / "datasets" / ".esco.lock", "a") as other:  # what a running import holds
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        result = run("import", "esco", str(_esco_folder(tmp_path / "again" / "esco-1.1.1")), "--quiet")
        removal = run("datasets", "remove", "esco")
    message = "pmgraph: error: another import or removal of esco is running; try again when it has finished\n"
    assert (result.exit_code, result.stderr) == (2, message)
    assert (removal.exit_code, removal.stderr) == (2, message)
    assert _state(esco_home) == before


def test_a_dataset_record_whose_folder_leaves_the_data_directory_is_refused(run, tmp_path, esco_home):
    import json

    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine", encoding="utf-8")
    pointer = esco_home / "datasets" / "esco.json"
    record = json.loads(pointer.read_text(encoding="utf-8"))
    record["folder"] = os.path.relpath(victim, esco_home / "datasets")  # "../../victim"
    pointer.write_text(json.dumps(record), encoding="utf-8")
    result = run("datasets", "remove", "esco")
    assert (result.exit_code, result.stderr) == (
        3, f"pmgraph: error: {pointer}: damaged dataset record: folder {record['folder']!r} is not a folder of "
           "dataset 'esco' inside the data directory; delete the file\n")
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "mine"
    listing = run("datasets")
    assert listing.exit_code == 0 and listing.stdout.startswith("no dataset imported")


# -- the gallery --------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_gallery_track_iri_with_dot_dot_writes_inside_the_gallery_folder(run, tmp_path):
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text("""@prefix pmo: <https://w3id.org/pmgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pmgraph/id/../../../escaped> a pmo:CareerTrack ; rdfs:label "Escape"@en .
<https://w3id.org/pmgraph/id/Escaper> a pmo:Role ; rdfs:label "Escaper"@en ;
    pmo:track <https://w3id.org/pmgraph/id/../../../escaped> .
""", encoding="utf-8")
    (tmp_path / "site").mkdir()
    result = run("--data", str(hostile), "gallery", str(tmp_path / "site" / "out"))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(os.listdir(tmp_path)) == ["hostile.ttl", "site"]
    assert sorted(os.listdir(tmp_path / "site")) == ["out"]
    assert "track----------escaped.html" in os.listdir(tmp_path / "site" / "out")


@pytest.mark.slow
def test_gallery_on_a_full_disk_leaves_the_previous_gallery_whole(run, tmp_path, monkeypatch):
    import pmgraph.atomic

    out = tmp_path / "exports"
    assert run("gallery", str(out)).exit_code == 0
    (out / "README.md").write_text("mine\n", encoding="utf-8")
    (out / "index.html").write_text("previous index\n", encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in os.listdir(out)}
    writes = []
    real_fdopen = os.fdopen

    def fdopen(*args, **kwargs):  # the disk fills up at the fifth file
        writes.append(1)
        if len(writes) == 5:
            raise OSError(28, "No space left on device")
        return real_fdopen(*args, **kwargs)

    monkeypatch.setattr(pmgraph.atomic.os, "fdopen", fdopen)
    result = run("gallery", str(out))
    assert result.exit_code == 7
    assert result.stderr.startswith("pmgraph: error: cannot write ") and result.stderr.endswith(
        ": no space left on device\n") and result.stderr.count("\n") == 1
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before
    assert sorted(os.listdir(tmp_path)) == ["exports"]


# -- the command line: one line per error, empty names, full output, unreadable data folder -----
@pytest.mark.parametrize("args, message", [
    (["--bogus"], "No such option '--bogus'. (see 'pmgraph --help')"),
    (["show"], "Missing argument 'NAME'. (see 'pmgraph show --help')"),
    (["show", "TPM", "--format", "yaml"],
     "Invalid value for '--format': 'yaml' is not one of 'text', 'json'. (see 'pmgraph show --help')"),
    (["shwo", "TPM"], "No such command 'shwo'. Did you mean 'show'? (see 'pmgraph --help')"),
    (["import", "esco"], "Missing argument 'DIR'. (see 'pmgraph import esco --help')"),
])
def test_clicks_usage_errors_are_one_line_and_exit_2(run, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"pmgraph: error: {message}\n")


@pytest.mark.parametrize("args, option, command", [
    (["render", "--focus", "", "-o", "x.html"], "--focus", "pmgraph render"),
    (["render", "--track", " ", "-o", "x.html"], "--track", "pmgraph render"),
    (["export", "--format", "ttl", "--path", "", "CTO"], "--path", "pmgraph export"),
    (["--data", "", "list", "role"], "--data", "pmgraph"),
])
def test_an_empty_name_is_a_usage_error_not_the_whole_graph(run, tmp_path, monkeypatch, args, option, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")  # --data "" loaded this
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"pmgraph: error: Invalid value for '{option}': an empty name (give a name, or leave "
                             f"the option out) (see '{command} --help')\n")
    assert sorted(os.listdir(tmp_path)) == ["mine.ttl"]


@pytest.mark.parametrize("args", [["list", "role"], ["list", "role", "--format", "json"],
                                  ["export", "--format", "nt"]])
def test_a_full_stdout_exits_7_in_one_line(args):
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "pmgraph", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert (result.returncode, result.stderr) == (
        7, "pmgraph: error: cannot write to standard output: no space left on device\n")


@pytest.mark.slow
def test_a_reader_that_closes_the_pipe_ends_pmgraph_quietly():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "pmgraph", "export", "--format", "nt"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # `| head -1`
    assert process.wait(120) == 0 and first.endswith(b" .\n")
    assert process.stderr.read() == b""


@pytest.mark.slow
def test_an_unreadable_pmgraph_home_stops_only_the_commands_that_need_data(tmp_path):
    import shutil
    import subprocess
    import sys

    home = tmp_path / "home"
    (home / "datasets").mkdir(parents=True)
    (home / "datasets").chmod(0)
    prefix: list[str] = []
    if os.getuid() == 0:  # root reads anything: run as nobody
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        tmp_path.chmod(0o755)

    def pmgraph(*args: str):
        return subprocess.run([*prefix, sys.executable, "-m", "pmgraph", *args], capture_output=True, text=True,
                              timeout=120, env=os.environ | {"PMGRAPH_HOME": str(home)}, cwd=tmp_path)

    message = (f"pmgraph: error: cannot read the data directory {home / 'datasets'}: permission denied "
               "(set PMGRAPH_HOME to a folder you can read)\n")
    for needs_data in (["show", "TPM"], ["datasets"]):
        result = pmgraph(*needs_data)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
    for needs_none in (["queries"], ["show", "--help"], ["--version"]):
        result = pmgraph(*needs_none)
        assert (result.returncode, result.stderr) == (0, ""), needs_none
        assert result.stdout


# -- the terminal -----------------------------------------------------------------------------------
HOSTILE_LABELS = """@prefix pmo: <https://w3id.org/pmgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pmgraph/id/Hostile> a pmo:Role ;
    rdfs:label "Clip\\u001b]52;c;cm0gLXJmIH4=\\u0007board"@en ,
               "Link\\u001b]8;;http://evil.example/\\u001b\\\\here\\u001b]8;;\\u001b\\\\"@ja ;
    rdfs:comment "first\\npmgraph: error: forged\\u202eevil\\u0085"@en .
"""


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.ttl"
    path.write_text(HOSTILE_LABELS, encoding="utf-8")
    return path


def _raw_controls(text: str) -> set[str]:
    return {char for char in text if (ord(char) < 32 and char not in "\n") or 0x7f <= ord(char) <= 0x9f
            or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}


def test_osc_52_and_osc_8_in_labels_reach_no_terminal_in_text_output(run, hostile):
    for args in (["show", "pm:Hostile"], ["list", "role"], ["search", "Clip"], ["show", "pm:Hostile", "--lang", "ja"],
                 ["sparql", "SELECT ?l WHERE { <https://w3id.org/pmgraph/id/Hostile> ?p ?l }"]):
        result = run("--data", str(hostile), *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert _raw_controls(result.stdout) == set(), args
    shown = run("--data", str(hostile), "show", "pm:Hostile").stdout
    assert "Clip\\x1b]52;c;cm0gLXJmIH4=\\x07board" in shown


def test_a_newline_in_a_name_cannot_forge_a_second_error_line(run):
    result = run("show", "nobody\npmgraph: error: \x1b[31mforged")
    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("pmgraph: error: unknown name 'nobody\\n")
    assert "\\x1b[31mforged" in result.stderr and _raw_controls(result.stderr) == set()


def test_json_and_csv_keep_the_exact_labels(run, hostile):
    import csv
    import io
    import json

    shown = json.loads(run("--data", str(hostile), "show", "pm:Hostile", "--format", "json").stdout)
    assert shown["label"] == "Clip\x1b]52;c;cm0gLXJmIH4=\x07board"
    assert shown["attributes"]["comment"]["en"] == ["first\npmgraph: error: forged\u202eevil\u0085"]
    rows = run("--data", str(hostile), "sparql", "--format", "csv",
               "SELECT ?c WHERE { <https://w3id.org/pmgraph/id/Hostile> rdfs:comment ?c }").stdout
    assert list(csv.reader(io.StringIO(rows))) == [["c"], ["first\npmgraph: error: forged\u202eevil\u0085"]]


# -- endpoint URLs ------------------------------------------------------------------------------------
@pytest.fixture
def refusing_store():
    """A local HTTP server that answers every query with 401 (its body repeating the URL, as some
    servers do) and accepts every Graph Store POST; yields its base URL with credentials in it."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/store"):
                self.send_response(204)
                self.end_headers()
                return
            body = f"Unauthorized: http://alice:s3cret@{self.headers['Host']}{self.path}".encode()
            self.send_response(401)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://alice:s3cret@127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_credentials_in_an_endpoint_url_are_never_printed(run, refusing_store):
    """A URL holding a login is refused before anything is sent (the login would show in the
    process list and the shell history), in one line that never repeats it; logins come from
    ~/.netrc or --endpoint-user (tests/test_endpoint_auth.py)."""
    refusal = ("pmgraph: error: an endpoint URL may not hold a user name or password (they would show in the "
               "process list and the shell history); put them in ~/.netrc, or give --endpoint-user NAME with the "
               "password in PMGRAPH_ENDPOINT_PASSWORD\n")
    for args in (["--endpoint", f"{refusing_store}/query", "show", "TPM"],
                 ["--endpoint", f"{refusing_store}/query", "sparql", "ASK {}"],
                 ["--endpoint", "http://alice:s3cret@127.0.0.1:1/query", "list", "role"],
                 ["push", "--endpoint", f"{refusing_store}/store"]):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, refusal), args
        assert "s3cret" not in result.output and "alice" not in result.output


# -- pmgraph serve ------------------------------------------------------------------------------------
def _oxigraph_installed() -> bool:
    from pmgraph.errors import UsageError
    from pmgraph.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except UsageError:
        return False
    return True


needs_oxigraph = pytest.mark.skipif(not _oxigraph_installed(), reason="the oxigraph server binary is not installed")


class _Serving:
    """`pmgraph serve ARGS` in a child process, until it prints its URL."""

    def __init__(self, tmp_path: Path, *args: str):
        import subprocess
        import sys

        self.tmp = tmp_path
        env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "pmgraph", "serve", "--port", "0", *args], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        second = self.process.stdout.readline()
        assert first.startswith("Serving ") and second.startswith("SPARQL endpoint: "), \
            (first, second, self.process.stderr.read() if self.process.poll() is not None else "")
        self.url = second.removeprefix("SPARQL endpoint: ").strip()

    def children(self) -> list[int]:
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


@pytest.fixture
def recorder():
    """A local HTTP server that records the requests it gets (what SERVICE would send)."""
    import http.server

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(f"GET {self.path}")
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


def _post(url: str, data: dict[str, str] | str) -> tuple[int, str]:
    """POST a form as a cross-origin web page would (no CORS needed to send it), or a query as
    ``application/sparql-query`` (``data`` a string), or GET it (``url`` with ``?query=``, ``data`` None)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    headers = {"Origin": "https://evil.example", "Accept": "text/csv"}
    if isinstance(data, str):
        body: bytes | None = data.encode()
        headers["Content-Type"] = "application/sparql-query"
    else:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@needs_oxigraph
@pytest.mark.slow
def test_serve_refuses_service_from_a_cross_origin_form_post_unless_allowed(tmp_path, recorder):
    import urllib.parse

    target, seen = recorder
    query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    served = _Serving(tmp_path)
    try:
        assert _post(served.url, {"query": query}) == (
            403, f"query: refused: SERVICE <{target}> would query the network; pass --allow-network to allow it\n")
        refused = f"query: refused: SERVICE <{target}> would query the network; pass --allow-network to allow it\n"
        assert _post(served.url, query) == (403, refused)
        assert _post(served.url + "?" + urllib.parse.urlencode({"query": query}), None) == (403, refused)
        assert _post(served.url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <urn:none> }"}) == (200, "n\r\n0\r\n")
        assert _post(served.url + "?query=ASK%7B%7D", None) == (200, "true")
        assert _post(served.url, {"query": "DROP ALL"})[0] == 403
        assert _post(served.url.removesuffix("/query") + "/update", {"update": "DROP ALL"})[0] == 405
    finally:
        served.stop()
    assert seen == []
    allowed = _Serving(tmp_path, "--allow-network")
    try:
        status, _ = _post(allowed.url, {"query": query})
    finally:
        allowed.stop()
    assert status != 403
    assert [request.split()[1].startswith("/sparql") for request in seen[:1]] == [True], seen  # it went out


def test_serve_help_says_service_is_refused_without_allow_network(run):
    help_text = " ".join(run("serve", "--help").stdout.split())
    assert "so is SERVICE (a federated query to another address) unless you start it with --allow-network" in help_text
    assert "--allow-network Let queries use SERVICE" in help_text


@needs_oxigraph
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc (Linux)")
@pytest.mark.slow
def test_kill_9_of_serve_kills_its_oxigraph_child_and_the_next_serve_removes_its_folder(tmp_path):
    import signal

    served = _Serving(tmp_path)
    [child] = served.children()
    [folder] = tmp_path.glob("pmgraph-oxigraph-*")
    served.process.send_signal(signal.SIGKILL)
    served.process.wait(10)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # not our child (the kernel kills it): wait for it to go
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]
    assert folder.is_dir()  # nobody was left to remove it...
    again = _Serving(tmp_path)
    try:
        assert folder.exists() is False  # ...until the next server started
        assert len(list(tmp_path.glob("pmgraph-oxigraph-*"))) == 1
    finally:
        again.stop()


@needs_oxigraph
def test_serve_on_a_port_where_another_server_answers_says_address_already_in_use(run, recorder):
    import http.server

    class Answering(http.server.BaseHTTPRequestHandler):  # answers the readiness check like a SPARQL server
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args):
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answering)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        port = other.server_address[1]
        result = run("serve", "--port", str(port))
    finally:
        other.shutdown()
        other.server_close()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"pmgraph: error: cannot serve on 127.0.0.1:{port}: address already in use "
                             "(choose another port, or port 0 for a free one)\n")


def test_serve_on_a_host_that_is_not_an_address_says_so_in_one_line(run):
    result = run("serve", "--host", "256.1.1.1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "pmgraph: error: cannot serve on 256.1.1.1:7878: '256.1.1.1' is not an address\n")


# -- the table ------------------------------------------------------------------------------------------
def test_every_test_named_in_docs_reliability_exists():
    import re

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "reliability.md").read_text(encoding="utf-8")
    named: list[tuple[str, str]] = []
    for cell in re.findall(r"\| ([^|]*`[^|]*::[^|]*) \|$", text, flags=re.M):
        current = None
        for file, name in re.findall(r"`(?:(test_\w+\.py))?::(\w+)`", cell):
            current = file or current
            named.append((current, name))
    assert len(named) > 30
    missing = [(file, name) for file, name in named
               if not re.search(rf"^def {name}\(", (root / "tests" / file).read_text(encoding="utf-8"), flags=re.M)]
    assert missing == []


def test_a_newline_in_a_label_cannot_start_a_line_in_show_or_path_text(run, tmp_path):
    """A label holding a newline and a forged error line stays on its own line in text output;
    JSON keeps the label exact."""
    data = tmp_path / "forged.ttl"
    data.write_text(
        "@prefix pmo: <https://w3id.org/pmgraph/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix pm: <https://w3id.org/pmgraph/id/> .\n"
        '<https://example.org/Forged> a pmo:Role ; skos:prefLabel "Forged\\npmgraph: error: all lost"@en .\n'
        "<https://example.org/move> a pmo:CareerTransition ; pmo:fromRole <https://example.org/Forged> ;\n"
        "  pmo:toRole pm:CTO ; pmo:moveKind pm:Promotion .\n", encoding="utf-8")
    for args in (["show", "https://example.org/Forged"], ["path", "https://example.org/Forged", "CTO"],
                 ["next", "https://example.org/Forged"]):
        result = run("--data", str(data), *args)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert not any(line.startswith("pmgraph: error") for line in lines), (args, lines)
        assert any("Forged\\npmgraph: error: all lost" in line for line in lines), (args, lines)
    import json

    shown = json.loads(run("--data", str(data), "show", "https://example.org/Forged", "--format", "json").stdout)
    assert shown["label"] == "Forged\npmgraph: error: all lost"
