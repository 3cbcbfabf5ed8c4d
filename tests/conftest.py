"""Shared fixtures: an empty data directory for every test, the bundled graph (parsed once per session)
and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmgraph.model.catalog import Catalog
from pmgraph.cli import main
from pmgraph.model.resolve import Resolver
from pmgraph.kb.files import load_graph

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
    # Output as documented: not fitted to a width (COLUMNS), in English whatever the developer's locale.
    monkeypatch.delenv("COLUMNS", raising=False)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable, "")[:2] in ("ja", "ko"):
            monkeypatch.setenv(variable, "C.UTF-8")
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    monkeypatch.setenv("PMGRAPH_CACHE", str(shared_cache))
    return home


@pytest.fixture(scope="session")
def home(tmp_path_factory):
    """The data directory holding the full ESCO, O*NET and crosswalk imports (made once per session).

    The full data are in ``../shared`` beside the checkout; without them the test skips. The
    first test using it imports 1.7 million triples, so every test using it (or ``full``) is
    marked slow (:func:`pytest_collection_modifyitems`).
    """
    from importdata import full_home

    return full_home(tmp_path_factory)


@pytest.fixture
def full(home, monkeypatch):
    """Commands in this test see the full imported data (through its snapshot)."""
    monkeypatch.setenv("PMGRAPH_HOME", str(home))
    return home


@pytest.fixture(scope="session", params=["sample", pytest.param("full", marks=pytest.mark.slow)])
def imported(request, tmp_path_factory):
    """The imported samples, and then (a second run of the test, slow, skipped without ../shared)
    the full data: an ``importdata.Imported`` with the data directory and the source folders.

    For checks that hold on both, with expected values read from the source files.
    """
    from importdata import imported

    return imported(request.param, tmp_path_factory)


@pytest.fixture
def on_imported(imported, monkeypatch):
    """Commands in this test see ``imported`` (the samples, then the full data)."""
    monkeypatch.setenv("PMGRAPH_HOME", str(imported.home))
    return imported


def pytest_collection_modifyitems(items):
    """Every test over the full data (the ``home`` fixture, directly or through another) is slow."""
    for item in items:
        if "home" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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
