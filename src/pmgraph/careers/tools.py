"""Tools to learn, ranked by relevance: technologies first, hot and in-demand ones at the top,
physical equipment apart.

O*NET lists two kinds of tools for an occupation: **technology skills** (software, with a
*Hot Technology* flag for technologies employers often name in job postings and an *In
Demand* flag for those employers ask for in this occupation's postings: ``pmo:hotTechnology``
and ``pmo:inDemand`` on the tool use) and **tools used** (``pmo:Equipment``: screwdrivers,
photocopiers, laptops). A gap lists the technologies the target role needs in this order:
hot and in demand, hot, in demand, the rest (each group by label); the equipment is a list of
its own, which the text output collapses unless asked for (``--all-tools``).

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> tools, equipment = rank_tools(base, ["https://w3id.org/pmgraph/id/Terraform"], "https://w3id.org/pmgraph/id/TechPM")
    >>> [(tool["label"], tool["hot"], tool["in_demand"]) for tool in tools], equipment
    ([('Terraform', False, False)], [])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..iris import PMO_NS, RDF_TYPE

__all__ = ["rank_tools", "tool_marks"]


def tool_marks(kb, role: str, tools: Iterable[str]) -> dict[str, set[str]]:
    """``{tool: marks}`` for ``tools`` as ``role`` uses them, marks among ``"hot"``, ``"in demand"``
    and ``"equipment"``, read from the store's triples: the flags of the role's uses (two lookups
    per use, where a widely used tool has thousands of flagged uses) and one lookup per tool, kept for
    the knowledge base's other reports (a path shows the tools of one role at several steps)."""
    pmo = PMO_NS
    flag_names = {pmo + "hotTechnology": "hot", pmo + "inDemand": "in demand"}
    if "tool_marks" not in kb.projections:  # in memory, for this process (kb.snapshot)
        kb.projections["tool_marks"] = {"roles": {}, "equipment": {}}
    known = kb.projections["tool_marks"]
    if role not in known["roles"]:
        flags: dict[str, set[str]] = {}
        for use, _, _, _ in kb.triples(None, pmo + "role", role):
            for flag, name in flag_names.items():
                for _, _, tool, _ in kb.triples(use, flag):
                    flags.setdefault(tool, set()).add(name)
        known["roles"][role] = flags
    flags, equipment = known["roles"][role], known["equipment"]
    marks: dict[str, set[str]] = {}
    for tool in tools:
        if tool not in equipment:
            equipment[tool] = bool(kb.triples(tool, RDF_TYPE, pmo + "Equipment"))
        marks[tool] = set(flags.get(tool, ())) | ({"equipment"} if equipment[tool] else set())
    return marks


def rank_tools(kb, iris: Iterable[str], role: str, lang: str = "en") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The tools ``iris`` (that ``role`` needs) as ``(technologies, equipment)``: technologies
    are nodes with ``hot`` and ``in_demand`` (bools), hot and in demand first, then hot, then in
    demand, then the rest, each group by label; equipment are nodes, by label."""
    from ..model.catalog import normalize

    iris = list(iris)
    if not iris:
        return [], []
    marks = tool_marks(kb, role, iris) if kb.imports_anything else {}  # the marks come from O*NET
    nodes = sorted(kb.nodes(list(iris), lang), key=lambda node: (normalize(node["label"]), node["iri"]))
    tools, equipment = [], []
    for node in nodes:
        found = marks.get(node["iri"], set())
        if "equipment" in found:
            equipment.append(node)
        else:
            tools.append({**node, "hot": "hot" in found, "in_demand": "in demand" in found})
    tools.sort(key=lambda node: (not node["hot"], not node["in_demand"]))  # stable: labels stay in order
    return tools, equipment
