"""Commands about careers: path, gap, next, compare, connect.

Each command opens the knowledge base, calls one report of :mod:`pmgraph.careers` and
formats it: text, or the report's JSON (documented in docs/careers.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from ..careers.reports import DEFAULTS
from ..careers.reports import plural as _plural
from ..i18n import N_, Message, _, localize, ngettext
from ..kb import Focus
from . import main
from .context import State
from .output import (emit_csv, emit_json, format_option, lang_option, one_line_labels, rows_format_option,
                     stated_only_option, table, width)
from .plan import have_options, partly, read_have, recommend_options
from .words import kind_word, relation_word

pass_state = click.make_pass_decorator(State)

#: Headings of the gap's sections in text output.
GAP_HEADINGS = {"skill": N_("skills to learn"), "tool": N_("tools to learn"), "equipment": N_("equipment to learn"),
                "duty": N_("duties to take on"), "department": N_("departments to work with"), "focus": N_("focus")}
LINE_WIDTH = 100
#: A move asking for more tools than this lists only its hot and in-demand ones (O*NET's marks),
#: unless --all-tools; the others are counted.
TOOLS_SHOWN = 12


def _number(value: float) -> str:
    return f"{value:.2f}"


def _change(first: str, second: str) -> str:
    return first if first == second else f"{first} → {second}"


def _strengthen_text(entry: dict[str, Any]) -> str:
    """``optional → essential, level 2.12 → 3.25, importance 2.12 → 3.00`` for one skill to strengthen."""
    before, after = entry["from"], entry["to"]
    parts = [_change(before["level"]["label"] if before["level"] else _("no level stated"),
                     after["level"]["label"] if after["level"] else _("no level stated"))]
    for key, name in (("proficiency", N_("level")), ("importance", N_("importance"))):
        if before[key] is not None and after[key] is not None:
            parts.append(f"{_(name)} {_change(_number(before[key]), _number(after[key]))}")
    return _(", ").join(parts)


def _wrap(items: Sequence[str], indent: int, first: str = "", width_limit: int | None = None) -> list[str]:
    """``first`` then ``items`` joined by commas, wrapped at ``width_limit`` columns (CJK-aware;
    by default the output's width, see :mod:`pmgraph.cli.width`, else ``LINE_WIDTH``)."""
    import sys

    width_limit = width_limit or getattr(sys.stdout, "columns", None) or LINE_WIDTH
    lines: list[str] = []
    current = " " * indent + first
    fresh = True
    for number, item in enumerate(items):
        piece = item + ("," if number < len(items) - 1 else "")
        if not fresh and width(current) + 1 + width(piece) > width_limit:
            lines.append(current)
            current = " " * (indent + width(first)) + piece
        else:
            current += ("" if fresh else " ") + piece
        fresh = False
    lines.append(current)
    return lines


def _citation_text(citation: dict[str, Any]) -> str:
    """``  [Source 001 § 3 Hard skills table: 「クラウドコンピューティング」]`` for one fact of a
    report, ``inferred from ...`` when the project read it there."""
    cited = "; ".join(source["label"] for source in citation["sources"])
    if citation["words"]:
        cited += f": 「{citation['words']}」"
    return "  [" + (_("inferred from {sources}").format(sources=cited) if citation["inferred"] else cited) + "]"


def _telling(citation: dict[str, Any]) -> bool:
    """Whether a gap line shows ``citation``: when it gives the source's words, is inferred, or
    cites a section of a document (not the same dataset on every line of an ESCO or O*NET gap)."""
    return bool(citation["words"] or citation["inferred"] or any(s.get("heading") for s in citation["sources"]))


def _source_labels(step: dict[str, Any]) -> str:
    """``Source 001 § 5 Career path``; ``inferred from ...`` when the project read the move there."""
    from ..careers.bridges import step_label

    bridge = step_label(step)
    if bridge:
        return bridge
    cited = "; ".join(source["label"] for source in step["sources"])
    if not cited:
        return _("derived, no source")
    return _("inferred from {sources}").format(sources=cited) if step.get("inferred") else cited


def _tool_label(node: dict[str, Any]) -> str:
    """``AWS (hot, in demand)``: a technology with O*NET's marks."""
    marks = [_(name) for key, name in (("hot", N_("hot")), ("in_demand", N_("in demand"))) if node.get(key)]
    return partly(node) + (f" ({', '.join(marks)})" if marks else "")


def _gap_lines(step: dict[str, Any], indent: int, all_tools: bool = False) -> list[str]:
    """``new skills (N): ...`` (the optional ones apart, after ``optional (M):``), ``new tools (N): ...``,
    and the physical equipment (listed with ``all_tools``, else counted)."""
    lines: list[str] = []
    skills = step["gap"]["skills"]
    if skills:
        first = _("new skills ({count}): ").format(count=len(skills))
        needed = [partly(node) for node in skills if node.get("level") != "optional"]
        optional = [partly(node) for node in skills if node.get("level") == "optional"]
        if needed:
            lines += _wrap(needed, indent, first)
        if optional:
            lead = _("optional ({count}): ").format(count=len(optional))
            block = _wrap(optional, indent + (width(first) if needed else 0), ("" if needed else first) + lead)
            lines += block
    tools = step["gap"]["tools"]
    marked = [node for node in tools if node.get("hot") or node.get("in_demand")]
    if len(tools) > TOOLS_SHOWN and marked and not all_tools:
        # the hot and in-demand ones come first; the others are counted
        rest = len(tools) - len(marked)
        lines += _wrap([_tool_label(node) for node in marked] + [_("and {count} more (--all-tools lists them)").format(
            count=rest)], indent, _("new tools ({count}): ").format(count=len(tools)))
    elif tools:
        lines += _wrap([_tool_label(node) for node in tools], indent, _("new tools ({count}): ").format(count=len(tools)))
    equipment = [partly(node) for node in step["gap"].get("equipment", [])]
    if equipment and all_tools:
        lines += _wrap(equipment, indent, _("new equipment ({count}): ").format(count=len(equipment)))
    elif equipment:
        lines.append(" " * indent + _("new equipment ({count}): not listed (--all-tools lists it)").format(
            count=len(equipment)))
    if step.get("had"):
        lines += _wrap([node["label"] for node in step["had"]], indent, _("you have: "))
    return lines or [" " * indent + _("nothing new recorded")]


def _note(truncated: bool, reason: str | None) -> None:
    if truncated:
        click.echo("\n" + _("note: {reason}; the list may be incomplete").format(reason=localize(reason)))


def _id(node: dict[str, Any]) -> str:
    """The CURIE (or IRI) of a report's node: the identifier column of CSV output."""
    from ..namespaces import curie

    return curie(node["iri"])


def _joined(nodes: list[dict[str, Any]]) -> tuple[str, str]:
    """``("label; label", "id; id")``: a list of nodes as two CSV cells."""
    return "; ".join(node["label"] for node in nodes), "; ".join(_id(node) for node in nodes)


def _gap_csv(result: dict[str, Any]) -> None:
    """One row per item of the gap (missing, then to strengthen), with what builds and tests it."""
    learning = {entry["skill"]["iri"]: entry["resources"] for entry in result["learning"]}
    questions = {entry["skill"]["iri"]: entry["questions"] for entry in result["questions"]}
    rows = []
    for kind, items in result["missing"].items():
        for item in items:
            rows.append(("missing", kind, item["label"], _id(item), item.get("level") or "",
                         item.get("importance"), item.get("proficiency"),
                         *_joined(learning.get(item["iri"], [])), *_joined(questions.get(item["iri"], []))))
    for entry in result["to_strengthen"]:
        skill = entry["skill"]
        rows.append(("to strengthen", "skill", skill["label"], _id(skill), _strengthen_text(entry), None, None,
                     "", "", "", ""))
    emit_csv(["section", "kind", "label", "id", "level", "importance", "proficiency", "resources", "resources_ids",
              "questions", "questions_ids"], rows)


def _compare_csv(result: dict[str, Any], kinds: Sequence[str]) -> None:
    """One row per item any compared role has: its kind, label, id and, per role, yes or no."""
    roles = [node["iri"] for node in result["roles"]]
    rows = []
    for kind in kinds:
        holders: dict[str, tuple[dict[str, Any], set[str]]] = {}
        for item in result["shared"][kind]:
            holders[item["iri"]] = (item, set(roles))
        for group in result["partly_shared"].get(kind, []):
            for item in group["items"]:
                holders[item["iri"]] = (item, set(group["roles"]))
        for role in roles:
            for item in result["only"][role][kind]:
                holders[item["iri"]] = (item, {role})
        for item, who in holders.values():
            rows.append((kind, item["label"], _id(item), *("yes" if role in who else "no" for role in roles)))
    emit_csv(["kind", "label", "id", *(node["label"] for node in result["roles"])], rows)


# -- path ----------------------------------------------------------------------------------
@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("-k", "k", default=DEFAULTS["k"], show_default=True, type=click.IntRange(1, 100),
              help="How many alternative paths to show, best first (at most 100).")
@click.option("--via", multiple=True, metavar="NAME", help="Go through this role. Repeatable; visited in the order given.")
@click.option("--avoid", multiple=True, metavar="NAME", help="Never go through this role. Repeatable.")
@click.option("--max-hops", default=DEFAULTS["max_hops"], show_default=True, type=click.IntRange(1, 100), help="At most this many moves per path.")
@click.option("--weight", type=click.Choice(["hops", "gap"]), default=DEFAULTS["weight"], show_default=True,
              help="Rank by fewest moves (hops), or by fewest new skills and tools to learn on the way (gap; "
                   "a skill the next role needs only as optional counts half).")
@click.option("--time-limit", default=DEFAULTS["time_limit"], show_default=True, type=click.FloatRange(0.001, 3600), metavar="SECONDS",
              help="Stop searching after this long and show what was found.")
@stated_only_option
@click.option("--all-tools", is_flag=True,
              help="List every tool each move asks for: the physical equipment (O*NET Tools Used) too, and, "
                   "where a move asks for more than 12 tools, those O*NET does not mark hot or in demand.")
@have_options
@lang_option
@rows_format_option
@pass_state
def path(state: State, source: str, target: str, k: int, via: tuple[str, ...], avoid: tuple[str, ...],
         max_hops: int, weight: str, time_limit: float, stated_only: bool, all_tools: bool, have: tuple[str, ...],
         profile: str | None, lang: str, fmt: str) -> None:
    """The best career paths from one role to another, best first.

    Each move shows its kind (promotion, lateral move, pivot), what the next role needs that
    the current one is not recorded as having (skills and tools), and the source that states
    it ("inferred from" where the source does not state the move and the project read it
    there). Paths never visit a role twice. When no recorded move connects the two roles, the
    best bridges are shown instead, each hop marked (⇢) with what it is: an alignment to an
    ESCO or O*NET occupation, the ESCO-O*NET crosswalk, or a move derived from skill overlap
    (see docs/careers.md for their costs); --stated-only keeps to stated moves and never
    bridges. Exits 1 when no path exists, 5 when a limit (--max-hops, --time-limit, 100
    candidate paths) left nothing to show.

    \b
    Examples:
      pmgraph path "senior engineer" CTO
      pmgraph path "senior engineer" TPM
      pmgraph path "senior engineer" CTO --stated-only
      pmgraph path シニア開発者 CTO --lang ja
      pmgraph path "junior developer" CTO -k 5 --weight gap --format json
      pmgraph path engineer "VP of Engineering" --via TPM --avoid "Tech PM"
      pmgraph path "senior engineer" CTO --have AWS,Terraform,Jira
    """
    from ..careers import reports

    base = state.open()
    report = reports.path(base, source, target, k=k, via=via, avoid=avoid, max_hops=max_hops,
                          weight=weight, time_limit=time_limit, lang=lang, stated_only=stated_only,
                          have=read_have(base, have, profile))
    result = report.as_json()
    if fmt == "json":
        emit_json(result)
        return
    if fmt == "csv":
        emit_csv(["path", "step", "from", "from_id", "to", "to_id", "move", "inferred", "sources", "new_skills",
                  "new_skills_ids", "new_tools", "new_tools_ids"],
                 [(number, index, step["from"]["label"], _id(step["from"]), step["to"]["label"], _id(step["to"]),
                   step["move"], "yes" if step.get("inferred") else "no",
                   "; ".join(source["label"] for source in step["sources"]),
                   *_joined(step["gap"]["skills"]), *_joined(step["gap"]["tools"]))
                  for number, found in enumerate(result["paths"], start=1)
                  for index, step in enumerate(found["steps"], start=1)])
        return
    result = one_line_labels(result)
    order = (_("fewest moves first") if weight == "hops"
             else _("fewest new skills and tools first; an optional skill counts half"))
    count = len(result["paths"])
    if report.bridged:
        costs = DEFAULTS["hop_costs"]
        order = _("lowest cost first: a stated or inferred move costs {stated}, a derived move {derived}, a broad match "
                  "{broad}, a close match or crosswalk link {close}").format(
            stated=costs["stated move"], derived=costs["derived move"], broad=costs["broad match"],
            close=costs["close match"])
        click.echo(ngettext("{source} → {target}: no recorded path; {count} bridged path ({order})",
                            "{source} → {target}: no recorded path; {count} bridged paths ({order})",
                            count).format(source=result['from']['label'], target=result['to']['label'], count=count,
                                          order=order))
    else:
        click.echo(ngettext("{source} → {target}: {count} path ({order})", "{source} → {target}: {count} paths ({order})",
                            count).format(source=result['from']['label'], target=result['to']['label'], count=count,
                                          order=order))
    for number, found in enumerate(result["paths"], start=1):
        click.echo("")
        labels = [node["label"] for node in found["nodes"]]
        if not found["steps"]:
            click.echo(_("{number}. {role}: the same role, no move needed").format(number=number, role=labels[0]))
            continue
        to_learn = sum(len(step["gap"].get(key, ())) for step in found["steps"] for key in ("skills", "tools", "equipment"))
        optional = sum(node.get("level") == "optional" for step in found["steps"] for node in step["gap"]["skills"])
        moves = ngettext("{count} move", "{count} moves", found['hops']).format(count=found['hops'])
        click.echo(f"{number}. {' → '.join(labels)}")
        summary = "   " + _("{moves}, {count} new skills and tools on the way").format(moves=moves, count=to_learn)
        if optional:
            summary += _(", {count} of the skills optional").format(count=optional)
        if report.bridged or (weight == "gap" and found["cost"] != to_learn):
            summary += _(" (cost {cost})").format(cost=f"{found['cost']:g}")
        click.echo(summary)
        for index, step in enumerate(found["steps"], start=1):
            recorded = step["hop"] in ("stated move", "inferred move")
            arrow = "→" if recorded else "⇢"
            label = f"{step['move']}; {_source_labels(step)}" if recorded else _source_labels(step)
            click.echo(f"   {index}. {step['from']['label']} {arrow} {step['to']['label']}  [{label}]")
            if step["hop"] in ("alignment", "crosswalk"):
                click.echo("      a hop between classifications: no gap computed")
                continue
            if step.get("requirements_from"):
                click.echo(f"      requirements {step['requirements_from']}")
            for line in _gap_lines(step, 6, all_tools):
                click.echo(line)
    for note in result["notes"]:
        click.echo("\n" + _("note: {note}").format(note=localize(note)))
    _note(report.truncated, report.reason)


# -- gap -----------------------------------------------------------------------------------
#: Headings of the missing skills in text output, by the level TO needs them at.
SKILL_HEADINGS = {"essential": N_("essential skills to learn"), "optional": N_("optional skills to learn"),
                  "unspecified": N_("skills to learn, level not stated")}


@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--essential", "essential_only", is_flag=True,
              help="Only the skills TO needs as essential (to learn and to strengthen); tools, duties and "
                   "departments are shown as usual.")
