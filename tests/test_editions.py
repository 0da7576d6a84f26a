"""Issue 10: the learner and trainer editions, and the one version number they carry.

The learner zip is built for real (the existing release code generates its exercises) and scanned as a reviewer
would: no solution or hidden-check marker anywhere, no line of a model answer or hidden check of the exercises'
sources, no trainer-only folder, lessons without stored outputs. A doctored copy shows the scan does catch a leak.
In a real JupyterLab in Chromium, the learner edition's settings remove the Nbgrader menu and Formgrader, while the
trainer's keep them (so the browser check can fail).
"""

from __future__ import annotations

import json
import re
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from atelier import kit
from atelier.grading.checks import leaks, read_notebook
from atelier.version import __version__, edition_info, edition_line, reference_date
from tests import browser_support as bs

ROOT = bs.ROOT
SOURCES = sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))
FRENCH_SOURCES = sorted((ROOT / "exercises" / "fr" / "source").glob("*/*.ipynb"))
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
TRAINER_ONLY = ("exercises/source/", "exercises/fr/", "instructors/", "tests/", "benchmarks/", "atelier/grading/",
                ".ci/", "nbgrader_config.py", "exercises/nbgrader_config.py", "exercises/README.md")
GRADEBOOK = re.compile(r"(^|/)(gradebook\.db|grades\.csv|submitted/|autograded/|feedback/)")


def read_zip(path: Path) -> dict[str, bytes]:
    """Files of an edition zip, by their path inside the edition's folder."""
    with zipfile.ZipFile(path) as archive:
        folders = {name.split("/", 1)[0] for name in archive.namelist()}
        assert folders == {path.stem}, f"{path.name} must hold one folder named {path.stem}, not {folders}"
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def learner_problems(files: dict[str, bytes]) -> list[str]:
    """Everything in a learner edition that a learner must not get (empty: the edition is clean)."""
    problems = [f"trainer-only file {name}" for name in files
                if name.startswith(TRAINER_ONLY) or GRADEBOOK.search(name)]
    sources = [read_notebook(path) for path in [*SOURCES, *FRENCH_SOURCES]]  # no answer of either language
    for name, data in files.items():
        text = data.decode("utf-8", errors="replace")
        problems += [f"{name}: marker {marker!r}" for marker in MARKERS if marker in text]
        if name.endswith(".ipynb"):
            for source in sources:
                problems += [f"{name}: {found}" for found in leaks(text, source)]
            notebook = nbformat.reads(text, as_version=4)
            for index, cell in enumerate(notebook.cells):
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "code" and meta.get("solution") and "raise NotImplementedError" not in cell.source:
                    problems.append(f"{name}: cell {index} is a solution cell that still holds an answer")
                if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
                    problems.append(f"{name}: cell {index} has stored outputs")
    return problems


