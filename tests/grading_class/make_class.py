"""Write the class of hand-ins described in hand_ins.json, from the released notebooks, in the layouts trainers get.

Each hand-in starts from the model answer (the source's solution, typed into the released notebook) or from the
untouched release, gets its cell edits, and is filed as a learner would hand it in: a notebook named
`<learner>_<exercise>.ipynb`, a folder per learner, nbgrader's layout, a zip of the unzipped pack, a zip made on a
Mac (with `__MACOSX/` and `._*` files and a checkpoint), a pack unzipped twice (`<exercise> 2/`), or two copies of
one notebook. Names may come in the decomposed Unicode form a Mac gives.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

HERE = Path(__file__).parent
SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*\n?", re.M | re.S)


@dataclass
class HandIn:
    """One learner's hand-in and what the grader must make of it."""

    learner: str
    assignment: str
    layout: str
    base: str
    why: str
    answers: dict[str, str] = field(default_factory=dict)
    expect: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    name_form: str = "NFC"

    @property
    def learner_id(self) -> str:
        """The id the grader gives the learner (NFC, spaces as _)."""
        return re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", self.learner)).strip("._")

    @property
    def handed_name(self) -> str:
        return unicodedata.normalize(self.name_form, self.learner)


def hand_ins() -> list[HandIn]:
    data = json.loads((HERE / "hand_ins.json").read_text(encoding="utf-8"))
    return [HandIn(**entry) for entry in data["hand_ins"]]


def grade_id(cell: NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def model_answers(source: NotebookNode) -> dict[str, str]:
    """grade_id → the answer cell as a learner who found the model answer would type it."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: SOLUTION.sub(lambda m: m.group(1), cell.source)
        for cell in source.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def notebook_for(hand_in: HandIn, released: NotebookNode, source: NotebookNode, course: Path) -> NotebookNode:
    answers = model_answers(source) if hand_in.base == "model" else {}
    answers.update({key: code.replace("{course}", str(course)) for key, code in hand_in.answers.items()})
    nb = nbformat.from_dict(released)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def _zip(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)


def write(hand_in: HandIn, nb: NotebookNode, wrong: NotebookNode, folder: Path) -> None:
    """File one hand-in into the collection folder in its layout."""
    name, exercise = hand_in.handed_name, hand_in.assignment
    text = nbformat.writes(nb).encode("utf-8")
    if hand_in.layout == "flat":
        (folder / f"{name}_{exercise}.ipynb").write_bytes(text)
    elif hand_in.layout == "folder":
        (folder / name).mkdir()
        (folder / name / f"{exercise}.ipynb").write_bytes(text)
    elif hand_in.layout == "nbgrader":
        (folder / name / exercise).mkdir(parents=True)
        (folder / name / exercise / f"{exercise}.ipynb").write_bytes(text)
    elif hand_in.layout == "zip":
        _zip(folder / f"{name}_{exercise}.zip", {f"{exercise}/{exercise}.ipynb": text,
                                                  f"{exercise}/READ_ME_FIRST.txt": b"note"})
    elif hand_in.layout == "mac_zip":
        wrong_text = nbformat.writes(wrong).encode("utf-8")
        _zip(folder / f"{name}_{exercise}.zip", {
            f"{exercise}/{exercise}.ipynb": text,
            f"__MACOSX/{exercise}/._{exercise}.ipynb": b"\x00\x05\x16\x07 Mac resource fork",
            f"{exercise}/.ipynb_checkpoints/{exercise}-checkpoint.ipynb": wrong_text,
        })
    elif hand_in.layout == "unzipped_twice":
        inner = folder / name / f"{exercise} 2"
        inner.mkdir(parents=True)
        (inner / f"{exercise}.ipynb").write_bytes(text)
        (inner / "._READ_ME_FIRST.txt").write_bytes(b"\x00\x05\x16\x07")
        (folder / name / "__MACOSX").mkdir()
        (folder / name / "__MACOSX" / f"._{exercise}.ipynb").write_bytes(b"\x00\x05\x16\x07")
    elif hand_in.layout == "two_copies":
        (folder / name).mkdir()
        older, newer = folder / name / f"{exercise}.ipynb", folder / name / f"{exercise} (1).ipynb"
        older.write_bytes(nbformat.writes(wrong).encode("utf-8"))
        newer.write_bytes(text)
        os.utime(older, (1_700_000_000, 1_700_000_000))
        os.utime(newer, (1_700_086_400, 1_700_086_400))
    else:
        raise ValueError(hand_in.layout)


def write_class(course: Path, source_root: Path, folder: Path) -> list[HandIn]:
    """Write every hand-in of hand_ins.json into `folder`, from `course`'s release; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    everyone = hand_ins()
    for hand_in in everyone:
        exercise = hand_in.assignment
        released = nbformat.read(course / "release" / exercise / f"{exercise}.ipynb", as_version=4)
        source = nbformat.read(source_root / exercise / f"{exercise}.ipynb", as_version=4)
        write(hand_in, notebook_for(hand_in, released, source, course), released, folder)
    (folder / "Noé Lenoir").mkdir()
    (folder / "Noé Lenoir" / "notes.txt").write_text("my notes", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00")
    return everyone
