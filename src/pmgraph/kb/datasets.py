"""Imported datasets: where they live, how an import installs one atomically, list and remove.

The data directory is ``$PMGRAPH_HOME`` when set, else the platform's user data folder
(``~/.local/share/pmgraph`` on Linux). Each dataset is a folder of N-Triples plus a small
JSON *pointer* that names the folder and holds the dataset's metadata::

    $PMGRAPH_HOME/datasets/esco.json             <- name, version, triples, imported at, ...
    $PMGRAPH_HOME/datasets/esco-3f2a9c1d0e4b/     <- data.nt (the folder's name is its content hash)

An import writes into a temporary folder beside the others and then replaces the pointer
file in one ``os.replace``: until that moment the previous import is the one every command
sees, so an import that fails or is interrupted (Ctrl-C, a crash, a full disk) leaves it
intact. The caller may then check the new dataset (the CLI indexes it for queries); if the
check fails the previous pointer is put back. The old folder is removed only after that.
One import or removal of a dataset runs at a time: each holds a lock on
``datasets/.NAME.lock`` (``fcntl``), and a second one is refused in one line.

A pointer is data: its ``folder`` must be one folder name inside ``datasets/``, so that
``datasets remove`` never deletes anything outside the data directory.

    >>> import os, tempfile
    >>> previous = os.environ.get("PMGRAPH_HOME")
    >>> os.environ["PMGRAPH_HOME"] = tempfile.mkdtemp()
    >>> from pmgraph.importers import ImportSummary
    >>> def build(out):
    ...     out.add("<https://example.org/a>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"a"')
    ...     return ImportSummary("demo", "Demo", "1.0", "Example", "https://example.org/licence", "Demo", "https://example.org/")
    >>> info = install("demo", build)
    >>> [(d.name, d.version, d.triples) for d in installed()]
    [('demo', '1.0', 1)]
    >>> remove("demo").name, installed()
    ('demo', [])
    >>> _ = os.environ.pop("PMGRAPH_HOME") if previous is None else os.environ.update(PMGRAPH_HOME=previous)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import BadInput, OutputError, UnknownName, UsageError

__all__ = ["ENVIRONMENT", "DatasetInfo", "data_dir", "datasets_dir", "installed", "install", "remove",
           "dataset_names"]

#: The environment variable that chooses the data directory.
ENVIRONMENT = "PMGRAPH_HOME"
#: The file of a dataset's triples inside its folder.
DATA_FILE = "data.nt"
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
#: A dataset folder: the dataset's name and the start of its content hash, nothing else.
_FOLDER = re.compile(r"[a-z][a-z0-9-]{0,40}-[0-9a-f]{12}")
_FORMAT = 1  # bump when the layout of a dataset folder changes


def data_dir() -> Path:
    """``$PMGRAPH_HOME`` if set, else the platform's user data folder for pmgraph."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("pmgraph", appauthor=False))


def datasets_dir() -> Path:
    """Where the datasets' pointer files and folders are."""
    return data_dir() / "datasets"


@dataclass
class DatasetInfo:
    """One installed dataset, as its pointer file describes it."""

    name: str
    title: str
    version: str
    triples: int
    imported_at: str
    folder: str
    digest: str
    publisher: str = ""
    license: str = ""
    attribution: str = ""
    url: str = ""
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    anomalies: list[dict[str, Any]] = field(default_factory=list)
    format: int = _FORMAT

    @property
    def path(self) -> Path:
        """The dataset's folder (always inside :func:`datasets_dir`; see :func:`_check_record`)."""
        return datasets_dir() / self.folder

    @property
    def data_file(self) -> Path:
        """Its N-Triples file."""
        return self.path / DATA_FILE

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pointer(name: str) -> Path:
    return datasets_dir() / f"{name}.json"


