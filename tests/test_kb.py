"""The knowledge base as a library: one interface, one local engine, a stored snapshot that is
rebuilt when damaged, a store in memory where nothing can be written, reports as values."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest

from pmgraph import kb
from pmgraph.careers import compare, connect, gap, next_moves, path
from pmgraph.cli import main

from conftest import DATA


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache of this test's own (nothing opened before is reused)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PMGRAPH_CACHE", str(folder))
    monkeypatch.setattr(kb, "_OPENED", {})
    return folder


def _snapshot_folder(cache):
    folders = [path for path in cache.iterdir() if not path.name.startswith(".")]
    assert len(folders) == 1
    return folders[0]


def test_open_builds_the_bundled_store_once_and_says_so(fresh_cache):
    said: list[str] = []
    base = kb.open(notice=said.append)
    assert len(said) == 1 and said[0].startswith("building the store and indexes of the bundled ontology "
                                                 "(first use of this pmgraph version) in ")
    folder = _snapshot_folder(fresh_cache)
    assert sorted(p.name for p in folder.iterdir()) == ["index.sqlite", "knowledge.sqlite", "manifest.json",
                                                        "projections.sqlite", "store"]
    assert base.store_path == folder / "store"
    kb._OPENED.clear()
    again: list[str] = []
    kb.open(notice=again.append)
    assert again == []  # opened, not built


def test_a_snapshot_holds_no_pickles(fresh_cache):
    kb.open()
    folder = _snapshot_folder(fresh_cache)
    for name in ("index.sqlite", "projections.sqlite", "knowledge.sqlite"):
        connection = sqlite3.connect(folder / name)
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert tables
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}" LIMIT 50'):
                for value in row:
                    assert not (isinstance(value, bytes) and value[:1] == b"\x80"), (name, table)  # pickle protocol 2+
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 6 and manifest["holds"] == "the bundled ontology" and manifest["lower"] is None
    assert manifest["files"]["index.sqlite"][0] == (folder / "index.sqlite").stat().st_size


@pytest.mark.parametrize("damage", ["truncate-index", "garbage-projections", "delete-manifest", "remove-store"])
@pytest.mark.slow
def test_a_damaged_snapshot_is_reported_in_one_line_and_rebuilt(fresh_cache, damage, run):
    kb.open()
    folder = _snapshot_folder(fresh_cache)
    if damage == "truncate-index":
        with open(folder / "index.sqlite", "r+b") as handle:
            handle.truncate(1000)
    elif damage == "garbage-projections":
        size = (folder / "projections.sqlite").stat().st_size
        (folder / "projections.sqlite").write_bytes(b"\x00garbage" * (size // 8) + b"\x00" * (size % 8))
    elif damage == "delete-manifest":
        (folder / "manifest.json").unlink()
    else:
        import shutil

        shutil.rmtree(folder / "store")
    kb._OPENED.clear()
    result = run("show", "CTO")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("CTO  (role, pm:CTO)\n")
    notices = [line for line in result.stderr.splitlines() if line.startswith("pmgraph: ")]
    assert len(notices) == 1
    if damage in ("truncate-index", "remove-store"):
        assert "is damaged" in notices[0] and "building it again" in notices[0]
    elif damage == "garbage-projections":
        assert "is damaged" in notices[0]
    kb._OPENED.clear()
    assert run("show", "CTO").stderr == ""  # sound again


def test_nothing_writable_means_a_store_in_memory_with_one_line(tmp_path, monkeypatch, run):
    if os.geteuid() == 0:
        pytest.skip("root can write to a read-only folder; the in-memory path is tested by pointing the cache at a file")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("PMGRAPH_CACHE", str(locked / "cache"))
    monkeypatch.setattr(kb, "_OPENED", {})
    result = run("show", "CTO")
    assert result.exit_code == 0 and result.stdout.startswith("CTO  (role, pm:CTO)")
    assert "working from a store in memory" in result.stderr


def test_a_cache_that_cannot_be_a_folder_means_a_store_in_memory(tmp_path, monkeypatch, run):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("PMGRAPH_CACHE", str(blocker / "cache"))
    monkeypatch.setattr(kb, "_OPENED", {})
    result = run("path", "senior engineer", "CTO", "-k", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paths"][0]["hops"] == 4
    lines = result.stderr.splitlines()
    assert lines == [f"pmgraph: cannot write the cache folder {blocker / 'cache'}; working from a store in memory "
                     "(set PMGRAPH_CACHE to a folder you can write to keep it)"]
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_quiet_says_nothing_about_building(fresh_cache, run):
    result = run("--quiet", "show", "CTO")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(("command", "report"), [
    (["path", "senior engineer", "CTO"], lambda base: path(base, "senior engineer", "CTO")),
    (["gap", "senior engineer", "Tech PM"], lambda base: gap(base, "senior engineer", "Tech PM")),
    (["next", "Tech PM"], lambda base: next_moves(base, "Tech PM")),
    (["next", "CTO", "--previous", "--lang", "ja"], lambda base: next_moves(base, "CTO", previous=True, lang="ja")),
    (["compare", "Tech PM", "TPM", "technical project manager"],
     lambda base: compare(base, ["Tech PM", "TPM", "technical project manager"])),
    (["connect", "Terraform", "TPM"], lambda base: connect(base, "Terraform", "TPM")),
])
def test_library_reports_are_what_the_json_prints(run, command, report):
    printed = json.loads(run(*command, "--format", "json").stdout)
    assert report(kb.open()).as_json() == printed


def test_library_gap_from_python():
    plan = gap(kb.open(), "senior engineer", "Tech PM")
    assert plan.source["label"] == "senior developer" and plan.target["iri"] == "https://w3id.org/pmgraph/id/TechPM"
    assert [node["label"] for node in plan.missing["tool"]][:3] == ["Ansible", "Asana", "CloudFormation"]
    assert plan.skill_levels == {"essential": 0, "optional": 0, "unspecified": 12}  # no source states a level


def test_sparql_is_answered_by_oxigraph_in_every_mode(run):
    # rdflib's engine answered true; Oxigraph answers false (and so exits 1)
    result = run("sparql", "ASK { FILTER(false) }")
    assert (result.exit_code, result.stdout) == (1, "false\n")
    with_data = run("--data", str(DATA / "ladder.ttl"), "sparql", "ASK { FILTER(false) }")
    assert (with_data.exit_code, with_data.stdout) == (1, "false\n")


def test_data_files_are_read_into_a_store_in_memory(fresh_cache, run):
    result = run("--data", str(DATA / "ladder.ttl"), "show", "Staff Engineer")
    assert result.exit_code == 0, result.output
    assert not fresh_cache.exists() or not any(fresh_cache.iterdir())  # nothing built for a --data file


def test_the_cli_reads_no_private_state():
    """The CLI opens knowledge bases through State.open only: no `_cache`, `_snapshot` or click context."""
    from pathlib import Path

    import pmgraph.cli

    sources = sorted(Path(pmgraph.cli.__file__).parent.glob("*.py"))
    assert len(sources) >= 7
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for private in ("state._cache", "_snapshot", "get_current_context().params", "context.command.name"):
            assert private not in text, (source.name, private)
