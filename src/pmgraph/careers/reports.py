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
from ..i18n import N_, AndList, CommaList, Message, OrList, PluralMessage
from ..text import pick

__all__ = ["PathReport", "GapReport", "NextReport", "CompareReport", "ConnectReport",
           "path", "gap", "next_moves", "compare", "connect", "STEP_KINDS", "DEFAULTS"]

#: What the gap of one move shows (the step of a path, a move of `next`).
STEP_KINDS = ("skill", "tool")
#: The defaults of the reports' options, which the CLI shows as its own. ``hop_costs``: what each
#: kind of hop costs a path that needs bridges (:mod:`pmgraph.careers.bridges`, docs/careers.md):
#: a move a source states or the project read in one 1, a move derived from skill overlap 3, an
#: alignment to a wider or narrower occupation 2, an alignment to the same job and a crosswalk
#: link 0 (fewer hops still break ties).
DEFAULTS = {"k": 3, "max_hops": 8, "weight": "hops", "time_limit": 10.0,
            "hop_costs": {"stated move": 1, "inferred move": 1, "derived move": 3, "broad match": 2,
                          "close match": 0, "crosswalk": 0}}


# -- shared pieces ---------------------------------------------------------------------------
@dataclass
class _View:
    """What a report reads of the career model: everything, or (``stated_only``) only what the
    sources state (:mod:`pmgraph.careers.readings`)."""

    kb: Any
    stated_only: bool = False

    @property
    def readings(self):
        from .readings import readings

        return readings(self.kb)

    @property
    def career_graph(self):
        """The whole career graph, with each move's transitions."""
        graph = self.kb.career_graph()
        return self.readings.stated_career_graph(graph) if self.stated_only else graph

    @property
    def search_graph(self):
        """The career graph a path search walks: its adjacency only, where the store keeps it apart."""
        return self.career_graph if self.stated_only else self.kb.career_graph(attributes=False)

    def around(self, role: str):
        """The moves out of and into ``role`` (what ``next`` reads)."""
        graph = self.kb.career_graph(around=role)
        return self.readings.stated_career_graph(graph) if self.stated_only else graph

    def career_move(self, u: str, v: str) -> dict:
        """One move's attributes (its transitions)."""
        return self.career_graph.edges[u, v] if self.stated_only else self.kb.career_move(u, v)

    @property
    def profiles(self):
        profiles = self.kb.role_profiles()
        return self.readings.stated_profiles(profiles) if self.stated_only else profiles

    @property
    def material(self):
        material = self.kb.study_material()
        return self.readings.stated_material(material) if self.stated_only else material


def _with_citations(nodes: list[dict[str, Any]], cited: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Give each node its ``citations`` and ``inferred`` (every fact behind it is inferred)."""
    for node in nodes:
        node["citations"] = cited.get(node["iri"], [])
        node["inferred"] = bool(node["citations"]) and all(c["inferred"] for c in node["citations"])
    return nodes


def _have(report) -> dict[str, Any]:
    """``{"have": ...}`` for a report made with what a person has, else nothing."""
    return {"have": report.have} if report.have is not None else {}


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


def _step(kb, u: str, v: str, lang: str, view: _View | None = None) -> dict[str, Any]:
    """One move as JSON: from, to, move, hop, origin, gap (skills, tools, equipment), sources,
    condition, transitions, and ``requirements_from`` when v's requirements are its aligned
    occupation's. ``view``: the whole career model (default) or only what the sources state."""
    from .bridges import hop_kind, move_origin, requirement_label, with_borrowed
    from .profiles import role_gap
    from .tools import rank_tools

    view = view or _View(kb)
    transitions = view.career_move(u, v)["transitions"]
    profiles, borrowed = with_borrowed(kb, view.profiles, [v], moving_from=u)
    step_gap = role_gap(profiles, u, v, STEP_KINDS)
    needs = borrowed[v][0] if v in borrowed else v
    tools, equipment = rank_tools(kb, step_gap["tool"], needs, lang)
    condition = next((pick(t["condition"], lang) for t in transitions if t["condition"]), None)
    sources = _sources(kb, (s for t in transitions for s in t["sources"]))
    return {
        "from": kb.node(u, lang),
        "to": kb.node(v, lang),
        "move": _move(transitions, lang),
        "hop": hop_kind(transitions),
        "origin": move_origin(transitions, [source["label"] for source in sources]),
        "gap": {"skills": _skill_nodes(kb, step_gap["skill"], needs, lang), "tools": tools, "equipment": equipment},
        "requirements_from": requirement_label(kb, *borrowed[v], lang) if v in borrowed else None,
        "sources": sources,
        "condition": condition,
        "transitions": [t["fact"] for t in transitions],
        # every transition stating the move is the project's reading of its source, none states it
        "inferred": all(t.get("inferred") for t in transitions),
    }


def plural(kind: str) -> str:
    return {"duty": "duties", "focus": "focus"}.get(kind, kind + "s")


#: The plural words of the kinds that notes name, marked for translation (:mod:`pmgraph.i18n`).
_PLURAL_WORDS = (N_("skills"), N_("tools"), N_("duties"), N_("departments"), N_("focus"))


def plural_word(kind: str) -> Message:
    """:func:`plural` as a :class:`~pmgraph.i18n.Message`: English, and translatable where it is shown."""
    return Message(plural(kind))


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
    #: What the person has (``--have``), when given: :mod:`pmgraph.careers.have_reports`.
    have: dict[str, Any] | None = None
    #: No recorded move connects the two roles: the paths bridge them (:mod:`pmgraph.careers.bridges`).
    bridged: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "weight": self.weight, "bridged": self.bridged,
                "paths": self.paths, "truncated": self.truncated, "reason": self.reason, "notes": self.notes,
                **_have(self)}


