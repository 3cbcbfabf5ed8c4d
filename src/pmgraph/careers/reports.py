"""Career reports as library functions: path, gap, next, compare and connect.

Each function takes a :class:`~pmgraph.kb.KnowledgeBase`, resolves the names it is given
like any name on the command line, and returns a report dataclass whose :meth:`as_json`
is exactly what ``pmgraph COMMAND --format json`` prints; the CLI only formats reports.
Entities in reports are ``{"iri", "label", "kind"}`` dicts labelled in ``lang``.

    >>> from pmgraph import kb
    >>> report = gap(kb.open(), "senior engineer", "Tech PM")
    >>> report.target["label"], len(report.missing["skill"]), report.missing["tool"][0]["label"]
    ('Tech PM', 12, 'Ansible')
    >>> [step["to"]["label"] for step in path(kb.open(), "senior engineer", "CTO", k=1).paths[0]["steps"]]
    ['engineering lead', 'Tech PM', 'senior Tech PM', 'CTO']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NoResult, UsageError
from ..text import pick

__all__ = ["PathReport", "GapReport", "NextReport", "CompareReport", "ConnectReport",
           "path", "gap", "next_moves", "compare", "connect", "STEP_KINDS", "DEFAULTS"]

#: What the gap of one move shows (the step of a path, a move of `next`).
STEP_KINDS = ("skill", "tool")
#: The defaults of the reports' options, which the CLI shows as its own.
DEFAULTS = {"k": 3, "max_hops": 8, "weight": "hops", "time_limit": 10.0}


# -- shared pieces ---------------------------------------------------------------------------
def _role(kb, name: str) -> str:
    return str(kb.resolve(name, kinds=("role",)))


def _sorted_nodes(kb, iris: Iterable[str], lang: str) -> list[dict[str, Any]]:
    """Nodes sorted by their label in ``lang`` (then IRI), so lists read alphabetically."""
    from ..model.catalog import normalize

    return sorted(kb.nodes(iris, lang), key=lambda node: (normalize(node["label"]), node["iri"]))


def _skill_nodes(kb, iris: Iterable[str], role: str, lang: str, numbers: bool = False) -> list[dict[str, Any]]:
    """Skill nodes sorted by label, each with ``level`` (how ``role`` needs it: "essential",
    "optional" or None when no level is stated) and, with ``numbers``, its ``importance`` and
    ``proficiency`` (O*NET's scales, or None)."""
    from .profiles import level_name

    needs = kb.role_requirements().get(role, {})
    nodes = _sorted_nodes(kb, iris, lang)
    for node in nodes:
        need = needs.get(node["iri"])
        name = level_name(need)
        node["level"] = None if name == "unspecified" else name
        if numbers:
            node["importance"] = need[1] if need else None
            node["proficiency"] = need[2] if need else None
    return nodes


def _need(kb, need: Sequence | None, lang: str) -> dict[str, Any]:
    """A requirement as JSON: ``{"level": node | None, "importance": number | None, "proficiency": ...}``."""
    if need is None:
        return {"level": None, "importance": None, "proficiency": None}
    return {"level": kb.node(need[0], lang) if need[0] else None, "importance": need[1], "proficiency": need[2]}


def _sources(kb, iris: Iterable[str]) -> list[dict[str, Any]]:
    return [kb.source(iri) for iri in sorted(set(iris))]


def _move(transitions: list[dict], lang: str) -> str:
    names: list[str] = []
    for transition in transitions:
        name = pick(transition["move_label"], lang) or "move"
        if name not in names:
            names.append(name)
    return " / ".join(names) or "move"


def _step(kb, u: str, v: str, lang: str) -> dict[str, Any]:
    """One move as JSON: from, to, move, gap (skills, tools), sources, condition, transitions."""
    from .profiles import role_gap

    transitions = kb.career_move(u, v)["transitions"]
    step_gap = role_gap(kb.role_profiles(), u, v, STEP_KINDS)
    condition = next((pick(t["condition"], lang) for t in transitions if t["condition"]), None)
    return {
        "from": kb.node(u, lang),
        "to": kb.node(v, lang),
        "move": _move(transitions, lang),
        "gap": {"skills": _skill_nodes(kb, step_gap["skill"], v, lang), "tools": _sorted_nodes(kb, step_gap["tool"], lang)},
        "sources": _sources(kb, (s for t in transitions for s in t["sources"])),
        "condition": condition,
        "transitions": [t["fact"] for t in transitions],
        # every transition stating the move is the project's reading of its source, none states it
        "inferred": all(t.get("inferred") for t in transitions),
    }


def join_and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def join_or(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def plural(kind: str) -> str:
    return {"duty": "duties", "focus": "focus"}.get(kind, kind + "s")


def _sort_label(node: dict[str, Any]) -> str:
    from ..model.catalog import normalize

    return normalize(node["label"])


# -- path ------------------------------------------------------------------------------------
@dataclass
class PathReport:
    """The best career paths from one role to another (``pmgraph path``)."""

    source: dict[str, Any]
    target: dict[str, Any]
    weight: str
    #: Each path: ``{"nodes", "hops", "cost", "steps"}``; a step as :func:`_step` makes it.
    paths: list[dict[str, Any]]
    truncated: bool
    reason: str | None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "weight": self.weight, "paths": self.paths,
                "truncated": self.truncated, "reason": self.reason, "notes": self.notes}


def _unrecorded_notes(kb, roles: Iterable[str], lang: str) -> list[str]:
    """Say which roles a move leads into have no skills and no tools recorded (so show no gap)."""
    profiles = kb.role_profiles()
    empty: list[str] = []
    for role in roles:
        profile = profiles.get(role, {})
        if role not in empty and not any(profile.get(kind) for kind in STEP_KINDS):
            empty.append(role)
    if not empty:
        return []
    names = [kb.label(role, lang) for role in empty]
    verb = "has" if len(names) == 1 else "have"
    return [f"{join_and(names)} {verb} no skills or tools recorded in the sources, "
            "so the moves into them show no gap"]


def path(kb, source: str, target: str, *, k: int = DEFAULTS["k"], via: Sequence[str] = (),
         avoid: Sequence[str] = (), max_hops: int = DEFAULTS["max_hops"], weight: str = DEFAULTS["weight"],
         time_limit: float = DEFAULTS["time_limit"], lang: str = "en") -> PathReport:
    """The ``k`` best career paths from ``source`` to ``target`` (names of roles), best first:
    fewest moves (``weight="hops"``) or fewest new skills and tools (``"gap"``); through
    ``via`` in order, never through ``avoid``. Raises :class:`~pmgraph.errors.NoResult` when
    no path exists."""
    from .paths import career_paths

    start, end = _role(kb, source), _role(kb, target)
    via_roles = [_role(kb, name) for name in via]
    avoid_roles = [_role(kb, name) for name in avoid]
    search = career_paths(kb.career_graph(attributes=False), start, end, weight=weight, profiles=kb.role_profiles(),
                          requirements=kb.role_requirements() if weight == "gap" else None, k=k,
                          via=via_roles, avoid=avoid_roles, max_hops=max_hops, time_limit=time_limit, lang=lang)
    return PathReport(
        source=kb.node(start, lang),
        target=kb.node(end, lang),
        weight=weight,
        paths=[{
            "nodes": [kb.node(node, lang) for node in found.nodes],
            "hops": found.hops,
            "cost": found.cost,
            "steps": [_step(kb, u, v, lang) for u, v in found.steps],
        } for found in search.paths],
        truncated=search.truncated,
        reason=search.reason,
        notes=_unrecorded_notes(kb, [node for found in search.paths for node in found.nodes[1:]], lang),
    )


# -- gap -------------------------------------------------------------------------------------
@dataclass
class GapReport:
    """The whole gap from one role to another, as a study plan (``pmgraph gap``)."""

    source: dict[str, Any]
    target: dict[str, Any]
    #: kind -> entities TARGET is recorded as needing that SOURCE is not (skills essential first).
    missing: dict[str, list[dict[str, Any]]]
    skill_levels: dict[str, int]
    to_strengthen: list[dict[str, Any]]
    essential_only: bool
    proficiency_step: float
    learning: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    notes: list[str]
    #: The levels at which TARGET needs its skills ("essential", "optional", "unspecified"):
    #: how a text report groups them (not part of the JSON).
    target_levels: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "missing": self.missing, "skill_levels": self.skill_levels,
                "to_strengthen": self.to_strengthen, "essential_only": self.essential_only,
                "proficiency_step": self.proficiency_step, "learning": self.learning,
                "questions": self.questions, "notes": self.notes}


