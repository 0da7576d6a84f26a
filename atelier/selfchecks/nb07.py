"""Self-checks of notebook 07 (Tools and collaboration). Expected values come from `digital_tools.csv`."""

from __future__ import annotations

from decimal import Decimal

from atelier import tools
from atelier.i18n import _
from atelier.money import Money
from atelier.selfcheck import Verdict, hint, passed, register

# the example stack and the example shared subscription of the lesson (ids of digital_tools.csv)
EXAMPLE_STACK = ("etsy_shop", "shopify_basic_uk", "mailerlite_free", "buffer_free", "canva_pro")
EXAMPLE_CURRENCY = "GBP"
SHARED_TOOL = "shopify_basic_uk"
SHARED_BY = 4


def _number(answer: object) -> Decimal:
    if isinstance(answer, Money):
        return answer.amount
    return Decimal(str(float(answer)))  # type: ignore[arg-type]


@register("nb07.example_yearly")
def example_yearly(answer: object) -> Verdict:
    """The yearly cost of the lesson's example stack, in GBP."""
    example = tools.stack(list(EXAMPLE_STACK), EXAMPLE_CURRENCY)
    value = _number(answer)
    if abs(value - example.yearly.amount) <= 1:
        return passed(_("Right: {yearly} a year. A few small subscriptions add up: that is a sale or two every "
                        "month.").format(yearly=example.yearly))
    if abs(value - example.monthly.amount) <= 1:
        return hint(_("That is the cost per month. The question asks for a year: 12 months."))
    return hint(_("Not quite. Read the “Total” line of the table above: the amount a year."))


@register("nb07.shared_per_month")
def shared_per_month(answer: object) -> Verdict:
    """Each artisan's share, per month, of one web shop subscription shared by 4."""
    monthly, _valid = tools.monthly_cost(SHARED_TOOL, EXAMPLE_CURRENCY)
    expected = (monthly / SHARED_BY).rounded()
    value = _number(answer)
    if abs(value - expected.amount) <= Decimal("0.01"):
        return passed(_("Right: {share} a month each instead of {whole}. Sharing a collective shop divides the "
                        "fixed cost.").format(share=expected, whole=monthly))
    if abs(value - (monthly * 12 / SHARED_BY).amount) <= Decimal("0.5"):
        return hint(_("That is each artisan's share for a whole year. The question asks per month."))
    return hint(_("Not quite. Divide the monthly price by the number of artisans ({count}).").format(count=SHARED_BY))


@register("nb07.owned_audience")
def owned_audience(answer: object) -> Verdict:
    """Which audience do you own? B = newsletter subscribers."""
    letter = str(answer).strip().upper()
    if letter not in {"A", "B", "C"}:
        return hint(_("Answer with one letter between quotes: \"A\", \"B\" or \"C\"."))
    if letter == "B":
        return passed(_("Right: the email list is yours. If a network changes its rules or closes your account, "
                        "you can still write to those customers."))
    return hint(_("Not this one: a platform decides who sees your posts or your shop, and can change its rules. "
                  "Which list could you take with you?"))
