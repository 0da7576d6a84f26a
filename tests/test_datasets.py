"""The simulated case-study data: valid, reproducible byte for byte, small, fictional, and telling its story.

The plausibility checks fail when a change to the generator (or to the reference tables it computes postage and
fees with) breaks the story the narratives and notebooks tell.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from atelier import reference, shipping
from atelier.pricing import fees

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
CASES = ("brighton_kiln", "fabric_store", "upholsterer")
REDESIGN = "2025-03-01"
ALLOWED_EMAIL_DOMAINS = {"example.com", "example.org", "example.fr"}


def descriptor() -> dict:
    return json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))


def read(case: str, table: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / case / f"{table}.csv", keep_default_na=False, na_values=[""])


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(DATASETS / "generate.py"), "--out", str(out)], check=True,
                   capture_output=True, timeout=120)
    return out


# --- package, reproducibility, size, privacy -----------------------------------------------------------------------


def test_data_package_is_valid() -> None:
    problems = reference.validate_folder(DATASETS)
    assert not problems, "datasets/datapackage.json is not valid:\n" + "\n".join(f"- {p}" for p in problems[:30])


def test_package_metadata_describes_every_field() -> None:
    package = descriptor()
    assert package["name"] == "artisanat-case-studies"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "simulated" in package["description"].lower()
    on_disk = {p.relative_to(DATASETS).as_posix() for case in CASES for p in (DATASETS / case).glob("*.csv")}
    assert on_disk == {r["path"] for r in package["resources"]}, "every case CSV is a resource, and only those"
    for resource in package["resources"]:
        assert resource["schema"]["primaryKey"], resource["name"]
        header = (DATASETS / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["path"]
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{resource['name']}.{field['name']} has no description"
            assert re.fullmatch(r"[a-z][a-z0-9_]*", field["name"]), f"{field['name']} is not snake_case"
            for currency in ("gbp", "eur"):
                if currency in field["name"].split("_"):
                    assert field.get("unit", "").startswith(currency.upper()), field["name"]


def test_generation_is_deterministic_byte_for_byte(regenerated: Path) -> None:
    files = ["datapackage.json", *(r["path"] for r in descriptor()["resources"])]
    different = [name for name in files if (regenerated / name).read_bytes() != (DATASETS / name).read_bytes()]
    assert not different, (f"regenerating gives different files: {different}. If the change is intended, run "
                           "`.venv/bin/python datasets/generate.py` and commit the data.")


def test_case_data_is_small() -> None:
    total = sum(p.stat().st_size for case in CASES for p in (DATASETS / case).glob("*.csv"))
    assert total < 5_000_000, f"the case CSVs weigh {total / 1e6:.1f} MB (limit 5 MB)"


def test_only_fictional_email_domains() -> None:
    pattern = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
    for case in CASES:
        for path in (DATASETS / case).glob("*.csv"):
            domains = set(pattern.findall(path.read_text(encoding="utf-8")))
            assert domains <= ALLOWED_EMAIL_DOMAINS, f"{path.name}: real-looking e-mail domains {domains}"


def test_readme_names_every_file_and_column() -> None:
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in text and "datasets/generate.py" in text and "simulated" in text.lower()
    for resource in descriptor()["resources"]:
        assert resource["path"] in text, resource["path"]
        for field in resource["schema"]["fields"]:
            assert f"`{field['name']}`" in text, f"README.md does not describe {resource['path']} {field['name']}"


# --- The Brighton Kiln ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kiln() -> dict[str, pd.DataFrame]:
    tables = {t: read("brighton_kiln", t) for t in ("products", "orders", "order_lines", "breakages",
                                                      "web_analytics", "monthly_costs")}
    orders = tables["orders"]
    orders["quarter"] = pd.PeriodIndex(orders["order_date"], freq="Q").astype(str)
    orders["month"] = orders["order_date"].str[:7]
    orders["year"] = orders["order_date"].str[:4]
    return tables


def test_kiln_web_matches_shop_by_late_2025(kiln: dict[str, pd.DataFrame]) -> None:
    revenue = kiln["orders"].pivot_table(index="quarter", columns="channel", values="items_gbp", aggfunc="sum")
    web, shop = revenue.loc["2025Q4", "web_shop"], revenue.loc["2025Q4", "shop"]
    assert abs(web / shop - 1) <= 0.15, f"Q4 2025: web £{web:,.0f} vs shop £{shop:,.0f}"
    assert revenue.loc["2024Q1", "web_shop"] < 0.3 * revenue.loc["2024Q1", "shop"], "the web shop starts small"


def test_kiln_web_share_rises(kiln: dict[str, pd.DataFrame]) -> None:
    by_year = kiln["orders"].pivot_table(index="year", columns="channel", values="items_gbp", aggfunc="sum")
    share = by_year["web_shop"] / by_year.sum(axis=1)
    assert share["2025"] > share["2024"] + 0.1, share.to_dict()


def test_kiln_december_peaks(kiln: dict[str, pd.DataFrame]) -> None:
    orders = kiln["orders"]
    for year in ("2024", "2025"):
        of_year = orders[orders["year"] == year]
        total = of_year.groupby("month")["items_gbp"].sum()
        web = of_year[of_year["channel"] == "web_shop"].groupby("month")["items_gbp"].sum()
        assert total.idxmax() == f"{year}-12", f"{year}: busiest month is {total.idxmax()}"
        assert web.idxmax() == f"{year}-12", f"{year}: busiest web month is {web.idxmax()}"


def test_kiln_breakage_falls_after_the_packaging_redesign(kiln: dict[str, pd.DataFrame]) -> None:
    orders, breakages = kiln["orders"], kiln["breakages"]
    shipped = orders[orders["service_id"].notna()]
    broken = set(breakages["order_id"])
    before = shipped[shipped["order_date"] < REDESIGN]
    after = shipped[shipped["order_date"] >= REDESIGN]
    rate_before = before["order_id"].isin(broken).mean() * 100
    rate_after = after["order_id"].isin(broken).mean() * 100
    assert 3 <= rate_before <= 5, f"{rate_before:.2f} % of parcels broke before the redesign"
    assert 0.5 <= rate_after <= 1.5, f"{rate_after:.2f} % of parcels broke after the redesign"
    assert set(before["packaging_id"]) == {"uk_single_wall_bubble"}
    assert (after["packaging_id"] == "uk_double_wall_inserts").mean() > 0.8
    assert set(breakages["order_id"]) <= set(shipped["order_id"])


def test_kiln_web_analytics_consistent_with_orders(kiln: dict[str, pd.DataFrame]) -> None:
    analytics, orders = kiln["web_analytics"], kiln["orders"]
    sources = ["sessions_organic", "sessions_social", "sessions_direct", "sessions_referral", "sessions_email"]
    assert (analytics[sources].sum(axis=1) == analytics["sessions_total"]).all()
    web_per_day = orders[orders["channel"] == "web_shop"].groupby("order_date").size()
    expected = analytics.set_index("date")["orders"]
    assert expected.sum() == len(orders[orders["channel"] == "web_shop"])
    assert (web_per_day.reindex(expected.index, fill_value=0) == expected).all()
    assert (analytics["add_to_cart_sessions"] >= analytics["orders"]).all()
    quarterly = analytics.assign(quarter=pd.PeriodIndex(analytics["date"], freq="Q")).groupby("quarter")[
        ["sessions_total", "add_to_cart_sessions", "orders"]].sum()
    conversion = quarterly["orders"] / quarterly["sessions_total"] * 100  # a month of a new shop is too noisy
    assert conversion.between(0.5, 5).all(), conversion[~conversion.between(0.5, 5)].to_dict()
    assert conversion.iloc[-1] > conversion.iloc[0], "the web shop converts better as it matures"
    abandonment = 1 - quarterly["orders"].sum() / quarterly["add_to_cart_sessions"].sum()
    assert 0.6 <= abandonment <= 0.8, f"cart abandonment {abandonment:.0%} (benchmark ≈ 70 %)"


def test_kiln_international_orders_are_few(kiln: dict[str, pd.DataFrame]) -> None:
    shipped = kiln["orders"][kiln["orders"]["service_id"].notna()]
    abroad = (shipped["customer_country"] != "GB").mean()
    assert 0.03 <= abroad <= 0.2, f"{abroad:.0%} of parcels go abroad"
    assert kiln["orders"].loc[kiln["orders"]["channel"] == "shop", "postage_charged_gbp"].eq(0).all()


def test_kiln_amounts_add_up(kiln: dict[str, pd.DataFrame]) -> None:
    orders, lines, costs = kiln["orders"], kiln["order_lines"], kiln["monthly_costs"]
    line_sum = lines.groupby("order_id")["line_total_gbp"].sum().round(2)
    assert (line_sum.reindex(orders["order_id"]).to_numpy() == orders["items_gbp"].round(2).to_numpy()).all()
    prices = kiln["products"].set_index("product_id")["price_gbp"]
    assert (lines["unit_price_gbp"] == lines["product_id"].map(prices)).all()
    assert ((orders["items_gbp"] + orders["postage_charged_gbp"]).round(2) == orders["total_paid_gbp"]).all()
    fees_by_month = orders.groupby("month")["fees_gbp"].sum().round(2)
    assert (costs.set_index("month")["fees_gbp"].round(2) == fees_by_month).all()


def test_kiln_postage_and_fees_come_from_the_simulators(kiln: dict[str, pd.DataFrame]) -> None:
    orders, lines = kiln["orders"], kiln["order_lines"]
    products = kiln["products"].set_index("product_id")
    shipped = orders[orders["service_id"].notna()]
    sample = pd.concat([shipped.sample(40, random_state=1), orders[orders["channel"] == "shop"].sample(5,
                                                                                                      random_state=1)])
    lines_of = lines.groupby("order_id")
    for order in sample.itertuples():
        breakdown = fees(order.channel_id, money(order.items_gbp), money(order.postage_charged_gbp))
        assert breakdown.total.amount == money(order.fees_gbp), order.order_id
        if order.channel == "shop":
            continue
        items = [shipping.item(int(p.weight_g), p.length_cm, p.width_cm, p.height_cm)
                 for line in lines_of.get_group(order.order_id).itertuples()
                 for p in [products.loc[line.product_id]] if p.category != "class" for _ in range(line.quantity)]
        box = shipping.pack(items, order.packaging_id)
        assert box.weight_g == Decimal(str(order.parcel_weight_g)), order.order_id
        quotes = {q.service.service_id: q for q in shipping.quote(box, "UK", order.customer_country)}
        assert order.service_id in quotes, f"{order.order_id}: {order.service_id} does not accept the parcel"
        assert quotes[order.service_id].price.amount == money(order.postage_cost_gbp), order.order_id
        assert shipping.get_packaging(order.packaging_id).cost.amount == money(order.packaging_cost_gbp)


# --- The Fabric Store Online ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fabric() -> dict[str, pd.DataFrame]:
    return {t: read("fabric_store", t) for t in ("products", "customers", "orders", "order_lines",
                                                 "instagram_posts", "instagram_followers", "newsletter_sends")}


def test_fabric_followers_grow_from_3k_to_25k(fabric: dict[str, pd.DataFrame]) -> None:
    followers = fabric["instagram_followers"]["followers"]
    assert len(followers) == 731
    assert 2_500 <= followers.iloc[0] <= 3_500 and 22_000 <= followers.iloc[-1] <= 28_000
    assert (followers.diff() < 0).mean() < 0.1, "followers should rise on most days"
    monthly_end = fabric["instagram_followers"].groupby(fabric["instagram_followers"]["date"].str[:7]).last()
    assert monthly_end["followers"].is_monotonic_increasing


def test_fabric_engagement_is_that_of_a_small_account(fabric: dict[str, pd.DataFrame]) -> None:
    posts = fabric["instagram_posts"]
    rate = (posts["likes"] + posts["comments"] + posts["saves"] + posts["shares"]) / posts["reach"] * 100
    assert rate.between(0.5, 12).all(), rate.describe().to_dict()
    by_year = rate.groupby(posts["posted_at"].str[:4]).mean()
    assert 2 <= by_year["2025"] < by_year["2024"] <= 6, by_year.to_dict()
    by_format = rate.groupby(posts["format"]).mean()
    assert by_format["carousel"] > by_format["reel"] and by_format["carousel"] > by_format["image"]
    reach = (posts["reach"] / posts["followers_at_post"]).groupby(posts["format"]).median()
    assert reach.idxmax() == "reel", "reels reach the most accounts"
    followers = fabric["instagram_followers"].set_index("date")["followers"]
    assert (posts["followers_at_post"] == posts["posted_at"].str[:10].map(followers)).all()


def test_fabric_repeat_customers_bring_most_2025_revenue(fabric: dict[str, pd.DataFrame]) -> None:
    orders = fabric["orders"]
    of_2025 = orders[orders["order_date"].str[:4] == "2025"]
    share = of_2025.loc[of_2025["customer_order_number"] > 1, "items_eur"].sum() / of_2025["items_eur"].sum()
    assert share >= 0.5, f"repeat customers bring {share:.0%} of 2025 revenue"


def test_fabric_customer_ids_are_stable(fabric: dict[str, pd.DataFrame]) -> None:
    orders = fabric["orders"].sort_values(["customer_id", "order_date", "customer_order_number"])
    numbers = orders.groupby("customer_id")["customer_order_number"]
    assert (numbers.min() == 1).all() and (numbers.max() == numbers.size()).all()
    first = orders.groupby("customer_id")["order_date"].min()
    customers = fabric["customers"].set_index("customer_id")
    assert (customers.loc[first.index, "first_order_date"] == first).all()
    assert set(customers.index) == set(first.index), "every customer has ordered"


def test_fabric_free_delivery_exactly_over_the_threshold(fabric: dict[str, pd.DataFrame]) -> None:
    threshold = float(reference.default("free_shipping_threshold_fr"))
    orders = fabric["orders"]
    parcels = orders[orders["delivery_method"] != "digital"]
    assert (parcels["free_delivery"] == (parcels["items_eur"] >= threshold)).all()
    assert (parcels.loc[parcels["free_delivery"], "postage_charged_eur"] == 0).all()
    assert (parcels.loc[~parcels["free_delivery"], "postage_charged_eur"] > 0).all()
    digital = orders[orders["delivery_method"] == "digital"]
    assert (~digital["free_delivery"]).all() and (digital["postage_cost_eur"] == 0).all()
    products = fabric["products"].set_index("product_id")
    lines = fabric["order_lines"]
    digital_only = lines.groupby("order_id")["product_id"].apply(lambda ids: products.loc[ids, "digital"].all())
    assert set(digital["order_id"]) == set(digital_only[digital_only].index)
    assert not products.loc[products["category"] == "fabric", "returnable"].any(), "cut to order: not returnable"


def test_fabric_postage_and_fees_come_from_the_simulators(fabric: dict[str, pd.DataFrame]) -> None:
    sys.path.insert(0, str(DATASETS))
    from generators.fabric_store import THICKNESS_CM_PER_HALF_METRE

    orders, lines = fabric["orders"], fabric["order_lines"]
    products = fabric["products"].set_index("product_id")
    lines_of = lines.groupby("order_id")
    for order in orders.sample(40, random_state=2).itertuples():
        breakdown = fees(order.channel_id, money(order.items_eur), money(order.postage_charged_eur))
        assert breakdown.total.amount == money(order.fees_eur), order.order_id
        if order.delivery_method == "digital":
            continue
        items = []
        for line in lines_of.get_group(order.order_id).itertuples():
            p = products.loc[line.product_id]
            if p.category == "fabric":
                thickness = Decimal(str(THICKNESS_CM_PER_HALF_METRE[p.fibre])) * line.quantity
                items.append(shipping.item(int(p.weight_g_per_unit) * line.quantity, 32, 24,
                                           max(Decimal("0.5"), thickness)))
            elif not p.digital:
                items.extend(shipping.item(int(p.weight_g_per_unit), 15, 10, 1.5) for _ in range(line.quantity))
        box = shipping.pack(items, order.packaging_id)
        assert box.weight_g == Decimal(str(order.parcel_weight_g)), order.order_id
        quotes = {q.service.service_id: q for q in shipping.quote(box, "FR", "FR")}
        assert quotes[order.delivery_method].price.amount == money(order.postage_cost_eur), order.order_id


def test_fabric_newsletter_is_plausible(fabric: dict[str, pd.DataFrame]) -> None:
    sends = fabric["newsletter_sends"]
    assert (sends["opens"] <= sends["recipients"]).all() and (sends["clicks"] <= sends["opens"]).all()
    open_rate = sends["opens"].sum() / sends["recipients"].sum()
    assert 0.25 <= open_rate <= 0.55
    assert sends["recipients"].iloc[-1] > 3 * sends["recipients"].iloc[0]


# --- the upholsterer -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upholsterer() -> dict[str, pd.DataFrame]:
    return {t: read("upholsterer", t) for t in ("quote_requests", "jobs", "reviews")}


def test_upholsterer_quotes_and_acceptance_are_plausible(upholsterer: dict[str, pd.DataFrame]) -> None:
    requests, jobs = upholsterer["quote_requests"], upholsterer["jobs"]
    assert 0.6 <= requests["quoted"].mean() <= 0.9
    answered = requests["accepted"].dropna().astype(bool)
    assert 0.3 <= answered.mean() <= 0.7, f"acceptance {answered.mean():.0%}"
    assert requests.loc[~requests["quoted"], "quote_eur"].isna().all()
    assert set(jobs["request_id"]) == set(requests.loc[requests["accepted"] == True, "request_id"])  # noqa: E712
    computed = (jobs["hours"] * jobs["hourly_rate_eur"] + jobs["materials_eur"]).round(2)
    assert (computed == jobs["price_eur"].round(2)).all(), "price = hours × rate + materials"
    quoted = requests.set_index("request_id")["quote_eur"]
    assert (jobs["request_id"].map(quoted).round(2) == jobs["price_eur"].round(2)).all()
    done = jobs.dropna(subset=["completed_date"])
    assert (done["completed_date"] >= done["start_date"]).all()
    assert (done["start_date"] > done["accepted_date"]).all()


def test_upholsterer_reviews_are_plausible(upholsterer: dict[str, pd.DataFrame]) -> None:
    reviews, jobs = upholsterer["reviews"], upholsterer["jobs"]
    assert reviews["rating"].between(1, 5).all()
    assert 4.2 <= reviews["rating"].mean() <= 4.9
    assert reviews["text"].nunique() >= 15
    completed = jobs.set_index("job_id")["completed_date"]
    assert (reviews["review_date"] > reviews["job_id"].map(completed)).all()
    by_year = reviews.groupby(reviews["review_date"].str[:4])["reply_time_days"]
    assert by_year.mean()["2025"] < by_year.mean()["2024"], "replies get faster in 2025"
