"""Every figure in a case-study narrative is reproduced from the data."""

from __future__ import annotations

import re
from decimal import Decimal

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


NOTES = narratives.cases_with_notes()


@pytest.mark.parametrize("case", NOTES)
def test_trainer_notes_of_a_case_are_rendered_from_the_data(case: str) -> None:
    committed = (narratives.INSTRUCTORS / f"case_{case}.md").read_text(encoding="utf-8")
    assert committed == narratives.render_notes(case), (
        f"instructors/case_{case}.md differs from instructors/templates/case_{case}.md.j2 rendered with the data: "
        "run `python3 course.py refresh` (or `.venv/bin/python -m atelier.narratives`); edit the template, not the .md")


@pytest.mark.parametrize("case", NOTES)
def test_trainer_notes_type_no_money_or_share_figure(case: str) -> None:
    # amounts and percentages come from the data; what stays typed is timing, counts of questions, years, and advice
    template = (narratives.NOTES_TEMPLATES / f"case_{case}.md.j2").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}", "", template, flags=re.S)
    prose = prose.replace("€100–130", "")  # "raise the threshold towards €100–130": advice, not a figure of the data
    typed = re.findall(r"[£€]\s?\d[\d,.]*|\d+(?:[.,]\d+)?\s?%", prose)
    assert not typed, f"case_{case}.md.j2 types figures by hand: {sorted(set(typed))}"


def test_about_rounds_a_figure_for_speech() -> None:
    assert narratives.about("£94.32") == "£94" and narratives.about("14.5 %") == "15 %"
    assert narratives.about("24,989", 1000) == "25,000" and narratives.about("516", 100) == "500"
    assert narratives.about("no figure") == "no figure"


def test_about_rounds_a_french_figure_the_french_way() -> None:
    from atelier.i18n import format_money, format_pct, language, set_language

    previous = language()
    set_language("fr")
    try:
        assert narratives.about(format_money(Decimal("94.32"), "GBP")) == "94\u00a0£"  # not 9 432 £
        assert narratives.about(format_money(Decimal("1234.56"), "EUR")) == "1\u202f235\u00a0€"
        assert narratives.about(format_pct(Decimal("14.5"))).startswith("15")
        assert narratives.about("24\u202f989", 1000) == "25\u202f000"
    finally:
        set_language(previous)


@pytest.mark.parametrize("note", list(narratives.LESSON_NOTES))
def test_lesson_notes_are_rendered_from_the_data_and_the_self_checks(note: str) -> None:
    committed = (narratives.INSTRUCTORS / f"{note}.md").read_text(encoding="utf-8")
    assert committed == narratives.render_lesson_notes(note), (
        f"instructors/{note}.md differs from its template rendered with the data: run `python3 course.py refresh`")
    template = (narratives.NOTES_TEMPLATES / f"{note}.md.j2").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", template, flags=re.S)
    typed = re.findall(r"[£€]\s?\d[\d,.]*|\d+(?:[.,]\d+)?\s?%", prose)
    # "accepted ± €1" is a tolerance; "My engagement is 1 %: is that bad?" a learner's question; "try growth 0 %"
    # an input learners type: none of them is a figure of the data or the tables
    assert set(typed) <= {"€1", "1 %", "0 %"}, f"{note}.md.j2 types figures by hand: {sorted(set(typed))}"


def test_lesson_08_notes_use_the_notebooks_example() -> None:
    import nbformat

    from atelier.selfchecks import nb08

    cells = nbformat.read(narratives.ROOT / "notebooks" / "08_action_plan.ipynb", as_version=4).cells
    typed: dict[str, object] = {}
    for cell in cells:
        if cell.cell_type == "code" and (cell.source.startswith("my_answers =") or
                                         cell.source.startswith("orders_now =")):
            exec(cell.source, {}, typed)  # plain assignments of the example's inputs
    assert typed["my_answers"] == nb08.EXAMPLE_ANSWERS
    assert {key: typed[key] for key in nb08.EXAMPLE_PROJECTION} == nb08.EXAMPLE_PROJECTION
