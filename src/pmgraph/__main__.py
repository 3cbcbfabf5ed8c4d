"""``python -m pmgraph`` runs the ``pmgraph`` command."""

from .cli import main

main(prog_name="pmgraph")
