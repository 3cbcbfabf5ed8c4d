"""``pmgraph plan``, and what a person has on the career commands (``--have``, ``--profile``).

:func:`have_options` adds ``--have NAME[,NAME...]`` (repeatable) and ``--profile FILE`` to a
command; :func:`read_have` turns them into a :class:`~pmgraph.careers.have.Have` (a profile
with mistakes prints one line per mistake). ``plan`` formats
:func:`pmgraph.careers.plan.plan` as text, JSON, a Markdown checklist or an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..careers.plan import DEFAULTS as PLAN_DEFAULTS
from ..careers.reports import DEFAULTS as PATH_DEFAULTS
from ..i18n import Message, _, localize, ngettext
from . import main
from .context import State
from .output import emit_csv, emit_json, lang_option, one_line, one_line_labels, stated_only_option

pass_state = click.make_pass_decorator(State)

__all__ = ["have_options", "recommend_options", "read_have", "recommend_text", "recommend_settings", "partly", "plan_markdown"]


def have_options(command: Callable) -> Callable:
    """``--have`` and ``--profile``, passed to the command as ``have`` and ``profile``."""
    command = click.option("--profile", metavar="FILE",
                           help="Your profile: a TOML file (role, target, skills, tools, concepts, done; "
                                "see docs/careers.md), or the same as RDF.")(command)
    return click.option("--have", "have", multiple=True, metavar="NAME[,NAME...]",
                        help="Skills, tools, concepts (e.g. AWS) or resources done that you have: they drop "
                             "out of what is left to learn. Repeatable.")(command)


def recommend_options(command: Callable) -> Callable:
    """``--max-moves``, ``--limit`` and ``--score-weight`` of ``next --have`` (their defaults:
    :data:`pmgraph.careers.recommend.DEFAULTS`)."""
    from ..careers.recommend import DEFAULTS, PARTS

    options = [
        click.option("--max-moves", type=click.IntRange(1, 10), metavar="N",
                     help=f"With --have/--profile: roles at most N moves away (default {DEFAULTS['max_moves']})."),
        click.option("--limit", type=click.IntRange(1), metavar="N",
                     help=f"With --have/--profile: show the N best roles (default {DEFAULTS['limit']})."),
        click.option("--score-weight", "score_weights", multiple=True, metavar="PART=NUMBER",
                     help="With --have/--profile: the weight of a score part ("
                          + ", ".join(f"'{part}' {DEFAULTS['weights'][part]:g}" for part in PARTS) + "). Repeatable."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def read_have(base, have: tuple[str, ...], profile: str | None):
    """What ``--have`` and ``--profile`` say the person has, or None when neither is given."""
    from ..careers.have import holding, split_names
    from ..careers.profile_file import ProfileError, read_profile

    names = split_names(have)
    if not names and not profile:
        return None
    if not profile:
        return holding(base, names)
    try:
        found = read_profile(base, profile)
    except ProfileError as error:
        for line in error.lines:
            click.echo("pmgraph: " + _("error: {message}").format(message=one_line(localize(line))), err=True)
        raise click.exceptions.Exit(error.exit_code) from None
    if not names:
        return found
    return holding(base, [iri for iri, _, _ in found.given] + names,
                   {iri: level for iri, _, level in found.given if level},
                   role=found.role, target=found.target, origin=found.origin,
                   written={iri: name for iri, name, _ in found.given})


def through(node: dict[str, Any]) -> str:
    """What covers ``node`` in part: ``AWS``, or ``your level`` for the item itself at a partial level."""
    return ", ".join(_("your level") if other["iri"] == node["iri"] else other["label"]
                     for other in node.get("through", []))


def partly(node: dict[str, Any]) -> str:
    """A node's label, with ``(in part: AWS)`` when the person has it in part."""
    if node.get("have") != "partial":
        return node["label"]
    return _("{label} (in part: {through})").format(label=node["label"], through=through(node))


def _had_line(items: list[dict[str, Any]], indent: str) -> list[str]:
    return [indent + _("you have: ") + ", ".join(node["label"] for node in items)] if items else []


