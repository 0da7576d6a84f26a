#!/usr/bin/env python3
"""Artisanat 2.0 — the course's one entry point.

    python3 course.py lab      set up the course's environment and open JupyterLab on the start notebook
    python3 course.py setup    only set up the environment (e.g. on each laptop before the workshop)
    python3 course.py test     set up the same environment (plus test tools) and run the whole test suite
    python3 course.py release  generate the learners' version of the graded exercises (nbgrader)
    python3 course.py grade    grade a whole class of collected submissions (see exercises/README.md)
    python3 course.py voila    serve the simulators as code-free apps
    python3 course.py refresh  after editing a reference table: update every figure, run the content checks
    python3 course.py edition learner|trainer   build dist/artisanat-<version>-<edition>.zip
    python3 course.py kit      build the offline install kit (both editions and the wheels), online, once
    python3 course.py hub      serve the course to a room with JupyterHub (Linux, as root; see instructors/hub.md)

Add `--lang fr` to lab, voila, release, grade, edition or hub for the French edition (l'édition française):
    python3 course.py lab --lang fr    ouvre le cours en français (JupyterLab en français, leçons en français)

Needs only Python 3.11.5 to 3.14. Everything is installed into `.venv/` beside this file; a second run with nothing
changed installs nothing and starts at once. With no internet, the packages come from an offline kit's `wheelhouse/`
folder placed beside this folder (or named with `--wheelhouse PATH`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".artisanat-installed"
CONSTRAINTS = ROOT / "constraints.txt"  # the exact versions the test suite passed with
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
LANGUAGES = ("en", "fr")
# each language's start notebook, simulators folder and nbgrader course (the French twins: notebooks/fr/ ...)
START_NOTEBOOKS = {"en": START_NOTEBOOK, "fr": "notebooks/fr/00_bienvenue.ipynb"}
SIMULATORS = {"en": "notebooks/simulators", "fr": "notebooks/fr/simulateurs"}
EXERCISE_COURSES = {"en": "exercises", "fr": "exercises/fr"}
# the French kernel: the same Python, with ARTISANAT_LANG=fr so the package speaks French (every French notebook
# names it in its metadata; see CONTRIBUTING.md, "The French edition")
FRENCH_KERNEL = "artisanat-fr"
FRENCH_KERNEL_TITLE = "Python 3 (Artisanat, français)"
ROOT_MARK = VENV / ".artisanat-root"  # the folder this .venv was made for: a moved folder needs a new .venv
LOGS = ROOT / "logs"  # Jupyter's and pip's own logs: the terminal shows only what a learner needs
EDITION_FILE = ROOT / "edition.json"  # written by `course.py edition`; absent in a checkout of the sources
JUPYTER_CONFIG = ROOT / "jupyter_config"  # the course's own Jupyter settings (see jupyter_config/README.md)
JUPYTER_DATA = ROOT / "jupyter_data"  # the course's Voila template (no CDN font)
# the Python versions the pinned packages install on (constraints.txt: soupsieve 4.1.3 needs 3.11.5; the newest
# Python the pinned numpy, pandas and matplotlib ship wheels for is 3.14)
OLDEST_PYTHON = (3, 11, 5)
NEWEST_PYTHON = (3, 14)
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
        # the test tools include the hub's packages (requirements-test.txt names requirements-hub.txt): a change to
        # either must reinstall; the last file is the one pip installs
        files += [ROOT / "requirements-hub.txt", ROOT / "requirements-test.txt"]
    return files


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in [*files, CONSTRAINTS, ROOT / "pyproject.toml"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def python_problem(version: tuple[int, ...]) -> str | None:
    """A plain sentence when this Python cannot run the course's pinned packages, else None."""
    if tuple(version[:3]) < OLDEST_PYTHON or tuple(version[:2]) > NEWEST_PYTHON:
        found = ".".join(str(part) for part in version[:3])
        return (f"Artisanat 2.0 needs Python 3.11.5 to 3.14; this is Python {found}. Install one of those "
                "(python.org) and run this command with it.")
    return None


