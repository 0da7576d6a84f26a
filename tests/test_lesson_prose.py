"""Figures typed in lesson prose and trainer notes agree with the package that computes them."""

from __future__ import annotations

from pathlib import Path

import nbformat

from atelier import pricing, reference, shipping, tax
from atelier.analytics.brighton_kiln import packaging_breakage_pct
from atelier.display import format_date
from atelier.i18n import format_money, format_number, format_pct
from atelier.money import Money
from atelier.selfchecks import nb03, nb04

ROOT = Path(__file__).resolve().parents[1]


def markdown(name: str) -> str:
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return " ".join(" ".join(c.source.split()) for c in notebook.cells if c.cell_type == "markdown")


def note(name: str) -> str:
    return " ".join((ROOT / "instructors" / name).read_text(encoding="utf-8").split())


def etsy_fees_with_vat() -> dict[str, bool]:
    return {row["fee_id"]: row["vat_applies"] for row in reference.rows("channel_fees")
            if row["channel_id"] == "etsy_uk"}


def test_lesson_03_says_which_etsy_fees_carry_vat() -> None:
    vat = etsy_fees_with_vat()
    assert vat["listing"] and vat["transaction"] and vat["regulatory_operating"]
    assert not vat["payment_processing"]
    for text in (markdown("03_pricing.ipynb"), note("03_pricing.md")):
        assert "VAT on Etsy's listing, transaction and regulatory fees" in text
        assert "payment processing fee is not settled" in text
        assert "VAT on Etsy's fees (20 %)" not in text


def test_lesson_03_names_every_part_of_the_french_contributions() -> None:
    parts = tax.contribution_parts_pct("fr_micro_franchise_services")
    assert set(parts) == {"fr_micro_social_services_rate", "fr_micro_training_artisan_rate",
                          "fr_micro_chamber_services_rate"}
    text = markdown("03_pricing.ipynb")
    assert "social contributions, the training contribution and the chamber-of-crafts tax on the turnover" in text
    assert "social contributions and, as an artisan, the chamber-of-crafts tax on every euro" in text


def test_trainer_notes_03_quote_the_chair_sale_as_computed() -> None:
    sale = nb03.chair_sale()
    text = note("03_pricing.md")
    parts = tax.contribution_parts_pct("fr_micro_franchise_services").values()
    assert "contributions " + format_money(sale.contributions.amount, "EUR") in text
    for part in parts:
        assert format_pct(part, 2 if part != round(part, 1) else 1) in text
    assert "net " + format_money(sale.net_received.amount, "EUR") in text
    assert "margin " + format_money(sale.margin.amount, "EUR") in text
    assert f"({format_pct(sale.margin_pct)})" in text
    assert sale.hourly_wage is not None
    assert "**" + format_money(sale.hourly_wage.amount, "EUR") + "**" in text
    _piece, cost = nb03.preset_cost("upholsterer_chair")
    assert f"{sale.margin.amount / cost.making_time_h:.2f} (margin per hour" in text
    assert "€129.00" not in text and "€35.60" not in text


def test_trainer_notes_03_date_the_living_wage_from_its_row() -> None:
    row = reference.lookup("course_defaults", "parameter", "uk_national_living_wage")
    assert row is not None
    day = " ".join(format_date(row["valid_from"]).split()[:2])
    assert f"UK National Living Wage {format_money(row['value'], 'GBP')} (from {day} {row['valid_from'].year})" \
        in note("03_pricing.md")


def test_trainer_notes_03_etsy_fees_match_the_lesson() -> None:
    amounts = dict(pricing.fees("etsy_uk", 28, postage_charged=3.75).rows())
    text = note("03_pricing.md")
    vat = amounts["VAT on the platform's fees"]
    assert f"VAT on the fees {vat}" in text
    assert f"**total {amounts['Total fees']}**" in text


def code(name: str) -> str:
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "code")