def _unrecorded_notes(kb, roles: Iterable[str], lang: str, steps: Iterable[dict[str, Any]] = ()) -> list[str]:
    """Say which roles a move leads into have no skills and no tools recorded (so show no gap),
    and which show their aligned occupation's requirements instead (a step's ``requirements_from``)."""
    profiles = kb.role_profiles()
    borrowed = {step["to"]["iri"]: step["requirements_from"] for step in steps if step.get("requirements_from")}
    empty: list[str] = []
    for role in roles:
        profile = profiles.get(role, {})
        if role not in empty and not any(profile.get(kind) for kind in STEP_KINDS):
            empty.append(role)
    if not empty:
        return []
    notes = [Message("the sources record no skills or tools for {role}: moves into it show the requirements {borrowed}",
                     role=kb.label(role, lang), borrowed=borrowed[role]) for role in empty if role in borrowed]
    names = [kb.label(role, lang) for role in empty if role not in borrowed]
    if not names:
        return notes
    return [PluralMessage("{roles} has no skills or tools recorded in the sources, so the moves into them show no gap",
                          "{roles} have no skills or tools recorded in the sources, so the moves into them show no gap",
                          n=len(names), roles=AndList(names)), *notes]


def path(kb, source: str, target: str, *, k: int = DEFAULTS["k"], via: Sequence[str] = (),
         avoid: Sequence[str] = (), max_hops: int = DEFAULTS["max_hops"], weight: str = DEFAULTS["weight"],
         time_limit: float = DEFAULTS["time_limit"], lang: str = "en", stated_only: bool = False,
         have=None) -> PathReport:
    """The ``k`` best career paths from ``source`` to ``target`` (names of roles), best first:
    fewest moves (``weight="hops"``) or fewest new skills and tools (``"gap"``); through
    ``via`` in order, never through ``avoid``. When no recorded move connects them, the best
    bridges (:func:`pmgraph.careers.bridges.bridged_path`, ``bridged`` true); with
    ``stated_only``, over moves the sources state, and no bridges. Raises
    :class:`~pmgraph.errors.NoResult` when no path exists."""
    from .bridges import bridged_path
    from .paths import career_paths

    view = _View(kb, stated_only)
    start, end = _role(kb, source), _role(kb, target)
    via_roles = [_role(kb, name) for name in via]
    avoid_roles = [_role(kb, name) for name in avoid]
    from .have_reports import apply_have

    profiles = view.profiles if have is None else have.with_profiles(view.profiles)
    try:
        search = career_paths(view.search_graph, start, end, weight=weight, profiles=profiles,
                              requirements=kb.role_requirements() if weight == "gap" else None, k=k,
                              via=via_roles, avoid=avoid_roles, max_hops=max_hops, time_limit=time_limit, lang=lang)
    except NoResult as error:
        if stated_only:
            raise NoResult(Message("{error} (--stated-only: over the moves the sources state)",
                                   error=error.args[0])) from None
        return apply_have(kb, bridged_path(kb, start, end, k=k, via=via_roles, avoid=avoid_roles, max_hops=max_hops,
                                           weight=weight, time_limit=time_limit, lang=lang, why=error.args[0]), have, lang)
    paths = [{
        "nodes": [kb.node(node, lang) for node in found.nodes],
        "hops": found.hops,
        "cost": found.cost,
        "steps": [_step(kb, u, v, lang, view) for u, v in found.steps],
    } for found in search.paths]
    return apply_have(kb, PathReport(
        source=kb.node(start, lang),
        target=kb.node(end, lang),
        weight=weight,
        paths=paths,
        truncated=search.truncated,
        reason=search.reason,
        notes=_unrecorded_notes(kb, [node for found in search.paths for node in found.nodes[1:]], lang,
                                [step for found in paths for step in found["steps"]]),
    ), have, lang)


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
    #: When TO has nothing recorded: whose requirements stand in ("from ESCO '...', close match").
    requirements_from: str | None = None
    have: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "requirements_from": self.requirements_from,
                "missing": self.missing, "skill_levels": self.skill_levels,
                "to_strengthen": self.to_strengthen, "essential_only": self.essential_only,
                "proficiency_step": self.proficiency_step, "learning": self.learning,
                "questions": self.questions, "notes": self.notes, **_have(self)}


