"""Stored values as compact JSON: the one encoder of the snapshot's tables and indexes.

A snapshot holds data, never code to run (no pickles): every value of its SQLite tables and
JSON files is written here, without spaces and with non-ASCII text as it is: the text of
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, written by orjson, six
times faster (a dataset's layer writes about a million values: a second of ESCO's import).
orjson is imported on the first call: commands that only read never load it.

    >>> dumps({"label": {"en": "CTO", "ja": "最高技術責任者"}, "edges": [0, 1], 2: 0.1})
    '{"label":{"en":"CTO","ja":"最高技術責任者"},"edges":[0,1],"2":0.1}'
"""

from __future__ import annotations

from typing import Any

__all__ = ["dumps"]


def dumps(value: Any) -> str:
    """``value`` as compact JSON (non-string keys as JSON writes them: ``1`` -> ``"1"``)."""
    import orjson

    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
