#!/usr/bin/env python3
"""`infosweep phase` and `infosweep export` over a store holding 1,000,000 results.

Usage: benchmarks/phase_query.py [--side 100] [--seeds 100] [--runs 3] [--binary PATH] [--keep DIR]
The store is made by `infosweep submit --db` (a 100 x 100 grid of a no-op experiment, 100 seeds), then its
results are written straight into the results table (the accepted-result format the coordinator writes),
so that the benchmark measures the query, not a million solver runs. The peer in the same run is SQLite
itself computing the same cell means with json_extract and GROUP BY.
"""
import argparse, os, random, resource, sqlite3, statistics, subprocess, tempfile, time

def build(root):
    subprocess.run(["swift", "build", "-c", "release", "--product", "infosweep"], cwd=root, check=True)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "infosweep")

def make_store(binary, workdir, side, seeds):
    db = os.path.join(workdir, "million.sqlite")
    sweep = os.path.join(workdir, "million.yaml")
    with open(sweep, "w") as f:
        f.write(f"name: million\nexperiment: noop\ngrid:\n  a: {{linspace: [0, 1], num: {side}}}\n"
                f"  b: {{logspace: [0.01, 1], num: {side}}}\nseeds: {seeds}\n")
    t0 = time.monotonic()
    subprocess.run([binary, "submit", sweep, "--db", db], check=True, stdout=subprocess.DEVNULL)
    submit = time.monotonic() - t0
    con = sqlite3.connect(db)
    rng = random.Random(0)
    t0 = time.monotonic()
    rows = con.execute("SELECT id, params FROM tasks").fetchall()
    attempts, results = [], []
    for attempt, (task, params) in enumerate(rows, start=1):
        value = rng.gauss(0, 1)
        attempts.append((attempt, task, "bench", "bench", 0.0, 1.0, "accepted", f'{{"value":{value}}}'))
        results.append((task, attempt, f'{{"value":{value},"degenerate":0}}', "bench", "cpu", 1, "bench",
                        0.0, 1.0, 1.0, 1000, 1.0))
    con.executemany("INSERT INTO attempts(id, task_id, worker, host, claimed_at, ended_at, outcome, metrics) "
                    "VALUES (?,?,?,?,?,?,?,?)", attempts)
    con.executemany("INSERT INTO results(task_id, attempt_id, metrics, host, cpu_model, threads, version, "
                    "started_at, ended_at, wall_seconds, peak_rss_bytes, accepted_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", results)
    con.execute("UPDATE tasks SET state = 'done'")
    con.commit()
    con.close()
    return db, submit, time.monotonic() - t0, len(rows)

def timed(command, runs):
    times, peak = [], 0
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.monotonic() - t0)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return statistics.median(times), peak

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary")
    parser.add_argument("--keep")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or build(root)
    workdir = args.keep or tempfile.mkdtemp()
    os.makedirs(workdir, exist_ok=True)
    db, submit, fill, count = make_store(binary, workdir, args.side, args.seeds)
    print(f"store: {count} results ({args.side}x{args.side} grid, {args.seeds} seeds); submit {submit:.1f} s, "
          f"filling results {fill:.1f} s", flush=True)
    for fmt in ["csv", "json", "table", "svg"]:
        seconds, _ = timed([binary, "phase", "million", "--x", "a", "--y", "b", "--metric", "value",
                            "--db", db, "--format", fmt], args.runs)
        print(f"phase --format {fmt}: {seconds:.2f} s (median of {args.runs})", flush=True)
    seconds, _ = timed([binary, "phase", "million", "--x", "b", "--metric", "value", "--stat", "mean",
                        "--db", db, "--format", "csv"], args.runs)
    print(f"phase one axis (mean): {seconds:.2f} s", flush=True)
    t0 = time.monotonic()
    export = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "export", "million", "--db", db,
                             "--format", "csv", "--out", os.path.join(workdir, "million.csv")],
                            check=True, capture_output=True, text=True)
    print(f"export csv: {time.monotonic() - t0:.2f} s, peak RSS {int(export.stderr.strip().splitlines()[-1]) / 1024:.0f} MiB "
          f"for {os.path.getsize(os.path.join(workdir, 'million.csv')) / 2**20:.0f} MiB of CSV", flush=True)
    con = sqlite3.connect(db)
    t0 = time.monotonic()
    cells = con.execute("SELECT json_extract(t.params, '$.a'), json_extract(t.params, '$.b'), "
                        "avg(json_extract(r.metrics, '$.value')), count(*) FROM tasks t JOIN results r "
                        "ON r.task_id = t.id GROUP BY 1, 2").fetchall()
    print(f"peer, same run: SQLite json_extract + GROUP BY (means only, no CI or medians): "
          f"{time.monotonic() - t0:.2f} s for {len(cells)} cells", flush=True)

if __name__ == "__main__":
    main()