def edition_stamp() -> dict:
    """What `course.py edition` wrote into edition.json (nothing in a checkout of the sources)."""
    try:
        stamp = json.loads(EDITION_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def edition() -> str:
    """"learner", "trainer", or "repository" for a checkout of the sources."""
    return str(edition_stamp().get("edition", "repository"))


def default_language() -> str:
    """The edition's language ("fr" in a French edition), else English."""
    language = edition_stamp().get("language", "en")
    return language if language in LANGUAGES else "en"


def find_wheelhouse(given: str | None) -> Path | None:
    """The offline kit's wheelhouse: the one named, else one inside or beside this folder (or None)."""
    if given:
        path = Path(given).expanduser().resolve()
        if not path.is_dir() or not any(path.glob("*.whl")):
            sys.exit(f"[artisanat] {path} is not an offline kit's wheelhouse (a folder of .whl files).")
        return path
    for candidate in (os.environ.get("ARTISANAT_WHEELHOUSE"), ROOT / "wheelhouse", ROOT.parent / "wheelhouse"):
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.whl")):
            return Path(candidate).resolve()
    return None


def venv_made_here() -> bool:
    """Was `.venv` made for this very folder? A copied or moved one has scripts that point at the old place."""
    if ROOT_MARK.exists():
        return ROOT_MARK.read_text(encoding="utf-8").strip() == str(ROOT)
    pip = venv_bin("pip")
    if os.name != "nt" and pip.exists():  # a .venv made before the mark existed: its scripts name their python
        head = pip.read_text(encoding="utf-8", errors="replace").splitlines()[:3]
        return any(str(VENV / "bin" / "python") in line for line in head)
    return False


NETWORK_TROUBLE = re.compile(
    r"NewConnectionError|Temporary failure in name resolution|Network is unreachable|Failed to establish|"
    r"No address associated|getaddrinfo failed|Max retries exceeded|ConnectTimeout|ProxyError", re.IGNORECASE)


def pip_quietly(args: list[str], log: Path, offline: bool) -> bool:
    """Run pip with its output in `log`; True when it worked. An offline run ignores every pip setting of the
    machine (index, extra links, constraints) so that the wheelhouse alone is used."""
    env = dict(os.environ)
    if offline:
        env = {key: value for key, value in env.items() if not key.startswith("PIP_")}
        env["PIP_CONFIG_FILE"] = os.devnull
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"\n$ pip {' '.join(args)}\n")
        handle.flush()
        result = subprocess.run([str(venv_bin("python")), "-m", "pip", *args], cwd=ROOT, env=env,
                                stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return result.returncode == 0


def install_failed(log: Path, wheelhouse: Path | None) -> None:
    """Stop with one sentence saying what is needed (pip's own words stay in the log)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    where = f"{sys.platform}, Python {sys.version.split()[0]}"
    if wheelhouse is not None:
        sys.exit(f"[artisanat] The offline kit at {wheelhouse} has no packages for this computer ({where}): "
                 f"build a kit that includes it (python3 course.py kit). Details: {log}")
    if NETWORK_TROUBLE.search(text):
        sys.exit("[artisanat] The course's packages could not be downloaded: this computer seems to have no "
                 "internet. Connect it, or put the offline kit's 'wheelhouse' folder beside this folder "
                 f"(or give it with --wheelhouse PATH), then run this command again. Details: {log}")
    sys.exit(f"[artisanat] Installing the course's packages failed; the details are in {log}.")


def ensure_environment(with_tests: bool, wheelhouse: Path | None = None) -> None:
    """Create `.venv` and install the requirements, only when they changed since the last install.
    With a wheelhouse the packages come from it alone (`--no-index`); without one, from the package index."""
    problem = python_problem(sys.version_info)
    if problem:
        sys.exit("[artisanat] " + problem)
    if with_tests:
        wheelhouse = None  # the kit holds what the course needs, not the test tools
    files = requirement_files(with_tests)
    wanted = fingerprint(files)
    if VENV.exists() and not venv_made_here():
        say("this folder was moved or copied here: making its own .venv (the old one cannot move with it)")
        shutil.rmtree(VENV)
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in installed:
        ensure_french_kernel()
        say("environment up to date (.venv)")
        return
    LOGS.mkdir(exist_ok=True)
    log = LOGS / "install.log"
    if not venv_bin("python").exists():
        say("creating the course environment in .venv (once, about a minute)")
        with log.open("a", encoding="utf-8") as handle:
            made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], stdout=handle, stderr=subprocess.STDOUT)
        if made.returncode != 0:
            sys.exit("[artisanat] Python could not create the course's environment (.venv). On Debian or Ubuntu, "
                     f"install the python3-venv package first (sudo apt install python3-venv). Details: {log}")
        ROOT_MARK.write_text(str(ROOT) + "\n", encoding="utf-8")
    common = ["install", "--disable-pip-version-check", "--progress-bar", "off", "--quiet"]
    if wheelhouse is not None:
        say(f"installing the course's packages from the offline kit ({wheelhouse})")
        source = ["--no-index", "--find-links", str(wheelhouse)]
    else:
        say("installing the course's packages (about a minute the first time)")
        source = []
        if not pip_quietly([*common, "--upgrade", "pip"], log, offline=False):
            install_failed(log, None)
    if not pip_quietly([*common, *source, "--requirement", str(files[-1]), "--constraint", str(CONSTRAINTS)],
                       log, offline=wheelhouse is not None):
        install_failed(log, wheelhouse)
    ROOT_MARK.write_text(str(ROOT) + "\n", encoding="utf-8")
    write_lab_settings()
    ensure_french_kernel()
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


def french_kernel_file() -> Path:
    return VENV / "share" / "jupyter" / "kernels" / FRENCH_KERNEL / "kernel.json"


def ensure_french_kernel() -> None:
    """Install the French edition's kernel into .venv (once): the course's Python with ARTISANAT_LANG=fr."""
    if french_kernel_file().exists():
        return
    subprocess.run([str(venv_bin("python")), "-m", "ipykernel", "install", "--sys-prefix", "--name", FRENCH_KERNEL,
                    "--display-name", FRENCH_KERNEL_TITLE, "--env", "ARTISANAT_LANG", "fr"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def french_lab_settings() -> Path:
    """A settings folder for JupyterLab in French (its French language pack is one of the requirements)."""
    folder = VENV / "share" / "artisanat" / "lab-fr" / "user-settings"
    plugin = folder / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    plugin.write_text(json.dumps({"locale": "fr_FR"}, indent=2) + "\n", encoding="utf-8")
    return folder


def ensure_debian_package(program: str, package: str, why: str, without: str) -> None:
    """Install Debian's `package` (which provides `program`) where it is missing and we may, else say `without`."""
    if not sys.platform.startswith("linux") or shutil.which(program):
        return
    if shutil.which("apt-get") and running_as_root():
        say(f"installing {package}, {why} (once)")
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            **quiet,
        )
    else:
        say(f"{package} not found: {without} (install the '{package}' package)")


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium."""
    if os.environ.get("ARTISANAT_BROWSER"):
        return
    ensure_debian_package("chromium", "chromium", "the browser the browser tests drive",
                          "the browser tests will be skipped")


def ensure_bubblewrap() -> None:
    """The class grader runs each hand-in in Debian's bubblewrap sandbox."""
    ensure_debian_package("bwrap", "bubblewrap", "the sandbox the grader runs hand-ins in",
                          "hand-ins will be graded without a sandbox")


