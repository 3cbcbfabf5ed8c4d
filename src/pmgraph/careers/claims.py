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


def claims_about(kb, role: str, lang: str = "en", *, stated_only: bool = False) -> list[dict[str, Any]]:
    """The claims about ``role`` (an IRI), its own first: each ``{"claim", "stated_on",
    "inherited", "focus", "sources", "words", "translation", "inferred"}`` (``focus``: the
    what / how / when labels it gives the role; ``words``: the source's own words;
    ``translation``: in ``lang`` where there is one)."""
    from rdflib import Literal, URIRef

    from ..namespaces import PM, PMO
    from ..sparql import named_query

    query = named_query("claims-about-role")
    answer = kb.query(query.parsed, {"role": URIRef(role), "lang": Literal(lang)})
    column = {name: index for index, name in enumerate(answer.variables)}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in answer.rows:
        claim, stated_on = str(row[column["claim"]]), str(row[column["statedOn"]])
        entry = found.get((claim, stated_on))
        if entry is None:
            inferred = kb.graph.value(URIRef(claim), PMO.assertion) == PM.Inferred
            if stated_only and inferred:
                continue
            translation = row[column["translation"]]
            entry = found[(claim, stated_on)] = {
                "claim": kb.node(claim, lang), "stated_on": kb.node(stated_on, lang),
                "inherited": stated_on != role, "focus": [], "sources": [],
                "words": str(row[column["words"]]),
                "translation": str(translation) if translation is not None else None,
                "inferred": inferred}
        focus, source = row[column["focus"]], row[column["source"]]
        if focus is not None and kb.label(focus, "en").lower() not in entry["focus"]:
            entry["focus"].append(kb.label(focus, "en").lower())
        if source is not None and str(source) not in [s["iri"] for s in entry["sources"]]:
            entry["sources"].append(kb.source(source))
    # a claim about the role itself and about a broader one: keep the role's own
    own = {claim for claim, stated_on in found if stated_on == role}
    return [entry for (claim, stated_on), entry in found.items() if stated_on == role or claim not in own]
