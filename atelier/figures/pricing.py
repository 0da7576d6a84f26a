"""Tables and the "where the money goes" chart for lesson 03 (pricing for online channels)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from atelier import charts, pricing, reference
from atelier.channels import REGION_CURRENCY, channels_in
from atelier.display import table_date, valid_as_of_line
from atelier.errors import one_of
from atelier.figures import Table, newest, oldest, wrap
from atelier.i18n import N_, _, format_money, format_number, format_pct
from atelier.pricing import UnitCost
from atelier.tax import get_tax_status

# channels where the buyer is in front of you: no postage (as in the pricing simulator)
IN_PERSON_KINDS = ("direct", "card_reader")

HOURLY_ROWS = {
    "hourly_rate_uk": N_("Course default value of an hour (UK)"),
    "uk_national_living_wage": N_("UK National Living Wage (21 and over)"),
    "hourly_rate_fr": N_("Course default value of an hour (France)"),
    "fr_smic_hourly_gross": N_("French minimum wage (SMIC), gross"),
}

# the parts of what the buyer pays, in the chart's order, with their Okabe–Ito colours (as in the simulator)
PARTS = (
    ("unit_cost", N_("Cost of the piece"), charts.OKABE_ITO["blue"]),
    ("fees", N_("Platform and payment fees"), charts.OKABE_ITO["vermillion"]),
    ("tax", N_("VAT and contributions"), charts.OKABE_ITO["reddish_purple"]),
    ("shipping_cost", N_("Postage you pay"), charts.OKABE_ITO["sky_blue"]),
    ("margin", N_("Your margin"), charts.OKABE_ITO["bluish_green"]),
)

TAX_RULES = {
    "UK": ("uk_vat_standard_rate", "uk_vat_registration_threshold"),
    "FR": ("fr_tva_standard_rate", "fr_franchise_goods_threshold", "fr_franchise_services_threshold",
           "fr_micro_social_goods_rate", "fr_micro_social_services_rate", "fr_micro_training_artisan_rate",
           "fr_micro_chamber_goods_rate", "fr_micro_chamber_services_rate"),
    "EU": ("eu_ioss_max_consignment", "eu_low_value_duty_per_item", "eu_oss_threshold"),
}


def _value_with_unit(value: Decimal, unit: str) -> str:
    if unit == "pct":
        return format_pct(value, 1 if value != value.to_integral_value() else 0)
    if unit in ("GBP", "EUR", "USD"):
        return format_money(value, unit)
    return f"{format_number(value, 2)} {unit}"


def hourly_rates() -> Table:
    """The course's default value of an hour of your time beside the legal minimum wages (course_defaults.csv)."""
    records = []
    for parameter, label in HOURLY_ROWS.items():
        row = reference.lookup("course_defaults", "parameter", parameter)
        if row is None:
            continue
        records.append({
            _("What"): _(label),
            _("Per hour"): format_money(row["value"], row["unit"]),
            _("Valid from"): table_date(row["valid_from"]),
            _("Checked on"): table_date(row["checked_on"]),
            _("Source"): row["source"],
        })
    return Table(pd.DataFrame(records), _("What an hour of your time is worth"),
                 _("From datasets/reference/course_defaults.csv."))


def cost_breakdown(cost: UnitCost) -> Table:
    """What one piece costs you, line by line, with the making time costed at your hourly rate."""
    currency = cost.currency

    def money(amount: Decimal) -> str:
        return format_money(amount, currency)

    labour = _("Making time: {hours} h × {rate}").format(hours=format_number(cost.making_time_h, 2),
                                                        rate=money(cost.hourly_rate.amount))
    rows = [
        (_("Materials"), money(cost.materials.amount)),
        (labour, money(cost.labour.amount)),
        (_("Share of overheads (rent, energy, tools)"), money(cost.overhead.amount)),
        (_("Packaging"), money(cost.packaging.amount)),
        (_("Cost of one piece"), money(cost.total.amount)),
    ]
    frame = pd.DataFrame(rows, columns=[_("Part"), _("Amount")])
    return Table(frame, _("What one piece costs you to make"))


def tax_rules(region: str) -> Table:
    """The tax rules that change a margin in `region` (UK, FR, or EU for customs), with source and date."""
    one_of(region, TAX_RULES, _("region"))
    records = []
    for rule_id in TAX_RULES[region]:
        row = reference.lookup("tax_rules", "rule_id", rule_id)
        if row is None:
            continue
        records.append({
            _("Rule"): row["description"],
            _("Value"): _value_with_unit(row["value"], row["unit"]),
            _("Valid from"): table_date(row["valid_from"]),
            _("Checked on"): table_date(row["checked_on"]),
            _("Source"): row["source"],
        })
    return Table(pd.DataFrame(records), _("Tax rules (datasets/reference/tax_rules.csv)"),
                 _("Check them before each workshop: thresholds and rates change with each finance law."))


