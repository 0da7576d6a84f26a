"""A real hub on 127.0.0.1: real system accounts, real JupyterHub, real nbgrader exchange, the course's own grader.

Three learners (an Excel-saved class list with accents) and a trainer. The whole cycle goes through the hub's
log-in form and REST API, each learner's own Jupyter server (nbgrader's Assignments API, the contents API, a
kernel's websocket) and `course.py hub release|grade`: log in → servers start → release → fetch → submit →
collect + grade (sandboxed) → feedback. Then: each learner's marks, what a learner's code can and cannot read,
the memory limit, a learner moving the pricing simulator's slider in Chromium, and `--stop` ending everything.

Needs Linux and root (it makes system accounts; CI runs as root), bubblewrap, and Node.js for the proxy.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_support as bs

ROOT = Path(__file__).resolve().parent.parent
COURSE = "artisanat2"
EXERCISE = "ex00_practice"
MEMORY = "700M"
# what each learner types in the exercise's answer cell, and the marks it must earn (2 points: 1 visible, 1 hidden)
ANSWERS = {"Inès Martin": ("my_number = 3", 2.0), "Marc Lefèvre": ("my_number = 5", 1.0), "Zoë Brun": (None, 0.0)}
CLASS_LIST = "\ufeffInès Martin\r\nMarc Lefèvre\r\n\r\nZoë Brun\r\n"  # as Excel saves "Unicode text": BOM, CRLF

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hub runs on Linux only"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0,
                       reason="the hub test makes real system accounts: it needs root (CI runs as root)"),
]


def hub_command(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "atelier.hub", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    if check:
        assert result.returncode == 0, f"course.py hub {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def require_hub_programs() -> None:
    """Skip (fail in CI) when a program the hub needs is missing."""
    for program in ("bwrap", "setpriv", "node", "npm", "useradd"):
        if shutil.which(program) is None:
            message = f"the hub needs {program} (bubblewrap, util-linux, nodejs, npm, passwd)"
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    require_hub_programs()
    folder = tmp_path_factory.mktemp("hub")
    class_list = folder / "class list.txt"
    class_list.write_bytes(CLASS_LIST.encode("utf-8"))
    state = folder / "state"
    port = bs.free_port()
    started = time.monotonic()
    try:
        result = hub_command("--learners", str(class_list), "--trainer", "Claire Formatrice", "--state-dir",
                             str(state), "--port", str(port), "--memory", MEMORY, "--jobs", "2")
        startup_s = time.monotonic() - started
        settings = json.loads((state / "private" / "settings.json").read_text(encoding="utf-8"))
        people = json.loads((state / "private" / "accounts.json").read_text(encoding="utf-8"))
        yield {"state": state, "base": f"http://127.0.0.1:{port}", "settings": settings, "people": people,
               "output": result.stdout, "startup_s": startup_s, "learners": {}, "class_list": class_list}
    finally:
        hub_command("--stop", "--remove-accounts", "--state-dir", str(state), check=False)


def learners_of(hub: dict) -> list[dict]:
    return [person for person in hub["people"] if person["role"] == "learner"]


def learner_client(hub: dict, person: dict):  # type: ignore[no-untyped-def]
    from atelier.hub.client import Learner, user_token

    if person["username"] not in hub["learners"]:
        token = user_token(hub["base"], hub["settings"]["service_token"], person["username"])
        hub["learners"][person["username"]] = Learner(hub["base"], person["username"], token)
    return hub["learners"][person["username"]]


# --- accounts, log-in sheet, log in ----------------------------------------------------------------------------------


def test_the_class_list_makes_real_accounts(hub: dict) -> None:
    assert hub["class_list"].read_bytes() == CLASS_LIST.encode("utf-8"), "the trainer's file was changed"
    learners = learners_of(hub)
    assert [p["name"] for p in learners] == list(ANSWERS)
    for person in hub["people"]:
        entry = pwd.getpwnam(person["username"])
        home = Path(entry.pw_dir)
        assert home == hub["state"] / "home" / person["username"]
        assert stat.S_IMODE(home.stat().st_mode) == 0o700 and home.stat().st_uid == entry.pw_uid
        assert person["username"].isascii() and person["username"][0].isalpha()
    assert [p["username"].rstrip("0123456789") for p in learners] == ["ines-martin", "marc-lefevre", "zoe-brun"]
    # the learners' folders hold the learner edition's lessons (no stored outputs); the trainer's, the course
    ines = hub["state"] / "home" / learners[0]["username"]
    assert (ines / "notebooks" / "simulators" / "pricing.ipynb").exists()
    trainer = next(p for p in hub["people"] if p["role"] == "trainer")
    assert (hub["state"] / "home" / trainer["username"] / "course" / "source" / EXERCISE).is_dir()
    assert "ready" in hub["output"] and "127.0.0.1" in hub["output"]
    print(f"hub ready in {hub['startup_s']:.0f} s")


def test_the_log_in_sheet_and_the_gradebook_have_real_names(hub: dict) -> None:
    from nbgrader.api import Gradebook

    sheet = (hub["state"] / "private" / "login_sheet.html").read_text(encoding="utf-8")
    assert stat.S_IMODE((hub["state"] / "private").stat().st_mode) == 0o700
    for person in learners_of(hub):
        assert person["name"] in sheet and person["username"] in sheet and person["password"] in sheet
    trainer = next(p for p in hub["people"] if p["role"] == "trainer")
    assert trainer["password"] not in sheet, "the trainer's password is for the terminal, not the learners' sheet"
    course = hub["state"] / "home" / trainer["username"] / "course"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gradebook:
        names = {s.id: (s.first_name, s.last_name) for s in gradebook.students}
    assert names[learners_of(hub)[0]["username"]] == ("Inès", "Martin")
    assert names[learners_of(hub)[2]["username"]] == ("Zoë", "Brun")
    # the trainer's own server (trainer edition): Formgrader lists the learners by their real names
    formgrader = learner_client(hub, trainer)
    formgrader.start_server()
    answer = formgrader.api("GET", "/formgrader/api/students")
    assert answer.status_code == 200, answer.text[:300]
    listed = {row["id"]: (row["first_name"], row["last_name"]) for row in answer.json()}
    assert listed[learners_of(hub)[1]["username"]] == ("Marc", "Lefèvre")
    # a learner's server has no Formgrader
    assert learner_client(hub, learners_of(hub)[0]).start_server() >= 0
    assert learner_client(hub, learners_of(hub)[0]).api("GET", "/formgrader/api/students").status_code == 404


def test_log_in_with_the_printed_password_only(hub: dict) -> None:
    import requests

    from atelier.hub.client import log_in

    for person in learners_of(hub):
        assert log_in(hub["base"], person["username"], person["password"]), person["username"]
    first, second = learners_of(hub)[:2]
    assert not log_in(hub["base"], first["username"], second["password"]), "another learner's password let in"
    assert not log_in(hub["base"], "root", first["password"])
    # a learner is no admin: the list of users is refused
    answer = requests.get(f"{hub['base']}/hub/api/users", timeout=30,
                          headers={"Authorization": f"token {learner_client(hub, first).token}"})
    assert answer.status_code == 403
    services = requests.get(f"{hub['base']}/hub/api/services", timeout=30,
                            headers={"Authorization": f"token {hub['settings']['service_token']}"}).json()
    assert "jupyterhub_idle_culler" in services["idle-culler"]["command"], services
    culler = [entry for entry in Path("/proc").iterdir() if entry.name.isdigit()
              and b"jupyterhub_idle_culler" in read_quietly(entry / "cmdline")
              and str(hub["settings"]["idle_timeout_s"]).encode() in read_quietly(entry / "cmdline")]
    assert culler, "the idle culler is not running"


def read_quietly(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# --- the exercise cycle --------------------------------------------------------------------------------------------


def answer_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"]
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "ex00_task1_answer")


def learners_with_servers(hub: dict) -> list:
    """A client per learner, each learner's own server started (all asked for first, as a room does)."""
    learners = [learner_client(hub, person) for person in learners_of(hub)]
    for learner in learners:
        learner.request_server()
    for learner in learners:
        learner.start_server()
    return learners


