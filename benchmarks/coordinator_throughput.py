#!/usr/bin/env python3
"""End-to-end coordinator throughput: a no-op sweep, N worker processes on loopback, real SQLite.

Usage: benchmarks/coordinator_throughput.py [--tasks 10000] [--workers 8] [--runs 3] [--durability full]
Builds infosweep in release mode unless --binary is given. Prints one line per run and the medians.
"""
from bench_support import build, noop_sweep, run_workers, start_coordinator
import argparse, json, os, sqlite3, statistics, subprocess, sys, tempfile, time

def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))
    return values[index]

def one_run(binary, tasks, workers, durability, workdir, worker_args=()):
    db = os.path.join(workdir, "bench.sqlite")
    sweep, total = noop_sweep(workdir, tasks)
    env = dict(os.environ, INFOSWEEP_LOG_LEVEL="warning")
    coordinator, address = start_coordinator(binary, db, workdir, durability, env)
    try:
        t0 = time.monotonic()
        subprocess.run([binary, "submit", sweep, "--coordinator", address], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        submit_seconds = time.monotonic() - t0
        stats = [os.path.join(workdir, f"w{i}.json") for i in range(workers)]
        wall = run_workers(binary, address, env, [["--stats-file", s, *worker_args] for s in stats])
        latencies, ran = [], 0
        for s in stats:
            summary = json.load(open(s))
            latencies += summary["claimLatencies"]
            ran += summary["ran"]
        con = sqlite3.connect(db)
        first_claim, last_accept = con.execute(
            "SELECT (SELECT min(claimed_at) FROM attempts), (SELECT max(accepted_at) FROM results)").fetchone()
        done, accepted_twice = con.execute(
            "SELECT (SELECT count(*) FROM results), (SELECT count(*) FROM (SELECT task_id FROM attempts "
            "WHERE outcome = 'accepted' GROUP BY task_id HAVING count(*) > 1))").fetchone()
        con.close()
        with open(f"/proc/{coordinator.pid}/status") as status:
            peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        if done != total or accepted_twice:
            raise SystemExit(f"integrity: {done} results, {accepted_twice} tasks accepted twice")
        return {
            "tasks": done, "wall_s": wall, "end_to_end_per_s": done / wall,
            "serving_per_s": done / max(1e-9, last_accept - first_claim),
            "claim_p50_ms": percentile(latencies, 0.5) * 1000, "claim_p99_ms": percentile(latencies, 0.99) * 1000,
            "claims": len(latencies), "submit_s": submit_seconds, "coordinator_peak_mib": peak_kib / 1024,
            "lost_or_duplicate": (total - done) + accepted_twice,
        }
    finally:
        coordinator.terminate()
        coordinator.wait()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--durability", default="full", choices=["full", "normal"])
    parser.add_argument("--binary")
    parser.add_argument("--worker-arg", action="append", default=[],
                        help="an option passed to every worker, e.g. --worker-arg=--threads --worker-arg=1")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or build(root)
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as workdir:
            r = one_run(binary, args.tasks, args.workers, args.durability, workdir, args.worker_arg)
        results.append(r)
        print(f"run {run + 1}: {r['tasks']} tasks in {r['wall_s']:.2f} s = {r['end_to_end_per_s']:.0f} tasks/s "
              f"end to end ({r['serving_per_s']:.0f}/s first claim to last accept), claim p50 "
              f"{r['claim_p50_ms']:.2f} ms p99 {r['claim_p99_ms']:.2f} ms over {r['claims']} claims; "
              f"submit {r['submit_s']:.2f} s; coordinator peak RSS {r['coordinator_peak_mib']:.0f} MiB; "
              f"lost or duplicate accepted results: {r['lost_or_duplicate']}", flush=True)
    med = lambda key: statistics.median(r[key] for r in results)
    print(f"median of {args.runs}: {med('end_to_end_per_s'):.0f} tasks/s end to end, "
          f"{med('serving_per_s'):.0f} tasks/s serving, claim p99 {med('claim_p99_ms'):.2f} ms "
          f"({args.workers} workers, durability {args.durability}, {os.cpu_count()} cores)")

if __name__ == "__main__":
    main()
