"""Where can I go from here? Roles a few moves away, ranked by how much of what they need a
person already has, each score explained by its parts.

A role's **score** (0..1) is the weighted mean of its coverage parts, less its penalties:

* **essential skills** — the skills the role needs as essential, or with no level stated
  (the bundled sources state no levels): the share the person has (a skill they have in
  part counts ``partial_credit``);
* **optional skills** — the same for the skills it needs as optional (ESCO);
* **tools** — the same for its tools;

a part the role has nothing of is left out of the mean (its weight does not count). Then:

* **moves** — ``move_penalty`` for each move beyond the first;
* **derived moves** — ``derived_penalty`` for each move on the way that no source states
  (derived from skill overlap, or inferred by the project);
* **job zone** — ``job_zone_penalty`` for each O*NET job zone the role is above the start
  (when both have one: O*NET data imported).

All these numbers are in :data:`DEFAULTS` and can be changed per call (``pmgraph next
--score-weight``, ``--max-moves``, ``--limit``). Roles with no skills and no tools recorded
cannot be scored; the report names them.

    >>> from pmgraph import kb
    >>> from pmgraph.careers.have import holding
    >>> base = kb.open()
    >>> report = recommend(base, "engineering lead", have=holding(base, ["AWS", "Terraform", "Jira", "cloud computing"]))
    >>> best = report.roles[0]
    >>> best["role"]["label"], best["score"], [(part["part"], part["covered"], part["needed"]) for part in best["parts"]]
    ('Tech PM', 0.1156, [('essential skills', 1, 12), ('tools', 2, 20)])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import NoResult, UsageError
from ..i18n import N_, Message, PluralMessage
from .have import Have

__all__ = ["RecommendReport", "recommend", "DEFAULTS", "PARTS"]

#: The coverage parts of a score, in the order they are shown.
PARTS = (N_("essential skills"), N_("optional skills"), N_("tools"))
#: Every threshold and weight of :func:`recommend`, in one place.
DEFAULTS: dict[str, Any] = {
    "max_moves": 2,            # roles at most this many moves away
    "limit": 10,               # this many roles shown, best first
    "partial_credit": 0.5,     # what an item the person has in part counts
    "weights": {"essential skills": 0.5, "optional skills": 0.2, "tools": 0.3},
    "move_penalty": 0.05,      # per move beyond the first
    "derived_penalty": 0.05,   # per move no source states (derived or inferred)
    "job_zone_penalty": 0.05,  # per O*NET job zone above the start
}


@dataclass
class RecommendReport:
    """Roles reachable from a role, ranked by what a person has of their needs (``pmgraph next --have``)."""

    role: dict[str, Any]
    have: dict[str, Any]
    settings: dict[str, Any]
    #: Each role: ``{"role", "score", "moves", "path", "stated_moves", "derived_moves", "parts",
    #: "penalties", "job_zone"}``, best first.
    roles: list[dict[str, Any]]
    #: Roles reachable but not ranked (nothing recorded to compare).
    unscored: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"role": self.role, "have": self.have, "settings": self.settings, "roles": self.roles,
                "unscored": self.unscored, "notes": self.notes}


def _job_zone(kb, role: str) -> int | None:
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from ..namespaces import PMO

    for zone in kb.graph.objects(URIRef(role), PMO.jobZone):
        for notation in kb.graph.objects(zone, SKOS.notation):
            try:
                return int(str(notation))
            except ValueError:
                continue
    return None


def _derived(edge: dict[str, Any]) -> bool:
    transitions = edge.get("transitions", [])
    return bool(transitions) and all(t.get("derived_by") or t.get("inferred") for t in transitions)


def _part(name: str, needed: list[str], have: Have, credit: float) -> dict[str, Any] | None:
    if not needed:
        return None
    covered = [iri for iri in needed if have.status(iri) == "full"]
    partial = [iri for iri in needed if have.status(iri) == "partial"]
    return {"part": name, "needed": len(needed), "covered": len(covered), "partial": len(partial),
            "coverage": round((len(covered) + credit * len(partial)) / len(needed), 4),
            "covered_items": covered, "partial_items": partial}


def _score_role(kb, role: str, have: Have, settings: dict[str, Any]) -> list[dict[str, Any]]:
    from .profiles import level_name

    profile = kb.role_profiles().get(role, {})
    needs = kb.role_requirements().get(role, {})
    skills = sorted(profile.get("skill", ()))
    essential = [s for s in skills if level_name(needs.get(s)) != "optional"]
    optional = [s for s in skills if level_name(needs.get(s)) == "optional"]
    tools = sorted(profile.get("tool", ()))
    credit = settings["partial_credit"]
    parts = [_part(name, items, have, credit) for name, items in zip(PARTS, (essential, optional, tools))]
    return [part for part in parts if part is not None]


def recommend(kb, role: str | None = None, *, have: Have, lang: str = "en", **settings: Any) -> RecommendReport:
    """The roles at most ``max_moves`` moves from ``role`` (else the profile's role), ranked by
    their score (see the module's text); ``settings`` override :data:`DEFAULTS` (``weights``
    may name only some parts)."""
    import networkx as nx

    from ..model.catalog import normalize

    unknown = sorted(set(settings) - set(DEFAULTS))
    if unknown:
        raise UsageError(f"unknown setting {unknown[0]!r}; the settings are {', '.join(DEFAULTS)}")
    chosen = {**DEFAULTS, **settings, "weights": {**DEFAULTS["weights"], **settings.get("weights", {})}}
    bad = sorted(set(chosen["weights"]) - set(PARTS))
    if bad:
        raise UsageError(f"unknown score part {bad[0]!r}; the parts are {', '.join(PARTS)}")
    name = role or (kb.label(have.role, lang) if have.role else None)
    if have.role and not role:
        start = have.role
    elif name:
        start = str(kb.resolve(name, kinds=("role",)))
    else:
        raise UsageError(Message("where to start from: give ROLE, or role = \"...\" in the profile"))
    G = kb.career_graph()
    if start not in G:
        raise NoResult(Message("{role} is not in the career graph", role=kb.label(start, lang)))
    paths = nx.single_source_shortest_path(G, start, cutoff=chosen["max_moves"])
    start_zone = _job_zone(kb, start)
    ranked: list[dict[str, Any]] = []
    unscored: list[str] = []
    for other, nodes in paths.items():
        if other == start:
            continue
        parts = _score_role(kb, other, have, chosen)
        if not parts:
            unscored.append(other)
            continue
        weights = chosen["weights"]
        total = sum(weights[part["part"]] for part in parts)
        for part in parts:
            part["weight"] = weights[part["part"]]
            part["points"] = round(part["weight"] * part["coverage"] / total, 4) if total else 0.0
        hops = len(nodes) - 1
        derived = sum(_derived(G.edges[u, v]) for u, v in zip(nodes, nodes[1:]))
        penalties = []
        if hops > 1:
            penalties.append({"reason": PluralMessage("{n} move beyond the first", "{n} moves beyond the first", hops - 1),
                              "points": -round(chosen["move_penalty"] * (hops - 1), 4)})
        if derived:
            penalties.append({"reason": PluralMessage("{n} move no source states", "{n} moves no source states", derived),
                              "points": -round(chosen["derived_penalty"] * derived, 4)})
        zone = _job_zone(kb, other)
        job_zone = None
        if zone is not None and start_zone is not None:
            job_zone = {"from": start_zone, "to": zone, "difference": zone - start_zone}
            if zone > start_zone:
                penalties.append({"reason": PluralMessage("{n} O*NET job zone up", "{n} O*NET job zones up",
                                                          zone - start_zone),
                                  "points": -round(chosen["job_zone_penalty"] * (zone - start_zone), 4)})
        score = round(max(0.0, sum(part["points"] for part in parts) + sum(p["points"] for p in penalties)), 4)
        for part in parts:
            for key in ("covered_items", "partial_items"):
                part[key] = sorted(kb.nodes(part[key], lang), key=lambda node: (normalize(node["label"]), node["iri"]))
        ranked.append({"role": kb.node(other, lang), "score": score, "moves": hops,
                       "path": kb.nodes(nodes, lang), "stated_moves": hops - derived, "derived_moves": derived,
                       "parts": parts, "penalties": penalties, "job_zone": job_zone})
    ranked.sort(key=lambda entry: (-entry["score"], entry["moves"], normalize(entry["role"]["label"]), entry["role"]["iri"]))
    notes = []
    if len(ranked) > chosen["limit"]:
        notes.append(Message("{count} more roles scored lower (raise --limit to see them)",
                             count=len(ranked) - chosen['limit']))
    if not ranked and not unscored:
        raise NoResult(Message("no move out of {role} is recorded", role=kb.label(start, lang)))
    unscored_nodes = sorted(kb.nodes(unscored, lang), key=lambda node: (normalize(node["label"]), node["iri"]))
    if unscored_nodes:
        notes.append(PluralMessage("{n} role within reach has no skills or tools recorded, so no score: {roles}",
                                   "{n} roles within reach have no skills or tools recorded, so no score: {roles}",
                                   len(unscored_nodes), roles=", ".join(node["label"] for node in unscored_nodes)))
    return RecommendReport(role=kb.node(start, lang), have=have.as_json(kb, lang),
                           settings={key: chosen[key] for key in DEFAULTS}, roles=ranked[:chosen["limit"]],
                           unscored=unscored_nodes, notes=notes)
