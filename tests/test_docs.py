"""Documentation that cannot rot: every docstring example runs, every command has help with an example."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import click
import pytest

import pmgraph
from pmgraph.cli import main

MODULES = sorted(info.name for info in pkgutil.walk_packages(pmgraph.__path__, "pmgraph.")
                 if not info.name.endswith("__main__"))


def test_modules_were_found():
    assert len(MODULES) >= 12
    assert "pmgraph.model.resolve" in MODULES


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.slow
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def _commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


COMMANDS = list(_commands(main))


def test_commands_were_found():
    assert {"show", "list", "search", "stats", "validate"} <= {name for name, _ in COMMANDS}


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, command, run):
    assert command.help and len(command.help.strip()) > 20
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`pmgraph {name} --help` shows no example"
