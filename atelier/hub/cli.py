"""`python3 course.py hub …`: start, stop, release an exercise to the room, collect + grade + return feedback.

Run as root on Linux (the hub makes system accounts and starts each person's server as that person). Everything
the hub makes lives in one state folder (default /var/lib/artisanat-hub): `private/` (root only: the accounts and
their passwords, the hub's database and log, the log-in sheet), `home/<user>/` (each person's folder, 0700),
`exchange/` (nbgrader's exchange), `learner-edition/` (what learners' servers see as the course folder) and
`proxy/` (configurable-http-proxy, installed by npm from jupyter_config/hub/proxy's lock file).

`--lang fr` serves the French edition: JupyterLab in French (its language pack), the French start notebook, the
French kernel as default, the French nbgrader course (exercises/fr, `artisanat2-fr`), a French log-in sheet and
French messages. The hub remembers its language: `release`, `grade` and `--stop` follow it.
"""

from __future__ import annotations

import argparse
import grp
import ipaddress
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from atelier.i18n import _, set_language
from atelier.i18n import language as messages_language

from . import accounts, limits
from .accounts import ClassListError, Person
from .sheet import login_sheet

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
DEFAULT_STATE = Path("/var/lib/artisanat-hub")
HUB_CONFIG = ROOT / "jupyter_config" / "hub" / "jupyterhub_config.py"
PROXY_PACKAGE = ROOT / "jupyter_config" / "hub" / "proxy"
HUB_GROUP = "artisanat-hub"  # every account the hub made is in it
COURSE_FILES = ("notebooks", "datasets", "case_studies")  # copied into each person's folder
LANGUAGES = ("en", "fr")
# each language's start notebook, nbgrader course (its sources and settings) and the trainer's copy of it
START_NOTEBOOKS = {"en": "notebooks/00_start_here.ipynb", "fr": "notebooks/fr/00_bienvenue.ipynb"}
EXERCISE_COURSES = {"en": ROOT / "exercises", "fr": ROOT / "exercises" / "fr"}
TRAINER_COURSES = {"en": "course", "fr": "cours"}
EXAMPLE_EXERCISES = {"en": "ex01_artisanat_online", "fr": "ex01_artisanat_en_ligne"}  # named in the messages
# the French kernel (as course.py installs it): the course's Python with ARTISANAT_LANG=fr
FRENCH_KERNEL = "artisanat-fr"
FRENCH_KERNEL_TITLE = "Python 3 (Artisanat, français)"
# JupyterLab's settings for a hub in French: the course's usual ones (no news pop-up) and the French interface
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/translation-extension:plugin": {"locale": "fr_FR"},
}


class HubError(Exception):
    """The hub cannot do what was asked; the message says why in plain words."""


@dataclass(frozen=True)
class Layout:
    """The folders of one hub."""

    state: Path

    @property
    def private(self) -> Path:
        return self.state / "private"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def edition(self) -> Path:
        return self.state / "learner-edition"

    @property
    def config(self) -> Path:
        return self.state / "config"

    @property
    def proxy(self) -> Path:
        return self.state / "proxy"

    @property
    def accounts_file(self) -> Path:
        return self.private / "accounts.json"

    @property
    def settings_file(self) -> Path:
        return self.private / "settings.json"

    @property
    def pid_file(self) -> Path:
        return self.private / "hub.pid"

    @property
    def log(self) -> Path:
        return self.private / "jupyterhub.log"

    @property
    def sheet(self) -> Path:
        return self.private / "login_sheet.html"

    @property
    def lab_settings(self) -> Path:
        """JupyterLab's app settings folder of a hub in French (overrides.json: the French interface)."""
        return self.config / "lab-fr"

    def home(self, username: str) -> Path:
        return self.homes / username


# ---- pure parts -------------------------------------------------------------------------------------------------

