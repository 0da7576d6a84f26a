"""The tables and charts of lessons 03 and 04 (`atelier.figures`), and their self-checks (`nb03`, `nb04`)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from atelier import charts, pricing, reference, shipping
from atelier.figures import Table
from atelier.figures import pricing as pricing_figures
from atelier.figures import shipping as shipping_figures
from atelier.i18n import format_money, format_pct
from atelier.money import Money
from atelier.selfcheck import check
from atelier.selfchecks import nb03, nb04

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mug() -> pricing.UnitCost:
    return nb03.preset_cost("brighton_kiln_mug")[1]


def stored_text(notebook: str) -> str:
    """Every text/plain output stored in a lesson notebook, joined."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(output.get("data", {}).get("text/plain", ""))
                     for cell in cells if cell["cell_type"] == "code" for output in cell.get("outputs", []))


def test_a_table_shows_as_html_and_text_with_numbers_right_aligned() -> None:
    import pandas as pd

    table = Table(pd.DataFrame({"Channel": ["Etsy <UK>", "Shop"], "Price": ["£28.43", "£22.29"]}), "Caption",
                  "Valid as of today")
    page = table._repr_html_()
    assert "<caption" in page and "Etsy &lt;UK&gt;" in page and "Valid as of today" in page
    assert "text-align:right;padding:2px 8px'>£28.43" in page
    assert "text-align:left;padding:2px 8px'>Shop" in page
    text = str(table).splitlines()
    assert text[0] == "Caption" and text[-1] == "Valid as of today"
    assert text[2].endswith("£28.43")


def test_hourly_rates_put_the_course_rate_beside_the_minimum_wages() -> None:
    frame = pricing_figures.hourly_rates().frame
    assert len(frame) == 4
    shown = frame.iloc[:, 1].tolist()
    assert format_money(reference.default("hourly_rate_uk"), "GBP") in shown
    assert format_money(reference.default("uk_national_living_wage"), "GBP") in shown


def test_cost_breakdown_adds_up(mug: pricing.UnitCost) -> None:
    frame = pricing_figures.cost_breakdown(mug).frame
    assert frame.iloc[-1, 1] == str(mug.total) == str(mug.materials + mug.labour + mug.overhead + mug.packaging)
    assert f"0.50 h × {mug.hourly_rate}" in frame.iloc[1, 0]


def test_tax_rules_of_each_region() -> None:
    assert len(pricing_figures.tax_rules("UK").frame) == 2
    assert format_pct(reference.rule("fr_micro_social_services_rate"), 1) in pricing_figures.tax_rules(
        "FR").frame.iloc[:, 1].tolist()
    assert format_money(reference.rule("eu_low_value_duty_per_item"), "EUR") in shipping_figures.customs_rules(
    ).frame.iloc[:, 1].tolist()


def test_channel_table_formats_money_and_dates(mug: pricing.UnitCost) -> None:
    frame = pricing.compare_channels(mug, "UK", "uk_not_vat_registered", margin_pct=30, postage_charged=3.75)
    table = pricing_figures.channel_table(frame)
    etsy = table.frame.iloc[0].tolist()
    # formats only (the price itself is worked out by hand in test_pricing): money with its £, a one-decimal %
    assert etsy[0] == "Etsy (UK seller)" and etsy[1] == format_money(frame.iloc[0]["price"], "GBP")
    assert re.fullmatch(r"£\d+\.\d\d", etsy[1]) and etsy[5] == "30.0 %"
    assert "valid as of" in table.footer
    assert table.caption.endswith("(GBP)")


def test_channel_table_keeps_the_reason_when_no_price_works(mug: pricing.UnitCost) -> None:
    frame = pricing.compare_channels(mug, "UK", "uk_vat_registered", margin_pct=90, postage_charged=3.75)
    table = pricing_figures.channel_table(frame)
    assert "Note" in table.frame.columns
    assert table.frame["Note"].str.contains("No price").any()


