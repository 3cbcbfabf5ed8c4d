"""Imported datasets: where they live, how an import installs one atomically, list and remove.

The data directory is ``$PMGRAPH_HOME`` when set, else the platform's user data folder
(``~/.local/share/pmgraph`` on Linux). Each dataset is a folder of N-Triples plus a small
JSON *pointer* that names the folder and holds the dataset's metadata::

    $PMGRAPH_HOME/datasets/esco.json             <- name, version, triples, imported at, ...
    $PMGRAPH_HOME/datasets/esco-3f2a9c1d0e4b/     <- data.nt (the folder's name is its content hash)

An import writes into a temporary folder beside the others and then replaces the pointer
file in one ``os.replace``: until that moment the previous import is the one every command
sees, so an import that fails or is interrupted (Ctrl-C, a crash, a full disk) leaves it
intact. The old folder is removed afterwards.

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
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import BadInput, OutputError, UnknownName, UsageError

__all__ = ["ENVIRONMENT", "DatasetInfo", "data_dir", "datasets_dir", "installed", "install", "remove",
           "dataset_names"]

#: The environment variable that chooses the data directory.
ENVIRONMENT = "PMGRAPH_HOME"
#: The file of a dataset's triples inside its folder.
DATA_FILE = "data.nt"
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
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
        """The dataset's folder."""
        return datasets_dir() / self.folder

    @property
    def data_file(self) -> Path:
        """Its N-Triples file."""
        return self.path / DATA_FILE

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pointer(name: str) -> Path:
    return datasets_dir() / f"{name}.json"


def _read_pointer(path: Path) -> DatasetInfo | None:
    """The dataset a pointer file names, or None when the file or its folder is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = DatasetInfo(**{key: value for key, value in data.items() if key in DatasetInfo.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None
    if info.format != _FORMAT or not info.data_file.is_file():
        return None
    return info


def installed() -> list[DatasetInfo]:
    """Every usable installed dataset, sorted by name (a broken pointer is left out)."""
    folder = datasets_dir()
    if not folder.is_dir():
        return []
    found = (_read_pointer(path) for path in sorted(folder.glob("*.json")))
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


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove_leftovers(name: str) -> None:
    """Folders of earlier imports of ``name`` that were interrupted before they were installed."""
    for leftover in datasets_dir().glob(f".{name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def install(name: str, build: Callable, *, source: str = "") -> DatasetInfo:
    """Run ``build(writer)`` (an importer writing N-Triples) and install its output as ``name``.

    ``build`` returns an :class:`~pmgraph.importers.ImportSummary`. Whatever it raises
    (bad input, Ctrl-C) leaves the installed datasets as they were. Returns the new
    dataset's :class:`DatasetInfo`; its ``anomalies`` are the summary's.
    """
    from .importers.rdf import NTriplesWriter

    _check_name(name)
    root = datasets_dir()
    _make_folder(root)
    _remove_leftovers(name)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=root))
    except OSError as error:
        raise OutputError(f"cannot write in {root}: {(error.strerror or str(error)).lower()}") from None
    try:
        with open(temporary / DATA_FILE, "w", encoding="utf-8", newline="\n") as handle:
            writer = NTriplesWriter(handle)
            summary = build(writer)
            handle.flush()
            os.fsync(handle.fileno())
        digest = _digest(temporary / DATA_FILE)
        folder = f"{name}-{digest[:12]}"
        target = root / folder
        if target.is_dir():
            shutil.rmtree(temporary)  # the same content is installed already
        else:
            os.replace(temporary, target)
        info = DatasetInfo(
            name=name, title=summary.title, version=summary.version, triples=writer.count,
            imported_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(), folder=folder,
            digest=digest, publisher=summary.publisher, license=summary.license,
            attribution=summary.attribution, url=summary.url, source=source, counts=dict(summary.counts),
            parameters=dict(summary.parameters), anomalies=summary.anomalies.as_list())
        _write_pointer(info)  # the moment the new dataset replaces the old one
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


def _write_pointer(info: DatasetInfo) -> None:
    from .atomic import write_atomic

    write_atomic(_pointer(info.name), json.dumps(info.as_dict(), ensure_ascii=False, indent=2) + "\n")


def remove(name: str) -> DatasetInfo:
    """Uninstall ``name``; :class:`~pmgraph.errors.UnknownName` (exit 4) if it is not installed."""
    info = _read_pointer(_pointer(name))
    if info is None:
        names = dataset_names()
        hint = f"installed: {', '.join(names)}" if names else "no dataset is installed"
        raise UnknownName(f"no dataset named {name!r} ({hint})", names)
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
