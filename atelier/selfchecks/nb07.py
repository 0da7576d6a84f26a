"""Self-checks of notebook 07 (Tools and collaboration). Expected values come from `digital_tools.csv`."""

from __future__ import annotations

from decimal import Decimal

from atelier import reference, tools
from atelier.i18n import _, format_money, format_number
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


def trainer_figures() -> dict[str, str]:
    """The expected answers and the figures the trainer notes of lesson 07 quote (instructors/templates)."""
    example = tools.stack(list(EXAMPLE_STACK), EXAMPLE_CURRENCY)
    costs = {line.tool.tool_id: line.monthly for line in example.lines}
    monthly, _valid = tools.monthly_cost(SHARED_TOOL, EXAMPLE_CURRENCY)
    canva = tools.get_tool("canva_pro", EXAMPLE_CURRENCY)
    return {
        "example_yearly": format_money(example.yearly.amount.quantize(Decimal(1)), EXAMPLE_CURRENCY, 0),
        "example_monthly": str(example.monthly),
        "shopify_monthly": format_money(costs["shopify_basic_uk"].amount, EXAMPLE_CURRENCY, 0),
        "canva_usd": format_number(canva.monthly_cost.amount, 0),
        "usd_rate": format_number(reference.exchange_rate("USD", EXAMPLE_CURRENCY), 2),
        "canva_monthly": str(costs["canva_pro"]),
        "shared_by": str(SHARED_BY),
        "shared_monthly": format_money(monthly.amount, EXAMPLE_CURRENCY, 0),
        "shared_share": str((monthly / SHARED_BY).rounded()),
        "shared_yearly": format_money((monthly * 12 / SHARED_BY).rounded().amount, EXAMPLE_CURRENCY, 0),
    }
