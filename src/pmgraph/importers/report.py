"""What an import found wrong with its input: every anomaly counted, a few examples kept.

Real data is dirty (dangling references, empty fields, repeated labels, stray spaces). An
importer keeps going where it safely can and records each problem here under a fixed
description, so that the summary says how often each kind of problem occurred and shows
the first few cases::

    >>> report = AnomalyReport()
    >>> for row in (12, 40, 41, 99):
    ...     report.add("relation to an occupation that is not in occupations_en.csv (skipped)",
    ...                f"occupationSkillRelations.csv:{row}")
    >>> report.add("skill without a skill type (imported without pmo:skillType)", "skills_en.csv:7")
    >>> print(report.as_text())
    4  relation to an occupation that is not in occupations_en.csv (skipped)
         e.g. occupationSkillRelations.csv:12; occupationSkillRelations.csv:40; occupationSkillRelations.csv:41
    1  skill without a skill type (imported without pmo:skillType)
         e.g. skills_en.csv:7
    >>> report.count("skill without a skill type (imported without pmo:skillType)")
    1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Anomaly", "AnomalyReport", "EXAMPLES"]

#: How many examples each kind of anomaly keeps.
EXAMPLES = 3


@dataclass
class Anomaly:
    """One kind of problem: its description, how often it occurred, and the first examples."""

    description: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"description": self.description, "count": self.count, "examples": list(self.examples)}


class AnomalyReport:
    """Anomalies by description, in the order they were first met."""

    def __init__(self) -> None:
        self._anomalies: dict[str, Anomaly] = {}

    def add(self, description: str, example: str | None = None, count: int = 1) -> None:
        """Count ``count`` occurrences of ``description``; keep ``example`` if fewer than :data:`EXAMPLES` are kept."""
        anomaly = self._anomalies.setdefault(description, Anomaly(description))
        anomaly.count += count
        if example is not None and len(anomaly.examples) < EXAMPLES and example not in anomaly.examples:
            anomaly.examples.append(example)

    def count(self, description: str) -> int:
        """How often ``description`` occurred (0 if never)."""
        anomaly = self._anomalies.get(description)
        return anomaly.count if anomaly else 0

    def __iter__(self):
        return iter(self._anomalies.values())

    def __len__(self) -> int:
        return len(self._anomalies)

    def total(self) -> int:
        """Occurrences of every kind together."""
        return sum(anomaly.count for anomaly in self._anomalies.values())

    def as_list(self) -> list[dict[str, Any]]:
        """JSON-ready: ``[{"description", "count", "examples"}]`` in the order first met."""
        return [anomaly.as_dict() for anomaly in self._anomalies.values()]

    def as_text(self) -> str:
        """One line per kind (count, description) and a line of examples under it."""
        if not self._anomalies:
            return "no anomalies"
        width = max(len(f"{anomaly.count:,}") for anomaly in self._anomalies.values())
        lines: list[str] = []
        for anomaly in self._anomalies.values():
            lines.append(f"{anomaly.count:>{width},}  {anomaly.description}")
            if anomaly.examples:
                lines.append(" " * (width + 2) + "   e.g. " + "; ".join(anomaly.examples))
        return "\n".join(lines)
