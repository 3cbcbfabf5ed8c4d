"""The knowledge base: one interface to what pmgraph knows, one factory to open it.

:func:`open` picks the backend from what the user gave: the bundled ontology, plus the
imported datasets (``pmgraph import``), plus ``--data`` files, all in one local Oxigraph
store (:mod:`pmgraph.kb.local`); or a remote SPARQL 1.1 store (``endpoint``,
:mod:`pmgraph.kb.remote`). Every report (:mod:`pmgraph.careers`), query and view takes the
:class:`KnowledgeBase` it returns::

    >>> from pmgraph import kb
    >>> base = kb.open()
    >>> base.node(base.resolve("テクニカル・プロダクトマネージャー"))
    {'iri': 'https://w3id.org/pmgraph/id/TechPM', 'label': 'Tech PM', 'kind': 'role'}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .base import PROJECTIONS, Focus, KnowledgeBase

__all__ = ["open", "KnowledgeBase", "Focus", "PROJECTIONS"]

#: Knowledge bases opened in this process, by snapshot key: a notebook or a test session that
#: opens the same data again gets the same object.
_OPENED: dict[str, KnowledgeBase] = {}


def open(data: Sequence[str | Path] = (), *, endpoint: str | None = None, focus: Focus | None = None,  # noqa: A001
         endpoint_timeout: float = 60.0, endpoint_limit: int = 1_000_000, endpoint_user: str | None = None,
         notice: Callable[[str], None] | None = None, progress=None) -> KnowledgeBase:
    """Open what the user gave as a :class:`KnowledgeBase`.

    ``data`` are the user's own RDF files (``--data``) merged into the bundled ontology and
    the installed datasets; ``endpoint`` reads a SPARQL 1.1 store instead (``focus`` says what
    the caller will read there; ``endpoint_user`` logs in to it, see :mod:`pmgraph.kb.httpauth`).
    ``notice`` receives one line when something takes a while (building the store of a new pmgraph version or of new data, working from memory where
    nothing can be written); ``progress`` draws the steps of such a build
    (:class:`pmgraph.importers.Progress`).

        >>> open(endpoint="http://127.0.0.1:9/query", data=["my.ttl"])
        Traceback (most recent call last):
        ...
        pmgraph.errors.UsageError: --data cannot be combined with --endpoint: the endpoint is the data; load the files into the store with `pmgraph --data FILE push --endpoint STORE-URL`
    """
    say = notice or (lambda line: None)
    if endpoint:
        if data:
            from ..errors import UsageError

            raise UsageError("--data cannot be combined with --endpoint: the endpoint is the data; "
                             "load the files into the store with `pmgraph --data FILE push --endpoint STORE-URL`")
        from .remote import RemoteKnowledgeBase

        return RemoteKnowledgeBase(endpoint, timeout=endpoint_timeout, limit=endpoint_limit, focus=focus,
                                   user=endpoint_user)
    return _open_local(tuple(str(item) for item in data), say, progress)


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists or can be made, and a file can be created in it."""
    import os

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _open_local(data: tuple[str, ...], say: Callable[[str], None], progress) -> KnowledgeBase:
    from .datasets import installed
    from ..errors import OutputError
    from .snapshot import DamagedCache, Snapshot, cache_dir, memory_parts
    from .local import LocalKnowledgeBase

    try:
        datasets = installed()
    except OSError as error:
        say(f"cannot read the imported datasets ({(error.strerror or str(error)).lower()}); using the bundled ontology")
        datasets = []
    snapshot = Snapshot(datasets, data, progress=progress, notice=say)
    names = tuple(info.name for info in datasets)
    location = snapshot.describe()
    if data and not datasets:
        # the bundled ontology and a few files of the user's: quicker built in memory than stored
        parts = memory_parts(snapshot.files)
        return LocalKnowledgeBase(parts, location=location, data=data)
    key = snapshot.key
    if key in _OPENED:
        return _OPENED[key]
    if not snapshot.ready and not _writable(cache_dir()):
        say(f"cannot write the cache folder {cache_dir()}; working from a store in memory "
            "(set PMGRAPH_CACHE to a folder you can write to keep it)")
        return LocalKnowledgeBase(memory_parts(snapshot.files, datasets), location=location, data=data,
                                  datasets=names)
    try:
        try:
            parts = snapshot.open()  # builds the layers that are missing, one line each
        except DamagedCache as damage:
            say(f"the index at {snapshot.folder} is damaged ({damage}); building it again")
            import shutil

            shutil.rmtree(snapshot.folder, ignore_errors=True)
            parts = snapshot.open()
    except OutputError:
        say(f"cannot write the cache folder {cache_dir()}; working from a store in memory "
            "(set PMGRAPH_CACHE to a folder you can write to keep it)")
        parts = memory_parts(snapshot.files, datasets)
    base = _OPENED[key] = LocalKnowledgeBase(parts, location=location, data=data, datasets=names)
    return base
