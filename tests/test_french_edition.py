"""The French edition stays the twin of the English one.

Every English lesson, simulator and exercise has a French twin (`notebooks/fr/`, `exercises/fr/`) whose metadata
names its language and its English twin; the twins' code cells have the same structure (the same calls in the same
order, the same keyword names: only literal values and the names of the learner's own variables may differ); an
exercise's graded cells carry the same marks. When an English notebook changes, the test names the French twin that
no longer matches, cell by cell, so the editions do not drift.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
FRENCH_KERNEL = "artisanat-fr"

ENGLISH_NOTEBOOKS = sorted(
    [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("notebooks/simulators/*.ipynb"),
     *ROOT.glob("exercises/source/*/*.ipynb")]
)
FRENCH_NOTEBOOKS = sorted(
    [*ROOT.glob("notebooks/fr/**/*.ipynb"), *ROOT.glob("exercises/fr/source/*/*.ipynb")]
)
FRENCH_NOTEBOOKS = [path for path in FRENCH_NOTEBOOKS if ".ipynb_checkpoints" not in path.parts]
# the French twins of the course's other texts (ASCII French file names; see CONTRIBUTING.md)
TEXT_TWINS = {
    "notebooks/glossary.md": "notebooks/fr/glossaire.md",
}


def rel(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def twin_of(french: Path) -> Path | None:
    """The English notebook a French notebook's metadata names as its twin."""
    named = read(french).metadata.get("artisanat", {}).get("twin")
    return (french.parent / named).resolve() if named else None


def twins() -> dict[str, Path]:
    """English notebook (relative path) → its French twin."""
    found: dict[str, Path] = {}
    for french in FRENCH_NOTEBOOKS:
        english = twin_of(french)
        if english is not None and english.is_file():
            found[rel(english)] = french
    return found


# --- code structure ---------------------------------------------------------------------------------------------

_TO_PYTHON = TransformerManager()


def python_of(source: str) -> ast.Module:
    """A code cell as Python (IPython's `%magic` and `!shell` lines become the calls IPython makes of them)."""
    return ast.parse(_TO_PYTHON.transform_cell(source))


def own_names(notebook: nbformat.NotebookNode) -> list[str]:
    """The names the notebook itself binds (the learner's variables, functions, loop names), in order of binding."""
    names: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = python_of(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            bound: list[str] = []
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound = [node.id]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound = [node.name, *(arg.arg for arg in node.args.args)] if not isinstance(node, ast.ClassDef) \
                    else [node.name]
            elif isinstance(node, ast.arg):
                bound = [node.arg]
            for name in bound:
                if name not in names:
                    names.append(name)
    return names


class _Shape(ast.NodeTransformer):
    """Forget what may differ between the twins: literal values, and which name the learner gave a variable."""

    def __init__(self, own: list[str]) -> None:
        self.own = set(own)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.copy_location(ast.Constant(value="<literal>"), node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return ast.copy_location(ast.Constant(value="<literal>"), node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.own:
            return ast.copy_location(ast.Name(id="<own>", ctx=node.ctx), node)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        if node.arg in self.own:
            node.arg = "<own>"
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.generic_visit(node)
        if node.name in self.own:
            node.name = "<own>"
        return node


def shape(source: str, own: list[str]) -> str:
    try:
        tree = python_of(source)
    except SyntaxError as error:
        return f"<not Python: {error.msg}>"
    return ast.dump(_Shape(own).visit(tree), annotate_fields=False, include_attributes=False)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def drift(english_path: Path, french_path: Path) -> Iterator[str]:
    """Every way the French notebook's code no longer follows its English twin, as sentences."""
    english, french = read(english_path), read(french_path)
    en_cells, fr_cells = code_cells(english), code_cells(french)
    names = f"{rel(french_path)} (twin of {rel(english_path)})"
    if len(en_cells) != len(fr_cells):
        yield f"{names}: {len(fr_cells)} code cells, its English twin has {len(en_cells)}"
    en_own, fr_own = own_names(english), own_names(french)
    # a learner's variable renamed in French is the same variable: map French names onto the English ones
    mapping = dict(zip(fr_own, en_own, strict=False))
    for number, (en_cell, fr_cell) in enumerate(zip(en_cells, fr_cells, strict=False), start=1):
        fr_source = fr_cell.source
        en_shape = shape(en_cell.source, en_own)
        fr_shape = shape(fr_source, fr_own)
        if en_shape != fr_shape:
            yield (f"{names}: code cell {number} no longer has its twin's structure.\n"
                   f"  English: {' '.join(en_cell.source.split())[:160]}\n"
                   f"  French:  {' '.join(fr_source.split())[:160]}")
            continue
        # the same variable in the same place: a French name stands where its English twin's name stands
        en_names = [n.id for n in ast.walk(python_of(en_cell.source)) if isinstance(n, ast.Name)]
        fr_names = [n.id for n in ast.walk(python_of(fr_source)) if isinstance(n, ast.Name)]
        paired = [(mapping.get(f, f), e) for f, e in zip(fr_names, en_names, strict=False) if f in mapping]
        wrong = [(f, e) for f, e in paired if f != e]
        if wrong:
            yield (f"{names}: code cell {number} uses the learner's variables in another order than its twin "
                   f"({', '.join(f'{f} for {e}' for f, e in wrong[:3])})")
    yield from graded_cells_drift(english, french, names)


GRADING_KEYS = ("grade", "solution", "locked", "task", "points", "grade_id")


def graded(notebook: nbformat.NotebookNode) -> list[dict]:
    return [{key: cell.metadata["nbgrader"].get(key) for key in GRADING_KEYS} | {"type": cell.cell_type}
            for cell in notebook.cells if "nbgrader" in cell.metadata]


def graded_cells_drift(english: nbformat.NotebookNode, french: nbformat.NotebookNode, names: str) -> Iterator[str]:
    """An exercise's graded cells: same ids, same marks, same kinds, in the same order."""
    en_graded, fr_graded = graded(english), graded(french)
    if en_graded != fr_graded:
        for number, (en_cell, fr_cell) in enumerate(zip(en_graded, fr_graded, strict=False), start=1):
            if en_cell != fr_cell:
                yield f"{names}: graded cell {number} is {fr_cell}, its English twin's is {en_cell}"
                return
        yield f"{names}: {len(fr_graded)} graded cells, its English twin has {len(en_graded)}"


# --- the tests ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("english", ENGLISH_NOTEBOOKS, ids=rel)
def test_every_english_notebook_has_a_french_twin(english: Path) -> None:
    assert rel(english) in twins(), (
        f"{rel(english)} has no French twin: add it under notebooks/fr/ (or exercises/fr/source/) with "
        "metadata artisanat.twin naming this notebook (see CONTRIBUTING.md, 'The French edition')")


@pytest.mark.parametrize("french", FRENCH_NOTEBOOKS, ids=rel)
def test_french_notebook_names_its_language_kernel_and_twin(french: Path) -> None:
    metadata = read(french).metadata
    assert metadata.get("artisanat", {}).get("language") == "fr", f"{rel(french)}: metadata artisanat.language"
    assert metadata.get("kernelspec", {}).get("name") == FRENCH_KERNEL, (
        f"{rel(french)}: the French kernel ({FRENCH_KERNEL}) makes the package speak French")
    english = twin_of(french)
    assert english is not None and english.is_file(), f"{rel(french)}: its twin {english} does not exist"


@pytest.mark.parametrize("french", FRENCH_NOTEBOOKS, ids=rel)
def test_french_code_follows_its_english_twin(french: Path) -> None:
    english = twin_of(french)
    assert english is not None and english.is_file()
    problems = list(drift(english, french))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("english", "french"), sorted(TEXT_TWINS.items()))
def test_texts_have_their_french_twin(english: str, french: str) -> None:
    assert (ROOT / english).is_file()
    assert (ROOT / french).is_file(), f"{english} has no French twin {french}"


def test_the_drift_check_names_a_changed_twin(tmp_path: Path) -> None:
    """A changed English cell (another call, another keyword) is named; a renamed variable or a figure is not."""
    english = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from atelier import pricing"),
        nbformat.v4.new_code_cell('mug = pricing.unit_cost(materials=2.50, hourly_rate=15, currency="GBP")\nmug'),
    ])
    french = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from atelier import pricing"),
        nbformat.v4.new_code_cell('bol = pricing.unit_cost(materials=3.10, hourly_rate=15, currency="EUR")\nbol'),
    ])
    changed = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from atelier import pricing"),
        nbformat.v4.new_code_cell('mug = pricing.unit_cost(materials=2.50, hourly_rate_gbp=15, currency="GBP")\nmug'),
    ])
    paths = {}
    for name, notebook in (("en", english), ("fr", french), ("changed", changed)):
        paths[name] = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook, paths[name])
    assert list(drift(paths["en"], paths["fr"])) == []
    problems = list(drift(paths["changed"], paths["fr"]))
    assert len(problems) == 1 and "code cell 2 no longer has its twin's structure" in problems[0]


