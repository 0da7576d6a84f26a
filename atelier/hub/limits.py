"""The memory bound of each learner: one Linux control group (cgroup) per learner holds their JupyterLab and
every kernel it starts; the kernel stops the group's largest process when the group would exceed its limit.

Works with cgroup v1 (`memory.limit_in_bytes`) and v2 (`memory.max`). The groups sit under the hub's own group,
so they are made and removed by the hub (as root) without systemd.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

GROUP = "artisanat-hub"
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[iI]?[bB]?\s*$")
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """`"1G"`, `"750M"`, `"1.5g"`, `"1073741824"` → bytes; ValueError for anything else."""
    found = SIZE.match(text)
    if not found:
        raise ValueError(text)
    return int(float(found.group(1)) * UNITS[found.group(2).lower()])


def own_memory_cgroup() -> tuple[Path, str] | None:
    """(the folder of this process's memory cgroup, "v1" or "v2"), or None when there is none we can use."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        number, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            folder = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            if (folder / "memory.limit_in_bytes").exists():
                return folder, "v1"
    for line in lines:
        number, controllers, path = line.split(":", 2)
        if number == "0":
            for mount in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
                controllers_file = mount / path.lstrip("/") / "cgroup.controllers"
                if controllers_file.exists() and "memory" in controllers_file.read_text().split():
                    return controllers_file.parent, "v2"
    return None


def hub_group() -> tuple[Path, str] | None:
    """The hub's own group (made if needed), under this process's memory cgroup."""
    found = own_memory_cgroup()
    if found is None:
        return None
    folder, version = found
    group = folder / GROUP
    try:
        group.mkdir(exist_ok=True)
        if version == "v2":
            (group / "cgroup.subtree_control").write_text("+memory")
    except OSError:
        return None
    return group, version


def learner_group(username: str, limit_bytes: int) -> Path | None:
    """Make (or reuse) the learner's group with its limit; None when this machine offers no memory cgroup."""
    found = hub_group()
    if found is None:
        return None
    parent, version = found
    group = parent / username
    try:
        group.mkdir(exist_ok=True)
        if version == "v1":
            (group / "memory.limit_in_bytes").write_text(str(limit_bytes))
        else:
            (group / "memory.max").write_text(str(limit_bytes))
            (group / "memory.swap.max").write_text("0")
    except OSError:
        return None
    return group


def limit_of(group: Path) -> int:
    for name in ("memory.limit_in_bytes", "memory.max"):
        if (group / name).exists():
            return int((group / name).read_text().strip())
    raise FileNotFoundError(group)


def pids(group: Path) -> list[int]:
    try:
        return [int(line) for line in (group / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def end_group(group: Path, grace_s: float = 10.0) -> None:
    """Stop every process of a group (SIGTERM, then SIGKILL after `grace_s`) and remove the group."""
    for pid in pids(group):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_s
    while pids(group) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids(group):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.2)


def end_all(grace_s: float = 10.0) -> None:
    """Stop the processes of every learner's group and remove the hub's groups."""
    found = hub_group()
    if found is None:
        return
    parent, _version = found
    groups = sorted(p for p in parent.iterdir() if p.is_dir())
    for group in groups:  # everyone is asked to stop at once; then each group is waited for
        for pid in pids(group):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for group in groups:
        end_group(group, grace_s)
    try:
        parent.rmdir()
    except OSError:
        pass