def test_lesson_04_breakage_rates_are_the_case_data() -> None:
    rates = packaging_breakage_pct()
    single, double = rates["uk_single_wall_bubble"], rates["uk_double_wall_inserts"]
    text = markdown("04_shipping.ipynb")
    assert (f"broke {format_pct(single)} of its parcels in single-wall boxes and {format_pct(double)} in "
            "double-wall boxes") in text
    assert "about 4 %" not in text and "about 1 %" not in text
    for call in ("compare_packaging", "break_even_chart"):
        assert f"{call}(cheap_box, {single}, better_box, {double}, remake, resend)" in code("04_shipping.ipynb")
    notes = note("04_shipping.md")
    assert f"single-wall £1.20 at {format_pct(single)} vs double-wall £2.60 at {format_pct(double)}" in notes
    result = nb04.packaging_comparison(Money.of("61.10", "GBP"), Money.of("6.19", "GBP"))
    assert f"{result.cost_per_parcel_cheap} vs {result.cost_per_parcel_better} per parcel" in notes


def test_lesson_04_says_the_uk_volume_rule_is_an_assumption() -> None:
    service = shipping.services("UK")["parcelforce_express48"]
    assert service.volumetric_divisor == 5000
    row = reference.lookup("parcel_services", "service_id", "parcelforce_express48")
    assert row is not None and "assumption: volumetric_divisor 5000 not confirmed" in row["note"]
    text, notes = markdown("04_shipping.ipynb"), note("04_shipping.md")
    assert "Parcelforce publishes its ÷5000 rule for international parcels; the course applies it to UK express48 " \
           "as an assumption (not confirmed)" in text
    billed = format_number(nb04.lampshade_quote().billed_weight_kg, 2)
    assert f"**£29.99 for {billed} kg billed**" in notes
    assert f"as an assumption (not confirmed): {billed} kg is what it would bill" in notes


def test_lesson_04_packs_the_vase_as_fragile_and_says_who_pays_for_breakage() -> None:
    assert "vase = shipping.item(1600, 30, 18, 18, fragile=True)" in code("04_shipping.ipynb")
    rules = {row["carrier"]: row["fragile_breakage"] for row in reference.rows("parcel_services")}
    assert rules["Mondial Relay"] == "excluded"
    assert all(rule == "not_verified" for carrier, rule in rules.items() if carrier != "Mondial Relay")
    text = markdown("04_shipping.ipynb")
    assert ("A carrier's cover is for loss; for a fragile piece breakage is paid only where its terms say so: "
            "Mondial Relay's FAQ excludes it, and for the others the course has not found the rule.") in text
    assert "- Check that the carrier pays for breakage of fragile goods" in text


def test_trainer_notes_03_quote_the_mugs_sales_as_computed() -> None:
    _piece, mug = nb03.preset_cost("brighton_kiln_mug")
    text = note("03_pricing.md")

    def gbp(amount: object) -> str:
        return format_money(amount, "GBP")  # type: ignore[arg-type]

    plain = pricing.sell(mug, "etsy_uk", 28, "uk_not_vat_registered", postage_charged=3.75)
    assert plain.hourly_wage is not None
    assert (f"net received {gbp(plain.net_received.amount)}, margin **{gbp(plain.margin.amount)} "
            f"({format_pct(plain.margin_pct)})**, per hour of making **{gbp(plain.hourly_wage.amount)}**") in text
    registered = pricing.sell(mug, "etsy_uk", 28, "uk_vat_registered", postage_charged=3.75)
    assert registered.hourly_wage is not None
    shown = dict(registered.rows())  # the fees line as the lesson shows it, VAT on fees reclaimed
    assert (f"VAT passed on {gbp(registered.vat_due.amount)}, fees {shown['Platform and payment fees']} (VAT on fees "
            f"reclaimed), margin **{gbp(registered.margin.amount)} ({format_pct(registered.margin_pct)})**, per "
            f"hour {gbp(registered.hourly_wage.amount)}") in text
    asked = pricing.price_for_margin(mug, "etsy_uk", 30, "uk_not_vat_registered", postage_charged=3.75)
    assert (f"**{gbp(asked.price.amount)}** (the buyer pays {gbp(asked.customer_pays.amount)} with postage)"
            in text)
