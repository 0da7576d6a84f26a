"""A room on one machine: N learners on a real hub, each with a running server and the pricing simulator, moving
its main slider at a person's pace. Prints p50/p95 of the update latency, memory per learner, and how many learners
one core holds at the course's aim (p95 ≤ 100 ms, ≤ 250 MB per learner).

Run (Linux, as root: it makes N real system accounts, then removes them):
    .venv/bin/python benchmarks/bench_hub.py [--learners 12] [--seconds 60] [--pace-s 1.5]

Each simulated learner is what a browser would be, minus the drawing: their own account and token, their own
server started through the hub's REST API, a kernel opened through their server, the simulator notebook's own
code cells run in it, then slider moves sent as the Lab sends them (a widget `update` over the kernel's websocket)
every `--pace-s` seconds (± 40 %). The latency is from the move sent to the simulator's result received back.
The CPU is that of every process of the hub (hub, proxy, culler, servers, kernels) during the moves.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import websocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atelier.hub import limits  # noqa: E402
from atelier.hub.client import Kernel, Learner, user_token  # noqa: E402

AIM_P95_MS = 100.0
AIM_MEMORY_MB = 250.0
NOTEBOOK = "notebooks/simulators/pricing.ipynb"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def hub(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "atelier.hub", *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"course.py hub {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def open_simulator(learner: Learner, code: list[str]) -> tuple[Kernel, str, str, str, list]:
    """A kernel running the simulator notebook's cells; (kernel, slider id, result id, slider kind, its options)."""
    kernel = learner.kernel("notebooks/simulators")
    models: dict[str, dict] = {}
    for source in code:
        _text, messages = kernel.run(source)
        for message in messages:
            if message["msg_type"] in ("comm_open", "comm_msg"):  # a widget made, then its later changes
                content = message["content"]
                models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
    slider = next(cid for cid, state in models.items() if "artisanat-main-slider" in state.get("_dom_classes", []))
    result = next(cid for cid, state in models.items() if "artisanat-result" in state.get("_dom_classes", []))
    state = models[slider]
    if state.get("_model_name") == "SelectionSliderModel":
        return kernel, slider, result, "index", list(range(len(state["_options_labels"])))
    return kernel, slider, result, "value", list(range(int(state["min"]), int(state["max"]) + 1))


def move(kernel: Kernel, slider: str, result: str, kind: str, value: int) -> float | None:
    """Send one slider move; the seconds until the result's new value came back (None if it never did)."""
    started = time.perf_counter()
    msg_id = kernel.send("shell", "comm_msg", {"comm_id": slider, "data": {
        "method": "update", "state": {kind: value}, "buffer_paths": []}})
    latency = None
    for message in kernel.replies(msg_id, timeout_s=60):
        if latency is None and message["msg_type"] == "comm_msg" and message["content"]["comm_id"] == result:
            latency = time.perf_counter() - started
    return latency


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def hub_processes(state: Path) -> list[psutil.Process]:
    """The hub, its proxy and services, and every process of every learner's memory group."""
    found: dict[int, psutil.Process] = {}
    hub_pid = int((state / "private" / "hub.pid").read_text())
    top = psutil.Process(hub_pid)
    for process in [top, *top.children(recursive=True)]:
        found[process.pid] = process
    group = limits.hub_group()
    if group is not None:
        for folder in group[0].iterdir():
            if folder.is_dir():
                for pid in limits.pids(folder):
                    try:
                        found.setdefault(pid, psutil.Process(pid))
                    except psutil.Error:
                        pass
    return list(found.values())


