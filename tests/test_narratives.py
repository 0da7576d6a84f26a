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


RENDERED = [(lang, path) for lang in narratives.EDITIONS for path, _render in narratives.outputs(lang)]


@pytest.mark.parametrize("lang, path", RENDERED, ids=[f"{lang}:{path.name}" for lang, path in RENDERED])
def test_every_rendered_text_is_committed_as_rendered(lang: str, path) -> None:  # type: ignore[no-untyped-def]
    render = dict(narratives.outputs(lang))[path]
    committed = path.read_text(encoding="utf-8") if path.exists() else "(missing)"
    assert committed == render(), (
        f"{path.relative_to(narratives.ROOT)} differs from its template rendered with the data: run "
        "`python3 course.py refresh` (or `.venv/bin/python -m atelier.narratives`); edit the template, not the .md")


# what a note's template may type: tolerances, inputs learners type, advice; none is a figure of the data or tables
TYPED_ON_PURPOSE = {
    "case_fabric_store": {"€100"},  # "raise the threshold towards €100–130": advice
    "01_artisanat_online": {"3 %", "20 %"},  # "accepted ± 3 %", a tolerance; "the best 20 %", the benchmark's name
    "03_pricing": {"£20", "£4.50"},  # "what happens at £20 an hour?"; how to type `£4.50` in the simulator
    "ex02_brighton_kiln": {"100 %", "20 %"},  # "a share between 0 and 100 %"; "the best 20 %", a benchmark's name
    "ex05_fabric_store": {"100 %"},  # "a rate above 100 %", the check's bound
    "ex06_credibility": {"75 %"},  # "3 yeses and 1 no: 0.75, so 75 %", a worked example of an average
    "ex07_tools_collaboration": {"£0.50", "€0.05"},  # the hidden checks' tolerances
    "ex08_action_plan": {"0 %", "€0.50"},  # "with 0 % growth", an input; the hidden check's tolerance
    "05_fabric_store": {"€1", "1 %"},  # "accepted ± €1", a tolerance; "My engagement is 1 %: is that bad?"
    "08_action_plan": {"0 %"},  # "try growth 0 %", an input learners type
}


@pytest.mark.parametrize("name", narratives.notes_with_templates())
def test_notes_and_guides_type_no_money_or_share_figure(name: str) -> None:
    template = (narratives.NOTES_TEMPLATES / f"{name}.md.j2").read_text(encoding="utf-8")
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", template, flags=re.S)
    typed = set(re.findall(r"[£€]\s?\d[\d,.]*\d|[£€]\s?\d|\d+(?:[.,]\d+)?\s?%", prose))
    allowed = TYPED_ON_PURPOSE.get(name, set())
    assert typed <= allowed, f"{name}.md.j2 types figures by hand (compute them): {sorted(typed - allowed)}"


def test_a_template_in_a_language_folder_is_rendered_in_that_language(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A French twin needs only its template: the same code renders it with French number formats."""
    edition = narratives.Edition("fr", tmp_path / "ct", tmp_path / "cases", tmp_path / "templates", tmp_path / "out")
    edition.notes_templates.mkdir()
    (edition.notes_templates / "03_pricing.md.j2").write_text(
        "Frais Etsy : {{ etsy.total | money }} ; marge {{ plain.margin_pct | pct }}\n", encoding="utf-8")
    monkeypatch.setitem(narratives.EDITIONS, "fr", edition)
    written = narratives.write_all(["fr"])
    assert written == [edition.notes / "03_pricing.md"]
    text = written[0].read_text(encoding="utf-8")
    french = narratives.pricing_lesson("fr")  # the French lesson's bowl on Etsy France, in euros
    assert french["etsy"].channel.channel_id == "etsy_fr"
    amount = f"{french['etsy'].total.amount:.2f}".replace(".", ",")
    assert text.startswith(f"Frais Etsy : {amount}\u00a0€"), text  # French: decimal comma, the sign after
    assert re.search(r"marge \d+,\d\s%", text), text
    from atelier import i18n
    assert i18n.language() == "en"  # the language in use is restored


def test_about_rounds_a_figure_for_speech() -> None:
    assert narratives.about("£94.32") == "£94" and narratives.about("14.5 %") == "15 %"
    assert narratives.about("24,989", 1000) == "25,000" and narratives.about("516", 100) == "500"
    assert narratives.about("no figure") == "no figure"
    with narratives.language("fr"):
        assert narratives.about("94,32\u00a0£GB") == "94\u00a0£GB"
        assert narratives.about("24\u202f989", 1000) == "25\u202f000"
        assert narratives.about("14,5\u202f%") == "15\u202f%" and narratives.about("94\u00a0€") == "94\u00a0€"


@pytest.mark.parametrize(("lang", "lesson"), [("en", "08_action_plan.ipynb"), ("fr", "fr/08_plan_action.ipynb")])
def test_lesson_08_notes_use_the_notebooks_example(lang: str, lesson: str) -> None:
    """The example nb08 projects in each language is what that language's notebook types (answers, then the
    projection's inputs in the order they are typed, whatever the learner's variables are called) and calls."""
    import ast

    import nbformat

    from atelier.selfchecks import nb08

    cells = [cell.source for cell in nbformat.read(narratives.ROOT / "notebooks" / lesson, as_version=4).cells
             if cell.cell_type == "code"]
    assignments = [cell for cell in cells if all(isinstance(node, ast.Assign) for node in ast.parse(cell).body)
                   and "..." not in cell]
    answers: dict[str, object] = {}
    exec(assignments[0], {}, answers)  # the answers cell: one dict
    inputs: dict[str, object] = {}
    exec(assignments[1], {}, inputs)  # the projection's inputs, in order
    assert list(answers.values()) == [nb08.EXAMPLE_ANSWERS]
    assert list(inputs.values()) == list(nb08.EXAMPLE_PROJECTIONS[lang].values())
    call = next(cell for cell in cells if "diagnostic.projection(" in cell)
    keywords = {kw.arg: kw.value.value for node in ast.walk(ast.parse(call)) if isinstance(node, ast.Call)
                for kw in node.keywords if isinstance(kw.value, ast.Constant)}
    sale = nb08.EXAMPLE_SALES[lang]
    assert (keywords["channel"], keywords["tax_status"]) == (sale["channel"], sale["tax_status"])
    with narratives.language(lang):
        assert nb08.example_projection().total("margin").currency == sale["currency"]
