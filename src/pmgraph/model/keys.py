"""Name keys: how names typed differently are made to compare equal (no rdflib needed).

:func:`normalize` folds width, case and spacing; :func:`loose_key` also drops everything
that is not a letter or a digit. The catalog, the resolver, search and the stored indexes
all key names with these two functions.

    >>> normalize("  ＴＥＣＨ　pm ") == normalize("tech PM")
    True
    >>> loose_key("Tech-PM") == loose_key("tech pm") == loose_key("TechPM")
    True
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize", "loose_key"]


def normalize(text: str) -> str:
    """Fold width, case and spacing so that names typed differently compare equal.

    >>> normalize("  ＴＥＣＨ　pm ") == normalize("tech PM")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def loose_key(text: str) -> str:
    """:func:`normalize` and then drop everything that is not a letter or a digit.

    >>> loose_key("Tech-PM") == loose_key("tech pm") == loose_key("TechPM")
    True
    """
    folded = normalize(text)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")
