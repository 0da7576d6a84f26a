"""A real class, graded as a trainer would: 41 hand-ins written the way other people write them.

The hand-ins are described in tests/grading_class/hand_ins.json (cell edits on the released notebooks, layouts,
the exact expected mark of every auto-graded cell) and written by tests/grading_class/make_class.py. Every hand-in
goes through the real class grader (`python3 course.py grade`), in parallel, with each kernel in bubblewrap when
this machine has it. Alternative correct answers must get full marks; tampering must gain nothing and be named;
a dying kernel keeps the marks before it; a killer hand-in must not stop the others.

The sandbox's own promises (no reading the course, no writing outside, no network, no signal to the grader,
bounded memory and output) are proved on a real kernel in `test_the_sandbox_holds`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from atelier.grading import CONFIG_FILE, DATASETS, DATASETS_ENV, EXERCISES, REPO_ROOT, sandbox
from atelier.grading import grade as grade_module
from atelier.grading import release as release_module
from atelier.grading.checks import feedback_leaks, html_text
from atelier.grading.sandbox import SafeExecute, sandbox_works
from atelier.grading.tamper import scan_code

sys.path.insert(0, str(Path(__file__).parent / "grading_class"))
from make_class import HandIn, hand_ins, write_class

CLASS = hand_ins()
SANDBOX = sandbox_works()
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason="bubblewrap is missing (python3 course.py test installs it)")


def points(assignment: str) -> dict[str, float]:
    """grade_id → points of every auto-graded cell of an assignment."""
    source = nbformat.read(EXERCISES / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"]["points"])
        for cell in source.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
        and not cell.metadata["nbgrader"].get("solution")
    }


def expected_marks(hand_in: HandIn) -> dict[str, float]:
    cells = points(hand_in.assignment)
    base = hand_in.expect["base"]
    marks = {grade_id: (value if base == "full" else 0.0) for grade_id, value in cells.items()}
    marks.update({grade_id: float(value) for grade_id, value in hand_in.expect.get("cells", {}).items()})
    return marks


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The whole class graded once by `course.py grade`, two at a time."""
    course = tmp_path_factory.mktemp("class") / "exercises"
    course.mkdir()
    shutil.copy2(EXERCISES / CONFIG_FILE, course / CONFIG_FILE)
    with (course / CONFIG_FILE).open("a", encoding="utf-8") as handle:
        handle.write("\nc.Execute.timeout = 10\n")
    shutil.copytree(EXERCISES / "source", course / "source")
    folder = tmp_path_factory.mktemp("collected") / "hand_ins"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assignments = sorted({hand_in.assignment for hand_in in CLASS})
        with contextlib.redirect_stdout(io.StringIO()):
            assert release_module.main(["--course-dir", str(course), *assignments]) == 0
        write_class(course, EXERCISES / "source", folder)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            code = grade_module.main(["--course-dir", str(course), "--submissions", str(folder), "--jobs", "2",
                                      "--quiet"])
    assert code == 0, output.getvalue()
    with (course / "grades_by_task.csv").open(encoding="utf-8") as handle:
        tasks = list(csv.DictReader(handle))
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        rows = {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}
    notes = {(row["student"], row["assignment"]): row["notes"]
             for row in json.loads((course / grade_module.NOTES_JSON).read_text(encoding="utf-8"))}
    return {"course": course, "summary": output.getvalue(), "tasks": tasks, "rows": rows, "notes": notes}


def test_the_class_is_big_and_varied() -> None:
    assert len(CLASS) >= 40
    layouts = {hand_in.layout for hand_in in CLASS}
    assert layouts >= {"flat", "folder", "nbgrader", "zip", "mac_zip", "unzipped_twice", "two_copies"}
    assert len({hand_in.assignment for hand_in in CLASS}) == 9


