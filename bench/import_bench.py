"""Benchmark: importing ESCO and O*NET, and answering commands over them, against raw loaders.

Everything runs in a fresh temporary data directory (``PMGRAPH_HOME``), never the user's.
Each pmgraph step is a separate ``pmgraph`` process, timed wall-clock, with its peak
memory (``ru_maxrss`` of that very process, from ``os.wait4``). Steps:

1. ``pmgraph import onet``, ``import esco``, ``import crosswalk`` on the shared data (each
   import also re-indexes the whole graph for the commands that follow; the JSON summary
   gives the two parts);
2. each command of the issue's targets (``path``, ``gap``, ``compare``, every example of
   every named query, and the same queries about imported occupations) and the other
   commands (``show``, ``search``, ``list``, ``stats``, ``connect``, ``render``), ``--repeat``
   times: the first run (a query's answer is then kept with the snapshot, so later runs
   read it) and the median. ``show CTO`` with no dataset installed is the bundled-only
   baseline: the fixed cost of starting pmgraph; "× bundled-only show" divides by it.

Baselines, measured in the same run on the dataset files pmgraph wrote:

* **oxigraph**: ``pyoxigraph.Store().bulk_load`` of the N-Triples into memory (the raw
  loader under pmgraph's store), and into a new on-disk store;
* **rdflib**: ``rdflib.Graph().parse(format="nt")`` of the same file (what loading the data
  into rdflib's own store costs; skipped with ``--no-rdflib``).

Run from the repository root:

    python bench/import_bench.py
    python bench/import_bench.py --repeat 5 --json bench/import-results.json
    python bench/import_bench.py --keep ~/pmgraph-data --skip-import   # commands only, data already there
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

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "data" / "external"
ESCO = EXTERNAL / "esco-1.1.1"
ONET = EXTERNAL / "onet-29.3"
CROSSWALK = EXTERNAL / "nesta-mcc-esco-onet-crosswalk" / "esco_onet_crosswalk_Nov2020.csv"

#: The commands timed once the data are imported: (label, arguments). Every example of
#: every named query is timed too (see :func:`named_query_commands`), with these extra
#: ones whose parameters are imported occupations and skills.
COMMANDS = [
    ("path O*NET", ["path", "15-1252.00", "11-3021.00"]),
    ("path ESCO (derived moves)", ["path", "2512.4", "2512.3"]),
    ("path Tech PM -> O*NET", ["path", "Tech PM", "11-3021.00"]),
    ("gap ESCO", ["gap", "2512.4", "1330.7"]),
    ("gap O*NET", ["gap", "15-1252.00", "11-3021.00"]),
    ("gap Tech PM -> ESCO", ["gap", "Tech PM", "1330.6"]),
    ("compare ESCO", ["compare", "2512.4", "1330.7"]),
    ("compare O*NET", ["compare", "15-1252.00", "11-3021.00"]),
    ("next ESCO", ["next", "2512.4"]),
    ("show CTO", ["show", "CTO"]),
    ("show ESCO occupation", ["show", "2512.4"]),
    ("search", ["search", "project manager"]),
    ("search (Japanese)", ["search", "クラウド"]),
    ("list role", ["list", "role"]),
    ("stats", ["stats", "--top", "3"]),
    ("connect", ["connect", "Tech PM", "15-1252.00"]),
    ("render --focus", ["render", "--focus", "Tech PM", "-o", "{tmp}/focus.html"]),
    ("query skills-of-role (ESCO)", ["query", "skills-of-role", "--param", "role=2512.4"]),
    ("query moves-from-role (O*NET)", ["query", "moves-from-role", "--param", "role=15-1252.00"]),
    ("query skill-gap (ESCO)", ["query", "skill-gap", "--param", "role=2512.4", "--param", "target=1330.7"]),
    ("query shared-by-roles (O*NET)", ["query", "shared-by-roles", "--param", "role=15-1252.00",
                                       "--param", "other=11-3021.00"]),
]


def named_query_commands() -> list[tuple[str, list[str]]]:
    """Every example in the named queries' headers, as (label, arguments)."""
    import shlex

    sys.path.insert(0, str(ROOT / "src"))
    from pmgraph.sparql import named_queries

    commands = []
    for name, query in sorted(named_queries().items()):
        for example in query.examples:
            args = shlex.split(example)[1:]  # without "pmgraph"
            commands.append((f"query {' '.join(args[1:])}", args))
    return commands


