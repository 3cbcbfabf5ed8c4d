"""What a person has, applied to the career reports (``--have`` / ``--profile`` on gap, path,
next and compare).

Each report function of :mod:`pmgraph.careers.reports` takes ``have`` (a
:class:`~pmgraph.careers.have.Have`) and hands its report to :func:`apply_have`, which
leaves out what the person fully has, marks what they have in part (``"have": "partial"``
with ``"through"``: the entities that cover it), drops resources done, and adds ``have`` to
the report: what was given, and what of the report it covers.

    >>> from pmgraph import kb
    >>> from pmgraph.careers import reports
    >>> from pmgraph.careers.have import holding
    >>> base = kb.open()
    >>> report = reports.gap(base, "senior engineer", "Tech PM", have=holding(base, ["AWS", "Terraform", "Jira"]))
    >>> [node["label"] for node in report.have["had"]]
    ['Jira', 'Terraform']
    >>> [(node["label"], node["have"]) for node in report.missing["skill"][:1]]
    [('cloud computing', 'partial')]
"""

from __future__ import annotations

from typing import Any

from ..i18n import Message
from .have import Have, mark_items

__all__ = ["apply_have", "trim_step"]


def _sort_key(node: dict[str, Any]) -> tuple[str, str]:
    from ..model.catalog import normalize

    return normalize(node["label"]), node["iri"]


def _unique(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for node in nodes:
        seen.setdefault(node["iri"], {key: node[key] for key in ("iri", "label", "kind")})
    return sorted(seen.values(), key=_sort_key)


def _given(kb, have: Have, lang: str, had: list[dict[str, Any]]) -> dict[str, Any]:
    return {**have.as_json(kb, lang), "had": _unique(had)}


def trim_step(kb, step: dict[str, Any], have: Have, lang: str) -> list[dict[str, Any]]:
    """Trim one move's gap (a path step or a move of ``next``) in place; returns what the person has of it."""
    gap = step.get("gap") or {}
    skills, had_skills = mark_items(kb, gap.get("skills", []), have, lang)
    tools, had_tools = mark_items(kb, gap.get("tools", []), have, lang)
    equipment, had_equipment = mark_items(kb, gap.get("equipment", []), have, lang)
    step["gap"] = {"skills": skills, "tools": tools, "equipment": equipment}
    step["had"] = _unique(had_skills + had_tools + had_equipment)
    return step["had"]


def _gap(kb, report, have: Have, lang: str):
    had: list[dict[str, Any]] = []
    for kind, items in list(report.missing.items()):
        report.missing[kind], had_here = mark_items(kb, items, have, lang)
        had += had_here
    skills = {node["iri"]: node for node in report.missing.get("skill", [])}
    report.learning = [{"skill": skills[entry["skill"]["iri"]],
                        "resources": [node for node in entry["resources"] if node["iri"] not in have.done]}
                       for entry in report.learning if entry["skill"]["iri"] in skills]
    report.questions = [{**entry, "skill": skills[entry["skill"]["iri"]]}
                        for entry in report.questions if entry["skill"]["iri"] in skills]
    counts = {"essential": 0, "optional": 0, "unspecified": 0}
    for node in skills.values():
        counts[node.get("level") or "unspecified"] += 1
    report.skill_levels = counts
    if had:
        report.notes.append(Message("left out: {count} of the things {role} needs, which you have",
                                    count=len(_unique(had)), role=report.target['label']))
    report.have = _given(kb, have, lang, had)
    return report


def _path(kb, report, have: Have, lang: str):
    had: list[dict[str, Any]] = []
    for found in report.paths:
        for step in found["steps"]:
            had += trim_step(kb, step, have, lang)
    report.have = _given(kb, have, lang, had)
    return report


def _next(kb, report, have: Have, lang: str):
    had: list[dict[str, Any]] = []
    for move in report.moves:
        had += trim_step(kb, move, have, lang)
    report.have = _given(kb, have, lang, had)
    return report


def _compare(kb, report, have: Have, lang: str):
    """Per role: what of its recorded skills and tools the person has fully, in part, or not."""
    profiles = kb.role_profiles()
    coverage = []
    for role in report.roles:
        needed = kb.nodes(sorted(set(profiles.get(role["iri"], {}).get("skill", ()))
                                 | set(profiles.get(role["iri"], {}).get("tool", ()))), lang)
        left, had = mark_items(kb, needed, have, lang)
        partial = [node for node in left if node["have"] == "partial"]
        coverage.append({"role": role, "needed": len(needed), "have": _unique(had),
                         "partial": sorted(partial, key=_sort_key),
                         "missing": len(left) - len(partial)})
    report.have = {**have.as_json(kb, lang), "coverage": coverage}
    return report


def apply_have(kb, report, have: Have | None, lang: str = "en"):
    """``report`` (a gap, path, next or compare report) with what the person has applied; the
    same report when ``have`` is None."""
    if have is None:
        return report
    apply = {"GapReport": _gap, "PathReport": _path, "NextReport": _next, "CompareReport": _compare}
    return apply[type(report).__name__](kb, report, have, lang)
