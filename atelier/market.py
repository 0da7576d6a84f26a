"""Notebook 01: published adoption figures (`market_benchmarks.csv`) and the visitors → orders funnel.

Every figure comes from the benchmark table with its source and date; nothing here embeds a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from atelier import charts, display, reference
from atelier.charts import OKABE_ITO
from atelier.errors import CourseInputError, not_negative, positive
from atelier.i18n import N_, _, currency_sign, format_money, format_number, format_pct, ngettext

HUNDRED = Decimal(100)

# French very small businesses online (France Num barometer): the figures of the adoption chart, in this order
FR_ADOPTION = (
    "fr_small_firms_website_2021",
    "fr_small_firms_webshop_2021",
    "fr_small_firms_selling_online_2024",
    "fr_small_firms_digital_benefit_2025",
)
# short bar labels, marked for the catalogue
FR_LABELS = {
    "fr_small_firms_website_2021": N_("had a website (2021)"),
    "fr_small_firms_webshop_2021": N_("had a web shop (2021)"),
    "fr_small_firms_selling_online_2024": N_("sell online (2024)"),
    "fr_small_firms_digital_benefit_2025": N_("see a real benefit from digital (2025)"),
}
# which bars are about selling (the finding), the others about being present online
SELLING = {"fr_small_firms_webshop_2021", "fr_small_firms_selling_online_2024"}

# the UK craft market (Crafts Council, The Market for Craft)
UK_CRAFT = (
    "uk_adults_bought_craft_2019",
    "uk_craft_market_size",
    "uk_craft_online_buyers",
    "uk_craft_average_object_price",
    "uk_makers_selling_overseas",
)


benchmark_row = reference.benchmark_row


def format_value(value: Decimal, unit: str) -> str:
    """A benchmark value with its unit, in words a learner reads: `26 %`, `£124.00`, `£3 billion`,
    `10.3 million people` (French: `3 milliards de £`, through the catalogue)."""
    decimals = 0 if value == value.to_integral_value() else 1
    if unit == "pct":
        return format_pct(value, decimals if value >= 1 else 2)
    if unit in ("GBP", "EUR", "USD"):
        return format_money(value, unit)
    if unit == "GBP_billions":  # `£3 billion`, `3 milliards de £`
        return ngettext("{sign}{number} billion", "{sign}{number} billion", int(value)).format(
            sign=currency_sign("GBP"), number=format_number(value, decimals))
    if unit == "people_millions":  # `10.3 million people`, `10,3 millions de personnes`
        return ngettext("{number} million people", "{number} million people", int(value)).format(
            number=format_number(value, decimals))
    return format_number(value, decimals)


class FullText(pd.DataFrame):
    """A DataFrame that shows every word of its cells (pandas cuts them at 50 characters by default)."""

    @property
    def _constructor(self) -> type[FullText]:
        return FullText

    def _repr_html_(self) -> str | None:
        with pd.option_context("display.max_colwidth", None):
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.expand_frame_repr", False):
            return super().__repr__()


def figures(metric_ids: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """A small table of published figures: what it is, the value with its unit, the source and the date."""
    records = []
    for metric_id in metric_ids:
        row = benchmark_row(metric_id)
        records.append({
            _("Figure"): row["description"],
            _("Value"): format_value(row["value"], row["unit"]),
            _("Source"): row["source"],
            _("Valid from"): display.format_date(row["valid_from"]),
            _("Checked on"): display.format_date(row["checked_on"]),
        })
    frame = FullText.from_records(records)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def adoption_chart() -> charts.Chart:
    """France Num figures: how many French very small businesses are online, and how few sell there."""
    rows = [benchmark_row(metric_id) for metric_id in FR_ADOPTION]
    values = [float(row["value"]) for row in rows]
    labels = [_(FR_LABELS[row["metric_id"]]) for row in rows]
    colours = [OKABE_ITO["vermillion"] if row["metric_id"] in SELLING else OKABE_ITO["blue"] for row in rows]
    website, webshop = (format_pct(benchmark_row(m)["value"], 0) for m in FR_ADOPTION[:2])
    title = _("{website} of French small firms had a website,\nbut only {webshop} had a web shop").format(
        website=website, webshop=webshop)

    fig = charts.new_figure(8.5, 4.2)
    ax = fig.add_subplot()
    positions = list(range(len(rows)))[::-1]  # first figure at the top
    bars = ax.barh(positions, values, color=colours, height=0.6)
    ax.set_yticks(positions, labels)
    for bar, row in zip(bars, rows, strict=True):
        ax.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2, format_pct(row["value"], 0),
                va="center", fontsize=11)
    charts.style_axes(ax, title, _("Share of French very small businesses (%)"), "")
    ax.set_xlim(0, 100)
    ax.tick_params(axis="y", length=0, labelsize=11)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=OKABE_ITO["blue"], label=_("being online")),
                       Patch(color=OKABE_ITO["vermillion"], label=_("selling online"))],
              loc="center right", frameon=False)
    sources = sorted({row["source"] for row in rows})
    years = sorted({row["valid_from"].year for row in rows})
    fig.supxlabel(_("Source: {source}, figures of {first}–{last}.").format(
        source="; ".join(sources), first=years[0], last=years[-1]), x=0.01, ha="left", fontsize=8,
        color=OKABE_ITO["black"])
    alt = _("Bar chart. French very small businesses: {items}. Source: {source}.").format(
        items="; ".join(f"{format_pct(row['value'], 0)} {label}" for row, label in zip(rows, labels, strict=True)),
        source="; ".join(sources))
    return charts.show(fig, alt)


def conversion_rate(metric_id: str = "web_conversion_rate_avg") -> Decimal:
    """A web shop conversion rate from the benchmark table, in percent."""
    if not metric_id.startswith("web_conversion_rate"):
        raise CourseInputError(_("“{metric}” is not a conversion rate; use one whose name starts with "
                                 "web_conversion_rate.").format(metric=metric_id))
    return benchmark_row(metric_id)["value"]


def orders_from(visitors: object, rate_pct: object | None = None) -> Decimal:
    """Orders expected from `visitors` at a conversion rate (percent; the table's average by default)."""
    count = not_negative(visitors, _("the number of visitors"))
    rate = conversion_rate() if rate_pct is None else positive(rate_pct, _("the conversion rate"), "%")
    return count * rate / HUNDRED


def visitors_needed(orders: object, rate_pct: object | None = None) -> Decimal:
    """Visitors needed for `orders` at a conversion rate (percent; the table's average by default)."""
    wanted = not_negative(orders, _("the number of orders"))
    rate = conversion_rate() if rate_pct is None else positive(rate_pct, _("the conversion rate"), "%")
    return wanted * HUNDRED / rate


@dataclass(frozen=True)
class Funnel(display.Tabular):
    """Visitors × conversion rate = orders, at the average rate and at the top 20 % shops' rate."""

    visitors: Decimal
    rate_avg: Decimal
    rate_top20: Decimal
    orders_avg: Decimal
    orders_top20: Decimal
    source: str
    valid_from: date

    def rows(self) -> list[tuple[str, str]]:
        return [
            (_("Visitors to the web shop"), format_number(self.visitors, 0)),
            (_("Orders at the average conversion rate ({rate})").format(rate=format_pct(self.rate_avg)),
             format_number(self.orders_avg, 1)),
            (_("Orders at the top 20 % shops' rate ({rate})").format(rate=format_pct(self.rate_top20)),
             format_number(self.orders_top20, 1)),
        ]

    def footer(self) -> str:
        return _("Conversion rates: {source}, valid from {date}.").format(
            source=self.source, date=display.format_date(self.valid_from))

    def caption(self) -> str:
        return _("From visitors to orders")


def funnel(visitors: object) -> Funnel:
    """How many of `visitors` become orders, at the benchmark conversion rates."""
    count = not_negative(visitors, _("the number of visitors"))
    if count != count.to_integral_value():
        raise CourseInputError(_("Give the number of visitors as a whole number; you gave {value}.").format(
            value=visitors))
    average, top = benchmark_row("web_conversion_rate_avg"), benchmark_row("web_conversion_rate_top20")
    return Funnel(
        visitors=count,
        rate_avg=average["value"],
        rate_top20=top["value"],
        orders_avg=(count * average["value"] / HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        orders_top20=(count * top["value"] / HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        source=str(average["source"]),
        valid_from=max(average["valid_from"], top["valid_from"]),
    )
