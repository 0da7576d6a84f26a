"""`python3 course.py grade [--submissions DIR] [--jobs N]`: grade a whole class, in parallel, and export the grades.

1. Collect: the hand-ins in DIR (zips, notebooks or folders; see `submissions`) are filed into nbgrader's
   `exercises/submitted/<learner>/<assignment>/` tree. Without --submissions, that tree is graded as it is.
2. Prepare: `generate_assignment` runs for each assignment, so the real gradebook matches `source/` exactly;
   a template course folder (the same gradebook without learners) is made for the workers.
3. Grade in parallel: every learner × assignment is autograded, and gets its feedback page, in a worker process
   working in its own temporary copy of the course folder with its own gradebook (see `pool` for why). A
   broken submission (damaged file, missing notebook, error, endless loop, deleted or edited checks) only
   affects its own row: nbgrader stops a cell after the configured timeout, puts deleted checks back and uses
   the original checks; a worker that dies or hangs is replaced.
4. Merge: this process alone copies each worker's scores into the real `exercises/gradebook.db`, as nbgrader's
   own autograde would have written them (manual marks already given are kept). So Formgrader shows the
   submissions for the written answers, and `--export` can later re-export after manual marking.
5. Export: `grades.csv` (one row per learner × assignment) and `grades_by_task.csv` (one row per task),
   feedback pages in `feedback/<learner>/<assignment>/` (checked: no hidden check inside), then a summary in
   plain words of everything that needs the trainer's attention.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SAWarning

from atelier.i18n import _, ngettext

from . import DATASETS, EXERCISES, REPO_ROOT, class_summary, load_config, source_assignments
from .checks import feedback_leaks
from .nbgrader_run import run_step
from .pool import Task, TaskResult, make_template, polish_feedback, run
from .sandbox import sandbox_works, validate_reference_tables
from .submissions import collect, scan_submitted

GRADES_CSV = "grades.csv"
NOTES_JSON = "grading_notes.json"
GRADING_LOG = "grading.log"
TASKS_CSV = "grades_by_task.csv"
GRADE_COLUMNS = [
    "student_id",
    "assignment",
    "score",
    "max_score",
    "auto_score",
    "max_auto_score",
    "written_score",
    "max_written_score",
    "status",
]
TASK_COLUMNS = ["student_id", "assignment", "notebook", "task", "kind", "score", "max_score", "needs_manual_grade"]


class GradingError(Exception):
    """The class cannot be graded at all (no exercise, nbgrader cannot prepare an assignment...)."""


@dataclass
class Report:
    """What one grading run did, for the summary."""

    graded: int = 0
    problems: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sandboxed: bool = False
    summary_page: Path | None = None


def _db(course_dir: Path) -> tuple[str, str]:
    config = load_config(course_dir)
    return config.CourseDirectory.db_url, config.CourseDirectory.course_id


def prepare(course_dir: Path, assignments: list[str]) -> None:
    """Make the real gradebook match source/ for these assignments (nbgrader generate_assignment)."""
    for assignment in assignments:
        result = run_step("generate", course_dir, assignment)
        if not result.success:
            raise GradingError(
                _("nbgrader could not prepare {assignment}:\n{details}").format(
                    assignment=assignment, details=(result.log + result.error).strip()
                )
            )


def merge(course_dir: Path, result: TaskResult) -> None:
    """Write one worker's scores into the real gradebook, as `nbgrader autograde` would (manual marks kept)."""
    from nbgrader.api import Gradebook

    db_url, course_id = _db(course_dir)
    with Gradebook(db_url, course_id) as gradebook, warnings.catch_warnings():
        # nbgrader's own update_or_create_submission triggers a harmless SQLAlchemy warning
        warnings.simplefilter("ignore", SAWarning)
        gradebook.update_or_create_student(result.student)
        timestamp = datetime.fromisoformat(result.timestamp) if result.timestamp else None
        if timestamp is not None:
            gradebook.update_or_create_submission(result.assignment, result.student, timestamp=timestamp)
        else:
            gradebook.update_or_create_submission(result.assignment, result.student)
        scored = {(nb["name"], grade["name"]): grade for nb in result.notebooks for grade in nb["grades"]}
        comments = {(nb["name"], c["name"]): c for nb in result.notebooks for c in nb["comments"]}
        submission = gradebook.find_submission(result.assignment, result.student)
        for notebook in submission.notebooks:
            penalty = next(
                (nb["late_submission_penalty"] for nb in result.notebooks if nb["name"] == notebook.name), None
            )
            notebook.late_submission_penalty = penalty
            # a notebook nbgrader could not run (missing, damaged) scores 0 everywhere, as nbgrader does for
            # a missing notebook; otherwise copy the scores, with nbgrader's rule for what needs a manual mark
            ran = any(
                scored.get((notebook.name, grade.name), {}).get("auto_score") is not None
                for grade in notebook.grades
                if grade.cell.cell_type == "code"
            )
            for grade in notebook.grades:
                if not ran:
                    grade.auto_score, grade.needs_manual_grade = 0, False
                    continue
                grade.auto_score = scored.get((notebook.name, grade.name), {}).get("auto_score")
                # a mark the trainer already gave is kept, and does not ask to be marked again
                grade.needs_manual_grade = grade.auto_score is None and grade.manual_score is None
            for comment in notebook.comments:
                worker_comment = comments.get((notebook.name, comment.name))
                comment.auto_comment = worker_comment["auto_comment"] if worker_comment else None
        gradebook.db.commit()


