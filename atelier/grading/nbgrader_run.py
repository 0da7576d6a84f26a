"""Run one nbgrader step (generate, autograde, feedback) through its Python API and keep its log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import capture_log
from traitlets.config import Config

from . import load_config

STEPS = {"generate": GenerateAssignment, "autograde": Autograde, "feedback": GenerateFeedback}


@dataclass
class StepResult:
    """What an nbgrader step reported: success, its log and, on failure, the traceback."""

    success: bool
    log: str = ""
    error: str = ""


def run_step(
    step: str, course_dir: Path, assignment: str, student: str | None = None, overrides: Config | None = None
) -> StepResult:
    """Run `nbgrader <step>` for one assignment (and one learner) of a course directory, never raising."""
    config = load_config(course_dir)
    if overrides is not None:
        config.merge(overrides)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    if student is not None:
        coursedir.student_id = student
    try:
        app = STEPS[step](coursedir=coursedir, config=config)
        app.force = True
        if step == "generate":
            app.create_assignment = True
        elif step == "autograde":
            app.create_student = True
        result = capture_log(app)
    except Exception as error:  # a broken course directory must be reported, not crash the caller
        return StepResult(False, "", f"{type(error).__name__}: {error}")
    return StepResult(bool(result["success"]), result.get("log", ""), result.get("error", ""))
