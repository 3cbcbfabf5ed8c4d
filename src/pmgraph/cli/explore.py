"""Commands that look the graph up: show, list, search, stats, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import BadInput, NoResult, UsageError
from ..i18n import Message, _, localize
from ..kb import Focus
from ..text import pick
from . import main
from .context import State
from .output import (emit_csv, emit_json, format_option, lang_option, one_line_labels, rows_format_option,
                     stated_only_option, table)
from .words import kind_word, relation_word

pass_state = click.make_pass_decorator(State)


def _pick(texts: dict[str, list[str]], lang: str) -> list[str]:
    return pick(texts, lang, [])


def _source_note(item: dict[str, Any]) -> str:
    sources = item.get("sources") or []
    if not sources:
        return ""
    cited = "; ".join(s["label"] for s in sources)
    words = next(iter(item.get("words", {}).values()), None)
    if words and words != item["label"]:
        cited += f": 「{words}」"
    if item.get("assertion") == "inferred":
        cited = _("inferred from {sources}").format(sources=cited)
    return f"  [{cited}]"


def _qualifiers(item: dict[str, Any], base=None) -> str:
    """`` [similar occupation]``, `` [essential]``, `` [essential; importance 4.1, level 4.5]``."""
    ratings = _(", ").join(f"{_(name)} {item[key]:g}" for name, key in (("importance", "importance"),
                                                                         ("level", "proficiency_level")) if key in item)
    level = (_(item["requirement_level"]) if item.get("requirement_level")
             else _("level not stated") if "requirement_level" in item else None)
    move = relation_word(base, item["move"]) if item.get("move") else None
    details = "; ".join(text for text in (move, level, ratings) if text)
    return f" [{details}]" if details else ""


def _show_text(info: dict[str, Any], lang: str, base=None) -> str:
    lines = [f"{info['label']}  ({kind_word(info['kind'])}, {info['curie']})"]
    for language, names in info["labels"].items():
        lines.append(f"  {language or '-'}: {' · '.join(names)}")
    lines += [_("note: {note}").format(note=localize(note)) for note in info["name_notes"]]
    definition = _pick(info["definitions"], lang)
    if definition:
        lines += ["", *definition]
    for name, texts in info["attributes"].items():
        inferred = info["inferred_attributes"].get(name)
        heading = (_("{name} (inferred from {sources})").format(name=relation_word(base, name),
                                                               sources="; ".join(s["label"] for s in inferred))
                   if inferred else relation_word(base, name))
        lines += ["", f"{heading}:", *(f"  {text}" for text in _pick(texts, lang))]
    for name, items in info["relations"].items():
        lines += ["", f"{relation_word(base, name)} ({len(items)}):"]
        for item in items:
            extra = "".join(f": {item[key]}" for key in ("heading", "url") if item.get(key))
            lines.append(f"  - {item['label']} ({kind_word(item['kind'])}){extra}{_qualifiers(item, base)}"
                         f"{_source_note(item)}")
    if info["sources"]:
        lines += ["", _("sources:")]
        lines += [f"  - {s['label']}: {s['heading'] or ''}".rstrip(": ") for s in info["sources"]]
    return "\n".join(lines)


@main.command()
@click.argument("name")
@stated_only_option
@lang_option
@format_option
@pass_state
def show(state: State, name: str, stated_only: bool, lang: str, fmt: str) -> None:
    """Everything about one entity: labels, definition, relations by kind, and sources.

    NAME is an IRI, a CURIE (pm:TechPM) or any label in any language. Each relation item
    cites its source section with the source's own words for it, and says "inferred from"
    where the source does not state the link and the project read it there. A source
    (pmgraph list source) lists its sections with their headings, the pages it cites and
    the claims it makes.

    \b
    Examples:
      pmgraph show "tech pm"
      pmgraph show テクニカル・プロダクトマネージャー --lang ja
      pmgraph show pm:TechnicalProgramManager --format json
      pmgraph show "Source 002"
      pmgraph show "cloud computing" --stated-only
    """
    base = state.open(Focus(names=(name,), every=False))
    info = base.describe(base.resolve(name), lang, stated_only=stated_only)
    emit_json(info) if fmt == "json" else click.echo(_show_text(one_line_labels(info), lang, base))


def _kind_name(base, kind: str) -> str:
    kinds = base.catalog.kind_names()
    for candidate in (kind, kind.removesuffix("s"), kind.removesuffix("es")):
        if candidate in kinds:
            return candidate
    raise UsageError(Message("unknown kind {kind!r}; kinds are: {kinds}", kind=kind, kinds=", ".join(kinds)))


@main.command(name="list")
@click.argument("kind")
@lang_option
@rows_format_option
@pass_state
def list_(state: State, kind: str, lang: str, fmt: str) -> None:
    """All entities of one KIND (role, stage, skill, concept, tool, duty, department, ...).

    Sorted by label, except learning steps and interview questions, which keep their
    source's order (per role).

    \b
    Examples:
      pmgraph list role
      pmgraph list skill --lang ja
      pmgraph list stage --format json
    """
    base = state.open()
    catalog = base.catalog
    kind = _kind_name(base, kind)
    members = _in_source_order(base, catalog.members(kind))
    if fmt == "json":
        emit_json({"kind": kind, "items": [catalog.node(iri, lang) for iri in members]})
        return
    other = "ja" if lang != "ja" else "en"
    rows = [(catalog.label(iri, lang), catalog.label(iri, other), catalog.node(iri)["kind"] or "", _curie(iri))
            for iri in members]
    if fmt == "csv":
        emit_csv([f"label ({lang})", f"label ({other})", "kind", "id", "iri"],
                 [(*row, str(iri)) for row, iri in zip(rows, members)])
        return
    rows = [(first, second, kind_word(kind_name), curie) for first, second, kind_name, curie in rows]
    click.echo(table(rows, [_("label ({lang})").format(lang=lang), _("label ({lang})").format(lang=other),
                            _("kind"), _("id")]))
    click.echo("\n" + _("{count} {kind} entities").format(count=len(members), kind=kind_word(kind)))


def _in_source_order(base, members: list) -> list:
    """Entities with a place in their source (learning steps, interview questions: ``pmo:order``)
    in that order, per role (by label); any other kind as given (by label)."""
    from ..iris import PMO_NS

    def value(iri, prop: str) -> str | None:
        found = base.triples(str(iri), PMO_NS + prop)
        return found[0][2] if found else None

    if not members or value(members[0], "order") is None:
        return members

    def place(iri) -> tuple:
        role, order = value(iri, "role"), value(iri, "order")
        return (base.label(role, "en") if role is not None else "", int(order) if order and order.isdigit() else 0)

    return sorted(members, key=place)


def _curie(iri) -> str:
    from ..iris import curie

    return curie(iri)


@main.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only entities of this kind. Repeatable.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="At most this many results.")
@lang_option
@rows_format_option
@pass_state
def search(state: State, text: str, kinds: tuple[str, ...], limit: int, lang: str, fmt: str) -> None:
    """Find entities by any label in any language, ranked; tolerant of case, width and typos.

    Exits 1 when nothing matches.

    \b
    Examples:
      pmgraph search クラウド
      pmgraph search "stakeholder" --kind skill
      pmgraph search ｔｅｒｒａｆｏｒｍ --format json
    """
    base = state.open()
    wanted = {_kind_name(base, kind) for kind in kinds} or None
    hits = base.search(text, wanted, limit)
    catalog = base.catalog
    if fmt == "json":
        emit_json({"query": text, "results": [
            {**catalog.node(hit.iri, lang), "matched": hit.matched, "lang": hit.lang, "score": hit.score}
            for hit in hits]})
    elif fmt == "csv":
        emit_csv(["score", "label", "kind", "id", "iri", "matched", "matched_lang"],
                 [(f"{hit.score:.2f}", catalog.label(hit.iri, lang), catalog.kind(hit.iri) or "", _curie(hit.iri),
                   str(hit.iri), hit.matched, hit.lang) for hit in hits])
    else:
        rows = [(f"{hit.score:.2f}", catalog.label(hit.iri, lang), kind_word(catalog.kind(hit.iri), ""),
                 _curie(hit.iri), hit.matched) for hit in hits]
        if rows:
            click.echo(table(rows, [_("score"), _("label"), _("kind"), _("id"), _("matched")]))
    if not hits:
        raise NoResult(Message("no entity matches {text!r}", text=text))


@main.command()
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100), help="How many central roles and skills.")
@lang_option
@format_option
@pass_state
def stats(state: State, top: int, lang: str, fmt: str) -> None:
    """Counts by kind and by source, and the most connected roles and skills.

    Centrality is degree in the knowledge graph: how many distinct entities each one is
    directly related to.

    \b
    Example:
      pmgraph stats --top 5
    """
    report = state.open().stats(lang, top)
    if fmt == "json":
        emit_json(report)
        return
    click.echo(_("{count} triples").format(count=report['triples']) + "\n")
    click.echo(table([(kind_word(kind), str(n)) for kind, n in report["kinds"].items() if n], [_("kind"), _("count")]))
    click.echo("")
    click.echo(table([(s["label"], s["file"], str(s["statements"])) for s in report["sources"]],
                     [_("source"), _("file"), _("statements citing it")]))
    for kind, nodes in report["central"].items():
        click.echo("")
        click.echo(table([(str(n["degree"]), n["label"], _curie(n["iri"])) for n in nodes],
                         [_("degree"), _("most connected {kind}s").format(kind=kind_word(kind)), _("id")]))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--datasets", "all_datasets", is_flag=True,
              help="Validate the imported datasets instead (a closed sample of each; see --full).")
@click.option("--dataset", "names", multiple=True, metavar="NAME",
              help="Validate this imported dataset instead (as --datasets). Repeatable.")
@click.option("--full", is_flag=True,
              help="With --datasets / --dataset: every triple, not a sample (minutes and GBs for ESCO or O*NET).")
@click.option("--sample", "sample_roles", type=click.IntRange(1, 10_000), default=None, metavar="N",
              help="With --datasets / --dataset: how many occupations the sample starts from [default: 10].")
@format_option
@pass_state
def validate(state: State, files: tuple[Path, ...], all_datasets: bool, names: tuple[str, ...], full: bool,
             sample_roles: int | None, fmt: str) -> None:
    """SHACL-validate the bundled ontology plus FILES (and any --data) against the shapes.

    Imported datasets (pmgraph import) are not part of this check; validate them with
    --datasets (or --dataset NAME): each one on its own, with the vocabulary, as a closed
    sample of a few occupations (--sample N, 10 by default) spread over the dataset, every
    fact about them and everything those point to; --full validates every triple instead.

    Exits 0 when the graph conforms (warnings allowed) and 3 when it does not.

    \b
    Examples:
      pmgraph validate
      pmgraph validate my-ladder.ttl --format json
      pmgraph validate --datasets
      pmgraph validate --dataset onet --full
    """
    from ..kb.datasets import installed
    from ..kb.files import load_graph
    from ..validate import SAMPLE_ROLES, validate_dataset
    from ..validate import validate as run_validation

    if all_datasets or names:
        if files or state.data:
            raise UsageError(Message("--datasets and --dataset validate the imported datasets alone; "
                                     "validate FILES and --data with a plain `pmgraph validate`"))
        available = {info.name: info for info in installed()}
        unknown = [name for name in names if name not in available]
        if unknown:
            from ..errors import UnknownName

            hint = (Message("installed: {names}", names=", ".join(sorted(available))) if available
                    else Message("no dataset is installed"))
            raise UnknownName(Message("no dataset named {name!r} ({hint})", name=unknown[0], hint=hint), sorted(available))
        if not available:
            raise UsageError(Message("no dataset is installed: import one first (pmgraph import esco|onet|crosswalk)"))
        chosen = [available[name] for name in (dict.fromkeys(names) if names else sorted(available))]
        checks = [validate_dataset(info, full=full, roles=sample_roles or SAMPLE_ROLES) for info in chosen]
        conforms = all(check.report.conforms for check in checks)
        if fmt == "json":
            emit_json({"conforms": conforms, "datasets": [check.as_json() for check in checks]})
        else:
            click.echo("\n\n".join(f"{check.heading()}\n{check.report.as_text()}" for check in checks))
        if not conforms:
            count = sum(check.report.count("Violation") for check in checks)
            raise BadInput(Message("imported data does not conform to the shapes: {count} violation(s)", count=count))
        return
    if full or sample_roles is not None:
        raise UsageError(Message("--full and --sample apply to --datasets / --dataset"))
    graph = state.open().graph if state.endpoint and not files else load_graph((*state.data, *files))
    report = run_validation(graph)
    skipped = [] if state.endpoint else [info.name for info in installed()]
    if fmt == "json":
        emit_json({**report.as_json(), **({"datasets_not_validated": skipped} if skipped else {})})
    else:
        click.echo(report.as_text())
        if skipped:
            click.echo(_("imported datasets not validated here: {names} (check them with `pmgraph validate "
                         "--datasets`)").format(names=", ".join(skipped)))
    if not report.conforms:
        count = sum(1 for v in report.violations if v.severity == "Violation")
        raise BadInput(Message("the graph does not conform to the shapes: {count} violation(s)", count=count))