def save_notes(course_dir: Path, problems: dict[tuple[str, str], list[str]]) -> None:
    """Keep each hand-in's problem notes beside the gradebook, so that `--export` writes them again later."""
    path = course_dir / NOTES_JSON
    notes = load_notes(course_dir)
    notes.update(problems)
    rows = [{"student": s, "assignment": a, "notes": n} for (s, a), n in sorted(notes.items())]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def load_notes(course_dir: Path) -> dict[tuple[str, str], list[str]]:
    """The problem notes of the last grading of each hand-in."""
    path = course_dir / NOTES_JSON
    if not path.exists():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {(row["student"], row["assignment"]): list(row["notes"]) for row in rows}
    except (ValueError, KeyError, TypeError):
        return {}


def graded_assignments(course_dir: Path) -> list[str]:
    """The assignments of the gradebook that have at least one hand-in (what `--export` exports)."""
    from nbgrader.api import Gradebook

    if not (course_dir / "gradebook.db").exists():
        return []
    db_url, course_id = _db(course_dir)
    with Gradebook(db_url, course_id) as gradebook:
        return sorted(a.name for a in gradebook.assignments if a.num_submissions)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export(course_dir: Path, assignments: list[str], problems: dict[tuple[str, str], list[str]]) -> tuple[Path, Path]:
    """Write grades.csv and grades_by_task.csv from the real gradebook; return their paths."""
    from nbgrader.api import Gradebook, MissingEntry

    db_url, course_id = _db(course_dir)
    rows: list[dict[str, str]] = []
    task_rows: list[dict[str, str]] = []
    with Gradebook(db_url, course_id) as gradebook:
        students = sorted(student.id for student in gradebook.students)
        known = {assignment.name: assignment for assignment in gradebook.assignments}
        for student in students:
            for assignment in assignments:
                if assignment not in known:
                    continue
                row = {"student_id": student, "assignment": assignment}
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:
                    target = known[assignment]
                    row.update(
                        score="0",
                        max_score=_number(target.max_score),
                        auto_score="0",
                        max_auto_score=_number(target.max_code_score),
                        written_score="0",
                        max_written_score=_number(target.max_written_score),
                        status=_("not handed in"),
                    )
                    rows.append(row)
                    continue
                notes = problems.get((student, assignment), [])
                pending = submission.needs_manual_grade
                status = "; ".join(notes) if notes else ""
                if pending:
                    status = "; ".join(filter(None, [status, _("written answer to mark")]))
                row.update(
                    score=_number(submission.score),
                    max_score=_number(submission.max_score),
                    auto_score=_number(submission.code_score),
                    max_auto_score=_number(submission.max_code_score),
                    written_score=_number(submission.written_score),
                    max_written_score=_number(submission.max_written_score),
                    status=status or _("graded"),
                )
                rows.append(row)
                for notebook in submission.notebooks:
                    for grade in sorted(notebook.grades, key=lambda g: g.name):
                        task_rows.append(
                            {
                                "student_id": student,
                                "assignment": assignment,
                                "notebook": notebook.name,
                                "task": grade.name,
                                "kind": "auto" if grade.cell.cell_type == "code" else "written",
                                "score": _number(grade.score),
                                "max_score": _number(grade.max_score),
                                "needs_manual_grade": "yes" if grade.needs_manual_grade else "no",
                            }
                        )
    grades = course_dir / GRADES_CSV
    tasks = course_dir / TASKS_CSV
    for path, columns, content in ((grades, GRADE_COLUMNS, rows), (tasks, TASK_COLUMNS, task_rows)):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(content)
    return grades, tasks


