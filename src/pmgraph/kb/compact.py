"""Stored values as compact JSON: the one encoder of the snapshot's tables and indexes.

A snapshot holds data, never code to run (no pickles): every value of its SQLite tables and
JSON files is written here, without spaces and with non-ASCII text as it is. One encoder
serves every call (``json.dumps`` with options makes a new one per call, and a dataset's
layer writes about a million values).

    >>> dumps({"label": {"en": "CTO", "ja": "最高技術責任者"}, "edges": [0, 1]})
    '{"label":{"en":"CTO","ja":"最高技術責任者"},"edges":[0,1]}'
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps"]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    """``value`` as compact JSON (``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``)."""
    return _ENCODE(value)
