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

An entity appears once, with its best-scoring label. Equal scores are ordered by the label
that matched (an entity's own name, ``skos:prefLabel`` / ``rdfs:label`` / ``skos:notation``,
before an alternative label, before a hidden one: "project manager" finds the occupations so
named before O*NET's Construction Managers, which lists "Project Manager" among its many
alternate titles), then by kind (the kinds people ask about first: roles, skills, tools,
duties, departments, then the rest alphabetically), then by how many statements point at
the entity (the better-connected first), then by label.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> [hit.iri.rsplit("/", 1)[1] for hit in search(Catalog(load_graph()), "techpm", limit=1)]
    ['TechPM']
"""

from __future__ import annotations

import difflib
import heapq
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

from typing import TYPE_CHECKING

from .keys import letters_and_digits, loose_key, normalize

if TYPE_CHECKING:  # a stored catalog searches without rdflib; only the labels of a graph in memory need it
    from rdflib import URIRef

    from .catalog import Catalog

__all__ = ["Hit", "LabelIndex", "search", "write_label_index"]

_FUZZY_CUTOFF = 0.7
#: The strength of each of :data:`LABEL_PROPERTIES` (by position): its own name 0, alternative 1, hidden 2.
_LABEL_STRENGTH = (0, 1, 2, 0, 0)
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
    #: How strongly the matched label names the entity: 0 its own name, 1 an alternative label, 2 a hidden one.
    strength: int = 0


def _score(query: str, query_loose: str, label: str, text: str | None = None, text_loose: str | None = None,
           floor: float = 0.0) -> float:
    """The score of ``label`` (whose normal and loose forms ``text`` and ``text_loose`` may be given).

    With ``floor``, close spellings are looked for only in windows that may score at least
    that much (a lower score is then no exact score, only a score under ``floor``)."""
    if text is None:
        text = normalize(label)
    if text == query:
        return 1.0
    if text.startswith(query):
        return 0.9
    if query in text:
        return 0.8
    if text_loose is None:
        text_loose = loose_key(label)
    if query_loose and query_loose in text_loose:
        return 0.75
    if len(query) < 3:
        return 0.0
    best = 0.0
    for window in _close_windows(query, text, floor):
        matcher = difflib.SequenceMatcher(None, query, window)
        if matcher.real_quick_ratio() >= _FUZZY_CUTOFF and matcher.quick_ratio() >= _FUZZY_CUTOFF:
            best = max(best, matcher.ratio())
    return round(0.7 * best, 4) if best >= _FUZZY_CUTOFF else 0.0


def _windows(query: str, text: str) -> Iterator[tuple[float, str]]:
    """The windows of ``text`` that :func:`_score` compares with the query (the text itself if it
    is short, else every run of the query's length plus one), each with its ``quick_ratio``:
    the letters it shares with the query, counted as difflib counts them, kept up to date as
    the window slides instead of recounted per window."""
    width = len(query)
    wanted: dict[str, int] = {}
    for letter in query:
        wanted[letter] = wanted.get(letter, 0) + 1
    have: dict[str, int] = {}
    shared = 0
    size = width + 1 if len(text) > width + 2 else len(text)
    for letter in text[:size]:
        count = have.get(letter, 0)
        if count < wanted.get(letter, 0):
            shared += 1
        have[letter] = count + 1
    if size == len(text):
        yield 2.0 * shared / (width + size), text
        return
    last = len(text) - width  # windows start at 0 .. last; the last one is one letter shorter
    for start in range(last + 1):
        yield 2.0 * shared / (width + (size if start < last else width)), text[start:start + size]
        if start == last:
            break
        out = text[start]
        have[out] -= 1
        if have[out] < wanted.get(out, 0):
            shared -= 1
        if start + size < len(text):
            incoming = text[start + size]
            count = have.get(incoming, 0)
            if count < wanted.get(incoming, 0):
                shared += 1
            have[incoming] = count + 1


def _close_windows(query: str, text: str, floor: float = 0.0) -> Iterator[str]:
    """The windows whose ``quick_ratio`` reaches the cut-off (and with ``floor``, may score that much)."""
    for quick, window in _windows(query, text):
        if quick >= _FUZZY_CUTOFF and (not floor or round(0.7 * quick, 4) >= floor):
            yield window


def _labels(graph) -> Iterator[tuple[int, str, str, str]]:
    """Every label that search compares: ``(property rank, entity, text, language)``, strongest property first."""
    from .catalog import LABEL_PROPERTIES
    from .labelscan import iri_literal_texts

    for prop_rank, prop in enumerate(LABEL_PROPERTIES):
        for subject, text, language in iri_literal_texts(graph, str(prop)):
            yield prop_rank, str(subject), text, language, None, None


def write_label_index(connection: sqlite3.Connection, graph) -> None:
    """Store every label of ``graph`` with its normalised and loose forms (for :class:`LabelIndex`)."""
    connection.execute("CREATE TABLE search_labels (id INTEGER PRIMARY KEY, prop_rank INTEGER NOT NULL, "
                       "subject TEXT NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL, norm TEXT NOT NULL, "
                       "loose TEXT NOT NULL)")
    connection.executemany("INSERT INTO search_labels (prop_rank, subject, value, lang, norm, loose) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           ((rank, subject, value, lang, folded, letters_and_digits(folded))  # = loose_key(value)
                            for rank, subject, value, lang, _, _ in _labels(graph) for folded in (normalize(value),)))


def _closeness_bound(text: str, letters: frozenset[str], width: int) -> float:
    """An upper bound of the fuzzy ratio :func:`_score` can find in ``text``.

    A window's ``quick_ratio`` (an upper bound of its ``ratio``) counts the letters it shares
    with the query, which is at most the number of its letters that occur in the query at all.
    """
    flags = [letter in letters for letter in text]
    if len(text) <= width + 2:
        return 2.0 * sum(flags) / (width + len(text))
    prefix = [0, *accumulate(flags)]
    full = max(map(sub, prefix[width + 1:], prefix))  # windows of width + 1 letters
    last = prefix[-1] - prefix[len(text) - width]  # the last window, of width letters
    return max(2.0 * full / (2 * width + 1), 2.0 * last / (2 * width))


class LabelIndex:
    """The labels :func:`write_label_index` stored, filtered so that only labels that can match are scored.

    SQLite finds the labels that contain the query (normalised or loose); for close
    spellings, a label is scored only if one of its windows shares enough letters with the
    query to pass the fuzzy test's first check. Both are necessary conditions of a score
    above zero and :func:`_score` scores what passes, so the results are those of scanning
    every label.
    """

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    def containing(self, query: str, query_loose: str) -> Iterator[tuple]:
        """The labels that contain the query, as ``(property rank, entity, text, language, normal
        form, loose form)``."""
        return self._connection.execute("SELECT prop_rank, subject, value, lang, norm, loose FROM search_labels "
                                        "WHERE instr(norm, ?) > 0 OR (? != '' AND instr(loose, ?) > 0) ORDER BY id",
                                        (query, query_loose, query_loose))

    def close(self, query: str, query_loose: str) -> list[tuple[float, tuple]]:
        """The other labels that may be close spellings: ``(bound, label)`` with an upper bound of
        the ratio :func:`_score` can find in them, highest first."""
        letters = frozenset(query)
        width = len(query)
        found = []
        # a label with none of the query's letters is no close spelling (a Japanese query and
        # English labels): SQLite leaves those out
        shares = " OR ".join("instr(norm, ?) > 0" for _ in letters)
        for row in self._connection.execute(
                "SELECT prop_rank, subject, value, lang, norm, loose FROM search_labels "
                f"WHERE NOT (instr(norm, ?) > 0 OR (? != '' AND instr(loose, ?) > 0)) AND ({shares}) ORDER BY id",
                (query, query_loose, query_loose, *sorted(letters))):
            bound = _closeness_bound(row[4], letters, width)
            if bound >= _FUZZY_CUTOFF:
                found.append((bound, row))
        found.sort(key=lambda item: -item[0])
        return found


def _best(labels: Iterable[tuple], catalog: Catalog, query: str, query_loose: str,
          kinds: Collection[str] | None) -> dict[str, tuple[Hit, tuple[int, str]]]:
    """Each entity's best-scoring label: ``{entity: (hit, (property rank, label))}``."""
    best: dict[str, tuple[Hit, tuple[int, str]]] = {}
    kind_of: dict[str, str | None] = {}
    for label in labels:
        _keep(best, kind_of, catalog, kinds, label, _score(query, query_loose, *label[2:3], *label[4:6]))
    return best


def _keep(best: dict, kind_of: dict, catalog: Catalog, kinds: Collection[str] | None, label: tuple,
          score: float) -> bool:
    """Record ``label``'s ``score`` in ``best`` if it is its entity's best; whether it was."""
    if not score:
        return False
    prop_rank, subject, value, lang = label[:4]
    if kinds:
        if subject not in kind_of:
            kind_of[subject] = catalog.kind(catalog.term(subject))
        if kind_of[subject] not in kinds:
            return False
    # on equal scores keep the same label every run: the stronger property, then the first label
    if subject not in best or (-score, prop_rank, value) < (-best[subject][0].score, *best[subject][1]):
        best[subject] = (Hit(catalog.term(subject), value, lang, score, _LABEL_STRENGTH[prop_rank]), (prop_rank, value))
        return True
    return False


def _close_pass(index: LabelIndex, catalog: Catalog, query: str, query_loose: str,
                kinds: Collection[str] | None, limit: int, best: dict) -> dict:
    """Add to ``best`` the close spellings that can reach the first ``limit``.

    Labels are scored highest bound first. Once ``limit`` entities score at least ``s``, a
    label whose bound gives less than ``s`` can neither enter the first ``limit``, nor tie
    with them, nor change the label they are shown with: it is skipped, and so is every
    label after the first whose letters alone bound it under ``s``.
    """
    kind_of: dict[str, str | None] = {}
    threshold = 0.0
    letters = query
    for bound, label in index.close(query, query_loose):
        if round(0.7 * bound, 4) < threshold:
            break
        if threshold and round(0.7 * _quick_bound(letters, label[4]), 4) < threshold:
            continue
        score = _score(query, query_loose, label[2], label[4], label[5], floor=threshold)
        if _keep(best, kind_of, catalog, kinds, label, score) and len(best) >= limit:
            threshold = heapq.nlargest(limit, (hit.score for hit, _ in best.values()))[-1]
    return best


def _quick_bound(query: str, text: str) -> float:
    """The highest ``quick_ratio`` of the query and a window of ``text`` that :func:`_score` compares."""
    return max(quick for quick, _ in _windows(query, text))


def search(catalog: Catalog, text: str, kinds: Collection[str] | None = None, limit: int = 20,
           index: LabelIndex | None = None) -> list[Hit]:
    """Entities whose labels match ``text``, best first (at most ``limit``).

    With ``index`` (a snapshot's :class:`LabelIndex`) only the labels that can match are
    scored; the results are the same.
    """
    query = normalize(text)
    if not query:
        return []
    query_loose = loose_key(text)
    if index is None:
        best = _best(_labels(catalog.graph), catalog, query, query_loose, kinds)
    else:
        # Containing labels score 0.75 or more, close spellings 0.7 at most: when enough
        # entities contain the query, no close spelling can reach the first ``limit``.
        best = _best(index.containing(query, query_loose), catalog, query, query_loose, kinds)
        if len(best) < limit and len(query) >= 3:
            best = _close_pass(index, catalog, query, query_loose, kinds, limit, best)
    return _rank([hit for hit, _ in best.values()], catalog, limit)


def _rank(hits: list[Hit], catalog: Catalog, limit: int) -> list[Hit]:
    """Sort by score, the matched label's strength, kind, statements pointing at the entity (more
    first), label and IRI; the statements are counted only for the entities that can reach the
    first ``limit``."""

    def rank(hit: Hit) -> tuple:
        return (-hit.score, hit.strength, _kind_rank(catalog.kind(hit.iri)))

    first = sorted(hits, key=rank)
    groups: list[list[Hit]] = []
    for hit in first:
        if groups and rank(groups[-1][0]) == rank(hit):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    ranked: list[Hit] = []
    for group in groups:
        if len(ranked) >= limit:
            break
        ranked += sorted(group, key=lambda hit: (-catalog.in_degree(hit.iri),
                                                 normalize(catalog.label(hit.iri)), str(hit.iri)))
    return ranked[:limit]