@click.option("--all-tools", is_flag=True,
              help="List the physical equipment to learn (O*NET Tools Used) too; by default it is only counted.")
@stated_only_option
@have_options
@lang_option
@rows_format_option
@pass_state
def gap(state: State, source: str, target: str, essential_only: bool, all_tools: bool, stated_only: bool,
        have: tuple[str, ...], profile: str | None, lang: str, fmt: str) -> None:
    """The whole gap from one role to another, as a study plan.

    What TO is recorded as needing that FROM is not: skills (essential ones first, then
    optional ones, as the sources rate them), tools, duties and departments to work with; for
    each missing skill, the learning resources that build it and the interview questions
    that test it (TO's own first). Skills both have are listed "to strengthen" when TO needs
    them as essential and FROM only as optional, or (O*NET) at a proficiency level one point
    or more higher. "Recorded" means stated by a source for that very role: a role with
    nothing recorded has everything TO needs as its gap. Each item cites the source that
    records it for TO, in that source's own words; resources and questions that only the
    project's reading links to a skill are listed apart as inferred (--stated-only leaves
    them out).

    \b
    Examples:
      pmgraph gap "senior engineer" "Tech PM"
      pmgraph gap "Tech PM" TPM --lang ja
      pmgraph gap エンジニアリングリード "Tech PM" --format json
      pmgraph gap 2512.4 1330.7 --essential
      pmgraph gap "senior engineer" "Tech PM" --have AWS,Terraform,Jira
    """
    from ..careers import reports

    base = state.open() if have or profile else state.open(Focus(names=(source, target), study=True))
    report = reports.gap(base, source, target, essential_only=essential_only, lang=lang, stated_only=stated_only,
                         have=read_have(base, have, profile))
    result = report.as_json()
    if fmt == "json":
        emit_json(result)
        return
    if fmt == "csv":
        _gap_csv(result)
        return
    result = one_line_labels(result)
    from_label, to_label = result["from"]["label"], result["to"]["label"]
    notes, strengthen = result["notes"], result["to_strengthen"]
    total = sum(len(items) for items in result["missing"].values())
    headline = ngettext("{source} → {target}: {count} thing {target} is recorded as needing that {source} is not",
                        "{source} → {target}: {count} things {target} is recorded as needing that {source} is not",
                        total).format(source=from_label, target=to_label, count=total)
    if strengthen:
        headline += ngettext(", and {count} skill to strengthen", ", and {count} skills to strengthen",
                             len(strengthen)).format(count=len(strengthen))
    click.echo(headline)
    for note in notes:
        click.echo(_("note: {note}").format(note=localize(note)))
    material_shown = (any(entry["resources"] for entry in result["learning"])
                      or any(entry["questions"] for entry in result["questions"]))
    learning = {entry["skill"]["iri"]: entry["resources"] for entry in result["learning"]}
    questions = {entry["skill"]["iri"]: entry["questions"] for entry in result["questions"]}

    def section(heading: str, items: list[dict[str, Any]], kind: str) -> None:
        click.echo("")
        click.echo(f"{_(heading)} ({len(items)})")
        if not items:
            click.echo("  " + _("(none)"))
        if kind == "equipment" and items and not all_tools:
            click.echo("  " + _("(not listed: --all-tools lists them)"))
            return
        for item in items:
            numbers = [f"{_(name)} {_number(item[key])}" for key, name in (("importance", N_("importance")),
                                                                          ("proficiency", N_("level")))
                       if item.get(key) is not None]
            numbers += [_(name) for key, name in (("hot", N_("hot")), ("in_demand", N_("in demand"))) if item.get(key)]
            click.echo(f"  - {partly(item)}" + (f" ({_(', ').join(numbers)})" if numbers else "")
                       + "".join(_citation_text(citation) for citation in item.get("citations", [])
                                 if _telling(citation)))
            if kind != "skill" or not material_shown:
                continue
            resources = learning.get(item["iri"], [])
            stated = [r["label"] for r in resources if not r["inferred"]]
            inferred = [r["label"] for r in resources if r["inferred"]]
            if stated or not inferred:
                for line in (_wrap(stated, 6, _("learn with: ")) if stated
                             else ["      " + _("learn with: (no resource recorded)")]):
                    click.echo(line)
            if inferred:
                for line in _wrap(inferred, 6, _("learn with (inferred link): ")):
                    click.echo(line)
            for question in questions.get(item["iri"], []):
                click.echo("      " + (_("asked (inferred link): {question}") if question["inferred"]
                                       else _("asked: {question}")).format(question=question["label"]))

    levels_of_target = set(report.target_levels)
    for kind, items in result["missing"].items():
        if kind != "skill":
            section(GAP_HEADINGS.get(kind, _plural(kind)), items, kind)
            continue
        if levels_of_target <= {"unspecified"}:
            section(GAP_HEADINGS["skill"], items, kind)
        else:
            for name in ("essential", "unspecified", "optional"):
                group = [item for item in items if (item["level"] or "unspecified") == name]
                if group or name == "essential" or (name == "optional" and name in levels_of_target
                                                    and not essential_only):
                    section(SKILL_HEADINGS[name], group, kind)
        if strengthen:
            click.echo("")
            click.echo(_("skills to strengthen ({count}): needed more by {target} than by {source}").format(
                count=len(strengthen), target=to_label, source=from_label))
            for entry in strengthen:
                click.echo(f"  - {entry['skill']['label']}: {_strengthen_text(entry)}")


