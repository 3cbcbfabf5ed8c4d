"""Bridges: how to get from one role to another when no stated move connects them.

Every hop of a path is one of :data:`HOP_KINDS`:

* **stated move**: a career transition a source states (``path`` and ``next`` cite it);
* **inferred move**: a transition the project read in a source that does not state it in so
  many words (``pmo:assertion pm:Inferred``);
* **derived move**: a move to a role that needs much the same skills, derived by pmgraph from
  skill overlap (the ESCO import derives them between ESCO occupations; :func:`derived_moves`
  derives them between the bundled roles, and any ``--data`` roles, the same way);
* **alignment**: a role's ``skos:closeMatch`` / ``skos:exactMatch`` (the same job) or
  ``skos:broadMatch`` / ``skos:narrowMatch`` (a wider or narrower job) to an ESCO or O*NET
  occupation (``ontology/facts/alignments.ttl``), followed either way;
* **crosswalk**: a ``skos:closeMatch`` from an ESCO occupation to an O*NET occupation (the Nesta
  crosswalk, ``pmgraph import crosswalk``), followed either way.

``pmgraph path`` searches the recorded moves first; only when none connects the two roles
does it search the :func:`bridge_graph` (the moves plus the bridges), ranking paths by the sum
of the hops' costs (``DEFAULTS["hop_costs"]`` in :mod:`pmgraph.careers.reports`), fewer hops
breaking ties::

    >>> from pmgraph import kb
    >>> found = bridged_path(kb.open(), "senior engineer", "TPM", k=1)
    >>> [step["hop"] for step in found.paths[0]["steps"]], found.paths[0]["cost"]
    (['stated move', 'stated move', 'derived move'], 5)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import LimitReached, NoResult
from ..i18n import Message
from ..iris import PREFIXES
from ..text import LANGUAGES

__all__ = ["HOP_KINDS", "hop_kind", "move_origin", "publisher", "alignments", "derived_moves", "bridge_graph",
           "bridged_path", "step_label", "requirement_source", "requirement_label", "with_borrowed",
           "BUNDLED_OVERLAP", "ALIGNMENTS"]

#: What a hop of a path can be, in the order the docs list them.
HOP_KINDS = ("stated move", "inferred move", "derived move", "alignment", "crosswalk")
#: The matching properties an alignment or the crosswalk may use, by their name in reports.
_MATCHES = {"http://www.w3.org/2004/02/skos/core#exactMatch": "exact match",
            "http://www.w3.org/2004/02/skos/core#closeMatch": "close match",
            "http://www.w3.org/2004/02/skos/core#broadMatch": "broad match",
            "http://www.w3.org/2004/02/skos/core#narrowMatch": "narrow match"}
#: The IRIs under which the imported classifications name their occupations.
ESCO_OCCUPATIONS = "http://data.europa.eu/esco/"
#: Where the bundled alignments are declared (the owl:Ontology of ``ontology/facts/alignments.ttl``).
ALIGNMENTS = "https://w3id.org/pmgraph/facts/alignments"
_ALIGNMENTS_ORIGIN = "pmgraph's alignments (ontology/facts/alignments.ttl)"
#: How :func:`derived_moves` describes its method (the words of the ESCO import's ``pmo:derivedBy``).
BUNDLED_OVERLAP = "the bundled roles'"

_ALIGNMENT_QUERY = """SELECT ?a ?match ?b WHERE {
  VALUES ?match { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch }
  ?a ?match ?b . FILTER(isIRI(?a) && isIRI(?b))
}"""


def publisher(iri: str) -> str | None:
    """``"ESCO"`` or ``"O*NET"`` for an occupation of either classification, else None.

    >>> publisher("https://www.onetonline.org/link/summary/11-3021.00"), publisher("https://w3id.org/pmgraph/id/CTO")
    ('O*NET', None)
    """
    if iri.startswith(ESCO_OCCUPATIONS):
        return "ESCO"
    if iri.startswith(PREFIXES["onet"]):
        return "O*NET"
    return None


def hop_kind(transitions: Sequence[Mapping[str, Any]]) -> str:
    """What a recorded move is, from the transitions stating it: a stated move if any source
    states it, else an inferred move if the project read it in a source, else a derived move.

    >>> hop_kind([{"inferred": True, "derived_by": None}, {"inferred": False, "derived_by": None}])
    'stated move'
    >>> hop_kind([{"inferred": False, "derived_by": "skill overlap: ..."}])
    'derived move'
    """
    if any(not t.get("derived_by") and not t.get("inferred") for t in transitions):
        return "stated move"
    if any(not t.get("derived_by") for t in transitions):
        return "inferred move"
    return "derived move"


def move_origin(transitions: Sequence[Mapping[str, Any]], source_labels: Sequence[str]) -> str:
    """Where a recorded move comes from, in words: its source sections, or how it was derived."""
    if source_labels:
        return "; ".join(source_labels)
    derived = next((t["derived_by"] for t in transitions if t.get("derived_by")), None)
    return f"derived by pmgraph: {derived}" if derived else "no source"


def alignments(kb) -> list[tuple[str, str, str]]:
    """Every alignment and crosswalk link between roles (or a role and an occupation the data
    only names): ``(a, match, b)`` with ``match`` as in :data:`_MATCHES`, sorted.

    Read with one SPARQL query, which a local knowledge base keeps with its snapshot.
    """
    from ..sparql import parse_query

    result = kb.query(parse_query(_ALIGNMENT_QUERY, "<alignments>"))
    found = set()
    for row in result.terms:  # the IRIs as strings, without making rdflib terms
        a, match, b = (term.value for term in row)
        kinds = (kb.kind(a), kb.kind(b))
        if "role" not in kinds or any(kind not in ("role", None) for kind in kinds):
            continue  # an alignment of skills or concepts, not of jobs
        found.add((a, _MATCHES[match], b))
    return sorted(found)


def _is_crosswalk(a: str, b: str) -> bool:
    return publisher(a) is not None and publisher(b) is not None and publisher(a) != publisher(b)


def derived_moves(kb) -> dict[str, list[tuple[str, float]]]:
    """Moves between the bundled roles (and ``--data`` roles: every role that is no ESCO or
    O*NET occupation) derived from their skill overlap, as the ESCO import derives them
    (:mod:`pmgraph.importers.overlap`, same method and parameters): ``{role: [(role, similarity)]}``.

        >>> from pmgraph import kb
        >>> derived_moves(kb.open())["https://w3id.org/pmgraph/id/TechPM"]
        [('https://w3id.org/pmgraph/id/TechnicalProgramManager', 0.4375)]
    """
    from ..importers.overlap import OverlapMethod, similar_occupations
    from .profiles import level_name

    profiles, requirements = kb.role_profiles(), kb.role_requirements()
    weights: dict[str, dict[str, float]] = {}
    for role in kb.career_graph():
        if publisher(role) is not None or kb.kind(role) != "role":
            continue
        skills = profiles.get(role, {}).get("skill") or ()
        needs = requirements.get(role, {}) if skills else {}
        if skills:
            method = OverlapMethod()
            weights[role] = {skill: method.optional_weight if level_name(needs.get(skill)) == "optional"
                             else method.essential_weight for skill in skills}
    return {role: moves for role, moves in similar_occupations(weights, OverlapMethod()).items() if moves}


def _node_attributes(kb, iri: str) -> dict[str, Any]:
    return {"label": {lang: kb.label(iri, lang) for lang in LANGUAGES}, "kind": kb.kind(iri),
            "track": None, "track_label": None, "level": None}


def bridge_graph(kb):
    """The career graph with the bridges added: alignments and crosswalk links (both ways) and
    the moves :func:`derived_moves` derives. A recorded move between two roles is kept as it
    is; a bridge edge carries ``hop``, ``match`` (for alignments and the crosswalk), ``direction``
    (``"forward"`` from the aligned role to the occupation, else ``"backward"``), ``similarity``
    (derived moves) and ``cost``.
    """
    import networkx as nx

    from ..importers.overlap import OverlapMethod
    from .reports import DEFAULTS

    costs = DEFAULTS["hop_costs"]
    career = kb.career_graph()
    G = nx.DiGraph()
    G.add_nodes_from(career.nodes(data=True))
    G.add_edges_from(career.edges(data=True))

    def add(u: str, v: str, data: dict[str, Any]) -> None:
        for node in (u, v):
            if node not in G:
                G.add_node(node, **_node_attributes(kb, node))
        if G.has_edge(u, v) and ("transitions" in G.edges[u, v] or G.edges[u, v]["cost"] <= data["cost"]):
            return
        G.add_edge(u, v, **data)

    for a, match, b in alignments(kb):
        hop = "crosswalk" if _is_crosswalk(a, b) else "alignment"
        cost = costs["crosswalk"] if hop == "crosswalk" else costs[
            "close match" if match in ("close match", "exact match") else "broad match"]
        add(a, b, {"hop": hop, "match": match, "direction": "forward", "cost": cost})
        add(b, a, {"hop": hop, "match": match, "direction": "backward", "cost": cost})
    method = OverlapMethod().describe(BUNDLED_OVERLAP)
    for role, moves in derived_moves(kb).items():
        for other, similarity in moves:
            add(role, other, {"hop": "derived move", "similarity": similarity, "derived_by": method,
                              "cost": costs["derived move"]})
    return G


def _edge_cost(G, u: str, v: str) -> int:
    from .reports import DEFAULTS

    data = G.edges[u, v]
    if "transitions" in data:
        return DEFAULTS["hop_costs"][hop_kind(data["transitions"])]
    return data["cost"]


def _crosswalk_origin(kb) -> str:
    from ..importers.crosswalk import DATASET

    title = kb.label(DATASET, "en")
    return title if title and title != DATASET else "the ESCO-O*NET crosswalk"


def _bridge_step(kb, G, u: str, v: str, lang: str) -> dict[str, Any]:
    """One bridge hop as a path step (the keys of a recorded move's step, and the bridge's own)."""
    data = G.edges[u, v]
    derived = data["hop"] == "derived move"
    if derived:
        origin = f"derived by pmgraph: {data['derived_by']}"
    else:
        origin = _crosswalk_origin(kb) if data["hop"] == "crosswalk" else _ALIGNMENTS_ORIGIN
    step: dict[str, Any] = {"from": kb.node(u, lang), "to": kb.node(v, lang),
                            "move": "similar skills" if derived else data["match"], "hop": data["hop"],
                            "origin": origin, "gap": {"skills": [], "tools": [], "equipment": []},
                            "requirements_from": None, "sources": [], "condition": None, "transitions": [],
                            "inferred": False}
    if derived:
        from .profiles import role_gap
        from .reports import STEP_KINDS, _skill_nodes
        from .tools import rank_tools

        found = role_gap(kb.role_profiles(), u, v, STEP_KINDS)
        tools, equipment = rank_tools(kb, found["tool"], v, lang)
        step["gap"] = {"skills": _skill_nodes(kb, found["skill"], v, lang), "tools": tools, "equipment": equipment}
        step["similarity"] = data["similarity"]
        return step
    aligned, occupation = (u, v) if data["direction"] == "forward" else (v, u)
    step["match"] = data["match"]
    name = publisher(occupation)
    step["aligned"] = {"role": kb.node(aligned, lang), "occupation": kb.node(occupation, lang),
                       "publisher": name}
    return step


def bridged_path(kb, source: str, target: str, *, k: int | None = None, via: Sequence[str] = (),
                 avoid: Sequence[str] = (), max_hops: int | None = None, weight: str | None = None,
                 time_limit: float | None = None, lang: str = "en", why: str | None = None):
    """The ``k`` best paths over the :func:`bridge_graph`, cheapest first (a
    :class:`~pmgraph.careers.reports.PathReport` with ``bridged`` true). ``why`` is why no
    recorded moves connect the two (the error when no bridge connects them either:
    :class:`NoResult`). Bridged paths are always ranked by their hops' costs: a hop between
    classifications has no gap to count, so ``weight="gap"`` would rank a detour through
    occupations as if it asked for nothing; a note says so.
    """
    from .paths import best_paths
    from .reports import DEFAULTS, PathReport, _role, _step, _unrecorded_notes

    k = DEFAULTS["k"] if k is None else k
    max_hops = DEFAULTS["max_hops"] if max_hops is None else max_hops
    weight = weight or DEFAULTS["weight"]
    time_limit = DEFAULTS["time_limit"] if time_limit is None else time_limit
    start, end = _role(kb, source), _role(kb, target)
    via_roles = [_role(kb, name) for name in via]
    avoid_roles = [_role(kb, name) for name in avoid]
    G = bridge_graph(kb)
    try:
        search = best_paths(G, start, end, k=k, via=via_roles, avoid=avoid_roles, max_hops=max_hops,
                            edge_cost=lambda u, v: _edge_cost(G, u, v), time_limit=time_limit, lang=lang)
    except NoResult:
        raise NoResult(Message("{head}; no bridge (alignment, crosswalk or derived move) connects them either",
                               head=why or _no_path(kb, start, end, lang))) from None
    except LimitReached as limit:
        raise LimitReached(Message("{head}; with bridges, {limit}", head=why or _no_path(kb, start, end, lang),
                                   limit=limit.args[0])) from None
    paths = search.paths
    notes = [f"no recorded moves lead from {kb.label(start, lang)} to {kb.label(end, lang)}: the paths bridge "
             "them (⇢ marks a hop that is no recorded move)"]
    if weight == "gap":
        notes.append("bridged paths are ranked by their hops' costs, not by --weight gap: a hop between "
                     "classifications has no gap to count")

    def step(u: str, v: str) -> dict[str, Any]:
        if "transitions" in G.edges[u, v]:
            return _step(kb, u, v, lang)
        return _bridge_step(kb, G, u, v, lang)

    found_paths = [{"nodes": [kb.node(node, lang) for node in found.nodes], "hops": found.hops, "cost": found.cost,
                    "steps": [step(u, v) for u, v in found.steps]} for found in paths]
    # the roles moved into (a hop between classifications asks for nothing)
    steps = [made for found in found_paths for made in found["steps"] if made["hop"] not in ("alignment", "crosswalk")]
    notes += _unrecorded_notes(kb, [made["to"]["iri"] for made in steps], lang, steps)
    return PathReport(source=kb.node(start, lang), target=kb.node(end, lang), weight=weight, paths=found_paths,
                      truncated=search.truncated, reason=search.reason, notes=notes, bridged=True)


def step_label(step: Mapping[str, Any]) -> str:
    """The bracketed words of a path step in text: ``promotion; Source 000 § 5 Career path`` for a
    stated move, ``derived move: similar skills (similarity 0.44); derived by pmgraph: ...``, ``alignment:
    broad match, O*NET 'Computer and Information Systems Managers' is wider; pmgraph's alignments ...``."""
    from ..i18n import N_, _

    hop = step.get("hop")
    if hop == "derived move" and "similarity" in step:
        return _("derived move: similar skills, similarity {similarity}; derived by pmgraph from the bundled roles' "
                 "skills").format(similarity=f"{step['similarity']:.2f}")
    if hop in ("alignment", "crosswalk"):
        aligned = step["aligned"]
        name = f"{aligned['publisher'] + ' ' if aligned['publisher'] else ''}'{aligned['occupation']['label']}'"
        relation = {"close match": N_("is the same job as"), "exact match": N_("is the same job as"),
                    "broad match": N_("is wider than"), "narrow match": N_("is narrower than")}[step["match"]]
        hops = {"alignment": N_("alignment"), "crosswalk": N_("crosswalk")}
        matches = {"close match": N_("close match"), "exact match": N_("exact match"), "broad match": N_("broad match"),
                   "narrow match": N_("narrow match")}
        return _("{hop}, {match}: {name} {relation} {role}; {origin}").format(
            hop=_(hops[hop]), match=_(matches[step["match"]]), name=name, relation=_(relation),
            role=aligned["role"]["label"], origin=step["origin"])
    return ""


