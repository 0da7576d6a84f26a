"""Autograde learner × assignment pairs in parallel, each in its own throw-away copy of the course directory.

Why copies: nbgrader's gradebook is one SQLite file and `nbgrader autograde` grades one notebook at a time; two
autograde runs writing the same gradebook at once would lock or corrupt it. So each task runs in a temporary
course folder holding the course's nbgrader_config.py (its paths follow the file, so they point at the copy),
the assignment's source, a gradebook that already knows the assignments (the "template", made once per run) and
the one submission. The worker autogrades it, generates the learner's feedback, checks that the feedback shows no
hidden check, reads the scores from its own gradebook and copies `autograded/` and `feedback/` back to the real
course folder (each task writes only its own learner × assignment folders, so copies never collide). The parent
process is the only writer of the real gradebook (see `grade.merge`).

Why our own pool rather than `concurrent.futures`: a worker may die (a learner's code can exhaust memory) or hang
beyond nbgrader's per-cell timeout; `ProcessPoolExecutor` then breaks every pending task. Here each worker is a
long-lived process (nbgrader is imported once, not once per learner) fed one task at a time through a pipe; a
worker that dies or passes the task deadline is ended with its kernels, its task is reported as not graded, and a
fresh worker takes the next task.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import nbformat

from atelier.i18n import _

from . import CONFIG_FILE, DATASETS_ENV, REPO_ROOT, assignment_notebooks, load_config
from .checks import feedback_leaks
from .feedback import is_check_cell, polish_page, strip_hidden_tests
from .nbgrader_run import run_step
from .sandbox import NOT_RUN, STOPPED, autograde_overrides
from .tamper import scan_notebook, withholds


@dataclass
class Task:
    """One learner × assignment to autograde."""

    student: str
    assignment: str
    course_dir: str
    template_dir: str
    datasets: str
    sandbox: bool = True


@dataclass
class TaskResult:
    """What grading one learner × assignment gave: scores read from the worker's gradebook, and notes."""

    student: str
    assignment: str
    graded: bool = False
    timestamp: str | None = None
    notebooks: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def make_template(course_dir: Path, template_dir: Path) -> None:
    """A course folder for the workers: config, sources and the real gradebook without any learner in it."""
    from nbgrader.api import Gradebook

    template_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(course_dir / CONFIG_FILE, template_dir / CONFIG_FILE)
    shutil.copytree(course_dir / "source", template_dir / "source", dirs_exist_ok=True)
    shutil.copy2(course_dir / "gradebook.db", template_dir / "gradebook.db")
    config = load_config(template_dir)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        for student in list(gradebook.students):
            gradebook.remove_student(student.id)


def _copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    if source.exists():
        shutil.copytree(source, target)


def _precheck(course: Path, task: Task) -> tuple[bool, list[str]]:
    """Plain-words problems of a submission that nbgrader would only report in its log; True if it cannot run."""
    problems = []
    unusable = False
    folder = course / "submitted" / task.student / task.assignment
    for name in assignment_notebooks(course, task.assignment):
        path = folder / f"{name}.ipynb"
        if not path.exists():
            problems.append(_("no notebook {name}.ipynb was handed in; it scores 0").format(name=name))
            unusable = True
            continue
        try:
            submitted = nbformat.read(path, as_version=4)
        except Exception:
            problems.append(
                _("the file {name}.ipynb is damaged (not a readable notebook); it scores 0").format(name=name)
            )
            unusable = True
            continue
        source = nbformat.read(course / "source" / task.assignment / f"{name}.ipynb", 4)
        problems += _changed_checks(source, submitted)
        if is_blank(submitted):
            problems.append(_("BLANK: nothing was answered in {name}.ipynb").format(name=name))
    return unusable, problems


