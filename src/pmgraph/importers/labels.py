"""Names of imported concepts, made to follow pmgraph's label rules before they are written.

Publishers' label lists repeat themselves: ESCO lists most preferred labels again among the
alternative labels, one alternative label may belong to several occupations, and two
concepts (an ISCO group and its unit group, say) may share a preferred label. pmgraph's
shapes forbid all three (SKOS S13, and names must resolve to one entity on the command
line), so :class:`LabelBook` collects every name first and then settles them:

* an alternative or hidden label equal to the concept's own preferred label is dropped,
  repeats within one concept too;
* an alternative label that several concepts hold becomes a hidden label of each (it
  still finds them in ``search`` and resolves to them when it is unambiguous);
* when several concepts share a preferred label, the one with the lowest ``rank`` keeps it
  (occupations and skills before groups); the others get the label with a qualifier, keep
  the publisher's label as a hidden label, and say so in ``skos:editorialNote``.

Each of these is counted in the :class:`~pmgraph.importers.report.AnomalyReport`::

    >>> from pmgraph.importers.report import AnomalyReport
    >>> book = LabelBook("ESCO")
    >>> book.name("occ/1", "software developer", ["software developer", "programmer", "coder"], rank=0)
    >>> book.name("occ/2", "web developer", ["programmer"], rank=0)
    >>> book.name("isco/2512", "Software developers", [], rank=2, qualifier="ISCO-08 2512")
    >>> book.name("isco/251", "Software developers", [], rank=2, qualifier="ISCO-08 251")
    >>> report = AnomalyReport()
    >>> names = book.settle(report)
    >>> names["occ/1"].alt, names["occ/1"].hidden, names["occ/2"].hidden
    (['coder'], ['programmer'], ['programmer'])
    >>> names["isco/2512"].pref, names["isco/251"].pref, names["isco/251"].hidden
    ('Software developers', 'Software developers (ISCO-08 251)', ['Software developers'])
    >>> [anomaly.count for anomaly in report]
    [1, 1, 1]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .report import AnomalyReport
from .rdf import clean_text

__all__ = ["LabelBook", "Names"]


@dataclass
class Names:
    """The settled names of one concept (one language)."""

    pref: str
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass
class _Entry:
    pref: str
    alt: list[str]
    hidden: list[str]
    rank: int
    qualifier: str | None
    example: str | None


def _show(concept: str) -> str:
    """A concept's IRI for messages (the book may hold it in N-Triples form, ``<...>``)."""
    return concept[1:-1] if concept.startswith("<") and concept.endswith(">") else concept


