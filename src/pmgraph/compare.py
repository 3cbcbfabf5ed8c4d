"""Skill gaps and role comparison over role profiles: plain set arithmetic, no RDF.

A *profile* is what :func:`pmgraph.project.role_profiles` returns for one role:
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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .errors import UsageError

__all__ = ["Profile", "role_gap", "gap_size", "Comparison", "compare_roles", "jaccard", "study_plan",
           "StudyPlan", "SIMILARITY_METHOD"]

Profile = Mapping[str, Collection[str]]

#: How :func:`compare_roles` scores similarity, in words (shown by the CLI and the docs).
SIMILARITY_METHOD = ("Jaccard index: the items all compared roles share divided by the items any of them has, "
                     "over every kind compared")


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


def _overlap(sets: Sequence[set[str]]) -> float | None:
    union = set().union(*sets)
    if not union:
        return None
    return round(len(set.intersection(*sets)) / len(union), 4)


def compare_roles(profiles: Mapping[str, Profile], roles: Sequence[str],
                  kinds: Sequence[str] | None = None) -> Comparison:
    """Shared and distinct profile items of two or more roles, with a similarity score.

    ``shared[kind]`` holds what every role has; ``only[role][kind]`` what that role has and
    no other compared role has; with three or more roles ``partly[kind]`` groups what some
    but not all have by who has it. ``similarity`` is the Jaccard index of the roles' items
    over all kinds (for more than two roles: what all share over what any has), in [0, 1];
    None when no role has anything recorded. ``pairs`` gives the Jaccard index of every pair.
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
    return Comparison(roles, kinds, shared, only, _overlap(tagged), by_kind, pairs, partly, unrecorded)


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
    questions that test each missing skill (``material`` is :func:`pmgraph.project.study_material`).

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
