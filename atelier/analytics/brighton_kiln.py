"""The Brighton Kiln (lesson 02): can a website match a shop? Analyses of the case's data, charts and tables.

Every function takes the case's tables (`table("orders")`, `table("web_analytics")`, …) and returns a DataFrame
or a number; `*_table` functions format one for the lesson, `*_chart` functions draw one. Benchmarks and the VAT
threshold come from the reference tables. The figures are simulated for teaching (see datasets/README.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from babel import Locale

from atelier import casestudy, charts, display, entry, reference
from atelier.charts import OKABE_ITO
from atelier.display import format_date, valid_as_of_line
from atelier.errors import CourseInputError, one_of, positive
from atelier.figures import Table
from atelier.i18n import N_, _, format_money, format_number, format_pct, ngettext, number_locale

CASE = "brighton_kiln"
CURRENCY = "GBP"
HUNDRED = 100.0

CHANNELS = ("shop", "web_shop", "etsy")
CHANNEL_LABELS = {"shop": N_("Shop-studio"), "web_shop": N_("Own web shop"), "etsy": N_("Etsy")}
CHANNEL_COLOURS = {"shop": OKABE_ITO["blue"], "web_shop": OKABE_ITO["orange"], "etsy": OKABE_ITO["bluish_green"]}

SOURCES = ("organic", "social", "direct", "referral", "email")
SOURCE_LABELS = {
    "organic": N_("Search engines"),
    "social": N_("Social networks"),
    "direct": N_("Typed address or bookmark"),
    "referral": N_("Links on other sites"),
    "email": N_("Newsletter and e-mails"),
}
SOURCE_COLOURS = {"organic": OKABE_ITO["blue"], "social": OKABE_ITO["orange"], "direct": OKABE_ITO["grey"],
                  "referral": OKABE_ITO["sky_blue"], "email": OKABE_ITO["reddish_purple"]}

NEW_PACKAGING = "uk_double_wall_inserts"  # the redesigned box (packaging.csv)
# the day of the packaging redesign, a fact of the case (datasets/README.md, orders.csv `packaging_id`); parcels
# abroad may still go in the old box after it, when the new one is too big for the small-parcel format
REDESIGN = date(2025, 3, 1)
HOME_COUNTRY = "GB"
BENCHMARKS = ("web_conversion_rate_avg", "web_conversion_rate_top20")
VAT_THRESHOLD_RULE = "uk_vat_registration_threshold"
RATE_TABLES = ("channels", "channel_fees", "parcel_rates", "packaging")  # what the orders' fees and postage use


def table(name: str) -> pd.DataFrame:
    """One table of the case (products, orders, order_lines, breakages, web_analytics, monthly_costs)."""
    return casestudy.load(CASE, name)


# --- formatting ----------------------------------------------------------------------------------------------------


def pounds(value: float | Decimal) -> str:
    """Whole pounds: `£13,424`."""
    return format_money(value, CURRENCY, decimals=0)


def money(value: float | Decimal) -> str:
    """Pounds and pence: `£93.85`."""
    return format_money(round(float(value), 2), CURRENCY)


def quarter_label(quarter: pd.Period) -> str:
    """`2025 Q4`."""
    return _("{year} Q{quarter}").format(year=quarter.year, quarter=quarter.quarter)


MONTH_FORMATS = {"long": "MMMM y", "short": "MMM y", "name": "MMMM"}


def month_label(month: pd.Period, form: str = "long") -> str:
    """`December 2025` (form "long"), `Dec 2025` ("short") or `December` ("name")."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(date(month.year, month.month, 1), format=MONTH_FORMATS[form], locale=number_locale())


def country_name(code: str) -> str:
    """A country's name in the course's language, from its ISO code: "US" → `United States`."""
    return Locale.parse(number_locale()).territories.get(code, code)


def channel_label(channel: str) -> str:
    return _(CHANNEL_LABELS[channel])


def source_label(source: str) -> str:
    return _(SOURCE_LABELS[source])


def parse_quarter(quarter: object) -> pd.Period:
    """`"2025 Q4"`, `"2025Q4"`, `"Q4 2025"`, and in French `"2025 T4"`, `"4e trimestre 2025"` → the quarter (as
    `atelier.entry.read_quarter` reads it); a plain message for anything else."""
    text, problem = entry.read_quarter(quarter)
    if problem:
        raise CourseInputError(_("“{value}” is not a quarter: write it like {example}.").format(
            value=quarter, example=entry.quarter_text(2025, 4)))
    return pd.Period(text.replace(" ", ""), freq="Q")


DASH = "—"
# the columns lesson 02 shows first, with the heading a learner reads
ORDERS_SHOWN = (("order_date", N_("Date")), ("channel", N_("Sold on")), ("customer_country", N_("Posted to")),
                ("items_gbp", N_("Goods")), ("postage_charged_gbp", N_("Postage the buyer paid")),
                ("fees_gbp", N_("Fees")))


def orders_table(orders: pd.DataFrame, rows: int = 5) -> Table:
    """The first `rows` orders as a person reads them: long dates, channel and country names, pounds and pence,
    "—" where a cell is empty (nothing is posted from the shop), no row numbers."""
    count = int(positive(rows, _("the number of orders to show")))
    formatters = {
        "order_date": lambda day: format_date(pd.Timestamp(day).date()),
        "channel": channel_label,
        "customer_country": country_name,
        "items_gbp": money, "postage_charged_gbp": money, "fees_gbp": money,
    }
    records = [{_(heading): DASH if pd.isna(row[column]) else formatters[column](row[column])
                for column, heading in ORDERS_SHOWN} for _index, row in orders.head(count).iterrows()]
    frame = pd.DataFrame(records, columns=[_(heading) for _column, heading in ORDERS_SHOWN])
    return Table(frame, ngettext("The first order", "The first {count} orders", len(frame)).format(
        count=len(frame)), _("Simulated for teaching (datasets/brighton_kiln/orders.csv)."))


