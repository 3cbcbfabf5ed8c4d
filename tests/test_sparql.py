"""Ad-hoc SPARQL: read-only and no-network checks, syntax errors, timeouts, the W3C result
formats, ASK exit codes, and parameters bound as plain values (never as query text)."""

from __future__ import annotations

import csv
import io
import json
import signal
import threading
import time

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

import pmgraph.kb.files
from pmgraph import sparql
from pmgraph.errors import BadInput, LimitReached, UnknownName, UsageError
from pmgraph.namespaces import PM, PMO

SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
#: About 55 million solutions to count: seconds of work, so that a timeout of 0.5 s stops it, and a
#: stopped query (which Oxigraph finishes in its thread) does not keep a core busy for long.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
#: Strings that would break out of a query if they were pasted into its text.
HOSTILE = [
    '")) || true',
    "') } ; DROP ALL #",
    '"} UNION { ?s ?p ?o } #',
    "</script><script>alert(1)</script>",
    "SELECT * WHERE { ?s ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }",
    "\\\" } INSERT DATA { <a:b> <a:c> <a:d> } #",
    "pm:TechPM",
    "?role",
    "line one\nline two\ttab",
    "\\u0041 and \\U00000042",  # SPARQL parsers may expand \u escapes before parsing (issue 14)
]


@pytest.fixture
def fast(monkeypatch, graph, run):
    """`run`, with the bundled graph parsed once for the session instead of once per command."""
    real = pmgraph.kb.files.load_graph

    def cached(data=(), *, bundled=True):
        if not bundled:
            return real(data, bundled=False)
        return graph + real(data, bundled=False) if data else graph

    monkeypatch.setattr(pmgraph.kb.files, "load_graph", cached)
    return run


# -- refusing what a query must not do ------------------------------------------------------------


