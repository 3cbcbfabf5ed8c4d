"""Write a file all at once or not at all: the one atomic-write helper.

The content goes to a temporary file in the target's own folder, is flushed and fsynced,
and is then renamed over the target (``os.replace``, atomic on POSIX and Windows). An error
or Ctrl-C midway removes the temporary file and leaves any existing target untouched. A
target that cannot be written raises :class:`~pmgraph.errors.OutputError` (exit 7) naming
it. A replaced file keeps its permissions; a new one gets the usual ``0o666 & ~umask``.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_atomic(folder / "graph.ttl", "pm:TechPM a pmo:Role .\\n")
    >>> (folder / "graph.ttl").read_text(encoding="utf-8")
    'pm:TechPM a pmo:Role .\\n'
    >>> write_atomic(folder / "missing" / "graph.ttl", "x")
    Traceback (most recent call last):
    ...
    pmgraph.errors.OutputError: cannot write .../missing/graph.ttl: folder ... does not exist
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["atomic_writer", "write_atomic"]


def _new_file_mode() -> int:
    """The permissions a plain ``open(path, "w")`` would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _why(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def _check_target(target: Path) -> None:
    folder = target.parent
    if not folder.exists():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: {folder} is not a folder")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if target.exists() and not os.access(target, os.W_OK):
        # rename would replace it anyway; a read-only file is the user saying "keep this"
        raise OutputError(f"cannot write {target}: permission denied (the file is read-only)")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "w", encoding: str = "utf-8",
                  newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on a clean exit it replaces ``path``.

    ``mode`` is ``"w"`` (text, UTF-8 and ``\\n`` line ends whatever the platform) or
    ``"wb"``. Any exception, KeyboardInterrupt included, discards what was written and
    re-raises; OS errors on the target become :class:`OutputError`.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    _check_target(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_why(error)}") from None
    try:
        if mode == "wb":
            stream: IO = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding=encoding, newline=newline)
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            wanted = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            wanted = _new_file_mode()
        os.chmod(temporary, wanted)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {target}: {_why(error)}") from None
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename has happened anyway
    finally:
        os.close(descriptor)


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path`` atomically."""
    if isinstance(data, bytes):
        with atomic_writer(path, "wb") as stream:
            stream.write(data)
    else:
        with atomic_writer(path, "w", encoding=encoding) as stream:
            stream.write(data)
    return Path(path)