def _need_text(need: dict[str, Any]) -> str:
    """``essential, level 3.88`` (or ``no level stated``) for one role's requirement."""
    parts = [need["level"]["label"] if need["level"] else _("no level stated")]
    if need["proficiency"] is not None:
        parts.append(f"{_('level')} {_number(need['proficiency'])}")
    return _(", ").join(parts)


# -- next ----------------------------------------------------------------------------------
@main.command(name="next")
@click.argument("role", required=False)
@click.option("--previous", is_flag=True, help="Where one comes from instead: the moves into ROLE.")
@stated_only_option
@have_options
@recommend_options
@lang_option
@rows_format_option
@pass_state
def next_(state: State, role: str | None, previous: bool, stated_only: bool, have: tuple[str, ...],
          profile: str | None, max_moves: int | None, limit: int | None, score_weights: tuple[str, ...], lang: str,
          fmt: str) -> None:
    """Where one can go from ROLE (or, with --previous, come from), with the kind of move.

    Each move shows the skills and tools the role moved into needs that the role moved from
    is not recorded as having, and the source that states the move. Exits 1 when no move is
    recorded. With --have or --profile: the roles within --max-moves ranked by how much of
    what they need you have, each score explained by its parts (docs/careers.md).

    \b
    Examples:
      pmgraph next "Tech PM"
      pmgraph next CTO --previous
      pmgraph next "Senior TPM" --lang ja --format json
      pmgraph next "engineering lead" --have AWS,Terraform,Jira,"cloud computing"
    """
    from ..careers import reports

    if have or profile or max_moves or limit or score_weights or role is None:
        from .plan import next_with_have

        return next_with_have(state, role, previous, have, profile, max_moves, limit, score_weights, lang, fmt)
    base = state.open(Focus(names=(role,), moves="previous" if previous else "next"))
    result = reports.next_moves(base, role, previous=previous, lang=lang, stated_only=stated_only).as_json()
    if fmt == "json":
        emit_json(result)
        return
    if fmt == "csv":
        emit_csv(["role", "role_id", "move", "inferred", "sources", "new_skills", "new_skills_ids", "new_tools",
                  "new_tools_ids"],
                 [(item["role"]["label"], _id(item["role"]), item["move"], "yes" if item.get("inferred") else "no",
                   "; ".join(source["label"] for source in item["sources"]),
                   *_joined(item["gap"]["skills"]), *_joined(item["gap"]["tools"])) for item in result["moves"]])
        return
    result = one_line_labels(result)
    rows = [(item["role"]["label"], item["move"], str(len(item["gap"]["skills"])), str(len(item["gap"]["tools"])),
             _source_labels(item)) for item in result["moves"]]
    heading = (ngettext("{role} comes from {count} role:", "{role} comes from {count} roles:", len(rows)) if previous
               else ngettext("{role} moves to {count} role:", "{role} moves to {count} roles:", len(rows)))
    click.echo(heading.format(role=result['role']['label'], count=len(rows)) + "\n")
    column = _("previous role") if previous else _("next role")
    click.echo(table(rows, [column, _("move"), _("new skills"), _("new tools"), _("source")]))


