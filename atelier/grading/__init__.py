"""Grading machinery of the course's exercises (nbgrader), behind `python3 course.py release` and `... grade`.

`exercises/` is an nbgrader course directory: `source/<assignment>/<assignment>.ipynb` is the single source of
truth, the learners' version is generated from it. The modules here:

- `release`: generate the learners' version of every assignment and one zip pack per assignment;
- `grade`: grade a whole class in parallel, export the grades and the learners' feedback;
- `checks`: the safety checks both rely on (no solution or hidden check ever leaves the trainer's hands);
- `feedback`: the nbgrader preprocessor that keeps hidden checks out of the learners' feedback;
- `submissions`: turn what learners hand in (zips, notebooks, folders) into nbgrader's `submitted/` tree;
- `pool`: the worker processes that autograde one learner × assignment each, in their own course copy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

REPO_ROOT = Path(__file__).resolve().parents[2]
EXERCISES = REPO_ROOT / "exercises"
DATASETS = REPO_ROOT / "datasets"
CONFIG_FILE = "nbgrader_config.py"
# the environment variable the graded notebooks read to find datasets/ (see the notebooks' first code cell)
DATASETS_ENV = "ARTISANAT_DATASETS"

# nbgrader creates a new gradebook by running the `alembic` program it finds on PATH: when this Python is called
# by its full path (as course.py does) its environment's bin/ folder is not on PATH, and every step would fail.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


def load_config(course_dir: Path) -> Config:
    """The nbgrader settings of a course directory (its nbgrader_config.py)."""
    return PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()


def source_assignments(course_dir: Path) -> list[str]:
    """The assignments of a course directory: the folders of source/ that hold a notebook."""
    source = course_dir / "source"
    if not source.is_dir():
        return []
    return sorted(
        folder.name
        for folder in source.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and any(folder.glob("*.ipynb"))
    )


def assignment_notebooks(course_dir: Path, assignment: str) -> list[str]:
    """The notebook names (without .ipynb) of one assignment's source."""
    return sorted(path.stem for path in (course_dir / "source" / assignment).glob("*.ipynb"))
