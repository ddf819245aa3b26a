"""What the coordinator benchmarks share: a release build of infosweep, and a coordinator on a loopback port."""
import os, subprocess, time

def build(root):
    """Builds infosweep in release mode under `root`; the path of the binary."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "infosweep"], cwd=root, check=True)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "infosweep")

def start_coordinator(binary, db, workdir, durability, env):
    """A coordinator on a free loopback port over `db`, and its address once it listens. No token is given: the
    coordinator keeps one beside its database, and the CLI finds it there for local use."""
    port_file = os.path.join(workdir, "port")
    coordinator = subprocess.Popen([binary, "coordinator", "--db", db, "--listen", "127.0.0.1:0",
                                    "--port-file", port_file, "--durability", durability],
                                   env=env, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        time.sleep(0.05)
    return coordinator, "127.0.0.1:" + open(port_file).read().strip()
