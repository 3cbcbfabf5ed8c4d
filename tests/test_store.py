"""Loading RDF: the bundled graph, a user's files, and one clear line for every broken input."""

from __future__ import annotations

import json

import pytest
from rdflib.namespace import RDF

from pmgraph.errors import BadInput
from pmgraph.namespaces import PM, PMO
from pmgraph.kb.files import bundled_files, load_graph, load_into, ontology_dir, parse_rdf, read_rdf

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
         "bad.ttl:2:11: turtle syntax error: Unexpected end of file"),
        ("prefix.ttl", "@prefix ex: <http://ex/> .\n\nex:a foo:b ex:c .\n",
         "prefix.ttl:3:6: turtle syntax error: undeclared prefix 'foo:' (add an @prefix line)"),
        ("empty.ttl", "  \n\n", "empty.ttl: file is empty"),
        ("comments.ttl", "# nothing but a comment\n@prefix ex: <http://ex/> .\n", "comments.ttl: holds no triples"),
        ("latin1.ttl", b'<http://ex/a> <http://ex/b> "caf\xe9" .\n',
         "latin1.ttl:1:33: not UTF-8 (byte 0xe9); save the file as UTF-8"),
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b>\n",
         "bad.nt:3:1: nt syntax error: line jumps are not allowed in the middle of triples"),
        ("notes.txt", "hello", "notes.txt: unknown RDF format '.txt'; use one of .json, .jsonld, .n3, .nq, .nt, "
                                ".owl, .rdf, .trig, .ttl, .turtle, .xml"),
        ("remote.jsonld", json.dumps({"@context": "https://schema.org/", "@id": "http://ex/a", "name": "x"}),
         "remote.jsonld: JSON-LD names a remote @context 'https://schema.org/'; pmgraph does not fetch from "
         "the network or read other files, inline the context"),
        ("broken.jsonld", '{"@id": "http://ex/a",\n  "http://ex/p": }', "broken.jsonld:2:18: JSON-LD syntax error: Unexpected closing curly bracket, no array to close"),
        ("broken.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<oops>\n</rdf:RDF>\n',
         "broken.rdf:4:3: RDF/XML syntax error: XML namespaces are required in RDF/XML"),
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_command_finds_the_bundled_ontology_from_any_folder(tmp_path):
    """`pip install .` ships ontology/ inside the package; the command must not depend on the cwd."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pmgraph", "show", "CTO", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["iri"] == "https://w3id.org/pmgraph/id/CTO"
    assert (ontology_dir() / "shapes.ttl").is_file()


# -- regressions of issue 14: what rdflib's parsers let through or choked on -----------------------


def test_an_iri_with_a_space_is_refused(tmp_path):
    assert _error(tmp_path, "space.ttl", "<http://ex/a b> <http://ex/p> <http://ex/c> .\n") == \
        "space.ttl:1:1: turtle syntax error: Invalid IRI code point ' '"


def test_an_ill_typed_literal_loads_without_a_traceback(run, tmp_path):
    data = tmp_path / "ill.ttl"
    data.write_text('<http://ex/a> <http://ex/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    result = run("--data", str(data), "sparql", "SELECT ?o WHERE { <http://ex/a> ?p ?o }", "--format", "tsv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == '?o\n"abc"^^<http://www.w3.org/2001/XMLSchema#integer>\n'


def _billion_laughs(levels: int = 9) -> str:
    entities = "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                       for i in range(1, levels + 1))
    return ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' + entities + "]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">\n'
            f'<rdf:Description rdf:about="http://ex/a"><ex:p>&lol{levels};</ex:p></rdf:Description>\n</rdf:RDF>\n')


def test_a_billion_laughs_rdf_xml_is_refused_before_it_is_parsed(tmp_path):
    document = _billion_laughs()
    assert len(document) < 1100  # about a kilobyte that would expand to 3 GB
    assert _error(tmp_path, "lol.rdf", document) == (
        "lol.rdf: RDF/XML syntax error: its entity declarations expand to more than 16 MiB of text "
        "(a 'billion laughs' document?); refused")


def test_a_few_harmless_entities_still_load(tmp_path):
    path = tmp_path / "entities.rdf"
    path.write_text(_billion_laughs(levels=2), encoding="utf-8")
    (triple,) = load_graph([path], bundled=False)
    assert str(triple[2]) == "lol" * 100


def test_an_n_triples_line_with_a_4_mb_literal_parses(tmp_path):
    path = tmp_path / "long.nt"
    path.write_bytes(b'<http://ex/a> <http://ex/p> "' + b"x" * 4_000_000 + b'" .\n')
    (quad,) = parse_rdf(read_rdf(path))
    assert len(quad.object.value) == 4_000_000


@pytest.mark.parametrize("context", [
    {"@import": "http://127.0.0.1:9/context.jsonld"},
    {"@import": "file:///etc/hostname"},
    "file:///etc/hostname",
])
def test_json_ld_never_fetches_or_reads_another_context(tmp_path, monkeypatch, context):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("pmgraph tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    named = context if isinstance(context, str) else context["@import"]
    document = json.dumps({"@context": context, "@id": "http://ex/a", "http://ex/p": "x"})
    assert _error(tmp_path, "imports.jsonld", document) == (
        f"imports.jsonld: JSON-LD names a remote @context {named!r}; pmgraph does not fetch from the network "
        "or read other files, inline the context")


def test_the_digest_is_of_the_bytes_that_are_parsed(tmp_path):
    import hashlib

    path = tmp_path / "a.ttl"
    path.write_bytes(b"<http://ex/a> <http://ex/p> 1 .\n")
    file = read_rdf(path)
    path.write_bytes(b"<http://ex/a> <http://ex/p> 2 .\n")  # changed after reading: what was read is parsed
    assert file.digest == hashlib.sha256(b"<http://ex/a> <http://ex/p> 1 .\n").hexdigest()
    (quad,) = parse_rdf(file)
    assert quad.object.value == "1"


def test_a_fifo_without_a_writer_reads_as_empty_instead_of_hanging(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match=r"pipe\.ttl: file is empty$"):
        read_rdf(fifo)


def test_load_into_merges_named_graphs_into_the_graph_asked_for(tmp_path):
    import pyoxigraph

    path = tmp_path / "two.trig"
    path.write_text("<http://ex/g> { <http://ex/a> <http://ex/p> 1 } <http://ex/b> <http://ex/p> 2 .\n", encoding="utf-8")
    store = pyoxigraph.Store()
    assert load_into(store, read_rdf(path), pyoxigraph.NamedNode("http://ex/mine")) == 2
    assert {quad.graph_name.value for quad in store} == {"http://ex/mine"}
