"""Self-checks of notebook 07 (Tools and collaboration). Expected values come from `digital_tools.csv`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from atelier import entry, reference, tools
from atelier.i18n import _, format_money, format_number, language
from atelier.money import Money
from atelier.selfcheck import Verdict, hint, passed, register, split_decimal


@dataclass(frozen=True)
class Example:
    """The lesson's example set of tools and its shared subscription (ids of digital_tools.csv), in one currency."""

    stack: tuple[str, ...]
    currency: str
    shared_tool: str


# the example of each edition: a British potter pays in pounds, a French one in euros (notebooks/fr/)
EXAMPLES = {
    "en": Example(("etsy_shop", "shopify_basic_uk", "mailerlite_free", "buffer_free", "canva_pro"), "GBP",
                  "shopify_basic_uk"),
    "fr": Example(("etsy_shop", "shopify_basic_fr", "mailerlite_free", "buffer_free", "canva_pro"), "EUR",
                  "shopify_basic_fr"),
}
EXAMPLE_STACK = EXAMPLES["en"].stack
EXAMPLE_CURRENCY = EXAMPLES["en"].currency
SHARED_TOOL = EXAMPLES["en"].shared_tool
SHARED_BY = 4


def example() -> Example:
    """The example of the lesson in the course's language."""
    return EXAMPLES.get(language(), EXAMPLES["en"])


def _number(answer: object) -> Decimal:
    if isinstance(answer, Money):
        return answer.amount
    return Decimal(str(float(answer)))  # type: ignore[arg-type]


def _amount(answer: object) -> Decimal | Verdict:
    """The amount a learner gave, with or without the example's currency (`382,80 €`, `£363`), or the hint saying
    how to type it when it names another currency."""
    split = _split_decimal(answer)
    if split is not None:
        return split
    if isinstance(answer, str):
        reading = entry.read_number(answer, example().currency)
        if reading.problem:
            return hint(reading.problem)
        if reading.number is None:
            raise ValueError(answer)
        return reading.number
    return _number(answer)


def _split_decimal(answer: object) -> Verdict | None:
    return split_decimal(answer)


@register("nb07.example_yearly")
def example_yearly(answer: object) -> Verdict:
    """The yearly cost of the lesson's example stack, in its currency."""
    example_stack = tools.stack(list(example().stack), example().currency)
    value = _amount(answer)
    if isinstance(value, Verdict):
        return value
    if abs(value - example_stack.yearly.amount) <= 1:
        return passed(_("Right: {yearly} a year. A few small subscriptions add up: that is a sale or two every "
                        "month.").format(yearly=example_stack.yearly))
    if abs(value - example_stack.monthly.amount) <= 1:
        return hint(_("That is the cost per month. The question asks for a year: 12 months."))
    return hint(_("Not quite. Read the “Total” line of the table above: the amount a year."))


@register("nb07.shared_per_month")
def shared_per_month(answer: object) -> Verdict:
    """Each artisan's share, per month, of one web shop subscription shared by 4."""
    monthly, _valid = tools.monthly_cost(example().shared_tool, example().currency)
    expected = (monthly / SHARED_BY).rounded()
    value = _amount(answer)
    if isinstance(value, Verdict):
        return value
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
    """The expected answers and the figures the trainer notes of lesson 07 quote (instructors/templates), for the
    example of the course's language."""
    chosen = example()
    currency = chosen.currency
    example_stack = tools.stack(list(chosen.stack), currency)
    costs = {line.tool.tool_id: line.monthly for line in example_stack.lines}
    monthly, _valid = tools.monthly_cost(chosen.shared_tool, currency)
    canva = tools.get_tool("canva_pro", currency)
    return {
        "example_yearly": format_money(example_stack.yearly.amount.quantize(Decimal(1)), currency, 0),
        "example_monthly": str(example_stack.monthly),
        "shopify_monthly": format_money(costs[chosen.shared_tool].amount, currency, 0),
        "canva_usd": format_number(canva.monthly_cost.amount, 0),
        "usd_rate": format_number(reference.exchange_rate("USD", currency), 2),
        "canva_monthly": str(costs["canva_pro"]),
        "shared_by": str(SHARED_BY),
        "shared_monthly": format_money(monthly.amount, currency, 0),
        "shared_share": str((monthly / SHARED_BY).rounded()),
        "shared_yearly": format_money((monthly * 12 / SHARED_BY).rounded().amount, currency, 0),
    }
