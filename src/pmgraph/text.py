"""Language fallback: the one rule for choosing which language of a text to show.

pmgraph shows a text in the language asked for, else English, Japanese, Korean, an untagged
text, else whichever there is::

    >>> pick({"ja": "テクニカルプロダクトマネージャー", "en": "Tech PM"}, "ko")
    'Tech PM'
    >>> pick({"de": "Technischer PM"}, "ja"), pick({}, "ja", "?")
    ('Technischer PM', '?')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

__all__ = ["LANGUAGES", "pick", "texts_by_language"]

#: Display languages, in fallback order after the one asked for.
LANGUAGES = ("en", "ja", "ko")

T = TypeVar("T")


def pick(texts: Mapping[str, T], lang: str, default: T | None = None) -> T | None:
    """The non-empty value of ``texts`` (language -> text) for ``lang``, by the fallback order."""
    for language in (lang, *LANGUAGES, ""):
        value = texts.get(language)
        if value:
            return value
    return next(iter(texts.values()), default)


def texts_by_language(graph, subject, prop) -> dict[str, str]:
    """One text per language of ``subject prop`` in an rdflib ``graph`` (the first in sort
    order when there are several; ``""`` for an untagged literal).

        >>> from rdflib import Graph, Literal, URIRef
        >>> g = Graph()
        >>> for text in ("b", "a"):
        ...     _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal(text, lang="en")))
        >>> texts_by_language(g, URIRef("urn:x"), URIRef("urn:p"))
        {'en': 'a'}
    """
    from rdflib import Literal

    texts: dict[str, str] = {}
    for value in sorted(graph.objects(subject, prop)):
        if isinstance(value, Literal):
            texts.setdefault(value.language or "", str(value))
    return texts