def test_where_the_money_goes_splits_what_the_buyer_pays(mug: pricing.UnitCost) -> None:
    sales = pricing_figures.sales_per_channel(mug, 28, "uk_not_vat_registered", postage_charged=3.75)
    for sale in sales:
        parts = pricing_figures._parts(sale)
        assert sum(parts.values()) == pytest.approx(float(sale.customer_pays.amount))
        if sale.channel.kind in pricing_figures.IN_PERSON_KINDS:
            assert sale.postage_charged.amount == 0
    chart = pricing_figures.where_the_money_goes(mug, 28, "uk_not_vat_registered", postage_charged=3.75)
    assert isinstance(chart, charts.Chart)
    best = max(sales, key=lambda sale: sale.margin.amount)
    assert "Amazon Handmade" in chart.alt and str(best.margin) in chart.alt
    bundle = chart._repr_mimebundle_()
    assert 'alt="Stacked bar chart' in bundle["text/html"]


def test_where_the_money_goes_shows_a_loss(mug: pricing.UnitCost) -> None:
    chart = pricing_figures.where_the_money_goes(mug, 12, "uk_vat_registered", postage_charged=3.75)
    texts = [text.get_text() for text in chart.fig.axes[0].texts]
    assert any("loss" in text for text in texts)


def test_quotes_table_and_refusals() -> None:
    mug_item = nb04.preset_item("brighton_kiln_mug")
    double = shipping.pack([mug_item], "uk_double_wall_inserts")
    table = shipping_figures.quotes_table(shipping.assess(double, "UK", "GB", declared_value=28))
    first = table.frame.iloc[0].tolist()
    assert first[0].startswith("Evri") and first[1] == "£3.79" and first[4] == "no"
    refused = table.frame[table.frame["Price"] == "refused"]
    assert refused["Why refused"].str.contains("16.0 cm").any()
    assert "valid as of" in table.footer


def test_each_reason_for_a_refusal_is_its_own_bullet() -> None:
    lampshade = shipping.pack([shipping.item(*nb04.LAMPSHADE)], nb04.LAMPSHADE_PACKAGING)
    quotes = shipping.assess(lampshade, "UK", "GB", declared_value=75)
    table = shipping_figures.quotes_table(quotes)
    page = table._repr_html_()
    for q in quotes:
        if q.accepted:
            continue
        cell = table.frame.loc[table.frame["Service"] == q.service.name, "Why refused"].item()
        assert cell.split("\n") == [f"• {reason}" for reason in q.reasons] and ";" not in cell
        assert "<br>".join(f"• {reason}" for reason in q.reasons) in page
    several = next(q for q in quotes if len(q.reasons) > 2)
    assert "  • ".join(several.reasons[:2]) in str(table)  # as text, the bullets stay on one line


def test_destinations_table_says_why_none_goes_abroad() -> None:
    double = shipping.pack([nb04.preset_item("brighton_kiln_mug")], "uk_double_wall_inserts")
    frame = shipping_figures.destinations_table(double, "UK", ["GB", "FR"], declared_value=28).frame
    assert frame.iloc[1, 1].startswith("none: shortest side 19.0 cm")
    assert "does not deliver" not in frame.iloc[1, 1]


def test_service_limits_and_packed() -> None:
    frame = shipping_figures.service_limits().frame
    assert len(frame) == len(shipping.services())
    parcelforce = frame[frame["Service"].str.startswith("Parcelforce")].iloc[0].tolist()
    assert parcelforce[2] == "longest 150.0" and parcelforce[3] == "300.0 cm"
    packed = shipping_figures.packed(nb04.preset_item("brighton_kiln_mug"),
                                     ["uk_single_wall_bubble", "uk_double_wall_inserts"]).frame
    assert packed.iloc[:, 2].tolist() == ["18 × 16 × 15", "22 × 20 × 19"]