# -- next --have -----------------------------------------------------------------------------
def recommend_text(result: dict[str, Any]) -> None:
    """Print a :class:`~pmgraph.careers.recommend.RecommendReport` (as JSON) for people."""
    result = one_line_labels(result)
    roles = result["roles"]
    most = result["settings"]["max_moves"]
    click.echo(ngettext("from {role}: {count} role within {moves}, ranked by how much of what they need you have",
                        "from {role}: {count} roles within {moves}, ranked by how much of what they need you have",
                        len(roles)).format(role=result['role']['label'], count=len(roles),
                                           moves=ngettext("{count} move", "{count} moves", most).format(count=most)))
    for number, entry in enumerate(roles, start=1):
        click.echo("")
        path = " → ".join(node["label"] for node in entry["path"])
        stated = _("{count} stated").format(count=entry['stated_moves'])
        if entry["derived_moves"]:
            stated += _(", {count} derived").format(count=entry['derived_moves'])
        moves = ngettext("{count} move", "{count} moves", entry['moves']).format(count=entry['moves'])
        click.echo(_("{number}. {role}  score {score}  ({moves}: {stated}; {path})").format(
            number=number, role=entry['role']['label'], score=f"{entry['score']:.3f}", moves=moves, stated=stated,
            path=path))
        total = sum(part["weight"] for part in entry["parts"])
        for part in entry["parts"]:
            have = f"{part['covered']}/{part['needed']}"
            if part["partial"]:
                have += _(" + {count} in part").format(count=part['partial'])
            click.echo(f"   {_pad(_(part['part']), 17)} {have:<17} " + _("coverage {coverage} × weight {weight} → {points}").format(
                coverage=f"{part['coverage']:.3f}", weight=f"{part['weight']:g}/{total:g}", points=f"{part['points']:+.3f}"))
        for penalty in entry["penalties"]:
            click.echo(f"   {_pad(localize(penalty['reason']), 61)} → {penalty['points']:+.3f}")
        if entry["job_zone"] is not None:
            zone = entry["job_zone"]
            click.echo("   " + _("O*NET job zone {start} → {end}").format(start=zone['from'], end=zone['to']))
        had = [node["label"] for part in entry["parts"] for node in part["covered_items"]]
        some = [node["label"] for part in entry["parts"] for node in part["partial_items"]]
        if had:
            click.echo("   " + _("you have: ") + ", ".join(had))
        if some:
            click.echo("   " + _("in part: {items}").format(items=", ".join(some)))
    for note in result["notes"]:
        click.echo("\n" + _("note: {note}").format(note=localize(note)))


