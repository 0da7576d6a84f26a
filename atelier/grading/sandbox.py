"""Run a learner's notebook in a sandbox: each hand-in's kernel sees only what it needs, and cannot harm the run.

A hand-in is code written by someone else, run with the trainer's rights. On Linux, when Debian's `bubblewrap`
(`bwrap`) is installed, every kernel the grader starts runs inside it:

- its file system holds only the Python it runs on, the course's package and datasets (read-only) and an empty
  scratch folder (its working folder, the only place it may write, besides a small private /tmp): never
  `exercises/source/`, `instructors/`, the gradebook, the notebook being graded or any other hand-in;
- it has no network (`--unshare-net`): the grader talks to it through Unix sockets (jupyter_client's `ipc`
  transport) in a folder shared with the sandbox;
- it has its own process numbers (`--unshare-pid`, `--new-session`, `--die-with-parent`) and no capability: it
  cannot see, signal or kill the grader or another worker;
- memory, CPU time and file size are bounded (resource limits set just before `bwrap` starts); a cell's output
  is bounded in characters by `SafeExecute`.

`SafeExecute` (nbgrader's Execute preprocessor, made sturdier) also keeps the marks of the cells graded before a
kernel dies (`os._exit`, a crash, memory exhausted): the cell where it stopped gets an error naming the task, the
cells after it are marked "not run" (so they score 0 instead of passing without running).

Where bubblewrap does not exist (Windows, macOS, a Linux without it), grading still works, unsandboxed, and the
grader's summary says so plainly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Int, Unicode

SANDBOX_ENV = "ARTISANAT_SANDBOX"  # "off" disables the sandbox (for a trainer who must), anything else: auto
STOPPED = "NotebookStopped"
NOT_RUN = "NotRun"
_TASK = re.compile(r"task_?(\d+)", re.I)


@dataclass(frozen=True)
class Limits:
    """What one learner's kernel may use."""

    memory_bytes: int = 3 * 1024**3
    cpu_seconds: int = 240
    file_bytes: int = 20 * 1024**2
    tmp_bytes: int = 64 * 1024**2
    output_chars: int = 20_000


LIMITS = Limits()


def bwrap_path() -> str | None:
    """The bubblewrap program, if this system has one."""
    if not sys.platform.startswith("linux"):
        return None
    return shutil.which("bwrap")


@lru_cache(maxsize=1)
def sandbox_works() -> bool:
    """Whether bubblewrap exists here and can start a sandbox (a kernel restricted like a hand-in's)."""
    bwrap = bwrap_path()
    if bwrap is None or os.environ.get(SANDBOX_ENV, "").lower() == "off":
        return False
    # the probe is a Python restricted exactly like a hand-in's kernel, importing what a kernel imports
    folder = Path(tempfile.mkdtemp(prefix="artisanat-probe-"))
    command = sandbox_command([sys.executable, "-c", "import ipykernel, pandas, atelier.exercises"],
                              scratch=folder, ipc_dir=folder, datasets=None)
    try:
        probe = subprocess.run(command, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return probe.returncode == 0


def _system_binds() -> list[str]:
    """The read-only system folders every program needs (libraries, the dynamic linker, time zones)."""
    args: list[str] = []
    for folder in ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin"):
        if os.path.lexists(folder):
            args += ["--ro-bind", folder, folder]
    for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives", "fonts", "ssl/certs",
                 "mime.types", "nsswitch.conf", "passwd", "group", "hosts"):
        path = f"/etc/{name}"
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


def readable_paths(datasets: str | None) -> list[Path]:
    """What a learner's kernel may read, besides the system: its Python and the course's package and data."""
    import atelier

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(atelier.__file__).resolve().parent}
    if datasets:
        paths.add(Path(datasets).resolve())
    return sorted(path for path in paths if path.exists())


@lru_cache(maxsize=1)
def _font_caches() -> tuple[Path, ...]:
    """matplotlib's font list files of this computer (nothing of the trainer's but the names of fonts)."""
    try:
        import matplotlib

        return tuple(sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json")))
    except Exception:
        return ()


def _validated_tables() -> Path | None:
    """The course's record of reference tables already validated (see atelier.reference), if there is one."""
    try:
        from atelier import reference

        path = reference._cache_file()
    except Exception:
        return None
    return path if path.is_file() else None


def validate_reference_tables(datasets: str | None) -> None:
    """Validate the course's reference tables once, here, so that no sandboxed kernel has to (it cannot record
    it: its home is thrown away)."""
    import json

    folder = Path(datasets or "") / "reference"
    try:
        from atelier import reference

        first = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]["name"]
        reference.rows(first)
    except Exception:  # a broken table is reported by the exercise that reads it, in plain words
        pass


