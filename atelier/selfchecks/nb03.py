"""Self-checks of notebook 03 (Pricing for online channels). Every expected value is computed by the package from
the case-study presets (simulator_presets.csv) and the reference tables, never typed here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from atelier import pricing, reference
from atelier.i18n import _, format_money, format_pct
from atelier.pricing import UnitCost
from atelier.selfcheck import Verdict, close_to, hint, register

PENNY_TOLERANCE = 0.011


def preset(preset_id: str) -> dict[str, Any]:
    """One case-study piece of simulator_presets.csv."""
    row = reference.lookup("simulator_presets", "preset_id", preset_id)
    assert row is not None, preset_id
    return row


def preset_cost(preset_id: str) -> tuple[dict[str, Any], UnitCost]:
    """A case-study piece's unit cost, with the course's default hourly rate of its region."""
    piece = preset(preset_id)
    rate = reference.default("hourly_rate_uk" if piece["region"] == "UK" else "hourly_rate_fr")
    cost = pricing.unit_cost(materials=piece["materials"], making_time_h=piece["making_time_h"], hourly_rate=rate,
                             overhead=piece["overhead"], packaging=piece["packaging_cost"],
                             currency=piece["currency"])
    return piece, cost


def small_parcel_postage() -> Decimal:
    """Royal Mail Tracked 48, small parcel, in the UK: the postage the lesson's mug buyer pays."""
    row = next(row for row in reference.rows("parcel_rates")
               if row["service_id"] == "royal_mail_tracked48_small" and row["zone"] == "uk")
    return row["price"]


def etsy_sale() -> pricing.Sale:
    """The mug's price on Etsy for the course's default target margin, postage paid by the buyer."""
    _piece, cost = preset_cost("brighton_kiln_mug")
    return pricing.price_for_margin(cost, "etsy_uk", reference.default("target_margin"), "uk_not_vat_registered",
                                    postage_charged=small_parcel_postage())


def chair_sale() -> pricing.Sale:
    """The upholsterer's armchair job at its usual price, paid in the workshop."""
    piece, cost = preset_cost("upholsterer_chair")
    return pricing.sell(cost, "shop_direct_fr", piece["typical_price"], piece["tax_status"])


def _near(answer: object, expected: Decimal) -> bool:
    return abs(float(answer) - float(expected)) <= PENNY_TOLERANCE  # type: ignore[arg-type]


@register("nb03.unit_cost", kind="number", unit="GBP")
def unit_cost(answer: object) -> Verdict:
    _piece, cost = preset_cost("brighton_kiln_mug")
    if _near(answer, cost.total.amount - cost.labour.amount):
        return hint(_("Your time is missing: add the making time × your hourly rate ({labour}).").format(
            labour=cost.labour))
    if _near(answer, cost.total.amount - cost.packaging.amount):
        return hint(_("Almost: the packaging ({packaging}) is part of what one mug costs you.").format(
            packaging=cost.packaging))
    return close_to(answer, float(cost.total.amount), PENNY_TOLERANCE,
                    _("Right: one mug costs {total} before any sale.").format(total=cost.total),
                    _("Not yet. Read the last line of the table above (“Cost of one piece”), with the Brighton Kiln "
                      "figures as given, and type that amount."))


@register("nb03.etsy_price", kind="number", unit="GBP")
def etsy_price(answer: object) -> Verdict:
    sale = etsy_sale()
    if _near(answer, sale.customer_pays.amount):
        return hint(_("That is what the buyer pays with the postage. The question asks for the price of the mug "
                      "alone: it is in the table's title (“A sale at …”)."))
    if _near(answer, sale.margin.amount):
        return hint(_("That is the margin the price leaves you. The question asks for the price itself."))
    return close_to(answer, float(sale.price.amount), PENNY_TOLERANCE,
                    _("Right: on Etsy the mug needs {price} for a {pct} margin.").format(
                        price=sale.price, pct=format_pct(reference.default("target_margin"), 0)),
                    _("Not yet. Run the cell with price_for_margin and read the price in the table's title "
                      "(“A sale at …”), then type it."))


@register("nb03.chair_hourly", kind="number", unit="EUR")
def chair_hourly(answer: object) -> Verdict:
    sale = chair_sale()
    wage = sale.hourly_wage
    assert wage is not None
    _piece, cost = preset_cost("upholsterer_chair")
    if _near(answer, cost.hourly_rate.amount):
        return hint(_("That is the hourly rate you counted in the cost. What you really earn is higher or lower: "
                      "read the last line of the sale."))
    if _near(answer, sale.margin.amount / cost.making_time_h):
        return hint(_("Close: that is the margin per hour. Your time was already paid inside the cost, so add "
                      "it back: the last line of the sale shows the answer."))
    return close_to(answer, float(wage.amount), PENNY_TOLERANCE,
                    _("Right: the job pays {wage} per hour of work, after contributions and materials.").format(
                        wage=format_money(wage.amount, wage.currency)),
                    _("Not yet. Read the last line of the sale above (“What you earn per hour of making”)."))
