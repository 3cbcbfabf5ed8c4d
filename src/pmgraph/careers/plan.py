"""A personal career plan: from what a person has to a target role, what is left, in order.

:func:`plan` takes the best paths (:func:`pmgraph.careers.reports.path`, with what the
person has: a path costs what is *left* to learn) and turns each into a checklist:

* per move, only what is left: the skills and tools the next role needs that the person
  does not fully have (a skill they have in part stays, marked ``partial``);
* each item once, at the first move that needs it, so what an earlier move needs comes
  first;
* within a move, skills in the order of the next role's learning path as its source gives
  it (learning steps carry ``pmo:order`` 1..6 for the Tech PM, 1..7 for the TPM), then the
  skills no learning step builds, then tools; within each, what the role needs as optional
  after the rest, then alphabetical;
* for each skill, the resources that build it (the next role's learning path first, in its
  order; resources done left out and listed as done) and the interview questions that test
  it, with their answer points;
* ``left`` and ``done`` counts per path, so a rerun with an updated profile says how much is
  left.

    >>> from pmgraph import kb
    >>> from pmgraph.careers.have import holding
    >>> base = kb.open()
    >>> report = plan(base, "Tech PM", have=holding(base, ["AWS", "Terraform", "Jira"]), source="senior engineer")
    >>> best = report.paths[0]
    >>> [step["to"]["label"] for step in best["steps"]], best["left"]["total"]
    (['engineering lead', 'Tech PM'], 56)
    >>> [item["label"] for item in best["steps"][1]["items"][:3]]
    ['programming languages', 'cloud computing', 'DevOps and SRE']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..i18n import Message
from ..text import pick
from .have import Have

__all__ = ["PlanReport", "plan", "DEFAULTS"]

#: The defaults of :func:`plan`: one path (the one with the least left to learn).
DEFAULTS = {"k": 1, "weight": "gap"}
#: Where skills no learning step of the next role builds go (after those it builds).
_UNORDERED = 10_000


@dataclass
class PlanReport:
    """The plan from what a person has to a target role (``pmgraph plan``)."""

    source: dict[str, Any]
    target: dict[str, Any]
    have: dict[str, Any]
    weight: str
    #: Each path: ``{"nodes", "hops", "steps", "left", "done"}``; a step is the path's step
    #: (``from``, ``to``, ``move``, ``sources``...) with ``items`` (what is left, as :func:`_item`
    #: makes them) and ``had`` (what the person has of it) instead of its ``gap``.
    paths: list[dict[str, Any]]
    truncated: bool
    reason: str | None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "have": self.have, "weight": self.weight,
                "paths": self.paths, "truncated": self.truncated, "reason": self.reason, "notes": self.notes}


def _learning_steps(kb, skill: str) -> list[tuple[str | None, int, str]]:
    """``(role, order, step)`` of every learning step that builds ``skill``."""
    from rdflib import URIRef

    from ..namespaces import PMO
    from .project import _order

    graph = kb.graph
    found = []
    for step in graph.subjects(PMO.buildsSkill, URIRef(skill)):
        role = graph.value(step, PMO.role)
        found.append((str(role) if role is not None else None, _order(graph.value(step, PMO.order)), str(step)))
    return sorted(found, key=lambda item: (item[0] or "", item[1], item[2]))


def _answer_points(kb, question: str, lang: str) -> str | None:
    from rdflib import Literal, URIRef

    from ..namespaces import PMO

    texts = {value.language or "": str(value) for value in kb.graph.objects(URIRef(question), PMO.answerPoints)
             if isinstance(value, Literal)}
    return pick(texts, lang) if texts else None


def _ordered(items: list[tuple[str | None, int, str]], role: str) -> list[str]:
    """IRIs of ``(role, order, iri)`` items: ``role``'s own first, in order; each once."""
    seen: list[str] = []
    for _, _, iri in sorted(items, key=lambda item: (item[0] != role, item[0] or "", item[1], item[2])):
        if iri not in seen:
            seen.append(iri)
    return seen