class LabelBook:
    """Every name of every concept of one import, settled together by :meth:`settle`."""

    def __init__(self, publisher: str):
        self.publisher = publisher
        self._entries: dict[str, _Entry] = {}
        self.stray_spaces = 0
        self.empty_items = 0
        self._stray_examples: list[str] = []

    def _clean(self, text: str, where: str | None) -> str:
        cleaned = clean_text(text)
        if cleaned != text and cleaned:
            self.stray_spaces += 1
            if len(self._stray_examples) < 3:
                self._stray_examples.append(f"{where}: {text!r}" if where else repr(text))
        return cleaned

    def _clean_all(self, texts: Iterable[str], where: str | None) -> list[str]:
        found: list[str] = []
        for text in texts:
            cleaned = self._clean(text, where)
            if cleaned:
                found.append(cleaned)
            else:
                self.empty_items += 1
        return found

    def name(self, concept: str, pref: str, alt: Iterable[str] = (), hidden: Iterable[str] = (), *,
             rank: int = 0, qualifier: str | None = None, where: str | None = None) -> None:
        """Record the publisher's names of ``concept`` (labels are cleaned of stray spaces here).

        ``rank`` decides who keeps a shared preferred label (lowest wins, then the longest
        ``qualifier``, then the IRI); ``qualifier`` is what a renamed label gets in brackets.
        """
        self._entries[concept] = _Entry(self._clean(pref, where), self._clean_all(alt, where),
                                        self._clean_all(hidden, where), rank, qualifier, where)

    def add_alt(self, concept: str, labels: Iterable[str], where: str | None = None) -> None:
        """More alternative labels for a concept already named."""
        self._entries[concept].alt.extend(self._clean_all(labels, where))

    def add_hidden(self, concept: str, labels: Iterable[str], where: str | None = None) -> None:
        """More hidden labels for a concept already named."""
        self._entries[concept].hidden.extend(self._clean_all(labels, where))

    def __contains__(self, concept: str) -> bool:
        return concept in self._entries

    def settle(self, report: AnomalyReport) -> dict[str, Names]:
        """The final names of every concept; every change is counted in ``report``."""
        publisher = self.publisher
        if self.stray_spaces:
            report.add(f"{publisher} label with stray or repeated spaces (trimmed)", count=self.stray_spaces)
            for example in self._stray_examples:
                report.add(f"{publisher} label with stray or repeated spaces (trimmed)", example, count=0)
        if self.empty_items:
            report.add(f"{publisher} empty item in a label list (skipped)", count=self.empty_items)
        names = {concept: Names(entry.pref) for concept, entry in self._entries.items()}
        self._settle_preferred(names, report)

        # alternative labels: drop the own preferred label and repeats
        own_pref = dup_alt = 0
        own_example = dup_example = None
        holders: dict[str, set[str]] = defaultdict(set)
        for concept, entry in self._entries.items():
            seen: set[str] = set()
            for label in entry.alt:
                if label == entry.pref:
                    own_pref += 1
                    own_example = own_example or f"{_show(concept)}: {label!r}"
                elif label in seen:
                    dup_alt += 1
                    dup_example = dup_example or f"{_show(concept)}: {label!r}"
                else:
                    seen.add(label)
                    names[concept].alt.append(label)
                    holders[label].add(concept)
        if own_pref:
            report.add(f"{publisher} alternative label repeating the concept's preferred label (dropped)",
                       own_example, count=own_pref)
        if dup_alt:
            report.add(f"{publisher} alternative label listed twice for one concept (kept once)", dup_example,
                       count=dup_alt)

        # an alternative label of several concepts names none of them: make it hidden on each
        shared = {label: concepts for label, concepts in holders.items() if len(concepts) > 1}
        for label, concepts in sorted(shared.items()):
            report.add(f"{publisher} alternative label held by several concepts (made a hidden label of each)",
                       f"{label!r} ({len(concepts)} concepts)")
        for found in names.values():
            if shared:
                kept = [label for label in found.alt if label not in shared]
                found.hidden.extend(label for label in found.alt if label in shared)
                found.alt = kept

        # hidden labels: never the preferred label, never twice, never also an alternative label
        dropped_hidden = 0
        for concept, entry in self._entries.items():
            found = names[concept]
            taken = {found.pref, *found.alt, *found.hidden}
            for label in entry.hidden:
                if label in taken:
                    dropped_hidden += 1
                else:
                    found.hidden.append(label)
                    taken.add(label)
            if len(set(found.hidden)) != len(found.hidden):
                found.hidden = list(dict.fromkeys(found.hidden))
            found.hidden = [label for label in found.hidden if label != found.pref]
        if dropped_hidden:
            report.add(f"{publisher} hidden label repeating another label of the same concept (dropped)",
                       count=dropped_hidden)
        return names

    def _settle_preferred(self, names: dict[str, Names], report: AnomalyReport) -> None:
        by_label: dict[str, list[str]] = defaultdict(list)
        for concept, entry in self._entries.items():
            by_label[entry.pref].append(concept)
        taken = set(by_label)
        for label, concepts in sorted(by_label.items()):
            if len(concepts) < 2:
                continue
            ordered = sorted(concepts, key=lambda c: (self._entries[c].rank,
                                                      -len(self._entries[c].qualifier or ""), c))
            keeper = ordered[0]
            for other in ordered[1:]:
                qualifier = self._entries[other].qualifier or _show(other).rsplit("/", 1)[-1]
                tail = _show(other).rsplit("/", 1)[-1]
                renamed = f"{label} ({qualifier})"
                number = 1
                while renamed in taken:  # the qualified name is taken too: add the IRI's last part
                    number += 1
                    renamed = f"{label} ({qualifier}, {tail})" if number == 2 else f"{label} ({qualifier}, {tail}, {number})"
                taken.add(renamed)
                names[other].pref = renamed
                names[other].hidden.append(label)
                names[other].note = (f"{self.publisher}'s preferred label is '{label}', which is also the preferred "
                                     f"label of {_show(keeper)}; pmgraph names this concept '{renamed}' so that every "
                                     "name leads to one concept, and keeps the publisher's label as a hidden label.")
                report.add(f"{self.publisher} preferred label shared by several concepts (the others renamed "
                           "with a qualifier)", f"{label!r} -> {renamed!r}")
