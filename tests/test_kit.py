"""Issue 10: the offline install kit, tried as a trainer would the evening before a workshop with no internet.

`course.py kit`'s code builds a kit for this machine's Python on all four platforms (this needs the package index,
once). The Windows and macOS parts are checked for completeness: every requirement the resolver pinned for that
platform has a wheel in the kit that such a laptop can install (pywinpty on Windows, appnope on macOS…). The Linux
part is used for real: the learner edition is unzipped to a new path with spaces and accents, the wheelhouse
beside it, and inside a network namespace with no network (`unshare -n`, root only) `course.py setup` installs from
the wheelhouse alone, `course.py lab` starts JupyterLab and a lesson runs in Chromium. Without a kit and without
network, `course.py` ends with one sentence, not a pip traceback.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from atelier import kit
from atelier.version import __version__
from tests import browser_support as bs

ROOT = bs.ROOT
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
SYSTEM_PYTHON = shutil.which("python3") or sys.executable
LESSON = "03_pricing.ipynb"


def can_unshare() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("unshare") is not None


needs_unshare = pytest.mark.skipif(not can_unshare(), reason="needs root and unshare (Linux) for a no-network room")


def load_course_py():  # type: ignore[no-untyped-def]
    return bs.course_script()


@pytest.fixture(scope="module")
def built_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if PYTHON not in kit.PYTHONS:
        pytest.skip(f"Python {PYTHON} is not one the kit supports")
    return kit.build_kit(sorted(kit.TARGETS), [PYTHON], tmp_path_factory.mktemp("dist"))


def unpack(edition_zip: Path, into: Path) -> Path:
    with zipfile.ZipFile(edition_zip) as archive:
        archive.extractall(into)
    folder = into / edition_zip.stem
    (folder / "course.py").chmod(0o755)
    return folder


def test_kit_holds_both_editions_and_a_note(built_kit: Path) -> None:
    assert built_kit.name == f"artisanat-{__version__}-offline-kit"
    for edition in kit.EDITIONS:
        assert (built_kit / f"artisanat-{__version__}-{edition}.zip").is_file()
    assert __version__ in (built_kit / "READ_ME_FIRST.txt").read_text()


@pytest.mark.parametrize("target", sorted(kit.TARGETS))
def test_every_platform_part_is_complete(built_kit: Path, target: str) -> None:
    wheelhouse = built_kit / "wheelhouse"
    assert kit.missing_wheels(wheelhouse, kit.TARGETS[target], PYTHON) == []
    names = {name.lower() for name, _ in kit.pinned(wheelhouse / kit.pins_name(kit.TARGETS[target], PYTHON))}
    assert {"jupyterlab", "nbgrader", "voila", "pandas", "setuptools"} <= names
    platform_only = {"windows-x86_64": "pywinpty", "macos-arm64": "appnope", "macos-x86_64": "appnope"}
    if target in platform_only:
        assert platform_only[target] in names, f"{target} needs {platform_only[target]}"
    if target == "windows-x86_64":
        assert "pexpect" not in names  # a Unix-only package is not carried for Windows


def test_a_missing_wheel_is_reported(tmp_path: Path) -> None:
    windows = kit.TARGETS["windows-x86_64"]
    (tmp_path / kit.pins_name(windows, "3.12")).write_text("pywinpty==3.1.2\nnumpy==2.4.6\ntqdm==4.70.1\n")
    for name in ("numpy-2.4.6-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",  # Linux, not Windows
                 "pywinpty-3.1.2-cp312-cp312-win_amd64.whl", "tqdm-4.70.1-py3-none-any.whl"):
        (tmp_path / name).write_bytes(b"")
    assert kit.missing_wheels(tmp_path, windows, "3.12") == ["numpy==2.4.6"]
    assert kit.missing_wheels(tmp_path, windows, "3.13") == ["pins-windows-x86_64-py313.txt (no resolution for "
                                                               "this target)"]
    assert kit.wheel_fits("argon2_cffi_bindings-25.1.0-cp39-abi3-win_amd64.whl", windows, "3.14")


@needs_unshare
def test_learner_edition_installs_and_runs_a_lesson_with_no_network(built_kit: Path, tmp_path: Path) -> None:
    room = tmp_path / "Salle de formation" / "clé USB"
    room.mkdir(parents=True)
    edition = unpack(built_kit / f"artisanat-{__version__}-learner.zip", room)
    (room / "wheelhouse").symlink_to(built_kit / "wheelhouse", target_is_directory=True)
    result = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "tests.offline_room", str(edition), LESSON, SYSTEM_PYTHON],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"offline install: {report['install_s']} s")  # measured; the issue asks for at most 2 minutes
    assert report["errors"] == [] and report["outputs"] > 0, report
    assert "Nbgrader" not in report["menus"] and "Run" in report["menus"], report["menus"]
    printed = [line for line in report["printed"].splitlines() if line.strip()]
    assert len(printed) <= 8 and not any("ServerApp" in line for line in printed), printed
    assert "Traceback" not in report["printed"]
    assert (edition / "logs" / "jupyterlab.log").stat().st_size > 0
    assert (edition / ".venv" / ".artisanat-root").read_text().strip() == str(edition)


@needs_unshare
def test_no_network_and_no_kit_says_one_sentence(built_kit: Path, tmp_path: Path) -> None:
    edition = unpack(built_kit / f"artisanat-{__version__}-learner.zip", tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # a learner's laptop: no local package mirror
    result = subprocess.run(["unshare", "-n", SYSTEM_PYTHON, "course.py", "setup"], cwd=edition, env=env,
                            capture_output=True, text=True, timeout=300)
    said = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "no internet" in said[-1] and "wheelhouse" in said[-1], said
    assert (edition / "logs" / "install.log").is_file()


def test_python_range_is_checked_with_a_sentence() -> None:
    course = load_course_py()
    assert course.python_problem((3, 11, 5)) is None and course.python_problem((3, 14, 2)) is None
    for too_old_or_new in ((3, 10, 14), (3, 11, 4), (3, 15, 0)):
        sentence = course.python_problem(too_old_or_new)
        assert sentence and "3.11.5 to 3.14" in sentence and ".".join(map(str, too_old_or_new)) in sentence
    assert kit.PYTHONS[0] == "3.11" and kit.PYTHONS[-1] == "3.14"  # the kit carries exactly the range checked


def test_wheelhouse_argument_is_taken_out_of_the_server_arguments(tmp_path: Path) -> None:
    course = load_course_py()
    assert course.take_wheelhouse(["--port=9000", "--wheelhouse", "/k/wh"]) == (["--port=9000"], "/k/wh")
    assert course.take_wheelhouse(["--wheelhouse=D:\\kit\\wheelhouse"]) == ([], "D:\\kit\\wheelhouse")
    with pytest.raises(SystemExit) as stopped:
        course.find_wheelhouse(str(tmp_path))  # an empty folder is no wheelhouse
    assert "is not an offline kit's wheelhouse" in str(stopped.value)


def test_a_moved_or_copied_venv_is_recognised(tmp_path: Path) -> None:
    """A .venv made elsewhere (copied with the folder, or the folder moved) is not reused: its scripts point at the
    old place. course.py tells them apart by the path it wrote into .venv/.artisanat-root."""
    for name, made_for in (("here", None), ("copied", "/home/trainer/Desktop/artisanat")):
        folder = tmp_path / name
        (folder / ".venv").mkdir(parents=True)
        shutil.copy(ROOT / "course.py", folder / "course.py")
        spec = importlib.util.spec_from_file_location(f"course_{name}", folder / "course.py")
        assert spec and spec.loader
        course = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(course)
        (folder / ".venv" / ".artisanat-root").write_text(f"{made_for or course.ROOT}\n")
        assert course.venv_made_here() is (made_for is None), name