def run_measured(args: list[str], home: Path, timeout: float | None = None) -> tuple[float, float, str]:
    """Run ``pmgraph ARGS`` in a new process: (seconds, peak MiB of that process, stdout).

    A process still running after ``timeout`` seconds is killed: (inf, its peak MiB, "").
    """
    import threading

    env = dict(os.environ, PMGRAPH_HOME=str(home), PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pmgraph", *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer:
        timer.start()
    chunks = list(iter(lambda: process.stdout.read(65536), b""))
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if timer:
        timer.cancel()
        if os.WIFSIGNALED(status):
            return float("inf"), usage.ru_maxrss / 1024, ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"pmgraph {' '.join(args)} failed ({code}): {errors.decode()[:500]}")
    return seconds, usage.ru_maxrss / 1024, b"".join(chunks).decode()


def baseline(code: str) -> tuple[float, float]:
    """Run a Python snippet in a fresh process: (seconds it reports, peak MiB)."""
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    return float(output.decode().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def oxigraph_memory(path: Path) -> str:
    return (f"import time, pyoxigraph as ox\nt = time.perf_counter()\ns = ox.Store()\n"
            f"s.bulk_load(path={str(path)!r}, format=ox.RdfFormat.N_TRIPLES)\nprint(time.perf_counter() - t)")


def oxigraph_disk(path: Path, folder: Path) -> str:
    return (f"import time, pyoxigraph as ox\nt = time.perf_counter()\ns = ox.Store({str(folder)!r})\n"
            f"s.bulk_load(path={str(path)!r}, format=ox.RdfFormat.N_TRIPLES)\ns.flush()\n"
            f"print(time.perf_counter() - t)")


def rdflib_parse(path: Path) -> str:
    return (f"import time, rdflib\nt = time.perf_counter()\ng = rdflib.Graph()\n"
            f"g.parse({str(path)!r}, format='nt')\nprint(time.perf_counter() - t)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (median reported)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib parse baseline (about 30 s)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", type=Path, help="use (and keep) this data directory instead of a temporary one")
    parser.add_argument("--timeout", type=float, default=120,
                        help="stop a command after this many seconds (reported as '>N')")
    parser.add_argument("--skip-import", action="store_true",
                        help="with --keep: time the commands over the datasets already imported there")
    options = parser.parse_args()

    home = options.keep or Path(tempfile.mkdtemp(prefix="pmgraph-bench-"))
    results: dict = {"machine": {"cpus": os.cpu_count(), "load": os.getloadavg()}, "imports": {}, "baselines": {},
                     "commands": {}}
    try:
        empty = Path(tempfile.mkdtemp(prefix="pmgraph-bench-empty-"))
        times = [run_measured(["show", "CTO"], empty)[:2] for _ in range(options.repeat)]
        results["commands"]["show CTO (bundled only)"] = {
            "seconds": statistics.median(t for t, _ in times), "peak_mib": max(m for _, m in times)}

        imports = (("onet", ["import", "onet", str(ONET)]), ("esco", ["import", "esco", str(ESCO)]),
                   ("crosswalk", ["import", "crosswalk", str(CROSSWALK), "--esco", str(ESCO), "--onet", str(ONET)]))
        for name, args in () if options.skip_import else imports:
            seconds, peak, output = run_measured([*args, "--format", "json"], home)
            summary = json.loads(output)
            results["imports"][name] = {"wall_seconds": seconds, "import_seconds": summary["seconds"]["import"],
                                        "index_seconds": summary["seconds"]["index"], "peak_mib": peak,
                                        "triples": summary["triples"]}
            print(f"import {name}: {summary['triples']:,} triples, {seconds:.1f} s "
                  f"(import {summary['seconds']['import']} s + index {summary['seconds']['index']} s), "
                  f"peak {peak:.0f} MiB", flush=True)

        data = {name: next((home / "datasets").glob(f"{name}-*/data.nt")) for name in ("esco", "onet")}
        scratch = Path(tempfile.mkdtemp(prefix="pmgraph-bench-store-"))
        for name, path in () if options.skip_import else data.items():
            entry = {}
            entry["oxigraph_memory_seconds"], entry["oxigraph_memory_peak_mib"] = baseline(oxigraph_memory(path))
            entry["oxigraph_disk_seconds"], _ = baseline(oxigraph_disk(path, scratch / name))
            if not options.no_rdflib:
                entry["rdflib_seconds"], entry["rdflib_peak_mib"] = baseline(rdflib_parse(path))
            results["baselines"][name] = entry
            print(f"baselines {name}: " + ", ".join(f"{k} {v:.1f}" for k, v in entry.items()), flush=True)
        shutil.rmtree(scratch, ignore_errors=True)

        run_measured(["show", "CTO"], home)  # builds the snapshot if the bundled files changed since
        scratch = Path(tempfile.mkdtemp(prefix="pmgraph-bench-out-"))
        for label, args in COMMANDS + named_query_commands():
            args = [arg.replace("{tmp}", str(scratch)) for arg in args]
            times = [run_measured(args, home, options.timeout)[:2] for _ in range(options.repeat)]
            results["commands"][label] = {"seconds": statistics.median(t for t, _ in times),
                                          "first_seconds": times[0][0],
                                          "peak_mib": max(m for _, m in times), "args": args}
            print(f"{label}: {results['commands'][label]['seconds']:.2f} s", flush=True)
        shutil.rmtree(scratch, ignore_errors=True)
    finally:
        if options.keep is None:
            shutil.rmtree(home, ignore_errors=True)
    report(results, options.timeout)
    if options.json:
        for entry in results["commands"].values():
            for key in ("seconds", "first_seconds"):
                if entry.get(key) == float("inf"):
                    entry[key] = None
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def report(results: dict, timeout: float) -> None:
    print("\n| import | triples | wall s | import s | index s | peak MiB | oxigraph load s (memory / disk) | rdflib parse s | wall ÷ oxigraph disk | rdflib ÷ import |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, entry in results["imports"].items():
        base = results["baselines"].get(name, {})
        disk = base.get("oxigraph_disk_seconds")
        rdflib_s = base.get("rdflib_seconds")
        print(f"| {name} | {entry['triples']:,} | {entry['wall_seconds']:.1f} | {entry['import_seconds']:.1f} | "
              f"{entry['index_seconds']:.1f} | {entry['peak_mib']:.0f} | "
              + (f"{base['oxigraph_memory_seconds']:.1f} / {disk:.1f}" if disk else "–") + " | "
              + (f"{rdflib_s:.1f}" if rdflib_s else "–") + " | "
              + (f"{entry['wall_seconds'] / disk:.1f}" if disk else "–") + " | "
              + (f"{rdflib_s / entry['import_seconds']:.1f}" if rdflib_s else "–") + " |")
    fixed = results["commands"]["show CTO (bundled only)"]["seconds"]
    print("\n| command (ESCO + O*NET + crosswalk loaded) | first s | median s | × bundled-only show | peak MiB |")
    print("|---|---:|---:|---:|---:|")
    for label, entry in results["commands"].items():
        seconds, first = entry["seconds"], entry.get("first_seconds", entry["seconds"])
        shown = (f"{first:.2f} | {seconds:.2f} | {seconds / fixed:.1f}" if seconds != float("inf")
                 else f">{timeout:.0f} | >{timeout:.0f} | –")
        print(f"| `{label}` | {shown} | {entry['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
