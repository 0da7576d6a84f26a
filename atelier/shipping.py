"""Shipping: a parcel from items and packaging, which services accept it and why not, prices, breakage, free delivery.

Size rules, weight limits, price bands, zones, compensation and packaging come from `parcel_services.csv`,
`parcel_rates.csv`, `destinations.csv` and `packaging.csv`; nothing here embeds a carrier's figure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from atelier import reference
from atelier.channels import REGION_CURRENCY, REGIONS
from atelier.errors import CourseInputError, NoServiceError, at_most, decimals_of, not_negative, one_of, positive
from atelier.i18n import _, format_money, format_number, format_pct, language
from atelier.money import Money, as_money

GRAMS_PER_KG = Decimal(1000)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Item:
    """One piece to send: its weight and the size of the piece itself (or of its own box)."""

    weight_g: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    name: str = ""
    fragile: bool = False  # crockery, porcelain, glass, pottery: many carriers do not pay if it arrives broken


def item(weight_g: object, length_cm: object, width_cm: object, height_cm: object, name: str = "",
         fragile: bool = False) -> Item:
    """An item from plain numbers, each checked (a weight of 0 g or a negative size is explained)."""
    return Item(
        weight_g=at_most(positive(weight_g, _("the weight"), "g"), Decimal(100_000), _("the weight"), "g"),
        length_cm=at_most(positive(length_cm, _("the length"), "cm"), Decimal(1000), _("the length"), "cm"),
        width_cm=at_most(positive(width_cm, _("the width"), "cm"), Decimal(1000), _("the width"), "cm"),
        height_cm=at_most(positive(height_cm, _("the height"), "cm"), Decimal(1000), _("the height"), "cm"),
        name=name,
        fragile=bool(fragile),
    )


@dataclass(frozen=True)
class Packaging:
    packaging_id: str
    name: str
    region: str
    cost: Money
    weight_g: Decimal
    padding_cm: Decimal  # added on each side of the contents
    fragile_protection: str  # none, standard or high
    source: str
    valid_from: date


@functools.cache
def _packagings(folder: object, lang: str) -> dict[str, Packaging]:
    """The packaging options, named in `lang` (one cache per language)."""
    return {
        row["packaging_id"]: Packaging(row["packaging_id"], row["name"], row["region"],
                                       Money(row["cost_per_parcel"], row["currency"]), row["weight_g"],
                                       row["padding_cm"], row["fragile_protection"], row["source"],
                                       row["valid_from"])
        for row in reference.rows("packaging", lang)
    }


def packagings(region: str | None = None) -> dict[str, Packaging]:
    """The packaging options (of one region, or all)."""
    found = _packagings(reference.reference_dir(), language())
    return {key: value for key, value in found.items() if region is None or value.region == region}


def get_packaging(packaging: str | Packaging) -> Packaging:
    if isinstance(packaging, Packaging):
        return packaging
    known = packagings()
    return known[one_of(packaging, known, _("packaging"))]


@dataclass(frozen=True)
class Parcel:
    """A packed parcel: sides sorted longest first."""

    weight_g: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    packaging_cost: Money | None = None
    fragile: bool = False  # fragile contents: the carrier's cover for breakage may differ from its cover for loss

    @property
    def weight_kg(self) -> Decimal:
        return self.weight_g / GRAMS_PER_KG

    @property
    def length_plus_girth_cm(self) -> Decimal:
        return self.length_cm + 2 * self.width_cm + 2 * self.height_cm

    @property
    def sum_of_sides_cm(self) -> Decimal:
        return self.length_cm + self.width_cm + self.height_cm


def parcel(weight_g: object, length_cm: object, width_cm: object, height_cm: object, fragile: bool = False) -> Parcel:
    """A parcel measured as it is (already packed); `fragile` when it holds crockery, porcelain, glass…"""
    one = item(weight_g, length_cm, width_cm, height_cm)
    sides = sorted((one.length_cm, one.width_cm, one.height_cm), reverse=True)
    return Parcel(one.weight_g, *sides, fragile=bool(fragile))


def pack(items: Iterable[Item], packaging: str | Packaging) -> Parcel:
    """The parcel that `items` make in `packaging`: stacked on their thinnest side, padding all round."""
    contents = list(items)
    if not contents:
        raise CourseInputError(_("Put at least one item in the parcel."))
    box = get_packaging(packaging)
    footprints = [sorted((i.length_cm, i.width_cm, i.height_cm), reverse=True) for i in contents]
    length = max(sides[0] for sides in footprints) + 2 * box.padding_cm
    width = max(sides[1] for sides in footprints) + 2 * box.padding_cm
    height = sum(sides[2] for sides in footprints) + 2 * box.padding_cm
    weight = sum((i.weight_g for i in contents), Decimal(0)) + box.weight_g
    sides = sorted((length, width, height), reverse=True)
    return Parcel(weight, *sides, packaging_cost=box.cost, fragile=any(i.fragile for i in contents))


def volumetric_weight_kg(length_cm: object, width_cm: object, height_cm: object, divisor: object = 5000) -> Decimal:
    """L × W × H (cm) ÷ divisor: the weight a carrier bills a light but bulky parcel at."""
    length = positive(length_cm, _("the length"), "cm")
    width = positive(width_cm, _("the width"), "cm")
    height = positive(height_cm, _("the height"), "cm")
    return length * width * height / positive(divisor, _("the volumetric divisor"))


@dataclass(frozen=True)
class Service:
    service_id: str
    carrier: str
    name: str
    origin_region: str
    currency: str
    max_weight_kg: Decimal | None
    max_length_cm: Decimal | None
    max_width_cm: Decimal | None
    max_height_cm: Decimal | None
    max_length_plus_girth_cm: Decimal | None
    max_sum_of_sides_cm: Decimal | None
    volumetric_divisor: Decimal | None
    compensation_amount: Decimal | None
    compensation_per_kg: Decimal | None
    fragile_breakage: str  # covered, excluded or not_verified (parcel_services.csv)
    tracked: bool
    source: str
    valid_from: date
    checked_on: date
    # (zone, max_weight_kg, price, valid_from, checked_on), by weight
    rates: tuple[tuple[str, Decimal, Decimal, date, date], ...]


@functools.cache
def _services(folder: object, lang: str) -> dict[str, Service]:
    """The parcel services, named in `lang` (one cache per language); carriers keep their own names."""
    rates: dict[str, list[tuple[str, Decimal, Decimal, date, date]]] = {}
    for row in reference.rows("parcel_rates"):
        rates.setdefault(row["service_id"], []).append(
            (row["zone"], row["max_weight_kg"], row["price"], row["valid_from"], row["checked_on"]))
    fields = [name for name in Service.__dataclass_fields__ if name != "rates"]
    return {
        row["service_id"]: Service(**{name: row[name] for name in fields},
                                   rates=tuple(sorted(rates.get(row["service_id"], []), key=lambda r: r[1])))
        for row in reference.rows("parcel_services", lang)
    }


def services(origin_region: str | None = None) -> dict[str, Service]:
    found = _services(reference.reference_dir(), language())
    return {key: value for key, value in found.items() if origin_region in (None, value.origin_region)}


@functools.cache
def _destinations(folder: object, lang: str) -> dict[tuple[str, str], tuple[str, str]]:
    return {(row["origin_region"], row["country_code"]): (row["zone"], row["country_name"])
            for row in reference.rows("destinations", lang)}


def destinations(origin_region: str) -> dict[str, str]:
    """Country code → country name (in the course's language), for the destinations known from `origin_region`."""
    return {code: name for (origin, code), (_zone, name) in _destinations(reference.reference_dir(), language()).items()
            if origin == origin_region}


def zone_of(origin_region: str, country_code: str) -> str:
    one_of(origin_region, REGIONS, _("region"))
    known = destinations(origin_region)
    code = one_of(country_code, known, _("destination country code"))
    return _destinations(reference.reference_dir(), "en")[(origin_region, code)][0]


def billed_weight_kg(box: Parcel, service: Service) -> Decimal:
    """max(actual, volumetric) where the carrier bills by volume; the actual weight otherwise."""
    if service.volumetric_divisor is None:
        return box.weight_kg
    volumetric = box.length_cm * box.width_cm * box.height_cm / service.volumetric_divisor
    return max(box.weight_kg, volumetric)


def compensation_limit(box: Parcel, service: Service) -> Money:
    """The most the carrier pays if the parcel is lost (and if it arrives broken, unless its contents are fragile
    and the carrier's terms exclude or do not confirm breakage: see `breakage_cover`)."""
    if service.compensation_per_kg is not None:
        return Money(service.compensation_per_kg * box.weight_kg, service.currency).rounded()
    return Money(service.compensation_amount or Decimal(0), service.currency)


def breakage_cover(box: Parcel, service: Service) -> tuple[Money, str]:
    """The most the carrier pays if the parcel arrives broken, and why it is less than the cover for loss ("" when
    it is the same). Fragile contents are covered only where the carrier's terms say so (`fragile_breakage`)."""
    limit = compensation_limit(box, service)
    if not box.fragile or service.fragile_breakage == "covered":
        return limit, ""
    if service.fragile_breakage == "excluded":
        return Money.zero(service.currency), _(
            "{carrier} does not pay for breakage of fragile goods (crockery, porcelain, glass): they travel at your "
            "risk; its cover is for loss only").format(carrier=service.carrier)
    return Money.zero(service.currency), _(
        "the terms the course has read do not say {carrier} pays for breakage of fragile goods: count on its cover "
        "for loss only until you have checked").format(carrier=service.carrier)


def _over(what: str, value: Decimal, limit: Decimal, unit: str) -> str:
    """The limit with the table's own precision (at least 1 decimal: 0.75 kg stays 0.75), the value and the excess
    with as many decimals, or more when fewer would hide the excess (0.7504 over 0.75)."""
    limit_decimals = max(decimals_of(limit), 1)
    decimals = limit_decimals
    while decimals < 4 and round(value, decimals) <= limit:
        decimals += 1
    return _("{what} {value} {unit} is over the limit of {limit} {unit} (by {excess} {unit})").format(
        what=what, value=format_number(value, decimals), limit=format_number(limit, limit_decimals),
        excess=format_number(value - limit, decimals), unit=unit)


def refusals(box: Parcel, service: Service, zone: str | None = None) -> list[str]:
    """Why `service` refuses `box` (to `zone`): one plain sentence per limit broken; empty if accepted."""
    reasons = []
    checks = [
        (_("weight"), box.weight_kg, service.max_weight_kg, "kg"),
        (_("longest side"), box.length_cm, service.max_length_cm, "cm"),
        (_("middle side"), box.width_cm, service.max_width_cm, "cm"),
        (_("shortest side"), box.height_cm, service.max_height_cm, "cm"),
        (_("length + girth"), box.length_plus_girth_cm, service.max_length_plus_girth_cm, "cm"),
        (_("length + width + height"), box.sum_of_sides_cm, service.max_sum_of_sides_cm, "cm"),
    ]
    for what, value, limit, unit in checks:
        if limit is not None and value > limit:
            reasons.append(_over(what, value, limit, unit))
    if zone is not None:
        bands = [rate for rate in service.rates if rate[0] == zone]
        if not bands:
            reasons.append(_("does not deliver to this destination"))
        elif not reasons and billed_weight_kg(box, service) > bands[-1][1]:
            reasons.append(_over(_("billed weight"), billed_weight_kg(box, service), bands[-1][1], "kg"))
    return reasons


@dataclass(frozen=True)
class Quote:
    service: Service
    accepted: bool
    reasons: tuple[str, ...]  # why it is refused (empty when accepted)
    billed_weight_kg: Decimal
    price: Money | None
    compensation_limit: Money  # the most the carrier pays if the parcel is lost
    declared_value: Money | None
    value_covered: bool | None  # does the compensation cover the declared value (lost, or broken if fragile)?
    valid_from: date | None
    fragile: bool = False
    breakage_cover: Money | None = None  # the most the carrier pays if the parcel arrives broken
    breakage_reason: str = ""  # why breakage_cover is below compensation_limit ("" when it is not)
    checked_on: date | None = None  # the older checked_on of the service's row and its price band


def _declared(value: object, currency: str) -> Money:
    if isinstance(value, Money):
        value.same_currency(Money.zero(currency))
        value = value.amount
    return Money(not_negative(value, _("the declared value")), currency)


def assess(box: Parcel, origin_region: str, destination: str, declared_value: object | None = None,
           fragile: bool | None = None) -> list[Quote]:
    """Every service of `origin_region` for this parcel to `destination`: accepted ones cheapest first, then the
    refused ones with their reasons. `fragile` (default: the parcel's own flag) counts breakage cover separately."""
    zone = zone_of(origin_region, destination)
    currency = REGION_CURRENCY[origin_region]
    if fragile is not None:
        box = replace(box, fragile=bool(fragile))
    value = None if declared_value is None else _declared(declared_value, currency)
    quotes = []
    for service in services(origin_region).values():
        reasons = refusals(box, service, zone)
        billed = billed_weight_kg(box, service)
        cover = compensation_limit(box, service)
        broken_cover, broken_reason = breakage_cover(box, service)
        price = None
        valid = None
        checked = service.checked_on
        if not reasons:
            band = next(rate for rate in service.rates if rate[0] == zone and billed <= rate[1])
            price, valid, checked = Money(band[2], service.currency), band[3], min(band[4], service.checked_on)
        paid = min(cover.amount, broken_cover.amount)
        quotes.append(Quote(service, not reasons, tuple(reasons), billed, price, cover, value,
                            None if value is None else paid >= value.amount, valid, box.fragile, broken_cover,
                            broken_reason, checked))
    return sorted(quotes, key=lambda q: (not q.accepted, q.price.amount if q.price else Decimal(0)))


def quote(box: Parcel, origin_region: str, destination: str, declared_value: object | None = None,
          fragile: bool | None = None) -> list[Quote]:
    """The services that accept the parcel to `destination`, cheapest first; NoServiceError if none does."""
    everything = assess(box, origin_region, destination, declared_value, fragile)
    accepted = [q for q in everything if q.accepted]
    if not accepted:
        why = "; ".join(f"{q.service.name}: {q.reasons[0]}" for q in everything)
        raise NoServiceError(_("No service in the tables accepts this parcel. {why}.").format(why=why))
    return accepted


def _currency_of(*amounts: object) -> str:
    """The currency of the first Money among `amounts` (plain numbers take it), or a CourseInputError."""
    for amount in amounts:
        if isinstance(amount, Money):
            return amount.currency
    raise CourseInputError(_("Give at least one of the amounts as money with its currency, e.g. "
                             "Money.of(61.10, \"GBP\"): the course cannot guess the currency of plain numbers."))


def _cost(value: object, currency: str, what: str) -> Money:
    """A cost: money in `currency` (or a plain number taken in it), zero or more."""
    money = as_money(value, currency, what)
    not_negative(money.amount, what)
    return money


def expected_breakage_cost(breakage_rate_pct: object, replacement_cost: object, reshipping_cost: object) -> Money:
    """Breakage rate × (replacing the piece + sending it again): what breakage costs per parcel on average.

    The costs are Money, or plain numbers in the currency of the other one."""
    currency = _currency_of(replacement_cost, reshipping_cost)
    replacement = _cost(replacement_cost, currency, _("the cost of replacing the piece"))
    reshipping = _cost(reshipping_cost, currency, _("the cost of sending it again"))
    rate = at_most(not_negative(breakage_rate_pct, _("the breakage rate"), "%"), HUNDRED, _("the breakage rate"),
                   "%")
    return ((replacement + reshipping) * rate / HUNDRED).rounded()


@dataclass(frozen=True)
class PackagingComparison:
    """Is better packaging worth it? Cost per parcel with each option, breakage included."""

    cost_per_parcel_cheap: Money  # packaging + expected breakage, cheaper packaging
    cost_per_parcel_better: Money
    saving_per_parcel: Money  # positive: the better packaging pays for itself
    break_even_value: Money | None  # replacement + reshipping cost above which the better packaging pays


def compare_packaging(cheap_cost: object, cheap_breakage_pct: object, better_cost: object,
                      better_breakage_pct: object, replacement_cost: object, reshipping_cost: object,
                      extra_postage: object | None = None) -> PackagingComparison:
    """Fragile-goods economics: extra packaging cost against the breakage it avoids, and the break-even value.

    `extra_postage` is what the bigger, better box adds to the postage (it may push a parcel into a dearer format);
    it counts as part of the better packaging's cost. Amounts are Money, or plain numbers in the currency of the
    others (`remake = 61.10` works beside Money in GBP).
    """
    currency = _currency_of(cheap_cost, better_cost, replacement_cost, reshipping_cost, extra_postage)
    cheap_cost = _cost(cheap_cost, currency, _("the cost of the cheaper packaging"))
    better_cost = _cost(better_cost, currency, _("the cost of the better packaging"))
    replacement_cost = _cost(replacement_cost, currency, _("the cost of replacing the piece"))
    reshipping_cost = _cost(reshipping_cost, currency, _("the cost of sending it again"))
    if extra_postage is not None:
        extra_postage = _cost(extra_postage, currency, _("the extra postage"))
        better_cost = better_cost + extra_postage
    cheap_rate = not_negative(cheap_breakage_pct, _("the breakage rate"), "%")
    better_rate = not_negative(better_breakage_pct, _("the breakage rate"), "%")
    cheap = cheap_cost + expected_breakage_cost(cheap_rate, replacement_cost, reshipping_cost)
    better = better_cost + expected_breakage_cost(better_rate, replacement_cost, reshipping_cost)
    avoided = (cheap_rate - better_rate) / HUNDRED
    break_even = ((better_cost - cheap_cost) / avoided).rounded() if avoided > 0 else None
    return PackagingComparison(cheap, better, cheap - better, break_even)


def free_delivery_threshold(postage_cost: object, product_margin_pct: object, target_margin_pct: object) -> Money:
    """The order value from which you can offer free delivery and still keep `target_margin_pct`.

    With margin m on goods and target t, both as a % of the order value the customer pays (VAT included where you
    charge VAT, as on a shop's price tags): order × m − postage ≥ order × t, so order ≥ postage ÷ (m − t).
    """
    postage_cost = _cost(postage_cost, _currency_of(postage_cost), _("the postage"))
    margin = at_most(not_negative(product_margin_pct, _("the margin on your goods"), "%"), HUNDRED,
                     _("the margin on your goods"), "%")
    target = not_negative(target_margin_pct, _("the target margin"), "%")
    if margin <= target:
        raise CourseInputError(_(
            "Free delivery can never keep a {target} margin when your goods earn {margin}: the postage always "
            "eats into it. Lower the target or raise your prices.").format(
            target=format_pct(target, 0), margin=format_pct(margin, 0)))
    return Money(postage_cost.amount / ((margin - target) / HUNDRED), postage_cost.currency).rounded()


def describe_quote(q: Quote) -> str:
    """One plain sentence about a quote, for a table or a screen reader."""
    if not q.accepted:
        return _("{service}: refused — {reasons}.").format(service=q.service.name, reasons="; ".join(q.reasons))
    if q.breakage_reason and q.breakage_cover is not None:
        return _("{service}: {price} for {weight} kg billed; pays up to {cover} if lost, {broken} if broken: "
                 "{reason}.").format(
            service=q.service.name, price=format_money(q.price.amount, q.price.currency) if q.price else "",
            weight=format_number(q.billed_weight_kg, 2), cover=q.compensation_limit, broken=q.breakage_cover,
            reason=q.breakage_reason)
    return _("{service}: {price} for {weight} kg billed; pays up to {cover} if lost or broken.").format(
        service=q.service.name, price=format_money(q.price.amount, q.price.currency) if q.price else "",
        weight=format_number(q.billed_weight_kg, 2), cover=q.compensation_limit)
