"""Commands about careers: path, gap, next, compare, connect.

Each command resolves its names, calls one function of :mod:`pmgraph.paths` or
:mod:`pmgraph.compare` on the projections of :mod:`pmgraph.project`, and prints text or
the JSON documented in docs/careers.md. Nodes in JSON are ``catalog.node(iri, lang)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import click

from ..errors import NoResult
from . import main
from .context import State
from .output import emit_json, format_option, lang_option, table, width

pass_state = click.make_pass_decorator(State)

#: What the gap of one move shows (the step of a path, a move of `next`).
STEP_KINDS = ("skill", "tool")
#: Plural JSON keys of the step gap.
STEP_KEYS = {"skill": "skills", "tool": "tools"}
#: Headings of the gap's sections in text output.
GAP_HEADINGS = {"skill": "skills to learn", "tool": "tools to learn", "duty": "duties to take on",
                "department": "departments to work with", "focus": "focus"}
LINE_WIDTH = 100


# -- shared helpers ------------------------------------------------------------------------
def _cached(state: State, name: str, build):
    if name not in state._cache:
        state._cache[name] = build()
    return state._cache[name]


def _career(state: State):
    from ..project import career_graph

    return _cached(state, "career_graph", lambda: career_graph(state.graph, state.catalog))


def _profiles(state: State):
    from ..project import role_profiles

    return _cached(state, "role_profiles", lambda: role_profiles(state.graph, state.catalog))


def _requirements(state: State):
    """How each role needs each skill (level, importance, proficiency): ``role_requirements``."""
    from ..project import role_requirements

    return _cached(state, "role_requirements", lambda: role_requirements(state.graph, state.catalog))


def _role(state: State, name: str) -> str:
    return str(state.resolver.resolve(name, kinds=("role",)))


def _node(state: State, iri: str, lang: str) -> dict[str, Any]:
    from rdflib import URIRef

    return state.catalog.node(URIRef(iri), lang)


def _label(state: State, iri: str, lang: str) -> str:
    from rdflib import URIRef

    return state.catalog.label(URIRef(iri), lang)


def _nodes(state: State, iris: Iterable[str], lang: str) -> list[dict[str, Any]]:
    """Nodes sorted by their label in ``lang`` (then IRI), so lists read alphabetically."""
    from ..catalog import normalize

    nodes = [_node(state, iri, lang) for iri in iris]
    return sorted(nodes, key=lambda node: (normalize(node["label"]), node["iri"]))


def _skill_nodes(state: State, iris: Iterable[str], role: str, lang: str, numbers: bool = False) -> list[dict[str, Any]]:
    """Skill nodes sorted by label, each with ``level`` (how ``role`` needs it: "essential",
    "optional" or None when no level is stated) and, with ``numbers``, its ``importance`` and
    ``proficiency`` (O*NET's scales, or None)."""
    from ..compare import level_name

    needs = _requirements(state).get(role, {})
    nodes = _nodes(state, iris, lang)
    for node in nodes:
        need = needs.get(node["iri"])
        name = level_name(need)
        node["level"] = None if name == "unspecified" else name
        if numbers:
            node["importance"] = need[1] if need else None
            node["proficiency"] = need[2] if need else None
    return nodes


def _need(state: State, need: Sequence | None, lang: str) -> dict[str, Any]:
    """A requirement as JSON: ``{"level": node | None, "importance": number | None, "proficiency": ...}``."""
    if need is None:
        return {"level": None, "importance": None, "proficiency": None}
    return {"level": _node(state, need[0], lang) if need[0] else None, "importance": need[1], "proficiency": need[2]}


def _number(value: float) -> str:
    return f"{value:.2f}"


def _change(first: str, second: str) -> str:
    return first if first == second else f"{first} → {second}"


def _strengthen_text(entry: dict[str, Any]) -> str:
    """``optional → essential, level 2.12 → 3.25, importance 2.12 → 3.00`` for one skill to strengthen."""
    before, after = entry["from"], entry["to"]
    parts = [_change(before["level"]["label"] if before["level"] else "no level stated",
                     after["level"]["label"] if after["level"] else "no level stated")]
    for key, name in (("proficiency", "level"), ("importance", "importance")):
        if before[key] is not None and after[key] is not None:
            parts.append(f"{name} {_change(_number(before[key]), _number(after[key]))}")
    return ", ".join(parts)


def _sources(state: State, iris: Iterable[str]) -> list[dict[str, Any]]:
    from rdflib import URIRef

    from ..describe import source_info

    return [source_info(state.catalog, URIRef(iri)) for iri in sorted(set(iris))]


def _pick(texts: dict[str, str], lang: str) -> str | None:
    for language in (lang, "en", "ja", "ko", ""):
        if texts.get(language):
            return texts[language]
    return next(iter(texts.values()), None)


def _wrap(items: Sequence[str], indent: int, first: str = "", width_limit: int = LINE_WIDTH) -> list[str]:
    """``first`` then ``items`` joined by commas, wrapped at ``width_limit`` columns (CJK-aware)."""
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


def _move(state: State, transitions: list[dict], lang: str) -> str:
    names: list[str] = []
    for transition in transitions:
        name = _pick(transition["move_label"], lang) or "move"
        if name not in names:
            names.append(name)
    return " / ".join(names) or "move"


def _step(state: State, u: str, v: str, lang: str) -> dict[str, Any]:
    """One move as JSON: from, to, move, gap (skills, tools), sources, condition, transitions."""
    from ..compare import role_gap

    transitions = _career(state).edges[u, v]["transitions"]
    gap = role_gap(_profiles(state), u, v, STEP_KINDS)
    condition = next((_pick(t["condition"], lang) for t in transitions if t["condition"]), None)
    return {
        "from": _node(state, u, lang),
        "to": _node(state, v, lang),
        "move": _move(state, transitions, lang),
        "gap": {"skills": _skill_nodes(state, gap["skill"], v, lang), "tools": _nodes(state, gap["tool"], lang)},
        "sources": _sources(state, (s for t in transitions for s in t["sources"])),
        "condition": condition,
        "transitions": [t["fact"] for t in transitions],
    }


def _source_labels(step: dict[str, Any]) -> str:
    return "; ".join(source["label"] for source in step["sources"]) or "derived, no source"


def _gap_lines(step: dict[str, Any], indent: int) -> list[str]:
    """``new skills (N): ...`` (the optional ones apart, after ``optional (M):``), ``new tools (N): ...``."""
    lines: list[str] = []
    skills = step["gap"]["skills"]
    if skills:
        first = f"new skills ({len(skills)}): "
        needed = [node["label"] for node in skills if node.get("level") != "optional"]
        optional = [node["label"] for node in skills if node.get("level") == "optional"]
        if needed:
            lines += _wrap(needed, indent, first)
        if optional:
            lead = f"optional ({len(optional)}): "
            block = _wrap(optional, indent + (width(first) if needed else 0), ("" if needed else first) + lead)
            lines += block
    tools = [node["label"] for node in step["gap"]["tools"]]
    if tools:
        lines += _wrap(tools, indent, f"new tools ({len(tools)}): ")
    return lines or [" " * indent + "nothing new recorded"]


def _note(truncated: bool, reason: str | None) -> None:
    if truncated:
        click.echo(f"\nnote: {reason}; the list may be incomplete")


# -- path ----------------------------------------------------------------------------------
@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="How many alternative paths to show, best first (at most 100).")
@click.option("--via", multiple=True, metavar="NAME", help="Go through this role. Repeatable; visited in the order given.")
@click.option("--avoid", multiple=True, metavar="NAME", help="Never go through this role. Repeatable.")
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(1, 100), help="At most this many moves per path.")
@click.option("--weight", type=click.Choice(["hops", "gap"]), default="hops", show_default=True,
              help="Rank by fewest moves (hops), or by fewest new skills and tools to learn on the way (gap; "
                   "a skill the next role needs only as optional counts half).")
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.001, 3600), metavar="SECONDS",
              help="Stop searching after this long and show what was found.")