# -- compare -------------------------------------------------------------------------------
@main.command()
@click.argument("roles", nargs=-1, required=True, metavar="A B [C ...]")
@stated_only_option
@have_options
@lang_option
@rows_format_option
@pass_state
def compare(state: State, roles: tuple[str, ...], stated_only: bool, have: tuple[str, ...], profile: str | None,
            lang: str, fmt: str) -> None:
    """Shared and distinct skills, tools, duties, departments and focus of two or more roles.

    The similarity score is the Jaccard index: the items all roles share divided by the
    items any of them has (0 = nothing in common, 1 = the same recorded profile). It counts
    only what the sources record for each role, and says when a role has nothing recorded
    of a kind. Shared skills that the roles need at different levels (essential for one,
    optional for another, or O*NET proficiency levels one point or more apart) are listed
    under "at different levels"; the score counts them as shared. Then what the sources
    argue about the roles (their claims, e.g. source 002's How vs When), a claim stated on a
    broader role marked as inherited from it. An item the project inferred for a role says
    so; --stated-only leaves it out.

    \b
    Examples:
      pmgraph compare "Tech PM" TPM
      pmgraph compare "Tech PM" TPM "technical project manager" --lang ja
      pmgraph compare "Tech PM" TPM --format json
      pmgraph compare 15-1251.00 11-3021.00
      pmgraph compare "Tech PM" TPM --have AWS,Terraform,Jira
    """
    from ..careers import reports
    from ..errors import UsageError

    if len(roles) < 2:
        raise UsageError(Message("compare needs at least two roles (A B [C ...])"))
    base = state.open() if have or profile else state.open(Focus(names=roles))
    report = reports.compare(base, roles, lang=lang, stated_only=stated_only, have=read_have(base, have, profile))
    result = report.as_json()
    if fmt == "json":
        emit_json(result)
        return
    if fmt == "csv":
        _compare_csv(result, report.kinds)
        return
    result = one_line_labels(result)
    iris, kinds = [node["iri"] for node in result["roles"]], report.kinds
    names = [node["label"] for node in result["roles"]]
    click.echo(_(" vs ").join(names))
    score = _("n/a") if report.similarity is None else f"{report.similarity:.2f}"
    click.echo(_("similarity {score} ({method})").format(score=score, method=_(report.method)))
    label_of = {node["iri"]: node["label"] for node in result["roles"]}
    if len(iris) > 2:
        for pair in result["pairs"]:
            shown = _("n/a") if pair["similarity"] is None else f"{pair['similarity']:.2f}"
            click.echo(f"  {label_of[pair['roles'][0]]} / {label_of[pair['roles'][1]]}: {shown}")
    for note in result["notes"]:
        click.echo(_("note: {note}").format(note=localize(note)))
    everyone = _("all") if len(iris) > 2 else _("both")
    for kind in kinds:
        by_kind = report.similarity_by_kind[kind]
        shown = _("n/a") if by_kind is None else f"{by_kind:.2f}"
        click.echo("\n" + _("{kind} (similarity {score})").format(kind=_(kind), score=shown))
        rows = [(everyone, result["shared"][kind])]
        rows += [(" + ".join(label_of[r] for r in group["roles"]), group["items"])
                 for group in result["partly_shared"].get(kind, [])]
        rows += [(_("only {role}").format(role=name), result["only"][iri][kind]) for name, iri in zip(names, iris)]
        pad = max(width(text) for text, _ in rows)
        for text, items in rows:
            labels = [node["label"] + _inferred_for(node, label_of, len(iris)) for node in items] or ["—"]
            for line in _wrap(labels, 2, text + " " * (pad - width(text)) + "  "):
                click.echo(line)
        if kind == "skill" and result["level_differences"]:
            count = len(result["level_differences"])
            click.echo("  " + ngettext("at different levels ({count}), as {roles} needs them:",
                                       "at different levels ({count}), as {roles} need them:",
                                       len(names)).format(count=count, roles=' / '.join(names)))
            for entry in result["level_differences"]:
                click.echo(f"    {entry['skill']['label']}: " + " / ".join(_need_text(need) for need in entry["requirements"]))
    _claims_text(result["claims"], iris, names, everyone)
    if result.get("have"):
        click.echo("\n" + _("what you have of each role's skills and tools"))
        for entry in result["have"]["coverage"]:
            click.echo("  " + _("{role}: {have} of {needed}, {partial} in part, {missing} missing").format(
                role=entry['role']['label'], have=len(entry['have']), needed=entry['needed'],
                partial=len(entry['partial']), missing=entry['missing']))


