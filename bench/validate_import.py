"""Benchmark: SHACL-validate whole imported datasets with pySHACL, with timings and peak memory.

``pmgraph validate --datasets`` checks a closed sample of each dataset (seconds); this script
checks every triple of the datasets installed in a data directory, the way
:func:`pmgraph.validate.validate` would, and says how long it took:

1. parse the vocabulary, the controlled values (``facts/schemes.ttl``) and the dataset's
   N-Triples into one rdflib graph (rdflib's own store, which pySHACL needs);
2. run :func:`pmgraph.validate.validate` on it (all shapes, no inference).

Each dataset is validated in its own child process, so that its peak memory (``ru_maxrss``
of that process, from ``os.wait4``) is its own. Run from the repository root, with the data
directory holding the imports (``pmgraph import ...``):

    PMGRAPH_HOME=~/pmgraph-data python bench/validate_import.py              # every dataset
    PMGRAPH_HOME=~/pmgraph-data python bench/validate_import.py onet --json results.json

Measured on the 2-core machine under load (average about 5), `/usr/bin/time -v`: ESCO v1.1.1,
1,152,819 triples with the vocabulary: parse 40 s, validate 1,396 s (505 s of CPU), peak 2.5 GB,
conforms with 6 warnings; O*NET 29.3 (with Tools Used), 904,770 triples: parse 66 s, validate
1,130 s (389 s of CPU), peak 1.9 GB, conforms with no result.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _child(name: str) -> None:
    """Validate one dataset in this process and print one JSON line of results."""
    from rdflib import Graph

    from pmgraph.kb.datasets import installed
    from pmgraph.validate import validate, vocabulary_graph

    [info] = [d for d in installed() if d.name == name]
    started = time.perf_counter()
    graph = Graph()
    graph += vocabulary_graph()
    graph.parse(info.data_file, format="nt")
    parsed = time.perf_counter()
    report = validate(graph)
    done = time.perf_counter()
    shapes: dict[str, int] = {}
    for result in report.violations:
        shapes[f"{result.severity} {result.shape}"] = shapes.get(f"{result.severity} {result.shape}", 0) + 1
    print(json.dumps({
        "dataset": name, "version": info.version, "triples": len(graph), "parse_s": round(parsed - started, 1),
        "validate_s": round(done - parsed, 1), "conforms": report.conforms,
        "violations": report.count("Violation"), "warnings": report.count("Warning"), "results_by_shape": shapes,
        "first_results": [v.as_dict() for v in report.violations[:5]]}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="*", help="dataset names (default: every installed dataset)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    from pmgraph.kb.datasets import data_dir, installed

    names = args.datasets or [d.name for d in installed()]
    if not names:
        print(f"no dataset installed in {data_dir()}: import one first (pmgraph import ...)", file=sys.stderr)
        return 2
    results = []
    for name in names:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, "--child", name], stdout=subprocess.PIPE, text=True,
                                 cwd=ROOT)
        out = child.stdout.read() if child.stdout else ""
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"{name}: validation failed (exit {os.waitstatus_to_exitcode(status)})", file=sys.stderr)
            return 1
        result = json.loads(out.strip().splitlines()[-1])
        result["wall_s"] = round(wall, 1)
        result["peak_rss_mb"] = round(usage.ru_maxrss / 1024)
        results.append(result)
        print(f"{name} {result['version']}: {result['triples']:,} triples; parse {result['parse_s']} s, "
              f"validate {result['validate_s']} s, wall {result['wall_s']} s, peak {result['peak_rss_mb']:,} MB; "
              f"{result['violations']} violations, {result['warnings']} warnings: "
              f"{'conforms' if result['conforms'] else 'does not conform'}", flush=True)
        for shape, count in sorted(result["results_by_shape"].items()):
            print(f"    {count:>7,}  {shape}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