def gap(kb, source: str, target: str, *, essential_only: bool = False, lang: str = "en",
        stated_only: bool = False, have=None) -> GapReport:
    """What ``target`` is recorded as needing that ``source`` is not, with what builds and tests
    each missing skill (see ``pmgraph gap --help``). Each missing item cites the sources that
    record it for ``target`` in their own words; a resource or question linked to its skill
    only by the project's reading is marked ``inferred`` (left out with ``stated_only``). When
    ``target`` has nothing recorded, its aligned occupation's requirements stand in
    (``requirements_from``)."""
    from .bridges import requirement_label, with_borrowed
    from .have_reports import apply_have
    from .profiles import PROFICIENCY_STEP, level_name, skill_gap, study_plan

    view = _View(kb, stated_only)
    start, end = _role(kb, source), _role(kb, target)
    profiles, borrowed = with_borrowed(kb, view.profiles, [end])
    requirements = kb.role_requirements()
    if end in borrowed:  # TO has nothing recorded: its aligned occupation's requirements stand in
        requirements = {start: requirements.get(start, {}), end: requirements.get(borrowed[end][0], {})}
    kinds = [kind for kind in profiles.get(end, {}) if kind != "focus"] or ["skill", "tool", "duty", "department"]
    plan = study_plan(profiles, view.material, start, end, kinds)
    skills = skill_gap(profiles, requirements, start, end, essential_only=essential_only)
    notes: list[str] = []
    from_label, to_label = kb.label(start, lang), kb.label(end, lang)
    if start == end:
        notes.append(Message("{source} and {target} are the same role: there is no gap", source=from_label,
                             target=to_label))
    elif end in borrowed:
        notes.append(Message("the sources record no skills or tools for {target}: its requirements are those of its "
                             "aligned occupation, {occupation}", target=to_label,
                             occupation=requirement_label(kb, *borrowed[end], lang)))
    elif not any(profiles.get(end, {}).get(kind) for kind in kinds):
        from ..model.describe import PROJECT_NOTES

        recorded = [name for name in kb.describe(end, lang)["attributes"] if name not in PROJECT_NOTES]
        notes.append(Message("the sources record no {kinds} for {target}, so there is nothing to compare; what they "
                             "record about it: {recorded} (see `pmgraph show`)", kinds=OrList(map(plural_word, kinds)),
                             target=to_label, recorded=CommaList(map(Message, recorded))) if recorded
                     else Message("the sources record no {kinds} for {target}, so there is nothing to compare",
                                  kinds=OrList(map(plural_word, kinds)), target=to_label))
    elif plan.unrecorded:
        notes.append(Message("{source} has no {kinds} recorded in the sources, so those parts of the gap are "
                             "everything {target} is recorded as needing", source=from_label, target=to_label,
                             kinds=OrList(map(plural_word, plan.unrecorded))))
    if skills.left_out:
        notes.append(PluralMessage("--essential: {n} skill {target} needs only as optional left out",
                                   "--essential: {n} skills {target} needs only as optional left out",
                                   n=skills.left_out, target=to_label))
    missing = {kind: _sorted_nodes(kb, items, lang) for kind, items in plan.missing.items()}
    needs = borrowed[end][0] if end in borrowed else end
    if "tool" in missing:  # technologies, hot and in-demand first; physical equipment apart
        from .tools import rank_tools

        tools, equipment = rank_tools(kb, plan.missing["tool"], needs, lang)
        missing = {name: items for kind, value in missing.items()
                   for name, items in ([("tool", tools), ("equipment", equipment)][:2 if equipment else 1]
                                       if kind == "tool" else [(kind, value)])}
    if "skill" in missing:
        by_level = {name: _skill_nodes(kb, items, needs, lang, numbers=True)
                    for name, items in (("essential", skills.essential), ("unspecified", skills.unspecified),
                                        ("optional", skills.optional))}
        missing["skill"] = by_level["essential"] + by_level["unspecified"] + by_level["optional"]
    from .readings import role_citations

    cited = role_citations(kb, end)
    for nodes in missing.values():
        _with_citations(nodes, cited)
    listed = [node["iri"] for node in missing.get("skill", [])]
    strengthen = [{"skill": kb.node(item.skill, lang), "from": _need(kb, item.source, lang),
                   "to": _need(kb, item.target, lang), "reasons": list(item.reasons)} for item in skills.strengthen]
    strengthen.sort(key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"]))
    skill_nodes = {node["iri"]: node for node in missing.get("skill", [])}
    found = view.readings
    learning = [{"skill": skill_nodes[iri], "resources": [
        {**node, "inferred": found.inferred_resource(node["iri"], iri)} for node in kb.nodes(plan.resources[iri], lang)]}
        for iri in listed]
    questions = [{"skill": skill_nodes[iri], "questions": [
        {**node, "inferred": found.inferred_link(node["iri"], "testsSkill", iri)}
        for node in kb.nodes(plan.questions[iri], lang)]} for iri in listed]
    if stated_only:
        notes.append(Message("--stated-only: links the project inferred (which skills a resource builds or a "
                             "question tests, moves no source states) are left out"))
    if listed and not any(entry["resources"] for entry in learning) and not any(
            entry["questions"] for entry in questions):
        notes.append(Message("no learning resource or interview question in the graph builds or tests these skills"))
    levels = {level_name(need) for need in requirements.get(end, {}).values()}
    return apply_have(kb, GapReport(
        requirements_from=requirement_label(kb, *borrowed[end], lang) if end in borrowed else None,
        source=kb.node(start, lang), target=kb.node(end, lang), missing=missing,
        skill_levels={"essential": len(skills.essential), "optional": len(skills.optional),
                      "unspecified": len(skills.unspecified)},
        to_strengthen=strengthen, essential_only=essential_only, proficiency_step=PROFICIENCY_STEP,
        learning=learning, questions=questions, notes=notes, target_levels=sorted(levels)), have, lang)


# -- next ------------------------------------------------------------------------------------
@dataclass
class NextReport:
    """Where one can go from a role, or come from (``pmgraph next``)."""

    role: dict[str, Any]
    direction: str
    #: Each move: ``{"role", "move", "gap", "sources", "condition"}``.
    moves: list[dict[str, Any]]
    have: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "direction": self.direction, "moves": self.moves, **_have(self)}


