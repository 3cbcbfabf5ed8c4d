"""The speed targets of "one knowledge base, one engine", as ratios measured in one run.

Every command is a new ``pmgraph`` process, as a user runs it; its wall time is compared with
``python -c "import networkx"`` in the same virtualenv (the baseline: a Python process that
does the least a career query must do), run interleaved with the commands so that a noisy
machine slows both alike. The median of ``--runs`` runs is reported, with the ratio.

    $ python bench/engine_bench.py                       # the bundled ontology alone
    $ python bench/engine_bench.py --home ~/pmgraph-data  # + ESCO, O*NET and the crosswalk imported there
    $ python bench/engine_bench.py --json results.json --runs 7

Sections:

* ``bundled``: show, path, gap, compare, next, search, list, stats and every named query's
  first example, on the bundled ontology (target: each <= 1.3x), and the first call after a
  new pmgraph version (the cache emptied: the bundled store is built once; target < 2 s);
* ``datasets`` (with ``--home``): the same commands over imported occupations (target <= 1.5x);
  a new ``--data`` file of a few hundred triples: its first command against the same command
  without it (target: <= 2 s more);
* ``import`` (with ``--esco DIR``): ``pmgraph import esco`` against the raw Oxigraph bulk load
  of the same N-Triples into a store on disk (target <= 3x; the median of ``--import-runs``),
  with its peak memory summed over its processes (<= 2 GiB);
* ``import_crosswalk`` (with ``--home`` and ``--crosswalk CSV``): ``pmgraph import crosswalk``
  over the ESCO and O*NET imported there, in a hard-linked copy of the data folder without
  the crosswalk's layer (target <= 5 s; one layer built).
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

BASELINE = [sys.executable, "-c", "import networkx"]

BUNDLED = [
    ["show", "CTO"],
    ["path", "senior engineer", "CTO"],
    ["gap", "senior engineer", "Tech PM"],
    ["compare", "Tech PM", "TPM"],
    ["next", "Tech PM"],
    ["search", "cloud"],
    ["list", "role"],
    ["stats", "--top", "3"],
]
DATASETS = [
    ["path", "15-1252.00", "11-3021.00"],
    ["gap", "2512.4", "1330.7"],
    ["compare", "2512.4", "1330.7"],
    ["next", "2512.4"],
    ["show", "2512.4"],
    ["show", "15-1252.00"],  # a long page: 533 items (skills, tools, moves) of an O*NET occupation
    ["query", "skill-gap", "-p", "role=2512.4", "-p", "target=1330.7"],
]


def _pmgraph() -> str:
    return shutil.which("pmgraph") or str(Path(sys.executable).with_name("pmgraph"))


def _named_query_examples() -> list[list[str]]:
    """Each named query with its first documented example's parameters."""
    from pmgraph.sparql import named_queries

    import shlex

    commands = []
    for name, query in sorted(named_queries().items()):
        words = shlex.split(query.examples[0])  # e.g. pmgraph query skills-of-role -p role="Tech PM"
        commands.append(words[words.index("query"):] if "query" in words else ["query", name])
    return commands


