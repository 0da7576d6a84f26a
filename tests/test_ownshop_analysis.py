"""The own-shop dashboard's figures on small hand-made tables with hand-worked results."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from atelier import pricing, shipping
from atelier.errors import CourseInputError
from atelier.ownshop import analysis, read_export, sample_exports

EXPORTS = Path(__file__).parent / "ownshop_exports"


def orders_table(rows: list[tuple]) -> pd.DataFrame:
    """(order_id, date, platform, items, discount, shipping, refunded, fees, country, buyer) → an orders frame."""
    frame = pd.DataFrame(rows, columns=["order_id", "date", "platform", "items", "discount", "shipping", "refunded",
                                        "fees", "country", "buyer"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["currency"] = "GBP"
    frame["received"] = frame["items"] - frame["discount"] + frame["shipping"] - frame["refunded"]
    return frame


ORDERS = orders_table([
    ("1", "2026-01-10", "etsy", 30.0, 3.0, 4.0, 0.0, 1.50, "United Kingdom", "ann"),   # takes 31.00
    ("2", "2026-01-20", "etsy", 50.0, 0.0, 5.0, 55.0, 2.00, "France", "bob"),          # refunded: 0.00
    ("3", "2026-03-05", "shopify", 100.0, 0.0, 0.0, 0.0, float("nan"), "GB", "ann"),   # 100.00, fees unknown
    ("4", "2026-03-06", "square", 20.0, 0.0, 0.0, 0.0, 0.35, "", ""),                  # 20.00 at a fair
])


def test_takings_per_month_include_the_empty_month() -> None:
    table = analysis.revenue_by_month(ORDERS)
    assert list(table["month"]) == ["2026-01", "2026-02", "2026-03"]
    assert list(table["takings"]) == [31.0, 0.0, 120.0]
    assert list(table["orders"]) == [2, 0, 2]


def test_takings_per_channel_and_their_shares() -> None:
    table = analysis.revenue_by_channel(ORDERS).set_index("platform")
    assert table.loc["shopify", "takings"] == 100.0
    assert table.loc["etsy", "takings"] == 31.0 and table.loc["etsy", "average_order"] == 15.5
    assert table.loc["shopify", "share_pct"] == pytest.approx(100 / 151 * 100)
    assert list(table.index) == ["shopify", "etsy", "square"]


def test_fees_count_only_where_an_export_states_them() -> None:
    fees = analysis.fees_paid(ORDERS)
    assert fees.fees.amount == Decimal("3.85")  # 1.50 + 2.00 + 0.35
    assert fees.takings_with_fees.amount == Decimal("51")  # 31 + 0 + 20
    assert fees.share_pct == Decimal("3.85") / Decimal("51") * 100
    assert fees.orders_without_fees == 1
    shopify_row = fees.by_channel.set_index("platform").loc["shopify"]
    assert pd.isna(shopify_row["fees"]), "unknown fees must not show as 0"


def test_repeat_customers_ignore_unnamed_card_sales() -> None:
    repeat = analysis.repeat_customers(ORDERS)
    assert (repeat.buyers, repeat.repeat_buyers, repeat.orders_without_buyer) == (2, 1, 1)
    assert repeat.orders_from_repeat_pct == Decimal(2) / Decimal(3) * 100


LINES = pd.DataFrame({
    "order_id": ["1", "1", "3", "2"], "date": pd.to_datetime(["2026-01-10"] * 2 + ["2026-03-05", "2026-01-20"]),
    "product": ["Mug", "Vase", "Mug", "Bowl"], "quantity": [1.0, 1.0, 4.0, 2.0],
    "unit_price": [20.0, 10.0, 25.0, 25.0], "line_total": [20.0, 10.0, 100.0, 50.0], "currency": "GBP",
    "sku": ""})


def test_best_products_by_takings() -> None:
    table = analysis.best_products(LINES, 2)
    assert list(table["product"]) == ["Mug", "Bowl"]
    mug = table.iloc[0]
    assert (mug["pieces"], mug["takings"], mug["orders"]) == (5.0, 120.0, 2)
    assert mug["average_price"] == 24.0


def test_margin_and_hourly_pay_go_through_the_pricing_core() -> None:
    table = analysis.product_margins(LINES, {"Mug": ("2.50", "0.5")}, hourly_rate=15, platform="etsy")
    cost = pricing.unit_cost(materials=2.5, making_time_h=0.5, hourly_rate=15, currency="GBP")
    sale = pricing.sell(cost, "etsy_uk", 24, "uk_not_vat_registered")
    row = table.iloc[0]
    assert row["margin"] == float(sale.margin.amount) and row["hourly_wage"] == float(sale.hourly_wage.amount)
    # by hand: £24 − Etsy's fees − £10 of cost (2.50 + 0.5 h × 15) is the margin
    assert row["margin"] == pytest.approx(24 - row["fees"] - 10)
    assert row["margin_total"] == pytest.approx(row["margin"] * 5)
    with pytest.raises(CourseInputError, match="not a product"):
        analysis.product_margins(LINES, {"Teapot": (1, 1)}, hourly_rate=15, platform="etsy")
    with pytest.raises(CourseInputError):
        analysis.product_margins(LINES, {"Mug": ("two", 1)}, hourly_rate=15, platform="etsy")


def test_postage_check_against_the_shipping_tables() -> None:
    sizes = {"Mug": shipping.item(400, 12, 9, 10), "Vase": shipping.item(300, 15, 8, 8)}
    table = analysis.postage_check(ORDERS, LINES, sizes, "uk_double_wall_inserts").set_index("order_id")
    box = shipping.pack([sizes["Mug"], sizes["Vase"]], "uk_double_wall_inserts")
    cheapest = shipping.quote(box, "UK", "GB")[0]
    assert table.loc["1", "postage_cost"] == float(cheapest.price.amount)
    assert table.loc["1", "gap"] == pytest.approx(4.0 - float(cheapest.price.amount))
    assert "Bowl" in table.loc["2", "problem"]
    assert table.loc["4", "problem"] and pd.isna(table.loc["4", "postage_cost"])


def test_country_names_and_codes_are_both_understood() -> None:
    assert analysis.country_code("United Kingdom", "UK") == "GB"
    assert analysis.country_code("fr", "UK") == "FR"
    assert analysis.country_code("Atlantis", "UK") is None


def test_etsy_orders_and_items_files_together_count_each_order_once() -> None:
    samples = sample_exports()
    both = [read_export(samples["EtsySoldOrders2026_sample.csv"]),
            read_export(samples["EtsySoldOrderItems2026_sample.csv"])]
    orders, lines = analysis.combine(both)
    assert len(orders) == len(both[0].orders) and orders["fees"].notna().all()
    assert len(lines) == len(both[1].lines)
    with pytest.raises(CourseInputError, match="currencies"):
        analysis.combine([both[0], read_export(EXPORTS / "sumup_sales__utf8.csv")])


def test_plan_inputs_and_findings_for_the_action_plan() -> None:
    inputs = analysis.plan_inputs(ORDERS)
    assert inputs.months == 3 and inputs.orders_per_month == Decimal("1.3")
    assert inputs.average_order.amount == Decimal("37.75")  # 151 ÷ 4
    assert inputs.main_channel == "shopify"
    said = analysis.findings(ORDERS, LINES)
    text = " ".join(said)
    assert "£151" in text and "Shopify" in text and "Mug" in text
    assert any("do not state fees" in s for s in said)


def test_charts_state_the_finding_and_carry_alt_text() -> None:
    month = analysis.month_chart(ORDERS)
    assert month.fig.axes[0].get_title(loc="left").startswith("Your best month was 2026-03")
    assert "2026-02: £0" in month.alt
    channel = analysis.channel_chart(ORDERS)
    assert "fees not in this export" in channel.alt
    products = analysis.products_chart(LINES)
    assert "“Mug” brings the most: £120 from 5 pieces" in products.alt
    with pytest.raises(CourseInputError, match="line items"):
        analysis.products_chart(LINES.iloc[0:0])


def test_fees_by_the_course_tables_cross_check_the_exports() -> None:
    table = analysis.fees_by_tables(ORDERS).set_index("platform")
    # order 1: £27 after discount + £4 postage; order 2: £50 + £5 (refunded orders paid their fees too)
    expected = pricing.fees("etsy_uk", 27, 4).total.amount + pricing.fees("etsy_uk", 50, 5).total.amount
    assert table.loc["etsy", "fees_by_tables"] == float(expected)
    assert table.loc["shopify", "fees_by_tables"] == float(pricing.fees("shopify_basic_uk", 100, 0).total.amount)
    assert table.loc["etsy", "valid_from"] == pricing.fees("etsy_uk", 27, 4).channel.valid_from.isoformat()