def _item(kb, node: dict[str, Any], role: str, have: Have, lang: str, stated_only: bool) -> dict[str, Any]:
    """One checklist item: a skill or tool left, with what builds and tests a skill (each
    resource and question marked ``inferred`` where only the project's reading links it to the
    skill; left out with ``stated_only``)."""
    from .readings import readings
    item = {key: node.get(key) for key in ("iri", "label", "kind", "level", "have")}
    item["through"] = node.get("through", [])
    item["learning_step"] = None
    item["resources"], item["resources_done"], item["questions"] = [], [], []
    if node["kind"] != "skill":
        return item
    steps = _learning_steps(kb, node["iri"])
    own = [entry for entry in steps if entry[0] == role]
    if own:
        _, order, step = own[0]
        item["learning_step"] = {**kb.node(step, lang), "order": order, "role": kb.node(role, lang)}
    found = readings(kb)
    material = found.stated_material(kb.study_material()) if stated_only else kb.study_material()
    resources = _ordered(material.get("resources", {}).get(node["iri"], []), role)

    def marked(iris: list[str]) -> list[dict[str, Any]]:
        return [{**entry, "inferred": found.inferred_resource(entry["iri"], node["iri"])}
                for entry in kb.nodes(iris, lang)]

    item["resources"] = marked([iri for iri in resources if iri not in have.done])
    item["resources_done"] = marked([iri for iri in resources if iri in have.done])
    item["questions"] = [{"question": kb.node(iri, lang), "answer_points": _answer_points(kb, iri, lang),
                          "inferred": found.inferred_link(iri, "testsSkill", node["iri"])}
                         for iri in _ordered(material.get("questions", {}).get(node["iri"], []), role)]
    return item


def _sort_key(item: dict[str, Any]) -> tuple:
    from ..model.catalog import normalize

    order = item["learning_step"]["order"] if item["learning_step"] else _UNORDERED
    return (item["kind"] != "skill", order, item.get("level") == "optional", normalize(item["label"]), item["iri"])


def _plan_path(kb, found: dict[str, Any], have: Have, lang: str, stated_only: bool) -> dict[str, Any]:
    listed: set[str] = set()
    resources: set[str] = set()
    done: set[str] = set()
    had: set[str] = set()
    steps = []
    for step in found["steps"]:
        role = step["to"]["iri"]
        items = []
        gap = step.get("gap") or {}
        # the physical equipment (O*NET Tools Used) too: a plan lists everything left to learn
        for node in gap.get("skills", []) + gap.get("tools", []) + gap.get("equipment", []):
            if node["iri"] in listed:
                continue
            listed.add(node["iri"])
            items.append(_item(kb, node, role, have, lang, stated_only))
        items.sort(key=_sort_key)
        for item in items:
            resources.update(node["iri"] for node in item["resources"])
            done.update(node["iri"] for node in item["resources_done"])
        step_had = [node for node in step.get("had", []) if node["iri"] not in had]
        had.update(node["iri"] for node in step_had)
        # every field of the path's step but its gap (which the items replace) is kept
        steps.append({key: value for key, value in step.items() if key not in ("gap", "had")}
                     | {"items": items, "had": step_had})
    items = [item for step in steps for item in step["items"]]
    left = {"skills": sum(item["kind"] == "skill" for item in items),
            "partial": sum(item["have"] == "partial" for item in items),
            "tools": sum(item["kind"] != "skill" for item in items),
            "resources": len(resources)}
    left["total"] = left["skills"] + left["tools"] + left["resources"]
    finished = {"had": len(had), "resources": len(done)}
    finished["total"] = finished["had"] + finished["resources"]
    return {"nodes": found["nodes"], "hops": found["hops"], "steps": steps, "left": left, "done": finished}


def plan(kb, target: str | None = None, *, have: Have, source: str | None = None, k: int = DEFAULTS["k"],
         weight: str = DEFAULTS["weight"], lang: str = "en", stated_only: bool = False, **options) -> PlanReport:
    """The plan from ``source`` (else the profile's role) to ``target`` (else the profile's
    target) for a person who has ``have``: the ``k`` best paths, each as a checklist of what
    is left; with ``stated_only``, over stated moves and without the resources and questions
    only the project's reading links to a skill. Other ``options`` are those of
    :func:`pmgraph.careers.reports.path` (``via``, ``avoid``, ``max_hops``, ``time_limit``)."""
    from . import reports

    start = source or have.role
    end = target or have.target
    if not start:
        raise UsageError(Message("a plan needs a current role: --from ROLE, or role = \"...\" in the profile"))
    if not end:
        raise UsageError(Message("a plan needs a target role: TO, or target = \"...\" in the profile"))
    found = reports.path(kb, start, end, k=k, weight=weight, lang=lang, have=have, stated_only=stated_only,
                         **options)
    paths = [_plan_path(kb, path, have, lang, stated_only) for path in found.paths]
    return PlanReport(source=found.source, target=found.target, have=found.have, weight=weight, paths=paths,
                      truncated=found.truncated, reason=found.reason, notes=list(found.notes))
