#!/usr/bin/env python3
"""The phase endpoint of the HTTP API against `infosweep phase --db` over a store of 1,000,000 results.

Usage: benchmarks/phase_endpoint.py [--side 100] [--seeds 100] [--runs 5] [--binary PATH]
The store is made as benchmarks/phase_query.py makes it; a coordinator serves it with --http-listen. The CLI
and the endpoint compute the same 100 x 100 cells (JSON), alternated; prints the medians and their ratio.
"""
from bench_support import build, get, start_coordinator
from phase_query import make_store
import argparse, os, statistics, subprocess, tempfile, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or build(root)
    with tempfile.TemporaryDirectory() as workdir:
        db, _, _, count = make_store(binary, workdir, args.side, args.seeds)
        coordinator, _, web = start_coordinator(binary, db, workdir, "full", dict(os.environ), http=True)
        token = open(db + ".token").read().strip()
        try:
            url = web + "/api/v1/sweeps/million/phase?x=a&y=b&metric=value&format=json"
            command = [binary, "phase", "million", "--x", "a", "--y", "b", "--metric", "value", "--db", db,
                       "--format", "json"]
            cli, endpoint = [], []
            for _ in range(args.runs):
                t0 = time.monotonic()
                by_cli = subprocess.run(command, check=True, capture_output=True).stdout
                cli.append(time.monotonic() - t0)
                t0 = time.monotonic()
                by_endpoint = get(url, token)
                endpoint.append(time.monotonic() - t0)
                if by_cli.strip() != by_endpoint.strip():
                    raise SystemExit("the endpoint and the CLI gave different cells")
        finally:
            coordinator.terminate()
            coordinator.wait()
    c, e = statistics.median(cli), statistics.median(endpoint)
    print(f"{count} results: phase --db {c:.2f} s, GET .../phase {e:.2f} s (medians of {args.runs}; "
          f"endpoint/CLI {e / c:.2f})")

if __name__ == "__main__":
    main()
