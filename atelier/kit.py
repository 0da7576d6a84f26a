"""`python3 course.py edition learner|trainer` and `python3 course.py kit`: what a trainer hands out.

An edition is one zip, `dist/artisanat-<version>-<edition>.zip`, holding one folder of the same name:

- the **learner** edition holds the lessons without stored outputs (a learner's first Shift+Enter is what shows a
  result), the simulators, case studies, datasets, glossary and the released exercises (made by the existing
  release code, `atelier.grading.release`) — and no model answer, hidden check, marking guide, gradebook or nbgrader
  teacher tool: its `edition.json` makes `course.py lab` switch nbgrader's menus and server pages off;
- the **trainer** edition is every file of the course, lessons executed, with Formgrader and `course.py grade`.

The offline kit, `dist/artisanat-<version>-offline-kit/`, holds both editions and a `wheelhouse/`: for each target
(operating system, processor, Python version) the requirements are resolved *for that target* by uv (so that
Windows-only packages such as pywinpty are in), and exactly those wheels are downloaded with pip.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import nbformat

from atelier.version import EDITION_FILE, ROOT, __version__, reference_date

DIST = ROOT / "dist"
EDITIONS = ("learner", "trainer")
LANGUAGES = ("en", "fr")
README_NOTE = "READ_ME_FIRST.txt"
# the note at the top of each language's edition (the French edition: l'édition française)
README_NOTES = {"en": README_NOTE, "fr": "LISEZ_MOI_D_ABORD.txt"}
# each language's nbgrader course: its released exercises go into that language's learner edition
EXERCISE_COURSES = {"en": "exercises", "fr": "exercises/fr"}

# what never travels in any edition (local state, caches, build output)
NEVER = {
    ".git", ".venv", "dist", "logs", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
    ".ipynb_checkpoints", "build", "test-artifacts", "wheelhouse",
}
# the learner edition keeps only these top-level files and folders ...
LEARNER_TOP = {
    "atelier", "notebooks", "case_studies", "datasets", "docs", "jupyter_config", "jupyter_data", "course.py",
    "requirements.txt", "constraints.txt", "pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE",
    "LICENSE-CONTENT.md",
}
# ... and, inside them, never these (teacher tools)
LEARNER_NEVER = ("atelier/grading/",)


@dataclass(frozen=True)
class Target:
    """One platform a kit carries wheels for."""

    name: str  # the wheelhouse's sub-folder, e.g. "windows-x86_64"
    uv_platform: str  # uv's --python-platform
    pip_platforms: tuple[str, ...]  # pip download's --platform tags, best first
    description: str


MANYLINUX = (
    *(f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)),
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64",
)


def _mac(arch: str) -> tuple[str, ...]:
    """Every macOS platform tag a Mac on macOS 12 with this processor installs (older versions, universal2)."""
    from packaging.tags import mac_platforms

    return tuple(mac_platforms((12, 0), arch))


TARGETS = {
    "linux-x86_64": Target("linux-x86_64", "x86_64-manylinux_2_28", MANYLINUX, "Linux (Intel/AMD, glibc 2.28+)"),
    "windows-x86_64": Target("windows-x86_64", "x86_64-pc-windows-msvc", ("win_amd64",), "Windows 10/11 (64-bit)"),
    "macos-arm64": Target("macos-arm64", "aarch64-apple-darwin", _mac("arm64"), "macOS 12+ on Apple silicon"),
    "macos-x86_64": Target("macos-x86_64", "x86_64-apple-darwin", _mac("x86_64"), "macOS 12+ on Intel"),
}
MACOS_DEPLOYMENT_TARGET = "12.0"
# the Python versions the pinned set installs on (constraints.txt: soupsieve 4.1.3 needs >= 3.11.5); the kit
# resolves 3.11 as 3.11.5, the oldest 3.11 that the constraints allow
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
OLDEST_PATCH = {"3.11": "3.11.5"}


# --- editions -----------------------------------------------------------------------------------------------------


def course_files(root: Path = ROOT) -> list[str]:
    """Every file of the course (POSIX paths relative to `root`): git's list when this is a checkout, else a walk."""
    if (root / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout.decode("utf-8").split("\0")
        names = [name for name in listed if name and (root / name).is_file()]
    else:
        names = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]
    return sorted(name for name in names if not NEVER.intersection(PurePosixPath(name).parts)
                  and not name.endswith((".pyc", ".egg-info")) and ".egg-info/" not in name)


