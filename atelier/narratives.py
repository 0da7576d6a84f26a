"""Case-study narratives whose figures come from the data, never typed by hand.

Each narrative is a Jinja template `case_studies/templates/<case>.md.j2`; its figures come from
`atelier.analytics.<case>.narrative_figures()` (a dict of already formatted strings, with units and currency).
`python -m atelier.narratives` writes `case_studies/<case>.md`; a test renders them again and compares, so a
narrative can never drift from its data.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from atelier.casestudy import CASES
from atelier.reference import ROOT

CASE_STUDIES = ROOT / "case_studies"
TEMPLATES = CASE_STUDIES / "templates"


def figures(case: str) -> dict[str, str]:
    """The formatted figures one narrative uses, computed from the case's data."""
    return import_module(f"atelier.analytics.{case}").narrative_figures()


def render(case: str) -> str:
    """The narrative of `case` with its figures filled in from the data."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    return environment.get_template(f"{case}.md.j2").render(**figures(case))


def cases_with_templates() -> list[str]:
    return [case for case in CASES if (TEMPLATES / f"{case}.md.j2").exists()]


def write_all(folder: Path = CASE_STUDIES) -> list[Path]:
    written = []
    for case in cases_with_templates():
        path = folder / f"{case}.md"
        path.write_text(render(case), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(ROOT))
    sys.exit(0)
