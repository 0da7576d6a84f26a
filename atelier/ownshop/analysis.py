"""Your shop's dashboard: small pure functions over the orders and line items of one or more exports.

Takings are what buyers finally paid for goods and postage: items − discounts + postage − refunds. Fees are counted
only where an export states them; an order whose export has no fees is never counted as £0 of fees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from atelier import charts, display, pricing, shipping
from atelier.channels import REGION_CURRENCY
from atelier.errors import CourseInputError, NoServiceError
from atelier.i18n import N_, _, format_money, format_number, format_pct
from atelier.money import Money
from atelier.ownshop.reader import ShopExport

PLATFORM_NAMES = {"etsy": N_("Etsy"), "shopify": N_("Shopify web shop"), "sumup": N_("SumUp card reader"),
                  "square": N_("Square card reader")}
# the course's channel (channels.csv) that matches each platform, by region
PLATFORM_CHANNELS = {
    ("etsy", "UK"): "etsy_uk", ("etsy", "FR"): "etsy_fr",
    ("shopify", "UK"): "shopify_basic_uk", ("shopify", "FR"): "stripe_web_shop_fr",
    ("sumup", "UK"): "sumup_reader_uk", ("sumup", "FR"): "sumup_reader_fr",
    ("square", "UK"): "square_reader_uk", ("square", "FR"): "sumup_reader_fr",
}
DEFAULT_TAX_STATUS = {"UK": "uk_not_vat_registered", "FR": "fr_micro_franchise"}


def region_of(currency: str) -> str:
    """UK for pounds, FR for euros (the course's two regions)."""
    for region, code in REGION_CURRENCY.items():
        if code == currency:
            return region
    raise CourseInputError(_("The course's fee and postage tables are in pounds (UK) and euros (France); these "
                             "orders are in {currency}.").format(currency=currency))


def combine(exports: ShopExport | Iterable[ShopExport]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The orders and line items of one or several exports (same currency), as two tables."""
    chosen = [exports] if isinstance(exports, ShopExport) else list(exports)
    if not chosen:
        raise CourseInputError(_("Choose at least one export."))
    currencies = {e.currency for e in chosen}
    if len(currencies) > 1:
        raise CourseInputError(_("These exports are in different currencies ({found}): look at one currency at a "
                                 "time.").format(found=", ".join(sorted(currencies))))
    layouts = {e.layout for e in chosen}
    # Etsy's two files describe the same orders: the orders (with fees and refunds) from Sold Orders, the
    # products from Sold Order Items
    both_etsy = {"etsy_sold_orders", "etsy_sold_order_items"} <= layouts
    order_sources = [e for e in chosen if not (both_etsy and e.layout == "etsy_sold_order_items")]
    orders = pd.concat([e.orders_frame() for e in order_sources], ignore_index=True)
    lines = pd.concat([e.lines_frame() for e in chosen], ignore_index=True)
    return orders, lines


def currency_of(orders: pd.DataFrame) -> str:
    return str(orders["currency"].iloc[0])


def revenue_by_month(orders: pd.DataFrame) -> pd.DataFrame:
    """Takings and number of orders per calendar month (`month` as 2026-03), months without sales included."""
    months = orders["date"].dt.to_period("M")
    table = (orders.assign(month=months).groupby("month")
             .agg(orders=("order_id", "count"), takings=("received", "sum"), refunded=("refunded", "sum")))
    full = pd.period_range(months.min(), months.max(), freq="M")
    table = table.reindex(full, fill_value=0)
    table.index.name = "month"
    return table.reset_index().assign(month=lambda t: t["month"].astype(str))


def revenue_by_channel(orders: pd.DataFrame) -> pd.DataFrame:
    """Takings, orders, average order and share of takings per platform, largest first."""
    table = (orders.groupby("platform")
             .agg(orders=("order_id", "count"), takings=("received", "sum")).reset_index())
    whole = table["takings"].sum()
    table["average_order"] = table["takings"] / table["orders"]
    table["share_pct"] = table["takings"] / whole * 100 if whole else 0.0
    table["channel"] = [_(PLATFORM_NAMES.get(p, p)) for p in table["platform"]]
    return table.sort_values("takings", ascending=False, ignore_index=True)


@dataclass(frozen=True)
class FeesPaid:
    """The fees the exports state, and how much of the takings they are."""

    fees: Money  # over the orders whose export states fees
    takings_with_fees: Money  # the takings of those same orders
    share_pct: Decimal | None  # fees ÷ those takings × 100; None when no export states fees
    orders_without_fees: int  # orders whose export says nothing of fees
    by_channel: pd.DataFrame  # platform, channel, fees (NaN when unknown), takings, share_pct


def fees_paid(orders: pd.DataFrame) -> FeesPaid:
    currency = currency_of(orders)
    known = orders[orders["fees"].notna()]
    fees = Decimal(str(round(known["fees"].sum(), 2)))
    takings = Decimal(str(round(known["received"].sum(), 2)))
    share = (fees / takings * 100) if len(known) and takings else None
    rows = []
    for platform, group in orders.groupby("platform"):
        stated = group["fees"].notna().all()
        group_takings = group["received"].sum()
        group_fees = group["fees"].sum() if stated else float("nan")
        rows.append({"platform": platform, "channel": _(PLATFORM_NAMES.get(str(platform), str(platform))),
                     "fees": group_fees, "takings": group_takings,
                     "share_pct": group_fees / group_takings * 100 if stated and group_takings else float("nan")})
    return FeesPaid(Money(fees, currency), Money(takings, currency), share, int(orders["fees"].isna().sum()),
                    pd.DataFrame.from_records(rows))


def fees_by_tables(orders: pd.DataFrame) -> pd.DataFrame:
    """Per platform, the per-sale fees the course's fee table (channel_fees.csv) gives for the same orders.

    A cross-check for exports that state no fee or only part of them (Etsy's orders file: the card fee only):
    each order's price after discount and its postage go through `pricing.fees`; monthly subscriptions and
    optional ads fees are left out. `valid_from` is the date the fees are valid as of.
    """
    region = region_of(currency_of(orders))
    rows = []
    for platform, group in orders.groupby("platform"):
        channel = PLATFORM_CHANNELS[(str(platform), region)]
        total, valid = Decimal(0), None
        for _index, order in group.iterrows():
            price = (Decimal(str(order["items"])) - Decimal(str(order["discount"]))).quantize(Decimal("0.01"))
            if price <= 0:
                continue
            breakdown = pricing.fees(channel, price, Decimal(str(order["shipping"])).quantize(Decimal("0.01")))
            total += breakdown.total.amount
            valid = breakdown.channel.valid_from
        rows.append({"platform": platform, "channel_id": channel, "fees_by_tables": float(total),
                     "valid_from": valid.isoformat() if valid else ""})
    return pd.DataFrame.from_records(rows)


def shown_date(value: object) -> str:
    """A table's ISO date (`2026-01-01`) as the course's language writes it: `1 January 2026`, `1er janvier 2026`."""
    text = str(value) if value is not None and not pd.isna(value) else ""
    try:
        return display.format_date(date.fromisoformat(text[:10]))
    except ValueError:
        return "—"


def best_products(lines: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The products that brought the most (item prices × quantities), with pieces sold and average price."""
    if lines.empty:
        return pd.DataFrame(columns=["product", "pieces", "takings", "average_price", "orders"])
    table = (lines.groupby("product")
             .agg(pieces=("quantity", "sum"), takings=("line_total", "sum"), orders=("order_id", "nunique"))
             .reset_index())
    table["average_price"] = table["takings"] / table["pieces"]
    return table.sort_values(["takings", "product"], ascending=[False, True], ignore_index=True).head(count)


@dataclass(frozen=True)
class RepeatCustomers:
    buyers: int  # distinct buyers the exports name
    repeat_buyers: int  # who ordered more than once
    orders_from_repeat_pct: Decimal | None  # share of the named buyers' orders placed by repeat buyers
    orders_without_buyer: int  # e.g. card-reader sales, which name nobody


def repeat_customers(orders: pd.DataFrame) -> RepeatCustomers:
    named = orders[orders["buyer"].astype(str).str.strip() != ""]
    counts = named.groupby("buyer")["order_id"].count()
    repeat = counts[counts > 1]
    share = Decimal(int(repeat.sum())) / Decimal(len(named)) * 100 if len(named) else None
    return RepeatCustomers(int(counts.size), int(repeat.size), share, int(len(orders) - len(named)))


# ---------------------------------------------------------------- postage charged against postage paid

def country_code(country: str, origin_region: str) -> str | None:
    """The country code of `country` as an export writes it ("United Kingdom", "GB", "france"), or None."""
    known = shipping.destinations(origin_region)
    text = country.strip().lower()
    for code, name in known.items():
        if text in {code.lower(), name.lower()}:
            return code
    return None


def postage_check(orders: pd.DataFrame, lines: pd.DataFrame, sizes: Mapping[str, shipping.Item],
                  packaging: str) -> pd.DataFrame:
    """Postage each order charged against what the course's tables say its parcel costs to send.

    Assumed: one parcel per order, all its pieces packed together in `packaging`, sent by the cheapest service in
    the course's tables that accepts it, to the country of the order. Orders with a product whose size is not
    given, or to a country the tables do not know, are left out (their `problem` says why).
    """
    currency = currency_of(orders)
    region = region_of(currency)
    records = []
    for _index, order in orders.iterrows():
        record = {"order_id": order["order_id"], "date": order["date"], "country": order["country"],
                  "charged": order["shipping"], "postage_cost": float("nan"), "service": "", "problem": ""}
        own = lines[lines["order_id"] == order["order_id"]]
        code = country_code(str(order["country"]), region)
        unknown = sorted(set(own["product"]) - set(sizes))
        if own.empty:
            record["problem"] = _("no line items in this export")
        elif not str(order["country"]).strip() and order["shipping"] == 0:
            record["problem"] = _("sold in person (no parcel)")
        elif unknown:
            record["problem"] = _("no size given for “{product}”").format(product=unknown[0])
        elif code is None:
            record["problem"] = _("the course's tables do not know “{country}”").format(country=order["country"])
        else:
            pieces = [sizes[row["product"]] for _i, row in own.iterrows() for _n in range(int(row["quantity"]))]
            try:
                best = shipping.quote(shipping.pack(pieces, packaging), region, code)[0]
            except NoServiceError:
                record["problem"] = _("no service in the course's tables takes such a parcel to {country}").format(
                    country=order["country"])
            else:
                record["postage_cost"] = float(best.price.amount) if best.price else float("nan")
                record["service"] = best.service.name
        records.append(record)
    table = pd.DataFrame.from_records(records)
    table["gap"] = table["charged"] - table["postage_cost"]
    return table


# ---------------------------------------------------------------- margin and hourly pay per product

def product_margins(lines: pd.DataFrame, costs: Mapping[str, tuple[object, object]], *, hourly_rate: object,
                    platform: str, overhead: object = 0, packaging: object = 0,
                    tax_status: str | None = None) -> pd.DataFrame:
    """Margin and hourly pay per product at its average selling price, through the course's pricing core.

    `costs` maps a product to (materials, making time in hours) as the learner types them; the channel's fees
    and the tax status's VAT or contributions come from the reference tables (postage is left out: it is
    checked separately).
    """
    currency = str(lines["currency"].iloc[0]) if not lines.empty else "GBP"
    region = region_of(currency)
    channel = PLATFORM_CHANNELS[(platform, region)]
    status = tax_status or DEFAULT_TAX_STATUS[region]
    sold = best_products(lines, count=len(lines)).set_index("product") if not lines.empty else None
    records = []
    for product, (materials, hours) in costs.items():
        if sold is None or product not in sold.index:
            raise CourseInputError(_("“{product}” is not a product of this export.").format(product=product))
        cost = pricing.unit_cost(materials=materials, making_time_h=hours, hourly_rate=hourly_rate,
                                 overhead=overhead, packaging=packaging, currency=currency)
        price = Money(Decimal(str(sold.loc[product, "average_price"])), currency).rounded()
        sale = pricing.sell(cost, channel, price.amount, status, postage_charged=0, shipping_cost=0)
        record = {"product": product, "pieces": float(sold.loc[product, "pieces"]),
                  "channel_id": channel} | pricing.sale_record(sale)
        record["margin_total"] = record["margin"] * record["pieces"]
        records.append(record)
    return pd.DataFrame.from_records(records)


# ---------------------------------------------------------------- charts

def _money_text(amount: float, currency: str) -> str:
    return format_money(Decimal(str(round(amount, 2))), currency, decimals=0)


def month_chart(orders: pd.DataFrame) -> charts.Chart:
    """Takings per month; the title names the best month."""
    currency = currency_of(orders)
    table = revenue_by_month(orders)
    best = table.loc[table["takings"].idxmax()]
    whole = table["takings"].sum()
    title = _("Your best month was {month}: {amount}, {share} of your takings").format(
        month=best["month"], amount=_money_text(best["takings"], currency),
        share=format_pct(best["takings"] / whole * 100 if whole else 0, 0))
    fig = charts.new_figure()
    ax = fig.subplots()
    colours = [charts.OKABE_ITO["orange"] if m == best["month"] else charts.OKABE_ITO["blue"] for m in table["month"]]
    ax.bar(table["month"], table["takings"], color=colours)
    charts.style_axes(ax, title, _("Month"), _("Takings ({currency})").format(currency=currency))
    ax.tick_params(axis="x", labelrotation=45)
    listing = "; ".join(f"{m}: {_money_text(v, currency)}" for m, v in zip(table["month"], table["takings"],
                                                                          strict=True))
    return charts.show(fig, _("Bar chart of your takings per month. {title}. {listing}.").format(
        title=title, listing=listing))


def channel_chart(orders: pd.DataFrame) -> charts.Chart:
    """Takings per channel with the fees each export states; the title names the main channel."""
    currency = currency_of(orders)
    table = revenue_by_channel(orders)
    fees = fees_paid(orders).by_channel.set_index("platform")
    top = table.iloc[0]
    title = _("{channel} brings {share} of your takings").format(channel=top["channel"],
                                                                   share=format_pct(top["share_pct"], 0))
    fig = charts.new_figure(8, 1.2 + 0.7 * len(table))
    ax = fig.subplots()
    ax.barh(table["channel"], table["takings"], color=charts.OKABE_ITO["blue"], label=_("Takings"))
    stated = [fees.loc[p, "fees"] if p in fees.index else float("nan") for p in table["platform"]]
    ax.barh(table["channel"], [0 if pd.isna(f) else f for f in stated], color=charts.OKABE_ITO["vermillion"],
            label=_("Fees stated in the export"))
    ax.invert_yaxis()
    charts.style_axes(ax, title, _("Takings ({currency})").format(currency=currency), "")
    ax.legend(frameon=False, loc="lower right")
    parts = []
    for (_i, row), fee in zip(table.iterrows(), stated, strict=True):
        fee_text = _("fees not in this export") if pd.isna(fee) else _("fees {amount}").format(
            amount=_money_text(fee, currency))
        parts.append(f"{row['channel']}: {_money_text(row['takings'], currency)} ({fee_text})")
    return charts.show(fig, _("Bar chart of your takings per channel. {title}. {listing}.").format(
        title=title, listing="; ".join(parts)))


def products_chart(lines: pd.DataFrame, count: int = 5) -> charts.Chart:
    """The best products by takings; the title names the first."""
    table = best_products(lines, count)
    if table.empty:
        raise CourseInputError(_("This export has no line items: the best products need an export that lists "
                                 "the products sold (Etsy Sold Order Items, Shopify, SumUp sales report)."))
    currency = str(lines["currency"].iloc[0])
    top = table.iloc[0]
    title = _("“{product}” brings the most: {amount} from {pieces} pieces").format(
        product=top["product"], amount=_money_text(top["takings"], currency), pieces=int(top["pieces"]))
    fig = charts.new_figure(8, 1.2 + 0.6 * len(table))
    ax = fig.subplots()
    ax.barh(table["product"], table["takings"], color=charts.OKABE_ITO["bluish_green"])
    ax.invert_yaxis()
    charts.style_axes(ax, title, _("Takings ({currency})").format(currency=currency), "")
    listing = "; ".join(f"{p}: {_money_text(v, currency)}" for p, v in zip(table["product"], table["takings"],
                                                                          strict=True))
    return charts.show(fig, _("Bar chart of your best products. {title}. {listing}.").format(
        title=title, listing=listing))


# ---------------------------------------------------------------- findings for the action plan (lesson 08)

@dataclass(frozen=True)
class PlanInputs:
    """Your own figures in the form lesson 08's projection takes them."""

    orders_per_month: Decimal
    average_order: Money
    main_channel: str  # platform of the largest takings
    months: int

    def __repr__(self) -> str:
        return _("Orders per month: {orders} · average order: {average} · main channel: {channel} ({months} months "
                 "of exports)").format(orders=format_number(self.orders_per_month, 1), average=self.average_order,
                                       channel=_(PLATFORM_NAMES.get(self.main_channel, self.main_channel)),
                                       months=self.months)


def plan_inputs(orders: pd.DataFrame) -> PlanInputs:
    """Orders per month and average order over the months the exports cover (refunded orders count as sold)."""
    months = max(len(revenue_by_month(orders)), 1)
    count = len(orders)
    takings = Decimal(str(round(orders["received"].sum(), 2)))
    average = Money(takings / count, currency_of(orders)).rounded() if count else Money.zero(currency_of(orders))
    main = str(revenue_by_channel(orders).iloc[0]["platform"])
    return PlanInputs((Decimal(count) / months).quantize(Decimal("0.1")), average, main, months)


def findings(orders: pd.DataFrame, lines: pd.DataFrame | None = None,
             postage: pd.DataFrame | None = None) -> list[str]:
    """Short sentences about your shop that the action plan can start from."""
    currency = currency_of(orders)
    said = []
    inputs = plan_inputs(orders)
    said.append(_("You took {amount} over {months} months: {orders} orders a month on average, {average} per "
                  "order.").format(amount=_money_text(orders["received"].sum(), currency), months=inputs.months,
                                   orders=format_number(inputs.orders_per_month, 1),
                                   average=inputs.average_order))
    channels = revenue_by_channel(orders)
    top = channels.iloc[0]
    said.append(_("{channel} brings {share} of your takings.").format(channel=top["channel"],
                                                                       share=format_pct(top["share_pct"], 0)))
    fees = fees_paid(orders)
    if fees.share_pct is not None:
        said.append(_("The fees your exports state come to {fees}, {share} of those orders' takings.").format(
            fees=fees.fees, share=format_pct(fees.share_pct)))
    if fees.orders_without_fees:
        said.append(_("{count} orders come from exports that do not state fees: check those fees on the "
                      "platform's statement.").format(count=fees.orders_without_fees))
    estimates = fees_by_tables(orders).merge(fees.by_channel, on="platform")
    for _index, row in estimates[estimates["fees"].isna()].iterrows():
        said.append(_("By the course's fee table (valid as of {date}), {channel}'s per-sale fees on these orders "
                      "come to about {amount}.").format(date=shown_date(row["valid_from"]), channel=row["channel"],
                                                        amount=_money_text(row["fees_by_tables"], currency)))
    refunded = orders["refunded"].sum()
    if refunded:
        said.append(_("Refunds gave back {amount} ({count} orders).").format(
            amount=_money_text(refunded, currency), count=int((orders["refunded"] > 0).sum())))
    repeat = repeat_customers(orders)
    if repeat.buyers:
        said.append(_("{repeat} of your {buyers} named buyers ordered more than once.").format(
            repeat=repeat.repeat_buyers, buyers=repeat.buyers))
    if lines is not None and not lines.empty:
        best = best_products(lines, 1).iloc[0]
        said.append(_("Your best product is “{product}”: {amount} from {pieces} pieces.").format(
            product=best["product"], amount=_money_text(best["takings"], currency), pieces=int(best["pieces"])))
    if postage is not None:
        checked = postage[postage["postage_cost"].notna()]
        if len(checked):
            gap = checked["gap"].sum()
            under = int((checked["gap"] < 0).sum())
            said.append(_("On {count} orders checked, the postage you charged {verdict} what the course's tables "
                          "say it cost by {amount}; {under} orders charged less than the parcel cost.").format(
                count=len(checked), verdict=_("is above") if gap >= 0 else _("is below"),
                amount=format_money(Decimal(str(round(abs(gap), 2))), currency), under=under))
    return said
