"""The N-Triples file of a dataset being imported, loaded into an Oxigraph store as it is written.

An importer is Python turning rows into triples; Oxigraph's parser is Rust that releases the
GIL. Fed through a pipe that it reads by path (``/dev/fd/N``: no Python call per read) and
that holds 1 MiB, the store loads on the second core while the importer writes, so indexing
the new dataset starts with its triples loaded instead of loading the file again (ESCO's
conversion and load took 3.7 s + 3.1 s one after the other, about 4.3 s at once). Where
``/dev/fd`` is missing the file is loaded once it is written: the same store.

    >>> import hashlib, tempfile
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> path = Path(tempfile.mkdtemp()) / "data.nt"
    >>> with DataFile(path, store) as data:
    ...     _ = data.text.write('<https://example.org/a> <https://example.org/b> "c" .\\n')
    >>> len(store), data.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    (1, True)
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path
from typing import Any

__all__ = ["DataFile", "load_dataset"]

#: The blocks written: smaller than the pipe, so that the importer seldom waits for the loader.
_BUFFER = 1 << 16
#: The pipe's capacity asked for (Linux): some 20 ms of the loader's work, so that it seldom
#: waits for the importer either (with the default 64 KiB the two take turns: no gain).
_PIPE = 1 << 20
#: The lines bulk-loaded into a store on disk at a time (about 100,000 triples).
_BLOCK = 16 << 20


def _widen(pipe: int) -> None:
    """Give ``pipe`` a capacity of :data:`_PIPE` where the system allows it (Linux)."""
    import contextlib

    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE)


def load_dataset(store: Any, path: str | Path, *, on_disk: bool = False) -> None:
    """Load a dataset's N-Triples (pmgraph's own file, as :class:`DataFile` wrote it) into ``store``.

    Leniently: the importers checked every IRI and escaped every literal as they wrote them
    (:mod:`pmgraph.importers.rdf`), so Oxigraph's parser need not check them again (a third of
    the load's time). A user's own files are parsed strictly (:mod:`pmgraph.kb.files`). An
    in-memory store loads faster in one transaction, a store ``on_disk`` with the bulk loader,
    one block of lines at a time: given the whole file, it holds all of it in memory while
    sorting (a gigabyte for ESCO, half of what an import may take), block by block 150 MB.
    """
    import pyoxigraph as ox

    if not on_disk:
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return
    with open(path, "rb") as handle:
        rest = b""
        while block := handle.read(_BLOCK):
            end = block.rfind(b"\n") + 1  # N-Triples: one triple a line, each line stands alone
            if end:
                store.bulk_load(input=rest + block[:end], format=ox.RdfFormat.N_TRIPLES, lenient=True)
                rest = block[end:]
            else:
                rest += block
        if rest:
            store.bulk_load(input=rest, format=ox.RdfFormat.N_TRIPLES, lenient=True)


class _Tee(io.RawIOBase):
    """A raw binary file that writes every block to each of ``fds`` and hashes it."""

    def __init__(self, fds: list[int], digest: Any):
        super().__init__()
        self._fds = fds
        self._digest = digest

    def writable(self) -> bool:
        return True

    def write(self, block) -> int:
        view = memoryview(block).cast("B")
        self._digest.update(view)
        for fd in self._fds:
            done = 0
            while done < len(view):
                done += os.write(fd, view[done:])
        return len(view)


class DataFile:
    """Where an importer writes a dataset's N-Triples (:attr:`text`): into ``path``, hashed as it
    goes (:attr:`digest`, once closed), and, if ``store`` is given, into that Oxigraph store as
    well, complete when the ``with`` block ends. The file is flushed to disk on leaving the block;
    an error of the load is raised there."""

    def __init__(self, path: Path, store: Any = None):
        self.path = path
        self._store = store
        self._hash = hashlib.sha256()
        self._failures: list[BaseException] = []
        self._loader: threading.Thread | None = None
        self._pipe: int | None = None
        #: The hex SHA-256 of the file, once the ``with`` block has ended.
        self.digest = ""

    def __enter__(self) -> DataFile:
        self._file = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        fds = [self._file]
        if self._store is not None:
            read_end, self._pipe = os.pipe()
            if os.path.exists(f"/dev/fd/{read_end}"):
                _widen(self._pipe)
                fds.append(self._pipe)
                self._loader = threading.Thread(target=self._load, args=(read_end,), name="pmgraph-dataset-load",
                                                daemon=True)
                self._loader.start()
            else:
                os.close(read_end)
                os.close(self._pipe)
                self._pipe = None
        #: The text stream the importer writes to (UTF-8, ``\n`` line ends).
        self.text = io.TextIOWrapper(io.BufferedWriter(_Tee(fds, self._hash), _BUFFER), encoding="utf-8", newline="\n")
        return self

    def _load(self, read_end: int) -> None:
        try:
            load_dataset(self._store, f"/dev/fd/{read_end}")
        except BaseException as error:  # noqa: BLE001 - raised by the writing thread
            self._failures.append(error)
        finally:
            os.close(read_end)  # the writer's next block fails at once instead of waiting for a reader

    def __exit__(self, kind, error, trace) -> None:
        closing: BaseException | None = None
        try:
            self.text.close()  # the last block
            if error is None:
                os.fsync(self._file)
        except BrokenPipeError as broken:  # the loader stopped: its own error says why
            closing = broken
        finally:
            os.close(self._file)
            if self._pipe is not None:
                os.close(self._pipe)  # the end of the file, for the loader
            if self._loader is not None:
                self._loader.join()
        if self._failures and (error is None or isinstance(error, BrokenPipeError)):
            raise self._failures[0]
        if closing is not None:
            raise closing
        if error is not None:
            return  # the importer's error goes on
        if self._store is not None and self._loader is None:
            load_dataset(self._store, self.path)
        self._store = None  # loaded: the caller's, from here on
        self.digest = self._hash.hexdigest()