def learner_keeps(name: str) -> bool:
    """Does this file of the course go into the learner edition (as it is, or without outputs)?"""
    top = PurePosixPath(name).parts[0]
    return top in LEARNER_TOP and not name.startswith(LEARNER_NEVER)


def without_outputs(data: bytes) -> bytes:
    """A notebook as a learner first opens it: no stored outputs, no execution counts."""
    notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)  # saved widget state would show the old results
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def released_exercises(course_dir: Path) -> dict[str, bytes]:
    """The learners' exercises, made by the course's own release code (it refuses any leak); name → content."""
    from atelier.grading import release

    code = release.main(["--course-dir", str(course_dir)])
    if code != 0:
        raise SystemExit(code)
    files: dict[str, bytes] = {}
    for pack in sorted((course_dir / "release_packs").glob("*.zip")):
        with zipfile.ZipFile(pack) as archive:
            for name in archive.namelist():
                if not name.endswith("/"):
                    files[f"exercises/{name}"] = archive.read(name)
    return files


def read_me_first(edition: str, version: str, tables: date, language: str = "en") -> str:
    """The note at the top of each edition, in its language: which one it is, and how to start it."""
    from atelier.i18n import language as current_language
    from atelier.i18n import set_language

    before = current_language()
    set_language(language)
    try:
        return _read_me_first(edition, version, tables, language)
    finally:
        set_language(before)


def _read_me_first(edition: str, version: str, tables: date, language: str) -> str:
    from atelier.display import format_date
    from atelier.i18n import _

    what = {
        "learner": _("the lessons, simulators, case studies, data and the exercises to hand in (exercises/)."),
        "trainer": _("everything: lessons (executed), exercises with their solutions, marking guides "
                     "(instructors/), grading (python3 course.py grade) and the test suite."),
    }[edition]
    return _(
        "Artisanat 2.0 - version {version} - {edition} edition\n"
        "Reference tables (fees, postage, tax rules) valid as of {tables}.\n"
        "Learners and trainer grade with the same figures only if both show this version and this date.\n\n"
        "This folder holds {what}\n\n"
        "To start the course (Python 3.11.5 to 3.14 must be installed):\n"
        "  Windows:        open this folder, type  cmd  in the address bar, then:   py course.py lab\n"
        "  macOS, Linux:   in a terminal, in this folder:                           python3 course.py lab\n\n"
        "The first start installs the course's packages into .venv inside this folder (about a minute). With no\n"
        "internet, put the offline kit's 'wheelhouse' folder beside this folder (or run\n"
        "course.py lab --wheelhouse PATH): the packages then come from it alone.\n"
        "If you move or copy this folder, do not copy .venv: course.py makes a new one where the folder is.\n"
    ).format(version=version, edition={"learner": _("learner"), "trainer": _("trainer")}[edition],
             tables=format_date(tables) if language != "en" else tables.isoformat(), what=what)


def edition_files(edition: str, root: Path = ROOT, language: str = "en") -> dict[str, bytes]:
    """Every file of one edition, path inside the edition → content. Both languages' lessons travel in every
    edition; `language` is the one `course.py lab` opens, of its note and of its released exercises."""
    if edition not in EDITIONS or language not in LANGUAGES:
        raise ValueError((edition, language))
    files: dict[str, bytes] = {}
    for name in course_files(root):
        data = (root / name).read_bytes()
        if edition == "learner":
            if not learner_keeps(name):
                continue
            if name.endswith(".ipynb"):
                data = without_outputs(data)
        files[name] = data
    if edition == "learner":
        files.update(released_exercises(root / EXERCISE_COURSES[language]))
    tables = reference_date()
    stamp = {"edition": edition, "version": __version__, "reference_date": tables.isoformat(), "language": language}
    files[EDITION_FILE] = (json.dumps(stamp, indent=2) + "\n").encode("utf-8")
    files[README_NOTES[language]] = read_me_first(edition, __version__, tables, language).encode("utf-8")
    return files