def _pending_marks(course_dir: Path, assignment: str) -> dict[str, set[str]]:
    """learner → the grade ids of an assignment still waiting for the trainer's mark."""
    from nbgrader.api import Gradebook

    db_url, course_id = _db(course_dir)
    pending: dict[str, set[str]] = {}
    with Gradebook(db_url, course_id) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.needs_manual_grade:
                        pending.setdefault(submission.student.id, set()).add(grade.name)
    return pending


def regenerate_feedback(course_dir: Path, assignments: list[str]) -> list[str]:
    """Remake every feedback page from the gradebook (after manual marking); return problems."""
    problems = []
    for assignment in assignments:
        result = run_step("feedback", course_dir, assignment)
        if not result.success:
            problems.append(_("feedback for {assignment} could not be made").format(assignment=assignment))
        pending = _pending_marks(course_dir, assignment)
        for page in sorted((course_dir / "feedback").glob(f"*/{assignment}/*.html")):
            source = course_dir / "source" / assignment / f"{page.stem}.ipynb"
            if source.exists():
                notebooks = [{"name": page.stem, "grades": [
                    {"name": name, "needs_manual_grade": True} for name in pending.get(page.parts[-3], set())]}]
                polish_feedback(page, source, notebooks, [str(course_dir), str(REPO_ROOT)])
            if source.exists() and feedback_leaks(page, source):
                page.unlink()
                problems.append(_("{page} showed a hidden check and was withheld").format(page=page))
    return problems


def grade_class(
    course_dir: Path,
    submissions: Path | None,
    jobs: int,
    *,
    assignments: list[str] | None = None,
    datasets: Path = DATASETS,
    deadline: float = 600.0,
    progress: bool = True,
) -> Report:
    """Collect, prepare, grade in parallel, merge and export; return what happened."""
    from tqdm import tqdm

    started = time.perf_counter()
    known = source_assignments(course_dir)
    if not known:
        raise GradingError(_("There is no exercise in {folder}.").format(folder=course_dir / "source"))
    wanted = assignments or known
    if submissions is not None:
        if not submissions.is_dir():
            raise GradingError(_("The folder {folder} does not exist.").format(folder=submissions))
        collected = collect(submissions, course_dir, wanted)
    else:
        collected = scan_submitted(course_dir, wanted)
    report = Report(unmatched=collected.unmatched, sandboxed=sandbox_works())
    graded_assignments = sorted({assignment for _student, assignment in collected.submissions})
    if not collected.submissions:
        return report
    prepare(course_dir, graded_assignments)
    if report.sandboxed:
        validate_reference_tables(str(datasets))
    (course_dir / GRADING_LOG).write_text(f"grading run of {datetime.now():%Y-%m-%d %H:%M}\n", encoding="utf-8")
    template = Path(tempfile.mkdtemp(prefix="artisanat-template-"))
    try:
        make_template(course_dir, template)
        tasks = [
            Task(student, assignment, str(course_dir), str(template), str(datasets), report.sandboxed)
            for student, assignment in sorted(collected.submissions)
        ]
        learners = len({task.student for task in tasks})
        description = _("Grading {learners} × {assignments}").format(
            learners=ngettext("{count} learner", "{count} learners", learners).format(count=learners),
            assignments=ngettext("{count} exercise", "{count} exercises", len(graded_assignments)).format(
                count=len(graded_assignments)),
        )
        with tqdm(total=len(tasks), desc=description, unit=_("notebook"), disable=not progress) as bar:

            def done(result: TaskResult) -> None:
                try:
                    merge(course_dir, result)
                except Exception as error:  # one hand-in's scores must never stop the run
                    result.problems.append(
                        _("its marks could not be recorded ({error}); it scores 0").format(error=type(error).__name__)
                    )
                notes = collected.submissions[(result.student, result.assignment)].notes + result.problems
                if notes:
                    report.problems[(result.student, result.assignment)] = notes
                report.graded += 1
                bar.update(1)

            run(tasks, jobs, deadline, done, course_dir / GRADING_LOG)
    finally:
        shutil.rmtree(template, ignore_errors=True)
    # a hand-in graded again starts with fresh notes
    notes = load_notes(course_dir)
    for key in collected.submissions:
        notes.pop(key, None)
    notes.update(report.problems)
    (course_dir / NOTES_JSON).unlink(missing_ok=True)
    save_notes(course_dir, notes)
    # the grades and the summary keep the notes of the hand-ins graded in earlier runs too
    export(course_dir, graded_assignments, notes)
    report.summary_page = class_summary.write(course_dir, notes, report.sandboxed)
    report.seconds = time.perf_counter() - started
    return report


