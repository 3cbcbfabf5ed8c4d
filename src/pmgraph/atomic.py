"""Write a file all at once or not at all: the one atomic-write helper.

The content goes to a temporary file in the target's own folder, is flushed and fsynced,
and is then renamed over the target (``os.replace``, atomic on POSIX and Windows). An error
or Ctrl-C midway removes the temporary file and leaves any existing target untouched. A
target that cannot be written raises :class:`~pmgraph.errors.OutputError` (exit 7) naming
it. A replaced file keeps its permissions; a new one gets the usual ``0o666 & ~umask``.

Only regular files are replaced. A symbolic link is followed: the file it points to is
replaced, the link stays. A device, a FIFO or a socket (``/dev/null``, ``/dev/stdout``, a
named pipe) is written directly, since renaming over it would destroy it. Temporary files
are named ``.NAME.PID-RANDOM.tmp``; one left behind by a killed process (``kill -9``, a power
cut) is removed by the next write into the same folder (on POSIX systems, once that process
is gone and the file is :data:`STALE_AFTER` seconds old).

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
import glob
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["atomic_writer", "write_atomic", "temporary_folder", "process_alive"]

#: A leftover temporary file is removed once its writer is gone and it is this old (seconds).
STALE_AFTER = 600


def _new_file_mode() -> int:
    """The permissions a plain ``open(path, "w")`` would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _why(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def _real_target(path: Path) -> Path:
    """``path`` with symbolic links followed, so that the file they point to is replaced."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _is_special(target: Path) -> bool:
    """True for an existing device, FIFO or socket: written in place, never replaced."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _temporary_pattern(name: str) -> re.Pattern:
    return re.compile(rf"\.{re.escape(name)}\.(\d+)-[a-z0-9_]{{8}}\.tmp")


def _remove_stale(target: Path) -> None:
    """Remove temporary files (and folders) of earlier writes of ``target`` whose process is gone."""
    pattern = _temporary_pattern(target.name)
    for candidate in glob.glob(glob.escape(str(target.parent / f".{target.name}.")) + "*.tmp"):
        match = pattern.fullmatch(os.path.basename(candidate))
        if not match:
            continue
        try:
            info = os.lstat(candidate)
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)) or info.st_uid != os.getuid():
                continue
            if process_alive(int(match.group(1))) or time.time() - info.st_mtime < STALE_AFTER:
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(candidate)
            else:
                os.unlink(candidate)
        except OSError:
            continue


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (whoever owns it): a leftover's writer is gone if not.

    On Windows this answers True (``os.kill(pid, 0)`` would send Ctrl-C there), so leftovers stay.
    """
    if pid == os.getpid() or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, it is someone else's
    return True


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
    target = _real_target(Path(path))
    if _is_special(target):
        with _direct_writer(target, mode, encoding, newline) as stream:
            yield stream
        return
    _check_target(target)
    _remove_stale(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp",
                                             dir=target.parent)
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


@contextlib.contextmanager
def _direct_writer(target: Path, mode: str, encoding: str, newline: str | None) -> Iterator[IO]:
    """Write straight into a device or FIFO (there is nothing to keep intact)."""
    try:
        if mode == "wb":
            stream: IO = open(target, "wb")  # noqa: SIM115 - closed below
        else:
            stream = open(target, "w", encoding=encoding, newline=newline)  # noqa: SIM115
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_why(error)}") from None
    try:
        with stream:
            yield stream
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_why(error)}") from None


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


def temporary_folder(target: str | os.PathLike) -> Path:
    """A new empty folder beside ``target``, named like this module's temporary files.

    For writing many files that must appear together (``pmgraph gallery``): fill it, then
    move its files into ``target``. One left behind by a killed process is removed by the
    next call, as temporary files are.
    """
    target = Path(os.path.realpath(target))
    _remove_stale(target)
    try:
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_why(error)}") from None


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends, or bytes) to ``path`` atomically."""
    if isinstance(data, bytes):
        with atomic_writer(path, "wb") as stream:
            stream.write(data)
    else:
        with atomic_writer(path, "w", encoding=encoding) as stream:
            stream.write(data)
    return Path(path)
