#!/usr/bin/env python3
"""Command-task throughput end to end: a sweep of a trivial command (argv, no shell) that prints its metrics
line, N worker processes with --allow-commands on loopback, real SQLite; beside it, in the same run, the same
command run as many times by `xargs -P N` and GNU `parallel -j N`.

Usage: benchmarks/command_throughput.py [--tasks 1000] [--workers 8] [--runs 3] [--durability full]
                                       [--task-folders DIR]
Builds infosweep in release mode unless --binary is given. Needs GNU parallel (Debian package `parallel`).
Prints one line per run and the medians. infosweep's time is from the start of `infosweep submit` to the
last accepted result (worker start-up included); a peer's is the whole of its process.
"""
from bench_support import build, start_coordinator
import argparse, json, os, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

# The command every task runs, and every peer: it prints the metrics line itself, without a shell.
PROGRAM = "/bin/echo"
METRICS_LINE = 'INFOSWEEP_METRICS {"x": 1}'

def yaml_quoted(text):
    return "'" + text.replace("'", "''") + "'"

def infosweep_run(binary, tasks, workers, durability, workdir, folders):
    db = os.path.join(workdir, "bench.sqlite")
    sweep = os.path.join(workdir, "bench.yaml")
    # Braces are doubled in argv templates ({{ and }} stand for literal braces).
    argument = METRICS_LINE.replace("{", "{{").replace("}", "}}")
    with open(sweep, "w") as f:
        f.write(f"name: command-bench\ncommand:\n  argv: [{PROGRAM}, {yaml_quoted(argument)}]\n"
                f"grid: {{a: {{linspace: [0, 1], num: {tasks}}}}}\nseeds: 1\n")
    env = dict(os.environ, INFOSWEEP_LOG_LEVEL="warning")
    coordinator, address = start_coordinator(binary, db, workdir, durability, env)
    try:
        start = time.time()
        subprocess.run([binary, "submit", sweep, "--coordinator", address], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        submitted = time.time()
        stats = [os.path.join(workdir, f"w{i}.json") for i in range(workers)]
        procs = [subprocess.Popen([binary, "worker", "--coordinator", address, "--exit-when-idle",
                                   "--allow-commands", "--work-dir", folders, "--stats-file", s], env=env)
                 for s in stats]
        for p in procs:
            if p.wait() != 0:
                raise SystemExit("a worker failed")
        exited = time.time()
        ran = sum(json.load(open(s))["ran"] for s in stats)
        con = sqlite3.connect(db)
        expected, done, last_accept = con.execute(
            "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM results), "
            "(SELECT max(accepted_at) FROM results)").fetchone()
        accepted_twice, not_accepted = con.execute(
            "SELECT (SELECT count(*) FROM (SELECT task_id FROM attempts WHERE outcome = 'accepted' "
            "GROUP BY task_id HAVING count(*) > 1)), (SELECT count(*) FROM attempts WHERE outcome != 'accepted')"
        ).fetchone()
        wrong = con.execute("SELECT count(*) FROM results WHERE json_extract(metrics, '$.x') IS NOT 1"
                            ).fetchone()[0]
        con.close()
        if expected != tasks or done != tasks or accepted_twice or wrong:
            raise SystemExit(f"integrity: {expected} tasks, {done} results, {accepted_twice} tasks accepted "
                             f"twice, {wrong} results without x = 1")
        seconds = last_accept - start
        return {"tasks": done, "seconds": seconds, "per_s": done / seconds, "submit_s": submitted - start,
                "workers_exit_s": exited - start, "ran": ran, "other_attempts": not_accepted}
    finally:
        coordinator.terminate()
        coordinator.wait()

def peer_run(command, tasks, workdir, name):
    """Runs a peer over `tasks` input lines; checks that it printed the metrics line once per task."""
    output = os.path.join(workdir, f"{name}.out")
    with open(output, "w") as out:
        start = time.monotonic()
        feed = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out, text=True)
        feed.communicate("".join(f"{i}\n" for i in range(tasks)))
        seconds = time.monotonic() - start
    if feed.returncode != 0:
        raise SystemExit(f"{name} failed with exit {feed.returncode}")
    lines = open(output).read().splitlines()
    if len(lines) != tasks or any(line != METRICS_LINE for line in lines):
        raise SystemExit(f"integrity: {name} printed {len(lines)} lines for {tasks} runs")
    return {"tasks": tasks, "seconds": seconds, "per_s": tasks / seconds}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--durability", default="full", choices=["full", "normal"])
    parser.add_argument("--binary")
    parser.add_argument("--task-folders", help="where workers keep the tasks' folders (default: a "
                        "temporary directory in TMPDIR)")
    args = parser.parse_args()
    if not shutil.which("parallel"):
        raise SystemExit("GNU parallel is needed: apt-get install parallel")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or build(root)
    n = str(args.workers)
    # The same argv, once per input line; -I/-N0 keep the line itself out of the command's arguments.
    peers = {
        f"xargs -P{n}": ["xargs", "-P", n, "-I", "%", PROGRAM, METRICS_LINE],
        f"parallel -j{n}": ["parallel", "--will-cite", "-j", n, "-N0", "-q", PROGRAM, METRICS_LINE],
    }
    results = []
    # Every run's task folders are kept to the end: deleting thousands of files just before the next run makes
    # ext4 slow to create files for a while (it skips inodes freed recently), which would slow the later runs.
    with tempfile.TemporaryDirectory(dir=args.task_folders) as kept:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as workdir:
                folders = os.path.join(kept, f"run{run + 1}")
                r = {"infosweep": infosweep_run(binary, args.tasks, args.workers, args.durability, workdir, folders)}
                for name, command in peers.items():
                    r[name] = peer_run(command, args.tasks, workdir, name.split()[0])
            results.append(r)
            i, x, p = r["infosweep"], r[f"xargs -P{n}"], r[f"parallel -j{n}"]
            retried = f", {i['other_attempts']} attempts not accepted" if i["other_attempts"] else ""
            print(f"run {run + 1}: infosweep {i['per_s']:.0f} tasks/s ({i['tasks']} in {i['seconds']:.2f} s, submit "
                  f"{i['submit_s']:.2f} s{retried}); xargs -P{n} {x['per_s']:.0f}/s ({x['seconds']:.2f} s); "
                  f"parallel -j{n} {p['per_s']:.0f}/s ({p['seconds']:.2f} s)", flush=True)
    med = lambda who: statistics.median(r[who]["per_s"] for r in results)
    ratio = statistics.median(r["infosweep"]["per_s"] / r[f"xargs -P{n}"]["per_s"] for r in results)
    print(f"median of {args.runs}: infosweep {med('infosweep'):.0f} tasks/s, xargs -P{n} {med(f'xargs -P{n}'):.0f}/s, "
          f"parallel -j{n} {med(f'parallel -j{n}'):.0f}/s")
    print(f"infosweep/xargs {ratio:.2f} (median of the runs' ratios), infosweep/parallel "
          f"{med('infosweep') / med(f'parallel -j{n}'):.2f}; {args.workers} workers, durability "
          f"{args.durability}, {os.cpu_count()} cores")
    print(f"targets: at least 500 tasks/s {'met' if med('infosweep') >= 500 else 'missed'}, at least 40% of "
          f"xargs -P{n} {'met' if ratio >= 0.4 else 'missed'}")

if __name__ == "__main__":
    main()
