"""Commands that draw and export the graph: render, export, gallery.

Each command resolves its names, selects a :class:`pmgraph.views.subgraph.View` of the knowledge
graph, and hands it to :mod:`pmgraph.views.render`, :mod:`pmgraph.views.export` or
:mod:`pmgraph.views.gallery`; every file is written atomically (:mod:`pmgraph.atomic`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import click

from ..errors import UsageError
from ..i18n import AndList, Message, _
from . import main, not_empty
from .context import State
from .output import lang_option

pass_state = click.make_pass_decorator(State)

#: Export formats (kept here so that ``--help`` does not import the exporters).
EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "graphml", "gexf", "json", "mermaid", "csv")


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def view_options(command: Callable) -> Callable:
    """The options that choose what part of the graph to draw or export."""
    options = [
        click.option("--focus", metavar="NAME", callback=not_empty,
                     help="The neighbourhood of this entity (any name, in any language)."),
        click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
                     help="With --focus: how many edges away from it to go."),
        click.option("--kind", "kinds", multiple=True, metavar="KIND[,KIND...]",
                     help="Only nodes of these kinds (role, skill, tool, duty, concept...). Repeatable."),
        click.option("--relation", "relations", multiple=True, metavar="NAME[,NAME...]",
                     help="Only edges of these relations, by label ('requires skill') or CURIE "
                          "(pmo:SkillRequirement). Repeatable."),
        click.option("--track", metavar="NAME", callback=not_empty,
                     help="One whole career ladder: a career track, or a role on it."),
        click.option("--path", "path", nargs=2, metavar="FROM TO", callback=not_empty,
                     help="The career paths between two roles, highlighted in their surroundings."),
        click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 20),
                     help="With --path: how many paths, best first."),
        lang_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _track(base, name: str) -> str:
    from rdflib import URIRef

    from ..namespaces import PMO

    iri = base.resolve(name, kinds=("track", "role"))
    if base.kind(iri) == "track":
        return str(iri)
    track = base.graph.value(URIRef(iri), PMO.track)
    if track is None:
        tracks = ", ".join(base.label(t) for t in base.members("track"))
        raise UsageError(Message("{role} is on no career track; the tracks are: {tracks}", role=base.label(iri),
                                 tracks=tracks))
    return str(track)


def select_view(state: State, focus: str | None, depth: int, kinds: tuple[str, ...], relations: tuple[str, ...],
                track: str | None, path: tuple[str, str] | None, k: int, lang: str, check=None):
    """The view the options ask for (names resolved as everywhere else in pmgraph).

    With imported datasets the view is read from the snapshot's stored projection, and
    ``check`` (if given) sees its nodes before the rest is read.
    """
    from ..views.subgraph import build_view, build_view_indexed, career_paths_between

    chosen = [flag for flag, value in (("--focus", focus), ("--track", track), ("--path", path)) if value]
    if len(chosen) > 1:
        raise UsageError(Message("choose one of --focus, --track and --path (got {options})",
                                 options=AndList(chosen)))
    base = state.open()
    paths = None
    if path:
        source, target = (str(base.resolve(name, kinds=("role",))) for name in path)
        paths = career_paths_between(base.graph, base.catalog, source, target, k=k, lang=lang,
                                     career=base.career_graph())
    options = {"focus": str(base.resolve(focus)) if focus else None, "depth": depth,
               "track": _track(base, track) if track else None, "paths": paths,
               "kinds": _split(kinds), "relations": _split(relations)}
    index = base.knowledge_index()
    if index is not None:
        return build_view_indexed(base.graph, base.catalog, index, check=check, **options)
    return build_view(base.graph, base.catalog, base.knowledge()[0], **options)


def _write(output: str, text: str) -> None:
    from ..atomic import write_atomic

    if output == "-":
        click.echo(text.encode("utf-8"), nl=False)  # bytes: UTF-8 whatever the terminal's encoding
    else:
        write_atomic(output, text)


def _given(name: str) -> bool:
    source = click.get_current_context().get_parameter_source(name)
    return source is not None and source != click.core.ParameterSource.DEFAULT


def _size_check(max_nodes: int, force: bool) -> Callable:
    """Refuse a view of more than ``max_nodes`` nodes (unless ``force``) as soon as its nodes are known."""
    def check(nodes) -> None:
        import networkx as nx

        from ..views.render import check_size
        from ..views.subgraph import View

        counted = nx.MultiDiGraph()
        counted.add_nodes_from(nodes)
        check_size(View(counted), max_nodes, force)

    return check


def _with_view(command: Callable) -> Callable:
    @functools.wraps(command)
    def wrapper(state: State, focus, depth, kinds, relations, track, path, k, lang, **rest):
        if _given("depth") and not focus:
            raise UsageError(Message("--depth goes with --focus"))
        if _given("k") and not path:
            raise UsageError(Message("-k goes with --path"))
        check = _size_check(rest["max_nodes"], rest["force"]) if "max_nodes" in rest else None
        view = select_view(state, focus, depth, kinds, relations, track, path, k, lang, check=check)
        return command(state, view, lang, **rest)

    return wrapper


@main.command()
@view_options
@click.option("-o", "--output", required=True, metavar="FILE", help="Write the page here ('-' for standard output).")
@click.option("--title", help="The page's heading (default: what the view shows).")
@click.option("--max-nodes", default=1000, show_default=True, type=click.IntRange(1), metavar="N",
              help="Refuse views bigger than this (they draw slowly and read badly).")
@click.option("--force", is_flag=True, help="Draw a view bigger than --max-nodes anyway.")
@pass_state
@_with_view
def render(state: State, view, lang: str, output: str, title: str | None, max_nodes: int, force: bool) -> None:
    """Write an interactive HTML page of the graph, or part of it.

    One self-contained file (it loads nothing from the network): nodes coloured and shaped
    by kind with a legend, directed edges labelled by relation, a tooltip with each node's
    definition and sources, a search box that finds a node by any name in any language,
    filters by kind of node and of edge, and a click that highlights a node's
    neighbourhood. Career ladders and paths are drawn junior (top) to senior (bottom).
    Exits 5 when the view has more than --max-nodes nodes (narrow it, or --force), 7 when
    the file cannot be written.

    \b
    Examples:
      pmgraph render -o graph.html
      pmgraph render --focus "Tech PM" --depth 1 -o techpm.html
      pmgraph render --track TPM --lang ja -o tpm-ladder.html
      pmgraph render --path "senior engineer" CTO -o to-cto.html
      pmgraph render --kind role,skill --relation "requires skill" -o skills.html
    """
    from ..views.render import check_size, drawn_edges, render_html

    check_size(view, max_nodes, force)
    base = state.open()
    page = render_html(view, base.graph, base.catalog, lang=lang, title=title)
    _write(output, page)
    if output != "-":
        click.echo(_("wrote {file}: {nodes} nodes, {edges} edges").format(
            file=output, nodes=f"{view.graph.number_of_nodes():,}", edges=f"{drawn_edges(view):,}"))


@main.command()
@view_options
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS),
              help="ttl, nt, jsonld, trig (RDF); graphml, gexf (Gephi, yEd, Cytoscape); json (node-link); "
                   "mermaid (flowchart); csv (edge list).")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Write here ('-' for standard output).")
@click.option("--force", is_flag=True, help="Write a Mermaid chart with more edges than Mermaid draws by default (500).")
@pass_state
@_with_view
def export(state: State, view, lang: str, fmt: str, output: str, force: bool) -> None:
    """Write the graph, or part of it, in a format other tools open.

    Without --focus, --track, --path, --kind or --relation the RDF formats hold every
    triple loaded; with them, the triples about the entities shown and the facts behind
    the edges shown. Labels in GraphML, GEXF, JSON, Mermaid and CSV follow --lang. Files
    are written atomically: an error midway leaves an existing file untouched (exit 7 when
    it cannot be written).

    \b
    Examples:
      pmgraph export --format ttl -o pmgraph.ttl
      pmgraph export --format graphml -o pmgraph.graphml
      pmgraph export --track "Tech PM" --format mermaid
      pmgraph export --focus TPM --format csv -o tpm-edges.csv
    """
    from ..views.export import export as export_view

    base = state.open()
    index = base.knowledge_index()
    text = export_view(view, base.graph, base.catalog, fmt, lang=lang, force=force,
                       all_entities=index.iris() if index is not None else base.knowledge()[0].nodes)
    _write(output, text)


@main.command()
@click.argument("folder", default="exports", metavar="[DIR]")
@pass_state
def gallery(state: State, folder: str) -> None:
    """Regenerate the gallery of pages and exports in DIR (default: exports).

    The whole graph, each career track, a page per main role (Tech PM, TPM, technical
    project manager, TAM), the senior engineer → CTO paths, the RDF, GraphML and Mermaid
    exports, and an index.html that links them. The same data gives byte-identical files.

    \b
    Example:
      pmgraph gallery exports
    """
    from pathlib import Path

    from ..views.gallery import gallery_files, stale_files, write_gallery

    base = state.open()
    files = gallery_files(base.graph, base.catalog)
    written = write_gallery(Path(folder), files)
    click.echo(_("wrote {count} files in {folder}").format(count=len(written), folder=folder))
    for path in stale_files(Path(folder), files):
        click.echo(_("note: {file} is not part of the gallery any more; delete it").format(file=path), err=True)

