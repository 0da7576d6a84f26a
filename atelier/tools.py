"""Notebook 07: what a set of online tools costs a month and a year (`digital_tools.csv`), and sharing a cost.

Prices in US dollars (tools with one world price) are converted with `exchange_rates.csv`; the valid-as-of date of
a total is the newest date among the rows it used, exchange rates included.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from atelier import charts, display, reference
from atelier.charts import OKABE_ITO
from atelier.errors import CourseInputError, one_of, positive
from atelier.i18n import N_, _, format_money, language
from atelier.money import Money

CURRENCY_REGION = {"GBP": "UK", "EUR": "FR"}
MONTHS = Decimal(12)

CATEGORIES = {
    "web_shop": N_("web shop"),
    "marketplace": N_("marketplace"),
    "social_scheduling": N_("social media scheduling"),
    "newsletter": N_("newsletter"),
    "accounting_invoicing": N_("invoicing and accounts"),
    "booking": N_("bookings"),
    "stock_inventory": N_("stock"),
    "collaboration": N_("working together"),
    "blog": N_("website or blog"),
    "design_photos": N_("design and photos"),
}


@dataclass(frozen=True)
class Tool:
    tool_id: str
    category: str
    name: str
    region: str  # "UK", "FR" or "any"
    monthly_cost: Money  # in the table's currency
    free_tier: bool
    what_it_does: str
    source: str
    confidence: str
    valid_from: date
    checked_on: date | None = None


@functools.cache
def _all_tools(folder: object, lang: str) -> dict[str, Tool]:
    return {
        row["tool_id"]: Tool(
            tool_id=row["tool_id"],
            category=row["category"],
            name=row["name"],
            region=row["region"],
            monthly_cost=Money(row["monthly_cost"], row["currency"]),
            free_tier=bool(row["free_tier"]),
            what_it_does=row["what_it_does"],
            source=row["source"],
            confidence=row["confidence"],
            valid_from=row["valid_from"],
            checked_on=row["checked_on"],
        )
        for row in reference.rows("digital_tools", lang)
    }


def all_tools() -> dict[str, Tool]:
    """Every tool of the table, named and described in the course's language."""
    return _all_tools(reference.reference_dir(), language())


def _currency(currency: object) -> str:
    return one_of(currency, CURRENCY_REGION, _("currency"))


def get_tool(tool: str | Tool, currency: str) -> Tool:
    """A tool by its id, checked to be on sale where `currency` is used."""
    if isinstance(tool, Tool):
        found = tool
    else:
        known = all_tools()
        found = known[one_of(tool, known, _("tool"))]
    region = CURRENCY_REGION[_currency(currency)]
    if found.region not in ("any", region):
        alternatives = [t.tool_id for t in all_tools().values()
                        if t.category == found.category and t.region in ("any", region)]
        raise CourseInputError(_("“{tool}” is priced for sellers in {a}, not {b}. For {b}, choose one of: "
                                 "{choices}.").format(tool=found.tool_id, a=found.region, b=region,
                                                      choices=", ".join(alternatives)))
    return found


def monthly_cost(tool: str | Tool, currency: str) -> tuple[Money, date]:
    """A tool's monthly cost in `currency` (converted if priced in another one) and the date it is valid from."""
    found = get_tool(tool, currency)
    source_currency = found.monthly_cost.currency
    if source_currency == currency:
        return found.monthly_cost, found.valid_from
    rate = reference.exchange_rate(source_currency, currency)
    converted = Money(found.monthly_cost.amount * rate, currency).rounded()
    return converted, max(found.valid_from, reference.valid_as_of("exchange_rates"))


def catalogue(currency: str, category: str | None = None) -> pd.DataFrame:
    """The tools on sale where `currency` is used (all, or one category): monthly and yearly cost, source, date."""
    currency = _currency(currency)
    if category is not None:
        one_of(category, CATEGORIES, _("tool category"))
    region = CURRENCY_REGION[currency]
    records = []
    for tool in all_tools().values():
        if tool.region not in ("any", region) or (category is not None and tool.category != category):
            continue
        monthly, valid = monthly_cost(tool, currency)
        records.append({
            _("Tool id"): tool.tool_id,
            _("Kind"): _(CATEGORIES[tool.category]),
            _("Name"): tool.name,
            _("Per month"): format_money(monthly.amount, currency),
            _("Per year"): format_money((monthly * MONTHS).amount, currency),
            _("Free plan"): _("yes") if tool.free_tier else _("no"),
            _("What it does"): tool.what_it_does,
            _("Source"): tool.source,
            _("Confidence"): tool.confidence,
            _("Valid from"): display.table_date(valid),
            _("Checked on"): display.table_date(tool.checked_on),
        })
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


@dataclass(frozen=True)
class StackLine:
    tool: Tool
    monthly: Money
    yearly: Money