def summary(course_dir: Path, report: Report, jobs: int) -> str:
    """The end-of-run summary, in plain words."""
    lines = [
        ngettext(
            "Graded {count} hand-in in {seconds:.0f} s ({jobs} at a time).",
            "Graded {count} hand-ins in {seconds:.0f} s ({jobs} at a time).",
            report.graded,
        ).format(count=report.graded, seconds=report.seconds, jobs=jobs),
        _("Grades: {path} (one row per learner and exercise) and {tasks} (one row per task).").format(
            path=course_dir / GRADES_CSV, tasks=course_dir / TASKS_CSV
        ),
        _("Feedback pages to give back: {path}/<learner>/<exercise>/").format(path=course_dir / "feedback"),
        _("Class summary to read first (scores, the tasks most missed, who needs attention): {path}").format(
            path=report.summary_page
        ),
        _("Each hand-in ran in its own sandbox (bubblewrap): it could not read the model answers, the other "
          "hand-ins or your files, nor use the network.")
        if report.sandboxed
        else _("WARNING: the hand-ins were NOT isolated: their code ran with your rights, because this computer "
               "has no sandbox (bubblewrap exists only on Linux: sudo apt-get install bubblewrap). Grade on Linux "
               "if you do not trust every hand-in."),
    ]
    if report.problems:
        lines.append(
            ngettext(
                "{count} hand-in needs your attention (the others were not affected):",
                "{count} hand-ins need your attention (the others were not affected):",
                len(report.problems),
            ).format(count=len(report.problems))
        )
        for (student, assignment), notes in sorted(report.problems.items()):
            lines.append(f"  - {student}, {assignment}: " + "; ".join(notes))
    else:
        lines.append(_("No problem: every hand-in was graded normally."))
    lines.append(_("Technical details, if ever needed: {path}").format(path=course_dir / GRADING_LOG))
    if report.unmatched:
        lines.append(_("These files were not graded: their names do not say which learner and exercise:"))
        lines.extend(f"  - {name}" for name in report.unmatched)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py grade",
        description=_("Grade a whole class of collected exercises, in parallel, and export the grades."),
    )
    parser.add_argument(
        "--submissions",
        type=Path,
        help=_("folder of hand-ins (zips, notebooks or one folder per learner); default: exercises/submitted"),
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help=_("notebooks graded at once (default: all cores)")
    )
    parser.add_argument("--assignment", action="append", help=_("grade only this exercise (repeatable)"))
    parser.add_argument("--course-dir", type=Path, default=EXERCISES, help=_("the nbgrader course folder"))
    parser.add_argument("--datasets", type=Path, default=DATASETS, help=_("the course's datasets folder"))
    parser.add_argument(
        "--export",
        action="store_true",
        help=_("do not grade: re-export the CSV files and feedback from the gradebook (after manual marking)"),
    )
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    args = parser.parse_args(argv)
    course_dir = args.course_dir.resolve()
    jobs = max(1, args.jobs)
    try:
        if args.export:
            graded = graded_assignments(course_dir)
            assignments = [name for name in (args.assignment or graded) if name in graded]
            if not assignments:
                print(_("Nothing to export yet: grade the class first (python3 course.py grade --submissions DIR)."))
                return 0
            problems = regenerate_feedback(course_dir, assignments)
            notes = load_notes(course_dir)
            grades, tasks = export(course_dir, assignments, notes)
            page = class_summary.write(course_dir, notes, sandbox_works())
            print(_("Exported {grades} and {tasks}; feedback pages remade.").format(grades=grades, tasks=tasks))
            print(_("Class summary: {path}").format(path=page))
            for problem in problems:
                print("  - " + problem)
            return 0
        report = grade_class(
            course_dir,
            args.submissions.resolve() if args.submissions else None,
            jobs,
            assignments=args.assignment,
            datasets=args.datasets.resolve(),
            progress=not args.quiet,
        )
    except GradingError as error:
        print(str(error), file=sys.stderr)
        return 1
    if not report.graded:
        print(_("Nothing to grade: no hand-in found."))
        for name in report.unmatched:
            print(f"  - {name}")
        return 1
    print(summary(course_dir, report, jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
