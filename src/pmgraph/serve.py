"""A real SPARQL 1.1 Protocol server over the graph: the ``oxigraph`` server, read-only.

pmgraph does not implement a SPARQL server: it writes the graph as N-Triples into a fresh
Oxigraph store in a temporary folder (``oxigraph load``), starts ``oxigraph serve-read-only``
on it, bound to the loopback interface unless told otherwise, waits until it answers, and
removes the folder when the server stops. The ``oxigraph`` binary comes from the ``oxigraph``
package on PyPI, a dependency of pmgraph::

    >>> from rdflib import Graph, Literal, URIRef
    >>> from pmgraph.kb.endpoint import Endpoint
    >>> graph = Graph()
    >>> _ = graph.add((URIRef("http://example/x"), URIRef("http://example/p"), Literal(1)))
    >>> with OxigraphServer(graph) as server:
    ...     Endpoint(server.url).ask("ASK { <http://example/x> ?p 1 }")
    True

The same class starts a writable, empty store (``read_only=False``) that ``pmgraph push``
can fill through the Graph Store Protocol at :attr:`OxigraphServer.store_url`, or serves an
existing Oxigraph store as it is (``location=``: the snapshot of the imported datasets, which
several processes may read at once), without copying or loading anything.

The server never outlives pmgraph: on Linux the kernel kills it when pmgraph ends, however
it ends (``prctl(PR_SET_PDEATHSIG)``); on other POSIX systems a small watcher process does. Its
temporary folder is named ``pmgraph-oxigraph-PID-...``; one left by a killed pmgraph is
removed by the next server started. A host that is not an address, or a port in use, is
:class:`~pmgraph.errors.UsageError` in one line before anything starts.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from rdflib import Graph

from .atomic import process_alive
from .errors import RemoteError, UsageError

__all__ = ["oxigraph_binary", "free_port", "OxigraphServer", "LOOPBACK", "listening_address"]

#: Interfaces that only this machine can reach.
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` server binary: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32" else "oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise UsageError("the `oxigraph` server is not installed; install it with `pip install oxigraph`")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def listening_address(host: str, port: int) -> tuple[int, tuple]:
    """``(family, address)`` to listen on ``host:port``, checked: :class:`UsageError` in one
    line when ``host`` is not an address of this machine or the port is in use.

    >>> listening_address("256.1.1.1", 7878)
    Traceback (most recent call last):
    ...
    pmgraph.errors.UsageError: cannot serve on 256.1.1.1:7878: '256.1.1.1' is not an address
    """
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError, ValueError):
        raise UsageError(f"cannot serve on {host}:{port}: {host!r} is not an address") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is no obstacle
        try:
            probe.bind(address)
        except OSError as error:
            raise UsageError(f"cannot serve on {host}:{port}: {(error.strerror or str(error)).lower()}"
                             + (" (choose another port, or port 0 for a free one)"
                                if error.errno == errno.EADDRINUSE else "")) from None
    return family, address


#: The prefix of a server's temporary folder; the pid of the pmgraph that made it follows.
_FOLDER_PREFIX = "pmgraph-oxigraph-"


def _remove_leftovers() -> None:
    """Remove the temporary folders of servers whose pmgraph was killed (``kill -9``)."""
    pattern = re.compile(re.escape(_FOLDER_PREFIX) + r"(\d+)-\w+")
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{_FOLDER_PREFIX}*"):
        match = pattern.fullmatch(folder.name)
        try:
            if match and folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid() \
                    and not process_alive(int(match.group(1))):
                shutil.rmtree(folder)
        except OSError:
            continue


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Ask Linux to kill this process when its parent ends (``PR_SET_PDEATHSIG``)."""
    import ctypes

    PR_SET_PDEATHSIG = 1  # noqa: N806 - the name in <sys/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


# On other POSIX systems: a watcher that kills the server once pmgraph is gone, then ends.
_WATCHER = """
import os, sys, time
parent, child = int(sys.argv[1]), int(sys.argv[2])
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
while alive(child):
    if not alive(parent):
        os.kill(child, 9)
        break
    time.sleep(0.5)
"""


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


class OxigraphServer:
    """An ``oxigraph`` server over ``graph`` in a temporary store; a context manager.

    ``port=0`` picks a free port. ``timeout`` (seconds) is passed to the server as its
    per-query time limit. :meth:`start` returns once the server answers queries.
    """

    def __init__(self, graph: Graph | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 read_only: bool = True, timeout: float | None = None, cors: bool = False,
                 startup_timeout: float = 30.0, location: Path | None = None):
        self.graph = graph
        #: An existing Oxigraph store to serve read-only as it is (the snapshot of the imported datasets).
        self.location = location
        self.host = host
        listening_address(host, port)
        self.port = port or free_port(host)
        self.read_only = read_only
        self.timeout = timeout
        self.cors = cors
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.folder: Path | None = None

    @property
    def base(self) -> str:
        return f"http://{_url_host(self.host)}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint (writable only if ``read_only`` is false)."""
        return f"{self.base}/store"

    def __enter__(self) -> OxigraphServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        binary = oxigraph_binary()
        _remove_leftovers()
        self.folder = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-"))
        try:
            store = Path(self.location) if self.location is not None else self.folder / "store"
            if self.location is None and self.graph is not None and len(self.graph):
                self._load(binary, store)
            command = [binary, "serve-read-only" if self.read_only else "serve",
                       "--location", str(store), "--bind", f"{self.host}:{self.port}"]
            if self.timeout:
                command += ["--timeout-s", str(max(1, round(self.timeout)))]
            if self.cors:
                command.append("--cors")
            if self.read_only and not store.exists():
                store.mkdir()  # an empty graph: serve-read-only needs a store to open
                subprocess.run([binary, "load", "--location", str(store), "--format", "nt"], input=b"",
                               capture_output=True, check=False)
            log = open(self.folder / "server.log", "wb")  # noqa: SIM115 - closed in stop()
            self._log = log
            linux = sys.platform.startswith("linux")
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            preexec_fn=_die_with_parent if linux else None)  # noqa: PLW1509
            if not linux and os.name == "posix":  # (on Windows, os.kill(pid, 0) would send Ctrl-C)
                subprocess.Popen([sys.executable, "-c", _WATCHER, str(os.getpid()), str(self.process.pid)],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _load(self, binary: str, store: Path) -> None:
        data = self.graph.serialize(format="nt", encoding="utf-8")
        done = subprocess.run([binary, "load", "--location", str(store), "--format", "nt"],
                              input=data, capture_output=True, check=False)
        if done.returncode != 0:
            raise RemoteError(f"oxigraph could not load the graph: {_last_line(done.stderr)}")

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        probe = f"{self.url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RemoteError(f"the oxigraph server could not start on {self.host}:{self.port}: "
                                  f"{_last_line((self.folder / 'server.log').read_bytes())}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as answer:  # noqa: S310 - our own loopback server
                    if answer.status == 200 and self.process.poll() is None:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise RemoteError(f"the oxigraph server did not answer on {self.base} within {self.startup_timeout:g} s")

    def wait(self) -> int:
        """Block until the server exits; returns its exit code."""
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        """Stop the server (politely, then firmly) and remove its temporary store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _last_line(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"