def _run(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak resident memory (KiB) of one process, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # this process's own peak (getrusage's: any child's so far)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, process.returncode, usage.ru_maxrss


def measure(commands: list[list[str]], env: dict[str, str], runs: int) -> list[dict]:
    """Median wall time of each command and of the baseline, run interleaved."""
    rows = []
    for args in commands:
        mine, base = [], []
        code = 0
        for _ in range(runs):
            base.append(_run(BASELINE, env)[0])
            wall, code, _ = _run([_pmgraph(), *args], env)
            mine.append(wall)
        median, baseline = statistics.median(mine), statistics.median(base)
        rows.append({"command": " ".join(args), "seconds": round(median, 3), "baseline": round(baseline, 3),
                     "ratio": round(median / baseline, 2), "exit": code})
        print(f"{rows[-1]['ratio']:5.2f}x  {median:6.3f} s  (baseline {baseline:.3f} s)  exit {code}  pmgraph {rows[-1]['command']}",
              flush=True)
    return rows


def first_call(env: dict[str, str]) -> dict:
    """The first command after a new pmgraph version: an empty cache, the bundled store built once."""
    with tempfile.TemporaryDirectory() as cache:
        fresh = {**env, "PMGRAPH_CACHE": cache}
        wall, code, _ = _run([_pmgraph(), "show", "CTO"], fresh)
    print(f"first call (bundled store built): {wall:.2f} s, exit {code}", flush=True)
    return {"command": "show CTO (empty cache)", "seconds": round(wall, 3), "exit": code}


def data_overlay(env: dict[str, str], runs: int) -> dict:
    """A new --data file of a few hundred triples: its first command, against the command without it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ladder.ttl"
        lines = [f"# bench run {time.time_ns()}: new bytes, so the command really is the first with this file",
                 "@prefix pmo: <https://w3id.org/pmgraph/ontology#> .",
                 "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
                 "@prefix ex: <https://example.org/ladder/> ."]
        for number in range(100):
            lines.append(f'ex:r{number} a pmo:Role ; skos:prefLabel "Bench role {number}"@en ; '
                         f'skos:altLabel "bench {number}"@en .')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        without = statistics.median(_run([_pmgraph(), "show", "2512.4"], env)[0] for _ in range(runs))
        with_data, code, _ = _run([_pmgraph(), "--data", str(path), "show", "2512.4"], env)
    extra = with_data - without
    print(f"--data (300 triples), first command: {with_data:.2f} s, {extra:+.2f} s against {without:.2f} s, exit {code}",
          flush=True)
    return {"seconds": round(with_data, 3), "without": round(without, 3), "extra": round(extra, 3), "exit": code}


def _tree_pss(pid: int) -> int:
    """The summed proportional set size (KiB) of process ``pid`` and its descendants (Linux):
    a build's forked child shares the parent's pages, which PSS counts once between them."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    pending += [int(child) for child in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _import_once(esco: Path, env: dict[str, str], memory: bool = False) -> dict:
    """One ``pmgraph import esco`` into an empty data folder: timed against the raw bulk load of
    its triples, or (``memory``) sampled for its peak memory instead."""
    with tempfile.TemporaryDirectory() as home:
        fresh = {**env, "PMGRAPH_HOME": home, "PMGRAPH_CACHE": str(Path(home) / "cache")}
        start = time.perf_counter()
        process = subprocess.Popen([_pmgraph(), "--quiet", "import", "esco", str(esco), "--quiet"], env=fresh,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        summed = 0
        while True:  # reaped here, for the import's own peak RSS (getrusage's would be any child's so far)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if memory else 0)
            if pid:
                break
            summed = max(summed, _tree_pss(process.pid))  # reading smaps costs CPU: not in a timed run
            time.sleep(0.1)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if memory:
            peak = max(summed, usage.ru_maxrss)
            print(f"import esco, memory: peak {peak / 1024:.0f} MiB summed over its processes; "
                  f"exit {process.returncode}", flush=True)
            return {"peak_mib": round(peak / 1024), "exit": process.returncode}
        data = next(Path(home, "datasets").glob("esco-*/data.nt"))
        raw = subprocess.run([sys.executable, "-c", (
            "import pyoxigraph, sys, time; s = time.perf_counter(); "
            "store = pyoxigraph.Store(sys.argv[2]); store.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES); "
            "store.flush(); print(time.perf_counter() - s)"), str(data), str(Path(home) / "raw")],
            capture_output=True, text=True, check=True)
        bulk = float(raw.stdout.strip())
    print(f"import esco: {wall:.1f} s, raw Oxigraph bulk load {bulk:.1f} s: {wall / bulk:.2f}x; "
          f"exit {process.returncode}", flush=True)
    return {"seconds": round(wall, 1), "raw_bulk_load": round(bulk, 1), "ratio": round(wall / bulk, 2),
            "exit": process.returncode}


def import_esco(esco: Path, env: dict[str, str], runs: int) -> dict:
    """``pmgraph import esco`` into an empty data folder against the raw Oxigraph bulk load of the
    same triples, measured in turn ``runs`` times (the median ratio is reported); then once more
    for its peak memory: the summed PSS of the import and the child its build forks, sampled
    every 0.1 s (at least the import's own peak RSS), in a run of its own since
    reading /proc/PID/smaps_rollup of a large process takes CPU from the import."""
    each = [_import_once(esco, env) for _ in range(runs)]
    ratio = statistics.median(run["ratio"] for run in each)
    memory = _import_once(esco, env, memory=True)
    print(f"import esco, median of {runs}: {ratio:.2f}x; peak {memory['peak_mib']} MiB", flush=True)
    return {"ratio": ratio, "peak_mib": memory["peak_mib"], "runs": each}


def _compile_pmgraph(env: dict[str, str]) -> None:
    """Compile pmgraph's modules once, as installing it does: a source checkout run with
    ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module on every command, which the
    baseline (networkx, compiled when installed) never pays."""
    done = subprocess.run([sys.executable, "-c", "import pathlib, pmgraph; print(pathlib.Path(pmgraph.__file__).parent)"],
                          capture_output=True, text=True, env=env, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", done.stdout.strip()],
                   env={key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"},
                   capture_output=True, check=False)


def import_crosswalk(home: Path, crosswalk: Path, env: dict[str, str]) -> dict:
    """``pmgraph import crosswalk`` over the ESCO and O*NET imported in ``home``: in a copy of it
    (hard links, nothing of ``home`` is written) without the crosswalk's layer, so that the
    import builds that layer and, if the layers are right, nothing else."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "home"
        shutil.copytree(home, copy, copy_function=os.link)
        for manifest in (copy / "cache").glob("*/manifest.json"):
            if json.loads(manifest.read_text(encoding="utf-8")).get("layer") == "dataset crosswalk":
                shutil.rmtree(manifest.parent)
        sources = {name: json.loads((copy / "datasets" / f"{name}.json").read_text(encoding="utf-8"))["source"]
                   for name in ("esco", "onet")}
        fresh = {**env, "PMGRAPH_HOME": str(copy), "PMGRAPH_CACHE": str(copy / "cache")}
        layers = set((copy / "cache").iterdir())
        wall, code, peak = _run([_pmgraph(), "import", "crosswalk", str(crosswalk), "--esco", sources["esco"],
                                 "--onet", sources["onet"], "--quiet"], fresh)
        built = len(set((copy / "cache").iterdir()) - layers)
    print(f"import crosswalk over ESCO + O*NET: {wall:.1f} s, {built} layer(s) built, peak {peak / 1024:.0f} MiB; "
          f"exit {code}", flush=True)
    return {"seconds": round(wall, 2), "layers_built": built, "peak_mib": round(peak / 1024), "exit": code}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, help="a PMGRAPH_HOME with ESCO, O*NET and the crosswalk imported")
    parser.add_argument("--esco", type=Path, help="the ESCO CSV folder, to time `pmgraph import esco`")
    parser.add_argument("--crosswalk", type=Path, help="the crosswalk CSV, to time `pmgraph import crosswalk` "
                                                       "over the ESCO and O*NET of --home (in a hard-linked copy)")
    parser.add_argument("--import-runs", type=int, default=3, help="how many times to import ESCO (default 3)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--skip-bundled", action="store_true", help="measure only the sections over --home / --esco")
    options = parser.parse_args()
    env = dict(os.environ)
    _compile_pmgraph(env)
    results: dict = {}
    if not options.skip_bundled:
        with tempfile.TemporaryDirectory() as empty:
            bundled_env = {**env, "PMGRAPH_HOME": empty}
            bundled_env.setdefault("PMGRAPH_CACHE", str(Path(empty) / "cache"))
            subprocess.run([_pmgraph(), "show", "CTO"], env=bundled_env, capture_output=True, check=False)  # warm
            print("== bundled ontology", flush=True)
            results["bundled"] = measure(BUNDLED + _named_query_examples(), bundled_env, options.runs)
            results["first_call"] = first_call(bundled_env)
    if options.home:
        home_env = {**env, "PMGRAPH_HOME": str(options.home)}
        subprocess.run([_pmgraph(), "show", "CTO"], env=home_env, capture_output=True, check=False)  # warm
        print("== with the imported datasets", flush=True)
        results["datasets"] = measure(DATASETS, home_env, options.runs)
        results["data_overlay"] = data_overlay(home_env, options.runs)
        if options.crosswalk:
            results["import_crosswalk"] = import_crosswalk(options.home, options.crosswalk, env)
    if options.esco:
        results["import"] = import_esco(options.esco, env, options.import_runs)
    if options.json:
        options.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
