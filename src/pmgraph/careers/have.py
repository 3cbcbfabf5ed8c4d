"""What a person has: skills, tools, concepts and resources done, resolved like any name.

``--have NAME[,NAME...]`` and the profile file (:mod:`pmgraph.careers.profile_file`) both
become a :class:`Have`. Each name resolves as anywhere else in pmgraph (any label in any
language, a CURIE, an IRI; a typo gets suggestions and exit code 4), among the kinds a
person can *have* (:data:`HAVE_KINDS`: not roles). What a person has covers a requirement

* **fully** when it is the very skill or tool (at a level other than ``beginner``);
* **partly** when it is something the requirement's skill *names*: a concept or tool that
  a skill requirement's text mentions (``pmo:mentions``: AWS is named by cloud computing,
  Jenkins by DevOps and SRE), a resource done that a learning step recommends for building
  the skill (``pmo:recommends`` + ``pmo:buildsSkill``), or the skill itself at ``beginner``
  level. A partly covered skill stays in a gap and a plan, marked ``partial`` with what
  covers it.

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> have = holding(base, split_names(["AWS, Terraform", "Jira"]))
    >>> [base.label(iri) for iri in sorted(have.full, key=base.label)]
    ['AWS', 'Jira', 'Terraform']
    >>> have.status("https://w3id.org/pmgraph/id/CloudComputing"), [base.label(i) for i in have.partial["https://w3id.org/pmgraph/id/CloudComputing"]]
    ('partial', ['AWS'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError

__all__ = ["Have", "holding", "split_names", "HAVE_KINDS", "LEVELS", "PARTIAL_LEVELS", "mark_items"]

#: The kinds of entity a person can have (``resource`` covers books, courses, certifications).
HAVE_KINDS = ("skill", "tool", "equipment", "concept", "resource")
#: The levels a profile may give a skill or tool, lowest first.
LEVELS = ("beginner", "intermediate", "advanced", "expert")
#: Levels at which a skill or tool counts only partly toward the requirement for it.
PARTIAL_LEVELS = ("beginner",)


def split_names(values: Iterable[str]) -> list[str]:
    """``--have`` values (repeatable, each a comma-separated list) as one list of names.

    >>> split_names(["AWS, Terraform", "Jira", " "])
    ['AWS', 'Terraform', 'Jira']
    """
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@dataclass
class Have:
    """What a person has, resolved: the entities given, and what they cover fully or in part."""

    #: Each entity given, in order: ``(iri, name as given, level or None)``.
    given: list[tuple[str, str, str | None]]
    #: IRIs covered fully (the entities themselves, but those at a partial level).
    full: frozenset[str]
    #: IRI of a skill (or an entity held at a partial level) -> the IRIs that cover it in part.
    partial: dict[str, tuple[str, ...]]
    #: The resources given (done), IRIs.
    done: frozenset[str]
    #: The current role (a profile's ``role``), IRI or None.
    role: str | None = None
    #: The target role (a profile's ``target``), IRI or None.
    target: str | None = None
    #: Where the profile came from (a file name), or None for ``--have``.
    origin: str | None = None
    #: The IRIs the person fully has, by kind ("skill", "tool"...), to add to role profiles.
    kinds: dict[str, frozenset[str]] = field(default_factory=dict)

    def status(self, iri: str) -> str | None:
        """``"full"``, ``"partial"`` or None: how far what the person has covers ``iri``."""
        if iri in self.full:
            return "full"
        return "partial" if iri in self.partial else None

    def with_profiles(self, profiles: Mapping[str, Mapping[str, Any]]) -> Mapping[str, dict[str, frozenset]]:
        """Role profiles where every role also has what the person fully has: the gap of a
        move then leaves out what the person has (used to rank paths by what is left). Each
        role's profile is made when asked for, so a stored table is read only for the roles
        a search visits."""
        return _WithHeld(profiles, self.kinds)

    def as_json(self, kb, lang: str = "en") -> dict[str, Any]:
        """``{"items": [node + level], "partial": [{"item", "through"}], "role", "target", "origin"}``."""
        items = []
        for iri, name, level in self.given:
            items.append({**kb.node(iri, lang), "given_as": name, "level": level})
        partial = [{"item": kb.node(iri, lang), "through": kb.nodes(through, lang)}
                   for iri, through in sorted(self.partial.items(), key=lambda pair: kb.label(pair[0], lang))]
        return {"items": items, "partial": partial,
                "role": kb.node(self.role, lang) if self.role else None,
                "target": kb.node(self.target, lang) if self.target else None, "origin": self.origin}


class _WithHeld(Mapping):
    """``profiles`` with ``held`` (kind -> IRIs) added to every role's profile, read lazily."""

    def __init__(self, profiles: Mapping[str, Mapping[str, Any]], held: Mapping[str, frozenset[str]]):
        self._profiles = profiles
        self._held = held

    def __getitem__(self, role: str) -> dict[str, frozenset]:
        profile = self._profiles[role]
        return {kind: frozenset(items) | self._held.get(kind, frozenset()) for kind, items in profile.items()}

    def __iter__(self):
        return iter(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)


