"""Commands for real data: import esco / onet / crosswalk, datasets, datasets remove.

An import converts the publisher's files (:mod:`pmgraph.importers`), installs the result
atomically in the data directory (:mod:`pmgraph.kb.datasets`) and then indexes the graph that
every later command reads (:mod:`pmgraph.kb.snapshot`), so that the next command is fast.
Progress goes to stderr: bars on a terminal, else one line per step that took more than a
second; ``--quiet`` prints nothing on success.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..i18n import Message, _, localize, ngettext
from . import main
from .output import emit_json, table, unescaped

__all__ = ["terminal_progress"]


#: A step that takes longer than this many seconds is reported on stderr when it is not a terminal.
NOTICE_AFTER = 1.0


def terminal_progress(quiet: bool = False):
    """A :class:`pmgraph.importers.Progress` for stderr: click progress bars on a terminal; elsewhere
    (a log, a pipe, CI) one plain line per step that took more than :data:`NOTICE_AFTER` seconds,
    ``pmgraph: <step>: <seconds> s``; nothing with ``quiet``."""
    from ..importers import no_progress

    if quiet:
        return no_progress
    if not sys.stderr.isatty():
        return _line_progress

    @contextlib.contextmanager
    def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
        with click.progressbar(length=max(int(total), 1), label=label, file=unescaped(sys.stderr),
                               show_eta=True, width=30) as bar:
            yield bar.update

    return progress


@contextlib.contextmanager
def _line_progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """One line on stderr once the step is done, if it took more than :data:`NOTICE_AFTER` seconds."""
    start = time.monotonic()
    yield lambda amount: None
    took = time.monotonic() - start
    if took > NOTICE_AFTER:
        click.echo(f"pmgraph: {label}: {took:.1f} s", err=True)


quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing on success (no progress, no summary).")
version_option = click.option("--version", "version", metavar="VERSION",
                              help="The release, when the folder does not say (e.g. 1.1.1 for ESCO, 29.3 for O*NET).")
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format of the summary.")


def _number(value: int) -> str:
    return f"{value:,}"


def _install(name: str, source: Path, build, quiet: bool, fmt: str) -> None:
    """Install ``build``'s output as ``name``, index the graph, and report."""
    from ..kb.datasets import datasets_dir, install, installed
    from ..kb.snapshot import Snapshot
    from .context import State

    state = click.get_current_context().find_object(State)
    quiet = quiet or bool(state is not None and state.quiet)  # `pmgraph --quiet import ...` too

    progress = terminal_progress(quiet)
    times = {"start": time.monotonic()}

    def notice(line: str) -> None:
        if not quiet:
            click.echo(f"pmgraph: {localize(line)}", err=True)

    loaded: dict = {}  # the new triples, loaded while they are written: handed to the index

    def index() -> None:  # part of the install: a dataset that cannot be indexed is not installed
        times["imported"] = time.monotonic()
        Snapshot(installed(), progress=progress, notice=notice, loaded=loaded).ensure()

    info = install(name, lambda out: build(out, progress), source=str(source.resolve()), check=index,
                   loaded=loaded)
    imported, indexed = times["imported"] - times["start"], time.monotonic() - times["imported"]
    if quiet:
        return
    result: dict[str, Any] = info.as_dict() | {"seconds": {"import": round(imported, 1), "index": round(indexed, 1)},
                                               "data_dir": str(datasets_dir().parent)}
    if fmt == "json":
        emit_json(result)
        return
    click.echo(_("imported {name}: {title}, {triples} triples, in {seconds} s (then indexed for queries in "
                 "{indexed} s)").format(name=info.name, title=info.title, triples=_number(info.triples),
                                        seconds=f"{imported:.1f}", indexed=f"{indexed:.1f}"))
    click.echo("  " + _("from {source}").format(source=info.source))
    click.echo("  " + _("into {folder}").format(folder=info.path))
    click.echo("  " + ", ".join(f"{_number(count)} {what}" for what, count in info.counts.items()))
    if info.parameters.get("moves"):
        click.echo("  " + _("derived moves: {how}").format(how=info.parameters['moves']['derived_by']))
    total = sum(anomaly["count"] for anomaly in info.anomalies)
    click.echo("\n" + (_("anomalies: {kinds} kinds, {count} occurrences (the import kept going; see docs/data.md)").format(
        kinds=len(info.anomalies), count=_number(total)) if info.anomalies else _("anomalies: none")))
    width = max((len(_number(anomaly["count"])) for anomaly in info.anomalies), default=1)
    for anomaly in info.anomalies:
        click.echo(f"  {_number(anomaly['count']):>{width}}  {anomaly['description']}")
        if anomaly["examples"]:
            click.echo(" " * (width + 4) + _("e.g. ") + "; ".join(anomaly["examples"]))
    click.echo("\n" + _("licence: {licence}").format(licence=info.license) + "\n"
               + _("attribution: {attribution}").format(attribution=info.attribution))


