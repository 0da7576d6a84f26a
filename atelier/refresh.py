"""`python3 course.py refresh`: after someone edits a reference row, bring every figure of the course up to date.

In order: check the reference tables; recompute the simulated case data (their postage and fees come from the
tables); render the case narratives, the trainer notes and the marking guides (instructors/templates, in every
language that has templates); re-execute every lesson; run the course's content checks (the tables, the narratives,
notes and guides, the case data, every lesson, simulator and exercise notebook). It ends with a plain report of
what changed (old → new figure, and where) and says green or red.

The developer suite's hand-worked arithmetic tests (marker `arithmetic`) are not part of it: they pin the table
values they were worked out with, and only a developer redoes their arithmetic.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from atelier import narratives, reference
from atelier.reference import ROOT

NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises" / "source"
DATASETS = ROOT / "datasets"

# the content checks a programme manager's update must pass (unit tests of the code are the developers' suite)
CONTENT_TESTS = (
    "tests/test_reference.py",
    "tests/test_datasets.py",
    "tests/test_narratives.py",
    "tests/test_lesson_prose.py",
    "tests/test_marking_guides.py",
    "tests/test_figures.py",
    "tests/test_analytics_brighton_kiln.py",
    "tests/test_analytics_fabric_store.py",
    "tests/test_analytics_upholsterer.py",
    "tests/test_pricing.py",
    "tests/test_shipping.py",
    "tests/test_diagnostic.py",
)
CONTENT_NOTEBOOKS = ("notebooks", "exercises/source")  # nbval: stored outputs equal a fresh run; exercises run

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")
FIGURE = re.compile(rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
                    r"|(?:[£€$]\s?)?-?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|kg|g|cm|h|k)\b|\s?%)?")
PNG = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


@dataclass(frozen=True)
class Change:
    """One figure that changed: where (file and place) and its old and new text."""

    where: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.where}: {self.old} → {self.new}"


def lessons() -> list[Path]:
    """The lesson notebooks (`notebooks/NN_name.ipynb`), in order, then their French twins (`notebooks/fr/`): each
    runs on the kernel its metadata names (the French ones on `artisanat-fr`, which speaks French)."""
    return [*sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), *sorted((NOTEBOOKS / "fr").glob("[0-9][0-9]_*.ipynb"))]


def generated_texts() -> dict[str, list[tuple[str, str]]]:
    """Every generated text a learner or trainer reads, as (place, line) per file: narratives, trainer notes, the
    outputs of every lesson cell."""
    import nbformat

    texts: dict[str, list[tuple[str, str]]] = {}
    rendered = [path for lang in narratives.EDITIONS for path, _render in narratives.outputs(lang)]
    for path in rendered:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        texts[str(path.relative_to(ROOT))] = [(f"line {number}", line) for number, line in
                                              enumerate(lines, start=1)]
    for path in lessons():
        lines = []
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
            for output in cell.get("outputs", []):
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                text = "".join(text) if isinstance(text, list) else str(text)
                lines += [(f"cell {number}", PNG.sub("", line).rstrip()) for line in text.splitlines()]
        texts[str(path.relative_to(ROOT))] = lines
    return texts


def case_data() -> dict[str, list[str]]:
    """The rows of every simulated case-data file."""
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8").splitlines()
            for path in sorted(DATASETS.glob("*/*.csv")) if path.parent.name != "reference"}


def _figures(line: str) -> list[str]:
    return [match.group().strip() for match in FIGURE.finditer(line)]


def _label(line: str) -> str:
    """The words of a line without its figures, shortened: says which figure of a table or sentence changed."""
    words = " ".join(FIGURE.sub("…", line).split())
    return words if len(words) <= 60 else words[:57] + "…"


def _figure_pairs(old_line: str, new_line: str) -> list[tuple[str, str]]:
    """(old, new) for each figure that differs between two versions of a line; "—" for one added or removed."""
    old, new = _figures(old_line), _figures(new_line)
    pairs = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs.append((", ".join(old[a1:a2]) or "—", ", ".join(new[b1:b2]) or "—"))
    return pairs


def changes(before: dict[str, list[tuple[str, str]]], after: dict[str, list[tuple[str, str]]]) -> list[Change]:
    """The figures that differ between two snapshots, line by line: "file, place: old → new"."""
    found: list[Change] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        matcher = difflib.SequenceMatcher(a=[line for _place, line in old], b=[line for _place, line in new],
                                          autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for (place, old_line), (_new_place, new_line) in zip(old[a1:a2], new[b1:b2], strict=False):
                for a, b in _figure_pairs(old_line, new_line):
                    found.append(Change(f"{name}, {place} ({_label(new_line)})", a, b))
            extra_old, extra_new = (a2 - a1) - (b2 - b1), (b2 - b1) - (a2 - a1)
            if extra_old > 0 or extra_new > 0:
                found.append(Change(f"{name}, {old[a1][0] if a1 < len(old) else 'end'}",
                                    f"{max(extra_old, 0)} line(s)", f"{max(extra_new, 0)} line(s)"))
    return found


def data_changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """One sentence per case-data file whose rows changed."""
    sentences = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            changed = sum(1 for a, b in zip(old, new, strict=False) if a != b) + abs(len(old) - len(new))
            sentences.append(f"{name}: {changed} row(s) recomputed")
    return sentences


def _run(command: Sequence[str], what: str, say: Callable[[str], None]) -> bool:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        say(f"  ✗ {what} failed:")
        tail = (result.stdout + result.stderr).strip().splitlines()[-25:]
        for line in tail:
            say(f"    {line}")
        return False
    say(f"  ✓ {what} ({time.perf_counter() - started:.0f} s)")
    return True


def refresh(say: Callable[[str], None] = print, checks: bool = True) -> int:
    """Bring every figure up to date and run the content checks; 0 when everything is green."""
    python = sys.executable
    say("1. Checking the reference tables")
    problems = reference.validate_folder(reference.reference_dir())
    if problems:
        say(f"  ✗ {len(problems)} problem(s) in datasets/reference; fix these cells and run refresh again:")
        for problem in problems[:20]:
            say(f"    - {problem}")
        return 1
    say("  ✓ every table is valid")
    texts_before, data_before = generated_texts(), case_data()

    say("2. Recomputing the simulated case data")
    if not _run([python, str(DATASETS / "generate.py")], "datasets/generate.py", say):
        return 1
    say("3. Rendering the case narratives, the trainer notes and the marking guides")
    for path in narratives.write_all():
        say(f"  ✓ {path.relative_to(ROOT)}")
    say("4. Re-running every lesson")
    for path in lessons():
        if not _run([python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                     "--log-level=WARN", str(path)], str(path.relative_to(ROOT)), say):
            return 1

    say("5. What changed")
    found = changes(texts_before, generated_texts())
    data = data_changes(data_before, case_data())
    if not found and not data:
        say("  nothing: every figure the course shows is the same as before")
    for change in found:
        say(f"  - {change}")
    for sentence in data:
        say(f"  - {sentence}")

    if checks:
        say("6. Running the course's content checks (tables, case data, narratives, notes, lessons, exercises)")
        command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not arithmetic",
                   "-x", *CONTENT_TESTS, *CONTENT_NOTEBOOKS]
        if not _run(command, "content checks", say):
            say("RED: a content check failed (above). The figures were updated; read the message, fix the table "
                "or ask a developer.")
            return 1
    say("GREEN: every figure is up to date and every content check passes. Commit the changed files.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py refresh", description=__doc__.splitlines()[0])
    parser.add_argument("--no-checks", action="store_true", help="update the figures but skip the content checks")
    options = parser.parse_args(argv)
    return refresh(checks=not options.no_checks)


if __name__ == "__main__":
    sys.exit(main())
