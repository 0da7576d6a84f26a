"""Self-checks of notebook 04 (Shipping fragile and bulky goods). Every expected value is computed by the package
from the case-study presets (simulator_presets.csv) and the reference tables, never typed here."""

from __future__ import annotations

from decimal import Decimal

from atelier import pricing, reference, shipping
from atelier.i18n import _, format_money, format_number
from atelier.money import Money
from atelier.selfcheck import Verdict, close_to, hint, register
from atelier.selfchecks.nb03 import preset, preset_cost

PENNY_TOLERANCE = 0.011
# the lesson's lampshade: weight in g, then length, width, height in cm (a simulated piece)
LAMPSHADE = (600, 40, 40, 35)
LAMPSHADE_PACKAGING = "uk_single_wall_bubble"
# the Fabric Store Online's typical order: half-metres of linen in one mailer; the margin it wants to keep, in %
LINEN_PER_ORDER = 4
FREE_DELIVERY_TARGET_PCT = 20


def preset_item(preset_id: str) -> shipping.Item:
    piece = preset(preset_id)
    return shipping.item(piece["weight_g"], piece["length_cm"], piece["width_cm"], piece["height_cm"])


def mug_double_wall_quotes() -> list[shipping.Quote]:
    box = shipping.pack([preset_item("brighton_kiln_mug")], "uk_double_wall_inserts")
    return shipping.quote(box, "UK", "GB")


def mug_single_wall_price() -> Money:
    box = shipping.pack([preset_item("brighton_kiln_mug")], "uk_single_wall_bubble")
    small = next(q for q in shipping.quote(box, "UK", "GB") if q.service.service_id == "royal_mail_tracked48_small")
    assert small.price is not None
    return small.price


def lampshade_quote() -> shipping.Quote:
    box = shipping.pack([shipping.item(*LAMPSHADE)], LAMPSHADE_PACKAGING)
    return next(q for q in shipping.assess(box, "UK", "GB") if q.service.service_id == "parcelforce_express48")


def packaging_comparison(replacement: Money, reshipping: Money) -> shipping.PackagingComparison:
    """Single-wall against double-wall box, at the breakage rate of each in The Brighton Kiln's orders."""
    from atelier.analytics.brighton_kiln import packaging_breakage_pct

    rates = packaging_breakage_pct()
    single = shipping.get_packaging("uk_single_wall_bubble").cost
    double = shipping.get_packaging("uk_double_wall_inserts").cost
    return shipping.compare_packaging(single, rates["uk_single_wall_bubble"], double, rates["uk_double_wall_inserts"],
                                      replacement, reshipping)


def linen_order_postage() -> Money:
    piece = preset("fabric_store_linen")
    box = shipping.pack([preset_item("fabric_store_linen")] * LINEN_PER_ORDER, piece["packaging_id"])
    cheapest = shipping.quote(box, "FR", "FR")[0]
    assert cheapest.price is not None
    return cheapest.price


def linen_margin_pct() -> Decimal:
    """The linen's margin as a share of what the customer pays (TVA included), like a free-delivery threshold."""
    piece, cost = preset_cost("fabric_store_linen")
    sale = pricing.sell(cost, "stripe_web_shop_fr", piece["typical_price"], piece["tax_status"])
    return sale.margin.amount / sale.price.amount * 100


def free_delivery_from() -> Money:
    return shipping.free_delivery_threshold(linen_order_postage(), linen_margin_pct(), FREE_DELIVERY_TARGET_PCT)


def _near(answer: object, expected: Decimal | float, tolerance: float = PENNY_TOLERANCE) -> bool:
    return abs(float(answer) - float(expected)) <= tolerance  # type: ignore[arg-type]


@register("nb04.mug_double_wall", kind="number", unit="GBP")
def mug_double_wall(answer: object) -> Verdict:
    cheapest = mug_double_wall_quotes()[0]
    assert cheapest.price is not None
    if _near(answer, mug_single_wall_price().amount):
        return hint(_("That is the small-parcel price. Look again: the double-wall box is too tall for a small "
                      "parcel, so that service refuses it."))
    return close_to(answer, float(cheapest.price.amount), PENNY_TOLERANCE,
                    _("Right: {service} at {price}, the cheapest service that accepts the bigger box.").format(
                        service=cheapest.service.name, price=cheapest.price),
                    _("Not yet. In the table for the double-wall box, the first line is the cheapest service that "
                      "accepts it: type its price."))


@register("nb04.lampshade_billed", kind="number", unit="kg")
def lampshade_billed(answer: object) -> Verdict:
    q = lampshade_quote()
    box = shipping.pack([shipping.item(*LAMPSHADE)], LAMPSHADE_PACKAGING)
    if _near(answer, box.weight_kg, 0.01):
        return hint(_("That is what the parcel really weighs. The course bills Parcelforce on the bigger of the real "
                      "weight and the volumetric weight (length × width × height ÷ 5000): Parcelforce publishes "
                      "that rule for international parcels, and the course assumes it for UK express48."))
    unpacked = shipping.volumetric_weight_kg(*LAMPSHADE[1:])
    if _near(answer, unpacked, 0.01):
        return hint(_("That is the volumetric weight of the lampshade alone. Measure the packed parcel: the box "
                      "and its padding add centimetres on every side."))
    return close_to(answer, float(q.billed_weight_kg), 0.01,
                    _("Right: Parcelforce would bill {weight} kg for a parcel that weighs {real} kg, if its ÷5000 "
                      "rule applies in the UK (the course assumes so; not confirmed).").format(
                        weight=format_number(q.billed_weight_kg, 2), real=format_number(box.weight_kg, 2)),
                    _("Not yet. Read the “Billed weight” column on the Parcelforce line, in kg."))


@register("nb04.break_even", kind="number", unit="GBP")
def break_even(answer: object) -> Verdict:
    result = packaging_comparison(Money.of(1, "GBP"), Money.of(0, "GBP"))
    assert result.break_even_value is not None
    return close_to(answer, float(result.break_even_value.amount), PENNY_TOLERANCE,
                    _("Right: above {value} per breakage, the double-wall box pays for itself.").format(
                        value=result.break_even_value),
                    _("Not yet. Read the last line of the comparison (“Break-even”), or the dotted line on the chart."))


@register("nb04.free_delivery", kind="number", unit="EUR")
def free_delivery(answer: object) -> Verdict:
    threshold = free_delivery_from()
    in_use = reference.default("free_shipping_threshold_fr")
    if _near(answer, in_use):
        return hint(_("That is the threshold the shop uses today ({value}). The question asks for the one that "
                      "keeps the margin you want.").format(value=format_money(in_use, "EUR")))
    return close_to(answer, float(threshold.amount), PENNY_TOLERANCE,
                    _("Right: free delivery from {value} keeps the margin the shop wants.").format(value=threshold),
                    _("Not yet. Read the line “Free delivery from an order of” in the table above."))