@pytest.mark.parametrize("hand_in", CLASS, ids=[f"{h.learner_id}-{h.assignment[:4]}" for h in CLASS])
def test_every_cell_gets_exactly_its_expected_mark(graded: dict, hand_in: HandIn) -> None:
    marks = {row["task"]: float(row["score"]) for row in graded["tasks"]
             if row["student_id"] == hand_in.learner_id and row["assignment"] == hand_in.assignment
             and row["kind"] == "auto"}
    assert marks == expected_marks(hand_in), (hand_in.why, graded["notes"].get((hand_in.learner_id,
                                                                                hand_in.assignment)))


@pytest.mark.parametrize("hand_in", [h for h in CLASS if h.notes], ids=lambda h: h.learner_id)
def test_the_summary_names_what_happened(graded: dict, hand_in: HandIn) -> None:
    notes = "; ".join(graded["notes"].get((hand_in.learner_id, hand_in.assignment), []))
    for words in hand_in.notes:
        assert words in notes, (hand_in.why, notes)
    line = next(line for line in graded["summary"].splitlines() if line.startswith(f"  - {hand_in.learner_id},"))
    assert hand_in.notes[0] in line


def test_hand_ins_without_problems_have_no_note(graded: dict) -> None:
    quiet = [h for h in CLASS if not h.notes and h.layout not in {"two_copies"}]
    noted = {key: value for key, value in graded["notes"].items()
             if any(key == (h.learner_id, h.assignment) for h in quiet)}
    assert noted == {}


def test_files_not_graded_are_listed_with_their_reason(graded: dict) -> None:
    summary = graded["summary"]
    assert "notes.txt: not a notebook nor a zip" in summary
    assert ".DS_Store" not in summary and "__MACOSX" not in summary and "/._" not in summary
    assert ("Inès_Martin", "ex06_credibility") in graded["rows"]  # NFD on the Mac, NFC here
    assert all(unicodedata.normalize("NFC", student) == student for student, _assignment in graded["rows"])


def test_the_summary_says_whether_hand_ins_were_isolated(graded: dict) -> None:
    if SANDBOX:
        assert "ran in its own sandbox (bubblewrap)" in graded["summary"]
    else:
        assert "NOT isolated" in graded["summary"]


def test_feedback_pages_are_for_learners(graded: dict) -> None:
    course = graded["course"]
    pages = sorted((course / "feedback").rglob("*.html"))
    assert len(pages) >= 38
    for page in pages:
        assignment = page.parts[-2]
        raw = page.read_text(encoding="utf-8")
        text = html_text(raw)
        assert feedback_leaks(page, course / "source" / assignment / f"{assignment}.ipynb") == []
        assert str(course) not in raw and str(REPO_ROOT) not in raw and "/tmp/" not in raw
        assert "Traceback (most recent call last)" not in text
        assert "KeyError" not in text and "TypeError" not in text and "NameError" not in text
        assert ">Test cell<" not in raw
        assert len(raw) < 2_000_000, page
    tom = (course / "feedback" / "Tom_Richard" / "ex01_artisanat_online" / "ex01_artisanat_online.html")
    assert not re.search(r"[A-Za-z0-9+/=]{120,}", html_text(tom.read_text(encoding="utf-8")))
    olga = course / "feedback" / "Olga_Novak" / "ex01_artisanat_online" / "ex01_artisanat_online.html"
    assert olga.stat().st_size < 1_000_000
    for hand_in in CLASS:
        for words in hand_in.feedback:
            page = course / "feedback" / hand_in.learner_id / hand_in.assignment / f"{hand_in.assignment}.html"
            assert words in html_text(page.read_text(encoding="utf-8")), hand_in.learner
    chloe = html_text((course / "feedback" / "Chloé_Petit" / "ex01_artisanat_online" /
                       "ex01_artisanat_online.html").read_text(encoding="utf-8"))
    assert "task 3 (buyers value)" in chloe and "to be marked by your trainer" in chloe


