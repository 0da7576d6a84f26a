"""Case-study narratives and trainer notes whose figures come from the data, never typed by hand.

Each narrative is a Jinja template `case_studies/templates/<case>.md.j2`; its figures come from
`atelier.analytics.<case>.narrative_figures()` (a dict of already formatted strings, with units and currency).
The trainer notes of a case are a template `instructors/templates/case_<case>.md.j2` filled from the same figures.
The trainer notes of lessons 05–08 are templates `instructors/templates/NN_name.md.j2` filled from the case's
figures and the self-checks' `trainer_figures()`. `python -m atelier.narratives` writes them all; a test renders
them again and compares, so none can drift from its data.
"""

from __future__ import annotations

import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from atelier.casestudy import CASES
from atelier.i18n import format_number, language
from atelier.reference import ROOT

CASE_STUDIES = ROOT / "case_studies"
TEMPLATES = CASE_STUDIES / "templates"
INSTRUCTORS = ROOT / "instructors"
NOTES_TEMPLATES = INSTRUCTORS / "templates"
# a number as each language writes it: `1,234.56` in English; `1 234,56` in French (a narrow no-break space)
_NUMBERS = {"en": (re.compile(r"-?\d[\d,]*(?:\.\d+)?"), ",", "."),
            "fr": (re.compile(r"-?\d(?:[\d\u202f\u00a0 ]*\d)?(?:,\d+)?"), "\u202f\u00a0 ", ",")}


def about(figure: str, step: int = 1) -> str:
    """A formatted figure rounded for speech: "£94.32" → "£94", "14.4 %" → "14 %", ("24,989", 1000) → "25,000";
    in French "94,32 £" → "94 £"."""
    pattern, thousands, decimal_mark = _NUMBERS.get(language(), _NUMBERS["en"])
    match = pattern.search(figure)
    if match is None:
        return figure
    digits = match.group().translate({ord(c): None for c in thousands}).replace(decimal_mark, ".")
    rounded = (Decimal(digits) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return figure[:match.start()] + format_number(rounded, 0) + figure[match.end():]


def _environment(folder: Path) -> Environment:
    environment = Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters["about"] = about
    return environment


def figures(case: str) -> dict[str, str]:
    """The formatted figures one narrative uses, computed from the case's data."""
    return import_module(f"atelier.analytics.{case}").narrative_figures()


def render(case: str) -> str:
    """The narrative of `case` with its figures filled in from the data."""
    return _environment(TEMPLATES).get_template(f"{case}.md.j2").render(**figures(case))


def render_notes(case: str) -> str:
    """The trainer notes of `case` (instructors/case_<case>.md) with their figures filled in from the data."""
    return _environment(NOTES_TEMPLATES).get_template(f"case_{case}.md.j2").render(**figures(case))


def cases_with_notes() -> list[str]:
    return [case for case in CASES if (NOTES_TEMPLATES / f"case_{case}.md.j2").exists()]


# lesson notes rendered from a template: note name → (the case whose figures it quotes, its self-checks module)
LESSON_NOTES = {"05_fabric_store": ("fabric_store", "atelier.selfchecks.nb05"),
                "06_credibility": ("upholsterer", "atelier.selfchecks.nb06"),
                "07_tools_collaboration": (None, "atelier.selfchecks.nb07"),
                "08_action_plan": (None, "atelier.selfchecks.nb08")}


def render_lesson_notes(note: str) -> str:
    """The trainer notes of a lesson (instructors/<note>.md): the case's figures and the self-checks' answers."""
    case, checks = LESSON_NOTES[note]
    values = {**(figures(case) if case else {}), **import_module(checks).trainer_figures()}
    return _environment(NOTES_TEMPLATES).get_template(f"{note}.md.j2").render(**values)


def cases_with_templates() -> list[str]:
    return [case for case in CASES if (TEMPLATES / f"{case}.md.j2").exists()]


def write_all(folder: Path = CASE_STUDIES, notes_folder: Path = INSTRUCTORS) -> list[Path]:
    """Render every narrative and every case's trainer notes; the paths written."""
    written = []
    for case in cases_with_templates():
        path = folder / f"{case}.md"
        path.write_text(render(case), encoding="utf-8")
        written.append(path)
    for case in cases_with_notes():
        path = notes_folder / f"case_{case}.md"
        path.write_text(render_notes(case), encoding="utf-8")
        written.append(path)
    for note in LESSON_NOTES:
        path = notes_folder / f"{note}.md"
        path.write_text(render_lesson_notes(note), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(ROOT))
    sys.exit(0)