@lang_option
@format_option
@pass_state
def path(state: State, source: str, target: str, k: int, via: tuple[str, ...], avoid: tuple[str, ...],
         max_hops: int, weight: str, time_limit: float, lang: str, fmt: str) -> None:
    """The best career paths from one role to another, best first.

    Each move shows its kind (promotion, lateral move, pivot), what the next role needs that
    the current one is not recorded as having (skills and tools), and the source that states
    it. Paths never visit a role twice. Exits 1 when no path exists, 5 when a limit
    (--max-hops, --time-limit, 100 candidate paths) left nothing to show.

    \b
    Examples:
      pmgraph path "senior engineer" CTO
      pmgraph path シニア開発者 CTO --lang ja
      pmgraph path "junior developer" CTO -k 5 --weight gap --format json
      pmgraph path engineer "VP of Engineering" --via TPM --avoid "Tech PM"
    """
    from ..paths import career_paths

    start, end = _role(state, source), _role(state, target)
    via_roles = [_role(state, name) for name in via]
    avoid_roles = [_role(state, name) for name in avoid]
    search = career_paths(_career(state), start, end, weight=weight, profiles=_profiles(state),
                          requirements=_requirements(state) if weight == "gap" else None, k=k,
                          via=via_roles, avoid=avoid_roles, max_hops=max_hops, time_limit=time_limit, lang=lang)
    result = {
        "from": _node(state, start, lang),
        "to": _node(state, end, lang),
        "weight": weight,
        "paths": [{
            "nodes": [_node(state, node, lang) for node in found.nodes],
            "hops": found.hops,
            "cost": found.cost,
            "steps": [_step(state, u, v, lang) for u, v in found.steps],
        } for found in search.paths],
        "truncated": search.truncated,
        "reason": search.reason,
        "notes": _unrecorded_notes(state, [node for found in search.paths for node in found.nodes[1:]], lang),
    }
    if fmt == "json":
        emit_json(result)
        return
    order = ("fewest moves first" if weight == "hops"
             else "fewest new skills and tools first; an optional skill counts half")
    count = len(result["paths"])
    click.echo(f"{result['from']['label']} → {result['to']['label']}: {count} path{'s' if count != 1 else ''} ({order})")
    for number, found in enumerate(result["paths"], start=1):
        click.echo("")
        labels = [node["label"] for node in found["nodes"]]
        if not found["steps"]:
            click.echo(f"{number}. {labels[0]}: the same role, no move needed")
            continue
        to_learn = sum(len(step["gap"][key]) for step in found["steps"] for key in ("skills", "tools"))
        optional = sum(node.get("level") == "optional" for step in found["steps"] for node in step["gap"]["skills"])
        moves = f"{found['hops']} move{'s' if found['hops'] != 1 else ''}"
        click.echo(f"{number}. {' → '.join(labels)}")
        summary = f"   {moves}, {to_learn} new skills and tools on the way"
        if optional:
            summary += f", {optional} of the skills optional"
        if weight == "gap" and found["cost"] != to_learn:
            summary += f" (cost {found['cost']:g})"
        click.echo(summary)
        for index, step in enumerate(found["steps"], start=1):
            click.echo(f"   {index}. {step['from']['label']} → {step['to']['label']}  "
                       f"[{step['move']}; {_source_labels(step)}]")
            for line in _gap_lines(step, 6):
                click.echo(line)
    for note in result["notes"]:
        click.echo(f"\nnote: {note}")
    _note(search.truncated, search.reason)


