"""Pricing: unit cost, the fees of each sales channel, what a sale leaves you, and the price for a margin.

All amounts are exact (Decimal) and carry their currency; fees are rounded to the penny (cent) as platforms bill.
Fee rules come from `channel_fees.csv`, tax rules from `tax_rules.csv`: nothing here embeds a rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from atelier import display, reference
from atelier.channels import REGION_CURRENCY, Channel, channels_in, get_channel
from atelier.errors import NoPriceError, at_most, not_negative, positive
from atelier.i18n import _, format_money, format_pct
from atelier.money import PENNY, Money, currency_code
from atelier.tax import (
    TaxStatus,
    check_region,
    contribution_rate_pct,
    get_tax_status,
    rules_checked_on,
    rules_valid_as_of,
    vat_rate_pct,
)

HUNDRED = Decimal(100)
IN_PERSON_KINDS = ("direct", "card_reader")  # channels.csv kinds where the buyer takes the piece away


@dataclass(frozen=True)
class UnitCost:
    """What one piece costs you to make, before any sale."""

    materials: Money
    making_time_h: Decimal
    hourly_rate: Money
    overhead: Money  # the piece's share of rent, tools, energy…
    packaging: Money

    @property
    def currency(self) -> str:
        return self.materials.currency

    @property
    def labour(self) -> Money:
        return (self.hourly_rate * self.making_time_h).rounded()

    @property
    def total(self) -> Money:
        return self.materials + self.labour + self.overhead + self.packaging


def unit_cost(
    *,
    materials: object,
    making_time_h: object,
    hourly_rate: object,
    overhead: object = 0,
    packaging: object = 0,
    currency: str,
) -> UnitCost:
    """A unit cost from plain numbers in one currency; each is checked and a bad one explained."""
    currency = currency_code(currency, tuple(REGION_CURRENCY.values()))
    return UnitCost(
        materials=Money(not_negative(materials, _("the cost of materials")), currency),
        making_time_h=not_negative(making_time_h, _("the making time"), _("hours")),
        hourly_rate=Money(not_negative(hourly_rate, _("the hourly rate")), currency),
        overhead=Money(not_negative(overhead, _("the overhead share")), currency),
        packaging=Money(not_negative(packaging, _("the packaging cost")), currency),
    )


@dataclass(frozen=True)
class FeeLine:
    fee_id: str
    label: str
    amount: Money


@dataclass(frozen=True)
class FeeBreakdown(display.Tabular):
    """Every fee a channel takes on one sale, itemised; `vat_on_fees` is included in `total`."""

    channel: Channel
    lines: tuple[FeeLine, ...]
    total: Money
    vat_on_fees: Money

    def rows(self) -> list[tuple[str, str]]:
        return display.fee_rows(self)

    def caption(self) -> str:
        return display.fee_caption(self)

    def footer(self) -> str:
        return display.valid_as_of_line(self.channel.valid_from, self.channel.checked_on)


def _money_in(value: object, currency: str, what: str, *, allow_zero: bool = True) -> Money:
    if isinstance(value, Money):
        value.same_currency(Money.zero(currency))
        value = value.amount
    number = not_negative(value, what) if allow_zero else positive(value, what)
    return Money(number, currency)


def fees(
    channel: str | Channel,
    price: object,
    postage_charged: object = 0,
    *,
    offsite_ads: bool = False,
    orders_per_month: object | None = None,
) -> FeeBreakdown:
    """Every fee `channel` takes when a buyer pays `price` for the item plus `postage_charged` for delivery.

    Percentages apply to the item or to item + postage as the channel's rule says; fixed parts, minimums and caps
    are honoured; the VAT the platform adds on its fees is a line of its own. With `orders_per_month`, the monthly
    subscription is shared over that many sales.
    """
    channel = get_channel(channel)
    currency = channel.currency
    item = _money_in(price, currency, _("the price"))
    postage = _money_in(postage_charged, currency, _("the postage the buyer pays"))
    lines = []
    vat_base = Decimal(0)
    for rule in channel.fees:
        if rule.optional and not offsite_ads:
            continue
        base = {"item": item.amount, "item_and_postage": item.amount + postage.amount}.get(rule.basis, Decimal(0))
        amount = base * rule.rate_pct / HUNDRED + (rule.fixed.amount if rule.fixed else Decimal(0))
        if rule.minimum is not None:
            amount = max(amount, rule.minimum.amount)
        if rule.maximum is not None:
            amount = min(amount, rule.maximum.amount)
        fee = Money(amount, currency).rounded()
        lines.append(FeeLine(rule.fee_id, rule.label, fee))
        if rule.vat_applies:
            vat_base += fee.amount
    if orders_per_month is not None and channel.monthly_fee.amount > 0:
        orders = positive(orders_per_month, _("the number of orders per month"))
        share = (channel.monthly_fee / orders).rounded()
        lines.append(FeeLine("subscription_share", _("Share of the monthly subscription"), share))
        if channel.monthly_fee_vat_applies:
            vat_base += share.amount
    vat = Money(vat_base * vat_rate_pct(channel.region) / HUNDRED, currency).rounded()
    if vat.amount:
        lines.append(FeeLine("vat_on_fees", _("VAT on the platform's fees"), vat))
    total = Money(sum((line.amount.amount for line in lines), Decimal(0)), currency)
    return FeeBreakdown(channel, tuple(lines), total, vat)


@dataclass(frozen=True)
class Sale(display.Tabular):
    """What one sale at `price` on `channel` leaves you, step by step."""

    channel: Channel
    tax_status: TaxStatus
    unit_cost: UnitCost
    price: Money  # what the buyer pays for the item (VAT included when registered)
    postage_charged: Money
    customer_pays: Money
    vat_due: Money  # VAT you pass on to the tax office
    fees: FeeBreakdown
    vat_on_fees_reclaimed: Money  # a VAT-registered seller gets the VAT on fees back
    contributions: Money  # micro-entrepreneur social contributions on turnover
    shipping_cost: Money  # what you pay the carrier
    price_before_vat: Money
    net_received: Money  # what is left for you after fees, taxes and postage, before your costs
    margin: Money  # net received minus the unit cost
    margin_pct: Decimal  # margin as a share of the price before VAT
    hourly_wage: Money | None  # what you really earn per hour of making
    valid_from: date  # fees and rates valid as of
    checked_on: date | None = None  # the oldest date on which one of the rows used was compared with its source

    @property
    def margin_pct_of_price(self) -> Decimal:
        """The margin as a share of the price the buyer pays for the item (VAT included where you charge VAT), in
        percent: the share a price tag keeps, as `shipping.free_delivery_threshold` needs it."""
        return self.margin.amount / self.price.amount * HUNDRED if self.price.amount else Decimal("-Inf")

    def rows(self) -> list[tuple[str, str]]:
        return display.sale_rows(self)

    def caption(self) -> str:
        return display.sale_caption(self)

    def footer(self) -> str:
        return display.valid_as_of_line(self.valid_from, self.checked_on)


def _sale(
    cost: UnitCost,
    channel: Channel,
    status: TaxStatus,
    price: Money,
    postage: Money,
    shipping_cost: Money,
    offsite_ads: bool,
    orders_per_month: object | None,
) -> Sale:
    currency = channel.currency
    customer_pays = price + postage
    vat_pct = vat_rate_pct(channel.region)
    zero = Money.zero(currency)
    vat_due = (customer_pays * vat_pct / (HUNDRED + vat_pct)).rounded() if status.vat_registered else zero
    vat_on_price = (price * vat_pct / (HUNDRED + vat_pct)).rounded() if status.vat_registered else zero
    breakdown = fees(channel, price, postage, offsite_ads=offsite_ads, orders_per_month=orders_per_month)
    reclaimed = breakdown.vat_on_fees if status.vat_registered else zero
    turnover = customer_pays - vat_due
    contributions = (turnover * contribution_rate_pct(status) / HUNDRED).rounded()
    net = customer_pays - vat_due - breakdown.total + reclaimed - contributions - shipping_cost
    margin = net - cost.total
    price_before_vat = price - vat_on_price
    margin_pct = margin.amount / price_before_vat.amount * HUNDRED if price_before_vat.amount else Decimal("-Inf")
    wage = ((margin + cost.labour) / cost.making_time_h).rounded() if cost.making_time_h else None
    valid = max(channel.valid_from, rules_valid_as_of(channel.region))
    checked = min(day for day in (channel.checked_on, rules_checked_on(channel.region)) if day is not None)
    return Sale(channel, status, cost, price, postage, customer_pays, vat_due, breakdown, reclaimed, contributions,
                shipping_cost, price_before_vat, net, margin, margin_pct, wage, valid, checked)


def _prepare(cost: UnitCost, channel: str | Channel, tax_status: str | TaxStatus, postage_charged: object,
             shipping_cost: object | None) -> tuple[Channel, TaxStatus, Money, Money]:
    channel = get_channel(channel)
    status = get_tax_status(tax_status)
    check_region(status, channel.region)
    cost.materials.same_currency(Money.zero(channel.currency))
    postage = _money_in(postage_charged, channel.currency, _("the postage the buyer pays"))
    shipping = postage if shipping_cost is None else _money_in(shipping_cost, channel.currency,
                                                                _("the postage you pay the carrier"))
    return channel, status, postage, shipping


def sell(
    cost: UnitCost,
    channel: str | Channel,
    price: object,
    tax_status: str | TaxStatus,
    *,
    postage_charged: object = 0,
    shipping_cost: object | None = None,
    offsite_ads: bool = False,
    orders_per_month: object | None = None,
) -> Sale:
    """One sale at `price`: fees, VAT, contributions, postage, and what is left (margin and hourly wage).

    `shipping_cost` is what the carrier charges you; by default the same as the postage the buyer pays.
    """
    channel, status, postage, shipping = _prepare(cost, channel, tax_status, postage_charged, shipping_cost)
    item = _money_in(price, channel.currency, _("the price"), allow_zero=False)
    return _sale(cost, channel, status, item, postage, shipping, offsite_ads, orders_per_month)


def price_for_margin(
    cost: UnitCost,
    channel: str | Channel,
    margin_pct: object,
    tax_status: str | TaxStatus,
    *,
    postage_charged: object = 0,
    shipping_cost: object | None = None,
    offsite_ads: bool = False,
    orders_per_month: object | None = None,
) -> Sale:
    """The sale at the lowest price, to the penny, whose margin reaches `margin_pct` once all fees and taxes count.

    Raises NoPriceError when no price up to the course's maximum reaches it (fees and taxes take too much).
    """
    channel, status, postage, shipping = _prepare(cost, channel, tax_status, postage_charged, shipping_cost)
    target = at_most(not_negative(margin_pct, _("the target margin"), "%"), Decimal(99), _("the target margin"), "%")
    currency = channel.currency

    def gap(pennies: int) -> Decimal:
        """How far the margin at this price is above (>= 0) or below (< 0) the target, in money."""
        sale = sale_at(pennies)
        return sale.margin.amount - target / HUNDRED * sale.price_before_vat.amount

    def sale_at(pennies: int) -> Sale:
        return _sale(cost, channel, status, Money(Decimal(pennies) * PENNY, currency), postage, shipping,
                     offsite_ads, orders_per_month)

    low, high = 1, int(reference.default("max_price") / PENNY)
    gap_low, gap_high = gap(low), gap(high)
    if gap_high < 0:
        raise NoPriceError(_(
            "No price up to {max} reaches a {target} margin on {channel}: fees, taxes and costs take too much. "
            "Try a lower target margin or lower costs.").format(
            max=format_money(Decimal(high) * PENNY, currency), target=format_pct(target, 0), channel=channel.name))
    if gap_low >= 0:
        return sale_at(low)
    # The gap grows almost linearly with the price: false position finds it in a few steps; a bisection step
    # whenever the interval does not halve keeps the worst case short. Invariant: gap(low) < 0 <= gap(high).
    while high - low > 1:
        width = high - low
        guess = low + int(width * (-gap_low) / (gap_high - gap_low))
        guess = min(max(guess, low + 1), high - 1)
        gap_guess = gap(guess)
        if gap_guess >= 0:
            high, gap_high = guess, gap_guess
        else:
            low, gap_low = guess, gap_guess
        if high - low > width // 2 and high - low > 1:
            middle = (low + high) // 2
            gap_middle = gap(middle)
            if gap_middle >= 0:
                high, gap_high = middle, gap_middle
            else:
                low, gap_low = middle, gap_middle
    return sale_at(high)


def compare_channels(
    cost: UnitCost,
    region: str,
    tax_status: str | TaxStatus,
    *,
    margin_pct: object | None = None,
    price: object | None = None,
    postage_charged: object = 0,
    shipping_cost: object | None = None,
    offsite_ads: bool = False,
    orders_per_month: object | None = None,
) -> pd.DataFrame:
    """Every channel of `region` side by side, either at one `price` or at the price that reaches `margin_pct`.

    One row per channel; amounts in the region's currency (column `currency`); a channel where no price reaches
    the margin has its reason in `problem`. Sales in person (your shop, a card reader at a fair) carry no postage.
    """
    records = []
    for channel in channels_in(region):
        in_person = channel.kind in IN_PERSON_KINDS
        postage, shipping = (0, 0) if in_person else (postage_charged, shipping_cost)
        record: dict[str, object] = {"channel_id": channel.channel_id, "channel": channel.name,
                                     "currency": REGION_CURRENCY[region]}
        try:
            sale = (sell(cost, channel, price, tax_status, postage_charged=postage,
                         shipping_cost=shipping, offsite_ads=offsite_ads, orders_per_month=orders_per_month)
                    if margin_pct is None else
                    price_for_margin(cost, channel, margin_pct, tax_status, postage_charged=postage,
                                     shipping_cost=shipping, offsite_ads=offsite_ads,
                                     orders_per_month=orders_per_month))
        except NoPriceError as error:
            record["problem"] = str(error)
            records.append(record)
            continue
        record.update(sale_record(sale))
        records.append(record)
    return pd.DataFrame.from_records(records)


def sale_record(sale: Sale) -> dict[str, object]:
    """The figures of one sale as plain numbers (in the sale's currency), for a table or a chart."""
    return {
        "price": float(sale.price.amount),
        "fees": float(sale.fees.total.amount - sale.vat_on_fees_reclaimed.amount),
        "vat_due": float(sale.vat_due.amount),
        "contributions": float(sale.contributions.amount),
        "shipping_cost": float(sale.shipping_cost.amount),
        "net_received": float(sale.net_received.amount),
        "unit_cost": float(sale.unit_cost.total.amount),
        "margin": float(sale.margin.amount),
        "margin_pct": round(float(sale.margin_pct), 1),
        "hourly_wage": float(sale.hourly_wage.amount) if sale.hourly_wage is not None else None,
        "valid_from": sale.valid_from.isoformat(),
        "checked_on": sale.checked_on.isoformat() if sale.checked_on else None,
        "problem": "",
    }
