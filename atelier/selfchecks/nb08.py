"""Self-checks of notebook 08 (Your digital action plan): they check the learner's own diagnostic and projection."""

from __future__ import annotations

from decimal import Decimal

from atelier import diagnostic
from atelier.errors import CourseInputError
from atelier.i18n import _
from atelier.money import Money
from atelier.selfcheck import Verdict, hint, passed, register


@register("nb08.answers")
def answers(answer: object) -> Verdict:
    """Every question answered with 0, 1, 2 or 3."""
    try:
        checked = diagnostic.check_answers(answer)
    except CourseInputError as error:
        return hint(str(error))
    return passed(_("All {count} questions have an answer from 0 to 3. Now run the next cells.").format(
        count=len(checked)))


def _dimension_id(answer: object) -> str | None:
    text = str(answer).strip().lower()
    for dimension in diagnostic.DIMENSIONS:
        if text in {dimension, dimension.replace("_", " "), diagnostic.dimension_label(dimension).lower()}:
            return dimension
    return None


@register("nb08.weakest")
def weakest(answer: object) -> Verdict:
    """The weakest dimension of the learner's last diagnostic."""
    result = diagnostic.last("diagnostic")
    if not isinstance(result, diagnostic.Diagnostic):
        return hint(_("Run the cell with diagnostic.score(my_answers) first, then this one."))
    chosen = _dimension_id(answer)
    if chosen is None:
        return hint(_("Write the name of a dimension between quotes, as in the chart, e.g. \"Visibility\"."))
    lowest = min(result.scores.values())
    if result.scores[chosen] == lowest:
        return passed(_("Right: {name} is where you start. The plan below begins there.").format(
            name=diagnostic.dimension_label(chosen)))
    return hint(_("Not this one: look for the lowest percentage in the table, or the orange dot on the chart."))


@register("nb08.year_margin")
def year_margin(answer: object) -> Verdict:
    """The margin over the whole projection, read from its summary."""
    result = diagnostic.last("projection")
    if not isinstance(result, diagnostic.Projection):
        return hint(_("Run the cell with diagnostic.projection(...) first, then this one."))
    value = answer.amount if isinstance(answer, Money) else Decimal(str(float(answer)))  # type: ignore[arg-type]
    expected = result.total("margin")
    if abs(value - expected.amount) <= 1:
        return passed(_("Right: {margin} over the year, after fees, tools and the cost of making.").format(
            margin=expected))
    if abs(value - result.total("revenue").amount) <= 1:
        return hint(_("That is the sales figure. The margin is what is left after fees, tools and making."))
    return hint(_("Not quite. Read the line “Margin over … months” in the summary above the table."))