def run(argv: list[str]) -> int:
    return subprocess.call(argv, cwd=ROOT)


def jupyter_env() -> dict[str, str]:
    """The environment of the course's Jupyter: its own settings first (the learner edition's switch nbgrader's
    teacher tools off), its Voila template, and nothing else changed."""
    folders = [JUPYTER_CONFIG / "course"]
    if edition() == "learner":
        folders.insert(0, JUPYTER_CONFIG / "learner")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([*map(str, folders), *filter(None, [env.get("JUPYTER_CONFIG_PATH")])])
    env["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA), *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def lab_argv(extra: list[str], token: str, language: str = "en") -> list[str]:
    french = [f"--LabApp.user_settings_dir={french_lab_settings()}"] if language == "fr" else []
    return [
        str(venv_bin("jupyter")),
        "lab",
        START_NOTEBOOKS[language],
        "--ip=127.0.0.1",
        *french,
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        *(["--allow-root"] if running_as_root() else []),
        *extra,
    ]


ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/")
SHOWN_LEVELS = ("[E ", "[C ")  # Jupyter's error and critical lines still reach the terminal


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_quietly(argv: list[str], log: Path, what: str, address: str) -> int:
    """Run a Jupyter server with its output in `log`; print its address once it is up, its errors as they come,
    and stop it cleanly (kernels too) on Ctrl+C. `address` is the page to open, with `{port}` left to fill in
    (Jupyter logs its address with the token hidden)."""
    LOGS.mkdir(exist_ok=True)
    handle = log.open("w", encoding="utf-8")
    # POSIX: the server gets its own session and course.py stops it (SIGTERM: Jupyter then shuts its kernels down).
    # Windows: it shares the console, so Ctrl+C reaches it too; with no terminal on its input it stops at once.
    process = subprocess.Popen(argv, cwd=ROOT, env=jupyter_env(), stdout=handle, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=os.name != "nt")
    announced, stopping = threading.Event(), threading.Event()

    def follow() -> None:
        with log.open(encoding="utf-8", errors="replace") as reader:
            while True:
                line = reader.readline()
                if not line:
                    if process.poll() is not None:
                        return
                    time.sleep(0.2)
                    continue
                found = ADDRESS.search(line)
                if found and not announced.is_set():
                    announced.set()
                    say(f"{what} is ready: open {address.format(port=found.group(1))}")
                    say("(a browser window should open by itself; to stop the course, press Ctrl+C here)")
                elif line.startswith(SHOWN_LEVELS) and not stopping.is_set():
                    print(line.rstrip(), flush=True)

    if os.name != "nt":  # a `kill` (or a closed terminal) stops the server as cleanly as Ctrl+C
        signal.signal(signal.SIGTERM, interrupt)
        signal.signal(signal.SIGHUP, interrupt)
    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    say(f"starting {what}… (its log: {log.relative_to(ROOT)})")
    try:
        code = process.wait()
    except KeyboardInterrupt:
        stopping.set()
        say(f"stopping {what}…")
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGTERM)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        code = 0
    follower.join(timeout=2)
    handle.close()
    if code and not announced.is_set():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        say(f"{what} stopped before it was ready; the end of its log ({log}):\n{tail}")
    return code