def room_address(interfaces: dict[str, list[str]]) -> str | None:
    """The address learners type: the first private IPv4 address of a network card (not loopback, not docker)."""
    candidates = []
    for name, addresses in sorted(interfaces.items()):
        if name == "lo" or name.startswith(("docker", "br-", "veth", "virbr")):
            continue
        for text in addresses:
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            if address.version == 4 and not address.is_loopback and not address.is_link_local:
                candidates.append((not address.is_private, name, text))
    return min(candidates)[2] if candidates else None


def exposure_note(address: str, port: int) -> str:
    """What `--room` exposes, in plain words."""
    return _(
        "The hub is open to this room's network at http://{address}:{port}/ . Anyone connected to that network "
        "can open the log-in page; only the people on the log-in sheet can get in, each to their own folder. "
        "The connection is not encrypted (http): use the room's own network, never a public Wi-Fi, and stop the "
        "hub after the workshop (python3 course.py hub --stop)."
    ).format(address=address, port=port)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_args(language: str, lab_settings: Path) -> list[str]:
    """What each person's Jupyter server is told besides the hub's defaults: in French, the Lab's French settings
    and the French kernel for new notebooks (English: nothing, Jupyter's own defaults)."""
    if language != "fr":
        return []
    return [f"--LabApp.app_settings_dir={lab_settings}", f"--MappingKernelManager.default_kernel_name={FRENCH_KERNEL}"]


def start_url(language: str) -> str:
    """Where each person's Lab opens after log-in: the start notebook of the hub's language (English: the Lab)."""
    return "/lab" if language == "en" else f"/lab/tree/{START_NOTEBOOKS[language]}"


def course_id(course_dir: Path) -> str:
    from atelier.grading import load_config

    return str(load_config(course_dir).CourseDirectory.course_id)


# ---- the state folder --------------------------------------------------------------------------------------------

def load_people(layout: Layout) -> list[Person]:
    if not layout.accounts_file.exists():
        return []
    rows = json.loads(layout.accounts_file.read_text(encoding="utf-8"))
    return [Person(**row) for row in rows]


