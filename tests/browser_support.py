"""Machinery for the real-browser tests: JupyterLab and Voila servers, and Debian's Chromium driven by Playwright.

Everything here is bounded in time and cleans up after itself: each server runs in its own process group (killed
whole on stop), listens on a free 127.0.0.1 port with a random token, and gets its Jupyter config, data, runtime and
Lab settings directories in a scratch folder, so a test run never reads or writes the user's own Jupyter set-up.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # the tests run with the course's .venv python

# the launch flags measured to work with Debian's Chromium in a container with no network but localhost
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}

# JupyterLab user settings for the tests: no news/update pop-up (no internet in a workshop room or here), and no
# autosave, so that running the real notebooks in the browser never writes their outputs back into the repository.
LAB_TEST_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

SERVER_START_TIMEOUT_S = 60  # the REST API answers in ~3 s; a loaded 2-core CI runner can be much slower


def ci_requires_browser() -> bool:
    """True in CI (env CI=true, as GitHub Actions and most others set it): a missing browser is then a failure."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def find_chromium() -> str | None:
    """The Chromium to drive: $ARTISANAT_BROWSER if set, else Debian's `chromium` (what `course.py test` installs)."""
    override = os.environ.get("ARTISANAT_BROWSER")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now. Taken below the ranges the OS (32768+) and ZeroMQ (49152+) hand out at
    random, where every starting kernel grabs five: the server has ~3 s of start-up before it binds it."""
    for _ in range(50):
        port = random.randrange(20000, 32000)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_jupyter_env(scratch: Path) -> dict[str, str]:
    """Environment variables that point every Jupyter directory into `scratch`, with the test Lab settings."""
    dirs = {
        "JUPYTER_CONFIG_DIR": scratch / "config",
        "JUPYTER_DATA_DIR": scratch / "data",
        "JUPYTER_RUNTIME_DIR": scratch / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": scratch / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": scratch / "lab-workspaces",
        "IPYTHONDIR": scratch / "ipython",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    for name, settings in LAB_TEST_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))
    env = {**os.environ, **{name: str(path) for name, path in dirs.items()}}
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # silences jupyter_core's deprecation warning; harmless with the dirs above
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Server:
    """A Jupyter-family server running in its own process group, its output captured to a log file."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None
    _family: list[int] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{separator}token={self.token}"

    def start(self) -> None:
        argv = [arg.format(port=self.port, token=self.token) for arg in self.argv]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() kills the kernels it started too
            )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def wait_ready(self, probe_path: str, timeout_s: float = SERVER_START_TIMEOUT_S) -> float:
        """Poll `probe_path` until it answers 200; return the seconds it took. Fail early if the server died."""
        assert self.process is not None, f"{self.name} was never started"
        started = time.monotonic()
        last_error = "no answer yet"
        restarts = 0
        while time.monotonic() - started < timeout_s:
            if self.process.poll() is not None and self._lost_port_race() and restarts < 3:
                restarts += 1
                self.port = free_port()
                self.start()
                continue
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.name} exited with code {self.process.returncode} before answering; its log "
                    f"({self.log_path}) ends with:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.url(probe_path), timeout=5) as response:
                    if response.status == 200:
                        return time.monotonic() - started
                    last_error = f"HTTP {response.status}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                last_error = str(error)
            time.sleep(0.25)
        raise AssertionError(
            f"{self.name} did not answer {self.base_url}{probe_path} within {timeout_s:.0f} s (last: {last_error}); "
            f"its log ({self.log_path}) ends with:\n{self.log_tail()}"
        )

    def _lost_port_race(self) -> bool:
        """Did the server die because its port was taken between `free_port()` and its bind (~3 s of start-up)?
        On a busy machine every starting kernel binds five random ports, so this does happen now and then."""
        tail = self.log_tail(5)
        return f"port {self.port} is not available" in tail or f"port {self.port} is already in use" in tail

    def terminate(self) -> None:
        """Ask the server to stop (SIGTERM to its group: Jupyter servers then shut their kernels down), without
        waiting; `stop()` finishes the job. Several servers can thus stop side by side."""
        if self.process is not None and self._family is None:
            self._family = _descendants(self.process.pid)  # kernels run in sessions of their own: note them now
            _signal_group(self.process.pid, signal.SIGTERM)

    def stop(self) -> None:
        """Stop the server, its process group and every process it started; SIGKILL whatever outlives the grace."""
        self.terminate()
        process, family, self.process, self._family = self.process, self._family or [], None, None
        if process is None:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        deadline = time.monotonic() + 5
        while family and time.monotonic() < deadline:
            family = [pid for pid in family if _alive(pid)]
            time.sleep(0.1)
        for pid in family:
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        _signal_group(process.pid, signal.SIGKILL)  # stragglers left in the server's own group


def _signal_group(pgid: int, sig: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and ") Z " in status.read_text())  # a zombie is as good as gone


