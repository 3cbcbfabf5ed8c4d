"""Conformance of pmgraph's RDF loader with the W3C RDF 1.1 test suites (Turtle, N-Triples,
RDF/XML, TriG), in ``../shared/data/external/w3c-rdf-tests/`` (its README says what is where).

Every negative syntax (and negative evaluation) test is refused with one line naming the
file, line and column; every positive syntax test is accepted; every evaluation test gives
the expected triples, compared after RDF canonicalisation (blank nodes renamed, literals
compared by term). The files go through pmgraph's loader (:func:`pmgraph.kb.files.read_rdf`,
:func:`pmgraph.kb.files.parse_rdf`) directly, with the base IRI the suite assumes; a sample
also goes through the command line (``pmgraph --data FILE list track``).

Oxigraph's RDF/XML parser gives no position for its errors (no line, no column): pmgraph asks
expat for an XML well-formedness error, else feeds the file to Oxigraph again one line at a
time to learn the line, and takes the column of the culprit the message names on that line
(else of the line's first element). All 40 RDF/XML negative tests get a line and column.

Run: ``python -m pytest tests/test_w3c_rdf.py -q -p no:cacheprovider``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from pmgraph.errors import BadInput
from pmgraph.kb.files import parse_rdf, read_rdf

from conftest import SHARED

W3C = SHARED / "data" / "external" / "w3c-rdf-tests"
if not (W3C / "README.md").is_file():
    pytest.skip(f"the W3C test suites are not in {W3C}", allow_module_level=True)

BASE = "https://w3c.github.io/rdf-tests/"
#: Folder here -> where the suite lives in w3c/rdf-tests (the base its manifest assumes).
SUITES = {
    "rdf11-turtle": "rdf/rdf11/rdf-turtle/",
    "rdf11-n-triples": "rdf/rdf11/rdf-n-triples/",
    "rdf11-xml": "rdf/rdf11/rdf-xml/",
    "rdf11-trig": "rdf/rdf11/rdf-trig/",
}
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: How pmgraph's messages name each suite's format.
FORMAT_NAMES = {"rdf11-turtle": "turtle", "rdf11-n-triples": "nt", "rdf11-xml": "RDF/XML", "rdf11-trig": "trig"}


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    kind: str  # the rdft: class without its namespace, e.g. TestTurtleNegativeSyntax
    action: Path
    result: Path | None

    @property
    def base_iri(self) -> str:
        return BASE + SUITES[self.suite] + self.action.relative_to(W3C / self.suite).as_posix()

    def __str__(self) -> str:
        return f"{self.suite}/{self.name}"


def _manifest(suite: str) -> list[Case]:
    """The tests of one suite's manifest.ttl, in its order."""
    folder = W3C / suite
    base = BASE + SUITES[suite]
    quads = ox.parse(path=str(folder / "manifest.ttl"), format=ox.RdfFormat.TURTLE, base_iri=base + "manifest.ttl")
    facts: dict = {}
    for quad in quads:
        facts.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(quad.object)
    manifest = ox.NamedNode(base + "manifest.ttl")
    node, entries = facts[manifest][MF + "entries"][0], []
    while node != ox.NamedNode(RDF + "nil"):
        entries.append(facts[node][RDF + "first"][0])
        node = facts[node][RDF + "rest"][0]

    def local(iri: ox.NamedNode) -> Path:
        assert iri.value.startswith(base), iri
        return folder / iri.value[len(base):]

    cases = []
    for entry in entries:
        about = facts[entry]
        kind = about[RDF + "type"][0].value.removeprefix(RDFT)
        result = about.get(MF + "result")
        cases.append(Case(suite, entry.value.rsplit("#", 1)[-1], kind, local(about[MF + "action"][0]),
                          local(result[0]) if result else None))
    return cases


ALL = [case for suite in SUITES for case in _manifest(suite)]
POSITIVE = [case for case in ALL if case.kind.endswith("PositiveSyntax")]
NEGATIVE = [case for case in ALL if case.kind.endswith(("NegativeSyntax", "NegativeEval"))]
EVALUATION = [case for case in ALL if case.kind.endswith("Eval") and not case.kind.endswith("NegativeEval")]


