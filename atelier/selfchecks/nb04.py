"""Self-checks of notebook 04 (Shipping fragile and bulky goods). Every expected value is computed by the package
from the case-study presets (simulator_presets.csv) and the reference tables, never typed here.

The lesson's examples depend on the course's language (`atelier.i18n.language()`, `EXAMPLES`): The Brighton Kiln's
mug and a lampshade sent from the UK in English; a French potter's bowl and a lampshade sent with Colissimo and
Mondial Relay in French. The Fabric Store Online's free delivery is French in both.
"""

from __future__ import annotations

from decimal import Decimal

from atelier import pricing, reference, shipping
from atelier.i18n import _, format_money, format_number, language
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
# each language's pieces: the piece (simulator_presets.csv), where it is sent from and to, its two boxes
# (packaging.csv), and the lampshade's box and the service whose billed weight the lesson asks for
EXAMPLES: dict[str, dict[str, str]] = {
    "en": {"preset": "brighton_kiln_mug", "origin": "UK", "destination": "GB", "single": "uk_single_wall_bubble",
           "double": "uk_double_wall_inserts", "lampshade_service": "parcelforce_express48"},
    "fr": {"preset": "fr_potter_bowl", "origin": "FR", "destination": "FR", "single": "fr_single_wall_bubble",
           "double": "fr_double_wall_inserts", "lampshade_service": "colissimo_home"},
}


def example() -> dict[str, str]:
    """The examples of the course's language."""
    return EXAMPLES.get(language(), EXAMPLES["en"])


def _is_mug() -> bool:
    return example()["preset"] == "brighton_kiln_mug"


def example_currency() -> str:
    return str(preset(example()["preset"])["currency"])


def preset_item(preset_id: str) -> shipping.Item:
    piece = preset(preset_id)
    return shipping.item(piece["weight_g"], piece["length_cm"], piece["width_cm"], piece["height_cm"])


def mug_double_wall_quotes() -> list[shipping.Quote]:
    """The services that take the lesson's piece in the double-wall box, cheapest first."""
    ex = example()
    box = shipping.pack([preset_item(ex["preset"])], ex["double"])
    return shipping.quote(box, ex["origin"], ex["destination"])


def mug_single_wall_price() -> Money:
    box = shipping.pack([preset_item("brighton_kiln_mug")], "uk_single_wall_bubble")
    small = next(q for q in shipping.quote(box, "UK", "GB") if q.service.service_id == "royal_mail_tracked48_small")
    assert small.price is not None
    return small.price


def lampshade_packaging() -> str:
    return LAMPSHADE_PACKAGING if _is_mug() else example()["single"]


def lampshade_quote() -> shipping.Quote:
    ex = example()
    box = shipping.pack([shipping.item(*LAMPSHADE)], lampshade_packaging())
    return next(q for q in shipping.assess(box, ex["origin"], ex["destination"])
                if q.service.service_id == ex["lampshade_service"])


def packaging_comparison(replacement: Money, reshipping: Money) -> shipping.PackagingComparison:
    """Single-wall against double-wall box, at the breakage rate of each in The Brighton Kiln's orders."""
    from atelier.analytics.brighton_kiln import packaging_breakage_pct

    rates = packaging_breakage_pct()
    # the boxes of the example whose currency the costs are in (the British mug's in £, the French bowl's in €)
    boxes = next((chosen for chosen in (example(), *EXAMPLES.values())
                  if shipping.get_packaging(chosen["single"]).cost.currency == replacement.currency), example())
    single = shipping.get_packaging(boxes["single"]).cost
    double = shipping.get_packaging(boxes["double"]).cost
    # the only measured breakage rates the course has are The Brighton Kiln's, per box type, in every language
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


@register("nb04.mug_double_wall", kind="number", unit=example_currency())
def mug_double_wall(answer: object) -> Verdict:
    quotes = mug_double_wall_quotes()
    cheapest = quotes[0]
    assert cheapest.price is not None
    if not _is_mug():
        dearer = next((q for q in quotes[1:] if q.price is not None and _near(answer, q.price.amount)), None)
        if dearer is not None:
            return hint(_("That is the price of {service}. The first line of the table is the cheapest service "
                          "that accepts the box: type its price.").format(service=dearer.service.name))
        return close_to(answer, float(cheapest.price.amount), PENNY_TOLERANCE,
                        _("Right: {service} at {price}, the cheapest service that accepts the bowl in its safer "
                          "box.").format(service=cheapest.service.name, price=cheapest.price),
                        _("Not yet. In the table for the double-wall box, the first line is the cheapest service "
                          "that accepts it: type its price."))
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
    box = shipping.pack([shipping.item(*LAMPSHADE)], lampshade_packaging())
    if not _is_mug():
        volumetric = shipping.volumetric_weight_kg(box.length_cm, box.width_cm, box.height_cm)
        if _near(answer, volumetric, 0.01) and not _near(answer, q.billed_weight_kg, 0.01):
            return hint(_("That is the volumetric weight (length × width × height ÷ 5000). In the course's tables "
                          "{service} does not bill by volume: read its “Billed weight” column.").format(
                              service=q.service.name))
        return close_to(answer, float(q.billed_weight_kg), 0.01,
                        _("Right: {service} bills {weight} kg, the parcel's real weight: it limits the size of a "
                          "parcel instead of billing its volume.").format(
                            service=q.service.name, weight=format_number(q.billed_weight_kg, 2)),
                        _("Not yet. Read the “Billed weight” column on the {service} line, in kg.").format(
                            service=q.service.name))
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


@register("nb04.break_even", kind="number", unit=example_currency())
def break_even(answer: object) -> Verdict:
    result = packaging_comparison(Money.of(1, example_currency()), Money.of(0, example_currency()))
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