def _tampering(course: Path, task: Task) -> tuple[bool, list[str]]:
    """The attempts to fool the checks found in the hand-in's own code; True if they withhold the marks."""
    folder = course / "submitted" / task.student / task.assignment
    attempts = []
    for name in assignment_notebooks(course, task.assignment):
        try:
            submitted = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except Exception:
            continue
        attempts += scan_notebook(submitted, nbformat.read(course / "source" / task.assignment / f"{name}.ipynb", 4))
    if not attempts:
        return False, []
    withheld = withholds(attempts)
    described = "; ".join(attempt.describe() for attempt in attempts)
    if withheld:
        return True, [_("TAMPERING: the notebook {what}; its automatic marks are withheld (0): look at it "
                        "yourself").format(what=described)]
    return False, [_("the notebook {what} (stopped by the sandbox)").format(what=described)]


def _withhold_marks(course: Path, task: Task) -> None:
    """Set every automatic mark of a hand-in to 0 in the worker's gradebook (tampering found)."""
    from nbgrader.api import Gradebook

    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        submission = gradebook.find_submission(task.assignment, task.student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.cell.cell_type == "code" and grade.auto_score is not None:
                    grade.auto_score = 0
        gradebook.db.commit()


_STUBS = ("raise NotImplementedError", "✏️ YOUR ANSWER HERE: double-click", "✏️ VOTRE RÉPONSE ICI : double-cliquez")


def is_blank(submitted: nbformat.NotebookNode) -> bool:
    """Whether no answer cell of a hand-in holds an answer (each still empty, `...` or the release's stub)."""
    answers = [cell for cell in submitted.cells if cell.get("metadata", {}).get("nbgrader", {}).get("solution")]
    return bool(answers) and all(
        not cell.source.strip() or cell.source.strip() in {"...", "pass"} or any(stub in cell.source for stub in _STUBS)
        for cell in answers
    )


def _changed_checks(source: nbformat.NotebookNode, submitted: nbformat.NotebookNode) -> list[str]:
    """Whether the learner deleted or edited check cells (nbgrader puts the originals back either way)."""
    given = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source.strip()
        for cell in submitted.cells
        if "grade_id" in cell.get("metadata", {}).get("nbgrader", {})
    }
    checks = [cell for cell in source.cells if is_check_cell(cell)]
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in checks]
    notes = []
    if any(grade_id not in given for grade_id in ids):
        notes.append(_("some check cells had been deleted; they were put back before grading"))
    if any(
        cell.metadata["nbgrader"]["grade_id"] in given
        # the learners' version has no hidden check; a trainer grading the source itself has them
        and given[cell.metadata["nbgrader"]["grade_id"]]
        not in {strip_hidden_tests(cell.source).strip(), cell.source.strip()}
        for cell in checks
    ):
        notes.append(_("some check cells had been edited; the original checks were used"))
    return notes