def _check_record(info: DatasetInfo, pointer: Path) -> None:
    """:class:`BadInput` unless the record's name and folder are plain names of this dataset.

    >>> _check_record(DatasetInfo("esco", "", "", 0, "", "../../x", ""), Path("esco.json"))
    Traceback (most recent call last):
    ...
    pmgraph.errors.BadInput: esco.json: damaged dataset record: folder '../../x' is not a folder of dataset 'esco' inside the data directory; delete the file
    """
    if not isinstance(info.name, str) or not _NAME.match(info.name) or pointer.name != f"{info.name}.json":
        raise BadInput(f"{pointer}: damaged dataset record: name {info.name!r} does not match the file name; "
                       "delete the file")
    if not isinstance(info.folder, str) or not _FOLDER.fullmatch(info.folder) \
            or not info.folder.startswith(f"{info.name}-"):
        raise BadInput(f"{pointer}: damaged dataset record: folder {info.folder!r} is not a folder of dataset "
                       f"{info.name!r} inside the data directory; delete the file")


def _read_pointer(path: Path, strict: bool = False) -> DatasetInfo | None:
    """The dataset a pointer file names, or None when the file or its folder is unusable.

    A record that names a folder outside the data directory is never used: with ``strict``
    it is :class:`BadInput` (exit 3), else it is left out like any unusable pointer.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = DatasetInfo(**{key: value for key, value in data.items() if key in DatasetInfo.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None
    try:
        _check_record(info, path)
    except BadInput:
        if strict:
            raise
        return None
    if info.format != _FORMAT or not info.data_file.is_file():
        return None
    return info


def installed() -> list[DatasetInfo]:
    """Every usable installed dataset, sorted by name (a broken pointer is left out).

    A data directory that cannot be read is :class:`UsageError` (exit 2) in one line.
    """
    folder = datasets_dir()
    try:
        pointers = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError as error:
        raise UsageError(f"cannot read the data directory {folder}: {(error.strerror or str(error)).lower()} "
                         f"(set {ENVIRONMENT} to a folder you can read)") from None
    found = (_read_pointer(path) for path in pointers)
    return [info for info in found if info is not None]


def dataset_names() -> list[str]:
    return [info.name for info in installed()]


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise UsageError(f"invalid dataset name {name!r}: use lower-case letters, digits and dashes")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the data directory {folder}: {(error.strerror or str(error)).lower()} "
                          f"(set {ENVIRONMENT} to a folder you can write)") from None


@contextlib.contextmanager
def _exclusive(name: str) -> Iterator[None]:
    """Hold the lock of dataset ``name`` (one import or removal at a time), or :class:`UsageError`.

    The lock is ``fcntl.flock`` on ``datasets/.NAME.lock``: the system releases it when the
    process ends, however it ends, so a killed import never leaves a dataset locked.
    """
    root = datasets_dir()
    try:
        handle = open(root / f".{name}.lock", "a")  # noqa: SIM115 - closed below
    except OSError as error:
        raise OutputError(f"cannot write in {root}: {(error.strerror or str(error)).lower()}") from None
    with handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here; imports there run one at a time by hand
            yield
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another import or removal of {name} is running; try again when it has finished") \
                from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_leftovers(name: str) -> None:
    """Folders of earlier imports of ``name`` that were interrupted before they were installed."""
    for leftover in datasets_dir().glob(f".{name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def install(name: str, build: Callable, *, source: str = "", check: Callable[[], Any] | None = None,
            loaded: MutableMapping[str, Any] | None = None) -> DatasetInfo:
    """Run ``build(writer)`` (an importer writing N-Triples) and install its output as ``name``.

    ``build`` returns an :class:`~pmgraph.importers.ImportSummary`. Once the new dataset is
    in place, ``check()`` runs (the CLI builds the index every command reads); by then
    ``loaded`` (a mapping, if given) holds under ``name`` an in-memory Oxigraph store of the
    dataset's triples, loaded while ``build`` wrote them (:class:`~pmgraph.kb.datafile.DataFile`),
    for ``check`` to take (:class:`~pmgraph.kb.snapshot.Snapshot` pops it). Whatever
    ``build`` or ``check`` raises (bad input, Ctrl-C, a full disk) leaves the installed
    datasets as they were. Returns the new dataset's :class:`DatasetInfo`; its
    ``anomalies`` are the summary's. A second import of ``name`` while this one runs is
    :class:`UsageError`.
    """
    _check_name(name)
    root = datasets_dir()
    _make_folder(root)
    with _exclusive(name):
        return _install(name, build, source, check, loaded)


def _install(name: str, build: Callable, source: str, check: Callable[[], Any] | None,
             loaded: MutableMapping[str, Any] | None) -> DatasetInfo:
    from ..importers.rdf import NTriplesWriter
    from .datafile import DataFile

    root = datasets_dir()
    _remove_leftovers(name)
    previous = _read_pointer(_pointer(name))
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=root))
    except OSError as error:
        raise OutputError(f"cannot write in {root}: {(error.strerror or str(error)).lower()}") from None
    try:
        if loaded is not None:  # only the mapping holds the store: whoever pops it frees it
            import pyoxigraph as ox

            loaded[name] = ox.Store()
        with DataFile(temporary / DATA_FILE, loaded[name] if loaded is not None else None) as data:
            writer = NTriplesWriter(data.text)
            summary = build(writer)
        digest = data.digest
        folder = f"{name}-{digest[:12]}"
        target = root / folder
        created = not target.is_dir()
        if created:
            os.replace(temporary, target)
        else:
            shutil.rmtree(temporary)  # the same content is installed already
        info = DatasetInfo(
            name=name, title=summary.title, version=summary.version, triples=writer.count,
            imported_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(), folder=folder,
            digest=digest, publisher=summary.publisher, license=summary.license,
            attribution=summary.attribution, url=summary.url, source=source, counts=dict(summary.counts),
            parameters=dict(summary.parameters), anomalies=summary.anomalies.as_list())
        _write_pointer(info)  # the moment the new dataset replaces the old one
        try:
            if check is not None:
                check()
        except BaseException:
            _put_back(name, previous)
            if created and (previous is None or previous.folder != folder):
                shutil.rmtree(target, ignore_errors=True)
            raise
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise OutputError(f"cannot install dataset {name!r} in {root}: {(error.strerror or str(error)).lower()}") \
            from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    for stale in root.glob(f"{name}-*"):  # the previous import, and any orphan of a failed one
        if stale.is_dir() and stale.name != folder and re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{12}}", stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    return info


def _put_back(name: str, previous: DatasetInfo | None) -> None:
    """Make ``previous`` the installed ``name`` again (or none, if there was none)."""
    if previous is not None:
        _write_pointer(previous)
    else:
        with contextlib.suppress(FileNotFoundError):
            _pointer(name).unlink()


def _write_pointer(info: DatasetInfo) -> None:
    from ..atomic import write_atomic

    write_atomic(_pointer(info.name), json.dumps(info.as_dict(), ensure_ascii=False, indent=2) + "\n")


def remove(name: str) -> DatasetInfo:
    """Uninstall ``name``; :class:`~pmgraph.errors.UnknownName` (exit 4) if it is not installed.

    A record naming a folder outside the data directory is :class:`BadInput` (exit 3) and
    nothing is deleted. An import of ``name`` running meanwhile is :class:`UsageError`.
    """
    if not _NAME.match(name) or not datasets_dir().is_dir():
        raise _no_such_dataset(name)
    with _exclusive(name):
        return _remove(name)


def _no_such_dataset(name: str) -> UnknownName:
    names = dataset_names()
    hint = f"installed: {', '.join(names)}" if names else "no dataset is installed"
    return UnknownName(f"no dataset named {name!r} ({hint})", names)


def _remove(name: str) -> DatasetInfo:
    info = _read_pointer(_pointer(name), strict=True)
    if info is None:
        raise _no_such_dataset(name)
    try:
        _pointer(name).unlink()
    except OSError as error:
        raise OutputError(f"cannot remove {_pointer(name)}: {(error.strerror or str(error)).lower()}") from None
    with contextlib.suppress(OSError):
        shutil.rmtree(info.path)
    return info


def check_folder(folder: str | Path) -> Path:
    """``folder`` as a Path if it is an existing folder, else :class:`BadInput` (exit 3)."""
    path = Path(folder)
    if not path.exists():
        raise BadInput(f"{path}: no such folder")
    if not path.is_dir():
        raise BadInput(f"{path}: not a folder")
    return path
