"""Start the app RUNS times with a fresh data folder; report medians.

Start-to-interactive: from spawning the process until the app logs
"window ready" (the UI has loaded its data and rendered; see ui_ready).
Memory: proportional set size (PSS) of the app and every process under it
(WebKitWebProcess, WebKitNetworkProcess), a second after it is ready.
"""
import os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

binary, runs = sys.argv[1], int(sys.argv[2])


def descendants(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = subprocess.run(["pgrep", "-P", str(p)], capture_output=True, text=True).stdout.split()
        except FileNotFoundError:
            kids = []
        todo += [int(k) for k in kids]
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


startup, wall, pss, app_pss = [], [], [], []
for i in range(runs):
    data = tempfile.mkdtemp(prefix="clinicdesk-bench-")
    env = dict(os.environ, CLINICDESK_DATA_DIR=data, RUST_LOG="info")
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ready = None
    for line in proc.stderr:
        m = re.search(r"startup_ms=(\d+)", re.sub(r"\x1b\[[0-9;]*m", "", line))
        if m:
            ready = time.monotonic() - t0
            startup.append(int(m.group(1)))
            break
    if ready is None:
        sys.exit(f"run {i}: the app never reported ready")
    wall.append(ready * 1000)
    time.sleep(1.0)
    pids = descendants(proc.pid)
    pss.append(sum(pss_kib(p) for p in pids) / 1024)
    app_pss.append(pss_kib(proc.pid) / 1024)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    shutil.rmtree(data, ignore_errors=True)

size = os.path.getsize(binary) / (1024 * 1024)
print(f"runs: {runs}  (production build: {binary})")
print(f"start to interactive, spawn → UI ready: median {statistics.median(wall):.0f} ms (min {min(wall):.0f}, max {max(wall):.0f})")
print(f"  as the app measures it (main → UI ready): median {statistics.median(startup):.0f} ms")
print(f"memory, PSS of app + WebKit processes: median {statistics.median(pss):.1f} MiB (app alone {statistics.median(app_pss):.1f} MiB)")
print(f"release binary: {size:.1f} MiB")