def _pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` columns (a wide character takes two)."""
    from .output import width

    return text + " " * max(0, columns - width(text))


def recommend_csv(result: dict[str, Any]) -> None:
    """``next --have --format csv``: one row per role, best first, with its score and path."""
    from ..namespaces import curie

    emit_csv(["rank", "role", "role_id", "score", "moves", "stated_moves", "derived_moves", "path", "path_ids"],
             [(number, entry["role"]["label"], curie(entry["role"]["iri"]), f"{entry['score']:.3f}", entry["moves"],
               entry["stated_moves"], entry["derived_moves"], " → ".join(node["label"] for node in entry["path"]),
               " → ".join(curie(node["iri"]) for node in entry["path"]))
              for number, entry in enumerate(result["roles"], start=1)])


# -- plan ------------------------------------------------------------------------------------
def _step_heading(index: int, step: dict[str, Any]) -> str:
    from .careers import _source_labels

    return f"{index}. {step['from']['label']} → {step['to']['label']}  [{step['move']}; {_source_labels(step)}]"


def _meta(item: dict[str, Any]) -> str:
    meta = [_(item["kind"])] + ([_(item["level"])] if item.get("level") else [])
    if item.get("have") == "partial":
        meta.append(_("in part: {items}").format(items=through(item)))
    if item.get("learning_step"):
        step = item["learning_step"]
        meta.append(_("{role} learning step {order}: {step}").format(role=step['role']['label'], order=step['order'],
                                                                     step=step['label']))
    return "; ".join(meta)


def _summary(found: dict[str, Any]) -> str:
    left, done = found["left"], found["done"]
    return _("{left} left: {skills} skills ({partial} of them in part), {tools} tools, {resources} resources; "
             "{done} done ({had} you have, {resources_done} resources done)").format(
        left=left['total'], skills=left['skills'], partial=left['partial'], tools=left['tools'],
        resources=left['resources'], done=done['total'], had=done['had'], resources_done=done['resources'])


def _plan_text(result: dict[str, Any], brief: bool = False) -> None:
    result = one_line_labels(result)
    count = len(result["paths"])
    click.echo(ngettext("{source} → {target}: {count} path (least left to learn first)",
                        "{source} → {target}: {count} paths (least left to learn first)", count).format(
        source=result['from']['label'], target=result['to']['label'], count=count))
    given = result["have"]["items"]
    if given:
        click.echo(_("you have: ") + ", ".join(f"{node['label']} ({_(node['kind'])}"
                                               + (f", {_(node['level'])}" if node.get("level") else "") + ")"
                                               for node in given))
    for number, found in enumerate(result["paths"], start=1):
        click.echo("")
        click.echo(f"{number}. {' → '.join(node['label'] for node in found['nodes'])}")
        click.echo(f"   {_summary(found)}")
        for index, step in enumerate(found["steps"], start=1):
            click.echo("")
            click.echo(f"   {_step_heading(index, step)}")
            for line in _had_line(step["had"], "      "):
                click.echo(line)
            if not step["items"]:
                click.echo("      " + _("nothing left"))
            for item in step["items"]:
                click.echo(f"      [ ] {item['label']} ({_meta(item)})")
                if brief:
                    continue
                for node in item["resources"]:
                    click.echo(f"          [ ] {node['label']}{_inferred(node)}")
                for node in item["resources_done"]:
                    click.echo(f"          [x] {node['label']} " + _("(done)") + _inferred(node))
                for entry in item["questions"]:
                    click.echo("          " + _("asked: {question}").format(question=entry['question']['label'])
                               + _inferred(entry))
                    if entry["answer_points"]:
                        click.echo("            " + _("answer points: {points}").format(
                            points=one_line(entry['answer_points'])))
    for note in result["notes"]:
        click.echo("\n" + _("note: {note}").format(note=localize(note)))


def _inferred(entry: dict[str, Any]) -> str:
    """`` (inferred link)`` for a resource or question only the project's reading ties to its skill."""
    return " " + _("(inferred link)") if entry.get("inferred") else ""


def _md(text: str) -> str:
    """``text`` with Markdown's special characters escaped, on one line."""
    return "".join("\\" + char if char in "\\`*_[]<>|~&" else char for char in one_line(text))


def plan_markdown(result: dict[str, Any], brief: bool = False) -> str:
    """The plan as a Markdown checklist (GitHub task lists) a person can tick and keep."""
    lines = ["# " + _("Plan: {source} → {target}").format(source=_md(result['from']['label']),
                                                         target=_md(result['to']['label'])), ""]
    given = result["have"]["items"]
    if given:
        lines += [_("You have: ") + ", ".join(_md(node["label"]) for node in given), ""]
    for number, found in enumerate(result["paths"], start=1):
        lines += ["## " + _("Path {number}: ").format(number=number)
                  + " → ".join(_md(node["label"]) for node in found["nodes"]), "", _md(_summary(found)), ""]
        for index, step in enumerate(found["steps"], start=1):
            lines += [f"### {_md(_step_heading(index, step))}", ""]
            if not step["items"] and not step["had"]:
                lines += [_("Nothing left."), ""]
                continue
            for item in step["items"]:
                lines.append(f"- [ ] **{_md(item['label'])}** ({_md(_meta(item))})")
                if brief:
                    continue
                lines += [f"  - [ ] {_md(node['label'])}{_inferred(node)}" for node in item["resources"]]
                lines += [f"  - [x] {_md(node['label'])} " + _("(done)") + _inferred(node) for node in item["resources_done"]]
                for entry in item["questions"]:
                    lines.append("  - [ ] " + _("asked: {question}").format(question=_md(entry['question']['label']))
                                 + _inferred(entry))
                    if entry["answer_points"]:
                        lines.append("    " + _("answer points: {points}").format(points=_md(entry['answer_points'])))
            lines += [f"- [x] {_md(node['label'])} " + _("(you have it)") for node in step["had"]]
            lines.append("")
    lines += [_("Note: {note}").format(note=_md(localize(note))) for note in result["notes"]]
    return "\n".join(lines).rstrip("\n") + "\n"


