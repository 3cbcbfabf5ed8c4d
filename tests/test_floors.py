"""The dependency floors of pyproject.toml are the versions .ci/run tests in its second venv.

``tests/constraints-floor.txt`` pins each runtime dependency to the lowest version that
pyproject.toml allows; .ci/run installs pmgraph with those pins and runs the fast tests, so a
floor that no longer works fails CI. This test keeps the two files in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
tomllib = pytest.importorskip("tomllib", reason="tomllib comes with Python 3.11")


def _floors() -> dict[str, str]:
    """``{name: lowest version}`` from pyproject.toml's ``dependencies`` (each ``name>=version``,
    perhaps for older Pythons only: ``; python_version < "3.11"``)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r'([A-Za-z0-9_.-]+)>=([0-9.]+)(; python_version < "3\.[0-9]+")?', requirement)
        assert match, f"pyproject.toml: {requirement!r} is not NAME>=VERSION"
        floors[match.group(1).lower()] = match.group(2)
    return floors


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "tests" / "constraints-floor.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def _release(version: str) -> tuple[int, ...]:
    """``"3.4"`` and ``"3.4.0"`` are the same release: (3, 4)."""
    parts = [int(part) for part in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_every_dependency_is_pinned_at_its_floor():
    floors, pins = _floors(), _pins()
    assert len(floors) == 10
    assert sorted(pins) == sorted(floors)
    assert {name: _release(version) for name, version in pins.items()} == {
        name: _release(version) for name, version in floors.items()}
