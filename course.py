#!/usr/bin/env python3
"""Artisanat 2.0 — the course's one entry point.

    python3 course.py lab      set up the course's environment and open JupyterLab on the start notebook
    python3 course.py test     set up the same environment (plus test tools) and run the whole test suite
    python3 course.py release  generate the learners' version of the graded exercises (nbgrader)
    python3 course.py grade    grade a whole class of collected submissions (see exercises/README.md)
    python3 course.py voila    serve the simulators as code-free apps

Needs only Python >= 3.11. Everything is installed into `.venv/` beside this file; a second run with nothing
changed installs nothing and starts at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".artisanat-installed"
CONSTRAINTS = ROOT / "constraints.txt"  # the exact versions the test suite passed with
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
LAB_SETTINGS = {
    # no news pop-up and no update check: a workshop room may have no internet
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def say(message: str) -> None:
    print(f"[artisanat] {message}", flush=True)


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def requirement_files(with_tests: bool) -> list[Path]:
    files = [ROOT / "requirements.txt"]
    if with_tests:
        files.append(ROOT / "requirements-test.txt")
    return files


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in [*files, CONSTRAINTS, ROOT / "pyproject.toml"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment(with_tests: bool) -> None:
    """Create `.venv` and install the requirements, only when they changed since the last install."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this script must speak to an older Python too)
        sys.exit("Artisanat 2.0 needs Python 3.11 or newer; this is " + sys.version.split()[0] + ".")
    files = requirement_files(with_tests)
    wanted = fingerprint(files)
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in installed:
        say("environment up to date (.venv)")
        return
    if not venv_bin("python").exists():
        say("creating the course environment in .venv (once, about a minute)")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    say("installing the course's packages (about a minute the first time)")
    pip = [str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"]
    subprocess.run([*pip, "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--quiet", "--requirement", str(files[-1]), "--constraint", str(CONSTRAINTS)],
                   check=True, cwd=ROOT)
    write_lab_settings()
    # a test environment also satisfies the lab command, so remember both fingerprints
    fingerprints = {wanted}
    if with_tests:
        fingerprints.add(fingerprint(requirement_files(False)))
    STAMP.write_text("\n".join(sorted(fingerprints | set(installed))) + "\n")
    say("environment ready")


def write_lab_settings() -> None:
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_SETTINGS, indent=2) + "\n")


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; install it where it is missing and we may."""
    if os.environ.get("ARTISANAT_BROWSER") or shutil.which("chromium"):
        return
    if sys.platform.startswith("linux") and shutil.which("apt-get") and running_as_root():
        say("installing Chromium for the browser tests (once, about a minute)")
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            **quiet,
        )
    else:
        say("Chromium not found: the browser tests will be skipped (install the 'chromium' package to run them)")


def ensure_bubblewrap() -> None:
    """The class grader runs each hand-in in Debian's bubblewrap sandbox; install it where missing and we may."""
    if not sys.platform.startswith("linux") or shutil.which("bwrap"):
        return
    if shutil.which("apt-get") and running_as_root():
        say("installing bubblewrap, the sandbox the grader runs hand-ins in (once, a few seconds)")
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "bubblewrap"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            **quiet,
        )
    else:
        say("bubblewrap not found: hand-ins will be graded without a sandbox (install the 'bubblewrap' package)")


def run(argv: list[str]) -> int:
    return subprocess.call(argv, cwd=ROOT)


def lab(extra: list[str]) -> int:
    ensure_environment(with_tests=False)
    # Jupyter makes a random private token and prints the full address with it; ARTISANAT_TOKEN sets a fixed one
    token = os.environ.get("ARTISANAT_TOKEN")
    say("opening JupyterLab; if no browser opens, copy the address that starts with http://127.0.0.1 below")
    say("to stop the course: press Ctrl+C in this window, twice")
    return run(
        [
            str(venv_bin("jupyter")),
            "lab",
            START_NOTEBOOK,
            "--ip=127.0.0.1",
            *([f"--IdentityProvider.token={token}"] if token else []),
            f"--ServerApp.root_dir={ROOT}",
            *(["--allow-root"] if running_as_root() else []),
            *extra,
        ]
    )


def running_as_root() -> bool:
    """Jupyter refuses to start as root (a container, a lab machine) unless told it may."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test(extra: list[str]) -> int:
    ensure_environment(with_tests=True)
    ensure_chromium()
    ensure_bubblewrap()
    return run([str(venv_bin("python")), "-m", "pytest", *extra])


def voila(extra: list[str]) -> int:
    ensure_environment(with_tests=False)
    say("serving the simulators as apps; open the address below, Ctrl+C to stop")
    return run(
        [
            str(venv_bin("voila")),
            "notebooks/simulators",
            "--Voila.ip=127.0.0.1",
            *([] if any(arg.startswith("--port") for arg in extra) else ["--port=8866"]),
            *extra,
        ]
    )


def module(name: str):
    def command(extra: list[str]) -> int:
        ensure_environment(with_tests=False)
        return run([str(venv_bin("python")), "-m", name, *extra])

    return command


COMMANDS = {
    "lab": lab,
    "test": test,
    "voila": voila,
    "release": module("atelier.grading.release"),
    "grade": module("atelier.grading.grade"),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if not argv else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
