#!/usr/bin/env python3
"""Runs every benchmark the project quotes, each beside its peer in the same run, and writes
docs/benchmark-report.md with the machine's description.

Usage: benchmarks/report.py [--quick] [--out docs/benchmark-report.md]
Needs: a release build (made here), pip's optuna and torch and GNU parallel for the peers.
"""
import argparse, datetime, os, platform, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def run(command, env=None, stdin=None):
    print("$ " + " ".join(command), file=sys.stderr, flush=True)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, input=stdin)
    if result.returncode != 0:
        return f"(failed with exit {result.returncode})\n" + result.stderr[-2000:]
    return result.stdout

def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    load = open("/proc/loadavg").read().split()[:3]
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return (f"- CPU: {model}, {os.cpu_count()} cores; memory {memory / 2**20:.1f} GiB\n"
            f"- {platform.system()} {platform.release()}; {swift}\n"
            f"- load average when the report started: {' '.join(load)}\n")

def side_by_side(infosweep, optuna):
    """Both outputs, then infosweep's end-to-end rate over Optuna's (when both ran)."""
    ours = re.search(r"median of \d+: (\d+) tasks/s end to end", infosweep)
    theirs = re.search(r"= ([\d.]+) points/s", optuna)
    ratio = f"infosweep/optuna: {float(ours[1]) / float(theirs[1]):.0f}x\n" if ours and theirs else ""
    return infosweep + optuna + ratio

def block(text):
    return "```\n" + text.strip() + "\n```\n"

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller peers")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmark-report.md"))
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "infosweep"], cwd=ROOT, check=True)
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip() + "/infosweep"
    runs = "1" if args.quick else "3"
    sections = [f"# infosweep benchmark report\n\nMade by `benchmarks/report.py` on "
                f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC. Every figure is beside its "
                f"peer measured in the same run; these machines are shared, so compare ratios, not raw times.\n",
                "## Machine\n\n" + machine()]

    coordinator = run([sys.executable, "benchmarks/coordinator_throughput.py", "--binary", binary, "--runs", runs])
    # The Optuna peer on the same 1,024-point grid (32 values x 32 seeds) with the same worker count.
    grid = [sys.executable, "benchmarks/coordinator_throughput.py", "--binary", binary, "--runs", "1",
            "--tasks", "1024", "--workers", "4"]
    optuna = [sys.executable, "benchmarks/optuna_peer.py", "--points", "1024", "--workers", "4"]
    small = side_by_side(run(grid), run(optuna))
    sections.append("## Coordinator: no-op sweep end to end, real SQLite, worker processes on loopback\n\n"
                    "10,000 tasks, 8 workers (target at least 10,000 tasks/s):\n\n" + block(coordinator)
                    + "\nThe same 1,024-point no-op grid (32 values x 32 seeds) with 4 workers, infosweep and Optuna "
                    "(SQLite storage, grid sampler) side by side:\n\n" + block(small))

    commands = run([sys.executable, "benchmarks/command_throughput.py", "--binary", binary, "--runs", runs])
    sections.append("## Command tasks end to end, beside xargs and GNU parallel\n\n1,000 runs of `/bin/echo` printing "
                    "its metrics line (no shell), 8 workers with `--allow-commands` against `xargs -P8` and "
                    "`parallel -j8` running the same argv (targets at least 500 tasks/s and 40% of xargs):\n\n"
                    + block(commands))

    load = run([sys.executable, "benchmarks/coordinator_throughput.py", "--binary", binary, "--runs", "1",
                "--tasks", "50000", "--workers", "64"])
    sections.append("## Load: 64 worker connections, 50,000 tasks\n\n" + block(load))

    engine = run(["bash", "benchmarks/run.sh", "2"] + (["4096,3", "8192,128"] if args.quick else []),
                 env=dict(os.environ))
    sections.append("## InfoNCE engine vs PyTorch CPU and the product peaks (2 threads)\n\nJSON lines from "
                    "`benchmarks/run.sh` (engine rows `what: infonce_step`, the kernels the CPU selects, then AVX2 "
                    "where that was AVX-512, then portable; peer rows `what: torch_infonce_step`; OpenBLAS's sgemm "
                    "and the engine's own tile product on 2048^3 before and after the shapes; the last rows are one "
                    "seed of the modality-gap setup: the engine's kernel copies in the same order, and the PyTorch "
                    "loop):\n\n" + block(engine)
                    + "\nSame-run pairs (`benchmarks/infonce_summary.py`):\n\n"
                    + run([sys.executable, "benchmarks/infonce_summary.py", "/dev/stdin"], stdin=engine))

    phase = run([sys.executable, "benchmarks/phase_query.py", "--binary", binary, "--runs", runs])
    sections.append("## `phase` over 1,000,000 results (target under 2 s) and streaming export\n\n" + block(phase))

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(sections))
    print(f"wrote {args.out}")

if __name__ == "__main__":
    main()
