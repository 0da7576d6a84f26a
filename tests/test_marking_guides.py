"""Every amount and percentage that a marking guide (instructors/exNN_*.md) or an exercise's prose (the task texts
and the model answer of exercises/source/exNN_*/exNN_*.ipynb) quotes is either computed here from the package and
the tables, or an input the task itself gives. A table update that changes a figure fails here, naming the figure.

Each exercise has a builder: `computed` figures (from `atelier`, the reference tables and the case data) and `given`
figures (the task's own inputs, which must appear in the exercise's text). A figure quoted without decimals (£402,
€98) matches a computed figure rounded to whole units.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import nbformat
import pandas as pd
import pytest

from atelier import diagnostic, exercises, reference, shipping, tools
from atelier.analytics import brighton_kiln, upholsterer
from atelier.money import Money
from tests.conftest import ROOT

# £12.34, €3,629.11, USD 15, 450 euros, 3.8 %
MONEY = re.compile(r"(?<![\w.])(USD |[£€])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])|(?<![\w.,])(\d+(?:\.\d+)?) euros")
PERCENT = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?) %")
CURRENCY = {"£": "GBP", "€": "EUR", "USD ": "USD"}


@dataclass
class Figures:
    """What one exercise's guide and prose may quote: (currency, amount) and percentages."""

    money: dict[tuple[str, Decimal], str] = field(default_factory=dict)
    percent: dict[Decimal, str] = field(default_factory=dict)
    given_money: dict[tuple[str, Decimal], str] = field(default_factory=dict)
    given_percent: dict[Decimal, str] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)  # other figures (counts, days, stars), as the guide writes them

    def add(self, label: str, *values: Money | Decimal | int | float | str, currency: str | None = None) -> None:
        for value in values:
            if isinstance(value, Money):
                self.money[(value.currency, value.amount)] = label
            elif currency:
                self.money[(currency, Decimal(str(value)))] = label
            else:
                self.percent[Decimal(str(value))] = label

    def give(self, label: str, value: int | float | str, currency: str | None = None) -> None:
        if currency:
            self.given_money[(currency, Decimal(str(value)))] = label
        else:
            self.given_percent[Decimal(str(value))] = label


def units(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def matches(quoted: Decimal, decimals: bool, known: Decimal) -> bool:
    """An amount quoted with decimals must equal the computed one; without, its rounding to whole units (half up,
    or half to even as Python's format writes €188,786 for 188,786.50)."""
    if decimals:
        return quoted == known
    return quoted in {units(known), known.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)}


def quoted_money(text: str) -> list[tuple[str, str, Decimal, bool]]:
    """(as written, currency, amount, written with decimals) for every amount in the text."""
    found = []
    for m in MONEY.finditer(text):
        if m.group(4):
            found.append((m.group(0), "EUR", Decimal(m.group(4)), "." in m.group(4)))
        else:
            digits = m.group(2).replace(",", "") + (m.group(3) or "")
            found.append((m.group(0), CURRENCY[m.group(1)], Decimal(digits), bool(m.group(3))))
    return found


def quoted_percent(text: str) -> list[tuple[str, Decimal, bool]]:
    return [(m.group(0), Decimal(m.group(1)), "." in m.group(1)) for m in PERCENT.finditer(text)]


def guide(name: str) -> str:
    return (ROOT / "instructors" / f"{name}.md").read_text(encoding="utf-8")