def _named_by(kb, iri: str) -> set[str]:
    """The skills whose requirements mention ``iri``, and those a resource ``iri`` builds."""
    from rdflib import URIRef

    from ..namespaces import PMO

    graph = kb.graph
    node = URIRef(iri)
    skills: set[str] = set()
    for fact in graph.subjects(PMO.mentions, node):
        skills.update(str(skill) for skill in graph.objects(fact, PMO.skill))
    for step in graph.subjects(PMO.recommends, node):
        skills.update(str(skill) for skill in graph.objects(step, PMO.buildsSkill))
    return skills


def holding(kb, names: Sequence[str], levels: Mapping[str, str | None] | None = None, *,
            role: str | None = None, target: str | None = None, origin: str | None = None,
            written: Mapping[str, str] | None = None) -> Have:
    """What a person has, from ``names`` (any language; :func:`split_names` splits ``--have`` values).

    ``levels`` maps a name as given to its level (:data:`LEVELS`); ``role`` and ``target``
    are names of roles. Raises :class:`~pmgraph.errors.UnknownName` (with suggestions) for a
    name that is none of :data:`HAVE_KINDS`, :class:`~pmgraph.errors.UsageError` for a level
    that is not one of :data:`LEVELS`. ``written`` maps a name (e.g. an IRI a profile
    resolved) to how the person wrote it.
    """
    levels = dict(levels or {})
    given: list[tuple[str, str, str | None]] = []
    for name in (name.strip() for name in names if name.strip()):
        level = levels.get(name)
        if level is not None and level not in LEVELS:
            raise UsageError(f"unknown level {level!r} for {name!r}; use one of {', '.join(LEVELS)}")
        iri = str(kb.resolve(name, kinds=HAVE_KINDS))
        if all(iri != seen for seen, _, _ in given):
            given.append((iri, (written or {}).get(name, name), level))
    full: set[str] = set()
    partial: dict[str, list[str]] = {}
    done: set[str] = set()
    kinds: dict[str, set[str]] = {}
    for iri, _, level in given:
        kind = kb.kind(iri) or "entity"
        if kind == "resource":
            done.add(iri)
        if level in PARTIAL_LEVELS:
            partial.setdefault(iri, []).append(iri)
        else:
            full.add(iri)
            kinds.setdefault(kind, set()).add(iri)
        for skill in sorted(_named_by(kb, iri)):
            if skill != iri:
                partial.setdefault(skill, []).append(iri)
    return Have(given=given, full=frozenset(full),
                partial={skill: tuple(through) for skill, through in partial.items() if skill not in full},
                done=frozenset(done),
                role=str(kb.resolve(role, kinds=("role",))) if role else None,
                target=str(kb.resolve(target, kinds=("role",))) if target else None,
                origin=origin, kinds={kind: frozenset(items) for kind, items in kinds.items()})


def mark_items(kb, nodes: list[dict[str, Any]], have: Have, lang: str = "en") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``nodes`` (report entities) split by what the person has: ``(left, had)``.

    What the person fully has goes to ``had``; what they have in part stays in ``left`` with
    ``"have": "partial"`` and ``"through"`` (the entities that cover it); every other node in
    ``left`` gets ``"have": None``.
    """
    left: list[dict[str, Any]] = []
    had: list[dict[str, Any]] = []
    for node in nodes:
        status = have.status(node["iri"])
        if status == "full":
            had.append(node)
            continue
        marked = dict(node)
        marked["have"] = status
        if status == "partial":
            marked["through"] = kb.nodes(have.partial[node["iri"]], lang)
        left.append(marked)
    return left, had