def _inferred_for(node: dict[str, Any], label_of: dict[str, str], roles: int) -> str:
    """`` (inferred)``, or `` (inferred for Tech PM)`` when only some of the roles' links are."""
    inferred = node.get("inferred_for") or []
    if not inferred:
        return ""
    return " " + (_("(inferred)") if len(inferred) == roles or roles == 1 else
                  _("(inferred for {roles})").format(roles=", ".join(label_of[role] for role in inferred)))


def _claims_text(claims: dict[str, Any], iris: list[str], names: list[str], everyone: str) -> None:
    """What the sources argue about the compared roles, a claim per line with its source."""
    groups = [(everyone, claims["shared"])] + [(_("only {role}").format(role=name), claims["only"][iri])
                                               for name, iri in zip(names, iris)]
    if not any(items for _, items in groups):
        return
    click.echo("\n" + _("claims (what the sources argue about them; inherited = stated on a broader role)"))
    for heading, items in groups:
        if not items:
            continue
        click.echo(f"  {heading}:")
        for claim in items:
            inherited = sorted({about["stated_on"]["label"] for about in claim["about"] if about["inherited"]})
            marks = [_("inherited from {roles}").format(roles=", ".join(inherited))] if inherited else []
            marks += [_("focus: {focus}").format(focus=", ".join(claim["focus"]))] if claim["focus"] else []
            cited = _citation_text({"sources": claim["sources"], "words": None, "inferred": claim["inferred"]})
            click.echo(f"    - {claim['claim']['label']}" + (f" ({'; '.join(marks)})" if marks else "") + cited)


