"""`python3 course.py release [ASSIGNMENT ...]`: the learners' version of the exercises, and one zip per exercise.

For every assignment of `exercises/source/` (or the ones named) this runs `nbgrader generate_assignment --force`
into `exercises/release/<assignment>/`, checks that no generated notebook shows a solution or a hidden check (it
stops loudly otherwise), then builds `exercises/release_packs/<assignment>.zip` for the learners: the notebook, the
reference tables it reads (listed in the source notebook's metadata `artisanat.data_files`, so the pack works
outside the course folder) and a short plain-words note on how to hand it in. The zip is checked again.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

import nbformat

from atelier.i18n import _
from atelier.version import edition_info, edition_line

from . import EXERCISES, REPO_ROOT, source_assignments
from .checks import leaks, notebook_text, read_notebook, release_leaks
from .nbgrader_run import run_step

HAND_IN_NOTE = "READ_ME_FIRST.txt"
# an exercise that needs nothing of the course's package but its exercise helpers carries them in its pack
_COURSE_IMPORT = re.compile(r"^\s*(?:from\s+atelier(?:\.(\w+))?\s+import\s+([\w ,]+)|import\s+atelier\.(\w+))", re.M)
PACK_PACKAGE_NOTE = '"""The course\'s exercise helpers, as a release pack carries them (the full course has more)."""\n'


class ReleaseError(Exception):
    """A release that must not reach learners (a leak, or nbgrader failed)."""


def hand_in_note(assignment: str) -> str:
    """The plain-words note put in every pack."""
    return _(
        "Exercise {assignment}\n\n"
        "1. Unzip this file (keep the folder as it is: the notebook reads the tables beside it).\n"
        "2. Open {assignment}.ipynb in JupyterLab and follow the instructions in the notebook.\n"
        "3. Save (Ctrl + S). Hand in the file {assignment}.ipynb as your trainer explains "
        "(USB stick, e-mail, shared folder). Please do not rename it.\n\n"
        "{course}\n"
    ).format(assignment=assignment, course=edition_line(edition_info()))


def data_files(source_notebook: Path) -> list[str]:
    """The files of the repository a notebook needs beside it (its metadata `artisanat.data_files`)."""
    meta = read_notebook(source_notebook).metadata.get("artisanat", {})
    return [str(name) for name in meta.get("data_files", [])]


def generate(course_dir: Path, assignment: str) -> Path:
    """Generate the learners' version of one assignment and prove it shows no secret; return its folder."""
    result = run_step("generate", course_dir, assignment)
    if not result.success:
        raise ReleaseError(
            _("nbgrader could not generate {assignment}:\n{details}").format(
                assignment=assignment, details=(result.log + result.error).strip()
            )
        )
    released = course_dir / "release" / assignment
    for notebook in sorted(released.glob("*.ipynb")):
        found = release_leaks(notebook, course_dir / "source" / assignment / notebook.name)
        if found:
            raise ReleaseError(
                _("STOP: {notebook} shows what learners must not see: {found}").format(
                    notebook=notebook, found="; ".join(found[:5])
                )
            )
    return released


def standalone(source_notebook: Path) -> bool:
    """Whether a notebook uses nothing of the course's package but `atelier.exercises` (so its pack can carry it)."""
    used: set[str] = set()
    for cell in read_notebook(source_notebook).cells:
        if cell.cell_type != "code":
            continue
        for module, names, imported in _COURSE_IMPORT.findall(cell.source):
            if module or imported:
                used.add(module or imported)
            else:
                used.update(name.split()[0] for name in names.split(",") if name.strip())
    return used <= {"exercises"}


def build_pack(course_dir: Path, assignment: str, data_root: Path) -> Path:
    """Zip one released assignment with its data files and the hand-in note; check the zip; return its path."""
    released = course_dir / "release" / assignment
    packs = course_dir / "release_packs"
    packs.mkdir(exist_ok=True)
    pack = packs / f"{assignment}.zip"
    extra: dict[str, Path] = {}
    for notebook in sorted((course_dir / "source" / assignment).glob("*.ipynb")):
        for name in data_files(notebook):
            path = data_root / name
            if not path.is_file():
                raise ReleaseError(
                    _("{assignment} needs {name}, which is missing.").format(assignment=assignment, name=name)
                )
            extra[name] = path
    temporary = pack.with_suffix(".zip.part")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(released.rglob("*")):
            if path.is_file():
                archive.write(path, f"{assignment}/{path.relative_to(released).as_posix()}")
        for name, path in sorted(extra.items()):
            archive.write(path, f"{assignment}/{name}")
        archive.writestr(f"{assignment}/{HAND_IN_NOTE}", hand_in_note(assignment))
        if all(standalone(path) for path in (course_dir / "source" / assignment).glob("*.ipynb")):
            import atelier.exercises

            archive.writestr(f"{assignment}/atelier/__init__.py", PACK_PACKAGE_NOTE)
            archive.write(atelier.exercises.__file__, f"{assignment}/atelier/exercises.py")
    try:
        check_pack(temporary, course_dir, assignment)
    except ReleaseError:
        temporary.unlink()
        raise
    temporary.replace(pack)
    return pack


def check_pack(pack: Path, course_dir: Path, assignment: str) -> None:
    """Fail loudly if any notebook of a zip shows a solution, a hidden check or a source-only notebook."""
    sources = {path.name: read_notebook(path) for path in (course_dir / "source" / assignment).glob("*.ipynb")}
    with zipfile.ZipFile(pack) as archive:
        names = [name for name in archive.namelist() if name.endswith(".ipynb")]
        if sorted(Path(name).name for name in names) != sorted(sources):
            raise ReleaseError(_("{pack} does not hold exactly the exercise's notebooks.").format(pack=pack))
        for name in names:
            notebook = nbformat.reads(archive.read(name).decode("utf-8"), as_version=4)
            found = leaks(notebook_text(notebook), sources[Path(name).name])
            if found:
                raise ReleaseError(
                    _("STOP: {name} in {pack} shows what learners must not see: {found}").format(
                        name=name, pack=pack, found="; ".join(found[:5])
                    )
                )


def release(course_dir: Path, assignments: list[str], data_root: Path) -> list[Path]:
    """Generate, check and pack the given assignments; return the packs."""
    packs = []
    for assignment in assignments:
        print(_("Generating the learners' version of {assignment}…").format(assignment=assignment), flush=True)
        generate(course_dir, assignment)
        packs.append(build_pack(course_dir, assignment, data_root))
    return packs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py release",
        description=_("Generate the learners' version of the exercises and one zip per exercise."),
    )
    parser.add_argument("assignments", nargs="*", help=_("exercises to release (default: all of source/)"))
    parser.add_argument("--course-dir", type=Path, default=EXERCISES, help=_("the nbgrader course folder"))
    parser.add_argument(
        "--data-root", type=Path, default=REPO_ROOT, help=_("the folder the notebooks' data files are relative to")
    )
    args = parser.parse_args(argv)
    course_dir = args.course_dir.resolve()
    known = source_assignments(course_dir)
    unknown = [name for name in args.assignments if name not in known]
    if unknown or not known:
        print(
            _("Unknown exercise(s): {names}. The exercises are: {known}.").format(
                names=", ".join(unknown) or "-", known=", ".join(known) or "-"
            ),
            file=sys.stderr,
        )
        return 2
    try:
        packs = release(course_dir, args.assignments or known, args.data_root.resolve())
    except ReleaseError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(_("Ready to hand out (no solution, no hidden check inside):"))
    for pack in packs:
        print(f"  {pack}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