def edition_zip_name(edition: str, language: str = "en") -> str:
    return f"artisanat-{__version__}-{edition}" + ("" if language == "en" else f"-{language}")


def write_zip(files: dict[str, bytes], folder: str, target: Path, executables: Iterable[str] = ("course.py",)) -> Path:
    """Write `files` under `folder/` in a zip at `target` (atomically: a half-written zip never has the name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name in executables else 0o644) << 16
            archive.writestr(info, data)
    partial.replace(target)
    return target


def build_edition(edition: str, dist: Path = DIST, root: Path = ROOT, language: str = "en") -> Path:
    """Build `dist/artisanat-<version>-<edition>[-<language>].zip`; return its path."""
    name = edition_zip_name(edition, language)
    return write_zip(edition_files(edition, root, language), name, dist / f"{name}.zip")


# --- offline kit --------------------------------------------------------------------------------------------------


def requirement_lines(root: Path = ROOT) -> list[str]:
    """requirements.txt without the course's own package (`-e .`: it is installed from the edition's folder)."""
    lines = []
    for raw in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-e"):
            lines.append(line)
    return lines


def build_requirements(root: Path = ROOT) -> list[str]:
    """What pip needs to install the course's own package offline (its build backend, from pyproject.toml)."""
    import tomllib

    return list(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"])


def pins_name(target: Target, python: str) -> str:
    return f"pins-{target.name}-py{python.replace('.', '')}.txt"


def uv_executable() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        raise SystemExit("The kit needs uv (pip install uv; python3 course.py test installs it).")
    return found


def resolve(target: Target, python: str, wheelhouse: Path, root: Path = ROOT) -> Path:
    """Resolve the course's requirements for one target with uv (wheels only); write and return the pins file."""
    with tempfile.TemporaryDirectory() as scratch:
        wanted = Path(scratch) / "requirements.in"
        wanted.write_text("\n".join([*requirement_lines(root), *build_requirements(root)]) + "\n")
        pins = wheelhouse / pins_name(target, python)
        subprocess.run(
            [uv_executable(), "pip", "compile", "--quiet", "--no-header", "--no-annotate", "--only-binary", ":all:",
             "--python-platform", target.uv_platform, "--python-version", OLDEST_PATCH.get(python, python),
             "--constraint", str(root / "constraints.txt"), "--output-file", str(pins), str(wanted)],
            check=True, env={**os.environ, "MACOSX_DEPLOYMENT_TARGET": MACOS_DEPLOYMENT_TARGET},
        )
    return pins


def pinned(pins: Path) -> list[tuple[str, str]]:
    """(name, version) of every `name==version` line of a pins file."""
    out = []
    for raw in pins.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].split(";", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out.append((name.strip(), version.strip()))
    return out


def download(target: Target, python: str, pins: Path, wheelhouse: Path) -> None:
    """Download exactly the pinned wheels for one target (pip, no dependency resolution of its own)."""
    platforms = [arg for tag in target.pip_platforms for arg in ("--platform", tag)]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", *platforms, "--python-version", OLDEST_PATCH.get(python, python),
         "--implementation", "cp", "--dest", str(wheelhouse), "--requirement", str(pins)],
        check=True,
    )


def _normal(name: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name)


def supported_tags(target: Target, python: str) -> frozenset:
    """The wheel tags a CPython `python` on `target` installs (as pip computes them for that machine)."""
    from packaging.tags import compatible_tags, cpython_tags

    version = tuple(int(part) for part in python.split(".")[:2])
    platforms = list(target.pip_platforms)
    interpreter = f"cp{version[0]}{version[1]}"
    return frozenset([*cpython_tags(version, platforms=platforms),
                      *compatible_tags(version, interpreter=interpreter, platforms=platforms)])