def save_people(layout: Layout, people: list[Person]) -> None:
    layout.accounts_file.write_text(json.dumps([p.as_dict() for p in people], ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    layout.accounts_file.chmod(0o600)


def chown_tree(path: Path, username: str) -> None:
    entry = pwd.getpwnam(username)
    for folder, _subfolders, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.lchown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)


def open_to_all(path: Path) -> None:
    """Readable (not writable) by every account: the learner edition, the shared settings."""
    for folder, _subfolders, files in os.walk(path):
        os.chmod(folder, 0o755)
        for name in files:
            file = os.path.join(folder, name)
            os.chmod(file, 0o755 if os.access(file, os.X_OK) else 0o644)


def write_learner_edition(layout: Layout) -> None:
    """The learner edition (the course's own `edition` code: no answers, no teacher tools), as a folder."""
    from atelier.kit import EDITION_FILE, course_files, learner_keeps, without_outputs

    files = {name: (ROOT / name).read_bytes() for name in course_files(ROOT) if learner_keeps(name)}
    files = {name: without_outputs(data) if name.endswith(".ipynb") else data for name, data in files.items()}
    # the exercises reach learners through nbgrader's exchange (course.py hub release), not in this folder
    files = {name: data for name, data in files.items() if not name.startswith("exercises/")}
    files[EDITION_FILE] = (json.dumps({"edition": "learner", "served_by": "hub"}) + "\n").encode("utf-8")
    target = layout.edition
    shutil.rmtree(target, ignore_errors=True)
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (target / ".venv").mkdir(exist_ok=True)  # where the course's Python environment is shown
    open_to_all(target)


def fill_home(layout: Layout, person: Person, language: str = "en") -> None:
    """A new person's folder: the lessons and data of their edition; the trainer also gets the course's
    nbgrader folder of the hub's language (`course/`, in French `cours/`: the exercises' sources, the gradebook)."""
    home = layout.home(person.username)
    source = layout.edition if person.role == "learner" else ROOT
    for name in COURSE_FILES:
        if (source / name).exists() and not (home / name).exists():
            shutil.copytree(source / name, home / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    course = home / TRAINER_COURSES[language]
    if person.role == "trainer" and not course.exists():
        shutil.copytree(EXERCISE_COURSES[language] / "source", course / "source",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    chown_tree(home, person.username)
    home.chmod(0o700)


def trainer_course(layout: Layout, trainer: Person, language: str = "en") -> Path:
    return layout.home(trainer.username) / TRAINER_COURSES[language]


def write_course_config(layout: Layout, trainer: Person, language: str = "en") -> None:
    """The trainer's nbgrader settings: the course's own (of the hub's language), plus the exchange."""
    course = trainer_course(layout, trainer, language)
    text = (EXERCISE_COURSES[language] / "nbgrader_config.py").read_text(encoding="utf-8")
    text += (
        "\n# the hub's exchange (python3 course.py hub)\n"
        f"c.Exchange.root = {str(layout.exchange)!r}\n"
        'c.ExchangeFactory.submit = "atelier.hub.exchange.PrivateSubmit"\n'
    )
    (course / "nbgrader_config.py").write_text(text, encoding="utf-8")
    chown_tree(course, trainer.username)


def write_jupyter_configs(layout: Layout, trainer: Person, course: str, language: str = "en") -> None:
    """The nbgrader settings each person's Jupyter reads (JUPYTER_CONFIG_PATH); in French, the Lab's settings."""
    learner = layout.config / "learner"
    learner.mkdir(parents=True, exist_ok=True)
    (learner / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course!r}\n"
        f"c.Exchange.root = {str(layout.exchange)!r}\n"
        'c.ExchangeFactory.submit = "atelier.hub.exchange.PrivateSubmit"\n',
        encoding="utf-8",
    )
    teacher = layout.config / "trainer"
    teacher.mkdir(parents=True, exist_ok=True)
    (teacher / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(trainer_course(layout, trainer, language) / 'nbgrader_config.py')!r})  # noqa: F821\n",
        encoding="utf-8",
    )
    shutil.rmtree(layout.lab_settings, ignore_errors=True)
    if language == "fr":
        layout.lab_settings.mkdir(parents=True)
        (layout.lab_settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1) + "\n",
                                                             encoding="utf-8")
    open_to_all(layout.config)


def make_exchange(layout: Layout, trainer: Person, course: str) -> None:
    """nbgrader's exchange: outbound readable by all, inbound writable by all but readable only by the trainers'
    group (set-group-ID, so each hand-in belongs to it), feedback reachable only by its secret name."""
    group = grp.getgrgid(pwd.getpwnam(trainer.username).pw_gid).gr_gid
    folder = layout.exchange / course
    # nbgrader insists that its root be writable by all: 1777, with the sticky bit as /tmp
    for path, mode, gid in ((layout.exchange, 0o1777, 0), (folder, 0o755, 0), (folder / "outbound", 0o755, 0),
                            (folder / "inbound", 0o2733, group), (folder / "feedback", 0o711, 0)):
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, 0, gid)
        path.chmod(mode)


def write_gradebook_names(layout: Layout, trainer: Person, people: list[Person], language: str = "en") -> None:
    """Formgrader lists learners by their real names: put them in the trainer's gradebook."""
    from nbgrader.api import Gradebook

    from atelier.grading import load_config

    course = trainer_course(layout, trainer, language)
    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        for person in people:
            if person.role == "learner":
                gradebook.update_or_create_student(person.username, first_name=person.first_name,
                                                   last_name=person.last_name)
    chown_tree(course, trainer.username)