def test_release_fetch_submit_grade_feedback(hub: dict) -> None:
    started = time.monotonic()
    learners = learners_with_servers(hub)
    print(f"3 servers ready in {time.monotonic() - started:.0f} s")
    assert learners[0].assignments(None, COURSE)["value"] == []
    hub_command("release", EXERCISE, "--state-dir", str(hub["state"]))
    for learner, (name, (answer, _marks)) in zip(learners, ANSWERS.items(), strict=True):
        listed = learner.assignments(None, COURSE)
        assert [a["assignment_id"] for a in listed["value"]] == [EXERCISE], (name, listed)
        fetched = learner.assignments("fetch", COURSE, EXERCISE)
        assert fetched["value"][0]["status"] == "fetched", fetched
        path = f"{EXERCISE}/{EXERCISE}.ipynb"
        notebook = learner.read(path)["content"]
        assert "### BEGIN SOLUTION" not in json.dumps(notebook), "the learner received the model answer"
        if answer is not None:
            answer_cell(notebook)["source"] = answer
            learner.write_notebook(path, notebook)
        submitted = learner.assignments("submit", COURSE, EXERCISE)
        assert submitted.get("success", True) is not False, submitted
    print(f"released, fetched, submitted at {time.monotonic() - started:.0f} s")
    graded = hub_command("grade", EXERCISE, "--state-dir", str(hub["state"]), "--jobs", "2")
    print(f"collected and graded at {time.monotonic() - started:.0f} s")
    assert "sandbox" in graded.stdout, graded.stdout
    trainer = next(p for p in hub["people"] if p["role"] == "trainer")
    course = hub["state"] / "home" / trainer["username"] / "course"
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)
                  if row["assignment"] == EXERCISE}
    expected = {learner.username: marks for learner, (answer, marks) in zip(learners, ANSWERS.values(), strict=True)}
    assert scores == expected
    assert all(path.stat().st_uid == pwd.getpwnam(trainer["username"]).pw_uid for path in course.rglob("*"))
    for learner, marks in zip(learners, expected.values(), strict=True):
        listed = learner.assignments("fetch_feedback", COURSE, EXERCISE)
        submitted = [a for a in listed["value"] if a["status"] == "submitted"]
        submitted = [sub for a in submitted for sub in a.get("submissions", [a])]
        assert submitted and all(sub["has_local_feedback"] for sub in submitted), (learner.username, listed)
        folder = learner.read(f"{EXERCISE}/feedback")["content"]
        assert len(folder) == 1
        page_path = f"{folder[0]['path']}/{EXERCISE}.html"
        page = learner.read(page_path)["content"]
        assert f"Score: {marks:g}" in page or f"{marks:g} / 2" in page or f"{marks} / 2" in page, page[:400]
        assert "BEGIN HIDDEN TESTS" not in page
    hub["graded"] = True