def requirement_source(kb, role: str) -> tuple[str, str] | None:
    """For a role with no skills and no tools recorded, the aligned occupation whose requirements
    stand in for its own, and the match: ``(occupation, "close match" | "broad match")``; None when
    the role has its own, or no aligned occupation has any (its dataset is not imported).

    Close (and exact) matches come before broad ones, ESCO before O*NET; narrow matches are never
    used (a narrower job asks for more than the role does).
    """
    from .reports import STEP_KINDS

    profiles = kb.role_profiles()
    if kb.kind(role) != "role" or any(profiles.get(role, {}).get(kind) for kind in STEP_KINDS):
        return None
    rank = {"exact match": 0, "close match": 0, "broad match": 1}
    candidates = sorted((rank[match], b, "close match" if rank[match] == 0 else match)
                        for a, match, b in _alignments_of(kb, role) if match in rank)
    for _, occupation, match in candidates:
        if any(profiles.get(occupation, {}).get(kind) for kind in STEP_KINDS):
            return occupation, match
    return None


def _alignments_of(kb, role: str) -> list[tuple[str, str, str]]:
    """The alignments from ``role`` to occupations (read from the graph: a handful of triples)."""
    found = []
    for prop, name in _MATCHES.items():
        for _, _, value, _ in sorted(kb.triples(role, prop)):
            if publisher(value) is not None:
                found.append((role, name, value))
    return found