def next_moves(kb, role: str, *, previous: bool = False, lang: str = "en", stated_only: bool = False,
               have=None) -> NextReport:
    """The moves recorded from ``role`` (with ``previous``, into it), each with its step gap;
    with ``stated_only``, only the moves the sources state."""
    from .have_reports import apply_have
    from .paths import moves

    view = _View(kb, stated_only)
    iri = _role(kb, role)
    try:
        found = moves(view.around(iri), iri, previous=previous, lang=lang)
    except NoResult as error:
        if stated_only:
            raise NoResult(Message("{error} (--stated-only: of the moves the sources state)",
                                   error=error.args[0])) from None
        raise
    steps = [(_step(kb, other, iri, lang, view) if previous else _step(kb, iri, other, lang, view), other)
             for other, _ in found]
    return apply_have(kb, NextReport(
        role=kb.node(iri, lang),
        direction="previous" if previous else "next",
        moves=[{"role": kb.node(other, lang), "move": step["move"], "hop": step["hop"], "origin": step["origin"],
                "gap": step["gap"], "requirements_from": step["requirements_from"], "sources": step["sources"],
                "condition": step["condition"], "inferred": step["inferred"]}
               for step, other in steps]), have, lang)


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
    #: What the sources argue about the roles (:func:`pmgraph.careers.claims.claims_about`):
    #: ``{"shared": [claim], "only": {role: [claim]}}``, each claim with ``about``: per role,
    #: the role it is stated on and whether it is inherited from that broader role.
    claims: dict[str, Any] = field(default_factory=dict)
    have: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"roles": self.roles, "shared": self.shared, "only": self.only, "partly_shared": self.partly_shared,
                "similarity": self.similarity, "similarity_by_kind": self.similarity_by_kind, "pairs": self.pairs,
                "level_differences": self.level_differences, "method": self.method, "notes": self.notes,
                "claims": self.claims, **_have(self)}


