"""A dataset's N-Triples file, loaded into an Oxigraph store while the importer writes it
(:mod:`pmgraph.kb.datafile`), and the import handing that store to the index it builds."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from pmgraph.kb import datafile
from pmgraph.kb.datafile import DataFile

LINE = '<https://example.org/s{n}> <https://example.org/p> "value {n} \\u00e9"@en .\n'


def _write(text, count: int) -> None:
    for n in range(count):
        text.write(LINE.format(n=n))


def test_the_file_and_the_store_get_every_triple_and_the_digest_is_the_files(tmp_path):
    store = ox.Store()
    path = tmp_path / "data.nt"
    with DataFile(path, store) as data:
        _write(data.text, 50_000)  # several times what the pipe holds
    assert len(store) == 50_000
    assert data.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert path.read_bytes().count(b"\n") == 50_000
    assert ox.Literal("value 7 é", language="en") in {quad.object for quad in store}


def test_without_dev_fd_the_store_is_loaded_from_the_written_file(tmp_path, monkeypatch):
    monkeypatch.setattr(datafile.os.path, "exists", lambda path: False)
    store = ox.Store()
    with DataFile(tmp_path / "data.nt", store) as data:
        _write(data.text, 1000)
    assert len(store) == 1000
    assert data.digest == hashlib.sha256((tmp_path / "data.nt").read_bytes()).hexdigest()


def test_an_error_of_the_importer_is_raised_and_nothing_waits_for_the_loader(tmp_path):
    store = ox.Store()
    with pytest.raises(KeyError, match="broken row"):
        with DataFile(tmp_path / "data.nt", store) as data:
            _write(data.text, 20_000)
            data.text.write("<https://example.org/half")  # the loader sees a cut line
            raise KeyError("broken row")
    assert data.digest == ""


def test_an_error_of_the_loader_is_raised_even_when_the_importer_writes_on(tmp_path):
    with pytest.raises(SyntaxError):
        with DataFile(tmp_path / "data.nt", ox.Store()) as data:
            data.text.write("not n-triples\n")
            _write(data.text, 100_000)  # far more than the pipe holds: no reader left, no hang


def test_an_import_indexes_the_store_it_loaded_while_writing(run, tmp_path, monkeypatch):
    from importdata import SAMPLE_ESCO

    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path / "home"))
    loads = []
    real = datafile.load_dataset
    monkeypatch.setattr(datafile, "load_dataset", lambda store, path, on_disk=False: (
        loads.append((str(path).startswith("/dev/fd/"), on_disk)), real(store, path, on_disk=on_disk))[1])
    result = run("import", "esco", str(SAMPLE_ESCO), "--quiet")
    assert result.exit_code == 0, result.stderr
    # one load in memory, from the pipe while converting; one on disk; none of the file again in memory
    assert sorted(loads) == [(False, True), (True, False)]


def test_install_hands_check_a_store_of_the_new_triples(tmp_path, monkeypatch):
    from pmgraph.importers import ImportSummary
    from pmgraph.kb.datasets import install

    monkeypatch.setenv("PMGRAPH_HOME", str(tmp_path / "home"))

    def build(out):
        for n in range(3):
            out.add(f"<https://example.org/s{n}>", "<http://www.w3.org/2000/01/rdf-schema#label>", f'"s{n}"')
        return ImportSummary("demo", "Demo", "1.0", "Example", "https://example.org/licence", "Demo",
                             "https://example.org/")

    loaded: dict = {}
    seen = []
    info = install("demo", build, check=lambda: seen.append(len(loaded["demo"])), loaded=loaded)
    assert seen == [3] and info.triples == 3
