"""How wide text output may be, and fitting lines and table cells to it.

The width is ``COLUMNS`` when it is set to a number, else the terminal's width when standard
output is a terminal, else none: output read by a program or written to a file is never
wrapped (``COLUMNS=80 pmgraph ... > file`` asks for it). Only text output is fitted;
JSON and CSV are written exact. Widths count East Asian wide characters as two columns.

    >>> output_columns({"COLUMNS": "60"}, is_terminal=False), output_columns({}, is_terminal=False)
    (60, None)
    >>> wrap_line("  - Tech PM (role) [Source 000 § 5 Career path]", 24)
    ['  - Tech PM (role)', '    [Source 000 § 5', '    Career path]']
    >>> truncate("クラウドコンピューティング", 9)
    'クラウド…'
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping

__all__ = ["MIN_COLUMNS", "output_columns", "wrap_line", "truncate", "ELLIPSIS"]

#: Narrower than this is not worth fitting to (a COLUMNS below it counts as this).
MIN_COLUMNS = 20
ELLIPSIS = "…"
_TOKENS = re.compile(r"\s+|\S+")


def output_columns(environ: Mapping[str, str] | None = None, is_terminal: bool = False) -> int | None:
    """The width text output is fitted to: ``COLUMNS``, else the terminal's, else ``None``."""
    environ = os.environ if environ is None else environ
    value = (environ.get("COLUMNS") or "").strip()
    if value.isdigit() and int(value) > 0:
        return max(int(value), MIN_COLUMNS)
    if is_terminal:
        return max(shutil.get_terminal_size().columns, MIN_COLUMNS)
    return None


def _width(text: str) -> int:
    from .output import width

    return width(text)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` columns, ending in ``…`` when it was cut."""
    if _width(text) <= limit:
        return text
    kept, used = [], 0
    for char in text:
        size = _width(char)
        if used + size > limit - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS


def wrap_line(line: str, limit: int) -> list[str]:
    """``line`` broken at spaces into lines of at most ``limit`` columns; the following
    lines are indented two more than the first. A word longer than a line (or a run of
    Japanese or Korean without spaces) is broken between characters."""
    if _width(line) <= limit:
        return [line]
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    hang = " " * min(indent + 2, limit // 2)
    lines: list[str] = []
    current, used, space = line[:indent], indent, ""
    fresh = True  # nothing but indentation on the current line yet

    def new_line() -> None:
        nonlocal current, used, fresh, space
        lines.append(current.rstrip())
        current, used, fresh, space = hang, len(hang), True, ""

    for token in _TOKENS.findall(body):
        if token.isspace():
            space = token if not fresh else ""
            continue
        size = _width(token)
        gap = _width(space)
        if used + gap + size <= limit:
            current += space + token
            used += gap + size
        elif size <= limit - len(hang) and not fresh:
            new_line()
            current += token
            used += size
        else:
            if not fresh and used + gap < limit:
                current += space
                used += gap
            for char in token:
                char_size = _width(char)
                if used + char_size > limit:
                    new_line()
                current += char
                used += char_size
        fresh, space = False, ""
    lines.append(current.rstrip())
    return lines