def _paths_view(base, result: dict[str, Any]):
    from ..views.subgraph import build_view, build_view_indexed

    paths = [[node["iri"] for node in found["nodes"]] for found in result["paths"] if found["hops"]]
    # no move to draw (FROM is TO): the role and its neighbours
    options = {"paths": paths} if paths else {"focus": result["to"]["iri"], "depth": 1}
    index = base.knowledge_index()
    if index is not None:
        return build_view_indexed(base.graph, base.catalog, index, **options)
    return build_view(base.graph, base.catalog, base.knowledge()[0], **options)


@main.command()
@click.argument("target", metavar="[TO]", required=False)
@click.option("--from", "source", metavar="ROLE", help="Your current role (default: role in --profile).")
@have_options
@click.option("-k", "k", default=PLAN_DEFAULTS["k"], show_default=True, type=click.IntRange(1, 20),
              help="How many paths to plan, least left to learn first.")
@click.option("--via", multiple=True, metavar="NAME", help="Go through this role. Repeatable.")
@click.option("--avoid", multiple=True, metavar="NAME", help="Never go through this role. Repeatable.")
@click.option("--max-hops", default=PATH_DEFAULTS["max_hops"], show_default=True, type=click.IntRange(1, 100),
              help="At most this many moves per path.")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html", "csv"]), default="text",
              show_default=True, help="text; json; markdown (a checklist to tick and keep); html (the path "
                                      "drawn as `render --path` draws it, the checklist beside it); csv (one row "
                                      "per item left).")
@click.option("--brief", is_flag=True, help="Text and Markdown: the items only, without resources and questions.")
@stated_only_option
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Write here ('-' for standard output); written atomically.")
@pass_state
def plan(state: State, target: str | None, source: str | None, have: tuple[str, ...], profile: str | None,
         k: int, via: tuple[str, ...], avoid: tuple[str, ...], max_hops: int, lang: str, fmt: str, brief: bool,
         stated_only: bool, output: str) -> None:
    """Your plan to a target role: per move, only what is left to learn, in order.

    Start from --profile FILE (your role, skills, tools, concepts, resources done, target)
    or from --from ROLE with --have. Each move lists the skills and tools the next role
    needs that you do not have (a skill you have in part, e.g. AWS toward cloud computing,
    stays, marked "in part"); each item once, at the first move that needs it; skills in
    the order of the next role's learning path; for each skill the resources that build it
    and the interview questions that test it, with their answer points. Rerun with an
    updated profile: what you have drops out, and the plan says how much is left. Exits 1
    when no path exists, 3/4 for a profile with mistakes (one line each).

    \b
    Examples:
      pmgraph plan CTO --from "senior engineer" --have AWS,Terraform,Jira
      pmgraph plan CTO --from "senior engineer" --have AWS,Terraform,Jira --brief
      pmgraph plan --profile me.toml --format markdown -o plan.md
      pmgraph plan --profile me.toml --format html -o plan.html
    """
    from ..careers.plan import plan as make_plan
    from ..errors import UsageError

    if fmt in ("text", "csv") and output != "-":
        raise UsageError(Message("-o goes with --format json, markdown or html"))
    base = state.open()
    found = read_have(base, have, profile)
    if found is None:
        from ..careers.have import holding

        found = holding(base, [])
    report = make_plan(base, target, have=found, source=source, k=k, via=via, avoid=avoid, max_hops=max_hops,
                       lang=lang, stated_only=stated_only)
    result = report.as_json()
    if fmt == "text":
        _plan_text(result, brief)
        return
    if fmt == "csv":
        _plan_csv(result)
        return
    if fmt == "json":
        if output == "-":
            emit_json(result)
            return
        import json

        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = plan_markdown(result, brief)
    else:
        from ..views.plan_page import plan_page

        text = plan_page(result, _paths_view(base, result), base.graph, base.catalog, lang=lang)
    if output == "-":
        click.echo(text.encode("utf-8"), nl=False)
        return
    from ..atomic import write_atomic

    write_atomic(output, text)
    left = result["paths"][0]["left"]["total"] if result["paths"] else 0
    click.echo(ngettext("wrote {file}: {count} path, {left} things left on the first",
                        "wrote {file}: {count} paths, {left} things left on the first", len(result["paths"])).format(
        file=output, count=len(result["paths"]), left=left))


