"""The preprocessor that keeps hidden checks out of the learners' feedback pages.

nbgrader puts the hidden checks back into a submission to grade it, and `generate_feedback` then shows them, with
the traceback of a failed one, to the learner (nbgrader issue #917, still open in 0.9). `exercises/nbgrader_config.py`
adds this preprocessor to `GenerateFeedback`: it removes every hidden region from the cells' code and reduces the
error of every check cell to its one plain-language message.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

_HIDDEN = re.compile(r"^[ \t]*#*[ \t]*BEGIN HIDDEN TESTS.*?^[ \t]*#*[ \t]*END HIDDEN TESTS[^\n]*\n?", re.M | re.S)


def strip_hidden_tests(source: str) -> str:
    """The code of a cell without its hidden regions."""
    return _HIDDEN.sub("", source).rstrip()


def is_check_cell(cell: NotebookNode) -> bool:
    """An autograded check: a graded code cell that is not the learner's answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


class HideHiddenTests(Preprocessor):
    """Remove hidden checks and check tracebacks from a graded notebook before it becomes feedback."""

    # nbconvert runs a registered preprocessor only when it is enabled (nbgrader's own ones are by default)
    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple[NotebookNode, dict]:
        if cell.cell_type != "code":
            return cell, resources
        cell.source = strip_hidden_tests(cell.source)
        if is_check_cell(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                    output["traceback"] = [message]
        return cell, resources