def test_a_learner_cannot_read_another_learners_work(hub: dict) -> None:
    if not hub.get("graded"):
        pytest.skip("needs the cycle above")
    ines, marc = (learner_client(hub, person) for person in learners_of(hub)[:2])
    state = hub["state"]
    inbound = state / "exchange" / COURSE / "inbound"
    marcs_hand_in = next(path for path in inbound.iterdir() if path.name.startswith(marc.username + "+"))
    trainer = next(p for p in hub["people"] if p["role"] == "trainer")
    secrets_to_try = {
        "another learner's folder": state / "home" / marc.username / EXERCISE / f"{EXERCISE}.ipynb",
        "the list of hand-ins": inbound,
        "another learner's hand-in": marcs_hand_in / f"{EXERCISE}.ipynb",
        "the gradebook": state / "home" / trainer["username"] / "course" / "gradebook.db",
        "the trainer's folder": state / "home" / trainer["username"],
        "the model answers": ROOT / "exercises" / "source" / EXERCISE / f"{EXERCISE}.ipynb",
        "the hub's accounts": state / "private" / "accounts.json",
    }
    assert all(path.exists() for path in secrets_to_try.values())
    kernel = ines.kernel()
    try:
        for what, path in secrets_to_try.items():
            code = (f"import os\np = {str(path)!r}\n"
                    "try:\n"
                    "    print('LISTED', os.listdir(p)) if os.path.isdir(p) else print('READ', open(p, 'rb').read(9))\n"
                    "except OSError as error:\n    print('REFUSED', type(error).__name__)\n")
            text, _messages = kernel.run(code)
            assert text.startswith("REFUSED"), f"a learner could read {what}: {text[:200]}"
        text, _messages = kernel.run("import os; print(os.getuid(), sorted(os.listdir(os.path.expanduser('~'))))")
        assert text.split()[0] == str(pwd.getpwnam(ines.username).pw_uid)
        assert EXERCISE in text
    finally:
        kernel.close()


