"""The README shows real commands with their real output, and this test keeps it so.

Every fenced ``console`` block in README.md and docs/*.md that starts with ``$ pmgraph ...``
is run in-process; its output must equal what the block shows. After changing the ontology
or the output format, regenerate the blocks with::

    PMGRAPH_UPDATE_DOCS=1 python -m pytest tests/test_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n\$ (pmgraph [^\n]*)\n(.*?)```", re.S)
UPDATE = os.environ.get("PMGRAPH_UPDATE_DOCS") == "1"


def _examples():
    for doc in DOCS:
        for match in BLOCK.finditer(doc.read_text(encoding="utf-8")):
            # `pmgraph validate` runs SHACL over the whole bundled graph: seconds, so marked slow
            slow = [pytest.mark.slow] if match.group(1).startswith("pmgraph validate") else []
            yield pytest.param(doc, match.group(1), match.group(2), id=f"{doc.name}: {match.group(1)}", marks=slow)


EXAMPLES = list(_examples())


def _run(command: str) -> str:
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    output = result.stdout + result.stderr
    return output if output.endswith("\n") or not output else output + "\n"


def test_readme_has_examples():
    assert sum(1 for example in EXAMPLES if example.values[0].name == "README.md") >= 4


@pytest.mark.parametrize(("doc", "command", "shown"), EXAMPLES)
def test_example_output_is_real(doc, command, shown):
    actual = _run(command)
    if UPDATE and actual != shown:
        text = doc.read_text(encoding="utf-8")
        doc.write_text(text.replace(f"```console\n$ {command}\n{shown}```", f"```console\n$ {command}\n{actual}```", 1),
                       encoding="utf-8")
        return
    assert actual == shown