def _notes_from_run(course: Path, task: Task) -> list[str]:
    """What the learner's notebook did that the trainer should know: a cell stopped after the timeout."""
    notes = []
    for path in sorted((course / "autograded" / task.student / task.assignment).glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:
            continue
        outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
        if any(output.get("ename") == "CellTimeoutError" for output in outputs):
            notes.append(_("a cell ran too long and was stopped (an endless loop?); the rest was graded"))
        stopped = [output for output in outputs if output.get("ename") == STOPPED]
        if stopped:
            where = str(stopped[0].get("evalue", "")).split("(", 1)[-1].split(")", 1)[0]
            notes.append(
                _("the notebook stopped at {task} (Python ended: os._exit, a crash, or too much memory or "
                  "computing time); the tasks before it keep their marks, the rest scores 0").format(task=where)
            )
        if any("TAMPERING" in str(output.get("evalue", "")) for output in outputs):
            notes.append(_("TAMPERING noticed while running: the checks found Python or IPython changed"))
        if any(output.get("ename") == NOT_RUN for output in outputs) and not stopped:
            notes.append(_("some cells could not run"))
    return notes


def _read_scores(course: Path, task: Task) -> tuple[str | None, list[dict[str, Any]]]:
    """The submission's timestamp and per-notebook grades, from the worker's own gradebook."""
    from nbgrader.api import Gradebook

    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        submission = gradebook.find_submission(task.assignment, task.student)
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
        notebooks = []
        for notebook in submission.notebooks:
            notebooks.append(
                {
                    "name": notebook.name,
                    "late_submission_penalty": notebook.late_submission_penalty,
                    "grades": [
                        {
                            "name": grade.name,
                            "auto_score": grade.auto_score,
                            "needs_manual_grade": bool(grade.needs_manual_grade),
                        }
                        for grade in notebook.grades
                    ],
                    "comments": [
                        {"name": comment.name, "auto_comment": comment.auto_comment} for comment in notebook.comments
                    ],
                }
            )
    return timestamp, notebooks


def polish_feedback(page: Path, source: Path, notebooks: list[dict[str, Any]], private: list[str]) -> None:
    """Name the tasks of a feedback page and show the written answers still to mark as such."""
    from .class_summary import task_label

    source_nb = nbformat.read(source, as_version=4)
    labels = {}
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            written = cell.cell_type == "markdown"
            labels[meta["grade_id"]] = task_label(meta["grade_id"]) + (_(", written answer") if written else "")
    to_mark = {
        grade["name"] for notebook in notebooks if notebook["name"] == page.stem for grade in notebook["grades"]
        if grade["needs_manual_grade"]
    }
    polish_page(page, labels, to_mark, private)


def grade_task(task: Task) -> TaskResult:
    """Autograde one learner × assignment in a throw-away course copy; never raises."""
    started = time.perf_counter()
    result = TaskResult(task.student, task.assignment)
    main = Path(task.course_dir)
    template = Path(task.template_dir)
    work = Path(tempfile.mkdtemp(prefix="artisanat-grade-"))
    try:
        course = work / "course"
        (course / "source").mkdir(parents=True)
        shutil.copy2(template / CONFIG_FILE, course / CONFIG_FILE)
        shutil.copy2(template / "gradebook.db", course / "gradebook.db")
        shutil.copytree(template / "source" / task.assignment, course / "source" / task.assignment)
        submitted = Path("submitted") / task.student / task.assignment
        shutil.copytree(main / submitted, course / submitted)
        unusable, notes = _precheck(course, task)
        result.problems += notes
        withheld, attempts = _tampering(course, task)
        result.problems += attempts
        os.environ[DATASETS_ENV] = task.datasets
        autograde = run_step(
            "autograde", course, task.assignment, task.student, autograde_overrides(task.datasets, sandbox=task.sandbox)
        )
        result.problems += _notes_from_run(course, task)
        if not autograde.success:
            print(f"autograde {task.student} {task.assignment}:\n{autograde.log}{autograde.error}", file=sys.stderr)
            if not unusable:
                result.problems.append(
                    _("nbgrader could not finish running it (a cell that never stops?); it scores 0")
                )
        autograded = course / "autograded" / task.student / task.assignment
        if withheld and autograded.exists():
            _withhold_marks(course, task)
        if autograded.exists():
            feedback = run_step("feedback", course, task.assignment, task.student)
            if not feedback.success:
                result.problems.append(_("the feedback page could not be made"))
            result.timestamp, result.notebooks = _read_scores(course, task)
            for page in sorted((course / "feedback" / task.student / task.assignment).glob("*.html")):
                source = course / "source" / task.assignment / f"{page.stem}.ipynb"
                if source.exists():
                    polish_feedback(page, source, result.notebooks, [str(work), str(main), str(REPO_ROOT)])
                if source.exists() and feedback_leaks(page, source):
                    page.unlink()
                    result.problems.append(_("the feedback page showed a hidden check, so it was withheld"))
        result.timestamp, result.notebooks = _read_scores(course, task)
        result.graded = True
        for step in ("autograded", "feedback"):
            _copy_tree(course / step / task.student / task.assignment, main / step / task.student / task.assignment)
    except Exception:
        result.problems.append(
            _("grading stopped with an unexpected error: {error}").format(
                error=traceback.format_exc(limit=3).strip().splitlines()[-1]
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        result.seconds = time.perf_counter() - started
    return result


def _worker_main(connection: Connection, log_file: str | None) -> None:
    """A worker process: grade the tasks it receives until it receives None."""
    warnings.filterwarnings("ignore")
    if log_file:
        # nbgrader's and the kernels' messages go to the log file, not over the trainer's progress bar
        descriptor = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(descriptor, 2)
        os.close(descriptor)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        connection.send(asdict(grade_task(Task(**task))))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, log_file: str | None) -> None:
        self.connection, child = context.Pipe()
        self.log_file = log_file
        self.process = context.Process(target=_worker_main, args=(child, log_file), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.connection.send(asdict(task))

    def end(self) -> None:
        """Stop this worker and the kernels it started (by their process ids)."""
        try:
            import psutil

            children = psutil.Process(self.process.pid).children(recursive=True)
        except Exception:
            children = []
        self.process.kill()
        for child in children:
            try:
                child.kill()
            except Exception:
                pass
        self.process.join(5)

    def close(self) -> None:
        try:
            self.connection.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.end()


def run(
    tasks: Iterable[Task],
    jobs: int,
    deadline: float,
    on_done: Callable[[TaskResult], None],
    log_file: Path | None = None,
) -> None:
    """Grade the tasks with `jobs` workers; call `on_done` in this process as each result arrives."""
    pending = deque(tasks)
    context = multiprocessing.get_context("spawn")
    log = str(log_file) if log_file else None
    workers = [_Worker(context, log) for _ in range(max(1, min(jobs, len(pending))))]
    # workers that keep dying without finishing anything mean the machinery is broken, not one hand-in
    deaths_in_a_row = 0
    try:
        while pending or any(worker.task for worker in workers):
            if deaths_in_a_row >= max(3, 2 * len(workers)):
                broken = _("the grading processes could not run (see grading.log)")
                for task in [*(w.task for w in workers if w.task is not None), *pending]:
                    on_done(_lost(task, broken))
                pending.clear()
                for worker in workers:
                    worker.task = None
                break
            for index, worker in enumerate(workers):
                if worker.task is None and pending:
                    if not worker.process.is_alive():
                        workers[index] = worker = _Worker(context, log)
                    worker.give(pending.popleft())
            busy = [worker for worker in workers if worker.task is not None]
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            for index, worker in enumerate(workers):
                task = worker.task
                if task is None:
                    continue
                if worker.connection in ready:
                    try:
                        result = TaskResult(**worker.connection.recv())
                    except (EOFError, OSError):
                        result = _lost(task, _("the grading process stopped unexpectedly"))
                        workers[index] = _replace(worker, context)
                        deaths_in_a_row += 1
                    else:
                        worker.task = None
                        deaths_in_a_row = 0
                    on_done(result)
                elif not worker.process.is_alive():
                    on_done(_lost(task, _("the grading process stopped unexpectedly")))
                    workers[index] = _replace(worker, context)
                    deaths_in_a_row += 1
                elif time.monotonic() - worker.started > deadline:
                    message = _("grading took more than {seconds:.0f} s and was stopped").format(seconds=deadline)
                    on_done(_lost(task, message))
                    workers[index] = _replace(worker, context)
    finally:
        for worker in workers:
            worker.close()


def _lost(task: Task, reason: str) -> TaskResult:
    return TaskResult(task.student, task.assignment, problems=[reason + _("; it scores 0")])


def _replace(worker: _Worker, context: Any) -> _Worker:
    worker.end()
    return _Worker(context, worker.log_file)