@main.group(name="import")
def import_() -> None:
    """Import a published classification (ESCO, O*NET) as a dataset every command then sees.

    The dataset goes to the data directory ($PMGRAPH_HOME, else your user data folder);
    importing again replaces it atomically. See `pmgraph datasets`.

    \b
    Examples:
      pmgraph import esco data/esco-1.1.1
      pmgraph import onet "data/onet-29.3"
      pmgraph import crosswalk esco_onet_crosswalk_Nov2020.csv --esco data/esco-1.1.1 --onet data/onet-29.3
    """


@import_.command(name="esco")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@version_option
@click.option("--moves-top-k", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="Derive a move from each occupation to its K most similar ones by skill overlap (0: none).")
@click.option("--moves-min-similarity", default=0.15, show_default=True, type=click.FloatRange(0, 1),
              help="Only derive moves between occupations at least this similar (weighted Jaccard, 0-1).")
@click.option("--optional-weight", default=0.5, show_default=True, type=click.FloatRange(0, 1),
              help="Weight of an optional skill in the overlap (an essential skill weighs 1).")
@quiet_option
@format_option
def import_esco_command(folder: Path, version: str | None, moves_top_k: int, moves_min_similarity: float,
                        optional_weight: float, quiet: bool, fmt: str) -> None:
    """Import ESCO from its official CSV export (occupations, skills, relations, hierarchies).

    DIR holds the English CSV files of the classification archive and the relations archive
    (occupations_en.csv, skills_en.csv, occupationSkillRelations.csv, ISCOGroups_en.csv,
    skillGroups_en.csv, broaderRelationsOccPillar.csv, broaderRelationsSkillPillar.csv).
    Moves between occupations are derived from skill overlap (see docs/data.md). Exits 3 when
    a file is missing or has the wrong header.

    \b
    Examples:
      pmgraph import esco ../shared/data/external/esco-1.1.1
      pmgraph import esco ~/Downloads/esco --version 1.1.1 --moves-top-k 5 --quiet
    """
    from ..kb.datasets import check_folder
    from ..importers.esco import import_esco
    from ..importers.overlap import OverlapMethod

    folder = check_folder(folder)
    method = OverlapMethod(optional_weight=optional_weight, top_k=moves_top_k, min_similarity=moves_min_similarity)
    _install("esco", folder, lambda out, progress: import_esco(folder, out, version=version,
                                                               moves=method if moves_top_k else None,
                                                               progress=progress), quiet, fmt)