@dataclass(frozen=True)
class Stack(display.Tabular):
    """The tools a business chose, with their monthly and yearly cost in one currency."""

    currency: str
    lines: tuple[StackLine, ...]
    valid_from: date
    checked_on: date | None = None  # the oldest checked_on of the tools' rows

    @property
    def monthly(self) -> Money:
        return Money(sum((line.monthly.amount for line in self.lines), Decimal(0)), self.currency)

    @property
    def yearly(self) -> Money:
        return Money(sum((line.yearly.amount for line in self.lines), Decimal(0)), self.currency)

    def rows(self) -> list[tuple[str, str]]:
        per_period = _("{monthly} a month · {yearly} a year")
        rows = [(line.tool.name, _("no subscription") if line.monthly.amount == 0
                 else per_period.format(monthly=line.monthly, yearly=line.yearly)) for line in self.lines]
        rows.append((_("Total"), _("{monthly} a month · {yearly} a year").format(
            monthly=self.monthly, yearly=self.yearly)))
        return rows

    def caption(self) -> str:
        return _("What your tools cost (before VAT)")

    def footer(self) -> str:
        if self.checked_on is None:
            return _("Prices valid as of {date} (datasets/reference/digital_tools.csv); prices in US dollars "
                     "converted with exchange_rates.csv.").format(date=display.format_date(self.valid_from))
        return _("Prices valid as of {date}, checked against their sources on {checked} "
                 "(datasets/reference/digital_tools.csv); prices in US dollars converted with exchange_rates.csv."
                 ).format(date=display.format_date(self.valid_from), checked=display.format_date(self.checked_on))


def stack(tool_ids: list[str] | tuple[str, ...], currency: str) -> Stack:
    """The monthly and yearly cost of a set of tools, in `currency` (GBP or EUR)."""
    currency = _currency(currency)
    if isinstance(tool_ids, str) or not isinstance(tool_ids, (list, tuple)):
        raise CourseInputError(_("Give the tools as a list in square brackets, e.g. [\"etsy_shop\", "
                                 "\"canva_free\"]."))
    if not tool_ids:
        raise CourseInputError(_("The list of tools is empty: put at least one tool id between the brackets."))
    duplicates = sorted({tool for tool in tool_ids if list(tool_ids).count(tool) > 1})
    if duplicates:
        raise CourseInputError(_("Each tool should appear once in the list; twice: {tools}.").format(
            tools=", ".join(map(str, duplicates))))
    lines, dates = [], []
    for tool_id in tool_ids:
        tool = get_tool(tool_id, currency)
        monthly, valid = monthly_cost(tool, currency)
        lines.append(StackLine(tool, monthly, monthly * MONTHS))
        dates.append(valid)
    checked = [line.tool.checked_on for line in lines if line.tool.checked_on is not None]
    return Stack(currency, tuple(lines), max(dates), min(checked) if checked else None)


def stack_chart(chosen: Stack) -> charts.Chart:
    """Yearly cost of each tool of a stack, biggest first; free tools shown as free."""
    lines = sorted(chosen.lines, key=lambda line: line.yearly.amount)
    currency = chosen.currency
    fig = charts.new_figure(8, 1.2 + 0.5 * len(lines))
    ax = fig.add_subplot()
    values = [float(line.yearly.amount) for line in lines]
    colours = [OKABE_ITO["bluish_green"] if line.yearly.amount == 0 else OKABE_ITO["blue"] for line in lines]
    bars = ax.barh(range(len(lines)), values, color=colours, height=0.6)
    ax.set_yticks(range(len(lines)), [line.tool.name for line in lines])
    top = max(values) if max(values) > 0 else 1.0
    for bar, line in zip(bars, lines, strict=True):
        label = _("no subscription") if line.yearly.amount == 0 else format_money(line.yearly.amount, currency)
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, label, va="center")
    ax.set_xlim(0, top * 1.18)
    title = _("Your tools cost {yearly} a year ({monthly} a month)").format(
        yearly=format_money(chosen.yearly.amount, currency), monthly=format_money(chosen.monthly.amount, currency))
    charts.style_axes(ax, title, _("Cost per year ({currency}, before VAT)").format(currency=currency), "")
    ax.tick_params(axis="y", length=0)
    alt = _("Bar chart of the yearly cost of each tool: {items}. Total {yearly} a year.").format(
        items="; ".join(f"{line.tool.name} {line.yearly}" for line in chosen.lines), yearly=chosen.yearly)
    return charts.show(fig, alt)


@dataclass(frozen=True)
class Share(display.Tabular):
    """A cost split between artisans."""

    total: Money
    artisans: int
    per_artisan: Money
    what: str

    def rows(self) -> list[tuple[str, str]]:
        return [(self.what, str(self.total)),
                (_("Artisans sharing it"), str(self.artisans)),
                (_("Each artisan pays"), str(self.per_artisan))]

    def caption(self) -> str:
        return _("A shared cost")


def shared_cost(total: object, artisans: object, currency: str, what: str | None = None) -> Share:
    """Each artisan's part of a cost shared equally (a fair stand, a collective shop's subscription…)."""
    currency = _currency(currency)
    amount = total.amount if isinstance(total, Money) else positive(total, _("the cost to share"))
    if isinstance(total, Money):
        total.same_currency(Money.zero(currency))
    count = positive(artisans, _("the number of artisans"))
    if count != count.to_integral_value():
        raise CourseInputError(_("The number of artisans must be a whole number; you gave {value}.").format(
            value=artisans))
    whole = Money(amount, currency)
    return Share(whole, int(count), (whole / count).rounded(), what or _("Cost to share"))


def tool_yearly_cost(tool_id: str, currency: str) -> Money:
    """One tool's yearly cost in `currency`."""
    monthly, _valid = monthly_cost(tool_id, currency)
    return monthly * MONTHS