def _unrecorded_notes(state: State, roles: Iterable[str], lang: str) -> list[str]:
    """Say which roles a move leads into have no skills and no tools recorded (so show no gap)."""
    profiles = _profiles(state)
    empty: list[str] = []
    for role in roles:
        profile = profiles.get(role, {})
        if role not in empty and not any(profile.get(kind) for kind in STEP_KINDS):
            empty.append(role)
    if not empty:
        return []
    names = [_label(state, role, lang) for role in empty]
    verb = "has" if len(names) == 1 else "have"
    return [f"{_join_and(names)} {verb} no skills or tools recorded in the sources, "
            "so the moves into them show no gap"]


def _join_and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- gap -----------------------------------------------------------------------------------
#: Headings of the missing skills in text output, by the level TO needs them at.
SKILL_HEADINGS = {"essential": "essential skills to learn", "optional": "optional skills to learn",
                  "unspecified": "skills to learn, level not stated"}


@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--essential", "essential_only", is_flag=True,
              help="Only the skills TO needs as essential (to learn and to strengthen); tools, duties and "
                   "departments are shown as usual.")
@lang_option
@format_option
@pass_state
def gap(state: State, source: str, target: str, essential_only: bool, lang: str, fmt: str) -> None:
    """The whole gap from one role to another, as a study plan.

    What TO is recorded as needing that FROM is not: skills (essential ones first, then
    optional ones, as the sources rate them), tools, duties and departments to work with; for
    each missing skill, the learning resources that build it and the interview questions
    that test it (TO's own first). Skills both have are listed "to strengthen" when TO needs
    them as essential and FROM only as optional, or (O*NET) at a proficiency level one point
    or more higher. "Recorded" means stated by a source for that very role: a role with
    nothing recorded has everything TO needs as its gap.

    \b
    Examples:
      pmgraph gap "senior engineer" "Tech PM"
      pmgraph gap "Tech PM" TPM --lang ja
      pmgraph gap エンジニアリングリード "Tech PM" --format json
      pmgraph gap 2512.4 1330.7 --essential
    """
    from ..compare import PROFICIENCY_STEP, skill_gap, study_plan
    from ..project import study_material

    start, end = _role(state, source), _role(state, target)
    profiles = _profiles(state)
    requirements = _requirements(state)
    kinds = [kind for kind in profiles.get(end, {}) if kind != "focus"] or ["skill", "tool", "duty", "department"]
    material = _cached(state, "study_material", lambda: study_material(state.graph))
    plan = study_plan(profiles, material, start, end, kinds)
    skills = skill_gap(profiles, requirements, start, end, essential_only=essential_only)
    notes: list[str] = []
    from_label, to_label = _label(state, start, lang), _label(state, end, lang)
    if start == end:
        notes.append(f"{from_label} and {to_label} are the same role: there is no gap")
    elif plan.unrecorded:
        kinds_text = _join_or([_plural(kind) for kind in plan.unrecorded])
        notes.append(f"{from_label} has no {kinds_text} recorded in the sources, so those parts of the gap "
                     f"are everything {to_label} is recorded as needing")
    if skills.left_out:
        notes.append(f"--essential: {skills.left_out} skill{'s' if skills.left_out != 1 else ''} {to_label} "
                     "needs only as optional left out")
    missing = {kind: _nodes(state, items, lang) for kind, items in plan.missing.items()}
    if "skill" in missing:
        by_level = {name: _skill_nodes(state, items, end, lang, numbers=True)
                    for name, items in (("essential", skills.essential), ("unspecified", skills.unspecified),
                                        ("optional", skills.optional))}
        missing["skill"] = by_level["essential"] + by_level["unspecified"] + by_level["optional"]
    listed = [node["iri"] for node in missing.get("skill", [])]
    strengthen = [{"skill": _node(state, item.skill, lang), "from": _need(state, item.source, lang),
                   "to": _need(state, item.target, lang), "reasons": list(item.reasons)} for item in skills.strengthen]
    strengthen.sort(key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"]))
    skill_nodes = {node["iri"]: node for node in missing.get("skill", [])}
    result = {
        "from": _node(state, start, lang),
        "to": _node(state, end, lang),
        "missing": missing,
        "skill_levels": {"essential": len(skills.essential), "optional": len(skills.optional),
                         "unspecified": len(skills.unspecified)},
        "to_strengthen": strengthen,
        "essential_only": essential_only,
        "proficiency_step": PROFICIENCY_STEP,
        "learning": [{"skill": skill_nodes[iri],
                      "resources": _nodes_in_order(state, plan.resources[iri], lang)} for iri in listed],
        "questions": [{"skill": skill_nodes[iri],
                       "questions": _nodes_in_order(state, plan.questions[iri], lang)} for iri in listed],
        "notes": notes,
    }
    if not any(entry["resources"] for entry in result["learning"]) and not any(
            entry["questions"] for entry in result["questions"]) and listed:
        notes.append("no learning resource or interview question in the graph builds or tests these skills")
    if fmt == "json":
        emit_json(result)
        return
    total = sum(len(items) for items in result["missing"].values())
    headline = (f"{from_label} → {to_label}: {total} thing{'s' if total != 1 else ''} "
                f"{to_label} is recorded as needing that {from_label} is not")
    if strengthen:
        headline += f", and {len(strengthen)} skill{'s' if len(strengthen) != 1 else ''} to strengthen"
    click.echo(headline)
    for note in notes:
        click.echo(f"note: {note}")
    material_shown = (any(entry["resources"] for entry in result["learning"])
                      or any(entry["questions"] for entry in result["questions"]))
    learning = {entry["skill"]["iri"]: entry["resources"] for entry in result["learning"]}
    questions = {entry["skill"]["iri"]: entry["questions"] for entry in result["questions"]}

    def section(heading: str, items: list[dict[str, Any]], kind: str) -> None:
        click.echo("")
        click.echo(f"{heading} ({len(items)})")
        if not items:
            click.echo("  (none)")
        for item in items:
            numbers = [f"{name} {_number(item[key])}" for key, name in (("importance", "importance"),
                                                                       ("proficiency", "level"))
                       if item.get(key) is not None]
            click.echo(f"  - {item['label']}" + (f" ({', '.join(numbers)})" if numbers else ""))
            if kind != "skill" or not material_shown:
                continue
            resources = [r["label"] for r in learning.get(item["iri"], [])]
            for line in (_wrap(resources, 6, "learn with: ") if resources else ["      learn with: (no resource recorded)"]):
                click.echo(line)
            for question in questions.get(item["iri"], []):
                click.echo(f"      asked: {question['label']}")

    levels_of_target = {level for level in (_level_of(need) for need in requirements.get(end, {}).values())}
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
            click.echo(f"skills to strengthen ({len(strengthen)}): needed more by {to_label} than by {from_label}")
            for entry in strengthen:
                click.echo(f"  - {entry['skill']['label']}: {_strengthen_text(entry)}")


def _need_text(need: dict[str, Any]) -> str:
    """``essential, level 3.88`` (or ``no level stated``) for one role's requirement."""
    parts = [need["level"]["label"] if need["level"] else "no level stated"]
    if need["proficiency"] is not None:
        parts.append(f"level {_number(need['proficiency'])}")
    return ", ".join(parts)


def _level_of(need) -> str:
    from ..compare import level_name

    return level_name(need)


def _sort_label(node: dict[str, Any]) -> str:
    from ..catalog import normalize

    return normalize(node["label"])


def _join_or(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _plural(kind: str) -> str:
    return {"duty": "duties", "focus": "focus"}.get(kind, kind + "s")


def _nodes_in_order(state: State, iris: Iterable[str], lang: str) -> list[dict[str, Any]]:
    return [_node(state, iri, lang) for iri in iris]


# -- next ----------------------------------------------------------------------------------
@main.command(name="next")
@click.argument("role")
@click.option("--previous", is_flag=True, help="Where one comes from instead: the moves into ROLE.")
@lang_option
@format_option
@pass_state
def next_(state: State, role: str, previous: bool, lang: str, fmt: str) -> None:
    """Where one can go from ROLE (or, with --previous, come from), with the kind of move.

    Each move shows the skills and tools the role moved into needs that the role moved from
    is not recorded as having, and the source that states the move. Exits 1 when no move is
    recorded.

    \b
    Examples:
      pmgraph next "Tech PM"
      pmgraph next CTO --previous
      pmgraph next "Senior TPM" --lang ja --format json
    """
    from ..paths import moves

    iri = _role(state, role)
    found = moves(_career(state), iri, previous=previous, lang=lang)
    steps = [(_step(state, other, iri, lang) if previous else _step(state, iri, other, lang), other)
             for other, _ in found]
    result = {
        "role": _node(state, iri, lang),
        "direction": "previous" if previous else "next",
        "moves": [{"role": _node(state, other, lang), "move": step["move"], "gap": step["gap"],
                   "sources": step["sources"], "condition": step["condition"]} for step, other in steps],
    }
    if fmt == "json":
        emit_json(result)
        return
    rows = [(item["role"]["label"], item["move"], str(len(item["gap"]["skills"])), str(len(item["gap"]["tools"])),
             "; ".join(s["label"] for s in item["sources"]) or "derived, no source") for item in result["moves"]]
    heading = "comes from" if previous else "moves to"
    click.echo(f"{result['role']['label']} {heading} {len(rows)} role{'s' if len(rows) != 1 else ''}:\n")
    column = "previous role" if previous else "next role"
    click.echo(table(rows, [column, "move", "new skills", "new tools", "source"]))


# -- compare -------------------------------------------------------------------------------
@main.command()
@click.argument("roles", nargs=-1, required=True, metavar="A B [C ...]")
@lang_option
@format_option
@pass_state
def compare(state: State, roles: tuple[str, ...], lang: str, fmt: str) -> None:
    """Shared and distinct skills, tools, duties, departments and focus of two or more roles.

    The similarity score is the Jaccard index: the items all roles share divided by the
    items any of them has (0 = nothing in common, 1 = the same recorded profile). It counts
    only what the sources record for each role, and says when a role has nothing recorded
    of a kind. Shared skills that the roles need at different levels (essential for one,
    optional for another, or O*NET proficiency levels one point or more apart) are listed
    under "at different levels"; the score counts them as shared.

    \b
    Examples:
      pmgraph compare "Tech PM" TPM
      pmgraph compare "Tech PM" TPM "technical project manager" --lang ja
      pmgraph compare "Tech PM" TPM --format json
      pmgraph compare 15-1251.00 11-3021.00
    """
    from ..compare import SIMILARITY_METHOD, compare_roles
    from ..errors import UsageError
    from ..project import PROFILE_KINDS

    if len(roles) < 2:
        raise UsageError("compare needs at least two roles (A B [C ...])")
    iris = [_role(state, name) for name in roles]
    twice = [iri for index, iri in enumerate(iris) if iri in iris[:index]]
    if twice:
        raise UsageError(f"compare needs different roles; {_label(state, twice[0], lang)} is named twice")
    profiles = _profiles(state)
    kinds = list(PROFILE_KINDS) + sorted({kind for iri in iris for kind in profiles.get(iri, {})} - set(PROFILE_KINDS))
    requirements = _requirements(state)
    comparison = compare_roles(profiles, iris, kinds, requirements)
    missing_kinds: dict[str, list[str]] = {}
    for role, kind in comparison.unrecorded:
        missing_kinds.setdefault(role, []).append(_plural(kind))
    notes = [f"{_label(state, role, lang)} has no {_join_or(kinds_missing)} recorded in the sources"
             for role, kinds_missing in missing_kinds.items()]
    result = {
        "roles": [_node(state, iri, lang) for iri in iris],
        "shared": {kind: _nodes(state, items, lang) for kind, items in comparison.shared.items()},
        "only": {role: {kind: _nodes(state, items, lang) for kind, items in by_kind.items()}
                 for role, by_kind in comparison.only.items()},
        "partly_shared": {kind: [{"roles": list(who), "items": _nodes(state, items, lang)} for who, items in groups]
                          for kind, groups in comparison.partly.items()} if len(iris) > 2 else {},
        "similarity": comparison.similarity,
        "similarity_by_kind": comparison.similarity_by_kind,
        "pairs": [{"roles": [a, b], "similarity": score} for a, b, score in comparison.pairs],
        "level_differences": sorted(
            ({"skill": _node(state, skill, lang),
              "requirements": [{"role": role, **_need(state, need, lang)} for role, need in zip(iris, needs)]}
             for skill, needs in comparison.levels), key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"])),
        "method": SIMILARITY_METHOD,
        "notes": notes,
    }
    if fmt == "json":
        emit_json(result)
        return
    names = [node["label"] for node in result["roles"]]
    click.echo(" vs ".join(names))
    score = "n/a" if comparison.similarity is None else f"{comparison.similarity:.2f}"
    click.echo(f"similarity {score} ({SIMILARITY_METHOD})")
    if len(iris) > 2:
        for a, b, pair_score in comparison.pairs:
            shown = "n/a" if pair_score is None else f"{pair_score:.2f}"
            click.echo(f"  {_label(state, a, lang)} / {_label(state, b, lang)}: {shown}")
    for note in notes:
        click.echo(f"note: {note}")
    everyone = "all" if len(iris) > 2 else "both"
    for kind in kinds:
        by_kind = comparison.similarity_by_kind[kind]
        shown = "n/a" if by_kind is None else f"{by_kind:.2f}"
        click.echo(f"\n{kind} (similarity {shown})")
        rows = [(everyone, result["shared"][kind])]
        rows += [(" + ".join(_label(state, r, lang) for r in group["roles"]), group["items"])
                 for group in result["partly_shared"].get(kind, [])]
        rows += [(f"only {name}", result["only"][iri][kind]) for name, iri in zip(names, iris)]
        pad = max(width(text) for text, _ in rows)
        for text, items in rows:
            labels = [node["label"] for node in items] or ["—"]
            for line in _wrap(labels, 2, text + " " * (pad - width(text)) + "  "):
                click.echo(line)
        if kind == "skill" and result["level_differences"]:
            count = len(result["level_differences"])
            click.echo(f"  at different levels ({count}), as {' / '.join(names)} need{'s' if len(names) == 1 else ''} them:")
            for entry in result["level_differences"]:
                click.echo(f"    {entry['skill']['label']}: " + " / ".join(_need_text(need) for need in entry["requirements"]))


# -- connect -------------------------------------------------------------------------------
def _relation_name(state: State, data: dict[str, Any], lang: str) -> str:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from ..describe import STANDARD_NAMES
    from ..namespaces import PREFIXES

    prefix, _, local = str(data.get("property") or "").partition(":")
    iri = URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES and local else URIRef(str(data.get("property")))
    shape = state.catalog.fact_shapes.get(iri)
    if shape is not None:
        return shape.name(lang)
    if iri in STANDARD_NAMES:
        return STANDARD_NAMES[iri][0]
    names = {value.language: str(value) for value in state.graph.objects(iri, RDFS.label) if isinstance(value, Literal)}
    return names.get(lang) or names.get("en") or data.get("label") or str(data.get("property"))


def _knowledge(state: State):
    import networkx as nx

    from ..project import knowledge_graph

    def build():
        directed = knowledge_graph(state.graph, state.catalog)
        undirected = nx.Graph(directed)
        undirected.remove_edges_from(list(nx.selfloop_edges(undirected)))
        return directed, undirected

    snapshot = getattr(state, "_snapshot", None)
    if snapshot is not None:  # the stored projection: the same graph, read in a second
        index = snapshot.knowledge
        return index, index.undirected()
    return _cached(state, "knowledge_graph", build)


def _relations(state: State, directed, u: str, v: str, lang: str) -> list[dict[str, Any]]:
    relations: list[dict[str, Any]] = []
    for a, b, direction in ((u, v, "forward"), (v, u, "backward")):
        for _, data in sorted((directed.get_edge_data(a, b) or {}).items()):
            relations.append({
                "relation": _relation_name(state, data, lang),
                "property": data.get("property"),
                "direction": direction,
                "fact": data.get("fact"),
                "sources": _sources(state, data.get("sources") or []),
            })
    return relations


def _arrow(relations: list[dict[str, Any]]) -> str:
    forward = sorted({r["relation"] for r in relations if r["direction"] == "forward"})
    backward = sorted({r["relation"] for r in relations if r["direction"] == "backward"})
    parts = ([f"—{' / '.join(forward)}→"] if forward else []) + ([f"←{' / '.join(backward)}—"] if backward else [])
    return " ".join(parts)


@main.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 100),
              help="How many chains to show, shortest first (at most 100).")
@click.option("--avoid", multiple=True, metavar="NAME", help="Never go through this entity. Repeatable.")
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(1, 100), help="At most this many relations per chain.")
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.001, 3600), metavar="SECONDS",
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
    from ..paths import best_paths

    start = str(state.resolver.resolve(first))
    end = str(state.resolver.resolve(second))
    avoided = [str(state.resolver.resolve(name)) for name in avoid]
    directed, undirected = _knowledge(state)
    for iri in (start, end):
        if iri not in undirected:
            raise NoResult(f"{_label(state, iri, lang)} is related to nothing in the knowledge graph")
    try:
        search = best_paths(undirected, start, end, k=k, avoid=avoided, max_hops=max_hops,
                            time_limit=time_limit, lang=lang)
    except NoResult:
        raise NoResult(f"nothing links {_label(state, start, lang)} and {_label(state, end, lang)} "
                       "in the knowledge graph" + (" without the entities you avoid" if avoided else "")) from None
    result = {
        "from": _node(state, start, lang),
        "to": _node(state, end, lang),
        "chains": [{
            "nodes": [_node(state, node, lang) for node in found.nodes],
            "hops": found.hops,
            "steps": [{"from": _node(state, u, lang), "to": _node(state, v, lang),
                       "relations": _relations(state, directed, u, v, lang)} for u, v in found.steps],
        } for found in search.paths],
        "truncated": search.truncated,
        "reason": search.reason,
    }
    if fmt == "json":
        emit_json(result)
        return
    count = len(result["chains"])
    click.echo(f"{result['from']['label']} ↔ {result['to']['label']}: {count} chain{'s' if count != 1 else ''}, shortest first")
    for number, chain in enumerate(result["chains"], start=1):
        parts = [chain["nodes"][0]["label"] + f" ({chain['nodes'][0]['kind'] or 'entity'})"]
        for step in chain["steps"]:
            parts.append(f"{_arrow(step['relations'])} {step['to']['label']} ({step['to']['kind'] or 'entity'})")
        click.echo(f"\n{number}. " + " ".join(parts) if chain["steps"] else f"\n{number}. {parts[0]}: the same entity")
    _note(search.truncated, search.reason)
