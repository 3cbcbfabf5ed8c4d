"""What the sources argue about a role: its claims, own and inherited from a broader role.

A claim (``pmo:Claim``: a guide's core aim or summary, source 002's argument) is about one
or more roles; a claim about a broader role (``skos:broader``) holds for the narrower one
too and is marked as inherited. Answered by the named query ``claims-about-role``, so it
reads the same from a local store and from an endpoint::

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> how = [c for c in claims_about(base, "https://w3id.org/pmgraph/id/TechnicalProgramManager")
    ...        if c["focus"] == ["how"] and c["inherited"]]
    >>> how[0]["claim"]["label"], how[0]["stated_on"]["label"]
    ('A program manager focuses on how to build the product (How)', 'program manager')
"""

from __future__ import annotations

from typing import Any

from ..iris import DCT_NS, PM_NS, RDF_TYPE, SKOS_NS
from ..iris import PMO_NS as _PMO

__all__ = ["claims_about"]


_BROADER = SKOS_NS + "broader"


def _broader(kb, role: str) -> list[str]:
    """``role`` and every role above it (``skos:broader*``), nearest first."""
    found, todo = [role], [role]
    while todo:
        for up in kb.values(todo.pop(0), _BROADER):
            if up not in found:
                found.append(up)
                todo.append(up)
    return found


def claims_about(kb, role: str, lang: str = "en", *, stated_only: bool = False) -> list[dict[str, Any]]:
    """The claims about ``role`` (an IRI), its own first: each ``{"claim", "stated_on",
    "inherited", "focus", "sources", "words", "translation", "inferred"}`` (``focus``: the
    what / how / when labels it gives the role; ``words``: the source's own words;
    ``translation``: in ``lang`` where there is one). What the named query
    ``claims-about-role`` answers, read from the store's triples."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for stated_on in _broader(kb, role):
        claims = [c for c, _, _, _ in kb.triples(None, _PMO + "about", stated_on)
                  if _PMO + "Claim" in kb.values(c, RDF_TYPE)]
        for claim in sorted(set(claims) - seen):
            seen.add(claim)  # a claim about the role itself and about a broader one: the role's own
            inferred = PM_NS + "Inferred" in kb.values(claim, _PMO + "assertion")
            words = sorted(kb.values(claim, _PMO + "statedAs"))
            if (stated_only and inferred) or not words:
                continue
            translations = sorted(text for _, _, text, language in kb.triples(claim, SKOS_NS + "definition")
                                  if language == lang)
            found.append({
                "claim": kb.node(claim, lang), "stated_on": kb.node(stated_on, lang), "inherited": stated_on != role,
                "focus": sorted({kb.label(focus, "en").lower() for focus in kb.values(claim, _PMO + "claimsFocus")}),
                "sources": [kb.source(source) for source in sorted(kb.values(claim, DCT_NS + "source"))],
                "words": words[0], "translation": translations[0] if translations else None,
                "inferred": inferred})
    return found
