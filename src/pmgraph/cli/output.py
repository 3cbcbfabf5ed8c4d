"""Text and JSON output for the CLI: aligned tables that respect East Asian widths."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

import click

__all__ = ["width", "table", "emit_json", "format_option", "lang_option"]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two.

    >>> width("Tech PM"), width("技術")
    (7, 4)
    """
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Rows as aligned columns under a header line; the last column is not padded.

    >>> print(table([["Tech PM", "技術"], ["CTO", "-"]], ["role", "note"]))
    role     note
    -------  ----
    Tech PM  技術
    CTO      -
    """
    cells = [list(map(str, headers))] + [[str(c) for c in row] for row in rows]
    sizes = [[width(cell) for cell in row] for row in cells]
    widths = [max(row[i] for row in sizes) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        last = len(row) - 1
        lines.append("  ".join(cell + " " * (widths[i] - sizes[index][i]) if i < last else cell
                               for i, cell in enumerate(row)))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def emit_json(value: Any) -> None:
    """Print ``value`` as indented UTF-8 JSON (non-ASCII kept as is)."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format.")
lang_option = click.option("--lang", type=click.Choice(["en", "ja", "ko"]), default="en", show_default=True,
                           help="Display language (labels fall back to en, ja, ko).")
