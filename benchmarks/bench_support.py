"""What the coordinator benchmarks share: a release build of infosweep, and a coordinator on a loopback port."""
import os, subprocess, time, urllib.request

def build(root):
    """Builds infosweep in release mode under `root`; the path of the binary."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "infosweep"], cwd=root, check=True)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "infosweep")

def start_coordinator(binary, db, workdir, durability, env, http=False):
    """A coordinator on a free loopback port over `db`, and its address once it listens. No token is given: the
    coordinator keeps one beside its database, and the CLI finds it there for local use. With `http`, it serves
    its dashboard and HTTP API too, and the address is followed by the HTTP base URL."""
    port_file = os.path.join(workdir, "port")
    http_file = os.path.join(workdir, "http-port")
    extra = ["--http-listen", "127.0.0.1:0", "--http-port-file", http_file] if http else []
    coordinator = subprocess.Popen([binary, "coordinator", "--db", db, "--listen", "127.0.0.1:0",
                                    "--port-file", port_file, "--durability", durability, *extra],
                                   env=env, stderr=subprocess.DEVNULL)
    files = [port_file, http_file] if http else [port_file]
    for _ in range(200):
        if all(os.path.exists(f) and open(f).read().strip() for f in files):
            break
        time.sleep(0.05)
    address = "127.0.0.1:" + open(port_file).read().strip()
    if not http:
        return coordinator, address
    return coordinator, address, "http://127.0.0.1:" + open(http_file).read().strip()

def get(url, token):
    """The body of GET `url` with the coordinator's token as a bearer."""
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return response.read()

def noop_sweep(workdir, tasks, extra=""):
    """A sweep file of about `tasks` no-op tasks (a square-root grid times as many seeds); returns its path and the
    exact number of tasks."""
    side = int(round(tasks ** 0.5))
    seeds = tasks // side
    path = os.path.join(workdir, "bench.yaml")
    with open(path, "w") as f:
        f.write(f"name: bench\nexperiment: noop\nparams: {{duration_ms: 0}}\n"
                f"grid: {{a: {{linspace: [0, 1], num: {side}}}}}\nseeds: {seeds}\n{extra}")
    return path, side * seeds

def run_workers(binary, address, env, options_per_worker):
    """Starts one `infosweep worker --exit-when-idle` per entry of `options_per_worker` (its extra options) and
    waits for all; the seconds from start to the last exit."""
    started = time.monotonic()
    procs = [subprocess.Popen([binary, "worker", "--coordinator", address, "--exit-when-idle", *options], env=env)
             for options in options_per_worker]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit("a worker failed")
    return time.monotonic() - started
