#!/usr/bin/env python3
"""No-op throughput with and without a dashboard being polled, in the same run.

Usage: benchmarks/dashboard_load.py [--tasks 10000] [--workers 8] [--rounds 3] [--binary PATH]
Each round runs the no-op sweep twice on a coordinator that serves its dashboard: once with nobody looking, and
once with a client that, every second, loads the home page, the sweeps document and the sweep's page (which
renders its heatmap), as a browser left open on the dashboard would (its script polls less often than this).
Prints each run and the medians; the peer is the same build unwatched.
"""
from bench_support import build, get, noop_sweep, run_workers, start_coordinator
import argparse, os, statistics, subprocess, tempfile, threading, time

def one_run(binary, tasks, workers, workdir, watched):
    db = os.path.join(workdir, "bench.sqlite")
    sweep, total = noop_sweep(workdir, tasks, extra="phase: {x: a, metric: value}\n")
    env = dict(os.environ, INFOSWEEP_LOG_LEVEL="warning")
    coordinator, address, web = start_coordinator(binary, db, workdir, "full", env, http=True)
    token = open(db + ".token").read().strip()
    stop, polls, failures = threading.Event(), [0], []
    def poll():
        while not stop.is_set():
            started = time.monotonic()
            try:
                for path in ["/", "/api/v1/sweeps", "/sweeps/bench"]:
                    get(web + path, token)
                polls[0] += 1
            except Exception as error:
                failures.append(error)
            stop.wait(max(0, 1 - (time.monotonic() - started)))
    try:
        subprocess.run([binary, "submit", sweep, "--coordinator", address], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        poller = threading.Thread(target=poll)
        if watched:
            poller.start()
        wall = run_workers(binary, address, env, [["--threads", "1"]] * workers)
        stop.set()
        if watched:
            poller.join()
        if failures:
            raise SystemExit(f"the dashboard failed: {failures[0]}")
        return total / wall, polls[0]
    finally:
        coordinator.terminate()
        coordinator.wait()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--binary")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or build(root)
    rates = {False: [], True: []}
    for round_number in range(args.rounds):
        for watched in (False, True):
            with tempfile.TemporaryDirectory() as workdir:
                rate, polls = one_run(binary, args.tasks, args.workers, workdir, watched)
            rates[watched].append(rate)
            label = f"watched ({polls} polls)" if watched else "unwatched"
            print(f"round {round_number + 1} {label}: {rate:.0f} tasks/s", flush=True)
    plain, watched = statistics.median(rates[False]), statistics.median(rates[True])
    print(f"medians of {args.rounds}: unwatched {plain:.0f} tasks/s, watched {watched:.0f} tasks/s "
          f"(ratio {watched / plain:.2f}; {args.workers} workers, {os.cpu_count()} cores)")

if __name__ == "__main__":
    main()
