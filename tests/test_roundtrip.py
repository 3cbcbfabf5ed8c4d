"""Every RDF output of pmgraph reads back as the same graph, whatever the literals hold
(issue 14: N-Triples split literals holding U+2028, U+0085 or a vertical tab into broken lines).

Random literals are written into a user's Turtle file as a role's label, exported through each
RDF format of ``pmgraph export`` and of ``pmgraph sparql ... CONSTRUCT``, and parsed back with
pmgraph's own loader; the label must come back unchanged. Hypothesis draws a bounded number of
examples (CI runs the same bounded count); the named characters are always among them."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pmgraph.kb.files import parse_rdf, read_rdf

#: Characters that broke a line-based writer, and ones that need escaping in every syntax.
TRICKY = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r\n\t\"'\\<>{}#@ \u00a0\ufeff"
TEXT = st.text(alphabet=st.one_of(st.sampled_from(TRICKY), st.characters(blacklist_categories=("Cs",))),
               min_size=1, max_size=40)
ROLE = "https://example.org/roundtrip/Role"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def _turtle_string(text: str) -> str:
    """``text`` as a Turtle string literal, every character that could end it escaped."""
    escaped = []
    for char in text:
        code = ord(char)
        if char in '"\\' or code < 0x20 or code in (0x7f, 0x85, 0x2028, 0x2029) or 0xd800 <= code <= 0xdfff:
            escaped.append(f"\\u{code:04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _labels(path) -> list[str]:
    quads = parse_rdf(read_rdf(path))
    return [quad.object.value for quad in quads
            if quad.subject == pyoxigraph.NamedNode(ROLE) and quad.predicate == pyoxigraph.NamedNode(LABEL)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="a\u2028b\u0085c\x0bd")
@example(text='ends with a quote"')
@pytest.mark.parametrize(("fmt", "suffix"), [("nt", ".nt"), ("ttl", ".ttl"), ("jsonld", ".jsonld"), ("trig", ".trig")])
@pytest.mark.slow
def test_every_export_format_round_trips_any_literal(run, tmp_path, fmt, suffix, text):
    data = tmp_path / "role.ttl"
    data.write_text(f"<{ROLE}> a <https://w3id.org/pmgraph/ontology#Role> ; <{LABEL}> {_turtle_string(text)}@en ;\n"
                    "  <http://www.w3.org/2004/02/skos/core#related> <https://w3id.org/pmgraph/id/CTO> .\n",
                    encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = run("--data", str(data), "export", "--focus", ROLE, "--depth", "1", "--format", fmt, "-o", str(out),
                 "--force")
    assert result.exit_code == 0, result.output
    assert _labels(out) == [text]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="a\u2028b\u0085c\x0bd")
@pytest.mark.parametrize(("fmt", "suffix"), [("nt", ".nt"), ("turtle", ".ttl")])
def test_construct_output_round_trips_any_literal(run, tmp_path, fmt, suffix, text):
    query = (f'CONSTRUCT {{ <{ROLE}> <{LABEL}> ?label }} WHERE {{ BIND({json.dumps(text, ensure_ascii=False)} AS ?label) }}')
    result = run("sparql", query, "--format", fmt)
    assert result.exit_code == 0, result.output
    out = tmp_path / f"out{suffix}"
    out.write_bytes(result.stdout_bytes)
    assert _labels(out) == [text]
