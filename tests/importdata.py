"""The third-party data imported once per test session, and helpers to look at it.

Two copies of ESCO, O*NET and the Nesta crosswalk are imported:

* the **samples** in ``tests/data/samples/`` (cut by ``tests/cut_samples.py``), which ship with
  the repository: :func:`sample_home` imports them in a few seconds, everywhere;
* the **full data** in the team's ``../shared/data/external/``, beside the checkout: importing
  and indexing them takes about a minute, so the test modules that need them share one
  import, :func:`full_home`, which skips the test (one reason, :data:`NO_FULL_DATA`) where
  the folder is absent.

Each returns the same data directory every time it is called in a session. Tests point
``PMGRAPH_HOME`` at it with ``monkeypatch``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from conftest import DATA, SHARED

EXTERNAL = SHARED / "data" / "external"
ESCO_DIR = EXTERNAL / "esco-1.1.1"
ONET_DIR = EXTERNAL / "onet-29.3"
CROSSWALK = EXTERNAL / "nesta-mcc-esco-onet-crosswalk" / "esco_onet_crosswalk_Nov2020.csv"
#: Why the tests over the full data skip: the one reason they all give.
NO_FULL_DATA = (f"the full ESCO / O*NET data are not at {EXTERNAL} (the team's shared folder beside the "
                "checkout); the tests over tests/data/samples/ cover the same commands")

SAMPLES = DATA / "samples"
SAMPLE_ESCO = SAMPLES / "esco-1.1.1"
SAMPLE_ONET = SAMPLES / "onet-29.3"
SAMPLE_CROSSWALK = SAMPLES / "nesta-mcc-esco-onet-crosswalk" / "esco_onet_crosswalk_Nov2020.csv"

#: Columns the Excel files add to the official text layout (Occupation Data keeps its Title).
EXCEL_ONLY = {"Title", "Scale Name", "Related Title"}

_HOME: dict[str, Path] = {}
_STORES: dict[Path, pyoxigraph.Store] = {}


@dataclass(frozen=True)
class Imported:
    """One imported copy of the three datasets: its data directory and the folders it came from."""

    name: str  #: "sample" or "full"
    home: Path
    esco: Path
    onet: Path
    crosswalk: Path


def imported(name: str, tmp_path_factory) -> Imported:
    """The samples (``"sample"``) or the full data (``"full"``; skips without them), imported."""
    if name == "sample":
        return Imported(name, sample_home(tmp_path_factory), SAMPLE_ESCO, SAMPLE_ONET, SAMPLE_CROSSWALK)
    return Imported(name, full_home(tmp_path_factory), ESCO_DIR, ONET_DIR, CROSSWALK)


def has_full_data() -> bool:
    """Whether the full ESCO, O*NET and crosswalk data are beside the checkout."""
    return ESCO_DIR.is_dir() and ONET_DIR.is_dir() and CROSSWALK.is_file()


def full_home(tmp_path_factory) -> Path:
    """A data directory holding the full ESCO, O*NET and crosswalk datasets, indexed (made once).

    Skips the calling test when the full data are not beside the checkout.
    """
    if not has_full_data():
        pytest.skip(NO_FULL_DATA)
    return _imported("full", tmp_path_factory, ESCO_DIR, ONET_DIR, CROSSWALK)


def sample_home(tmp_path_factory) -> Path:
    """A data directory holding the samples of ESCO, O*NET and the crosswalk, indexed (made once)."""
    return _imported("sample", tmp_path_factory, SAMPLE_ESCO, SAMPLE_ONET, SAMPLE_CROSSWALK)


def _imported(key: str, tmp_path_factory, esco: Path, onet: Path, crosswalk: Path) -> Path:
    if key not in _HOME:
        from pmgraph.kb.datasets import install, installed
        from pmgraph.importers.crosswalk import import_crosswalk
        from pmgraph.importers.esco import import_esco
        from pmgraph.importers.onet import import_onet
        from pmgraph.kb.snapshot import Snapshot

        home = tmp_path_factory.mktemp(f"pmgraph-home-{key}")
        previous = os.environ.get("PMGRAPH_HOME")
        os.environ["PMGRAPH_HOME"] = str(home)
        try:
            install("esco", lambda out: import_esco(esco, out), source=str(esco))
            install("onet", lambda out: import_onet(onet, out), source=str(onet))
            install("crosswalk", lambda out: import_crosswalk(crosswalk, out, esco=esco, onet=onet),
                    source=str(crosswalk))
            Snapshot(installed()).ensure()
        finally:
            if previous is None:
                del os.environ["PMGRAPH_HOME"]
            else:
                os.environ["PMGRAPH_HOME"] = previous
        _HOME[key] = home
    return _HOME[key]


def dataset_store(home: Path, name: str) -> pyoxigraph.Store:
    """One dataset's triples in an in-memory Oxigraph store (loaded once), for SPARQL checks."""
    [data] = (home / "datasets").glob(f"{name}-*/data.nt")
    if data not in _STORES:
        store = pyoxigraph.Store()
        store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        _STORES[data] = store
    return _STORES[data]


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
    """The O*NET files for a few occupations of the sample: ``.tsv`` in the Excel layout, or
    (``official``) in the text layout, without the Excel-only columns and with the columns reversed."""
    sampled = {row["O*NET-SOC Code"] for row in _tsv_rows(SAMPLE_ONET / "Occupation Data.tsv")}
    assert codes <= sampled, f"not in the O*NET sample: {sorted(codes - sampled)}"
    folder.mkdir()
    sources = sorted(SAMPLE_ONET.glob("*.tsv"))
    assert len(sources) == 9, sources
    for source in sources:
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
    shutil.copy(SAMPLE_ONET / "Read Me.txt", folder / "Read Me.txt")
    return folder


def _tsv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))