def _no_path(kb, start: str, end: str, lang: str):
    return Message("no path from {source} to {target}", source=kb.label(start, lang), target=kb.label(end, lang))


def requirement_label(kb, occupation: str, match: str, lang: str = "en") -> str:
    """``from ESCO 'chief technology officer', close match`` (a :class:`~pmgraph.i18n.Message`)."""
    name = publisher(occupation)
    if name:
        return Message("from {publisher} '{occupation}', {match}", publisher=name,
                       occupation=kb.label(occupation, lang), match=Message(match))
    return Message("from '{occupation}', {match}", occupation=kb.label(occupation, lang), match=Message(match))


def with_borrowed(kb, profiles: Mapping, roles: Sequence[str],
                  moving_from: str | None = None) -> tuple[Mapping, dict[str, tuple[str, str]]]:
    """``profiles`` where each of ``roles`` with nothing recorded has its aligned occupation's
    profile (:func:`requirement_source`), and ``{role: (occupation, match)}`` for those.

    With ``moving_from`` (the role a move starts at), a role aligned to an occupation that
    role is aligned to as well borrows nothing: a move within one occupation (Tech PM to
    senior Tech PM, both within ESCO 'ICT product manager') asks for nothing it records."""
    if not kb.imports_anything:
        return profiles, {}  # no occupation of the bundled ontology has requirements to lend
    borrowed = {}
    shared: set[str] | None = None  # read only when some role has something to borrow
    for role in roles:
        if role not in borrowed:
            found = requirement_source(kb, role)
            if found is None:
                continue
            if shared is None:
                shared = {b for _, _, b in _alignments_of(kb, moving_from)} if moving_from else set()
            if found[0] not in shared:
                borrowed[role] = found
    if not borrowed:
        return profiles, {}
    return _Overlay(profiles, {role: profiles.get(occupation, {}) for role, (occupation, _) in borrowed.items()}), borrowed


class _Overlay(Mapping):
    """A mapping that answers some keys itself and the others from ``base``."""

    def __init__(self, base: Mapping, own: Mapping):
        self._base, self._own = base, own

    def __getitem__(self, key):
        return self._own[key] if key in self._own else self._base[key]

    def __contains__(self, key) -> bool:
        return key in self._own or key in self._base

    def get(self, key, default=None):
        return self._own[key] if key in self._own else self._base.get(key, default)

    def __iter__(self):
        yield from self._own
        yield from (key for key in self._base if key not in self._own)

    def __len__(self) -> int:
        return len(set(self._own) | set(self._base))
