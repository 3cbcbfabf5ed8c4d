"""SPARQL commands: queries, query, sparql, serve, push.

``query`` and ``sparql`` run in-process on the loaded graph, or on the store named by the
global ``--endpoint``; either way the query is parsed and checked here first (read-only, no
network, syntax errors with line and column). The W3C result formats come from
:mod:`pmgraph.sparql`; the default is an aligned table with labels for IRIs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BadInput, UsageError
from ..i18n import Message, _, ngettext
from . import main
from .context import State
from .output import emit_json, lang_option, table

pass_state = click.make_pass_decorator(State)

_FORMAT_CHOICES = ["text", "json", "csv", "tsv", "turtle", "nt"]
format_option = click.option(
    "--format", "fmt", type=click.Choice(_FORMAT_CHOICES), default="text", show_default=True,
    help="text (a table; Turtle for CONSTRUCT / DESCRIBE), the W3C SPARQL results formats json / csv / tsv, "
         "or turtle / nt for CONSTRUCT and DESCRIBE.")
timeout_option = click.option(
    "--timeout", default=30.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
    help="Stop the query after this long (exit 5); 0 for no limit.")
ids_option = click.option("--ids", is_flag=True, help="Show IRIs as CURIEs (pm:TechPM) instead of their labels.")
labels_option = click.option("--labels", is_flag=True,
                             help="With --format csv: after each column holding IRIs, a VARIABLE_label column with "
                                  "their labels in the display language (a spreadsheet's view; the W3C columns stay).")


def _check_format(form: str, fmt: str) -> None:
    from ..sparql import FORMATS_BY_FORM

    allowed = FORMATS_BY_FORM[form]
    if fmt not in allowed:
        raise UsageError(Message("--format {format} does not fit a {form} query; use one of: {formats}", format=fmt,
                                 form=form, formats=", ".join(allowed)))


def _names_resolver(state: State, names=()):
    """The resolver for parameters; against an endpoint, the candidates of all ``names`` are
    found with one query."""
    resolver = state.open().resolver
    if names and hasattr(resolver, "prefetch"):
        resolver.prefetch(names)
    return resolver


def _label_source(state: State, rows, lang: str):
    """A function IRI (a string) -> display label for the IRIs in ``rows`` (of Terms)."""
    iris = sorted({term.value for row in rows for term in row if term is not None and term.kind == "uri"})
    base = state.open()
    labelled = getattr(base, "labelled", None)
    if labelled is None:
        catalog = base.catalog
        catalog.prefetch_labels([catalog.term(iri) for iri in iris])
    elif iris:  # against an endpoint (rdflib is loaded there): a catalog of the labels of these IRIs only
        from rdflib import URIRef

        catalog = labelled([URIRef(iri) for iri in iris])
    else:
        return lambda iri: iri  # never asked: no IRI to label
    return lambda iri: catalog.label(catalog.term(iri), lang)


def _cell(term, label) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return label(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return " ".join(term.value.split())


def _labelled_csv(state: State, result, lang: str) -> None:
    """The W3C CSV of ``result`` with a ``VARIABLE_label`` column after each column holding IRIs."""
    from .output import emit_csv

    rows = result.terms
    label = _label_source(state, rows, lang)
    with_iris = [any(row[index] is not None and row[index].kind == "uri" for row in rows)
                 for index in range(len(result.variables))]
    headers = [name for variable, iris in zip(result.variables, with_iris)
               for name in ([variable, f"{variable}_label"] if iris else [variable])]

    def cells(row):
        for term, iris in zip(row, with_iris):
            yield "" if term is None else f"_:{term.value}" if term.kind == "bnode" else term.value
            if iris:
                yield label(term.value) if term is not None and term.kind == "uri" else ""

    emit_csv(headers, [list(cells(row)) for row in rows])


def _emit(state: State, result, fmt: str, lang: str, ids: bool, labels: bool = False) -> None:
    from ..iris import curie
    from ..sparql import to_csv, to_json, to_rdf, to_tsv

    if labels and fmt != "csv":
        raise UsageError(Message("--labels goes with --format csv"))

    # The W3C formats are written as UTF-8 bytes, so that no platform rewrites their line ends.
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        click.echo(to_rdf(result, "nt" if fmt == "nt" else "turtle").encode("utf-8"), nl=False)
        return
    if fmt == "json":
        click.echo((to_json(result) + "\n").encode("utf-8"), nl=False)
    elif fmt == "csv" and labels:
        _labelled_csv(state, result, lang)
    elif fmt == "csv":
        click.echo(to_csv(result).encode("utf-8"), nl=False)
    elif fmt == "tsv":
        click.echo(to_tsv(result).encode("utf-8"), nl=False)
    elif result.form == "ASK":
        click.echo("true" if result.boolean else "false")
    else:
        rows = result.terms
        label = curie if ids else _label_source(state, rows, lang)
        click.echo(table([[_cell(term, label) for term in row] for row in rows], result.variables))
        count = len(rows)
        click.echo("\n" + ngettext("{count} row", "{count} rows", count).format(count=count))
    if result.form == "ASK" and not result.boolean:
        click.get_current_context().exit(1)


def _run(state: State, parsed, bindings, timeout: float, allow_network: bool):
    return state.open().query(parsed, bindings, timeout=timeout or None, allow_network=allow_network)


# -- queries ------------------------------------------------------------------------------------


@main.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def queries(name: str | None, fmt: str) -> None:
    """List the named queries, or show one (its header and SPARQL text).

    Each named query answers one question users ask (the skills of a role, the ladder of a
    career track, the sources behind a fact...); run it with `pmgraph query NAME`.

    \b
    Examples:
      pmgraph queries
      pmgraph queries career-ladder
      pmgraph queries --format json
    """
    from ..sparql import named_queries, named_query

    if name:
        query = named_query(name)
        if fmt == "json":
            emit_json(_query_json(query))
        else:
            # the query file itself, exact (a bundled file): never wrapped to the terminal's width
            click.echo(query.text.encode("utf-8"), nl=False)
        return
    library = named_queries()
    if fmt == "json":
        emit_json({"queries": [_query_json(query) for query in library.values()]})
        return
    rows = [(query.name, ", ".join(p.name if p.required else f"[{p.name}]" for p in query.parameters), query.title)
            for query in library.values()]
    click.echo(table(rows, [_("name"), _("parameters"), _("question")]))
    click.echo("\n" + _("{count} named queries; `pmgraph queries NAME` shows one, `pmgraph query NAME` runs it").format(
        count=len(rows)))


def _query_json(query) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description,
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required, "default": p.default,
                            "description": p.description} for p in query.parameters],
            "examples": list(query.examples)}


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query; names resolve like any name (label, CURIE, IRI). Repeatable.")
@format_option
@lang_option
@ids_option
@labels_option
@timeout_option
@pass_state
def query(state: State, name: str, params: tuple[str, ...], fmt: str, lang: str, ids: bool, labels: bool,
          timeout: float) -> None:
    """Run the named query NAME (see `pmgraph queries`) with its parameters.

    Parameters are bound as RDF terms, never pasted into the query text. A query with a
    `lang` parameter takes --lang unless you give it. ASK queries exit 0 for true, 1 for false.

    \b
    Examples:
      pmgraph query skills-of-role --param role="Tech PM"
      pmgraph query career-ladder -p track=pm:TPMCareerPath --lang ja
      pmgraph query roles-needing-skill -p skill="cloud computing" --format csv
      pmgraph query skills-of-role -p role=TPM --format csv --labels --lang ja
      pmgraph query can-move -p role="junior developer" -p target=CTO
    """
    from ..sparql import bind_parameters, named_query

    named = named_query(name)
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(Message("--param {item!r}: write NAME=VALUE, e.g. --param role=\"Tech PM\"", item=item))
        if key in values:
            raise UsageError(Message("--param {name} is given twice", name=key))
        values[key] = value
    if any(p.name == "lang" for p in named.parameters) and "lang" not in values:
        values["lang"] = lang
    _check_format(named.parsed.form, fmt)
    names = [values[p.name] for p in named.parameters if p.kind not in ("text", "lang") and p.name in values]
    needs_names = any(p.kind not in ("text", "lang") for p in named.parameters)
    bindings = bind_parameters(named, values, _names_resolver(state, names) if needs_names else None)
    _emit(state, _run(state, named.parsed, bindings, timeout, False), fmt, lang, ids, labels)


@main.command()
@click.argument("text", required=False, metavar="[QUERY]")
@click.option("--file", "-f", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from this file ('-' for standard input).")
@format_option
@lang_option
@ids_option
@timeout_option
@click.option("--allow-network", is_flag=True,
              help="Allow SERVICE and FROM <remote graph>, which fetch data over the network.")
@pass_state
def sparql(state: State, text: str | None, path: Path | None, fmt: str, lang: str, ids: bool, timeout: float,
           allow_network: bool) -> None:
    """Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    The prefixes pm:, pmo:, skos:, dct:, rdfs:, rdf:, owl:, xsd:, prov:, schema:, esco:, onet:
    and pmsh: are predeclared. Updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are refused
    (exit 2); a syntax error names its line and column (exit 3); a query that runs longer
    than --timeout is stopped (exit 5). ASK exits 0 for true and 1 for false.

    \b
    Examples:
      pmgraph sparql "SELECT ?role WHERE { ?role a pmo:CareerStage } ORDER BY ?role"
      pmgraph sparql "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } LIMIT 5" --format tsv
      pmgraph sparql --file my-query.rq --format json
      pmgraph sparql "ASK { pm:TechPM pmo:track pm:TechPMCareerPath }"
      pmgraph sparql "DESCRIBE pm:SRE" --format nt
    """
    from ..sparql import parse_query

    if (text is None) == (path is None):
        raise UsageError(Message("give the query as an argument or with --file FILE (not both)"))
    source = "<query>"
    if path is not None:
        source = str(path)
        text = _read_query_file(path)
    parsed = parse_query(text, source, allow_network=allow_network)
    _check_format(parsed.form, fmt)
    _emit(state, _run(state, parsed, None, timeout, allow_network), fmt, lang, ids)


def _read_query_file(path: Path) -> str:
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except FileNotFoundError:
        raise BadInput(Message("{file}: no such file", file=path)) from None
    except OSError as error:
        raise BadInput(Message("{file}: cannot read: {reason}", file=path, reason=error.strerror or error)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(Message("{file}: not UTF-8 (byte {byte}); save the query as UTF-8", file=path,
                               byte=error.start)) from None


# -- serve and push -----------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but the loopback lets other machines query the graph.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 picks a free one).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1), metavar="SECONDS",
              help="The server stops any query that runs longer than this.")
@click.option("--cors", is_flag=True, help="Allow browser pages from other origins (e.g. YASGUI) to query it.")
@click.option("--allow-network", is_flag=True,
              help="Let queries use SERVICE, which makes the server send requests to any address a query "
                   "names. Refused by default: any web page you visit could post such a query to it.")
@pass_state
def serve(state: State, host: str, port: int, timeout: float, cors: bool, allow_network: bool) -> None:
    """Serve the graph (bundled + imported datasets + --data) as a read-only SPARQL 1.1 endpoint.

    The server is Oxigraph's (`oxigraph serve-read-only`, from the `oxigraph` package). With
    imported datasets it serves the stored snapshot of everything as it is (ready in about a
    second, whatever its size); otherwise a temporary store that is removed when it stops.
    Any SPARQL client can query the URL it prints. Stop it with Ctrl-C.

    Queries pass pmgraph's checks on their way in: updates are refused, and so is SERVICE
    (a federated query to another address) unless you start it with --allow-network.

    \b
    Examples:
      pmgraph serve
      pmgraph --data my-ladder.ttl serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    import signal
    import threading

    from ..errors import RemoteError
    from ..guard import QueryGuard
    from ..serve import LOOPBACK, OxigraphServer, free_port

    # The guard takes the user's address first (a port in use, or a host that is not an address, stops
    # here in one line, before the graph is loaded); Oxigraph listens on a loopback port of its own behind it.
    inner = free_port()
    guard = QueryGuard(f"http://127.0.0.1:{inner}", host=host, port=port, allow_service=allow_network)
    base = state.open()
    location = getattr(base, "store_path", None)
    if location is not None:  # the knowledge base's own store, served as it is: nothing to copy or load
        graph, count = None, len(base.store)
    else:
        graph = base.graph
        count = len(graph)
    server = OxigraphServer(graph, port=inner, read_only=True, timeout=timeout, cors=cors, location=location)
    if host not in LOOPBACK:
        click.echo("pmgraph: " + _("warning: listening on {host}: other machines can query the graph").format(host=host),
                   err=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if in_main else None
    try:
        with guard, server:
            click.echo(_("Serving {count} triples read-only (Oxigraph). Press Ctrl-C to stop.").format(count=f"{count:,}"))
            click.echo(_("SPARQL endpoint: {url}").format(url=guard.url))
            code = server.wait()
            raise RemoteError(Message("the oxigraph server stopped by itself (exit code {code})", code=code))
    except KeyboardInterrupt:
        click.echo("pmgraph: " + _("server stopped"), err=True)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


@main.command()
@click.option("--endpoint", "store", metavar="URL",
              help="The store's SPARQL 1.1 Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store "
                   "(Oxigraph), http://localhost:3030/ds/data (Fuseki), "
                   "http://localhost:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("--endpoint-user", "user", metavar="NAME",
              help="Log in to the store as this user, with the password in the environment variable "
                   "PMGRAPH_ENDPOINT_PASSWORD (without it, a store that asks gets the login of ~/.netrc).")
@click.option("--graph", "graph_iri", metavar="IRI", help="Load into this named graph (default: the default graph).")
@click.option("--replace", is_flag=True, help="Replace the graph's content (HTTP PUT) instead of adding to it (POST).")
@click.option("--timeout", default=300.0, show_default=True, type=click.FloatRange(0.1), metavar="SECONDS",
              help="Connect / read timeout.")
@pass_state
def push(state: State, store: str | None, user: str | None, graph_iri: str | None, replace: bool,
         timeout: float) -> None:
    """Load the graph (bundled + imported datasets + --data) into a triple store over the Graph Store Protocol.

    So that a team can move its data into a shared store (Oxigraph, Fuseki, GraphDB,
    Virtuoso) and query it there with `pmgraph --endpoint URL ...`. The bundled files and
    --data go as one request, each imported dataset as another, streamed from disk (with
    --replace, the first replaces the graph and the others are added); an Oxigraph server
    loads them with its bulk loader. The count is of the distinct triples pmgraph sees.
    A store that asks for a login gets the one of ~/.netrc for its host, or --endpoint-user
    with the password in PMGRAPH_ENDPOINT_PASSWORD. Progress is shown on a terminal.

    \b
    Examples:
      pmgraph push --endpoint http://127.0.0.1:7878/store
      pmgraph --data my-ladder.ttl push --endpoint http://localhost:3030/ds/data --replace
      pmgraph push --endpoint http://127.0.0.1:7878/store --graph https://example.org/graphs/pmgraph
      PMGRAPH_ENDPOINT_PASSWORD=... pmgraph push --endpoint http://localhost:8890/sparql-graph-crud-auth \\
          --endpoint-user loader --graph https://example.org/graphs/pmgraph
    """
    from ..errors import hide_credentials
    from ..kb.endpoint import Endpoint
    from .datasets import terminal_progress

    if state.endpoint:
        shown = state.endpoint if "@" not in state.endpoint else "URL"
        login = f" --endpoint-user {state.endpoint_user}" if state.endpoint_user else ""
        if store:
            raise UsageError("push sends the local files (bundled + --data) to a store: give the store's "
                             "Graph Store URL as `pmgraph push --endpoint URL`, not the global --endpoint")
        raise UsageError(f"push takes the store's Graph Store URL as its own option, after the command: "
                         f"`pmgraph push --endpoint {shown}{login}`")
    if not store:
        raise UsageError("push needs the store's Graph Store URL: `pmgraph push --endpoint URL`")
    target = Endpoint(store, timeout=timeout, user=user)  # checks the URL and the login before the graph is loaded
    documents, count = state.open().documents()
    target.push_documents(documents, graph_iri=graph_iri, replace=replace, progress=terminal_progress(state.quiet))
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    click.echo((_("replaced {count} triples in {where} of {store}") if replace
                else _("added {count} triples in {where} of {store}")).format(count=f"{count:,}", where=where,
                                                                             store=hide_credentials(store)))