def _plan_csv(result: dict[str, Any]) -> None:
    """``plan --format csv``: one row per item left, per move of each path, with what builds and tests it."""
    from ..namespaces import curie

    def joined(nodes: list[dict[str, Any]]) -> tuple[str, str]:
        return "; ".join(node["label"] for node in nodes), "; ".join(curie(node["iri"]) for node in nodes)

    emit_csv(["path", "step", "from", "from_id", "to", "to_id", "kind", "label", "id", "level", "have",
              "resources", "resources_ids", "questions", "questions_ids"],
             [(number, index, step["from"]["label"], curie(step["from"]["iri"]), step["to"]["label"],
               curie(step["to"]["iri"]), item["kind"], item["label"], curie(item["iri"]), item.get("level") or "",
               item.get("have") or "", *joined(item["resources"]),
               *joined([entry["question"] for entry in item["questions"]]))
              for number, found in enumerate(result["paths"], start=1)
              for index, step in enumerate(found["steps"], start=1) for item in step["items"]])


def recommend_settings(max_moves: int | None, limit: int | None, weights: tuple[str, ...]) -> dict[str, Any]:
    """The settings of ``next --have`` that were given (the rest keep
    :data:`pmgraph.careers.recommend.DEFAULTS`)."""
    from ..careers.recommend import PARTS
    from ..errors import UsageError

    settings: dict[str, Any] = {}
    if max_moves is not None:
        settings["max_moves"] = max_moves
    if limit is not None:
        settings["limit"] = limit
    parsed: dict[str, float] = {}
    for value in weights:
        part, _, number = value.partition("=")
        part = part.strip()
        if part not in PARTS:
            raise UsageError(Message("--score-weight {value!r}: the parts are {parts}", value=value,
                                     parts=", ".join(PARTS)))
        try:
            parsed[part] = float(number)
        except ValueError:
            raise UsageError(Message("--score-weight {value!r}: give PART=NUMBER, e.g. tools=0.5", value=value)) from None
        if parsed[part] < 0:
            raise UsageError(Message("--score-weight {value!r}: a weight is 0 or more", value=value))
    if parsed:
        settings["weights"] = parsed
    return settings


def next_with_have(state: State, role: str | None, previous: bool, have: tuple[str, ...], profile: str | None,
                   max_moves: int | None, limit: int | None, score_weights: tuple[str, ...], lang: str,
                   fmt: str) -> None:
    """``pmgraph next --have/--profile``: :func:`pmgraph.careers.recommend.recommend`, formatted."""
    from ..careers.recommend import recommend
    from ..errors import UsageError

    if not have and not profile:
        if role is None:
            raise UsageError(Message("next needs ROLE, or --have / --profile to rank where you can go"))
        raise UsageError(Message("--max-moves, --limit and --score-weight go with --have or --profile"))
    if previous:
        raise UsageError(Message("--previous does not go with --have or --profile"))
    base = state.open()
    result = recommend(base, role, have=read_have(base, have, profile), lang=lang,
                       **recommend_settings(max_moves, limit, score_weights)).as_json()
    if fmt == "json":
        emit_json(result)
    elif fmt == "csv":
        recommend_csv(result)
    else:
        recommend_text(result)
