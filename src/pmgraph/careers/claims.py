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

__all__ = ["claims_about"]


_PMO = "https://w3id.org/pmgraph/ontology#"
_BROADER = "http://www.w3.org/2004/02/skos/core#broader"


def _values(kb, subject: str, prop: str) -> list[tuple[str, str | None]]:
    return sorted((o, language) for _, _, o, language in kb.triples(subject, prop))


def _broader(kb, role: str) -> list[str]:
    """``role`` and every role above it (``skos:broader*``), nearest first."""
    found, todo = [role], [role]
    while todo:
        for up, _ in _values(kb, todo.pop(0), _BROADER):
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
                  if (_PMO + "Claim", None) in _values(kb, c, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]
        for claim in sorted(set(claims) - seen):
            seen.add(claim)  # a claim about the role itself and about a broader one: the role's own
            inferred = ("https://w3id.org/pmgraph/id/Inferred", None) in _values(kb, claim, _PMO + "assertion")
            words = _values(kb, claim, _PMO + "statedAs")
            if (stated_only and inferred) or not words:
                continue
            translations = [text for text, language in _values(kb, claim, "http://www.w3.org/2004/02/skos/core#definition")
                            if language == lang]
            found.append({
                "claim": kb.node(claim, lang), "stated_on": kb.node(stated_on, lang), "inherited": stated_on != role,
                "focus": sorted({kb.label(focus, "en").lower() for focus, _ in _values(kb, claim, _PMO + "claimsFocus")}),
                "sources": [kb.source(source) for source, _ in _values(kb, claim, "http://purl.org/dc/terms/source")],
                "words": words[0][0], "translation": translations[0] if translations else None,
                "inferred": inferred})
    return found
