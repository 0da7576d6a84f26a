"""The Fabric Store Online's analyses (`atelier.analytics.fabric_store`), lesson 05's self-checks, and the claims the
lesson and the narrative make in words about the simulated data."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from atelier import charts, reference, shipping
from atelier.analytics import fabric_store as fabric
from atelier.errors import CourseInputError
from atelier.figures import Table
from atelier.money import Money
from atelier.selfcheck import check

DATA = Path(__file__).resolve().parent.parent / "datasets" / "fabric_store"


def rows(table: str) -> list[dict[str, str]]:
    """A case table read with the csv module only: an independent check of the pandas analyses."""
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the computations, checked against a plain reading of the CSV files -----------------------------------------


def test_engagement_rate_is_interactions_over_reach() -> None:
    post = fabric.example_post()
    raw = next(r for r in rows("instagram_posts") if r["post_id"] == post["post_id"])
    interactions = sum(int(raw[name]) for name in ("likes", "comments", "saves", "shares"))
    assert post["engagement_pct"] == pytest.approx(interactions / int(raw["reach"]) * 100)
    assert post["per_follower_pct"] == pytest.approx(interactions / int(raw["followers_at_post"]) * 100)
    assert post["format"] == "carousel" and post["year"] == fabric.years()[-1]


def test_engagement_averages_the_posts_rates() -> None:
    by_format: dict[str, list[float]] = {}
    for r in rows("instagram_posts"):
        rate = sum(int(r[n]) for n in ("likes", "comments", "saves", "shares")) / int(r["reach"]) * 100
        by_format.setdefault(r["format"], []).append(rate)
    table = fabric.engagement("format")
    for name, rates in by_format.items():
        assert table.loc[name, "posts"] == len(rates)
        assert table.loc[name, "engagement_pct"] == pytest.approx(sum(rates) / len(rates))
    assert list(table["engagement_pct"]) == sorted(table["engagement_pct"], reverse=True)
    assert fabric.engagement("theme", 2024)["posts"].sum() == sum(r["posted_at"][:4] == "2024"
                                                                  for r in rows("instagram_posts"))


def test_cohorts_on_a_small_hand_worked_example() -> None:
    # A: first order Jan, back in Feb (1 month later). B: first order Jan, back in Apr (3 months).
    # C: first order Jan, never back. D: first order Mar, back in Mar (same month). Data stop in April.
    orders = pd.DataFrame({
        "customer_id": ["A", "A", "B", "B", "C", "D", "D"],
        "order_date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-01-10", "2024-04-02", "2024-01-31",
                                      "2024-03-01", "2024-03-30"]),
        "customer_order_number": [1, 2, 1, 2, 1, 1, 2],
    })
    table = fabric.cohorts(orders, pd.Period("2024-04", freq="M"))
    january, march = pd.Period("2024-01", freq="M"), pd.Period("2024-03", freq="M")
    assert list(table.index) == [january, march]
    assert list(table["customers"]) == [3, 1]
    assert table.loc[january, 1] == pytest.approx(100 / 3)
    assert table.loc[january, 2] == pytest.approx(100 / 3)
    assert table.loc[january, 3] == pytest.approx(200 / 3)
    assert table.loc[march, 1] == 100
    assert math.isnan(table.loc[march, 2]) and math.isnan(table.loc[march, 3]), "after April: not known yet"


def test_case_cohorts_cover_every_customer_and_only_known_months() -> None:
    table = fabric.cohorts()
    assert table["customers"].sum() == len(rows("customers"))
    last = fabric.last_month()
    for cohort, row in table.iterrows():
        for k in [c for c in table.columns if c != "customers"]:
            assert pd.isna(row[k]) == ((last - cohort).n < k), (cohort, k)
        known = row.drop("customers").dropna()
        assert known.is_monotonic_increasing, f"{cohort}: a cumulative share cannot fall"


def test_revenue_split_adds_up_to_the_orders() -> None:
    revenue: dict[str, float] = {}
    repeat: dict[str, float] = {}
    for r in rows("orders"):
        year = r["order_date"][:4]
        revenue[year] = revenue.get(year, 0) + float(r["items_eur"])
        if int(r["customer_order_number"]) > 1:
            repeat[year] = repeat.get(year, 0) + float(r["items_eur"])
    split = fabric.revenue_split()
    for year in fabric.years():
        assert split.loc[year, "revenue"] == pytest.approx(revenue[str(year)])
        assert split.loc[year, "first"] + split.loc[year, "repeat"] == pytest.approx(revenue[str(year)])
        assert fabric.repeat_share_pct(year) == pytest.approx(repeat[str(year)] / revenue[str(year)] * 100)
    quarters = fabric.revenue_split("quarter")
    assert quarters["revenue"].sum() == pytest.approx(sum(revenue.values()))


def test_value_by_source_accounts_for_every_customer_and_euro() -> None:
    table = fabric.value_by_source()
    assert table["customers"].sum() == len(rows("customers"))
    total = sum(float(r["items_eur"]) for r in rows("orders"))
    assert (table["customers"] * table["revenue"]).sum() == pytest.approx(total)
    came_back = sum(int(r["customer_order_number"]) == 2 for r in rows("orders"))
    assert (table["customers"] * table["came_back_pct"] / 100).sum() == pytest.approx(came_back)
    assert fabric.came_back_pct() == pytest.approx(came_back / len(rows("customers")) * 100)


def test_funnel_sums_the_posts_and_counts_instagram_first_orders() -> None:
    table = fabric.funnel()
    year = fabric.years()[-1]
    posts = [r for r in rows("instagram_posts") if r["posted_at"].startswith(str(year))]
    assert table.loc[year, "reach"] == sum(int(r["reach"]) for r in posts)
    assert table.loc[year, "link_clicks"] == sum(int(r["link_clicks"]) for r in posts)
    instagram = {r["customer_id"] for r in rows("customers") if r["acquisition_source"] == "instagram"
                 and r["first_order_date"].startswith(str(year))}
    assert table.loc[year, "new_customers"] == len(instagram)


def test_postage_balance_and_the_free_delivery_threshold() -> None:
    table = fabric.postage()
    year = fabric.years()[-1]
    of_year = [r for r in rows("orders") if r["order_date"].startswith(str(year))]
    paid = sum(float(r["postage_cost_eur"]) for r in of_year)
    charged = sum(float(r["postage_charged_eur"]) for r in of_year)
    assert fabric.postage_gap(year) == pytest.approx(paid - charged)
    free = [r for r in of_year if r["free_delivery"] == "true"]
    assert table.loc[year, "free_pct"] == pytest.approx(len(free) / len(of_year) * 100)
    assert fabric.free_share_pct(year) == pytest.approx(len(free) / len(of_year) * 100)
    threshold = reference.default("free_shipping_threshold_fr")
    assert all(float(r["items_eur"]) >= threshold for r in free)
    per_parcel = fabric.free_postage(year)
    assert per_parcel.currency == "EUR"
    assert float(per_parcel.amount) == pytest.approx(sum(float(r["postage_cost_eur"]) for r in free) / len(free),
                                                     abs=0.005)
    expected = shipping.free_delivery_threshold(per_parcel, fabric.linen_margin_pct(), 20)
    assert fabric.free_delivery_from(20) == expected
    # hand check: threshold = postage ÷ (margin − target)
    margin = fabric.linen_margin_pct()
    assert float(expected.amount) == pytest.approx(float(per_parcel.amount) / float((margin - 20) / 100), abs=0.01)


def test_friendly_errors_for_wrong_names() -> None:
    with pytest.raises(CourseInputError, match="way of grouping posts"):
        fabric.engagement("colour")
    with pytest.raises(CourseInputError, match="year of the case study"):
        fabric.posts(2023)
    with pytest.raises(CourseInputError):
        fabric.value_per_customer("tv")


def test_results_are_copies_a_learner_may_change() -> None:
    posts, cohorts = fabric.posts(), fabric.cohorts()
    posts["reach"] = 0
    cohorts["customers"] = 0
    assert fabric.posts()["reach"].min() > 0 and fabric.cohorts()["customers"].min() > 0


# --- what the lesson and the narrative say in words ---------------------------------------------------------------


def test_the_story_the_words_tell_holds() -> None:
    first, last = fabric.years()
    by_year = fabric.engagement_by_year()
    low = reference.benchmark("instagram_engagement_small_low")
    high = reference.benchmark("instagram_engagement_small_high")
    assert low <= by_year.loc[last, "engagement_pct"] < by_year.loc[first, "engagement_pct"] <= high
    assert by_year.loc[last, "followers_end"] > 2 * by_year.loc[first, "followers_end"], "many times over"
    formats = fabric.engagement("format")
    assert fabric.best_feed_format() == "carousel"
    assert formats["reach"].idxmax() == "reel", "reels reach the most"
    assert formats.loc[list(fabric.FEED_FORMATS), "engagement_pct"].idxmin() == "reel", "reels engage the least"
    assert formats["saves_per_100"].idxmax() == "carousel", "carousels are saved"
    assert formats.loc["live", "reach"] < formats["reach"].min() * 2, "lives: a few hundred viewers"
    themes = fabric.engagement("theme")
    assert themes.index[0] == "customer_make_repost" and themes.index[-1] == "promotion"
    assert fabric.repeat_share_pct(last) > 50, "repeat orders bring most of the last year's revenue"
    assert fabric.repeat_share_pct(last) > fabric.repeat_share_pct(first)
    value = fabric.value_by_source()
    assert value.loc["instagram", "revenue"] > value.loc["search", "revenue"]
    for source in ("instagram", "newsletter"):
        assert value.loc[source, "came_back_pct"] > value.loc["search", "came_back_pct"]
    assert fabric.came_back_pct(12) > fabric.came_back_pct(), "recent customers pull the share down"
    letters, insta = fabric.newsletter(), fabric.funnel()
    assert letters.loc[last, "clicks"] / letters.loc[last, "recipients"] > \
        10 * insta.loc[last, "link_clicks"] / insta.loc[last, "reach"], "the newsletter brings far more clicks"
    conversion = float(reference.benchmark("web_conversion_rate_avg")) / 100
    assert insta.loc[last, "new_customers"] > 3 * insta.loc[last, "link_clicks"] * conversion, \
        "far more Instagram customers than the counted clicks explain"
    assert fabric.postage_gap(last) > 0
    assert fabric.free_delivery_from() > Money.of(reference.default("free_shipping_threshold_fr"), "EUR"), \
        "the narrative compares a higher threshold needed with the one in use"


# --- tables, charts, narrative ------------------------------------------------------------------------------------


TABLES = {
    "post": lambda: fabric.post_table(fabric.example_post()),
    "engagement_format": lambda: fabric.engagement_table("format"),
    "engagement_theme_2024": lambda: fabric.engagement_table("theme", 2024),
    "engagement_year": fabric.engagement_year_table,
    "funnel": fabric.funnel_table,
    "cities": fabric.cities_table,
    "revenue": fabric.revenue_table,
    "cohorts": fabric.cohort_table,
    "value": fabric.value_table,
    "channels": fabric.channels_table,
    "postage": fabric.postage_table,
}


@pytest.mark.parametrize("name", TABLES)
def test_tables_say_they_are_simulated_and_show_units(name: str) -> None:
    table = TABLES[name]()
    assert isinstance(table, Table)
    assert "simulated" in table.caption
    text = str(table)
    assert "nan" not in text.lower().split(), text
    if name in {"revenue", "value", "postage"}:
        assert "€" in text
    if name in {"engagement_format", "engagement_year", "cohorts"}:
        assert "%" in text


def test_benchmarks_show_source_and_low_confidence() -> None:
    frame = fabric.engagement_year_table().frame
    sources = set(frame.iloc[:, 3]) - {""}
    assert all("Socialinsider" in s for s in sources)
    small = frame[frame.iloc[:, 0].str.contains("small accounts")]
    assert len(small) == 2 and set(small.iloc[:, 2]) == {"low"}


def test_cohort_table_marks_unknown_months() -> None:
    frame = fabric.cohort_table().frame
    assert len(frame) == len(fabric.cohorts())
    assert frame.iloc[-1, 2:].tolist() == ["—"] * len(fabric.COHORT_TABLE_MONTHS)
    assert "—" not in frame.iloc[0].tolist()


def test_free_delivery_table_uses_the_shops_postage() -> None:
    text = str(fabric.free_delivery_table(20))
    assert str(fabric.free_postage()) in text and str(fabric.free_delivery_from(20)) in text


CHARTS = {
    "followers": fabric.followers_chart,
    "engagement_format": lambda: fabric.engagement_chart("format"),
    "engagement_theme_2025": lambda: fabric.engagement_chart("theme", 2025),
    "cohorts": fabric.cohort_chart,
    "revenue": fabric.revenue_chart,
}


@pytest.mark.parametrize("name", CHARTS)
def test_charts_have_a_finding_title_axis_labels_and_alt_text(name: str) -> None:
    chart = CHARTS[name]()
    assert isinstance(chart, charts.Chart)
    title = chart.fig._suptitle.get_text() if chart.fig._suptitle else chart.fig.axes[0].get_title(loc="left")
    assert any(ch.isdigit() for ch in title), f"the title states a finding with its figure: {title!r}"
    axes = chart.fig.axes[0]
    assert axes.get_xlabel(), "the x axis says what it measures"
    assert axes.get_ylabel() or axes.get_yticklabels(), "the y axis is labelled"
    assert title.replace("\n", " ") in chart.alt, "the alt text starts from the finding"
    assert len(chart.alt) > 150
    bundle = chart._repr_mimebundle_()
    assert 'alt="' in bundle["text/html"] and bundle["text/plain"] == chart.alt


def test_engagement_chart_names_the_best_feed_format() -> None:
    chart = fabric.engagement_chart("format")
    assert fabric.label(fabric.best_feed_format()) in chart.fig._suptitle.get_text()


def test_narrative_figures_are_formatted_strings() -> None:
    figures = fabric.narrative_figures()
    assert all(isinstance(v, str) and v for v in figures.values())
    assert figures["threshold"] == "€60"
    assert figures["best_format"] == "carousels" and figures["best_theme"] == "customers' makes reposted"
    assert figures["repeat_share_last"].endswith("%") and figures["revenue_last"].startswith("€")


# --- lesson 05's self-checks --------------------------------------------------------------------------------------


def _repeat() -> float:
    return fabric.repeat_share_pct(fabric.years()[-1])


RIGHT_AND_WRONG = [
    ("nb05.post_rate", lambda: float(fabric.example_post()["engagement_pct"]),
     lambda: float(fabric.example_post()["engagement_pct"]) / 100),
    ("nb05.best_format", lambda: "carousel", lambda: "live"),
    ("nb05.best_format", lambda: "Carousels", lambda: "reel"),
    ("nb05.widest_theme", lambda: str(fabric.engagement("theme", 2025)["reach"].idxmax()), lambda: "promotion"),
    ("nb05.repeat_share", _repeat, lambda: _repeat() / 100),
    ("nb05.cohort", lambda: fabric.cohort_came_back("2024-01", 6), lambda: fabric.cohort_came_back("2024-01", 12)),
    ("nb05.instagram_value", lambda: fabric.value_per_customer("instagram"),
     lambda: fabric.value_per_customer("search")),
    ("nb05.postage_gap", lambda: fabric.postage_gap(2025), lambda: float(fabric.postage().loc[2025, "paid"])),
]


@pytest.mark.parametrize(("question", "right", "wrong"), RIGHT_AND_WRONG)
def test_self_checks(question: str, right, wrong) -> None:  # type: ignore[no-untyped-def]
    assert check(question, right()).passed
    verdict = check(question, wrong())
    assert not verdict.passed and verdict.message
    assert not check(question, ...).passed


def test_self_checks_accept_what_the_tables_show() -> None:
    assert check("nb05.repeat_share", round(_repeat(), 1)).passed
    assert check("nb05.cohort", round(fabric.cohort_came_back("2024-01", 6))).passed
    assert check("nb05.postage_gap", round(fabric.postage_gap(2025))).passed
    assert check("nb05.instagram_value", round(fabric.value_per_customer("instagram"), 2)).passed
    assert check("nb05.post_rate", round(float(fabric.example_post()["engagement_pct"]), 2)).passed


def test_self_checks_give_hints_not_tracebacks() -> None:
    for question in ("nb05.post_rate", "nb05.repeat_share", "nb05.postage_gap"):
        assert "kind of answer" in check(question, "a lot").message
    assert "quotes" in check("nb05.best_format", "velvet").message
    assert "feed formats" in check("nb05.best_format", "lives").message
    assert not check("nb05.best_format", 3).passed