def _compared_claims(kb, iris: Sequence[str], lang: str, stated_only: bool) -> dict[str, Any]:
    """The claims about each role, grouped as compare groups items: those about every role,
    and those about only one (a claim about a broader role counts for the narrower one, marked
    inherited)."""
    from .claims import claims_about

    merged: dict[str, dict[str, Any]] = {}
    for role in iris:
        for entry in claims_about(kb, role, lang, stated_only=stated_only):
            claim = merged.setdefault(entry["claim"]["iri"], {
                "claim": entry["claim"], "focus": entry["focus"], "sources": entry["sources"], "words": entry["words"],
                "translation": entry["translation"], "inferred": entry["inferred"], "about": []})
            claim["about"].append({"role": role, "stated_on": entry["stated_on"], "inherited": entry["inherited"]})
    ordered = sorted(merged.values(), key=lambda c: (any(a["inherited"] for a in c["about"]),
                                                     _sort_label(c["claim"]), c["claim"]["iri"]))
    return {"shared": [c for c in ordered if len(c["about"]) == len(iris)],
            "only": {role: [c for c in ordered if [a["role"] for a in c["about"]] == [role]] for role in iris}}


def compare(kb, roles: Sequence[str], *, lang: str = "en", stated_only: bool = False,
            have=None) -> CompareReport:
    """Compare two or more roles by name: what they share, what only one has, a Jaccard score,
    and what the sources argue about each (claims, own or inherited from a broader role). Every
    item says for which roles the project inferred it (``inferred_for``); ``stated_only``
    leaves those out."""
    from .have_reports import apply_have
    from .profiles import PROFILE_KINDS, SIMILARITY_METHOD, compare_roles

    if len(roles) < 2:
        raise UsageError(Message("compare needs at least two roles (A B [C ...])"))
    iris = [_role(kb, name) for name in roles]
    twice = [iri for index, iri in enumerate(iris) if iri in iris[:index]]
    if twice:
        raise UsageError(Message("compare needs different roles; {role} is named twice",
                                 role=kb.label(twice[0], lang)))
    view = _View(kb, stated_only)
    profiles = view.profiles
    kinds = list(PROFILE_KINDS) + sorted({kind for iri in iris for kind in profiles.get(iri, {})} - set(PROFILE_KINDS))
    comparison = compare_roles(profiles, iris, kinds, kb.role_requirements())
    found = view.readings

    from .readings import role_citations

    cited = {role: role_citations(kb, role) for role in iris}

    def marked(items) -> list[dict[str, Any]]:
        nodes = _sorted_nodes(kb, items, lang)
        for node in nodes:
            node["inferred_for"] = [role for role in iris if found.inferred_fact(role, node["iri"])]
            node["citations"] = {role: cited[role][node["iri"]] for role in iris if node["iri"] in cited[role]}
        return nodes

    missing_kinds: dict[str, list[str]] = {}
    for role, kind in comparison.unrecorded:
        missing_kinds.setdefault(role, []).append(plural(kind))
    return apply_have(kb, CompareReport(
        roles=[kb.node(iri, lang) for iri in iris],
        kinds=kinds,
        shared={kind: marked(items) for kind, items in comparison.shared.items()},
        only={role: {kind: marked(items) for kind, items in by_kind.items()}
              for role, by_kind in comparison.only.items()},
        partly_shared={kind: [{"roles": list(who), "items": marked(items)} for who, items in groups]
                       for kind, groups in comparison.partly.items()} if len(iris) > 2 else {},
        similarity=comparison.similarity,
        similarity_by_kind=comparison.similarity_by_kind,
        pairs=[{"roles": [a, b], "similarity": score} for a, b, score in comparison.pairs],
        level_differences=sorted(
            ({"skill": kb.node(skill, lang),
              "requirements": [{"role": role, **_need(kb, need, lang)} for role, need in zip(iris, needs)]}
             for skill, needs in comparison.levels), key=lambda entry: (_sort_label(entry["skill"]), entry["skill"]["iri"])),
        method=SIMILARITY_METHOD,
        notes=[Message("{role} has no {kinds} recorded in the sources", role=kb.label(role, lang),
                       kinds=OrList(map(Message, kinds_missing)))
               for role, kinds_missing in missing_kinds.items()],
        claims=_compared_claims(kb, iris, lang, stated_only),
    ), have, lang)


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
    if str(iri) in STANDARD_NAMES:
        return STANDARD_NAMES[str(iri)][0]
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