def test_the_class_summary_pages(graded: dict) -> None:
    folder = graded["course"] / "class_summary"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert str(folder / "index.html") in graded["summary"]
    for assignment in {hand_in.assignment for hand_in in CLASS}:
        assert f'href="{assignment}.html"' in index
    page = (folder / "ex01_artisanat_online.html").read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in page and 'alt="Bar chart of the automatic scores' in page
    assert "Tasks, the most missed first" in page and "Gaston_Lefèvre" in page and "TAMPERING" in page
    assert "Rose_Lambert" in page and "BLANK" in page


def test_export_as_the_runbook_says(graded: dict) -> None:
    """--export: only the graded exercises, exit 0, notes kept; a written mark survives re-grading."""
    from nbgrader.api import Gradebook

    course = graded["course"]
    config = grade_module.load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gradebook:
        grade = gradebook.find_grade("ex01_task5_answer", "ex01_artisanat_online",
                                     "ex01_artisanat_online", "Chloé_Petit")
        grade.manual_score, grade.needs_manual_grade = 2, False
        gradebook.db.commit()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert grade_module.main(["--course-dir", str(course), "--export"]) == 0
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["assignment"] for row in rows} == {hand_in.assignment for hand_in in CLASS}
    gaston = next(row for row in rows if row["student_id"] == "Gaston_Lefèvre"
                  and row["assignment"] == "ex01_artisanat_online")
    assert "TAMPERING" in gaston["status"]
    chloe = next(row for row in rows if row["student_id"] == "Chloé_Petit"
                 and row["assignment"] == "ex01_artisanat_online")
    assert float(chloe["written_score"]) == 2 and "written answer to mark" not in chloe["status"]
    # grading her hand-in again keeps the written mark and does not ask for it again
    again = course.parent / "again"
    (again / "Chloé Petit" / "ex01_artisanat_online").mkdir(parents=True)
    shutil.copy2(course / "submitted" / "Chloé_Petit" / "ex01_artisanat_online" / "ex01_artisanat_online.ipynb",
                 again / "Chloé Petit" / "ex01_artisanat_online" / "ex01_artisanat_online.ipynb")
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()):
        patch.setenv(DATASETS_ENV, str(DATASETS))
        assert grade_module.main(["--course-dir", str(course), "--submissions", str(again), "--quiet"]) == 0
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        chloe = next(row for row in csv.DictReader(handle) if row["student_id"] == "Chloé_Petit")
    assert float(chloe["score"]) == 12 and chloe["status"] == "graded"
    notes = json.loads((course / grade_module.NOTES_JSON).read_text(encoding="utf-8"))
    assert any(row["student"] == "Gaston_Lefèvre" for row in notes)  # other learners' notes are kept
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        gaston = next(row for row in csv.DictReader(handle) if row["student_id"] == "Gaston_Lefèvre")
    assert "TAMPERING" in gaston["status"]


# ---------------------------------------------------------------------------------------------- the sandbox


