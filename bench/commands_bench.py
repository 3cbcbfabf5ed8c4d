"""Wall time of whole-graph commands over the imported datasets, and of building the snapshot.

Run it with ``PMGRAPH_HOME`` pointing at a data directory where ESCO, O*NET and the crosswalk
are imported (``pmgraph import ...``). Each command runs as a user runs it (a new ``pmgraph``
process, warm snapshot) ``--runs`` times; the median is reported, with ``pmgraph show`` as
the baseline (the fixed cost of starting Python and opening the snapshot)::

    $ PMGRAPH_HOME=~/pmgraph-data python bench/commands_bench.py
    $ PMGRAPH_HOME=~/pmgraph-data python bench/commands_bench.py --runs 5 --build --json results.json

``--build`` also times ``Snapshot.build()`` of the installed datasets into a temporary copy of
the data directory (the datasets are linked, not copied), so the real snapshot is untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = [
    ["show", "Tech PM"],
    ["search", "project manager"],
    ["search", "クラウド"],
    ["search", "softwre developer"],
    ["stats", "--top", "3"],
    ["connect", "Tech PM", "15-1252.00"],
    ["render", "--focus", "Tech PM", "-o", "{out}/focus.html"],
    ["render", "--focus", "Tech PM", "--depth", "2", "-o", "{out}/focus2.html"],
    ["render", "--path", "senior engineer", "CTO", "-o", "{out}/path.html"],
    ["render", "-o", "{out}/all.html"],
    ["export", "--format", "csv", "-o", "{out}/all.csv"],
    ["list", "role"],
    ["list", "skill"],
]


def _pmgraph() -> str:
    found = shutil.which("pmgraph") or str(Path(sys.executable).with_name("pmgraph"))
    return found


def time_command(args: list[str], runs: int, out: str) -> tuple[float, int]:
    """Median wall seconds of ``pmgraph ARGS`` and its exit code."""
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([_pmgraph(), *(a.format(out=out) for a in args)], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        code = done.returncode
    return statistics.median(times), code


def time_build() -> float:
    """Seconds of ``Snapshot(installed()).build()`` into a temporary data directory."""
    from pmgraph.kb.datasets import data_dir

    home = data_dir()
    with tempfile.TemporaryDirectory() as temporary:
        os.symlink(home / "datasets", Path(temporary) / "datasets")
        script = ("import time; from pmgraph.kb.snapshot import Snapshot; from pmgraph.kb.datasets import installed; "
                  "s = Snapshot(installed()); t = time.perf_counter(); s.build(); print(time.perf_counter() - t)")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PMGRAPH_HOME": temporary})
        return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median reported)")
    parser.add_argument("--build", action="store_true", help="also time building the snapshot")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    options = parser.parse_args()
    if not os.environ.get("PMGRAPH_HOME"):
        parser.error("set PMGRAPH_HOME to a data directory with imported datasets")
    subprocess.run([_pmgraph(), "show", "Tech PM"], capture_output=True, check=True)  # builds the snapshot if needed
    results = []
    with tempfile.TemporaryDirectory() as out:
        for args in COMMANDS:
            seconds, code = time_command(args, options.runs, out)
            results.append({"command": "pmgraph " + " ".join(args).replace("{out}/", ""), "seconds": round(seconds, 2),
                            "exit": code})
            print(f"{seconds:7.2f} s  exit {code}  {results[-1]['command']}", flush=True)
    report = {"runs": options.runs, "commands": results}
    if options.build:
        report["build_seconds"] = round(time_build(), 1)
        print(f"{report['build_seconds']:7.1f} s  Snapshot(installed()).build()")
    if options.json:
        Path(options.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