def lab(extra: list[str], wheelhouse: Path | None = None, language: str = "en") -> int:
    ensure_environment(with_tests=False, wheelhouse=wheelhouse)
    # a private token in the address; ARTISANAT_TOKEN sets a fixed one (tests, a trainer's bookmarked address)
    token = os.environ.get("ARTISANAT_TOKEN") or secrets.token_urlsafe(24)
    address = f"http://127.0.0.1:{{port}}/lab/tree/{START_NOTEBOOKS[language]}?token={token}"
    return serve_quietly(lab_argv(extra, token, language), LOGS / "jupyterlab.log", "JupyterLab", address)


def running_as_root() -> bool:
    """Jupyter refuses to start as root (a container, a lab machine) unless told it may."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test(extra: list[str]) -> int:
    ensure_environment(with_tests=True)
    ensure_chromium()
    ensure_bubblewrap()
    ensure_debian_package("npm", "npm", "what installs the hub's web proxy for the hub tests",
                          "the hub tests will be skipped")
    return run([str(venv_bin("python")), "-m", "pytest", *extra])


def voila_argv(extra: list[str], language: str = "en") -> list[str]:
    return [
        str(venv_bin("voila")),
        SIMULATORS[language],
        "--Voila.ip=127.0.0.1",
        # jupyter_data/voila/templates/artisanat: Voila's lab template with no CDN font; artisanat-fr: in French
        "--template=artisanat" + ("-fr" if language == "fr" else ""),
        *(["--VoilaExporter.language_code=fr"] if language == "fr" else []),
        *([] if any(arg.startswith("--port") for arg in extra) else ["--port=8866"]),
        *extra,
    ]


def voila(extra: list[str], wheelhouse: Path | None = None, language: str = "en") -> int:
    ensure_environment(with_tests=False, wheelhouse=wheelhouse)
    say("serving the simulators as apps; open the address below, Ctrl+C to stop")
    return subprocess.call(voila_argv(extra, language), cwd=ROOT, env=jupyter_env())


def module(name: str, *prefix: str, language_as: str = "course-dir"):
    """A command run by a module of the package; the language becomes its nbgrader course folder (or `--lang`)."""

    def command(extra: list[str], wheelhouse: Path | None = None, language: str = "en") -> int:
        ensure_environment(with_tests=False, wheelhouse=wheelhouse)
        chosen: list[str] = []
        if language != "en" and language_as == "course-dir" and "--course-dir" not in extra:
            chosen = ["--course-dir", str(ROOT / EXERCISE_COURSES[language])]
        elif language_as == "lang":
            chosen = ["--lang", language]
        env = {**os.environ, "ARTISANAT_LANG": language}  # the command's own messages in that language
        return subprocess.call([str(venv_bin("python")), "-m", name, *prefix, *extra, *chosen], cwd=ROOT, env=env)

    return command


def setup(extra: list[str], wheelhouse: Path | None = None) -> int:
    ensure_environment(with_tests=False, wheelhouse=wheelhouse)
    return 0


def test_command(extra: list[str], wheelhouse: Path | None = None) -> int:
    return test(extra)


def kit(extra: list[str], wheelhouse: Path | None = None) -> int:
    """The kit resolves with uv, a test tool: it needs the test environment."""
    ensure_environment(with_tests=True)
    return run([str(venv_bin("python")), "-m", "atelier.kit", "kit", *extra])


def refresh(extra: list[str], wheelhouse: Path | None = None) -> int:
    """After a reference table is edited: its content checks run with the test tools, so it needs that environment."""
    ensure_environment(with_tests=True, wheelhouse=wheelhouse)
    return run([str(venv_bin("python")), "-m", "atelier.refresh", *extra])


def hub(extra: list[str], wheelhouse: Path | None = None, language: str = "en") -> int:
    """JupyterHub for a room: the course's environment plus requirements-hub.txt (installed once). With `--lang fr`
    the room gets the French edition (the hub remembers it: release, grade and --stop follow it)."""
    ensure_environment(with_tests=False, wheelhouse=wheelhouse)
    files = [ROOT / "requirements-hub.txt"]
    wanted = fingerprint(files)
    stamp = VENV / ".artisanat-hub-installed"
    if not (stamp.exists() and stamp.read_text().strip() == wanted):
        say("installing the hub's packages (JupyterHub, once)")
        source = ["--no-index", "--find-links", str(wheelhouse)] if wheelhouse is not None else []
        LOGS.mkdir(exist_ok=True)
        log = LOGS / "install.log"
        if not pip_quietly(["install", "--disable-pip-version-check", "--quiet", *source, "--requirement",
                            str(files[0]), "--constraint", str(CONSTRAINTS)], log, offline=wheelhouse is not None):
            install_failed(log, wheelhouse)
        stamp.write_text(wanted + "\n")
    ensure_bubblewrap()
    if language == "fr":
        ensure_french_kernel()
    env = {**os.environ, "ARTISANAT_LANG": language}  # the command's help and messages in that language
    return subprocess.call([str(venv_bin("python")), "-m", "atelier.hub", *extra, "--lang", language], cwd=ROOT,
                           env=env)


COMMANDS = {
    "lab": lab,
    "setup": setup,
    "test": test_command,
    "voila": voila,
    "refresh": refresh,
    "release": module("atelier.grading.release"),
    "grade": module("atelier.grading.grade"),
    "edition": module("atelier.kit", "edition", language_as="lang"),
    "kit": kit,
    "hub": hub,
}
TRAINER_ONLY = {"test", "refresh", "release", "grade", "edition", "kit", "hub"}
SPEAKS = {"lab", "voila", "release", "grade", "edition", "hub"}  # the commands that take --lang


def take_option(argv: list[str], option: str) -> tuple[list[str], str | None]:
    """Remove `--option VALUE` (or `--option=VALUE`) from the arguments; return the rest and VALUE."""
    rest, given, index = [], None, 0
    while index < len(argv):
        arg = argv[index]
        if arg == option and index + 1 < len(argv):
            given, index = argv[index + 1], index + 2
            continue
        if arg.startswith(option + "="):
            given = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        index += 1
    return rest, given


def take_wheelhouse(argv: list[str]) -> tuple[list[str], str | None]:
    return take_option(argv, "--wheelhouse")


def take_language(argv: list[str]) -> tuple[list[str], str | None]:
    return take_option(argv, "--lang")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if not argv else 2
    if argv[0] in TRAINER_ONLY and edition() == "learner":
        print(f"[artisanat] '{argv[0]}' is for trainers: it is in the trainer edition, not in this learner edition.")
        return 2
    rest, given = take_wheelhouse(argv[1:])
    rest, language = take_language(rest)
    if language is None:
        language = default_language()
    elif argv[0] not in SPEAKS:
        print(f"[artisanat] '{argv[0]}' has no --lang: it takes no language.")
        return 2
    language = language.lower().split("_")[0].split("-")[0]
    if language not in LANGUAGES:
        print(f"[artisanat] --lang takes en (English) or fr (français), not '{language}'.")
        return 2
    if argv[0] not in SPEAKS:
        return COMMANDS[argv[0]](rest, find_wheelhouse(given))
    return COMMANDS[argv[0]](rest, find_wheelhouse(given), language)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