def gap(kb, source: str, target: str, *, essential_only: bool = False, lang: str = "en") -> GapReport:
    """What ``target`` is recorded as needing that ``source`` is not, with what builds and tests
    each missing skill (see ``pmgraph gap --help``)."""
    from .profiles import PROFICIENCY_STEP, level_name, skill_gap, study_plan

    start, end = _role(kb, source), _role(kb, target)
    profiles = kb.role_profiles()
    requirements = kb.role_requirements()
    kinds = [kind for kind in profiles.get(end, {}) if kind != "focus"] or ["skill", "tool", "duty", "department"]
    plan = study_plan(profiles, kb.study_material(), start, end, kinds)
    skills = skill_gap(profiles, requirements, start, end, essential_only=essential_only)
    notes: list[str] = []
    from_label, to_label = kb.label(start, lang), kb.label(end, lang)
    if start == end:
        notes.append(f"{from_label} and {to_label} are the same role: there is no gap")
    elif not any(profiles.get(end, {}).get(kind) for kind in kinds):
        from ..model.describe import PROJECT_NOTES

        recorded = [name for name in kb.describe(end, lang)["attributes"] if name not in PROJECT_NOTES]
        notes.append(f"the sources record no {join_or([plural(kind) for kind in kinds])} for {to_label}, so there "
                     "is nothing to compare" + (f"; what they record about it: {', '.join(recorded)} "
                                                f"(see `pmgraph show`)" if recorded else ""))
    elif plan.unrecorded:
        kinds_text = join_or([plural(kind) for kind in plan.unrecorded])
        notes.append(f"{from_label} has no {kinds_text} recorded in the sources, so those parts of the gap "
                     f"are everything {to_label} is recorded as needing")
    if skills.left_out:
        notes.append(f"--essential: {skills.left_out} skill{'s' if skills.left_out != 1 else ''} {to_label} "
                     "needs only as optional left out")
    missing = {kind: _sorted_nodes(kb, items, lang) for kind, items in plan.missing.items()}
    if "skill" in missing:
        by_level = {name: _skill_nodes(kb, items, end, lang, numbers=True)
                    for name, items in (("essential", skills.essential), ("unspecified", skills.unspecified),
                                        ("optional", skills.optional))}
        missing["skill"] = by_level["essential"] + by_level["unspecified"] + by_level["optional"]
    listed = [node["iri"] for node in missing.get("skill", [])]
    strengthen = [{"skill": kb.node(item.skill, lang), "from": _need(kb, item.source, lang),
                   "to": _need(kb, item.target, lang), "reasons": list(item.reasons)} for item in skills.strengthen]
    strengthen.sort(key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"]))
    skill_nodes = {node["iri"]: node for node in missing.get("skill", [])}
    learning = [{"skill": skill_nodes[iri], "resources": kb.nodes(plan.resources[iri], lang)} for iri in listed]
    questions = [{"skill": skill_nodes[iri], "questions": kb.nodes(plan.questions[iri], lang)} for iri in listed]
    if listed and not any(entry["resources"] for entry in learning) and not any(
            entry["questions"] for entry in questions):
        notes.append("no learning resource or interview question in the graph builds or tests these skills")
    levels = {level_name(need) for need in requirements.get(end, {}).values()}
    return GapReport(
        source=kb.node(start, lang), target=kb.node(end, lang), missing=missing,
        skill_levels={"essential": len(skills.essential), "optional": len(skills.optional),
                      "unspecified": len(skills.unspecified)},
        to_strengthen=strengthen, essential_only=essential_only, proficiency_step=PROFICIENCY_STEP,
        learning=learning, questions=questions, notes=notes, target_levels=sorted(levels))


# -- next ------------------------------------------------------------------------------------
@dataclass
class NextReport:
    """Where one can go from a role, or come from (``pmgraph next``)."""

    role: dict[str, Any]
    direction: str
    #: Each move: ``{"role", "move", "gap", "sources", "condition"}``.
    moves: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "direction": self.direction, "moves": self.moves}


