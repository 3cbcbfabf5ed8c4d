"""Loading RDF: the bundled graph, a user's files, and one clear line for every broken input."""

from __future__ import annotations

import json

import pytest
from rdflib.namespace import RDF

from pmgraph.errors import BadInput
from pmgraph.namespaces import PM, PMO
from pmgraph.store import bundled_files, load_graph, ontology_dir

from conftest import DATA


def test_bundled_files_are_the_vocabulary_then_every_fact_file():
    files = bundled_files()
    assert files[0] == ontology_dir() / "vocabulary.ttl"
    facts = [f.name for f in files[1:]]
    assert facts == sorted(facts)
    assert {"sources.ttl", "schemes.ttl", "roles.ttl", "careers.ttl", "skills.ttl"} <= set(facts)
    assert "shapes.ttl" not in facts


@pytest.mark.slow
def test_user_data_is_merged_into_the_bundled_graph(graph):
    merged = load_graph([DATA / "ladder.ttl"])
    assert len(merged) > len(graph)
    staff = "https://example.com/ladder/StaffEngineer"
    assert (merged.value(predicate=RDF.type, object=PMO.CareerTrack)) is not None
    assert any(str(s) == staff for s in merged.subjects(RDF.type, PMO.CareerStage))
    assert (PM.TechPM, RDF.type, PMO.CareerStage) in merged


def test_a_folder_stands_for_the_rdf_files_in_it(tmp_path):
    (tmp_path / "a.ttl").write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    (tmp_path / "b.nt").write_text("<http://ex/b> <http://ex/p> <http://ex/c> .\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not rdf", encoding="utf-8")
    assert len(load_graph([tmp_path], bundled=False)) == 2


def _error(tmp_path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(BadInput) as caught:
        load_graph([path], bundled=False)
    message = str(caught.value)
    assert "\n" not in message
    return message.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.ttl", '@prefix ex: <http://ex/> .\nex:a ex:b "open .\n',
         "bad.ttl:2:18: turtle syntax error: newline found in string literal"),
        ("prefix.ttl", "@prefix ex: <http://ex/> .\n\nex:a foo:b ex:c .\n",
         "prefix.ttl:3:6: turtle syntax error: undeclared prefix 'foo:' (add an @prefix line)"),
        ("empty.ttl", "  \n\n", "empty.ttl: file is empty"),
        ("comments.ttl", "# nothing but a comment\n@prefix ex: <http://ex/> .\n", "comments.ttl: holds no triples"),
        ("latin1.ttl", b'<http://ex/a> <http://ex/b> "caf\xe9" .\n',
         "latin1.ttl:1:33: not UTF-8 (byte 0xe9); save the file as UTF-8"),
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b>\n",
         "bad.nt:2:1: nt syntax error: invalid line '<http://a> <http://b>'"),
        ("notes.txt", "hello", "notes.txt: unknown RDF format '.txt'; use one of .json, .jsonld, .n3, .nq, .nt, "
                                ".owl, .rdf, .trig, .ttl, .turtle, .xml"),
        ("remote.jsonld", json.dumps({"@context": "https://schema.org/", "@id": "http://ex/a", "name": "x"}),
         "remote.jsonld: JSON-LD names a remote @context 'https://schema.org/'; pmgraph does not fetch from "
         "the network, inline the context"),
        ("broken.jsonld", '{"@id": "http://ex/a",\n  "http://ex/p": }', "broken.jsonld:2:18: JSON syntax error: Expecting value"),
        ("broken.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<oops>\n</rdf:RDF>\n',
         "broken.rdf:4:3: RDF/XML syntax error: mismatched tag"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value and "\n" not in value and ":" not in value else "",
)
def test_broken_input_gives_one_line_with_file_line_and_column(tmp_path, name, content, expected):
    assert _error(tmp_path, name, content) == expected


def test_missing_file(tmp_path):
    with pytest.raises(BadInput, match=r"^.*nope\.ttl: no such file$"):
        load_graph([tmp_path / "nope.ttl"], bundled=False)


def test_folder_without_rdf_files(tmp_path):
    with pytest.raises(BadInput, match="folder holds no RDF files"):
        load_graph([tmp_path], bundled=False)


def test_cli_reports_broken_data_on_one_line_with_exit_3(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    result = run("--data", str(bad), "show", "tech pm")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"pmgraph: error: {bad}:2:")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_parsing_never_fetches_from_the_network(tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("pmgraph tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    page = tmp_path / "imports.ttl"
    page.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "<http://ex/o> owl:imports <http://example.org/other.ttl> .\n", encoding="utf-8")
    assert len(load_graph([page])) > 1000


def test_the_command_finds_the_bundled_ontology_from_any_folder(tmp_path):
    """`pip install .` ships ontology/ inside the package; the command must not depend on the cwd."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pmgraph", "show", "CTO", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["iri"] == "https://w3id.org/pmgraph/id/CTO"
    assert (ontology_dir() / "shapes.ttl").is_file()
