"""Self-checks of notebook 03 (Pricing for online channels). Every expected value is computed by the package from
the case-study presets (simulator_presets.csv) and the reference tables, never typed here.

The lesson's worked example depends on the course's language (`atelier.i18n.language()`): The Brighton Kiln's mug
on Etsy UK in English, a French potter's bowl on Etsy France in French (`EXAMPLES`). The unit of an answer box is
the example's currency in the language the kernel started in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from atelier import pricing, reference, shipping
from atelier.i18n import _, format_money, format_pct, language
from atelier.pricing import UnitCost
from atelier.selfcheck import Verdict, close_to, hint, register

PENNY_TOLERANCE = 0.011
# the worked example of each language: the piece (simulator_presets.csv), the marketplace it is priced on, and
# the parcel service whose price the buyer pays as postage (for the French piece, in its own packaging)
EXAMPLES: dict[str, dict[str, str]] = {
    "en": {"preset": "brighton_kiln_mug", "channel": "etsy_uk", "postage_service": "royal_mail_tracked48_small"},
    "fr": {"preset": "fr_potter_bowl", "channel": "etsy_fr", "postage_service": "colissimo_home"},
}


def example() -> dict[str, str]:
    """The worked example of the course's language."""
    return EXAMPLES.get(language(), EXAMPLES["en"])


def example_currency() -> str:
    return str(preset(example()["preset"])["currency"])


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


def example_postage() -> Decimal:
    """The postage the buyer of the lesson's piece pays: Royal Mail's small parcel for the English mug; for the
    French bowl, Colissimo's price for the bowl packed in its own box, within France."""
    if example()["preset"] == "brighton_kiln_mug":
        return small_parcel_postage()
    piece = preset(example()["preset"])
    box = shipping.pack([shipping.item(piece["weight_g"], piece["length_cm"], piece["width_cm"], piece["height_cm"])],
                        piece["packaging_id"])
    found = next(q for q in shipping.quote(box, piece["region"], piece["destination"])
                 if q.service.service_id == example()["postage_service"])
    assert found.price is not None
    return found.price.amount


def etsy_sale() -> pricing.Sale:
    """The piece's price on Etsy for the course's default target margin, postage paid by the buyer."""
    piece, cost = preset_cost(example()["preset"])
    return pricing.price_for_margin(cost, example()["channel"], reference.default("target_margin"),
                                    piece["tax_status"], postage_charged=example_postage())


def chair_sale() -> pricing.Sale:
    """The upholsterer's armchair job at its usual price, paid in the workshop."""
    piece, cost = preset_cost("upholsterer_chair")
    return pricing.sell(cost, "shop_direct_fr", piece["typical_price"], piece["tax_status"])


def _near(answer: object, expected: Decimal) -> bool:
    return abs(float(answer) - float(expected)) <= PENNY_TOLERANCE  # type: ignore[arg-type]


def _is_mug() -> bool:
    return example()["preset"] == "brighton_kiln_mug"


@register("nb03.unit_cost", kind="number", unit=example_currency())
def unit_cost(answer: object) -> Verdict:
    _piece, cost = preset_cost(example()["preset"])
    if _near(answer, cost.total.amount - cost.labour.amount):
        return hint(_("Your time is missing: add the making time × your hourly rate ({labour}).").format(
            labour=cost.labour))
    if _near(answer, cost.total.amount - cost.packaging.amount):
        if not _is_mug():
            return hint(_("Almost: the packaging ({packaging}) is part of what one bowl costs you.").format(
                packaging=cost.packaging))
        return hint(_("Almost: the packaging ({packaging}) is part of what one mug costs you.").format(
            packaging=cost.packaging))
    if not _is_mug():
        return close_to(answer, float(cost.total.amount), PENNY_TOLERANCE,
                        _("Right: one bowl costs {total} before any sale.").format(total=cost.total),
                        _("Not yet. Read the last line of the table above (“Cost of one piece”), with the bowl's "
                          "figures as given, and type that amount."))
    return close_to(answer, float(cost.total.amount), PENNY_TOLERANCE,
                    _("Right: one mug costs {total} before any sale.").format(total=cost.total),
                    _("Not yet. Read the last line of the table above (“Cost of one piece”), with the Brighton Kiln "
                      "figures as given, and type that amount."))


@register("nb03.etsy_price", kind="number", unit=example_currency())
def etsy_price(answer: object) -> Verdict:
    sale = etsy_sale()
    if _near(answer, sale.customer_pays.amount):
        if not _is_mug():
            return hint(_("That is what the buyer pays with the postage. The question asks for the price of the "
                          "bowl alone: it is in the table's title (“A sale at …”)."))
        return hint(_("That is what the buyer pays with the postage. The question asks for the price of the mug "
                      "alone: it is in the table's title (“A sale at …”)."))
    if _near(answer, sale.margin.amount):
        return hint(_("That is the margin the price leaves you. The question asks for the price itself."))
    target = format_pct(reference.default("target_margin"), 0)
    right = (_("Right: on Etsy the mug needs {price} for a {pct} margin.") if _is_mug()
             else _("Right: on Etsy the bowl needs {price} for a {pct} margin.")).format(price=sale.price, pct=target)
    return close_to(answer, float(sale.price.amount), PENNY_TOLERANCE, right,
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
