"""Start each app RUNS times (taking turns, so both see the same machine)
with a fresh data folder; report medians, and Clinicdesk against the bare
Tauri app as ratios.

  python3 scripts/bench.py RUNS clinicdesk=PATH[@DATA] bare=PATH [clinicdesk-large=PATH@DATA] [clinicdesk-new=PATH]

NAME=PATH@DATA starts each run on a copy of the data folder DATA (a large
clinic's, written by core/examples/large_clinic.rs).

Start-to-interactive: from spawning the process until the app logs
"window ready … startup_ms=" (Clinicdesk: its first screen, the lock, is
drawn; the bare app: its page has loaded and called its one command).
Memory: proportional set size (PSS) of the app and every process under it
(WebKitWebProcess, WebKitNetworkProcess), a second after it is ready.
"""
import os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

runs = int(sys.argv[1])
apps = dict(arg.split("=", 1) for arg in sys.argv[2:])


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


def run_once(name, binary):
    binary, _, template = binary.partition("@")
    data = tempfile.mkdtemp(prefix=f"{name}-bench-")
    if template:
        for f in os.listdir(template):
            if os.path.isfile(os.path.join(template, f)):
                shutil.copy(os.path.join(template, f), data)
    env = dict(os.environ, CLINICDESK_DATA_DIR=data, XDG_DATA_HOME=data, RUST_LOG="info")
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ready = None
    for line in proc.stderr:
        if re.search(r"startup_ms=(\d+)", re.sub(r"\x1b\[[0-9;]*m", "", line)):
            ready = (time.monotonic() - t0) * 1000
            break
    if ready is None:
        sys.exit(f"{name}: the app never reported ready")
    time.sleep(1.0)
    pids = descendants(proc.pid)
    total = sum(pss_kib(p) for p in pids) / 1024
    alone = pss_kib(proc.pid) / 1024
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
    return ready, total, alone


results = {name: [] for name in apps}
for i in range(runs):
    for name, binary in apps.items():
        results[name].append(run_once(name, binary))

med = {}
print(f"runs: {runs} each, taking turns (production builds, same profile)")
print(f"{'app':<17} {'start to interactive':>22} {'PSS app + WebKit':>18} {'PSS app alone':>14} {'binary':>9}")
for name, binary in apps.items():
    start = statistics.median(r[0] for r in results[name])
    pss = statistics.median(r[1] for r in results[name])
    alone = statistics.median(r[2] for r in results[name])
    size = os.path.getsize(binary.partition("@")[0]) / (1024 * 1024)
    med[name] = (start, pss)
    lo, hi = min(r[0] for r in results[name]), max(r[0] for r in results[name])
    print(f"{name:<17} {start:>9.0f} ms ({lo:.0f}–{hi:.0f}) {pss:>14.1f} MiB {alone:>10.1f} MiB {size:>5.1f} MiB")
if "clinicdesk" in med and "bare" in med:
    (cs, cp), (bs, bp) = med["clinicdesk"], med["bare"]
    print(f"clinicdesk / bare: start {cs / bs:.2f}× (target ≤ 1.15×), PSS +{cp - bp:.1f} MiB (target ≤ +25 MiB)")
if "clinicdesk-new" in med and "bare" in med:
    (ns, np_), (bs, bp) = med["clinicdesk-new"], med["bare"]
    print(f"first start ever (new data folder) / bare: start {ns / bs:.2f}×, PSS +{np_ - bp:.1f} MiB")
if "clinicdesk-large" in med and "clinicdesk" in med:
    (ls, lp), (cs, cp) = med["clinicdesk-large"], med["clinicdesk"]
    print(f"large clinic / empty: start {ls / cs:.2f}× (target ≤ 1.2×), PSS +{lp - cp:.1f} MiB")
