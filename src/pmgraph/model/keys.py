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

__all__ = ["normalize", "loose_key", "letters_and_digits"]

#: ASCII characters that are neither letters nor digits (for :func:`letters_and_digits`'s fast path).
_ASCII_OTHERS = {code: None for code in range(128) if unicodedata.category(chr(code))[0] not in "LN"}


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
    return letters_and_digits(normalize(text))


def letters_and_digits(text: str) -> str:
    """The letters and digits of ``text`` (Unicode categories L and N), in order: :func:`loose_key`
    of a name already :func:`normalize`\ d (so that indexing a name folds it once).

    >>> letters_and_digits("tech-pm (it) ２")
    'techpmit２'
    """
    if text.isascii():
        return text.translate(_ASCII_OTHERS)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
