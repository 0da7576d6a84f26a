"""Every graded exercise is fair: the model answer scores full marks, the untouched release scores 0, and a
typical wrong hand-in scores the partial marks its author expects.

The typical wrong answers live in `tests/exercise_answers/<assignment>.json` (never in exercises/source/, whose
files nbgrader would copy into the learners' release):

    {"wrong": {"<grade_id of an answer cell>": "<code a learner typically writes>", ...},
     "expected_wrong_score": 4,
     "why": "adds instead of subtracting in task 2; picks the wrong channel in task 4"}

The model answer is the source notebook's own solution (between ### BEGIN SOLUTION and ### END SOLUTION), typed
into the released notebook as a learner would. All of it runs through the real class grader, in parallel.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from atelier.grading import CONFIG_FILE, DATASETS, DATASETS_ENV, EXERCISES, source_assignments
from atelier.grading import grade as grade_module
from atelier.grading import release as release_module

ANSWERS = Path(__file__).parent / "exercise_answers"
# ex00 (practice) and ex01 are covered class-wide by tests/test_grading.py
ASSIGNMENTS = [name for name in source_assignments(EXERCISES) if name not in {"ex00_practice"}]
SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*\n?", re.M | re.S)


def notebook(folder: Path, name: str) -> NotebookNode:
    return nbformat.read(folder / name / f"{name}.ipynb", as_version=4)


def grade_id(cell: NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def model_answers(source: NotebookNode) -> dict[str, str]:
    """grade_id → the answer cell as a learner who found the model answer would type it."""
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = SOLUTION.sub(lambda m: m.group(1), cell.source)
    return answers


def answered(released: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    copy = nbformat.from_dict(released)
    for cell in copy.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return copy


def spec(name: str) -> dict:
    path = ANSWERS / f"{name}.json"
    assert path.exists(), f"{name} needs its typical wrong hand-in in tests/exercise_answers/{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, str]]:
    """(learner, assignment) → grades.csv row, for three learners per assignment graded in one parallel run."""
    course = tmp_path_factory.mktemp("exercises_course") / "exercises"
    course.mkdir()
    shutil.copy2(EXERCISES / CONFIG_FILE, course / CONFIG_FILE)
    shutil.copytree(EXERCISES / "source", course / "source")
    hand_ins = tmp_path_factory.mktemp("exercises_hand_ins")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assert release_module.main(["--course-dir", str(course), *ASSIGNMENTS]) == 0
        for name in ASSIGNMENTS:
            released = notebook(course / "release", name)
            model = model_answers(notebook(EXERCISES / "source", name))
            for learner, nb in (("model", answered(released, model)), ("untouched", released),
                                ("typical", answered(released, {**model, **spec(name)["wrong"]}))):
                nbformat.write(nb, hand_ins / f"{learner}_{name}.ipynb")
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            code = grade_module.main(["--course-dir", str(course), "--submissions", str(hand_ins), "--quiet"])
    assert code == 0, output.getvalue()
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        return {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_model_answer_scores_full_marks(results: dict, name: str) -> None:
    row = results[("model", name)]
    assert float(row["max_auto_score"]) > 0, row
    assert float(row["auto_score"]) == float(row["max_auto_score"]), row


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_release_scores_zero(results: dict, name: str) -> None:
    assert float(results[("untouched", name)]["auto_score"]) == 0, results[("untouched", name)]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_typical_wrong_hand_in_scores_partial_marks(results: dict, name: str) -> None:
    row, expected = results[("typical", name)], spec(name)["expected_wrong_score"]
    assert 0 < float(row["auto_score"]) < float(row["max_auto_score"]), row
    assert float(row["auto_score"]) == expected, (row, spec(name).get("why"))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_exercise_has_tasks_hidden_checks_and_a_written_answer(name: str) -> None:
    cells = notebook(EXERCISES / "source", name).cells
    answers = [c for c in cells if c.metadata.get("nbgrader", {}).get("solution")]
    checks = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    written = [c for c in cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    assert 3 <= len(answers) <= 7, f"{name}: 3–6 tasks (and at most one written answer)"
    assert any("### BEGIN HIDDEN TESTS" in c.source for c in checks), f"{name}: no hidden check"
    assert written, f"{name}: one short interpretation marked by the trainer"
