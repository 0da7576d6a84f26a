"""The Brighton Kiln's analyses (atelier.analytics.brighton_kiln) on small hand-made tables with hand-worked results,
then once on the case's data for the figures the lesson and the narrative rely on."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from atelier.analytics import brighton_kiln as kiln
from atelier.errors import CourseInputError
from atelier.selfcheck import check
from tests.conftest import pin

ORDER_COLUMNS = ["order_id", "order_date", "channel", "customer_country", "items_gbp", "postage_charged_gbp",
                 "postage_cost_gbp", "packaging_cost_gbp", "fees_gbp", "service_id", "packaging_id"]


def orders_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ORDER_COLUMNS)
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["total_paid_gbp"] = frame["items_gbp"] + frame["postage_charged_gbp"]
    return frame


def shop(order_id: str, day: str, goods: float) -> tuple:
    return (order_id, day, "shop", None, goods, 0.0, 0.0, 0.0, 0.0, None, None)


def web(order_id: str, day: str, goods: float, country: str = "GB", packaging: str = "uk_single_wall_bubble",
        channel: str = "web_shop", fees: float = 2.25) -> tuple:
    return (order_id, day, channel, country, goods, 5.0, 4.0, 1.2, fees, "evri_dropoff", packaging)


def breakages_frame(rows: list[tuple[str, float, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["order_id", "refund_gbp", "replacement_value_gbp", "reshipping_cost_gbp",
                                       "reshipping_packaging_gbp"])


NO_BREAKAGES = breakages_frame([])


def analytics_frame(rows: list[tuple[str, int, int, int, int, int, int, int]]) -> pd.DataFrame:
    """date, then sessions by source (organic, social, direct, referral, email), add-to-cart sessions, orders."""
    frame = pd.DataFrame(rows, columns=["date", "sessions_organic", "sessions_social", "sessions_direct",
                                        "sessions_referral", "sessions_email", "add_to_cart_sessions", "orders"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["sessions_total"] = frame[[f"sessions_{s}" for s in kiln.SOURCES]].sum(axis=1)
    return frame


# --- sales by channel ----------------------------------------------------------------------------------------------

SALES = orders_frame([
    shop("A", "2024-01-10", 300.0), web("B", "2024-02-01", 100.0), web("C", "2024-03-01", 50.0, channel="etsy"),
    shop("D", "2024-04-02", 200.0), web("E", "2024-05-05", 250.0), web("F", "2024-06-30", 20.0),
    shop("G", "2024-12-24", 10.0),
])


def test_revenue_by_quarter_adds_goods_per_channel() -> None:
    revenue = kiln.revenue_by_quarter(SALES)
    assert list(revenue.columns) == ["shop", "web_shop", "etsy"]
    assert revenue.loc[pd.Period("2024Q1"), "shop"] == 300
    assert revenue.loc[pd.Period("2024Q1"), "web_shop"] == 100
    assert revenue.loc[pd.Period("2024Q2"), "web_shop"] == 270  # 250 + 20
    assert revenue.loc[pd.Period("2024Q2"), "etsy"] == 0


def test_crossing_quarter_is_the_first_quarter_web_sells_more() -> None:
    revenue = kiln.revenue_by_quarter(SALES)
    assert kiln.crossing_quarter(revenue) == pd.Period("2024Q2")  # 270 > 200, while 100 < 300 in Q1
    assert kiln.crossing_quarter(revenue.assign(web_shop=0.0)) is None


def test_share_by_year_in_percent() -> None:
    shares = kiln.share_by_year(SALES)
    # 2024: shop 510, web 370, etsy 50 → 930
    assert shares.loc[2024, "web_shop"] == pytest.approx(370 / 930 * 100)
    assert shares.loc[2024].sum() == pytest.approx(100)


def test_busiest_month() -> None:
    assert kiln.busiest_month(SALES, 2024) == pd.Period("2024-01", "M")
    assert kiln.busiest_month(SALES, 2024, "web_shop") == pd.Period("2024-05", "M")


@pytest.mark.parametrize("text", ["2025 Q4", "2025Q4", "Q4 2025", "2025 q4", "2025-Q4"])
def test_quarters_are_read_as_people_write_them(text: str) -> None:
    assert kiln.parse_quarter(text) == pd.Period("2025Q4")
    assert kiln.quarter_label(kiln.parse_quarter(text)) == "2025 Q4"


@pytest.mark.parametrize("text", ["last winter", "2025", "2025 Q5", 2025])
def test_a_wrong_quarter_gets_a_plain_message(text: object) -> None:
    with pytest.raises(CourseInputError, match="2025 Q4"):
        kiln.parse_quarter(text)


# --- the funnel and the sources ------------------------------------------------------------------------------------

VISITS = analytics_frame([
    # 2024 Q1: 100 + 100 sessions, 10 carts, 2 orders → 1 % conversion, 5 % add to cart, 80 % abandoned
    ("2024-01-01", 40, 20, 20, 10, 10, 6, 1),
    ("2024-02-01", 40, 20, 20, 10, 10, 4, 1),
    # 2025 Q4: 200 sessions, 20 carts, 5 orders → 2.5 % conversion, 75 % abandoned
    ("2025-12-01", 60, 80, 30, 10, 20, 20, 5),
])


def test_funnel_by_quarter_hand_worked() -> None:
    funnel = kiln.funnel_by_quarter(VISITS)
    first = funnel.loc[pd.Period("2024Q1")]
    assert (first["sessions"], first["add_to_cart"], first["orders"]) == (200, 10, 2)
    assert first["conversion_pct"] == pytest.approx(1.0)
    assert first["add_to_cart_pct"] == pytest.approx(5.0)
    assert first["abandonment_pct"] == pytest.approx(80.0)
    assert kiln.conversion_in(VISITS, "2025 Q4") == pytest.approx(2.5)


def test_conversion_of_a_quarter_without_data_says_which_exist() -> None:
    with pytest.raises(CourseInputError, match="2024 Q1 to 2025 Q4"):
        kiln.conversion_in(VISITS, "2023 Q1")


def test_sources_hand_worked() -> None:
    sessions = kiln.sessions_by_source(VISITS)
    assert sessions.loc[2024, "organic"] == 80 and sessions.loc[2025, "social"] == 80
    shares = kiln.source_shares(VISITS)
    assert shares.loc[2024, "organic"] == pytest.approx(40.0)  # 80 of 200
    assert shares.loc[2025, "social"] == pytest.approx(40.0)  # 80 of 200
    assert kiln.top_source(VISITS, 2024) == "organic"
    assert kiln.top_source(VISITS, 2025) == "social"
    assert kiln.fastest_growing_source(VISITS) == "social"  # 20 % → 40 %


def test_what_if_conversion_keeps_the_average_order() -> None:
    orders = orders_frame([web("X", "2025-12-01", 60.0), web("Y", "2025-12-02", 90.0)])
    visits = analytics_frame([("2025-12-01", 50, 50, 0, 0, 0, 5, 1), ("2025-12-02", 100, 0, 0, 0, 0, 5, 1)])
    result = kiln.what_if_conversion(visits, orders, 2, year=2025)
    # 200 sessions, 2 orders (1 %), £150 of goods → £75 an order; at 2 %: 4 orders, £300
    assert result.sessions == 200 and result.actual_orders == 2
    assert result.actual_rate_pct == pytest.approx(1.0)
    assert result.orders == pytest.approx(4.0)
    assert result.revenue == pytest.approx(300.0)
    assert "£300" in str(result)
    with pytest.raises(CourseInputError):
        kiln.what_if_conversion(visits, orders, -1)


# --- what a sale leaves, breakage, abroad --------------------------------------------------------------------------


def test_channel_costs_hand_worked() -> None:
    orders = orders_frame([shop("S", "2025-01-05", 80.0), web("W", "2025-01-06", 100.0),
                           web("E", "2025-01-07", 100.0, channel="etsy", fees=14.0)])
    breakages = breakages_frame([("W", 20.0, 0.0, 0.0, 0.0)])
    costs = kiln.channel_costs(orders, breakages)
    # web: 100 goods + 5 postage charged − 4 postage − 1.20 box − 2.25 fees − 20 refund = 77.55
    assert costs.loc["web_shop", "left"] == pytest.approx(77.55)
    assert costs.loc["web_shop", "left_per_100"] == pytest.approx(77.55)
    # etsy: 100 + 5 − 4 − 1.20 − 14 = 85.80
    assert costs.loc["etsy", "left"] == pytest.approx(85.80)
    assert costs.loc["etsy", "fees_pct"] == pytest.approx(14.0)
    assert costs.loc["shop", "left_per_100"] == pytest.approx(100.0)
    assert costs.loc["shop", "average_order"] == pytest.approx(80.0)
    assert kiln.channel_costs(orders, breakages, year=2024).empty


def test_a_replacement_costs_its_postage_and_box_not_its_price() -> None:
    breakages = breakages_frame([("A", 0.0, 140.0, 9.99, 2.60), ("B", 28.0, 0.0, 0.0, 0.0)])
    assert kiln.breakage_costs(breakages).tolist() == pytest.approx([12.59, 28.0])


def test_breakage_before_and_after_the_redesign() -> None:
    orders = orders_frame([
        web("B1", "2025-02-27", 30.0), web("B2", "2025-02-28", 30.0), shop("S", "2025-02-28", 30.0),
        web("A1", "2025-03-01", 30.0, country="US"), web("A2", "2025-03-02", 30.0, packaging=kiln.NEW_PACKAGING),
        web("A3", "2025-03-03", 30.0, packaging=kiln.NEW_PACKAGING),
        web("A4", "2025-03-04", 30.0, packaging=kiln.NEW_PACKAGING),
    ])
    breakages = breakages_frame([("B1", 30.0, 0.0, 0.0, 0.0), ("A2", 0.0, 30.0, 3.0, 2.6)])
    rates = kiln.breakage_rates(orders, breakages)
    # before: 1 of 2 parcels (the shop sale is not a parcel); after, from 1 March: 1 of 4
    assert rates.loc["before", "rate_pct"] == pytest.approx(50.0)
    assert rates.loc["after", "rate_pct"] == pytest.approx(25.0)
    assert rates.loc["after", "cost"] == pytest.approx(5.6)
    assert rates.loc["after", "replacements"] == pytest.approx(30.0)
    by_box = kiln.breakage_by_packaging(orders, breakages)
    assert by_box.loc[kiln.NEW_PACKAGING, "rate_pct"] == pytest.approx(100 / 3)
    assert by_box.loc["uk_single_wall_bubble", "abroad"] == 1


def test_parcels_abroad() -> None:
    orders = orders_frame([web("1", "2025-01-01", 30.0, country="US"), web("2", "2025-01-01", 30.0, country="US"),
                           web("3", "2025-01-01", 30.0, country="FR"), web("4", "2025-01-01", 30.0),
                           shop("5", "2025-01-01", 30.0)])
    assert kiln.abroad_share(orders) == pytest.approx(75.0)  # 3 of 4 parcels
    countries = kiln.abroad_by_country(orders)
    assert countries.index.tolist() == ["US", "FR"]
    assert countries.loc["US", "share_pct"] == pytest.approx(50.0)


def test_web_vs_shop_in_one_quarter() -> None:
    orders = orders_frame([shop("S", "2025-11-05", 80.0), web("W", "2025-11-06", 100.0),
                           web("Old", "2025-01-06", 999.0)])
    costs = pd.DataFrame({"month": ["2025-10", "2025-11", "2025-12", "2025-01"], "rent_gbp": [1200.0] * 4,
                          "platform_subscriptions_gbp": [22.8] * 4, "marketing_gbp": [0.0] * 4})
    compared = kiln.web_vs_shop(orders, NO_BREAKAGES, costs, "2025 Q4")
    assert compared.loc["web_shop", "goods"] == 100 and compared.loc["shop", "goods"] == 80
    assert compared.loc["web_shop", "left"] == pytest.approx(97.55)  # 100 + 5 − 4 − 1.20 − 2.25
    assert compared.loc["web_shop", "monthly_cost"] == pytest.approx(22.8)
    assert compared.loc["shop", "monthly_cost"] == pytest.approx(1200.0)


# --- the VAT watch -------------------------------------------------------------------------------------------------


def test_rolling_turnover_and_the_vat_threshold() -> None:
    pin("tax_rules", "value", "90000", rule_id="uk_vat_registration_threshold")
    # £6,000 a month (goods 5,995 + postage 5) in 2024, then £7,000 a month in 2025
    rows = [web(f"{year}{month:02d}", f"{year}-{month:02d}-15", goods - 5.0)
            for year, goods in ((2024, 6000.0), (2025, 7000.0)) for month in range(1, 13)]
    orders = orders_frame(rows)
    rolling = kiln.rolling_turnover(orders)
    assert rolling.index[0] == pd.Period("2024-12", "M")  # the first full 12 months
    assert rolling["last_12_months"].iloc[0] == pytest.approx(72_000)
    assert rolling["last_12_months"].iloc[-1] == pytest.approx(84_000)
    assert kiln.vat_headroom(orders) == pytest.approx(6_000)
    assert kiln.monthly_rise(orders) == pytest.approx(1_000)  # (84,000 − 72,000) ÷ 12
    assert kiln.months_to_threshold(orders) == pytest.approx(6.0)


def test_months_to_threshold_when_flat_or_over() -> None:
    flat = orders_frame([web(f"{m}", f"2024-{m:02d}-15", 995.0) for m in range(1, 13)]
                        + [web(f"n{m}", f"2025-{m:02d}-15", 995.0) for m in range(1, 13)])
    assert kiln.monthly_rise(flat) == pytest.approx(0)
    assert kiln.months_to_threshold(flat) is None
    big = orders_frame([web(f"{m}", f"2024-{m:02d}-15", 9995.0) for m in range(1, 13)])
    assert kiln.vat_headroom(big) < 0 and kiln.months_to_threshold(big) == 0
    assert kiln.monthly_rise(big) is None  # one full window only


# --- formatting, charts and the case's own figures -----------------------------------------------------------------


def test_formatting() -> None:
    assert kiln.pounds(13424.4) == "£13,424"
    assert kiln.money(94.321) == "£94.32"
    assert kiln.month_label(pd.Period("2025-12", "M")) == "December 2025"
    assert kiln.month_label(pd.Period("2025-12", "M"), "short") == "Dec 2025"
    assert kiln.country_name("US") == "United States"


def test_charts_have_a_finding_as_title_and_alt_text() -> None:
    orders, visits = kiln.table("orders"), kiln.table("web_analytics")
    for chart in (kiln.revenue_chart(orders), kiln.conversion_chart(visits), kiln.sources_chart(visits),
                  kiln.vat_chart(orders)):
        ax = chart.fig.axes[0]
        assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
        assert chart.alt.startswith(ax.get_title(loc="left"))
        assert len(chart.alt) > 80


def test_the_case_tells_its_story() -> None:
    """The figures the lesson, the narrative and the trainer notes rely on (simulated data, seeded)."""
    orders, visits, breakages = kiln.table("orders"), kiln.table("web_analytics"), kiln.table("breakages")
    revenue = kiln.revenue_by_quarter(orders)
    assert kiln.quarter_label(kiln.crossing_quarter(revenue)) == "2025 Q4"
    shares = kiln.share_by_year(orders)
    assert shares.loc[2025, "web_shop"] > shares.loc[2024, "web_shop"] + 10
    assert shares.loc[2025, "etsy"] < shares.loc[2024, "etsy"]
    funnel = kiln.funnel_by_quarter(visits)
    assert funnel["conversion_pct"].iloc[0] < float(kiln.benchmark("web_conversion_rate_avg")["value"])
    assert funnel["conversion_pct"].iloc[-1] > float(kiln.benchmark("web_conversion_rate_avg")["value"])
    assert kiln.top_source(visits, 2025) == "organic" and kiln.fastest_growing_source(visits) == "social"
    rates = kiln.breakage_rates(orders, breakages)
    assert rates.loc["before", "rate_pct"] > 3 * rates.loc["after", "rate_pct"]
    costs = kiln.channel_costs(orders, breakages)
    assert costs.loc["etsy", "left_per_100"] < costs.loc["web_shop", "left_per_100"] < 100
    assert 0 < kiln.vat_headroom(orders) < 10_000
    figures = kiln.narrative_figures()
    assert figures["crossing_quarter"] == "2025 Q4" and figures["web_last_quarter"].startswith("£")
    assert all(isinstance(value, str) and value for value in figures.values())


@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("nb02.crossing_quarter", "2025 Q4", "2025 Q3"),
    ("nb02.top_source", "search", "social"),
])
def test_self_checks_accept_the_right_answer_only(question: str, right: str, wrong: str) -> None:
    assert check(question, right).passed
    assert not check(question, wrong).passed


def test_numeric_self_checks_compute_their_answer_from_the_data() -> None:
    orders, visits, breakages = kiln.table("orders"), kiln.table("web_analytics"), kiln.table("breakages")
    conversion = kiln.conversion_in(visits, "2025 Q4")
    assert check("nb02.conversion_2025q4", round(conversion, 1)).passed
    assert not check("nb02.conversion_2025q4", conversion / 100).passed
    left = kiln.channel_costs(orders, breakages, 2025).loc["web_shop", "left_per_100"]
    assert check("nb02.web_left_per_100", round(left, 2)).passed
    assert not check("nb02.web_left_per_100", 100).passed
    after = kiln.breakage_rates(orders, breakages).loc["after", "rate_pct"]
    assert check("nb02.breakage_after", round(after, 1)).passed
    headroom = kiln.vat_headroom(orders)
    assert check("nb02.vat_headroom", round(headroom)).passed
    assert not check("nb02.vat_headroom", -round(headroom)).passed


def test_breakage_per_box_is_read_from_the_parcels() -> None:
    # lessons and exercise 04 compare the two boxes with these rates: computed from the case's parcels, not typed
    orders, breakages = kiln.table("orders"), kiln.table("breakages")
    by_box = kiln.breakage_by_packaging(orders, breakages)
    rates = kiln.packaging_breakage_pct(orders, breakages)
    for packaging, row in by_box.iterrows():
        assert rates[packaging] == round(Decimal(row["broken"]) / Decimal(row["parcels"]) * 100, 1)
    assert rates["uk_single_wall_bubble"] > rates["uk_double_wall_inserts"]  # the story: the new box broke less


def test_orders_table_reads_like_a_person_writes() -> None:
    frame = orders_frame([
        web("W1", "2025-12-01", 110.0, country="FR", fees=2.61),
        shop("S1", "2025-12-02", 34.0),
        web("E1", "2025-12-03", 34.5, country="US", channel="etsy", fees=5.06),
    ])
    table = kiln.orders_table(frame, rows=2)
    assert table.frame.columns.tolist() == ["Date", "Sold on", "Posted to", "Goods", "Postage the buyer paid",
                                            "Fees"]
    assert table.frame.values.tolist() == [
        ["1 December 2025", "Own web shop", "France", "£110.00", "£5.00", "£2.61"],
        ["2 December 2025", "Shop-studio", "—", "£34.00", "£0.00", "£0.00"],
    ]
    assert table.caption == "The first 2 orders" and "simulated" in table.footer.lower()
    page = table._repr_html_()
    assert "NaN" not in page and "nan" not in str(table) and "<th></th>" not in page  # no row numbers
    assert kiln.orders_table(frame, rows=1).caption == "The first order"
    assert len(kiln.orders_table(frame).frame) == 3  # asking for five of three shows the three


@pytest.mark.parametrize("rows", [0, -3, "five"])
def test_orders_table_refuses_a_count_that_is_not_a_number_of_rows(rows: object) -> None:
    with pytest.raises(CourseInputError):
        kiln.orders_table(orders_frame([shop("S1", "2025-12-02", 34.0)]), rows=rows)  # type: ignore[arg-type]


def test_orders_table_on_the_case_data() -> None:
    table = kiln.orders_table(kiln.table("orders"))
    assert len(table.frame) == 5
    first = kiln.table("orders").iloc[0]
    assert table.frame.iloc[0, 0] == kiln.format_date(first["order_date"].date())
    assert table.frame.iloc[0, 3] == kiln.money(first["items_gbp"])