def limit_prefix(limits: Limits) -> list[str]:
    """A command prefix that sets the resource limits, then runs the rest of the command in their place."""
    code = (
        "import os, resource, sys\n"
        "for name, value in ((resource.RLIMIT_AS, int(sys.argv[1])), (resource.RLIMIT_CPU, int(sys.argv[2])),"
        " (resource.RLIMIT_FSIZE, int(sys.argv[3])), (resource.RLIMIT_CORE, 0)):\n"
        "    resource.setrlimit(name, (value, value))\n"
        "os.execv(sys.argv[4], sys.argv[4:])\n"
    )
    return [sys.executable, "-I", "-S", "-c", code, str(limits.memory_bytes), str(limits.cpu_seconds),
            str(limits.file_bytes)]


def sandbox_command(
    kernel_cmd: list[str], *, scratch: Path, ipc_dir: Path, datasets: str | None, limits: Limits = LIMITS,
    language: str | None = None,
) -> list[str]:
    """The command that runs a kernel inside bubblewrap, with the limits, seeing only what it needs."""
    bwrap = bwrap_path()
    assert bwrap is not None
    args = [*limit_prefix(limits), bwrap, *_system_binds()]
    args += ["--size", str(limits.tmp_bytes), "--tmpfs", "/tmp", "--dev", "/dev", "--proc", "/proc"]
    for path in readable_paths(datasets):
        args += ["--ro-bind", str(path), str(path)]
    # matplotlib's list of the system's fonts, so that each kernel does not rebuild it (about a second), and the
    # list of reference tables already validated (fingerprints only), so that each kernel does not validate them
    # again (several seconds): both read-only
    for fonts in _font_caches():
        args += ["--ro-bind", str(fonts), f"/tmp/matplotlib/{fonts.name}"]
    validated = _validated_tables()
    if validated is not None:
        args += ["--ro-bind", str(validated), f"/tmp/cache/artisanat/{validated.name}"]
    args += ["--bind", str(scratch), str(scratch), "--bind", str(ipc_dir), str(ipc_dir), "--chdir", str(scratch)]
    # the sandbox's own root (where the folders above were made) becomes read-only: only the scratch folder,
    # the socket folder and a small /tmp can be written
    args += ["--remount-ro", "/"]
    args += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox"]
    env = {
        "HOME": str(scratch),
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": "/tmp/cache",
    }
    if datasets:
        from . import DATASETS_ENV

        env[DATASETS_ENV] = str(Path(datasets).resolve())
    if language in ("en", "fr"):
        env["ARTISANAT_LANG"] = language  # a French hand-in's kernel (artisanat-fr) speaks French in its sandbox too
    args.append("--clearenv")
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [*args, "--", *kernel_cmd]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap and talks to it through Unix sockets."""

    datasets = Unicode("", help="the datasets folder the kernel may read").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._ipc_dir = Path(tempfile.mkdtemp(prefix="aipc-"))
        self._scratch = Path(tempfile.mkdtemp(prefix="artisanat-scratch-"))
        self.transport = "ipc"
        self.ip = str(self._ipc_dir / "k")
        self.connection_file = str(self._ipc_dir / "kernel.json")

    @property
    def kernel_spec(self) -> Any:
        spec = super().kernel_spec
        if spec is not None:
            # the kernel lives in its own process namespace: a signal from here reaches bwrap, not the kernel,
            # so interrupt it (a cell past its time) by a message on its control channel
            spec.interrupt_mode = "message"
        return spec

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        kw.pop("cwd", None)
        env = kw.get("env") or {}
        # ipykernel reads its parent's process id to stop with it; the sandbox has other process ids
        env.pop("JPY_PARENT_PID", None)
        command = sandbox_command(kernel_cmd, scratch=self._scratch, ipc_dir=self._ipc_dir,
                                  datasets=self.datasets or os.environ.get("ARTISANAT_DATASETS"),
                                  language=env.get("ARTISANAT_LANG"))
        await super()._async_launch_kernel(command, cwd=str(self._scratch), **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
            shutil.rmtree(self._scratch, ignore_errors=True)

    def __del__(self) -> None:
        for folder in (getattr(self, "_ipc_dir", None), getattr(self, "_scratch", None)):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def task_label(grade_id: str | None, index: int) -> str:
    """How the trainer and the learner call a cell: `task 3` from `ex01_task3_answer`, else its position."""
    match = _TASK.search(grade_id or "")
    return f"task {match.group(1)}" if match else f"cell {index + 1}"


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def truncate_outputs(outputs: list[NotebookNode], max_chars: int) -> bool:
    """Shorten a cell's outputs to `max_chars` characters in all; True if something was cut."""
    budget = max_chars
    cut = False
    for output in outputs:
        if output.get("output_type") == "stream":
            text = output.get("text", "")
            if len(text) > budget:
                output["text"] = text[:budget] + f"\n… [output cut: more than {max_chars} characters]\n"
                cut = True
            budget -= min(len(text), budget)
        elif "data" in output:
            for mime, value in list(output["data"].items()):
                text = value if isinstance(value, str) else str(value)
                if len(text) > budget:
                    if mime == "text/plain":
                        output["data"][mime] = text[:budget] + " … [output cut]"
                    else:
                        del output["data"][mime]
                    cut = True
                budget -= min(len(text), budget)
            if not output["data"]:
                output["data"] = {"text/plain": "[output cut]"}
        elif output.get("output_type") == "error":
            output["evalue"] = str(output.get("evalue", ""))[:2000]
            output["traceback"] = [line[:2000] for line in output.get("traceback", [])[:50]]
    return cut