@import_.command(name="onet")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@version_option
@quiet_option
@format_option
def import_onet_command(folder: Path, version: str | None, quiet: bool, fmt: str) -> None:
    """Import O*NET from its database files (text files, or TSVs of the Excel files).

    DIR holds Occupation Data, Skills, Content Model Reference, Technology Skills, Related
    Occupations, Job Zones, Job Zone Reference and Alternate Titles, each as NAME.txt (the
    official text files) or NAME.tsv. Exits 3 when a file is missing or has the wrong header.

    \b
    Examples:
      pmgraph import onet ../shared/data/external/onet-29.3
      pmgraph import onet ~/Downloads/db_29_3_text --version 29.3 --format json
    """
    from ..kb.datasets import check_folder
    from ..importers.onet import import_onet

    folder = check_folder(folder)
    _install("onet", folder, lambda out, progress: import_onet(folder, out, version=version, progress=progress),
             quiet, fmt)


@import_.command(name="crosswalk")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--esco", "esco", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="The ESCO export the crosswalk's occupations are checked against.")
@click.option("--onet", "onet", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="The O*NET release the crosswalk's codes are checked (and updated) against.")
@quiet_option
@format_option
def import_crosswalk_command(path: Path, esco: Path, onet: Path, quiet: bool, fmt: str) -> None:
    """Import Nesta's ESCO-O*NET crosswalk as skos:closeMatch links between the two.

    Its O*NET-SOC 2010 codes are checked against the O*NET release in --onet: a code that
    changed in the 2019 taxonomy is linked to the occupation of the same title and reported;
    one with no such occupation is reported and not linked.

    \b
    Examples:
      pmgraph import crosswalk esco_onet_crosswalk_Nov2020.csv --esco data/esco-1.1.1 --onet data/onet-29.3
    """
    from ..kb.datasets import check_folder
    from ..errors import BadInput
    from ..importers.crosswalk import import_crosswalk

    if not path.is_file():
        raise BadInput(Message("{file}: no such file", file=path) if not path.exists()
                       else Message("{file}: not a file", file=path))
    esco, onet = check_folder(esco), check_folder(onet)
    _install("crosswalk", path, lambda out, progress: import_crosswalk(path, out, esco=esco, onet=onet,
                                                                       progress=progress), quiet, fmt)


@main.group(invoke_without_command=True)
@format_option
@click.pass_context
def datasets(ctx: click.Context, fmt: str) -> None:
    """The imported datasets: name, version, triples and when each was imported.

    Every command reads the bundled graph together with these. Data live in $PMGRAPH_HOME
    (else your user data folder); `pmgraph import` adds a dataset, `datasets remove` drops one.

    \b
    Examples:
      pmgraph datasets
      pmgraph datasets --format json
      pmgraph datasets remove esco
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..kb.datasets import data_dir, installed

    found = installed()
    if fmt == "json":
        emit_json({"data_dir": str(data_dir()), "datasets": [{
            "name": info.name, "title": info.title, "version": info.version, "triples": info.triples,
            "imported_at": info.imported_at, "license": info.license, "attribution": info.attribution,
            "source": info.source, "counts": info.counts,
            "anomalies": sum(anomaly["count"] for anomaly in info.anomalies)} for info in found]})
        return
    if not found:
        click.echo(_("no dataset imported (data directory: {folder}); try `pmgraph import esco DIR`").format(
            folder=data_dir()))
        return
    rows = [(info.name, info.version, _number(info.triples), info.imported_at.replace("T", " "), info.title)
            for info in found]
    click.echo(table(rows, [_("name"), _("version"), _("triples"), _("imported at (UTC)"), _("title")]))
    click.echo("\n" + ngettext("{count} dataset in {folder}", "{count} datasets in {folder}", len(found)).format(
        count=len(found), folder=data_dir()))


@datasets.command(name="remove")
@click.argument("name")
@quiet_option
def datasets_remove(name: str, quiet: bool) -> None:
    """Remove an imported dataset; commands no longer see it.

    Exits 4 when no dataset has that name.

    \b
    Examples:
      pmgraph datasets remove esco
    """
    from ..kb.datasets import remove

    info = remove(name)
    if not quiet:
        click.echo(_("removed {name} ({title}, {triples} triples)").format(name=info.name, title=info.title,
                                                                          triples=_number(info.triples)))
