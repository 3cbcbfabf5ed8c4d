"""Shared fixtures: an empty data directory for every test, the bundled graph (parsed once per session)
and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pmgraph.catalog import Catalog
from pmgraph.cli import main
from pmgraph.resolve import Resolver
from pmgraph.store import load_graph

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
#: The team's shared folder beside the checkout (source documents, third-party data).
SHARED = TESTS.parents[1] / "shared"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    """One cache folder for the whole session: snapshots are keyed by their content, so every
    test can share them; the bundled ontology's is built here, before any test runs a command."""
    import os

    folder = tmp_path_factory.mktemp("pmgraph-cache")
    previous = os.environ.get("PMGRAPH_CACHE")
    os.environ["PMGRAPH_CACHE"] = str(folder)
    from pmgraph import kb

    kb.open()
    yield folder
    if previous is None:
        os.environ.pop("PMGRAPH_CACHE", None)
    else:
        os.environ["PMGRAPH_CACHE"] = previous


@pytest.fixture(autouse=True)
def empty_pmgraph_home(tmp_path_factory, monkeypatch, shared_cache):
    """Every test starts with ``PMGRAPH_HOME`` at an empty folder of its own.

    A developer's own imported datasets (``pmgraph import`` into the real data directory)
    must never leak into tests of the bundled graph. ``monkeypatch`` sets it in
    ``os.environ``, so ``pmgraph`` subprocesses that tests start inherit it; tests over the
    imported data set it again, to ``full_home``, with ``monkeypatch.setenv``.
    """
    home = tmp_path_factory.mktemp("pmgraph-home-empty")
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    monkeypatch.setenv("PMGRAPH_CACHE", str(shared_cache))
    return home


@pytest.fixture(scope="session")
def home(tmp_path_factory):
    """The data directory holding the full ESCO, O*NET and crosswalk imports (made once per session)."""
    from importdata import full_home

    return full_home(tmp_path_factory)


@pytest.fixture
def full(home, monkeypatch):
    """Commands in this test see the full imported data (through its snapshot)."""
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def graph():
    return load_graph()


@pytest.fixture(scope="session")
def catalog(graph):
    return Catalog(graph)


@pytest.fixture(scope="session")
def resolver(graph, catalog):
    return Resolver(graph, catalog)


@pytest.fixture
def run():
    """Run ``pmgraph ARGS...`` in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke
