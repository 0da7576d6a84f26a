"""Figures typed in lesson prose and trainer notes agree with the package that computes them."""

from __future__ import annotations

from pathlib import Path

import nbformat

from atelier import pricing, reference, tax
from atelier.display import format_date
from atelier.i18n import format_money, format_pct
from atelier.selfchecks import nb03

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