@pytest.fixture(scope="module")
def learner_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kit.build_edition("learner", tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def trainer_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kit.build_edition("trainer", tmp_path_factory.mktemp("dist"))


def test_learner_zip_is_named_after_the_version(learner_zip: Path) -> None:
    assert learner_zip.name == f"artisanat-{__version__}-learner.zip"


def test_learner_edition_holds_no_answer_no_hidden_check_no_trainer_folder(learner_zip: Path) -> None:
    problems = learner_problems(read_zip(learner_zip))
    assert problems == [], "the learner edition leaks:\n" + "\n".join(problems[:30])


def test_the_scan_catches_a_source_notebook_and_an_executed_lesson(learner_zip: Path) -> None:
    files = read_zip(learner_zip)
    source = SOURCES[1]
    doctored = {**files, "exercises/extra.ipynb": source.read_bytes(),
                "notebooks/executed.ipynb": (ROOT / "notebooks" / "01_artisanat_online.ipynb").read_bytes(),
                "instructors/README.md": b"agendas"}
    problems = learner_problems(doctored)
    assert any("exercises/extra.ipynb: marker" in problem for problem in problems)
    assert any("exercises/extra.ipynb" in problem and "solution cell" in problem for problem in problems)
    assert any("notebooks/executed.ipynb" in problem and "stored outputs" in problem for problem in problems)
    assert "trainer-only file instructors/README.md" in problems


def test_learner_edition_has_what_a_learner_needs(learner_zip: Path) -> None:
    files = read_zip(learner_zip)
    lessons = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    assert lessons and all(f"notebooks/{name}" in files for name in lessons)
    for needed in ("notebooks/simulators/pricing.ipynb", "notebooks/simulators/shipping.ipynb",
                   "notebooks/glossary.md", "datasets/reference/datapackage.json", "case_studies/brighton_kiln.md",
                   "course.py", "requirements.txt", "constraints.txt", "pyproject.toml", "atelier/__init__.py",
                   "jupyter_config/learner/labconfig/page_config.json",
                   "jupyter_data/voila/templates/artisanat/index.html.j2"):
        assert needed in files, needed
    for source in SOURCES:  # every exercise, released, with what it reads beside it and its hand-in note
        assignment = source.parent.name
        assert f"exercises/{assignment}/{source.name}" in files
        assert f"exercises/{assignment}/READ_ME_FIRST.txt" in files
        for data_file in read_notebook(source).metadata.get("artisanat", {}).get("data_files", []):
            assert f"exercises/{assignment}/{data_file}" in files, (assignment, data_file)


def test_editions_stamp_version_and_reference_date(learner_zip: Path, trainer_zip: Path) -> None:
    tables = reference_date().isoformat()
    for path, edition in ((learner_zip, "learner"), (trainer_zip, "trainer")):
        files = read_zip(path)
        stamp = json.loads(files["edition.json"])
        assert stamp == {"edition": edition, "version": __version__, "reference_date": tables, "language": "en"}
        note = files["READ_ME_FIRST.txt"].decode()
        assert f"version {__version__}" in note and f"{edition} edition" in note and tables in note


def test_trainer_edition_is_everything(trainer_zip: Path) -> None:
    files = read_zip(trainer_zip)
    for source in SOURCES:
        assert source.relative_to(ROOT).as_posix() in files
    assert "instructors/README.md" in files and "atelier/grading/grade.py" in files and "tests/conftest.py" in files
    lesson = nbformat.reads(files["notebooks/03_pricing.ipynb"].decode(), as_version=4)
    assert any(cell.get("outputs") for cell in lesson.cells), "the trainer edition keeps the executed lessons"
    assert not any(name.startswith((".venv/", "dist/", ".git/")) for name in files)


# --- the one version number ---------------------------------------------------------------------------------------


def test_pyproject_reads_the_version_from_atelier_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"] and "version" not in project["project"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "atelier.version.__version__"}


def test_changelog_has_a_section_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## {re.escape(__version__)}\b", changelog, re.MULTILINE)


def test_about_line_names_version_edition_and_table_date() -> None:
    info = edition_info()
    assert info.edition == "repository" and info.version == __version__
    line = edition_line(info)
    assert __version__ in line and str(info.reference_date.year) in line and "source copy" in line
    learner = edition_line(type(info)(version="9.9.9", edition="learner", reference_date=info.reference_date))
    assert "9.9.9" in learner and "learner edition" in learner


# --- the learner's JupyterLab has no nbgrader teacher tools -------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from bs.browser_or_skip()


def menu_labels(browser: object, server: bs.Server) -> list[str]:
    context = browser.new_context(viewport=bs.VIEWPORT)  # type: ignore[attr-defined]
    try:
        bs.offline_but_localhost(context)
        page = context.new_page()
        page.goto(server.url("/lab/workspaces/edition-check/tree/notebooks/00_start_here.ipynb?reset"))
        page.locator(bs.LAB_MENU_BAR_ITEM, has_text=bs.exact_text("Run")).wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # extensions add their menus once their plugins have activated
        return [label.strip() for label in page.locator(bs.LAB_MENU_BAR_ITEM).all_inner_texts()]
    finally:
        context.close()


def status(server: bs.Server, path: str) -> int:
    try:
        with urllib.request.urlopen(server.url(path), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_nbgrader_teacher_tools_only_in_the_trainer_edition(edition: str, browser: object, tmp_path: Path) -> None:
    server = bs.lab_server(ROOT, tmp_path)
    folders = [ROOT / "jupyter_config" / "course"]
    if edition == "learner":
        folders.insert(0, ROOT / "jupyter_config" / "learner")
    server.env["JUPYTER_CONFIG_PATH"] = ":".join(map(str, folders))
    with bs.running(server, "/api/status"):
        labels = menu_labels(browser, server)
        formgrader = status(server, "/formgrader")
    assert "Run" in labels, labels
    if edition == "learner":
        assert "Nbgrader" not in labels, labels
        assert formgrader == 404
    else:
        assert "Nbgrader" in labels, labels
        assert formgrader == 200


@pytest.fixture(scope="module")
def french_learner_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kit.build_edition("learner", tmp_path_factory.mktemp("dist"), language="fr")


def test_the_french_learner_edition_opens_in_french_and_leaks_nothing(french_learner_zip: Path) -> None:
    """`course.py edition learner --lang fr`: the folder a chamber hands its stagiaires, French from the first page."""
    assert french_learner_zip.name == f"artisanat-{__version__}-learner-fr.zip"
    files = read_zip(french_learner_zip)
    problems = learner_problems(files)
    assert problems == [], "the French learner edition leaks:\n" + "\n".join(problems[:30])
    assert json.loads(files["edition.json"])["language"] == "fr"
    note = files["LISEZ_MOI_D_ABORD.txt"].decode("utf-8")
    assert "python3 course.py lab" in note and "version" in note
    assert "This folder holds" not in note and "To start the course" not in note, "the note is not in French"
    assert "notebooks/fr/00_bienvenue.ipynb" in files and "notebooks/fr/simulateurs/prix.ipynb" in files
    assert FRENCH_SOURCES, "no French exercises"
    for source in FRENCH_SOURCES:
        assert f"exercises/{source.parent.name}/{source.name}" in files, source.name
