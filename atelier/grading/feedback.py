"""The preprocessor that keeps hidden checks out of the learners' feedback pages.

nbgrader puts the hidden checks back into a submission to grade it, and `generate_feedback` then shows them, with
the traceback of a failed one, to the learner (nbgrader issue #917, still open in 0.9). `exercises/nbgrader_config.py`
adds this preprocessor to `GenerateFeedback`: it removes every hidden region from the cells' code and reduces the
error of every check cell to its one plain-language message.
"""

from __future__ import annotations

import ast
import html
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

from atelier import exercises
from atelier.errors import decimals_of
from atelier.i18n import N_, _, format_number, language

_HIDDEN = re.compile(r"^[ \t]*#*[ \t]*BEGIN HIDDEN TESTS.*?^[ \t]*#*[ \t]*END HIDDEN TESTS[^\n]*\n?", re.M | re.S)


def strip_hidden_tests(source: str) -> str:
    """The code of a cell without its hidden regions."""
    return _HIDDEN.sub("", source).rstrip()


def is_check_cell(cell: NotebookNode) -> bool:
    """An autograded check: a graded code cell that is not the learner's answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def check_messages(source: str) -> set[str]:
    """The texts a check cell can say (its string literals): what a learner may read of a failed check."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def learner_message(output: NotebookNode, allowed: set[str]) -> str:
    """What a failed check says to the learner: its own message, or a plain sentence (never a raw error)."""
    ename, evalue = str(output.get("ename", "")), str(output.get("evalue", ""))
    if ename in {"NotebookStopped", "NotRun", "CellTimeoutError"} or evalue.startswith("TAMPERING"):
        return evalue
    if ename == "AssertionError" and (evalue in allowed or evalue.endswith("is not answered yet: replace the ... "
                                                                          "with your answer, then run the cell.")):
        return evalue
    if ename == "AssertionError" and any(evalue.startswith(text[:40]) for text in allowed if len(text) > 40):
        return evalue  # a message made with .format or an f-string from one of the cell's texts
    if ename == "AssertionError" and exercises.is_check_sentence(evalue):
        return evalue  # one of the course's check sentences (atelier.exercises): the learner's value, never a check
    if ename == "NameError":
        return _("This check needs an answer that is not there yet: run every cell from the top, in order, "
                 "and check the names you typed.")
    return _("This check could not use your answer: is it complete, and of the kind the task asks "
             "(a number, a table, a letter)?")


class HideHiddenTests(Preprocessor):
    """Remove hidden checks and check tracebacks from a graded notebook before it becomes feedback.

    Once a hidden check has run, the learner's own code could read it (IPython keeps every cell's code), so the
    outputs of the learner's cells that run after the first hidden check are not shown; a check cell shows only
    its own message, never a raw error or anything printed.
    """

    # nbconvert runs a registered preprocessor only when it is enabled (nbgrader's own ones are by default)
    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        hidden_seen = False
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            had_hidden = "BEGIN HIDDEN TESTS" in cell.source
            allowed = check_messages(cell.source)
            cell.source = strip_hidden_tests(cell.source)
            if is_check_cell(cell):
                errors = [output for output in cell.get("outputs", []) if output.get("output_type") == "error"]
                for output in errors:
                    message = learner_message(output, allowed)
                    output["ename"], output["evalue"], output["traceback"] = "", message, [message]
                cell.outputs = errors
            elif hidden_seen:
                cell.outputs = [output for output in cell.get("outputs", []) if output.get("output_type") == "error"
                                and output.get("ename") in {"NotebookStopped", "NotRun", "CellTimeoutError"}]
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    # the learner's own error, in one line: no traceback with the grader's machinery in it
                    line = f"{output.get('ename', '')}: {output.get('evalue', '')}".strip(": ")
                    output["traceback"] = [line[:2000]]
            hidden_seen = hidden_seen or had_hidden
        return nb, resources


