"""A laptop in a room with no internet, for tests/test_kit.py: run as `unshare -n python -m tests.offline_room ...`.

Inside a network namespace that holds only the loopback interface, it brings loopback up, installs an unpacked
edition with `course.py setup` (from the wheelhouse beside it), starts `course.py lab` the way a learner does,
opens a lesson in Chromium, runs all its cells and checks that every cell ran without an error and that the
Nbgrader menu is absent. It prints one JSON line with what it measured; any failure is an exception (exit 1).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

from tests import browser_support as bs

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
ALL_CELLS_RAN_JS = """() => {
    const panel = '.jp-NotebookPanel:not(.lm-mod-hidden)';
    const prompts = [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputPrompt')];
    const texts = prompts.map(p => p.textContent.trim());
    return texts.length > 0 && texts.every(t => /^\\[\\d+\\]:$/.test(t));
}"""
ERRORS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.textContent).filter(t => /Error|Traceback/.test(t))"""


def loopback_up() -> None:
    """A new network namespace has `lo` down: bring it up (no `ip` command needed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))


def laptop_env() -> dict[str, str]:
    """The environment of a learner's laptop: none of this machine's pip settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PIP_", "JUPYTER", "VIRTUAL_ENV"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def main(edition: Path, lesson: str, python: str) -> dict[str, object]:
    loopback_up()
    interfaces = sorted(name for _index, name in socket.if_nameindex())
    assert interfaces == ["lo"], f"not an offline namespace: {interfaces}"
    env = laptop_env()
    started = time.monotonic()
    setup = subprocess.run([python, "course.py", "setup"], cwd=edition, env=env, capture_output=True, text=True,
                           timeout=600)
    install_s = time.monotonic() - started
    assert setup.returncode == 0, f"course.py setup failed:\n{setup.stdout}\n{setup.stderr}"
    assert "offline kit" in setup.stdout, setup.stdout

    port, token = bs.free_port(), "offline-room"
    lab = subprocess.Popen([python, "course.py", "lab", "--no-browser", f"--port={port}"], cwd=edition,
                           env={**env, "ARTISANAT_TOKEN": token}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 120
        assert lab.stdout is not None
        while time.monotonic() < deadline:
            line = lab.stdout.readline()
            if not line:
                raise AssertionError("course.py lab ended before it printed an address:\n" + "".join(printed))
            printed.append(line)
            if "is ready: open" in line:
                break
        address = re.search(r"http://127\.0\.0\.1:\d+/\S+", printed[-1])
        assert address, printed
        server = bs.Server("JupyterLab", [], edition, env, edition / "logs" / "jupyterlab.log", port=port, token=token)
        with bs.chromium(bs.find_chromium() or "chromium") as browser:
            context = browser.new_context(viewport=bs.VIEWPORT)
            bs.offline_but_localhost(context)
            page = context.new_page()
            page.goto(server.url(f"/lab/workspaces/offline-room/tree/notebooks/{lesson}?reset"))
            bs.lab_wait_kernel_ready(page, 90_000)
            menus = [label.strip() for label in page.locator(bs.LAB_MENU_BAR_ITEM).all_inner_texts()]
            bs.lab_run_all_cells(page, 20_000)
            page.wait_for_function(ALL_CELLS_RAN_JS, timeout=180_000, polling=250)
            errors = page.evaluate(ERRORS_JS)
            outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").count()
            context.close()
    finally:
        lab.send_signal(signal.SIGINT)
        try:
            rest, _ = lab.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            lab.kill()
            rest, _ = lab.communicate()
        printed.append(rest or "")
    return {"install_s": round(install_s, 1), "printed": "".join(printed), "menus": menus, "errors": errors,
            "outputs": outputs, "lab_exit": lab.returncode, "setup_stdout": setup.stdout}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])))
