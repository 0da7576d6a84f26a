"""Safety checks: what a learner receives (release, pack, feedback) never shows a solution or a hidden check."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_REGION = re.compile(r"^\s*#*\s*BEGIN (SOLUTION|HIDDEN TESTS)\s*$(.*?)^\s*#*\s*END \1\s*$", re.M | re.S)
_TAG = re.compile(r"<[^>]+>")
# a line that is only a check's message (`"Not quite: ..."`): feedback is meant to show it when the check fails
_MESSAGE_ONLY = re.compile(r"""^[rfb]?(["']).*\1,?\)?$""")


def read_notebook(path: Path) -> NotebookNode:
    return nbformat.read(path, as_version=4)


def _is_telling(line: str) -> bool:
    """A line long and specific enough that finding it elsewhere means it leaked (not `)` or `else:`)."""
    return len(line) >= 8 and any(ch.isalnum() for ch in line)


def secret_lines(source: NotebookNode, *, hidden_only: bool = False) -> list[str]:
    """Lines of the source's solutions and hidden checks that the source does not also show in the open."""
    secret: list[str] = []
    public: list[str] = []
    for cell in source.cells:
        text = cell.source
        regions = [(m.group(1), m.group(2)) for m in _REGION.finditer(text)]
        public.append(_REGION.sub("", text))
        for kind, body in regions:
            if hidden_only and kind != "HIDDEN TESTS":
                continue
            secret.extend(line.strip() for line in body.splitlines())
    public_text = "\n".join(public)
    return [line for line in dict.fromkeys(secret) if _is_telling(line) and line not in public_text]


def leaks(text: str, source: NotebookNode, *, hidden_only: bool = False) -> list[str]:
    """What of the source's secrets (markers, solution lines, hidden checks) appears in `text`."""
    found = [marker for marker in MARKERS if marker in text]
    found += [line for line in secret_lines(source, hidden_only=hidden_only) if line in text]
    return found


def notebook_text(nb: NotebookNode) -> str:
    """All the text a learner can see in a notebook: cell sources and outputs."""
    parts: list[str] = []
    for cell in nb.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            parts.extend(str(value) for value in output.get("data", {}).values())
            parts.extend(output.get("traceback", []))
    return "\n".join(parts)


def release_leaks(release_notebook: Path, source_notebook: Path) -> list[str]:
    """Secrets of the source found in a generated learner's notebook (an empty list when it is safe)."""
    return leaks(notebook_text(read_notebook(release_notebook)), read_notebook(source_notebook))


def html_text(page: str) -> str:
    """The visible text of an HTML page (tags removed, entities decoded): code highlighted in spans reads whole."""
    return html.unescape(_TAG.sub("", page))


def feedback_leaks(feedback_html: Path, source_notebook: Path) -> list[str]:
    """Hidden checks of the source found in a learner's feedback page (an empty list when it is safe)."""
    text = html_text(feedback_html.read_text(encoding="utf-8"))
    source = read_notebook(source_notebook)
    found = [marker for marker in MARKERS[2:] if marker in text]
    secrets = [line for line in secret_lines(source, hidden_only=True) if not _MESSAGE_ONLY.match(line)]
    return found + [line for line in secrets if line in text]


def validate(notebook: Path) -> dict[str, list[dict[str, str]]]:
    """nbgrader's Validator result for a notebook: {} when every check passes (it runs the notebook)."""
    from nbgrader.validator import Validator

    return Validator().validate(str(notebook))