# the words nbgrader's feedback template writes (nbgrader/server_extensions/formgrader/templates/feedback), each in
# the exact HTML around it, so that nothing a learner wrote is touched
TEMPLATE_WORDS = (
    ('<span class="nbgrader-label">{}</span>', N_("Student's answer")),
    ('<span class="nbgrader-label">{}</span>', N_("Student's task")),
    ('<a href="#top">{}</a>', N_("(Top)")),
    ("<b>{}</b>", N_("Comments:")),
    ('">{}</a></li>', N_("Comment")),
    ('">{}</a> (', N_("Test cell")),
    ('">{}</a> (', N_("Written response")),
    ('">{}</a> (', N_("Coding free-response")),
    ('">{}</a> (', N_("Task")),
    ('<span class="nbgrader-label">{} <code>', N_("Grade cell:")),
)
_SCORES = re.compile(r"(<h4>[^<]*\(|</a> \(|<span class=\"pull-right\">\s*)Score: (-?[0-9.]+) / ([0-9.]+)")
_LATE = re.compile(r'(<li class="late-penalty">)Late submission penalty \(Score: -([0-9.]+)\)')


def points(text: str) -> str:
    """A score as nbgrader writes it (`7.5`, `10.0`) in the course's language: `7.5` and `10`, `7,5` in French."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return format_number(value, decimals_of(value))


def _score(match: re.Match[str]) -> str:
    before, score, maximum = match.group(1), match.group(2), match.group(3)
    return before + _("Score: {score} / {maximum}").format(score=points(score), maximum=points(maximum))


def speak_language(text: str) -> str:
    """A feedback page's template words and scores in the course's language (`Note : 7,5 / 10` in French)."""
    for around, word in TEMPLATE_WORDS:
        text = text.replace(around.format(word), around.format(html.escape(_(word), quote=False)))
    text = _LATE.sub(lambda m: m.group(1) + html.escape(_("Late submission penalty: {points} points").format(
        points="−" + points(m.group(2))), quote=False), text)
    text = _SCORES.sub(_score, text)
    if language() != "en":
        text = re.sub(r"<html(?![^>]*\blang=)", f'<html lang="{language()}"', text, count=1)
    return text


def polish_page(page: Path, labels: dict[str, str], to_mark: set[str], private: list[str]) -> None:
    """Name each task in a feedback page's header, show unmarked written answers as waiting for the trainer,
    wrap long messages, and remove the paths of the trainer's computer."""
    text = page.read_text(encoding="utf-8")
    for grade_id, label in labels.items():
        anchor = f'<a href="#{grade_id}">'
        text = re.sub(re.escape(anchor) + r"(Test cell|Written response|Coding free-response)</a>",
                      anchor + html.escape(label) + "</a>", text)
        text = text.replace(f"Grade cell: <code>{grade_id}</code>", html.escape(label))
    pending = html.escape(_("to be marked by your trainer"))
    for grade_id in to_mark:
        text = re.sub(r'(<a href="#' + re.escape(grade_id) + r'">[^<]*</a>) \(Score: [0-9.]+ / ([0-9.]+)\)',
                      lambda m: f"{m.group(1)} ({pending}, {_in_points(m.group(2))})", text)
        text = re.sub(r'(<a name="' + re.escape(grade_id) + r'"></a>\s*<div class="panel-heading">.*?)'
                      r"Score: [0-9.]+ / ([0-9.]+)", lambda m: f"{m.group(1)}{pending} ({_in_points(m.group(2))})",
                      text, count=1, flags=re.S)
    for path in private:
        if path:
            text = text.replace(path, "…")
    text = speak_language(text)
    style = "<style>pre, .output_text, .output_error {white-space: pre-wrap; word-break: break-word}</style>"
    text = text.replace("</head>", style + "</head>", 1)
    page.write_text(text, encoding="utf-8")


def _in_points(maximum: str) -> str:
    return _("{points} points").format(points=points(maximum))
