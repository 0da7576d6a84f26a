"""Every figure in a case-study narrative is reproduced from the data."""

from __future__ import annotations

import re

import pytest

from atelier import narratives

CASES = narratives.cases_with_templates()


@pytest.mark.parametrize("case", CASES)
def test_narrative_is_rendered_from_the_data(case: str) -> None:
    committed = (narratives.CASE_STUDIES / f"{case}.md").read_text(encoding="utf-8")
    assert committed == narratives.render(case), (
        f"case_studies/{case}.md differs from its template rendered with the data: run "
        "`.venv/bin/python -m atelier.narratives` and commit the result (never edit the .md by hand)")


@pytest.mark.parametrize("case", CASES)
def test_no_figure_is_typed_by_hand_in_a_template(case: str) -> None:
    template = (narratives.TEMPLATES / f"{case}.md.j2").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", template, flags=re.S)
    prose = re.sub(r"\b(19|20)\d\d\b", "", prose)  # years are dates, not figures
    prose = re.sub(r"^\s*\d+\.\s", "", prose, flags=re.M)  # numbered lists
    prose = re.sub(r"\b(Q[1-4]|0[0-8]|ex0[1-8])\b", "", prose)  # quarters, lesson and exercise numbers
    typed = re.findall(r"\d+(?:[.,]\d+)?\s?(?:%|£|€|k\b)?|[£€]\s?\d+", prose)
    assert not typed, f"{case}.md.j2 types figures by hand (compute them in narrative_figures()): {typed[:10]}"


@pytest.mark.parametrize("case", CASES)
def test_narrative_says_its_figures_are_simulated(case: str) -> None:
    text = narratives.render(case).lower()
    assert "simulated" in text and "article" in text
