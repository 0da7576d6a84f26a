"""The nbgrader machinery: release packs, the parallel class grader, and the two assignments that prove it.

Everything runs real nbgrader on a copy of exercises/ under tmp_path (the repository's exercises/ is never
written). A simulated class hands in correct, untouched, partly wrong and broken notebooks in every accepted
layout; the grader must score each exactly, keep every broken one to its own row, and give feedback pages
without hidden checks.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from atelier.grading import (
    CONFIG_FILE,
    DATASETS,
    DATASETS_ENV,
    EXERCISES,
    load_config,
    pool,
    source_assignments,
)
from atelier.grading import grade as grade_module
from atelier.grading import release as release_module
from atelier.grading.checks import (
    MARKERS,
    feedback_leaks,
    html_text,
    notebook_text,
    release_leaks,
    secret_lines,
    validate,
)
from atelier.grading.feedback import strip_hidden_tests
from atelier.grading.submissions import clean_stem, collect, learner_id
from atelier.version import __version__

ASSIGNMENTS = source_assignments(EXERCISES)
EX00, EX01 = "ex00_practice", "ex01_artisanat_online"
# a short cell timeout keeps the endless-loop learner cheap; the real setting is checked on its own
TEST_TIMEOUT = 4


def _snapshot(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if "__pycache__" not in path.parts}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A released copy of exercises/ (config and sources only), with the datasets found by environment."""
    before = _snapshot(EXERCISES)
    course_dir = tmp_path_factory.mktemp("course") / "exercises"
    course_dir.mkdir()
    shutil.copy2(EXERCISES / CONFIG_FILE, course_dir / CONFIG_FILE)
    with (course_dir / CONFIG_FILE).open("a", encoding="utf-8") as handle:
        handle.write(f"\nc.Execute.timeout = {TEST_TIMEOUT}\n")
    shutil.copytree(EXERCISES / "source", course_dir / "source")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assert release_module.main(["--course-dir", str(course_dir)]) == 0
        yield course_dir
    assert _snapshot(EXERCISES) == before, "the tests must never write into the repository's exercises/"


def source_nb(name: str) -> NotebookNode:
    return nbformat.read(EXERCISES / "source" / name / f"{name}.ipynb", as_version=4)


def release_nb(course: Path, name: str) -> NotebookNode:
    return nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)