def wheel_fits(filename: str, target: Target, python: str) -> bool:
    """Can a CPython `python` on `target` install this wheel file?"""
    from packaging.utils import parse_wheel_filename

    return bool(parse_wheel_filename(filename)[3] & supported_tags(target, python))


def missing_wheels(wheelhouse: Path, target: Target, python: str) -> list[str]:
    """Every `name==version` of the target's pins with no installable wheel in the wheelhouse (empty: complete)."""
    from packaging.utils import parse_wheel_filename

    pins = wheelhouse / pins_name(target, python)
    if not pins.is_file():
        return [f"{pins.name} (no resolution for this target)"]
    present: dict[tuple[str, str], list[str]] = {}
    for wheel in wheelhouse.glob("*.whl"):
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        present.setdefault((_normal(name), str(version)), []).append(wheel.name)
    missing = []
    for name, version in pinned(pins):
        files = present.get((_normal(name), version), [])
        if not any(wheel_fits(file, target, python) for file in files):
            missing.append(f"{name}=={version}")
    return missing


def build_kit(targets: list[str], pythons: list[str], dist: Path = DIST, root: Path = ROOT) -> Path:
    """Both editions and a wheelhouse for every target and Python; checked complete. Return the kit's folder."""
    kit = dist / f"artisanat-{__version__}-offline-kit"
    wheelhouse = kit / "wheelhouse"
    wheelhouse.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        for edition in EDITIONS:
            print(f"[artisanat] building the {edition} edition ({language})", flush=True)
            build_edition(edition, kit, root, language)
    problems = []
    for target_name in targets:
        target = TARGETS[target_name]
        for python in pythons:
            print(f"[artisanat] wheels for {target.description}, Python {python}", flush=True)
            pins = resolve(target, python, wheelhouse, root)
            download(target, python, pins, wheelhouse)
            missing = missing_wheels(wheelhouse, target, python)
            if missing:
                problems.append(f"{target.name} Python {python}: " + ", ".join(missing))
    if problems:
        raise SystemExit("The kit is incomplete:\n" + "\n".join(problems))
    (kit / README_NOTE).write_text(kit_note(targets, pythons), encoding="utf-8")
    return kit


def kit_note(targets: list[str], pythons: list[str]) -> str:
    names = "\n".join(f"  - {TARGETS[name].description}" for name in targets)
    return (
        f"Artisanat 2.0 - version {__version__} - offline install kit\n"
        f"Reference tables valid as of {reference_date().isoformat()}.\n\n"
        f"The wheelhouse/ folder installs the course with no internet on:\n{names}\n"
        f"with Python {', '.join(pythons)}.\n\n"
        "On each laptop: copy this whole folder (or just wheelhouse/ and one edition's zip), unzip the edition\n"
        "here, beside wheelhouse/, and start it (Windows: py course.py lab; macOS, Linux: python3 course.py lab).\n"
        "The trainer's guide (instructors/README.md in the trainer edition) has the workshop morning step by step.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py edition|kit")
    commands = parser.add_subparsers(dest="command", required=True)
    edition = commands.add_parser("edition", help="build one edition's zip in dist/")
    edition.add_argument("edition", choices=EDITIONS)
    edition.add_argument("--lang", choices=LANGUAGES, default="en", help="the edition's language (fr: français)")
    kit = commands.add_parser("kit", help="build the offline install kit in dist/ (needs the internet, once)")
    kit.add_argument("--platform", dest="platforms", action="append", choices=sorted(TARGETS),
                     help="only this platform (repeat for several; default: all)")
    kit.add_argument("--python", dest="pythons", action="append", choices=PYTHONS,
                     help="only this Python version (repeat for several; default: all supported)")
    kit.add_argument("--dist", type=Path, default=DIST, help="where to write the kit")
    args = parser.parse_args(argv)
    if args.command == "edition":
        path = build_edition(args.edition, language=args.lang)
        print(f"[artisanat] {path}")
        return 0
    folder = build_kit(args.platforms or list(TARGETS), args.pythons or list(PYTHONS), args.dist)
    print(f"[artisanat] offline kit ready: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

