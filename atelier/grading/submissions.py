"""Turn what learners hand in into nbgrader's `submitted/<learner>/<assignment>/<notebook>.ipynb` tree.

The folder given to `python3 course.py grade --submissions DIR` may mix three simple layouts (see the runbook):

1. files named `<learner>_<assignment>.zip` or `<learner>_<assignment>.ipynb`, side by side;
2. one folder per learner, `<learner>/`, holding what that learner handed in (zips or notebooks, any name that
   contains the assignment's name, e.g. `ex01_artisanat_online (1).ipynb`);
3. nbgrader's own layout, `<learner>/<assignment>/<notebook>.ipynb` (what `nbgrader collect` or
   `nbgrader zip_collect` produce).

A zip may hold the notebook at any depth (a whole unzipped-and-rezipped pack is fine). Only notebooks are taken
from zips, by their file name, so nothing is ever extracted outside the course folder. A notebook whose name a
browser changed (`… (1).ipynb`, `…-Copy1.ipynb`) is filed under the assignment's notebook name, and the summary
says so.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from atelier.i18n import _

from . import assignment_notebooks

_COPY_SUFFIX = re.compile(r"(\s*\(\d+\)|-Copy\d*|\s+copy|_copy)+$", re.I)
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass
class Submission:
    """One learner's hand-in of one assignment, and what was noticed while filing it."""

    student: str
    assignment: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Collected:
    """The submissions found in a folder, and the files that could not be matched to a learner and exercise."""

    submissions: dict[tuple[str, str], Submission] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)


def learner_id(name: str) -> str:
    """A learner id safe as a folder name: `Marie Dupont` becomes `Marie_Dupont` (accents kept, written one way:
    a name that came through a Mac, `Ine\u0300s`, is the same learner as `Inès`)."""
    return _UNSAFE.sub("_", unicodedata.normalize("NFC", name).strip()).strip("._")


def ignored(path: str) -> bool:
    """Files a computer adds that are not a hand-in: a Mac's `__MACOSX/` and `._*`, Jupyter's checkpoints."""
    parts = re.split(r"[/\\]", path)
    return any(part in {"__MACOSX", ".ipynb_checkpoints", ".DS_Store"} or part.startswith("._") for part in parts)


def match_assignment(name: str, assignments: list[str]) -> str | None:
    """The assignment whose name appears in a file name (the longest one when several do)."""
    found = [assignment for assignment in assignments if assignment.lower() in name.lower()]
    return max(found, key=len) if found else None


def clean_stem(name: str) -> str:
    """A notebook's name without the copy marks browsers add: `ex01 (1).ipynb` -> `ex01`."""
    return _COPY_SUFFIX.sub("", Path(name).stem)