def memory_mb(username: str) -> float:
    """A learner's memory: the proportional set size (PSS) of their server and kernels, in MB."""
    group = limits.hub_group()
    total = 0
    if group is not None:
        for pid in limits.pids(group[0] / username):
            try:
                total += psutil.Process(pid).memory_full_info().pss
            except psutil.Error:
                pass
    return total / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=60, help="how long the learners move their sliders")
    parser.add_argument("--pace-s", type=float, default=1.5, help="seconds between two moves of one learner")
    parser.add_argument("--memory", default="1G", help="memory limit per learner")
    args = parser.parse_args()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        print("bench_hub needs Linux and root (it makes real system accounts).")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="artisanat-bench-hub-"))
    os.chmod(folder, 0o755)
    state = folder / "state"
    names = [f"Bench Élève {number:02d}" for number in range(1, args.learners + 1)]
    (folder / "class.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    from atelier.hub.cli import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        hub("--learners", str(folder / "class.txt"), "--state-dir", str(state), "--port", str(port),
            "--memory", args.memory)
        print(f"hub ready in {time.monotonic() - started:.0f} s")
        settings = json.loads((state / "private" / "settings.json").read_text())
        people = [p for p in json.loads((state / "private" / "accounts.json").read_text()) if p["role"] == "learner"]
        learners = [Learner(base, p["username"], user_token(base, settings["service_token"], p["username"]))
                    for p in people]
        started = time.monotonic()
        for learner in learners:
            learner.request_server()
        for learner in learners:
            learner.start_server(timeout_s=600)
        print(f"{len(learners)} servers ready in {time.monotonic() - started:.0f} s")
        notebook = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
        code = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
        started = time.monotonic()
        apps = []
        for learner in learners:  # each opens the simulator and moves once (the first chart is drawn once)
            app = open_simulator(learner, code)
            move(app[0], app[1], app[2], app[3], app[4][len(app[4]) // 2])
            apps.append(app)
        print(f"{len(apps)} pricing simulators open in {time.monotonic() - started:.0f} s")

        latencies: list[float] = []
        lost = [0]
        lock = threading.Lock()
        end = time.monotonic() + args.seconds

        def person(app: tuple, seed: int) -> None:
            kernel, slider, result, kind, stops = app
            chance = random.Random(seed)
            position = len(stops) // 2
            while time.monotonic() < end:
                time.sleep(args.pace_s * chance.uniform(0.6, 1.4))
                step = chance.choice([1, 2, 3])  # a real move: never onto the same stop (no update to wait for)
                position = position + step if position + step < len(stops) else position - step
                try:
                    latency = move(kernel, slider, result, kind, stops[position])
                except (websocket.WebSocketException, OSError, TimeoutError):
                    latency = None  # a lost connection counts as a lost update; the Lab would reconnect too
                    kernel.reconnect()
                with lock:
                    if latency is None:
                        lost[0] += 1
                    else:
                        latencies.append(latency * 1000)

        load = os.getloadavg()
        processes = hub_processes(state)
        cpu_before, wall_before = cpu_seconds(processes), time.monotonic()
        threads = [threading.Thread(target=person, args=(app, number)) for number, app in enumerate(apps)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu_used = cpu_seconds(processes) - cpu_before
        wall = time.monotonic() - wall_before
        memories = [memory_mb(learner.username) for learner in learners]
        for app in apps:
            app[0].socket.close()

        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        cores_used = cpu_used / wall
        per_learner_core = cores_used / len(learners)
        mean_memory, max_memory = statistics.mean(memories), max(memories)
        print(f"\n{len(learners)} learners, one move every {args.pace_s:g} s (±40 %) each, for {wall:.0f} s; "
              f"{len(latencies)} updates, {lost[0]} lost; machine: {os.cpu_count()} cores")
        print(f"update latency (move sent → result back): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
              f"max {max(latencies):.0f} ms  (aim p95 ≤ {AIM_P95_MS:.0f} ms: "
              f"{'met' if p95 <= AIM_P95_MS else 'NOT met'})")
        print(f"memory per learner (PSS of server + kernel): mean {mean_memory:.0f} MB, max {max_memory:.0f} MB "
              f"(aim ≤ {AIM_MEMORY_MB:.0f} MB: {'met' if max_memory <= AIM_MEMORY_MB else 'NOT met'})")
        print(f"CPU: the hub and the {len(learners)} learners used {cores_used:.2f} cores "
              f"= {per_learner_core * 100:.1f} % of a core per learner at this pace")
        by_cpu = int(1 / per_learner_core) if per_learner_core else 0
        by_memory = int(1000 / mean_memory) if mean_memory else 0
        print(f"by CPU, one core serves ≈ {by_cpu} learners at this pace; by memory, each GB holds ≈ {by_memory}")
        verdict = "met" if p95 <= AIM_P95_MS and max_memory <= AIM_MEMORY_MB else "NOT met"
        print(f"at the aim: {verdict} with {len(learners)} learners on {os.cpu_count()} cores "
              f"(p95 ratio {p95 / AIM_P95_MS:.2f}, memory ratio {max_memory / AIM_MEMORY_MB:.2f}); "
              f"load average before the run (other users of the machine): {load[0]:.1f}")
        return 0
    finally:
        subprocess.run([sys.executable, "-m", "atelier.hub", "--stop", "--remove-accounts", "--state-dir",
                        str(state)], cwd=ROOT, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
