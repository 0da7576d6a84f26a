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
from collections.abc import Callable
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


def grade_course(tmp_path_factory: pytest.TempPathFactory, course_dir: Path, assignments: list[str],
                 wrong: Callable[[str], dict]) -> dict[tuple[str, str], dict[str, str]]:
    """(learner, assignment) → grades.csv row, for three learners per assignment of a course folder (the English
    `exercises/` or the French `exercises/fr/`), released and graded by the course's own commands in one parallel run:
    the model answer, the untouched release and the typical wrong hand-in `wrong(assignment)["wrong"]`."""
    course = tmp_path_factory.mktemp("exercises_course") / course_dir.name
    course.mkdir()
    shutil.copy2(course_dir / CONFIG_FILE, course / CONFIG_FILE)
    shutil.copytree(course_dir / "source", course / "source")
    hand_ins = tmp_path_factory.mktemp("exercises_hand_ins")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assert release_module.main(["--course-dir", str(course), *assignments]) == 0
        for name in assignments:
            released = notebook(course / "release", name)
            model = model_answers(notebook(course_dir / "source", name))
            for learner, nb in (("model", answered(released, model)), ("untouched", released),
                                ("typical", answered(released, {**model, **wrong(name)["wrong"]}))):
                nbformat.write(nb, hand_ins / f"{learner}_{name}.ipynb")
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            code = grade_module.main(["--course-dir", str(course), "--submissions", str(hand_ins), "--quiet"])
    assert code == 0, output.getvalue()
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        return {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, str]]:
    """(learner, assignment) → grades.csv row, for three learners per assignment graded in one parallel run."""
    return grade_course(tmp_path_factory, EXERCISES, ASSIGNMENTS, spec)


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


# ------------------------------------------------------------------------------------ visible checks on odd input
# A learner runs the visible checks in Lab with whatever her variables hold. Each check must then fail with a
# sentence (an AssertionError or the course's CourseInputError) or pass: never a raw KeyError, TypeError... from
# inside the check. The source's cells run in-process (the model answer, in order, as the grader's kernel would);
# at each check, every variable the check reads is replaced in turn by an odd value, or removed (never built).

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.M | re.S)
MISSING = object()


def odd_inputs() -> dict[str, object]:
    """What a learner's variable may hold instead of her answer, by a short label."""
    from decimal import Decimal

    import numpy as np
    import pandas as pd

    from atelier.money import Money

    return {
        "'abc'": "abc", "None": None, "[1, 2]": [1, 2], "Money USD": Money.of(74, "USD"),
        "DataFrame": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), "Decimal('-1')": Decimal("-1"), "-1": -1,
        "True": True, "'74%'": "74%", "...": Ellipsis, "Series": pd.Series([1.5, 2.5], index=["x", "y"]),
        "nan": np.float64("nan"), "{}": {}, "never built": MISSING,
    }