class Filer:
    """Write notebooks into `<course>/submitted/`, one fresh folder per learner × assignment."""

    def __init__(self, course_dir: Path, assignments: list[str]) -> None:
        self.course_dir = course_dir
        self.assignments = assignments
        self.collected = Collected()
        # (learner, assignment, notebook) -> (modified, the file's name) of the copy kept so far
        self.kept: dict[tuple[str, str, str], tuple[float, str]] = {}

    def submission(self, student: str, assignment: str) -> Submission:
        """The submission being filed, its folder emptied the first time it is met in this run."""
        key = (student, assignment)
        if key not in self.collected.submissions:
            folder = self.folder(student, assignment)
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            self.collected.submissions[key] = Submission(student, assignment)
        return self.collected.submissions[key]

    def folder(self, student: str, assignment: str) -> Path:
        return self.course_dir / "submitted" / student / assignment

    def add_notebook(
        self, student: str, assignment: str, name: str, content: bytes, modified: float = 0.0, shown: str = ""
    ) -> None:
        """File one notebook, under the assignment's notebook name when the learner's name was changed; of two
        copies of one notebook, the most recently modified is kept and the summary names it."""
        submission = self.submission(student, assignment)
        expected = assignment_notebooks(self.course_dir, assignment)
        stem = clean_stem(name)
        if stem not in expected and len(expected) == 1:
            stem = expected[0]
        if stem not in Path(name).stem:
            # not a copy mark nor the `<learner>_<assignment>` convention: the trainer may want to look
            submission.notes.append(
                _("the file {name} was taken as {stem}.ipynb").format(name=Path(name).name, stem=stem)
            )
        target = self.folder(student, assignment) / f"{stem}.ipynb"
        shown = shown or name
        key = (student, assignment, stem)
        if key in self.kept:
            earlier_time, earlier = self.kept[key]
            newer = modified >= earlier_time
            kept, dropped = (shown, earlier) if newer else (earlier, shown)
            submission.notes.append(
                _("two copies of {stem}.ipynb were handed in: kept {kept} (the most recently modified), not "
                  "{dropped}").format(stem=stem, kept=kept, dropped=dropped)
            )
            if not newer:
                return
        self.kept[key] = (modified, shown)
        target.write_bytes(content)

    def add_zip(self, student: str, assignment: str | None, path: Path) -> None:
        """File the notebooks of one zip (for one assignment, or each matched by its own name)."""
        try:
            with zipfile.ZipFile(path) as archive:
                members = [
                    info
                    for info in archive.infolist()
                    if info.filename.endswith(".ipynb") and not ignored(info.filename)
                ]
                contents = [
                    (Path(info.filename).name, archive.read(info), datetime(*info.date_time).timestamp(),
                     f"{path.name} → {info.filename}")
                    for info in members
                ]
        except (zipfile.BadZipFile, OSError):
            if assignment is None:
                self.collected.unmatched.append(f"{path}: " + _("a damaged zip file"))
            else:
                self.submission(student, assignment).notes.append(
                    _("the zip file {name} is damaged and could not be opened").format(name=path.name)
                )
            return
        if assignment is not None and not contents:
            self.submission(student, assignment).notes.append(
                _("the zip file {name} holds no notebook").format(name=path.name)
            )
        for name, content, modified, shown in contents:
            target = assignment or match_assignment(name, self.assignments)
            if target is None:
                self.collected.unmatched.append(
                    f"{path} → {name}: " + _("its name does not say which exercise it is")
                )
            else:
                self.add_notebook(student, target, name, content, modified, shown)

    def add_file(self, student: str, path: Path, assignment: str | None = None) -> None:
        """File one handed-in file (a zip or a notebook) of a known learner."""
        assignment = assignment or match_assignment(path.name, self.assignments)
        if path.suffix.lower() == ".zip":
            self.add_zip(student, assignment, path)
        elif path.suffix.lower() == ".ipynb" and assignment is not None:
            self.add_notebook(student, assignment, path.name, path.read_bytes(), path.stat().st_mtime, path.name)
        elif path.suffix.lower() == ".ipynb":
            self.collected.unmatched.append(f"{path}: " + _("its name does not say which exercise it is"))
        else:
            self.collected.unmatched.append(f"{path}: " + _("not a notebook nor a zip"))


def collect(source: Path, course_dir: Path, assignments: list[str]) -> Collected:
    """File every hand-in found in `source` into the course's submitted/ tree (replacing older copies)."""
    submitted = (course_dir / "submitted").resolve()
    if source.resolve() == submitted:
        return scan_submitted(course_dir, assignments)
    filer = Filer(course_dir, assignments)
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") or ignored(entry.name):
            continue
        if entry.is_file():
            stem = unicodedata.normalize("NFC", entry.stem)
            assignment = match_assignment(stem, assignments)
            student = learner_id(stem[: stem.lower().rfind(assignment.lower())]) if assignment else ""
            if assignment and student and entry.suffix.lower() in {".zip", ".ipynb"}:
                filer.add_file(student, entry, assignment)
            elif entry.suffix.lower() in {".zip", ".ipynb"}:
                filer.collected.unmatched.append(
                    f"{entry}: " + _("its name does not say which learner and exercise it is")
                )
            else:
                filer.collected.unmatched.append(f"{entry}: " + _("not a notebook nor a zip"))
            continue
        student = learner_id(entry.name)
        for item in sorted(entry.iterdir()):
            if ignored(item.name):
                continue
            # `ex06_credibility/`, or `ex06_credibility 2/` when a pack was unzipped twice
            folder_assignment = match_assignment(item.name, assignments) if item.is_dir() else None
            if folder_assignment is not None:
                filer.submission(student, folder_assignment)
                for path in sorted(item.rglob("*")):
                    if not path.is_file() or ignored(str(path.relative_to(item))):
                        continue
                    if path.suffix == ".ipynb":
                        filer.add_notebook(student, folder_assignment, path.name, path.read_bytes(),
                                           path.stat().st_mtime, str(path.relative_to(source)))
            elif item.is_dir():
                for path in sorted(item.rglob("*")):
                    if path.is_file() and not ignored(str(path.relative_to(item))):
                        filer.add_file(student, path)
            elif item.is_file():
                filer.add_file(student, item)
    return filer.collected


def scan_submitted(course_dir: Path, assignments: list[str]) -> Collected:
    """The submissions already in nbgrader's submitted/ tree."""
    collected = Collected()
    submitted = course_dir / "submitted"
    if not submitted.is_dir():
        return collected
    for student in sorted(path for path in submitted.iterdir() if path.is_dir()):
        for assignment in assignments:
            if (student / assignment).is_dir():
                collected.submissions[(student.name, assignment)] = Submission(student.name, assignment)
    return collected