def test_the_french_kernel_is_installed_and_speaks_french() -> None:
    """`course.py setup` installs the kernel every French notebook names; it sets the package's language."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(FRENCH_KERNEL)
    assert spec.env.get("ARTISANAT_LANG") == "fr"
    assert spec.language == "python"


def test_course_py_takes_the_french_edition() -> None:
    """`--lang fr` opens the French start notebook, serves the French simulators, grades the French course."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    assert spec is not None and spec.loader is not None
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    for language in course.LANGUAGES:
        assert (ROOT / course.START_NOTEBOOKS[language]).is_file()
        assert (ROOT / course.SIMULATORS[language]).is_dir()
        assert (ROOT / course.EXERCISE_COURSES[language] / "source").is_dir()
    argv = course.lab_argv([], "token", "fr")
    assert course.START_NOTEBOOKS["fr"] in argv
    settings = Path(next(arg.split("=", 1)[1] for arg in argv if arg.startswith("--LabApp.user_settings_dir=")))
    plugin = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(plugin.read_text(encoding="utf-8")) == {"locale": "fr_FR"}
    assert course.voila_argv([], "fr")[1] == "notebooks/fr/simulateurs"
    assert course.take_language(["--lang", "fr", "--x"]) == (["--x"], "fr")
    assert course.main(["test", "--lang", "fr"]) == 2  # the test suite takes no language
    assert course.main(["lab", "--lang", "de"]) == 2


LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
FRENCH_TEXTS = sorted([*ROOT.glob("notebooks/fr/**/*.md"), *ROOT.glob("case_studies/fr/*.md"),
                       *ROOT.glob("instructors/fr/*.md")])


@pytest.mark.parametrize("path", [*FRENCH_NOTEBOOKS, *FRENCH_TEXTS], ids=rel)
def test_every_link_of_the_french_edition_leads_to_a_file(path: Path) -> None:
    if path.suffix == ".ipynb":
        text = "\n".join(cell.source for cell in read(path).cells if cell.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    broken = [target for target in LINK.findall(text)
              if "://" not in target and not target.startswith("mailto:") and not (path.parent / target).exists()]
    assert not broken, f"{rel(path)} links to files that do not exist: {broken}"