def test_the_memory_limit_holds(hub: dict) -> None:
    from atelier.hub import limits

    group = limits.hub_group()
    if group is None:
        pytest.skip("this machine offers no memory cgroup: the limit cannot be enforced here")
    learner = learner_client(hub, learners_of(hub)[2])
    learner.start_server()
    folder = group[0] / learner.username
    assert limits.limit_of(folder) == limits.parse_size(MEMORY)
    kernel = learner.kernel()
    try:
        text, _messages = kernel.run("import os; print(os.getpid())")
        pid = int(text.strip())
        assert pid in limits.pids(folder), "the learner's kernel is outside the learner's memory group"
        # 1.5 GB asked for, 700 MB allowed: the kernel is stopped, the hub and the server live on
        kernel.send("shell", "execute_request", {"code": "block = bytearray(1500 * 2**20); block[::4096] = b'x' * "
                                                         "len(block[::4096])", "silent": False,
                                                 "store_history": False, "user_expressions": {},
                                                 "allow_stdin": False, "stop_on_error": True})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and pid in limits.pids(folder):
            time.sleep(0.5)
        assert pid not in limits.pids(folder), "a kernel went past the memory limit and kept running"
    finally:
        kernel.socket.close()
    for name in ("memory.max_usage_in_bytes", "memory.peak"):
        if (folder / name).exists():
            peak = int((folder / name).read_text().split()[0])
            assert peak <= limits.parse_size(MEMORY)
            print(f"peak memory of the learner's group: {peak / 2**20:.0f} MiB (limit {MEMORY})")
    assert learner.api("GET", "/api/status").status_code == 200, "the learner's server died with its kernel"


# --- a learner in a real browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator:
    yield from bs.browser_or_skip()


def log_in(page, hub: dict, person: dict) -> None:  # type: ignore[no-untyped-def]
    """Log `person` in through the hub's own log-in form, as a learner does."""
    page.goto(f"{hub['base']}/hub/login", timeout=60_000)
    page.fill("input[name=username]", person["username"])
    page.fill("input[name=password]", person["password"])
    page.click("input[type=submit], button[type=submit]")


def test_a_learner_logs_in_and_moves_the_pricing_slider(hub: dict, browser) -> None:  # type: ignore[no-untyped-def]
    person = learners_of(hub)[1]
    context = browser.new_context(viewport=bs.VIEWPORT)
    bs.offline_but_localhost(context)
    try:
        page = context.new_page()
        log_in(page, hub, person)
        page.wait_for_url("**/user/**/lab**", timeout=120_000)
        page.goto(f"{hub['base']}/user/{person['username']}/lab/workspaces/hubtest/tree/notebooks/simulators/"
                  "pricing.ipynb?reset", timeout=120_000)
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").wait_for(timeout=60_000)
        bs.lab_wait_kernel_ready(page, 60_000)
        bs.lab_run_all_cells(page, 30_000)
        page.locator(bs.RESULT_TEXT).first.wait_for(timeout=90_000)
        before = bs.result_text(page)
        bs.nudge_slider(page, "ArrowRight", 5)
        after = bs.wait_result_changes(page, before, 30_000)
        assert after != before and any(sign in after for sign in bs.CURRENCY_SIGNS), (before, after)
        # the learner's Lab has the Assignments tab but no teacher tool
        assert page.locator(bs.WIDGET_ERROR).count() == 0
    finally:
        context.close()


# --- stop ----------------------------------------------------------------------------------------------------------


def test_stop_ends_everything_it_started(hub: dict) -> None:
    from atelier.hub import limits

    pid = int((hub["state"] / "private" / "hub.pid").read_text())
    users = {p["username"] for p in hub["people"]}
    hub_command("--stop", "--state-dir", str(hub["state"]))
    time.sleep(1)
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                owner = pwd.getpwuid(entry.stat().st_uid).pw_name
            except (KeyError, OSError):
                continue
            if owner in users:
                left.append((entry.name, owner))
    assert not left, f"processes of the hub's accounts survived --stop: {left}"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    group = limits.own_memory_cgroup()
    if group is not None:
        assert not (group[0] / limits.GROUP).exists()