def next_moves(kb, role: str, *, previous: bool = False, lang: str = "en") -> NextReport:
    """The moves recorded from ``role`` (with ``previous``, into it), each with its step gap."""
    from .paths import moves

    iri = _role(kb, role)
    found = moves(kb.career_graph(around=iri), iri, previous=previous, lang=lang)
    steps = [(_step(kb, other, iri, lang) if previous else _step(kb, iri, other, lang), other) for other, _ in found]
    return NextReport(
        role=kb.node(iri, lang),
        direction="previous" if previous else "next",
        moves=[{"role": kb.node(other, lang), "move": step["move"], "gap": step["gap"],
                "sources": step["sources"], "condition": step["condition"], "inferred": step["inferred"]}
               for step, other in steps])


# -- compare ---------------------------------------------------------------------------------
@dataclass
class CompareReport:
    """Shared and distinct items of two or more roles (``pmgraph compare``)."""

    roles: list[dict[str, Any]]
    #: The kinds compared, in the order a text report shows them.
    kinds: list[str]
    shared: dict[str, list[dict[str, Any]]]
    only: dict[str, dict[str, list[dict[str, Any]]]]
    partly_shared: dict[str, list[dict[str, Any]]]
    similarity: float | None
    similarity_by_kind: dict[str, float | None]
    pairs: list[dict[str, Any]]
    level_differences: list[dict[str, Any]]
    method: str
    notes: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"roles": self.roles, "shared": self.shared, "only": self.only, "partly_shared": self.partly_shared,
                "similarity": self.similarity, "similarity_by_kind": self.similarity_by_kind, "pairs": self.pairs,
                "level_differences": self.level_differences, "method": self.method, "notes": self.notes}