def channel_table(frame: pd.DataFrame) -> Table:
    """The result of `pricing.compare_channels` as a tidy table: money with its currency, a margin in %."""
    currency = str(frame["currency"].iloc[0]) if len(frame) else "GBP"
    records = []
    for row in frame.to_dict("records"):
        problem = row.get("problem") or ""
        if isinstance(problem, float):  # a missing value in a column of text
            problem = ""
        if problem:
            records.append({_("Channel"): row["channel"], _("Price of the piece"): "—", _("Fees"): "—",
                            _("VAT and contributions"): "—", _("Margin"): "—", _("Margin (%)"): "—",
                            _("Per hour of making"): "—", _("Note"): problem})
            continue
        wage = row.get("hourly_wage")
        records.append({
            _("Channel"): row["channel"],
            _("Price of the piece"): format_money(row["price"], currency),
            _("Fees"): format_money(row["fees"], currency),
            _("VAT and contributions"): format_money(row["vat_due"] + row["contributions"], currency),
            _("Margin"): format_money(row["margin"], currency),
            _("Margin (%)"): format_pct(row["margin_pct"]),
            _("Per hour of making"): format_money(wage, currency) if wage == wage and wage is not None else "—",
            _("Note"): "",
        })
    table = pd.DataFrame(records)
    if len(table) and not table[_("Note")].astype(bool).any():
        table = table.drop(columns=[_("Note")])
    dates = [pd.Timestamp(day).date() for day in frame.get("valid_from", pd.Series(dtype=str)).dropna()]
    checked = [pd.Timestamp(day).date() for day in frame.get("checked_on", pd.Series(dtype=str)).dropna()]
    footer = valid_as_of_line(newest(dates), oldest(checked)) if dates else ""
    return Table(table, _("Each sales channel side by side ({currency})").format(currency=currency), footer)


def sales_per_channel(cost: UnitCost, price: object, tax_status: str, *, postage_charged: object = 0,
                      orders_per_month: object | None = None) -> list[pricing.Sale]:
    """One sale at `price` on every channel of the cost's region; no postage on an in-person sale."""
    status = get_tax_status(tax_status)
    region = next(region for region, currency in REGION_CURRENCY.items() if currency == cost.currency)
    return [pricing.sell(cost, channel, price, status,
                         postage_charged=0 if channel.kind in IN_PERSON_KINDS else postage_charged,
                         orders_per_month=orders_per_month)
            for channel in channels_in(region)]


def _parts(sale: pricing.Sale) -> dict[str, float]:
    return {
        "unit_cost": float(sale.unit_cost.total.amount),
        "fees": float((sale.fees.total - sale.vat_on_fees_reclaimed).amount),
        "tax": float((sale.vat_due + sale.contributions).amount),
        "shipping_cost": float(sale.shipping_cost.amount),
        "margin": float(sale.margin.amount),
    }


def where_the_money_goes(cost: UnitCost, price: object, tax_status: str, *, postage_charged: object = 0,
                         orders_per_month: object | None = None) -> charts.Chart:
    """For one price on every channel: what the buyer pays, split into your costs, fees, taxes, postage, margin.

    Online channels add the postage the buyer pays; an in-person sale (shop, card reader) has none.
    """
    sales = sales_per_channel(cost, price, tax_status, postage_charged=postage_charged,
                              orders_per_month=orders_per_month)
    currency = cost.currency
    best = max(sales, key=lambda sale: sale.margin.amount)
    worst = min(sales, key=lambda sale: sale.margin.amount)
    price_text = format_money(sales[0].price.amount, currency)
    title = _("At {price}, the margin goes from {worst} on {worst_channel} to {best} on {best_channel}").format(
        price=price_text, worst=format_money(worst.margin.amount, currency), worst_channel=worst.channel.name,
        best=format_money(best.margin.amount, currency), best_channel=best.channel.name)

    valid = valid_as_of_line(newest([sale.valid_from for sale in sales]), oldest([sale.checked_on for sale in sales]))
    fig = charts.new_figure(10, 0.5 * len(sales) + 2.4)
    ax = fig.add_subplot()
    charts.style_axes(ax, "", _("What the buyer pays, split ({currency})").format(currency=currency)
                      + "\n" + valid, "")
    fig.suptitle(wrap(title, 95), x=0.01, ha="left", fontsize=12, fontweight="bold")
    ax.xaxis.label.set_fontsize(9)
    rows = range(len(sales))
    lefts = [0.0] * len(sales)
    for key, label, colour in PARTS:
        widths = [max(_parts(sale)[key], 0.0) for sale in sales]
        if not any(widths):
            continue
        ax.barh(rows, widths, left=lefts, color=colour, label=_(label), height=0.7, edgecolor="white",
                linewidth=0.5)
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    for row, sale in enumerate(sales):
        pays = float(sale.customer_pays.amount)
        ax.plot([pays, pays], [row - 0.45, row + 0.45], color=charts.OKABE_ITO["black"], linewidth=1.5)
        margin = sale.margin.amount
        text = format_money(margin, currency) if margin >= 0 else _("loss {amount}").format(
            amount=format_money(-margin, currency))
        ax.text(max(lefts[row], pays) + 0.01 * max(lefts), row, " " + text, va="center", fontsize=9)
    ax.set_yticks(list(rows), [wrap(sale.channel.name) for sale in sales], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max(lefts) * 1.14)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    fig.legend(loc="outside lower center", ncols=5, frameon=False, fontsize=9)

    described = "; ".join(
        _("{channel}: the buyer pays {pays}, fees {fees}, VAT and contributions {tax}, your margin {margin}").format(
            channel=sale.channel.name, pays=format_money(sale.customer_pays.amount, currency),
            fees=format_money(_parts(sale)["fees"], currency), tax=format_money(_parts(sale)["tax"], currency),
            margin=format_money(sale.margin.amount, currency))
        for sale in sales)
    alt = _("Stacked bar chart, one bar per sales channel. {title}. {details}.").format(title=title,
                                                                                      details=described)
    return charts.show(fig, alt)