class SafeExecute(Execute):
    """nbgrader's Execute, in a sandbox when possible, with outputs bounded and a dead kernel handled per cell."""

    sandbox = Bool(True, help="run the kernel in bubblewrap when this system has it").tag(config=True)
    max_output_chars = Int(LIMITS.output_chars, help="characters of output kept per cell").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.sandbox and sandbox_works():
            self.kernel_manager_class = SandboxedKernelManager
        self._stopped_at: str | None = None

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> tuple[NotebookNode, Any]:
        self._stopped_at = None
        try:
            return super().preprocess(nb, resources, km)
        except Exception as error:  # the kernel died while nbclient was tidying up: the cells are already marked
            if self._stopped_at is None:
                raise
            self.log.warning("kernel ended badly after %s: %s", self._stopped_at, error)
            return self.nb, self.resources

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        from nbclient.exceptions import DeadKernelError

        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped_at is not None:
            cell.outputs = [_error(NOT_RUN, f"not run: the notebook stopped at {self._stopped_at}")]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped_at = task_label(grade_id, index)
            truncate_outputs(cell.get("outputs", []), self.max_output_chars)
            cell.outputs = [*cell.get("outputs", []), _error(
                STOPPED, f"the notebook stopped here ({self._stopped_at}): Python ended "
                "(os._exit, a crash, or too much memory or computing time)")]
            return cell, resources
        truncate_outputs(cell.get("outputs", []), self.max_output_chars)
        return cell, resources

    def output(self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None,
               cell_index: int) -> NotebookNode | None:
        """Stop keeping a cell's output once it is far past the bound (a loop that prints megabytes)."""
        size = sum(len(str(out.get("text", ""))) + len(str(out.get("data", ""))) for out in outs[-50:])
        if len(outs) > 2000 or size > 4 * self.max_output_chars:
            if msg.get("msg_type") == "stream":
                return None
        return super().output(outs, msg, display_id, cell_index)


def autograde_overrides(datasets: str | None, *, sandbox: bool = True) -> dict[str, Any]:
    """The nbgrader settings that make autograde use SafeExecute (and the sandbox when it works)."""
    from traitlets.config import Config

    config = Config()
    from nbgrader.converters import Autograde

    default = Autograde.class_traits()["autograde_preprocessors"].default()
    config.Autograde.autograde_preprocessors = [SafeExecute if step is Execute else step for step in default]
    config.SafeExecute.sandbox = sandbox
    if datasets:
        config.SandboxedKernelManager.datasets = str(datasets)
    return config
