"""Ranked label search across kinds and languages, tolerant of case, width and small typos.

Every label (preferred, alternative, hidden, rdfs:label, notation) in every language is
compared with the query after NFKC normalisation and case folding (so ＴＰＭ finds TPM):

======================  =====
match                   score
======================  =====
the whole label         1.00
label starts with it    0.90
label contains it       0.80
same letters and digits 0.75 (spaces and punctuation ignored)
a close spelling        0.5-0.7 (difflib ratio of the query and the best label window)
======================  =====

An entity appears once, with its best-scoring label. Equal scores are ordered by kind (the
kinds people ask about first: roles, skills, tools, duties, departments, then the rest
alphabetically), then by how many statements point at the entity (the better-connected
first), then by label.

    >>> from pmgraph.store import load_graph
    >>> from pmgraph.catalog import Catalog
    >>> [hit.iri.rsplit("/", 1)[1] for hit in search(Catalog(load_graph()), "techpm", limit=1)]
    ['TechPM']
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass

from rdflib import Literal, URIRef

from .catalog import LABEL_PROPERTIES, Catalog, normalize
from .resolve import loose_key

__all__ = ["Hit", "search"]

_FUZZY_CUTOFF = 0.7
#: Kinds listed first when scores tie; every other kind follows in alphabetical order.
KIND_ORDER = ("role", "stage", "skill", "tool", "duty", "department", "tool-category")


def _kind_rank(kind: str | None) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind or "~")


@dataclass(frozen=True)
class Hit:
    """One search result: the entity, the label that matched, its language and the score."""

    iri: URIRef
    matched: str
    lang: str
    score: float


def _score(query: str, query_loose: str, label: str) -> float:
    text = normalize(label)
    if text == query:
        return 1.0
    if text.startswith(query):
        return 0.9
    if query in text:
        return 0.8
    text_loose = loose_key(label)
    if query_loose and query_loose in text_loose:
        return 0.75
    if len(query) < 3:
        return 0.0
    best = 0.0
    width = len(query)
    windows = [text] if len(text) <= width + 2 else [text[i:i + width + 1] for i in range(len(text) - width + 1)]
    for window in windows:
        matcher = difflib.SequenceMatcher(None, query, window)
        if matcher.real_quick_ratio() >= _FUZZY_CUTOFF and matcher.quick_ratio() >= _FUZZY_CUTOFF:
            best = max(best, matcher.ratio())
    return round(0.7 * best, 4) if best >= _FUZZY_CUTOFF else 0.0


def search(catalog: Catalog, text: str, kinds: Collection[str] | None = None, limit: int = 20) -> list[Hit]:
    """Entities whose labels match ``text``, best first (at most ``limit``)."""
    query = normalize(text)
    if not query:
        return []
    query_loose = loose_key(text)
    best: dict[URIRef, Hit] = {}
    ranks: dict[URIRef, tuple[int, str]] = {}
    for prop_rank, prop in enumerate(LABEL_PROPERTIES):
        for subject, value in catalog.graph.subject_objects(prop):
            if not isinstance(value, Literal) or not isinstance(subject, URIRef):
                continue
            if kinds and catalog.kind(subject) not in kinds:
                continue
            score = _score(query, query_loose, str(value))
            if not score:
                continue
            hit = Hit(subject, str(value), value.language or "", score)
            # on equal scores keep the same label every run: the stronger property, then the first label
            if subject not in best or (-score, prop_rank, str(value)) < (-best[subject].score, *ranks[subject]):
                best[subject] = hit
                ranks[subject] = (prop_rank, str(value))
    graph = catalog.graph
    ranked = sorted(best.values(), key=lambda hit: (-hit.score, _kind_rank(catalog.kind(hit.iri)),
                                                     -sum(1 for _ in graph.subjects(None, hit.iri)),
                                                     normalize(catalog.label(hit.iri)), str(hit.iri)))
    return ranked[:limit]