def _descendants(pid: int) -> list[int]:
    """All processes below `pid` (Linux /proc; elsewhere none, and the process-group kill has to do)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def lab_server(root_dir: Path, scratch: Path) -> Server:
    """A JupyterLab serving `root_dir` (not started yet). `--allow-root` because CI containers often run as root."""
    return Server(
        name="JupyterLab",
        argv=[
            str(VENV_BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            "--port={port}",
            "--ServerApp.port_retries=0",  # never silently move to another port than the one we test against
            "--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root_dir}",
            "--allow-root",
        ],
        cwd=root_dir,
        env=isolated_jupyter_env(scratch / "lab-home"),
        log_path=scratch / "jupyterlab.log",
    )


def voila_server(notebook_dir: Path, scratch: Path) -> Server:
    """A Voila serving the notebooks of `notebook_dir` as apps at /voila/render/<name>.ipynb (not started yet)."""
    return Server(
        name="Voila",
        argv=[
            str(VENV_BIN / "voila"),
            str(notebook_dir),
            "--no-browser",
            "--port={port}",
            "--Voila.port_retries=0",
            "--Voila.ip=127.0.0.1",
            "--Voila.token={token}",
            "--show_tracebacks=True",
        ],
        cwd=notebook_dir,
        env=isolated_jupyter_env(scratch / "voila-home"),
        log_path=scratch / "voila.log",
    )


SERVER_KINDS = {"lab": (lab_server, "/api/status"), "voila": (voila_server, "/")}


class ServerPool:
    """Servers by (kind, folder), each started once (`start` returns at once; `get` waits until it answers) and
    all stopped together by `stop_all` — even after a failure."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.started: dict[tuple[str, Path], Server] = {}
        self.ready: set[tuple[str, Path]] = set()

    def start(self, kind: str, folder: Path) -> Server:
        if (kind, folder) not in self.started:
            make, _probe = SERVER_KINDS[kind]
            server = make(folder, self.scratch / f"{kind}-{len(self.started)}")
            self.started[kind, folder] = server
            server.start()
        return self.started[kind, folder]

    def get(self, kind: str, folder: Path) -> Server:
        server = self.start(kind, folder)
        if (kind, folder) not in self.ready:
            server.wait_ready(SERVER_KINDS[kind][1])
            self.ready.add((kind, folder))
        return server

    def stop_all(self) -> None:
        for server in self.started.values():
            server.terminate()
        for server in self.started.values():
            server.stop()


@contextmanager
def running(server: Server, probe_path: str) -> Iterator[Server]:
    """Start `server`, wait until `probe_path` answers, and always stop it (even when the wait fails)."""
    try:
        server.start()
        server.wait_ready(probe_path)
        yield server
    finally:
        server.stop()


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    """A headless Chromium (Playwright `Browser`) on the given executable; never `playwright install`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()



def browser_or_skip() -> Iterator[Browser]:
    """A launched Chromium for a module's `browser` fixture; without one, skip (or fail when CI=true)."""
    import pytest

    executable = find_chromium()
    if executable is None:
        reason = (
            "Chromium not found: install Debian's 'chromium' package (python3 course.py test does it as root) "
            "or point ARTISANAT_BROWSER at a Chromium executable"
        )
        if ci_requires_browser():
            pytest.fail(f"{reason}. CI=true, so the browser tests must run, not skip.", pytrace=False)
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if ci_requires_browser():
            pytest.fail("the 'playwright' package is missing (requirements-test.txt)", pytrace=False)
        pytest.skip("the 'playwright' package is missing: pip install -r requirements-test.txt")
    with chromium(executable) as launched:
        yield launched