@pytest.mark.parametrize("update", [
    "INSERT DATA { pm:x pm:y pm:z }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://example.org/g>",
    "PREFIX ex: <http://example.org/>\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_with_exit_2(fast, update):
    result = fast("sparql", update)
    keyword = update.split("\n")[-1].split()[0]
    assert result.exit_code == 2
    assert result.stderr == f"pmgraph: error: <query>: refused: {keyword} is a SPARQL update; pmgraph's queries are read-only\n"
    assert result.stdout == ""


def test_service_is_refused_unless_the_network_is_allowed(fast):
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    result = fast("sparql", text)
    assert result.exit_code == 2
    assert result.stderr == ("pmgraph: error: <query>: refused: SERVICE <http://example.org/sparql> would query the "
                             "network; pass --allow-network to allow it\n")
    assert sparql.parse_query(text, allow_network=True).form == "SELECT"


def test_remote_from_is_refused_in_process(fast):
    result = fast("sparql", "SELECT * FROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmgraph: error: <query>: refused: FROM <http://example.org/graph.ttl> would fetch "
                                    "a graph from the network;")
    assert "--allow-network" in result.stderr


def test_a_syntax_error_names_line_and_column(fast):
    result = fast("sparql", "SELECT ?role\nWHERE {\n  ?role a pmo:Role .\n  FILTER(?role = ) }")
    assert result.exit_code == 3
    assert result.stderr == "pmgraph: error: <query>:4:21: SPARQL syntax error in the line 'FILTER(?role = ) }'\n"


def test_a_syntax_error_in_a_file_names_the_file(fast, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x ?y ?z }\nLIMIT ten\n", encoding="utf-8")
    result = fast("sparql", "--file", str(query))
    assert result.exit_code == 3
    assert result.stderr == f"pmgraph: error: {query}:2:7: SPARQL syntax error at 'ten'\n"


def test_an_unclosed_query_says_it_ends_too_early(fast):
    result = fast("sparql", "SELECT ?x WHERE { ?x ?y ?z ")
    assert result.exit_code == 3
    assert result.stderr == ("pmgraph: error: <query>:1:28: SPARQL syntax error where the query ends too early "
                             "(an unclosed brace, bracket or string?)\n")


def test_an_undeclared_prefix_is_located(fast):
    result = fast("sparql", "SELECT ?x WHERE {\n  ?x a ex:Thing }")
    assert result.exit_code == 3
    assert result.stderr.startswith("pmgraph: error: <query>:2:8: undeclared prefix 'ex:' (declare it with PREFIX ex: <...>;")


def test_query_argument_and_file_are_exclusive(fast, tmp_path):
    assert fast("sparql").exit_code == 2
    query = tmp_path / "q.rq"
    query.write_text("ASK {}", encoding="utf-8")
    result = fast("sparql", "ASK {}", "--file", str(query))
    assert result.exit_code == 2
    assert result.stderr == "pmgraph: error: give the query as an argument or with --file FILE (not both)\n"
    missing = fast("sparql", "--file", str(tmp_path / "missing.rq"))
    assert (missing.exit_code, missing.stderr) == (3, f"pmgraph: error: {tmp_path / 'missing.rq'}: no such file\n")


def test_a_query_from_standard_input(fast):
    result = fast("sparql", "--file", "-", "--format", "csv",
                  input="SELECT ?track WHERE { ?track a pmo:CareerTrack } ORDER BY ?track")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == ("track\r\nhttps://w3id.org/pmgraph/id/TPMCareerPath\r\n"
                             "https://w3id.org/pmgraph/id/TechPMCareerPath\r\n")


# -- timeouts -----------------------------------------------------------------------------------


def test_a_runaway_query_stops_at_the_timeout_with_exit_5(fast):
    started = time.monotonic()
    result = fast("sparql", SLOW_QUERY, "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert result.exit_code == 5
    assert result.stderr == ("pmgraph: error: <query>: the query ran longer than 0.5 s and was stopped; "
                             "raise --timeout or make the query narrower\n")
    assert elapsed < 5


def test_the_deadline_leaves_other_timers_and_handlers_as_they_were(graph):
    def handler(signum, frame):
        raise AssertionError("the outer timer must not fire during this test")

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with pytest.raises(LimitReached):
            sparql.run_local(sparql.parse_query(SLOW_QUERY), graph, timeout=0.3)
        assert signal.getsignal(signal.SIGALRM) is handler
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90 < remaining <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_deadline_also_works_outside_the_main_thread(graph):
    outcome = {}

    def work():
        started = time.monotonic()
        try:
            sparql.run_local(sparql.parse_query(SLOW_QUERY), graph, timeout=0.5)
        except LimitReached as error:
            outcome["error"] = str(error)
        outcome["elapsed"] = time.monotonic() - started

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert outcome["error"].startswith("<query>: the query ran longer than 0.5 s and was stopped")
    assert outcome["elapsed"] < 5


def test_a_fast_query_is_not_disturbed_by_its_deadline(graph):
    result = sparql.run_local(sparql.parse_query("SELECT ?t WHERE { ?t a pmo:CareerTrack } ORDER BY ?t"), graph,
                              timeout=30)
    assert result.rows == [(PM.TPMCareerPath,), (PM.TechPMCareerPath,)]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the timer is disarmed afterwards


# -- W3C result formats ----------------------------------------------------------------------------

STAGE_QUERY = """SELECT ?stage ?level ?label ?note WHERE {
  VALUES ?stage { pm:JuniorDeveloper pm:TechPM }
  ?stage pmo:level ?level ; skos:prefLabel ?label .
  FILTER(lang(?label) = "ja")
  OPTIONAL { ?stage pmo:noSuchProperty ?note }
} ORDER BY ?level"""


def test_json_follows_the_sparql_results_json_spec(fast):
    result = fast("sparql", STAGE_QUERY, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "head": {"vars": ["stage", "level", "label", "note"]},
        "results": {"bindings": [
            {"stage": {"type": "uri", "value": "https://w3id.org/pmgraph/id/JuniorDeveloper"},
             "level": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
             "label": {"type": "literal", "value": "ジュニア開発者", "xml:lang": "ja"}},
            {"stage": {"type": "uri", "value": "https://w3id.org/pmgraph/id/TechPM"},
             "level": {"type": "literal", "value": "4", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
             "label": {"type": "literal", "value": "Tech PM", "xml:lang": "ja"}},
        ]},
    }
    parsed = Result.parse(io.StringIO(result.stdout), format="json")  # rdflib's reader agrees
    assert [tuple(row) for row in parsed] == [
        (PM.JuniorDeveloper, Literal(1), Literal("ジュニア開発者", lang="ja"), None),
        (PM.TechPM, Literal(4), Literal("Tech PM", lang="ja"), None),
    ]


def test_csv_follows_the_spec(fast):
    result = fast("sparql", STAGE_QUERY, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == ("stage,level,label,note\r\n"
                             "https://w3id.org/pmgraph/id/JuniorDeveloper,1,ジュニア開発者,\r\n"
                             "https://w3id.org/pmgraph/id/TechPM,4,Tech PM,\r\n")


def test_tsv_follows_the_spec(fast):
    result = fast("sparql", STAGE_QUERY, "--format", "tsv")
    assert result.exit_code == 0
    assert result.stdout == ("?stage\t?level\t?label\t?note\n"
                             "<https://w3id.org/pmgraph/id/JuniorDeveloper>\t1\t\"ジュニア開発者\"@ja\t\n"
                             "<https://w3id.org/pmgraph/id/TechPM>\t4\t\"Tech PM\"@ja\t\n")
    parsed = Result.parse(io.StringIO(result.stdout), format="tsv")
    assert [tuple(row)[:3] for row in parsed][1] == (PM.TechPM, Literal(4), Literal("Tech PM", lang="ja"))


def test_csv_and_tsv_quote_and_escape_awkward_values():
    result = sparql.QueryResult("SELECT", ["s", "text", "blank", "missing"], [
        (URIRef("http://example.org/a"), Literal('He said "hi",\r\nthen\tleft'), BNode("b0"), None),
    ])
    assert sparql.to_csv(result) == ('s,text,blank,missing\r\n'
                                     'http://example.org/a,"He said ""hi"",\r\nthen\tleft",_:b0,\r\n')
    assert sparql.to_tsv(result) == ('?s\t?text\t?blank\t?missing\n'
                                     '<http://example.org/a>\t"He said \\"hi\\",\\r\\nthen\\tleft"\t_:b0\t\n')
    rows = list(csv.reader(io.StringIO(sparql.to_csv(result), newline="")))
    assert rows[1] == ["http://example.org/a", 'He said "hi",\r\nthen\tleft', "_:b0", ""]
    parsed = Result.parse(io.StringIO(sparql.to_tsv(result)), format="tsv")
    assert tuple(next(iter(parsed)))[:2] == (URIRef("http://example.org/a"), Literal('He said "hi",\r\nthen\tleft'))


def test_tsv_abbreviates_numbers_only_when_turtle_can():
    values = [Literal(lexical, datatype=datatype, normalize=False) for lexical, datatype in [
        ("3", XSD.integer), ("1.5", XSD.decimal), ("1.0E3", XSD.double), ("7", XSD.decimal), ("INF", XSD.double),
        ("true", XSD.boolean), ("x", XSD.string)]]
    line = sparql.to_tsv(sparql.QueryResult("SELECT", [f"v{i}" for i in range(len(values))], [tuple(values)]))
    assert line.splitlines()[1].split("\t") == [
        "3", "1.5", "1.0E3", '"7"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"INF"^^<http://www.w3.org/2001/XMLSchema#double>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"x"']


def test_an_empty_result_is_a_header_only(fast):
    text = "SELECT ?x ?y WHERE { ?x pmo:noSuchProperty ?y }"
    assert fast("sparql", text, "--format", "csv").stdout_bytes == b"x,y\r\n"
    assert fast("sparql", text, "--format", "tsv").stdout == "?x\t?y\n"
    assert json.loads(fast("sparql", text, "--format", "json").stdout) == {"head": {"vars": ["x", "y"]},
                                                                            "results": {"bindings": []}}
    table = fast("sparql", text)
    assert (table.exit_code, table.stdout) == (0, "x  y\n-  -\n\n0 rows\n")


def test_the_default_table_shows_labels_and_ids_on_request(fast):
    text = "SELECT ?stage ?level WHERE { ?stage pmo:track pm:TPMCareerPath ; pmo:level ?level } ORDER BY ?level ?stage"
    labels = fast("sparql", text)
    assert labels.exit_code == 0
    assert labels.stdout.splitlines() == [
        "stage                           level",
        "------------------------------  -----",
        "Associate TPM                   1",
        "Technical Program Manager       2",
        "Senior TPM                      3",
        "specialist TPM                  3",
        "Principal TPM                   4",
        "Director of Program Management  5",
        "",
        "6 rows",
    ]
    ids = fast("sparql", text, "--ids")
    assert [line.split() for line in ids.stdout.splitlines()[2:4]] == [["pm:AssociateTPM", "1"],
                                                                       ["pm:TechnicalProgramManager", "2"]]
    japanese = fast("sparql", text, "--lang", "ja")
    assert "専門分野 TPM" in japanese.stdout


def test_ask_exits_0_for_true_and_1_for_false(fast):
    yes = fast("sparql", "ASK { pm:TechPM pmo:track pm:TechPMCareerPath }")
    no = fast("sparql", "ASK { pm:TechPM pmo:track pm:TPMCareerPath }")
    assert (yes.exit_code, yes.stdout, yes.stderr) == (0, "true\n", "")
    assert (no.exit_code, no.stdout, no.stderr) == (1, "false\n", "")
    as_json = fast("sparql", "ASK { pm:TechPM pmo:track pm:TPMCareerPath }", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (1, {"head": {}, "boolean": False})


def test_ask_has_no_csv_form(fast):
    result = fast("sparql", "ASK {}", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == "pmgraph: error: --format csv does not fit a ASK query; use one of: text, json\n"


def test_construct_gives_turtle_or_n_triples(fast, graph):
    text = "CONSTRUCT { ?stage pmo:level ?level } WHERE { ?stage pmo:track pm:TPMCareerPath ; pmo:level ?level }"
    expected = Graph()
    for stage, level in graph.subject_objects(PMO.level):
        if (stage, PMO.track, PM.TPMCareerPath) in graph:
            expected.add((stage, PMO.level, level))
    assert len(expected) == 6
    turtle = fast("sparql", text)
    assert turtle.exit_code == 0
    assert "@prefix pm: <https://w3id.org/pmgraph/id/> ." in turtle.stdout
    assert isomorphic(Graph().parse(data=turtle.stdout, format="turtle"), expected)
    ntriples = fast("sparql", text, "--format", "nt")
    lines = ntriples.stdout.splitlines()
    assert lines == sorted(lines) and len(lines) == 6
    assert lines[0] == ('<https://w3id.org/pmgraph/id/AssociateTPM> <https://w3id.org/pmgraph/ontology#level> '
                        '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    refused = fast("sparql", text, "--format", "csv")
    assert refused.exit_code == 2


def test_describe_gives_the_triples_about_a_resource(fast, graph):
    result = fast("sparql", "DESCRIBE pm:Promotion", "--format", "nt")
    assert result.exit_code == 0
    described = Graph().parse(data=result.stdout, format="nt")
    assert set(described.predicate_objects(PM.Promotion)) == set(graph.predicate_objects(PM.Promotion))


def test_data_files_are_queried_too(fast, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('@prefix ex: <http://example.org/> .\nex:a ex:says "He said \\"hi\\",\\r\\nthen\\tleft" .\n',
                     encoding="utf-8")
    result = fast("--data", str(extra), "sparql", "SELECT ?text WHERE { ?s <http://example.org/says> ?text }",
                  "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == 'text\r\n"He said ""hi"",\r\nthen\tleft"\r\n'


# -- parameters are values, never query text ------------------------------------------------------


def _hostile_turtle(path, with_role: bool):
    lines = ["@prefix pm: <https://w3id.org/pmgraph/id/> .", "@prefix pmo: <https://w3id.org/pmgraph/ontology#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    for index, text in enumerate(HOSTILE):
        literal = Literal(text).n3()
        lines.append(f"pm:Hostile{index} a pmo:{'Role' if with_role else 'Skill'} ; skos:prefLabel {literal}@en .")
        if with_role:
            lines.append(f"pm:req-Hostile{index} a pmo:SkillRequirement ; pmo:role pm:Hostile{index} ; "
                         f"pmo:skill pm:Communication .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_parameters_are_plain_values(fast, text):
    result = fast("query", "find-by-label", "--param", f"text={text}", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"head": {"vars": ["entity", "class", "label", "language"]},
                                         "results": {"bindings": []}}


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_parameters_match_exactly_that_text(fast, tmp_path, index):
    data = _hostile_turtle(tmp_path / "hostile.ttl", with_role=False)
    result = fast("--data", str(data), "query", "find-by-label", "--param", f"text={HOSTILE[index]}",
                  "--format", "json")
    assert result.exit_code == 0, result.stderr
    entities = {b["entity"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    # Every hostile label that contains this one (ignoring case) matches, and nothing else does.
    expected = {f"{PM}Hostile{i}" for i, other in enumerate(HOSTILE) if HOSTILE[index].lower() in other.lower()}
    assert f"{PM}Hostile{index}" in expected
    assert entities == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_names_are_unknown_names_not_query_text(fast, text):
    result = fast("query", "skills-of-role", "--param", f"role={text}")
    if text == "pm:TechPM":  # a CURIE is a name: it resolves like anywhere else
        assert result.exit_code == 0
        return
    assert result.exit_code == 4, result.stderr
    if text == "?role":  # loosely, "?role" is the class pmo:Role's label "Role"
        assert result.stderr == "pmgraph: error: '?role' is a entity (pmo:Role), not a role\n"
    else:
        assert result.stderr.startswith(f"pmgraph: error: unknown role name {text!r}")


@pytest.mark.parametrize("index", range(len(HOSTILE)))
@pytest.mark.slow
def test_hostile_labels_resolve_and_bind_like_any_name(fast, tmp_path, index):
    data = _hostile_turtle(tmp_path / "hostile.ttl", with_role=True)
    result = fast("--data", str(data), "query", "skills-of-role", "--param", f"role={HOSTILE[index]}",
                  "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    if HOSTILE[index] == "pm:TechPM":  # a CURIE is read as a CURIE before labels are looked at
        assert len(lines) == 13 and lines[1].startswith("https://w3id.org/pmgraph/id/CloudComputing,")
        return
    assert lines == ["skill,type,level,source,detail,words",
                     "https://w3id.org/pmgraph/id/Communication,https://w3id.org/pmgraph/id/SoftSkill,,,,"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.slow
def test_hostile_values_sent_to_an_endpoint_are_escaped_literals(graph, text):
    query = sparql.named_query("find-by-label").parsed
    composed = sparql.remote_text(query, {"text": Literal(text)})
    parsed = parseQuery(composed)
    values = parsed[1]["where"]["part"][0]  # the inline VALUES block at the start of the WHERE clause
    assert values.name == "InlineData"
    assert [str(v) for v in values["var"]] == ["text"]
    assert [[term["string"] for term in row] for row in values["value"]] == [[Literal(text)]]
    # The text an endpoint gets means what the bound query means.
    hostile = graph + Graph()
    hostile.add((URIRef("http://example.org/x"), URIRef(SKOS_PREF), Literal(text)))
    sent = sparql.run_local(sparql.parse_query(composed), hostile)
    bound = sparql.run_local(query, hostile, {"text": Literal(text)})
    assert sent.rows == bound.rows
    assert [row[0] for row in sent.rows] == [URIRef("http://example.org/x")] or sent.rows == []


def test_bind_parameters_checks_names_and_language_tags(resolver):
    skills = sparql.named_query("skills-of-role")
    with pytest.raises(UsageError, match="query 'skills-of-role' has no parameter 'rol'; its parameters: role, lang"):
        sparql.bind_parameters(skills, {"rol": "Tech PM"}, resolver)
    with pytest.raises(UsageError, match=r"query 'skills-of-role' needs --param role=\.\.\."):
        sparql.bind_parameters(skills, {}, resolver)
    with pytest.raises(UsageError, match="is not a language tag"):
        sparql.bind_parameters(skills, {"role": "Tech PM", "lang": 'en") || true'}, resolver)
    with pytest.raises(UnknownName, match="cloud computing"):
        sparql.bind_parameters(skills, {"role": "cloud computing"}, resolver)


def test_parameter_syntax_errors_are_usage_errors(fast):
    bad = fast("query", "skills-of-role", "--param", "Tech PM")
    assert (bad.exit_code, bad.stderr) == (2, "pmgraph: error: --param 'Tech PM': write NAME=VALUE, e.g. --param role=\"Tech PM\"\n")
    twice = fast("query", "skills-of-role", "-p", "role=TPM", "-p", "role=Tech PM")
    assert (twice.exit_code, twice.stderr) == (2, "pmgraph: error: --param role is given twice\n")
    unknown = fast("query", "skills-of-rol", "-p", "role=TPM")
    assert (unknown.exit_code, unknown.stderr) == (2, "pmgraph: error: no named query 'skills-of-rol'; did you mean: skills-of-role, tools-of-role, duties-of-role?\n")


def test_a_malformed_query_is_bad_input_in_the_library():
    with pytest.raises(BadInput, match=r"^<query>:1:26: SPARQL syntax error in the line 'SELECT \?x WHERE { \?x \?y }'$"):
        sparql.parse_query("SELECT ?x WHERE { ?x ?y }")


# -- parameters for stores without initBindings: VALUES blocks -----------------------------------
def _values_blocks(text: str) -> int:
    return text.count("VALUES (?r) { (<https://w3id.org/pmgraph/id/CTO>) }")


@pytest.mark.parametrize(("query", "blocks"), [
    # no UNION: one block, opening the WHERE clause
    ("SELECT ?x WHERE { ?x pmo:role ?r }", 1),
    # each branch of a UNION directly in the WHERE clause gets one too
    ("SELECT ?x WHERE { { ?x pmo:role ?r } UNION { ?x pmo:hires ?r } UNION { ?r pmo:track ?x } }", 4),
    # an OPTIONAL group directly in it that mentions the variable gets one (Virtuoso needs it);
    # a UNION nested deeper is reached through it
    ("SELECT ?x WHERE { OPTIONAL { { ?x pmo:role ?r } UNION { ?x pmo:hires ?r } } }", 2),
    # an OPTIONAL group that does not mention it gets none
    ("SELECT ?x WHERE { ?x pmo:role ?r OPTIONAL { ?x pmo:level ?level } }", 1),
    # a subquery as a branch sees no outer binding and is left as it is
    ("SELECT ?x WHERE { { SELECT ?x ?r WHERE { ?x pmo:role ?r } } UNION { ?x pmo:hires ?r } }", 2),
    # braces and the word UNION inside strings, IRIs and comments are not groups
    ('SELECT ?x WHERE { # } UNION {\n ?x pmo:role ?r . FILTER(?x != "} UNION {") }', 1),
])
def test_bound_values_open_the_where_clause_and_each_union_branch(query, blocks):
    from pmgraph.sparql import bind_values, parse_query

    text = bind_values(query, "SELECT", {"r": PM.CTO})
    assert _values_blocks(text) == blocks
    parse_query(text)  # still one valid query


def test_bound_values_in_union_branches_give_the_same_answers(graph):
    """The blocks repeated inside the branches change no answer: Oxigraph's answer to the bound
    text is rdflib's answer to the query with initBindings."""
    from rdflib.plugins.sparql import prepareQuery

    from pmgraph.namespaces import PREFIXES
    from pmgraph.sparql import bind_values, named_query, parse_query, run_local

    query = named_query("shared-by-roles")
    bound = bind_values(query.text, "SELECT", {"role": PM.TechPM, "other": PM.TechnicalProgramManager})
    assert _values_blocks(bound) == 0
    assert bound.count("VALUES (?role) { (<https://w3id.org/pmgraph/id/TechPM>) } "
                       "VALUES (?other) { (<https://w3id.org/pmgraph/id/TechnicalProgramManager>) }") == 6
    expected = [tuple(row) for row in graph.query(prepareQuery(query.text, initNs=PREFIXES),
                initBindings={"role": PM.TechPM, "other": PM.TechnicalProgramManager})]
    assert len(expected) == 27
    assert sorted(run_local(parse_query(bound), graph).rows) == sorted(expected)


# -- regressions of issue 14: answers rdflib's evaluator got wrong ---------------------------------


@pytest.mark.parametrize("condition", ["false", "0", "''"])
def test_a_constant_false_filter_removes_every_solution(fast, condition):
    result = fast("sparql", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a pmo:Role FILTER({condition}) }}", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"n\r\n0\r\n")


def test_values_undef_then_not_bound_gives_one_row(fast):
    result = fast("sparql", "SELECT ?x WHERE { VALUES ?x { UNDEF } FILTER(!BOUND(?x)) }", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"head": {"vars": ["x"]}, "results": {"bindings": [{}]}}


def test_graph_variable_over_an_empty_group_is_an_answer_not_an_error(fast):
    result = fast("sparql", "SELECT ?g WHERE { GRAPH ?g { } }", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes, result.stderr) == (0, b"g\r\n", "")


def test_sum_over_a_non_number_is_unbound_not_an_error(fast):
    result = fast("sparql", "SELECT (SUM(?label) AS ?sum) WHERE { pm:TechPM skos:prefLabel ?label }", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes, result.stderr) == (0, b"sum\r\n\r\n", "")


def test_ask_filter_false_is_false(fast):
    result = fast("sparql", "ASK { FILTER(false) }")
    assert (result.exit_code, result.stdout) == (1, "false\n")


def test_ask_over_an_empty_values_block_is_false(fast):
    result = fast("sparql", "ASK { VALUES ?x { } }")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "false\n", "")


def test_exists_in_a_select_expression_is_a_boolean(fast):
    result = fast("sparql", "SELECT (EXISTS { ?r a pmo:Role } AS ?any) (NOT EXISTS { ?r a pmo:Nothing } AS ?none) "
                  "WHERE {}", "--format", "tsv")
    true = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert (result.exit_code, result.stdout) == (0, f"?any\t?none\n{true}\t{true}\n")


@pytest.mark.slow
def test_a_tiny_timeout_exits_5_with_one_line_not_by_a_signal(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "pmgraph", "sparql", "--timeout", "0.000001",
                             "SELECT * WHERE { ?s ?p ?o }"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 5, result.stderr
    assert result.stderr == ("pmgraph: error: <query>: the query ran longer than 1e-06 s and was stopped; "
                             "raise --timeout or make the query narrower\n")


def test_a_backslash_u_in_a_bound_value_stays_that_value():
    """-p 'text=\\u0041' against an endpoint was a syntax error: a parser that expands \\u escapes
    before parsing (rdflib, Jena) turned the escaped backslash and u0041 into an invalid escape."""
    import pyoxigraph

    text = "\\u0041"
    composed = sparql.remote_text(sparql.named_query("find-by-label").parsed, {"text": Literal(text)})
    assert 'VALUES (?text) { ("\\\\\\U000000750041") }' in composed
    values = parseQuery(composed)[1]["where"]["part"][0]
    assert [[term["string"] for term in row] for row in values["value"]] == [[Literal(text)]]
    store = pyoxigraph.Store()
    bound = store.query(f"SELECT ?v WHERE {{ BIND({sparql.sparql_term(Literal(text))} AS ?v) }}")
    assert [solution["v"].value for solution in bound] == [text]


@pytest.mark.parametrize("value", ["\\u0041", "\\\\u0041", "a\\", "\\U0001F600", "\\u00410041", "\\n"])
def test_bound_values_with_backslashes_read_back_unchanged_by_both_parsers(value):
    import pyoxigraph
    from rdflib.plugins.sparql import prepareQuery

    term = sparql.sparql_term(Literal(value))
    text = f"SELECT ?v WHERE {{ BIND({term} AS ?v) }}"
    assert [solution["v"].value for solution in pyoxigraph.Store().query(text)] == [value]
    assert [str(row[0]) for row in Graph().query(prepareQuery(text))] == [value]


def test_from_with_the_network_allowed_fetches_the_graph_and_queries_only_it(fast, tmp_path):
    import functools
    import http.server

    (tmp_path / "g.ttl").write_text("<http://ex/a> <http://ex/p> 1 .\n", encoding="utf-8")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/g.ttl"
        text = f"SELECT ?s ?o FROM <{url}> WHERE {{ ?s ?p ?o }}"
        result = fast("sparql", text, "--allow-network", "--format", "csv")
        assert (result.exit_code, result.stdout_bytes) == (0, b"s,o\r\nhttp://ex/a,1\r\n")
        missing = fast("sparql", text.replace("g.ttl", "nope.ttl"), "--allow-network")
        assert missing.exit_code == 6
        assert missing.stderr == f"pmgraph: error: <query>: cannot fetch FROM <{url[:-5]}nope.ttl>: HTTP 404 File not found\n"
    finally:
        server.shutdown()


def test_bound_values_in_optional_groups_give_the_same_answers(graph):
    """skills-of-role filters its OPTIONAL detail by ?lang, bound outside: the repeated block
    changes no answer (rdflib's evaluator on the query with its bindings, Oxigraph on the text
    with the blocks), details included."""
    from rdflib import Literal
    from rdflib.plugins.sparql import prepareQuery

    from pmgraph.namespaces import PREFIXES
    from pmgraph.sparql import bind_values, named_query, parse_query, run_local

    query = named_query("skills-of-role")
    bindings = {"role": PM.TechPM, "lang": Literal("en")}
    bound = bind_values(query.text, "SELECT", bindings)
    assert bound.count('VALUES (?lang) { ("en") }') == 2
    expected = [tuple(row) for row in graph.query(prepareQuery(query.text, initNs=PREFIXES), initBindings=bindings)]
    assert len(expected) == 12
    assert sorted(run_local(parse_query(bound), graph).rows, key=str) == sorted(expected, key=str)
