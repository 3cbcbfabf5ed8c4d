"""Fuzzing the loaders (issue 14): whatever bytes a file holds, pmgraph's loader either reads
triples from it or refuses it with one line naming the file (BadInput, exit 3) — never another
exception, a traceback, or a hang.

Hypothesis mutates valid documents of every format pmgraph reads (bytes cut, flipped, repeated,
inserted) and also tries raw bytes; a bounded number of examples runs everywhere (CI too).
"""

from __future__ import annotations

import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmgraph.errors import BadInput
from pmgraph.kb.files import parse_rdf, read_rdf

SEEDS = {
    ".ttl": b'@prefix ex: <http://example.org/> .\nex:a ex:p "x"@en , 1 , ex:b ; ex:q [ ex:r ( 1 2 ) ] .\n',
    ".nt": b'<http://example.org/a> <http://example.org/p> "x\\u00e9"@en .\n_:b <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    ".nq": b'<http://example.org/a> <http://example.org/p> "x" <http://example.org/g> .\n',
    ".trig": b'@prefix ex: <http://example.org/> .\nex:g { ex:a ex:p "x" . }\n',
    ".rdf": (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             b'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">'
             b'<ex:p xml:lang="en">x</ex:p></rdf:Description>\n</rdf:RDF>\n'),
    ".jsonld": b'{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:p": [{"@value": "x", "@language": "en"}]}\n',
}
#: One line naming the file: ``path: message`` or ``path:line:column: message``.
ONE_LINE = re.compile(r"^[^\n]+\.(ttl|nt|nq|trig|rdf|jsonld)(:\d+(:\d+)?)?: [^\n]+$")


@st.composite
def mutated(draw):
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["cut", "flip", "insert", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "cut" and data:
            del data[at:at + draw(st.integers(1, 8))]
        elif action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 16))] * draw(st.integers(1, 4))
    return suffix, bytes(data)


def _check(tmp_path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    started = time.monotonic()
    try:
        parse_rdf(read_rdf(path))
    except BadInput as error:
        assert ONE_LINE.match(str(error)), str(error)
    assert time.monotonic() - started < 5


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_a_mutated_document_is_read_or_refused_in_one_line(tmp_path, case):
    _check(tmp_path, *case)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(sorted(SEEDS)), data=st.binary(max_size=200))
def test_raw_bytes_are_read_or_refused_in_one_line(tmp_path, suffix, data):
    _check(tmp_path, suffix, data)