def course_script():  # type: ignore[no-untyped-def]
    """The course's own `course.py`, imported as a module (its functions are what the trainer runs)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_py", ROOT / "course.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def offline_but_localhost(context: BrowserContext) -> None:
    """Refuse every request that leaves 127.0.0.1 (Voila's CDN icon font, Lab's news feed): the tests then behave
    the same on a laptop online, in CI, and in a workshop room with no internet."""
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://"), lambda route: route.abort())


# --- page helpers -------------------------------------------------------------------------------------------------

SLIDER = ".artisanat-main-slider"
RESULT = ".artisanat-result"
RESULT_TEXT = f"{RESULT} .widget-html-content"
SLIDER_HANDLE = f"{SLIDER} .noUi-handle"
# a widget view that failed: Lab's "Error displaying widget" (version mismatch) or ipywidgets 8's error placeholder
# ("Click to show javascript error.", e.g. an Image given a tooltip: jupyter-widgets/ipywidgets#3921)
WIDGET_ERROR = ".jupyter-widgets-error-widget, :text('Error displaying widget')"
CURRENCY_SIGNS = "£€$"

LAB_KERNEL_IDLE = '.jp-Notebook-ExecutionIndicator[data-status="idle"]'
# Trap: the indicator above already says "idle" while the status bar says "No Kernel | Initializing" (~0.6 s before
# the kernel exists), and a Run All clicked then is silently lost. Ready = indicator idle AND a named kernel idle.
LAB_KERNEL_READY_JS = """() => {
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    if (!indicator || indicator.getAttribute('data-status') !== 'idle') return false;
    const texts = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent.trim());
    // JupyterLab in English or in French (the French edition's Lab: "Inactif", "Aucun noyau")
    return texts.some(t => /\\|\\s*(Idle|Inactif)$/.test(t) && !/^(No Kernel|Aucun noyau)/.test(t));
}"""
LAB_MENU_BAR_ITEM = "#jp-MainMenu .lm-MenuBar-itemLabel"
LAB_MENU_ITEM = ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel"


def exact_text(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def lab_run_all_cells(page: Page, timeout_ms: int) -> None:
    """Open Run → Run All Cells. A cell must have focus first, or the menu item can still be disabled."""
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.locator(LAB_MENU_BAR_ITEM, has_text=exact_text("Run")).click()
    page.locator(LAB_MENU_ITEM, has_text=exact_text("Run All Cells")).click(timeout=timeout_ms)


def lab_wait_kernel_ready(page: Page, timeout_ms: int) -> None:
    """Wait until the notebook's kernel is really up and idle. A notebook without kernelspec metadata makes Lab ask
    which kernel to use (a "Select Kernel" dialog, at any moment during start-up): take the proposed one."""
    ready_or_dialog = f"() => ({LAB_KERNEL_READY_JS})() || document.querySelector('.jp-Dialog') !== null"
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining_ms = max(1000, int((deadline - time.monotonic()) * 1000))
        page.wait_for_function(ready_or_dialog, timeout=remaining_ms, polling=100)
        dialog = page.locator(".jp-Dialog")
        if not dialog.count():
            return
        dialog.locator(".jp-mod-accept").first.click()
        dialog.first.wait_for(state="detached")


def result_text(page: Page) -> str:
    return page.locator(RESULT_TEXT).first.inner_text().strip()


def nudge_slider(page: Page, key: str, presses: int) -> None:
    """Move the main slider with the keyboard, the way a learner without a mouse would."""
    handle = page.locator(SLIDER_HANDLE).first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(presses):
        handle.press(key)


def wait_result_changes(page: Page, before: str, timeout_ms: int, quiet_ms: int = 600) -> str:
    """Wait until the result differs from `before` and then stays the same for `quiet_ms` (each arrow key press is
    its own round trip to the kernel: the first new text is not the last one), and return that settled text."""
    page.wait_for_function(
        """([selector, before, quietMs]) => {
            const el = document.querySelector(selector);
            if (el === null) return false;
            const text = el.innerText.trim();
            const now = performance.now();
            if (text === before) return false;
            if (window.__artisanatLast !== text) {
                window.__artisanatLast = text;
                window.__artisanatSince = now;
                return false;
            }
            return now - window.__artisanatSince >= quietMs;
        }""",
        arg=[RESULT_TEXT, before, quiet_ms],
        timeout=timeout_ms,
        polling=100,
    )
    return result_text(page)


APP_BOX_JS = """([sliderSel, resultSel]) => {
    // the app = the smallest element that holds both the main slider and the result
    const slider = document.querySelector(sliderSel);
    const result = document.querySelector(resultSel);
    if (!slider || !result) return null;
    let app = slider;
    while (app && !app.contains(result)) app = app.parentElement;
    const r = app.getBoundingClientRect();
    return {x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height};
}"""


def blur(page: Page) -> None:
    """No focus ring on the slider handle in a picture meant for the README."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def screenshot_voila_app(page: Page, path: Path, max_bytes: int, padding: int = 8) -> int:
    """The whole app, however tall, clipped to it; if that PNG is over `max_bytes`, only its first 900 px. Return
    the size. Voila scrolls inside a container, not the document, so a "full page" shot stops at the viewport:
    the viewport is made as tall as the page for the shot."""
    blur(page)
    tall = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight), innerHeight)"""
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(tall) + 2 * padding, 6000)})
    try:
        page.wait_for_timeout(300)  # re-layout
        box = page.evaluate(APP_BOX_JS, [SLIDER, RESULT])
        path.parent.mkdir(parents=True, exist_ok=True)
        if box is None:
            page.screenshot(path=str(path))
        else:
            x0, y0 = max(0, box["x"] - padding), max(0, box["y"] - padding)
            clip = {"x": x0, "y": y0, "width": box["width"] + 2 * padding, "height": box["height"] + 2 * padding}
            page.screenshot(path=str(path), clip=clip)
            if path.stat().st_size > max_bytes:
                page.screenshot(path=str(path), clip={**clip, "height": min(clip["height"], VIEWPORT["height"])})
    finally:
        page.set_viewport_size(VIEWPORT)
    return path.stat().st_size


def screenshot_lab(page: Page, path: Path) -> int:
    """JupyterLab as a learner sees it (one 1280×900 viewport: Lab scrolls inside its panels): the left sidebar
    folded away so the app gets the width, and the notebook scrolled to the cell that shows the app."""
    blur(page)
    current_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current_tab.count():
        current_tab.first.click()  # a real click: Lumino tabs ignore a DOM element.click()
        page.locator("#jp-left-stack").wait_for(state="hidden")
    page.locator(SLIDER).first.evaluate("el => el.closest('.jp-Cell').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)  # let Lab re-lay out and the windowed notebook render what came into view
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path.stat().st_size