def read_names(check: str, namespace: dict) -> list[str]:
    """The learner's variables a check reads (not the check's own `_names`, modules or functions)."""
    import ast
    import types

    nodes = list(ast.walk(ast.parse(check)))
    found = {node.id for node in nodes if isinstance(node, ast.Name)}
    # a check reads a variable by its name too: _ax.amount(globals(), "buyers")
    found |= {node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return sorted(
        name for name in found
        if name in namespace and not name.startswith("_")
        and not isinstance(namespace[name], (types.ModuleType, types.FunctionType, type))
    )


def checks_in_state(name: str, course_dir: Path = EXERCISES):
    """(check cell, its code, the notebook's variables when it runs): the model answer run in order, in-process."""
    source = notebook(course_dir / "source", name)
    namespace: dict = {"__name__": "__main__", "display": lambda *args, **kwargs: None}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        code = SOLUTION.sub(lambda m: m.group(1), cell.source)
        if not (meta.get("grade") and not meta.get("solution")):
            exec(compile(code, f"<{grade_id(cell)}>", "exec"), namespace)
            continue
        exec(compile(code, f"<{grade_id(cell)}>", "exec"), dict(namespace))  # the model answer passes it whole
        yield cell, code, namespace


def raw_errors(name: str, inputs: dict[str, object], *, whole: bool = False,
               course_dir: Path = EXERCISES) -> tuple[list[str], int]:
    """Every (cell, variable, input) whose visible check raises something other than a sentence; and the trials.

    With `whole`, the check cell runs as the grader runs it (its hidden part too), where a NameError is allowed: the
    feedback page turns it into "run every cell from the top" (atelier/grading/feedback.py).
    """
    from atelier.errors import CourseInputError

    fine = (AssertionError, CourseInputError, NameError) if whole else (AssertionError, CourseInputError)
    problems, trials = [], 0
    for cell, code, namespace in checks_in_state(name, course_dir):
        visible = code if whole else HIDDEN.sub("", code)
        for variable in read_names(visible, namespace):
            for label, value in inputs.items():
                trial = dict(namespace)
                if value is MISSING:
                    del trial[variable]
                else:
                    trial[variable] = value
                trials += 1
                try:
                    exec(compile(visible, f"<{grade_id(cell)}>", "exec"), trial)
                except fine:
                    pass
                except Exception as error:
                    problems.append(f"{grade_id(cell)}: {variable} = {label} → {type(error).__name__}: {error}")
    return problems, trials


@pytest.mark.parametrize("name", source_assignments(EXERCISES))
def test_visible_checks_answer_odd_input_with_a_sentence(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    problems, trials = raw_errors(name, odd_inputs())
    assert trials > 0
    assert not problems, f"{len(problems)} of {trials} odd inputs raise a raw error in {name}:\n" + "\n".join(problems)
    problems, trials = raw_errors(name, odd_inputs(), whole=True)
    assert not problems, f"{len(problems)} of {trials} odd inputs break the checks of {name}:\n" + "\n".join(problems)


def other_forms(value: object) -> dict[str, object]:
    """The same right answer written another way a learner would: Decimal, numpy, a plain number for a Money."""
    from decimal import Decimal

    import numpy as np

    from atelier.exercises import is_truth, number
    from atelier.money import Money

    if isinstance(value, Decimal) or is_truth(value) or isinstance(value, str):
        return {}
    if isinstance(value, Money):
        return {"its Decimal amount": value.amount, "a float": float(value.amount)}
    found = number(value)
    if found is None:
        return {}
    forms = {"Decimal": Decimal(str(found)), "numpy float": np.float64(found)}
    if float(found).is_integer():
        forms["numpy integer"] = np.int64(int(found))
    return forms


def refused_right_answers(name: str, course_dir: Path = EXERCISES) -> tuple[list[str], int]:
    """Every right answer in another form that a check refuses, and every other currency it accepts; and the trials."""
    from atelier.money import Money

    problems, trials = [], 0
    for cell, code, namespace in checks_in_state(name, course_dir):
        for variable in read_names(HIDDEN.sub("", code), namespace):
            model = namespace[variable]
            for label, value in other_forms(model).items():
                trials += 1
                try:
                    exec(compile(code, f"<{grade_id(cell)}>", "exec"), {**namespace, variable: value})
                except Exception as error:
                    problems.append(f"{grade_id(cell)}: {variable} as {label} fails: {type(error).__name__}: {error}")
            if isinstance(model, Money):
                other = "EUR" if model.currency != "EUR" else "GBP"
                trials += 1
                try:
                    exec(compile(code, f"<{grade_id(cell)}>", "exec"),
                         {**namespace, variable: Money(model.amount, other)})
                    problems.append(f"{grade_id(cell)}: {variable} in {other} instead of {model.currency} passes")
                except AssertionError as error:
                    said = str(error)  # in the kernel's language (a French check says "devise", "montant")
                    words = (other, "currency", "amount", "devise", "montant")
                    assert any(word in said for word in words), said
    return problems, trials


@pytest.mark.parametrize("name", source_assignments(EXERCISES))
def test_checks_accept_a_right_answer_in_every_form_and_no_other_currency(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Visible and hidden checks agree: a Decimal, a numpy number or a Money's amount scores like the model answer;
    a Money in another currency than the task's is refused with a sentence."""
    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    problems, trials = refused_right_answers(name)
    assert not problems, f"{len(problems)} of {trials} right answers refused in {name}:\n" + "\n".join(problems)


def test_a_check_says_what_it_needed_with_units_and_currencies() -> None:
    """The helpers' sentences name the variable, what was needed (unit, currency, columns, task) and what it holds."""
    import pandas as pd

    from atelier import exercises as ax
    from atelier.money import Money

    def sentence(call, *args, **kwargs) -> str:
        with pytest.raises(AssertionError) as caught:
            call(*args, **kwargs)
        message = str(caught.value)
        assert ax.is_check_sentence(message), message
        return message

    message = sentence(ax.amount, {"yearly": Money.of(120, "EUR")}, "yearly", unit="GBP", task=2)
    assert "£ (GBP)" in message and "EUR" in message and "task 2" in message, message
    message = sentence(ax.amount, {"share": "74%"}, "share", unit="%")
    assert "in %" in message and "74%" in message and "without quotes" in message, message
    message = sentence(ax.amount, {"count": True}, "count")
    assert "True" in message, message
    message = sentence(ax.table, {"tools_table": "abc"}, "tools_table", columns=("tool_id", "free_tier"), task=1)
    assert "tool_id, free_tier" in message and "“abc”" in message and "task 1" in message, message
    message = sentence(ax.table, {"t": pd.DataFrame({"a": [1]})}, "t", columns=("a", "b"))
    assert "lacks b" in message, message
    message = sentence(ax.figures, {"by": pd.Series([1.0], index=["x"])}, "by", index=("royal_mail_tracked48_medium",))
    assert "royal_mail_tracked48_medium" in message, message
    message = sentence(ax.made_by, {"stack": None}, "stack", Money, made_with="tools.stack(...)", task=2)
    assert "tools.stack(...)" in message and "None" in message, message
    assert "cannot find" in sentence(ax.answer, {}, "priya_stack", task=2)
    assert "not answered yet" in sentence(ax.answer, {"x": ...}, "x")
    # a right answer in another form is read as the number it is
    assert ax.amount({"x": Money.of("12.50", "GBP")}, "x", unit="GBP") == 12.5
    assert ax.table({"t": pd.DataFrame({"a": [1]}).set_index("a")}, "t", columns=("a",)) is not None
    assert list(ax.figures({"f": pd.DataFrame({"v": ["1.5", "2"]})}, "f")) == [1.5, 2.0]
    assert not ax.is_check_sentence("KeyError: 'items_gbp'")
