"""How each person's own JupyterLab starts on the hub.

- Every server joins its person's memory group first (`limits`), so it and all its kernels share one bound.
- Every server runs inside bubblewrap, started as root and then switched to its person (`setpriv`); its own home
  is the only writable folder besides the exchange and a private /tmp.
- The trainer's server sees the course folder itself (Formgrader, the course's nbgrader folder in their home).
- A learner's server sees the learner edition as the course folder (no model answers, no hidden checks, no
  teacher tools), with the course's Python environment.
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


def closed_ancestor(path: Path) -> Path | None:
    """The highest folder above `path` that other accounts cannot cross (e.g. /root, 0700), or None."""
    for parent in reversed(path.parents):
        if str(parent) != "/" and not os.stat(parent).st_mode & 0o001:
            return parent
    return None


def sandbox(settings: dict, username: str, learner: bool) -> list[str]:
    """The bubblewrap + setpriv prefix of a person's server command.

    A learner sees the learner edition as the course folder; the trainer sees the course folder itself. Both see
    the course's Python (even when it lives in a folder closed to others, such as /root: that folder is replaced
    by an empty one holding only the Python), their own home, the exchange, and a private /tmp."""
    user = pwd.getpwnam(username)
    root, venv = settings["course_root"], settings["venv"]
    binds = [("--ro-bind", settings["learner_edition"], root), ("--ro-bind", venv, os.path.join(root, ".venv"))] \
        if learner else [("--ro-bind", root, root)]
    binds += [
        ("--ro-bind", settings["python_home"], settings["python_home"]),
        ("--ro-bind", settings["config"], settings["config"]),
        ("--bind", user.pw_dir, user.pw_dir),
        ("--bind", settings["exchange"], settings["exchange"]),
    ]
    emptied = {"/tmp"} | {str(found) for _k, source, target in binds
                          if (found := closed_ancestor(Path(target))) is not None}
    parents: set[str] = set()
    for _kind, _source, target in binds:
        for parent in Path(target).parents:
            if any(str(parent).startswith(top + "/") for top in emptied):
                parents.add(str(parent))
    command = [shutil.which("bwrap") or "/usr/bin/bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    for top in sorted(emptied, key=len):
        command += ["--perms", "1777" if top == "/tmp" else "0755", "--tmpfs", top]
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
        """Join the person's memory group; the switch to the person's account is setpriv's, in the sandbox."""
        settings = self._settings()
        group = limits.learner_group(name, int(settings["memory_limit_bytes"]))
        procs = str(group / "cgroup.procs") if group is not None else None

        def preexec() -> None:
            if procs is not None:
                with open(procs, "w") as handle:
                    handle.write(str(os.getpid()))

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
        learner = self.user.name not in settings["trainers"]
        self.cmd = [*sandbox(settings, self.user.name, learner), *base]
        return await super().start()

    async def stop(self, now: bool = False) -> None:
        # the server, the sandbox and every kernel: all the processes of the person's group (Jupyter shuts its
        # kernels down on SIGTERM), then LocalProcessSpawner's own stop for anything outside it
        group = limits.hub_group()
        if group is not None:
            limits.end_group(group[0] / self.user.name, grace_s=0 if now else 8)
        await super().stop(now=now)
