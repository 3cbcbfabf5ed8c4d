"""One piece of a build run by a forked child process while the parent goes on.

A dataset layer's indexes are Python work, one core's worth each, and the machine has two: the
knowledge-graph index is written by a child (which reads the parent's in-memory store as it
was when forked, its pages shared, not copied) while the parent indexes names and projections.
Only on Linux (a fork copies the calling thread only: the child's work must not need the
parent's other threads); elsewhere, or where fork fails, :func:`fork` gives None and the
caller does the work itself.

    >>> import sys, tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "out.txt"
    >>> def work():
    ...     path.write_text("written by the child")
    >>> child = fork(work)
    >>> work() if child is None else child.wait()
    >>> path.read_text()
    'written by the child'
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["fork", "Forked"]


def _run(work: Callable[[], Any], report: Any) -> None:
    """The child: run ``work`` and send back None, or what it raised (as itself where it pickles)."""
    try:
        work()
    except BaseException as error:  # noqa: BLE001 - handed to the parent
        try:
            report.send(error)
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            report.send(RuntimeError(f"{type(error).__name__}: {error}"))
        return
    report.send(None)


def fork(work: Callable[[], Any]) -> Forked | None:
    """``work()`` started in a forked child (Linux), or None where no child can be forked (another
    system; no process or memory left): then the caller runs the work itself."""
    if sys.platform != "linux":
        return None
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
        report, sender = context.Pipe(duplex=False)
        child = context.Process(target=_run, args=(work, sender), name="pmgraph-build", daemon=True)
        with warnings.catch_warnings():
            # Python 3.12+ warns of any other thread; here they are Oxigraph's (RocksDB's, the
            # store writer's), which the child never touches: it reads the in-memory store,
            # writes its own SQLite file and leaves with os._exit, no clean-up run
            warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
            child.start()
        sender.close()
    except OSError:
        return None
    return Forked(child, report)


class Forked:
    """A forked child running a piece of work (:func:`fork`), finished by :meth:`wait`, which raises what it raised."""

    def __init__(self, child: Any, report: Any):
        self._child = child
        self._report = report

    def wait(self) -> None:
        """Wait for the work to finish; raise what it raised."""
        try:
            error = self._report.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            self._child.join()
            raise RuntimeError(f"the build's child process ended with exit code {self._child.exitcode}") from None
        self._child.join()
        if error is not None:
            raise error

    def stop(self) -> None:
        """End the child, if it still runs (the build failed or was interrupted)."""
        if self._child.is_alive():
            self._child.terminate()
            self._child.join()
