"""The French exercises (`exercises/fr/`, nbgrader course `artisanat2-fr`) are graded exactly like the English ones.

The same machinery as tests/test_exercises.py, on the French course folder: every French exercise is released and
graded by the course's own commands (`--course-dir exercises/fr`) in one parallel run, in the French kernel
(`artisanat-fr`, which the grader's sandbox keeps speaking French). The model answer (the French source's solution)
scores full marks, the untouched release scores 0, and a typical French hand-in scores the partial marks its author
expects. The typical French mistakes live in `tests/exercise_answers/fr/<assignment>.json`: numbers typed the French
way (`"12,10"`, `"60,5 %"`, `4,5` — which Python reads as the pair (4, 5)), next to the English mistakes.

The visible checks answer odd input with a sentence and accept a right answer in every form, in French too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from test_exercises import (
    ANSWERS,
    grade_course,
    notebook,
    odd_inputs,
    raw_errors,
    refused_right_answers,
)

from atelier.grading import DATASETS, DATASETS_ENV, EXERCISES, source_assignments

FRENCH = EXERCISES / "fr"
FRENCH_ANSWERS = ANSWERS / "fr"
PRACTICE = "ex00_entrainement"
# every French exercise is graded; the practice one has a single task, so no typical hand-in with partial marks
GRADED = source_assignments(FRENCH)
ASSIGNMENTS = [name for name in GRADED if name != PRACTICE]


def spec(name: str) -> dict:
    if name == PRACTICE:
        return {"wrong": {}}
    path = FRENCH_ANSWERS / f"{name}.json"
    assert path.exists(), f"{name} needs its typical French hand-in in tests/exercise_answers/fr/{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, str]]:
    """(learner, assignment) → grades.csv row of the French course, three learners per exercise, one grading run."""
    return grade_course(tmp_path_factory, FRENCH, GRADED, spec)


@pytest.fixture
def french() -> Iterator[None]:
    """The package speaks French, as in the French kernel (restored after)."""
    from atelier import i18n

    before = i18n.language()
    i18n.set_language("fr")
    try:
        yield
    finally:
        i18n.set_language(before)


def test_the_french_course_is_its_own_nbgrader_course() -> None:
    from atelier.grading import load_config

    config = load_config(FRENCH)
    assert config.CourseDirectory.course_id == "artisanat2-fr"
    assert Path(config.CourseDirectory.root) == FRENCH
    assert "VOTRE RÉPONSE ICI" in config.ClearSolutions.code_stub["python"]
    assert len(source_assignments(FRENCH)) == len(source_assignments(EXERCISES)) == 9


@pytest.mark.parametrize("name", GRADED)
def test_model_answer_scores_full_marks(results: dict, name: str) -> None:
    row = results[("model", name)]
    assert float(row["max_auto_score"]) > 0, row
    assert float(row["auto_score"]) == float(row["max_auto_score"]), row


@pytest.mark.parametrize("name", GRADED)
def test_untouched_release_scores_zero(results: dict, name: str) -> None:
    row = results[("untouched", name)]
    assert float(row["auto_score"]) == 0, row
    assert "BLANK" in row["status"], row  # the grader knows the French stubs: nothing was answered


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_typical_french_hand_in_scores_partial_marks(results: dict, name: str) -> None:
    row, expected = results[("typical", name)], spec(name)["expected_wrong_score"]
    assert 0 < float(row["auto_score"]) < float(row["max_auto_score"]), row
    assert float(row["auto_score"]) == expected, (row, spec(name).get("why"))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_typical_french_hand_in_types_a_number_the_french_way(name: str) -> None:
    """Each French wrong hand-in has at least one number typed as a French learner would (decimal comma, %, €, £)."""
    typed = "\n".join(spec(name)["wrong"].values())
    assert re.search(r'= "[\d  ]+(,\d+)?( ?[%€£])?"|= \d+,\d+\b', typed), typed


@pytest.mark.parametrize("name", GRADED)
def test_french_and_english_exercises_carry_the_same_marks(results: dict, name: str) -> None:
    """The French course gives the same maximum as the English twin of each exercise (no task lost in translation)."""
    from atelier.grading.checks import read_notebook

    english = Path(notebook(FRENCH / "source", name).metadata["artisanat"]["twin"])
    english_source = read_notebook((FRENCH / "source" / name / english).resolve())
    points = sum(float(cell.metadata["nbgrader"].get("points", 0)) for cell in english_source.cells
                 if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code")
    assert float(results[("model", name)]["max_auto_score"]) == points


@pytest.mark.parametrize("name", source_assignments(FRENCH))
def test_french_visible_checks_answer_odd_input_with_a_sentence(
        name: str, monkeypatch: pytest.MonkeyPatch, french: None) -> None:
    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    inputs = {**odd_inputs(), "'12,50'": "12,50", "(12, 50)": (12, 50), "'74 %'": "74 %", "'1 250'": "1 250"}
    problems, trials = raw_errors(name, inputs, course_dir=FRENCH)
    assert trials > 0
    assert not problems, f"{len(problems)} of {trials} odd inputs raise a raw error in {name}:\n" + "\n".join(problems)
    problems, trials = raw_errors(name, inputs, whole=True, course_dir=FRENCH)
    assert not problems, f"{len(problems)} of {trials} odd inputs break the checks of {name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", source_assignments(FRENCH))
def test_french_checks_accept_a_right_answer_in_every_form_and_no_other_currency(
        name: str, monkeypatch: pytest.MonkeyPatch, french: None) -> None:
    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    problems, trials = refused_right_answers(name, FRENCH)
    assert not problems, f"{len(problems)} of {trials} right answers refused in {name}:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------ figures in the French prose
# The English twin's figures are computed or given (tests/test_marking_guides.py): the French prose quotes the same
# amounts and percentages, written the French way (12,10 £, 32 781 £, 60,5 %), none lost and none added.

_SPACE = "[ \u00a0\u202f]"
FRENCH_MONEY = re.compile(rf"(?<![\w,.])(\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(,\d+)?{_SPACE}?([£€])"
                          rf"|(?<![\w,.])(\d+(?:,\d+)?) euros")
FRENCH_PERCENT = re.compile(rf"(?<![\w.,])(\d+(?:,\d+)?){_SPACE}?%")


def french_figures(text: str) -> tuple[set[tuple[str, Decimal]], set[Decimal]]:
    """(currency, amount) and percentages quoted in French prose."""
    money = set()
    for m in FRENCH_MONEY.finditer(text):
        if m.group(4):
            money.add(("EUR", Decimal(m.group(4).replace(",", "."))))
        else:
            digits = re.sub(_SPACE, "", m.group(1)) + (m.group(2) or "").replace(",", ".")
            money.add(({"£": "GBP", "€": "EUR"}[m.group(3)], Decimal(digits)))
    return money, {Decimal(m.group(1).replace(",", ".")) for m in FRENCH_PERCENT.finditer(text)}


def prose(path: Path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("name", source_assignments(FRENCH))
def test_french_prose_quotes_the_english_twins_figures(name: str) -> None:
    from test_marking_guides import quoted_money, quoted_percent

    french_path = FRENCH / "source" / name / f"{name}.ipynb"
    english_path = (french_path.parent / notebook(FRENCH / "source", name).metadata["artisanat"]["twin"]).resolve()
    english = prose(english_path)
    english_money = {(currency, amount) for _, currency, amount, _ in quoted_money(english)}
    english_percent = {value for _, value, _ in quoted_percent(english)}
    money, percent = french_figures(prose(french_path))
    assert money == english_money, (f"{name}: amounts only in French {sorted(money - english_money)}, "
                                    f"only in English {sorted(english_money - money)}")
    assert percent == english_percent, (f"{name}: percentages only in French {sorted(percent - english_percent)}, "
                                        f"only in English {sorted(english_percent - percent)}")


def test_french_figures_are_read_as_written() -> None:
    money, percent = french_figures("32\u202f781\u00a0£, 12,10 £, 450 euros, 1 234,56 €; 60,5\u00a0%, 30 % et 2,5 h")
    assert money == {("GBP", Decimal("32781")), ("GBP", Decimal("12.10")), ("EUR", Decimal("450")),
                     ("EUR", Decimal("1234.56"))}
    assert percent == {Decimal("60.5"), Decimal("30")}


def test_french_exercises_read_the_upholsterers_reviews_in_french(french: None) -> None:
    from atelier.exercises import read_case_table

    reviews = read_case_table("upholsterer", "reviews")
    import pandas as pd

    raw = pd.read_csv(DATASETS / "upholsterer" / "reviews.csv")
    assert "text_fr" not in reviews.columns and list(reviews.columns) == [c for c in raw.columns if c != "text_fr"]
    assert reviews["text"].tolist() == raw["text_fr"].fillna(raw["text"]).tolist()
    assert reviews["rating"].tolist() == raw["rating"].tolist()