def test_price_by_service_colours_by_cover() -> None:
    box = shipping.pack([nb04.preset_item("brighton_kiln_vase")], "uk_double_wall_inserts")
    chart = shipping_figures.price_by_service(shipping.assess(box, "UK", "GB", declared_value=90))
    bars = chart.fig.axes[0].patches
    colours = {tuple(round(c, 3) for c in bar.get_facecolor()[:3]) for bar in bars}
    assert len(bars) == 4 and len(colours) == 2
    assert chart.alt.startswith("Bar chart") and "£6.19" in chart.alt


def test_price_by_service_when_nothing_accepts() -> None:
    huge = shipping.parcel(40_000, 200, 100, 100)
    chart = shipping_figures.price_by_service(shipping.assess(huge, "UK", "GB"))
    assert "No service" in chart.alt


def test_breakage_and_packaging_economics() -> None:
    remake, resend = Money.of("61.10", "GBP"), Money.of("6.19", "GBP")
    frame = shipping_figures.breakage_table(remake, resend).frame
    assert frame.iloc[:, 1].tolist() == ["0.5 %", "2.0 %", "5.0 %"]
    single = shipping.get_packaging("uk_single_wall_bubble").cost
    double = shipping.get_packaging("uk_double_wall_inserts").cost
    comparison = shipping.compare_packaging(single, 4, double, 1, remake, resend)
    assert shipping_figures.packaging_table(comparison).frame.iloc[-1, 1] == "£46.67"
    chart = shipping_figures.break_even_chart(single, 4, double, 1, remake, resend)
    assert "£46.67" in chart.alt
    never = shipping_figures.break_even_chart(single, 2, double, 2, remake, resend)
    assert "never" in never.alt


def test_free_delivery_table() -> None:
    frame = shipping_figures.free_delivery(Money.of("5.20", "EUR"), Decimal("31.8"), 20, 60).frame
    assert frame.iloc[3, 1] == "€44.07"
    assert frame.iloc[4, 1] == "23.1 %"


@pytest.mark.arithmetic  # hand-worked answers from the tables: when a table changes, redo the arithmetic
@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("nb03.unit_cost", 15.60, 13.00),
    ("nb03.etsy_price", 28.43, 32.18),
    ("nb03.chair_hourly", 35.31, 20.60),
    ("nb04.mug_double_wall", 3.79, 3.75),
    ("nb04.lampshade_billed", 17.35, 0.75),
    ("nb04.break_even", 46.67, 40),
    ("nb04.free_delivery", 80.00, 60),
])
def test_self_checks(question: str, right: float, wrong: float) -> None:
    assert check(question, right).passed, (
        f"{question} no longer accepts {right}: if a reference table was updated, redo the arithmetic of this answer")
    verdict = check(question, wrong)
    assert not verdict.passed and verdict.message
    assert not check(question, ...).passed
    assert not check(question, "a word").passed


def test_the_stored_lessons_show_what_the_self_checks_expect() -> None:
    """The figures typed in the lessons are the case-study presets: the self-checks' answers are on the page."""
    lesson03 = " ".join(stored_text("03_pricing.ipynb").split())
    assert f"Cost of one piece {nb03.preset_cost('brighton_kiln_mug')[1].total}" in lesson03
    assert f"A sale at {nb03.etsy_sale().price} on Etsy" in lesson03
    wage = nb03.chair_sale().hourly_wage
    assert wage is not None and f"What you earn per hour of making {wage}" in lesson03
    lesson04 = stored_text("04_shipping.ipynb")
    assert str(nb04.mug_double_wall_quotes()[0].price) in lesson04
    assert f"{nb04.lampshade_quote().billed_weight_kg:.2f} kg" in lesson04
    assert str(nb04.packaging_comparison(Money.of(1, "GBP"), Money.of(0, "GBP")).break_even_value) in lesson04
    assert "Free delivery from an order of" in lesson04 and str(nb04.free_delivery_from()) in lesson04
