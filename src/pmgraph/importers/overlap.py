"""Moves between occupations derived from skill overlap, for classifications without transitions.

ESCO lists the essential and optional skills of each occupation but no career moves. As in
published career-transition research (Nesta's *Mapping Career Causeways* compares ESCO
occupations by their essential and optional skills), two occupations that need much the
same skills are treated as a feasible move. The measure is the **weighted Jaccard
(Ruzicka) similarity** of the two skill profiles, an essential skill weighing
``essential_weight`` and an optional one ``optional_weight``:

    similarity(A, B) = sum over skills of min(wA, wB) / sum over skills of max(wA, wB)

Each occupation gets a move to each of its ``top_k`` most similar occupations whose
similarity is at least ``min_similarity`` (ties broken by IRI). Moves are directed: B being
among A's nearest occupations does not make A one of B's.

    >>> profiles = {"dev": {"code": 1.0, "test": 1.0, "sql": 0.5},
    ...             "architect": {"code": 1.0, "design": 1.0, "sql": 0.5},
    ...             "chef": {"cook": 1.0}}
    >>> method = OverlapMethod(top_k=2, min_similarity=0.2)
    >>> similar_occupations(profiles, method)["dev"]
    [('architect', 0.4286)]
    >>> method.describe("ESCO v1.1.1")
    'skill overlap: weighted Jaccard (Ruzicka) similarity of ESCO v1.1.1 essential (weight 1.0) and optional (weight 0.5) skills; a move to each of the 2 most similar occupations with similarity >= 0.2'
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import UsageError

__all__ = ["OverlapMethod", "similar_occupations"]


@dataclass(frozen=True)
class OverlapMethod:
    """The parameters of :func:`similar_occupations` (see the module docstring)."""

    essential_weight: float = 1.0
    optional_weight: float = 0.5
    top_k: int = 10
    min_similarity: float = 0.15

    def __post_init__(self) -> None:
        if self.essential_weight <= 0 or self.optional_weight < 0:
            raise UsageError("the essential weight must be positive and the optional weight not negative")
        if self.top_k < 0:
            raise UsageError("--moves-top-k cannot be negative")
        if not 0 <= self.min_similarity <= 1:
            raise UsageError("--moves-min-similarity must lie between 0 and 1")

    def describe(self, classification: str) -> str:
        """The method and its parameters in one sentence (what ``pmo:derivedBy`` says)."""
        return (f"skill overlap: weighted Jaccard (Ruzicka) similarity of {classification} essential "
                f"(weight {float(self.essential_weight)}) and optional (weight {float(self.optional_weight)}) skills; "
                f"a move to each of the {self.top_k} most similar occupations with similarity "
                f">= {float(self.min_similarity)}")

    def as_dict(self) -> dict[str, float | int]:
        return {"essential_weight": self.essential_weight, "optional_weight": self.optional_weight,
                "top_k": self.top_k, "min_similarity": self.min_similarity}


def similar_occupations(profiles: Mapping[str, Mapping[str, float]], method: OverlapMethod,
                        progress: Callable[[int], None] | None = None) -> dict[str, list[tuple[str, float]]]:
    """For each occupation, its nearest occupations by weighted Jaccard: ``{a: [(b, similarity)]}``.

    ``profiles`` maps an occupation to ``{skill: weight}``. Lists are sorted best first
    (then by IRI); similarities are rounded to 4 decimals. An inverted index (skill ->
    occupations) means only pairs sharing a skill are ever scored.
    """
    holders: dict[str, dict[float, list[str]]] = defaultdict(lambda: defaultdict(list))  # skill -> weight -> holders
    totals: dict[str, float] = {}
    for occupation, skills in profiles.items():
        totals[occupation] = sum(skills.values())
        for skill, weight in skills.items():
            holders[skill][weight].append(occupation)
    nearest: dict[str, list[tuple[str, float]]] = {}
    floor = float(method.min_similarity) - 0.0001
    for occupation, skills in sorted(profiles.items()):
        shared: dict[str, float] = defaultdict(float)
        for skill, weight in skills.items():  # each other occupation's sum is added to in this order
            for other_weight, others in holders[skill].items():
                common = weight if weight < other_weight else other_weight
                for other in others:
                    shared[other] += common
        shared.pop(occupation, None)
        total = totals[occupation]
        # rounding to 4 decimals moves a similarity by at most 0.00005: one further below the minimum is never kept
        scored = ((round(similarity, 4), other) for other, common in shared.items()
                  if (similarity := common / (total + totals[other] - common)) >= floor)
        best = heapq.nsmallest(method.top_k, ((-score, other) for score, other in scored
                                              if score >= method.min_similarity and score > 0))
        nearest[occupation] = [(other, -negative) for negative, other in best]
        if progress:
            progress(1)
    return nearest