def test_the_manifests_list_the_tests_the_readme_counts():
    def count(suite: str, ending: str) -> int:
        return sum(1 for case in ALL if case.suite == suite and case.kind.endswith(ending))

    assert [count("rdf11-turtle", end) for end in ("PositiveSyntax", "NegativeSyntax", "Eval")] == [74, 94, 145]
    assert [count("rdf11-n-triples", end) for end in ("PositiveSyntax", "NegativeSyntax")] == [41, 29]
    assert [count("rdf11-xml", end) for end in ("Eval", "NegativeSyntax")] == [126, 40]
    assert [count("rdf11-trig", end) for end in ("PositiveSyntax", "NegativeSyntax", "Eval")] == [98, 115, 143]
    assert all(case.action.is_file() for case in ALL)
    assert all(case.result is not None and case.result.is_file() for case in EVALUATION)


def _parse(case: Case) -> list[ox.Quad]:
    return parse_rdf(read_rdf(case.action), base_iri=case.base_iri)


def _accepted(case: Case) -> list[ox.Quad]:
    """The quads of a valid file; a valid file that states nothing is refused by pmgraph as
    holding no triples (or being empty), which is not a syntax error."""
    try:
        return _parse(case)
    except BadInput as error:
        assert str(error) in (f"{case.action}: holds no triples", f"{case.action}: file is empty"), str(error)
        return []


@pytest.mark.parametrize("case", POSITIVE, ids=str)
def test_positive_syntax_is_accepted(case):
    _accepted(case)


@pytest.mark.parametrize("case", NEGATIVE, ids=str)
def test_negative_syntax_is_refused_with_one_line_naming_file_line_and_column(case):
    with pytest.raises(BadInput) as caught:
        _parse(case)
    message = str(caught.value)
    assert "\n" not in message
    fmt = re.escape(FORMAT_NAMES[case.suite])
    assert re.match(rf"^{re.escape(str(case.action))}:\d+:\d+: {fmt} syntax error: \S", message), message


@pytest.mark.parametrize(("name", "position"), [
    ("rdf-containers-syntax-vs-schema/error001.rdf", "26:16"),  # <foo:bar rdf:li="1"/>: at li
    ("rdfms-rdf-id/error001.rdf", "24:27"),  # rdf:ID='333-555-666': at the value
    ("rdfms-syntax-incomplete/error004.rdf", "23:2"),  # rdf:nodeID and rdf:ID: at the element
])
def test_an_rdf_xml_error_is_placed_although_oxigraph_gives_no_position(name, position):
    path = W3C / "rdf11-xml" / name
    with pytest.raises(BadInput, match=rf"^{re.escape(str(path))}:{position}: RDF/XML syntax error: "):
        read_and_parse = parse_rdf(read_rdf(path))
        assert read_and_parse is None


def _canonical(quads: list[ox.Quad]) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


#: Evaluation tests Oxigraph fails: the value of an rdf:parseType="Literal" property keeps the
#: namespace declarations in scope (xmlns:rdf, xmlns:eg) where RDF/XML asks for exclusive XML
#: canonicalisation, which drops the unused ones. Expected to fail (strictly: a fix shows).
ENGINE_FAILURES = {"rdf11-xml/xml-canon-test001", "rdf11-xml/xml-canon-test002"}


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="Oxigraph: XMLLiteral not exclusively canonicalised"))
    if str(case) in ENGINE_FAILURES else case for case in EVALUATION], ids=str)
def test_evaluation_gives_the_expected_triples(case):
    fmt = ox.RdfFormat.N_QUADS if case.result.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    expected = list(ox.parse(path=str(case.result), format=fmt))
    assert _canonical(_accepted(case)) == _canonical(expected)


#: Every 8th test of each kind, through the command line: the file is loaded with --data on
#: top of the bundled graph (relative IRIs resolve against the file's own location there).
CLI_SAMPLE = (NEGATIVE[::8] + [case for case in POSITIVE[::8] if _accepted(case)])


@pytest.mark.parametrize("case", CLI_SAMPLE, ids=str)
def test_the_command_line_refuses_or_accepts_the_same_files(run, case):
    result = run("--data", str(case.action), "list", "track")
    if case in NEGATIVE:
        assert result.exit_code == 3
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert re.match(rf"^pmgraph: error: {re.escape(str(case.action))}:\d+:\d+: ", result.stderr), result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.rstrip().endswith("track entities")


def test_the_command_line_sample_covers_every_suite():
    assert {case.suite for case in CLI_SAMPLE if case in NEGATIVE} == set(SUITES)
    assert len(CLI_SAMPLE) >= 40
