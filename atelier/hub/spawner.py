"""How each person's own JupyterLab starts on the hub.

- Every server joins its person's memory group first (`limits`), so it and all its kernels share one bound.
- The trainer's server runs as the trainer with the trainer edition (Formgrader, the course's nbgrader folder).
- A learner's server runs inside bubblewrap, started as root and then switched to the learner (`setpriv`): the
  course folder it sees is the learner edition (no model answers, no hidden checks, no teacher tools), with the
  course's Python environment; the learner's own home is the only writable folder besides the exchange.
  The hub's private folder, the trainer's home and other learners' homes are closed by their modes (0700).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from . import limits

SETTINGS_ENV = "ARTISANAT_HUB_SETTINGS"


def load_settings() -> dict:
    return json.loads(Path(os.environ[SETTINGS_ENV]).read_text(encoding="utf-8"))


def learner_sandbox(settings: dict, username: str) -> list[str]:
    """The bubblewrap + setpriv prefix of a learner's server command."""
    user = pwd.getpwnam(username)
    root, edition, venv = settings["course_root"], settings["learner_edition"], settings["venv"]
    binds = [
        ("--ro-bind", edition, root),  # the course folder is the learner edition
        ("--ro-bind", venv, os.path.join(root, ".venv")),
        ("--ro-bind", settings["config"], settings["config"]),
        ("--bind", user.pw_dir, user.pw_dir),
        ("--bind", settings["exchange"], settings["exchange"]),
    ]
    # a private /tmp; the folders on the way to a bind inside it are made open (bwrap would make them 0700)
    parents: list[str] = []
    for _kind, _source, target in binds:
        if target.startswith("/tmp/"):
            path = Path(target).parent
            while str(path) not in ("/tmp", "/") and str(path) not in parents:
                parents.append(str(path))
                path = path.parent
    command = [shutil.which("bwrap") or "/usr/bin/bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               "--perms", "1777", "--tmpfs", "/tmp"]
    for parent in sorted(parents, key=len):
        command += ["--perms", "0755", "--dir", parent]
    for kind, source, target in binds:
        command += [kind, source, target]
    return [
        *command,
        "--unshare-ipc", "--unshare-uts", "--die-with-parent",
        "--chdir", user.pw_dir,
        shutil.which("setpriv") or "/usr/bin/setpriv",
        f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--no-new-privs",
        "--",
    ]


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with a memory group per person and the learner's sandbox."""

    role = Unicode("learner")

    def _settings(self) -> dict:
        return load_settings()

    def is_trainer(self) -> bool:
        return self.user.name in self._settings()["trainers"]

    def make_preexec_fn(self, name: str):
        settings = self._settings()
        group = limits.learner_group(name, int(settings["memory_limit_bytes"]))
        procs = str(group / "cgroup.procs") if group is not None else None
        as_user = super().make_preexec_fn(name) if name in settings["trainers"] else None

        def preexec() -> None:
            if procs is not None:
                with open(procs, "w") as handle:
                    handle.write(str(os.getpid()))
            if as_user is not None:
                as_user()

        return preexec

    def get_env(self) -> dict[str, str]:
        env = super().get_env()
        settings = self._settings()
        trainer = self.user.name in settings["trainers"]
        folders = settings["trainer_config_path"] if trainer else settings["learner_config_path"]
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(folders)
        env["JUPYTER_PATH"] = settings["jupyter_path"]
        env["PATH"] = os.pathsep.join([os.path.join(settings["venv"], "bin"), env.get("PATH", "/usr/bin:/bin")])
        env["PYTHONNOUSERSITE"] = "1"
        env["ARTISANAT_HUB_ROLE"] = "trainer" if trainer else "learner"
        return env

    async def start(self):
        settings = self._settings()
        base = [os.path.join(settings["venv"], "bin", "jupyterhub-singleuser")]
        self.cmd = base if self.user.name in settings["trainers"] else [
            *learner_sandbox(settings, self.user.name), *base]
        return await super().start()

    async def stop(self, now: bool = False) -> None:
        # the server, the sandbox and every kernel: all the processes of the person's group (Jupyter shuts its
        # kernels down on SIGTERM), then LocalProcessSpawner's own stop for anything outside it
        group = limits.hub_group()
        if group is not None:
            limits.end_group(group[0] / self.user.name, grace_s=0 if now else 8)
        await super().stop(now=now)
