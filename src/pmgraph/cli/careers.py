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
        "gap": {STEP_KEYS[kind]: _nodes(state, gap[kind], lang) for kind in STEP_KINDS},
        "sources": _sources(state, (s for t in transitions for s in t["sources"])),
        "condition": condition,
        "transitions": [t["fact"] for t in transitions],
    }


def _source_labels(step: dict[str, Any]) -> str:
    return "; ".join(source["label"] for source in step["sources"]) or "derived, no source"


def _gap_lines(step: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key in ("skills", "tools"):
        items = [node["label"] for node in step["gap"][key]]
        if items:
            lines += _wrap(items, indent, f"new {key} ({len(items)}): ")
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
              help="Rank by fewest moves (hops), or by fewest new skills and tools to learn on the way (gap).")
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
    search = career_paths(_career(state), start, end, weight=weight, profiles=_profiles(state), k=k,
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
    order = "fewest moves first" if weight == "hops" else "fewest new skills and tools first"
    count = len(result["paths"])
    click.echo(f"{result['from']['label']} → {result['to']['label']}: {count} path{'s' if count != 1 else ''} ({order})")
    for number, found in enumerate(result["paths"], start=1):
        click.echo("")
        labels = [node["label"] for node in found["nodes"]]
        if not found["steps"]:
            click.echo(f"{number}. {labels[0]}: the same role, no move needed")
            continue
        to_learn = sum(len(step["gap"][key]) for step in found["steps"] for key in ("skills", "tools"))
        moves = f"{found['hops']} move{'s' if found['hops'] != 1 else ''}"
        click.echo(f"{number}. {' → '.join(labels)}")
        click.echo(f"   {moves}, {to_learn} new skills and tools on the way")
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
@main.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@lang_option
@format_option
@pass_state
def gap(state: State, source: str, target: str, lang: str, fmt: str) -> None:
    """The whole gap from one role to another, as a study plan.

    What TO is recorded as needing that FROM is not: skills, tools, duties and departments
    to work with; for each missing skill, the learning resources that build it and the
    interview questions that test it (TO's own first). "Recorded" means stated by a source
    for that very role: a role with nothing recorded has everything TO needs as its gap.

    \b
    Examples:
      pmgraph gap "senior engineer" "Tech PM"
      pmgraph gap "Tech PM" TPM --lang ja
      pmgraph gap エンジニアリングリード "Tech PM" --format json
    """
    from ..compare import study_plan
    from ..project import study_material

    start, end = _role(state, source), _role(state, target)
    profiles = _profiles(state)
    kinds = [kind for kind in profiles.get(end, {}) if kind != "focus"] or ["skill", "tool", "duty", "department"]
    material = _cached(state, "study_material", lambda: study_material(state.graph))
    plan = study_plan(profiles, material, start, end, kinds)
    notes: list[str] = []
    from_label, to_label = _label(state, start, lang), _label(state, end, lang)
    if start == end:
        notes.append(f"{from_label} and {to_label} are the same role: there is no gap")
    elif plan.unrecorded:
        kinds_text = _join_or([_plural(kind) for kind in plan.unrecorded])
        notes.append(f"{from_label} has no {kinds_text} recorded in the sources, so those parts of the gap "
                     f"are everything {to_label} is recorded as needing")
    result = {
        "from": _node(state, start, lang),
        "to": _node(state, end, lang),
        "missing": {kind: _nodes(state, items, lang) for kind, items in plan.missing.items()},
        "learning": [{"skill": node, "resources": _nodes_in_order(state, plan.resources[node["iri"]], lang)}
                     for node in _nodes(state, plan.missing.get("skill", []), lang)],
        "questions": [{"skill": node, "questions": _nodes_in_order(state, plan.questions[node["iri"]], lang)}
                      for node in _nodes(state, plan.missing.get("skill", []), lang)],
        "notes": notes,
    }
    if fmt == "json":
        emit_json(result)
        return
    total = sum(len(items) for items in result["missing"].values())
    click.echo(f"{from_label} → {to_label}: {total} thing{'s' if total != 1 else ''} "
               f"{to_label} is recorded as needing that {from_label} is not")
    for note in notes:
        click.echo(f"note: {note}")
    learning = {entry["skill"]["iri"]: entry["resources"] for entry in result["learning"]}
    questions = {entry["skill"]["iri"]: entry["questions"] for entry in result["questions"]}
    for kind, items in result["missing"].items():
        click.echo("")
        click.echo(f"{GAP_HEADINGS.get(kind, _plural(kind))} ({len(items)})")
        if not items:
            click.echo("  (none)")
        for item in items:
            click.echo(f"  - {item['label']}")
            if kind != "skill":
                continue
            resources = [r["label"] for r in learning.get(item["iri"], [])]
            for line in (_wrap(resources, 6, "learn with: ") if resources else ["      learn with: (no resource recorded)"]):
                click.echo(line)
            for question in questions.get(item["iri"], []):
                click.echo(f"      asked: {question['label']}")


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
    of a kind.

    \b
    Examples:
      pmgraph compare "Tech PM" TPM
      pmgraph compare "Tech PM" TPM "technical project manager" --lang ja
      pmgraph compare "Tech PM" TPM --format json
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
    comparison = compare_roles(profiles, iris, kinds)
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
