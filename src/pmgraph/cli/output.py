"""Text and JSON output for the CLI: aligned tables that respect East Asian widths, and
text that cannot drive the terminal.

Labels and names come from data, and data may hold terminal escape sequences (OSC 52 writes
the clipboard, OSC 8 makes links), a carriage return or a line that forges an error
message. Every *text* written to standard output and error goes through
:class:`TerminalStream`, which escapes control characters (C0 but newline and tab, DEL,
C1) and the Unicode bidi overrides; table cells and error messages are one line, so their
newlines and tabs are escaped too (:func:`one_line`). Exact data (JSON, CSV, RDF, pages) is
written as bytes and passes untouched: JSON escapes control characters itself.

Text written to standard output is fitted to the width :mod:`pmgraph.cli.width` finds
(``COLUMNS``, else the terminal's; never when it is neither): long lines wrap at spaces
and table columns are cut with ``…``. JSON and CSV (:func:`emit_csv`) are never fitted.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import IO, Any

import click

from ..errors import OutputError

__all__ = ["width", "table", "emit_json", "emit_csv", "format_option", "rows_format_option", "lang_option", "escape_controls", "one_line",
           "TerminalStream", "terminal_streams", "unescaped"]

# C0 but newline and tab, DEL, C1, the line and paragraph separators, the bidi embeddings,
# overrides and isolates (the "Trojan Source" characters).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape_controls(text: str) -> str:
    r"""``text`` with control characters written as escapes; newlines and tabs are kept.

    >>> escape_controls("Tech PM\x1b]52;c;cm0gLXJm\x07\tlead\n")
    'Tech PM\\x1b]52;c;cm0gLXJm\\x07\tlead\n'
    """
    return _CONTROLS.sub(_escape, text)


def one_line(text: str) -> str:
    r"""``text`` as one line: every control character escaped, newlines and tabs too.

    >>> one_line("unknown name 'x\npmgraph: error: forged'")
    "unknown name 'x\\npmgraph: error: forged'"
    """
    return _ALL_CONTROLS.sub(_escape, text)


def one_line_labels(data: Any) -> Any:
    """A copy of a report (nested dicts and lists) whose names — every ``label`` and every
    ``labels`` list — are :func:`one_line`: a name from data cannot start a line of its own in
    text output (JSON keeps them exact).

    >>> one_line_labels({"role": {"label": "CTO\\npmgraph: error: forged"}, "labels": {"en": ["a\\tb"]}})
    {'role': {'label': 'CTO\\\\npmgraph: error: forged'}, 'labels': {'en': ['a\\\\tb']}}
    """
    if isinstance(data, dict):
        return {key: (one_line(value) if key == "label" and isinstance(value, str)
                      else _one_line_lists(value) if key == "labels" else one_line_labels(value))
                for key, value in data.items()}
    if isinstance(data, list):
        return [one_line_labels(item) for item in data]
    return data


def _one_line_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _one_line_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [one_line(item) if isinstance(item, str) else one_line_labels(item) for item in value]
    return one_line(value) if isinstance(value, str) else value


class _BinaryStream:
    """The bytes side of a :class:`TerminalStream`: written as is, write errors become exit 7."""

    def __init__(self, stream: IO[bytes], what: str):
        self._stream = stream
        self._what = what

    def write(self, data: bytes) -> int:
        with _output_errors(self._what):
            return self._stream.write(data)

    def flush(self) -> None:
        with _output_errors(self._what):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class TerminalStream:
    """A text stream that escapes control characters (:func:`escape_controls`) in what is written.

    Bytes written to its ``buffer`` pass unchanged. A write that fails for want of space (or
    any reason but a closed pipe) is :class:`~pmgraph.errors.OutputError` (exit 7). With
    ``columns``, every whole line written is wrapped to that width
    (:func:`pmgraph.cli.width.wrap_line`).
    """

    def __init__(self, stream: IO[str], what: str, columns: int | None = None):
        self._stream = stream
        self._what = what
        #: The width lines are wrapped to (``None``: not wrapped); tables read it to fit their columns.
        self.columns = columns
        #: The wrapped stream, for output made by pmgraph itself (progress bars draw with escapes).
        self.unescaped = stream

    def write(self, text: str) -> int:
        shown = escape_controls(text)
        if self.columns is not None and "\n" in shown:
            from .width import wrap_line

            *whole, rest = shown.split("\n")
            shown = "".join("\n".join(wrap_line(line, self.columns)) + "\n" for line in whole) + rest
        with _output_errors(self._what):
            self._stream.write(shown)
        return len(text)

    def flush(self) -> None:
        with _output_errors(self._what):
            self._stream.flush()

    @property
    def buffer(self) -> _BinaryStream:
        return _BinaryStream(self._stream.buffer, self._what)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _output_errors(what: str) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI ends quietly
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise
        raise OutputError(f"cannot write to {what}: {(error.strerror or type(error).__name__).lower()}") from None


@contextlib.contextmanager
def terminal_streams() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through :class:`TerminalStream` meanwhile."""
    from .width import output_columns

    saved = sys.stdout, sys.stderr
    try:
        is_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    sys.stdout = TerminalStream(sys.stdout, "standard output",  # type: ignore[assignment]
                                output_columns(is_terminal=is_terminal))
    sys.stderr = TerminalStream(sys.stderr, "standard error")  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unescaped(stream: IO[str]) -> IO[str]:
    """The stream under a :class:`TerminalStream` (for progress bars), else ``stream``."""
    return getattr(stream, "unescaped", stream)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two.

    >>> width("Tech PM"), width("技術")
    (7, 4)
    """
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], columns: int | None = None) -> str:
    """Rows as aligned columns under a header line; the last column is not padded.

    The table fits in ``columns`` (by default the width standard output is fitted to, see
    :mod:`pmgraph.cli.width`): the widest columns are cut, their cells ending in ``…``.

    >>> print(table([["Tech PM", "技術"], ["CTO", "-"]], ["role", "note"]))
    role     note
    -------  ----
    Tech PM  技術
    CTO      -
    >>> print(table([["technical program manager", "pm:TPM"]], ["role", "id"], columns=20))
    role          id
    ------------  ------
    technical p…  pm:TPM
    """
    cells = [list(map(str, headers))] + [[one_line(str(c)) for c in row] for row in rows]
    sizes = [[width(cell) for cell in row] for row in cells]
    widths = [max(row[i] for row in sizes) for i in range(len(headers))]
    if columns is None:
        columns = getattr(sys.stdout, "columns", None)
    if columns is not None and widths:
        cells, sizes, widths = _fit(cells, sizes, widths, columns)
    lines = []
    for index, row in enumerate(cells):
        last = len(row) - 1
        lines.append("  ".join(cell + " " * (widths[i] - sizes[index][i]) if i < last else cell
                               for i, cell in enumerate(row)))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _fit(cells: list[list[str]], sizes: list[list[int]], widths: list[int],
         columns: int) -> tuple[list[list[str]], list[list[int]], list[int]]:
    """Narrow the widest columns (down to 8) until the rows fit in ``columns``; cut their cells."""
    from .width import truncate

    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > columns:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        excess = sum(widths) + 2 * (len(widths) - 1) - columns
        narrower = max(widths[widest] - excess, 8, max(widths) - 1 if widths.count(max(widths)) > 1 else 0)
        if narrower >= widths[widest]:
            break
        widths[widest] = narrower
    cells = [[truncate(cell, widths[i]) for i, cell in enumerate(row)] for row in cells]
    return cells, [[width(cell) for cell in row] for row in cells], widths


def emit_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    r"""Print ``rows`` under a ``headers`` row as CSV (RFC 4180: the csv module's defaults, CRLF
    line ends), UTF-8, exact (written as bytes); ``None`` is an empty cell.

    The headers are stable English names, whatever the display language, like JSON keys.
    Commands that print rows call this with labels and, in their own column, the identifier.

    >>> import contextlib, io, sys
    >>> out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    >>> with contextlib.redirect_stdout(out):
    ...     emit_csv(["label", "id"], [["Tech PM, lead", "pm:TechPM"]])
    >>> out.flush(); out.buffer.getvalue().decode()
    'label,id\r\n"Tech PM, lead",pm:TechPM\r\n'
    """
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    click.echo(text.getvalue().encode("utf-8"), nl=False)


def emit_json(value: Any) -> None:
    """Print ``value`` as indented UTF-8 JSON (non-ASCII kept as is, exact: written as bytes)."""
    click.echo((json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), nl=False)


format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format.")
#: ``--format`` of a command that prints rows: text, JSON, or CSV (:func:`emit_csv`).
rows_format_option = click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
                                  show_default=True, help="Output format (csv: one row per item, with a header row).")


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """``--lang``, else the locale's language (:func:`pmgraph.i18n.language_from_env`); the CLI's
    own words follow it (:func:`pmgraph.i18n.set_language`)."""
    from ..i18n import language_from_env, set_language

    chosen = value or language_from_env()
    set_language(chosen)
    return chosen


lang_option = click.option("--lang", type=click.Choice(["en", "ja", "ko"]), default=None, callback=_language,
                           is_eager=True, show_default="the locale's, else en",
                           help="Display language of labels and of pmgraph's own words (labels fall back to en, ja, ko).")
stated_only_option = click.option(
    "--stated-only", is_flag=True,
    help="Leave out what the project inferred: keep only the links the sources state (see docs/careers.md).")