def exercise_text(name: str) -> str:
    """The prose of the exercise: its markdown cells (task texts, marking criteria, model answer)."""
    notebook = nbformat.read(ROOT / "exercises" / "source" / name / f"{name}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def gbp(amount: str | float) -> Money:
    return Money.of(amount, "GBP")


# --- ex02 · the Brighton Kiln's sales (the pottery's simulated data) ------------------------------------------------
def amount_of(written: str) -> Decimal:
    """£94.32 → 94.32 (a figure of a case's narrative_figures)."""
    return Decimal(re.sub(r"[^\d.]", "", written))


def ex02() -> Figures:
    f = Figures()
    orders = exercises.read_case_table("brighton_kiln", "orders")
    of_2025 = orders[orders["order_date"].dt.year == 2025]
    goods = of_2025.groupby("channel")["items_gbp"].sum()
    web, everything = goods["web_shop"], of_2025["items_gbp"].sum()
    f.add("goods of 2025 per channel, and in all", *(Money.of(v, "GBP") for v in goods), Money.of(everything, "GBP"))
    f.add("mistake: the web shop's goods of both years",
          Money.of(orders.loc[orders["channel"] == "web_shop", "items_gbp"].sum(), "GBP"))
    share = web / everything * 100
    f.add("the web shop's share of 2025", round(float(share), 1), round(float(share)))
    f.phrases.append(f"{len(of_2025):,} orders in 2025; {(of_2025['channel'] == 'web_shop').sum()} on the web shop")
    f.phrases.append(f"the other way round ({round(float(everything / web * 100))})")  # a mistake's figure
    visits = exercises.read_case_table("brighton_kiln", "web_analytics")
    days = visits[visits["date"].dt.year == 2025]
    rate = days["orders"].sum() / days["sessions_total"].sum() * 100
    f.add("conversion of 2025", round(float(rate), 2), round(float(rate), 1))
    f.phrases.append(f"{days['orders'].sum()} orders ÷ {days['sessions_total'].sum():,} sessions")
    f.add("mistake: conversion of both years",
          round(float(visits["orders"].sum() / visits["sessions_total"].sum() * 100), 2))
    for metric in ("web_conversion_rate_avg", "web_conversion_rate_top20"):
        f.add(f"benchmark {metric}", Decimal(str(exercises.look_up(metric))))
    f.add("the benchmark's best 20 %", 20)
    f.add("a share is between 0 and 100 %", 100)
    narrative = brighton_kiln.narrative_figures()
    f.add("the web shop's share in 2024 and 2025 (lesson 02)", amount_of(narrative["web_share_first_year"]),
          amount_of(narrative["web_share_last_year"]))
    left = amount_of(narrative["web_left_per_100"])
    f.add("what a web sale leaves of £100 (lesson 02)", amount_of(narrative["per_amount"]), left,
          amount_of(narrative["per_amount"]) - left, currency="GBP")
    return f


# --- ex04 · shipping ------------------------------------------------------------------------------------------------
def ex04() -> Figures:
    f = Figures()
    products = exercises.read_case_table("brighton_kiln", "products").set_index("product_id")
    vase, mug = products.loc["vase-groyne"], products.loc["mug-tide"]
    f.add("price of the Groyne vase (products.csv)", vase["price_gbp"], currency="GBP")
    f.add("price of the Tide mug (products.csv)", mug["price_gbp"], currency="GBP")
    groyne = shipping.pack([shipping.item(vase["weight_g"], vase["length_cm"], vase["width_cm"], vase["height_cm"])],
                           "uk_double_wall_inserts")
    quotes = shipping.assess(groyne, "UK", "GB", declared_value=vase["price_gbp"])
    for quote in quotes:
        f.add(f"{quote.service.service_id}: price and cover for the vase", quote.compensation_limit,
              *([quote.price] if quote.price else []))
    accepted = [q for q in quotes if q.accepted]
    covering = next(q for q in accepted if q.value_covered)
    f.add("the cheapest service that covers the vase, minus the cheapest", covering.price - accepted[0].price)

    mug_item = shipping.item(mug["weight_g"], mug["length_cm"], mug["width_cm"], mug["height_cm"])
    single = shipping.pack([mug_item], "uk_single_wall_bubble")
    double = shipping.pack([mug_item], "uk_double_wall_inserts")
    f.add("the boxes' costs (packaging.csv)", single.packaging_cost, double.packaging_cost)

    def price(box: shipping.Parcel, service_id: str) -> Money:
        return next(q.price for q in shipping.assess(box, "UK", "GB") if q.service.service_id == service_id)

    small, medium = price(single, "royal_mail_tracked48_small"), price(double, "royal_mail_tracked48_medium")
    extra = medium - small
    f.add("the mug's postage, small and medium parcel, and the difference", small, medium, extra)
    remake = gbp("15.60")
    f.give("what a broken mug costs to make again (task 3)", "15.60", "GBP")
    f.add("what a broken mug costs to replace", remake + small)
    rates = brighton_kiln.packaging_breakage_pct()
    single_pct, double_pct = rates["uk_single_wall_bubble"], rates["uk_double_wall_inserts"]
    f.add("the case's breakage rates (packaging_breakage_pct)", single_pct, double_pct)
    costs = (single.packaging_cost, single_pct, double.packaging_cost, double_pct, remake, small)
    with_postage = shipping.compare_packaging(*costs, extra_postage=extra)
    f.add("task 3's comparison", with_postage.break_even_value, with_postage.cost_per_parcel_cheap,
          with_postage.cost_per_parcel_better, with_postage.saving_per_parcel, -with_postage.saving_per_parcel)
    f.add("lesson 04's break-even, without the postage", shipping.compare_packaging(*costs).break_even_value)
    f.add("mistake: the whole medium price as extra postage",
          shipping.compare_packaging(*costs, extra_postage=medium).break_even_value)
    rounded = shipping.compare_packaging(single.packaging_cost, 4, double.packaging_cost, 1, remake, small,
                                         extra_postage=extra)
    assert rounded.break_even_value == with_postage.break_even_value  # what the guide says of 4 and 1
    f.add("lesson 04's rounded rates 4 and 1", rounded.cost_per_parcel_cheap, rounded.cost_per_parcel_better)
    evri_single, evri_double = price(single, "evri_dropoff"), price(double, "evri_dropoff")
    f.add("the Evri variant", evri_single, evri_double, evri_double - evri_single, evri_double - small,
          shipping.compare_packaging(*costs[:5], evri_single, extra_postage=evri_double - evri_single).break_even_value)
    f.give("task 4's margins", 40)
    f.give("task 4's margin to keep", 30)
    f.add("the margin left for the postage", 10)
    f.add("task 4's threshold", shipping.free_delivery_threshold(medium, 40, 30))
    f.add("mistake: 0.40 and 0.30", shipping.free_delivery_threshold(medium, Decimal("0.40"), Decimal("0.30")))
    orders = exercises.read_case_table("brighton_kiln", "orders")
    year = pd.to_datetime(orders["order_date"]).dt.year
    for label, frame in (("2025", orders[year == 2025]), ("both years", orders)):
        means = frame.groupby("service_id")["postage_cost_gbp"].mean()
        for service, mean in means.items():
            f.add(f"mean postage {service}, {label}", Decimal(str(round(float(mean), 2))), currency="GBP")
    volumetric_kg = shipping.volumetric_weight_kg(groyne.length_cm, groyne.width_cm, groyne.height_cm)
    f.phrases += [f"volumetric weight **{volumetric_kg:.2f} kg**",
                  f"{groyne.weight_g / 1000:.2f} kg, {groyne.packaging_cost}"]
    return f


# --- ex07 · tools -----------------------------------------------------------------------------------------------------
def ex07() -> Figures:
    f = Figures()
    stack = tools.stack(["folksy_plus_uk", "xero_ignite_uk", "mailerlite_free", "canva_pro"], "GBP")
    f.add("Priya's total a month and a year", stack.monthly, stack.yearly)
    for line in stack.lines:
        f.add(f"{line.tool.tool_id} a month and a year", line.monthly, line.yearly)
        if line.tool.monthly_cost.currency != "GBP":
            f.add(f"{line.tool.tool_id} in its own currency", line.tool.monthly_cost)
    f.give("the stand", 450, "EUR")
    f.add("the stand's share", tools.shared_cost(450, 6, "EUR").per_artisan)
    shop = tools.tool_yearly_cost("shopify_basic_fr", "EUR")
    f.add("Shopify Basic France a month, a year, a share", tools.monthly_cost("shopify_basic_fr", "EUR")[0], shop,
          tools.shared_cost(shop, 4, "EUR").per_artisan)
    f.add("the hidden checks' tolerances", gbp("0.50"), Money.of("0.05", "EUR"))
    table = pd.read_csv(reference.reference_dir() / "digital_tools.csv")
    f.phrases.append(f"`number_free = {int(table['free_tier'].sum())}` (of {len(table)} tools)")
    return f


# --- ex08 · action plan -------------------------------------------------------------------------------------------
CAMILLE = dict(channel="etsy_fr", making_cost_pct=45, tools=["henrri_fr", "mailerlite_free", "canva_pro"],
               tax_status="fr_micro_franchise")


def camille_answers(source: str) -> dict[str, int]:
    """Camille's 17 answers as the source notebook's setup and model answer give them."""
    scope: dict[str, object] = {}
    setup = re.search(r"camille_known = \{.*?\n\}", source, re.S)
    four = re.search(r"camille_four = \{.*?\}", source)
    assert setup and four, "the exercise no longer defines camille_known and camille_four"
    exec(setup.group(0) + "\n" + four.group(0), {}, scope)  # the course's own source notebook
    return {**scope["camille_known"], **scope["camille_four"]}  # type: ignore[dict-item]


def ex08() -> Figures:
    f = Figures()
    source = (ROOT / "exercises/source/ex08_action_plan/ex08_action_plan.ipynb").read_text(encoding="utf-8")
    notebook = nbformat.reads(source, as_version=4)
    result = diagnostic.score(camille_answers("\n".join(c.source for c in notebook.cells if c.cell_type == "code")))
    f.add("Camille's scores", *(units(Decimal(s)) for s in result.scores.values()), units(Decimal(result.overall)))
    f.add("a score of every answer 3", 100)
    f.give("average order", 38, "EUR")
    f.give("growth a month", 5)
    f.give("making cost", 45)
    grown = diagnostic.projection(6, 38, 5, **CAMILLE)
    flat = diagnostic.projection(6, 38, 0, **CAMILLE)
    f.add("no growth", 0)
    first, last = grown.months[0], grown.months[11]
    f.add("month 1", first.revenue, first.margin)
    f.add("month 12", last.revenue, last.fees, last.contributions, last.tools, last.making, last.margin)
    f.add("12 months", grown.total("revenue"), grown.total("margin"))
    f.add("no growth: a month and a year", flat.months[0].margin, flat.total("margin"))
    f.add("Canva Pro in dollars", tools.get_tool("canva_pro", "EUR").monthly_cost)
    rates = _tax_rates()
    for rule_id in ("fr_micro_social_goods_rate", "fr_micro_training_artisan_rate", "fr_micro_chamber_goods_rate"):
        f.add(rule_id, rates[rule_id])
    expected = last.revenue.amount * sum(rates.values()) / 100
    assert abs(last.contributions.amount - expected) < Decimal("0.01"), "contributions are not the guide's three rates"
    f.add("the hidden check's tolerance", Money.of("0.50", "EUR"))
    f.phrases.append(f"({last.orders:.1f} in month 12)")
    return f


def _tax_rates() -> dict[str, Decimal]:
    table = pd.read_csv(reference.reference_dir() / "tax_rules.csv", dtype=str).set_index("rule_id")
    ids = ("fr_micro_social_goods_rate", "fr_micro_training_artisan_rate", "fr_micro_chamber_goods_rate")
    return {rule_id: Decimal(table.loc[rule_id, "value"]) for rule_id in ids}


# --- ex05 · fabric store (the shop's simulated data) -------------------------------------------------------------
def ex05() -> Figures:
    f = Figures()
    posts = exercises.read_case_table("fabric_store", "instagram_posts").sort_values("posted_at")
    reactions = posts["likes"] + posts["comments"] + posts["saves"] + posts["shares"]
    posts["rate"] = reactions / posts["reach"] * 100
    by_format = posts.groupby("format")["rate"].mean()
    carousel = by_format["carousel"]
    f.add("the carousels' rate, to two decimals and one", round(carousel, 2), round(carousel, 1))
    assert by_format[["reel", "image"]].max() < 3 < carousel  # "under 3 % for reels and single images"
    f.add("the bound the model answer quotes for reels and images", 3)
    f.add("the best rate of reels and single images", round(by_format[["reel", "image"]].max(), 1))
    f.add("the check's bound for a rate", 100)
    f.add("mistake: no brackets round the sum", round(float(
        (posts["likes"] + posts["comments"] + posts["saves"] + posts["shares"] / posts["reach"] * 100).max())))
    carousels = posts[posts["format"] == "carousel"]
    f.add("mistake: divided by followers", round(float(
        ((carousels["likes"] + carousels["comments"] + carousels["saves"] + carousels["shares"])
         / carousels["followers_at_post"] * 100).mean()), 1))
    yearly = posts.groupby(posts["posted_at"].dt.year)["rate"].mean()
    f.add("rate per post, 2024 and 2025", *(round(v, 1) for v in yearly))
    followers = exercises.read_case_table("fabric_store", "instagram_followers").iloc[:, 1]
    f.phrases += [f"{len(carousels)} carousels", f"from {followers.iloc[0]:,} to {followers.iloc[-1]:,}"]
    orders = exercises.read_case_table("fabric_store", "orders")
    of_2025 = orders[orders["order_date"].dt.year == 2025]
    repeat = of_2025[of_2025["customer_order_number"] > 1]
    f.add("revenue of 2025, of its repeat orders, their share", Money.of(repeat["items_eur"].sum(), "EUR"),
          Money.of(of_2025["items_eur"].sum(), "EUR"))
    f.add("repeat share of the revenue", round(float(repeat["items_eur"].sum() / of_2025["items_eur"].sum() * 100), 1))
    f.add("mistake: share of the orders", round(len(repeat) / len(of_2025) * 100, 1))
    paid, charged = of_2025["postage_cost_eur"].sum(), of_2025["postage_charged_eur"].sum()
    f.add("postage of 2025: paid, charged, the gap", Money.of(paid, "EUR"), Money.of(charged, "EUR"),
          Money.of(paid - charged, "EUR"), Money.of(charged - paid, "EUR"))
    return f


# --- ex06 · credibility (the upholsterer's simulated data) ----------------------------------------------------------
def ex06() -> Figures:
    f = Figures()
    requests = exercises.read_case_table("upholsterer", "quote_requests")
    answered = requests[requests["accepted"].notna()]
    shares = answered.groupby("channel")["accepted"].mean().astype(float) * 100
    f.add("acceptance by channel, to one decimal and whole", *(round(s, 1) for s in shares),
          *(round(s) for s in shares[["business_profile", "instagram_message"]]))
    f.add("the guide's example of a share of yeses (3 of 4)", Decimal(3) / 4 * 100)
    f.phrases.append(f"{len(answered)} answered quotes")
    yearly = upholsterer.yearly_reviews(upholsterer.load_reviews())
    f.add("share of reviews answered, 2024 and 2025", *(round(v) for v in yearly["replied_pct"]))
    this, last = yearly.loc[2025], yearly.loc[2024]
    f.phrases += [f"{int(this['reviews'])} reviews", f"**{this['average_rating']:.1f} stars**",
                  f"**{this['reply_days']:.2f} days**", f"{this['reply_days']:.1f} days",
                  f"after {last['reply_days']:.1f} days ({round(last['replied_pct'])} % answered)"]
    hours = upholsterer.hours_summary(upholsterer.load_jobs())
    f.phrases += [f"{hours['jobs']} finished jobs: {hours['hours_spent']:,.0f} h − {hours['hours_quoted']:,.0f} h = "
                  f"**{hours['extra_hours']:.0f} hours**", f"{hours['extra_hours']:.0f} hours more than quoted"]
    f.add("the extra hours at the quotes' rates", Money.of(hours["extra_value_eur"], "EUR"))
    return f


BUILDERS: dict[str, Callable[[], Figures]] = {
    "ex02_brighton_kiln": ex02,
    "ex04_shipping": ex04,
    "ex05_fabric_store": ex05,
    "ex06_credibility": ex06,
    "ex07_tools_collaboration": ex07,
    "ex08_action_plan": ex08,
}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def exercise(request: pytest.FixtureRequest) -> tuple[str, Figures]:
    return request.param, BUILDERS[request.param]()


def test_every_amount_quoted_is_computed_or_given(exercise: tuple[str, Figures]) -> None:
    name, figures = exercise
    known = {**figures.money, **figures.given_money}
    wrong = []
    for where, text in ((f"instructors/{name}.md", guide(name)), (f"exercises/source/{name}", exercise_text(name))):
        for written, currency, amount, decimals in quoted_money(text):
            if not any(c == currency and matches(amount, decimals, value) for c, value in known):
                wrong.append(f"{where}: {written}")
    assert not wrong, ("these amounts match no figure of the package nor an input of the task (a table changed? "
                       "recompute them): " + "; ".join(wrong))


def test_every_percentage_quoted_is_computed_or_given(exercise: tuple[str, Figures]) -> None:
    name, figures = exercise
    known = {**figures.percent, **figures.given_percent}
    wrong = []
    for where, text in ((f"instructors/{name}.md", guide(name)), (f"exercises/source/{name}", exercise_text(name))):
        for written, value, _ in quoted_percent(text):
            if value not in known:
                wrong.append(f"{where}: {written}")
    assert not wrong, "these percentages match no figure of the package nor an input of the task: " + "; ".join(wrong)


def test_the_inputs_a_guide_relies_on_are_the_tasks_own(exercise: tuple[str, Figures]) -> None:
    name, figures = exercise
    text = exercise_text(name)
    written = {(c, a) for _, c, a, _ in quoted_money(text)}
    percents = {v for _, v, _ in quoted_percent(text)}
    missing = [label for key, label in figures.given_money.items() if key not in written]
    missing += [label for value, label in figures.given_percent.items() if value not in percents]
    assert not missing, f"{name}: the task no longer gives {missing}"


def test_the_other_figures_are_as_computed(exercise: tuple[str, Figures]) -> None:
    name, figures = exercise
    missing = [phrase for phrase in figures.phrases if phrase not in guide(name)]
    assert not missing, f"instructors/{name}.md should say (a table changed? update it): {missing}"


@pytest.mark.parametrize("text, expected", [
    ("£402 a year, £33.50 a month, €3,629.11 and 450 euros; USD 15 × 0.75",
     [("£402", "GBP", Decimal("402"), False), ("£33.50", "GBP", Decimal("33.50"), True),
      ("€3,629.11", "EUR", Decimal("3629.11"), True), ("450 euros", "EUR", Decimal("450"), False),
      ("USD 15", "USD", Decimal("15"), False)]),
    ("(£6.19 − £3.75 = £2.44), not 6.19", [("£6.19", "GBP", Decimal("6.19"), True),
                                         ("£3.75", "GBP", Decimal("3.75"), True),
                                         ("£2.44", "GBP", Decimal("2.44"), True)]),
])
def test_amounts_are_read_as_written(text: str, expected: list) -> None:
    assert quoted_money(text) == expected


def test_a_stale_figure_is_caught() -> None:
    """The figures issue 12 replaced no longer pass: Folksy Plus £90 a year, the margin €99.09."""
    for name, stale in (("ex07_tools_collaboration", "Folksy Plus £90 a year, £417 a year"),
                        ("ex08_action_plan", "a margin of €99.09, €887 over the year"),
                        ("ex04_shipping", "about 4 % in single-wall boxes, £1.97 a parcel")):
        figures = BUILDERS[name]()
        known = {**figures.money, **figures.given_money}
        money = [w for w, c, a, d in quoted_money(stale) if not any(k == c and matches(a, d, v) for k, v in known)]
        percent = [w for w, v, _ in quoted_percent(stale) if v not in {**figures.percent, **figures.given_percent}]
        assert money + percent, f"{name}: {stale!r} passed"
