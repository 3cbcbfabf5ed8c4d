"""The shared third-party data imported once per test session, and helpers to look at it.

Importing the full ESCO and O*NET data and indexing them takes about a minute, so the
three test modules that need them (test_import_esco, test_import_onet, test_datasets) share
one import: :func:`full_home` runs it the first time it is called and returns the same
data directory afterwards. Tests point ``PMGRAPH_HOME`` at it with ``monkeypatch``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from conftest import SHARED

EXTERNAL = SHARED / "data" / "external"
ESCO_DIR = EXTERNAL / "esco-1.1.1"
ONET_DIR = EXTERNAL / "onet-29.3"
CROSSWALK = EXTERNAL / "nesta-mcc-esco-onet-crosswalk" / "esco_onet_crosswalk_Nov2020.csv"

#: Columns the Excel files add to the official text layout (Occupation Data keeps its Title).
EXCEL_ONLY = {"Title", "Scale Name", "Related Title"}

_HOME: dict[str, Path] = {}
_STORES: dict[str, pyoxigraph.Store] = {}


def full_home(tmp_path_factory) -> Path:
    """A data directory holding the full ESCO, O*NET and crosswalk datasets, indexed (made once)."""
    if "home" not in _HOME:
        from pmgraph.kb.datasets import install, installed
        from pmgraph.importers.crosswalk import import_crosswalk
        from pmgraph.importers.esco import import_esco
        from pmgraph.importers.onet import import_onet
        from pmgraph.kb.snapshot import Snapshot

        home = tmp_path_factory.mktemp("pmgraph-home")
        previous = os.environ.get("PMGRAPH_HOME")
        os.environ["PMGRAPH_HOME"] = str(home)
        try:
            install("esco", lambda out: import_esco(ESCO_DIR, out), source=str(ESCO_DIR))
            install("onet", lambda out: import_onet(ONET_DIR, out), source=str(ONET_DIR))
            install("crosswalk", lambda out: import_crosswalk(CROSSWALK, out, esco=ESCO_DIR, onet=ONET_DIR),
                    source=str(CROSSWALK))
            Snapshot(installed()).ensure()
        finally:
            if previous is None:
                del os.environ["PMGRAPH_HOME"]
            else:
                os.environ["PMGRAPH_HOME"] = previous
        _HOME["home"] = home
    return _HOME["home"]


def dataset_store(home: Path, name: str) -> pyoxigraph.Store:
    """One dataset's triples in an in-memory Oxigraph store (loaded once), for SPARQL checks."""
    if name not in _STORES:
        store = pyoxigraph.Store()
        [data] = (home / "datasets").glob(f"{name}-*/data.nt")
        store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        _STORES[name] = store
    return _STORES[name]


PREFIXES = {
    "pmo": "https://w3id.org/pmgraph/ontology#",
    "pm": "https://w3id.org/pmgraph/id/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "esco": "http://data.europa.eu/esco/model#",
    "onet": "https://www.onetonline.org/link/summary/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def select(store: pyoxigraph.Store, query: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT query, each value as its text (IRI or literal value)."""
    return [tuple(None if value is None else value.value for value in row)
            for row in store.query(query, prefixes=PREFIXES)]


def ask(store: pyoxigraph.Store, query: str) -> bool:
    """The answer of an ASK query."""
    return bool(store.query(query, prefixes=PREFIXES))


def sample_graph(store: pyoxigraph.Store, occupations: list[str]) -> Graph:
    """The vocabulary, the controlled values and a closed sample of one dataset, as an rdflib graph.

    The sample (:func:`pmgraph.validate.dataset_sample`, what ``pmgraph validate --datasets``
    checks) holds the ``occupations``, every fact about them (requirements, tool uses, moves
    from them) and everything those point to (skills, tools, categories, job zones, the
    roles moves lead to, broader concepts), with all their triples.
    """
    from pmgraph.validate import dataset_sample

    graph, _seeds, _roles = dataset_sample(store, seeds=occupations)
    return graph


def onet_subset(folder: Path, codes: set[str], suffix: str = ".tsv", official: bool = False) -> Path:
    """The O*NET files for a few occupations: ``.tsv`` in the Excel layout, or (``official``)
    in the text layout, without the Excel-only columns and with the columns reversed."""
    folder.mkdir()
    for source in ONET_DIR.glob("*.tsv"):
        with open(source, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            columns = list(reader.fieldnames)
            rows = [row for row in reader
                    if row.get("O*NET-SOC Code", next(iter(codes))) in codes
                    and row.get("Related O*NET-SOC Code", next(iter(codes))) in codes]
        if official:
            columns = [c for c in columns if c not in EXCEL_ONLY or source.stem == "Occupation Data"][::-1]
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, delimiter="\t", extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        (folder / (source.stem + suffix)).write_text(out.getvalue(), encoding="utf-8")
    shutil.copy(ONET_DIR / "Read Me.txt", folder / "Read Me.txt")
    return folder
