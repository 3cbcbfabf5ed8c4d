"""Importers: publishers' classifications (ESCO, O*NET, the Nesta crosswalk) -> pmgraph's model.

Each importer reads the files as published, checks every file and header before writing
anything, and writes N-Triples through :class:`~pmgraph.importers.rdf.NTriplesWriter`. It
returns an :class:`ImportSummary`: what it imported, the dataset's publisher, version,
licence and attribution, and every anomaly it met in the data (counted, with examples).
:mod:`pmgraph.kb.datasets` turns that into an installed dataset.

    >>> summary = ImportSummary("esco", "ESCO", "1.1.1", "European Commission", "https://example.org/licence",
    ...                         "ESCO - European Commission, v1.1.1", "https://esco.ec.europa.eu/")
    >>> summary.counts["occupations"] = 3007
    >>> summary.as_dict()["counts"]
    {'occupations': 3007}
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .report import AnomalyReport

__all__ = ["ImportSummary", "Progress", "no_progress"]


class Progress(Protocol):
    """``progress(label, total)`` is a context manager giving ``update(amount)`` for one long step."""

    def __call__(self, label: str, total: int) -> contextlib.AbstractContextManager[Callable[[int], None]]: ...


@contextlib.contextmanager
def no_progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A :class:`Progress` that shows nothing."""
    yield lambda amount: None


@dataclass
class ImportSummary:
    """What one import produced: the dataset's metadata, counts of what was imported, anomalies."""

    name: str
    title: str
    version: str
    publisher: str
    license: str
    attribution: str
    url: str
    counts: dict[str, int] = field(default_factory=dict)
    anomalies: AnomalyReport = field(default_factory=AnomalyReport)
    #: Parameters of derived facts (e.g. ESCO's skill-overlap moves), for the record.
    parameters: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "publisher": self.publisher,
            "license": self.license,
            "attribution": self.attribution,
            "url": self.url,
            "counts": dict(self.counts),
            "parameters": dict(self.parameters),
            "anomalies": self.anomalies.as_list(),
        }