def ensure_french_kernel() -> None:
    """The French kernel in the course's environment (as course.py installs it), once."""
    if (VENV / "share" / "jupyter" / "kernels" / FRENCH_KERNEL / "kernel.json").exists():
        return
    result = subprocess.run([str(VENV / "bin" / "python"), "-m", "ipykernel", "install", "--sys-prefix", "--name",
                             FRENCH_KERNEL, "--display-name", FRENCH_KERNEL_TITLE, "--env", "ARTISANAT_LANG", "fr"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise HubError(_("The French kernel could not be installed:\n{error}").format(
            error=(result.stderr or result.stdout).strip()[-2000:]))


def hub_language(layout: Layout, otherwise: str = "en") -> str:
    """The language this hub was started in: English for a hub started before it had a language, `otherwise`
    where no hub was started yet."""
    try:
        language = json.loads(layout.settings_file.read_text(encoding="utf-8")).get("language", "en")
    except (OSError, ValueError):
        return otherwise
    return language if language in LANGUAGES else "en"


def install_proxy(layout: Layout) -> Path:
    """configurable-http-proxy from the course's package.json and package-lock.json (npm ci, once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise HubError(_("The hub needs Node.js 20 or newer and npm (sudo apt-get install nodejs npm)."))
    target = layout.proxy
    lock = (PROXY_PACKAGE / "package-lock.json").read_bytes()
    binary = target / "node_modules" / "configurable-http-proxy" / "bin" / "configurable-http-proxy"
    if binary.exists() and (target / "package-lock.json").exists() and (
            target / "package-lock.json").read_bytes() == lock:
        return binary
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(PROXY_PACKAGE / name, target / name)
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    cache = os.environ.get("ARTISANAT_NPM_CACHE")  # an offline kit's npm cache: no download
    if cache:
        command += ["--offline", "--cache", cache]
    result = subprocess.run(command, cwd=target, capture_output=True, text=True)
    if result.returncode != 0 or not binary.exists():
        raise HubError(_("Installing the hub's proxy (configurable-http-proxy) with npm failed:\n{error}").format(
            error=(result.stderr or result.stdout).strip()[-2000:]))
    open_to_all(target)
    return binary


# ---- start and stop ---------------------------------------------------------------------------------------------

def hub_running(layout: Layout) -> int | None:
    """The pid of this hub's JupyterHub when it runs."""
    try:
        pid = int(layout.pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def wait_until_up(url: str, process: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def start(args: argparse.Namespace) -> int:
    layout = Layout(args.state_dir.resolve())
    for program, package in (("bwrap", "bubblewrap"), ("setpriv", "util-linux"), ("useradd", "passwd")):
        if shutil.which(program) is None:
            raise HubError(_("The hub needs the program {program}: install the {package} package "
                             "(sudo apt-get install {package}).").format(program=program, package=package))
    if hub_running(layout):
        raise HubError(_("The hub already runs (its folder: {state}). Stop it first: python3 course.py hub --stop")
                       .format(state=layout.state))
    try:
        memory_bytes = limits.parse_size(args.memory)
    except ValueError as error:
        raise HubError(_("--memory {value}: give a size such as 1G or 750M.").format(value=args.memory)) from error
    language = args.lang or "en"
    known = load_people(layout)
    names = accounts.read_class_list(args.learners) if args.learners else [
        p.name for p in known if p.role == "learner"]
    if not names:
        raise HubError(_("Give the class list: python3 course.py hub --learners FILE (one name per line)."))
    if args.room:
        import psutil

        interfaces = {name: [a.address for a in found if a.family == socket.AF_INET]
                      for name, found in psutil.net_if_addrs().items()}
        ip = room_address(interfaces)
        if ip is None:
            raise HubError(_("This computer has no network address for the room: connect it to the room's "
                             "network (Wi-Fi or cable) and start again."))
    else:
        ip = "127.0.0.1"
    for folder, mode in ((layout.state, 0o755), (layout.private, 0o700), (layout.homes, 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    print(_("Preparing the hub in {state}…").format(state=layout.state), flush=True)
    people = accounts.plan_accounts(names, args.trainer, accounts.known_people(known),
                                    accounts.system_users() - {p.username for p in known}, language)
    save_people(layout, people + [p for p in known if p not in people and p.role == "learner"])
    accounts.ensure_group(HUB_GROUP)
    trainer = people[0]
    if language == "fr":
        ensure_french_kernel()
    write_learner_edition(layout)
    for person in people:
        accounts.ensure_account(person, layout.home(person.username), HUB_GROUP)
        fill_home(layout, person, language)
    write_course_config(layout, trainer, language)
    course = course_id(trainer_course(layout, trainer, language))
    write_jupyter_configs(layout, trainer, course, language)
    make_exchange(layout, trainer, course)
    write_gradebook_names(layout, trainer, people, language)
    proxy = install_proxy(layout)
    learners = [p.username for p in people if p.role == "learner"]
    settings = {
        "ip": ip, "port": args.port, "hub_port": free_port(), "proxy_api_port": free_port(),
        "private": str(layout.private), "node": shutil.which("node"), "proxy": str(proxy),
        "learners": learners, "trainers": [trainer.username],
        "memory_limit_bytes": memory_bytes, "idle_timeout_s": int(args.idle_minutes * 60), "cull_every_s": 60,
        "service_token": secrets.token_hex(32), "course_root": str(ROOT), "venv": str(VENV),
        "python_home": str(Path(sys.base_prefix).resolve()),
        "learner_edition": str(layout.edition), "exchange": str(layout.exchange),
        "config": str(layout.config), "course_id": course,
        "jupyter_path": str(ROOT / "jupyter_data"),
        "learner_config_path": [str(layout.config / "learner"), str(ROOT / "jupyter_config" / "hub" / "learner"),
                                str(ROOT / "jupyter_config" / "course")],
        "trainer_config_path": [str(layout.config / "trainer"), str(ROOT / "jupyter_config" / "course")],
        "announcement": "",
        "language": language, "default_url": start_url(language),
        "server_args": server_args(language, layout.lab_settings),
    }
    layout.settings_file.write_text(json.dumps(settings, indent=1), encoding="utf-8")
    layout.settings_file.chmod(0o600)
    env = dict(os.environ)
    env["ARTISANAT_HUB_SETTINGS"] = str(layout.settings_file)
    env["PATH"] = os.pathsep.join([str(VENV / "bin"), env.get("PATH", "")])
    log = layout.log.open("w", encoding="utf-8")
    process = subprocess.Popen([str(VENV / "bin" / "python"), "-m", "jupyterhub", "-f", str(HUB_CONFIG)],
                               cwd=layout.private, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    layout.pid_file.write_text(str(process.pid))
    url = f"http://{ip}:{args.port}/"
    if not wait_until_up(f"http://127.0.0.1:{settings['hub_port']}/hub/api/", process, 90):
        tail = "\n".join(layout.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        stop_hub(layout, remove_accounts=False)
        raise HubError(_("The hub did not start; the end of its log ({log}):\n{tail}").format(log=layout.log,
                                                                                             tail=tail))
    address = f"http://{ip}:{args.port}"
    layout.sheet.write_text(login_sheet(people, address, language=language), encoding="utf-8")
    layout.sheet.chmod(0o600)
    no_cgroup = limits.hub_group() is None
    print(_("The hub is ready: {url}").format(url=url))
    if language == "fr":
        print(_("Each learner's JupyterLab opens in French on {notebook}; the exercises are those of the course "
                "{course}.").format(notebook=START_NOTEBOOKS[language], course=course))
    print(_("Log-in sheet to print (one strip per learner): {sheet}").format(sheet=layout.sheet))
    print(_("Your trainer log-in: user name {user}, password {password} (Formgrader, all the learners' marks).")
          .format(user=trainer.username, password=trainer.password))
    print(_("Each learner's JupyterLab may use at most {memory} of memory; idle servers stop after {minutes} "
            "minutes.").format(memory=args.memory, minutes=args.idle_minutes))
    if no_cgroup:
        print(_("WARNING: this computer offers no memory control group: the memory limit is NOT enforced."))
    if args.room:
        print(exposure_note(ip, args.port))
        print(_("Write this on the board: {url}").format(url=url))
    else:
        print(_("Only this computer can open it (127.0.0.1). For a room, start it with --room."))
    print(_("To stop it: python3 course.py hub --stop"))
    return 0


def stop_hub(layout: Layout, remove_accounts: bool) -> list[str]:
    """Stop every person's server and kernels (all at once, through their memory groups), then JupyterHub (it
    stops its proxy and its services), then anything left."""
    done = []
    limits.end_all(grace_s=10)
    pid = hub_running(layout)
    if pid is not None:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and hub_running(layout):
            time.sleep(0.3)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        done.append(_("the hub stopped"))
    for name in ("proxy.pid",):
        try:
            os.kill(int((layout.private / name).read_text().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
    limits.end_all(grace_s=5)
    layout.pid_file.unlink(missing_ok=True)
    if remove_accounts:
        for person in load_people(layout):
            accounts.remove_account(person.username)
            done.append(_("account {user} removed").format(user=person.username))
        layout.accounts_file.unlink(missing_ok=True)
        accounts.remove_group(HUB_GROUP)
    return done


def stop(args: argparse.Namespace) -> int:
    layout = Layout(args.state_dir.resolve())
    done = stop_hub(layout, args.remove_accounts)
    print(_("Stopped: {what}.").format(what=", ".join(done)) if done else _("The hub was not running."))
    return 0


# ---- the exercises: release, collect + grade + return ------------------------------------------------------------

def course_api(course: Path):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from atelier.grading import load_config

    config = load_config(course)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def the_trainer(layout: Layout) -> Person:
    people = load_people(layout)
    if not people:
        raise HubError(_("No hub was prepared in {state}: start it first (python3 course.py hub --learners FILE).")
                       .format(state=layout.state))
    return next(p for p in people if p.role == "trainer")


def check_exercise(course: Path, exercise: str) -> None:
    from atelier.grading import source_assignments

    known = source_assignments(course)
    if exercise not in known:
        raise HubError(_("There is no exercise {name}. The exercises are: {known}.").format(
            name=exercise, known=", ".join(known)))


def release(args: argparse.Namespace) -> int:
    """Make the learners' version of an exercise (checked: no answer in it) and put it in the exchange."""
    from atelier.grading.release import ReleaseError, generate

    layout = Layout(args.state_dir.resolve())
    trainer = the_trainer(layout)
    course = trainer_course(layout, trainer, hub_language(layout))
    check_exercise(course, args.exercise)
    os.chdir(course)
    try:
        generate(course, args.exercise)
    except ReleaseError as error:
        raise HubError(str(error)) from error
    result = course_api(course).release_assignment(args.exercise)
    chown_tree(course, trainer.username)
    if not result["success"]:
        raise HubError(_("nbgrader could not release {name}:\n{log}").format(
            name=args.exercise, log=(result.get("log", "") + result.get("error", "")).strip()))
    print(_("{name} is released: learners see it in their Lab, tab Assignments, and click Fetch.").format(
        name=args.exercise))
    return 0


def grade(args: argparse.Namespace) -> int:
    """Collect the hand-ins, grade them with the course's sandboxed grader, and return each learner's feedback."""
    from atelier.grading.grade import GradingError, grade_class, summary

    layout = Layout(args.state_dir.resolve())
    trainer = the_trainer(layout)
    course = trainer_course(layout, trainer, hub_language(layout))
    check_exercise(course, args.exercise)
    os.chdir(course)
    api = course_api(course)
    collected = api.collect(args.exercise)
    if not collected["success"]:
        raise HubError(_("nbgrader could not collect {name}:\n{log}").format(
            name=args.exercise, log=(collected.get("log", "") + collected.get("error", "")).strip()))
    try:
        report = grade_class(course, None, max(1, args.jobs), assignments=[args.exercise], progress=False)
    except GradingError as error:
        raise HubError(str(error)) from error
    finally:
        chown_tree(course, trainer.username)
    if not report.graded:
        print(_("Nothing to grade: nobody has submitted {name} yet.").format(name=args.exercise))
        return 1
    returned = course_api(course).release_feedback(args.exercise)
    chown_tree(course, trainer.username)
    print(summary(course, report, max(1, args.jobs)))
    if not returned["success"]:
        raise HubError(_("The feedback could not be returned:\n{log}").format(
            log=(returned.get("log", "") + returned.get("error", "")).strip()))
    print(_("Feedback returned: each learner clicks Fetch Feedback in their Assignments tab."))
    return 0


# ---- the command line -------------------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python3 course.py hub",
        description=_("Serve the course to a room with JupyterHub (Linux, as root): each learner logs in from a "
                      "browser to their own JupyterLab."),
    )
    main.add_argument("action", nargs="?", default="start", choices=["start", "release", "grade"],
                      help=_("start (default); release EXERCISE; grade EXERCISE (collect, grade, return feedback)"))
    main.add_argument("exercise", nargs="?", help=_("the exercise, e.g. {example}").format(
        example=EXAMPLE_EXERCISES.get(messages_language(), EXAMPLE_EXERCISES["en"])))
    main.add_argument("--learners", type=Path, help=_("the class list: one learner's name per line"))
    main.add_argument("--trainer", default="Trainer", help=_("the trainer's name (default: Trainer)"))
    main.add_argument("--room", action="store_true", help=_("open the hub to this room's network"))
    main.add_argument("--port", type=int, default=8000, help=_("the port learners use (default 8000)"))
    main.add_argument("--memory", default="1G", help=_("memory per learner (default 1G)"))
    main.add_argument("--idle-minutes", type=float, default=60, help=_("stop a server idle this long (default 60)"))
    main.add_argument("--state-dir", type=Path, default=DEFAULT_STATE, help=_("where the hub keeps its files"))
    main.add_argument("--stop", action="store_true", help=_("stop the hub and everything it started"))
    main.add_argument("--remove-accounts", action="store_true",
                      help=_("with --stop: also delete the accounts the hub made and their folders"))
    main.add_argument("--export-logins", type=Path, metavar="FILE",
                      help=_("write the accounts' user names and hashed passwords for a Kubernetes hub "
                             "(deploy/z2jh/config.yaml) and stop"))
    main.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=_("notebooks graded at once"))
    main.add_argument("--lang", choices=LANGUAGES,
                      help=_("the language of the room's course: en (default) or fr (the French edition); "
                             "release, grade and --stop follow the language the hub was started in"))
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # the messages: when starting, the language asked for; otherwise the language the hub was started in
    starting = args.action == "start" and not (args.stop or args.export_logins)
    asked = args.lang or "en"
    language = asked if starting else hub_language(Layout(args.state_dir.resolve()), otherwise=asked)
    set_language(language)
    os.environ["ARTISANAT_LANG"] = language  # the grader's own processes speak it too
    if not sys.platform.startswith("linux"):
        print(_("The hub runs on Linux only (a trainer's Linux laptop or a server)."))
        return 2
    if os.geteuid() != 0:
        print(_("The hub makes system accounts: run it as administrator (sudo python3 course.py hub …)."))
        return 2
    try:
        if args.stop:
            return stop(args)
        if args.export_logins:
            from .logins import export_logins

            people = load_people(Layout(args.state_dir.resolve()))
            if not people:
                raise HubError(_("No accounts yet: start the hub once with --learners FILE."))
            export_logins(people, args.export_logins)
            print(_("Log-ins for the Kubernetes hub written to {path} (hashed passwords only).").format(
                path=args.export_logins))
            return 0
        if args.action in ("release", "grade"):
            if not args.exercise:
                print(_("Name the exercise, e.g. python3 course.py hub {action} {example}").format(
                    action=args.action, example=EXAMPLE_EXERCISES[language]))
                return 2
            return release(args) if args.action == "release" else grade(args)
        return start(args)
    except (HubError, ClassListError) as error:
        print(str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