# -- connect -------------------------------------------------------------------------------
def _arrow(relations: list[dict[str, Any]]) -> str:
    forward = [relation_word(None, name) for name in sorted({r["relation"] for r in relations
                                                              if r["direction"] == "forward"})]
    backward = [relation_word(None, name) for name in sorted({r["relation"] for r in relations
                                                               if r["direction"] == "backward"})]
    parts = ([f"—{' / '.join(forward)}→"] if forward else []) + ([f"←{' / '.join(backward)}—"] if backward else [])
    return " ".join(parts)


@main.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@click.option("-k", "k", default=DEFAULTS["k"], show_default=True, type=click.IntRange(1, 100),
              help="How many chains to show, shortest first (at most 100).")
@click.option("--avoid", multiple=True, metavar="NAME", help="Never go through this entity. Repeatable.")
@click.option("--max-hops", default=DEFAULTS["max_hops"], show_default=True, type=click.IntRange(1, 100), help="At most this many relations per chain.")
@click.option("--time-limit", default=DEFAULTS["time_limit"], show_default=True, type=click.FloatRange(0.001, 3600), metavar="SECONDS",
              help="Stop searching after this long and show what was found.")
@lang_option
@format_option
@pass_state
def connect(state: State, first: str, second: str, k: int, avoid: tuple[str, ...], max_hops: int,
            time_limit: float, lang: str, fmt: str) -> None:
    """How two entities are related across the whole knowledge graph: the shortest chains.

    A and B are any entities (roles, skills, tools, concepts, departments...). Relations are
    followed in either direction; each link names its relation and which way it reads.
    Exits 1 when nothing links them.

    \b
    Examples:
      pmgraph connect Terraform TPM
      pmgraph connect "cloud computing" "finance and procurement" -k 5
      pmgraph connect Jira CTO --lang ja --format json
    """
    from ..careers import reports

    report = reports.connect(state.open(), first, second, k=k, avoid=avoid, max_hops=max_hops,
                             time_limit=time_limit, lang=lang)
    result = report.as_json()
    if fmt == "json":
        emit_json(result)
        return
    result = one_line_labels(result)
    count = len(result["chains"])
    click.echo(ngettext("{source} ↔ {target}: {count} chain, shortest first",
                        "{source} ↔ {target}: {count} chains, shortest first", count).format(
        source=result['from']['label'], target=result['to']['label'], count=count))
    for number, chain in enumerate(result["chains"], start=1):
        parts = [chain["nodes"][0]["label"] + f" ({kind_word(chain['nodes'][0]['kind'])})"]
        for step in chain["steps"]:
            parts.append(f"{_arrow(step['relations'])} {step['to']['label']} ({kind_word(step['to']['kind'])})")
        click.echo(f"\n{number}. " + " ".join(parts) if chain["steps"]
                   else f"\n{number}. " + _("{entity}: the same entity").format(entity=parts[0]))
    _note(report.truncated, report.reason)