@needs_sandbox
def test_the_sandbox_holds(tmp_path: Path) -> None:
    """A kernel that tries everything: each attempt fails, earlier cells keep their outputs, the death is named."""
    secret = EXERCISES / "source" / "ex01_artisanat_online" / "ex01_artisanat_online.ipynb"
    outside = tmp_path / "written_from_the_sandbox.txt"
    instructors = REPO_ROOT / "instructors"
    cells = [
        f"import os, socket\nprint('read', os.path.exists({str(secret)!r}), os.path.exists({str(instructors)!r}))",
        f"try:\n    open({str(outside)!r}, 'w').write('x')\n    print('wrote')\n"
        "except OSError as error:\n    print('no write', error.errno)",
        "s = socket.socket()\ns.settimeout(3)\ntry:\n    s.connect(('127.0.0.1', 22))\n    print('connected')\n"
        "except OSError:\n    print('no network')",
        f"import signal\nfor pid in (1, os.getppid(), {os.getpid()}):\n    try:\n        os.kill(pid, signal.SIGKILL)\n"
        "    except OSError:\n        pass\nprint('alive')",
        "try:\n    big = bytearray(10 * 1024 ** 3)\n    print('allocated')\n"
        "except MemoryError:\n    print('no memory')",
        "print('x' * 50_000_000)",
        "try:\n    open('big.bin', 'wb').write(b'0' * 30_000_000)\n    print('written')\n"
        "except OSError as error:\n    print('too big', error.errno)",
        "import resource\nprint('cpu', resource.getrlimit(resource.RLIMIT_CPU)[0])",
        "os._exit(1)",
        "print('after')",
    ]
    nb = new_notebook(cells=[new_code_cell(code) for code in cells])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATASETS_ENV, str(DATASETS))
        SafeExecute(timeout=30).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    text = ["".join(str(o.get("text", "")) for o in cell.outputs) for cell in nb.cells]
    assert text[0].strip() == "read False False"
    assert text[1].startswith("no write") and not outside.exists()
    assert text[2].strip() == "no network"
    assert text[3].strip() == "alive"  # and this test process is alive too
    assert text[4].strip() == "no memory"
    assert 20_000 <= len(text[5]) < 20_200 and "output cut" in text[5]
    assert text[6].strip() == "too big 27"  # EFBIG: files are bounded (20 MB)
    assert text[7].strip() == f"cpu {sandbox.LIMITS.cpu_seconds}"
    assert nb.cells[8].outputs[-1]["ename"] == "NotebookStopped" and "cell 9" in nb.cells[8].outputs[-1]["evalue"]
    assert nb.cells[9].outputs[0]["ename"] == "NotRun"


def test_the_tampering_scan() -> None:
    assert scan_code("orders_2025 = orders[orders['order_date'].dt.year == 2025]\n%matplotlib inline\ntype = 'x'") == {}
    assert scan_code("abs = lambda x: 0") == {"builtins": {"abs"}}
    assert "hooks" in scan_code("get_ipython().set_custom_exc((AssertionError,), f)")
    assert "hooks" in scan_code("ip = get_ipython()\nip.events.register('post_run_cell', f)")
    assert "patch" in scan_code("import atelier.exercises as e\ne.close = lambda *a: True")
    assert "patch" in scan_code("import pandas as pd\npd.Series.all = lambda self: True")
    assert "run" in scan_code("%run ../source/ex01.ipynb")
    assert "outside" in scan_code("import os\nos.kill(1, 9)")


def test_the_ex01_marking_guide_quotes_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures of instructors/ex01_artisanat_online.md are those of market_benchmarks.csv."""
    from atelier import exercises

    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    guide = (REPO_ROOT / "instructors" / "ex01_artisanat_online.md").read_text(encoding="utf-8")
    website, shop = exercises.look_up("fr_small_firms_website_2021"), exercises.look_up("fr_small_firms_webshop_2021")
    rate, price = exercises.look_up("web_conversion_rate_avg"), exercises.look_up("uk_craft_average_object_price")
    buyers = 1000 * rate / 100
    assert f"({website:g} − {shop:g} = **{website - shop:g} %**" in guide
    revenue = f"{buyers:g} × £{price:g} = **£{buyers * price:,.0f}**"
    assert f"1,000 × {rate:g} / 100 = **{buyers:g} buyers**; {revenue}" in guide
    assert f"({len(exercises.read_reference('market_benchmarks'))} as shipped)" in guide


def test_without_a_sandbox_the_summary_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows, macOS or a Linux without bubblewrap: grading works, and the trainer is told plainly."""
    monkeypatch.setenv(sandbox.SANDBOX_ENV, "off")
    sandbox.sandbox_works.cache_clear()
    try:
        assert sandbox.sandbox_works() is False
        text = grade_module.summary(tmp_path, grade_module.Report(graded=1, sandboxed=False), 2)
    finally:
        sandbox.sandbox_works.cache_clear()
    assert "NOT isolated" in text and "bubblewrap exists only on Linux" in text