def answered(nb: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    """A copy of a (released) notebook with some answer cells filled in."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def without(nb: NotebookNode, grade_ids: set[str]) -> NotebookNode:
    nb = nbformat.from_dict(nb)
    nb.cells = [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids]
    return nb


CORRECT_EX01 = {
    "ex01_task1_answer": 'market = pd.read_csv(REFERENCE / "market_benchmarks.csv")\nnumber_of_figures = len(market)',
    "ex01_task2_answer": (
        'with_website = look_up("fr_small_firms_website_2021")\n'
        'with_webshop = look_up("fr_small_firms_webshop_2021")\n'
        "website_but_no_shop = with_website - with_webshop"
    ),
    "ex01_task3_answer": (
        "visitors = 1000\n"
        'buyers = visitors * look_up("web_conversion_rate_avg") / 100\n'
        'revenue_gbp = buyers * look_up("uk_craft_average_object_price")'
    ),
    "ex01_task4_answer": 'nadia_channel = "B"',
    "ex01_task5_answer": "Only a quarter sell online, so a good shop stands out.",
}
# a typical learner: added instead of subtracting, forgot to divide by 100, picked the web shop
WRONG_EX01 = {
    **CORRECT_EX01,
    "ex01_task2_answer": (
        'website_but_no_shop = look_up("fr_small_firms_website_2021") + look_up("fr_small_firms_webshop_2021")'
    ),
    "ex01_task3_answer": (
        'buyers = 1000 * look_up("web_conversion_rate_avg")\n'
        'revenue_gbp = buyers * look_up("uk_craft_average_object_price")'
    ),
    "ex01_task4_answer": 'nadia_channel = "A"',
}
EXPECTED = {  # learner: {assignment: autograded score}; ex01 is out of 10, ex00 out of 2
    "ada": {EX00: 2, EX01: 10},  # the solution
    "ben": {EX00: 0, EX01: 0},  # the release, untouched
    "cleo": {EX00: 1, EX01: 5},  # typical mistakes: 2 + 1 + 0 + 0 + 1 + 1
    "dora": {EX01: 8},  # deleted a check cell (put back, passes) and her task 4 answer cell
    "emil": {EX01: 7},  # task 2 raises an exception
    "finn": {EX01: 7},  # task 3 loops for ever
    "gus": {EX01: 0},  # a damaged file
    "hana": {EX01: 8},  # edited two check cells to pass; wrong buyers and channel
}


def write_class(course: Path, folder: Path) -> None:
    """The hand-ins of the simulated class, in the three layouts the grader accepts."""
    folder.mkdir()
    rel00, rel01 = release_nb(course, EX00), release_nb(course, EX01)
    # ada: flat zips named <learner>_<assignment>.zip, the whole pack folder re-zipped (data included)
    for name, nb in (
        (EX00, answered(rel00, {"ex00_task1_answer": "my_number = 3"})),
        (EX01, answered(rel01, CORRECT_EX01)),
    ):
        with zipfile.ZipFile(folder / f"ada_{name}.zip", "w") as archive:
            archive.writestr(f"{name}/{name}.ipynb", nbformat.writes(nb))
            archive.writestr(f"{name}/datasets/reference/market_benchmarks.csv", "not a notebook")
    # ben: one folder per learner, files as downloaded (one renamed by the browser)
    (folder / "ben").mkdir()
    nbformat.write(rel00, folder / "ben" / f"{EX00}.ipynb")
    nbformat.write(rel01, folder / "ben" / f"{EX01} (1).ipynb")
    # cleo: nbgrader's own layout
    for name, nb in (
        (EX00, answered(rel00, {"ex00_task1_answer": "my_number = 4"})),
        (EX01, answered(rel01, WRONG_EX01)),
    ):
        (folder / "cleo" / name).mkdir(parents=True)
        nbformat.write(nb, folder / "cleo" / name / f"{name}.ipynb")
    broken = {
        "dora": without(answered(rel01, CORRECT_EX01), {"ex01_task1_table", "ex01_task4_answer"}),
        "emil": answered(
            rel01, {**CORRECT_EX01, "ex01_task2_answer": 'website_but_no_shop = look_up("fr_small_firms_website")'}
        ),
        "finn": answered(rel01, {**CORRECT_EX01, "ex01_task3_answer": "while True:\n    pass"}),
        "hana": answered(
            rel01,
            {
                **CORRECT_EX01,
                "ex01_task3_answer": 'buyers = 5\nrevenue_gbp = buyers * look_up("uk_craft_average_object_price")',
                "ex01_task4_answer": 'nadia_channel = "C"',
                "ex01_task3_buyers_range": "assert True",
                "ex01_task4_best": "pass",
            },
        ),
    }
    for learner, nb in broken.items():
        nbformat.write(nb, folder / f"{learner}_{EX01}.ipynb")
    (folder / f"gus_{EX01}.ipynb").write_text('{"cells": [ this is not JSON', encoding="utf-8")
    (folder / "holiday_photo.zip").write_bytes(b"not a zip")


@pytest.fixture(scope="module")
def graded(course: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The simulated class graded by the class-grading command, in parallel."""
    hand_ins = tmp_path_factory.mktemp("hand_ins") / "collected"
    write_class(course, hand_ins)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = grade_module.main(
            ["--course-dir", str(course), "--submissions", str(hand_ins), "--jobs", "2", "--quiet"]
        )
    assert code == 0, output.getvalue()
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        rows = {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}
    with (course / "grades_by_task.csv").open(encoding="utf-8") as handle:
        tasks = list(csv.DictReader(handle))
    return {"summary": output.getvalue(), "rows": rows, "tasks": tasks}


# ----------------------------------------------------------------------------------------------- settings


def test_course_settings_are_relative_to_the_config_file(tmp_path: Path) -> None:
    config = load_config(EXERCISES)
    assert config.CourseDirectory.course_id == "artisanat2"
    assert config.CourseDirectory.db_url == f"sqlite:///{EXERCISES / 'gradebook.db'}"
    assert config.Execute.timeout == 20
    shutil.copy2(EXERCISES / CONFIG_FILE, tmp_path / CONFIG_FILE)
    assert load_config(tmp_path).CourseDirectory.root == str(tmp_path.resolve())


def test_there_are_assignments_with_one_notebook_each() -> None:
    assert EX00 in ASSIGNMENTS and EX01 in ASSIGNMENTS
    for name in ASSIGNMENTS:
        assert [path.name for path in (EXERCISES / "source" / name).glob("*.ipynb")] == [f"{name}.ipynb"]


def test_every_check_speaks_plain_words() -> None:
    """Each visible assert carries a message: a learner never sees a bare AssertionError."""
    for name in ASSIGNMENTS:
        for cell in source_nb(name).cells:
            meta = cell.metadata["nbgrader"]
            if cell.cell_type == "code" and meta["grade"] and not meta["solution"]:
                asserts = [line for line in cell.source.splitlines() if line.strip().startswith("assert ")]
                assert asserts, f"{meta['grade_id']} checks nothing"
                assert all("," in line or line.rstrip().endswith("(") for line in asserts), meta["grade_id"]


def test_no_absolute_path_in_the_notebooks() -> None:
    for name in ASSIGNMENTS:
        text = notebook_text(source_nb(name))
        assert "/work/" not in text and "C:\\" not in text and "/home/" not in text


# ---------------------------------------------------------------------------------------------- release


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_passes_nbgrader_validation(course: Path, name: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assert validate(course / "source" / name / f"{name}.ipynb") == {}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_fails_validation_and_shows_no_secret(course: Path, name: str) -> None:
    released = course / "release" / name / f"{name}.ipynb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        result = validate(released)
    assert result.get("failed"), result
    text = notebook_text(release_nb(course, name))
    assert not [marker for marker in MARKERS if marker in text]
    assert secret_lines(source_nb(name)), "the assignment has solutions or hidden checks to hide"
    assert release_leaks(released, course / "source" / name / f"{name}.ipynb") == []


def test_release_hides_the_solution_values(course: Path) -> None:
    text = notebook_text(release_nb(course, EX01))
    assert 'nadia_channel = "B"' not in text and '== "B"' not in text
    assert "Model answer" not in text and "my_number == 3" not in notebook_text(release_nb(course, EX00))


def test_release_packs_hold_the_notebook_its_data_and_a_note(course: Path) -> None:
    with zipfile.ZipFile(course / "release_packs" / f"{EX01}.zip") as archive:
        names = set(archive.namelist())
        notebook = nbformat.reads(archive.read(f"{EX01}/{EX01}.ipynb").decode(), as_version=4)
    assert names == {
        f"{EX01}/{EX01}.ipynb",
        f"{EX01}/datasets/reference/market_benchmarks.csv",
        f"{EX01}/{release_module.HAND_IN_NOTE}",
        # ex01 needs only pandas: its pack carries the exercise helpers, so it works outside the course
        f"{EX01}/atelier/__init__.py",
        f"{EX01}/atelier/exercises.py",
    }
    assert not [marker for marker in MARKERS if marker in notebook_text(notebook)]
    note = zipfile.ZipFile(course / "release_packs" / f"{EX01}.zip").read(
        f"{EX01}/{release_module.HAND_IN_NOTE}").decode()
    # the pack says which version of the course, and which tables, it was made with (trainer and learners compare)
    assert f"version {__version__}" in note and "reference tables valid as of" in note


def test_a_leaking_release_stops_the_pack(course: Path, tmp_path: Path) -> None:
    """If a learner's notebook ever held a hidden check, no pack is made and the error is loud."""
    copy = tmp_path / "exercises"
    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded"))
    shutil.copy2(copy / "source" / EX00 / f"{EX00}.ipynb", copy / "release" / EX00 / f"{EX00}.ipynb")
    (copy / "release_packs" / f"{EX00}.zip").unlink()
    with pytest.raises(release_module.ReleaseError, match="STOP"):
        release_module.build_pack(copy, EX00, DATASETS.parent)
    assert not (copy / "release_packs" / f"{EX00}.zip").exists()


# --------------------------------------------------------------------------------------------- grading


def test_every_learner_gets_exactly_the_expected_score(graded: dict) -> None:
    rows = graded["rows"]
    for learner, scores in EXPECTED.items():
        for assignment, score in scores.items():
            row = rows[(learner, assignment)]
            assert float(row["auto_score"]) == score, (learner, assignment, row)
            assert float(row["max_auto_score"]) == (10 if assignment == EX01 else 2)
    assert float(rows[("ada", EX01)]["max_score"]) == 13  # the written answer waits for the trainer
    assert "written answer to mark" in rows[("ada", EX01)]["status"]
    assert rows[("dora", EX00)]["status"] == "not handed in"


def test_per_task_scores_show_partial_credit(graded: dict) -> None:
    cleo = {row["task"]: float(row["score"]) for row in graded["tasks"] if row["student_id"] == "cleo"}
    assert cleo["ex01_task2_range"] == 1 and cleo["ex01_task2_value"] == 0
    assert cleo["ex01_task4_letter"] == 1 and cleo["ex01_task4_best"] == 0
    assert cleo["ex00_task1_exists"] == 1 and cleo["ex00_task1_value"] == 0
    kinds = {row["task"]: row["kind"] for row in graded["tasks"]}
    assert kinds["ex01_task5_answer"] == "written" and kinds["ex01_task1_table"] == "auto"


def test_broken_hand_ins_are_reported_in_plain_words(graded: dict) -> None:
    summary = graded["summary"]
    lines = {line.split(",")[0].strip(" -"): line for line in summary.splitlines() if line.startswith("  - ")}
    assert "damaged" in lines["gus"]
    assert "stopped" in lines["finn"]
    assert "deleted" in lines["dora"]
    assert "edited" in lines["hana"]
    assert "BLANK" in lines["ben"]  # the untouched release: nothing answered
    assert "ada" not in lines and "cleo" not in lines
    assert "holiday_photo.zip" in summary


def test_feedback_pages_show_no_hidden_check(graded: dict, course: Path) -> None:
    pages = sorted((course / "feedback").rglob("*.html"))
    learners = {page.parts[-3] for page in pages}
    assert learners == set(EXPECTED) - {"gus"}
    hidden = [line for name in ASSIGNMENTS for line in secret_lines(source_nb(name), hidden_only=True)]
    for page in pages:
        assignment = page.parts[-2]
        raw = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in html_text(raw)
        assert feedback_leaks(page, course / "source" / assignment / f"{assignment}.ipynb") == []
        assert not [line for line in hidden if line.startswith("assert") and line in html_text(raw)]
    assert "I cannot find" in html_text((course / "feedback" / "ben" / EX01 / f"{EX01}.html").read_text())


def test_the_real_gradebook_holds_the_merged_scores(graded: dict, course: Path) -> None:
    from nbgrader.api import Gradebook

    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        assert gradebook.find_submission(EX01, "ada").code_score == 10
        assert gradebook.find_submission(EX01, "finn").code_score == 7
        assert (course / "autograded" / "ada" / EX01 / f"{EX01}.ipynb").exists()


def test_export_after_manual_marking_adds_the_written_points(graded: dict, course: Path) -> None:
    from nbgrader.api import Gradebook

    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        grade = gradebook.find_grade("ex01_task5_answer", EX01, EX01, "ada")
        grade.manual_score = 3  # what Formgrader does when the trainer saves a mark
        grade.needs_manual_grade = False
        gradebook.db.commit()
    with contextlib.redirect_stdout(io.StringIO()):
        assert grade_module.main(["--course-dir", str(course), "--export", "--assignment", EX01]) == 0
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        ada = next(row for row in csv.DictReader(handle) if row["student_id"] == "ada")
    assert float(ada["score"]) == 13 and ada["status"] == "graded"


def test_a_hanging_worker_is_ended_and_reported(graded: dict, course: Path) -> None:
    """A task past the deadline is reported, its worker and kernels ended, and the next task still runs."""
    import psutil

    template = course.parent / "template_for_deadline"
    pool.make_template(course, template)
    tasks = [pool.Task(learner, EX00, str(course), str(template), str(DATASETS)) for learner in ("ada", "cleo")]
    results: list[pool.TaskResult] = []
    pool.run(tasks, jobs=1, deadline=0.5, on_done=results.append)
    assert [result.student for result in results] == ["ada", "cleo"]
    assert all("was stopped" in result.problems[0] and not result.graded for result in results)
    left = [child.cmdline() for child in psutil.Process(os.getpid()).children(recursive=True)]
    # multiprocessing's own resource tracker lives as long as this process; no worker nor kernel may remain
    assert [cmd for cmd in left if not any("resource_tracker" in part for part in cmd)] == []


# ------------------------------------------------------------------------------------------ small pieces


def test_hand_in_names_are_understood(tmp_path: Path) -> None:
    assert learner_id(" Marie Dupont ") == "Marie_Dupont"
    assert clean_stem("ex01_artisanat_online (1).ipynb") == "ex01_artisanat_online"
    assert clean_stem("ex01_artisanat_online-Copy1.ipynb") == "ex01_artisanat_online"
    course = tmp_path / "exercises"
    shutil.copytree(EXERCISES / "source", course / "source")
    hand_ins = tmp_path / "in"
    hand_ins.mkdir()
    nbformat.write(source_nb(EX00), hand_ins / f"Marie Dupont_{EX00}.ipynb")
    (hand_ins / "zoe").mkdir()
    nbformat.write(source_nb(EX01), hand_ins / "zoe" / "Untitled.ipynb")
    collected = collect(hand_ins, course, ASSIGNMENTS)
    assert set(collected.submissions) == {("Marie_Dupont", EX00)}
    reason = ": its name does not say which exercise it is"
    assert collected.unmatched == [str(hand_ins / "zoe" / "Untitled.ipynb") + reason]
    assert (course / "submitted" / "Marie_Dupont" / EX00 / f"{EX00}.ipynb").exists()


def test_hidden_regions_are_removed_whole() -> None:
    code = "# check\nassert x, 'msg'\n### BEGIN HIDDEN TESTS\nassert x == 3, 'no'\n### END HIDDEN TESTS\n"
    assert strip_hidden_tests(code) == "# check\nassert x, 'msg'"


def test_a_pandas_only_pack_works_on_its_own(course: Path, tmp_path: Path) -> None:
    """ex01's pack, unzipped anywhere: the notebook and its visible checks run with the helpers the pack carries."""
    from nbclient import NotebookClient

    with zipfile.ZipFile(course / "release_packs" / f"{EX01}.zip") as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / EX01
    nb = answered(nbformat.read(folder / f"{EX01}.ipynb", as_version=4), CORRECT_EX01)
    nb.cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    nb.cells.append(nbformat.v4.new_code_cell("import atelier.exercises\nprint(atelier.exercises.__file__)"))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DATASETS_ENV, raising=False)
        NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    errors = [output for cell in nb.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert errors == []
    assert nb.cells[-1].outputs[0]["text"].strip() == str(folder / "atelier" / "exercises.py")


def test_feedback_shows_the_course_check_sentence_and_nothing_else() -> None:
    """A visible check's own sentence (atelier.exercises) reaches the feedback page; any other error does not."""
    from nbformat import NotebookNode

    from atelier import exercises
    from atelier.grading.feedback import learner_message

    try:
        exercises.amount({"margin_pct": "abc"}, "margin_pct", unit="%", task=2)
    except AssertionError as stopped:
        sentence = str(stopped)
    shown = learner_message(NotebookNode(ename="AssertionError", evalue=sentence), set())
    assert shown == sentence and "margin_pct" in sentence
    hidden = learner_message(NotebookNode(ename="AssertionError", evalue="expected 42.17, the hidden answer"), set())
    assert "42.17" not in hidden


# --- the class summary and the feedback pages in the course's language (issue 13) ----------------------------------

GRADE_COLUMNS_SEEN = ("student_id", "assignment", "score", "max_score", "auto_score", "max_auto_score",
                      "written_score", "max_written_score", "status")
TASK_COLUMNS_SEEN = ("student_id", "assignment", "notebook", "task", "kind", "score", "max_score",
                     "needs_manual_grade")


@contextlib.contextmanager
def _speaking(lang: str) -> Iterator[None]:
    from atelier.i18n import language, set_language

    previous = language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def _class_csvs(folder: Path) -> None:
    """grades.csv and grades_by_task.csv as `grade` writes them, for a French class of four (status in French)."""
    from atelier.i18n import _

    grades = [  # auto scores 7.5, 10, 2.5 and one learner who handed nothing in: mean of the three = 6.7
        ("Amélie_Durand", "ex03_prix", "7.5", "10.0", "7.5", "10.0", "0.0", "0.0", _("graded")),
        ("Benoît_Lefèvre", "ex03_prix", "10.0", "10.0", "10.0", "10.0", "0.0", "0.0", _("graded")),
        ("Chloé_Martin", "ex03_prix", "2.5", "10.0", "2.5", "10.0", "0.0", "0.0", _("graded")),
        ("Dominique_Petit", "ex03_prix", "0", "10.0", "0", "10.0", "0", "0.0", _("not handed in")),
    ]
    tasks = []
    for student, passed in (("Amélie_Durand", 1), ("Benoît_Lefèvre", 2), ("Chloé_Martin", 0)):
        for number in (1, 2):
            score = "5.0" if number <= passed or (student == "Amélie_Durand" and number == 1) else "2.5"
            tasks.append((student, "ex03_prix", "ex03_prix", f"ex03_task{number}_cout_de_revient", "auto", score,
                          "5.0", "no"))
    for path, columns, rows in (("grades.csv", GRADE_COLUMNS_SEEN, grades),
                                ("grades_by_task.csv", TASK_COLUMNS_SEEN, tasks)):
        with (folder / path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(rows)


def test_french_class_summary_writes_scores_dates_and_rates_in_french(tmp_path: Path) -> None:
    import re
    from datetime import datetime

    from atelier.grading import class_summary
    from atelier.grading.checks import html_text

    with _speaking("fr"):
        _class_csvs(tmp_path)
        index = class_summary.write(tmp_path, {}, True, now=datetime(2026, 11, 30, 14, 5))
        page = (index.parent / "ex03_prix.html").read_text(encoding="utf-8")
        summary = index.read_text(encoding="utf-8")
    text, table = (html_text(raw.split("</head>", 1)[1]) for raw in (page, summary))
    assert '<html lang="fr">' in page and '<html lang="fr">' in summary
    assert "30 novembre 2026 à 14:05" in text
    assert "2026-11-30" not in text
    assert "Note automatique moyenne : 6,7 sur 10." in text  # (7,5 + 10 + 2,5) / 3
    assert "6,7 / 10" in table
    assert "note basse : 2,5 points automatiques sur 10" in text
    assert "tâche 2 (cout de revient)" in text and "task 2" not in text
    assert "33\u00a0%" in text and "67\u00a0%" in text  # success rates: 1 of 3, 2 of 3
    assert not re.search(r"\d\.\d", text + table), "a decimal point in the French summary"
    assert "\u00a0%" in table


def test_english_class_summary_keeps_english_forms(tmp_path: Path) -> None:
    from datetime import datetime

    from atelier.grading import class_summary
    from atelier.grading.checks import html_text

    with _speaking("en"):
        _class_csvs(tmp_path)
        index = class_summary.write(tmp_path, {}, True, now=datetime(2026, 11, 30, 14, 5))
        text = html_text((index.parent / "ex03_prix.html").read_text(encoding="utf-8"))
        table = html_text(index.read_text(encoding="utf-8"))
    assert "30 November 2026 at 14:05" in text
    assert "Average automatic score: 6.7 of 10." in text and "6.7 / 10" in table
    assert "low score: 2.5 of 10 automatic points" in text
    assert "task 2 (cout de revient)" in text


def _feedback_page(folder: Path) -> Path:
    """A feedback page made by nbgrader's own feedback template, as `generate_feedback` renders it."""
    import nbgrader
    from nbconvert.exporters import HTMLExporter
    from traitlets.config import Config

    root = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(root / "templates")]
    config.HTMLExporter.extra_template_paths = [str(root / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("cout_de_revient = 12.5", metadata={"nbgrader": {
            "solution": True, "grade": False, "grade_id": "ex03_task1_answer", "schema_version": 3}}),
        nbformat.v4.new_code_cell("assert cout_de_revient > 0", metadata={"nbgrader": {
            "solution": False, "grade": True, "grade_id": "ex03_task1_cout", "points": 2, "score": 1.5,
            "schema_version": 3}}),
        nbformat.v4.new_markdown_cell("Mon prix : Score: 3.5 / 4 selon moi.", metadata={"nbgrader": {
            "solution": True, "grade": True, "grade_id": "ex03_task2_ecrit", "points": 2, "score": 0,
            "comment": "Bien vu", "schema_version": 3}}),
    ]
    resources = {"nbgrader": {"notebook": "ex03_prix", "score": 7.5, "max_score": 10, "late_penalty": 0.5}}
    body, _resources = HTMLExporter(config=config).from_notebook_node(nb, resources=resources)
    page = folder / "ex03_prix.html"
    page.write_text(body, encoding="utf-8")
    return page


def test_french_feedback_page_speaks_french(tmp_path: Path) -> None:
    from atelier.grading.checks import html_text
    from atelier.grading.feedback import polish_page

    page = _feedback_page(tmp_path)
    assert "Score: 7.5 / 10.0" in page.read_text(encoding="utf-8")  # what nbgrader writes
    with _speaking("fr"):
        polish_page(page, {"ex03_task1_cout": "tâche 1 (coût)", "ex03_task2_ecrit": "tâche 2, réponse rédigée"},
                    {"ex03_task2_ecrit"}, [])
    raw = page.read_text(encoding="utf-8")
    text = html_text(raw)
    assert '<html lang="fr">' in raw
    assert "ex03_prix (Note : 7,5 / 10)" in text
    assert "tâche 1 (coût) (Note : 1,5 / 2)" in text
    assert "tâche 2, réponse rédigée (à corriger par votre formateur ou formatrice, 2 points)" in text
    assert "(2 points)" in text and "2.0" not in text
    assert "Pénalité de retard : −0,5 points" in text
    assert "Votre réponse" in text and "Student's answer" not in text
    assert "(Haut de page)" in text and "(Top)" not in text
    assert "Commentaires :" in text and "Bien vu" in text
    assert "Mon prix : Score: 3.5 / 4 selon moi." in text  # what the learner wrote is not touched
    assert text.count("Score:") == 1


def test_english_feedback_page_keeps_nbgrader_words(tmp_path: Path) -> None:
    from atelier.grading.checks import html_text
    from atelier.grading.feedback import polish_page

    page = _feedback_page(tmp_path)
    with _speaking("en"):
        polish_page(page, {"ex03_task1_cout": "task 1 (cost)"}, set(), [])
    text = html_text(page.read_text(encoding="utf-8"))
    assert "ex03_prix (Score: 7.5 / 10)" in text and "task 1 (cost) (Score: 1.5 / 2)" in text
    assert "Student's answer" in text and "(Top)" in text