# --- sales by channel ----------------------------------------------------------------------------------------------


def _quarters(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("Q")


def revenue_by_quarter(orders: pd.DataFrame) -> pd.DataFrame:
    """Goods sold (postage excluded, £) per quarter and channel: one column per channel, quarters in order."""
    revenue = orders.pivot_table(index=_quarters(orders["order_date"]), columns="channel", values="items_gbp",
                                 aggfunc="sum", fill_value=0.0)
    revenue.index.name = "quarter"
    return revenue.reindex(columns=[c for c in CHANNELS if c in revenue.columns], fill_value=0.0).astype(float)


def crossing_quarter(revenue: pd.DataFrame, channel: str = "web_shop", other: str = "shop") -> pd.Period | None:
    """The first quarter in which `channel` sold more than `other` (None if it never did)."""
    ahead = revenue.index[revenue[channel] > revenue[other]]
    return ahead[0] if len(ahead) else None


def share_by_year(orders: pd.DataFrame) -> pd.DataFrame:
    """Each channel's share of the year's goods sold, in %."""
    by_year = orders.pivot_table(index=orders["order_date"].dt.year, columns="channel", values="items_gbp",
                                 aggfunc="sum", fill_value=0.0)
    by_year.index.name = "year"
    by_year = by_year.reindex(columns=[c for c in CHANNELS if c in by_year.columns], fill_value=0.0)
    return by_year.div(by_year.sum(axis=1), axis=0) * HUNDRED


def busiest_month(orders: pd.DataFrame, year: int, channel: str | None = None) -> pd.Period:
    """The month of `year` with the most goods sold (on one channel, or all together)."""
    chosen = orders[orders["order_date"].dt.year == year]
    if channel is not None:
        chosen = chosen[chosen["channel"] == channel]
    return chosen.groupby(chosen["order_date"].dt.to_period("M"))["items_gbp"].sum().idxmax()


def revenue_table(orders: pd.DataFrame) -> Table:
    """Goods sold per quarter on each channel, and the web shop's share."""
    revenue = revenue_by_quarter(orders)
    records = []
    for quarter, row in revenue.iterrows():
        record = {_("Quarter"): quarter_label(quarter)}
        record.update({channel_label(c): pounds(row[c]) for c in revenue.columns})
        record[_("Web shop's share")] = format_pct(row["web_shop"] / row.sum() * HUNDRED, 0)
        records.append(record)
    return Table(pd.DataFrame(records), _("Goods sold per quarter (postage excluded)"),
                 _("The Brighton Kiln, simulated for teaching (datasets/brighton_kiln/orders.csv)."))


def revenue_chart(orders: pd.DataFrame) -> charts.Chart:
    """Quarterly goods sold on each channel: the web shop's line crossing the shop's."""
    revenue = revenue_by_quarter(orders)
    crossing = crossing_quarter(revenue)
    labels = [quarter_label(q) for q in revenue.index]
    fig = charts.new_figure(8.5, 4.5)
    ax = fig.add_subplot()
    positions = range(len(labels))
    for channel in revenue.columns:
        ax.plot(positions, revenue[channel], marker="o", linewidth=2.5, color=CHANNEL_COLOURS[channel],
                label=channel_label(channel))
    if crossing is not None:
        where = revenue.index.get_loc(crossing)
        ax.annotate(_("web passes shop"), (where, revenue.loc[crossing, "web_shop"]), xytext=(-110, 18),
                    textcoords="offset points", arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"]})
        title = _("The web shop grew until it passed the shop in {quarter}").format(quarter=quarter_label(crossing))
    else:
        title = _("The web shop has not passed the shop yet")
    charts.style_axes(ax, title, _("Quarter"), _("Goods sold per quarter (£)"))
    ax.set_xticks(list(positions), labels, rotation=0, fontsize=9)
    ax.yaxis.set_major_formatter(lambda value, _pos: pounds(value))
    ax.set_ylim(0, float(revenue.to_numpy().max()) * 1.2)
    ax.legend(frameon=False, loc="upper left")
    fig.supxlabel(_("Simulated for teaching: The Brighton Kiln's orders, postage excluded."), x=0.01, ha="left",
                  fontsize=8)
    alt = _("Line chart of goods sold per quarter by channel, {first} to {last}. {channels}.").format(
        first=labels[0], last=labels[-1], channels="; ".join(
            _("{channel}: {start} to {end}").format(channel=channel_label(c), start=pounds(revenue[c].iloc[0]),
                                                    end=pounds(revenue[c].iloc[-1])) for c in revenue.columns))
    return charts.show(fig, f"{title}. {alt}")


# --- the web funnel ------------------------------------------------------------------------------------------------


def funnel_by_quarter(analytics: pd.DataFrame) -> pd.DataFrame:
    """Per quarter: sessions, sessions with an add to cart, orders, and the rates between them (in %)."""
    funnel = analytics.groupby(_quarters(analytics["date"]))[["sessions_total", "add_to_cart_sessions",
                                                              "orders"]].sum().astype(float)
    funnel.index.name = "quarter"
    funnel.columns = ["sessions", "add_to_cart", "orders"]
    funnel["add_to_cart_pct"] = funnel["add_to_cart"] / funnel["sessions"] * HUNDRED
    funnel["conversion_pct"] = funnel["orders"] / funnel["sessions"] * HUNDRED
    funnel["abandonment_pct"] = (1 - funnel["orders"] / funnel["add_to_cart"]) * HUNDRED
    return funnel


def conversion_in(analytics: pd.DataFrame, quarter: object) -> float:
    """The conversion rate of one quarter, in % (orders ÷ sessions × 100)."""
    funnel = funnel_by_quarter(analytics)
    period = parse_quarter(quarter)
    if period not in funnel.index:
        raise CourseInputError(_("The data has no quarter {quarter}: choose one from {first} to {last}.").format(
            quarter=quarter, first=quarter_label(funnel.index[0]), last=quarter_label(funnel.index[-1])))
    return float(funnel.loc[period, "conversion_pct"])


benchmark = reference.benchmark_row


def _benchmark_footer(metric_ids: tuple[str, ...]) -> str:
    rows = [benchmark(m) for m in metric_ids]
    return _("Benchmarks: {source}, valid from {date}.").format(
        source="; ".join(sorted({str(r["source"]) for r in rows})),
        date=format_date(max(r["valid_from"] for r in rows)))


def _benchmark_with_source(metric_id: str, decimals: int = 1) -> str:
    row = benchmark(metric_id)
    return _("{value} ({source}, valid from {date})").format(
        value=format_pct(row["value"], decimals), source=row["source"], date=format_date(row["valid_from"]))


def funnel_table(analytics: pd.DataFrame) -> Table:
    """The web funnel per quarter: sessions → add to cart → orders."""
    funnel = funnel_by_quarter(analytics)
    records = [{
        _("Quarter"): quarter_label(quarter),
        _("Sessions"): format_number(row["sessions"], 0),
        _("Added to cart"): format_number(row["add_to_cart"], 0),
        _("Orders"): format_number(row["orders"], 0),
        _("Add-to-cart rate"): format_pct(row["add_to_cart_pct"]),
        _("Conversion rate"): format_pct(row["conversion_pct"]),
        _("Carts abandoned"): format_pct(row["abandonment_pct"], 0),
    } for quarter, row in funnel.iterrows()]
    footer = _("Benchmarks for web shops: average conversion rate {conversion}; carts abandoned about {abandoned}.")
    return Table(pd.DataFrame(records), _("The web shop's funnel: visits, carts, orders"), footer.format(
        conversion=_benchmark_with_source(BENCHMARKS[0]),
        abandoned=_benchmark_with_source("cart_abandonment_rate", 0)))


def conversion_chart(analytics: pd.DataFrame) -> charts.Chart:
    """Quarterly conversion rate against the benchmark rates of web shops."""
    funnel = funnel_by_quarter(analytics)
    labels = [quarter_label(q) for q in funnel.index]
    rates = funnel["conversion_pct"]
    average, top = (benchmark(m) for m in BENCHMARKS)
    fig = charts.new_figure(8.5, 4.5)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    bars = ax.bar(positions, rates, color=OKABE_ITO["orange"], width=0.6, label=_("The Brighton Kiln's web shop"))
    for bar, rate in zip(bars, rates, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.05, format_pct(rate), ha="center",
                fontsize=9)
    for row, style in ((average, "--"), (top, ":")):
        ax.axhline(float(row["value"]), color=OKABE_ITO["black"], linestyle=style, linewidth=1.5,
                   label=_("{description} {rate}").format(description=_benchmark_name(row["metric_id"]),
                                                           rate=format_pct(row["value"])))
    above = float(rates.iloc[-1]) > float(average["value"])
    title = (_("Conversion rose from {first} to {last}, above the average web shop") if above else
             _("Conversion went from {first} to {last}, below the average web shop")).format(
        first=format_pct(rates.iloc[0]), last=format_pct(rates.iloc[-1]))
    charts.style_axes(ax, title, _("Quarter"), _("Visits that end in an order (%)"))
    ax.set_xticks(positions, labels, fontsize=9)
    ax.set_ylim(0, max(float(top["value"]), float(rates.max())) * 1.25)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    fig.supxlabel(_benchmark_footer(BENCHMARKS), x=0.01, ha="left", fontsize=8)
    alt = _("Bar chart of the web shop's conversion rate per quarter: {rates}. Dashed lines: the average web "
            "shop ({average}) and the top 20 % of shops ({top}).").format(
        rates="; ".join(f"{label} {format_pct(rate)}" for label, rate in zip(labels, rates, strict=True)),
        average=format_pct(average["value"]), top=format_pct(top["value"]))
    return charts.show(fig, f"{title}. {alt}")


BENCHMARK_NAMES = {"web_conversion_rate_avg": N_("average web shop"),
                   "web_conversion_rate_top20": N_("top 20 % of web shops")}


def _benchmark_name(metric_id: str) -> str:
    return _(BENCHMARK_NAMES[metric_id])


@dataclass(frozen=True)
class WhatIf(display.ShowsAsText):
    """The web shop's visits of one year at another conversion rate: orders and goods sold, actual and what-if."""

    year: int
    sessions: int
    actual_rate_pct: float
    actual_orders: int
    actual_revenue: float
    rate_pct: float
    orders: float
    revenue: float

    def table(self) -> Table:
        frame = pd.DataFrame({
            _("What"): [_("Conversion rate"), _("Orders"), _("Goods sold")],
            _("In the data ({year})").format(year=self.year): [
                format_pct(self.actual_rate_pct), format_number(self.actual_orders, 0), pounds(self.actual_revenue)],
            _("At {rate}").format(rate=format_pct(self.rate_pct)): [
                format_pct(self.rate_pct), format_number(self.orders, 0), pounds(self.revenue)],
        })
        return Table(frame, _("The same {sessions} visits at another conversion rate").format(
            sessions=format_number(self.sessions, 0)),
            _("Same average order as in the data: {average}.").format(
                average=money(self.actual_revenue / self.actual_orders)))

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def __str__(self) -> str:
        return str(self.table())


def what_if_conversion(analytics: pd.DataFrame, orders: pd.DataFrame, rate_pct: object, year: int = 2025) -> WhatIf:
    """If the year's web visitors had bought at `rate_pct` %: orders and goods sold at the same average order."""
    rate = float(positive(rate_pct, _("the conversion rate"), "%"))
    of_year = analytics[analytics["date"].dt.year == year]
    web = orders[(orders["channel"] == "web_shop") & (orders["order_date"].dt.year == year)]
    if of_year.empty or web.empty:
        raise CourseInputError(_("The data has no web shop sales in {year}.").format(year=year))
    sessions = int(of_year["sessions_total"].sum())
    actual_orders = int(of_year["orders"].sum())
    revenue = float(web["items_gbp"].sum())
    expected = sessions * rate / HUNDRED
    return WhatIf(year, sessions, actual_orders / sessions * HUNDRED, actual_orders, revenue, rate, expected,
                  expected * revenue / actual_orders)


# --- where the visitors come from ----------------------------------------------------------------------------------


def sessions_by_source(analytics: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """Sessions from each traffic source per year (`freq="Y"`) or per quarter (`"Q"`)."""
    one_of(freq, ("Y", "Q"), _("period"))
    columns = [f"sessions_{source}" for source in SOURCES]
    periods = analytics["date"].dt.year if freq == "Y" else _quarters(analytics["date"])
    sessions = analytics.groupby(periods)[columns].sum().astype(float)
    sessions.columns = list(SOURCES)
    sessions.index.name = "year" if freq == "Y" else "quarter"
    return sessions


def source_shares(analytics: pd.DataFrame) -> pd.DataFrame:
    """Each source's share of the year's sessions, in %."""
    sessions = sessions_by_source(analytics)
    return sessions.div(sessions.sum(axis=1), axis=0) * HUNDRED


def top_source(analytics: pd.DataFrame, year: int) -> str:
    """The source that brought the most sessions in `year`."""
    return str(sessions_by_source(analytics).loc[year].idxmax())


def fastest_growing_source(analytics: pd.DataFrame) -> str:
    """The source whose share of sessions rose most between the first and the last year."""
    shares = source_shares(analytics)
    return str((shares.iloc[-1] - shares.iloc[0]).idxmax())


def sources_table(analytics: pd.DataFrame) -> Table:
    """Sessions per source and year, with each source's share."""
    sessions, shares = sessions_by_source(analytics), source_shares(analytics)
    records = []
    for source in SOURCES:
        record = {_("Where visitors come from"): source_label(source)}
        for year in sessions.index:
            record[_("Sessions {year}").format(year=year)] = format_number(sessions.loc[year, source], 0)
            record[_("Share {year}").format(year=year)] = format_pct(shares.loc[year, source], 0)
        records.append(record)
    total = {_("Where visitors come from"): _("All sources")}
    for year in sessions.index:
        total[_("Sessions {year}").format(year=year)] = format_number(sessions.loc[year].sum(), 0)
        total[_("Share {year}").format(year=year)] = format_pct(HUNDRED, 0)
    records.append(total)
    return Table(pd.DataFrame(records), _("Visits to the web shop by source"),
                 _("Simulated for teaching (datasets/brighton_kiln/web_analytics.csv)."))


def sources_chart(analytics: pd.DataFrame) -> charts.Chart:
    """Sessions per quarter, stacked by source."""
    sessions = sessions_by_source(analytics, "Q")
    labels = [quarter_label(q) for q in sessions.index]
    last_year = int(sessions.index[-1].year)
    top, fastest = top_source(analytics, last_year), fastest_growing_source(analytics)
    fig = charts.new_figure(8.5, 4.5)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    bottom = [0.0] * len(labels)
    for source in SOURCES:
        values = sessions[source].tolist()
        ax.bar(positions, values, bottom=bottom, width=0.65, color=SOURCE_COLOURS[source],
               label=source_label(source))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    title = _("{top} bring the most visitors; {fastest} grow the fastest").format(
        top=source_label(top), fastest=source_label(fastest).lower())
    charts.style_axes(ax, title, _("Quarter"), _("Sessions (visits) per quarter"))
    ax.set_xticks(positions, labels, fontsize=9)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    fig.supxlabel(_("Simulated for teaching: The Brighton Kiln's web analytics."), x=0.01, ha="left", fontsize=8)
    shares = source_shares(analytics)
    alt = _("Stacked bar chart of web shop sessions per quarter by source, from {first} ({first_total}) to "
            "{last} ({last_total}). Shares in {year}: {shares}.").format(
        first=labels[0], first_total=format_number(sessions.iloc[0].sum(), 0), last=labels[-1],
        last_total=format_number(sessions.iloc[-1].sum(), 0), year=last_year,
        shares="; ".join(f"{source_label(s)} {format_pct(shares.loc[last_year, s], 0)}" for s in SOURCES))
    return charts.show(fig, f"{title}. {alt}")


# --- what a sale leaves on each channel ----------------------------------------------------------------------------


def breakage_costs(breakages: pd.DataFrame) -> pd.Series:
    """What each breakage cost in money: the refund, or the postage and packaging of the replacement (£).

    The replacement piece itself is counted apart (`replacement_value_gbp`): it costs a piece, not money paid out.
    """
    return breakages["refund_gbp"] + breakages["reshipping_cost_gbp"] + breakages["reshipping_packaging_gbp"]


def channel_costs(orders: pd.DataFrame, breakages: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per channel: orders, goods sold, postage the buyers paid, postage and packaging paid, fees, breakages, and
    what is left (`left`), in £ and per £100 of goods (`left_per_100`). Fixed costs (rent, subscriptions) are apart.
    """
    chosen = orders if year is None else orders[orders["order_date"].dt.year == year]
    sums = chosen.groupby("channel")[["items_gbp", "postage_charged_gbp", "postage_cost_gbp", "packaging_cost_gbp",
                                      "fees_gbp"]].sum()
    sums.columns = ["goods", "postage_charged", "postage_paid", "packaging", "fees"]
    sums.insert(0, "orders", chosen.groupby("channel").size().astype(float))
    broken = breakages.assign(cost=breakage_costs(breakages)).merge(chosen[["order_id", "channel"]], on="order_id")
    sums["breakages"] = broken.groupby("channel")["cost"].sum()
    sums = sums.reindex([c for c in CHANNELS if c in sums.index]).fillna(0.0).astype(float)
    sums["left"] = (sums["goods"] + sums["postage_charged"] - sums["postage_paid"] - sums["packaging"]
                    - sums["fees"] - sums["breakages"])
    sums["left_per_100"] = sums["left"] / sums["goods"] * HUNDRED
    sums["fees_pct"] = sums["fees"] / sums["goods"] * HUNDRED
    sums["average_order"] = sums["goods"] / sums["orders"]
    return sums


def count(value: float) -> str:
    """A whole number: `1,060`."""
    return format_number(value, 0)


def _by_channel(values: pd.DataFrame, rows: tuple, heading: str) -> pd.DataFrame:
    """A lesson table with one line per (column, label, format) of `rows` and one column per channel of `values`."""
    return pd.DataFrame({heading: [label for _key, label, _fmt in rows]}
                        | {channel_label(c): [fmt(values.loc[c, key]) for key, _label, fmt in rows]
                           for c in values.index})


def channel_costs_table(orders: pd.DataFrame, breakages: pd.DataFrame, year: int | None = None) -> Table:
    """What each channel's sales leave once postage, packaging, fees and breakages are paid."""
    costs = channel_costs(orders, breakages, year)
    rows = (
        ("orders", _("Orders"), count),
        ("average_order", _("Average order (goods)"), money),
        ("goods", _("Goods sold"), pounds),
        ("postage_charged", _("+ postage the buyers paid"), pounds),
        ("postage_paid", _("− postage paid to carriers"), pounds),
        ("packaging", _("− packaging"), pounds),
        ("fees", _("− platform and card fees"), pounds),
        ("breakages", _("− breakages (refunds, resending)"), pounds),
        ("left", _("= what is left"), pounds),
        ("left_per_100", _("Left from each £100 of goods"), money),
    )
    years = orders["order_date"].dt.year
    period = _("{first}–{last}").format(first=years.min(), last=years.max()) if year is None else str(year)
    caption = _("What the sales leave on each channel ({period})").format(period=period)
    return Table(_by_channel(costs, rows, _("Per channel")), caption,
                 _("Before rent, wages, materials and subscriptions. Simulated for teaching; fees and postage "
                   "computed with the reference tables for every date.") + " " + _rates_line())


def _rates_line() -> str:
    """The date the fees and postage behind the case's orders are valid as of."""
    return valid_as_of_line(max(reference.valid_as_of(name) for name in RATE_TABLES),
                            min(reference.checked_on(name) for name in RATE_TABLES))


def monthly_fixed_costs(monthly_costs: pd.DataFrame, year: int) -> pd.Series:
    """Average monthly rent, platform subscription and marketing in `year` (£)."""
    of_year = monthly_costs[monthly_costs["month"].str.startswith(str(year))]
    return of_year[["rent_gbp", "platform_subscriptions_gbp", "marketing_gbp"]].mean()


# --- breakage and parcels abroad -----------------------------------------------------------------------------------


def parcels(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders that were posted (everything but sales in the shop)."""
    return orders[orders["service_id"].notna()]


def breakage_rates(orders: pd.DataFrame, breakages: pd.DataFrame, redesign: date = REDESIGN) -> pd.DataFrame:
    """Parcels, broken parcels and the breakage rate (%) before and after the packaging redesign."""
    posted = parcels(orders)
    broken = posted["order_id"].isin(set(breakages["order_id"]))
    after = posted["order_date"] >= pd.Timestamp(redesign)
    cost = breakages.assign(cost=breakage_costs(breakages)).set_index("order_id")
    rows = {}
    for period, mask in (("before", ~after), ("after", after)):
        ids = posted.loc[mask & broken, "order_id"]
        rows[period] = {
            "parcels": float(mask.sum()), "broken": float((mask & broken).sum()),
            "cost": float(cost.loc[cost.index.isin(ids), "cost"].sum()),
            "replacements": float(cost.loc[cost.index.isin(ids), "replacement_value_gbp"].sum()),
        }
    rates = pd.DataFrame.from_dict(rows, orient="index")
    rates["rate_pct"] = rates["broken"] / rates["parcels"] * HUNDRED
    return rates


def breakage_by_packaging(orders: pd.DataFrame, breakages: pd.DataFrame) -> pd.DataFrame:
    """Parcels, broken parcels and breakage rate (%) per packaging, and how many of its parcels went abroad."""
    posted = parcels(orders).assign(broken=lambda f: f["order_id"].isin(set(breakages["order_id"])),
                                    abroad=lambda f: f["customer_country"] != HOME_COUNTRY)
    rates = posted.groupby("packaging_id")[["broken", "abroad"]].agg(["sum", "size"])
    result = pd.DataFrame({"parcels": rates[("broken", "size")].astype(float),
                           "broken": rates[("broken", "sum")].astype(float),
                           "abroad": rates[("abroad", "sum")].astype(float)})
    result["rate_pct"] = result["broken"] / result["parcels"] * HUNDRED
    return result


def packaging_breakage_pct(orders: pd.DataFrame | None = None, breakages: pd.DataFrame | None = None
                           ) -> dict[str, Decimal]:
    """Packaging id → the share of its parcels that arrived broken, in %, to one decimal (the case's data): the
    rates lesson 04 and exercise 04 compare, read from the data instead of typed."""
    orders = table("orders") if orders is None else orders
    breakages = table("breakages") if breakages is None else breakages
    rates = breakage_by_packaging(orders, breakages)["rate_pct"]
    return {str(packaging): Decimal(str(round(float(rate), 1))) for packaging, rate in rates.items()}


def breakage_table(orders: pd.DataFrame, breakages: pd.DataFrame) -> Table:
    """Breakage before and after the redesign."""
    rates = breakage_rates(orders, breakages)
    redesign = format_date(REDESIGN)
    names = {"before": _("Before {date}").format(date=redesign), "after": _("From {date}").format(date=redesign)}
    frame = pd.DataFrame([{
        _("Period"): names[period],
        _("Parcels"): format_number(row["parcels"], 0),
        _("Arrived broken"): format_number(row["broken"], 0),
        _("Breakage rate"): format_pct(row["rate_pct"]),
        _("Refunds and resending"): pounds(row["cost"]),
        _("Pieces sent again"): pounds(row["replacements"]),
    } for period, row in rates.iterrows()])
    return Table(frame, _("Parcels that arrived broken, before and after the new box"),
                 _("Pieces sent again at their selling price. Simulated for teaching "
                   "(datasets/brighton_kiln/breakages.csv)."))


def abroad_by_country(orders: pd.DataFrame) -> pd.DataFrame:
    """Parcels sent abroad per country, most first, with their share of all parcels (%)."""
    posted = parcels(orders)
    abroad = posted[posted["customer_country"] != HOME_COUNTRY]
    counts = abroad.groupby("customer_country").size().sort_values(ascending=False, kind="stable").astype(float)
    return pd.DataFrame({"parcels": counts, "share_pct": counts / len(posted) * HUNDRED})


def abroad_share(orders: pd.DataFrame) -> float:
    """Share of parcels sent abroad, in %."""
    posted = parcels(orders)
    return float((posted["customer_country"] != HOME_COUNTRY).mean() * HUNDRED)


def abroad_table(orders: pd.DataFrame) -> Table:
    """Parcels sent abroad per country."""
    countries = abroad_by_country(orders)
    frame = pd.DataFrame([{
        _("Country"): country_name(code),
        _("Parcels"): format_number(row["parcels"], 0),
        _("Share of all parcels"): format_pct(row["share_pct"]),
    } for code, row in countries.iterrows()])
    return Table(frame, _("Parcels sent abroad: {share} of all parcels").format(share=format_pct(abroad_share(
        orders))), _("Simulated for teaching (datasets/brighton_kiln/orders.csv)."))


# --- can a website match a shop? -----------------------------------------------------------------------------------


def web_vs_shop(orders: pd.DataFrame, breakages: pd.DataFrame, monthly_costs: pd.DataFrame,
                quarter: object = "2025 Q4") -> pd.DataFrame:
    """The web shop beside the shop-studio in one quarter: orders, goods sold, average order, what is left, and the
    monthly cost of having the channel (the Shopify subscription; the shop-studio's rent, also the workshop's).
    """
    period = parse_quarter(quarter)
    in_quarter = orders[_quarters(orders["order_date"]) == period]
    if in_quarter.empty:
        raise CourseInputError(_("The data has no orders in {quarter}.").format(quarter=quarter))
    costs = channel_costs(in_quarter, breakages).loc[["web_shop", "shop"]]
    months = monthly_costs[pd.PeriodIndex(monthly_costs["month"], freq="M").asfreq("Q") == period]
    costs["monthly_cost"] = [months["platform_subscriptions_gbp"].mean(), months["rent_gbp"].mean()]
    return costs[["orders", "goods", "average_order", "left", "left_per_100", "monthly_cost"]]


def web_vs_shop_table(orders: pd.DataFrame, breakages: pd.DataFrame, monthly_costs: pd.DataFrame,
                      quarter: object = "2025 Q4") -> Table:
    """Side by side: the web shop and the shop-studio in one quarter."""
    compared = web_vs_shop(orders, breakages, monthly_costs, quarter)
    rows = (
        ("orders", _("Orders"), count),
        ("goods", _("Goods sold"), pounds),
        ("average_order", _("Average order (goods)"), money),
        ("left", _("Left after postage, packaging, fees, breakages"), pounds),
        ("left_per_100", _("Left from each £100 of goods"), money),
        ("monthly_cost", _("Monthly cost of having it"), money),
    )
    heading = _("In {quarter}").format(quarter=quarter_label(parse_quarter(quarter)))
    return Table(_by_channel(compared, rows, heading), _("Can a website match a shop?"),
                 _("Monthly cost: the Shopify subscription for the web shop; the rent for the shop-studio, which is "
                   "also the workshop. Simulated for teaching.") + " " + _rates_line())


# --- the VAT watch -------------------------------------------------------------------------------------------------


def vat_threshold() -> dict:
    """The UK VAT registration threshold row of tax_rules.csv (value, source, valid_from)."""
    row = reference.lookup("tax_rules", "rule_id", VAT_THRESHOLD_RULE)
    if row is None:
        raise CourseInputError(_("The tax rule “{rule}” is missing from tax_rules.csv.").format(
            rule=VAT_THRESHOLD_RULE))
    return row


def rolling_turnover(orders: pd.DataFrame) -> pd.DataFrame:
    """Turnover per month (goods + postage the buyers paid, £) and over the last 12 months, from the first month
    with 12 months of data (the VAT test: taxable turnover over a rolling 12 months)."""
    monthly = orders.groupby(orders["order_date"].dt.to_period("M"))["total_paid_gbp"].sum()
    monthly = monthly.reindex(pd.period_range(monthly.index.min(), monthly.index.max(), freq="M"), fill_value=0.0)
    frame = pd.DataFrame({"turnover": monthly.astype(float), "last_12_months": monthly.rolling(12).sum()})
    frame.index.name = "month"
    return frame.dropna()


def vat_headroom(orders: pd.DataFrame) -> float:
    """How far the last 12 months' turnover is below the VAT threshold (£; negative once above)."""
    return float(vat_threshold()["value"]) - float(rolling_turnover(orders)["last_12_months"].iloc[-1])


def monthly_rise(orders: pd.DataFrame) -> float | None:
    """How much the 12-month turnover rose per month, on average, over the last 12 months (£); None when the data
    is too short to tell."""
    rolling = rolling_turnover(orders)["last_12_months"]
    if len(rolling) < 13:
        return None
    return float(rolling.iloc[-1] - rolling.iloc[-13]) / 12


def months_to_threshold(orders: pd.DataFrame) -> float | None:
    """Months until the 12-month turnover reaches the VAT threshold if it keeps rising as over the last 12 months (a
    straight line); 0 once it is there; None if it is not rising or the data is too short to tell."""
    headroom = vat_headroom(orders)
    if headroom <= 0:
        return 0.0
    rise = monthly_rise(orders)
    return None if rise is None or rise <= 0 else headroom / rise


def vat_chart(orders: pd.DataFrame) -> charts.Chart:
    """Turnover over the last 12 months, month by month, against the VAT registration threshold."""
    rolling = rolling_turnover(orders)
    threshold = vat_threshold()
    limit = float(threshold["value"])
    labels = [month_label(m, "short") for m in rolling.index]
    last, headroom = rolling["last_12_months"].iloc[-1], vat_headroom(orders)
    fig = charts.new_figure(8.5, 4.5)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    ax.plot(positions, rolling["last_12_months"], marker="o", linewidth=2.5, color=OKABE_ITO["blue"],
            label=_("Turnover over the last 12 months"))
    ax.axhline(limit, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2,
               label=_("VAT registration threshold {amount}").format(amount=pounds(limit)))
    title = (_("Turnover over the last 12 months: {turnover}, {headroom} below the VAT threshold") if headroom > 0
             else _("Turnover over the last 12 months: {turnover}, above the VAT threshold")).format(
        turnover=pounds(last), headroom=pounds(headroom))
    charts.style_axes(ax, title, _("Month (end of a 12-month window)"), _("Turnover, goods + postage (£)"))
    ax.set_xticks(positions, [label if i % 3 == 0 or i == len(labels) - 1 else "" for i, label in
                              enumerate(labels)], fontsize=9)
    ax.yaxis.set_major_formatter(lambda value, _pos: pounds(value))
    ax.set_ylim(0, limit * 1.15)
    ax.legend(frameon=False, loc="lower right", fontsize=9)
    fig.supxlabel(_("Threshold: {source}, valid from {date}.\nTurnover simulated for teaching.").format(
        source=threshold["source"], date=format_date(threshold["valid_from"])), x=0.01, ha="left", fontsize=8)
    alt = _("Line chart of the turnover over the last 12 months, from {first} ({start}) to {last} ({end}), below a "
            "dashed line at the VAT registration threshold of {limit}.").format(
        first=labels[0], start=pounds(rolling["last_12_months"].iloc[0]), last=labels[-1], end=pounds(last),
        limit=pounds(limit))
    return charts.show(fig, f"{title}. {alt}")


def vat_table(orders: pd.DataFrame) -> Table:
    """The VAT watch in figures: the last 12 months' turnover, the threshold, the headroom, a straight-line guess."""
    threshold = vat_threshold()
    rolling = rolling_turnover(orders)
    months, rise = months_to_threshold(orders), monthly_rise(orders)
    rows = [
        (_("Turnover over the 12 months to {month}").format(month=month_label(rolling.index[-1])),
         pounds(rolling["last_12_months"].iloc[-1])),
        (_("VAT registration threshold"), pounds(threshold["value"])),
        (_("Still below the threshold by"), pounds(vat_headroom(orders))),
        (_("Rise of the 12-month turnover, per month, over the last year"), "—" if rise is None else pounds(rise)),
        (_("Months to the threshold if that rise goes on"),
         "—" if months is None else _("{months} months").format(months=format_number(months, 1))),
    ]
    frame = pd.DataFrame(rows, columns=[_("VAT watch"), _("Amount")])
    return Table(frame, _("The VAT watch"), _("Threshold: {source}, valid from {date}.").format(
        source=threshold["source"], date=format_date(threshold["valid_from"])))


# --- the narrative -------------------------------------------------------------------------------------------------


def narrative_figures() -> dict[str, str]:
    """The figures of case_studies/templates/brighton_kiln.md.j2, formatted (units, currency), from the data."""
    orders, analytics = table("orders"), table("web_analytics")
    breakages, monthly_costs = table("breakages"), table("monthly_costs")
    revenue = revenue_by_quarter(orders)
    first_q, last_q = revenue.index[0], revenue.index[-1]
    crossing = crossing_quarter(revenue)
    shares = share_by_year(orders)
    first_year, last_year = int(shares.index[0]), int(shares.index[-1])
    funnel = funnel_by_quarter(analytics)
    sessions = sessions_by_source(analytics)
    source_pct = source_shares(analytics)
    top = top_source(analytics, last_year)
    fastest = fastest_growing_source(analytics)
    costs = channel_costs(orders, breakages)
    rates = breakage_rates(orders, breakages)
    by_box = breakage_by_packaging(orders, breakages)
    countries = abroad_by_country(orders)
    rolling = rolling_turnover(orders)
    months = months_to_threshold(orders)
    fixed = monthly_fixed_costs(monthly_costs, last_year)
    average, top20 = (benchmark(m) for m in BENCHMARKS)
    return {
        "first_quarter": quarter_label(first_q),
        "last_quarter": quarter_label(last_q),
        "first_year": str(first_year),
        "last_year": str(last_year),
        "orders_count": format_number(len(orders), 0),
        "web_first_quarter": pounds(revenue.loc[first_q, "web_shop"]),
        "web_last_quarter": pounds(revenue.loc[last_q, "web_shop"]),
        "shop_first_quarter": pounds(revenue.loc[first_q, "shop"]),
        "shop_last_quarter": pounds(revenue.loc[last_q, "shop"]),
        "etsy_first_quarter": pounds(revenue.loc[first_q, "etsy"]),
        "etsy_last_quarter": pounds(revenue.loc[last_q, "etsy"]),
        "crossing_quarter": quarter_label(crossing) if crossing is not None else _("not yet"),
        "web_share_first_year": format_pct(shares.loc[first_year, "web_shop"], 0),
        "web_share_last_year": format_pct(shares.loc[last_year, "web_shop"], 0),
        "etsy_share_first_year": format_pct(shares.loc[first_year, "etsy"], 0),
        "etsy_share_last_year": format_pct(shares.loc[last_year, "etsy"], 0),
        "busiest_month_last_year": month_label(busiest_month(orders, last_year), "name"),
        "busiest_web_month_last_year": month_label(busiest_month(orders, last_year, "web_shop"), "name"),
        "conversion_first_quarter": format_pct(funnel["conversion_pct"].iloc[0]),
        "conversion_last_quarter": format_pct(funnel["conversion_pct"].iloc[-1]),
        "add_to_cart_last_quarter": format_pct(funnel["add_to_cart_pct"].iloc[-1]),
        "abandonment_last_quarter": format_pct(funnel["abandonment_pct"].iloc[-1], 0),
        "benchmark_average": format_pct(average["value"]),
        "benchmark_top20": format_pct(top20["value"]),
        "benchmark_abandonment": format_pct(reference.benchmark("cart_abandonment_rate")),
        "benchmark_source": str(average["source"]),
        "sessions_first_year": format_number(sessions.loc[first_year].sum(), 0),
        "sessions_last_year": format_number(sessions.loc[last_year].sum(), 0),
        "top_source": source_label(top).lower(),
        "top_source_share": format_pct(source_pct.loc[last_year, top], 0),
        "fastest_source": source_label(fastest).lower(),
        "fastest_source_share_first_year": format_pct(source_pct.loc[first_year, fastest], 0),
        "fastest_source_share_last_year": format_pct(source_pct.loc[last_year, fastest], 0),
        "per_amount": pounds(HUNDRED),
        "web_left_per_100": money(costs.loc["web_shop", "left_per_100"]),
        "etsy_left_per_100": money(costs.loc["etsy", "left_per_100"]),
        "web_fees_pct": format_pct(costs.loc["web_shop", "fees_pct"]),
        "etsy_fees_pct": format_pct(costs.loc["etsy", "fees_pct"]),
        "web_average_order": money(costs.loc["web_shop", "average_order"]),
        "shop_average_order": money(costs.loc["shop", "average_order"]),
        "subscription_per_month": money(fixed["platform_subscriptions_gbp"]),
        "rent_per_month": pounds(fixed["rent_gbp"]),
        "redesign_date": format_date(REDESIGN),
        "breakage_before": format_pct(rates.loc["before", "rate_pct"]),
        "breakage_after": format_pct(rates.loc["after", "rate_pct"]),
        "breakage_new_box": format_pct(by_box.loc[NEW_PACKAGING, "rate_pct"]),
        "breakage_old_box": format_pct(by_box.drop(NEW_PACKAGING)["broken"].sum()
                                       / by_box.drop(NEW_PACKAGING)["parcels"].sum() * HUNDRED),
        "abroad_share": format_pct(abroad_share(orders)),
        "abroad_first_country": country_name(str(countries.index[0])),
        "abroad_first_country_parcels": format_number(countries["parcels"].iloc[0], 0),
        "vat_turnover": pounds(rolling["last_12_months"].iloc[-1]),
        "vat_month": month_label(rolling.index[-1]),
        "vat_threshold": pounds(vat_threshold()["value"]),
        "vat_headroom": pounds(vat_headroom(orders)),
        "vat_months": "—" if months is None else format_number(months, 1),
        "vat_month_reached": "—" if months is None else month_label(rolling.index[-1] + math.ceil(months)),
    }
