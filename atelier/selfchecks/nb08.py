"""Self-checks of notebook 08 (Your digital action plan): they check the learner's own diagnostic and projection."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from atelier import diagnostic, entry
from atelier.errors import CourseInputError
from atelier.i18n import _, format_money, format_pct, language
from atelier.selfcheck import Verdict, hint, passed, register

# the lesson's example (the potter): the notebook's cells type these same inputs (a test compares them)
EXAMPLE_ANSWERS = {
    "vis_business_profile": 1, "vis_website": 0, "vis_photos": 2,
    "sell_online_channel": 1, "sell_prices_cover_costs": 1, "sell_shipping": 0,
    "rel_social_posting": 1, "rel_reviews": 2, "rel_newsletter": 0,
    "mgmt_invoicing": 1, "mgmt_stock": 2,
    "sec_backups": 0, "sec_passwords": 1, "sec_gdpr": 1,
    "skill_learning": 1, "skill_numbers": 1, "skill_collaboration": 2,
}
# the lesson's example projection in each language: the inputs its notebook types, in the order it types them (the
# French notebook names its variables in French), and the channel, tax status and currency of its projection cell
EXAMPLE_PROJECTIONS: dict[str, dict[str, object]] = {
    "en": {"orders_now": 4, "average_order": 45, "growth_pct": 10, "making_cost_pct": 40,
           "my_tools": ["shopify_basic_uk", "mailerlite_free", "canva_free"]},
    "fr": {"orders_now": 4, "average_order": 45, "growth_pct": 10, "making_cost_pct": 40,
           "my_tools": ["buffer_free", "mailerlite_free", "canva_pro"]},
}
EXAMPLE_SALES: dict[str, dict[str, str]] = {
    "en": {"channel": "shopify_basic_uk", "tax_status": "uk_not_vat_registered", "currency": "GBP"},
    "fr": {"channel": "etsy_fr", "tax_status": "fr_micro_franchise", "currency": "EUR"},
}


def example_inputs() -> dict[str, object]:
    """The inputs the lesson of the course's language types for its projection."""
    return EXAMPLE_PROJECTIONS.get(language(), EXAMPLE_PROJECTIONS["en"])


def example_sale() -> dict[str, str]:
    """The channel, tax status and currency of the projection of the course's language."""
    return EXAMPLE_SALES.get(language(), EXAMPLE_SALES["en"])


def example_projection(growth_pct: object | None = None) -> diagnostic.Projection:
    """The lesson's example projection in the course's language (with another growth if given)."""
    e, sale = example_inputs(), example_sale()
    return diagnostic.projection(e["orders_now"], e["average_order"],
                                 e["growth_pct"] if growth_pct is None else growth_pct,
                                 channel=sale["channel"], making_cost_pct=e["making_cost_pct"], tools=e["my_tools"],
                                 tax_status=sale["tax_status"])


def trainer_figures() -> dict[str, str]:
    """The expected answers and the figures the trainer notes of lesson 08 quote (instructors/templates), for the
    lesson of the course's language."""
    result = diagnostic.score(EXAMPLE_ANSWERS)
    weakest = result.weakest
    figures = {f"score_{dimension}": format_pct(value, 0) for dimension, value in result.scores.items()}
    e = example_inputs()
    projection = example_projection()
    figures.update({
        "weakest_name": diagnostic.dimension_label(weakest),
        "weakest_score": format_pct(result.scores[weakest], 1),
        "year_margin": str(projection.total("margin")),
        "year_margin_flat": str(example_projection(0).total("margin")),
        "year_revenue": str(projection.total("revenue")),
        "orders_now": str(e["orders_now"]), "growth": format_pct(Decimal(str(e["growth_pct"])), 0),
        "average_order": format_money(Decimal(str(e["average_order"])), example_sale()["currency"], 0),
        "making": format_pct(Decimal(str(e["making_cost_pct"])), 0),
    })
    return figures


@register("nb08.answers")
def answers(answer: object) -> Verdict:
    """Every question answered with 0, 1, 2 or 3."""
    try:
        checked = diagnostic.check_answers(answer)
    except CourseInputError as error:
        return hint(str(error))
    return passed(_("All {count} questions have an answer from 0 to 3. Now run the next cells.").format(
        count=len(checked)))


def _plain_words(text: object) -> str:
    """Lower case, accents and quotes dropped, spaces squeezed: "Données et sécurité" → "donnees et securite"."""
    letters = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(letters.strip().strip("\"'«»“”").lower().split())


def _dimension_id(answer: object) -> str | None:
    """The dimension an answer names: its id, or its label in the course's language or in English."""
    text = _plain_words(answer)
    for dimension, english in diagnostic.DIMENSIONS.items():
        names = {dimension, dimension.replace("_", " "), english, diagnostic.dimension_label(dimension)}
        if text in {_plain_words(name) for name in names}:
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
    expected = result.total("margin")
    reading = entry.read_number(answer, expected.currency)  # "1 983,14 €" in French, "£1,983.14" in English
    if not reading.ok:
        return hint(reading.problem)
    value = reading.number
    if abs(value - expected.amount) <= 1:
        return passed(_("Right: {margin} over the year, after fees, tools and the cost of making.").format(
            margin=expected))
    if abs(value - result.total("revenue").amount) <= 1:
        return hint(_("That is the sales figure. The margin is what is left after fees, tools and making."))
    return hint(_("Not quite. Read the line “Margin over … months” in the summary above the table."))
