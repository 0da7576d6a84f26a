"""Issue 10: the course's servers ask nothing of the internet — checked in Chromium, request by request.

JupyterLab (with the course's own Jupyter settings, as `course.py lab` starts it) runs a whole lesson, and Voila
(with the arguments `course.py voila` uses) renders both simulators; every request the page makes is recorded and
any that leaves 127.0.0.1 fails the test (it is also refused, so nothing leaves even then). A control run of Voila
with its stock lab template shows the recorder does see the CDN font requests it must catch. The same JupyterLab
proves that idle kernels are culled with the course's settings.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser_support as bs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

ROOT = bs.ROOT
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob|about):")
LESSON = "03_pricing.ipynb"
CULL_IDLE_S = json.loads((ROOT / "jupyter_config" / "course" / "jupyter_server_config.json").read_text())[
    "MappingKernelManager"]["cull_idle_timeout"]


def course_py():  # type: ignore[no-untyped-def]
    return bs.course_script()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from bs.browser_or_skip()


def recording_context(browser: Browser) -> tuple[BrowserContext, list[str]]:
    """A browser context that refuses and records every request leaving 127.0.0.1."""
    outside: list[str] = []
    context = browser.new_context(viewport=bs.VIEWPORT)

    def refuse(route) -> None:  # type: ignore[no-untyped-def]
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not LOCAL.match(url), refuse)
    return context, outside


def course_env(scratch: Path) -> dict[str, str]:
    """The course's Jupyter environment (its settings and Voila template) on top of the tests' isolated one."""
    env = bs.isolated_jupyter_env(scratch)
    wanted = course_py().jupyter_env()
    env["JUPYTER_CONFIG_PATH"] = wanted["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]  # this checkout: course/ only
    env["JUPYTER_PATH"] = wanted["JUPYTER_PATH"].split(os.pathsep)[0]
    return env


def test_lab_runs_a_lesson_without_asking_the_internet(browser: Browser, tmp_path: Path) -> None:
    server = bs.lab_server(ROOT, tmp_path)
    server.env = course_env(tmp_path / "lab-home")
    with bs.running(server, "/api/status"):
        context, outside = recording_context(browser)
        try:
            page = context.new_page()
            page.goto(server.url(f"/lab/workspaces/offline-check/tree/notebooks/{LESSON}?reset"))
            bs.lab_wait_kernel_ready(page, 90_000)
            bs.lab_run_all_cells(page, 20_000)
            page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell '
                    + '.jp-InputPrompt')].every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))""",
                timeout=180_000, polling=250)
            page.wait_for_timeout(1000)
        finally:
            context.close()
        log = server.log_path.read_text(errors="replace")
    assert outside == [], f"JupyterLab asked the internet for: {outside}"
    assert f"Culling kernels with idle durations > {CULL_IDLE_S} seconds" in log, "idle kernels are not culled"


def voila_render(browser: Browser, server: bs.Server, app: str) -> list[str]:
    context, outside = recording_context(browser)
    try:
        page = context.new_page()
        page.goto(server.url(f"/voila/render/{app}.ipynb"))
        page.locator(bs.RESULT_TEXT).first.wait_for(timeout=90_000)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return outside


def test_voila_as_course_py_serves_it_asks_nothing_outside(browser: Browser, tmp_path: Path) -> None:
    course = course_py()
    argv = [arg.replace("--port=8866", "--port={port}") for arg in course.voila_argv(
        ["--no-browser", "--port={port}", "--Voila.port_retries=0", "--Voila.token={token}"])]
    assert "--template=artisanat" in argv
    server = bs.Server("Voila", argv, ROOT, course_env(tmp_path / "voila-home"), tmp_path / "voila.log")
    with bs.running(server, "/"):
        for app in ("pricing", "shipping"):
            outside = voila_render(browser, server, app)
            assert outside == [], f"Voila's {app} app asked the internet for: {outside}"


def test_control_stock_voila_template_is_caught_asking_a_cdn(browser: Browser, tmp_path: Path) -> None:
    """Without the course's template Voila links a CDN font: the recorder must see it (or it proves nothing)."""
    server = bs.voila_server(ROOT / "notebooks" / "simulators", tmp_path)
    with bs.running(server, "/"):
        outside = voila_render(browser, server, "pricing")
    assert any("cdn" in url for url in outside), outside


def test_voila_template_has_no_outside_link() -> None:
    template = (ROOT / "jupyter_data" / "voila" / "templates" / "artisanat" / "index.html.j2").read_text()
    assert "https://" not in template.split("-#}", 1)[1]
