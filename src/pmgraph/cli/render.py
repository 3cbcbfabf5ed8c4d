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
                     help="The career paths between two roles: the roles on them, their moves and what each asks to learn."),
        click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 20),
                     help="With --path: how many paths, best first."),
        click.option("--context", is_flag=True,
                     help="With --path: also the roles one move away from the paths, faded."),
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
                track: str | None, path: tuple[str, str] | None, k: int, lang: str, check=None, context: bool = False):
    """The view the options ask for (names resolved as everywhere else in pmgraph).

    With imported datasets the view is read from the snapshot's stored projection, and
    ``check`` (if given) sees its nodes before the rest is read. A path view is made from the
    report of ``pmgraph path`` (:func:`pmgraph.views.pathview.path_view`).
    """
    from ..views.subgraph import build_view, build_view_indexed

    chosen = [flag for flag, value in (("--focus", focus), ("--track", track), ("--path", path)) if value]
    if len(chosen) > 1:
        raise UsageError(Message("choose one of --focus, --track and --path (got {options})",
                                 options=AndList(chosen)))
    base = state.open()
    if path:
        from ..views.pathview import path_view

        return path_view(base, path[0], path[1], k=k, lang=lang, context=context, kinds=_split(kinds),
                         relations=_split(relations), check=check)
    options = {"focus": str(base.resolve(focus)) if focus else None, "depth": depth,
               "track": _track(base, track) if track else None, "paths": None,
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
    def wrapper(state: State, focus, depth, kinds, relations, track, path, k, context, lang, **rest):
        if _given("depth") and not focus:
            raise UsageError(Message("--depth goes with --focus"))
        if _given("k") and not path:
            raise UsageError(Message("-k goes with --path"))
        if context and not path:
            raise UsageError(Message("--context goes with --path"))
        check = _size_check(rest["max_nodes"], rest["force"]) if "max_nodes" in rest else None
        view = select_view(state, focus, depth, kinds, relations, track, path, k, lang, check=check, context=context)
        return command(state, view, lang, **rest)

    return wrapper


#: What ``render`` draws: an interactive page, or a picture of the same layout.
PICTURE_FORMATS = ("html", "svg", "png")


@main.command()
@view_options
@click.option("-o", "--output", required=True, metavar="FILE", help="Write the page here ('-' for standard output).")
@click.option("--format", "fmt", default="html", show_default=True, type=click.Choice(PICTURE_FORMATS),
              help="html (an interactive page), svg (a picture with searchable text), png (the picture, drawn "
                   "by Chromium where it is installed).")
@click.option("--title", help="The page's heading (default: what the view shows).")
@click.option("--max-nodes", default=1000, show_default=True, type=click.IntRange(1), metavar="N",
              help="Refuse views bigger than this (they draw slowly and read badly).")
@click.option("--force", is_flag=True, help="Draw a view bigger than --max-nodes anyway.")
@pass_state
@_with_view
def render(state: State, view, lang: str, output: str, fmt: str, title: str | None, max_nodes: int, force: bool) -> None:
    """Write an interactive HTML page of the graph, or part of it, or a picture of it.

    One self-contained file (it loads nothing from the network): nodes coloured and shaped
    by kind, edges coloured by relation, with a legend of every mark; labels shown by
    priority (the focus, its neighbours and the paths first, the rest on zoom or hover) so
    that none overlap; a search box that finds a node by any name in any language, typos
    too; filters by kind of node and of edge; a click on a node lists its connections by
    relation with their sources, and a click on a source shows what is known about it.
    Career ladders and paths are drawn junior (top) to senior (bottom); a path view lists
    each move with what it asks to learn (as `pmgraph path` does), with --context the roles
    around it. --format svg writes the same layout as a picture (labels as text) and
    --format png draws that picture with Chromium. Exits 5 when the view has more than
    --max-nodes nodes (narrow it, or --force), 2 for png without Chromium, 7 when the file
    cannot be written.

    \b
    Examples:
      pmgraph render -o graph.html
      pmgraph render --focus "Tech PM" --depth 1 -o techpm.html
      pmgraph render --track TPM --lang ja -o tpm-ladder.html
      pmgraph render --path "senior engineer" CTO -o to-cto.html
      pmgraph render --path 15-1252.00 11-3021.00 --format svg -o to-manager.svg
      pmgraph render --kind role,skill --relation "requires skill" -o skills.html
    """
    from ..views.render import check_size, drawn_edges, render_html

    check_size(view, max_nodes, force)
    base = state.open()
    if fmt == "html":
        _write(output, render_html(view, base.graph, base.catalog, lang=lang, title=title))
    else:
        from ..views.svg import render_svg

        picture = render_svg(view, base.graph, base.catalog, lang=lang, title=title)
        if fmt == "svg":
            _write(output, picture)
        else:
            from ..views.picture import png_from_svg

            _write_bytes(output, png_from_svg(picture))
    if output != "-":
        click.echo(_("wrote {file}: {nodes} nodes, {edges} edges").format(
            file=output, nodes=f"{view.graph.number_of_nodes():,}", edges=f"{drawn_edges(view):,}"))


def _write_bytes(output: str, data: bytes) -> None:
    from ..atomic import write_atomic

    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        write_atomic(output, data)


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
    project manager, TAM), the senior engineer → CTO paths, SVG and PNG pictures of the
    ladders and paths (PNG where Chromium is installed), a page per source document, the
    RDF, GraphML and Mermaid exports, and an index.html that links them. The same data
    gives byte-identical text files.

    \b
    Example:
      pmgraph gallery exports
    """
    from pathlib import Path

    from ..views.gallery import gallery_files, gallery_pictures, picture_names, stale_files, write_gallery
    from ..views.picture import chromium

    base = state.open()
    files = gallery_files(base.graph, base.catalog)
    written = write_gallery(Path(folder), files)
    click.echo(_("wrote {count} files in {folder}").format(count=len(written), folder=folder))
    if chromium() is not None:
        pictures = write_gallery(Path(folder), gallery_pictures(files))
        click.echo(_("wrote {count} PNG pictures in {folder}").format(count=len(pictures), folder=folder))
    else:
        click.echo(_("note: no Chromium, so the {count} PNG pictures the index links were not drawn "
                     "(apt-get install chromium)").format(count=len(picture_names(files))), err=True)
    for path in stale_files(Path(folder), files):
        click.echo(_("note: {file} is not part of the gallery any more; delete it").format(file=path), err=True)