def compare(kb, roles: Sequence[str], *, lang: str = "en") -> CompareReport:
    """Compare two or more roles by name: what they share, what only one has, a Jaccard score."""
    from .profiles import PROFILE_KINDS, SIMILARITY_METHOD, compare_roles

    if len(roles) < 2:
        raise UsageError("compare needs at least two roles (A B [C ...])")
    iris = [_role(kb, name) for name in roles]
    twice = [iri for index, iri in enumerate(iris) if iri in iris[:index]]
    if twice:
        raise UsageError(f"compare needs different roles; {kb.label(twice[0], lang)} is named twice")
    profiles = kb.role_profiles()
    kinds = list(PROFILE_KINDS) + sorted({kind for iri in iris for kind in profiles.get(iri, {})} - set(PROFILE_KINDS))
    comparison = compare_roles(profiles, iris, kinds, kb.role_requirements())
    missing_kinds: dict[str, list[str]] = {}
    for role, kind in comparison.unrecorded:
        missing_kinds.setdefault(role, []).append(plural(kind))
    return CompareReport(
        roles=[kb.node(iri, lang) for iri in iris],
        kinds=kinds,
        shared={kind: _sorted_nodes(kb, items, lang) for kind, items in comparison.shared.items()},
        only={role: {kind: _sorted_nodes(kb, items, lang) for kind, items in by_kind.items()}
              for role, by_kind in comparison.only.items()},
        partly_shared={kind: [{"roles": list(who), "items": _sorted_nodes(kb, items, lang)} for who, items in groups]
                       for kind, groups in comparison.partly.items()} if len(iris) > 2 else {},
        similarity=comparison.similarity,
        similarity_by_kind=comparison.similarity_by_kind,
        pairs=[{"roles": [a, b], "similarity": score} for a, b, score in comparison.pairs],
        level_differences=sorted(
            ({"skill": kb.node(skill, lang),
              "requirements": [{"role": role, **_need(kb, need, lang)} for role, need in zip(iris, needs)]}
             for skill, needs in comparison.levels), key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"])),
        method=SIMILARITY_METHOD,
        notes=[f"{kb.label(role, lang)} has no {join_or(kinds_missing)} recorded in the sources"
               for role, kinds_missing in missing_kinds.items()],
    )


# -- connect ---------------------------------------------------------------------------------
@dataclass
class ConnectReport:
    """The shortest chains of relations between two entities (``pmgraph connect``)."""

    source: dict[str, Any]
    target: dict[str, Any]
    #: Each chain: ``{"nodes", "hops", "steps": [{"from", "to", "relations"}]}``.
    chains: list[dict[str, Any]]
    truncated: bool
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "chains": self.chains, "truncated": self.truncated,
                "reason": self.reason}


