"""Read a publisher's CSV or TSV file by column name, with one-line errors for bad input.

A missing file, a file that is not UTF-8 and a header that lacks a column the importer
needs are :class:`~pmgraph.errors.BadInput` (exit 3) naming the file. Columns are found by
their header name, so extra or reordered columns (the O*NET text files and the
Excel-derived TSVs differ) do not matter. Quoted fields may hold newlines and the file may
use CRLF line ends: Python's ``csv`` module reads both.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "jobs.tsv").write_bytes(b"Code\\tTitle\\tExtra\\r\\n15-1252.00\\t Software Developers\\tx\\r\\n")
    >>> table = Table(folder / "jobs.tsv", ["Code", "Title"], delimiter="\\t")
    >>> [(row.line, row["Code"], row["Title"]) for row in table]
    [(2, '15-1252.00', ' Software Developers')]
    >>> table.crlf
    True
    >>> Table(folder / "jobs.tsv", ["Code", "Job Zone"], delimiter="\\t")
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: .../jobs.tsv: wrong header: no column 'Job Zone' (the header has: Code, Title, Extra)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import BadInput

__all__ = ["Table", "Row", "find_file"]

#: The longest field read (characters). ESCO descriptions run to a few thousand characters;
#: a longer field is refused (exit 3) rather than written into a line that the N-Triples
#: reader of the store (16 MiB per line) could not read back.
MAX_FIELD = 1 << 20
csv.field_size_limit(MAX_FIELD)

#: Called with the number of bytes just read (for progress bars).
Progress = Callable[[int], None]


def find_file(folder: Path, stem: str, suffixes: Sequence[str]) -> Path:
    """``folder/stem`` with the first of ``suffixes`` that exists, or :class:`BadInput` naming what is missing."""
    if not folder.is_dir():
        raise BadInput(f"{folder}: no such folder" if not folder.exists() else f"{folder}: not a folder")
    for suffix in suffixes:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    names = " or ".join(f"'{stem}{suffix}'" for suffix in suffixes)
    raise BadInput(f"{folder}: missing file {names}")


def _why(error: csv.Error) -> str:
    if "field limit" in str(error):
        return f"a field longer than {MAX_FIELD:,} characters (the longest pmgraph reads)"
    return str(error)


class _CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes were read, for progress bars."""

    def __init__(self, raw, progress: Progress):
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._progress(count)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


class Row(dict):
    """One record: column name -> text, and the physical line (1-based) where the record starts."""

    line: int = 0


class Table:
    """The rows of one delimited file, each a :class:`Row` of the ``columns`` asked for.

    ``columns`` must all be in the header; ``optional`` columns are read when present (an
    absent one reads as ``""``). Iterating reads the file again from the start.
    """

    def __init__(self, path: Path, columns: Sequence[str], *, delimiter: str = ",",
                 optional: Sequence[str] = (), progress: Progress | None = None):
        self.path = Path(path)
        self.columns = list(columns)
        self.optional = list(optional)
        self.delimiter = delimiter
        self.progress = progress
        self.crlf = False
        #: Records whose number of fields differs from the header's (they are skipped).
        self.ragged: list[int] = []
        self.header = self._read_header()
        missing = [name for name in self.columns if name not in self.header]
        if missing:
            found = ", ".join(self.header) if any(self.header) else "nothing"
            raise BadInput(f"{self.path}: wrong header: no column {missing[0]!r} (the header has: {found})")

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return self.path.stat().st_size

    def _open(self, progress: Progress | None = None):
        try:
            raw = open(self.path, "rb", buffering=0)  # noqa: SIM115 - closed by the caller's with
        except FileNotFoundError:
            raise BadInput(f"{self.path}: missing file") from None
        except IsADirectoryError:
            raise BadInput(f"{self.path}: is a folder, not a file") from None
        except OSError as error:
            raise BadInput(f"{self.path}: cannot read: {error.strerror}") from None
        stream = _CountingReader(raw, progress) if progress else raw
        # utf-8-sig drops a byte-order mark if there is one; newline="" lets csv see CRLF in quoted fields
        return io.TextIOWrapper(io.BufferedReader(stream, 1 << 20), encoding="utf-8-sig", newline="")

    def _read_header(self) -> list[str]:
        with self._open() as handle:
            self.crlf = b"\r\n" in handle.buffer.peek(1 << 16)[: 1 << 16]
            try:
                first = next(csv.reader(handle, delimiter=self.delimiter), [])
            except UnicodeDecodeError:
                raise BadInput(f"{self.path}:1: not UTF-8; save the file as UTF-8") from None
            except csv.Error as error:
                raise BadInput(f"{self.path}:1: unreadable header: {_why(error)}") from None
        if not first:
            raise BadInput(f"{self.path}: file is empty (no header line)")
        return [name.strip() for name in first]

    def __iter__(self) -> Iterator[Row]:
        wanted = [(name, self.header.index(name)) for name in self.columns]
        wanted += [(name, self.header.index(name) if name in self.header else None) for name in self.optional]
        width = len(self.header)
        self.ragged = []
        with self._open(self.progress) as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                next(reader)
                start = reader.line_num + 1
                for record in reader:
                    line, start = start, reader.line_num + 1
                    if len(record) != width:
                        if record:  # a blank line is no record at all
                            self.ragged.append(line)
                        continue
                    row = Row((name, record[index] if index is not None else "") for name, index in wanted)
                    row.line = line
                    yield row
            except UnicodeDecodeError:
                raise BadInput(f"{self.path}:{reader.line_num + 1}: not UTF-8; save the file as UTF-8") from None
            except csv.Error as error:
                raise BadInput(f"{self.path}:{reader.line_num}: {_why(error)}") from None
