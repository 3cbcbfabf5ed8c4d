"""Skill gaps and role comparison over role profiles: plain set arithmetic, no RDF.

A *profile* is what :func:`pmgraph.careers.project.role_profiles` returns for one role:
``{kind: frozenset of IRIs}`` for the kinds skill, tool, duty, department and focus. What a
profile holds is what the graph *records* for that role: an empty kind means the sources
state nothing about it, not that the role needs nothing (career stages such as "junior
developer" often have no skills of their own in the sources).

    >>> profiles = {
    ...     "coder": {"skill": frozenset({"coding"}), "tool": frozenset({"git"})},
    ...     "lead": {"skill": frozenset({"coding", "leading"}), "tool": frozenset({"git", "jira"})},
    ... }
    >>> role_gap(profiles, "coder", "lead")
    {'skill': ['leading'], 'tool': ['jira']}
    >>> comparison = compare_roles(profiles, ["coder", "lead"])
    >>> comparison.shared, comparison.similarity
    ({'skill': ['coding'], 'tool': ['git']}, 0.5)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..errors import UsageError

__all__ = ["Profile", "Requirements", "role_gap", "gap_size", "gap_cost", "Comparison", "compare_roles", "jaccard",
           "study_plan", "StudyPlan", "SkillGap", "Strengthen", "skill_gap", "level_differences", "level_name",
           "SIMILARITY_METHOD", "ESSENTIAL", "PROFICIENCY_STEP", "OPTIONAL_WEIGHT", "PROFILE_KINDS"]

Profile = Mapping[str, Collection[str]]
#: The kinds a role profile always has, in the order comparisons and gaps show them. The
#: kinds come from the data (the kind of each fact's end), so a vocabulary that adds a fact
#: class starting at a role adds a kind to the profiles without code.
PROFILE_KINDS = ("skill", "tool", "duty", "department", "focus")
#: :func:`pmgraph.careers.project.role_requirements`: ``{role: {skill: (level IRI | None, importance, proficiency)}}``.
Requirements = Mapping[str, Mapping[str, tuple]]

#: How :func:`compare_roles` scores similarity, in words (shown by the CLI and the docs).
SIMILARITY_METHOD = ("Jaccard index: the items all compared roles share divided by the items any of them has, "
                     "over every kind compared; requirement levels are not weighed")

#: The requirement level that makes a skill essential (``pm:Essential``); any other stated
#: level (``pm:Optional``, or one a user's data defines) counts as optional.
ESSENTIAL = "https://w3id.org/pmgraph/id/Essential"
#: A skill both roles need is *to strengthen* when the target's proficiency level (O*NET's
#: 0-7 level scale) is at least this much above the source's: one step of O*NET's scale,
#: well above the standard error of its ratings (mostly 0.1-0.3).
PROFICIENCY_STEP = 1.0
#: What one new optional skill costs under ``path --weight gap`` (an essential one, a skill
#: with no level stated and a tool cost 1): the weight the derived ESCO moves give optional skills.
OPTIONAL_WEIGHT = 0.5


def level_name(requirement: Sequence | None) -> str:
    """``"essential"``, ``"optional"`` or ``"unspecified"`` (no level stated, or no requirement).

    >>> level_name((ESSENTIAL, None, None)), level_name(("https://example.org/Nice", 2.0, None)), level_name(None)
    ('essential', 'optional', 'unspecified')
    """
    if not requirement or requirement[0] is None:
        return "unspecified"
    return "essential" if requirement[0] == ESSENTIAL else "optional"


def _kinds(profiles: Mapping[str, Profile], roles: Sequence[str], kinds: Sequence[str] | None) -> list[str]:
    if kinds is not None:
        return list(kinds)
    found: list[str] = []
    for role in roles:
        for kind in profiles.get(role, {}):
            if kind not in found:
                found.append(kind)
    return found


def role_gap(profiles: Mapping[str, Profile], source: str, target: str,
             kinds: Sequence[str] | None = None) -> dict[str, list[str]]:
    """What ``target`` is recorded as having that ``source`` is not, per kind (sorted IRIs).

    ``kinds`` limits and orders the kinds; by default every kind of either profile.

    >>> role_gap({"a": {"skill": {"x"}}, "b": {"skill": {"x", "y"}, "tool": {"t"}}}, "a", "b", ["skill"])
    {'skill': ['y']}
    """
    have = profiles.get(source, {})
    need = profiles.get(target, {})
    return {kind: sorted(set(need.get(kind, ())) - set(have.get(kind, ())))
            for kind in _kinds(profiles, [source, target], kinds)}


def gap_size(profiles: Mapping[str, Profile], source: str, target: str,
             kinds: Sequence[str] = ("skill", "tool")) -> int:
    """How many skills and tools (by default) ``target`` needs that ``source`` is not recorded as having.

    This is the cost of one move under ``pmgraph path --weight gap``.

    >>> gap_size({"a": {"skill": {"x"}}, "b": {"skill": {"x", "y"}, "tool": {"t"}}}, "a", "b")
    2
    """
    have = profiles.get(source, {})
    need = profiles.get(target, {})
    return sum(len(set(need.get(kind, ())) - set(have.get(kind, ()))) for kind in kinds)


def gap_cost(profiles: Mapping[str, Profile], requirements: Requirements, source: str, target: str,
             optional_weight: float = OPTIONAL_WEIGHT) -> float:
    """The cost of one move under ``pmgraph path --weight gap``, with requirement levels.

    Each skill ``target`` needs that ``source`` has not costs 1, or ``optional_weight`` when
    ``target`` needs it as optional; each new tool costs 1. Without levels this is
    :func:`gap_size`.

    >>> profiles = {"a": {"skill": {"x"}}, "b": {"skill": {"x", "y", "z"}, "tool": {"t"}}}
    >>> gap_cost(profiles, {"b": {"y": (ESSENTIAL, None, None), "z": ("optional", None, None)}}, "a", "b")
    2.5
    """
    have = profiles.get(source, {})
    need = profiles.get(target, {})
    levels = requirements.get(target, {})
    cost = float(len(set(need.get("tool", ())) - set(have.get("tool", ()))))
    for skill in set(need.get("skill", ())) - set(have.get("skill", ())):
        cost += optional_weight if level_name(levels.get(skill)) == "optional" else 1
    return cost


@dataclass(frozen=True)
class Strengthen:
    """A skill both roles need, which the target needs more: how each role needs it, and why.

    ``reasons`` holds ``"level"`` (essential for the target, optional for the source) and/or
    ``"proficiency"`` (the target's proficiency level is :data:`PROFICIENCY_STEP` or more above).
    """

    skill: str
    source: tuple
    target: tuple
    reasons: tuple[str, ...]


@dataclass
class SkillGap:
    """The skills of :func:`skill_gap`: missing ones by the target's level, and ones to strengthen."""

    essential: list[str]
    optional: list[str]
    unspecified: list[str]
    strengthen: list[Strengthen]
    #: optional skills (missing or to strengthen) left out by ``essential_only``
    left_out: int = 0

    @property
    def missing(self) -> list[str]:
        """Every missing skill: essential first, then those with no level stated, then optional ones."""
        return self.essential + self.unspecified + self.optional


def _stronger_need(have: Sequence, need: Sequence, step: float) -> tuple[str, ...]:
    reasons = []
    if level_name(need) == "essential" and level_name(have) == "optional":
        reasons.append("level")
    if have[2] is not None and need[2] is not None and need[2] - have[2] >= step - 1e-9:
        reasons.append("proficiency")
    return tuple(reasons)


def skill_gap(profiles: Mapping[str, Profile], requirements: Requirements, source: str, target: str, *,
              essential_only: bool = False, step: float = PROFICIENCY_STEP) -> SkillGap:
    """The skills ``target`` needs that ``source`` has not, by level, and those to strengthen.

    A missing skill is filed under the level ``target`` needs it at (sorted IRIs). A skill
    both need is *to strengthen* when ``target`` needs it as essential and ``source`` only
    as optional, or when both have a proficiency level and the target's is ``step`` or more
    above the source's. ``essential_only`` keeps the skills ``target`` needs as essential
    (and those with no level stated); ``left_out`` counts what it dropped.

    >>> profiles = {"dev": {"skill": {"code", "talk"}}, "lead": {"skill": {"code", "talk", "plan", "budget"}}}
    >>> requirements = {"dev": {"code": (ESSENTIAL, 4.0, 5.0), "talk": ("opt", 2.5, 2.0)},
    ...                 "lead": {"code": (ESSENTIAL, 3.5, 4.0), "talk": (ESSENTIAL, 4.0, 3.5),
    ...                          "plan": (ESSENTIAL, 4.0, 4.0), "budget": ("opt", 2.0, 2.0)}}
    >>> found = skill_gap(profiles, requirements, "dev", "lead")
    >>> found.essential, found.optional, [(s.skill, s.reasons) for s in found.strengthen]
    (['plan'], ['budget'], [('talk', ('level', 'proficiency'))])
    """
    have = set(profiles.get(source, {}).get("skill", ()))
    need = set(profiles.get(target, {}).get("skill", ()))
    held = requirements.get(source, {})
    needed = requirements.get(target, {})
    by_level: dict[str, list[str]] = {"essential": [], "optional": [], "unspecified": []}
    for skill in sorted(need - have):
        by_level[level_name(needed.get(skill))].append(skill)
    strengthen = []
    for skill in sorted(need & have):
        if skill in held and skill in needed:
            reasons = _stronger_need(held[skill], needed[skill], step)
            if reasons:
                strengthen.append(Strengthen(skill, tuple(held[skill]), tuple(needed[skill]), reasons))
    left_out = 0
    if essential_only:
        kept = [item for item in strengthen if level_name(item.target) != "optional"]
        left_out = len(by_level["optional"]) + len(strengthen) - len(kept)
        by_level["optional"], strengthen = [], kept
    return SkillGap(by_level["essential"], by_level["optional"], by_level["unspecified"], strengthen, left_out)


def level_differences(requirements: Requirements, roles: Sequence[str], skills: Iterable[str],
                      step: float = PROFICIENCY_STEP) -> list[tuple[str, list[tuple | None]]]:
    """The ``skills`` (held by every role) that the roles need at different levels.

    A difference is a skill essential for one role and optional for another, or proficiency
    levels ``step`` or more apart. Each item is ``(skill, [requirement of each role])``.

    >>> level_differences({"a": {"x": (ESSENTIAL, None, None), "y": (ESSENTIAL, 3.0, 2.0)},
    ...                    "b": {"x": ("opt", None, None), "y": (ESSENTIAL, 3.5, 2.5)}}, ["a", "b"], ["x", "y"])
    [('x', [('https://w3id.org/pmgraph/id/Essential', None, None), ('opt', None, None)])]
    """
    found = []
    for skill in sorted(skills):
        needs = [requirements.get(role, {}).get(skill) for role in roles]
        known = [need for need in needs if need is not None]
        names = {level_name(need) for need in known} - {"unspecified"}
        levels = [need[2] for need in known if need[2] is not None]
        if len(names) > 1 or (len(levels) > 1 and max(levels) - min(levels) >= step - 1e-9):
            found.append((skill, needs))
    return found


def jaccard(first: Collection[str], second: Collection[str]) -> float | None:
    """``|A ∩ B| / |A ∪ B|``, or None when both are empty (nothing to compare).

    >>> jaccard({"a", "b"}, {"b", "c"}), jaccard(set(), set())
    (0.3333, None)
    """
    union = set(first) | set(second)
    return round(len(set(first) & set(second)) / len(union), 4) if union else None


@dataclass
class Comparison:
    """The result of :func:`compare_roles`."""

    roles: list[str]
    kinds: list[str]
    shared: dict[str, list[str]]
    only: dict[str, dict[str, list[str]]]
    similarity: float | None
    similarity_by_kind: dict[str, float | None]
    pairs: list[tuple[str, str, float | None]]
    #: With three or more roles: items that some but not all roles have, grouped by who has
    #: them: ``{kind: [(roles that have them, items)]}``.
    partly: dict[str, list[tuple[tuple[str, ...], list[str]]]] = field(default_factory=dict)
    #: (role, kind) pairs where the role has nothing recorded but another compared role does.
    unrecorded: list[tuple[str, str]] = field(default_factory=list)
    #: Shared skills the roles need at different levels (:func:`level_differences`), when
    #: requirements were given.
    levels: list[tuple[str, list[tuple | None]]] = field(default_factory=list)


def _overlap(sets: Sequence[set[str]]) -> float | None:
    union = set().union(*sets)
    if not union:
        return None
    return round(len(set.intersection(*sets)) / len(union), 4)


def compare_roles(profiles: Mapping[str, Profile], roles: Sequence[str],
                  kinds: Sequence[str] | None = None, requirements: Requirements | None = None) -> Comparison:
    """Shared and distinct profile items of two or more roles, with a similarity score.

    ``shared[kind]`` holds what every role has; ``only[role][kind]`` what that role has and
    no other compared role has; with three or more roles ``partly[kind]`` groups what some
    but not all have by who has it. ``similarity`` is the Jaccard index of the roles' items
    over all kinds (for more than two roles: what all share over what any has), in [0, 1];
    None when no role has anything recorded. ``pairs`` gives the Jaccard index of every pair.
    With ``requirements`` (:func:`pmgraph.careers.project.role_requirements`), ``levels`` lists the
    shared skills the roles need at different levels; the similarity does not weigh them.

    >>> profiles = {"a": {"skill": {"x", "y"}}, "b": {"skill": {"x", "y", "z"}}}
    >>> found = compare_roles(profiles, ["a", "b"], requirements={"a": {"x": (ESSENTIAL, None, None)},
    ...                                                           "b": {"x": ("opt", None, None)}})
    >>> found.similarity, [skill for skill, _ in found.levels]
    (0.6667, ['x'])
    """
    roles = list(roles)
    if len(roles) < 2:
        raise UsageError("compare needs at least two roles")
    if len(set(roles)) < len(roles):
        duplicates = sorted({role for role in roles if roles.count(role) > 1})
        raise UsageError(f"compare needs different roles; named twice: {', '.join(duplicates)}")
    kinds = _kinds(profiles, roles, kinds)

    def items(role: str, kind: str) -> set[str]:
        return set(profiles.get(role, {}).get(kind, ()))

    shared: dict[str, list[str]] = {}
    only: dict[str, dict[str, list[str]]] = {role: {} for role in roles}
    by_kind: dict[str, float | None] = {}
    partly: dict[str, list[tuple[tuple[str, ...], list[str]]]] = {}
    unrecorded: list[tuple[str, str]] = []
    for kind in kinds:
        sets = [items(role, kind) for role in roles]
        shared[kind] = sorted(set.intersection(*sets))
        holders: dict[tuple[str, ...], list[str]] = {}
        for item in sorted(set().union(*sets)):
            who = tuple(role for role, held in zip(roles, sets) if item in held)
            if 1 < len(who) < len(roles):
                holders.setdefault(who, []).append(item)
        partly[kind] = sorted(holders.items(), key=lambda group: [roles.index(r) for r in group[0]])
        for index, role in enumerate(roles):
            others = set().union(*(s for i, s in enumerate(sets) if i != index))
            only[role][kind] = sorted(sets[index] - others)
            if not sets[index] and others:
                unrecorded.append((role, kind))
        by_kind[kind] = _overlap(sets)
    tagged = [{(kind, item) for kind in kinds for item in items(role, kind)} for role in roles]
    pairs = [(roles[i], roles[j], jaccard(tagged[i], tagged[j])) for i, j in combinations(range(len(roles)), 2)]
    levels = level_differences(requirements, roles, shared.get("skill", ())) if requirements is not None else []
    return Comparison(roles, kinds, shared, only, _overlap(tagged), by_kind, pairs, partly, unrecorded, levels)


@dataclass
class StudyPlan:
    """The result of :func:`study_plan`: the gap, and for each missing skill what builds and tests it."""

    source: str
    target: str
    missing: dict[str, list[str]]
    resources: dict[str, list[str]]
    questions: dict[str, list[str]]
    #: kinds of which ``source`` has nothing recorded (so its gap is everything ``target`` has).
    unrecorded: list[str] = field(default_factory=list)


def _target_first(items: Sequence[tuple[str | None, int, str]], target: str) -> list[str]:
    ranked = sorted(items, key=lambda item: (item[0] != target, item[0] or "", item[1], item[2]))
    seen: list[str] = []
    for _, _, iri in ranked:
        if iri not in seen:
            seen.append(iri)
    return seen


def study_plan(profiles: Mapping[str, Profile], material: Mapping[str, Mapping[str, Sequence]],
               source: str, target: str, kinds: Sequence[str] | None = None) -> StudyPlan:
    """The whole gap from ``source`` to ``target``, with the resources that build and the
    questions that test each missing skill (``material`` is :func:`pmgraph.careers.project.study_material`).

    The target role's own learning path and interview questions come first, then those of
    other roles that build or test the same skill.

    >>> material = {"resources": {"y": [("b", 1, "book"), ("c", 1, "course")]}, "questions": {}}
    >>> plan = study_plan({"a": {"skill": {"x"}}, "b": {"skill": {"x", "y"}}}, material, "a", "b")
    >>> plan.missing, plan.resources, plan.questions
    ({'skill': ['y']}, {'y': ['book', 'course']}, {'y': []})
    """
    missing = role_gap(profiles, source, target, kinds)
    skills = missing.get("skill", [])
    resources = {skill: _target_first(material.get("resources", {}).get(skill, ()), target) for skill in skills}
    questions = {skill: _target_first(material.get("questions", {}).get(skill, ()), target) for skill in skills}
    have = profiles.get(source, {})
    need = profiles.get(target, {})
    unrecorded = [kind for kind in missing if not have.get(kind) and need.get(kind)]
    return StudyPlan(source, target, missing, resources, questions, unrecorded)