def _relation_name(kb, data: dict[str, Any], lang: str) -> str:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from ..model.describe import STANDARD_NAMES
    from ..namespaces import PREFIXES

    prefix, _, local = str(data.get("property") or "").partition(":")
    iri = URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES and local else URIRef(str(data.get("property")))
    shape = kb.catalog.fact_shapes.get(iri)
    if shape is not None:
        return shape.name(lang)
    if iri in STANDARD_NAMES:
        return STANDARD_NAMES[iri][0]
    names = {value.language: str(value) for value in kb.graph.objects(iri, RDFS.label) if isinstance(value, Literal)}
    return names.get(lang) or names.get("en") or data.get("label") or str(data.get("property"))


def _relations(kb, directed, u: str, v: str, lang: str) -> list[dict[str, Any]]:
    relations: list[dict[str, Any]] = []
    for a, b, direction in ((u, v, "forward"), (v, u, "backward")):
        for _, data in sorted((directed.get_edge_data(a, b) or {}).items()):
            relations.append({
                "relation": _relation_name(kb, data, lang),
                "property": data.get("property"),
                "direction": direction,
                "fact": data.get("fact"),
                "sources": _sources(kb, data.get("sources") or []),
            })
    return relations


def connect(kb, first: str, second: str, *, k: int = DEFAULTS["k"], avoid: Sequence[str] = (),
            max_hops: int = DEFAULTS["max_hops"], time_limit: float = DEFAULTS["time_limit"],
            lang: str = "en") -> ConnectReport:
    """How two entities (any kind) are related: the ``k`` shortest chains in the knowledge graph."""
    from .paths import best_paths

    start, end = str(kb.resolve(first)), str(kb.resolve(second))
    avoided = [str(kb.resolve(name)) for name in avoid]
    directed, undirected = kb.knowledge()
    for iri in (start, end):
        if iri not in undirected:
            raise NoResult(f"{kb.label(iri, lang)} is related to nothing in the knowledge graph")
    try:
        search = best_paths(undirected, start, end, k=k, avoid=avoided, max_hops=max_hops,
                            time_limit=time_limit, lang=lang)
    except NoResult:
        raise NoResult(f"nothing links {kb.label(start, lang)} and {kb.label(end, lang)} "
                       "in the knowledge graph" + (" without the entities you avoid" if avoided else "")) from None
    return ConnectReport(
        source=kb.node(start, lang),
        target=kb.node(end, lang),
        chains=[{
            "nodes": [kb.node(node, lang) for node in found.nodes],
            "hops": found.hops,
            "steps": [{"from": kb.node(u, lang), "to": kb.node(v, lang),
                       "relations": _relations(kb, directed, u, v, lang)} for u, v in found.steps],
        } for found in search.paths],
        truncated=search.truncated,
        reason=search.reason,
    )
